"""Hostile files of each format: each is refused with a one-line reason naming the file, and nothing
is expanded, executed, fetched or read from outside the corpus."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from policyreport.ingest import corpus, formats
from policyreport.ingest.formats import archive, html, tables
from policyreport.ingest.formats.base import DecodeError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XXE = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
LAUGHS = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def docx(document: str) -> bytes:
    return make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": document.encode()})


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A minimal PDF of the given objects (1 is the catalogue), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


PAGES = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
]


def refused(name: str, data: bytes, match: str) -> str:
    with pytest.raises(DecodeError, match=match) as exc:
        formats.read(name, data)
    assert "\n" not in str(exc.value)
    return str(exc.value)


@pytest.mark.parametrize(("name", "part"), [("a.docx", "word/document.xml"), ("a.ofd", "OFD.xml"), ("a.xlsx", "xl/workbook.xml")])
def test_zip_bomb_is_refused_before_expanding(name, part):
    refused(name, make_zip({part: b"<x/>", "big.xml": b" " * 30_000_000}), "zip bomb")


def test_zip_with_too_many_members_is_refused():
    members = {"OFD.xml": b"<x/>", **{f"m{i}": b"" for i in range(archive.MAX_MEMBERS + 1)}}
    refused("a.ofd", make_zip(members), "members")


def test_docx_external_entity_is_refused():
    body = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
    refused("a.docx", docx(XXE + body), "DOCTYPE")


def test_ofd_entity_expansion_is_refused():
    refused("a.ofd", make_zip({"OFD.xml": (LAUGHS + "<d>&b;</d>").encode()}), "DOCTYPE")


def test_dtd_after_a_long_prolog_is_still_refused():
    data = b'<?xml version="1.0"?><!--' + b"x" * 5000 + b"-->" + XXE.split("?>", 1)[1].encode() + b"<d>&x;</d>"
    with pytest.raises(DecodeError, match="DOCTYPE"):
        archive.xml(data, "part.xml")


def test_xlsx_external_entity_is_refused():
    book = openpyxl.Workbook()
    book.active.append(["标题", "内容"])
    buf = io.BytesIO()
    book.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    members = {n: src.read(n) for n in src.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = XXE.encode() + (sheet.split(b"?>", 1)[1] if b"?>" in sheet else sheet)
    refused("a.xlsx", make_zip(members), "DOCTYPE")


def test_ofd_part_outside_the_archive_is_not_read():
    ofd = b'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>/../../etc/passwd</ofd:DocRoot></ofd:DocBody></ofd:OFD>'
    refused("a.ofd", make_zip({"OFD.xml": ofd}), "lacks its part")


def test_pdf_with_javascript_is_refused():
    catalogue = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    data = pdf([catalogue, *PAGES[1:], b"<< /S /JavaScript /JS (app.alert(1)) >>"])
    refused("a.pdf", data, "JavaScript")


def test_encrypted_pdf_is_refused():
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <%s> /U <%s> >>" % (b"11" * 32, b"22" * 32)
    data = pdf([*PAGES, encrypt], b"/Encrypt 4 0 R /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16))
    refused("a.pdf", data, "encrypted")


def test_pdf_without_text_layer_is_skipped():
    refused("scan.pdf", pdf(PAGES), "no text layer")


def test_misnamed_files_are_named():
    refused("a.docx", "不是压缩文件".encode(), r"named \.docx")
    refused("a.xlsx", b"a,b\n1,2\n", r"named \.xlsx")
    refused("a.zip.docx", make_zip({"readme.txt": b"hi"}), "zip archive that is not")


def test_huge_html_is_refused_by_size(tmp_path):
    (tmp_path / "big.html").write_bytes(b"<p>" + "中".encode() * (corpus.MAX_BYTES // 3 + 1) + b"</p>")
    docs, skipped = corpus.read_corpus(tmp_path)
    assert docs == [] and skipped[0].reason.startswith("big.html is ") and "larger than the limit" in skipped[0].reason


def test_html_with_too_many_elements_is_refused(monkeypatch):
    monkeypatch.setattr(html, "MAX_ELEMENTS", 1000)
    refused("a.html", ("<p>政策</p>" * 2000).encode(), "elements")


def test_deeply_nested_html_is_refused_with_the_reason():
    page = ("<div>" * 100_000 + "关于印发办法的通知" + "</div>" * 100_000).encode()
    refused("deep.html", page, "nested deeper than 256 levels")


def test_html_entities_and_frames_fetch_nothing():
    page = (
        '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body>'
        '<iframe src="file:///etc/passwd"></iframe><img src="http://127.0.0.1:9/x.png">'
        "<div id='zoom'><p>关于印发办法的通知&x;</p></div></body></html>"
    ).encode()
    text = formats.read("a.html", page).documents[0].text
    assert "root:" not in text and "关于印发办法的通知" in text


def test_ragged_csv_rows_are_counted():
    data = "标题,正文\n通知,各单位：现印发。\n多,了,两,格\n".encode()
    result = formats.read("r.csv", data)
    assert len(result.documents) == 1
    assert result.notes == ["1 row with more cells than the header (ragged table): not read"]


def test_huge_csv_cell_and_row_count_are_bounded(monkeypatch):
    refused("h.csv", b"title,text\na," + b"x" * (tables.MAX_CELL + 10) + b"\n", "CSV")
    monkeypatch.setattr(tables, "MAX_ROWS", 5)
    rows = "\n".join(f"通知{i},各单位：第{i}条。" for i in range(10))
    result = formats.read("many.csv", ("标题,正文\n" + rows).encode())
    assert len(result.documents) == 5 and result.notes == ["rows after 5 not read (limit)"]


def test_csv_with_too_many_columns_is_refused():
    refused("w.csv", (",".join(f"c{i}" for i in range(tables.MAX_COLUMNS + 1)) + "\n").encode(), "columns")


def test_skipped_lines_name_the_file(tmp_path):
    (tmp_path / "bomb.docx").write_bytes(make_zip({"word/document.xml": b"<x/>", "big": b" " * 30_000_000}))
    docs, skipped = corpus.read_corpus(tmp_path)
    assert docs == [] and skipped[0].file == "bomb.docx" and skipped[0].reason.startswith("bomb.docx ")
