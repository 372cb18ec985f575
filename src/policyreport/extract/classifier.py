"""The statistical half of instrument coding: which types a clause uses, learnt from clauses coded by hand.

The training data is the development part of dictionaries/coded_clauses.yaml (clauses coded by
reading them with the coding manual; splits DEVELOPMENT; the held-out documents are never used here). Features:
character 1-3-grams (TF-IDF) of the clause with cited titles blanked and digits folded, the
codebook's sub-instrument cues that survive the clause rules (negation, frames), and the clause
cues of dictionaries/clause_cues.yaml (regulating, goal, formula, …). One logistic regression per
type (one-vs-rest, class-balanced, liblinear, random_state 0) gives P(type); a second one per type
picks the sub-instrument when the codebook names none. Fitting takes about two seconds; it is done
at most once per process, on first use (`model_for`), and a build keeps the fitted model as data in its
signed cache (`use_cache`: the vocabulary, IDF weights and coefficients, keyed by the training data, the
codebook, the code and scikit-learn's version), so that later builds and the analysis workers read it
instead of fitting again. Nothing is pickled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from policyreport.errors import UserError
from policyreport.extract import instruments as I
from policyreport.ingest.datafiles import parse_yaml, read_text, read_yaml
from policyreport.ingest.text import normalize
from policyreport.paths import DICTIONARIES

CODED = DICTIONARIES / "coded_clauses.yaml"
CODED_WHAT = "the hand-coded clauses"
CUES = DICTIONARIES / "clause_cues.yaml"
DEVELOPMENT = ("dev", "dev_2", "dev_3")  # the splits trained on (coded_clauses.yaml's header)
TYPES = ("供给型", "环境型", "需求型")
THRESHOLD = 0.5
C = 4.0
LEXICON_WEIGHT = 0.5
DOCUMENT_WEIGHT = 1.0  # weight of the document's mean cue vector (its genre: a regulation, a reply, a plan)
MIN_DF = 2  # character n-grams seen in fewer development clauses are left out
DIGITS = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class CodedClause:
    doc: str
    paragraph: int
    text: str
    unit: bool
    types: tuple[str, ...]
    instruments: tuple[str, ...]
    split: str


def load_coded(path: str | Path = CODED) -> list[CodedClause]:
    """The hand-coded clauses (format in the file's header). The file (600 kB) is parsed once per
    process and text: a corpus analysis reads it for the coder's agreement, and parsing it took 0.6 s."""
    return list(_coded(read_text(path, CODED_WHAT), str(path)))


@lru_cache(maxsize=4)
def _coded(text: str, source: str) -> tuple[CodedClause, ...]:
    data = parse_yaml(text, source, CODED_WHAT)
    rows = data.get("clauses") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise UserError(f"{source}: needs a 'clauses' list")
    return tuple(
        CodedClause(
            str(r["doc"]),
            int(r["paragraph"]),
            str(r["text"]),
            bool(r["unit"]),
            tuple(r.get("type") or ()),
            tuple(r.get("instrument") or ()),
            str(r["split"]),
        )
        for r in rows
    )


@dataclass(frozen=True)
class Cues:
    """Clause cues and decision settings (dictionaries/clause_cues.yaml, format in its header)."""

    patterns: tuple[tuple[str, re.Pattern], ...]
    none: tuple[str, ...]  # cues that, without a codebook cue, mean no instrument
    adds: tuple[tuple[str, tuple[str, str]], ...]  # cue -> (type, sub-instrument) it codes on its own
    thresholds: tuple[tuple[str, float], ...]
    cued_thresholds: tuple[tuple[str, float], ...]
    decisive: tuple[str, ...] = ()  # sub-instruments whose codebook cues code the clause on their own
    uncued_thresholds: tuple[tuple[str, float], ...] = ()
    topic_share: float = 1.01  # a cue word in this share of a document's clauses is its topic (off by default)
    topic_minimum: int = 5
    always_none: tuple[str, ...] = ()  # cues that mean no instrument even with a codebook cue

    def found(self, text: str) -> set[str]:
        """The names of the cues a prepared clause matches."""
        return {name for name, rx in self.patterns if rx.search(text)}

    def threshold(self, typ: str, cued: bool) -> float:
        """P(type) needed: `cued_thresholds` when a codebook cue of the type survives the rules,
        `uncued_thresholds` when none does, else `thresholds`."""
        table = dict(self.cued_thresholds if cued else self.uncued_thresholds)
        return table.get(typ, dict(self.thresholds).get(typ, THRESHOLD))


def load_cues(path: str | Path = CUES) -> Cues:
    """Read and check the clause cues; UserError names the file and the problem."""
    data = read_yaml(path, "the clause cues")
    if not isinstance(data, dict) or not isinstance(data.get("cues"), dict):
        raise UserError(f"{path}: needs a 'cues' mapping of name -> list of regexes")
    pats = []
    for name, items in data["cues"].items():
        try:
            pats.append((str(name), re.compile("|".join(f"(?:{p})" for p in items))))
        except (re.error, TypeError) as exc:
            raise UserError(f"{path}: cue '{name}' is not a list of valid regular expressions ({exc})") from None
    names = {n for n, _ in pats}
    none = tuple(data.get("none_cues") or ())
    always = tuple(str(x) for x in data.get("always_none") or ())
    adds = tuple((str(k), (str(v[0]), str(v[1]))) for k, v in (data.get("adds") or {}).items())
    unknown = (set(none) | set(always) | {k for k, _ in adds}) - names
    if unknown:
        raise UserError(f"{path}: none_cues/always_none/adds name unknown cue(s) {sorted(unknown)}")

    def table(key):
        t = data.get(key) or {}
        if not isinstance(t, dict) or not all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in t.values()):
            raise UserError(f"{path}: '{key}' must map types to numbers between 0 and 1")
        return tuple((str(k), float(v)) for k, v in t.items())

    decisive = tuple(str(x) for x in data.get("decisive") or ())
    topic = data.get("topic_words") or {}
    share, minimum = float(topic.get("share", 1.01)), int(topic.get("minimum", 5))
    return Cues(
        tuple(pats),
        none,
        adds,
        table("thresholds"),
        table("cued_thresholds"),
        decisive,
        table("uncued_thresholds"),
        share,
        minimum,
        always,
    )


