"""Lookups Sphinx repeats for every reference are done once, with the same results (the seeds'
HTML is byte-identical with and without them, apart from the version hash)."""

import pytest

from policyreport.sphinxext import speed


def test_pybtex_plugins_are_looked_up_once_until_one_is_registered(monkeypatch):
    import pybtex.plugin as plugin

    speed.install()
    plain = plugin.find_plugin("pybtex.backends", "plaintext")
    calls = []
    real = plugin._load_entry_point
    monkeypatch.setattr(plugin, "_load_entry_point", lambda *a, **k: calls.append(a) or real(*a, **k))
    plugin.register_plugin("pybtex.backends", "policyreport-test", plain, force=True)  # empties the cache
    first = plugin.find_plugin("pybtex.backends", "docutils")
    assert plugin.find_plugin("pybtex.backends", "docutils") is first and calls == [("pybtex.backends", "docutils")]
    assert plugin.find_plugin("pybtex.backends", "policyreport-test") is plain


class Env:
    def __init__(self):
        self.reads = []

    def get_doctree(self, docname):
        self.reads.append(docname)
        return {"page": docname}


def test_numref_targets_are_unpickled_once_while_they_are_among_the_last_two():
    kept, env = speed.KeptDoctrees(2), Env()
    pages = [kept.get(env, d) for d in ["a", "a", "b", "a", "c", "b", "a"]]
    assert pages[0] is pages[1] is pages[3]
    assert env.reads == ["a", "b", "c", "b", "a"]  # c pushed b out (a was used after it), then b pushed a out


def test_numref_leaves_the_environment_as_it_was():
    from sphinx.domains.std import StandardDomain

    speed.install()
    domain = StandardDomain.__new__(StandardDomain)
    domain.data = {"labels": {}, "anonlabels": {}}
    env = Env()
    assert domain._resolve_numref_xref(env, "page", None, "numref", "no-such-label", None, None) is None
    assert "get_doctree" not in vars(env) and env.reads == []


PAGES = {
    "index": "Book\n====\n\n.. toctree::\n   :numbered:\n\n   one\n   two\n",
    "one": (
        "One\n===\n\n.. _para-label:\n\nText.\n\n.. figure:: a.png\n   :name: fig-a\n\n   Caption A\n\n"
        "Part\n----\n\n.. list-table:: Table T\n   :name: tab-t\n\n   * - a\n     - b\n\n"
        ".. code-block:: python\n   :caption: Code C\n   :name: code-c\n\n   x = 1\n\n"
        ".. figure:: b.png\n\n   no label\n\n:numref:`fig-a`, :numref:`tab-t`, :numref:`code-c`\n"
    ),
    "two": "Two\n===\n\n.. figure:: c.png\n   :name: fig-c\n\n   Caption C\n\nSee :numref:`fig-a` and :numref:`fig-c`.\n",
}


@pytest.fixture(autouse=True)
def own_translations(monkeypatch):
    """Sphinx keeps its message catalogues in one table for the process and adds to it: after a
    Chinese book built in this test process, the tiny English book would say 图 1.1. Each test
    starts from an empty table, as a new process does."""
    from collections import defaultdict
    from gettext import NullTranslations

    from sphinx import locale

    monkeypatch.setattr(locale, "translators", defaultdict(NullTranslations))


def _tiny_book(tmp_path, builder: str = "html"):
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text("numfig = True\nextensions = ['tiny_speed']\n", encoding="utf-8")
    (src / "tiny_speed.py").write_text(
        "from policyreport.sphinxext import speed\n\ndef setup(app):\n    speed.install()\n    speed.setup(app)\n"
        "    return {'parallel_read_safe': True}\n",
        encoding="utf-8",
    )
    for name, text in PAGES.items():
        (src / f"{name}.rst").write_text(text, encoding="utf-8")
    import sys

    sys.path.insert(0, str(src))
    try:
        app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), builder, status=None, warning=None)
        app.build()
    finally:
        sys.path.remove(str(src))
    return app


