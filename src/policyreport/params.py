"""Report parameters: one typed declaration per parameter (type, default, role, help), a YAML
loader that fails fast, `key=value` overrides, and the hashes that key the caches.

A parameter's role says what it changes, and so what a change to it invalidates:
- INPUT: which files are read (the documents' own bytes key their analyses);
- DICTIONARY: a data file the per-document analysis reads (`Dictionaries.load`): its path and
  *contents* key every document's analysis;
- ANALYSIS: a setting of the per-document analysis;
- CORPUS: a setting or data file of the corpus-level analyses only (PMC model, strength scale,
  generic terms, overrides: documents' cached analyses stay valid, the pages that show corpus
  results follow through the data they read); the context lines (`kwic_*`) are of this role too:
  every build cuts them afresh from each document's stored paragraphs (`execute.analyse`), so new
  keywords change the context tables and the pages showing them, and re-analyse nothing;
- REPORT: what the report shows or how it is built (title, gold file, strictness, …).
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import hashlib
import importlib
import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from policyreport.errors import UserError
from policyreport.ingest.datafiles import parse_yaml, read_text
from policyreport.ingest.formats import SUPPORTED_PATTERN, TABLE_ROLES
from policyreport.paths import DICTIONARIES, display_path
from policyreport.urls import DOI, http_url


class Role(enum.Enum):
    INPUT = "input"
    DICTIONARY = "dictionary"
    ANALYSIS = "analysis"
    CORPUS = "corpus"
    REPORT = "report"


def param(
    default,
    help: str,
    role: Role,
    *,
    path: bool = False,
    empty: bool = False,
    minimum: float | None = None,
    exclusive: bool = False,
    maximum: float | None = None,
    max_length: int | None = None,
    check: Callable[[Any], Any] | None = None,
    contents: Callable[[Path], None] | None = None,
):
    """Declare one parameter and what a valid value is.

    `path`: resolved against the folder of the file that sets it; `empty`: '' is allowed (text is
    otherwise required); `minimum` (`exclusive` for a strict bound) and `maximum` bound a number;
    `max_length` caps text or a list; `check` takes the typed value and returns it (normalised)
    or raises `Invalid`; `contents` checks the file a path names (raising UserError)."""
    meta = {
        "help": help,
        "role": role,
        "path": path,
        "empty": empty,
        "minimum": minimum,
        "exclusive": exclusive,
        "maximum": maximum,
        "max_length": max_length,
        "check": check,
        "contents": contents,
    }
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


def _dictionary(name: str) -> str:
    return str(DICTIONARIES / name)


class Invalid(ValueError):
    """A value a parameter does not accept; `at` locates it inside the value (`[1].name`)."""

    def __init__(self, problem: str, at: str = ""):
        super().__init__(problem)
        self.at = at


def shown(value: Any, limit: int = 60) -> str:
    """A value as an error message quotes it: its repr, cut to `limit` characters."""
    text = repr(value)
    if len(text) <= limit:
        return text
    unit = {str: "characters", bytes: "bytes"}.get(type(value), "items")
    size = f" ({len(value):,} {unit})" if hasattr(value, "__len__") else ""
    return f"{text[:limit]}…{size}"


def label(text: str, limit: int = 80) -> str:
    """Text from the command line as a message names it: as typed when printable, else its repr; cut."""
    return (text if len(text) <= limit else f"{text[:limit]}…") if text.isprintable() else shown(text, limit)


TEXT_LIMIT = 1_000
PATH_LIMIT = 4_096
INT_LIMIT = 1_000_000_000
_URL_FORBIDDEN = set("\"'<>`\\{}|^")


def check_text(value: str, *, empty: bool = False, max_length: int = TEXT_LIMIT) -> str:
    """Text is not blank (unless `empty` allows ''), has no control or invisible format
    characters, and is at most `max_length` characters."""
    if not value.strip() and (value or not empty):
        raise Invalid("must not be empty" if not value else "must not be blank (only spaces)")
    if len(value) > max_length:
        raise Invalid(
            f"is {len(value):,} characters long; at most {max_length:,} are accepted, as it is printed or used as a name"
        )
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            raise Invalid(f"must not contain the control or invisible character U+{ord(ch):04X}")
    return value


def check_url(value: str) -> str:
    """An absolute http(s) URL without spaces, quotes, angle brackets, backticks or credentials."""
    if not value:
        return value
    bad = next((ch for ch in value if ch in _URL_FORBIDDEN or ch.isspace()), None)
    if bad is not None:
        raise Invalid(f"must be a URL without spaces, quotes, <, >, backticks or braces, found {bad!r}")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as exc:
        raise Invalid(f"is not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise Invalid(f"must be an absolute http:// or https:// URL, e.g. https://example.org/report/, got {shown(value)}")
    if "@" in parts.netloc:
        raise Invalid("must not contain a user name or password (user@host)")
    if not http_url(value):
        raise Invalid(f"must be made of URL characters only (RFC 3986), got {shown(value)}")
    return value


_DOI_PREFIX = re.compile(r"(?i)^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)")


def check_doi(value: str) -> str:
    """A DOI (10.NNNN/…); `doi:…` or a doi.org URL is reduced to the DOI itself."""
    if not value:
        return value
    if "://" in value:
        check_url(value)
    doi = _DOI_PREFIX.sub("", value)
    if not DOI.fullmatch(doi):
        raise Invalid(f"must be a DOI such as 10.5281/zenodo.1234567 (or its https://doi.org/ URL), got {shown(value)}")
    return doi


_ORCID = re.compile(r"(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")


def _orcid(value: str) -> str:
    m = _ORCID.fullmatch(value.strip())
    if not m:
        raise Invalid(f"must be an ORCID iD such as 0000-0002-1825-0097, got {shown(value)}")
    digits = m.group(1).replace("-", "")
    total = 0
    for d in digits[:-1]:
        total = (total + int(d)) * 2
    expected = (12 - total % 11) % 11
    if digits[-1] != ("X" if expected == 10 else str(expected)):
        raise Invalid(f"{m.group(1)} is not an ORCID iD (its check digit is wrong)")
    return m.group(1)


AUTHOR_FIELDS = {"name": (True, 200), "affiliation": (False, 300), "orcid": (False, 40)}
MAX_AUTHORS = 100


def check_table_columns(value: dict) -> dict:
    """Roles of a crawled table (text, title, …) mapped to column names."""
    for role, column in value.items():
        if role not in TABLE_ROLES:
            raise Invalid(f"has the role {shown(role)}; the roles are {', '.join(TABLE_ROLES)}")
        if not isinstance(column, str) or not column.strip():
            raise Invalid(f"maps {role} to {shown(column)}; expected a column name")
        check_text(column, max_length=200)
    return value


def check_authors(value: list) -> list:
    """A list of mappings: `name` (text, required), `affiliation` and `orcid` (text, optional)."""
    if len(value) > MAX_AUTHORS:
        raise Invalid(f"lists {len(value):,} authors; at most {MAX_AUTHORS} are accepted")
    out = []
    for i, person in enumerate(value):
        if not isinstance(person, dict):
            raise Invalid(f"must be a mapping such as {{name: 张三, affiliation: 某某大学}}, got {shown(person)}", f"[{i}]")
        for key in person:
            if key not in AUTHOR_FIELDS:
                raise Invalid(f"is not one of {', '.join(AUTHOR_FIELDS)}", f"[{i}].{label(str(key), 40)}")
        clean = {}
        for key, (required, limit) in AUTHOR_FIELDS.items():
            if key not in person:
                if required:
                    raise Invalid("is missing", f"[{i}].{key}")
                continue
            v = person[key]
            if not isinstance(v, str):
                raise Invalid(f"must be str, got {shown(v)}", f"[{i}].{key}")
            try:
                clean[key] = _orcid(v) if key == "orcid" and v else check_text(v, empty=not required, max_length=limit)
            except Invalid as exc:
                raise Invalid(str(exc), f"[{i}].{key}") from None
        out.append(clean)
    return out


def check_words(value: list) -> list:
    """A list of non-empty words, each one line of at most 50 characters."""
    for i, word in enumerate(value):
        if not isinstance(word, str):
            raise Invalid(f"must be str, got {shown(word)}", f"[{i}]")
        try:
            check_text(word, max_length=50)
        except Invalid as exc:
            raise Invalid(str(exc), f"[{i}]") from None
    return value


def check_language(value: str) -> str:
    """The report's language: zh (Chinese) or en (English)."""
    from policyreport.report.i18n import LANGUAGES

    if value not in LANGUAGES:
        raise Invalid(f"must be one of {', '.join(LANGUAGES)}, got {shown(value)}")
    return value