def prepared(norm: str, codebook: I.Codebook) -> str:
    """What the model reads: the normalised clause with cited titles, frames and masked names blanked, digits folded."""
    text = I.masked_names(I.coding_rules.unframed(I.masked(norm), codebook.rules), codebook.rules)
    return DIGITS.sub("0", text)


def cue_vector(text: str, codebook: I.Codebook, cues: Cues, found: set[str] | frozenset[str] | None = None) -> list[float]:
    """Binary features: each sub-instrument cued by the codebook, each type cued, each clause cue
    present (`found`: the clause cues of `text` when already known)."""
    hits = I.clause_hits(text, codebook, restrictive=False)
    subs = [1.0 if k in hits else 0.0 for k in codebook.instruments]
    types = [1.0 if any(k[0] == t for k in hits) else 0.0 for t in TYPES]
    found = cues.found(text) if found is None else found
    return subs + types + [1.0 if name in found else 0.0 for name, _ in cues.patterns]


@dataclass
class Model:
    codebook: I.Codebook
    cues: Cues
    vectorizer: object
    types: dict  # type -> fitted classifier of presence
    subs: dict  # type -> (classifier of sub-instrument, its classes in its columns' order) or a single sub-instrument name

    def cues_of(self, texts: list[str]) -> np.ndarray:
        return np.array([cue_vector(t, self.codebook, self.cues) for t in texts]).reshape(len(texts), -1)

    def matrix(self, texts: list[str], document: np.ndarray | None = None, lex: np.ndarray | None = None):
        """Features of prepared clauses of one document; `document` is its mean cue vector (default: of these clauses)."""
        from scipy.sparse import csr_matrix, hstack

        lex = self.cues_of(texts) if lex is None else lex
        document = lex.mean(axis=0) if document is None else document
        doc = np.tile(document, (len(texts), 1))
        return hstack(
            [self.vectorizer.transform(texts), csr_matrix(lex * LEXICON_WEIGHT), csr_matrix(doc * DOCUMENT_WEIGHT)]
        ).tocsr()

    def type_probabilities(self, texts: list[str], document: np.ndarray | None = None) -> np.ndarray:
        """P(type) per clause (rows) and type (columns, TYPES order); the clauses are one document's."""
        if not texts:
            return np.zeros((0, len(TYPES)))
        return self.type_probabilities_of(self.matrix(texts, document))

    def type_probabilities_of(self, x) -> np.ndarray:
        """P(type) per row of a feature matrix (`matrix`); each row is computed alone."""
        return np.column_stack([self.types[t].predict_proba(x)[:, 1] for t in TYPES])

    def rankings(self, x) -> dict[str, list[list[str]]]:
        """Per type with a second classifier, per row of a feature matrix: its sub-instruments, likeliest first."""
        out = {}
        for t, sub in self.subs.items():
            if isinstance(sub, str):
                continue
            clf, classes = sub
            out[t] = [[classes[i] for i in np.argsort(-p, kind="stable")] for p in clf.predict_proba(x)]
        return out

    def choose(self, typ: str, allowed: list[str], ranked: list[str] | None) -> str | None:
        """Of the `allowed` sub-instruments of `typ`, the first of `ranked` (`rankings`) or the only one there is."""
        sub = self.subs.get(typ)
        if sub is None or not allowed:
            return allowed[0] if allowed else None
        if isinstance(sub, str):
            return sub if sub in allowed else allowed[0]
        return next((c for c in ranked if c in allowed), allowed[0])

    def best_instrument(self, text: str, typ: str, allowed: list[str], document: np.ndarray | None = None) -> str | None:
        """Of the `allowed` sub-instruments of `typ`, the one the second classifier finds likeliest for a prepared clause."""
        ranked = self.rankings(self.matrix([text], document)).get(typ) if isinstance(self.subs.get(typ), tuple) else None
        return self.choose(typ, allowed, ranked[0] if ranked else None)


