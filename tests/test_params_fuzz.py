"""Property tests of the parameter checks (Hypothesis, derandomised: the same examples every run).

Any value YAML can hold, given to any parameter, is either accepted (and the parameters then
serialise and hash) or rejected in one line naming the source and the key; never another error.
"""

from __future__ import annotations

import json
import sys

import pytest
import yaml

from policyreport import cli
from policyreport.errors import UserError
from policyreport.params import SPECS, Params, check, load_params

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is in requirements.txt; `make test` installs it")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=400,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.text(min_size=250, max_size=5_000)
    | st.binary(max_size=8)
    | st.dates()
    | st.sampled_from(["", " ", "http://x.org/", "javascript:alert(1)", "10.1/x", "0000-0002-1825-0097", "a\nb"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["name", "orcid", "affiliation", "x", 1]), inner, max_size=4),
    max_leaves=8,
)


@FUZZ
@given(key=st.sampled_from(sorted(SPECS)), value=VALUES)
def test_any_value_is_accepted_or_rejected_in_one_line(key, value):
    try:
        checked = check({key: value}, "p.yaml")
    except UserError as exc:
        message = str(exc)
        assert message.startswith(f"p.yaml: parameter '{key}") and "\n" not in message and len(message) < 600, message
        return
    params = Params(**checked)
    json.dumps(params.as_dict(), ensure_ascii=False)
    assert check(checked, "again") == checked  # normalised values stay as they are


@FUZZ
@given(
    key=st.sampled_from([k for k, f in SPECS.items() if f.type == "str" and not f.metadata["path"]]),
    text=st.text(
        st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs", "Zs")) | st.sampled_from(" #:'\"[]{}&*!|>%@`"),
        min_size=1,
        max_size=120,
    ),
)
def test_set_keeps_the_whole_text(tmp_path, monkeypatch, key, text):
    """`--set key=TEXT` for a text parameter: TEXT as written (spaces around it aside), or one line."""
    monkeypatch.chdir(tmp_path)
    text = text.strip()
    quoted = len(text) >= 2 and text[0] == text[-1] and text[0] in "'\""
    try:
        value = getattr(load_params(overrides=[f"{key}={text}"]), key)
    except UserError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("--set ")
        return
    assert value == text or quoted, (text, value)


@FUZZ
@given(key=st.sampled_from(sorted(SPECS)), value=VALUES)
def test_parameter_files_never_reach_the_unexpected_path(tmp_path, monkeypatch, capsys, key, value):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir(exist_ok=True)
    monkeypatch.setattr(cli, "_extract", lambda *a, **k: print("reached", file=sys.stderr))
    (tmp_path / "p.yaml").write_text(yaml.safe_dump({key: value}, allow_unicode=True), encoding="utf-8")
    code = cli.main(["extract", "--corpus", "corpus", "--params", "p.yaml"])
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected" not in err, err
    assert (code, err) == (0, "reached\n") or (code == 2 and err.startswith("error: ") and key in err), err
