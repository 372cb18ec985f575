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
