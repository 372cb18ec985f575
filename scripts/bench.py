"""Benchmark: real-text corpora of 1,000 and 5,000 documents, a 10,000-document analysis, a 10 MB
document, and a 5,000-row crawled table against the same documents as text files.

Documents are made from the real texts in the repository (the seeds, tests/corpus-dev and the
fixtures: replies, notices, 批复, 令, plans, of many levels and decades): document i keeps the
head and the end of real text i mod N (title, 文号, addressee, signature, date) and a random
selection of its body paragraphs with varied numbers, under its own 份号 (copy number), so the
corpus is varied, not one paragraph repeated. For each size: a cold build (no caches), a warm build (nothing changed)
and a build after one number in one document changed, with the time of each stage, Sphinx's
pages per second and the peak memory. HTML only above the seeds. Prints Markdown tables.

The seeds (`--seeds-rounds N`, HTML + PDF): N interleaved rounds of ours (cold, warm, one sentence
added, the title changed, a context keyword added) and a naive Jupyter Book 1 pipeline built from
the same corpus (`naive_jb1`: papermill per notebook, `jb build`, xelatex), cold and after the same
sentence, alternating which goes first; wall and CPU seconds (user + system of every process a
build started), so that "faster than the naive pipeline" can be checked on the same machine and load.
Each round also times ours with `build --warm` (`--no-warm-process`: not), in the warm build
process started before the rounds (its CPU time is that process's, not counted here).

The crawl (`--crawl N`): the N documents of the real-text corpus written once as N `.txt` files
and once as the rows of one CSV (columns 索引号 with varied ids, 标题, 发布机构, 发布日期, url,
正文 = the file's text), as a crawl delivers them. Measured for each: reading (the folder of files,
or the one table parsed into N documents with their publication records) and the analysis stage
(every document analysed in parallel processes, then the corpus tables), without caches, notebooks
or Sphinx; the time per document and the crawl's ratio to the files.

Dask (`--dask N`): the analysis stage of N real-text documents on a Dask LocalCluster of 1, 2 and 4
worker processes (one thread each, each cluster warmed up first), with the speed-up over one worker.

    python scripts/bench.py [--sizes 1000 5000] [--analysis 10000] [--huge-mb 10] [--crawl 5000] [--dask N] [--keep DIR]
                            [--no-seeds | --seeds-rounds 3]
    python scripts/bench.py --sizes --analysis 0 --huge-mb 0 --crawl 0 --no-pdf-read   # the seeds rounds alone
    python scripts/bench.py --no-seeds --sizes --analysis 0 --huge-mb 0 --crawl 200   # the crawl alone, small
    python scripts/bench.py --no-seeds --sizes --analysis 0 --huge-mb 0 --crawl 0 --no-pdf-read --dask 300
"""

from __future__ import annotations

import argparse
import csv
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


