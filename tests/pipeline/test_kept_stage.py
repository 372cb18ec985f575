"""The staging folder kept between builds (book/kept.py): after any sequence of changes, and after
files were changed behind its back, it holds exactly what a fresh write of the same inputs holds,
while a one-number change rewrites only the files that number is in."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from pathlib import Path

import pandas.testing as pd_testing
import pytest
from conftest import SEEDS

from policyreport.book import stage
from policyreport.book.kept import KeptFolder
from policyreport.execute.analyse import analyse
from policyreport.ingest.corpus import read_corpus
from policyreport.report import store
from policyreport.runtime.cache import Cache
from policyreport.runtime.progress import BuildResult, Progress

_csv_bytes = store.csv_bytes
EDITED = "002_ce116f843137b983.txt"  # 新增病床位1600张
REMOVED = "004_108dd3ca0faad3cd.txt"


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below `root`."""
    out: dict[str, bytes | None] = {}
    for p in sorted(root.rglob("*")):
        out[p.relative_to(root).as_posix()] = None if p.is_dir() and not p.is_symlink() else p.read_bytes()
    return out


class Workspace:
    def __init__(self, root: Path, params):
        self.root, self.params = root, params
        self.corpus = root / "corpus"
        self.corpus.mkdir()
        for name in ("000_aefacb9a8e91e029.txt", "001_4d260a6c99f69cce.txt", EDITED, REMOVED):
            shutil.copy(SEEDS / name, self.corpus / name)
        self.params = params.replace(corpus=str(self.corpus), gold="")
        self.cache = Cache(root / "cache")
        self.kept = root / "_build" / ".stage"
        self.fresh = 0

    def inputs(self, code: str):
        p = self.params
        docs, skipped = read_corpus(p.corpus, p.pattern, p.recursive, p.table_columns)
        results, tables = analyse(docs, p, code, self.cache, Progress(quiet=True), BuildResult(), 1)
        return docs, results, tables, stage.corpus_info(results, skipped, p, "v1", "2024-05-01")

    def write(self, code: str = "code") -> KeptFolder:
        """Write the kept stage and a fresh one from the same inputs; they must be the same tree."""
        docs, results, tables, info = self.inputs(code)
        data, kept = stage.write_stage(self.kept, results, tables, info, self.params, docs, None, code)
        shas = kept.shas(data)  # what the notebooks' keys take instead of reading the files
        on_disk = {p.relative_to(data).as_posix(): p for p in data.rglob("*") if p.is_file()}
        assert set(shas) == set(on_disk)
        assert all(hashlib.sha256(on_disk[rel].read_bytes()).hexdigest() == sha for rel, sha in shas.items())
        self.fresh += 1
        fresh_root = self.root / f"fresh{self.fresh}" / ".stage"
        _, fresh = stage.write_stage(fresh_root, results, tables, info, self.params, docs, None, code, fresh=True)
        assert fresh.written == len(fresh.files)
        assert tree(self.kept) == tree(fresh_root)
        shutil.rmtree(fresh_root.parent)
        return kept


def test_kept_stage_equals_a_fresh_write_after_edits_removals_parameters_and_tampering(tmp_path, params):
    ws = Workspace(tmp_path, params)
    first = ws.write()
    assert first.written == len(first.files) > 100

    doc = ws.corpus / EDITED
    original = doc.read_text(encoding="utf-8")
    doc.write_text(original.replace("新增病床位1600张", "新增病床位1700张"), encoding="utf-8")
    edited = ws.write()
    assert 0 < edited.written < len(edited.files) / 10  # the document's own files and what shows its rows
    folder = ws.kept / "chapters" / "data" / "documents" / Path(EDITED).stem
    assert "1700" in (folder / "paragraphs.csv").read_text(encoding="utf-8-sig")

    (ws.corpus / REMOVED).unlink()
    ws.write()
    assert not (ws.kept / "chapters" / "data" / "documents" / Path(REMOVED).stem).exists()
    assert not (ws.kept / "chapters" / "sources" / f"{Path(REMOVED).stem}.md").exists()

    ws.params = ws.params.replace(title="另一个标题", kwic_keywords=["医保"], n_key_terms=6, max_document_chapters=1)
    ws.write()
    assert (ws.kept / "chapters" / "documents" / "index.md").is_file()  # documents no longer listed one by one

    doc.write_text(original, encoding="utf-8")
    shutil.copy(SEEDS / REMOVED, ws.corpus / REMOVED)
    ws.params = params.replace(corpus=str(ws.corpus), gold="")
    ws.write()

    unchanged = ws.write()
    assert unchanged.written == 0

    # behind the folder's back: a table rewritten in place to the same size and modification time,
    # a file cut short by a killed build, a link where a file goes, a notebook of the last build
    paragraphs = folder / "paragraphs.csv"
    before = paragraphs.stat()
    paragraphs.write_bytes(b"x" * before.st_size)
    os.utime(paragraphs, ns=(before.st_atime_ns, before.st_mtime_ns))
    cut = ws.kept / "chapters" / "data" / "corpus.json"
    cut.write_bytes(cut.read_bytes()[:100])
    outside = tmp_path / "outside.txt"
    outside.write_text("not the build's", encoding="utf-8")
    source = ws.kept / "chapters" / "sources" / f"{Path(EDITED).stem}.md"
    source.unlink()
    source.symlink_to(outside)
    (ws.kept / "chapters" / "documents" / "old.md").parent.mkdir(parents=True, exist_ok=True)
    (ws.kept / "chapters" / "documents" / "old.md").write_text("executed last time", encoding="utf-8")
    repaired = ws.write()
    assert repaired.written == 3
    assert outside.read_text(encoding="utf-8") == "not the build's" and not source.is_symlink()

    # new code: nothing recorded is believed, and every file keeps its bytes
    assert ws.write(code="other code").written == 0


