"""A warm build process (`build --warm`): the libraries a build loads, loaded once between builds.

A build spends its first seconds importing pandas, jieba (and its dictionary), scikit-learn and
SciPy before it reads a changed sentence. With `--warm` the command hands its build to a
background process of the user's that has imported them already and forks one child per build
(a fork server, as multiprocessing's `forkserver` and the Gradle daemon): the child is that build's
process, with the command's arguments, working folder, environment and terminal (its standard
streams are passed over the socket), so it does exactly what the command would do itself. Its exit
code comes back to the command; Ctrl-C, SIGTERM and SIGHUP are passed on to it; when the command
dies, the build is stopped like an interrupted one (the last good report stays).

One server per code, Python and environment (`server_key`): a build with other code (an edited
package, another virtual environment) or another environment starts its own. The first `--warm`
build starts the server and builds by itself meanwhile; the server stops after `IDLE_SECONDS`
without a build, or with `python -m policyreport server stop`. Its socket is in a folder only the
user can open (`$XDG_RUNTIME_DIR/policyreport`, else `/tmp/policyreport-<uid>`, as tmux does), and
it serves only processes of the same user (SO_PEERCRED).
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

IDLE_SECONDS = 600
CHECK_SECONDS = 30  # how often a server checks that the package's code on disk is still its own
SERVING_ENV = "POLICYREPORT_WARM_CHILD"  # set in a build the server runs: it does not hand itself on
# What a build imports before it can read a document: imported once by the server.
PRELOAD = (
    "policyreport.pipeline",
    "pandas",
    "numpy",
    "jieba",
    "jieba.posseg",
    "scipy.stats",
    "sklearn.feature_extraction.text",
    "sklearn.linear_model",
    "sklearn.multiclass",
    "sklearn.preprocessing",
    "policyreport.extract.document",
    "policyreport.compare.corpus",
    "policyreport.execute.analyse",
)
# What a Sphinx process of the build imports (`book.typeset` forks it from a warm build).
SPHINX = (
    "policyreport.sphinxext.jupyter_book_cli",
    "jupyter_book.cli.main",
    "jupyter_book.sphinx",
    "sphinx.application",
    "sphinx.builders.html",
    "sphinx.builders.latex",
    "sphinx.search.zh",
    "myst_nb.sphinx_ext",
    "myst_parser.sphinx_ext.main",
    "sphinx_book_theme",
    "sphinxcontrib.bibtex",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx_togglebutton",
    "sphinx_comments",
    "sphinx_thebe",
    "sphinx_external_toc",
    "sphinx_multitoc_numbering",
)
# What the Sphinx processes of a build import beyond `SPHINX` and Sphinx's own extensions
# (`sphinx_modules`) as they set up the book's extensions and read and write its pages: the modules
# the HTML and the LaTeX process of a seeds build added: 184, each of which but ours is imported by
# one of these, by Sphinx's own extensions or by the pygments styles the theme lists; 0.1-0.15 s of
# each process's start. Ours are left to the build: a notebook imports some of them too, and what
# they open then belongs in its record.
SPHINX_LAZY = (
    "sphinx.builders.html.transforms",
    "sphinx.builders.latex.transforms",
    "sphinx_design.extension",
    "sphinx_external_toc.collectors",
    "sphinx_external_toc.events",
    "myst_nb.ext.execution_tables",
    "myst_nb.ext.glue.directives",
    "myst_nb.ext.glue.domain",
    "myst_parser.sphinx_ext.directives",
    "myst_parser.sphinx_ext.mathjax",
    "myst_parser.sphinx_ext.myst_refs",
    "sphinxcontrib.bibtex.style.names.last",
    "sphinxcontrib.bibtex.style.referencing.author_year",
    "sphinxcontrib.bibtex.style.referencing.foot",
    "sphinxcontrib.bibtex.style.referencing.label",
    "sphinxcontrib.bibtex.style.referencing.super_",
    "pybtex.style.formatting.unsrt",
    "pybtex.style.labels.number",
    "pybtex.style.names.plain",
    "pybtex.style.sorting.none",
    "pybtex.backends.plaintext",
    "citeproc",
    "docutils.languages.en",
    "docutils.languages.zh_cn",
    "docutils.parsers.rst.languages.zh_cn",
    "pygments.lexers.bibtex",
    "pygments.lexers.shell",
    "jinja2.ext",
    "xml.dom.minidom",
    "encodings.unicode_escape",
    "encodings.utf_8_sig",
)
_VOLATILE = {"PWD", "OLDPWD", "_", "SHLVL"}  # change with the shell, not with what a build does
_HEADER = struct.Struct("!I")


def folder() -> Path:
    """The user's folder of server sockets, made readable by the user only; refused when another
    user owns it or others can open it."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) / "policyreport" if runtime else Path(f"/tmp/policyreport-{os.getuid()}")
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = base.stat()
    if st.st_uid != os.getuid() or st.st_mode & 0o077:
        raise PermissionError(f"{base}: not a private folder of this user (owner {st.st_uid}, mode {oct(st.st_mode & 0o777)})")
    return base


