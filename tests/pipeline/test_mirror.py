"""Publishing at the cost of what changed (publish/mirror.py): the published folder's twin is brought
up to the new files, replacing only those that changed, and the two are exchanged in one rename;
the published files are never the ones the next build writes in place, and a publication that
stops anywhere leaves the last good one as it was."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from policyreport.publish import mirror as mirror_module
from policyreport.publish.mirror import mirror, recover, twin


def tree(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes() for p in sorted(root.rglob("*"))}


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def later() -> None:
    time.sleep(0.02)  # a later clock tick: before Linux 6.13 file times advance by ticks of milliseconds


@pytest.fixture
def site(tmp_path):
    src, dest = tmp_path / "work" / "html", tmp_path / "out" / "html"
    write(src, {"index.html": "首页", "a/p.html": "甲", "a/q.html": "乙", "_static/s.css": "css", "empty/.keep": ""})
    (src / "empty" / ".keep").unlink()  # an empty folder is published too
    assert mirror(src, dest) == 4
    assert tree(dest) == tree(src) and not twin(dest).exists()
    return src, dest


def test_each_publication_copies_what_changed_and_keeps_the_last_one_as_the_twin(site):
    src, dest = site
    first = tree(dest)
    inode = (dest / "a" / "p.html").stat().st_ino
    later()
    (src / "a" / "q.html").write_text("乙改", encoding="utf-8")  # in place, as Sphinx writes a page
    (src / "_static" / "s.css").unlink()
    write(src, {"a/new.html": "新"})
    assert mirror(src, dest) == 2  # the twin is made: the unchanged files linked, q and the new page copied
    assert tree(dest) == tree(src) and tree(twin(dest)) == first
    assert (dest / "a" / "p.html").stat().st_ino == inode
    second = tree(dest)
    later()
    (src / "a" / "p.html").write_text("甲改", encoding="utf-8")
    shutil.rmtree(src / "empty")
    assert mirror(src, dest) == 1  # the twin (the first publication) gets p; q, new.html linked from the published folder
    assert tree(dest) == tree(src) and tree(twin(dest)) == second
    assert mirror(src, dest) == 0 and tree(dest) == tree(src)  # nothing changed: nothing copied
    assert not any(p.name.endswith(mirror_module.TMP) for p in dest.parent.rglob("*"))


def test_the_next_build_writing_in_place_does_not_reach_the_published_site(site):
    src, dest = site
    mirror(src, dest)
    mirror(src, dest)  # the published files are now shared with the twin
    (src / "a" / "p.html").write_text("下一次构建正在写", encoding="utf-8")
    assert (dest / "a" / "p.html").read_text(encoding="utf-8") == "甲"
    assert (twin(dest) / "a" / "p.html").read_text(encoding="utf-8") == "甲"


@pytest.mark.parametrize("where", ["copy", "exchange"])
def test_a_publication_stopped_half_way_leaves_the_last_good_one(site, monkeypatch, where):
    src, dest = site
    mirror(src, dest)
    before = tree(dest)
    later()
    for rel in ("a/p.html", "a/q.html"):
        (src / rel).write_text("新版", encoding="utf-8")

    def stopped(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(*((shutil, "copy2") if where == "copy" else (mirror_module, "exchange")), stopped)
    with pytest.raises(OSError):
        mirror(src, dest)
    assert tree(dest) == before
    monkeypatch.undo()
    mirror(src, dest)
    assert tree(dest) == tree(src)


def test_what_a_stopped_publication_put_into_the_twin_is_removed_by_the_next(site, monkeypatch):
    src, dest = site
    mirror(src, dest)
    later()
    write(src, {"new.html": "新"})  # the folder's own files come before its subfolders'
    (src / "a" / "p.html").write_text("新版", encoding="utf-8")
    real = shutil.copy2

    def full_disk_for_p(source, target):
        if Path(source).name == "p.html":
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(shutil, "copy2", full_disk_for_p)
    with pytest.raises(OSError):
        mirror(src, dest)
    assert (twin(dest) / "new.html").is_file()
    monkeypatch.undo()
    (src / "new.html").unlink()
    mirror(src, dest)
    assert tree(dest) == tree(src)


def test_without_an_exchange_call_three_renames_and_their_recovery(site, monkeypatch):
    src, dest = site
    monkeypatch.setattr(mirror_module, "_exchange_in_one_step", lambda a, b: False)
    later()
    (src / "a" / "p.html").write_text("丙丙", encoding="utf-8")
    mirror(src, dest)
    assert tree(dest) == tree(src) and (twin(dest) / "a" / "p.html").read_text(encoding="utf-8") == "甲"
    published = tree(dest)
    dest.rename(dest.with_name(".html.swap"))  # a build stopped after the first of the three renames
    recover(dest)
    assert tree(dest) == published and not dest.with_name(".html.swap").exists()
    twin(dest).rename(dest.with_name(".html.swap"))  # ... after the second
    recover(dest)
    assert tree(dest) == published and twin(dest).is_dir()


def test_a_record_older_than_the_folders_only_costs_copies(site):
    """A build stopped after the exchange and before its record was saved, or a record restored
    from an earlier build: a file is kept only if it is still the very file the record names."""
    src, dest = site
    record = dest.with_name(".html.json")
    stale = record.read_bytes()
    for text in ("丙丙", "丁丁丁", "戊"):
        later()
        (src / "a" / "p.html").write_text(text, encoding="utf-8")
        mirror(src, dest)
        record.write_bytes(stale)
    later()
    (src / "a" / "q.html").write_text("己", encoding="utf-8")
    mirror(src, dest)
    assert tree(dest) == tree(src)


def test_a_published_file_edited_by_hand_is_replaced(site):
    src, dest = site
    mirror(src, dest)  # the twin shares the file with the published folder
    later()
    (dest / "a" / "p.html").write_text("手改", encoding="utf-8")
    mirror(src, dest)
    assert tree(dest) == tree(src)
    mirror(src, dest)
    assert tree(dest) == tree(src) and tree(twin(dest)) == tree(src)


def test_a_record_cannot_make_a_publication_remove_anything_outside(site, tmp_path):
    src, dest = site
    mirror(src, dest)
    outside = tmp_path / "outside.txt"
    outside.write_text("用户的文件", encoding="utf-8")
    record = dest.with_name(".html.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    for table in data["trees"].values():
        table["files"]["../../outside.txt"] = [0, 0, 0, 0, 0, 0, 0]
        table["dirs"] = [*table.get("dirs", []), "../../"]
    record.write_text(json.dumps(data), encoding="utf-8")
    mirror(src, dest)
    assert outside.read_text(encoding="utf-8") == "用户的文件" and tree(dest) == tree(src)


def test_a_file_system_without_hard_links_gets_copies(site, monkeypatch):
    src, dest = site

    def no_links(*args):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(mirror_module.os, "link", no_links)
    assert mirror(src, dest) == 4
    assert tree(dest) == tree(src)


def test_publish_makes_the_site_the_working_copy_with_its_root_page(tmp_path):
    from policyreport.publish import swap

    work, out, stage = tmp_path / "sphinx", tmp_path / "out", tmp_path / "stage"
    bare = '<meta http-equiv="Refresh" content="0; url=chapters/index.html" />'
    write(work / "_build" / "html", {"index.html": bare, "chapters/index.html": "首页", "_images/old.png": "x"})
    write(stage, {"chapters/data/corpus.json": "{}"})
    for _ in range(3):
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
