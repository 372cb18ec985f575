"""The document card (evidence, null reasons, publication record), document labels, dating on
the timeline and in the overview, reprint citations, and nothing printed twice. Expected values
were read by hand from the seeds and tests/corpus-dev (e.g. seed 003: a 世界医疗网 page of
2019-06-18 reprinting a 上海市人民政府 意见 whose 成文日期 the page does not give)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from policyreport.compare.corpus import json_cells
from policyreport.extract import metadata
from policyreport.extract.document import Dictionaries
from policyreport.extract.fields import TABLE
from policyreport.ingest.corpus import read_corpus
from policyreport.ingest.text import paragraphs
from policyreport.report import bib, citation, labels, store
from policyreport.report.views.common import base_label, document_labels
from policyreport.report.views.document import DocumentView
from policyreport.report.views.overview import OverviewView

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "corpus-dev" / "docs"
S000, S001, S002, S003 = "000_aefacb9a8e91e029", "001_4d260a6c99f69cce", "002_ce116f843137b983", "003_68f055e16da9604c"


@pytest.fixture(scope="module")
def seed_data(seed_results, tmp_path_factory):
    """A data folder holding the seeds' metadata (what the card, overview and labels read)."""
    data = tmp_path_factory.mktemp("data")
    docs = [r.meta for _, r in sorted(seed_results.items())]
    (data / "corpus.json").write_text(json.dumps({"documents": docs}, ensure_ascii=False, default=str), encoding="utf-8")
    store.write_document_slices(data, {"documents": docs}, {}, document_labels(docs))
    return str(data)


@pytest.fixture(scope="module")
def dev_metas(params):
    """Metadata of the 43 development documents (the metadata reader only)."""
    docs, _ = read_corpus(DEV, "*.txt")
    gaz = Dictionaries.load(params).gazetteer
    return [{"doc_id": d.doc_id, "file": d.file, **metadata.extract(paragraphs(d.text), gaz).as_dict()} for d in docs]


# --- labels -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "meta, label",
    [
        ({"issuer": "国务院办公厅", "doc_number": "国办函〔2003〕49号"}, "国务院办公厅 国办函〔2003〕49号"),
        ({"issuer": "广东省人民政府", "doc_number": "广东省人民政府令（第290号）"}, "广东省人民政府令（第290号）"),
        (
            {"issuer": "国家教育委员会、卫生部", "doc_number": "国家教育委员会令第10号、卫生部令第1号"},
            "国家教育委员会令第10号、卫生部令第1号",
        ),
        ({"issuer": "定州市人民政府", "title": "定州市人民政府征收土地预公告"}, "定州市人民政府：征收土地预公告"),
        ({"issuer": "甲局、乙局", "title": "关于严禁在县城区种植农作物的通告"}, "甲局等：严禁在县城区种植农作物的通告"),
        ({"title": "关于君山区人大五届五次会议1号建议的回复"}, "君山区人大五届五次会议1号建议的回复"),
        ({"file": "x.txt"}, "x.txt"),
    ],
)
def test_base_label(meta, label):
    assert base_label({"file": "f.txt", **meta}) == label


def test_a_long_title_is_cut_in_the_middle_and_keeps_the_number_it_answers():
    meta = {"issuer": "深圳市龙岗区卫生健康局", "title": "深圳市龙岗区卫生健康局关于区七届人大四次会议第20240052号建议答复的函"}
    assert base_label(meta) == "深圳市龙岗区卫生健康局：区七届人大四次会…第20240052号建议答复的函"


def test_coinciding_labels_get_the_year_then_a_running_number():
    docs = [
        {"doc_id": "a", "file": "a", "issuer": "某局", "title": "某局关于某事的通知", "year": 2020},
        {"doc_id": "b", "file": "b", "issuer": "某局", "title": "某局关于某事的通知", "year": 2021},
        {"doc_id": "c", "file": "c", "issuer": "某局", "title": "某局关于某事的通知", "year": 2021},
    ]
    assert document_labels(docs) == {
        "a": "某局：某事的通知（2020）",
        "b": "某局：某事的通知（2021）·1",
        "c": "某局：某事的通知（2021）·2",
    }


