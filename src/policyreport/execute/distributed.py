"""The per-document analyses on a Dask distributed cluster (`build --scheduler ADDRESS`).

Each document's analysis is a pure function of its text, the parameters and the dictionaries,
so it can run anywhere: results and cache entries are the same as with local processes. Workers
need policyreport (same version) installed and the dictionary files at the same paths (a shared
file system), because jieba loads the user dictionary from its path.

The address is checked when the command starts; before the Dask client is made, the scheduler is
asked who it is, within `CONNECT_TIMEOUT` seconds: an endpoint that is silent or speaks another
protocol is named in one line instead of hanging the client or having it read garbage.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re

from policyreport.errors import UserError
from policyreport.params import Params, label

CONNECT_TIMEOUT = 10.0
SCHEMES = ("tcp", "tls")
_HOST = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9_])?")
_ADDRESS = re.compile(r"(?:(?P<scheme>[A-Za-z]+)://)?(?:\[(?P<ip6>[0-9A-Fa-f:.]+)\]|(?P<host>[^:/\[\]]+)):(?P<port>\d{1,5})")

_LOADED: dict = {}


def scheduler_address(text: str) -> str:
    """`tcp://HOST:PORT`, `tls://HOST:PORT` or `HOST:PORT` (IPv6 in brackets) as Dask's
    `scheme://host:port`; a one-line UserError otherwise. (`inproc://` addresses of an in-process
    cluster are accepted by `analyse_on_cluster`, not on the command line.)"""
    m = _ADDRESS.fullmatch(text.strip())
    scheme = (m and m["scheme"] or "tcp").lower()
    port = int(m["port"]) if m else 0
    valid = bool(m) and scheme in SCHEMES and 0 < port < 65536
    if valid and m["ip6"]:
        try:
            ipaddress.IPv6Address(m["ip6"])
        except ValueError:
            valid = False
    elif valid:
        valid = bool(_HOST.fullmatch(m["host"]))
    if not valid:
        raise UserError(
            f"--scheduler {label(text)}: expected a Dask scheduler address tcp://HOST:PORT or HOST:PORT, "
            "e.g. tcp://10.0.0.5:8786 (`dask scheduler` prints it)"
        )
    host = f"[{m['ip6']}]" if m["ip6"] else m["host"]
    return f"{scheme}://{host}:{port}"


async def _identity(address: str, timeout: float) -> dict:
    from distributed.comm import connect

    comm = await connect(address, timeout=timeout)
    try:
        await comm.write({"op": "identity"})
        return await comm.read()
    finally:
        comm.abort()


def probe(address: str, timeout: float | None = None) -> None:
    """Ask the scheduler at `address` who it is; a one-line UserError naming the address when
    nothing answers within `timeout` seconds or what answers is not a Dask scheduler."""
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    hint = "start one with `dask scheduler` and workers with `dask worker ADDRESS`"
    try:
        answer = asyncio.run(asyncio.wait_for(_identity(address, timeout), timeout))
    except (OSError, TimeoutError) as exc:
        reason = f"no answer within {timeout:g} s" if isinstance(exc, TimeoutError) else exc.strerror or type(exc).__name__
        raise UserError(f"cannot reach the Dask scheduler at {address} ({reason}); {hint}") from None
    except Exception:
        raise UserError(f"{address} is not a Dask scheduler (its answer is not in Dask's protocol); {hint}") from None
    if not isinstance(answer, dict) or answer.get("type") != "Scheduler":
        raise UserError(f"{address} is not a Dask scheduler (it answered {label(str(answer), 60)}); {hint}")


def _analyse_one(doc, params: Params, model: tuple = ("", None)):
    """Runs on a worker: the dictionaries are loaded once per worker process and parameter set, and
    the instrument coder is the build's own (`classifier.receive`) rather than fitted again."""
    from policyreport.extract import classifier
    from policyreport.extract.document import Dictionaries, analyse_document

    key = params.analysis_digest()
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = Dictionaries.load(params)
        classifier.receive(_LOADED[key].codebook, model)
    return doc, analyse_document(doc, _LOADED[key], params)


def analyse_on_cluster(docs: list, params: Params, address: str, timeout: float | None = None, codebook=None):
    """Yield (document, result) as the cluster finishes them. The build's instrument coder for
    `codebook` (`classifier.handed_over`) is sent once to every worker, once the scheduler answered."""
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise UserError("--scheduler needs Dask: pip install 'dask[distributed]'") from None
    if not address.startswith("inproc://"):
        address = scheduler_address(address)
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    probe(address, timeout)
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise UserError(
            f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}); "
            "start one with `dask scheduler` and workers with `dask worker ADDRESS`"
        ) from None
    with client:
        from policyreport.extract import classifier

        model = classifier.handed_over(codebook) if codebook is not None else ("", None)
        shared, coder = client.scatter([params, model], broadcast=True)
        futures = client.map(_analyse_one, docs, params=shared, model=coder, pure=False)
        for fut in as_completed(futures):
            yield fut.result()
