"""The analysis stage: every document analysed once (re-used from the cache when its inputs are
unchanged, in parallel processes when there are many), then the corpus-level tables."""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import as_completed

from policyreport.errors import UserError
from policyreport.params import Params
from policyreport.runtime.cache import Cache, digest
from policyreport.runtime.collector import fewer_collections
from policyreport.runtime.lifecycle import process_pool
from policyreport.runtime.progress import BuildResult, Progress

_WORKER: dict = {}


def _init_worker(params: Params, cache: Cache, code_hash: str) -> None:
    from policyreport.extract import classifier
    from policyreport.extract.document import Dictionaries

    classifier.use_cache(cache, code_hash)  # the model the parent fitted, read instead of fitted again
    _WORKER["params"] = params
    _WORKER["dicts"] = Dictionaries.load(params)


def _inherit(params: Params, dicts) -> None:
    """jieba with the user dictionary, the instrument classifier and the dictionaries loaded in this
    process before it forks its workers, which inherit them instead of each loading them again
    (about 2 s of CPU a worker: jieba's dictionary and word tags, scikit-learn)."""
    from policyreport.extract import classifier
    from policyreport.ingest import segment

    segment.tokenizer(params.user_dict)
    classifier.model_for(dicts.codebook)
    _WORKER.update(params=params, dicts=dicts)


def _analyse_in_worker(doc):
    from policyreport.extract.document import analyse_document

    return doc, analyse_document(doc, _WORKER["dicts"], _WORKER["params"])


def _init_part_worker(params: Params, cache: Cache, code_hash: str) -> None:
    """`_init_worker`, then jieba and the instrument classifier loaded before the first part arrives."""
    from policyreport.extract import classifier
    from policyreport.ingest import segment

    _init_worker(params, cache, code_hash)
    segment.tokenizer(params.user_dict)
    classifier.model_for(_WORKER["dicts"].codebook)


def _part_in_worker(part, items: list, context):
    return part(items, _WORKER["dicts"], _WORKER["params"], context)


# A document of at least this many characters (about 1.5 MB of Chinese text, 6 s of analysis in one
# process) has its per-sentence and per-clause parts analysed in worker processes (`extract.split`).
SPLIT_CHARACTERS = 500_000
RUNS_PER_WORKER = 4  # a part's items are cut into this many runs per worker, so that the workers finish together