def test_labels_are_unique_on_the_seeds_and_the_development_corpus(seed_results, dev_metas):
    seeds = document_labels([r.meta for r in seed_results.values()])
    assert len(set(seeds.values())) == 5
    assert seeds[S000] == "深圳市卫生健康委员会 深卫健建函〔2020〕54号"
    assert seeds[S003] == "上海市人民政府：推进本市健康服务…中心城市的若干意见"
    dev = document_labels(dev_metas)
    assert len(dev) == 43 and len(set(dev.values())) == 43
    by_file = {m["file"][:2]: dev[m["doc_id"]] for m in dev_metas}
    assert by_file["33"] == "广东省人民政府令（第290号）"
    assert by_file["17"] == "国务院办公厅 国办函〔2003〕49号"
    assert by_file["10"] == "封开县“双创”办等：严禁在县城区种植农作物的通告"


def test_every_view_uses_the_same_label(seed_data):
    v = OverviewView(seed_data)
    assert v.label(S003) == v.labels()[S003] == "上海市人民政府：推进本市健康服务…中心城市的若干意见"
    assert (
        v.link(S003)
        == v.short_link(S003)
        == "{ref}`上海市人民政府：推进本市健康服务…中心城市的若干意见 <doc-003_68f055e16da9604c>`"
    )
    assert "本报告中的简称 | 上海市人民政府：推进本市健康服务…中心城市的若干意见" in DocumentView(seed_data, S003).card()


# --- the document card ----------------------------------------------------------------------------


def _row(table: str, name: str) -> str:
    return next(line for line in table.splitlines() if line.startswith(f"| {name} |"))


def test_card_says_where_each_field_was_read(seed_data):
    card = DocumentView(seed_data, S000).card()
    assert _row(card, "文号") == f"| 文号 | 深卫健建函〔2020〕54号 | 发文字号（{{ref}}`第3段 <src-{S000}-p3>`） |"
    assert _row(card, "成文日期").endswith(f"| 成文日期（{{ref}}`第13段 <src-{S000}-p13>`） |")
    assert _row(card, "主送机关").endswith(f"| 主送机关（{{ref}}`第5段 <src-{S000}-p5>`） |")
    assert "发文机关署名" in _row(card, "发文机关") and "第12段" in _row(card, "发文机关")


def test_a_null_field_says_why(seed_data):
    card = DocumentView(seed_data, S003).card()
    assert _row(card, "成文日期").startswith("| 成文日期 | （未取值：没有成文日期） |")
    assert "版头与标题下没有发文字号" in _row(card, "文号")
    assert "标题中的发文机关" in _row(card, "发文机关")
    assert "文中未载明" not in _row(card, "成文日期")


def test_publication_block_of_the_reprint(seed_data):
    block = DocumentView(seed_data, S003).publication()
    assert _row(block, "转载来源").startswith("| 转载来源 | 世界医疗网 |")
    assert _row(block, "发布日期").startswith("| 发布日期 | 2019\\-06\\-18 |")
    shell = _row(block, "网页或数据库外壳")
    assert all(f"<src-{S003}-p{n}>" in shell for n in (1, 2, 3, 4)) and "p5>" not in shell
    assert "核心提示" in _row(block, "其他网页标注")
    assert DocumentView(seed_data, S002).publication() == ""  # no wrapper: no block


# --- dating: timeline and overview --------------------------------------------------------------------


def test_timeline_places_the_reprint_at_its_page_date(seed_data):
    v = OverviewView(seed_data)
    rows = v.timeline_rows().set_index("label")
    assert rows.loc[v.label(S003), "kind"] == "发布日期" and rows.loc[v.label(S003), "date"] == "2019-06-18"
    assert rows.loc[v.label(S001), "kind"] == "仅知年份" and rows.loc[v.label(S001), "year"] == 2024
    assert rows.loc[v.label(S000), "kind"] == "成文日期" and rows.loc[v.label(S000), "date"] == "2020-05-19"
    assert len(rows) == 5
    fig = v.timeline_figure()
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["成文日期", "仅知年份（取年中）", "仅知网页发布日期"]


