"""Topics over time: NMF topic model with the number of topics chosen by coherence, and topic
strength by year and by administrative level.

Units are documents (the terms of `DocumentResult.terms`), weighted by TF-IDF (terms in at least two
documents and in at most 90 % of them). k runs over 2 … min(MAX_K, n_documents // 3); for each k the
model's coherence is the mean UMass coherence (Mimno et al. 2011) of its topics' TOP_TERMS terms,
computed from document co-occurrence in the corpus itself, and the k with the highest coherence is
kept (the smaller k on a tie). Below MIN_DOCUMENTS documents a topic model would describe single
documents, not themes; then nothing is fitted and `reason` says so.

The fits run on one BLAS thread: their factorisations have at most MAX_K + 10 columns, too small to
share, and on threads each one waits for the others to be scheduled. On the 2-core development
machine with other jobs running, the fits of 300 documents took 1.35 s on its 2 threads and
0.43 s on one, with the same tables (compared on 40, 100, 300 and 1,000 documents).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

TABLE_COLUMNS = {
    "topic_terms": ["topic", "rank", "term", "weight"],
    "doc_topics": ["doc_id", "topic", "weight"],
    "topic_by_year": ["year", "topic", "weight"],
    "topic_by_level": ["level", "topic", "weight"],
    "topic_k": ["k", "coherence", "chosen"],
}
MIN_DOCUMENTS = 20
MAX_K = 10
TOP_TERMS = 10


def umass(top: list[str], doc_sets: dict[str, set[str]]) -> float:
    """UMass coherence of one topic: the mean over ordered pairs i > j of log((D(wi, wj) + 1) / D(wj))."""
    scores = []
    for i in range(1, len(top)):
        for j in range(i):
            dj = len(doc_sets.get(top[j], ()))
            if dj:
                both = len(doc_sets.get(top[i], set()) & doc_sets[top[j]])
                scores.append(math.log((both + 1) / dj))
    return float(np.mean(scores)) if scores else 0.0


def fit(doc_terms: dict[str, list[str]], meta: dict[str, dict]) -> dict[str, pd.DataFrame | str]:
    """Tables `topic_terms`, `doc_topics`, `topic_by_year`, `topic_by_level`, `topic_k`, or a `reason`."""
    ids = sorted(doc_terms)
    if len(ids) < MIN_DOCUMENTS:
        empty = {name: pd.DataFrame(columns=cols) for name, cols in TABLE_COLUMNS.items()}
        return empty | {"reason": f"语料只有 {len(ids)} 份文件，少于 {MIN_DOCUMENTS} 份，主题模型只会描述单份文件，因此不拟合。"}
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    vec = TfidfVectorizer(analyzer=lambda x: x, min_df=2, max_df=0.9)
    try:
        x = vec.fit_transform([doc_terms[d] for d in ids])
    except ValueError:  # no term in at least two and at most 90 % of the documents
        x = None
    if x is None or x.shape[1] < max(2, min(MAX_K, len(ids) // 3)):  # NMF needs a term per topic
        empty = {name: pd.DataFrame(columns=cols) for name, cols in TABLE_COLUMNS.items()}
        n = 0 if x is None else x.shape[1]
        return empty | {"reason": f"出现在至少两份、至多九成文件中的词语只有 {n} 个，不足以区分主题，因此不拟合主题模型。"}
    vocab = np.array(vec.get_feature_names_out())
    doc_sets: dict[str, set[str]] = {}
    for d in ids:
        for t in set(doc_terms[d]):
            doc_sets.setdefault(t, set()).add(d)
    results = []
    with threadpool_limits(limits=1, user_api="blas"):
        for k in range(2, max(2, min(MAX_K, len(ids) // 3)) + 1):
            model = NMF(n_components=k, init="nndsvd", random_state=0, max_iter=2000)
            w = model.fit_transform(x)
            tops = [list(vocab[np.argsort(-row)[:TOP_TERMS]]) for row in model.components_]
            results.append((float(np.mean([umass(t, doc_sets) for t in tops])), k, model, w, tops))
    best = max(results, key=lambda r: (round(r[0], 6), -r[1]))
    _, k, model, w, tops = best
    terms = [
        (f"主题{i + 1}", r + 1, t, round(float(model.components_[i][vec.vocabulary_[t]]), 4))
        for i, top in enumerate(tops)
        for r, t in enumerate(top)
    ]
    share = w / np.where(w.sum(axis=1, keepdims=True) == 0, 1, w.sum(axis=1, keepdims=True))
    docs = pd.DataFrame(
        [(d, f"主题{i + 1}", round(float(share[n, i]), 4)) for n, d in enumerate(ids) for i in range(k)],
        columns=["doc_id", "topic", "weight"],
    )
    docs["year"] = [meta[d].get("year") for d in docs["doc_id"]]
    docs["level"] = [meta[d].get("level") for d in docs["doc_id"]]
    return {
        "topic_terms": pd.DataFrame(terms, columns=["topic", "rank", "term", "weight"]),
        "doc_topics": docs[["doc_id", "topic", "weight"]],
        "topic_by_year": docs.dropna(subset=["year"]).groupby(["year", "topic"])["weight"].mean().round(4).reset_index(),
        "topic_by_level": docs.dropna(subset=["level"]).groupby(["level", "topic"])["weight"].mean().round(4).reset_index(),
        "topic_k": pd.DataFrame([(kk, round(c, 4), kk == k) for c, kk, *_ in results], columns=["k", "coherence", "chosen"]),
        "reason": "",
    }
