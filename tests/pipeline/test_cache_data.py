"""The cache holds data, not code (issue 24): analyses are stored as JSON and come back equal to
the fresh ones; a planted entry with a valid checksum is recomputed, never run."""

import dataclasses
import hashlib
import pickle
import shutil

import numpy as np
import pandas as pd
import pytest
from conftest import SEEDS

from policyreport.execute.analyse import analyse
from policyreport.ingest.corpus import read_corpus
from policyreport.runtime import cache as cache_module
from policyreport.runtime import codec
from policyreport.runtime.cache import MAGIC, Cache
from policyreport.runtime.progress import BuildResult, Progress


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True, check_index_type=True, check_column_type=True)


def test_every_seed_analysis_comes_back_equal(seed_results):
    for r in seed_results.values():
        stored = {f.name: getattr(r, f.name) for f in dataclasses.fields(r)}
        back = codec.loads(codec.dumps(stored))
        assert back["meta"] == r.meta and back["sentence_terms"] == r.sentence_terms and back["norm_text"] == r.norm_text
        assert sorted(back["tables"]) == sorted(r.tables)
        for name, table in r.tables.items():
            _same_frame(table, back["tables"][name])


def test_types_outside_json_come_back_with_their_type():
    df = pd.DataFrame(
        {
            "s": pd.Series(["a", np.nan, "$f"], dtype="str"),
            "o": [None, ("x", 1), {"k": 2}],
            "i": pd.Series([1, pd.NA, 3], dtype="Int64"),
            "f": [1.5, float("nan"), float("-inf")],
            "b": [True, False, True],
            "c": pd.Categorical(["x", "y", "x"], categories=["y", "x"], ordered=True),
        },
        index=pd.Index(["r1", "r2", "r3"], name="row"),
    )
    df.columns.name = "level"
    value = {"df": df, 1: (b"\x00\xff", None), "$t": [float("inf")], "ts": pd.Timestamp("2024-05-01")}
    back = codec.loads(codec.dumps(value))
    _same_frame(back["df"], df)
    assert back[1] == (b"\x00\xff", None) and back["$t"] == [float("inf")] and back["ts"] == pd.Timestamp("2024-05-01")
    with pytest.raises(TypeError):
        codec.dumps({"x": object()})


class Payload:
    """What a planted pickle would run when unpickled."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.mark.parametrize("signed", [False, True], ids=["checksum", "signed with the user's key"])
@pytest.mark.parametrize("kind", ["pickle", "json-shaped"])
def test_planted_entry_with_a_valid_checksum_is_recomputed_not_run(tmp_path, params, kind, signed):
    """Planted by someone who can write the output folder: with a valid SHA-256 it is refused as
    unsigned; even signed with the user's own key (kept outside the folder) it is refused as not data."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(f, corpus)
    p = params.replace(corpus=str(corpus), gold="")
    docs, _ = read_corpus(p.corpus, p.pattern, p.recursive)
    cache = Cache(tmp_path / "cache")
    analyse(docs, p, "code", cache, Progress(quiet=True), BuildResult(), 1)
    entries = sorted((tmp_path / "cache" / "analysis").iterdir())
    assert len(entries) == 2 and all(e.suffix == ".json" for e in entries)

    marker = tmp_path / "pwned"
    body = pickle.dumps(Payload(marker)) if kind == "pickle" else b'{"$df": {"columns": 1}}'
    for entry in entries:
        for path in (entry, entry.with_suffix(".pkl")):
            check = cache_module._sign(body) if signed else hashlib.sha256(body).hexdigest().encode()
            path.write_bytes(MAGIC + check + b"\n" + body)
    again = BuildResult()
    results, _ = analyse(docs, p, "code", cache, Progress(quiet=True), again, 1)
    assert not marker.exists()
    assert again.analysed == sorted(d.file for d in docs)
    refused = "not cached data" if signed else "unsigned"
    assert len([n for n in cache.notes if refused in n]) == 2
    fresh = Cache(tmp_path / "cache")
    reused = BuildResult()
    analyse(docs, p, "code", fresh, Progress(quiet=True), reused, 1)
    assert reused.analysed == [] and not marker.exists() and len(results) == 2