def test_figures_are_numbered_from_the_skeletons_as_from_the_whole_pages(tmp_path):
    """The skeletons give Sphinx's own numbers: the same walk over the whole pages gives the same."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    app = _tiny_book(tmp_path)
    env = app.env
    skeletons = vars(env)[speed.SKELETONS]
    assert set(skeletons) == {"index", "one", "two"} and all(s is not None for s in skeletons.values())
    numbered = env.toc_fignumbers
    assert numbered["one"]["figure"]["fig-a"] == (1, 1) and numbered["two"]["figure"]["fig-c"] == (2, 1)
    assert numbered["one"]["table"]["tab-t"] == (1, 1) and numbered["one"]["code-block"]["code-c"] == (1, 1)
    vars(env)[speed.SKELETONS] = {}  # no skeletons: the pages are read whole
    whole = TocTreeCollector.assign_figure_numbers.__wrapped__(None, env)
    assert whole == [] and env.toc_fignumbers == numbered
    html = (tmp_path / "out" / "two.html").read_text(encoding="utf-8")
    assert "Fig. 1.1" in html and "Fig. 2.1" in html


def test_a_numref_target_comes_from_the_skeleton_and_a_missing_id_from_the_page(tmp_path):
    app = _tiny_book(tmp_path)
    env = app.env
    page = env.get_doctree("one")
    for label in ("fig-a", "tab-t", "code-c"):
        kept, whole = speed._Target(env, "one").ids.get(label), page.ids[label]
        assert type(kept) is type(whole) and kept["ids"] == whole["ids"] and kept.document is None
    assert speed._Target(env, "one").ids.get("text-not-numbered") is None
    assert "para-label" not in speed._skeletons(env)["one"].ids  # a label on a paragraph: not numbered
    fallback = speed._Target(env, "one").ids.get("para-label")
    assert type(fallback) is type(page.ids["para-label"]) and fallback.astext() == "Text."


def test_latex_inlines_the_pages_without_copying_them_and_writes_the_same(tmp_path, monkeypatch):
    import sphinx.builders.latex as latex_builder

    _tiny_book(tmp_path / "fast", "latex")
    fast = next((tmp_path / "fast" / "out").glob("*.tex")).read_text(encoding="utf-8")
    monkeypatch.setattr(latex_builder, "inline_all_toctrees", latex_builder.inline_all_toctrees.__wrapped__)
    _tiny_book(tmp_path / "plain", "latex")
    plain = next((tmp_path / "plain" / "out").glob("*.tex")).read_text(encoding="utf-8")
    assert fast == plain and "Caption C" in fast and "Table T" in fast


def test_the_head_key_changes_with_what_every_page_s_head_shows_not_with_the_version():
    """A new version (any changed document) must not make Sphinx rewrite every page; a new
    author, date or base URL must."""
    import copy
    import json

    from policyreport.sphinxext.latex import head_key

    meta = {
        "report": {"title": "政策文本分析报告", "version": "aaaaaaaaaaaa", "build_date": "2026-12-03", "author": "张三"},
        "params": {"title": "政策文本分析报告", "author": "张三"},
    }
    key = head_key(meta)
    assert key and head_key(json.loads(json.dumps(meta))) == key
    other = copy.deepcopy(meta)
    other["report"]["version"] = "bbbbbbbbbbbb"
    assert head_key(other) == key
    for field, value in (("build_date", "2026-12-04"), ("author", "李四")):
        other = copy.deepcopy(meta)
        other["report"][field] = value
        other["params"][field] = value
        assert head_key(other) != key, field
    other = copy.deepcopy(meta)
    other["params"]["base_url"] = "https://example.org/report/"
    assert head_key(other) != key
    assert head_key({"report": {}, "params": {}}) == ""


@pytest.mark.parametrize(
    "changed, pages, serially",
    [(19, 10_014, True), (200, 10_014, True), (201, 10_014, False), (8, 20, False), (39, 2_014, True), (41, 2_014, False)],
)
def test_few_changed_pages_of_a_large_book_are_read_in_one_process(changed, pages, serially):
    assert speed.read_serially(changed, pages) is serially


def test_the_read_goes_serial_through_sphinx_s_own_reader():
    from sphinx.builders import Builder

    speed.install()
    read = []
    builder = type("B", (), {"env": type("E", (), {"all_docs": dict.fromkeys(range(1000))})()})()
    builder._read_serial = read.append
    Builder._read_parallel(builder, ["a", "b"], 2)
    assert read == [["a", "b"]]


class _Bibliography:
    def __init__(self, filter_: str, keys=()):
        import ast

        self.bibfiles, self.keyprefix, self.line, self.keys = ["refs.bib"], "", 1, list(keys)
        self.filter_ = ast.parse(filter_)


class _Ref:
    def __init__(self, docname, *keys):
        self.docname = docname
        self.targets = [type("T", (), {"key": k})() for k in keys]


def test_bibliographies_list_the_entries_the_package_itself_lists():
    """The cited pages gathered once per update give each filter the entries the package's own
    scan of every citation gives."""
    from sphinxcontrib.bibtex.domain import BibtexDomain

    speed.install()
    entries = [type("E", (), {"key": k, "type": "misc", "fields": {}, "persons": {}})() for k in ("a", "b", "c", "d")]
    refs = [_Ref("p1", "a"), _Ref("p2", "a", "b"), _Ref("p3", "c"), _Ref("p3", "a")]
    from sphinxcontrib.bibtex.directives import BibliographyKey as Key

    bibs = {
        Key("p1", "x"): _Bibliography("cited"),
        Key("p2", "y"): _Bibliography("not cited"),
        Key("p3", "z"): _Bibliography("cited and docname == 'p3'"),
        Key("p4", "w"): _Bibliography("False", keys=["d"]),
        Key("p5", "v"): _Bibliography("True"),
    }

    class Domain:
        bibliographies, citation_refs = bibs, refs

        def get_entries(self, bibfiles):
            return entries

    own = speed.PACKAGE["get_filtered_entries"]
    assert own is not BibtexDomain.get_filtered_entries
    domain = Domain()
    want = {b: [k for k, _ in own(domain, b)] for b in bibs}
    citing = {}
    for ref in refs:
        for t in ref.targets:
            citing.setdefault(t.key, set()).add(ref.docname)
    domain._policyreport_citing = citing
    got = {b: [k for k, _ in BibtexDomain.get_filtered_entries(domain, b)] for b in bibs}
    assert got == want
    assert [want[k] for k in bibs] == [["a", "b", "c"], ["d"], ["a", "b", "c"], ["d"], ["a", "b", "c", "d"]]


def test_downloads_are_linked_once_and_again_when_their_file_is_replaced(tmp_path, caplog):
    import os

    from policyreport.sphinxext import downloads

    src, out = tmp_path / "src", tmp_path / "out"
    (src / "data").mkdir(parents=True)
    (src / "data" / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (src / "data" / "b.csv").write_text("y\n2\n", encoding="utf-8")
    files = {"data/a.csv": ({"p"}, "h1/a.csv"), "data/b.csv": ({"p"}, "h2/b.csv")}
    builder = type("B", (), {"srcdir": str(src), "outdir": str(out), "env": type("E", (), {"dlfiles": files})()})()
    downloads.link_downloads(builder)
    a = out / "_downloads" / "h1" / "a.csv"
    assert os.path.samefile(a, src / "data" / "a.csv") and (out / "_downloads" / "h2" / "b.csv").read_text() == "y\n2\n"
    first = a.stat().st_ino
    downloads.link_downloads(builder)
    assert a.stat().st_ino == first
    new = src / "data" / "a.new"
    new.write_text("x\n3\n", encoding="utf-8")
    new.replace(src / "data" / "a.csv")  # the file replaced, not written in place
    downloads.link_downloads(builder)
    assert a.read_text() == "x\n3\n" and os.path.samefile(a, src / "data" / "a.csv")
    (src / "data" / "b.csv").unlink()
    downloads.link_downloads(builder)  # a download that disappeared warns, as Sphinx's copy does
    assert "cannot copy downloadable file" in caplog.text


def test_sphinx_processes_collect_garbage_less_often(monkeypatch):
    """The collector's thresholds are set before Jupyter Book runs (and its forked workers inherit them)."""
    import gc

    import jupyter_book.cli.main
    import jupyter_book.sphinx
    import sphinx_multitoc_numbering
    from sphinx.util.parallel import ParallelTasks

    from policyreport.sphinxext import jupyter_book_cli

    for owner, name in ((ParallelTasks, "_process"), (sphinx_multitoc_numbering, "setup"), (jupyter_book.sphinx, "build_sphinx")):
        monkeypatch.setattr(owner, name, getattr(owner, name))  # what main() wraps, restored afterwards
    seen = []
    monkeypatch.setattr(jupyter_book.cli.main, "main", lambda args, prog_name: seen.append((args, gc.get_threshold())))
    monkeypatch.setattr(jupyter_book_cli, "exit_without_collecting", lambda: None)
    before = gc.get_threshold()
    try:
        jupyter_book_cli.main(["1", "build", "book"])
    finally:
        gc.set_threshold(*before)
    assert seen == [(["build", "book"], jupyter_book_cli.COLLECTOR_THRESHOLDS)]
    assert jupyter_book_cli.COLLECTOR_THRESHOLDS[0] > before[0]


