"""A notebook worker's Jupyter kernel forked from the worker, in a warm build (`build --warm`).

A kernel started as a new Python spends two seconds importing ipykernel, pandas, matplotlib and the
report's views before its first notebook. In a warm build the worker descends from the server
(`runtime.server`), which imported all of that, as a kernel does, before it served a build: a
kernel forked from the worker starts in a fraction of a second. It is the same ipykernel
application (`IPKernelApp`, as `ipykernel_launcher` starts it) speaking the same protocol to the
same client. It binds its own ports (the connection file names none), so two workers starting
kernels at once cannot be handed the same port, and says so over a pipe once its connection file
holds them. What a kernel does when it first imports matplotlib and the charts is done when it
starts: matplotlib's backend from `MPLBACKEND` (which ipykernel sets) and the charts' PNG format.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import tempfile
from pathlib import Path


def available() -> bool:
    """Whether this process can fork a kernel: it descends from a warm build's server, which
    imported the kernel's modules."""
    from policyreport.runtime.server import SERVING_ENV

    return bool(os.environ.get(SERVING_ENV)) and "ipykernel.kernelapp" in sys.modules


class ForkedKernel:
    """What the notebook client and the worker ask of a kernel manager, for a forked kernel."""

    has_kernel = True

    def __init__(self, pid: int, connection_file: Path):
        self.pid, self.connection_file = pid, connection_file

    async def is_alive(self) -> bool:
        try:
            return os.waitpid(self.pid, os.WNOHANG) == (0, 0)
        except ChildProcessError:
            return False

    async def interrupt_kernel(self) -> None:
        os.kill(self.pid, signal.SIGINT)

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.connection_file.unlink(missing_ok=True)


def start(timeout: float = 60):
    """Fork the kernel; its manager (`ForkedKernel`) and a started client ready for requests."""
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.session import new_id_bytes
    from jupyter_core.utils import run_sync

    fd, name = tempfile.mkstemp(prefix="kernel-", suffix=".json")
    with os.fdopen(fd, "w") as fh:
        json.dump(
            {
                "ip": "127.0.0.1",
                "transport": "tcp",
                "key": new_id_bytes().decode(),
                "signature_scheme": "hmac-sha256",
                "kernel_name": "python3",
            },
            fh,
        )
    path = Path(name)
    ready_r, ready_w = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(ready_r)
        try:
            _kernel(name, ready_w, parent)
        finally:
            os._exit(1)
    os.close(ready_w)
    km = ForkedKernel(pid, path)
    try:
        if not select.select([ready_r], [], [], timeout)[0] or os.read(ready_r, 1) != b"1":
            raise RuntimeError("the forked kernel did not start")
    except BaseException:
        run_sync(km.shutdown_kernel)(now=True)
        raise
    finally:
        os.close(ready_r)
    kc = AsyncKernelClient()
    kc.load_connection_file(name)
    kc.start_channels()
    run_sync(kc.wait_for_ready)(timeout=timeout)
    return km, kc


def _kernel(connection_file: str, ready: int, parent: int) -> None:
    """The forked kernel: a session of its own (as jupyter_client starts kernels), dies with its
    worker, no terminal input; never returns. The worker's other open files stay open: closing them
    under the Python objects that hold them would let such an object, when collected, close a
    descriptor the kernel has opened since (its sockets' messages then come in torn)."""
    from policyreport.runtime.lifecycle import as_new_process, die_with_parent

    os.setsid()
    die_with_parent(parent)
    as_new_process()  # `notebooks._kernel` sets PYTHONWARNINGS for its kernels
    os.environ["JPY_PARENT_PID"] = str(parent)
    sys.argv = ["ipykernel_launcher", "-f", connection_file]
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance(parent_handle=parent)  # its default read JPY_PARENT_PID when the server imported it
    app.initialize(["-f", connection_file])
    import matplotlib

    if os.environ.get("MPLBACKEND"):  # what matplotlib does with it on import, which came before ipykernel set it
        matplotlib.rcParams["backend"] = os.environ["MPLBACKEND"]
    from policyreport.report import fonts

    fonts.notebook_formats()
    os.write(ready, b"1")
    os.close(ready)
    app.start()
    os._exit(0)