def check_translations(path: Path) -> None:
    """A project's own catalogue: a YAML list of {zh, en} pairs of text."""
    from policyreport.report.i18n import read_pairs

    read_pairs(path)


def _contents(module: str, loader: str) -> Callable[[Path], None]:
    """A `contents` check that reads the file with the loader the analysis uses (imported when run)."""

    def read(path: Path) -> None:
        getattr(importlib.import_module(module), loader)(path)

    return read


# Data files of the package that the per-document analysis reads whatever the parameters: the
# GB/T 9704 word lists of the metadata reader, the national prefixes of the package gazetteer,
# the names and renamings of bodies, the clause cues and the hand-coded clauses the coder learns from.
FIXED_DATA = tuple(
    DICTIONARIES / name
    for name in ("document_format.yaml", "places.yaml", "org_aliases.yaml", "clause_cues.yaml", "coded_clauses.yaml")
)


@dataclass(frozen=True)
class Params:
    """Every parameter of a report. Build one with `load_params`; change one with `replace`."""

    corpus: str = param("corpus", "folder holding the documents", Role.INPUT, path=True)
    project: str = param(
        ".",
        "folder of the book project: _config.yml, _toc.yml and chapters/ of your own (default: the folder of the parameter file)",
        Role.REPORT,
        path=True,
    )
    pattern: str = param(
        SUPPORTED_PATTERN,
        "glob of document files inside the corpus folder (case-insensitive; {a,b} for alternatives; no '..')",
        Role.INPUT,
    )
    recursive: bool = param(False, "also read the sub-folders of the corpus folder", Role.INPUT)
    table_columns: dict = param(
        {},
        f"column of a crawled table (.csv, .xlsx, .jsonl) for each role ({', '.join(TABLE_ROLES)}); unset roles use common names",
        Role.INPUT,
        check=lambda value: check_table_columns(value),
    )
    title: str = param("中国政策文本分析报告", "report title", Role.REPORT, max_length=300)
    author: str = param(
        "", "report author ('' = not set: the build warns and the citation says so)", Role.REPORT, empty=True, max_length=300
    )
    domain_pack: str = param(
        "",
        "domain pack whose dictionaries replace the domain-neutral defaults (e.g. health; '' = none): "
        "topics, goals, PMC cues, user dictionary, generic terms not set explicitly",
        Role.DICTIONARY,
        empty=True,
        max_length=100,
        check=lambda value: check_pack(value),
    )
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
        contents=_contents("policyreport.compare.strength", "load_scale"),
    )
    pmc: str = param(
        _dictionary("pmc.yaml"),
        "PMC index model (YAML: variables, text cues, grades)",
        Role.CORPUS,
        path=True,
        contents=_contents("policyreport.compare.pmc", "load_model"),
    )
    designs: str = param(
        _dictionary("designs.yaml"),
        "genre rules: normative, response or other document (YAML); decides which analyses cover a document",
        Role.CORPUS,
        path=True,
    )
    replies: str = param(
        _dictionary("replies.yaml"),
        "markers of adopted and explained points in replies to suggestions and proposals (YAML)",
        Role.CORPUS,
        path=True,
    )
    fit_min_documents: float = param(
        0.8,
        "a codebook fits the corpus when it reaches at least this share of documents (0-1)",
        Role.CORPUS,
        minimum=0,
        exclusive=True,
        maximum=1,
    )
    fit_min_units: float = param(
        0.25,
        "... and at least this share of their sentences or clauses (0-1); findings need a fitting codebook",
        Role.CORPUS,
        minimum=0,
        exclusive=True,
        maximum=1,
    )
    reuse_min_sentences: int = param(
        3,
        "text reuse is a landing finding only when the later document repeats at least this many sentences",
        Role.CORPUS,
        minimum=1,
    )
    reuse_min_share: float = param(
        0.1,
        "... and they are at least this share of its body sentences (0-1)",
        Role.CORPUS,
        minimum=0,
        exclusive=True,
        maximum=1,
    )
    pmc_overrides: str = param(
        "",
        "reviewer's PMC score overrides (YAML: file -> variable -> 0/1; '' = none)",
        Role.CORPUS,
        path=True,
        empty=True,
        contents=_contents("policyreport.compare.pmc", "load_overrides"),
    )
    manual_codes: str = param(
        "",
        "instrument types coded by hand for the exported clause sample (CSV; '' = none), for Cohen's kappa",
        Role.CORPUS,
        path=True,
        empty=True,
        contents=_contents("policyreport.compare.intercoder", "read_manual"),
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
        [],
        "keywords shown in context (none: the corpus's own key terms are shown)",
        Role.CORPUS,
        max_length=100,
        check=check_words,
    )
    kwic_window: int = param(25, "characters of context on each side", Role.CORPUS, minimum=1)
    kwic_max_lines: int = param(8, "maximum context lines per keyword and document", Role.CORPUS, minimum=1)
    logodds_prior: float = param(
        0.1,
        "scale of the informative Dirichlet prior of the log-odds (> 0)",
        Role.CORPUS,
        minimum=0,
        exclusive=True,
        maximum=1e6,
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
    gold: str = param(
        "",
        "hand-checked gold file for the evaluation in the methods chapter ('' = none)",
        Role.REPORT,
        path=True,
        empty=True,
        contents=_contents("policyreport.extract.gold", "load_gold"),
    )
    authors: list = param(
        [], "authors: a list of {name, orcid, affiliation} (empty = `author` only)", Role.REPORT, check=check_authors
    )
    doi: str = param("", "DOI of the published report ('' = none)", Role.REPORT, empty=True, max_length=200, check=check_doi)
    base_url: str = param(
        "",
        "http(s) URL the site is published at ('' = not published yet)",
        Role.REPORT,
        empty=True,
        max_length=2000,
        check=check_url,
    )
    version_label: str = param(
        "", "version shown and cited, e.g. v1.0 ('' = the content hash)", Role.REPORT, empty=True, max_length=100
    )
    language: str = param(
        "zh",
        "language of the report: zh (Chinese) or en (English; quotes and document names stay as written)",
        Role.REPORT,
        check=check_language,
    )
    translations: str = param(
        "",
        "the project's own English text for an English report: a YAML list of {zh, en} pairs for the title, "
        "author and part captions ('' = none)",
        Role.REPORT,
        path=True,
        empty=True,
        contents=check_translations,
    )

    def __post_init__(self):
        """A domain pack fills the dictionary parameters still at their package defaults."""
        for key, path in pack_files(self.domain_pack).items():
            if getattr(self, key) == SPECS[key].default:
                object.__setattr__(self, key, path)

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
        pack = pack_files(self.domain_pack)
        return {
            k: v
            for k, v in self.shown().items()
            if not (SPECS[k].metadata["path"] and getattr(self, k) in (SPECS[k].default, pack.get(k)))
        }

    def digest(self, roles: set[Role] | None = None, names: tuple[str, ...] | None = None) -> str:
        """SHA-256 of the parameters with the given roles (all when None), or of those `names`, and of
        the contents of every file they name, so an edited dictionary changes the key even when its
        path does not."""
        chosen = [
            f for f in fields(self) if (roles is None or f.metadata["role"] in roles) and (names is None or f.name in names)
        ]
        h = hashlib.sha256(
            json.dumps({f.name: getattr(self, f.name) for f in chosen}, sort_keys=True, ensure_ascii=False).encode()
        )
        for f in chosen:
            value = getattr(self, f.name)
            if f.metadata["path"] and value and Path(value).is_file():
                h.update(f.name.encode() + b"\0" + hashlib.sha256(Path(value).read_bytes()).digest())
            elif f.name == "project" and value:
                from policyreport.project import files_digest

                h.update(b"project\0" + files_digest(Path(value)).encode())
        return h.hexdigest()

    def navigation_digest(self) -> str:
        """What Sphinx's working copy is kept for (`book.incremental`): the parameters that can change
        the book's navigation (which pages, their titles, a project's own pages) or every page in a way
        Sphinx does not notice (the citation tags: authors, DOI, URL, version label). The others reach
        Sphinx only through the pages and data that their change rewrites, which Sphinx re-reads, and
        through `_config.yml` (the title, the search dictionary), whose changes Sphinx sees itself."""
        chosen = {f.name for f in fields(self) if f.metadata["role"] in (Role.INPUT, Role.REPORT)} - CONTENT_ONLY
        h = hashlib.sha256()
        for name in sorted(chosen):
            h.update(name.encode() + b"\0" + json.dumps(getattr(self, name), sort_keys=True, ensure_ascii=False).encode())
        if "project" in chosen and self.project:
            from policyreport.project import files_digest

            h.update(b"project\0" + files_digest(Path(self.project)).encode())
        return h.hexdigest()

    def analysis_digest(self) -> str:
        """What a document's cached analysis depends on besides its bytes and the code: its
        parameters, their dictionaries and the package's data files it always reads."""
        h = hashlib.sha256(self.digest({Role.DICTIONARY, Role.ANALYSIS}).encode())
        for path in FIXED_DATA:
            h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        return h.hexdigest()


SPECS = {f.name: f for f in fields(Params)}
# Report parameters that change what some pages say, never the navigation nor every page's head:
# Sphinx's working copy is kept when they change (`Params.navigation_digest`).
CONTENT_ONLY = frozenset({"title", "gold", "strict", "max_source_characters"})
PACKS = DICTIONARIES / "packs"
PACK_FILES = {
    "topics": "topics.yaml",
    "goals": "goals.yaml",
    "pmc": "pmc.yaml",
    "user_dict": "user_dict.txt",
    "generic_terms": "generic_terms.txt",
}


def check_pack(value: str) -> str:
    """A domain pack's name: a folder of dictionaries/packs/."""
    known = sorted(p.name for p in PACKS.iterdir() if p.is_dir())
    if value and value not in known:
        raise Invalid(f"names no domain pack; the packs are: {', '.join(known)}")
    return value


def pack_files(name: str) -> dict[str, str]:
    """The dictionary files a domain pack (dictionaries/packs/NAME/) provides, by parameter."""
    if not name:
        return {}
    folder = PACKS / name
    if "/" in name or "\\" in name or name.startswith(".") or not folder.is_dir():
        known = ", ".join(sorted(p.name for p in PACKS.iterdir() if p.is_dir()))
        raise UserError(f"unknown domain pack '{name}' (parameter 'domain_pack'; packs: {known})")
    return {k: str(folder / f) for k, f in PACK_FILES.items() if (folder / f).is_file()}


_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "list": (list,), "dict": (dict,)}


