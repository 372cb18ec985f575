"""Publishing by renaming (publish/mirror.py): the new folder links the unchanged files of the last
one and copies the changed ones; the published files are never the ones the next build rewrites in
place, and a publication that stops half-way leaves the last good one as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policyreport.publish import mirror as mirror_module
from policyreport.publish.mirror import mirror, replace_dir


def tree(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes() for p in sorted(root.rglob("*"))}


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    src, dest = tmp_path / "work" / "html", tmp_path / "out" / "html"
    write(src, {"index.html": "首页", "a/p.html": "甲", "a/q.html": "乙", "_static/s.css": "css", "empty/.keep": ""})
    (src / "empty" / ".keep").unlink()  # an empty folder is published too
    assert mirror(src, dest) == 4
    return src, dest


def test_unchanged_files_are_linked_changed_ones_copied(site):
    src, dest = site
    inode = {rel: (dest / rel).stat().st_ino for rel in ("a/p.html", "a/q.html", "_static/s.css")}
    (src / "a" / "q.html").write_text("乙改", encoding="utf-8")  # in place, as Sphinx writes a page
    (src / "_static" / "s.css").unlink()
    write(src, {"a/new.html": "新"})
    assert mirror(src, dest) == 2
    assert tree(dest) == tree(src)
    assert (dest / "a" / "p.html").stat().st_ino == inode["a/p.html"]
    assert (dest / "a" / "q.html").stat().st_ino != inode["a/q.html"]
    assert not dest.with_name("html.new").exists() and not dest.with_name("html.old").exists()


def test_the_next_build_writing_in_place_does_not_reach_the_published_site(site):
    src, dest = site
    mirror(src, dest)  # every file linked from the last publication
    (src / "a" / "p.html").write_text("下一次构建正在写", encoding="utf-8")
    assert (dest / "a" / "p.html").read_text(encoding="utf-8") == "甲"


def test_a_publication_stopped_half_way_leaves_the_last_good_one(site, monkeypatch):
    src, dest = site
    before = tree(dest)
    for rel in ("a/p.html", "a/q.html"):
        (src / rel).write_text("新版", encoding="utf-8")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copy2", full_disk)
    with pytest.raises(OSError):
        mirror(src, dest)
    assert tree(dest) == before
    monkeypatch.undo()
    mirror(src, dest)
    assert tree(dest) == tree(src)


def test_a_record_older_than_the_published_folder_only_costs_copies(site):
    """A build killed after the swap and before the record was saved leaves the record of the
    publication before: a file is linked only if it is still the very file that record names."""
    src, dest = site
    record = dest.with_name(".html.json")
    stale = record.read_bytes()
    (src / "a" / "p.html").write_text("丙丙", encoding="utf-8")
    mirror(src, dest)
    record.write_bytes(stale)
    (src / "a" / "p.html").write_text("丁丁丁", encoding="utf-8")
    mirror(src, dest)
    assert tree(dest) == tree(src)


def test_a_published_file_edited_by_hand_is_copied_again(site):
    src, dest = site
    (dest / "a" / "p.html").write_text("手改", encoding="utf-8")
    assert mirror(src, dest) == 1
    assert tree(dest) == tree(src)


def test_a_folder_moved_aside_by_a_killed_swap_is_put_back(tmp_path):
    dest = tmp_path / "html"
    write(tmp_path / "html.old", {"index.html": "上次"})
    write(tmp_path / "html.new", {"index.html": "这次"})
    replace_dir(tmp_path / "html.new", dest)
    assert (dest / "index.html").read_text(encoding="utf-8") == "这次" and not (tmp_path / "html.old").exists()


def test_publish_makes_the_site_the_working_copy_with_its_root_page(tmp_path):
    from policyreport.publish import swap

    work, out, stage = tmp_path / "sphinx", tmp_path / "out", tmp_path / "stage"
    bare = '<meta http-equiv="Refresh" content="0; url=chapters/index.html" />'
    write(work / "_build" / "html", {"index.html": bare, "chapters/index.html": "首页", "_images/old.png": "x"})
    write(stage, {"chapters/data/corpus.json": "{}"})
    for _ in range(2):
        swap.publish(work, stage, out, None)
        site = tree(out / "html")
        assert site.pop("index.html").startswith(b"<!DOCTYPE html>")
        assert site == {k: v for k, v in tree(work / "_build" / "html").items() if k != "index.html"}
        assert "_images/old.png" not in site
        assert tree(out / "book") == tree(stage)
    assert (work / "_build" / "html" / "index.html").read_text(encoding="utf-8") == bare


def test_the_root_page_follows_the_language_though_sphinx_left_it_as_it_was(tmp_path):
    from policyreport.publish import swap
    from policyreport.report import i18n

    work, out, stage = tmp_path / "sphinx", tmp_path / "out", tmp_path / "stage"
    write(work / "_build" / "html", {"index.html": '<meta http-equiv="Refresh" content="0; url=chapters/index.html" />'})
    write(stage, {"_toc.yml": "root: chapters/index"})
    swap.publish(work, stage, out, None)
    assert '<html lang="zh-CN">' in (out / "html" / "index.html").read_text(encoding="utf-8")
    i18n.use("en")
    try:
        swap.publish(work, stage, out, None)
    finally:
        i18n.use("zh")
    assert '<html lang="en">' in (out / "html" / "index.html").read_text(encoding="utf-8")


def test_a_file_system_without_hard_links_gets_copies(site, monkeypatch):
    src, dest = site

    def no_links(*args):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(mirror_module.os, "link", no_links)
    assert mirror(src, dest) == 4
    assert tree(dest) == tree(src)
