"""Building the book: analyse, write data and pages, execute notebooks, run Jupyter Book, publish.

Everything is assembled in a staging folder; the published `html/` and `pdf/report.pdf`
are replaced only after every step succeeded, so a failed build leaves the last good report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import bib, incremental, provenance
from .cache import Cache, digest, files_digest
from .corpus import read_corpus
from .errors import BuildError, UserError
from .params import PATH_KEYS, SCHEMA

# The analysis stack (pandas, jieba, scikit-learn, networkx, matplotlib, papermill) is imported
# only once a build has work to do, so that "nothing changed" answers in a second or two.

ROOT = provenance.ROOT
# Parameters that do not change a document's own analysis (its cache entry survives them).
REPORT_ONLY_PARAMS = ("corpus", "pattern", "title", "author", "strict", "max_document_chapters", "gold",
                      "network_terms", "network_min_weight", "n_key_terms", "n_distinctive_terms", "logodds_prior")


@dataclass
class BuildResult:
    html: Path | None = None
    pdf: Path | None = None
    documents: int = 0
    skipped: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    version: str = ""
    up_to_date: bool = False
    analysed: list = field(default_factory=list)
    executed: list = field(default_factory=list)
    reused: list = field(default_factory=list)


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


def source_page(meta: dict, paras, chapter: bool = True) -> str:
    """The full text of one document, each paragraph numbered and labelled for links."""
    from . import render

    analysis_link = f"；分析见{render.doc_ref(meta['doc_id'], '本文件的分析章节')}" if chapter else ""
    lines = [f"({render.source_label(meta['doc_id'])})=", f"# {render.escape(meta.get('title') or meta['file'])}", "",
             f"源文件 `{render.role_text(meta['file'])}`，SHA-256 `{meta['sha256']}`{analysis_link}。", ""]
    for row in paras.itertuples():
        lines += [f"({render.para_label(meta['doc_id'], row.paragraph)})=", f"〔{row.paragraph}〕{render.escape(row.text)}", ""]
    return "\n".join(lines)


_WORKER: dict = {}


def _init_analysis_worker(params: dict) -> None:
    from . import analysis

    _WORKER["params"] = params
    _WORKER["res"] = analysis.Resources.load(params)


def _analyse_in_worker(doc):
    from . import analysis

    return doc, analysis.analyze_document(doc, _WORKER["res"], _WORKER["params"])


def _analyse_all(docs: list, params: dict, res, jobs: int | None):
    """Analyse documents, in parallel processes when there are many (jieba is single-threaded)."""
    from . import analysis

    workers = min(jobs or os.cpu_count() or 1, len(docs))
    if workers <= 1 or len(docs) < 8:
        for doc in docs:
            yield doc, analysis.analyze_document(doc, res, params)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_analysis_worker, initargs=(params,)) as pool:
        futures = [pool.submit(_analyse_in_worker, doc) for doc in docs]
        for fut in as_completed(futures):
            yield fut.result()


def _notebook_key(job, data: Path, c_hash: str, info: dict, tables: dict) -> str:
    """What an executed notebook depends on: code, its parameters and the data files it reads.

    A document's chapter reads its own tables, its metadata and its rows of the key terms; the
    corpus chapters read everything.
    """
    head = (c_hash, job.template, json.dumps(job.tokens, sort_keys=True, ensure_ascii=False),
            json.dumps(job.parameters, sort_keys=True))
    doc_id = job.parameters.get("doc_id")
    if doc_id is None:
        return digest(*head, files_digest([p for p in data.rglob("*") if p.is_file()], data))
    meta = next(m for m in info["documents"] if m["doc_id"] == doc_id)
    own = data / "documents" / doc_id
    terms = tables["key_terms"]
    return digest(*head, files_digest([p for p in own.rglob("*") if p.is_file()], data),
                  json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str),
                  terms[terms["doc_id"] == doc_id].to_csv(index=False))


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


def document_index_page(documents: list[dict], limit: int) -> str:
    """For large corpora: one table row per document instead of one chapter each."""
    from . import render

    lines = ["(document-index)=", "# 文件索引", "",
             f"语料有 {len(documents)} 份文件，超过参数 `max_document_chapters`（{limit}），因此不逐份成章；"
             "下表列出每份文件的元数据，标题链接到附录中的原文。所有语料层面的分析仍覆盖全部文件。", "",
             "| 标题 | 发文机关 | 文号 | 日期 | 文种 | 字数 |", "|---|---|---|---|---|---|"]
    for m in documents:
        title = render.ref(render.source_label(m["doc_id"]), m.get("title") or m["file"])
        cells = [title] + [render.escape(m.get(k) or "—") for k in ("issuer", "doc_number", "date", "genre")] + [str(m["characters"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


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


def _jb(stage: Path, builder: str, log: Path, output: Path | None = None) -> None:
    """One Jupyter Book build of the staged book; `output` gets its own _build/ (and doctrees),
    so that the HTML and the PDF can be built at the same time."""
    jb = Path(sys.executable).with_name("jb")
    cmd = [str(jb) if jb.exists() else "jb", "build", str(stage), "--path-output", str(output or stage),
           "--builder", builder, "-n", "--keep-going"]
    if builder == "html":
        cmd.append("-W")
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=stage)
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        tail = [ln for ln in text.splitlines() if "WARNING" in ln or "ERROR" in ln or "Error" in ln][:5]
        raise BuildError(f"step '{builder}' failed (Jupyter Book exit code {proc.returncode}); log: {log}\n" + "\n".join(tail))


def _xelatex(latex_dir: Path, log: Path, max_passes: int = 4) -> Path:
    """Typeset report.tex: xelatex passes without PDF output until the cross-reference files
    (.aux .toc .out) stop changing (two or three; one when the last build's files still hold),
    then one xdvipdfmx run on the last pass's .xdv.
    Instead of latexmk's three full passes plus xindy: the PDF is on the build's critical path."""
    def refs() -> list[bytes]:
        return [f.read_bytes() if f.is_file() else b"" for f in (latex_dir / f"report.{x}" for x in ("aux", "toc", "out"))]

    def run(cmd: list[str], what: str) -> None:
        fh.write(f"\n=== {what}: {' '.join(cmd)}\n")
        fh.flush()
        proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=latex_dir)
        if proc.returncode != 0:
            tex_log = latex_dir / "report.log"
            text = tex_log.read_text(encoding="utf-8", errors="replace") if tex_log.is_file() else ""
            first = next((ln for ln in text.splitlines() if ln.startswith("! ")), "")
            detail = f" ({first[2:].strip()})" if first else ""
            raise BuildError(f"step 'pdf' failed: {what} stopped with exit code {proc.returncode}{detail}; log: {log}")

    with open(log, "a", encoding="utf-8") as fh:
        previous = (latex_dir / "report.aux").is_file()  # left by the last build of the working copy
        for n in range(1, max_passes + 1):
            before = refs()
            run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "-no-pdf", "report.tex"], f"xelatex pass {n}")
            if (n > 1 or previous) and refs() == before:
                break
        run(["xdvipdfmx", "-q", "-z", "6", "-o", "report.pdf", "report.xdv"], "xdvipdfmx")  # -z 9: 1 s more for 2 %
    return latex_dir / "report.pdf"


def _pdf(stage: Path, log: Path) -> Path:
    """The PDF: Jupyter Book's LaTeX output of the staged book, typeset by xelatex."""
    out = stage / "_pdf"
    _jb(stage, "latex", log, out)
    return _xelatex(out / "_build" / "latex", log)


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


def _notebook_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes for papermill, each with its kernel started (and warmed up) at once."""
    from .notebooks import start_worker

    pool = ProcessPoolExecutor(max_workers=max(1, workers), initializer=start_worker)
    pool.submit(int)  # forks every worker now rather than at the first notebook
    return pool


def build(
    params: dict,
    build_dir: str | Path = ROOT / "_build",
    *,
    pdf: bool = True,
    jobs: int | None = None,
    quiet: bool = False,
    force: bool = False,
) -> BuildResult:
    """Build the report for `params` into `build_dir` (html/ and pdf/report.pdf).

    Re-uses cached analyses and executed notebooks whose inputs are unchanged (`force`
    ignores the caches); returns at once when nothing at all changed since the last build.
    """
    build_dir = Path(build_dir).resolve()
    progress = Progress(quiet)
    result = BuildResult()
    cache = Cache(build_dir / "cache", enabled=not force)

    progress.stage("读取语料 reading")
    docs, skipped = read_corpus(params["corpus"], params["pattern"])
    for s in skipped:
        progress.say(f"  skipped: {s.reason}")
    if skipped and params["strict"]:
        raise UserError(f"strict mode: {len(skipped)} file(s) skipped, first: {skipped[0].reason}")
    if not docs:
        raise UserError(f"{params['corpus']}: no readable documents (skipped: {'; '.join(s.reason for s in skipped)})")
    p_hash, c_hash = provenance.params_hash(params), provenance.code_hash()
    version = provenance.report_version([d.sha256 for d in docs], p_hash, c_hash)
    date = provenance.build_date()
    state_key = digest(*(f"{d.file}:{d.sha256}" for d in docs), *(s.reason for s in skipped), p_hash, c_hash, date, pdf)
    done = (build_dir / "html" / "index.html").is_file() and (not pdf or (build_dir / "pdf" / "report.pdf").is_file())
    if done and cache.state().get("key") == state_key:
        progress.done()
        progress.say("nothing changed since the last build (corpus, parameters, dictionaries, code): the report is up to date")
        return BuildResult(build_dir / "html" / "index.html", build_dir / "pdf" / "report.pdf" if pdf else None,
                           len(docs), skipped, progress.timings, version, up_to_date=True)

    # The notebook workers start now: their kernels start and import while this process analyses.
    n_notebooks = 5 + (len(docs) if len(docs) <= params["max_document_chapters"] else 0)
    with _notebook_pool(min(jobs or os.cpu_count() or 1, n_notebooks)) as pool:
        progress.stage("分析 analysing")
        from . import analysis, render, store
        from .notebooks import NotebookJob, execute

        res = analysis.Resources.load(params)
        a_hash = provenance.params_hash({k: v for k, v in params.items() if k not in REPORT_ONLY_PARAMS})
        results, todo = {}, []
        for doc in docs:
            key = digest(doc.sha256, doc.doc_id, a_hash, c_hash)
            cached = cache.load_object("analysis", doc.doc_id, key)
            if cached is None:
                todo.append((doc, key))
            else:
                results[doc.doc_id] = cached
        if len(docs) - len(todo):
            progress.say(f"[分析 analysing] re-used {len(docs) - len(todo)} unchanged analyses from the cache")
        keys = {d.doc_id: k for d, k in todo}
        for i, (doc, r) in enumerate(_analyse_all([d for d, _ in todo], params, res, jobs), start=1):
            cache.save_object("analysis", doc.doc_id, keys[doc.doc_id], r)
            results[doc.doc_id] = r
            result.analysed.append(doc.file)
            progress.step(i, len(todo), doc.file)
        result.analysed.sort()
        tables = analysis.analyze_corpus(results, res, params)

        progress.stage("写入数据 writing")
        stage = build_dir / ".stage"
        if stage.exists():
            shutil.rmtree(stage)
        (stage / "chapters").mkdir(parents=True)
        data = stage / "chapters" / "data"
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
        info["document_chapters"] = len(docs) <= params["max_document_chapters"]
        for doc_id, r in sorted(results.items()):
            store.write_document(data, doc_id, r.tables)
        store.write_corpus(data, info, tables)
        (data / "params.used.yaml").write_text(
            yaml.safe_dump(_shown_params(params), allow_unicode=True, sort_keys=True), encoding="utf-8")
        (stage / "references.bib").write_text("\n".join(bib.document_entry(m) for m in info["documents"]), encoding="utf-8")
        for doc_id, r in sorted(results.items()):
            page = stage / "chapters" / "sources" / f"{doc_id}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(source_page(r.meta, r.tables["paragraphs"], info["document_chapters"]), encoding="utf-8")
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
        if len(docs) > params["max_document_chapters"]:
            index_page = chapters / "documents" / "index-table.md"
            index_page.parent.mkdir(parents=True, exist_ok=True)
            index_page.write_text(document_index_page(info["documents"], params["max_document_chapters"]), encoding="utf-8")
        else:
            for doc_id, r in sorted(results.items()):
                title = r.meta.get("title") or r.meta["file"]
                nb_jobs.append(NotebookJob(
                    f"document {r.meta['file']}", "document.md", chapters / "documents" / f"{doc_id}.ipynb",
                    {"doc_id": doc_id, "data_dir": "../data"},
                    {"@DOC_ID@": doc_id, "@TITLE@": render.escape(title), "@SHORT_TITLE@": render.escape(title[:40])},
                ))
        keys = {job.name: _notebook_key(job, data, c_hash, info, tables) for job in nb_jobs}
        to_run = []
        for job in nb_jobs:
            if cache.fetch_file("notebooks", job.output.stem, keys[job.name], job.output):
                result.reused.append(job.name)
            else:
                to_run.append(job)
        if result.reused:
            progress.say(f"[执行笔记本 notebooks] re-used {len(result.reused)} unchanged notebook(s) from the cache")
        failures = []
        try:
            futures = {pool.submit(execute, job): job for job in to_run}
            for i, fut in enumerate(as_completed(futures), start=1):
                job = futures[fut]
                name, error = fut.result()
                progress.step(i, len(to_run), name + (" FAILED" if error else ""))
                if error:
                    failures.append(f"notebook '{name}': {error}")
                else:
                    cache.store_file("notebooks", job.output.stem, keys[job.name], job.output)
                    result.executed.append(name)
        except BrokenProcessPool:
            raise BuildError("step 'notebooks' failed: a notebook worker or its Jupyter kernel could not start "
                             "or died (is ipykernel installed in this Python environment?)") from None
        if failures:
            raise BuildError("step 'notebooks' failed:\n  " + "\n  ".join(sorted(failures)))

    logs = build_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    progress.stage("HTML + PDF" if pdf else "HTML")
    work = build_dir / "sphinx"
    pages = sorted(f.relative_to(stage).as_posix() for f in stage.rglob("*") if f.suffix in (".md", ".ipynb"))
    signature = digest(c_hash, p_hash, *pages, *(f"{m['file']}\t{m.get('title')}" for m in info["documents"]))
    written = incremental.prepare(work, stage, signature, fresh=force)
    progress.say(f"[HTML] {written} changed file(s) for Sphinx")
    with ThreadPoolExecutor(max_workers=2) as pool:  # two independent Sphinx processes
        steps = [pool.submit(_jb, work, "html", logs / "html.log")]
        if pdf:
            steps.append(pool.submit(_pdf, work, logs / "pdf.log"))
        errors = [str(e) for e in (f.exception() for f in steps) if e is not None]
    if errors:
        raise BuildError("\n".join(errors))
    if pdf:
        built_pdf = steps[1].result()
        if not built_pdf.is_file():
            raise BuildError(f"step 'pdf' produced no PDF; log: {logs / 'pdf.log'}")

    progress.stage("发布 publishing")
    incremental.drop_unused_images(work / "_build" / "html")
    fresh_html = build_dir / "html.new"
    shutil.rmtree(fresh_html, ignore_errors=True)
    shutil.copytree(work / "_build" / "html", fresh_html)
    _replace_dir(fresh_html, build_dir / "html")
    if pdf:
        (build_dir / "pdf").mkdir(exist_ok=True)
        tmp = build_dir / "pdf" / "report.pdf.tmp"
        shutil.copy2(built_pdf, tmp)
        os.replace(tmp, build_dir / "pdf" / "report.pdf")
        result.pdf = build_dir / "pdf" / "report.pdf"
    _replace_dir(stage, build_dir / "book")
    incremental.finish(work, signature)
    cache.save_state({"key": state_key})
    progress.done()
    result.html = build_dir / "html" / "index.html"
    result.documents = len(docs)
    result.skipped = skipped
    result.timings = progress.timings
    result.version = version
    return result
