"""The whole report built from the seeds into a temporary folder: HTML, PDF, sources untouched."""

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOLD, SEEDS

from policyreport.book import provenance, typeset
from policyreport.extract.commitments import hand_check
from policyreport.sphinxext.latex import trailer_id

pytestmark = pytest.mark.build


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def html_text(path: Path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def test_artefacts_exist(built_report):
    d = built_report["dir"]
    assert (d / "html" / "index.html").is_file()
    assert (d / "pdf" / "report.pdf").is_file()
    stage, book = d / ".stage", d / "book"  # the staging folder is kept, and published as book/
    assert sorted(p.relative_to(stage) for p in stage.rglob("*")) == sorted(p.relative_to(book) for p in book.rglob("*"))


def test_every_title_in_html_chapter_and_pdf(built_report):
    d = built_report["dir"]
    pdf = subprocess.run(["pdftotext", str(d / "pdf" / "report.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    pdf_flat = re.sub(r"\s+", "", pdf).replace("\u2011", "-")  # xelatex sets - between digits as U+2011
    for file, g in GOLD.items():
        page = d / "html" / "chapters" / "documents" / f"{Path(file).stem}.html"
        title_html = re.search(r"<h1>(.*?)(?:<a|</h1>)", page.read_text(encoding="utf-8"), re.S).group(1)
        assert re.sub(r"\s+", "", title_html) == g["title"]
        assert g["title"] in pdf_flat


def test_pdf_embeds_cjk_fonts(built_report):
    fonts = subprocess.run(
        ["pdffonts", str(built_report["dir"] / "pdf" / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout
    cjk = [ln for ln in fonts.splitlines() if "CJK" in ln]
    assert cjk and all(" yes " in ln for ln in cjk)


def test_the_pdf_is_the_same_bytes_when_typeset_again(built_report, tmp_path):
    """The PDF's dates and file identifier come from the report (its build date and version), not
    the clock: the report's LaTeX typeset again elsewhere gives the same bytes, the creation date
    is the date the title page prints, and the identifier is the report's."""
    d = built_report["dir"]
    latex = d / "sphinx" / "_pdf" / "_build" / "latex"
    again = shutil.copytree(latex, tmp_path / "latex")
    (again / "report.pdf").unlink()
    assert typeset.xelatex(again, tmp_path / "pdf.log").read_bytes() == (d / "pdf" / "report.pdf").read_bytes()
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(d / "pdf" / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(rf"^CreationDate:\s+{provenance.build_date()}T00:00:00", info, re.M)
    report = json.loads((d / "book" / "chapters" / "data" / "corpus.json").read_text(encoding="utf-8"))["report"]
    digest = re.search(r"trailerid \[<([0-9a-f]{32})>", trailer_id(report)).group(1)
    assert f"/ID[<{digest}><{digest}>]".encode() in (d / "pdf" / "report.pdf").read_bytes()


def test_logs_have_no_missing_glyphs_or_warnings(built_report):
    logs = built_report["dir"] / "logs"
    for log in ("html.log", "pdf.log"):
        text = (logs / log).read_text(encoding="utf-8")
        assert "Glyph missing" not in text and "Missing character" not in text
    latex_log = (built_report["dir"] / "book").glob("**/report.log")
    for lg in latex_log:
        assert "Missing character" not in lg.read_text(errors="replace")


def test_numbers_in_prose_come_from_glue(built_report):
    """The abstract's amount is the largest 亿元 figure of the corpus and links to its paragraph."""
    index = (built_report["dir"] / "html" / "chapters" / "index.html").read_text(encoding="utf-8")
    assert "285.4亿元" in html_text(built_report["dir"] / "html" / "chapters" / "index.html")
    assert re.search(r'href="sources/001_4d260a6c99f69cce.html#src-001-4d260a6c99f69cce-p\d+"', index)


def test_figure_table_links_to_source_paragraph(built_report):
    page = (built_report["dir"] / "html" / "chapters" / "documents" / "002_ce116f843137b983.html").read_text(encoding="utf-8")
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*约212亿元(?:(?!</tr>).)*</tr>", page, re.S).group(0)
    anchor = re.search(r'href="\.\./sources/002_ce116f843137b983\.html#(src-002-ce116f843137b983-p\d+)"', row).group(1)
    source = (built_report["dir"] / "html" / "chapters" / "sources" / "002_ce116f843137b983.html").read_text(encoding="utf-8")
    para = re.search(rf'id="{anchor}"(.*?)</p>', source, re.S).group(1)
    assert "总投资约212亿元" in para


def test_no_code_or_injected_parameters_shown(built_report):
    for page in (built_report["dir"] / "html" / "chapters").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "injected-parameters" not in text and "data_dir" not in text, page
        assert "Building prefix dict" not in text and "Traceback" not in text, page


def test_csv_tables_are_downloadable(built_report):
    dl = list((built_report["dir"] / "html" / "_downloads").rglob("*.csv"))
    names = {p.name for p in dl}
    assert {"overview.csv", "similarity.csv", "topics.csv", "quantities.csv"} <= names


def test_bibliography_has_every_document(built_report):
    bib = (built_report["dir"] / "book" / "references.bib").read_text(encoding="utf-8")
    assert bib.count("@misc{") + bib.count("@online{") == len(GOLD)  # a web reprint is @online
    assert "深卫健建函〔2020〕54号" in bib
    page = html_text(built_report["dir"] / "html" / "chapters" / "bibliography.html")
    assert "中山市工业和信息化局" in page


def test_sources_are_not_modified(built_report):
    for f in built_report["corpus"].iterdir():
        assert sha(f) == sha(SEEDS / f.name)


def test_cli_errors_are_one_line_without_traceback(tmp_path):
    cmd = [sys.executable, "-m", "policyreport", "build", "--no-pdf", "--output", str(tmp_path)]
    r = subprocess.run(cmd + ["--corpus", str(tmp_path / "missing")], capture_output=True, text=True)
    assert r.returncode == 2 and "does not exist" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run(cmd + ["--set", "n_key_terms=lots"], capture_output=True, text=True)
    assert r.returncode == 2 and "n_key_terms" in r.stderr and "Traceback" not in r.stderr


def test_extract_json_records():
    import json

    r = subprocess.run(
        [sys.executable, "-m", "policyreport", "extract", "--corpus", str(SEEDS), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["file"] for x in records] == sorted(GOLD)
    for rec in records:
        g = GOLD[rec["file"]]
        assert {k: rec[k] for k in ("title", "issuer", "doc_number", "date", "recipient", "genre", "sections")} == {
            k: g[k] for k in ("title", "issuer", "doc_number", "date", "recipient", "genre", "sections")
        }
        assert all({"text", "value", "unit", "sentence"} <= set(f) for f in rec["figures"])


def test_policy_chapter_has_its_analyses(built_report):
    page = built_report["dir"] / "html" / "chapters" / "policy.html"
    text = html_text(page)
    for heading in ("已完成事项与承诺", "政策工具", "牵头部门", "共词网络", "文件之间的联系", "方法与局限"):
        assert heading in text
    assert page.read_text(encoding="utf-8").count("<img") >= 5
    # 003's articles name their lead departments; 市卫生计生委 leads the most (counted by hand: 25 of 50)
    assert re.search(r"市卫生计生委\s*25\s*43", text)


def test_methods_chapter_reports_the_evaluation(built_report):
    text = html_text(built_report["dir"] / "html" / "chapters" / "methods.html")
    assert "抽取质量评估" in text and "召回率" in text
    assert re.search(r"发文机关\s*5\s*5\s*0\s*0\s*1\.000\s*1\.000", text)  # field names in Chinese (report.labels)
    check = hand_check()  # the commitments hand check shipped with the code, as the chapter states it
    stated = f"人工核对了{check['rows']}行（{check['documents']}份文件），判断正确的占{check['share']:.0%}"
    assert stated in re.sub(r"\s+", "", text)
