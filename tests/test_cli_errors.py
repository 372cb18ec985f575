"""Every failure of a hostile input is one line: `error: …` naming the file or the key, exit code 2.

The "unexpected …" line is for bugs; no parameter file or `--set` value below may reach it. The
extraction itself is replaced by a marker, so a value that passes the checks is seen as such.
"""

from __future__ import annotations

import datetime
import errno
import os
import shutil
from pathlib import Path

import pytest
import yaml

from policyreport import cli
from policyreport.params import SPECS, load_params

REACHED = "extraction reached"

BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{b}: &{b} [{', '.join(['*' + a] * 10)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
    + "authors:\n  - name: 张三\n    affiliation: *i\n"
)


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    """cli.main in a folder with a one-document corpus; returns (exit code, stderr)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("关于测试的通知\n\n各单位：现就有关事项通知如下。\n", encoding="utf-8")
    monkeypatch.setattr(cli, "_extract", lambda *a, **k: print(REACHED, file=__import__("sys").stderr))

    def go(*argv: str) -> tuple[int, str]:
        code = cli.main(["extract", "--corpus", "corpus", *argv])
        return code, capsys.readouterr().err

    return go


def _one_line_error(code: int, err: str, *names: str) -> None:
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: "), err
    assert "unexpected" not in err and len(err) < 600, err
    assert any(n in err for n in names), (names, err)


HOSTILE_FILES = {
    "alias bomb": (BOMB, "aliases expand to more than"),
    "self-referring alias": ("authors: &a [*a]\n", "refers to the node that contains it"),
    "deep nesting": ("title: " + "[" * 1500 + "]" * 1500 + "\n", "nested too deeply"),
    "javascript base_url": ("base_url: 'javascript:alert(1)'\n", "'base_url' must be an absolute http"),
    "data base_url": ("base_url: 'data:text/html,<b>x</b>'\n", "'base_url'"),
    "base_url with a quote": ("base_url: 'https://example.org/\"><script>'\n", "'base_url' must be a URL without"),
    "base_url with a newline": ('base_url: "https://example.org/\\nX-Header: 1"\n', "'base_url'"),
    "base_url with credentials": ("base_url: https://user:pw@example.org/\n", "'base_url' must not contain a user"),
    "javascript doi": ("doi: 'javascript:alert(1)'\n", "'doi' must be a DOI"),
    "doi URL with a space": ("doi: 'https://doi.org/10.1/a b'\n", "'doi'"),
    "binary author name": ("authors:\n  - name: !!binary aGVsbG8=\n", "'authors[0].name' must be str, got b'hello'"),
    "date affiliation": ("authors:\n  - name: 张三\n    affiliation: 2024-01-01\n", "'authors[0].affiliation' must be str"),
    "list affiliation": ("authors:\n  - name: 张三\n  - name: 李四\n    affiliation: [a, b]\n", "'authors[1].affiliation'"),
    "author as text": ("authors: [张三]\n", "'authors[0]' must be a mapping"),
    "author without name": ("authors:\n  - affiliation: 某某大学\n", "'authors[0].name' is missing"),
    "unknown author field": ("authors:\n  - {name: 张三, email: a@b.c}\n", "'authors[0].email' is not one of"),
    "bad orcid": ("authors:\n  - {name: 张三, orcid: 0000-0002-1825-0098}\n", "'authors[0].orcid'"),
    "empty title": ("title: ''\n", "'title' must not be empty"),
    "blank title": ("title: '  '\n", "'title' must not be blank"),
    "title with a newline": ('title: "A\\nB"\n', "'title' must not contain"),
    "title with RLO": ('title: "A\\u202eB"\n', "U+202E"),
    "200,000-character title": ("title: " + "长" * 200_000 + "\n", "'title' is 200,000 characters long"),
    "nan prior": ("logodds_prior: .nan\n", "'logodds_prior' must be a finite number"),
    "inf prior": ("logodds_prior: .inf\n", "'logodds_prior' must be a finite number"),
    "huge integer": ("n_key_terms: " + "9" * 400 + "\n", "'n_key_terms' must be at most"),
    "integer key": ("1: x\n", "parameter names are text"),
    "a list, not a mapping": ("- title: x\n", "expected a mapping"),
    "python tag": ("title: !!python/object/apply:os.system [ls]\n", "not valid YAML"),
    "pmc_overrides is /etc/passwd": ("pmc_overrides: /etc/passwd\n", "the PMC overrides: expected a mapping"),
    "two documents": ("title: a\n---\ntitle: b\n", "not valid YAML"),
}


@pytest.mark.parametrize("text, expected", HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys())
def test_hostile_parameter_files_are_one_line(run, tmp_path, text, expected):
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    code, err = run("--params", "p.yaml")
    _one_line_error(code, err, expected)
    assert str(tmp_path / "p.yaml") in err or "/etc/passwd" in err


@pytest.mark.parametrize(
    "content, expected",
    [
        (bytes(range(256)) * 4, "the parameter file is not UTF-8 text"),
        (b"\xff\xfetitle: x\n", "the parameter file is not UTF-8 text"),
        (b"title: a\x00b\n", "the parameter file is not valid YAML"),
        (b"title: x\n" + b"#" * 1_100_000, "larger than 1,000,000 bytes"),
    ],
    ids=["binary", "utf-16 BOM", "NUL", "too large"],
)
def test_unreadable_parameter_files_are_named(run, tmp_path, content, expected):
    (tmp_path / "p.yaml").write_bytes(content)
    code, err = run("--params", "p.yaml")
    _one_line_error(code, err, expected)
    assert str(tmp_path / "p.yaml") in err


def test_missing_and_folder_parameter_files_are_named(run, tmp_path):
    _one_line_error(*run("--params", "nope.yaml"), "nope.yaml: cannot read the parameter file")
    (tmp_path / "dir.yaml").mkdir()
    _one_line_error(*run("--params", "dir.yaml"), "dir.yaml: cannot read the parameter file")


FILE_PARAMETERS = [name for name, f in SPECS.items() if f.metadata["contents"]]


@pytest.mark.parametrize("key", FILE_PARAMETERS)
@pytest.mark.parametrize(
    "content",
    [b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n", bytes(range(256)), b"a.txt: [1, 2]\n"],
    ids=["passwd", "binary", "wrong shape"],
)
def test_files_named_by_parameters_are_read_at_load(run, tmp_path, key, content):
    """A data file read only late in a build (PMC model and overrides, strength scale, manual codes,
    gold) is read when the parameters are loaded; a wrong one names the file and the parameter."""
    (tmp_path / "data.bin").write_bytes(content)
    code, err = run("--set", f"{key}=data.bin")
    _one_line_error(code, err, f"(parameter '{key}')")
    assert str(tmp_path / "data.bin") in err


def wrong_values(f) -> list:
    """Values of every other type, and values of the right type that are out of range."""
    out = [None, b"\x00\xff", {"a": 1}, datetime.date(2024, 1, 1), float("nan"), float("inf"), "长" * 5_000]
    out += {
        "str": [5, -1, 2.5, True, ["a"], "", " \t", "a\nb", "a\x00b"],
        "int": ["5", 2.5, True, [1], -1, -(10**12), 10**30],
        "float": ["0.1", True, [0.1], -1, 0, -float("inf"), 1e300],
        "bool": ["yes", 1, 0, [True]],
        "list": ["a", 5, True, [None], [5], [b"x"], [{"a": 1}], [""], [["a"]], ["x" * 51] * 2, list(range(101))],
        "dict": ["a", 5, True, [1], {"zz": "x"}, {"text": 5}, {"text": ""}, {"text": "a\nb"}],
    }[f.type]
    if f.type == "str" and f.metadata["empty"]:
        out.remove("")
    if f.name == "authors":
        out += [[{"name": 5}], [{"name": ""}], [{}], [{"name": "张三", "orcid": 5}], [{"name": "张三", None: 1}]]
    return out


CASES = [(name, v) for name, f in SPECS.items() for v in wrong_values(f)]


@pytest.mark.parametrize("key, value", CASES, ids=[f"{k}-{type(v).__name__}{i}" for i, (k, v) in enumerate(CASES)])
def test_every_parameter_rejects_every_wrong_value_in_one_line(run, tmp_path, key, value):
    """Each declared parameter, fed a value of each wrong type or out of its range in a parameter file."""
    (tmp_path / "p.yaml").write_text(yaml.safe_dump({key: value}, allow_unicode=True), encoding="utf-8")
    code, err = run("--params", "p.yaml")
    _one_line_error(code, err, f"'{key}")


SET_VALUES = [
    "5",
    "-1",
    "-1e400",
    ".nan",
    ".inf",
    "[1, 2]",
    "{a: 1}",
    "null",
    "!!binary aGVsbG8=",
    "2024-01-01",
    "''",
    "x" * 200_000,
]


@pytest.mark.parametrize("key", SPECS)
def test_set_values_are_kept_or_rejected_in_one_line(run, key):
    """`--set key=VALUE`: a text parameter takes any printable text (or names the file it cannot
    find); every other parameter rejects what is not of its type, in one line naming the key."""
    for raw in SET_VALUES:
        code, err = run("--set", f"{key}={raw}")
        if code == 0:
            assert err == REACHED + "\n", (key, raw, err)
        else:
            _one_line_error(code, err, f"'{key}")


def test_set_keeps_the_whole_text_of_a_text_parameter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_params(overrides=["title=A #1"]).title == "A #1"
    assert load_params(overrides=["title=  卫生 # 健康  "]).title == "卫生 # 健康"
    assert load_params(overrides=["title='quoted: yes'"]).title == "quoted: yes"
    assert load_params(overrides=["title=[a, b]"]).title == "[a, b]"
    assert load_params(overrides=["kwic_keywords=[医保, 医联体]"]).kwic_keywords == ["医保", "医联体"]
    assert load_params(overrides=["logodds_prior=1"]).logodds_prior == 1.0


def test_identifiers_are_normalised(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text(
        "doi: https://doi.org/10.5281/zenodo.1234567\n"
        "base_url: https://example.org/报告/\n"
        "authors:\n  - {name: 张三, orcid: 'https://orcid.org/0000-0002-1825-0097', affiliation: 某某大学}\n",
        encoding="utf-8",
    )
    p = load_params(tmp_path / "p.yaml")
    assert p.doi == "10.5281/zenodo.1234567" and p.authors[0]["orcid"] == "0000-0002-1825-0097"
    assert p.base_url == "https://example.org/报告/"


@pytest.mark.parametrize(
    "address", ["garbage", "tcp://host", "http://host:8786", "tcp://host:99999", "tcp://a b:1", "tcp://h:1/x"]
)
def test_scheduler_address_is_checked_before_anything_runs(run, capsys, monkeypatch, address):
    from policyreport import pipeline

    monkeypatch.setattr(pipeline, "build", lambda *a, **k: pytest.fail("the build started"))
    code = cli.main(["build", "--corpus", "corpus", "--scheduler", address])
    _one_line_error(code, capsys.readouterr().err, f"--scheduler {address}: expected a Dask scheduler address")


def test_scheduler_addresses_are_normalised():
    from policyreport.execute.distributed import scheduler_address

    assert scheduler_address("10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert scheduler_address("TCP://[::1]:8786") == "tcp://[::1]:8786"
    assert scheduler_address(" tls://dask_scheduler:8786 ") == "tls://dask_scheduler:8786"


def test_evaluate_with_a_gold_file_matching_no_document(run, tmp_path, capsys):
    """Issue 22: `evaluate` indexed the parameters like a dict and ended in "unexpected TypeError"."""
    (tmp_path / "gold.yaml").write_text("other.txt:\n  title: 关于别的事项的通知\n", encoding="utf-8")
    code = cli.main(["evaluate", "--corpus", "corpus", "--gold", "gold.yaml"])
    err = capsys.readouterr().err
    _one_line_error(code, err, "none of its files is in the corpus")
    assert str(tmp_path / "corpus") in err and "gold.yaml" in err


def _full_disk(*a, **k):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(a[1]) if len(a) > 1 else None)


def test_full_disk_is_one_line_and_keeps_the_last_report(tmp_path, monkeypatch, capsys):
    """ENOSPC while the new site is copied into place: one line naming the path; html/ untouched."""
    from policyreport import pipeline
    from policyreport.publish import swap

    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    out = tmp_path / "_build"
    (out / "html").mkdir(parents=True)
    (out / "html" / "index.html").write_text("last good report", encoding="utf-8")
    work = tmp_path / "work"
    (work / "_build" / "html").mkdir(parents=True)
    (work / "_build" / "html" / "index.html").write_text("new report", encoding="utf-8")

    def build(params, build_dir, **kwargs):
        monkeypatch.setattr(shutil, "copyfile", _full_disk)
        swap.publish(work, tmp_path / "stage", Path(build_dir), None)

    monkeypatch.setattr(pipeline, "build", build)
    code = cli.main(["build", "--corpus", "corpus", "--output", str(out), "--no-pdf"])
    err = capsys.readouterr().err
    _one_line_error(code, err, "no space left on device")
    from policyreport.publish.mirror import TMP

    assert str(out / ".html.prev" / f"index.html{TMP}") in err and "previous report (if any) was left in place" in err
    assert (out / "html" / "index.html").read_text(encoding="utf-8") == "last good report"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES])
def test_disk_errors_without_a_file_name_name_the_output_folder(tmp_path, monkeypatch, capsys, code):
    from policyreport import pipeline

    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()

    def build(*a, **k):
        try:
            raise OSError(code, os.strerror(code))
        except OSError as exc:
            raise RuntimeError("while writing the data folder") from exc

    monkeypatch.setattr(pipeline, "build", build)
    assert cli.main(["build", "--corpus", "corpus", "--output", "out", "--no-pdf"]) == 2
    err = capsys.readouterr().err
    reason = os.strerror(code)
    _one_line_error(2, err, f"{tmp_path / 'out'}: {reason[0].lower()}{reason[1:]}")


@pytest.mark.parametrize("output, expected", [("afile", "is a file, not a folder"), ("afile/sub", "Not a directory")])
def test_an_output_folder_that_cannot_be_made_is_one_line(run, tmp_path, capsys, monkeypatch, output, expected):
    from policyreport import pipeline

    monkeypatch.setattr(pipeline, "build", lambda *a, **k: pytest.fail("the build started"))
    (tmp_path / "afile").write_text("", encoding="utf-8")
    code = cli.main(["build", "--corpus", "corpus", "--output", output])
    _one_line_error(code, capsys.readouterr().err, f"--output {output}: ")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_named_as_a_dictionary_is_not_read(run):
    _one_line_error(*run("--set", "user_dict=/dev/zero"), "/dev/zero: not a regular file (parameter 'user_dict'")
    _one_line_error(*run("--params", "/dev/zero"), "/dev/zero: the parameter file is larger than 1,000,000 bytes")
