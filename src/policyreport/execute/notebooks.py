"""Parameterized notebooks: fill a template, execute it with papermill, tidy it for the book."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from policyreport.errors import BuildError
from policyreport.execute import templates
from policyreport.execute.templates import load_template
from policyreport.runtime.cache import Cache, digest
from policyreport.runtime.lifecycle import process_pool
from policyreport.runtime.progress import BuildResult, Progress


@dataclass(frozen=True)
class NotebookJob:
    """One page from a template: the executed notebook's path (or, `inline`, the Markdown page
    rendered without a kernel, see build.inline), its parameters, its title tokens."""

    name: str
    template: str
    output: Path
    parameters: dict
    tokens: dict
    inline: bool = False
    language: str = "zh"


def outputs(job: NotebookJob) -> list[Path]:
    """What a job writes into the staging folder: its page, and a page made without a kernel the
    folder of its figures."""
    if not job.inline:
        return [job.output]
    from policyreport.execute.inline import figure_folder

    return [job.output, figure_folder(job.output)]


def prepare(job: NotebookJob) -> Path:
    """Write the template as .ipynb next to its output, with the title tokens filled in."""
    import nbformat

    nb = load_template(job.template, job.tokens, job.language)
    job.output.parent.mkdir(parents=True, exist_ok=True)
    src = job.output.with_suffix(".input.ipynb")
    nbformat.write(nb, src)
    return src


def tidy(path: Path) -> None:
    """Hide papermill's injected-parameters cell and drop run-specific metadata and random ids."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # papermill gives its injected cell a random id
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.execution_count = None
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = None
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, path)


# What every notebook imports: a worker's kernel imports it once, not once per notebook.
PRELOAD = (
    "import os as _os\nfrom policyreport.runtime.lifecycle import die_with_parent as _d\n"
    "_d(int(_os.environ.get('JPY_PARENT_PID', _os.getppid())))\ndel _os, _d\n"  # the kernel dies with its worker
    "import policyreport.execute.reads as _r\n_r.warm_kernel()\ndel _r\n"
)
_WORKER: dict = {}


def _reset_code(cwd: Path, language: str = "zh", data: Path | None = None, figures: tuple | None = None) -> str:
    """Run before each notebook on a re-used kernel: an empty namespace, no open figure, its own
    folder, the report's language (report.i18n); with `data`, the files it opens there are
    recorded (`execute.reads`); with `figures` (cache folder, code hash, whether to read it), its
    charts keep their figures there (`report.figure_cache`), else none are kept. `%reset -f`
    without its two full garbage collections: they took a quarter of a second a notebook on a
    kernel holding pandas, matplotlib and jieba's tables, and the collector runs by itself anyway."""
    record = f"import policyreport.execute.reads as _r\n_r.start({str(data)!r})\ndel _r\n" if data else ""
    kept = f"import policyreport.report.figure_cache as _f\n_f.use(*{tuple(figures or (None,))!r})\ndel _f\n"
    return (
        "def _reset(ip=get_ipython()):\n    import gc\n    collect, gc.collect = gc.collect, lambda *a, **k: 0\n"
        "    try:\n        ip.run_line_magic('reset', '-f')\n    finally:\n        gc.collect = collect\n_reset()\n"
        "import os as _os, matplotlib.pyplot as _plt\nfrom policyreport.report import i18n as _i18n\n"
        f"_os.chdir({str(cwd)!r})\n_plt.close('all')\n_i18n.use({language!r})\ndel _os, _plt, _i18n\n" + kept + record
    )


READS_EXPRESSION = "__import__('json').dumps(__import__('policyreport.execute.reads', fromlist=['x']).recorded())"


async def _run_silently(kc, code: str, timeout: float = 300) -> None:
    reply = await kc.execute(code, silent=True, store_history=False, reply=True, timeout=timeout)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")