def _type_name(f) -> str:
    return " or ".join(t.__name__ for t in _TYPES[f.type])


def validate(f, value: Any) -> Any:
    """The value of parameter `f` checked against its declaration (and normalised); `Invalid` otherwise."""
    meta = f.metadata
    allowed = _TYPES[f.type]
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
        raise Invalid(f"must be {_type_name(f)}, got {shown(value)}")
    if f.type == "str":
        value = check_text(
            value, empty=meta["empty"], max_length=meta["max_length"] or (PATH_LIMIT if meta["path"] else TEXT_LIMIT)
        )
    elif f.type == "list" and meta["max_length"] is not None and len(value) > meta["max_length"]:
        raise Invalid(f"has {len(value):,} items; at most {meta['max_length']:,} are accepted")
    elif f.type in ("int", "float"):
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid(f"must be a finite number, got {value}")
        low, high = meta["minimum"], meta["maximum"] if meta["maximum"] is not None else INT_LIMIT
        if low is not None and (value < low or (meta["exclusive"] and value == low)):
            raise Invalid(f"must be {'greater than' if meta['exclusive'] else 'at least'} {low}, got {value}")
        if value > high:
            raise Invalid(f"must be at most {int(high) if high == int(high) else high:,}, got {shown(value)}")
        if f.type == "float":
            value = float(value)
    return meta["check"](value) if meta["check"] else value


