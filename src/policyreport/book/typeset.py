"""Jupyter Book runs on the staged book: the HTML (strict) and the LaTeX, typeset by xelatex."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path

from policyreport.errors import BuildError
from policyreport.runtime import lifecycle

# TeX may read and write only below the LaTeX folder (kpathsea's paranoid mode: no absolute
# paths, no `..`, no dot files) and run no program (shell escape off, also on the command line).
TEX_ENV = dict(os.environ, openin_any="p", openout_any="p", shell_escape="f")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _sphinx_loaded() -> bool:
    """Whether this process is a warm build's (`runtime.server`), which has imported Sphinx, Jupyter
    Book and their extensions and jieba's dictionary (Sphinx's Chinese search index): Sphinx then
    runs forked from it (`lifecycle.fork_call`) instead of as a new Python that imports them again."""
    from policyreport.runtime.server import SERVING_ENV

    return bool(os.environ.get(SERVING_ENV)) and "jupyter_book.cli.main" in sys.modules


def jupyter_book(stage: Path, builder: str, log: Path, output: Path | None = None, jobs: int = 1, nice: int = 0) -> None:
    """One Jupyter Book build of the staged book; `output` gets its own _build/ (and doctrees),
    so that the HTML and the PDF can be built at the same time. `jobs`: Sphinx processes that
    read and write the pages (`jupyter_book_cli`); `nice`: added to the processes' niceness."""
    cmd = [
        sys.executable,
        "-m",
        "policyreport.sphinxext.jupyter_book_cli",
        str(jobs),
        "build",
        str(stage),
        "--path-output",
        str(output or stage),
        "--builder",
        builder,
        "-n",
        "--keep-going",
    ]
    if builder == "html":
        cmd.append("-W")
    env = dict(os.environ, PYTHONWARNINGS="ignore", POLICYREPORT_NICE=str(nice))
    with open(log, "w", encoding="utf-8") as fh:
        if _sphinx_loaded():  # a warm build: forked from it
            from policyreport.sphinxext import jupyter_book_cli

            proc = lifecycle.fork_call(jupyter_book_cli.main, cmd[3:], fh, stage, env)
        else:
            proc = lifecycle.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=stage)
    if proc.returncode != 0:
        text = ANSI.sub("", log.read_text(encoding="utf-8", errors="replace"))
        first = next((ln.strip() for ln in text.splitlines() if "WARNING" in ln or "ERROR" in ln or "Error" in ln), "")
        detail = f": {first[:300]}" if first else ""
        raise BuildError(f"step '{builder}' failed (Jupyter Book exit code {proc.returncode}{detail}); log: {log}")


# The PDF driver that reads each page as xelatex writes it, on the other core:
# -C 0x20, no PNG predictor before Flate: the figures' pixels are compressed 30 % faster and the
# PDF is smaller (60 documents: 3.1 → 2.2 s, 9.7 → 8.9 MB); -z 9: 1 s more for 2 %.
PDF_DRIVER = ["xdvipdfmx", "-q", "-C", "0x20", "-z", "6", "-o", "report.pdf"]


_LONGTABLE_WIDTHS = b"\\gdef \\LT@"


def _aux_statements(aux: bytes) -> tuple[list[bytes], dict[bytes, bytes]] | None:
    """The .aux as its statements in order, with longtable's column widths (`\\gdef \\LT@…`) apart
    by table; None when its lines are not the statements and indented continuations LaTeX writes,
    or a table's widths are written twice."""
    statements: list[bytes] = []
    for line in aux.splitlines(keepends=True):
        if line.startswith(b"\\"):
            statements.append(line)
        elif line.startswith(b" ") and statements:
            statements[-1] += line
        else:
            return None
    others = [s for s in statements if not s.startswith(_LONGTABLE_WIDTHS)]
    widths = {s.split(b"{", 1)[0]: s for s in statements if s.startswith(_LONGTABLE_WIDTHS)}
    if len(widths) != len(statements) - len(others):
        return None
    return others, widths


def same_aux(before: bytes, after: bytes) -> bool:
    """Whether a pass that wrote `after` read the same cross-references (`before`). longtable writes
    its column widths at once (`\\immediate`), the labels and contents lines are written as their
    pages are shipped out, so a table's widths move among them when a page break moves without any
    value changing; every value, and the order of everything else, still has to be the same."""
    if before == after:
        return True
    a, b = _aux_statements(before), _aux_statements(after)
    return a is not None and a == b


_TEX_LABEL = re.compile(rb"\\label\{(?:\\detokenize\{)?([^{}]*)\}")
_AUX_LABEL = re.compile(rb"^\\newlabel\{([^{}]*)\}", re.M)


def new_labels(tex: bytes, aux: bytes) -> bool:
    """Whether the document defines a label the .aux of the last pass does not hold: the next pass
    then writes another .aux, so it cannot be the last (a new section, figure or table, as a new
    context keyword adds)."""
    return not set(_TEX_LABEL.findall(tex)) <= set(_AUX_LABEL.findall(aux))


def _piped_driver(latex_dir: Path, log, env: dict) -> contextlib.AbstractContextManager[subprocess.Popen]:
    """The PDF driver reading report.xdv, made a pipe, as xelatex writes it: what xelatex's
    `-output-driver` does, but the driver is the build's child, not xelatex's, so the pass ends
    when its last page is typeset and a pass that turns out not to be the last does not wait for
    the driver to finish a PDF that is thrown away. The driver's shell opens the pipe, which
    waits for xelatex to open it for writing."""
    os.mkfifo(latex_dir / "report.xdv")
    cmd = ["sh", "-c", 'exec "$@" < report.xdv', "sh", *PDF_DRIVER]
    return lifecycle.started(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=latex_dir, env=env)


