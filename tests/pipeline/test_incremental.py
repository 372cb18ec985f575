"""The working copy that Sphinx builds incrementally: only changed files are rewritten, and it
starts from nothing whenever the navigation could change or the last build did not finish."""

import os

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
