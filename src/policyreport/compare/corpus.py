"""Corpus-level tables, computed once from every document's results."""

from __future__ import annotations

import json

import pandas as pd

from policyreport.compare import (
    bursts,
    citation_graph,
    context,
    designs,
    explore,
    findings,
    fit,
    intercoder,
    measures,
    network,
    pmc,
    policy_matrix,
    replies,
    reuse,
    strength,
    terms,
    topic_model,
)
from policyreport.compare.links import links as document_links
from policyreport.compare.parts import Part, Rules, part
from policyreport.extract import departments, instruments, topics
from policyreport.extract.document import Dictionaries, DocumentResult
from policyreport.ingest import segment
from policyreport.params import Params


def stacked_tables(tables: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """The non-empty tables of (doc_id, table) one below the other, each row with its `doc_id` (the
    last column, or where the table has one): the column added once, not to every table."""
    tables = [(d, t) for d, t in tables if not t.empty]
    if not tables:
        return pd.DataFrame()
    out = pd.concat([t for _, t in tables], ignore_index=True)
    out["doc_id"] = pd.Series([d for d, _ in tables], dtype="str").repeat([len(t) for _, t in tables]).to_numpy()
    return out


def json_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Dict and list cells (evidence, null_reasons, publication, body, notes) as JSON text, so the
    CSV keeps each value's evidence in a form any tool parses (pandas would write Python repr)."""
    nested = [c for c in df.columns if df[c].map(lambda v: isinstance(v, (dict, list, tuple))).any()]
    return df.assign(
        **{
            c: df[c].map(lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (dict, list, tuple)) else v)
            for c in nested
        }
    )


