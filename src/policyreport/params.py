"""Report parameters: one typed declaration per parameter (type, default, role, help), a YAML
loader that fails fast, `key=value` overrides, and the hashes that key the caches.

A parameter's role says what it changes, and so what a change to it invalidates:
- INPUT: which files are read (the documents' own bytes key their analyses);
- DICTIONARY: a data file the per-document analysis reads (`Dictionaries.load`): its path and
  *contents* key every document's analysis;
- ANALYSIS: a setting of the per-document analysis;
- CORPUS: a setting or data file of the corpus-level analyses only (PMC model, strength scale,
  generic terms, overrides: documents' cached analyses stay valid, the pages that show corpus
  results follow through the data they read);
- REPORT: what the report shows or how it is built (title, gold file, strictness, …).
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import hashlib
import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from policyreport.errors import UserError
from policyreport.paths import DICTIONARIES, display_path


class Role(enum.Enum):
    INPUT = "input"
    DICTIONARY = "dictionary"
    ANALYSIS = "analysis"
    CORPUS = "corpus"
    REPORT = "report"


def param(default, help: str, role: Role, *, path: bool = False, minimum: float | None = None, exclusive: bool = False):
    """Declare one parameter. `path`: resolved against the folder of the file that sets it;
    `minimum` (with `exclusive` for a strict bound) is checked on load."""
    meta = {"help": help, "role": role, "path": path, "minimum": minimum, "exclusive": exclusive}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


def _dictionary(name: str) -> str:
    return str(DICTIONARIES / name)


# Data files of the package that the per-document analysis reads whatever the parameters: the
# GB/T 9704 word lists of the metadata reader, and the national prefixes of the package gazetteer.
FIXED_DATA = (DICTIONARIES / "document_format.yaml", DICTIONARIES / "places.yaml")


@dataclass(frozen=True)
class Params:
    """Every parameter of a report. Build one with `load_params`; change one with `replace`."""

    corpus: str = param("corpus", "folder holding the documents", Role.INPUT, path=True)
    pattern: str = param("*.txt", "glob of document files inside the corpus folder (case-insensitive; no '..')", Role.INPUT)
    recursive: bool = param(False, "also read the sub-folders of the corpus folder", Role.INPUT)
    title: str = param("中国政策文本分析报告", "report title", Role.REPORT)
    author: str = param("policyreport", "report author", Role.REPORT)
    user_dict: str = param(
        _dictionary("user_dict.txt"), "jieba user dictionary ('word freq tag' per line)", Role.DICTIONARY, path=True
    )
    stopwords: str = param(_dictionary("stopwords.txt"), "stopword list (one word per line)", Role.DICTIONARY, path=True)
    topics: str = param(_dictionary("topics.yaml"), "topic dictionary (YAML: topic -> keywords)", Role.DICTIONARY, path=True)
    places: str = param(
        _dictionary("places.yaml"), "place gazetteer (YAML: province -> city -> district)", Role.DICTIONARY, path=True
    )
    orgs: str = param(
        _dictionary("org_suffixes.yaml"), "organisation suffixes, person roles, surnames (YAML)", Role.DICTIONARY, path=True
    )
    instruments: str = param(
        _dictionary("instruments.yaml"),
        "policy-instrument codebook (YAML: type -> instrument -> keywords)",
        Role.DICTIONARY,
        path=True,
    )
    commitment_rules: str = param(
        _dictionary("commitments.yaml"), "markers of work done and promised (YAML)", Role.DICTIONARY, path=True
    )
    departments: str = param(
        _dictionary("departments.yaml"), "labels of lead-department notes (牵头部门 …) (YAML)", Role.DICTIONARY, path=True
    )
    units: str = param(
        _dictionary("units.yaml"), "units of figures by class, bound words (不超过, 以上 …) (YAML)", Role.DICTIONARY, path=True
    )
    goals: str = param(
        _dictionary("goals.yaml"), "policy-goal codebook (YAML: goal -> keywords/patterns)", Role.DICTIONARY, path=True
    )
    strength: str = param(
        _dictionary("strength.yaml"),
        "policy strength scale (YAML: issuer classes × genre classes -> 1-5)",
        Role.CORPUS,
        path=True,
    )
    pmc: str = param(_dictionary("pmc.yaml"), "PMC index model (YAML: variables, text cues, grades)", Role.CORPUS, path=True)
    pmc_overrides: str = param(
        "", "reviewer's PMC score overrides (YAML: file -> variable -> 0/1; '' = none)", Role.CORPUS, path=True
    )
    manual_codes: str = param(
        "",
        "instrument types coded by hand for the exported clause sample (CSV; '' = none), for Cohen's kappa",
        Role.CORPUS,
        path=True,
    )
    generic_terms: str = param(
        _dictionary("generic_terms.txt"),
        "generic words left out of the co-word network (one per line)",
        Role.CORPUS,
        path=True,
    )
    n_key_terms: int = param(15, "key terms (TF-IDF) shown per document", Role.CORPUS, minimum=1)
    n_distinctive_terms: int = param(10, "distinctive terms (weighted log-odds) shown per document", Role.CORPUS, minimum=1)
    min_term_length: int = param(2, "shorter tokens are ignored in term statistics", Role.ANALYSIS, minimum=1)
    kwic_keywords: list = param(
        ["干细胞", "医联体", "互联网医院", "临床试验", "医工合作"], "keywords shown in context", Role.ANALYSIS
    )
    kwic_window: int = param(25, "characters of context on each side", Role.ANALYSIS, minimum=1)
    kwic_max_lines: int = param(8, "maximum context lines per keyword and document", Role.ANALYSIS, minimum=1)
    logodds_prior: float = param(
        0.1, "scale of the informative Dirichlet prior of the log-odds (> 0)", Role.CORPUS, minimum=0, exclusive=True
    )
    network_terms: int = param(40, "key terms (nodes) of the co-word network", Role.CORPUS, minimum=2)
    network_min_weight: int = param(3, "minimum number of shared sentences for a co-word edge", Role.CORPUS, minimum=1)
    max_document_chapters: int = param(
        200,
        "above this many documents, per-document pages are rendered without a kernel and reached through index pages, not the sidebar or the PDF",
        Role.REPORT,
        minimum=0,
    )
    max_source_characters: int = param(
        300_000,
        "characters of a document shown on its source page (whole paragraphs; the rest in the CSV)",
        Role.REPORT,
        minimum=1,
    )
    strict: bool = param(False, "fail the build when an input file is skipped", Role.REPORT)
    gold: str = param("", "hand-checked gold file for the evaluation in the methods chapter ('' = none)", Role.REPORT, path=True)
    authors: list = param([], "authors: a list of {name, orcid, affiliation} (empty = `author` only)", Role.REPORT)
    doi: str = param("", "DOI of the published report ('' = none)", Role.REPORT)
    base_url: str = param("", "URL the site is published at ('' = not published yet)", Role.REPORT)
    version_label: str = param("", "version shown and cited, e.g. v1.0 ('' = the content hash)", Role.REPORT)

    def replace(self, **changes) -> Params:
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def shown(self) -> dict[str, Any]:
        """The parameters as the report prints them (paths relative to the working folder or the package)."""
        return {f.name: display_path(v) if f.metadata["path"] and v else v for f in fields(self) for v in [getattr(self, f.name)]}

    def portable(self) -> dict[str, Any]:
        """The parameters as a file to rebuild with, placed in the working folder: package
        dictionaries left at their defaults are left out (they resolve to the installed package)."""
        return {k: v for k, v in self.shown().items() if not (SPECS[k].metadata["path"] and getattr(self, k) == SPECS[k].default)}

    def digest(self, roles: set[Role] | None = None) -> str:
        """SHA-256 of the parameters with the given roles (all when None) and of the contents of
        every file they name, so an edited dictionary changes the key even when its path does not."""
        chosen = [f for f in fields(self) if roles is None or f.metadata["role"] in roles]
        h = hashlib.sha256(
            json.dumps({f.name: getattr(self, f.name) for f in chosen}, sort_keys=True, ensure_ascii=False).encode()
        )
        for f in chosen:
            value = getattr(self, f.name)
            if f.metadata["path"] and value and Path(value).is_file():
                h.update(f.name.encode() + b"\0" + hashlib.sha256(Path(value).read_bytes()).digest())
        return h.hexdigest()

    def analysis_digest(self) -> str:
        """What a document's cached analysis depends on besides its bytes and the code: its
        parameters, their dictionaries and the package's data files it always reads."""
        h = hashlib.sha256(self.digest({Role.DICTIONARY, Role.ANALYSIS}).encode())
        for path in FIXED_DATA:
            h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        return h.hexdigest()


