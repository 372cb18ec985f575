"""One writer per output folder: an exclusive `fcntl` lock on `<output>/.lock`, held for the
whole build. The kernel releases it when the process ends, however it ends (even SIGKILL), so
a stale lock file never blocks a later build. Forked workers close their copy of the lock at
once: a build that ended holds no lock through workers that are still being killed."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from policyreport.errors import UserError

LOCK_NAME = ".lock"
_HELD: set[int] = set()


def _close_in_child() -> None:
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class OutputLock:
    """`with OutputLock(folder):` — a second build of the same folder stops with a one-line
    message naming the running build's process id."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.fd: int | None = None

    def __enter__(self) -> OutputLock:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / LOCK_NAME
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise UserError(
                f"{self.folder}: another build (PID {holder}) is writing to this folder; "
                "wait for it to finish or choose another --output"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        _HELD.add(fd)
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            _HELD.discard(self.fd)
            os.ftruncate(self.fd, 0)
            os.close(self.fd)  # closing releases the lock
            self.fd = None