def test_a_table_is_made_again_only_when_it_changed(tmp_path, monkeypatch):
    import pandas as pd

    made = []
    monkeypatch.setattr(store, "csv_bytes", lambda df, index=False: made.append(1) or _csv_bytes(df, index))
    root = tmp_path / "stage"
    df = pd.DataFrame({"doc_id": ["甲", "乙"], "n": [1, 2], "m": [3, 4]})
    same = pd.DataFrame({"doc_id": ["甲", "乙"], "n": [1, 2]})
    same["m"] = [3, 4]  # the same table in three blocks of memory instead of two: another pickle
    assert pickle.dumps(same) != pickle.dumps(df)
    # (table, salt, tables made, files written)
    for table, salt, n_made, n_written in (
        (df, "s", 1, 1),
        (df, "s", 0, 0),  # same table, same code: not even made
        (same, "s", 0, 0),  # the same contents laid out otherwise in memory
        (df.assign(n=[1.0, 2.0]), "s", 1, 1),  # 1.0 is not 1 in a CSV file
        (df, "s", 1, 1),
        (df, "other", 1, 0),  # other code: made again, the same bytes are not written
    ):
        made.clear()
        out = KeptFolder(root, salt)
        out.csv(root / "t.csv", table)
        out.close()
        assert (len(made), out.written) == (n_made, n_written)
        assert (root / "t.csv").read_bytes() == _csv_bytes(table)


def test_close_keeps_what_the_notebooks_write_next_and_no_link(tmp_path):
    root = tmp_path / "stage"
    out = KeptFolder(root, "salt")
    out.write(root / "data" / "a.json", b"{}")
    out.close()
    page, figures = root / "chapters" / "documents" / "d.md", root / "chapters" / "documents" / "_figures" / "d"
    for path in (page, figures / "f.png", root / "chapters" / "documents" / "gone.md", root / "stray.txt"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("上次", encoding="utf-8")
    (figures / "link.png").symlink_to(tmp_path / "elsewhere.png")
    out = KeptFolder(root, "salt")
    out.write(root / "data" / "a.json", b"{}")
    out.close([page, figures])
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_dir()) == [
        "chapters/documents/_figures/d/f.png",
        "chapters/documents/d.md",
        "data/a.json",
    ]


@pytest.mark.parametrize("index", [False, True])
def test_csv_bytes_are_what_pandas_writes_to_a_file(tmp_path, index):
    df = pd_frame()
    path = tmp_path / "t.csv"
    store.Disk().csv(path, df, index)
    df.assign(s=df["s"].map(store._defuse)).to_csv(
        path.with_suffix(".ref"), index=index, encoding="utf-8-sig", lineterminator="\n"
    )
    assert path.read_bytes() == path.with_suffix(".ref").read_bytes()


def pd_frame():
    import pandas as pd

    return pd.DataFrame(
        {"s": ["=SUM(1)", "甲", None], "f": [0.1 + 0.2, 1.0, float("nan")]}, index=pd.Index(["x", "y", "z"], name="r")
    )


