"""Corpus chapters are keyed by the data files they opened (execute/reads.py): a new title changes
only the report's own file, which only the chapters showing it open."""

import json

from policyreport.execute import reads
from policyreport.report import store


def _data_reads() -> list[str]:
    return [r for r in reads.recorded() if not r.startswith("/")]


def test_report_entries_are_read_from_their_own_file_only_when_asked(tmp_path):
    info = {"documents": [], "report": {"title": "标题"}, "params_shown": {"title": "标题"}, "skipped": []}
    store.write_corpus(tmp_path, info, {})
    assert json.loads((tmp_path / "corpus.json").read_text(encoding="utf-8")) == info  # the whole record, as before
    reads.start(str(tmp_path))
    corpus = store.load(tmp_path)
    assert corpus.info["skipped"] == [] and corpus.documents == []
    assert _data_reads() == ["pages/corpus.json"]
    assert corpus.info.get("report") == {"title": "标题"} and "params_shown" in corpus.info
    assert _data_reads() == ["pages/corpus.json", "pages/report.json"]
    reads.start(str(tmp_path))  # the next notebook: nothing cached in memory hides its reads
    store.load(tmp_path)
    assert _data_reads() == ["pages/corpus.json"]
    outside = tmp_path.parent / f"{tmp_path.name}-dictionary.yaml"  # a dictionary a chapter shows: keyed by its path
    outside.write_text("a: 1\n", encoding="utf-8")
    outside.read_text(encoding="utf-8")
    assert str(outside.resolve()) in reads.recorded()
    reads._STATE["root"] = None


def test_a_folder_with_corpus_json_only_is_read_whole(tmp_path):
    (tmp_path / "corpus.json").write_text(json.dumps({"documents": [], "report": {"title": "t"}}), encoding="utf-8")
    store._LOADED.clear()
    assert store.load(tmp_path).info["report"] == {"title": "t"}


def test_what_the_kernels_warm_up_opens_is_in_every_record(tmp_path):
    """A module imported while the kernel warms up (before any notebook) and reading a dictionary
    then: the dictionary is in each later notebook's record, as if the notebook had imported it."""
    dictionary = tmp_path / "places.yaml"
    dictionary.write_text("a: 1\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    try:
        reads.warm_up(lambda: dictionary.read_text(encoding="utf-8"))
        for _ in range(2):
            reads.start(str(data))
            assert str(dictionary.resolve()) in reads.recorded()
    finally:
        reads.PRELOADED.clear()
        reads._STATE["root"] = None


def test_a_document_page_s_key_is_the_same_from_recorded_shas_as_from_its_files(tmp_path):
    import hashlib

    from policyreport.execute import notebooks

    data = tmp_path / "data"
    files = {"corpus.json": "{}", "documents/a/t.csv": "x\n1\n", "documents/a/corpus/k.csv": "k\n", "documents/b/t.csv": "y\n"}
    for rel, text in files.items():
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        (data / rel).write_text(text, encoding="utf-8")
    names = sorted(files)
    by_doc = notebooks._by_document(names)
    assert by_doc == {"a": ["documents/a/corpus/k.csv", "documents/a/t.csv"], "b": ["documents/b/t.csv"]}
    job = notebooks.NotebookJob("a", "document", tmp_path / "a.ipynb", {"doc_id": "a"}, {})
    recorded = {rel: hashlib.sha256(text.encode()).hexdigest() for rel, text in files.items()}
    read = notebooks._key(job, data, "code", names, by_doc, {})
    assert notebooks._key(job, data, "code", names, by_doc, recorded) == read
    assert notebooks._key(job, data, "code", names, by_doc, {**recorded, "documents/b/t.csv": "0" * 64}) == read  # not its folder
    assert notebooks._key(job, data, "code", names, by_doc, {**recorded, "documents/a/t.csv": "0" * 64}) != read
    (data / "documents/a/t.csv").write_text("x\n2\n", encoding="utf-8")
    assert notebooks._key(job, data, "code", names, by_doc, {}) != read


def test_a_font_a_figure_draws_with_is_in_no_record(tmp_path):
    """matplotlib opens a font once per process, when it first draws with it: recorded, it would be
    in the record of whichever notebook drew with it first on that kernel, and records would depend
    on the order the notebooks ran in (a served build's forked kernels against a build's own)."""
    data = tmp_path / "data"
    data.mkdir()
    font, dictionary = tmp_path / "NotoSansCJK-Regular.ttc", tmp_path / "places.yaml"
    font.write_bytes(b"\0")
    dictionary.write_text("a: 1\n", encoding="utf-8")
    try:
        reads.start(str(data))
        font.read_bytes()
        dictionary.read_text(encoding="utf-8")
        assert reads.recorded() == [str(dictionary.resolve())]
    finally:
        reads._STATE["root"] = None


def test_the_package_s_compiled_modules_are_in_no_record(tmp_path):
    """Python keeps a module's compiled form in `__pycache__` unless told not to
    (PYTHONDONTWRITEBYTECODE), and an import opens it only in a process that has not imported the
    module yet: recorded, it made a served build's records differ from a build's own. The code hash
    covers the code."""
    import importlib.util
    import py_compile

    from policyreport import paths

    compiled = importlib.util.cache_from_source(paths.__file__)
    py_compile.compile(paths.__file__, cfile=compiled, doraise=True)
    data = tmp_path / "data"
    data.mkdir()
    try:
        reads.start(str(data))
        with open(compiled, "rb") as fh:
            fh.read(16)
        assert reads.recorded() == []
    finally:
        reads._STATE["root"] = None
