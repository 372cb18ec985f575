"""One document in, its tables out: metadata, structure, figures, citations, entities, codes, terms.

The notebooks do not recompute anything: they load these results (see `report.store`) and show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from policyreport.extract import (
    citations,
    classifier,
    commitments,
    departments,
    entities,
    goals,
    instruments,
    kwic,
    metadata,
    published,
    quantities,
    split,
    structure,
    topics,
)
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest import segment
from policyreport.ingest.corpus import Document
from policyreport.ingest.text import paragraphs, sentences
from policyreport.params import Params


@dataclass(frozen=True)
class Dictionaries:
    """The dictionaries an analysis depends on (the parameters of role DICTIONARY), loaded once."""

    user_dict: str
    stopwords: frozenset[str]
    topics: dict[str, list[str]]
    gazetteer: Gazetteer
    rules: entities.EntityRules
    codebook: instruments.Codebook
    commitment_rules: commitments.Rules
    units: quantities.Units
    departments: departments.NoteLabels
    goals: goals.Goals

    @classmethod
    def load(cls, params: Params) -> Dictionaries:
        segment.check_user_dict(params.user_dict)
        return cls(
            params.user_dict,
            segment.read_stopwords(params.stopwords),
            topics.read_topics(params.topics),
            Gazetteer.from_yaml(params.places),
            entities.EntityRules.from_yaml(params.orgs),
            instruments.load_codebook(params.instruments),
            commitments.load_rules(params.commitment_rules),
            quantities.Units.from_yaml(params.units),
            departments.NoteLabels.from_yaml(params.departments),
            goals.load_goals(params.goals),
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


def analyse_document(doc: Document, dicts: Dictionaries, params: Params, runner=None) -> DocumentResult:
    """Metadata, structure, figures, citations, entities, context lines and terms of one document.

    `runner` runs the per-sentence and per-clause parts (`split`): here by default, or in worker
    processes for a large document (`execute.analyse`), with the same result."""
    runner = runner or split.InProcess(dicts, params)
    all_paras = paragraphs(doc.text)
    md = metadata.extract(all_paras, dicts.gazetteer)
    published.merge(md, doc.publication)
    wrapper = set(md.publication.get("wrapper_paragraphs", ()))  # web/export chrome: never analysed
    paras = [p for p in all_paras if p.n not in wrapper]
    sents = sentences(paras)
    first, last = md.body
    contacts = [c for c in (md.contact_person or "").replace("，", "、").split("、") if c]
    named = split.Named(tuple(contacts), md.region, md.issuer, md.year, md.recipient)
    by_sentence = runner.submit(split.sentence_part, sents, named)
    body = [s for s in sents if first <= s.paragraph <= last] or sents
    all_clauses = instruments.clauses(body)
    units = instruments.units_of(all_clauses)
    by_clause = runner.submit(split.clause_part, [c for _, c in units])
    outline = structure.outline(paras, md.body)
    cites = citations.find_citations(sents, md.doc_number)
    norm_text = "\n".join(p.norm for p in paras)
    here = {  # computed while the parts run
        "paragraphs": pd.DataFrame([(p.n, p.line, p.text) for p in all_paras], columns=["paragraph", "line", "text"]),
        "kwic": kwic.kwic(paras, params.kwic_keywords, params.kwic_window, params.kwic_max_lines),  # see context_lines
        "topic_hits": topics.keyword_hits(norm_text, dicts.topics),
        "commitments": commitments.find_commitments(body, dicts.commitment_rules, md.year, md.genre, all_clauses),
        "departments": departments.lead_departments(paras, outline, dicts.departments),
    }
    cues, unit_goals = by_clause()
    coded = runner.submit(split.decision_part, cues, instruments.document_cues(cues, classifier.model_for(dicts.codebook)))
    sent_terms, entity_rows, quantity_rows = by_sentence()
    ents = pd.DataFrame(entity_rows, columns=entities.COLUMNS)
    tables = {
        "paragraphs": here["paragraphs"],
        "outline": outline,
        "quantities": pd.DataFrame(quantity_rows, columns=quantities.COLUMNS),
        "citations": cites,
        "cited": citations.unique_citations(cites),
        "entities": ents,
        "entity_summary": entities.entity_summary(ents),
        "kwic": here["kwic"],
        "topic_hits": here["topic_hits"],
        "commitments": here["commitments"],
        "instruments": instruments.coded_table(units, *coded(), dicts.codebook),
        "goals": goals.goal_table(units, unit_goals, dicts.goals),
        "departments": here["departments"],
    }
    meta = {
        "doc_id": doc.doc_id,
        "file": doc.file,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "format": doc.format,
        **md.as_dict(),
        **structure.counts(outline),
        "characters": sum(len(p.norm) for p in paras),
        "paragraphs": len(paras),
        "sentences": len(sents),
        "terms": sum(len(t) for t in sent_terms),
    }
    meta["body"] = list(meta["body"])
    return DocumentResult(meta, tables, sent_terms, norm_text)


def kwic_paragraphs(result: DocumentResult) -> list:
    """The paragraphs an analysed document's context lines are cut from, rebuilt from its stored
    paragraphs as `analyse_document` has them (wrapper paragraphs left out; `kwic` reads a
    paragraph's number and text only)."""
    from policyreport.ingest.text import Paragraph

    wrapper = set((result.meta.get("publication") or {}).get("wrapper_paragraphs", ()))
    stored = result.tables["paragraphs"]
    return [
        Paragraph(int(n), str(t), "", int(line))
        for n, line, t in zip(stored["paragraph"], stored["line"], stored["text"])
        if int(n) not in wrapper
    ]


def context_lines(result: DocumentResult, params: Params) -> pd.DataFrame:
    """The context lines (`kwic`) of an analysed document for the current `kwic_*` parameters, cut
    from its stored paragraphs (`kwic_paragraphs`): the parameters are of role CORPUS, so a cached
    analysis serves any keywords."""
    return kwic.kwic(kwic_paragraphs(result), params.kwic_keywords, params.kwic_window, params.kwic_max_lines)
