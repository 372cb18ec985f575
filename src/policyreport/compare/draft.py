"""Candidate dictionaries drafted from the corpus itself, for a user whose documents are outside the
domains the package's dictionaries were written for: key terms, n-grams and organisations as a
jieba user dictionary, candidate topics (NMF over TF-IDF, or each document's key terms when the
corpus is small) as a topic dictionary, and every candidate with its counts as a CSV to edit.

Nothing here is used by a build until the user has edited the files and named them in the
parameters `user_dict` and `topics`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from policyreport.compare import terms

CANDIDATE_COLUMNS = ["term", "kind", "documents", "count"]
MIN_DOCUMENTS = 2  # a candidate occurs in at least this many documents (or the corpus has fewer)
MAX_TOPICS = 8
TOPIC_WORDS = 8
NGRAM_CHARS = (4, 10)
PLACE_END = re.compile(r"(?:[省市县区镇乡村州]|街道|社区|人民政府)$")  # place and government names are not topics


def ngrams(sentence_terms: dict[str, list[list[str]]], min_documents: int = MIN_DOCUMENTS) -> pd.DataFrame:
    """Adjacent token pairs written together (老旧 + 小区 → 老旧小区), 4–10 characters, in at least
    `min_documents` documents: words jieba splits that the corpus uses as one."""
    count: Counter = Counter()
    docs: dict[str, set] = {}
    for doc_id, sentences in sentence_terms.items():
        for tokens in sentences:
            for a, b in zip(tokens, tokens[1:]):
                word = a + b
                if NGRAM_CHARS[0] <= len(word) <= NGRAM_CHARS[1] and not any(ch.isdigit() for ch in word):
                    count[word] += 1
                    docs.setdefault(word, set()).add(doc_id)
    rows = [(w, "n元组", len(docs[w]), c) for w, c in count.items() if len(docs[w]) >= min_documents and c >= 3]
    return pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)


def organisations(entity_summaries: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Organisation names the entity rules found, with the documents and mentions."""
    count: Counter = Counter()
    docs: dict[str, set] = {}
    for doc_id, t in entity_summaries.items():
        if t.empty:
            continue
        for name, n in zip(t.loc[t["type"] == "ORG", "canonical"].fillna(""), t.loc[t["type"] == "ORG", "mentions"]):
            if len(name) >= 3:
                count[name] += int(n)
                docs.setdefault(name, set()).add(doc_id)
    return pd.DataFrame([(w, "机构", len(docs[w]), c) for w, c in count.items()], columns=CANDIDATE_COLUMNS)


def key_terms(doc_terms: dict[str, list[str]], top_n: int = 20) -> pd.DataFrame:
    """Each document's TF-IDF key terms (2 characters or more), with the documents they are key in."""
    t = terms.tfidf_terms(doc_terms, top_n)
    t = t[t["term"].str.len() >= 2]
    g = t.groupby("term").agg(documents=("doc_id", "nunique"), count=("count", "sum")).reset_index()
    return g.assign(kind="关键词")[CANDIDATE_COLUMNS]


def candidates(doc_terms, sentence_terms, entity_summaries, names: set[str] = frozenset()) -> pd.DataFrame:
    """Every candidate (columns CANDIDATE_COLUMNS), most documents first; a term listed under several kinds keeps the first."""
    n_docs = len(doc_terms)
    frames = [organisations(entity_summaries), ngrams(sentence_terms, min(MIN_DOCUMENTS, n_docs)), key_terms(doc_terms)]
    out = pd.concat(frames, ignore_index=True).drop_duplicates("term")
    return out.sort_values(["documents", "count", "term"], ascending=[False, False, True], kind="stable").reset_index(drop=True)


def user_dictionary(cands: pd.DataFrame, known: set[str] = frozenset()) -> list[str]:
    """jieba lines (`word freq tag`): organisations as nt, n-grams and key terms of 3+ characters as n."""
    lines = []
    for row in cands.itertuples():
        if row.term in known or (row.kind == "关键词" and len(row.term) < 3):
            continue
        tag = "nt" if row.kind == "机构" else "n"
        lines.append(f"{row.term} {max(1000, 1000 * int(row.documents))} {tag}")
    return lines


def _disjoint(words: list[str], taken: set[str]) -> list[str]:
    """Words not yet taken and not containing or contained in another kept word (topics.yaml's rule)."""
    kept: list[str] = []
    for w in words:
        if w in taken or any(w in k or k in w for k in kept) or any(w in t or t in w for t in taken):
            continue
        kept.append(w)
    return kept


def topics(doc_terms: dict[str, list[str]], names: set[str] = frozenset(), seed: int = 0) -> dict[str, list[str]]:
    """Candidate topics: NMF over TF-IDF with k = documents // 4 (2 to MAX_TOPICS) from 8 documents,
    else one per document from its key terms; each named by its first words for the user to rename."""
    docs = {d: [t for t in ts if len(t) >= 2 and t not in names and not PLACE_END.search(t)] for d, ts in doc_terms.items()}
    docs = {d: ts for d, ts in docs.items() if ts}
    out: dict[str, list[str]] = {}
    taken: set[str] = set()
    if len(docs) >= 8:
        from sklearn.decomposition import NMF

        ids, vec, matrix = terms._vectorize(docs)
        vocab = vec.get_feature_names_out()
        k = max(2, min(MAX_TOPICS, len(docs) // 4))
        model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=1000).fit(matrix)
        ranked = [[vocab[j] for j in np.argsort(-row)[: TOPIC_WORDS * 3]] for row in model.components_]
    else:
        t = terms.tfidf_terms(docs, TOPIC_WORDS * 3)
        ranked = [g.sort_values("rank")["term"].tolist() for _, g in t.groupby("doc_id", sort=True)]
    for n, words in enumerate(ranked, 1):
        kept = _disjoint(words, taken)[:TOPIC_WORDS]
        if kept:
            taken.update(kept)
            out[f"候选主题{n}（{'、'.join(kept[:2])}）"] = kept
    return out


HEADER = """# policyreport 候选主题词典, drafted by `python -m policyreport draft-dictionaries` from {corpus}
# ({n} documents). 这是草稿: 请给每个主题改一个名字, 删去不属于该主题的词, 补上遗漏的词, 合并或拆分主题;
# 关键词之间互不包含, 一个关键词只归入一个主题 (见 policyreport/dictionaries/topics.yaml 的编写约定)。
# 编辑后用参数 topics 指定本文件, 例如在 params.yaml 中写 `topics: {path}`。
"""


def write(out_dir: Path, corpus: str, cands: pd.DataFrame, topic_map: dict[str, list[str]], dict_lines: list[str]) -> list[Path]:
    """Write topics.yaml, user_dict.txt and candidates.csv into out_dir; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "topics.yaml", out_dir / "user_dict.txt", out_dir / "candidates.csv"]
    header = HEADER.format(corpus=corpus, n=int(cands.attrs.get("documents", 0)), path=paths[0])
    paths[0].write_text(header + yaml.safe_dump(topic_map, allow_unicode=True, sort_keys=False), encoding="utf-8")
    paths[1].write_text("\n".join(dict_lines) + ("\n" if dict_lines else ""), encoding="utf-8")
    cands.to_csv(paths[2], index=False, encoding="utf-8-sig", lineterminator="\n")
    return paths
