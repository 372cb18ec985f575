"""One numeral parser (cn2an) and careful rejoining of hard line breaks, checked by hand."""

import pytest

from policyreport.ingest.numerals import cn_to_number, year_value
from policyreport.ingest.text import paragraphs


@pytest.mark.parametrize(
    "s,v", [("两万", 20000), ("三百", 300), ("十二", 12), ("一千五百", 1500), ("二十六", 26), ("一亿二千万", 120000000)]
)
def test_cn_to_number(s, v):
    assert cn_to_number(s) == v


@pytest.mark.parametrize("s", ["五个", "", "abc"])
def test_not_a_numeral(s):
    assert cn_to_number(s) is None


@pytest.mark.parametrize("s,y", [("二〇二〇", 2020), ("二○○三", 2003), ("一九九八", 1998), ("二零零六", 2006)])
def test_year_written_digit_by_digit(s, y):
    assert year_value(s) == y


def test_sentence_cut_by_a_line_break_is_rejoined():
    """Seed 004: `市卫` + line break + `健局` inside a numbered paragraph (三是 …)."""
    text = "三是搭建医工合作交流平台。近年来为药械企业搭建多层次、多方式的沟通渠道。2021年底由市工业信局和市卫\n\n健局共同主办，健康基地承办。\n"
    (p,) = paragraphs(text)
    assert "市卫健局共同主办" in p.text


@pytest.mark.parametrize(
    "text",
    [
        "安徽省人民政府办公厅关于印发支持工业互联网发展若干政策的通知\n为加快发展，现印发如下。",  # a title
        "各有关单位要加强组织领导，落实责任分工，确保\n一、工作目标",  # a heading follows
        "方城县人民政府拟征收土地启动公告(方征启公告﹝2022﹞4号)\n为实施我县规划，根据有关规定。",
        "1990年6月4日 国家教育委员会令第10号、卫生部令第1号发布\n<!-- INFO END -->",
        "感谢您对我们工作的关心和支持，盐池县教育体育局\n2021年10月22日",  # a date line follows
    ],
)
def test_no_join_across_a_title_heading_markup_or_date(text):
    assert len(paragraphs(text)) == 2


def test_sentences_of_a_traditional_text_are_analysed_in_simplified_form():
    """jieba reads simplified Chinese: the sentences' analysis form is converted like the
    paragraphs' (segmenting traditional text is wrong and about a hundred times slower)."""
    from policyreport.ingest.text import paragraphs, sentences

    text = "國務院辦公廳關於同意設立開發區的復函\n\n一、同意成都經濟技術開發區為國家級經濟技術開發區，實行現行政策。\n"
    sents = sentences(paragraphs(text))
    assert sents[1].text.startswith("一、同意成都經濟技術開發區")  # shown as written
    assert sents[1].norm.startswith("一、同意成都经济技术开发区为国家级")


def test_a_long_numbered_topic_heading_stays_a_paragraph_of_its_own():
    """Seed 000: 一、关于“…”的建议 is a heading however long; the answer below it is its own paragraph."""
    from policyreport.ingest.text import paragraphs

    heading = "一、关于“先行先试，把蛇口人民医院打造成深圳市前海自贸区医院，建成具有国际背景的直属附属医院，打造若干中心”的建议"
    text = f"{heading}\n为全面落实市委、市政府决策部署和工作安排，加快建立卫生健康体系。\n"
    assert [p.text for p in paragraphs(text)] == [heading, "为全面落实市委、市政府决策部署和工作安排，加快建立卫生健康体系。"]


def test_contact_line_and_signature_are_never_continued():
    from policyreport.ingest.text import paragraphs

    text = (
        "请贯彻执行。\n\n市卫生健康委联系人：孙映吟，联系电话：81085234\n\n广州市卫生健康委员会 广州市财政局\n\n2023年10月19日\n"
    )
    assert [p.text for p in paragraphs(text)] == [
        "请贯彻执行。",
        "市卫生健康委联系人：孙映吟，联系电话：81085234",
        "广州市卫生健康委员会 广州市财政局",
        "2023年10月19日",
    ]
