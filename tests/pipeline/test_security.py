"""Issue 10 end to end, with as few builds as possible:

- `jail`: an HTML build whose title and author are hostile, of a corpus whose only readable
  document has an upper-case extension and a 251-character name, next to links out of the
  folder, a FIFO, a hidden file and a sub-folder (the one-document corpus case too);
- `latex`: one PDF build whose title is an ordinary title with TeX specials followed by
  \\input, \\write18, \\openout and \\catcode, with a multi-line author, of documents with
  emoji and right-to-left text, a 600-character word, a 700-character URL, a 200,000-character line.
"""

import os
import re
import shutil
import subprocess

import pytest
from conftest import SEEDS, Elements

from policyreport.pipeline import build

pytestmark = pytest.mark.build

SECRET = "SECRET-MARKER-机密"
TITLE = 'T</title><script>alert(30)</script> {eval-rst}`.. raw:: html` 医改 <img src=x onerror="alert(3)">'
AUTHOR = "A`<img src=x onerror=alert(21)>{download}`../../../../etc/passwd`B\n第二行 <b onmouseover=alert(1)>x</b>"
LONG_NAME = "n" * 247 + ".TXT"


def assert_no_live_markup(html_dir):
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        parsed = Elements()
        parsed.feed(text)
        assert not any("alert" in s for s in parsed.scripts), page
        assert not any(tag in ("b", "img") and "alert" in str(attrs) for tag, attrs in parsed.tags), page
        assert not any(k.startswith("on") and "alert" in (v or "") for _, attrs in parsed.tags for k, v in attrs.items()), page
        assert "root:x:0:0" not in text and SECRET not in text, page


@pytest.fixture(scope="module")
def jail(tmp_path_factory, params):
    root = tmp_path_factory.mktemp("jail")
    (root / "secret.txt").write_text(f"关于机密事项的通知\n\n{SECRET}\n", encoding="utf-8")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / LONG_NAME).write_bytes((SEEDS / "001_4d260a6c99f69cce.txt").read_bytes())
    os.symlink(root / "secret.txt", corpus / "leak.txt")
    os.symlink("/etc/passwd", corpus / "passwd.txt")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / ".hidden.txt").write_text(f"关于隐藏文件的通知\n\n{SECRET}\n", encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "x.txt").write_text(f"关于子文件夹的通知\n\n{SECRET}\n", encoding="utf-8")
    p = params.replace(corpus=str(corpus), title=TITLE, author=AUTHOR, gold="")
    result = build(p, root / "_build", pdf=False, quiet=True)
    return {"dir": root / "_build", "result": result}


def test_only_the_regular_file_inside_is_read(jail):
    reasons = {s.file: s.reason for s in jail["result"].skipped}
    assert jail["result"].documents == 1
    assert "outside the corpus folder" in reasons["leak.txt"] and "outside the corpus folder" in reasons["passwd.txt"]
    assert "not a regular file" in reasons["pipe.txt"] and "hidden" in reasons[".hidden.txt"]
    assert "recursive" in reasons["sub/"]
    methods = re.sub(r"<[^>]+>", "", (jail["dir"] / "html" / "chapters" / "methods.html").read_text(encoding="utf-8"))
    assert "symbolic link to a file outside the corpus folder" in methods