def _cpu() -> float:
    """User + system seconds of this process's finished children (and theirs: workers, kernels,
    Sphinx, xelatex, each waited for by its parent)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run(args: list[str]) -> dict:
    """Wall and CPU seconds, peak RSS (MB, the largest process of the build), stage times and what
    was recomputed, from the build's closing summary."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cpu, t0 = _cpu(), time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "policyreport", "build", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    seconds, cpu = time.perf_counter() - t0, _cpu() - cpu
    if proc.returncode:
        sys.exit(f"build failed: {proc.stderr.strip().splitlines()[-3:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    summary = next((ln for ln in proc.stderr.splitlines() if ln.startswith("report ")), "")
    stages = {k.strip().split(" ")[0]: float(v) for k, v in re.findall(r"([^,(]+?) ([\d.]+)s", summary.split("(", 1)[-1])}
    m = re.search(r"computed: (\d+) analyses, (\d+) notebooks", proc.stderr)
    rerun = f"{m.group(1)}/{m.group(2)}" if m else "0/0"
    return {"seconds": seconds, "cpu": cpu, "rss": peak // 1024, "stages": stages, "rerun": rerun}


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


# The naive Jupyter Book 1 pipeline the report is compared with (issue 23): one notebook per
# document (its text read, cut by jieba, its 15 most frequent words as a table and a bar chart) and
# one corpus notebook (every document's length and the corpus's top words, a table and two charts),
# each run by papermill's command line on a kernel of its own, then `jb build` for the HTML and the
# LaTeX (without jupyterbook-latex, whose class needs bbm.sty, as in our build), typeset by latexmk (`jb build --builder pdflatex`) or, without latexmk, three xelatex passes.
NAIVE_SETUP = (
    "import collections, glob, os\nimport jieba, pandas as pd, matplotlib.pyplot as plt\n"
    'plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]\n'
    'plt.rcParams["axes.unicode_minus"] = False\n'
    "def words(text):\n    return [w for w in jieba.lcut(text) if len(w) >= 2 and w.strip()]\n"
)
NAIVE_DOCUMENT = [
    ("code", 'path = ""', ["parameters"]),
    ("code", NAIVE_SETUP, []),
    (
        "code",
        'text = open(path, encoding="utf-8").read()\nw = words(text)\n'
        'print(f"{len(text)} 字，{len(w)} 词")\ntop = pd.DataFrame(collections.Counter(w).most_common(15), columns=["词语", "次数"])\ntop',
        [],
    ),
    (
        "code",
        'fig, ax = plt.subplots(figsize=(6, 4))\nax.barh(top["词语"][::-1], top["次数"][::-1])\nax.set_title("高频词")\nplt.show()',
        [],
    ),
]
NAIVE_CORPUS = [
    ("code", 'folder = ""', ["parameters"]),
    ("code", NAIVE_SETUP, []),
    (
        "code",
        'texts = {os.path.basename(p): open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(folder, "*.txt")))}\n'
        "counts = {name: collections.Counter(words(t)) for name, t in texts.items()}\n"
        "total = sum(counts.values(), collections.Counter())\nterms = [t for t, _ in total.most_common(20)]\n"
        "table = pd.DataFrame({name: [c[t] for t in terms] for name, c in counts.items()}, index=terms)\ntable",
        [],
    ),
    (
        "code",
        "fig, ax = plt.subplots(figsize=(7, 3))\nax.bar(range(len(texts)), [len(t) for t in texts.values()])\n"
        'ax.set_title("文件长度（字）")\nplt.show()\nfig, ax = plt.subplots(figsize=(7, 6))\n'
        "ax.imshow(table.values, aspect='auto')\nax.set_yticks(range(len(terms)), terms)\nax.set_title(\"高频词 × 文件\")\nplt.show()",
        [],
    ),
]


def _naive_notebook(title: str, cells: list) -> dict:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}")] + [
        nbformat.v4.new_code_cell(src, metadata={"tags": tags}) for _, src, tags in cells
    ]
    return nb


def naive_jb1(corpus: Path, book: Path, fresh: bool = True) -> dict:
    """The naive pipeline over `corpus` into `book` (made afresh when `fresh`, else run again in
    it, as after an edit): wall and CPU seconds, in all and by step (papermill, HTML, PDF)."""
    import nbformat

    if fresh:
        shutil.rmtree(book, ignore_errors=True)
    (book / "src").mkdir(parents=True, exist_ok=True)
    (book / "intro.md").write_text("# 朴素 Jupyter Book 1 报告\n\n每个文件一章，外加语料一章。\n", encoding="utf-8")
    docs = sorted(corpus.glob("*.txt"))
    runs = [(book / "src" / "corpus.ipynb", book / "corpus.ipynb", ["-p", "folder", str(corpus)], "语料")]
    runs += [(book / "src" / f"{d.stem}.ipynb", book / f"{d.stem}.ipynb", ["-p", "path", str(d)], d.stem) for d in docs]
    for src, _, _, title in runs:
        nbformat.write(_naive_notebook(title, NAIVE_CORPUS if title == "语料" else NAIVE_DOCUMENT), src)
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n" + "".join(f"- file: {out.stem}\n" for _, out, _, _ in runs), encoding="utf-8"
    )
    fonts = r"\setCJKmainfont{Noto Serif CJK SC}\setCJKsansfont{Noto Sans CJK SC}\setCJKmonofont{Noto Sans Mono CJK SC}"
    (book / "_config.yml").write_text(
        "title: 朴素报告\nauthor: bench\nexecute:\n  execute_notebooks: 'off'\nexclude_patterns: [src, _build]\n"
        "latex:\n  latex_engine: xelatex\n  use_jupyterbook_latex: false\n  latex_documents:\n    targetname: book.tex\n"
        f"sphinx:\n  config:\n    language: zh_CN\n    latex_elements:\n      fontpkg: '{fonts}'\n",
        encoding="utf-8",
    )
    bin_ = Path(sys.executable).parent
    latexmk = shutil.which("latexmk") is not None
    steps: dict[str, list[float]] = {}

    def step(name: str, cmd: list[str], cwd: Path = book) -> None:
        cpu, t0 = _cpu(), time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if proc.returncode:
            sys.exit(f"naive JB1 step {name} failed: {proc.stderr.strip().splitlines()[-3:]}")
        took = steps.setdefault(name, [0.0, 0.0])
        took[0] += time.perf_counter() - t0
        took[1] += _cpu() - cpu

    cpu, t0 = _cpu(), time.perf_counter()
    for src, out, args, _ in runs:
        step("papermill", [str(bin_ / "papermill"), "--no-progress-bar", str(src), str(out), *args])
    step("HTML", [str(bin_ / "jb"), "build", str(book)])
    if latexmk:
        step("PDF", [str(bin_ / "jb"), "build", str(book), "--builder", "pdflatex"])
    else:
        step("PDF", [str(bin_ / "jb"), "build", str(book), "--builder", "latex"])
        for _ in range(3):
            step("PDF", ["xelatex", "-interaction=nonstopmode", "book.tex"], book / "_build" / "latex")
    pdf = book / "_build" / "latex" / "book.pdf"
    if not pdf.is_file() or not (book / "_build" / "html" / "index.html").is_file():
        sys.exit("naive JB1: no HTML or no PDF")
    return {"seconds": time.perf_counter() - t0, "cpu": _cpu() - cpu, "steps": steps}