def test_a_page_rendered_without_a_kernel_comes_back_with_its_figures(tmp_path):
    from policyreport.execute import notebooks

    page = tmp_path / "documents" / "doc.md"
    figure = tmp_path / "documents" / "_figures" / "doc" / "fig_terms.png"
    figure.parent.mkdir(parents=True)
    page.write_text("# 标题\n", encoding="utf-8")
    figure.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    job = notebooks.NotebookJob("document doc.txt", "document.md", page, {"doc_id": "doc"}, {}, inline=True)
    cache = Cache(tmp_path / "cache")
    notebooks._store(cache, job, "k" * 64)
    shutil.rmtree(tmp_path / "documents")
    assert notebooks._fetch(cache, job, "k" * 64)
    assert page.read_text(encoding="utf-8") == "# 标题\n" and figure.read_bytes() == b"\x89PNG\r\n\x1a\n\x00\xff"
    assert [p.suffix for p in (tmp_path / "cache" / "pages").iterdir()] == [".json"]


@pytest.mark.parametrize("rel", ["../escaped.md", "_figures/doc/../../../escaped.png", "_figures/other/x.png", "/tmp/x.png"])
def test_a_planted_page_entry_writes_no_other_file(tmp_path, rel):
    from policyreport.execute import inline

    page = tmp_path / "site" / "documents" / "doc.md"
    assert not inline.restore({"doc.md": b"# x\n", rel: b"x"}, page)
    assert not any(tmp_path.rglob("*.md")) and not any(tmp_path.rglob("*.png"))
    assert inline.restore({"doc.md": b"# x\n", "_figures/doc/fig.png": b"x"}, page) and page.is_file()


@pytest.mark.parametrize(
    "raw",
    [b"[" * 100_000, b'{"$f": "os.system"}', b'{"$ts": {"x": 1}}', b'{"$df": {"columns": [1]}}', b'{"$x": 1}', b"\xff"],
)
def test_anything_but_cached_data_is_refused(raw):
    with pytest.raises(codec.NotData):
        codec.loads(raw)


def test_a_table_whose_columns_are_not_as_long_as_its_index_is_refused():
    """Columns are built as arrays and joined without pandas' type inference; their lengths are
    still checked."""
    raw = codec.dumps(pd.DataFrame({"a": ["x", "y"], "b": [1, 2]})).decode()
    assert codec.loads(raw.encode())["a"].tolist() == ["x", "y"]
    for planted in (raw.replace('["x","y"]', '["x"]'), raw.replace('"range":[0,2,1]', '"range":[0,3,1]')):
        with pytest.raises(codec.NotData):
            codec.loads(planted.encode())


def test_a_column_of_pairs_comes_back_one_pair_per_row():
    df = pd.DataFrame({"pair": pd.Series([("a", 1), ("b", 2)], dtype=object), "n": [1, 2]})
    back = codec.loads(codec.dumps(df))
    _same_frame(back, df)
    assert back["pair"].tolist() == [("a", 1), ("b", 2)]


