"""Building the book: analyse, write data and pages, execute notebooks, run Jupyter Book, publish.

Everything is assembled in a staging folder; the published `html/` and `pdf/report.pdf`
are replaced only after every step succeeded, so a failed build leaves the last good report.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import analysis, bib, provenance, render, store
from .corpus import read_corpus
from .errors import BuildError, UserError
from .notebooks import NotebookJob, execute
from .params import PATH_KEYS, SCHEMA

ROOT = provenance.ROOT
SKELETON = ("_config.yml", "_toc.yml")


@dataclass
class BuildResult:
    html: Path | None = None
    pdf: Path | None = None
    documents: int = 0
    skipped: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    version: str = ""


class Progress:
    """Stage-by-stage progress on stderr, with the time of each stage."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.timings: dict[str, float] = {}
        self._stage, self._t0 = None, 0.0

    def stage(self, name: str) -> None:
        self.done()
        self._stage, self._t0 = name, time.perf_counter()
        self.say(f"[{name}] …")

    def step(self, i: int, n: int, what: str) -> None:
        self.say(f"[{self._stage}] {i}/{n} {what}")

    def done(self) -> None:
        if self._stage:
            self.timings[self._stage] = round(time.perf_counter() - self._t0, 2)
        self._stage = None

    def say(self, msg: str) -> None:
        if not self.quiet:
            print(msg, file=sys.stderr, flush=True)


def _shown_params(params: dict) -> dict:
    return {k: provenance.display_path(v) if k in PATH_KEYS and v else v
            for k, v in params.items() if k in SCHEMA}


def _command(params_file: str) -> str:
    return f"python -m policyreport build --params {params_file}"


def source_page(meta: dict, paras) -> str:
    """The full text of one document, each paragraph numbered and labelled for links."""
    lines = [f"({render.source_label(meta['doc_id'])})=", f"# {render.escape(meta.get('title') or meta['file'])}", "",
             f"源文件 `{render.role_text(meta['file'])}`，SHA-256 `{meta['sha256']}`；分析见{render.doc_ref(meta['doc_id'], '本文件的分析章节')}。", ""]
    for row in paras.itertuples():
        lines += [f"({render.para_label(meta['doc_id'], row.paragraph)})=", f"〔{row.paragraph}〕{render.escape(row.text)}", ""]
    return "\n".join(lines)


def _evaluation(params: dict, results: dict) -> dict | None:
    """Precision/recall against the gold file for the corpus files it annotates, if any."""
    from .evaluate import evaluate, load_gold

    if not params.get("gold") or not Path(params["gold"]).is_file():
        return None
    gold = load_gold(params["gold"])
    by_file = {r.meta["file"]: r for r in results.values() if r.meta["file"] in gold}
    if not by_file:
        return None
    table, errors = evaluate(by_file, gold)
    return {"gold": provenance.display_path(params["gold"]), "files": sorted(by_file),
            "table": table.to_dict(orient="records"), "mismatches": len(errors)}


def write_config(stage: Path, params: dict) -> None:
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    cfg["title"] = params["title"]
    cfg["author"] = params["author"]
    cfg["sphinx"]["config"]["html_search_options"] = {"dict": str(Path(params["user_dict"]).resolve())}
    (stage / "_config.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy2(ROOT / "_toc.yml", stage / "_toc.yml")
    for md in sorted((ROOT / "chapters").glob("*.md")):
        shutil.copy2(md, stage / "chapters" / md.name)
    static = ROOT / "static"
    if static.is_dir():
        shutil.copytree(static, stage / "static", dirs_exist_ok=True)


def _jb(stage: Path, builder: str, log: Path) -> None:
    jb = Path(sys.executable).with_name("jb")
    cmd = [str(jb) if jb.exists() else "jb", "build", str(stage), "--path-output", str(stage), "--builder", builder, "-n", "--keep-going"]
    if builder == "html":
        cmd.append("-W")
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=stage)
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        tail = [ln for ln in text.splitlines() if "WARNING" in ln or "ERROR" in ln or "Error" in ln][:5]
        raise BuildError(f"step '{builder}' failed (Jupyter Book exit code {proc.returncode}); log: {log}\n" + "\n".join(tail))


