"""The corpus is a jail: only regular files inside the corpus folder are read; everything else
that the pattern names is refused or skipped with a one-line reason (issue 10)."""

import os

import pytest

from policyreport.errors import UserError
from policyreport.ingest import corpus

NOTICE = "关于开展测试工作的通知\n\n各单位：\n\n现就有关事项通知如下。\n"


@pytest.fixture
def folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("机密文件内容，不得发布。\n", encoding="utf-8")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(NOTICE, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "pattern", ["../*.txt", "../outside/*.txt", "/etc/passwd", "../../../../etc/passwd", "a/../../*.txt", "~/x.txt", ""]
)
def test_pattern_outside_the_folder_is_refused(folder, pattern):
    with pytest.raises(UserError) as exc:
        corpus.read_corpus(folder, pattern)
    assert "pattern" in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda root, tmp: os.symlink(tmp / "outside" / "secret.txt", root / "leak.txt"), "outside the corpus folder"),
        (lambda root, tmp: os.symlink("/etc/passwd", root / "leak.txt"), "outside the corpus folder"),
        (lambda root, tmp: os.symlink(tmp / "outside", root / "leakdir.txt"), "outside the corpus folder"),
        (lambda root, tmp: os.symlink(root / "missing", root / "broken.txt"), "broken"),
        (lambda root, tmp: os.mkfifo(root / "pipe.txt"), "not a regular file"),
        (lambda root, tmp: os.symlink("/dev/zero", root / "zero.txt"), "outside the corpus folder"),
        (lambda root, tmp: (root / ".hidden.txt").write_text(NOTICE + "隐藏", encoding="utf-8"), "hidden"),
    ],
)
def test_refused_files_are_skipped_with_a_reason(folder, make, reason):
    make(folder, folder.parent)
    docs, skipped = corpus.read_corpus(folder)
    assert [d.file for d in docs] == ["a.txt"]
    assert len(skipped) == 1 and reason in skipped[0].reason
    assert "机密" not in "".join(d.text for d in docs)


def test_a_link_inside_the_folder_is_read(folder):
    (folder / "sub").mkdir()
    (folder / "sub" / "b.txt").write_text(NOTICE + "另一份。\n", encoding="utf-8")
    os.symlink(folder / "sub" / "b.txt", folder / "b.txt")
    docs, skipped = corpus.read_corpus(folder)
    assert [d.file for d in docs] == ["a.txt", "b.txt"]
    assert [s.file for s in skipped] == ["sub/"] and "recursive" in skipped[0].reason


def test_upper_case_extension_is_read(folder):
    (folder / "B.TXT").write_text(NOTICE + "大写扩展名。\n", encoding="utf-8")
    docs, skipped = corpus.read_corpus(folder)
    assert [d.file for d in docs] == ["B.TXT", "a.txt"] and not skipped


def test_sub_folders_are_reported_or_read_when_recursive(folder):
    (folder / "2024").mkdir()
    (folder / "2024" / "c.txt").write_text(NOTICE + "子文件夹。\n", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.txt").write_text(NOTICE + "隐藏文件夹。\n", encoding="utf-8")
    docs, skipped = corpus.read_corpus(folder)
    assert [d.file for d in docs] == ["a.txt"]
    assert [s.reason for s in skipped] == ["2024/ is a sub-folder: not read (set 'recursive: true' to read sub-folders)"]
    docs, skipped = corpus.read_corpus(folder, recursive=True)
    assert [d.file for d in docs] == ["2024/c.txt", "a.txt"] and not skipped


def test_long_file_names_give_short_ids(folder):
    name = "x" * 247 + ".txt"
    (folder / name).write_text(NOTICE + "长文件名。\n", encoding="utf-8")
    docs, _ = corpus.read_corpus(folder)
    long_doc = next(d for d in docs if d.file == name)
    assert len(long_doc.doc_id) <= corpus.MAX_ID + 9


def test_fuzz_file_names_and_patterns_read_nothing_outside(tmp_path, monkeypatch, capsys):
    """Random file names and patterns from a hostile alphabet (fixed seed): `extract` exits 0 or 2
    with a one-line error, and never prints a word of the file outside the corpus folder."""
    import random

    from policyreport import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text("关于机密的通知\n\nSECRETWORD机密\n", encoding="utf-8")
    root = tmp_path / "corpus"
    root.mkdir()
    rng = random.Random(10)
    alphabet = list("ab.*?[]!-_ ~$`'\"<>&;|\\%{}#") + ["..", "/", "医", "😀", "\u202e", "TXT"]
    for i in range(12):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))).replace("/", "_").strip() or "x"
        if name in (".", ".."):
            continue
        (root / f"{name}{i}.txt").write_text(f"关于第{i}项工作的通知\n\n各单位：现通知如下。\n", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", root / "zz_link.txt")
    fixed = ["*", "*.TXT", "../secret.txt", "*/../../secret.txt", "z*"]
    codes = []
    for pattern in fixed + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))) for _ in range(25)]:
        code = cli.main(["extract", "--corpus", "corpus", "--set", f"pattern={pattern}"])
        out, err = capsys.readouterr()
        assert code in (0, 2), (pattern, err)
        codes.append(code)
        assert "SECRETWORD" not in out + err
        if code == 2:
            assert err.count("\n") == 1 and err.startswith("error: "), (pattern, err)
    assert codes[:4] == [0, 0, 2, 2]


def test_a_build_folder_inside_the_corpus_is_never_read(folder):
    (folder / "_build" / "html" / "_sources").mkdir(parents=True)
    (folder / "_build" / ".lock").write_text("123\n")
    (folder / "_build" / "html" / "_sources" / "x.md.txt").write_text(NOTICE + "构建产物。\n", encoding="utf-8")
    (folder / "empty_sub").mkdir()
    for recursive in (False, True):
        docs, skipped = corpus.read_corpus(folder, recursive=recursive)
        assert [d.file for d in docs] == ["a.txt"] and skipped == []