def _release(xdv: Path) -> None:
    """Open and close the pipe for writing, so that a driver still waiting for xelatex (a pass that
    wrote no page) reads an empty file and ends instead of waiting forever."""
    with suppress(OSError):  # ENXIO: no reader left
        os.close(os.open(xdv, os.O_WRONLY | os.O_NONBLOCK))


def xelatex(latex_dir: Path, log: Path, max_passes: int = 4) -> Path:
    """Typeset report.tex: xelatex passes until the cross-reference files (.aux .toc .out) stop
    changing (two or three; one when the last build's files still hold). A pass that may be the
    last has its pages read by the PDF driver as it typesets (`_piped_driver`), which turns them
    into the PDF on the other core (60 documents: 6.0 s + 2.2 s in turn, 6.9 s piped); a first
    pass that is certainly not the last writes no PDF: with no earlier cross-references, or with
    labels they do not hold (`new_labels`).
    Instead of latexmk's three full passes plus xindy: the PDF is on the build's critical path."""
    from policyreport.book.provenance import build_epoch

    pdf = latex_dir / "report.pdf"
    xdv = latex_dir / "report.xdv"
    env = {"SOURCE_DATE_EPOCH": str(build_epoch())} | TEX_ENV

    def refs() -> list[bytes]:
        return [f.read_bytes() if f.is_file() else b"" for f in (latex_dir / f"report.{x}" for x in ("aux", "toc", "out"))]

    def settled(before: list[bytes], after: list[bytes]) -> bool:
        return after[1:] == before[1:] and same_aux(before[0], after[0])

    def failed(what: str, code: int) -> BuildError:
        tex_log = latex_dir / "report.log"
        text = tex_log.read_text(encoding="utf-8", errors="replace") if tex_log.is_file() else ""
        first = next((ln for ln in text.splitlines() if ln.startswith("! ")), "")
        detail = f" ({first[2:].strip()})" if first else ""
        return BuildError(f"step 'pdf' failed: {what} stopped with exit code {code}{detail}; log: {log}")

    with open(log, "a", encoding="utf-8") as fh:
        aux = latex_dir / "report.aux"  # left by the last build of the working copy
        previous = aux.is_file() and not new_labels((latex_dir / "report.tex").read_bytes(), aux.read_bytes())
        try:
            for n in range(1, max_passes + 1):
                before = refs()
                maybe_last = n > 1 or previous
                pdf.unlink(missing_ok=True)
                xdv.unlink(missing_ok=True)
                cmd = ["xelatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-no-pdf", "report.tex"]
                fh.write(f"\n=== xelatex pass {n}: {' '.join(cmd)}" + (f" | {' '.join(PDF_DRIVER)}\n" if maybe_last else "\n"))
                fh.flush()
                with _piped_driver(latex_dir, fh, env) if maybe_last else contextlib.nullcontext() as driver:
                    proc = lifecycle.run(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=latex_dir, env=env)
                    if proc.returncode != 0:
                        raise failed(f"xelatex pass {n}", proc.returncode)
                    if maybe_last and (settled(before, refs()) or n == max_passes):  # the last pass's PDF, as latexmk's
                        _release(xdv)
                        if driver.wait() != 0:
                            raise failed(f"the PDF driver ({PDF_DRIVER[0]})", driver.returncode)
                        break
        finally:
            with suppress(OSError):
                if xdv.is_fifo():
                    xdv.unlink()
    if not pdf.is_file():
        raise BuildError(f"step 'pdf' failed: xelatex's PDF driver ({' '.join(PDF_DRIVER)}) wrote no PDF; log: {log}")
    return pdf


def pdf(stage: Path, log: Path, jobs: int = 1) -> Path:
    """The PDF: Jupyter Book's LaTeX output of the staged book (read by `jobs` processes), typeset by xelatex."""
    out = stage / "_pdf"
    jupyter_book(stage, "latex", log, out, jobs=jobs)
    return xelatex(out / "_build" / "latex", log)


HTML_NICE = 5  # the HTML build's niceness beside the PDF's chain


def html_and_pdf(work: Path, logs: Path, with_pdf: bool, jobs: int = 1) -> Path | None:
    """The HTML (read and written by `jobs` Sphinx processes) and, when `with_pdf`, the PDF, built
    by two independent processes at the same time; returns the PDF's path. The PDF's chain
    (Sphinx, then xelatex two or three times, then xdvipdfmx) is the longer one, so it reads in
    `jobs` processes too and the HTML build yields the processor to it (`HTML_NICE`), finishing
    in the time the chain leaves. Interrupted, both processes are killed rather than waited for."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        try:
            nice = HTML_NICE if with_pdf else 0
            steps = [pool.submit(jupyter_book, work, "html", logs / "html.log", jobs=jobs, nice=nice)]
            if with_pdf:
                steps.append(pool.submit(pdf, work, logs / "pdf.log", jobs))
            errors = [str(e) for e in (f.exception() for f in steps) if e is not None]
        except BaseException:
            lifecycle.kill_children()
            raise
    if errors:
        raise BuildError("; ".join(errors))
    built = steps[1].result() if with_pdf else None
    if with_pdf and not built.is_file():
        raise BuildError(f"step 'pdf' produced no PDF; log: {logs / 'pdf.log'}")
    return built
