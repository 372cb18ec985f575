"""`build`: read, analyse, stage, execute the notebooks, run Sphinx and xelatex, publish.

Everything is assembled in a staging folder; the published `html/` and `pdf/report.pdf` are
replaced only after every step succeeded, so a failed build leaves the last good report.
The analysis stack (pandas, jieba, scikit-learn, …) is imported only once a build has work to
do, so that "nothing changed" answers in a second or two.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
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
UP_TO_DATE = "nothing changed since the last build (corpus, parameters, dictionaries, code): the report is up to date"
NO_AUTHOR = (
    "warning: no author set (parameters 'authors' and 'author'): the report is cited without one, "
    "and CITATION.cff and .zenodo.json are not written"
)


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
        cache = Cache(build_dir / "cache", enabled=not force)
        return _Build(params, build_dir, pdf, jobs, force, scheduler, Progress(quiet), cache).run()


@dataclass
class _Inputs:
    """The corpus as read, and the keys derived from it, the parameters and the code."""

    docs: list
    skipped: list
    code: str  # provenance.code_hash
    version: str
    date: str
    key: str  # of the whole build: a finished report with this key is up to date


def _inputs(docs: list, skipped: list, params: Params, pdf: bool) -> _Inputs:
    p_hash, c_hash = params.digest(), provenance.code_hash()
    version = provenance.report_version([d.sha256 for d in docs], p_hash, c_hash)
    date = provenance.build_date()
    key = digest(*(f"{d.file}:{d.sha256}" for d in docs), *(s.reason for s in skipped), p_hash, c_hash, date, pdf)
    return _Inputs(docs, skipped, c_hash, version, date, key)


def _warnings(docs: list, params: Params, pdf: bool) -> list[str]:
    """What the reader of the log should know before the analysis: characters the PDF's fonts
    cannot show, a report without an author."""
    out = [w for w in (glyphs.warning(d.file, d.text) for d in docs) if w] if pdf else []
    return out + ([] if params.authors or params.author.strip() else [NO_AUTHOR])


def _book_signature(code: str, params: Params, staged: Path, documents: list[dict]) -> str:
    """What Sphinx's working copy is kept for: the code, the navigation, the pages and their titles
    (a new title or context keyword rewrites pages, not the book)."""
    pages = sorted(f.relative_to(staged).as_posix() for f in staged.rglob("*") if f.suffix in (".md", ".ipynb"))
    return digest(code, params.navigation_digest(), *pages, *(f"{m['file']}\t{m.get('title')}" for m in documents))


@dataclass
class _Build:
    """One build's settings, progress, cache and result, shared by its steps (`run`)."""

    params: Params
    build_dir: Path
    pdf: bool
    jobs: int | None
    force: bool
    scheduler: str | None
    progress: Progress
    cache: Cache
    result: BuildResult = field(default_factory=BuildResult)
    started: float = field(default_factory=lambda: time.time() - 1)

    def run(self) -> BuildResult:
        i18n.use(self.params.language)  # what the build writes itself (source pages, captions) is in the report's language
        inputs = self.read()
        if self.finished() and self.cache.state().get("key") == inputs.key:
            return self.up_to_date(inputs)
        staged, info = self.notebooks(inputs)
        work, signature, built_pdf = self.sphinx(staged, info, inputs.code)
        self.progress.stage("发布 publishing")
        self.result.html, self.result.pdf = publish(work, staged, self.build_dir, built_pdf, fresh=self.force)
        incremental.finish(work, signature)
        self.cache.save_state({"key": inputs.key})
        self.cache.prune(keep_since=self.started)
        return self.finish(inputs)

    def read(self) -> _Inputs:
        """The corpus, with what was skipped and why; a strict build or an empty corpus stops here."""
        p = self.params
        self.progress.stage("读取语料 reading")
        docs, skipped = read_corpus(p.corpus, p.pattern, p.recursive, p.table_columns)
        for s in skipped:
            self.progress.say(f"  skipped: {s.reason}")
        if skipped and p.strict:
            raise UserError(f"strict mode: {len(skipped)} file(s) skipped, first: {skipped[0].reason}")
        if not docs:
            raise UserError(f"{p.corpus}: no readable documents (skipped: {'; '.join(s.reason for s in skipped)})")
        if self.pdf:
            glyphs.remember(self.cache)  # the fonts' code points as data: reading the CJK font's tables takes seconds
        for w in _warnings(docs, p, self.pdf):
            self.progress.say(f"  {w}")
        return _inputs(docs, skipped, p, self.pdf)

    def finished(self) -> bool:
        """Whether the output folder holds a whole report (the site, and the PDF when one is asked for)."""
        html, pdf = self.build_dir / "html" / "index.html", self.build_dir / "pdf" / "report.pdf"
        return html.is_file() and (not self.pdf or pdf.is_file())

    def up_to_date(self, inputs: _Inputs) -> BuildResult:
        self.progress.done()
        self.progress.say(UP_TO_DATE)
        self.result = BuildResult(
            self.build_dir / "html" / "index.html",
            self.build_dir / "pdf" / "report.pdf" if self.pdf else None,
            up_to_date=True,
        )
        return self.finish(inputs)

    def notebooks(self, inputs: _Inputs) -> tuple[Path, dict]:
        """Analyse the documents, stage the book's data and pages, execute its notebooks; returns
        the staging folder and the corpus information written there."""
        p, progress, cache = self.params, self.progress, self.cache
        # The notebook workers start now: their kernels start and import while this process analyses.
        with notebooks.pool(min(self.jobs or os.cpu_count() or 1, chapters.notebook_count(len(inputs.docs), p))) as workers:
            progress.stage("分析 analysing")
            results, tables = analyse(inputs.docs, p, inputs.code, cache, progress, self.result, self.jobs, self.scheduler)
            for r in results.values():
                for label, n in (r.meta.get("too_long") or {}).items():
                    progress.say(
                        f"  warning: {r.meta['file']}: a {label} of {n:,} characters was read and not taken (too long to be one)"
                    )
            progress.stage("写入数据 writing")
            staged = self.build_dir / ".stage"
            info = stage.corpus_info(results, inputs.skipped, p, inputs.version, inputs.date)
            jobs = chapters.notebook_jobs(staged / "chapters", info["documents"], p)
            outputs = [path for job in jobs for path in notebooks.outputs(job)]
            cjk = glyphs.cjk_class() if self.pdf else None
            data, kept = stage.write_stage(staged, results, tables, info, p, inputs.docs, cjk, inputs.code, self.force, outputs)
            progress.say(f"[写入数据 writing] {kept.written:,} of {len(kept.files):,} files written (the others unchanged)")
            progress.stage("执行笔记本 notebooks")
            notebooks.run(jobs, workers, data, inputs.code, cache, progress, self.result, kept.shas(data))
        for note in cache.notes:
            progress.say(f"  {note}")
        return staged, info

    def sphinx(self, staged: Path, info: dict, code: str) -> tuple[Path, str, Path | None]:
        """Run Jupyter Book (and xelatex) on Sphinx's working copy, kept while the book's navigation
        is the same; returns the copy, its signature and the PDF (None without one)."""
        logs = self.build_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.progress.stage("HTML + PDF" if self.pdf else "HTML")
        work = self.build_dir / "sphinx"
        signature = _book_signature(code, self.params, staged, info["documents"])
        kept = not self.force and incremental.reusable(work, signature)
        written = incremental.prepare(work, staged, signature, fresh=self.force)
        self.progress.say(f"[HTML] {written} changed file(s) for Sphinx")
        try:
            built_pdf = typeset.html_and_pdf(work, logs, self.pdf, self.jobs or os.cpu_count() or 1)
        except BuildError as exc:
            raise BuildError(f"{exc}; {REPAIR if kept or self.result.reused else NOT_THE_CACHE}") from None
        return work, signature, built_pdf

    def finish(self, inputs: _Inputs) -> BuildResult:
        self.progress.done()
        r = self.result
        r.documents, r.skipped, r.timings, r.version = len(inputs.docs), inputs.skipped, self.progress.timings, inputs.version
        return r
