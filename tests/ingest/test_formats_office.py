"""Word files and crawled tables: paragraphs and tables in order, merged cells once, .doc/.wps named
with how to convert them, one document per table row with its columns in the publication record."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from policyreport.errors import UserError
from policyreport.ingest import corpus, formats
from policyreport.ingest.formats.base import DecodeError, Options
from policyreport.params import load_params

FILES = Path(__file__).resolve().parents[1] / "formats"
BODY = "各区人民政府：\u3000\u3000为加强管理，现将有关事项通知如下。\u3000\u3000一、总体要求。"


def read(name: str, options: Options | None = None):
    return formats.read(name, (FILES / name).read_bytes(), options)


def test_docx_merged_cells_are_read_once():
    paras = read("zfxxgk_annual_report_format_template.docx").documents[0].text.split("\n\n")
    assert paras[0] == "政府信息公开工作年度报告格式模板"
    assert sum("三、本年度办理结果" in p for p in paras) == 1  # vertically merged over seven rows
    assert "信息内容 本年制发件数 本年废止件数 现行有效件数" in paras  # cells of a row, left to right
    assert paras.index("（文字描述）") < paras.index("信息内容 本年制发件数 本年废止件数 现行有效件数")


def test_docx_mock_fields(analysed):
    doc, meta = analysed("SYNTH_gongwen_mock_guofangbu_fangjia.docx")
    assert (meta["title"], meta["doc_number"], meta["date"]) == ("国防部关于放假的通知", "国防部发〔2012〕21号", "2012-12-12")
    assert meta["publication"]["meta"]["title"] == "甘审办发〔2011〕号"  # stale core property, not a field


def test_wps_is_skipped_with_how_to_convert():
    with pytest.raises(DecodeError, match=r"save it as \.docx"):
        read("SYNTH_gongwen_mock_guofangbu_fangjia.wps")


def test_crawl_without_text_is_counted_in_one_line(tmp_path):
    (tmp_path / "gd.xlsx").write_bytes((FILES / "ptc_guangdong_doc_numbers_4430rows.xlsx").read_bytes())
    docs, skipped = corpus.read_corpus(tmp_path)
    assert docs == []
    assert [s.reason for s in skipped] == [
        "gd.xlsx 4,430 rows without text (no text column among: url, pub_date_parsed, doc_number; "
        "set table_columns: {text: COLUMN}): not analysed"
    ]


def write_csv(folder: Path, name: str = "policies.csv") -> Path:
    rows = [
        "标题,正文,发文机关,文号,发布日期,链接",
        f"关于加强管理的通知,{BODY},市卫健委,穗卫〔2024〕1号,2024/09/15,https://example.org/a",
        "空行的标题,,市卫健委,,2024/09/16,",
        f"关于开展检查的通知,{BODY.replace('管理', '检查')},市财政局,,2024-09-17,javascript:alert(1)",
    ]
    (folder / name).write_text("\n".join(rows), encoding="utf-8")
    return folder / name


def test_csv_rows_are_documents_with_their_columns(tmp_path):
    write_csv(tmp_path)
    docs, skipped = corpus.read_corpus(tmp_path)
    assert [d.file for d in docs] == ["policies.csv#2", "policies.csv#4"]
    assert [d.doc_id for d in docs] == ["policies-r2", "policies-r4"]
    assert [s.reason for s in skipped] == ["policies.csv 1 row without text: not analysed"]
    pub = docs[0].publication
    assert (pub["title"], pub["issuer"], pub["doc_number"], pub["page_date"]) == (
        "关于加强管理的通知",
        "市卫健委",
        "穗卫〔2024〕1号",
        "2024-09-15",
    )
    assert pub["url"] == "https://example.org/a" and "url" not in docs[1].publication
    assert docs[0].text.split("\n\n")[:2] == ["各区人民政府：", "为加强管理，现将有关事项通知如下。"]
    assert docs[0].path == tmp_path / "policies.csv" and docs[0].format == "tables"
    assert docs[0].sha256 != docs[1].sha256


def test_row_ids_are_stable(tmp_path):
    write_csv(tmp_path)
    first = [(d.doc_id, d.sha256) for d in corpus.read_corpus(tmp_path)[0]]
    assert first == [(d.doc_id, d.sha256) for d in corpus.read_corpus(tmp_path)[0]]


def test_table_columns_parameter_picks_the_columns(tmp_path):
    (tmp_path / "t.csv").write_text(f"name,body,agency\n通知,{BODY},市政府\n", encoding="utf-8")
    docs, skipped = corpus.read_corpus(tmp_path, columns={"text": "body", "title": "name"})
    assert len(docs) == 1 and docs[0].publication["title"] == "通知" and docs[0].publication["issuer"] == "市政府"
    docs, skipped = corpus.read_corpus(tmp_path, columns={"text": "正文"})
    assert docs == [] and "has no column '正文'" in skipped[0].reason


def test_table_columns_parameter_is_checked(tmp_path):
    (tmp_path / "p.yaml").write_text("table_columns: {body: 内容}\n", encoding="utf-8")
    with pytest.raises(UserError, match="table_columns"):
        load_params(tmp_path / "p.yaml")
    (tmp_path / "p.yaml").write_text("table_columns: {text: 内容}\n", encoding="utf-8")
    assert load_params(tmp_path / "p.yaml").table_columns == {"text": "内容"}


def test_xlsx_sheets_name_their_rows(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "中央"
    book.active.append(["Policy Title", "Policy Content", "Release Time"])
    book.active.append(["Opinions", BODY, "2023-01-02"])
    other = book.create_sheet("山东")
    other.append(["标题", "内容"])
    other.append([None, None])
    other.append(["通知", BODY.replace("管理", "服务")])
    buf = io.BytesIO()
    book.save(buf)
    result = formats.read("p.xlsx", buf.getvalue())
    assert [d.part for d in result.documents] == ["中央:2", "山东:3"]
    assert result.documents[0].publication["page_date"] == "2023-01-02"
    assert result.notes == []


def test_jsonl_rows(tmp_path):
    lines = ['{"title": "通知", "content": "' + BODY + '", "date": "2024-01-02"}', "not json", '{"title": "空"}']
    result = formats.read("c.jsonl", "\n".join(lines).encode())
    assert [d.part for d in result.documents] == ["1"]
    assert result.notes == ["1 row without text: not analysed", "1 line that is not a JSON object: not read"]