def test_hostile_title_and_author_are_text_everywhere(jail):
    html_dir = jail["dir"] / "html"
    assert_no_live_markup(html_dir)
    assert not (html_dir / "_downloads").exists() or not any(
        "root:x:0:0" in p.read_text(errors="replace") for p in (html_dir / "_downloads").rglob("*") if p.is_file()
    )
    page = (html_dir / "chapters" / "methods.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(30)&lt;/script&gt;" in page  # the navbar, the sidebar and <title> show it as text
    assert "onerror=alert(21)&gt;{download}`../../../../etc/passwd`B" in page  # the parameter table, as code


def test_one_document_chapters_say_what_cannot_be_computed(jail):
    page = re.sub(r"<[^>]+>", "", (jail["dir"] / "html" / "chapters" / "comparison.html").read_text(encoding="utf-8"))
    assert "至少两份文件时才有此分析" in page and "语料只有 1 份文件" in page
    assert (jail["dir"] / "html" / "chapters" / "policy.html").is_file()


def test_long_file_name_gives_short_file_names(jail):
    names = [p.name for p in (jail["dir"]).rglob("*")]
    assert max(len(n) for n in names) < 120


@pytest.fixture(scope="module")
def latex(tmp_path_factory, params):
    if not shutil.which("xelatex"):
        pytest.skip("xelatex is not installed")
    root = tmp_path_factory.mktemp("latex")
    corpus = root / "corpus"
    corpus.mkdir()
    head = "关于开展测试工作的通知\n\n各单位：\n\n"
    (corpus / "emoji_rtl.txt").write_text(head + "本通知附表情😀🎉与阿拉伯文مرحبا及希伯来文שלום。\n", encoding="utf-8")
    url = "http://example.com/" + "path/" * 136 + "end"
    (corpus / "long_word.txt").write_text(head + "长词：" + "A" * 600 + "。网址：" + url + "。\n", encoding="utf-8")
    (corpus / "symbols.txt").write_text(head + "重点任务：▲加强统筹★推进改革①第一项②第二项Ⅱ类≥3个。\n", encoding="utf-8")
    (corpus / "contact_line.txt").write_text(
        "关于一行联系人的通知各单位：请认真落实。联系人：" + "某某" * 2_500 + "\n", encoding="utf-8"
    )
    (corpus / "one_line.txt").write_text(
        "关于一行文件的通知" + "各单位要加强管理，落实责任，提高服务质量。" * 9524 + "\n", encoding="utf-8"
    )
    title = (
        "医改进展 100% 与 A&B_C #1 \\catcode95=12 \\input{/etc/passwd} \\immediate\\write18{touch "
        + str(root / "pwned")
        + "} \\openout5="
        + str(root / "out5")
    )
    p = params.replace(corpus=str(corpus), title=title, author="作者甲\n作者乙 ~^$", gold="")
    result = build(p, root / "_build", pdf=True, quiet=True)
    text = subprocess.run(["pdftotext", str(result.pdf), "-"], capture_output=True, text=True, check=True).stdout
    log = (root / "_build" / "sphinx" / "_pdf" / "_build" / "latex" / "report.log").read_text(encoding="utf-8", errors="replace")
    return {"root": root, "result": result, "text": text, "log": log}


def test_ordinary_title_typesets_and_commands_are_text(latex):
    flat = re.sub(r"\s+", "", latex["text"])
    assert "医改进展100%与A&B_C#1" in flat
    assert "\\input{/etc/passwd}" in flat and "\\immediate\\write18{touch" in flat
    assert "root:x:0:0" not in latex["text"]
    assert not (latex["root"] / "pwned").exists() and not (latex["root"] / "out5").exists()


def test_no_file_outside_the_build_is_opened_by_tex(latex):
    opened = re.findall(r"\((/[^\s()]+)", latex["log"])
    outside = [f for f in opened if not f.startswith(("/usr/share/", "/etc/texmf", "/var/lib/texmf", "/usr/local/texlive"))]
    assert outside == []


def test_long_words_urls_and_lines_stay_on_the_page(latex):
    assert latex["result"].documents == 5
    overfull = [float(x) for x in re.findall(r"Overfull \\hbox \((\d+\.\d+)pt too wide\)", latex["log"])]
    assert max(overfull, default=0) < 15  # within the margin
    assert "各单位要加强管理" in latex["text"]


def test_symbols_only_the_cjk_font_has_are_printed(latex):
    """▲ ★ ① ② Ⅱ ≥ were blank: xeCJK set them in Latin Modern, which has none of them."""
    # pdftotext reads Noto's circled digits back as the dingbat forms (➀ U+2780)
    assert re.search("▲加强统筹★推进改革[①➀]第一项[②➁]第二项Ⅱ类≥3个", re.sub(r"\s+", "", latex["text"]))
    assert not re.search(r"Missing character: There is no [▲★①②Ⅱ≥]", latex["log"])


def test_an_overlong_contact_is_not_taken_and_the_pdf_builds(latex):
    """A 5,000-character 联系人 (the 195,000-character one of the issue is checked without a build in
    test_sinks; one_line.txt is the PDF's 200,000-character line)."""
    card = re.sub(
        r"<[^>]+>",
        "",
        "".join(
            p.read_text(encoding="utf-8") for p in (latex["root"] / "_build" / "html" / "chapters" / "documents").glob("*.html")
        ),
    )
    assert "读到的值长 5000 字，超过联系人的合理长度（120 字），不取值" in card


def test_characters_the_font_cannot_show_are_named(latex, capsys):
    from policyreport.sphinxext.glyphs import warning

    w = warning("emoji_rtl.txt", (latex["root"] / "corpus" / "emoji_rtl.txt").read_text(encoding="utf-8"))
    assert w and "emoji_rtl.txt" in w and "U+1F600" in w


FORWARDED = "材料请用中文书写并加盖本单位印章后一并寄送至市政府办公室收发室。"


def test_many_one_sentence_notices_build(tmp_path, params):
    """Tiny notices have no figures, instruments, commitments or departments: every chapter says so
    instead of failing (the 1,000-notice corpus of the issue fails the same way as these 60)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(60):
        (corpus / f"n{i:03d}.txt").write_text(
            f"关于第{i}号事项的通知\n\n请各单位于2024年{i % 12 + 1}月{i % 28 + 1}日前报送材料。{FORWARDED if i % 2 else ''}\n",
            encoding="utf-8",
        )
    result = build(
        params.replace(corpus=str(corpus), gold="", max_document_chapters=10), tmp_path / "_build", pdf=False, quiet=True
    )
    assert result.documents == 60 and not result.skipped
    policy = re.sub(r"<[^>]+>", "", (tmp_path / "_build" / "html" / "chapters" / "policy.html").read_text(encoding="utf-8"))
    assert "没有编码到政策工具。" in policy
    comparison = re.sub(
        r"<[^>]+>", "", (tmp_path / "_build" / "html" / "chapters" / "comparison.html").read_text(encoding="utf-8")
    )
    assert "不足以区分主题，因此不拟合主题模型" in comparison
    # the sentence in 30 of the notices is one common formulation, not 435 pairs of reuse
    assert "本语料的通用表述（共1句）：句子所在文件数" + FORWARDED + "30" in re.sub(r"\s+", "", comparison)
    assert "语料共 60 份文件，图中只画出与其余文件平均相似度最高的 30 份，相似度矩阵（CSV）含全部文件" in comparison