def server_key() -> str:
    """What a server's loaded modules depend on: the package's code, the Python, the environment.
    (hashlib, not `runtime.cache.digest`, whose module imports pandas: the command imports little.)"""
    import hashlib

    from policyreport.book.provenance import code_hash

    env = sorted((k, v) for k, v in os.environ.items() if k not in _VOLATILE and k != SERVING_ENV)
    return hashlib.sha256("\0".join([code_hash(), sys.executable, sys.version, json.dumps(env)]).encode()).hexdigest()[:20]


def _from_folder(op, path: Path) -> None:
    """`op` (a socket's bind or connect) on `path` by its name in its folder: a socket's path may
    be no longer than 107 bytes, and a runtime folder can be deeper than that leaves."""
    try:
        here = os.open(".", os.O_RDONLY)
    except OSError:  # a working folder this process cannot open: the whole path, when it fits
        op(str(path))
        return
    try:
        os.chdir(path.parent)
        op(path.name)
    finally:
        os.fchdir(here)
        os.close(here)


def _send(sock: socket.socket, obj, fds: list[int] | None = None) -> None:
    data = json.dumps(obj).encode()
    if fds:
        socket.send_fds(sock, [_HEADER.pack(len(data))], fds)
        sock.sendall(data)
    else:
        sock.sendall(_HEADER.pack(len(data)) + data)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    return buf


def _recv(sock: socket.socket, with_fds: int = 0):
    fds: list[int] = []
    if with_fds:
        head, fds, _, _ = socket.recv_fds(sock, _HEADER.size, with_fds)
        head += _recv_exact(sock, _HEADER.size - len(head)) if head else b""
        if not head:
            raise ConnectionError("closed")
    else:
        head = _recv_exact(sock, _HEADER.size)
    (n,) = _HEADER.unpack(head)
    return json.loads(_recv_exact(sock, n)), fds


# The command's side ---------------------------------------------------------------------------


def delegate(argv: list[str], quiet: bool = False) -> int | None:
    """Run the build `argv` in the warm server: its exit code, or None when no server serves this
    code and environment yet (one is started in the background, and the caller builds by itself).
    Says which, on standard error, unless `quiet`."""
    if os.environ.get(SERVING_ENV):
        return None

    def say(text: str) -> None:
        if not quiet:
            print(f"[warm] {text}", file=sys.stderr, flush=True)

    key = server_key()
    path = folder() / f"{key}.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        _from_folder(sock.connect, path)
    except (FileNotFoundError, ConnectionRefusedError):
        sock.close()
        start(key)
        say("started a warm build process for the next builds; this build runs by itself")
        return None
    with sock:
        request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        _send(sock, request, [0, 1, 2])
        try:
            (child, _) = _recv(sock)
        except ConnectionError:
            return None  # the server is stopping: build here
        say(f"the build runs in your warm build process (pid {child['pid']})")
        return _wait(sock, int(child["pid"]))