def check(values: dict[str, Any], source: str) -> dict[str, Any]:
    """The values checked and normalised: unknown keys (with the closest one suggested), ill-typed,
    malformed and out-of-range values are a one-line UserError naming `source` and the key."""
    out = {}
    for key, value in values.items():
        if not isinstance(key, str):
            raise UserError(f"{source}: parameter names are text, got {shown(key)}")
        if key not in SPECS:
            close = difflib.get_close_matches(key, SPECS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UserError(f"{source}: unknown parameter {shown(key)}{hint}")
        try:
            out[key] = validate(SPECS[key], value)
        except Invalid as exc:
            raise UserError(f"{source}: parameter '{key}{exc.at}' {exc}") from None
    return out


PARAMS_FILE_BYTES = 1_000_000
PARAMS_FILE_NODES = 10_000


def _read_yaml_mapping(path: Path) -> dict:
    text = read_text(path, "the parameter file", PARAMS_FILE_BYTES)
    data = parse_yaml(text, str(path), "the parameter file", PARAMS_FILE_NODES)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping of parameter names to values, got {type(data).__name__}")
    return data


def _resolve_paths(values: dict, base: Path, source: str) -> dict:
    out = dict(values)
    for key, value in values.items():
        if SPECS[key].metadata["path"] and value != "":
            try:
                p = Path(value).expanduser()
                out[key] = str(p if p.is_absolute() else (base / p).resolve())
            except (RuntimeError, OSError) as exc:
                raise UserError(f"{source}: parameter '{key}' {label(value)}: {exc}") from None
    return out


def parse_override(item: str) -> tuple[str, Any]:
    """Parse one `--set key=value`. A text parameter takes the value as written (`title=A #1`
    keeps ` #1`; a value in quotes loses them); the others read it as YAML (`5`, `true`, `[a, b]`)."""
    if "=" not in item:
        raise UserError(f"--set {label(item)}: expected key=value")
    key, raw = item.split("=", 1)
    key = key.strip()
    if key in SPECS and SPECS[key].type == "str":
        text = raw.strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            try:
                value = yaml.safe_load(text)
            except yaml.YAMLError:
                value = None
            if isinstance(value, str):
                return key, value
        return key, text
    try:
        value = parse_yaml(raw, "--set", "the value", PARAMS_FILE_NODES) if raw.strip() else ""
    except UserError:
        value = raw
    if value is None:
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
    values = _resolve_paths({"corpus": Params.corpus, "project": "."}, Path.cwd(), "the default corpus")
    if params_file is None and Path(PROJECT_FILE).is_file():
        params_file = PROJECT_FILE
    if params_file is not None:
        path = Path(params_file).resolve()
        values["project"] = str(path.parent)
        values.update(_resolve_paths(check(_read_yaml_mapping(path), str(path)), path.parent, str(path)))
    for item in overrides or []:
        key, value = parse_override(item)
        source = f"--set {label(item)}"
        values.update(_resolve_paths(check({key: value}, source), Path.cwd(), source))
    if corpus is not None:
        values.update(_resolve_paths(check({"corpus": str(corpus)}, "--corpus"), Path.cwd(), "--corpus"))
    check_files(values)
    return Params(**values)


def check_files(values: dict[str, Any]) -> None:
    """Every file a parameter names exists and, where the parameter says how, is well formed
    (the corpus folder is checked when it is read)."""
    for key, value in values.items():
        f = SPECS[key]
        if not f.metadata["path"] or key in ("corpus", "project") or not value:
            continue
        p = Path(value)
        try:
            if p.is_file():
                if f.metadata["contents"]:
                    try:
                        f.metadata["contents"](p)
                    except UserError as exc:
                        raise UserError(f"{exc} (parameter '{key}')") from None
                continue
            what = "folder, not a file" if p.is_dir() else "not a regular file" if p.exists() else "file not found"
        except OSError as exc:
            raise UserError(f"{label(value, 300)}: cannot be read, {exc.strerror} (parameter '{key}')") from None
        fix = (
            "set it to '' for no evaluation"
            if key == "gold"
            else "set it to '' for none"
            if f.metadata["empty"]
            else "remove the parameter to use the package's own"
        )
        raise UserError(f"{label(value, 300)}: {what} (parameter '{key}'; point it at an existing file or {fix})")


def describe() -> str:
    """One line per parameter, for `--help`."""
    return "\n".join(f"  {name:<22} {_type_name(f):<10} {f.metadata['help']}" for name, f in SPECS.items())
