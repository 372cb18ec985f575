"""Documents whose line breaks were lost (as many crawls deliver them) read like the laid-out ones.

The development documents (tests/corpus-dev) are flattened the way ../shared/tools/score-dev --flat
does it (lines stripped and joined with nothing, or with full-width indents 　　) and read again: the
fields must be those of the hand-checked gold, and nothing may be given where the gold is null.
"""

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from policyreport.extract import metadata
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.flat import restore_breaks
from policyreport.ingest.text import paragraphs
from policyreport.paths import DICTIONARIES

CORPUS = Path(__file__).resolve().parents[1] / "corpus-dev"
GOLD = yaml.safe_load((CORPUS / "gold.yaml").read_text(encoding="utf-8"))
FIELDS = ("title", "issuer", "doc_number", "date", "recipient")
INDENT = "\u3000\u3000"


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.from_yaml(DICTIONARIES / "places.yaml")


def flatten(text: str, sep: str) -> str:
    """score-dev --flat: every non-empty line stripped, joined with `sep`."""
    return sep.join(ln.strip() for ln in text.splitlines() if ln.strip()) + "\n"


def norm(s):
    """score-dev's comparison: NFKC, no whitespace, one bracket style for 文号."""
    if s is None:
        return None
    s = re.sub(r"\s", "", unicodedata.normalize("NFKC", str(s)).replace("—", "-"))
    for a, b in (("[", "〔"), ("]", "〕"), ("﹝", "〔"), ("﹞", "〕"), ("【", "〔"), ("】", "〕")):
        s = s.replace(a, b)
    return s or None


def read(name: str, sep: str | None, gaz) -> metadata.Metadata:
    text = (CORPUS / "docs" / name).read_text(encoding="utf-8")
    return metadata.extract(paragraphs(text if sep is None else flatten(text, sep)), gaz)


# Where a flattened text cannot be read: the 签发人's name runs into the addressee's
# (签发人:龙英冯万玖委员:): 龙英 + 冯万玖 or 龙英冯 + 万玖 — the reader abstains.
AMBIGUOUS = {("21_zhenping-culture-tourism-proposal-reply-2021.txt", "recipient")}


@pytest.mark.parametrize("name", sorted(GOLD))
def test_flattened_as_score_dev_gives_the_gold(name, gaz):
    """Every other file joined with nothing, the rest with full-width indents (score-dev --flat)."""
    sep = "" if sorted(GOLD).index(name) % 2 == 0 else INDENT
    md = read(name, sep, gaz)
    for field in FIELDS:
        got, want = getattr(md, field), GOLD[name][field]
        if (name, field) in AMBIGUOUS:
            assert got is None and md.null_reasons[field]
        else:
            assert norm(got) == norm(want), (field, got, want)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_paragraphs_joined_by_indents_read_like_the_laid_out_text(name, gaz):
    """Full-width indents mark the paragraphs: all 43 documents give the laid-out values."""
    flat, laid = read(name, INDENT, gaz), read(name, None, gaz)
    assert [getattr(flat, f) for f in FIELDS] == [getattr(laid, f) for f in FIELDS]


def test_no_separator_at_all_is_read_or_abstained(gaz):
    """All 43 documents joined with nothing: at least 205 of 215 values right; nothing invented;
    a wrong value only where the text itself cannot tell (a deputy's name before the 文号)."""
    right, wrong = 0, []
    for name, gold in GOLD.items():
        md = read(name, "", gaz)
        for field in FIELDS:
            got, want = getattr(md, field), gold[field]
            right += norm(got) == norm(want)
            if got is not None and norm(got) != norm(want):
                wrong.append((name[:2], field, got))
    assert right >= 205
    # 38: "…的建议 王远健琼土环资函〔2006〕187号": the proposer's name and the 机关代字 run together.
    assert wrong == [("38", "doc_number", "王远健琼土环资函〔2006〕187号")]


# The brief's shape (a city government office's notice, lines lost), written as such notices are.
NOTICE = (
    "某政办发〔2021〕5号某市人民政府办公室关于印发某市城镇老旧小区改造实施方案（试行）的通知"
    "各县（市、区）人民政府，市政府各部门：《某市城镇老旧小区改造实施方案（试行）》已经市政府同意，"
    "现印发给你们，请认真贯彻执行。某市人民政府办公室2021年3月5日（此件公开发布）"
    "某市城镇老旧小区改造实施方案（试行）为加快推进城镇老旧小区改造，制定本方案。"
)


def test_a_notice_without_line_breaks_is_cut_into_its_elements():
    assert restore_breaks(NOTICE) == [
        "某政办发〔2021〕5号",
        "某市人民政府办公室关于印发某市城镇老旧小区改造实施方案（试行）的通知",
        "各县（市、区）人民政府，市政府各部门：",
        "《某市城镇老旧小区改造实施方案（试行）》已经市政府同意，现印发给你们，请认真贯彻执行。",
        "某市人民政府办公室",
        "2021年3月5日（此件公开发布）",
        "某市城镇老旧小区改造实施方案（试行）",  # the attached plan's title, then its body
        "为加快推进城镇老旧小区改造，制定本方案。",
    ]


def test_a_notice_without_line_breaks_gives_its_fields(gaz):
    md = metadata.extract(paragraphs(NOTICE), gaz)
    assert (md.title, md.issuer, md.doc_number, md.date, md.recipient, md.genre) == (
        "某市人民政府办公室关于印发某市城镇老旧小区改造实施方案（试行）的通知",
        "某市人民政府办公室",
        "某政办发〔2021〕5号",
        "2021-03-05",
        "各县（市、区）人民政府，市政府各部门",
        "通知",
    )
    # evidence points to the paragraphs as the report shows them
    shown = {p.n: p.text for p in paragraphs(NOTICE)}
    assert shown[md.evidence["doc_number"]["paragraph"]] == "某政办发〔2021〕5号"
    assert shown[md.evidence["date"]["paragraph"]].startswith("2021年3月5日")


def test_cut_pieces_are_the_text_as_written():
    """Nothing is added or dropped but the separating indents."""
    text = flatten((CORPUS / "docs" / "06_fujian-gov-approval-township-2017.txt").read_text(encoding="utf-8"), INDENT)
    pieces = [p.text for p in paragraphs(text)]
    assert "".join(pieces) == text.strip().replace(INDENT, "")


@pytest.mark.parametrize(
    "line",
    [
        # a cited 文号 in the body is not a head element
        "根据《水利部 财政部关于开展水系连通及农村水系综合整治试点工作的通知》(水规计〔2019〕277号)及有关文件要求,"
        "我局完成可行性研究报告编制,主要治理范围为东河干流及主要支流,涉及西邑、瓦渡、丙麻3个乡镇,匡算投资约5亿元。",
        # a date inside a sentence is not a signing date
        "经研究,县人民政府决定于2021年5月1日起在全县范围内禁止露天焚烧农作物秸秆,各乡镇人民政府要加强宣传,"
        "落实网格化管理责任,确保不发生露天焚烧现象,对违反规定的,依法予以处罚。",
    ],
)
def test_a_body_paragraph_is_not_cut(line):
    assert restore_breaks(line) == [line]
