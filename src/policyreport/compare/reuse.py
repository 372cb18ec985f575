"""Text reuse between documents: sentences of a later document that repeat a sentence of an earlier one.

Sentences of the body (`text.sentences`) are compared by character shingles (SHINGLE characters,
punctuation and spaces removed, so a changed comma does not hide a copy). A later sentence reuses an
earlier one when at least THRESHOLD of its shingles occur in it (containment, Broder 1997); candidate
pairs come from an inverted index of the rarest shingles of each sentence (`candidates`), so the
comparison stays fast on large corpora and finds exactly the pairs a full comparison finds.
Direction: from the document issued earlier (date, else year) to the later one; when the order is
unknown or the dates are equal the pair is kept with `direction` = 未知. Sentences shorter than
MIN_CHARS are left out: closing formulas (特此函复) are shared by every reply and say nothing.
A sentence copied word for word into more than MAX_DOCUMENTS documents (a notice forwarded by
every county) is listed once with its documents rather than as every pair of them, and a shingle
found in more than MAX_DOCUMENTS documents is not used to look up candidate pairs: the work and
the tables stay linear in the corpus.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from datetime import date

import pandas as pd

from policyreport.ingest.text import CJK, Paragraph, Sentence, normalize, sentences

SHINGLE = 5
THRESHOLD = 0.6
MIN_CHARS = 20
MAX_DOCUMENTS = 10  # a sentence copied into more documents is a common formulation, listed once, not paired
COMMON_COLUMNS = ["sentence", "documents", "doc_ids"]
_KEEP = re.compile(f"[{CJK}0-9A-Za-z]")
COLUMNS = [
    "doc_from",
    "doc_to",
    "direction",
    "lag_days",
    "lag_years",
    "paragraph_from",
    "paragraph_to",
    "containment",
    "sentence_from",
    "sentence_to",
]
PAIR_COLUMNS = ["doc_from", "doc_to", "direction", "lag_days", "lag_years", "sentences", "later_sentences", "share_of_later"]


def stored_paragraphs(paragraphs: pd.DataFrame) -> list[Paragraph]:
    """A document's paragraphs rebuilt from its stored paragraphs table."""
    return [
        Paragraph(int(n), str(t), normalize(str(t)), int(line))
        for n, line, t in zip(paragraphs["paragraph"], paragraphs["line"], paragraphs["text"])
    ]


def stored_body(paragraphs: pd.DataFrame, body: tuple[int, int] | list | None) -> list[Sentence]:
    """The body sentences of a document rebuilt from its stored paragraphs table (all sentences when
    the body is unknown or empty), as `extract.document` splits them."""
    first, last = body if body else (1, 10**9)
    paras = [
        Paragraph(int(n), str(t), normalize(str(t)), int(line))
        for n, line, t in zip(paragraphs["paragraph"], paragraphs["line"], paragraphs["text"])
    ]
    sents = sentences(paras)
    return [s for s in sents if first <= s.paragraph <= last] or sents


def source(text: str) -> str | None:
    """What a sentence's shingles are cut from (its analysis form without punctuation and spaces),
    or None for a sentence shorter than MIN_CHARS, which is not compared."""
    if len("".join(_KEEP.findall(text))) < MIN_CHARS:
        return None
    return "".join(_KEEP.findall(normalize(text)))


def cut(chars: str, k: int = SHINGLE) -> frozenset[str]:
    return frozenset(chars[i : i + k] for i in range(max(len(chars) - k + 1, 0)))


def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    return cut("".join(_KEEP.findall(normalize(text))), k)


def when(meta: dict) -> tuple[date | None, int | None]:
    d = meta.get("date")
    return (date.fromisoformat(d) if isinstance(d, str) and d else None), (int(meta["year"]) if meta.get("year") else None)


def _order(a: dict, b: dict, wa: tuple, wb: tuple) -> tuple[dict, dict, str, int | None, int | None]:
    """Earlier and later of two documents (their `when`), the direction and the lag."""
    (da, ya), (db, yb) = wa, wb
    if da and db and da != db:
        first, second = (a, b) if da < db else (b, a)
        lag = abs((db - da).days)
        return first, second, "先→后", lag, abs(yb - ya) if ya and yb else None
    if ya and yb and ya != yb:
        first, second = (a, b) if ya < yb else (b, a)
        return first, second, "先→后", None, abs(yb - ya)
    return a, b, "未知", None, None