def analyse_corpus(
    results: dict[str, DocumentResult],
    dicts: Dictionaries,
    params: Params,
    parts: dict[str, Part] | None = None,
    with_context: bool = True,
) -> dict[str, pd.DataFrame]:
    """Corpus-level tables: overview, key terms, similarity, log-odds, shared terms, topics, links;
    with `with_context`, also those that read the context parameters (`context.context_tables`),
    which read nothing else of the corpus parameters and are computed on their own otherwise.

    What one document alone contributes is its part (`compare.parts`): `parts` holds them when
    they were kept from an earlier build, so that after one changed document only its part is
    computed again. The tables made of parts are updated that way: the PMC scores, the reply
    points, the inter-coder sample's clauses, the codebook fit's sentence and clause counts, the
    topic coverage, the topics of the commitments compared as measures, and the sentences text
    reuse compares. Every table that weighs a document against the others is
    recomputed, because one changed document changes it for all: the TF-IDF weights (document
    frequencies) and with them the key terms, the whole similarity matrix (0.1 s at 1,000
    documents; a changed document's row and column alone would not do) and the topic model;
    the log-odds (corpus totals), bursts, trends, n-grams and collocates; text reuse, whose
    index leaves out shingles and sentences found in more than a set number of documents; and
    the links and citations, which resolve titles and 文号 across documents.
    """
    rules_of_parts = Rules.load(dicts, params)
    if parts is None:
        parts = {d: part(r, rules_of_parts) for d, r in results.items()}
    doc_terms = {d: r.terms for d, r in results.items()}
    overview = json_cells(pd.DataFrame([r.meta for _, r in sorted(results.items())]))
    counts = terms.count_matrix(doc_terms)
    log_odds = (
        terms.weighted_log_odds(counts, params.logodds_prior, used_only=True)
        if len(results) > 1
        else pd.DataFrame(columns=["doc_id", "term", "count", "delta", "z"])
    )
    nodes, edges = network.cooccurrence(
        {d: r.sentence_terms for d, r in sorted(results.items())},
        params.network_terms,
        params.network_min_weight,
        segment.read_stopwords(params.generic_terms),
    )
    rules = rules_of_parts.designs
    design_table = designs.table([r.meta for r in results.values()], rules)
    design = designs.design_of(design_table)
    strength_table = strength.strength([r.meta for r in results.values()], strength.load_scale(params.strength), design)
    normative = set(designs.members(design_table))
    pmc_model = rules_of_parts.pmc
    pmc_scores = pd.concat(
        [parts[d].pmc for d in sorted(results) if d in normative] or [pd.DataFrame(columns=pmc.SCORE_COLUMNS)],
        ignore_index=True,
    )
    reused, reuse_pairs, reuse_common = reuse.reuse(
        {d: (r.meta, parts[d].sentences) for d, r in results.items()}, sources={d: parts[d].sources for d in results}
    )
    types = list(dict.fromkeys(t for t, _ in dicts.codebook.instruments))
    manual = intercoder.read_manual(params.manual_codes) if params.manual_codes else None
    issuer_nodes, issuer_edges = network.co_issuers({d: r.meta.get("issuer") for d, r in results.items()})
    links = document_links(results)

    def stacked(name: str) -> pd.DataFrame:
        return stacked_tables([(d, r.tables[name]) for d, r in sorted(results.items())])

    coded_all = stacked("instruments")
    coded = coded_all[coded_all["doc_id"].isin(normative)] if not coded_all.empty else coded_all  # measures: normative only
    similarity, neighbours, similarity_summary = terms.similarity(doc_terms) if results else (pd.DataFrame(), pd.DataFrame(), {})
    topic_coverage = topics.coverage_of({d: parts[d].topic_counts for d in results}, dicts.topics)
    all_departments = stacked("departments")
    commitments = stacked("commitments")
    characters = {d: int(r.meta["characters"]) for d, r in results.items() if d in normative}
    evidence = policy_matrix.evidence(coded, stacked("goals"))
    by_clause = evidence.drop_duplicates(["doc_id", "clause_no", "instrument"])
    by_department = policy_matrix.with_lead_department(by_clause, all_departments)
    tables = {
        "commitments": commitments,
        "instrument_counts": (
            coded.groupby(["doc_id", "type", "instrument"]).size().rename("count").reset_index()
            if not coded.empty
            else pd.DataFrame(columns=["doc_id", "type", "instrument", "count"])
        ),
        "instrument_distribution": instrument_distribution(coded, dicts, characters),
        "instrument_goal_evidence": evidence,
        "instrument_goal": policy_matrix.cells(evidence, characters),
        "instrument_goal_documents": policy_matrix.per_document(evidence, characters),
        "instrument_department": policy_matrix.cells(by_department, characters, "department"),
        "departments": departments.department_counts(all_departments)
        if not all_departments.empty
        else pd.DataFrame(columns=["department", "lead", "total"]),
        "network_nodes": nodes,
        "network_edges": edges,
        "designs": design_table,
        "strength": strength_table,
        "strength_by_year": strength.by_group(strength_table, "year"),
        "strength_by_level": strength.by_group(strength_table, "level"),
        "pmc_scores": pmc_scores,
        "coding_sample": intercoder.sample({d: parts[d].units for d in sorted(results)}),
        "kappa": intercoder.kappa(manual, coded_all, types)
        if manual is not None
        else pd.DataFrame(columns=intercoder.KAPPA_COLUMNS),
        "coder_agreement": intercoder.coder_agreement(dicts.codebook),
        "between_coders": intercoder.shipped_between_coders(dicts.codebook),
        "measures": measures.measures(
            commitments, all_departments, dicts.topics, [t for d in sorted(results) for t in parts[d].clause_topics]
        ),
        "reuse": reused,
        "reuse_pairs": reuse_pairs,
        "reuse_common": reuse_common,
        "pmc": pmc.summary(pmc_scores, pmc_model),
        "pmc_constant": pmc.constant_variables(pmc_scores),
        "issuer_nodes": issuer_nodes,
        "issuer_edges": issuer_edges,
        "document_pairs": network.document_pairs(links),
        "overview": overview,
        "key_terms": terms.tfidf_terms(doc_terms, params.n_key_terms),
        "similarity": similarity,
        "similarity_neighbours": neighbours,
        "similarity_summary": pd.DataFrame([similarity_summary]),
        "distinctive_terms": terms.distinctive_terms(log_odds, params.n_distinctive_terms) if len(results) > 1 else log_odds,
        "shared_terms": terms.shared_terms(counts, log_odds, 20)
        if len(results) > 1
        else pd.DataFrame(columns=["term", "total", "max_abs_z"]),
        "topics": topic_coverage,
        "links": links,
    }
    names = {str(x) for r in results.values() for c in ("text", "canonical") for x in r.tables["entity_summary"].get(c, [])}
    names |= rules.form_words  # the documents' form (答复, 通告, 人民政府 …), not their subject
    tables["codebook_fit"] = json_cells(codebook_fit(tables, parts, coded, evidence, dicts, params, normative, names))
    fitted = topic_model.fit(doc_terms, {d: r.meta for d, r in results.items()})
    tables["topic_status"] = pd.DataFrame({"reason": [fitted.pop("reason")]})
    for name in ("topic_terms", "doc_topics", "topic_by_year", "topic_by_level", "topic_k"):
        tables[name] = fitted[name]
    sentence_terms = {d: r.sentence_terms for d, r in sorted(results.items())}
    tables["ngrams"] = explore.ngrams(sentence_terms)
    tables["term_trends"] = explore.trends(doc_terms, {d: r.meta.get("year") for d, r in results.items()})
    outside = citation_graph.edges(
        {d: r.tables["citations"] for d, r in results.items()}, {d: r.meta for d, r in results.items()}
    )
    tables["outside_citations"], tables["outside_cited"] = outside, citation_graph.most_cited(outside)
    tables["bursts"], reason = bursts.bursts(doc_terms, {d: r.meta.get("year") for d, r in results.items()})
    tables["burst_status"] = pd.DataFrame({"reason": [reason]})
    markers = rules_of_parts.markers
    reply_ids = [d for d, r in sorted(results.items()) if replies.is_reply(r.meta)]
    tables["reply_points"] = pd.concat(
        [parts[d].reply for d in reply_ids] or [pd.DataFrame(columns=replies.POINT_COLUMNS)], ignore_index=True
    )
    tables["reply_summary"] = replies.summary(tables["reply_points"], [results[d].meta for d in reply_ids], markers.schemes)
    tables["findings"] = findings.findings(
        {d: r.tables["quantities"] for d, r in results.items()},
        {d: r.tables["cited"] for d, r in results.items()},
        similarity_summary,
        topic_coverage,
        tables,
        policy_matrix.NO_GOAL,
        (params.reuse_min_sentences, params.reuse_min_share),
    )
    return tables | context.context_tables(results, tables["key_terms"], params) if with_context else tables