def fit(rows: list[CodedClause], codebook: I.Codebook, cues: Cues) -> Model:
    """Fit the type and sub-instrument classifiers on the given coded clauses (deterministic)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    rows = [r for r in rows if r.unit]
    texts = [prepared(normalize(r.text), codebook) for r in rows]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=MIN_DF).fit(texts)
    model = Model(codebook, cues, vec, {}, {})
    from scipy.sparse import vstack

    lex = model.cues_of(texts)
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_doc.setdefault(r.doc, []).append(i)
    order = [i for idx in by_doc.values() for i in idx]
    blocks = [model.matrix([texts[i] for i in idx], lex=lex[idx]) for idx in by_doc.values()]
    x = vstack(blocks).tocsr()[np.argsort(order)]

    def lr():
        return LogisticRegression(C=C, class_weight="balanced", solver="liblinear", random_state=0)

    for t in TYPES:
        model.types[t] = lr().fit(x, [t in r.types for r in rows])
        names = [n for typ, n in codebook.instruments if typ == t]
        idx, labels = [], []
        for i, r in enumerate(rows):
            for typ, n in zip(_types_of(r, codebook), r.instruments):
                if typ == t and n in names:
                    idx.append(i)
                    labels.append(n)
        classes = sorted(set(labels), key=names.index)
        if len(classes) == 1:
            model.subs[t] = classes[0]
        elif classes:  # named in the order of the classifier's columns (its sorted labels), not the codebook's
            sub = OneVsRestClassifier(lr()).fit(x[idx], labels)
            model.subs[t] = (sub, [str(c) for c in sub.classes_])
        else:
            model.subs[t] = names[0]
    return model


def _types_of(r: CodedClause, codebook: I.Codebook) -> list[str]:
    owner = {n: t for t, n in codebook.instruments}
    return [owner.get(n, "") for n in r.instruments]


@lru_cache(maxsize=1)
def development_clauses(path: str = str(CODED)) -> tuple[CodedClause, ...]:
    """The hand-coded clauses of the development splits (the held-out documents are never read here)."""
    return tuple(r for r in load_coded(path) if r.split in DEVELOPMENT)


# ---------------------------------------------------------------- the fitted model as data

_STORE: dict = {}  # "cache": a runtime.cache.Cache, "code": the code hash (set by `use_cache`)


def use_cache(cache, code_hash: str) -> None:
    """Keep fitted models in `cache` (a `runtime.cache.Cache`) for this process; `model_for` reads
    one whose key matches instead of fitting, and stores the one it fits (in the user's model
    store too, `user_store`)."""
    _STORE.update(cache=cache, code=code_hash)
    model_for.cache_clear()


USER_STORE_BYTES = 100_000_000  # about 30 fitted models (one per code version and codebook)


def user_store():
    """The user's model store (`runtime.cache.user_store`): what a model is fitted from (the
    package's hand-coded clauses, cues, codebook and code) is the same in every output folder and
    after `--force`, so the model is fitted once per installed version. Entries are keyed like the
    build cache's (`model_key`)."""
    from policyreport.runtime.cache import user_store as store

    return store("models")