def candidates(sets: list[frozenset[str]], threshold: float, common: frozenset[str] = frozenset()) -> dict[int, set[int]]:
    """{i: {j > i}}: the pairs of shingle sets that may reach the threshold, exactly those
    (prefix filtering, Chaudhuri et al. 2006): a pair reaches it only when the smaller set shares at
    least ceil(threshold × its size) shingles, so one of its size − that + 1 rarest shingles is
    shared. Only those rarest shingles are looked up, never the `common` ones (in more than
    MAX_DOCUMENTS documents), so the work stays linear in the corpus."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, own in enumerate(sets):
        for s in own:
            index[s].append(i)
    found: dict[int, set[int]] = defaultdict(set)
    for i, own in enumerate(sets):
        need = max(1, math.ceil(threshold * len(own) - 1e-9))
        for s in sorted(own, key=lambda x: (len(index[x]), x))[: len(own) - need + 1]:
            if s in common:
                continue
            for j in index[s]:
                if j != i and len(sets[j]) >= len(own):
                    found[min(i, j)].add(max(i, j))
    return found


def matches(
    sh: dict[tuple[str, int], frozenset[str]], threshold: float, max_documents: int = MAX_DOCUMENTS
) -> tuple[list[tuple[tuple, tuple, int, int]], list[list]]:
    """(sentence, sentence of another document, shared shingles, size of the smaller set), the first
    sentence key before the second, in key order; and the sentences copied word for word into more
    than `max_documents` documents (each as the keys of its copies), which are not paired.
    Sentences with the same shingles (a copied sentence) are compared once."""
    groups: dict[frozenset[str], list] = defaultdict(list)
    for key, own in sorted(sh.items()):
        groups[own].append(key)
    widely = [members for members in groups.values() if len({d for d, _ in members}) > max_documents]
    for members in widely:
        del groups[sh[members[0]]]
    documents: dict[str, set[str]] = defaultdict(set)
    for own, members in groups.items():
        in_documents = {d for d, _ in members}
        for s in own:
            documents[s] |= in_documents
    common = frozenset(s for s, docs in documents.items() if len(docs) > max_documents)
    sets = list(groups)
    out = []
    for members in groups.values():  # copies of one sentence: containment 1
        out += [(a, b, len(sh[a]), len(sh[a])) for k, a in enumerate(members) for b in members[k + 1 :] if a[0] != b[0]]
    for i, others in candidates(sets, threshold, common).items():
        for j in others:
            n, smaller = len(sets[i] & sets[j]), min(len(sets[i]), len(sets[j]))
            if smaller and n / smaller >= threshold:
                out += [(min(a, b), max(a, b), n, smaller) for a in groups[sets[i]] for b in groups[sets[j]] if a[0] != b[0]]
    return sorted(out), widely


def reuse(
    docs: dict[str, tuple[dict, list[tuple[int, str]]]],
    threshold: float = THRESHOLD,
    sources: dict[str, list[str | None]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Reused sentences (COLUMNS), one row per directed document pair (PAIR_COLUMNS), and the
    sentences copied into more than MAX_DOCUMENTS documents (COMMON_COLUMNS).

    `docs` maps doc_id to (metadata with doc_id/date/year, body sentences as (paragraph, text));
    `sources`, each sentence's `source` when already known (`compare.parts` keeps them)."""
    sh: dict[tuple[str, int], frozenset[str]] = {}
    for d, (_, sents) in sorted(docs.items()):
        cuts = sources[d] if sources is not None else [source(text) for _, text in sents]
        for i, chars in enumerate(cuts):
            if chars is not None:
                sh[(d, i)] = cut(chars)
    whens = {d: when(meta) for d, (meta, _) in docs.items()}
    found_, widely = matches(sh, threshold)
    rows = []
    for key, other, n, smaller in found_:
        first, _, direction, lag_days, lag_years = _order(docs[key[0]][0], docs[other[0]][0], whens[key[0]], whens[other[0]])
        src, dst = (key, other) if first["doc_id"] == key[0] else (other, key)
        (p_from, s_from), (p_to, s_to) = docs[src[0]][1][src[1]], docs[dst[0]][1][dst[1]]
        rows.append((src[0], dst[0], direction, lag_days, lag_years, p_from, p_to, round(n / smaller, 3), s_from, s_to))
    found = (
        pd.DataFrame(rows, columns=COLUMNS)
        .sort_values(["doc_from", "doc_to", "paragraph_to"], kind="stable")
        .reset_index(drop=True)
    )
    return found, pairs(found, docs), widely_shared(widely, docs)


def widely_shared(widely: list[list], docs: dict) -> pd.DataFrame:
    """One row per sentence copied into more than MAX_DOCUMENTS documents: its text, how many
    documents hold it, and which (JSON list, in id order)."""
    rows = []
    for members in widely:
        d, i = members[0]
        held = sorted({m[0] for m in members})
        rows.append((docs[d][1][i][1], len(held), json.dumps(held, ensure_ascii=False)))
    return (
        pd.DataFrame(rows, columns=COMMON_COLUMNS)
        .sort_values(["documents", "sentence"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )


def pairs(found: pd.DataFrame, docs: dict) -> pd.DataFrame:
    """Per directed pair: reused sentences of the later document, its body sentences, and the share."""
    if found.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    g = found.groupby(["doc_from", "doc_to", "direction"], sort=True, dropna=False)
    out = g.agg(
        lag_days=("lag_days", "first"), lag_years=("lag_years", "first"), sentences=("sentence_to", "nunique")
    ).reset_index()
    out["later_sentences"] = [len(docs[d][1]) for d in out["doc_to"]]
    out["share_of_later"] = [round(n / max(m, 1), 4) for n, m in zip(out["sentences"], out["later_sentences"])]
    return out[PAIR_COLUMNS]
