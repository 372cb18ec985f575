"""Every supported format behind read_corpus: the default pattern, the seeds read as before, brace
patterns, and a mixed folder where each file keeps its original for download."""

from __future__ import annotations

import shutil
from pathlib import Path

from policyreport.ingest import corpus, formats
from policyreport.params import Params

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "tests" / "formats"


def test_default_pattern_names_every_supported_format():
    assert Params().pattern == formats.SUPPORTED_PATTERN
    for ext in ("txt", "md", "html", "htm", "pdf", "docx", "doc", "wps", "ofd", "csv", "xlsx", "jsonl"):
        assert corpus._matches(f"a.{ext.upper()}", formats.SUPPORTED_PATTERN)
    assert not corpus._matches("a.png", formats.SUPPORTED_PATTERN)


def test_brace_patterns_expand():
    assert corpus.expand("*.{txt,pdf}") == ["*.txt", "*.pdf"]
    assert corpus.expand("sub/*.{a,b}.{c,d}") == ["sub/*.a.c", "sub/*.a.d", "sub/*.b.c", "sub/*.b.d"]


def test_seeds_read_the_same_with_the_default_pattern():
    old, skipped_old = corpus.read_corpus(ROOT / "seeds", "*.txt")
    new, skipped_new = corpus.read_corpus(ROOT / "seeds")
    assert skipped_old == skipped_new == []
    assert [(d.doc_id, d.file, d.sha256, d.encoding, d.text) for d in old] == [
        (d.doc_id, d.file, d.sha256, d.encoding, d.text) for d in new
    ]
    assert {d.format for d in new} == {"text"} and all(d.publication == {} for d in new)


def test_mixed_folder_reads_each_format(tmp_path):
    names = [
        "ndrc_fagaijiageguifan_2020_101_shengji_dianwang_shupeidianjia.html",
        "govcn_print_guobanfa_2017_74_jingwai_touzi.pdf",
        "luqiao_wsj_lu_wei_fa_2011_76_pifu.ofd",
        "SYNTH_gongwen_mock_guofangbu_fangjia.docx",
        "SYNTH_gongwen_mock_guofangbu_fangjia.wps",
    ]
    for name in names:
        shutil.copy(FILES / name, tmp_path / name)
    shutil.copy(ROOT / "seeds" / "000_aefacb9a8e91e029.txt", tmp_path / "seed.txt")
    docs, skipped = corpus.read_corpus(tmp_path)
    assert {d.file: d.format for d in docs} == {
        names[0]: "html",
        names[1]: "pdf",
        names[2]: "ofd",
        names[3]: "docx",
        "seed.txt": "text",
    }
    assert [s.file for s in skipped] == [names[4]]
    for d in docs:
        assert d.path == tmp_path / d.file  # the original file, for download
    ndrc = next(d for d in docs if d.format == "html")
    assert "<" not in ndrc.text and ndrc.publication["format"] == "html"
