"""Hostile and broken input: a corpus with one sample of each bad input and two good documents.

The report must contain the good ones, list each bad one with its reason, show injected markup
only as text (checked on the built HTML and PDF), and run nothing from a document.
"""

import codecs
import re
import subprocess
from pathlib import Path

import pytest
from conftest import SEEDS, Elements, require_tex

pytestmark = pytest.mark.build

INJECTION = """深圳市某某局

关于<script>alert('xss')</script>测试注入的答复

张三代表：

```{include} /etc/passwd
```

```{code-cell} ipython3
open("/tmp/policyreport-pwned", "w").write("x")
```

{eval-rst}`.. raw:: html`  {raw}`<b>raw</b>` <iframe src="http://example.com"></iframe> <img src=x onerror="alert(1)">
[点我](javascript:alert(1)) $$ \\int x $$ {{ config.html_theme }} |version|

---
title: front matter
---

# 一、总投资约5亿元，新增床位200张。

深圳市某某局

2024年1月2日
"""


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory, params):
    from policyreport.pipeline import build

    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    good = sorted(SEEDS.glob("*.txt"))
    (corpus / "a_good.txt").write_bytes(good[0].read_bytes())
    (corpus / "b_good_gbk.txt").write_bytes(good[4].read_text(encoding="utf-8").encode("gb18030"))
    (corpus / "c_injection.txt").write_text(INJECTION.replace("\n", "\r\n"), encoding="utf-8")
    (corpus / "d_empty.txt").write_bytes(b"")
    (corpus / "e_blank.txt").write_text("\u3000 \n\t\n", encoding="utf-8")
    (corpus / "f_binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "g_duplicate.txt").write_bytes(good[0].read_bytes())
    (corpus / "h_utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "关于测试的通知\n\n各单位：\n\n一、测试。\n".encode("utf-16-le"))
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    require_tex()
    result = build(params.replace(corpus=str(corpus)), root / "_build", pdf=True, quiet=True)
    return {"dir": root / "_build", "result": result, "corpus": corpus, "before": before}


def test_good_documents_are_in_the_report(hostile_report):
    names = sorted(p.stem for p in (hostile_report["dir"] / "html" / "chapters" / "documents").glob("*.html"))
    assert names == ["a_good", "b_good_gbk", "c_injection", "h_utf16"]


def test_bad_files_are_listed_with_reasons(hostile_report):
    reasons = {s.file: s.reason for s in hostile_report["result"].skipped}
    assert set(reasons) == {"d_empty.txt", "e_blank.txt", "f_binary.txt", "g_duplicate.txt"}
    methods = re.sub(r"<[^>]+>", "", (hostile_report["dir"] / "html" / "chapters" / "methods.html").read_text(encoding="utf-8"))
    assert "d_empty.txt is empty" in methods
    assert "g_duplicate.txt is a byte-identical duplicate of a_good.txt" in methods
    assert "binary" in methods


def test_injected_markup_is_text_in_html(hostile_report):
    html_dir = hostile_report["dir"] / "html"
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        parsed = Elements()
        parsed.feed(text)
        assert not any("alert" in s for s in parsed.scripts), page
        assert not any(tag in ("iframe", "b") for tag, _ in parsed.tags), page
        assert not any(k.startswith("on") and "alert" in (v or "") for _, attrs in parsed.tags for k, v in attrs.items()), page
        assert not any(str(attrs.get("href", "")).startswith("javascript:") for _, attrs in parsed.tags), page
        assert "root:x:0:0" not in text, page
    src = (html_dir / "chapters" / "sources" / "c_injection.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in src or "&lt;script&gt;alert('xss')&lt;/script&gt;" in src
    assert "{include} /etc/passwd" in src and "{{ config.html_theme }}" in src and "$$ \\int x $$" in src


def test_nothing_from_a_document_was_executed(hostile_report):
    assert not Path("/tmp/policyreport-pwned").exists()


def test_injected_markup_is_text_in_pdf(hostile_report):
    pdf = subprocess.run(
        ["pdftotext", str(hostile_report["dir"] / "pdf" / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", pdf)
    assert "<script>alert('xss')</script>" in flat.replace("’", "'").replace("‘", "'")
    assert "{include}/etc/passwd" in flat


def test_sources_unchanged(hostile_report):
    assert {p.name: p.read_bytes() for p in hostile_report["corpus"].iterdir()} == hostile_report["before"]
