"""The working copy that Sphinx builds incrementally: only changed files are rewritten, and it
starts from nothing whenever the navigation could change or the last build did not finish."""

import os
import time
from pathlib import Path

from policyreport.book import incremental


def _tree(root, files):
    for rel, text in files.items():
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")


def test_sync_rewrites_only_changed_files_and_removes_deleted_ones(tmp_path):
    stage, copy = tmp_path / "stage", tmp_path / "copy"
    _tree(stage, {"a.md": "甲", "chapters/b.ipynb": "乙", "chapters/old.md": "旧"})
    assert incremental.sync(stage, copy) == 3
    os.utime(copy / "a.md", (1_000_000, 1_000_000))
    _tree(copy, {"_build/html/index.html": "output"})
    (stage / "chapters" / "old.md").unlink()
    _tree(stage, {"chapters/b.ipynb": "乙改"})
    assert incremental.sync(stage, copy) == 2  # b rewritten, old removed
    assert os.stat(copy / "a.md").st_mtime == 1_000_000  # unchanged: Sphinx will not re-read it
    assert (copy / "chapters" / "b.ipynb").read_text(encoding="utf-8") == "乙改"
    assert not (copy / "chapters" / "old.md").exists()
    assert (copy / "_build" / "html" / "index.html").exists()  # Sphinx's own output is kept


def test_prepare_starts_afresh_unless_the_last_build_finished_with_the_same_signature(tmp_path):
    stage, copy = tmp_path / "stage", tmp_path / "copy"
    _tree(stage, {"a.md": "甲"})
    incremental.prepare(copy, stage, "sig-1")
    _tree(copy, {"_build/env.pickle": "x"})
    incremental.prepare(copy, stage, "sig-1")
    assert not (copy / "_build").exists()  # the first build never finished
    _tree(copy, {"_build/env.pickle": "x"})
    incremental.finish(copy, "sig-1")
    assert incremental.prepare(copy, stage, "sig-1") == 0 and (copy / "_build").exists()
    incremental.finish(copy, "sig-1")
    incremental.prepare(copy, stage, "sig-2")  # a new page or title: every page's navigation changes
    assert not (copy / "_build").exists() and (copy / "a.md").exists()
    _tree(copy, {"_build/env.pickle": "x"})
    incremental.finish(copy, "sig-2")
    incremental.prepare(copy, stage, "sig-2", fresh=True)
    assert not (copy / "_build").exists()


def test_unused_images_are_dropped(tmp_path):
    _tree(
        tmp_path,
        {
            "index.html": '<img src="_images/kept.png"/>',
            "c/p.html": "<img src='../_images/also.png?v=1'>",
            "_images/kept.png": "",
            "_images/also.png": "",
            "_images/stale.png": "",
        },
    )
    assert incremental.drop_unused_images(tmp_path) == 1
    assert sorted(os.listdir(tmp_path / "_images")) == ["also.png", "kept.png"]


def test_unused_images_are_found_reading_only_the_pages_written_since(tmp_path, monkeypatch):
    site = tmp_path / "html"
    pages = {f"p{i}.html": f'<img src="_images/f{i}.png"/>' for i in range(3)}
    _tree(site, {**pages, **{f"_images/f{i}.png": "" for i in range(3)}})
    assert incremental.drop_unused_images(site) == 0
    read = []
    real = type(site).read_text
    monkeypatch.setattr(
        type(site), "read_text", lambda self, *a, **k: (self.suffix == ".html" and read.append(self.name)) or real(self, *a, **k)
    )
    (site / "p1.html").unlink()  # a page written anew (a new file) no longer shows its figure
    (site / "p1.html").write_text('<img src="_images/f0.png"/>', encoding="utf-8")
    assert incremental.drop_unused_images(site) == 1
    assert read == ["p1.html"] and sorted(os.listdir(site / "_images")) == ["f0.png", "f2.png"]
    (site / "p2.html").write_text("no figure", encoding="utf-8")  # rewritten in place, as Sphinx does
    assert incremental.drop_unused_images(site) == 1 and read[1:] == ["p2.html"]
    assert os.listdir(site / "_images") == ["f0.png"]


def test_sync_compares_only_files_whose_stamps_changed(tmp_path, monkeypatch):
    stage, copy = tmp_path / "stage", tmp_path / "copy"
    _tree(stage, {"a.md": "甲", "b/c.md": "乙"})
    assert incremental.sync(stage, copy) == 2
    compared = []
    real = incremental.filecmp.cmp
    monkeypatch.setattr(incremental.filecmp, "cmp", lambda a, b, shallow=True: compared.append(a) or real(a, b, shallow))
    assert incremental.sync(stage, copy) == 0 and compared == []
    time.sleep(0.02)  # a later clock tick: before Linux 6.13 file times advance by ticks of milliseconds
    (stage / "b" / "c.md").write_text("丙", encoding="utf-8")  # rewritten in place to the same size
    (copy / "a.md").write_text("丁", encoding="utf-8")  # a copy changed behind the build's back
    assert incremental.sync(stage, copy) == 2 and sorted(map(Path, compared)) == [stage / "a.md", stage / "b" / "c.md"]
    assert _files(copy) == _files(stage)
    assert os.path.exists(copy.with_name(".copy.json"))


def _files(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
