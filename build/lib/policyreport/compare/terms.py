"""Term statistics across the corpus: TF-IDF key terms, document similarity, weighted log-odds.

All functions take {doc_id: [terms]} and return tidy DataFrames; ties are broken by the term
itself so that the output is the same on every run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
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
    vocab = vec.get_feature_names_out()
    rows = []
    for row, doc_id in enumerate(ids):
        counts = pd.Series(doc_terms[doc_id]).value_counts() if doc_terms[doc_id] else pd.Series(dtype=int)
        weights = matrix[row].toarray().ravel()
        nz = np.flatnonzero(weights)
        order = sorted(nz, key=lambda j: (-round(float(weights[j]), 12), vocab[j]))[:top_n]
        for rank, j in enumerate(order, start=1):
            rows.append((doc_id, rank, vocab[j], int(counts.get(vocab[j], 0)), round(float(weights[j]), 4)))
    return pd.DataFrame(rows, columns=["doc_id", "rank", "term", "count", "tfidf"])


def similarity(doc_terms: dict[str, list[str]]) -> pd.DataFrame:
    """Cosine similarity of the documents' TF-IDF vectors (square DataFrame, doc ids as labels)."""
    ids, _, matrix = _vectorize(doc_terms)
    sim = np.round(cosine_similarity(matrix), 4)
    return pd.DataFrame(sim, index=ids, columns=ids)


def count_matrix(doc_terms: dict[str, list[str]]) -> pd.DataFrame:
    """Term × document counts, rows sorted by term."""
    counts = {d: pd.Series(t, dtype=object).value_counts() for d, t in sorted(doc_terms.items())}
    return pd.DataFrame(counts).fillna(0).astype(int).sort_index()


def weighted_log_odds(counts: pd.DataFrame, prior_scale: float = 0.1) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior, each document against the rest.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", eq. 22: the prior is the corpus-wide
    term distribution scaled to `prior_scale` × corpus size; z-scores account for the
    variance of rare words, which raw frequency differences do not. Long format:
    doc_id, term, count, delta, z.
    """
    totals = counts.sum(axis=1)
    alpha = (totals / totals.sum()) * totals.sum() * prior_scale
    alpha = alpha.clip(lower=1e-3)
    a0 = alpha.sum()
    frames = []
    for doc in counts.columns:
        y_i = counts[doc]
        y_j = totals - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        l_i = np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
        l_j = np.log((y_j + alpha) / (n_j + a0 - y_j - alpha))
        delta = l_i - l_j
        var = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
        frames.append(
            pd.DataFrame(
                {
                    "doc_id": doc,
                    "term": counts.index,
                    "count": y_i.values,
                    "delta": delta.round(4).values,
                    "z": (delta / np.sqrt(var)).round(4).values,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def distinctive_terms(log_odds: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """The terms most over-represented in each document relative to the rest (highest z)."""
    df = log_odds[log_odds["count"] > 0].sort_values(["doc_id", "z", "term"], ascending=[True, False, True])
    return df.groupby("doc_id", sort=True).head(top_n).reset_index(drop=True)


def shared_terms(counts: pd.DataFrame, log_odds: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """Terms used by every document, the most even first (smallest largest |z|), then by frequency."""
    everywhere = counts[(counts > 0).all(axis=1)]
    if everywhere.empty:
        return pd.DataFrame(columns=["term", "total", "max_abs_z"])
    max_z = log_odds.assign(absz=log_odds["z"].abs()).groupby("term")["absz"].max()
    df = pd.DataFrame({"term": everywhere.index, "total": everywhere.sum(axis=1).values})
    df["max_abs_z"] = df["term"].map(max_z).round(3)
    return df.sort_values(["total", "max_abs_z", "term"], ascending=[False, True, True]).head(top_n).reset_index(drop=True)