def _replace_dir(new: Path, dest: Path) -> None:
    """Put `new` at `dest`, removing the old one only once the new one is in place."""
    old = dest.with_name(dest.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    if old.exists():
        shutil.rmtree(old)


def _quiet_worker() -> None:
    """Kernels inherit the worker's stderr; their start-up chatter must not reach the console."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def build(
    params: dict,
    build_dir: str | Path = ROOT / "_build",
    *,
    pdf: bool = True,
    jobs: int | None = None,
    params_file: str = "params.yaml",
    quiet: bool = False,
) -> BuildResult:
    """Build the report for `params` into `build_dir` (html/ and pdf/report.pdf)."""
    build_dir = Path(build_dir).resolve()
    progress = Progress(quiet)
    result = BuildResult()

    progress.stage("读取语料 reading")
    docs, skipped = read_corpus(params["corpus"], params["pattern"])
    for s in skipped:
        progress.say(f"  skipped: {s.reason}")
    if skipped and params["strict"]:
        raise UserError(f"strict mode: {len(skipped)} file(s) skipped, first: {skipped[0].reason}")
    if not docs:
        raise UserError(f"{params['corpus']}: no readable documents (skipped: {'; '.join(s.reason for s in skipped)})")
    res = analysis.Resources.load(params)

    progress.stage("分析 analysing")
    results = {}
    for i, doc in enumerate(docs, start=1):
        progress.step(i, len(docs), doc.file)
        results[doc.doc_id] = analysis.analyze_document(doc, res, params)
    tables = analysis.analyze_corpus(results, res, params)

    progress.stage("写入数据 writing")
    stage = build_dir / ".stage"
    if stage.exists():
        shutil.rmtree(stage)
    (stage / "chapters").mkdir(parents=True)
    data = stage / "chapters" / "data"
    p_hash = provenance.params_hash(params)
    version = provenance.report_version([d.sha256 for d in docs], p_hash, provenance.code_hash())
    date = provenance.build_date()
    report_key = f"policyreport-{version}"
    info = {
        "documents": [r.meta for _, r in sorted(results.items())],
        "skipped": [{"file": s.file, "reason": s.reason} for s in skipped],
        "params_shown": _shown_params(params),
        "provenance": {"versions": provenance.package_versions()},
        "report": {
            "title": params["title"], "author": params["author"], "version": version, "build_date": date,
            "commit": provenance.git_commit(), "command": _command("params.used.yaml"),
            "bibtex": bib.report_entry(report_key, params["title"], params["author"], version, date),
        },
    }
    info["evaluation"] = _evaluation(params, results)
    for doc_id, r in sorted(results.items()):
        store.write_document(data, doc_id, r.tables)
    store.write_corpus(data, info, tables)
    (data / "params.used.yaml").write_text(
        yaml.safe_dump(_shown_params(params), allow_unicode=True, sort_keys=True), encoding="utf-8")
    (stage / "references.bib").write_text("\n".join(bib.document_entry(m) for m in info["documents"]), encoding="utf-8")
    for doc_id, r in sorted(results.items()):
        page = stage / "chapters" / "sources" / f"{doc_id}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(source_page(r.meta, r.tables["paragraphs"]), encoding="utf-8")
    write_config(stage, params)

    progress.stage("执行笔记本 notebooks")
    chapters = stage / "chapters"
    nb_jobs = [
        NotebookJob("index", "index.md", chapters / "index.ipynb", {"data_dir": "data"},
                    {"@REPORT_TITLE@": render.escape(params["title"])}),
        NotebookJob("overview", "overview.md", chapters / "overview.ipynb", {"data_dir": "data"}, {}),
        NotebookJob("comparison", "comparison.md", chapters / "comparison.ipynb", {"data_dir": "data"}, {}),
        NotebookJob("policy", "policy.md", chapters / "policy.ipynb", {"data_dir": "data"}, {}),
        NotebookJob("methods", "methods.md", chapters / "methods.ipynb", {"data_dir": "data"}, {}),
    ]
    if len(docs) <= params["max_document_chapters"]:
        for doc_id, r in sorted(results.items()):
            title = r.meta.get("title") or r.meta["file"]
            nb_jobs.append(NotebookJob(
                f"document {r.meta['file']}", "document.md", chapters / "documents" / f"{doc_id}.ipynb",
                {"doc_id": doc_id, "data_dir": "../data"},
                {"@DOC_ID@": doc_id, "@TITLE@": render.escape(title), "@SHORT_TITLE@": render.escape(title[:40])},
            ))
    failures = []
    workers = max(1, min(jobs or os.cpu_count() or 1, len(nb_jobs)))
    with ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker) as pool:
        futures = [pool.submit(execute, job) for job in nb_jobs]
        for i, fut in enumerate(as_completed(futures), start=1):
            name, error = fut.result()
            progress.step(i, len(nb_jobs), name + (" FAILED" if error else ""))
            if error:
                failures.append(f"notebook '{name}': {error}")
    if failures:
        raise BuildError("step 'notebooks' failed:\n  " + "\n  ".join(failures))

    logs = build_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    progress.stage("HTML")
    _jb(stage, "html", logs / "html.log")
    if pdf:
        progress.stage("PDF")
        _jb(stage, "pdflatex", logs / "pdf.log")
        built_pdf = stage / "_build" / "latex" / "report.pdf"
        if not built_pdf.is_file():
            raise BuildError(f"step 'pdf' produced no PDF; log: {logs / 'pdf.log'}")

    progress.stage("发布 publishing")
    _replace_dir(stage / "_build" / "html", build_dir / "html")
    if pdf:
        (build_dir / "pdf").mkdir(exist_ok=True)
        tmp = build_dir / "pdf" / "report.pdf.tmp"
        shutil.copy2(built_pdf, tmp)
        os.replace(tmp, build_dir / "pdf" / "report.pdf")
        result.pdf = build_dir / "pdf" / "report.pdf"
    shutil.rmtree(stage / "_build", ignore_errors=True)
    _replace_dir(stage, build_dir / "book")
    progress.done()
    result.html = build_dir / "html" / "index.html"
    result.documents = len(docs)
    result.skipped = skipped
    result.timings = progress.timings
    result.version = version
    return result
