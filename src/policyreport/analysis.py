"""All analyses, computed once in one process: per document, then across the corpus.

The notebooks do not recompute anything: they load these results (see `store`) and show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import (citations, commitments, departments, entities, instruments, kwic, metadata, network, quantities,
               segment, structure, terms, topics)
from .corpus import Document
from .gazetteer import Gazetteer
from .text import paragraphs, sentences


@dataclass(frozen=True)
class Resources:
    """The dictionaries an analysis depends on, loaded once from the parameter files."""

    user_dict: str
    stopwords: frozenset[str]
    topics: dict[str, list[str]]
    gazetteer: Gazetteer
    rules: entities.EntityRules
    codebook: instruments.Codebook
    commitment_rules: commitments.Rules

    @classmethod
    def load(cls, params: dict) -> "Resources":
        segment.check_user_dict(params["user_dict"])
        return cls(
            params["user_dict"],
            segment.read_stopwords(params["stopwords"]),
            topics.read_topics(params["topics"]),
            Gazetteer.from_yaml(params["places"]),
            entities.EntityRules.from_yaml(params["orgs"]),
            instruments.load_codebook(params["instruments"]),
            commitments.load_rules(params["commitment_rules"]),
        )


@dataclass
class DocumentResult:
    meta: dict
    tables: dict[str, pd.DataFrame]
    sentence_terms: list[list[str]] = field(repr=False)
    norm_text: str = field(repr=False)

    @property
    def terms(self) -> list[str]:
        return [t for sentence in self.sentence_terms for t in sentence]


def analyze_document(doc: Document, res: Resources, params: dict) -> DocumentResult:
    """Metadata, structure, figures, citations, entities, context lines and terms of one document."""
    paras = paragraphs(doc.text)
    sents = sentences(paras)
    md = metadata.extract(paras, res.gazetteer)
    first, last = md.body
    outline = structure.outline(paras, md.body)
    cites = citations.find_citations(sents, md.doc_number)
    norm_text = "\n".join(p.norm for p in paras)
    sent_terms = network.sentence_terms(sents, res.user_dict, res.stopwords, params["min_term_length"])
    body = [s for s in sents if first <= s.paragraph <= last] or sents
    meta = {
        "doc_id": doc.doc_id,
        "file": doc.file,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        **md.as_dict(),
        **structure.counts(outline),
        "characters": sum(len(p.norm) for p in paras),
        "paragraphs": len(paras),
        "sentences": len(sents),
        "terms": sum(len(t) for t in sent_terms),
    }
    meta["body"] = list(meta["body"])
    contacts = [c for c in (md.contact_person or "").replace("，", "、").split("、") if c]
    ents = entities.find_entities(sents, res.gazetteer, res.rules, res.user_dict, contacts)
    tables = {
        "paragraphs": pd.DataFrame([(p.n, p.line, p.text) for p in paras], columns=["paragraph", "line", "text"]),
        "outline": outline,
        "quantities": quantities.find_quantities(sents),
        "citations": cites,
        "cited": citations.unique_citations(cites),
        "entities": ents,
        "entity_summary": entities.entity_summary(ents),
        "kwic": kwic.kwic(paras, params["kwic_keywords"], params["kwic_window"], params["kwic_max_lines"]),
        "topic_hits": topics.keyword_hits(norm_text, res.topics),
        "commitments": commitments.find_commitments(body, res.commitment_rules, md.year),
        "instruments": instruments.code_clauses(body, res.codebook, res.topics),
        "departments": departments.lead_departments(paras, outline),
    }
    return DocumentResult(meta, tables, sent_terms, norm_text)


MAX_LINK_DOCS = 8  # an item named by more documents is common ground, not a specific link


def _links(results: dict[str, DocumentResult]) -> pd.DataFrame:
    """Pairs of documents that cite the same document or name the same organisation or place,
    with the first sentence of each side.

    Items named by more than MAX_LINK_DOCS documents (a province, 国务院) are left out: they
    say little about a pair, and listing all their pairs would grow with the square of the corpus.
    """
    items: dict[tuple[str, str], dict[str, tuple[int, str, str]]] = {}
    for doc_id, r in sorted(results.items()):
        for row in r.tables["citations"].itertuples():
            items.setdefault(("引用文件", row.key), {}).setdefault(doc_id, (row.paragraph, row.sentence, row.citation))
        for row in r.tables["entities"].itertuples():
            if row.type in ("ORG", "PLACE"):
                kind = "机构" if row.type == "ORG" else "地名"
                items.setdefault((kind, row.canonical), {}).setdefault(doc_id, (row.paragraph, row.sentence, row.canonical))
    rows = []
    for (kind, _), by_doc in sorted(items.items()):
        docs = sorted(by_doc)
        if len(docs) > MAX_LINK_DOCS:
            continue
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                pa, sa, label = by_doc[a]
                pb, sb, _ = by_doc[b]
                rows.append((kind, label, a, pa, sa, b, pb, sb))
    return pd.DataFrame(rows, columns=["kind", "item", "doc_a", "paragraph_a", "sentence_a", "doc_b", "paragraph_b", "sentence_b"])


def analyze_corpus(results: dict[str, DocumentResult], res: Resources, params: dict) -> dict[str, pd.DataFrame]:
    """Corpus-level tables: overview, key terms, similarity, log-odds, shared terms, topics, links."""
    doc_terms = {d: r.terms for d, r in results.items()}
    overview = pd.DataFrame([r.meta for _, r in sorted(results.items())])
    counts = terms.count_matrix(doc_terms)
    log_odds = terms.weighted_log_odds(counts, params["logodds_prior"]) if len(results) > 1 else pd.DataFrame(columns=["doc_id", "term", "count", "delta", "z"])
    nodes, edges = network.cooccurrence({d: r.sentence_terms for d, r in sorted(results.items())},
                                        params["network_terms"], params["network_min_weight"])
    links = _links(results)

    def stacked(name: str) -> pd.DataFrame:
        frames = [r.tables[name].assign(doc_id=d) for d, r in sorted(results.items()) if not r.tables[name].empty]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    coded = stacked("instruments")
    all_departments = stacked("departments")
    return {
        "commitments": stacked("commitments"),
        "instrument_counts": (coded.groupby(["doc_id", "type", "instrument"]).size().rename("count").reset_index()
                              if not coded.empty else pd.DataFrame(columns=["doc_id", "type", "instrument", "count"])),
        "instrument_distribution": instruments.distribution(coded, res.codebook) if not coded.empty else pd.DataFrame(),
        "instrument_topic": instruments.matrix(coded) if not coded.empty else pd.DataFrame(),
        "departments": departments.department_counts(all_departments) if not all_departments.empty
        else pd.DataFrame(columns=["department", "lead", "total"]),
        "network_nodes": nodes,
        "network_edges": edges,
        "document_pairs": network.document_pairs(links),
        "overview": overview,
        "key_terms": terms.tfidf_terms(doc_terms, params["n_key_terms"]),
        "similarity": terms.similarity(doc_terms) if results else pd.DataFrame(),
        "distinctive_terms": terms.distinctive_terms(log_odds, params["n_distinctive_terms"]) if len(results) > 1 else log_odds,
        "shared_terms": terms.shared_terms(counts, log_odds, 20) if len(results) > 1 else pd.DataFrame(columns=["term", "total", "max_abs_z"]),
        "topics": topics.coverage({d: r.norm_text for d, r in results.items()}, res.topics),
        "links": links,
    }
