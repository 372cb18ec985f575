"""The report's languages: every Chinese message the package shows has an English entry, the
catalogue's lookups, English labels and dates, the language in the notebook cache key."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from policyreport.paths import SKELETON, TEMPLATES
from policyreport.report import i18n
from policyreport.report.i18n import tr

SRC = Path(i18n.__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def english():
    i18n.use("en")
    yield
    i18n.use("zh")


def _tr_literals(tree: ast.AST) -> list[str]:
    """The message ids of `tr("…")` calls and the Chinese texts in `names({...})`."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        fn = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if fn == "tr" and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            out.append(node.args[0].value)
    return out


def _template_cells():
    import jupytext

    for path in sorted(TEMPLATES.glob("*.md")):
        for cell in jupytext.read(path).cells:
            yield path.name, cell


def test_every_tr_message_in_the_package_has_an_english_entry():
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        for text in _tr_literals(ast.parse(path.read_text(encoding="utf-8"))):
            if CJK.search(text) and i18n.lookup(text) is None:
                missing.append(f"{path.relative_to(SRC)}: {text[:60]!r}")
    for name, cell in _template_cells():
        if cell.cell_type == "code":
            missing += [f"{name}: {t[:60]!r}" for t in _tr_literals(ast.parse(cell.source)) if i18n.lookup(t) is None]
    assert not missing, "no English entry in report/i18n/en.yaml for:\n" + "\n".join(missing)


def test_every_markdown_cell_and_static_page_has_an_english_entry():
    missing = [
        f"{name}: {cell.source[:60]!r}"
        for name, cell in _template_cells()
        if cell.cell_type == "markdown" and CJK.search(cell.source) and i18n.lookup(cell.source) is None
    ]
    for page in sorted((SKELETON / "chapters").glob("*.md")):
        if i18n.lookup(page.read_text(encoding="utf-8")) is None:
            missing.append(page.name)
    assert not missing, "no English entry in report/i18n/en.yaml for:\n" + "\n".join(missing)


def test_english_entries_keep_fields_roles_and_labels():
    """The English text of an entry has the same {fields}, glued values, citations, figure
    references, labels and tokens as its id (a {ref}'s text is translated, so only its target counts)."""
    marks = re.compile(
        r"\{(?:glue:text|numref|cite:p)\}`[^`]*`|\{[a-z_]+(?::[^}`]*)?\}(?!`)|^\([\w@-]+\)=$|^:name: .*$|@[A-Z_]+@", re.M
    )
    target = re.compile(r"\{ref\}`(?:[^`<]*<([^>]+)>|([^`<]+))`")

    def found(text):
        return sorted(marks.findall(text)), sorted(a or b for a, b in target.findall(text))

    bad = [zh[:50] for zh, en in i18n.catalogue().items() if found(zh) != found(en)]
    assert not bad, bad


def test_no_english_entry_has_chinese_outside_quoted_examples():
    """English entries keep Chinese only where they quote the documents' words (marker words,
    numbering, examples): never a whole Chinese sentence."""
    for zh, en in i18n.catalogue().items():
        longest = max((len(m) for m in re.findall(r"[\u4e00-\u9fff]+", en)), default=0)
        assert longest <= 12, (zh[:40], en[:80])


def test_tr_in_chinese_is_the_text_and_in_english_its_entry(english):
    assert tr("第{n}段", n=3) == "para. 3"
    with pytest.raises(i18n.MissingTranslation):
        tr("没有这条消息")
    assert i18n.name("没有这个词") == "没有这个词"  # data words fall back to the original
    i18n.use("zh")
    assert tr("第{n}段", n=3) == "第3段"
    assert tr("没有这条消息") == "没有这条消息"


def test_markdown_cells_are_looked_up_whole(english):
    assert i18n.markdown("## 数据下载\n") == "## Data downloads\n"
    assert i18n.markdown("```{code-cell}\nx = 1\n```") == "```{code-cell}\nx = 1\n```"
    with pytest.raises(i18n.MissingTranslation):
        i18n.markdown("## 新的一节")


def test_english_dates(english):
    assert i18n.date("2026-12-03") == "3 December 2026"
    assert i18n.date("2026-01") == "January 2026"
    assert i18n.date("2026") == "2026"
    i18n.use("zh")
    assert i18n.date("2026-12-03") == "2026-12-03"


@pytest.mark.parametrize(
    ("issuer", "number", "label"),
    [
        ("国务院", "国发〔2016〕1号", "State Council [2016] No. 1"),
        ("国务院办公厅", "国办发〔2017〕74号", "General Office of the State Council [2017] No. 74"),
        ("国家卫生健康委员会、国家中医药管理局", "国卫医发〔2020〕5号", "National Health Commission et al. [2020] No. 5"),
        ("国务院", "中华人民共和国国务院令 第 707 号", "State Council Order No. 707"),
        ("深圳市卫生健康委员会", "深卫健建函〔2020〕54号", None),  # a local body: the original label
        ("国务院", None, None),
    ],
)
def test_english_document_labels(issuer, number, label):
    assert i18n.english_label(issuer, number) == label


def test_document_labels_in_english_fall_back_to_the_original(english):
    from policyreport.report.views.common import document_labels

    docs = [
        {
            "doc_id": "a",
            "issuer": "国务院",
            "doc_number": "国发〔2016〕1号",
            "title": "国务院关于整合城乡居民基本医疗保险制度的意见",
            "file": "a.txt",
        },
        {"doc_id": "b", "issuer": "深圳市卫生健康委员会", "doc_number": "深卫健建函〔2020〕54号", "title": "t", "file": "b.txt"},
    ]
    labels = document_labels(docs)
    assert labels == {"a": "State Council [2016] No. 1", "b": "深圳市卫生健康委员会 深卫健建函〔2020〕54号"}


