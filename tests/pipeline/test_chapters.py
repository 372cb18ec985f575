"""The chapter table is the one list of chapters: the TOC and the notebook jobs come from it."""

from __future__ import annotations

import yaml

from policyreport.book import chapters
from policyreport.params import Params
from policyreport.paths import SKELETON, TEMPLATES

DOCS = [{"doc_id": f"00{i}_x", "file": f"00{i}.txt", "title": f"关于第{i}号的通知"} for i in range(3)]


def test_toc_lists_every_chapter_in_table_order():
    toc = yaml.safe_load(chapters.toc())
    assert toc["root"] == "chapters/index"
    listed = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert listed == [f"chapters/{c.name}" for c in chapters.CHAPTERS[1:]]
    assert [p["caption"] for p in toc["parts"]] == ["报告", "附录"]


def test_every_chapter_has_its_template_or_static_page():
    for c in chapters.CHAPTERS:
        if c.template:
            assert (TEMPLATES / c.template).is_file(), c.name
        if c.template is None or c.per_document:
            assert (SKELETON / "chapters" / f"{c.name}.md").is_file(), c.name


def test_jobs_and_their_count_agree(tmp_path):
    p = Params()
    jobs = chapters.notebook_jobs(tmp_path, DOCS, p)
    assert len(jobs) == chapters.notebook_count(len(DOCS), p) == 5 + 3
    doc_job = next(j for j in jobs if j.parameters.get("doc_id") == "001_x")
    assert doc_job.output == tmp_path / "documents" / "001_x.ipynb"
    assert doc_job.tokens["@TITLE@"] == "关于第1号的通知"
    assert not any(j.inline for j in jobs)
    small = p.replace(max_document_chapters=2)  # too many documents to list: pages rendered inline
    many = chapters.notebook_jobs(tmp_path, DOCS, small)
    assert [j.output.name for j in many if j.inline] == ["000_x.md", "001_x.md", "002_x.md"]
    assert len([j for j in many if not j.inline]) == chapters.notebook_count(3, small) == 5


def test_toc_of_a_corpus_too_large_to_list_holds_the_index_not_the_pages():
    toc = yaml.safe_load(chapters.toc(listed_documents=False))
    sections = {c["file"]: c.get("sections") for part in toc["parts"] for c in part["chapters"]}
    assert sections["chapters/documents"] == [{"glob": "chapters/documents/index*"}]
    assert sections["chapters/sources"] is None


def test_notebooks_are_handed_out_longest_first(tmp_path):
    from policyreport.execute import notebooks
    from policyreport.runtime.cache import Cache

    jobs = chapters.notebook_jobs(tmp_path, DOCS, Params())
    cache = Cache(tmp_path / "cache")
    first = [j.name for j in notebooks._schedule(jobs, cache)]
    corpus = [j.name for j in jobs if "doc_id" not in j.parameters]
    assert first[: len(corpus)] == corpus  # no record yet: the corpus chapters before the document pages
    notebooks._remember_times(cache, {"policy": 4.0, "document 001.txt": 0.3, "comparison": 1.5})
    notebooks._remember_times(cache, {"index": 1.0})
    ordered = [j.name for j in notebooks._schedule(jobs, cache)]
    assert ordered[:4] == ["policy", "comparison", "index", "document 001.txt"]
    assert sorted(ordered) == sorted(first)
    assert [j.name for j in notebooks._schedule(jobs, Cache(tmp_path / "cache", enabled=False))] == first