def test_sphinx_s_toc_collector_is_replaced_without_walking_every_object(tmp_path, monkeypatch):
    """sphinx-external-toc's collector, which numbers in its styles, replaces Sphinx's own, as with
    its own function, which walked every object of the process to find Sphinx's."""
    import gc

    import sphinx_external_toc.collectors as collectors
    from sphinx.application import Sphinx
    from sphinx.environment.collectors.toctree import TocTreeCollector

    from policyreport.sphinxext import jupyter_book_cli

    monkeypatch.setattr(collectors, "disable_builtin_toctree_collector", jupyter_book_cli.own_collectors_disabled)
    monkeypatch.setattr(gc, "get_objects", lambda *a, **k: pytest.fail("walked every object of the process"))
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['sphinx_external_toc']\n", encoding="utf-8")
    (src / "_toc.yml").write_text("root: index\n", encoding="utf-8")
    (src / "index.rst").write_text("Book\n====\n", encoding="utf-8")
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html", status=None, warning=None)
    listening = {
        type(owner)
        for listeners in app.events.listeners.values()
        for owner in (getattr(listener.handler, "__self__", None) for listener in listeners)
        if isinstance(owner, TocTreeCollector)
    }
    assert listening == {collectors.TocTreeCollectorWithStyles}


def test_a_walk_for_a_condition_finds_what_docutils_finds(tmp_path):
    """The same nodes in the same order as docutils' own walk, for conditions that are not a class
    (Sphinx's NodeMatcher, a function), and any other arguments left to docutils."""
    from docutils import nodes
    from sphinx.util.nodes import NodeMatcher

    app = _tiny_book(tmp_path)  # the extension installs the walk
    docutils_walk = nodes.Node.findall.__wrapped__
    page = app.env.get_doctree("one")
    conditions = [NodeMatcher(nodes.Element), NodeMatcher(nodes.figure, ids=["fig-a"]), lambda n: isinstance(n, nodes.Text)]
    for condition in conditions:
        found = [id(n) for n in page.findall(condition)]
        assert found and found == [id(n) for n in docutils_walk(page, condition)]
    assert [n.astext() for n in page.findall(conditions[2])][:2] == ["One", "Text."]
    para = next(page.findall(nodes.paragraph))
    for kwargs in ({"siblings": True}, {"ascend": True}, {"include_self": False}, {"descend": False}):
        assert [id(n) for n in para.findall(conditions[0], **kwargs)] == [
            id(n) for n in docutils_walk(para, conditions[0], **kwargs)
        ]