def _wait(sock: socket.socket, pid: int) -> int:
    """The child's exit code, passing SIGINT, SIGTERM and SIGHUP on to it meanwhile."""

    def forward(signum, frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    old = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        while True:
            try:
                (reply, _) = _recv(sock)
                return int(reply["exit"])
            except InterruptedError:
                continue
            except (ConnectionError, ValueError, KeyError):
                print("error: the warm build process ended without a result; run the build again without --warm", file=sys.stderr)
                return 1
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def start(key: str) -> None:
    """Start the server for `key` in the background, detached from this terminal and session."""
    subprocess.Popen(
        [sys.executable, "-P", "-m", "policyreport.runtime.server", key],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
        cwd="/",  # holds no folder of the user's (each build's process moves to the command's)
    )


def stop_all() -> int:
    """Ask every server of this user to stop; the number asked."""
    stopped = 0
    for path in sorted(folder().glob("*.sock")):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            _from_folder(sock.connect, path)
            _send(sock, {"stop": True})
            sock.recv(1)
            stopped += 1
        except OSError:
            path.unlink(missing_ok=True)  # no server behind it
        finally:
            sock.close()
    return stopped


# The server's side ----------------------------------------------------------------------------


def preload() -> None:
    """Import what a notebook kernel imports, as a kernel does (`execute.reads.warm_kernel`, first,
    so that it records the files it opens as a new kernel would: the kernels forked from the
    build's workers, `execute.forked_kernel`, inherit the record), then what a build imports before
    it reads a document, what its Sphinx processes import, jieba's dictionary and the package's
    notebook templates. All of it is then frozen (`gc.freeze`), as Python advises for a process
    that forks without exec: the collections of every build forked from here, and of its workers,
    kernels and Sphinx processes, no longer walk it (nor copy the pages it sits on to update it)."""
    import importlib

    import ipykernel.kernelapp  # noqa: F401

    import policyreport.runtime.lifecycle  # noqa: F401  (what a kernel imports before its warm-up)
    from policyreport.execute import reads

    reads.warm_kernel()
    # A kernel forked later holds these modules too: what they opened is part of every notebook's record.
    reads.warm_up(lambda: [importlib.import_module(name) for name in PRELOAD])
    for name in sphinx_modules():  # no notebook imports them
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # not installed: imported, or missed, by Sphinx as it would be anyway
    try:
        from pygments.plugin import find_plugin_styles

        list(find_plugin_styles())  # the styles the HTML theme lists, each a module
    except Exception:  # noqa: BLE001 — a broken style plugin breaks the theme's listing, not the server
        pass
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.initialize()
    from policyreport.execute import templates

    templates.parse_package_templates()
    import gc

    gc.collect()
    gc.freeze()  # what every build forks with: its collections, and its children's, no longer walk it


def sphinx_modules() -> list[str]:
    """`SPHINX`, the extensions every Sphinx application sets up (Sphinx's own list of them), and
    `SPHINX_LAZY`."""
    try:
        from sphinx import application
    except ImportError:
        return list(SPHINX)
    own = [getattr(application, name, ()) for name in ("builtin_extensions", "_first_party_extensions", "_first_party_themes")]
    return [*SPHINX, *(m for names in own for m in names), *SPHINX_LAZY]


def serve(key: str, idle: float = IDLE_SECONDS) -> None:
    """Serve builds on `<folder>/<key>.sock` until `idle` seconds pass without one, or a stop request."""
    base = folder()
    lock = open(base / f"{key}.lock", "a")  # noqa: SIM115 — held for the server's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # another server for this key is starting or running
    lock.truncate(0)
    lock.write(str(os.getpid()))
    lock.flush()
    from policyreport.book.provenance import code_hash

    code = code_hash()
    preload()
    path = base / f"{key}.sock"
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    _from_folder(listener.bind, path)
    listener.listen(8)
    listener.settimeout(max(0.1, min(5.0, idle)))  # stops within its idle time, not up to 5 s after
    last = checked = time.monotonic()
    children: set[int] = set()
    try:
        while True:
            for pid in list(children):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    children.discard(pid)
            if children:
                last = time.monotonic()
            elif time.monotonic() - last > idle or not path.exists():
                return
            if time.monotonic() - checked > CHECK_SECONDS:
                checked = time.monotonic()
                if code_hash() != code:  # the package was edited or upgraded: no build will ask for this one
                    return
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            last = time.monotonic()
            with conn:
                creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
                if struct.unpack("3i", creds)[1] != os.getuid():
                    continue
                conn.settimeout(30)
                try:
                    request, fds = _recv(conn, with_fds=3)
                except (OSError, ValueError, ConnectionError):
                    continue
                if request.get("stop"):
                    conn.sendall(b"x")
                    return
                if len(fds) != 3:
                    for fd in fds:
                        os.close(fd)
                    continue
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    lock.close()  # the lock is the server's: a build outliving it does not hold it
                    conn.settimeout(None)
                    _child(conn, request, fds)
                for fd in fds:
                    os.close(fd)
                children.add(pid)
    finally:
        listener.close()
        if path.exists():
            path.unlink(missing_ok=True)


def _child(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """The build's process: the command's streams, folder, environment and arguments; never returns."""
    code = 1
    try:
        os.setsid()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ[SERVING_ENV] = "1"
        sys.stdin = open(0, encoding=sys.stdin.encoding, closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding=sys.stdout.encoding, closefd=False, buffering=1 if os.isatty(1) else -1)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding=sys.stderr.encoding, errors="backslashreplace", closefd=False, buffering=1)  # noqa: SIM115
        sys.argv = ["policyreport", *request["argv"]]
        _send(conn, {"pid": os.getpid()})
        threading.Thread(target=_watch, args=(conn,), daemon=True).start()
        from policyreport.cli import main

        code = main(request["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException as exc:  # noqa: BLE001 — the command shows what went wrong, in one line
        print(f"error: the warm build process failed: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        try:
            for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(s, signal.SIG_IGN)  # the command hears the result and goes: nothing to stop now
            atexit._run_exitfuncs()  # noqa: SLF001 — what a process's normal exit runs
            sys.stdout.flush()
            sys.stderr.flush()
            _send(conn, {"exit": code})
        finally:
            os._exit(code if isinstance(code, int) else 1)


def _watch(conn: socket.socket) -> None:
    """Stop the build like an interrupted one when the command that asked for it is gone."""
    try:
        while conn.recv(1):
            pass
    except OSError:
        pass
    os.kill(os.getpid(), signal.SIGTERM)


if __name__ == "__main__":
    serve(sys.argv[1])