SPECS = {f.name: f for f in fields(Params)}
_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "list": (list,)}


def _type_name(f) -> str:
    return " or ".join(t.__name__ for t in _TYPES[f.type])


def check(values: dict[str, Any], source: str) -> dict[str, Any]:
    """Reject unknown keys (suggesting the closest one), ill-typed and out-of-range values."""
    for key, value in values.items():
        if key not in SPECS:
            close = difflib.get_close_matches(key, SPECS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UserError(f"{source}: unknown parameter '{key}'{hint}")
        f = SPECS[key]
        allowed = _TYPES[f.type]
        if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            raise UserError(f"{source}: parameter '{key}' must be {_type_name(f)}, got {value!r}")
        if key == "kwic_keywords" and not all(isinstance(k, str) and k for k in value):
            raise UserError(f"{source}: parameter 'kwic_keywords' must be a list of words")
        if key == "authors" and not all(isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"] for a in value):
            raise UserError(f"{source}: parameter 'authors' must be a list of mappings with a 'name'")
        low = f.metadata["minimum"]
        if low is not None and (value < low or (f.metadata["exclusive"] and value == low)):
            bound = f"greater than {low}" if f.metadata["exclusive"] else f"at least {low}"
            raise UserError(f"{source}: parameter '{key}' must be {bound}, got {value}")
    return values


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


def _resolve_paths(values: dict, base: Path) -> dict:
    out = dict(values)
    for key, value in values.items():
        if SPECS[key].metadata["path"] and value != "":
            p = Path(value).expanduser()
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
    if key in SPECS and SPECS[key].type == "str" and not isinstance(value, str):
        value = raw
    return key, value


PROJECT_FILE = "params.yaml"


def load_params(
    params_file: str | Path | None = None,
    overrides: list[str] | None = None,
    corpus: str | Path | None = None,
) -> Params:
    """Defaults, then the parameter file, then `--set` overrides, then `--corpus`.

    Without `params_file`, `params.yaml` in the working folder is read when there is one (a
    project's own settings). Paths in a file are resolved against that file's folder; paths given
    on the command line, and the default corpus folder, against the working folder.
    """
    values = _resolve_paths({"corpus": Params.corpus}, Path.cwd())
    if params_file is None and Path(PROJECT_FILE).is_file():
        params_file = PROJECT_FILE
    if params_file is not None:
        path = Path(params_file).resolve()
        values.update(_resolve_paths(check(_read_yaml_mapping(path), str(path)), path.parent))
    for item in overrides or []:
        key, value = parse_override(item)
        check({key: value}, f"--set {item}")
        values.update(_resolve_paths({key: value}, Path.cwd()))
    if corpus is not None:
        values.update(_resolve_paths({"corpus": str(corpus)}, Path.cwd()))
    if "logodds_prior" in values:
        values["logodds_prior"] = float(values["logodds_prior"])
    check_files(values)
    return Params(**values)


def check_files(values: dict[str, Any]) -> None:
    """Every file a parameter names exists (the corpus folder is checked when it is read)."""
    for key, value in values.items():
        f = SPECS[key]
        if not f.metadata["path"] or key == "corpus" or not value or Path(value).is_file():
            continue
        what = "folder, not a file" if Path(value).is_dir() else "file not found"
        fix = "set it to '' for no evaluation" if key == "gold" else "remove the parameter to use the package's own"
        raise UserError(f"{value}: {what} (parameter '{key}'; point it at an existing file or {fix})")


def describe() -> str:
    """One line per parameter, for `--help`."""
    return "\n".join(f"  {name:<22} {_type_name(f):<10} {f.metadata['help']}" for name, f in SPECS.items())