def codebook_fit(
    tables, parts: dict[str, Part], coded, evidence, dicts: Dictionaries, params: Params, normative: set[str], names: set[str]
) -> pd.DataFrame:
    """The fit of the topic dictionary (sentences, every document), the instrument codebook (clauses of
    the normative documents) and the goals codebook (instrument clauses) to this corpus."""
    lo_docs, lo_units = params.fit_min_documents, params.fit_min_units
    key_terms = tables["key_terms"]
    topic_words = [w for ws in dicts.topics.values() for w in ws]
    rows = [
        fit.fit_row(
            "topics",
            "主题词典",
            "句子",
            "全部文件",
            {d: parts[d].topic_reach for d in sorted(parts)},
            lo_docs,
            lo_units,
            fit.uncovered_terms(key_terms, topic_words, names),
        )
    ]
    if normative:
        units = {d: len(parts[d].units) for d in sorted(normative)}
        words = [e.label for e in dicts.codebook.entries]
        rows.append(
            fit.fit_row(
                "instruments",
                "政策工具编码表",
                "分句",
                "规范性文件",
                fit.clause_reach(units, coded),
                lo_docs,
                lo_units,
                fit.uncovered_terms(key_terms[key_terms["doc_id"].isin(normative)], words, names),
            )
        )
        goal_words = [e.label for e in dicts.goals.entries]
        reach = {d: (0, 0) for d in (set(coded["doc_id"]) if "doc_id" in coded else set())} | fit.goal_reach(
            evidence, policy_matrix.NO_GOAL
        )
        rows.append(
            fit.fit_row(
                "goals",
                "政策目标编码表",
                "编码了工具的分句",
                "规范性文件中编码了工具的文件",
                reach,
                lo_docs,
                lo_units,
                fit.uncovered_terms(key_terms[key_terms["doc_id"].isin(normative)], goal_words, names),
            )
        )
    return pd.DataFrame(rows, columns=fit.COLUMNS)


def instrument_distribution(coded: pd.DataFrame, dicts: Dictionaries, characters: dict[str, int]) -> pd.DataFrame:
    """Counts and shares of the sub-instruments, with the document-weighted mean share and rate per 1,000 characters."""
    if coded.empty:
        return pd.DataFrame()
    dist = instruments.distribution(coded, dicts.codebook)
    norm = policy_matrix.cells(coded.assign(goal=""), characters)[["instrument", "mean_share", "per_1000"]]
    return dist.merge(norm, on="instrument", how="left").fillna({"mean_share": 0.0, "per_1000": 0.0})