def test_templates_in_english_have_no_chinese_headings():
    from policyreport.execute.templates import load_template

    for path in sorted(TEMPLATES.glob("*.md")):
        nb = load_template(path.name, {}, "en")
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                for line in cell.source.splitlines():
                    assert not (line.startswith("#") and CJK.search(line)), (path.name, line)
    i18n.use("zh")


def test_language_keys_the_notebook_cache(tmp_path):
    from policyreport.execute.notebooks import NotebookJob, _key

    (tmp_path / "data").mkdir()
    zh = NotebookJob("overview", "overview.md", tmp_path / "overview.ipynb", {"data_dir": "data"}, {})
    en = NotebookJob("overview", "overview.md", tmp_path / "overview.ipynb", {"data_dir": "data"}, {}, language="en")
    assert _key(zh, tmp_path / "data", "c") != _key(en, tmp_path / "data", "c")


def test_language_is_a_report_parameter_that_keeps_the_analyses():
    from policyreport.errors import UserError
    from policyreport.params import Params, check

    p = Params()
    assert p.replace(language="en").analysis_digest() == p.analysis_digest()
    assert p.replace(language="en").digest() != p.digest()
    with pytest.raises(UserError, match="language"):
        check({"language": "fr"}, "--set")


def test_project_translations_give_the_title_and_captions(tmp_path):
    from policyreport.book.chapters import shown_text, toc
    from policyreport.params import Params

    (tmp_path / "t.yaml").write_text("- {zh: 我的报告, en: My report}\n", encoding="utf-8")
    p = Params(title="我的报告", language="en", translations=str(tmp_path / "t.yaml"))
    assert shown_text(p)("我的报告") == "My report"
    assert "caption: Report" in toc(True, shown_text(p)) and "caption: Appendix" in toc(True, shown_text(p))
    assert shown_text(p.replace(language="zh"))("我的报告") == "我的报告"
    i18n.use("zh")


def test_a_count_of_one_is_singular_in_english(english):
    """Chinese has no plural; the catalogue's `one` texts give English its singular."""
    assert tr("{n} 年", n=1) == "1 year" and tr("{n} 年", n=2) == "2 years"
    assert tr("约 {n} 年", n=1) == "about 1 year"
    from policyreport.report.views.pmc import pmc_evidence

    stored = "“到2020年”：目标年份 2020、2030、2035 年，距网页发布年份（成文日期不详） 2019 年 {} 年"  # compare.pmc's X2 evidence
    assert pmc_evidence(stored.format(1)) == (
        "“到2020年”: target years 2020, 2030, 2035; 1 year from the web page's year (date of issue unknown) (2019)"
    )
    assert "; 11 years from the web page's year" in pmc_evidence(stored.format(11))
    i18n.use("zh")
    assert tr("{n} 年", n=1) == "1 年"


def test_singular_texts_keep_the_fields_of_their_entry():
    """A `one` text has its entry's {fields}, but may write the count itself out (the count names
    a field of the message)."""
    fields = re.compile(r"\{([a-z_]+)[^}]*\}")
    for zh, (count, one) in i18n.singulars().items():
        en = i18n.lookup(zh)
        assert count in fields.findall(zh), zh
        assert set(fields.findall(one)) | {count} == set(fields.findall(en)) | {count}, zh


def test_cells_start_with_a_capital_in_english(english):
    assert i18n.capital(i18n.name("成文日期")) == "Date of issue"
    assert i18n.capital("{ref}`x <y>`") == "{ref}`x <y>`" and i18n.capital("") == ""
    i18n.use("zh")
    assert i18n.capital("date") == "date"


def test_joint_issuers_in_english_labels_are_et_al(english):
    """A joint issuer without an English name: the first body as written, then et al. (not 等)."""
    from policyreport.report.views.common import base_label

    assert base_label({"file": "f.txt", "issuer": "甲局、乙局", "title": "关于严禁在县城区种植农作物的通告"}) == (
        "甲局 et al.: 严禁在县城区种植农作物的通告"
    )
    assert base_label({"file": "f.txt", "issuer": "甲局、乙局", "doc_number": "甲发〔2020〕1号"}) == "甲局 et al. 甲发〔2020〕1号"
    assert base_label({"file": "f.txt", "issuer": "深圳市卫生健康委员会", "doc_number": "深卫健建函〔2020〕54号"}) == (
        "深圳市卫生健康委员会 深卫健建函〔2020〕54号"
    )


def test_every_web_page_label_has_an_english_name():
    """A page's metadata labels (formats.yaml) are shown as where a field was read and in the
    publication table, through `name`: each has an English entry."""
    import yaml

    from policyreport.paths import PACKAGE

    labels = yaml.safe_load((PACKAGE / "dictionaries" / "formats.yaml").read_text(encoding="utf-8"))["page_labels"]
    missing = [label for group in labels.values() for label in group if i18n.lookup(label) is None]
    assert not missing


def test_heatmap_categories_are_in_the_report_s_language(english):
    """The instrument × goal heatmap's ticks: dictionary categories in English, document labels as written."""
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd

    from policyreport.report import charts

    label = "深圳市卫生健康委员会 深卫健建函〔2020〕54号"
    m = pd.DataFrame([[1.0, 2.0]], index=["人才培养"], columns=["产业发展", label])
    fig = charts.heatmap(m, "政策目标", "政策工具")
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    wrap = charts._wrap
    assert ticks == [wrap(i18n.name("产业发展"), 10), wrap(label, 10), wrap(i18n.name("人才培养"), 22)]
    assert not CJK.search(i18n.name("产业发展") + i18n.name("人才培养") + ax.get_xlabel() + ax.get_ylabel())