def edit_one_sentence(corpus: Path) -> None:
    """One sentence added to one document (the fourth, or the last of fewer), in its middle paragraph."""
    docs = sorted(corpus.glob("*.txt"))
    doc = docs[min(3, len(docs) - 1)]
    text = doc.read_text(encoding="utf-8")
    end = text.find("。", len(text) // 2)
    end = end if end >= 0 else len(text) - 1
    doc.write_text(text[: end + 1] + "各地要按照本意见要求认真抓好落实。" + text[end + 1 :], encoding="utf-8")


TITLE = "title=政策文件研究报告（修订）"


def ours_round(corpus: Path, target: Path, warm: bool = False) -> dict:
    """Ours on the seeds: cold (`--force`), warm, one sentence changed, then the title, then one
    context keyword added (each change on top of the last). `warm`: each with `build --warm`, in
    the warm build process (`start_warm_process`), whose CPU time is not the bench's to count."""
    args = ["--corpus", str(corpus), "--output", str(target)] + (["--warm"] if warm else [])
    row = {"cold": run(args + ["--force"]), "warm": run(args)}
    edit_one_sentence(corpus)
    row["sentence"] = run(args)
    row["title"] = run(args + ["--set", TITLE])
    row["keyword"] = run(args + ["--set", TITLE, "--set", "kwic_keywords=[医疗]"])
    if warm:
        for r in row.values():
            r["cpu"] = float("nan")
        return {f"{k} (--warm)": v for k, v in row.items()}
    return row


def start_warm_process(work: Path) -> None:
    """Start the warm build process for this code and environment (a `--warm` build of a copy of
    the seeds starts it) and wait until it serves builds."""
    from policyreport.runtime import server

    prime = work / "seeds-prime"
    shutil.rmtree(prime, ignore_errors=True)
    shutil.copytree(ROOT / "seeds", prime)
    run(["--corpus", str(prime), "--output", str(work / "out-prime"), "--no-pdf", "--warm"])
    sock = server.folder() / f"{server.server_key()}.sock"
    end = time.time() + 120
    while not sock.exists():
        if time.time() > end:
            sys.exit("the warm build process did not start")
        time.sleep(0.2)


def naive_round(corpus: Path, book: Path) -> dict:
    """The naive JB1 pipeline on the seeds: cold, then again after the same sentence was added."""
    row = {"naive cold": naive_jb1(corpus, book)}
    edit_one_sentence(corpus)
    row["naive sentence"] = naive_jb1(corpus, book, fresh=False)
    return row


def seeds_rounds(work: Path, rounds: int, warm: bool = False) -> list[dict]:
    """Interleaved rounds on the seeds, HTML + PDF: ours (`ours_round`) and the naive JB1 pipeline
    (`naive_round`), in alternating order (ours first, then naive first) so that both see the
    same load; with `warm`, also ours with `build --warm` (the warm process started first)."""
    if warm:
        start_warm_process(work)
    out = []
    for i in range(rounds):
        corpus, naive_corpus, warm_corpus = work / f"seeds-{i}", work / f"seeds-naive-{i}", work / f"seeds-warm-{i}"
        for c in (corpus, naive_corpus, warm_corpus, work / f"out-seeds-{i}", work / f"out-warm-{i}"):
            shutil.rmtree(c, ignore_errors=True)
        for c in (corpus, naive_corpus) + ((warm_corpus,) if warm else ()):
            shutil.copytree(ROOT / "seeds", c)
        row: dict = {}
        steps = [(ours_round, corpus, work / f"out-seeds-{i}"), (naive_round, naive_corpus, work / f"naive-{i}")]
        if warm:
            steps.insert(1, (lambda c, o: ours_round(c, o, warm=True), warm_corpus, work / f"out-warm-{i}"))
        for step, folder, output in steps if i % 2 == 0 else steps[::-1]:
            row.update(step(folder, output))
        print(
            f"seeds round {i + 1}: " + ", ".join(f"{k} {v['seconds']:.1f} s ({v['cpu']:.1f})" for k, v in row.items()),
            file=sys.stderr,
            flush=True,
        )
        out.append(row)
    return out


SEED_ROWS = {
    "cold": "ours, cold (`--force`)",
    "naive cold": "naive JB1, cold",
    "warm": "ours, warm",
    "sentence": "ours, one sentence changed",
    "naive sentence": "naive JB1, one sentence changed",
    "title": "ours, title changed",
    "keyword": "ours, one context keyword",
    "cold (--warm)": "ours `--warm`, cold (`--force`)",
    "warm (--warm)": "ours `--warm`, warm",
    "sentence (--warm)": "ours `--warm`, one sentence changed",
    "title (--warm)": "ours `--warm`, title changed",
    "keyword (--warm)": "ours `--warm`, one context keyword",
}


def print_seeds(rounds: list[dict]) -> None:
    """The seeds rounds as a Markdown table: wall seconds (CPU seconds) per round, the median wall,
    and the naive pipeline's cold time over ours."""
    print("seeds, HTML + PDF, interleaved rounds: wall s (CPU s)\n")
    print(
        "| build | " + " | ".join(f"round {i + 1}" for i in range(len(rounds))) + " | median wall | re-run (analyses/notebooks) |"
    )
    print("|---|" + "---|" * (len(rounds) + 2))
    for key, label in SEED_ROWS.items():
        if key not in rounds[0]:
            continue
        cells = [f"{r[key]['seconds']:.1f} ({r[key]['cpu']:.1f})".replace("(nan)", "(—)") for r in rounds]
        median = sorted(r[key]["seconds"] for r in rounds)[len(rounds) // 2]
        print(f"| {label} | " + " | ".join(cells) + f" | {median:.1f} | {rounds[0][key].get('rerun', '—')} |")
    ratios = sorted(r["naive cold"]["seconds"] / r["cold"]["seconds"] for r in rounds)
    print(f"\nnaive JB1 cold / ours cold: {', '.join(f'{x:.2f}' for x in ratios)} (median {ratios[len(ratios) // 2]:.2f})\n")
    if "cold (--warm)" in rounds[0]:
        warm = sorted(r["naive cold"]["seconds"] / r["cold (--warm)"]["seconds"] for r in rounds)
        print(f"naive JB1 cold / ours `--warm` cold: {', '.join(f'{x:.2f}' for x in warm)} (median {warm[len(warm) // 2]:.2f})\n")
    steps = rounds[0]["naive cold"]["steps"]
    print("naive JB1 cold, round 1, by step: " + ", ".join(f"{k} {v[0]:.1f} s ({v[1]:.1f})" for k, v in steps.items()))
    stages = rounds[0]["cold"]["stages"]
    print("ours cold, round 1, by stage: " + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()) + "\n")


def analysis_only(corpus: Path, pattern: str = "*.txt", scheduler: str | None = None) -> dict:
    """The analysis stage alone (per-document analyses in parallel, on local processes or on the
    Dask cluster at `scheduler`, then the corpus tables), after reading the corpus (timed apart)."""
    from policyreport.execute.analyse import analyse
    from policyreport.ingest.corpus import read_corpus
    from policyreport.params import load_params
    from policyreport.runtime.cache import Cache
    from policyreport.runtime.progress import BuildResult, Progress

    params = load_params(ROOT / "params.yaml", corpus=corpus)
    t0 = time.perf_counter()
    docs, skipped = read_corpus(corpus, pattern, columns=params.table_columns)
    if skipped:
        sys.exit(f"bench corpus {corpus}: {len(skipped)} skipped, first: {skipped[0].reason}")
    t1 = time.perf_counter()
    analyse(
        docs,
        params,
        "bench",
        Cache(corpus.parent / "nocache", enabled=False),
        Progress(quiet=True),
        BuildResult(),
        None,
        scheduler,
    )
    t2 = time.perf_counter()
    return {
        "documents": len(docs),
        "read": t1 - t0,
        "analysis": t2 - t1,
        "seconds": t2 - t0,
        "per_doc": (t2 - t0) / len(docs),
        "analysis_per_doc": (t2 - t1) / len(docs),
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def dask_speedup(work: Path, n: int, sizes: tuple[int, ...] = (1, 2, 4)) -> list[dict]:
    """The analysis stage of `n` documents on a Dask LocalCluster of 1, 2 and 4 worker processes
    (one thread each), each cluster warmed up first on 4 documents (its workers import and load
    jieba once); the speed-up is against one worker."""
    from dask.distributed import LocalCluster

    corpus, warm = work / f"dask-{n}", work / "dask-warm"
    for folder, count in ((corpus, n), (warm, 4)):
        shutil.rmtree(folder, ignore_errors=True)
        real_corpus(folder, count)
    out = []
    for workers in sizes:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            analysis_only(warm, scheduler=cluster.scheduler_address)
            r = analysis_only(corpus, scheduler=cluster.scheduler_address)
        out.append({"workers": workers, "analysis": r["analysis"]})
        print(f"dask {workers} worker(s), {n} documents: analysis {r['analysis']:.1f} s", file=sys.stderr, flush=True)
    return out


CRAWL_HEADER = ["索引号", "标题", "发布机构", "发布日期", "url", "正文"]


def crawl_table(files: Path, table: Path, seed: int = 11) -> int:
    """The documents of the folder `files` as the rows of one crawled CSV (the text column holds
    each file's text as it is); returns the number of rows."""
    rng = random.Random(seed)
    paths = sorted(files.glob("*.txt"))
    table.parent.mkdir(parents=True, exist_ok=True)
    with open(table, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(CRAWL_HEADER)
        for i, path in enumerate(paths):
            text = path.read_text(encoding="utf-8")
            lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
            title = next((ln for ln in lines[1:8] if "关于" in ln and len(ln) <= 80), lines[1] if len(lines) > 1 else "")
            index_no = f"{rng.randint(10**17, 10**18 - 1):018d}/{rng.randint(2005, 2025)}-{i + 1:05d}"
            date = f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            url = f"https://www.example.gov.cn/zwgk/{index_no.replace('/', '-')}.html"
            out.writerow([index_no, title, rng.choice(("市人民政府办公厅", "市卫生健康委员会", "区财政局", "")), date, url, text])
    return len(paths)


def crawl_versus_files(work: Path, n: int, repeat: int = 1) -> dict:
    """The same n documents read and analysed as n text files and as the n rows of one CSV: after a
    warm-up (imports, dictionaries), in alternating order `repeat` times, the fastest of each."""
    files, table = work / f"crawl-{n}-files", work / f"crawl-{n}-table"
    for folder in (files, table, work / "crawl-warm-up"):
        shutil.rmtree(folder, ignore_errors=True)
    real_corpus(files, n)
    crawl_table(files, table / "crawl.csv")
    real_corpus(work / "crawl-warm-up", 8)
    analysis_only(work / "crawl-warm-up", "*.txt")
    runs: dict[str, list[dict]] = {"files": [], "rows": []}
    for i in range(repeat):
        order = (("files", files, "*.txt"), ("rows", table, "*.csv"))
        for key, folder, pattern in order if i % 2 == 0 else order[::-1]:
            runs[key].append(analysis_only(folder, pattern))
    if {r["documents"] for r in runs["files"] + runs["rows"]} != {n}:
        sys.exit(f"crawl: not every run analysed {n} documents")
    return {key: min(rs, key=lambda r: r["seconds"]) for key, rs in runs.items()}


def pdf_reading(work: Path) -> dict | None:
    """Seconds to read one PDF of 30 pages: the real PDFs of tests/formats joined with poppler's
    pdfunite (22 + 5 + 2 + 1 pages), read as a corpus file is (text layer, page furniture removed,
    NFKC); the fastest of three reads after one warm-up."""
    from policyreport.ingest import corpus

    tool = shutil.which("pdfunite")
    if not tool:
        return None
    parts = sorted((ROOT / "tests" / "formats").glob("*.pdf"))
    joined = work / "thirty-pages.pdf"
    subprocess.run([tool, *map(str, parts), str(joined)], check=True)
    corpus.read_file(joined, set(), joined.name)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        docs, _ = corpus.read_file(joined, set(), joined.name)
        times.append(time.perf_counter() - t0)
    pages = int(subprocess.run(["pdfinfo", str(joined)], capture_output=True, text=True).stdout.split("Pages:")[1].split()[0])
    return {"pages": pages, "seconds": min(times), "characters": len(docs[0].text) if docs else 0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    ap.add_argument("--analysis", type=int, default=10000, help="documents of the analysis-only run (0: none)")
    ap.add_argument("--huge-mb", type=int, default=10, help="size of the single huge document (0: none)")
    ap.add_argument("--crawl", type=int, default=5000, help="rows of the crawled table, against as many text files (0: none)")
    ap.add_argument(
        "--crawl-repeat", type=int, default=1, help="runs of each (files, crawl) in alternating order; the fastest counts"
    )
    ap.add_argument("--no-seeds", action="store_true")
    ap.add_argument(
        "--seeds-rounds", type=int, default=3, help="interleaved rounds of ours and the naive JB1 pipeline on the seeds"
    )
    ap.add_argument(
        "--warm-process",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="in the seeds rounds, also ours with `build --warm` (its process started first; default: yes)",
    )
    ap.add_argument("--no-pdf-read", action="store_true", help="skip timing the reading of a 30-page PDF")
    ap.add_argument(
        "--dask", type=int, default=0, help="documents of the analysis stage on a Dask LocalCluster of 1, 2, 4 workers (0: none)"
    )
    ap.add_argument("--keep", type=Path, help="keep the corpora and builds in this folder")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="policyreport-bench-"))
    rows = []
    seeds_table = seeds_rounds(work, a.seeds_rounds, a.warm_process) if not a.no_seeds and a.seeds_rounds else []
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
    if seeds_table:
        print_seeds(seeds_table)
    if rows:
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
    if a.crawl:
        r = crawl_versus_files(work, a.crawl, a.crawl_repeat)
        print(
            f"\ncrawl of {a.crawl} rows (one CSV) against the same documents as {a.crawl} .txt files, "
            "read + analysis stage (no cache, no notebooks, no Sphinx):\n"
        )
        print("| documents as | read (s) | analysis (s) | per document (ms) | analysis per document (ms) |")
        print("|---|---|---|---|---|")
        for name, key in ((f"{a.crawl} .txt files", "files"), (f"1 CSV of {a.crawl} rows", "rows")):
            x = r[key]
            print(
                f"| {name} | {x['read']:.2f} | {x['analysis']:.1f} | {1000 * x['per_doc']:.1f} | {1000 * x['analysis_per_doc']:.1f} |"
            )
        print(f"\ncrawl / files, time per document: {r['rows']['per_doc'] / r['files']['per_doc']:.2f}")
    if a.dask:
        runs = dask_speedup(work, a.dask)
        one = runs[0]["analysis"]
        print(f"\nanalysis stage of {a.dask} documents on a Dask LocalCluster (worker processes, one thread each):\n")
        print("| workers | analysis (s) | speed-up over 1 worker |")
        print("|---|---|---|")
        for r in runs:
            print(f"| {r['workers']} | {r['analysis']:.1f} | {one / r['analysis']:.2f} |")
    if not a.no_pdf_read:
        work.mkdir(parents=True, exist_ok=True)
        r = pdf_reading(work)
        if r is None:
            print("\nPDF reading: pdfunite (poppler-utils) is not installed, not timed")
        else:
            print(f"\nreading a {r['pages']}-page PDF: {r['seconds']:.2f} s ({r['characters']:,} characters)")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
