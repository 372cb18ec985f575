"""Extraction records without the book: the same analysis that feeds the report."""

from __future__ import annotations

from policyreport.extract import document as analysis
from policyreport.extract.citations import answered
from policyreport.extract.fields import RECORD_KEYS
from policyreport.ingest.corpus import Skipped, read_corpus
from policyreport.params import Params


def record(result: analysis.DocumentResult) -> dict:
    """One JSON-ready record: metadata with its evidence and null reasons, the publication record,
    section counts, figures, citations and the coded clauses of a document (`instruments`: one
    entry per clause and instrument, `text` the clause as written, `responsible` its (X负责) note)."""
    m = result.meta
    rec = {k: m.get(k) for k in RECORD_KEYS}
    rec["evidence"] = m.get("evidence", {})
    rec["null_reasons"] = m.get("null_reasons", {})
    rec["publication"] = m.get("publication", {})
    if m.get("forwarded"):
        rec["forwarded"] = m["forwarded"]  # a 转发/批转 notice: the forwarded text's own title, issuer, date
    rec["body"] = m.get("body")
    q = result.tables["quantities"]
    rec["figures"] = [
        {
            "text": r.text,
            "value": r.value,
            "value_max": r.value_max if isinstance(r.value_max, (int, float)) and r.value_max == r.value_max else None,
            "unit": r.unit,
            "bound": r.bound if isinstance(r.bound, str) else None,
            "approx": bool(r.approx),
            "kind": r.kind,
            "sentence": r.sentence,
            "paragraph": int(r.paragraph),
        }
        for r in q.itertuples()
    ]
    rec["citations"] = [
        {"kind": r.kind, "citation": r.citation, "doc_number": r.doc_number if isinstance(r.doc_number, str) else None}
        for r in result.tables["cited"].itertuples()
    ]
    rec["instruments"] = [
        {
            "text": r.clause,
            "paragraph": int(r.paragraph),
            "type": r.type,
            "instrument": r.instrument,
            "responsible": r.responsible if isinstance(r.responsible, str) and r.responsible else None,
        }
        for r in result.tables["instruments"].itertuples()
    ]
    rec["answers"] = [
        {"citation": r.citation, "doc_number": r.doc_number if isinstance(r.doc_number, str) else None}
        for r in answered(result.tables["citations"]).itertuples()
    ]
    return rec


def analyse(params: Params) -> tuple[list[analysis.DocumentResult], list[Skipped]]:
    """Analyse every readable document of the corpus (no corpus-level statistics)."""
    docs, skipped = read_corpus(params.corpus, params.pattern, params.recursive, params.table_columns)
    res = analysis.Dictionaries.load(params)
    return [analysis.analyse_document(d, res, params) for d in docs], skipped


def extract_records(params: Params) -> tuple[list[dict], list[Skipped]]:
    results, skipped = analyse(params)
    return [record(r) for r in results], skipped
