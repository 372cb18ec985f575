"""xelatex's passes: until the cross-references hold, the last one piping its pages to the PDF driver."""

from __future__ import annotations

import os
import re
import subprocess
import threading

import pytest
from conftest import require_tex

from policyreport.book import typeset
from policyreport.errors import BuildError
from policyreport.runtime import lifecycle

pytestmark = pytest.mark.build

TEX = r"""\documentclass{article}
\begin{document}
\tableofcontents
\section{First}\label{first}
See section~\ref{second} on page~\pageref{second}.
\newpage
\section{Second}\label{second}
Back to section~\ref{first}.
\end{document}
"""


def passes(log) -> list[tuple[str, str]]:
    """Each pass, and whether the PDF driver read its pages ("| xdvipdfmx") or it wrote no PDF."""
    return [
        (name, "| xdvipdfmx" if piped else "-no-pdf")
        for name, piped in re.findall(r"^=== (xelatex pass \d+): xelatex .*? report\.tex( \| xdvipdfmx)?", log.read_text(), re.M)
    ]


def test_passes_until_references_hold_then_reuse_them(tmp_path):
    require_tex()
    (tmp_path / "report.tex").write_text(TEX)
    log = tmp_path / "pdf.log"
    pdf = typeset.xelatex(tmp_path, log)
    # no earlier .aux: the first pass cannot be the last and writes no PDF; the second resolves the
    # references, finds the .aux it read unchanged and pipes its pages to the driver
    assert passes(log) == [("xelatex pass 1", "-no-pdf"), ("xelatex pass 2", "| xdvipdfmx")]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "See section 2 on page 2." in text and "Back to section 1." in text and "??" not in text

    log.write_text("")
    pdf.unlink()
    typeset.xelatex(tmp_path, log)  # the working copy's .aux still holds: one pass, with its PDF
    assert passes(log) == [("xelatex pass 1", "| xdvipdfmx")]
    assert pdf.is_file()


def test_a_pass_that_is_not_the_last_stops_its_driver(tmp_path):
    """The last build's files no longer hold after an edit: the first pass is piped to the driver
    (it may have been the last), finds the references moved, and the next pass starts without
    waiting for a PDF that would be thrown away; nothing is left running, the pipe is removed."""
    require_tex()
    (tmp_path / "report.tex").write_text(TEX)
    log = tmp_path / "pdf.log"
    typeset.xelatex(tmp_path, log)
    (tmp_path / "report.tex").write_text(TEX.replace("\\newpage", "\\newpage\nMore.\\newpage"))  # Second moves to page 3
    log.write_text("")
    pdf = typeset.xelatex(tmp_path, log)
    assert passes(log) == [("xelatex pass 1", "| xdvipdfmx"), ("xelatex pass 2", "| xdvipdfmx")]
    assert "See section 2 on page 3." in pdf_text(pdf)
    assert not (tmp_path / "report.xdv").exists()
    assert lifecycle.descendants(os.getpid()) == set()


def test_the_last_pass_allowed_keeps_its_pdf(tmp_path):
    """Passes that never settle (page breaks that move each time) end with the last pass's PDF, as
    latexmk's do: its driver is waited for, not stopped."""
    require_tex()
    (tmp_path / "report.tex").write_text(TEX)
    log = tmp_path / "pdf.log"
    typeset.xelatex(tmp_path, log)
    (tmp_path / "report.tex").write_text(TEX.replace("\\newpage", "\\newpage\nMore.\\newpage"))
    pdf = typeset.xelatex(tmp_path, log, max_passes=1)  # the references have moved: not settled
    assert "See section 2 on page 2." in pdf_text(pdf)  # the last build's page, as one pass prints it


def test_a_pass_without_pages_ends_its_driver(tmp_path):
    """A document that typesets no page never opens the pipe: the driver, which waits for it, is
    released and the build fails with a message instead of waiting forever."""
    require_tex()
    (tmp_path / "report.tex").write_text("\\documentclass{article}\n\\begin{document}\n\\end{document}\n")
    (tmp_path / "report.aux").write_text("\\relax \n")
    done = {}

    def typeset_it():
        with pytest.raises(BuildError, match=r"the PDF driver \(xdvipdfmx\) stopped with exit code 1") as info:
            typeset.xelatex(tmp_path, tmp_path / "pdf.log")
        done["error"] = info.value

    worker = threading.Thread(target=typeset_it, daemon=True)
    worker.start()
    worker.join(120)
    assert "error" in done
    assert not (tmp_path / "report.xdv").exists()
    assert lifecycle.descendants(os.getpid()) == set()


