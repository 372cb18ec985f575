"""Benchmark: real-text corpora of 1,000 and 5,000 documents, a 10,000-document analysis, a 10 MB document.

Documents are made from the real texts in the repository (the seeds, tests/corpus-dev and the
fixtures: replies, notices, 批复, 令, plans, of many levels and decades): document i keeps the
head and the end of real text i mod N (title, 文号, addressee, signature, date) and a random
selection of its body paragraphs with varied numbers, under its own 份号 (copy number), so the
corpus is varied, not one paragraph repeated. For each size: a cold build (no caches), a warm build (nothing changed)
and a build after one number in one document changed, with the time of each stage, Sphinx's
pages per second and the peak memory. HTML only above the seeds; the seeds are also timed with
the PDF. Prints Markdown tables.

    python scripts/bench.py [--sizes 1000 5000] [--analysis 10000] [--huge-mb 10] [--keep DIR] [--no-seeds]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "seeds", ROOT / "tests" / "corpus-dev" / "docs", ROOT / "tests" / "fixtures" / "docs"]


def real_texts() -> list[str]:
    from policyreport.ingest.corpus import read_corpus

    texts = []
    for folder in SOURCES:
        if folder.is_dir():
            docs, _ = read_corpus(folder, "*.txt")
            texts += [d.text for d in docs]
    return texts


def real_corpus(folder: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    texts = [re.split(r"\n\s*\n", t.strip()) for t in real_texts()]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        paras = texts[i % len(texts)]
        head, body, tail = paras[:3], paras[3:-2], paras[-2:]
        keep = sorted(rng.sample(range(len(body)), k=max(1, int(len(body) * rng.uniform(0.6, 1.0))))) if body else []
        body = [re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)), body[k]) for k in keep]
        copy_number = f"{i + 1:06d}"  # the 份号 of GB/T 9704: no two documents are byte-identical
        (folder / f"doc_{i:05d}.txt").write_text("\n\n".join([copy_number, *head, *body, *tail]) + "\n", encoding="utf-8")


def huge_document(folder: Path, megabytes: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    texts = real_texts()
    parts, size, i = [], 0, 0
    while size < megabytes * 1_000_000:
        parts.append(texts[i % len(texts)].strip())
        size += len(parts[-1].encode("utf-8"))
        i += 1
    (folder / "huge.txt").write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def run(args: list[str]) -> dict:
    """Wall seconds, peak RSS (MB, the largest process of the build), stage times and what was
    recomputed, from the build's closing summary."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "policyreport", "build", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    seconds = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(f"build failed: {proc.stderr.strip().splitlines()[-3:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    summary = next((ln for ln in proc.stderr.splitlines() if ln.startswith("report ")), "")
    stages = {k.strip().split(" ")[0]: float(v) for k, v in re.findall(r"([^,(]+?) ([\d.]+)s", summary.split("(", 1)[-1])}
    m = re.search(r"computed: (\d+) analyses, (\d+) notebooks", proc.stderr)
    return {"seconds": seconds, "rss": peak // 1024, "stages": stages, "rerun": f"{m.group(1)}/{m.group(2)}" if m else "0/0"}


def edit_one_figure(corpus: Path) -> None:
    """One number in one document corrected (the first number of the first document, plus one)."""
    doc = sorted(corpus.glob("*.txt"))[0]
    text = doc.read_text(encoding="utf-8")
    m = re.search(r"\d+", text[200:])
    start = 200 + m.start()
    doc.write_text(text[:start] + str(int(m.group()) + 1) + text[200 + m.end() :], encoding="utf-8")


def bench(corpus: Path, out: Path, pdf: bool, repeat: int = 1, edit: bool = True) -> dict:
    args = ["--corpus", str(corpus), "--output", str(out)] + ([] if pdf else ["--no-pdf"])
    colds = [run(args + ["--force"]) for _ in range(repeat)]
    cold = sorted(colds, key=lambda c: c["seconds"])[len(colds) // 2]
    pages = sum(1 for _ in (out / "html").rglob("*.html"))
    row = {"cold": cold, "colds": [c["seconds"] for c in colds], "pages": pages, "warm": run(args)}
    if edit:
        edit_one_figure(corpus)
        row["changed"] = run(args)
    return row


def analysis_only(corpus: Path) -> dict:
    """The analysis stage alone (per-document analyses in parallel, then the corpus tables)."""
    from policyreport.execute.analyse import analyse
    from policyreport.ingest.corpus import read_corpus
    from policyreport.params import load_params
    from policyreport.runtime.cache import Cache
    from policyreport.runtime.progress import BuildResult, Progress

    params = load_params(ROOT / "params.yaml", corpus=corpus)
    t0 = time.perf_counter()
    docs, _ = read_corpus(corpus, "*.txt")
    analyse(docs, params, "bench", Cache(corpus.parent / "nocache", enabled=False), Progress(quiet=True), BuildResult(), None)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "per_doc": seconds / len(docs), "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    ap.add_argument("--analysis", type=int, default=10000, help="documents of the analysis-only run (0: none)")
    ap.add_argument("--huge-mb", type=int, default=10, help="size of the single huge document (0: none)")
    ap.add_argument("--no-seeds", action="store_true")
    ap.add_argument("--keep", type=Path, help="keep the corpora and builds in this folder")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="policyreport-bench-"))
    rows = []
    if not a.no_seeds:
        seeds = work / "seeds"
        shutil.copytree(ROOT / "seeds", seeds, dirs_exist_ok=True)
        rows.append(("5 (seeds, HTML+PDF)", bench(seeds, work / "out-seeds", pdf=True, repeat=3)))
        print(f"seeds: {rows[-1][1]}", file=sys.stderr, flush=True)
    for n in a.sizes:
        corpus = work / f"corpus-{n}"
        shutil.rmtree(corpus, ignore_errors=True)
        real_corpus(corpus, n)
        rows.append((f"{n} (HTML)", bench(corpus, work / f"out-{n}", pdf=False)))
        print(f"{n}: {rows[-1][1]}", file=sys.stderr, flush=True)
    if a.huge_mb:
        corpus = work / "huge"
        huge_document(corpus, a.huge_mb)
        rows.append((f"1 of {a.huge_mb} MB (HTML)", bench(corpus, work / "out-huge", pdf=False, edit=False)))
        print(f"huge: {rows[-1][1]}", file=sys.stderr, flush=True)
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}\n")
    print(
        "| documents | cold (s) | analysis | notebooks/pages | HTML | Sphinx pages/s | warm (s) | one changed (s) | re-run | peak RSS (MB) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        st = r["cold"]["stages"]
        html = st.get("HTML", 0.0)
        changed = r.get("changed", {})
        print(
            f"| {name} | {r['cold']['seconds']:.1f} | {st.get('分析', 0):.1f} | {st.get('执行笔记本', 0):.1f} | {html:.1f} | "
            f"{r['pages'] / html if html else 0:.1f} | {r['warm']['seconds']:.1f} | "
            f"{changed.get('seconds', float('nan')):.1f} | {changed.get('rerun', '—')} | "
            f"{max(r['cold']['rss'], changed.get('rss', 0))} |"
        )
    if a.analysis:
        corpus = work / f"analysis-{a.analysis}"
        real_corpus(corpus, a.analysis)
        r = analysis_only(corpus)
        print(
            f"\nanalysis only, {a.analysis} documents: {r['seconds']:.0f} s ({r['per_doc']:.3f} s per document), "
            f"peak RSS of the parent {r['rss']} MB"
        )
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