def test_a_table_with_a_known_source_is_not_even_looked_at_again(tmp_path, monkeypatch):
    import pandas as pd

    root = tmp_path / "stage"
    df = pd.DataFrame({"doc_id": ["甲"], "n": [1]})
    out = KeptFolder(root, "s")
    out.csv(root / "t.csv", df, source="analysis-1:paragraphs")
    out.close()
    monkeypatch.setattr(pickle, "dumps", lambda *a, **k: pytest.fail("the table was pickled"))
    monkeypatch.setattr(store, "csv_bytes", lambda *a, **k: pytest.fail("the table was made"))
    out = KeptFolder(root, "s")
    out.csv(root / "t.csv", df.assign(n=[2]), source="analysis-1:paragraphs")  # the source vouches for it
    out.close()
    assert out.written == 0 and (root / "t.csv").read_bytes() == _csv_bytes(df)
    monkeypatch.undo()
    out = KeptFolder(root, "s")
    out.csv(root / "t.csv", df.assign(n=[2]), source="analysis-2:paragraphs")
    out.close()
    assert out.written == 1 and (root / "t.csv").read_bytes() == _csv_bytes(df.assign(n=[2]))


def test_the_corpus_tables_leave_every_document_s_tables_as_they_were(seed_results, params):
    """A document's files are keyed by its analysis alone (`analyse.table_sources`): nothing
    computed from the corpus may change them."""
    import copy

    from policyreport.compare.corpus import analyse_corpus
    from policyreport.extract.document import Dictionaries

    results = {r.meta["doc_id"]: r for r in seed_results.values()}
    before = {d: copy.deepcopy(r.tables) for d, r in results.items()}
    analyse_corpus(results, Dictionaries.load(params), params)
    for d, r in results.items():
        assert sorted(r.tables) == sorted(before[d])
        for name, df in r.tables.items():
            pd_testing.assert_frame_equal(df, before[d][name], check_exact=True)


def test_a_document_s_slice_of_a_corpus_table_is_cut_only_when_its_rows_changed(tmp_path, monkeypatch):
    """Each document's rows of a corpus table (`store.write_document_slices`) are recognised by a
    key of those rows (`codec.slice_keys`), so a change in one document's rows makes and writes that
    slice alone, and no slice is pickled to be compared; the files are those a fresh write gives."""
    import pandas as pd

    info = {"documents": [{"doc_id": d} for d in ("甲", "乙", "丙")]}
    labels = {"甲": "甲", "乙": "乙", "丙": "丙"}
    key_terms = pd.DataFrame({"doc_id": ["甲", "甲", "乙"], "term": ["医保", "药品", "病床"], "tfidf": [0.5, 0.25, 1.0]})

    def write(table, root) -> KeptFolder:
        out = KeptFolder(root, "s")
        store.write_document_slices(root / "data", info, {"key_terms": table}, labels, out)
        out.close()
        return out

    root = tmp_path / "stage"
    write(key_terms, root)
    made, pickled = [], []
    monkeypatch.setattr(store, "csv_bytes", lambda df, index=False: made.append(len(df)) or _csv_bytes(df, index))
    real_dumps = pickle.dumps
    monkeypatch.setattr(pickle, "dumps", lambda obj, *a, **k: pickled.append(1) or real_dumps(obj, *a, **k))
    changed = key_terms.assign(tfidf=[0.5, 0.25, 0.75])  # 乙's row only
    out = write(changed, root)
    assert out.written == 1 and made == [1] and pickled == []
    monkeypatch.undo()
    write(changed, tmp_path / "fresh")
    assert tree(root / "data") == tree(tmp_path / "fresh" / "data")
    assert "0.75" in (root / "data" / "documents" / "乙" / "corpus" / "key_terms.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("a", "b"),
    [(1, 1.0), (None, "None"), (1, "1"), (float("nan"), None), ("医保", "医保 ")],
)
def test_slice_keys_tell_values_of_other_types_apart(a, b):
    import pandas as pd

    from policyreport.runtime import codec

    def key(v):
        return codec.slice_keys(pd.DataFrame({"doc_id": ["甲", "乙"], "v": pd.Series([v, "x"], dtype=object)}), {"甲": [0]})

    assert key(a) == key(a) and key(a) != key(b)
    wide = pd.DataFrame({"doc_id": ["甲", "乙"], "v": [1, 2]})
    assert codec.slice_keys(wide, {"甲": [0]}) == codec.slice_keys(wide.assign(v=[1, 3]), {"甲": [0]})
    assert codec.slice_keys(wide, {"甲": [0]}) != codec.slice_keys(wide.astype({"v": "float64"}), {"甲": [0]})
