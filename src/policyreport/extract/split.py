"""The heavy parts of a document's analysis as functions of a run of its sentences or clauses.

Terms, entities and figures are read sentence by sentence, and instrument and goal codes clause by
clause, each from the sentence or clause alone and values of the whole document (its region,
issuer, year, mean cue vector and topic words). So a part's output for a document is its outputs
for consecutive runs of the items, joined in order: a large document's parts can run in worker
processes (`execute.analyse`) with the result of one process. What depends on order or on
neighbours stays with the caller: paragraphs and sentences and their numbers, the clauses (a
note standing alone joins the clause before it, clauses are numbered through the document),
the document's cues, and the tables.

A part is `part(items, dicts, params, context) -> tuple of lists`, one list entry per item (rows
for the tables), so the outputs of runs join list by list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from policyreport.extract import classifier, entities, goals, instruments, quantities
from policyreport.ingest import segment


@dataclass(frozen=True)
class Named:
    """What the entity rules read of the whole document (`entities.find_entities`)."""

    contacts: tuple[str, ...]
    region: str | None
    issuer: str | None
    year: int | None
    recipient: str | None


def sentence_part(sentences: list, dicts, params, named: Named) -> tuple[list, list, list]:
    """(content terms per sentence, entity rows, quantity rows)."""
    terms = segment.sentence_terms(sentences, dicts.user_dict, dicts.stopwords, params.min_term_length)
    rules = (dicts.gazetteer, dicts.rules, dicts.user_dict)
    found = entities.entity_rows(sentences, *rules, list(named.contacts), named.region, named.issuer, named.year, named.recipient)
    return terms, found, quantities.quantity_rows(sentences, dicts.units)


def clause_part(units: list, dicts, params, context=None) -> tuple[list, list]:
    """(the instrument coder's `ClauseCues`, the goals) of each coding unit."""
    model = classifier.model_for(dicts.codebook)
    cues = instruments.clause_cues([c.norm for c in units], dicts.codebook, model)
    return cues, goals.unit_goals(units, dicts.goals, dicts.codebook)


def decision_part(cues: list, dicts, params, document_cues: tuple) -> tuple[list, list]:
    """(the instrument codes, the topic) of each clause, given the document's cues (`instruments.document_cues`)."""
    coded = instruments.decide_clauses(cues, *document_cues, dicts.codebook, classifier.model_for(dicts.codebook))
    return coded, instruments.clause_topics([c.text for c in cues], coded, dicts.topics)


class InProcess:
    """Runs each part on all its items in this process, when its result is asked for."""

    def __init__(self, dicts, params):
        self.dicts, self.params = dicts, params

    def submit(self, part: Callable, items: list, context=None) -> Callable[[], tuple]:
        return lambda: part(items, self.dicts, self.params, context)