def test_overview_table_says_how_a_document_is_dated(seed_data):
    table = OverviewView(seed_data).overview_table()
    assert "2019\\-06\\-18（发布日期）" in table and "2024（仅年份）" in table and "2020\\-05\\-19 |" in table
    assert [d["doc_id"] for d in OverviewView(seed_data).dated_by("发布日期")] == [S003]


# --- citations --------------------------------------------------------------------------------------


def test_reprint_is_cited_as_a_web_page_of_its_site_with_its_own_date(seed_results):
    meta = next(r.meta for r in seed_results.values() if r.meta["doc_id"] == S003)
    title = "上海市人民政府关于推进本市健康服务业高质量发展加快建设一流医学中心城市的若干意见"
    assert citation.gbt7714([citation.document_item(meta)]) == [f"上海市人民政府. {title}[EB]. 世界医疗网, 2019."]
    item = citation.document_item(meta, "2026-12-01", "https://example.org/r")
    assert citation.gbt7714([item]) == [
        f"上海市人民政府. {title}[EB/OL]. 世界医疗网, 2019[2026-12-01]. https://example.org/r/chapters/sources/{S003}.html."
    ]


def test_bibliography_entries_from_bibtex_agree_and_never_say_nd(seed_results, dev_metas):
    from pybtex.database import parse_string

    metas = [r.meta for r in seed_results.values()] + [dict(m, sha256="0") for m in dev_metas]
    text = "\n".join(bib.document_entry(m, "", "2026-12-01") for m in metas)
    data = parse_string(text, "bibtex")
    refs = [e.text.render_as("text") for e in bib.bib_style()().format_entries(data.entries.values())]
    assert len(refs) == 48 and not [r for r in refs if "n.d" in r or "[S.l.]" in r]
    assert refs == citation.gbt7714([citation.document_item(m, "2026-12-01") for m in metas])
    pku = next(m for m in dev_metas if m["file"].startswith("33_"))
    assert citation.gbt7714([citation.document_item(pku, "2026-12-01")]) == [
        "广东省人民政府. 广东省公共数据管理办法: 广东省人民政府令（第290号）[EB/OL]. 北大法宝, 2021[2026-12-01]. "
        "https://www.pkulaw.com/lar/b92b11495b6da1cb826d5b04ef638f64bdfb.html."
    ]


# --- one source, nothing twice ----------------------------------------------------------------------


def test_field_labels_have_one_source():
    assert all(labels.field(key) == label for key, label, *_ in TABLE)
    assert labels.field("date") == "成文日期"


def test_overview_csv_writes_nested_cells_as_json(seed_results):
    df = json_cells(pd.DataFrame([r.meta for _, r in sorted(seed_results.items())]))
    ev = json.loads(df.loc[df["doc_id"] == S000, "evidence"].iloc[0])
    assert ev["doc_number"] == {"element": "发文字号", "paragraph": 3}
    pub = json.loads(df.loc[df["doc_id"] == S003, "publication"].iloc[0])
    assert pub["site"] == "世界医疗网" and pub["reprint"] is True


def test_key_terms_are_a_figure_not_also_a_table():
    page = (ROOT / "src" / "policyreport" / "templates" / "document.md").read_text(encoding="utf-8")
    assert "fig_terms" in page and "key_terms_table" not in page and "(commit-@DOC_ID@)=" in page


