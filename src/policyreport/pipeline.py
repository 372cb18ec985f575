"""`build`: read, analyse, stage, execute the notebooks, run Sphinx and xelatex, publish.

Everything is assembled in a staging folder; the published `html/` and `pdf/report.pdf` are
replaced only after every step succeeded, so a failed build leaves the last good report.
The analysis stack (pandas, jieba, scikit-learn, …) is imported only once a build has work to
do, so that "nothing changed" answers in a second or two.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from policyreport.book import chapters, incremental, provenance, stage, typeset
from policyreport.errors import BuildError, UserError
from policyreport.execute import notebooks
from policyreport.execute.analyse import analyse
from policyreport.ingest.corpus import read_corpus
from policyreport.params import Params
from policyreport.publish.swap import publish
from policyreport.report import i18n
from policyreport.runtime.cache import Cache, digest
from policyreport.runtime.lock import OutputLock
from policyreport.runtime.progress import BuildResult, Progress
from policyreport.sphinxext import glyphs

# What repairs a failed Jupyter Book step: a build that re-used nothing cannot blame the caches.
REPAIR = "this build re-used earlier notebooks or pages: run again with --force to rebuild everything from nothing"
NOT_THE_CACHE = "this build re-used nothing, so --force will not help: the log names the page"


def build(
    params: Params,
    build_dir: str | Path = "_build",
    *,
    pdf: bool = True,
    jobs: int | None = None,
    quiet: bool = False,
    force: bool = False,
    scheduler: str | None = None,
) -> BuildResult:
    """Build the report for `params` into `build_dir` (html/ and pdf/report.pdf).

    Re-uses cached analyses and executed notebooks whose inputs are unchanged (`force` ignores
    the caches); returns at once when nothing at all changed since the last build. `scheduler`:
    the address of a Dask scheduler that runs the per-document analyses (same results).
    """
    build_dir = Path(build_dir).resolve()
    with OutputLock(build_dir):
        return _build(params, build_dir, pdf, jobs, quiet, force, scheduler)


def _build(
    params: Params, build_dir: Path, pdf: bool, jobs: int | None, quiet: bool, force: bool, scheduler: str | None
) -> BuildResult:
    progress, result, started = Progress(quiet), BuildResult(), time.time() - 1
    cache = Cache(build_dir / "cache", enabled=not force)
    i18n.use(params.language)  # what the build writes itself (source pages, captions) is in the report's language

    progress.stage("读取语料 reading")
    docs, skipped = read_corpus(params.corpus, params.pattern, params.recursive, params.table_columns)
    for s in skipped:
        progress.say(f"  skipped: {s.reason}")
    if skipped and params.strict:
        raise UserError(f"strict mode: {len(skipped)} file(s) skipped, first: {skipped[0].reason}")
    if not docs:
        raise UserError(f"{params.corpus}: no readable documents (skipped: {'; '.join(s.reason for s in skipped)})")
    if pdf:
        glyphs.remember(cache)  # the fonts' code points as data: reading the CJK font's tables takes seconds
        for w in filter(None, (glyphs.warning(d.file, d.text) for d in docs)):
            progress.say(f"  {w}")
    if not params.authors and not params.author.strip():
        progress.say(
            "  warning: no author set (parameters 'authors' and 'author'): the report is cited without one, "
            "and CITATION.cff and .zenodo.json are not written"
        )
    p_hash, c_hash = params.digest(), provenance.code_hash()
    version = provenance.report_version([d.sha256 for d in docs], p_hash, c_hash)
    date = provenance.build_date()
    state_key = digest(*(f"{d.file}:{d.sha256}" for d in docs), *(s.reason for s in skipped), p_hash, c_hash, date, pdf)
    done = (build_dir / "html" / "index.html").is_file() and (not pdf or (build_dir / "pdf" / "report.pdf").is_file())
    if done and cache.state().get("key") == state_key:
        progress.done()
        progress.say("nothing changed since the last build (corpus, parameters, dictionaries, code): the report is up to date")
        return BuildResult(
            build_dir / "html" / "index.html",
            build_dir / "pdf" / "report.pdf" if pdf else None,
            len(docs),
            skipped,
            progress.timings,
            version,
            up_to_date=True,
        )

    # The notebook workers start now: their kernels start and import while this process analyses.
    with notebooks.pool(min(jobs or os.cpu_count() or 1, chapters.notebook_count(len(docs), params))) as workers:
        progress.stage("分析 analysing")
        results, tables = analyse(docs, params, c_hash, cache, progress, result, jobs, scheduler)
        for r in results.values():
            for label, n in (r.meta.get("too_long") or {}).items():
                progress.say(
                    f"  warning: {r.meta['file']}: a {label} of {n:,} characters was read and not taken (too long to be one)"
                )

        progress.stage("写入数据 writing")
        staged = build_dir / ".stage"
        info = stage.corpus_info(results, skipped, params, version, date)
        cjk = glyphs.cjk_class() if pdf else None
        data = stage.write_stage(staged, results, tables, info, params, docs, cjk)

        progress.stage("执行笔记本 notebooks")
        jobs_ = chapters.notebook_jobs(staged / "chapters", info["documents"], params)
        notebooks.run(jobs_, workers, data, c_hash, cache, progress, result)
    for note in cache.notes:
        progress.say(f"  {note}")

    logs = build_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    progress.stage("HTML + PDF" if pdf else "HTML")
    work = build_dir / "sphinx"
    pages = sorted(f.relative_to(staged).as_posix() for f in staged.rglob("*") if f.suffix in (".md", ".ipynb"))
    # Kept while the navigation is the same: a new title or context keyword rewrites pages, not the book.
    signature = digest(c_hash, params.navigation_digest(), *pages, *(f"{m['file']}\t{m.get('title')}" for m in info["documents"]))
    kept = not force and incremental.reusable(work, signature)
    written = incremental.prepare(work, staged, signature, fresh=force)
    progress.say(f"[HTML] {written} changed file(s) for Sphinx")
    try:
        built_pdf = typeset.html_and_pdf(work, logs, pdf, jobs or os.cpu_count() or 1)
    except BuildError as exc:
        raise BuildError(f"{exc}; {REPAIR if kept or result.reused else NOT_THE_CACHE}") from None

    progress.stage("发布 publishing")
    result.html, result.pdf = publish(work, staged, build_dir, built_pdf)
    incremental.finish(work, signature)
    cache.save_state({"key": state_key})
    cache.prune(keep_since=started)
    progress.done()
    result.documents, result.skipped, result.timings, result.version = len(docs), skipped, progress.timings, version
    return result
