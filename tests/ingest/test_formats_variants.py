"""Variants of each format the development set has no real copy of, built here (constructed, not
real documents): an OFD whose text is one TextObject a character and whose title and 文号 are split
over runs, a crawled CSV where most rows are empty, text layers garbled in other ways than the
standards-press PDF of the development set."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from policyreport.ingest import corpus, formats
from policyreport.ingest.formats.base import DecodeError
from policyreport.ingest.formats.layout import garbled

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
LETTER = (
    "国务院办公厅关于进一步加强政务公开工作的通知。各省、自治区、直辖市人民政府，国务院各部委、各直属机构：现将有关事项通知如下。"
)


def _ofd(lines: list[list[tuple[float, str]]], per_char: bool) -> bytes:
    """An OFD page: each line a list of (x in mm, text) runs at one baseline; `per_char`: every
    character its own TextObject (as some converters write), else one TextCode a run with DeltaX."""
    objects, oid = [], 10
    for row, runs in enumerate(lines):
        y = 40.0 + 10.0 * row
        for x, text in runs:
            pieces = [(x + 5.0 * i, c) for i, c in enumerate(text)] if per_char else [(x, text)]
            for px, piece in pieces:
                oid += 1
                delta = " ".join(["5.0"] * (len(piece) - 1))
                objects.append(
                    f'<ofd:TextObject ID="{oid}" Font="1" Size="5.0" Boundary="{px} {y} {5.0 * len(piece)} 7.0">'
                    f'<ofd:TextCode X="0" Y="5.0" DeltaX="{delta}">{piece}</ofd:TextCode></ofd:TextObject>'
                )
    content = f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="2">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    document = (
        f"<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
        '</ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
        "</ofd:Pages></ofd:Document>"
    )
    root = f"<ofd:OFD {NS} Version='1.0' DocType='OFD'><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("OFD.xml", root)
        zf.writestr("Doc_0/Document.xml", document)
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", content)
    return buf.getvalue()


# A 批复 laid out as GB/T 9704 prints it; the title broken over two runs mid-word, the 文号 over three.
PAGE = [
    [(60.0, "某县人民政府文件")],
    [(75.0, "某政复〔"), (95.0, "2024"), (115.0, "〕3号")],
    [(40.0, "某县人民政府关于同意设立示例"), (110.0, "中心的批复")],
    [(28.0, "县民政局：")],
    [(38.0, "你局《关于设立示例中心的请示》收悉。经研究，同意设立。")],
    [(120.0, "某县人民政府")],
    [(118.0, "2024年3月5日")],
    [(100.0, "— 1 —")],
]


@pytest.mark.parametrize("per_char", [True, False])
def test_ofd_runs_are_joined_into_the_lines_they_print(per_char):
    paras = formats.read("a.ofd", _ofd(PAGE, per_char)).documents[0].text.strip().split("\n\n")
    assert paras[:4] == ["某县人民政府文件", "某政复〔2024〕3号", "某县人民政府关于同意设立示例中心的批复", "县民政局："]
    assert paras[-2:] == ["某县人民政府", "2024年3月5日"]
    assert "— 1 —" not in paras


def test_ofd_with_a_garbled_text_layer_is_skipped():
    shifted = [
        [(20.0, "".join(chr(ord(c) + 0x1234) if "\u4e00" <= c <= "\u9fff" else c for c in LETTER[i : i + 30]))]
        for i in range(0, 60, 30)
    ]
    with pytest.raises(DecodeError, match="garbled text layer"):
        formats.read("a.ofd", _ofd(shifted * 3, per_char=False))


def test_text_layer_of_private_use_code_points_is_named():
    assert "private-use" in garbled("".join(chr(0xE000 + i % 500) for i in range(300)) + " 1 2 3")


def test_chinese_characters_mapped_all_over_the_range_are_named():
    """Code points shifted past one block, or scattered: few of them are common characters."""
    shifted = "".join(chr(ord(c) + 0x1234) if "\u4e00" <= c <= "\u9fff" else c for c in LETTER * 3)
    assert "common ones" in garbled(shifted) or "one block" in garbled(shifted)
    rng = random.Random(7)
    scattered = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(400))
    assert "common ones" in garbled(scattered)
    assert garbled(LETTER * 3) is None


def test_crawled_csv_where_most_rows_are_empty(tmp_path):
    """A crawl of 40 rows whose 正文 is empty or blank in 35 (list pages, failed fetches): the 5 with text are
    documents, the others counted in one line, not analysed; the row numbers are the file's."""
    rows = ["标题,发文机关,发文字号,发布日期,正文,链接"]
    texts = {3: "某市人民政府办公室关于做好示例工作的通知　　各区人民政府：　　现就有关事项通知如下。"}
    for n in range(2, 42):
        text = texts.get(n, f"依照政府信息公开条例，公开第{n}号示例内容。" if n % 10 == 0 else ("  " if n % 3 else ""))
        rows.append(
            f"标题{n},某市人民政府办公室,某府办〔2024〕{n}号,2024-05-{n % 28 + 1:02d},{text},https://www.example.gov.cn/{n}.html"
        )
    (tmp_path / "crawl.csv").write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    docs, skipped = corpus.read_corpus(tmp_path)
    assert sorted(d.file for d in docs) == ["crawl.csv#10", "crawl.csv#20", "crawl.csv#3", "crawl.csv#30", "crawl.csv#40"]
    assert [s.reason for s in skipped] == ["crawl.csv 35 rows without text: not analysed"]
    three = next(d for d in docs if d.file == "crawl.csv#3")
    assert three.text.split("\n\n")[:2] == ["某市人民政府办公室关于做好示例工作的通知", "各区人民政府："]
    assert (
        three.publication["doc_number"] == "某府办〔2024〕3号" and three.publication["url"] == "https://www.example.gov.cn/3.html"
    )


def test_crawled_text_indented_with_em_spaces(params):
    """A crawl that indents paragraphs with em spaces (U+2003, as the Shandong sheet of the development
    set does) and lost the title: a numbered heading is not taken for the title, the addressee is."""
    from policyreport.extract import metadata
    from policyreport.extract.gazetteer import Gazetteer
    from policyreport.ingest.text import paragraphs

    text = (
        "各市人民政府，各县（市、区）人民政府，省政府各部门、各直属机构：\n"
        "\u2003\u2003为充分发挥人工智能的技术优势，制定本指导意见。\n\u2003\u2003一、总体要求\n"
        "\u2003\u2003以提高人工智能产业有效供给能力为根本支撑。\n\u2003\u2003四、保障措施\n"
        "\u2003\u2003（一）加强组织领导。建立工作机制。\n山东省人民政府\n2019年5月17日\n"
    )
    md = metadata.extract(paragraphs(text), Gazetteer.from_yaml(params.places))
    assert md.title is None and md.null_reasons["title"] == "文中没有标题行"
    assert md.recipient == "各市人民政府，各县（市、区）人民政府，省政府各部门、各直属机构"
    assert (md.issuer, md.date) == ("山东省人民政府", "2019-05-17")