def test_policy_chapter_summarises_commitments_and_links_to_the_documents(tmp_path, seed_results):
    from policyreport.report.views.policy import PolicyView

    rows = pd.concat([r.tables["commitments"].assign(doc_id=r.meta["doc_id"]) for r in seed_results.values()])
    (tmp_path / "tables").mkdir()
    rows.to_csv(tmp_path / "tables" / "commitments.csv", index=False, encoding="utf-8-sig")
    docs = [r.meta for r in seed_results.values()]
    (tmp_path / "corpus.json").write_text(json.dumps({"documents": docs}, ensure_ascii=False, default=str), encoding="utf-8")
    out = PolicyView(str(tmp_path)).promises()
    assert not [c for c in rows["clause"] if c in out]  # no clause printed a second time
    for doc_id in rows["doc_id"].unique():
        assert f"<commit-{doc_id}>" in out
    line = next(x for x in out.splitlines() if f"<doc-{S003}>" in x)
    n_done, n_promise = (int(x.strip()) for x in line.split("|")[2:4])
    g = rows[rows["doc_id"] == S003]
    assert (n_done, n_promise) == ((g["status"] == "已完成").sum(), (g["status"] == "承诺").sum())


def test_an_organisation_author_keeps_its_case_a_western_surname_is_upper_case():
    report = {"title": "报告", "author": "policyreport 项目组", "version": "v", "build_date": "2026-12-01"}
    assert citation.gbt7714([citation.report_item(report, {})]) == ["policyreport 项目组. 报告[R]. policyreport 项目组, 2026."]
    people = {"authors": [{"name": "Jane Smith"}, {"name": "张三"}]}
    assert citation.gbt7714([citation.report_item(report, people)]) == ["SMITH J, 张三. 报告[R]. policyreport 项目组, 2026."]


def test_every_parameter_has_a_chinese_name():
    import dataclasses

    from policyreport.params import Params

    missing = [f.name for f in dataclasses.fields(Params) if labels.param(f.name) == f.name]
    assert missing == []


def test_a_deadline_without_its_year_is_shown_as_written_and_counted_apart(tmp_path):
    """Issue 19: 6月底前 in a document of 2022 is no target year 2022: the policy chapter counts it
    apart from the target years, the document's chapter quotes the deadline and leaves the year empty."""
    from policyreport.extract import commitments as C
    from policyreport.report.views.policy import PolicyView

    rows = pd.DataFrame(
        [
            (3, "承诺", 2025, "到2025年", "", "", "到2025年，建成平台。", "到2025年，建成平台。"),
            (4, "承诺", None, "6月底前", C.NO_YEAR, "", "6月底前完成验收。", "6月底前完成验收。"),
            (5, "已完成", None, "", C.NO_DEADLINE, "", "已完成道路改造。", "已完成道路改造。"),
        ],
        columns=C.COLUMNS,
    ).assign(doc_id="A")
    docs = [{"doc_id": "A", "file": "A.txt", "title": "甲方案", "genre": "方案", "year": 2022}]
    from policyreport.compare.findings import COLUMNS as FINDINGS

    store.write_corpus(tmp_path, {"documents": docs}, {"commitments": rows, "findings": pd.DataFrame(columns=FINDINGS)})
    v = PolicyView(str(tmp_path))
    line = next(x for x in v.promises().splitlines() if "<doc-A>" in x)
    assert [c.strip() for c in line.split("|")[2:6]] == ["1", "2", "2025（1）", "1"]
    text = v.synthesis()
    assert "承诺 2 条，其中 1 条承诺写明了目标年份" in text and "另有 1 条承诺的期限没有写年份" in text
    store.write_document_slices(tmp_path, {"documents": docs}, {}, {"A": "甲方案"})
    store.write_document(tmp_path, "A", {"commitments": rows.drop(columns="doc_id")})
    table = DocumentView(str(tmp_path), "A").commitments().splitlines()
    assert any(x.startswith("| 类别 | 期限（原文） | 目标年份 |") for x in table)
    cells = [[c.strip() for c in x.split("|")[1:4]] for x in table if "完成验收" in x or "建成平台" in x]
    assert cells == [["承诺", "到2025年", "2025"], ["承诺", "6月底前", ""]]
