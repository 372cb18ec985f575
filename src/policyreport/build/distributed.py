"""The per-document analyses on a Dask distributed cluster (`build --scheduler ADDRESS`).

Each document's analysis is a pure function of its text, the parameters and the dictionaries,
so it can run anywhere: results and cache entries are the same as with local processes. Workers
need policyreport (same version) installed and the dictionary files at the same paths (a shared
file system), because jieba loads the user dictionary from its path.
"""

from __future__ import annotations

from policyreport.errors import UserError
from policyreport.params import Params

_LOADED: dict = {}


def _analyse_one(doc, params: Params):
    """Runs on a worker: the dictionaries are loaded once per worker process and parameter set."""
    from policyreport.extract.document import Dictionaries, analyse_document

    key = params.analysis_digest()
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = Dictionaries.load(params)
    return doc, analyse_document(doc, _LOADED[key], params)


def analyse_on_cluster(docs: list, params: Params, address: str, timeout: float = 20):
    """Yield (document, result) as the cluster finishes them."""
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise UserError("--scheduler needs Dask: pip install 'dask[distributed]'") from None
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise UserError(
            f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}); "
            "start one with `dask scheduler` and workers with `dask worker ADDRESS`"
        ) from None
    with client:
        shared = client.scatter(params, broadcast=True)
        futures = client.map(_analyse_one, docs, params=shared, pure=False)
        for fut in as_completed(futures):
            yield fut.result()
