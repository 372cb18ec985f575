"""The per-document analyses on a Dask LocalCluster give the same results as local processes."""

from __future__ import annotations

import socket
import struct
import threading
import time

import pytest

from policyreport.errors import UserError
from policyreport.execute import analyse as stage
from policyreport.ingest.corpus import read_corpus
from policyreport.runtime.cache import Cache
from policyreport.runtime.progress import BuildResult, Progress

distributed = pytest.importorskip("dask.distributed")


def _run(params, tmp_path, scheduler=None):
    docs, _ = read_corpus(params.corpus, params.pattern)
    cache = Cache(tmp_path / ("cluster" if scheduler else "local"), enabled=True)
    results, tables = stage.analyse(docs, params, "code", cache, Progress(quiet=True), BuildResult(), 1, scheduler)
    return results, tables, cache


def _received() -> bool:
    from policyreport.extract import classifier

    return bool(classifier._GIVEN)


def test_cluster_and_local_analyses_are_identical(params, tmp_path):
    """The same results and cache entries, and every worker codes with the build's model (received,
    not fitted again)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote, remote_tables, remote_cache = _run(params, tmp_path, cluster.scheduler_address)
        with distributed.Client(cluster.scheduler_address) as client:
            assert set(client.run(_received).values()) == {True}
    local, local_tables, local_cache = _run(params, tmp_path)
    assert sorted(remote) == sorted(local) and len(local) == 5
    for doc_id, r in local.items():
        assert remote[doc_id].meta == r.meta
        for name, table in r.tables.items():
            assert remote[doc_id].tables[name].equals(table), (doc_id, name)
    for name, table in local_tables.items():
        assert remote_tables[name].equals(table), name
    cached = lambda c: sorted(p.name for p in (c.folder / "analysis").iterdir())  # noqa: E731
    assert cached(remote_cache) == cached(local_cache)  # same cache keys either way


def test_unreachable_scheduler_is_a_one_line_error(params, tmp_path, monkeypatch):
    from policyreport.execute import distributed as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 0.5)
    with pytest.raises(UserError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        _run(params, tmp_path, "tcp://127.0.0.1:9")


@pytest.fixture
def endpoint():
    """A local TCP server that is no Dask scheduler: it answers garbage, claims a 3 EiB message or stays silent."""
    servers, conns = [], []

    def start(mode: str) -> str:
        srv = socket.create_server(("127.0.0.1", 0))
        servers.append(srv)
        answer = {
            "garbage": b"\xff" * 64 + b"HTTP/1.0 400 Bad Request\r\n\r\n",
            "huge": struct.pack("<QQ", 1, 3 * 2**60),
            "silent": b"",
        }[mode]

        def serve():
            while True:
                try:
                    conn, _ = srv.accept()
                except OSError:
                    return
                conns.append(conn)
                conn.sendall(answer)

        threading.Thread(target=serve, daemon=True).start()
        return f"tcp://127.0.0.1:{srv.getsockname()[1]}"

    yield start
    for s in servers + conns:
        s.close()


@pytest.mark.parametrize("mode", ["garbage", "huge", "silent"])
def test_an_endpoint_that_is_no_scheduler_fails_within_the_timeout(params, tmp_path, monkeypatch, endpoint, mode):
    from policyreport.execute import distributed as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 0.5)
    address = endpoint(mode)
    started = time.monotonic()
    with pytest.raises(UserError) as exc:
        _run(params, tmp_path, address)
    assert time.monotonic() - started < 0.5 + 5  # dictionaries load first; no hang
    message = str(exc.value)
    assert address in message and "\n" not in message
    assert ("is not a Dask scheduler" in message) if mode == "garbage" else (address in message)