def _kernel():
    """This worker's kernel and its client, started (and the notebooks' modules imported) on first
    use or after the kernel died. One client for all the worker's notebooks: a new client waits
    for the kernel to be ready and then 0.2 s for IOPub to fall silent, every notebook."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = _WORKER.get("km")
    if km is not None and run_sync(km.is_alive)():
        return km, _WORKER["kc"]
    if "kc" in _WORKER:  # the kernel died (a notebook crashed it): a new kernel, a new client
        _WORKER.pop("kc").stop_channels()
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    from policyreport.execute import forked_kernel

    if "started" not in _WORKER and forked_kernel.available():  # a warm build: forked, the first time
        km, kc = forked_kernel.start()
    else:
        with ports_taken():
            km = AsyncKernelManager(kernel_name="python3")
            run_sync(km.start_kernel)()
            kc = km.client()
            kc.start_channels()
            run_sync(kc.wait_for_ready)(timeout=60)
    _WORKER["km"], _WORKER["kc"], _WORKER["started"] = km, kc, True
    kc.allow_stdin = False
    run_sync(_run_silently)(kc, PRELOAD)
    return km, kc


@contextmanager
def ports_taken() -> Iterator[None]:
    """One kernel start at a time among this user's processes, from choosing its ports until it
    answers (it has bound them then). jupyter_client chooses a kernel's ports by binding and closing
    a socket, so two workers starting kernels at once can be handed the same port; the client of one
    then talks to the other's kernel and fails on its messages ("Invalid Signature"; jupyter_client
    issue 487, which its port cache avoids only within one process). A forked kernel
    (`forked_kernel`) binds its own ports and needs no turn. "Invalid Signature" still happens now
    and then without a known cause; `execute` runs such a notebook again on a new kernel."""
    import fcntl

    from policyreport.runtime.server import folder

    try:
        fh = open(folder() / "kernel-ports.lock", "a")  # noqa: SIM115 — closed below, which releases the lock
    except OSError:
        yield  # no private folder to hold the lock in: as jupyter_client alone does
        return
    try:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield
    finally:
        fh.close()


def _stop_kernel() -> None:
    kc, km = _WORKER.pop("kc", None), _WORKER.pop("km", None)
    if kc is not None:
        kc.stop_channels()
    if km is not None:
        from jupyter_core.utils import run_sync

        run_sync(km.shutdown_kernel)(now=True)


def start_worker() -> None:
    """Process-pool initializer: silence the kernel's start-up chatter, start the kernel at once
    (it warms up while the parent still analyses, at a lower priority so that the analysis, which
    everything waits for, keeps a whole core) and shut it down when the worker exits."""
    from multiprocessing.util import Finalize

    os.nice(10)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    Finalize(None, _stop_kernel, exitpriority=10)
    _warm_up()


def _warm_up(attempts: int = 2) -> None:
    """Start the worker's kernel ahead of its first notebook, once more if the first start fails
    (a niced kernel can miss its 60 s to answer while another build loads both cores); a kernel that
    cannot start at all breaks the pool, which the build reports as such."""
    for attempt in range(attempts):
        try:
            _kernel()
            return
        except Exception:
            with suppress(Exception):
                _stop_kernel()  # forgets the half-started kernel whatever its shutdown does
            if attempt == attempts - 1:
                raise


@cache
def _engine() -> str:
    """papermill's nbclient engine, on the worker's long-lived kernel instead of a new one per
    notebook; registered once per worker, returns its name."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmClient(PapermillNotebookClient):
        reset = ""

        def papermill_execute_cells(self):
            reply = self.wait_for_reply(self.kc.execute(self.reset, silent=True, store_history=False))
            if not reply or reply["content"]["status"] != "ok":
                raise RuntimeError("could not reset the kernel before the notebook")
            super().papermill_execute_cells()
            if _WORKER.get("data") is not None:  # what the notebook read, for its cache key
                msg = self.kc.execute("", silent=True, store_history=False, user_expressions={"r": READS_EXPRESSION})
                reply = self.wait_for_reply(msg)
                value = (reply or {}).get("content", {}).get("user_expressions", {}).get("r", {})
                if value.get("status") != "ok":
                    raise RuntimeError("could not read which files the notebook opened")
                _WORKER["reads"] = json.loads(ast.literal_eval(value["data"]["text/plain"]))

        def execute(self, **kwargs):
            try:
                return super().execute(**kwargs)
            finally:
                self.kc = None  # the worker's client stays open for its next notebook

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            from papermill.engines import logger

            km, kc = _kernel()
            client = WarmClient(
                nb_man,
                km=km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client.kc = kc
            client.reset = _reset_code(_WORKER["cwd"], _WORKER.get("language", "zh"), _WORKER.get("data"), _WORKER.get("figures"))
            return client.execute()

    papermill_engines.register("policyreport-warm", WarmKernelEngine)
    return "policyreport-warm"


def _render_inline(job: NotebookJob) -> tuple[str, str | None]:
    from policyreport.execute import inline

    cwd = os.getcwd()
    try:
        os.chdir(job.output.parent)  # the template's paths (data_dir) are relative to its page, as in a kernel
        inline.render(job.template, job.tokens, job.parameters, job.output, language=job.language)
    except Exception as exc:  # a failing cell names the page, like a failing notebook
        return job.name, f"{type(exc).__name__}: {str(exc)[:300]} (page {job.output})"
    finally:
        os.chdir(cwd)
    return job.name, None


# What a failure of the kernel or of its messages says, as against an error of the notebook's code
# (papermill's PapermillExecutionError, with the cell's traceback): a message signed with another
# kernel's key, an IOPub message that never came, a kernel that died.
KERNEL_FAULTS = ("Invalid Signature", "Timeout waiting for IOPub output", "DeadKernelError", "Kernel died")


def kernel_fault(exc: BaseException) -> bool:
    """Whether `exc` is the kernel's failure rather than the notebook's (`KERNEL_FAULTS`)."""
    from papermill.exceptions import PapermillExecutionError

    text = f"{type(exc).__name__}: {exc}"
    return not isinstance(exc, PapermillExecutionError) and any(fault in text for fault in KERNEL_FAULTS)


def execute(job: NotebookJob, data: Path | None = None, figures: tuple | None = None) -> tuple[str, str | None, list[str] | None]:
    """Run one notebook with papermill on the worker's kernel; returns (name, None, reads) or
    (name, error message naming the notebook, None). With `data`, `reads` lists the files the
    notebook opened there (else None); `figures`: where its charts keep their figures (`_reset_code`).
    A notebook whose kernel failed under it (`kernel_fault`) runs once more on a new kernel: the
    same notebook from the start, so the same output; an error of its own code is reported at once."""
    if job.inline:
        return (*_render_inline(job), None)
    import papermill as pm

    src = prepare(job)
    try:
        for attempt in (1, 2):
            _WORKER["data"], _WORKER["reads"], _WORKER["figures"] = data, None, figures
            _WORKER["cwd"] = job.output.parent.resolve()
            _WORKER["language"] = job.language
            try:
                pm.execute_notebook(
                    str(src),
                    str(job.output),
                    parameters=job.parameters,
                    engine_name=_engine(),
                    kernel_name="python3",
                    progress_bar=False,
                    log_output=False,
                    request_save_on_cell_execute=False,
                )
                break
            except Exception as exc:  # papermill raises PapermillExecutionError and kernel errors alike
                if attempt == 1 and kernel_fault(exc):
                    with suppress(Exception):
                        _stop_kernel()
                    continue
                first = str(exc).strip().splitlines()
                detail = next((ln for ln in reversed(first) if ln.strip()), type(exc).__name__)
                return job.name, f"{detail[:300]} (the executed notebook with the traceback: {job.output})", None
    finally:
        src.unlink(missing_ok=True)
    tidy(job.output)
    reads = _WORKER.get("reads")
    if data is not None and reads is None:
        return job.name, f"no record of the files it read (the executed notebook: {job.output})", None
    return job.name, None, reads


def _timed(
    job: NotebookJob, data: Path | None, figures: tuple | None = None
) -> tuple[float, tuple[str, str | None, list[str] | None]]:
    """`execute` and the seconds it took in the worker (for `_schedule`)."""
    started = time.perf_counter()
    out = execute(job, data, figures)
    return time.perf_counter() - started, out


SCHEDULE_KEY = "seconds"  # one entry: the last run time of each notebook, by name


def _schedule(jobs: list[NotebookJob], cache: Cache) -> list[NotebookJob]:
    """The notebooks in the order they are handed to the workers: longest first (by the time
    each took when it last ran), so that no long notebook starts last and keeps one worker busy
    while the other idles; without a record, the corpus chapters (which read the whole corpus)
    before the document pages. Only the order changes, never what a notebook shows."""
    seconds = cache.load_object("schedule", "notebooks", SCHEDULE_KEY)
    seconds = seconds if isinstance(seconds, dict) else {}

    def weight(job: NotebookJob) -> tuple[float, int]:
        known = seconds.get(job.name)
        return (-known if isinstance(known, (int, float)) else 0.0, job.parameters.get("doc_id") is not None)

    return sorted(jobs, key=weight)


def _remember_times(cache: Cache, took: dict[str, float]) -> None:
    """Add this build's notebook times to the record `_schedule` reads."""
    if not took:
        return
    seconds = cache.load_object("schedule", "notebooks", SCHEDULE_KEY)
    seconds = dict(seconds) if isinstance(seconds, dict) else {}
    seconds.update({name: round(t, 2) for name, t in took.items()})
    cache.save_object("schedule", "notebooks", SCHEDULE_KEY, seconds)


@contextmanager
def pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes for papermill, each with its kernel started (and warmed up) at once;
    they die with the build (see `lifecycle`)."""
    with process_pool(workers, start_worker) as pool:
        pool.submit(int)  # forks every worker now rather than at the first notebook
        yield pool


def tracked(job: NotebookJob) -> bool:
    """Whether the notebook is keyed by the files it opened: the package's corpus chapters (a
    document's page reads its own folder; a project's own notebook is keyed by the whole folder)."""
    return not job.inline and job.parameters.get("doc_id") is None and templates.is_package(job.template)


def keeps_figures(job: NotebookJob) -> bool:
    """Whether the notebook's charts keep their figures (`report.figure_cache`): the package's own
    chapters and document pages run in a kernel, whose charts' figures go to `glue_figure` as drawn
    (a project's own notebook may change a figure after its chart drew it)."""
    return not job.inline and templates.is_package(job.template)


def _head(job: NotebookJob, c_hash: str) -> str:
    """What an executed notebook depends on besides the data: code, template, parameters, tokens."""
    template = templates.path(job.template)
    return digest(
        c_hash,
        job.template,
        hashlib.sha256(template.read_bytes()).hexdigest() if not templates.is_package(job.template) else "",
        job.inline,
        job.language,
        json.dumps(job.tokens, sort_keys=True, ensure_ascii=False),
        json.dumps(job.parameters, sort_keys=True),
    )


def _sha(path: Path, rel: str, shas: dict[str, str]) -> str:
    """A data file's SHA-256: as the staging step recorded it (`KeptFolder.shas`), else read."""
    return shas.get(rel) or hashlib.sha256(path.read_bytes()).hexdigest()


def _by_document(names: list[str]) -> dict[str, list[str]]:
    """The data folder's files (relative paths) by the document whose folder holds them."""
    out: dict[str, list[str]] = {}
    for rel in names:
        parts = rel.split("/", 2)
        if len(parts) == 3 and parts[0] == "documents":
            out.setdefault(parts[1], []).append(rel)
    return out


def _key(
    job, data: Path, c_hash: str, names: list[str] | None = None, by_document: dict | None = None, shas: dict | None = None
) -> str:
    """What an executed notebook depends on: code, its parameters and the data files it reads.

    A document's chapter reads only its own folder (`store.DocumentData`: its tables and the
    rows of the corpus tables it shows); a project's own notebook is keyed by the whole data folder;
    a corpus chapter by what it opened when it last ran (`_read_key`). A template of the project's
    own (a chapter of the user's, or one replacing the package's) keys by its contents; the
    package's are code. `names`: the data folder's files (listed here when not given), `by_document`
    the same by document (`_by_document`); `shas`: their SHA-256 where known.
    """
    if names is None:
        names = sorted(_listing(data))
        by_document = _by_document(names)
    doc_id = job.parameters.get("doc_id")
    files = names if doc_id is None else (by_document or {}).get(doc_id, [])
    return digest(_head(job, c_hash), *(f"{rel}\t{_sha(data / rel, rel, shas or {})}" for rel in sorted(files)))


def _read_key(head: str, data: Path, names: list[str], reads: list[str], shas: dict[str, str]) -> str:
    """The key of a corpus chapter that opened the files `reads` (of the data folder, or absolute
    paths): their contents, and the names of all the data folder's files (a chapter may test
    whether a file exists without opening it)."""
    parts = []
    for rel in reads:  # relative to the data folder, or absolute (a dictionary a chapter shows)
        path = data / rel
        parts.append(f"{rel}\t{_sha(path, rel, shas) if path.is_file() else '-'}")
    return digest(head, "\n".join(names), *parts)


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below `folder` with its size and modification time."""
    out = {}
    for root, _, names in os.walk(folder):
        for name in names:
            st = os.stat(os.path.join(root, name))
            out[os.path.relpath(os.path.join(root, name), folder)] = (st.st_size, st.st_mtime_ns)
    return out


def _fetch(cache: Cache, job: NotebookJob, key: str) -> bool:
    """The executed notebook, or the rendered page with its figures, from the cache."""
    if not job.inline:
        return cache.fetch_file("notebooks", job.output.stem, key, job.output)
    from policyreport.execute import inline

    return inline.restore(cache.load_object("pages", job.output.stem, key), job.output)


def _store(cache: Cache, job: NotebookJob, key: str) -> None:
    if not job.inline:
        cache.store_file("notebooks", job.output.stem, key, job.output)
        return
    from policyreport.execute import inline

    cache.save_object("pages", job.output.stem, key, inline.page_files(job.output))


def run(
    jobs: list[NotebookJob],
    workers: ProcessPoolExecutor,
    data: Path,
    code_hash: str,
    cache: Cache,
    progress: Progress,
    result: BuildResult,
    shas: dict[str, str] | None = None,
) -> None:
    """Execute the notebooks whose inputs changed (the others come from the cache), in parallel.
    A notebook may not write into the data folder: what a notebook re-used from the cache does
    not run would then be missing, so the build writes every file there itself. `shas`: the
    SHA-256 of the data files the staging step recorded (by path in the data folder), so that
    the keys do not read them again."""
    before = _listing(data)
    names = sorted(before)
    by_document, shas = _by_document(names), shas or {}
    keys: dict[str, str] = {}
    to_run = []
    for job in jobs:
        if tracked(job):  # keyed by the files it opened when it last ran with this code and parameters
            reads = cache.load_object("reads", job.output.stem, _head(job, code_hash))
            if isinstance(reads, list) and all(
                isinstance(r, str) and (r.startswith("/") or ".." not in r.split("/")) for r in reads
            ):
                keys[job.name] = _read_key(_head(job, code_hash), data, names, reads, shas)
        else:
            keys[job.name] = _key(job, data, code_hash, names, by_document, shas)
        if job.name in keys and _fetch(cache, job, keys[job.name]):
            result.reused.append(job.name)
        else:
            to_run.append(job)
    if result.reused:
        progress.say(f"[执行笔记本 notebooks] re-used {len(result.reused)} unchanged notebook(s) from the cache")
    failures, took = [], {}
    try:
        figures = (str(cache.folder.resolve()), code_hash, cache.enabled)
        futures = {
            workers.submit(_timed, job, data.resolve() if tracked(job) else None, figures if keeps_figures(job) else None): job
            for job in _schedule(to_run, cache)
        }
        for i, fut in enumerate(as_completed(futures), start=1):
            job = futures[fut]
            took[job.name], (name, error, reads) = fut.result()
            progress.step(i, len(to_run), name + (" FAILED" if error else ""))
            if error:
                failures.append(f"notebook '{name}': {error}")
            else:
                if tracked(job):
                    head = _head(job, code_hash)
                    keys[job.name] = _read_key(head, data, names, reads, shas)
                    cache.save_object("reads", job.output.stem, head, reads)
                _store(cache, job, keys[job.name])
                result.executed.append(name)
    except BrokenProcessPool:
        raise BuildError(
            "step 'notebooks' failed: a notebook worker or its Jupyter kernel could not start "
            "or died (is ipykernel installed in this Python environment?)"
        ) from None
    _remember_times(cache, took)
    if failures:
        raise BuildError("step 'notebooks' failed: " + "; ".join(sorted(failures)))
    changed = sorted(set(_listing(data).items()) - set(before.items()))
    if changed:
        raise BuildError(
            f"step 'notebooks' failed: the notebooks wrote {len(changed)} file(s) into the data folder "
            f"(first: {changed[0][0]}); write them in build.stage, so that they exist when the notebook comes from the cache"
        )