AUX = (
    b"\\relax \n"
    b"\\newlabel{a}{{1}{3}{First}{section.1}{}}\n"
    b"\\gdef \\LT@i {\\LT@entry \n    {1}{60.7pt}\\LT@entry \n    {1}{64.9pt}}\n"
    b"\\@writefile{toc}{\\contentsline {section}{First}{3}{section.1}}\n"
    b"\\gdef \\LT@ii {\\LT@entry \n    {1}{32.0pt}}\n"
    b"\\newlabel{b}{{2}{5}{Second}{section.2}{}}\n"
)


def moved(aux: bytes, statement: bytes, before: bytes) -> bytes:
    """`aux` with `statement` taken out and written again just before `before`."""
    aux = aux.replace(statement, b"")
    return aux.replace(before, statement + before)


@pytest.mark.parametrize(
    "after, same",
    [
        (AUX, True),
        # a page break moved: longtable's widths, written at once, land elsewhere among the labels
        (moved(AUX, b"\\gdef \\LT@i {\\LT@entry \n    {1}{60.7pt}\\LT@entry \n    {1}{64.9pt}}\n", b"\\newlabel{b}"), True),
        (moved(AUX, b"\\gdef \\LT@ii {\\LT@entry \n    {1}{32.0pt}}\n", b"\\newlabel{a}"), True),
        (AUX.replace(b"{1}{64.9pt}", b"{1}{66.0pt}"), False),  # a column's width changed
        (AUX.replace(b"{{2}{5}", b"{{2}{6}"), False),  # a page number changed
        (moved(AUX, b"\\newlabel{b}{{2}{5}{Second}{section.2}{}}\n", b"\\newlabel{a}"), False),  # other lines keep their order
        (AUX.replace(b"\\LT@ii", b"\\LT@i"), False),  # one table's widths written twice: the order decides
        (AUX.replace(b"    {1}{32.0pt}}", b"{1}{32.0pt}}"), False),  # not LaTeX's continuation lines: compared as bytes
    ],
)
def test_aux_holds_when_only_longtable_widths_moved(after, same):
    assert typeset.same_aux(AUX, after) is same


LONGTABLE = r"""\documentclass{article}
\usepackage{longtable}
\begin{document}
\tableofcontents
\section{Before}\label{before}
%s
\begin{longtable}{ll}
row & \pageref{after} \\
a much longer cell %s & x \\
\end{longtable}
\newpage
\section{After}\label{after}
See page~\pageref{before} and section~\ref{before}.
\begin{longtable}{l}
last table \\
\end{longtable}
\end{document}
"""


def pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("filler, cell", [("\n\n".join(["Text."] * 60), "wider still"), ("Short.", "")])
def test_incremental_typesetting_equals_a_fresh_one(tmp_path, filler, cell):
    """After an edit that moves the page breaks (and with them where longtable's widths are written)
    or changes a column's width, the passes on the last build's files give the PDF a fresh build gives."""
    require_tex()
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    kept.mkdir(), fresh.mkdir()
    (kept / "report.tex").write_text(LONGTABLE % ("Short.", ""))
    typeset.xelatex(kept, kept / "pdf.log")
    for folder in (kept, fresh):
        (folder / "report.tex").write_text(LONGTABLE % (filler, cell))
    assert pdf_text(typeset.xelatex(kept, kept / "pdf.log")) == pdf_text(typeset.xelatex(fresh, fresh / "pdf.log"))


LABELLED_TEX = rb"\chapter{Overview}\label{\detokenize{chapters/overview:overview}}\label{\detokenize{chapters/overview:id1}}"
NEWLABELS = (
    b"\\newlabel{chapters/overview:overview}{{1}{1}{Overview}{chapter.1}{}}\n"
    b"\\newlabel{chapters/overview:id1}{{1}{1}{Overview}{chapter.1}{}}\n"
)


@pytest.mark.parametrize(
    ("tex", "aux", "new"),
    [
        (LABELLED_TEX, NEWLABELS, False),  # the labels the last pass wrote
        (LABELLED_TEX + rb"\section{KWIC}\label{\detokenize{chapters/overview:kwic}}", NEWLABELS, True),  # a new section
        (rb"\label{\detokenize{chapters/overview:overview}}", NEWLABELS, False),  # one gone: the pass may still settle
        (LABELLED_TEX + rb"\label{fig:own}", NEWLABELS, True),  # a project's own LaTeX label
        (LABELLED_TEX + rb"\label{fig:own}", NEWLABELS + b"\\newlabel{fig:own}{{2}{3}}\n", False),
        (LABELLED_TEX, b"", True),  # no labels yet
    ],
)
def test_a_first_pass_with_new_labels_is_not_the_last(tex, aux, new):
    """The first pass of an incremental build writes no PDF when the document defines a label the
    last pass's .aux lacks: that pass writes another .aux, so another pass follows anyway."""
    assert typeset.new_labels(tex, aux) is new
