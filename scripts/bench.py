"""Benchmark: build synthetic corpora of 50, 200 and 500 documents and time each build.

Documents are made from paragraphs of the seeds (a seed's letterhead and closing around a
random selection of body paragraphs, with varied numbers), so the text is realistic and the
corpus can be any size. For each size: a cold build (no caches; for the seeds the median of
three), a warm build (nothing changed), and a build after one number in one document changed. HTML only (the PDF of 500 documents is
not a use case); the seeds are also timed with the PDF. Prints a Markdown table.

    python scripts/bench.py [--sizes 50 200 500] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def synthetic_corpus(folder: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    body = [para for t in texts for para in re.split(r"\n\s*\n", t) if len(para) > 60]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        paras = rng.sample(body, k=min(len(body), rng.randint(8, 25)))
        paras = [re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)), p) for p in paras]
        text = (
            f"某市卫生健康局\n\n某卫函〔{2015 + i % 10}〕{i + 1}号\n\n"
            f"关于第{2024000 + i}号建议答复的函（样本{i:04d}）\n\n张{i}代表：\n\n"
            + "\n\n".join(f"{'一二三四五六七八九十'[k % 10]}、{p}" if k % 4 == 0 else p for k, p in enumerate(paras))
            + f"\n\n某市卫生健康局\n\n{2015 + i % 10}年{1 + i % 12}月{1 + i % 28}日\n"
        )
        (folder / f"doc_{i:04d}.txt").write_text(text, encoding="utf-8")


def run(args: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB, the largest process of the build) and what was recomputed
    ("analyses/notebooks", from the build's closing summary) of one build."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "policyreport", "build", "-q", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - t0
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    m = re.search(r"computed: (\d+) analyses, (\d+) notebooks", proc.stderr)
    return seconds, peak // 1024, f"{m.group(1)}/{m.group(2)}" if m else "0/0"


def edit_one_figure(corpus: Path) -> None:
    """The edit an analyst makes most: one number in one document corrected (the first number
    of the document that comes first, plus one). It changes that document's figures and the
    corpus tables, not the vocabulary; an edit that changes which documents contain a term also
    changes other documents' TF-IDF key terms, so their chapters re-run too."""
    doc = sorted(corpus.glob("*.txt"))[0]
    text = doc.read_text(encoding="utf-8")
    m = re.search(r"\d+(?=[张家个名项人亿万%])", text)
    doc.write_text(text[: m.start()] + str(int(m.group()) + 1) + text[m.end() :], encoding="utf-8")


def bench(corpus: Path, out: Path, pdf: bool, repeat: int = 1) -> dict:
    """Cold (median of `repeat` runs), warm and one-edit builds of one corpus."""
    args = ["--corpus", str(corpus), "--output", str(out)] + ([] if pdf else ["--no-pdf"])
    colds = [run(args + ["--force"]) for _ in range(repeat)]
    cold, rss = statistics.median(c[0] for c in colds), max(c[1] for c in colds)
    warm, _, _ = run(args)
    edit_one_figure(corpus)
    changed, rss2, rerun = run(args)
    return {"cold": cold, "colds": [c[0] for c in colds], "warm": warm, "changed": changed, "rerun": rerun, "rss": max(rss, rss2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 500])
    ap.add_argument("--keep", type=Path, help="keep the corpora and builds in this folder")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="policyreport-bench-"))
    rows = []
    seeds = work / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, dirs_exist_ok=True)
    rows.append(("5 (seeds, HTML+PDF)", bench(seeds, work / "out-seeds", pdf=True, repeat=3)))
    print(f"seeds: {rows[-1][1]}", file=sys.stderr, flush=True)
    for n in a.sizes:
        corpus = work / f"corpus-{n}"
        shutil.rmtree(corpus, ignore_errors=True)
        synthetic_corpus(corpus, n)
        rows.append((f"{n} (HTML)", bench(corpus, work / f"out-{n}", pdf=False)))
        print(f"{n}: {rows[-1][1]}", file=sys.stderr, flush=True)
    print("| documents | cold (s) | warm (s) | one changed (s) | re-run after the change (analyses/notebooks) | peak RSS (MB) |")
    print("|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['cold']:.1f} | {r['warm']:.1f} | {r['changed']:.1f} | {r['rerun']} | {r['rss']} |")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
