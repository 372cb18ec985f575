"""Term statistics across the corpus: TF-IDF key terms, document similarity, weighted log-odds.

The functions take {doc_id: [terms]} (log-odds: their `Counts`) and return tidy DataFrames; ties
are broken by the term itself so that the output is the same on every run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity


def _identity(tokens):
    return tokens


def _vectorize(doc_terms: dict[str, list[str]]):
    ids = sorted(doc_terms)
    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2", smooth_idf=True)
    matrix = vec.fit_transform([doc_terms[i] for i in ids])
    return ids, vec, matrix


def tfidf_terms(doc_terms: dict[str, list[str]], top_n: int) -> pd.DataFrame:
    """The top-n TF-IDF terms of each document (columns: doc_id, rank, term, count, tfidf)."""
    if not doc_terms:
        return pd.DataFrame(columns=["doc_id", "rank", "term", "count", "tfidf"])
    ids, vec, matrix = _vectorize(doc_terms)
    vocab = vec.get_feature_names_out()  # in term order: a column's index orders its term
    matrix = matrix.tocsr()
    doc = np.repeat(np.arange(len(ids)), np.diff(matrix.indptr))
    rounded = np.array([-round(float(w), 12) for w in matrix.data])
    order = np.lexsort((matrix.indices, rounded, doc))
    rank = np.arange(len(order)) - matrix.indptr[doc[order]] + 1
    top = order[rank <= top_n]
    counts = {d: Counter(doc_terms[d]) for d in ids}
    rows = [
        (ids[i], int(r), vocab[j], counts[ids[i]][vocab[j]], round(float(w), 4))
        for i, r, j, w in zip(doc[top], rank[rank <= top_n], matrix.indices[top], matrix.data[top])
    ]
    return pd.DataFrame(rows, columns=["doc_id", "rank", "term", "count", "tfidf"])


SIMILARITY_MATRIX_MAX = 1000  # documents: above, the stored matrix holds those the figure shows
SIMILARITY_BLOCK = 500  # rows of the matrix computed at a time: memory stays O(block × documents)
NEIGHBOUR_COLUMNS = ["doc_id", "mean_similarity", "nearest", "nearest_similarity"]


def similarity(doc_terms: dict[str, list[str]], shown: int = 30) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Cosine similarity of the documents' TF-IDF vectors, computed a block of rows at a time
    (rounded to 4 decimals, the precision stored and shown), as three results:

    - the square matrix (doc ids as labels): every document up to SIMILARITY_MATRIX_MAX, else the
      `shown` documents with the highest mean similarity to the others (those the figure shows);
    - per document (NEIGHBOUR_COLUMNS): its mean similarity to the others and its nearest document
      (the first in id order on a tie);
    - over all pairs: `pairs`, `mean`, and the most similar pair (`value`, `doc_a`, `doc_b`, first
      in matrix order) with the number of pairs sharing that value (`ties`).
    """
    ids, _, matrix = _vectorize(doc_terms)
    n = len(ids)
    full = np.zeros((n, n)) if n <= SIMILARITY_MATRIX_MAX else None
    sums, nearest, nearest_value = np.zeros(n), np.zeros(n, dtype=int), np.zeros(n)
    total, best, best_at, ties = 0.0, -1.0, (0, 0), 0
    for r0 in range(0, n, SIMILARITY_BLOCK):
        block = np.round(cosine_similarity(matrix[r0 : r0 + SIMILARITY_BLOCK], matrix), 4)
        rows = np.arange(r0, r0 + len(block))
        if full is not None:
            full[rows] = block
        others = block.copy()
        others[np.arange(len(block)), rows] = -np.inf
        sums[rows] = (block.sum(axis=1) - block[np.arange(len(block)), rows]) / max(n - 1, 1)
        nearest[rows] = others.argmax(axis=1)
        nearest_value[rows] = others.max(axis=1)
        upper = block[np.arange(n)[None, :] > rows[:, None]]  # row by row, as in the matrix
        if len(upper):
            total += float(upper.sum())
            top = float(upper.max())
            if top > best:
                where = np.argwhere((block == top) & (np.arange(n)[None, :] > rows[:, None]))[0]
                best, best_at, ties = top, (int(rows[where[0]]), int(where[1])), 0
            if top == best:
                ties += int((upper == best).sum())
    pairs = n * (n - 1) // 2
    summary = {"documents": n, "pairs": pairs, "mean": total / pairs if pairs else None}
    if pairs:
        summary |= {"value": best, "doc_a": ids[best_at[0]], "doc_b": ids[best_at[1]], "ties": ties}
    neighbours = pd.DataFrame(
        {
            "doc_id": ids,
            "mean_similarity": np.round(sums, 4),
            "nearest": [ids[j] if n > 1 else None for j in nearest],
            "nearest_similarity": nearest_value if n > 1 else [None] * n,
        },
        columns=NEIGHBOUR_COLUMNS,
    )
    if full is None:
        keep = sorted(neighbours.sort_values("mean_similarity", ascending=False, kind="stable")["doc_id"].head(shown))
        position = {d: i for i, d in enumerate(ids)}
        sub = np.round(cosine_similarity(matrix[[position[d] for d in keep]], matrix[[position[d] for d in keep]]), 4)
        return pd.DataFrame(sub, index=keep, columns=keep), neighbours, summary
    return pd.DataFrame(full, index=ids, columns=ids), neighbours, summary


