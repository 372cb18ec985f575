"""Report parameters: a schema, a YAML loader that fails fast, and `key=value` overrides."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import UserError

PATH_KEYS = ("corpus", "user_dict", "stopwords", "topics", "places", "orgs", "instruments", "commitment_rules", "gold")


@dataclass(frozen=True)
class Spec:
    type: type | tuple
    doc: str


SCHEMA: dict[str, Spec] = {
    "corpus": Spec(str, "folder holding the documents"),
    "pattern": Spec(str, "glob of document files inside the corpus folder"),
    "title": Spec(str, "report title"),
    "author": Spec(str, "report author"),
    "user_dict": Spec(str, "jieba user dictionary"),
    "stopwords": Spec(str, "stopword list"),
    "topics": Spec(str, "topic dictionary (YAML: topic -> keywords)"),
    "places": Spec(str, "place gazetteer (YAML)"),
    "orgs": Spec(str, "organisation suffixes and person roles (YAML)"),
    "instruments": Spec(str, "policy-instrument codebook (YAML: type -> instrument -> keywords)"),
    "commitment_rules": Spec(str, "word lists of the commitments tracker (YAML)"),
    "n_key_terms": Spec(int, "key terms shown per document"),
    "n_distinctive_terms": Spec(int, "distinctive terms shown per document"),
    "min_term_length": Spec(int, "minimum token length for term statistics"),
    "kwic_keywords": Spec(list, "keywords shown in context"),
    "kwic_window": Spec(int, "characters of context on each side"),
    "kwic_max_lines": Spec(int, "maximum context lines per keyword and document"),
    "logodds_prior": Spec((int, float), "scale of the Dirichlet prior of the log-odds"),
    "network_terms": Spec(int, "key terms (nodes) of the co-word network"),
    "network_min_weight": Spec(int, "minimum number of shared sentences for a co-word edge"),
    "max_document_chapters": Spec(int, "maximum number of per-document chapters"),
    "strict": Spec(bool, "fail the build when an input file is skipped"),
    "gold": Spec(str, "hand-checked gold file for the evaluation in the methods chapter ('' = none)"),
}

DEFAULT_PARAMS_FILE = Path(__file__).resolve().parents[2] / "params.yaml"


def _type_name(t) -> str:
    if isinstance(t, tuple):
        return " or ".join(x.__name__ for x in t)
    return t.__name__


def check(params: dict[str, Any], source: str) -> dict[str, Any]:
    """Reject unknown keys (suggesting the closest one) and ill-typed values."""
    for key, value in params.items():
        if key not in SCHEMA:
            close = difflib.get_close_matches(key, SCHEMA, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UserError(f"{source}: unknown parameter '{key}'{hint}")
        spec = SCHEMA[key]
        allowed = spec.type if isinstance(spec.type, tuple) else (spec.type,)
        ok = isinstance(value, allowed) and (bool in allowed or not isinstance(value, bool))
        if not ok:
            raise UserError(
                f"{source}: parameter '{key}' must be {_type_name(spec.type)}, got {value!r}"
            )
        if key == "kwic_keywords" and not all(isinstance(k, str) and k for k in value):
            raise UserError(f"{source}: parameter 'kwic_keywords' must be a list of words")
        if spec.type is int and value < 0:
            raise UserError(f"{source}: parameter '{key}' must not be negative, got {value}")
    return params


def _read_yaml_mapping(path: Path) -> dict:
    if not path.is_file():
        raise UserError(f"{path}: parameter file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping of parameter names to values")
    return data


def _resolve_paths(params: dict, base: Path) -> dict:
    out = dict(params)
    for key in PATH_KEYS:
        if key in out and out[key] != "":
            p = Path(out[key]).expanduser()
            out[key] = str(p if p.is_absolute() else (base / p).resolve())
    return out


def parse_override(item: str) -> tuple[str, Any]:
    """Parse one `--set key=value`; the value is read as YAML (so `5`, `true`, `[a, b]` work)."""
    if "=" not in item:
        raise UserError(f"--set {item}: expected key=value")
    key, raw = item.split("=", 1)
    key = key.strip()
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    if value is None:
        value = raw
    if key in SCHEMA and SCHEMA[key].type is str and not isinstance(value, str):
        value = raw
    return key, value


def load_params(
    params_file: str | Path | None = None,
    overrides: list[str] | None = None,
    corpus: str | Path | None = None,
) -> dict[str, Any]:
    """Defaults, then the user's parameter file, then `--set` overrides, then `--corpus`.

    Paths in a file are resolved against that file's folder; paths given on the command
    line against the current folder. Returns a complete, checked parameter mapping.
    """
    defaults = _read_yaml_mapping(DEFAULT_PARAMS_FILE)
    params = _resolve_paths(check(defaults, str(DEFAULT_PARAMS_FILE)), DEFAULT_PARAMS_FILE.parent)
    if params_file is not None:
        path = Path(params_file).resolve()
        user = check(_read_yaml_mapping(path), str(path))
        params.update(_resolve_paths(user, path.parent))
    for item in overrides or []:
        key, value = parse_override(item)
        check({key: value}, f"--set {item}")
        params.update(_resolve_paths({key: value}, Path.cwd()))
    if corpus is not None:
        params.update(_resolve_paths({"corpus": str(corpus)}, Path.cwd()))
    missing = [k for k in SCHEMA if k not in params]
    if missing:
        raise UserError(f"{DEFAULT_PARAMS_FILE}: missing parameter '{missing[0]}'")
    return params


def describe() -> str:
    """One line per parameter, for `--help`."""
    return "\n".join(f"  {k:<22} {_type_name(s.type):<10} {s.doc}" for k, s in SCHEMA.items())
