"""PDF and OFD: positioned text to paragraphs in reading order, page furniture removed, compatibility
ideographs normalised, seals and annotations kept apart (facts checked by hand against tests/formats)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policyreport.ingest import formats
from policyreport.ingest.formats import layout
from policyreport.ingest.formats.pdf import garbled

FILES = Path(__file__).resolve().parents[1] / "formats"
GOVCN = "govcn_print_guobanfa_2017_74_jingwai_touzi.pdf"
TITLE = "国务院办公厅转发国家发展改革委商务部人民银行外交部关于进一步引导和规范境外投资方向指导意见的通知"


def read(name: str):
    return formats.read(name, (FILES / name).read_bytes()).documents[0]


@pytest.mark.parametrize("line", ["— 1 —", "-1-", "- 12 -", "–– 1 ––", "第 3 页", "3/12", "第2页 共5页"])
def test_page_numbers_are_recognised(line):
    assert layout.PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["2024年", "一、总体情况", "1.履行职责", "（一）主动公开", "2020-01-19"])
def test_text_lines_are_not_page_numbers(line):
    assert not layout.PAGE_NUMBER.match(line)


def test_running_header_and_page_numbers_are_removed():
    body = ["一、主要职能", "二、机构设置", "三、名词解释", "四、预算编制说明"]

    def page(n: int) -> list[layout.Line]:
        head = layout.Line(0, 100, 0, 10, "上海市普陀区财政局2024年度部门决算")
        text = [
            layout.Line(0, 100, 20 + 12 * i, 30 + 12 * i, f"{line}（第{'一二三四'[n - 1]}部分）") for i, line in enumerate(body)
        ]
        return [head, *text, layout.Line(40, 60, 280, 290, f"— {n} —")]

    pages = layout.strip_furniture([page(n) for n in range(1, 5)])
    assert [[ln.text for ln in p] for p in pages] == [
        [f"{line}（第{'一二三四'[n - 1]}部分）" for line in body] for n in range(1, 5)
    ]


def test_two_column_metadata_row_is_two_lines():
    runs = [
        layout.Run(0, 40, 0, 10, "索引号："),
        layout.Run(45, 150, 0, 10, "000014349/2017-00159"),
        layout.Run(300, 350, 0, 10, "主题分类："),
        layout.Run(355, 400, 0, 10, "对外经贸合作"),
        layout.Run(0, 40, 20, 30, "收入"),
        layout.Run(300, 350, 20, 30, "支出"),
    ]
    assert [ln.text for ln in layout.lines(runs)] == ["索引号：000014349/2017-00159", "主题分类：对外经贸合作", "收入 支出"]


def test_wrapped_lines_join_and_indented_lines_start_paragraphs():
    lines = [
        layout.Line(20, 200, 0, 10, "第一段开头缩进，写满一行"),
        layout.Line(0, 200, 12, 22, "接着写完。"),
        layout.Line(20, 120, 24, 34, "第二段。"),
        layout.Line(140, 200, 36, 46, "2024年1月3日"),
        layout.Line(0, 80, 48, 58, "抄送：各区。"),
    ]
    assert layout.paragraphs([lines]) == ["第一段开头缩进，写满一行接着写完。", "第二段。", "2024年1月3日", "抄送：各区。"]


def test_kangxi_radicals_are_normalised_in_the_govcn_print():
    doc = read(GOVCN)
    assert not re.search("[\u2e80-\u2fdf]", doc.text)
    assert "国办发〔2017〕74号" in doc.text.split("\n\n")
    assert "，" in doc.text  # full-width punctuation stays as printed


def test_govcn_print_title_and_number(analysed):
    doc, meta = analysed(GOVCN)
    assert meta["title"] == TITLE
    assert meta["doc_number"] == "国办发〔2017〕74号"
    assert meta["issuer"] == "国务院办公厅"
    assert meta["date"] == "2017-08-04"
    assert meta["format"] == "pdf"
    fields = meta["publication"]["fields"]  # the page's two-column 信息公开 table, one field a line
    assert fields["索引号"] == "000014349/2017-00159" and fields["发文字号"] == "国办发〔2017〕74号"
    assert fields["主题分类"] == "商贸、海关、旅游\\对外经贸合作" and fields["成文日期"] == "2017年08月04日"
    assert meta["publication"]["page_date"] == "2017-08-18"  # 发布日期, not the 成文日期 printed before it
    assert meta["publication"]["page_date_label"] == "发布日期"
    assert not any("不一致" in n for n in meta["notes"])


@pytest.mark.parametrize(
    "name,title,genre,issuer,element",
    [
        (
            "hongze_qzf_2023_zfxxgk_annual_report.pdf",
            "洪泽区人民政府2023年政府信息公开工作年度报告",
            "年度报告",
            "洪泽区人民政府",
            "标题中的发文机关",
        ),
        (
            "putuo_qzfbgs_2025_dept_budget.pdf",
            "上海市普陀区2025年区级部门预算",
            "预算",
            "上海市普陀区人民政府办公室",
            "封面“预算主管部门”",
        ),
    ],
)
def test_report_and_budget_titles_without_guanyu(analysed, name, title, genre, issuer, element):
    """An annual report's or a budget's title has no 关于: [机关] + 年份 + 事由 + 报告类文种; the body is
    the title's 机关, or, when the title names only the place, the cover's 预算主管部门."""
    meta = analysed(name)[1]
    assert (meta["title"], meta["genre"], meta["issuer"]) == (title, genre, issuer)
    assert meta["evidence"]["title"]["paragraph"] == 1
    assert meta["evidence"]["issuer"]["element"] == element


@pytest.mark.parametrize(
    "text,title",
    [
        (
            "XX县2023年政府信息公开工作年度报告\n\n本报告根据《中华人民共和国政府信息公开条例》编制。\n",
            "XX县2023年政府信息公开工作年度报告",
        ),
        ("XX局2024年部门预算\n\n目 录\n\n一、部门主要职能\n", "XX局2024年部门预算"),
        ("上海市XX局\n\n2024 年度部门决算\n\n目 录\n\n一、主要职能\n", "上海市XX局2024年度部门决算"),
        ("2023年国民经济和社会发展统计公报\n\n一、综合\n", "2023年国民经济和社会发展统计公报"),
    ],
)
def test_report_title_rule(params, text, title):
    from policyreport.extract import metadata
    from policyreport.extract.gazetteer import Gazetteer
    from policyreport.ingest.text import paragraphs

    assert metadata.extract(paragraphs(text), Gazetteer.from_yaml(params.places)).title == title


@pytest.mark.parametrize(
    "text",
    [
        "一、关于2023年工作的报告\n\n正文。\n",  # a numbered heading
        "我们审议了2023年政府工作报告，认为……\n",  # a sentence
        "政府信息公开工作年度报告\n\n正文如下。\n",  # a report word but no year: not enough without 关于
        # a crawled covering letter without its title: the attached 要点's title after the signature is not its title
        "为加强水资源管理，我部制定了《2022年推进智慧水利建设水资源管理工作要点》，现印发你们，请做好相关工作。\n\n"
        "水利部办公厅\n\n2022年6月14日\n\n2022年推进智慧水利建设水资源管理工作要点\n\n一、强化业务应用\n",
    ],
)
def test_report_title_rule_takes_no_heading_or_sentence(params, text):
    from policyreport.extract import metadata
    from policyreport.extract.gazetteer import Gazetteer
    from policyreport.ingest.text import paragraphs

    assert metadata.extract(paragraphs(text), Gazetteer.from_yaml(params.places)).title is None


def test_mock_pdf_page_numbers_are_gone():
    paras = read("SYNTH_gongwen_mock_guofangbu_fangjia.pdf").text.split("\n\n")
    assert not any("––" in p for p in paras)
    assert paras[:3] == ["一份公文文件", "国防部发〔2012〕21 号", "国防部关于放假的通知"]


def test_garbled_layers_are_named():
    shifted = "犌犅／犜３９６７７—２０２０犌狌犻犱犲犾犻狀犲犳狅狉犗犉犇犪狆狆犾犻犮犪狋犻狅狀" * 3
    assert "one block" in garbled(shifted)
    assert "no text layer" in garbled("   \n 1 2 3 ")
    assert "glyph names" in garbled(" ".join(f"/G{n}" for n in range(30)) + "中文")
    assert "Chinese" in garbled("ＰＮＧ：m¿4À±QE Ｐｏｒｔａｂｌｅ Ｎｅｔｗｏｒｋ Ｇｒａｐｈｉｃ" * 5)
    assert garbled("国务院办公厅关于进一步引导和规范境外投资方向的通知。" * 5) is None


def test_ofd_reply_fields_and_seal_apart(analysed):
    doc, meta = analysed("luqiao_wsj_lu_wei_fa_2011_76_pifu.ofd")
    assert meta["doc_number"] == "路卫发〔2011〕76号"
    assert meta["date"] == "2011-03-10"
    assert meta["title"] == "关于同意张阿三同志辞职的批复"
    assert meta["genre"] == "批复"
    assert meta["recipient"] == "区中医院"
    assert "（路中医发〔2011〕10号）收悉" in doc.text  # runs broken mid-word are joined
    assert meta["publication"]["signatures"] == [{"type": "Seal", "provider": None, "date": "2020-01-25 15:31:56"}]
    assert "— 1 —" not in doc.text


def test_ofd_annotation_is_kept_apart():
    doc = read("xx_city_gov_shouwen_processing_form.ofd")
    assert doc.publication["annotations"] == ["测试文本注释"]
    assert "测试文本注释" not in doc.text
    assert "府办专督〔2020〕 24" in doc.text


def test_ofd_form_with_labels_in_its_picture_has_no_title(analysed):
    doc, meta = analysed("lincang_linxiang_zrzyj_2022_land_preapproval_form.ofd")
    assert meta["title"] is None and meta["doc_number"] is None
    assert "底图" in meta["null_reasons"]["title"]
    assert meta["date"] == "2022-08-23"
    # the bureau printed over the date at the foot of the form is its signature (a 落款), not a value
    # line joined to the one above it
    assert meta["issuer"] == "临沧市临翔区自然资源局" and meta["evidence"]["issuer"]["element"] == "发文机关署名"
    assert meta["publication"]["form_pages"] == [1]
    assert "临翔区棚户区改造安置房二期（地块二）" in doc.text