@dataclass(frozen=True)
class Counts:
    """Term counts as a sparse documents × terms matrix: rows in doc_id order, columns in term order."""

    ids: list[str]
    terms: np.ndarray
    matrix: sparse.csr_matrix


def count_matrix(doc_terms: dict[str, list[str]]) -> Counts:
    """The documents' term counts (a corpus's vocabulary times its documents is too many cells to hold densely)."""
    ids = sorted(doc_terms)
    per_doc = [Counter(doc_terms[d]) for d in ids]
    vocab = sorted({t for c in per_doc for t in c})
    column = {t: j for j, t in enumerate(vocab)}
    rows, cols, data = [], [], []
    for i, c in enumerate(per_doc):
        rows += [i] * len(c)
        cols += [column[t] for t in c]
        data += c.values()
    matrix = sparse.csr_matrix((np.array(data, dtype=np.int64), (rows, cols)), shape=(len(ids), len(vocab)))
    matrix.sort_indices()
    return Counts(ids, np.array(vocab, dtype=object), matrix)


def weighted_log_odds(counts: Counts, prior_scale: float = 0.1, used_only: bool = False) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior, each document against the rest.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", eq. 22: the prior is the corpus-wide
    term distribution scaled to `prior_scale` × corpus size; z-scores account for the
    variance of rare words, which raw frequency differences do not. Long format:
    doc_id, term, count, delta, z, by document then term; every term for every document, or with
    `used_only` the terms each document uses (count > 0), which is all the corpus tables read.
    """
    m = counts.matrix
    totals = pd.Series(np.asarray(m.sum(axis=0)).ravel())
    alpha = (totals / totals.sum()) * totals.sum() * prior_scale
    alpha = alpha.clip(lower=1e-3)
    a0, total = alpha.sum(), totals.sum()
    if used_only:
        cells = m.tocoo()
        doc, term, y_i = cells.row, cells.col, cells.data
    else:
        doc = np.repeat(np.arange(m.shape[0]), m.shape[1])
        term = np.tile(np.arange(m.shape[1]), m.shape[0])
        y_i = m.toarray().ravel()
    n_i = np.asarray(m.sum(axis=1)).ravel()[doc]
    y_j, n_j, a = totals.to_numpy()[term] - y_i, total - n_i, alpha.to_numpy()[term]
    l_i = np.log((y_i + a) / (n_i + a0 - y_i - a))
    l_j = np.log((y_j + a) / (n_j + a0 - y_j - a))
    delta = l_i - l_j
    var = 1.0 / (y_i + a) + 1.0 / (y_j + a)
    return pd.DataFrame(
        {
            "doc_id": pd.array(np.asarray(counts.ids, dtype=object)[doc], dtype="str"),
            "term": counts.terms[term],
            "count": y_i.astype(np.int64),
            "delta": delta.round(4),
            "z": (delta / np.sqrt(var)).round(4),
        }
    )


def distinctive_terms(log_odds: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """The terms most over-represented in each document relative to the rest (highest z)."""
    df = log_odds[log_odds["count"] > 0].sort_values(["doc_id", "z", "term"], ascending=[True, False, True])
    return df.groupby("doc_id", sort=True).head(top_n).reset_index(drop=True)


def shared_terms(counts: Counts, log_odds: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """Terms used by every document, the most even first (smallest largest |z|), then by frequency
    (`log_odds` needs only the terms each document uses: these terms are used by all)."""
    m = counts.matrix
    everywhere = np.flatnonzero(np.diff(m.tocsc().indptr) == m.shape[0])
    if not len(everywhere):
        return pd.DataFrame(columns=["term", "total", "max_abs_z"])
    max_z = log_odds.assign(absz=log_odds["z"].abs()).groupby("term")["absz"].max()
    df = pd.DataFrame({"term": counts.terms[everywhere], "total": np.asarray(m.sum(axis=0)).ravel()[everywhere]})
    df["max_abs_z"] = df["term"].map(max_z).round(3)
    return df.sort_values(["total", "max_abs_z", "term"], ascending=[False, True, True]).head(top_n).reset_index(drop=True)