def runs(items: list, count: int) -> list[list]:
    """`items` cut into at most `count` consecutive runs of about equal length (one run when empty)."""
    size = max(1, -(-len(items) // max(1, count)))
    return [items[i : i + size] for i in range(0, len(items), size)] or [items]


class PoolRunner:
    """Runs a part of a document's analysis (`extract.split`) on consecutive runs of its items in a
    worker pool whose workers `_init_worker` prepared, and joins their outputs in order."""

    def __init__(self, pool, count: int):
        self.pool, self.count = pool, count

    def submit(self, part, items: list, context=None):
        futures = [self.pool.submit(_part_in_worker, part, run, context) for run in runs(items, self.count)]

        def result() -> tuple:
            outputs = [f.result() for f in futures]
            return tuple([x for out in outputs for x in out[k]] for k in range(len(outputs[0])))

        return result


def _analyse_all(
    docs: list, params: Params, dicts, jobs: int | None, scheduler: str | None = None, cache: Cache | None = None, code_hash=""
):
    """Analyse documents: on a Dask cluster when a scheduler is given, else in parallel local
    processes (jieba is single-threaded) forked once this process has loaded jieba, the classifier
    and the dictionaries (`_inherit`), else here: one document, or fewer than 8 among which a large
    one, whose parts then run in parallel local processes (`_analyse_here`)."""
    if scheduler and docs:
        from policyreport.execute.distributed import analyse_on_cluster

        yield from analyse_on_cluster(docs, params, scheduler, codebook=dicts.codebook)
        return

    workers = min(jobs or os.cpu_count() or 1, len(docs))
    if workers <= 1 or (len(docs) < 8 and any(len(d.text) >= SPLIT_CHARACTERS for d in docs)):
        yield from _analyse_here(docs, params, dicts, jobs, cache, code_hash)
        return
    _inherit(params, dicts)
    with process_pool(workers) as pool:
        futures = [pool.submit(_analyse_in_worker, doc) for doc in docs]
        for fut in as_completed(futures):
            yield fut.result()


def _analyse_here(docs: list, params: Params, dicts, jobs: int | None, cache: Cache | None, code_hash: str):
    """Documents analysed one after another in this process; the parts of a large one
    (`SPLIT_CHARACTERS`) in parallel worker processes."""
    from policyreport.extract.document import analyse_document

    workers = jobs or os.cpu_count() or 1
    if workers <= 1 or cache is None or not any(len(d.text) >= SPLIT_CHARACTERS for d in docs):
        for doc in docs:
            yield doc, analyse_document(doc, dicts, params)
        return
    from policyreport.extract import classifier

    classifier.model_for(dicts.codebook)  # fitted (or read) once here and stored for the workers
    with process_pool(workers, _init_part_worker, (params, cache, code_hash)) as pool:
        pool.submit(int)  # the workers start now and get ready while this process reads the document
        runner = PoolRunner(pool, workers * RUNS_PER_WORKER)
        for doc in docs:
            yield doc, analyse_document(doc, dicts, params, runner if len(doc.text) >= SPLIT_CHARACTERS else None)


def analysis_key(doc, a_hash: str, code_hash: str) -> str:
    """What a document's analysis is made from: its bytes and id, the parameters and dictionaries
    the analysis reads (`Params.analysis_digest`) and the code. Its cache key, and with the
    `kwic_*` parameters (role CORPUS) all that its tables depend on (`table_sources`)."""
    return digest(doc.sha256, doc.doc_id, a_hash, code_hash)


def table_sources(key: str, names, corpus_hash: str) -> dict[str, str]:
    """What each table of an analysis with key `key` is made from: the analysis, and for the
    context lines (`kwic`, cut afresh by `analyse`) the corpus parameters (`corpus_hash`) too."""
    return {name: digest(key, name, corpus_hash if name == "kwic" else "") for name in names}


def _result(stored):
    """A cached analysis back as a DocumentResult (None when the entry has another shape)."""
    from policyreport.extract.document import DocumentResult

    if not isinstance(stored, dict):
        return None
    try:
        return DocumentResult(**stored)
    except TypeError:
        return None


@fewer_collections()
def analyse(
    docs: list,
    params: Params,
    code_hash: str,
    cache: Cache,
    progress: Progress,
    result: BuildResult,
    jobs: int | None,
    scheduler: str | None = None,
):
    """{doc_id: DocumentResult} and the corpus tables. A document's cache key covers its bytes,
    the parameters and dictionaries its analysis reads (`Params.analysis_digest`) and the code; its
    context lines are cut afresh for the current `kwic_*` parameters (`context_lines`)."""
    from policyreport.extract import classifier
    from policyreport.extract.document import Dictionaries

    classifier.use_cache(cache, code_hash)
    dicts = Dictionaries.load(params)
    a_hash = params.analysis_digest()
    results, todo = {}, []
    key_of = {}
    for doc in docs:
        key = key_of[doc.doc_id] = analysis_key(doc, a_hash, code_hash)
        cached = _result(cache.load_object("analysis", doc.doc_id, key))
        if cached is None:
            todo.append((doc, key))
        else:
            results[doc.doc_id] = cached
    if len(docs) - len(todo):
        progress.say(f"[分析 analysing] re-used {len(docs) - len(todo)} unchanged analyses from the cache")
    keys = {d.doc_id: k for d, k in todo}
    for i, (doc, r) in enumerate(_analyse_all([d for d, _ in todo], params, dicts, jobs, scheduler, cache, code_hash), start=1):
        cache.save_object("analysis", doc.doc_id, keys[doc.doc_id], {f.name: getattr(r, f.name) for f in dataclasses.fields(r)})
        results[doc.doc_id] = r
        result.analysed.append(doc.file)
        progress.step(i, len(todo), doc.file)
    result.analysed.sort()
    from policyreport.extract.document import context_lines

    for r in results.values():  # the kwic_* parameters key no analysis: the lines are cut here, for every document
        r.tables["kwic"] = context_lines(r, params)
    if not any(r.terms for r in results.values()):
        raise UserError(
            f"no document has a term left to count (parameter 'min_term_length' is {params.min_term_length}, "
            f"stopwords {params.stopwords}): lower min_term_length (default 2) or shorten the stopword list"
        )
    results = dict(sorted(results.items()))  # in id order, however they were gathered: the tables never depend on it
    return results, _corpus_tables(results, dicts, params, key_of, a_hash, code_hash, cache, progress)


# Above this many documents the corpus tables are not cached: their JSON (text reuse pairs, per-document
# tables) would cost about as much to write and read as computing them.
CORPUS_CACHE_MAX_DOCUMENTS = 300


def _corpus_tables(results: dict, dicts, params: Params, key_of: dict, a_hash: str, code_hash: str, cache, progress):
    """The corpus tables (`analyse_corpus`), re-used from the cache when they were computed from the
    same documents' analyses, corpus parameters (role CORPUS), dictionaries and code: a change to a
    report parameter (a title, an author) recomputes none of them. The tables that read the context
    parameters (`context.CONTEXT_PARAMETERS`) are kept apart: a new keyword recomputes them alone,
    without scikit-learn and SciPy, which the others need."""
    from policyreport.compare import context
    from policyreport.params import Role

    if len(results) > CORPUS_CACHE_MAX_DOCUMENTS:
        from policyreport.compare.corpus import analyse_corpus

        return analyse_corpus(results, dicts, params, _parts(results, dicts, params, key_of, cache, progress))
    documents = digest("corpus-tables", *(f"{d}\t{results[d].meta.get('file')}\t{key_of[d]}" for d in sorted(results)))
    corpus = tuple(f.name for f in dataclasses.fields(params) if f.metadata["role"] is Role.CORPUS)
    key = digest(
        documents, params.digest(names=tuple(n for n in corpus if n not in context.CONTEXT_PARAMETERS)), a_hash, code_hash
    )
    tables = cache.load_object("corpus", "tables", key)
    if isinstance(tables, dict):
        progress.say("[分析 analysing] re-used the corpus tables from the cache (same analyses and corpus parameters)")
    else:
        from policyreport.compare.corpus import analyse_corpus  # scikit-learn and SciPy: imported only to compute

        tables = analyse_corpus(
            results, dicts, params, _parts(results, dicts, params, key_of, cache, progress), with_context=False
        )
        try:
            cache.save_object("corpus", "tables", key, tables)
        except TypeError:  # a table the codec cannot store (a MultiIndex): computed again next time
            pass
    context_key = digest(key, params.digest(names=context.CONTEXT_PARAMETERS))
    kept = cache.load_object("corpus", "context", context_key)
    if not isinstance(kept, dict):
        kept = context.context_tables(results, tables["key_terms"], params)
        cache.save_object("corpus", "context", context_key, kept)
    return tables | kept


def _parts(results: dict, dicts, params: Params, key_of: dict, cache, progress) -> dict:
    """Each document's part of the corpus tables (`compare.parts`): read from the cache when the
    document's analysis (its key covers the bytes, analysis parameters, dictionaries and code), its
    file name and the parameters a part reads are those it was computed from, else computed and kept."""
    from policyreport.compare import parts as P

    p_hash = params.digest(names=P.PARAMETERS)
    rules, out, reused = None, {}, 0
    for d in sorted(results):
        key = digest("corpus-part", key_of[d], results[d].meta.get("file"), p_hash)
        got = P.from_data(cache.load_object("corpus-part", d, key))
        if got is None:
            rules = rules or P.Rules.load(dicts, params)
            got = P.part(results[d], rules)
            cache.save_object("corpus-part", d, key, P.to_data(got))
        else:
            reused += 1
        out[d] = got
    if reused:
        progress.say(f"[分析 analysing] re-used {reused} documents' parts of the corpus tables from the cache")
    return out
