"""xelatex's passes: until the cross-references hold, the last one piping its pages to the PDF driver."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import require_tex

from policyreport.book import typeset

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


def passes(log) -> list[str]:
    return re.findall(r"^=== (xelatex pass \d+): .*?(-no-pdf|-output-driver=xdvipdfmx)", log.read_text(), re.M)


def test_passes_until_references_hold_then_reuse_them(tmp_path):
    require_tex()
    (tmp_path / "report.tex").write_text(TEX)
    log = tmp_path / "pdf.log"
    pdf = typeset.xelatex(tmp_path, log)
    # no earlier .aux: the first pass cannot be the last and writes no PDF; the second resolves the
    # references, finds the .aux it read unchanged and pipes its pages to the driver
    assert passes(log) == [("xelatex pass 1", "-no-pdf"), ("xelatex pass 2", "-output-driver=xdvipdfmx")]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "See section 2 on page 2." in text and "Back to section 1." in text and "??" not in text

    log.write_text("")
    pdf.unlink()
    typeset.xelatex(tmp_path, log)  # the working copy's .aux still holds: one pass, with its PDF
    assert passes(log) == [("xelatex pass 1", "-output-driver=xdvipdfmx")]
    assert pdf.is_file()
