"""Reading bad input and bad parameters: clear errors that name the file or key; nothing lost."""

import codecs

import pytest

from policyreport.errors import UserError
from policyreport.ingest import corpus
from policyreport.ingest.text import normalize, paragraphs
from policyreport.params import load_params, parse_override

TEXT = "深圳市卫生健康委员会\n\n关于干细胞临床研究的答复\n\n一、总投资约212亿元。\n"


def write(folder, name, data: bytes):
    (folder / name).write_bytes(data)


def test_encodings_are_detected(tmp_path):
    write(tmp_path, "a_utf8.txt", TEXT.encode("utf-8"))
    write(tmp_path, "b_bom.txt", codecs.BOM_UTF8 + TEXT.replace("一、", "二、").encode("utf-8"))
    write(tmp_path, "c_gbk.txt", TEXT.replace("一、", "三、").encode("gbk"))
    write(tmp_path, "d_utf16.txt", TEXT.replace("一、", "四、").encode("utf-16"))
    docs, skipped = corpus.read_corpus(tmp_path)
    assert skipped == []
    assert {d.file: d.encoding for d in docs} == {
        "a_utf8.txt": "utf-8",
        "b_bom.txt": "utf-8-sig",
        "c_gbk.txt": "gb18030",
        "d_utf16.txt": "utf-16",
    }
    assert all("干细胞" in d.text and not d.text.startswith("\ufeff") for d in docs)


def test_bad_files_are_skipped_with_named_reasons(tmp_path):
    write(tmp_path, "good.txt", TEXT.encode())
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.txt", " \n\u3000\u3000\n\t".encode())
    write(tmp_path, "binary.txt", bytes(range(256)) * 4)
    write(tmp_path, "copy.txt", TEXT.encode())
    docs, skipped = corpus.read_corpus(tmp_path)
    assert [d.file for d in docs] == ["copy.txt"] or [d.file for d in docs] == ["good.txt"]
    reasons = {s.file: s.reason for s in skipped}
    assert "empty.txt is empty" in reasons["empty.txt"]
    assert "only whitespace" in reasons["blank.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "duplicate of copy.txt" in reasons["good.txt"]


def test_missing_or_empty_corpus_folder(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        corpus.read_corpus(tmp_path / "nope")
    with pytest.raises(UserError, match="no files matching"):
        corpus.read_corpus(tmp_path)


def test_page_break_inside_sentence_is_joined_and_crlf_handled():
    raw = "标题\r\n\r\n并引导医院抢抓深圳建设中国特色社会主义先行示\r\n\r\n范区和粤港澳大湾区建设重大历史机遇。\r\n"
    paras = paragraphs(raw)
    assert [p.text for p in paras] == ["标题", "并引导医院抢抓深圳建设中国特色社会主义先行示范区和粤港澳大湾区建设重大历史机遇。"]


def test_normalize_treats_widths_alike_and_drops_bold():
    assert normalize("（一）**一是**加快建设，  总投资 5 亿元：") == "(一)一是加快建设,总投资5亿元:"


def test_unknown_and_ill_typed_parameters(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("n_key_term: 5\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"unknown parameter 'n_key_term' \(did you mean 'n_key_terms'\?\)"):
        load_params(f)
    f.write_text("n_key_terms: many\n", encoding="utf-8")
    with pytest.raises(UserError, match="parameter 'n_key_terms' must be int"):
        load_params(f)
    f.write_text("strict: [1\n", encoding="utf-8")
    with pytest.raises(UserError, match="not valid YAML"):
        load_params(f)


def test_overrides_and_relative_paths(tmp_path):
    (tmp_path / "docs").mkdir()
    f = tmp_path / "p.yaml"
    f.write_text("corpus: docs\ntitle: 测试报告\n", encoding="utf-8")
    p = load_params(f, ["n_key_terms=7", "kwic_keywords=[医保, 医联体]", "title=2024"])
    assert p.corpus == str((tmp_path / "docs").resolve())
    assert (p.n_key_terms, p.kwic_keywords, p.title) == (7, ["医保", "医联体"], "2024")
    assert parse_override("strict=true") == ("strict", True)
    with pytest.raises(UserError, match="--set n_key_terms=x: parameter 'n_key_terms' must be int"):
        load_params(None, ["n_key_terms=x"])


def test_broken_dictionary_names_the_file(tmp_path, params):
    from policyreport.extract.document import Dictionaries

    bad = tmp_path / "topics.yaml"
    bad.write_text("医疗: [医院\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"topics\.yaml: the topic dictionary is not valid YAML"):
        Dictionaries.load(params.replace(topics=str(bad)))
    bad_dict = tmp_path / "user.txt"
    bad_dict.write_text("干细胞 2000 n\n医 联 体 x y z\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"user\.txt:2: not a jieba dictionary line"):
        Dictionaries.load(params.replace(user_dict=str(bad_dict)))


def test_strict_mode_fails_on_a_skipped_file(tmp_path, params):
    from policyreport.pipeline import build

    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(UserError, match="strict mode: 1 file\\(s\\) skipped, first: empty.txt is empty"):
        build(params.replace(corpus=str(tmp_path), strict=True), tmp_path / "_build", pdf=False, quiet=True)
    assert not (tmp_path / "_build" / "html").exists()


def test_long_document_without_line_breaks_is_analysed(params):
    """200,000 characters in one line (no sentence ends): analysed, paragraphs and figures found."""
    from policyreport.extract.document import Dictionaries, analyse_document
    from policyreport.ingest.corpus import Document

    unit = "推进区域医疗中心建设新增床位1600张总投资约212亿元"
    text = (unit * (200_000 // len(unit) + 1))[:200_000]
    r = analyse_document(Document("long", "long.txt", None, "0" * 64, "utf-8", text), Dictionaries.load(params), params)
    assert r.meta["paragraphs"] == 1 and r.meta["characters"] == 200_000
    assert (r.tables["quantities"]["text"] == "约212亿元").sum() > 1000