def test_a_planted_notebook_is_not_published(tmp_path, monkeypatch):
    """An executed notebook carries HTML into the site: one planted with a plain checksum under a
    key the build would look up is refused, and the signing key lives outside the output folder."""
    from policyreport.execute import notebooks

    monkeypatch.setenv(cache_module.KEY_ENV, str(tmp_path / "elsewhere" / "key"))
    out = tmp_path / "_build" / "chapters" / "policy.ipynb"
    job = notebooks.NotebookJob("policy", "policy.md", out, {"data_dir": "data"}, {})
    cache = Cache(tmp_path / "_build" / "cache")
    body = b'{"cells": [{"cell_type": "markdown", "source": "<script>alert(1)</script>"}]}'
    entry = cache._path("notebooks", out.stem, "k" * 64, ".ipynb")
    entry.parent.mkdir(parents=True)
    entry.write_bytes(MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    assert not notebooks._fetch(cache, job, "k" * 64) and not out.exists()
    assert (tmp_path / "elsewhere" / "key").stat().st_mode & 0o077 == 0
    assert not any(p.name == "key" for p in (tmp_path / "_build").rglob("*"))


def test_a_page_restored_into_the_kept_stage_leaves_no_figure_of_before_and_its_files_in_place(tmp_path):
    """The staging folder is kept between builds: a restored page's figure folder holds its own
    figures only, and a file already holding the cached bytes is not written again."""
    from policyreport.execute import inline

    page = tmp_path / "documents" / "doc.md"
    assert inline.restore({"doc.md": b"# x\n", "_figures/doc/a.png": b"a", "_figures/doc/b.png": b"b"}, page)
    kept = (tmp_path / "documents" / "_figures" / "doc" / "a.png").stat()
    assert inline.restore({"doc.md": b"# x\n", "_figures/doc/a.png": b"a"}, page)
    assert sorted(p.name for p in (tmp_path / "documents" / "_figures" / "doc").iterdir()) == ["a.png"]
    assert (tmp_path / "documents" / "_figures" / "doc" / "a.png").stat().st_mtime_ns == kept.st_mtime_ns
    assert inline.restore({"doc.md": b"# y\n"}, page) and not (tmp_path / "documents" / "_figures" / "doc").exists()
    assert page.read_bytes() == b"# y\n"


def test_a_fetched_file_already_in_place_is_not_written_again(tmp_path):
    cache = Cache(tmp_path / "cache")
    src, dest = tmp_path / "nb.ipynb", tmp_path / "stage" / "index.ipynb"
    src.write_bytes(b'{"cells": []}')
    cache.store_file("notebooks", "index", "k" * 64, src)
    assert cache.fetch_file("notebooks", "index", "k" * 64, dest)
    before = dest.stat()
    assert cache.fetch_file("notebooks", "index", "k" * 64, dest) and dest.stat().st_ctime_ns == before.st_ctime_ns
    dest.write_bytes(b'{"cells": [1]}')
    assert cache.fetch_file("notebooks", "index", "k" * 64, dest) and dest.read_bytes() == src.read_bytes()


def test_a_column_type_is_looked_up_once_per_process(monkeypatch):
    """pandas searches its registry of extension types for every dtype name it is given; the codec
    asks once per name, and the frames come back with the same types."""
    calls = []
    real = codec.pandas_dtype
    monkeypatch.setattr(codec, "pandas_dtype", lambda name: calls.append(name) or real(name))
    codec._dtype.cache_clear()
    df = pd.DataFrame({"文本": ["为进一步", "深化"], "段落": [3, 7], "权重": [0.5, 1.25], "标记": [True, False]})
    df["文本"] = df["文本"].astype("string")
    raw = codec.dumps({"a": df, "b": df.iloc[:1]})
    for _ in range(3):
        back = codec.loads(raw)
        _same_frame(back["a"], df)
        _same_frame(back["b"], df.iloc[:1])
    assert sorted(calls) == sorted(set(calls)) and set(calls) >= {"string", "int64", "float64", "bool"}


def test_column_labels_python_finds_equal_come_back_as_stored():
    """1 and True are equal keys to Python: each table still gets its own labels and name."""
    frames = [pd.DataFrame({label: ["x"], "a": ["y"]}) for label in (1, True)]  # labels of type object
    for df, name in zip(frames, (1, True)):
        df.columns.name = name
    assert frames[0].columns.dtype == frames[1].columns.dtype == object
    back = codec.loads(codec.dumps(frames))
    for df, b in zip(frames, back):
        _same_frame(b, df)
        assert [type(c) for c in b.columns] == [type(c) for c in df.columns] and type(b.columns.name) is type(df.columns.name)
