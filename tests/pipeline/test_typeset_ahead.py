"""Jupyter Book processes started ahead (`typeset.Ahead`): they build the book they are sent, as a
process started at that moment would; one not used, or one that died, leaves no trace."""

from pathlib import Path

from policyreport.book import typeset
from policyreport.runtime import lifecycle

CONFIG = "title: 试验之书\nauthor: 测试\nexecute:\n  execute_notebooks: 'off'\nsphinx:\n  config:\n    language: zh_CN\n"


def _book(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (folder / "intro.md").write_text("# 引言\n\n为进一步深化医药卫生体制改革。\n", encoding="utf-8")
    return folder


def test_a_process_started_ahead_builds_what_it_is_sent(tmp_path):
    book, logs = _book(tmp_path / "book"), tmp_path / "logs"
    ahead = typeset.Ahead(book, logs, with_pdf=False)
    try:
        typeset.jupyter_book(book, "html", logs / "html.log", ahead=ahead)
    finally:
        ahead.close()
    page = (book / "_build" / "html" / "intro.html").read_text(encoding="utf-8")
    assert "为进一步深化医药卫生体制改革。" in page and "<title>引言" in page
    assert "build succeeded" in (logs / "html.log").read_text(encoding="utf-8")
    assert not lifecycle._RUNNING


def test_a_process_not_used_exits_without_building(tmp_path):
    book, logs = _book(tmp_path / "book"), tmp_path / "logs"
    ahead = typeset.Ahead(book, logs, with_pdf=True)
    procs = list(ahead.procs.values())
    ahead.close()
    assert [p.returncode for p in procs] == [0, 0]
    assert not (book / "_build").exists() and not lifecycle._RUNNING


def test_a_process_that_died_is_replaced_by_a_new_one(tmp_path):
    book, logs = _book(tmp_path / "book"), tmp_path / "logs"
    ahead = typeset.Ahead(book, logs, with_pdf=False)
    ahead.procs["html"].kill()
    ahead.procs["html"].wait()
    try:
        typeset.jupyter_book(book, "html", logs / "html.log", ahead=ahead)
    finally:
        ahead.close()
    assert "为进一步深化医药卫生体制改革。" in (book / "_build" / "html" / "intro.html").read_text(encoding="utf-8")
