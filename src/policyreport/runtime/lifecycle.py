"""A build's processes live and die together.

- SIGTERM and SIGHUP are turned into `Interrupted` (a KeyboardInterrupt, like SIGINT), so the
  build stops the same way: message, exit code 128 + signal, the last good report kept.
- Every child (notebook workers, their Jupyter kernels, Jupyter Book and xelatex) asks Linux to
  kill it when its parent dies (prctl PR_SET_PDEATHSIG): a build killed with SIGKILL leaves
  nothing running. Children started with `run` are also killed when the build is interrupted.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

PR_SET_PDEATHSIG = 1
_RUNNING: set[subprocess.Popen] = set()
_LOCK = threading.Lock()


class Interrupted(KeyboardInterrupt):
    """The build received SIGINT, SIGTERM or SIGHUP."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise(signum, frame) -> None:
    raise Interrupted(signum)


def handle_signals() -> None:
    """In the main thread of the command: SIGINT, SIGTERM and SIGHUP raise `Interrupted`."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise)


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to SIGKILL this process when the thread that started it ends (Linux only;
    elsewhere a no-op). `parent`: exit at once if it is already gone (the race before prctl)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _child_setup(parent: int) -> None:
    die_with_parent(parent)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """`subprocess.run` for a child that dies with the build and is killed by `kill_children`."""
    with started(cmd, **kwargs) as proc:
        proc.wait()
    return subprocess.CompletedProcess(cmd, proc.returncode)


@functools.cache
def _setpriv() -> str | None:
    """util-linux's setpriv, when it can set the parent-death signal and run a program: a child
    started through it runs no Python between fork and exec (`preexec_fn`), so Python starts it with
    vfork, 2 ms instead of 30 from a build holding 400 MB (xelatex and its PDF driver, twice a PDF).
    Probed once with `posix_spawn`, which leaves no pipe behind for a process that another thread
    forks meanwhile to hold open. (setpriv does not check, as `_child_setup` does, that the build
    is still alive when the signal is set: a build killed in that instant leaves the child running.)"""
    path = shutil.which("setpriv")
    if path is None or not sys.platform.startswith("linux"):
        return None
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        quiet = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
        pid = os.posix_spawn(path, [path, "--pdeathsig", "KILL", "--", "true"], os.environ, file_actions=quiet)
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    except OSError:
        return None
    finally:
        os.close(devnull)
    return path if code == 0 else None


@contextmanager
def started(cmd: list[str], **kwargs) -> Iterator[subprocess.Popen]:
    """A child that runs beside the build while the block runs (`run`'s, not waited for): it dies
    with the build, `kill_children` kills it, and leaving the block kills it if it still runs. A
    program that is not installed raises FileNotFoundError, as `subprocess.Popen` does."""
    parent = os.getpid()
    setpriv = _setpriv()
    if setpriv is None:
        proc = subprocess.Popen(cmd, preexec_fn=lambda: _child_setup(parent), **kwargs)
    else:
        env = kwargs.get("env")
        if os.sep not in cmd[0] and shutil.which(cmd[0], path=os.pathsep.join(os.get_exec_path(env))) is None:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), cmd[0])
        proc = subprocess.Popen([setpriv, "--pdeathsig", "KILL", "--", *cmd], **kwargs)
    with _LOCK:
        _RUNNING.add(proc)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        with _LOCK:
            _RUNNING.discard(proc)


class _Forked:
    """What `kill_children` and `fork_call` ask of a child made by `os.fork`."""

    def __init__(self, pid: int):
        self.pid = pid

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


def as_new_process() -> None:
    """In a forked child that stands for a new Python (`fork_call`, `execute.forked_kernel`): no
    input, Python's own signal handlers, and warnings ignored when $PYTHONWARNINGS says so, as a
    new Python would ignore them on start."""
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    if os.environ.get("PYTHONWARNINGS") == "ignore" and "ignore" not in sys.warnoptions:
        import warnings

        warnings.simplefilter("ignore")


def fork_call(main, argv: list[str], log, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """`run` for `python -m <module> argv` whose `main(argv)` this process has imported already (a
    warm build, `runtime.server`): forked instead of started, with what a new process would have
    (the folder, the environment, `log` as its output, no input, Python's own signal handlers,
    the folder first on `sys.path` as `-m` puts it, warnings ignored when the environment says so),
    dying with this process and killed by `kill_children`."""
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            die_with_parent(parent)
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 — another thread may hold the old ones' locks
            sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False, buffering=1)  # noqa: SIM115
            os.chdir(cwd)
            os.environ.clear()
            os.environ.update(env)
            as_new_process()
            sys.path.insert(0, str(cwd))
            sys.argv = [main.__module__, *argv]
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # noqa: BLE001 — the log shows it, as a new process's would
            import traceback

            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            os._exit(code)
    proc = _Forked(pid)
    with _LOCK:
        _RUNNING.add(proc)
    try:
        code = proc.wait()
    finally:
        with _LOCK:
            _RUNNING.discard(proc)
    return subprocess.CompletedProcess(argv, code)


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc (Linux): what a build would leave behind if its
    workers did not die with it (checked by the kill tests and the incremental fuzz)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def kill_children() -> None:
    """Kill the children started with `run` that are still running (on an interrupted build)."""
    with _LOCK:
        procs = list(_RUNNING)
    for proc in procs:
        try:
            proc.kill()
        except OSError:
            pass


def _start_worker(parent: int, initializer, initargs: tuple) -> None:
    die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


@contextmanager
def process_pool(workers: int, initializer=None, initargs: tuple = ()) -> Iterator[ProcessPoolExecutor]:
    """A ProcessPoolExecutor whose workers die with the build, and are killed at once (not
    waited for) when the block is left by an exception such as `Interrupted`."""
    pool = ProcessPoolExecutor(
        max_workers=max(1, workers), initializer=_start_worker, initargs=(os.getpid(), initializer, initargs)
    )
    try:
        yield pool
    except BaseException:
        for proc in list((pool._processes or {}).values()):  # noqa: SLF001 — no public way to kill workers
            try:
                proc.kill()
            except OSError:
                pass
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