def _load(name: str, key: str):
    """The entry from the build's cache, else from the user's store (copied into the build's cache)."""
    from policyreport.runtime.cache import load_through

    return load_through(_STORE["cache"], user_store(), "model", name, key)


def _save(name: str, key: str, value) -> None:
    from policyreport.runtime.cache import save_through

    save_through(_STORE["cache"], user_store(), "model", name, key, value, USER_STORE_BYTES)


def _fingerprint(obj):
    """A canonical, complete description of a codebook (data classes, tuples, patterns) to key it by."""
    if isinstance(obj, re.Pattern):
        return ["re", obj.pattern, obj.flags]
    if hasattr(obj, "__dataclass_fields__"):
        return [type(obj).__name__, *[[f, _fingerprint(getattr(obj, f))] for f in obj.__dataclass_fields__]]
    if isinstance(obj, (list, tuple)):
        return [_fingerprint(x) for x in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted((_fingerprint(x) for x in obj), key=repr)
    if isinstance(obj, dict):
        return sorted(([_fingerprint(k), _fingerprint(v)] for k, v in obj.items()), key=repr)
    return repr(obj)


def model_key(codebook: I.Codebook, code_hash: str) -> str:
    """What a fitted model depends on: the hand-coded clauses, the clause cues, the codebook, the code
    and the version of scikit-learn whose attributes it stores."""
    import json

    import sklearn

    from policyreport.runtime.cache import digest

    return digest(
        CODED.read_bytes(),
        CUES.read_bytes(),
        json.dumps(_fingerprint(codebook), ensure_ascii=False),
        code_hash,
        sklearn.__version__,
        np.__version__,
    )


def _array(a: np.ndarray) -> dict:
    a = np.ascontiguousarray(a)
    return {"dtype": a.dtype.str, "shape": list(a.shape), "bytes": a.tobytes()}


def _unarray(d: dict) -> np.ndarray:
    return np.frombuffer(d["bytes"], dtype=np.dtype(d["dtype"])).reshape(d["shape"]).copy()


def _lr_data(clf) -> dict:
    return {
        "coef": _array(clf.coef_),
        "intercept": _array(clf.intercept_),
        "classes": _array(clf.classes_),
        "n_iter": _array(clf.n_iter_),
    }


def _lr(d: dict):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", random_state=0)
    clf.coef_, clf.intercept_, clf.classes_ = _unarray(d["coef"]), _unarray(d["intercept"]), _unarray(d["classes"])
    clf.n_iter_ = _unarray(d["n_iter"])
    clf.n_features_in_ = clf.coef_.shape[1]
    return clf


def model_data(model: Model) -> dict | None:
    """The fitted model as data (None when it holds an estimator this module cannot store)."""
    from sklearn.linear_model import LogisticRegression

    subs = {}
    for t, sub in model.subs.items():
        if isinstance(sub, str):
            subs[t] = sub
            continue
        clf, classes = sub
        if not all(isinstance(e, LogisticRegression) for e in clf.estimators_):
            return None
        lb = clf.label_binarizer_
        subs[t] = {
            "classes": list(classes),
            "estimators": [_lr_data(e) for e in clf.estimators_],
            "labels": _array(lb.classes_),
            "y_type": lb.y_type_,
            "sparse_input": bool(lb.sparse_input_),
        }
    vec = model.vectorizer
    return {
        "vocabulary": dict(vec.vocabulary_),
        "idf": _array(vec.idf_),
        "types": {t: _lr_data(clf) for t, clf in model.types.items()},
        "subs": subs,
    }


def model_from_data(data: dict, codebook: I.Codebook, cues: Cues) -> Model:
    """The model `model_data` stored, with the same scikit-learn estimators (same predictions)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import LabelBinarizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=MIN_DF)
    vec.vocabulary_ = dict(data["vocabulary"])
    vec.fixed_vocabulary_ = False
    vec.idf_ = _unarray(data["idf"])
    subs: dict = {}
    for t, sub in data["subs"].items():
        if isinstance(sub, str):
            subs[t] = sub
            continue
        ovr = OneVsRestClassifier(_lr(sub["estimators"][0]))
        ovr.estimators_ = [_lr(e) for e in sub["estimators"]]
        lb = LabelBinarizer(sparse_output=False)
        lb.classes_, lb.y_type_, lb.sparse_input_ = _unarray(sub["labels"]), sub["y_type"], sub["sparse_input"]
        ovr.label_binarizer_ = lb
        ovr.n_features_in_ = ovr.estimators_[0].n_features_in_
        subs[t] = (ovr, [str(c) for c in lb.classes_])
    return Model(codebook, cues, vec, {t: _lr(d) for t, d in data["types"].items()}, subs)


_KEPT: dict = {}  # (name, key): what `cached` computed in this process


def cached(name: str, codebook: I.Codebook, compute, reads: tuple[Path, ...] = ()):
    """`compute()` (data: tables, values), kept in the build's cache (`use_cache`) under the key of the
    model for `codebook` and the bytes of the other files `compute` reads (`reads`): for results that
    depend only on the coder, its training data and those files, such as its agreement with the
    held-out clauses. Kept in the process too (a copy is returned), with or without a build's cache."""
    import copy

    from policyreport.runtime.cache import digest

    key = digest(model_key(codebook, _STORE.get("code", "")), *(p.read_bytes() for p in reads))
    if (name, key) not in _KEPT:
        stored = _load(name, key) if _STORE.get("cache") is not None else None
        if stored is None:
            stored = compute()
            if _STORE.get("cache") is not None:
                _save(name, key, stored)
        _KEPT[name, key] = stored
    return copy.deepcopy(_KEPT[name, key])


_GIVEN: dict = {}  # model_key(codebook, ""): the data of a model another process fitted (`handed_over`)


def handed_over(codebook: I.Codebook) -> tuple[str, dict | None]:
    """(key, data) of this process's model for `codebook`, for a process without the build's cache (a
    Dask worker) to `receive` instead of fitting it again (2–4 s of CPU per worker)."""
    return model_key(codebook, ""), model_data(model_for(codebook))


def receive(codebook: I.Codebook, given: tuple[str, dict | None]) -> None:
    """Use the model `handed_over` gave for `codebook` when it was fitted on what this process's would
    be (the same hand-coded clauses, cues, codebook and scikit-learn: the key says so)."""
    key, data = given
    if data is not None and key == model_key(codebook, ""):
        _GIVEN[key] = data


def _stored(codebook: I.Codebook, cues: Cues, data) -> Model | None:
    if isinstance(data, dict):
        try:
            return model_from_data(data, codebook, cues)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # another shape (older code): fitted again
    return None


@lru_cache(maxsize=4)
def model_for(codebook: I.Codebook) -> Model:
    """The model for a codebook, fitted on the development clauses (once per process and codebook),
    or read from the build's cache (`use_cache`) or the user's store where an earlier process stored
    it, or received from the process that sent this one its work (`receive`)."""
    cues = load_cues(CUES)
    cache, code = _STORE.get("cache"), _STORE.get("code")
    key = model_key(codebook, code) if cache is not None else ""
    if cache is not None:
        stored = _stored(codebook, cues, _load("instrument-classifier", key))
        if stored is not None:
            return stored
    if _GIVEN:
        given = _stored(codebook, cues, _GIVEN.get(model_key(codebook, "")))
        if given is not None:
            return given
    model = fit(list(development_clauses()), codebook, cues)
    if cache is not None:
        data = model_data(model)
        if data is not None:
            _save("instrument-classifier", key, data)
    return model
