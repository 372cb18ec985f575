"""`build --warm` (issue 23): a fork server of the user's runs the build; what it builds is what
the command builds by itself, errors and signals reach the command, a killed command stops its
build, and the server serves only its user, from a private folder."""

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS

from policyreport.runtime import server
from policyreport.runtime.lifecycle import descendants

SRC = Path(__file__).resolve().parents[2] / "src"


def _env(tmp_path: Path) -> dict:
    run = tmp_path / "run"
    run.mkdir(mode=0o700, exist_ok=True)
    return dict(os.environ, PYTHONPATH=str(SRC), XDG_RUNTIME_DIR=str(run))


def _cli(args: list[str], env: dict, cwd: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policyreport", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, **kw
    )


def _sockets(env: dict) -> list[Path]:
    return sorted((Path(env["XDG_RUNTIME_DIR"]) / "policyreport").glob("*.sock"))


def _servers(env: dict) -> list[int]:
    pids = []
    for lock in (Path(env["XDG_RUNTIME_DIR"]) / "policyreport").glob("*.lock"):
        text = lock.read_text().strip()
        if text.isdigit() and _alive(int(text)):  # not a zombie no one has reaped yet
            pids.append(int(text))
    return pids


def _wait_for(predicate, seconds: float = 90) -> bool:
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.fixture
def warm(tmp_path):
    """An environment with its own socket folder; every server started in it is stopped after."""
    env = _env(tmp_path)
    yield env
    _cli(["server", "stop"], env, tmp_path)
    for pid in _servers(env):
        os.kill(pid, signal.SIGKILL)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _difference(alone: dict[str, bytes], served: dict[str, bytes]) -> str:
    """The records that differ, each with the lines only one of the two holds (a record's files are
    one JSON list on its last line): what a failure needs to say, whole."""
    out = [f"records only alone: {sorted(set(alone) - set(served))}; only served: {sorted(set(served) - set(alone))}"]
    for name in sorted(set(alone) & set(served)):
        if alone[name] != served[name]:
            a, b = (set(json.loads(v.splitlines()[-1] or b"[]")) for v in (alone[name], served[name]))
            out.append(f"{name}: only alone {sorted(a - b)}; only served {sorted(b - a)}")
    return "\n".join(out)


@pytest.mark.build
def test_warm_build_equals_a_build_of_its_own(tmp_path, warm):
    """A served build makes the same site, byte for byte, and keys its chapters by the same files
    (its kernels are forked from the server's modules); a bad input is the same one-line error."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, corpus)
    args = ["build", "--no-pdf", "--force", "--corpus", "corpus", "--output", "out"]
    alone = _cli(args, warm, tmp_path)
    assert alone.returncode == 0, alone.stderr
    site, reads = _tree(tmp_path / "out" / "html"), _tree(tmp_path / "out" / "cache" / "reads")

    first = _cli([*args, "--warm"], warm, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "[warm] started a warm build process for the next builds; this build runs by itself" in first.stderr
    assert _wait_for(lambda: _sockets(warm)), "the server never listened"

    served = _cli([*args, "--warm"], warm, tmp_path)
    assert served.returncode == 0, served.stderr
    assert "[warm] the build runs in your warm build process (pid " in served.stderr
    assert "HTML: " in served.stdout  # the build's own output reaches the command's streams
    assert _tree(tmp_path / "out" / "html") == site
    served_reads = _tree(tmp_path / "out" / "cache" / "reads")
    assert served_reads == reads, _difference(reads, served_reads)

    quiet = _cli([*args[:-4], "--corpus", "missing", "--output", "out", "--warm", "-q"], warm, tmp_path)
    plain = _cli([*args[:-4], "--corpus", "missing", "--output", "out", "-q"], warm, tmp_path)
    assert quiet.returncode == plain.returncode == 2
    assert quiet.stderr == plain.stderr and quiet.stderr.count("\n") == 1, quiet.stderr

    assert _cli(["server", "stop"], warm, tmp_path).stdout.strip() == "asked 1 warm build process(es) to stop"
    assert _wait_for(lambda: not _servers(warm), 30) and not _sockets(warm)


@pytest.mark.build
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_a_stopped_command_stops_its_warm_build(tmp_path, warm, sig):
    """Ctrl-C reaches the served build, which stops as an interrupted build does; a killed command
    stops its build and every process below it. The last good report stays."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:  # seven notebooks: both workers and kernels busy
        shutil.copy(seed, corpus)
    args = [sys.executable, "-m", "policyreport", "build", "--no-pdf", "--warm", "--corpus", "corpus", "--output", "out"]
    subprocess.run(args, cwd=tmp_path, env=warm, check=True, capture_output=True, timeout=600)
    assert _wait_for(lambda: _sockets(warm))
    index = (tmp_path / "out" / "html" / "index.html").read_bytes()

    proc = subprocess.Popen(
        [*args, "--force"], cwd=tmp_path, env=warm, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    child = None
    for line in proc.stderr:
        if line.startswith("[warm] the build runs in your warm build process (pid "):
            child = int(line.split("(pid ")[1].split(")")[0])
        if "[执行笔记本 notebooks]" in line:
            time.sleep(1)
            break
    assert child is not None and _alive(child)
    below = descendants(child)
    assert below  # notebook workers and kernels
    proc.send_signal(sig)
    if sig == signal.SIGINT:
        rest = proc.stderr.read()
        assert proc.wait(timeout=120) == 128 + signal.SIGINT
        assert "interrupted (SIGINT); the previous report (if any) was left in place." in rest and "Traceback" not in rest
    else:
        proc.wait(timeout=60)
    assert _wait_for(lambda: not _alive(child) and not any(_alive(p) for p in below), 60)
    assert (tmp_path / "out" / "html" / "index.html").read_bytes() == index
    assert _servers(warm)  # the server itself goes on


def test_socket_folder_is_private(tmp_path, monkeypatch):
    """The sockets' folder is made readable by the user only, and refused when others can open it."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    made = server.folder()
    assert made == tmp_path / "policyreport" and stat.S_IMODE(made.stat().st_mode) == 0o700
    made.chmod(0o755)
    with pytest.raises(PermissionError, match="not a private folder"):
        server.folder()


def test_server_key_follows_code_python_and_environment(monkeypatch):
    key = server.server_key()
    monkeypatch.setenv("PWD", "/elsewhere")  # the shell's, not the build's
    assert server.server_key() == key
    monkeypatch.setenv("POLICYREPORT_SOME_SETTING", "1")
    assert server.server_key() != key


def test_idle_server_stops_and_refuses_no_request_it_cannot_read(tmp_path):
    """A server with nothing to do stops by itself and removes its socket; a request without the
    command's three streams is dropped without a build."""
    env = _env(tmp_path)
    code = "from policyreport.runtime import server; server.serve('k', idle=3)"
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    sock_path = Path(env["XDG_RUNTIME_DIR"]) / "policyreport" / "k.sock"
    assert _wait_for(sock_path.exists, 90)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        server._from_folder(s.connect, sock_path)  # pytest-xdist's folders are deeper than a socket's path may be
        server._send(s, {"argv": ["build"], "cwd": str(tmp_path), "env": {}})  # no streams passed
        s.settimeout(30)
        assert s.recv(1) == b""  # closed: nothing ran
    assert proc.wait(timeout=60) == 0
    assert not sock_path.exists()


def test_every_module_the_server_loads_for_sphinx_exists():
    """The server skips a module it cannot import (Sphinx would miss it too), so a name that an
    upgrade renamed would silently leave its import to every build."""
    import importlib

    from policyreport.runtime import server

    names = server.sphinx_modules()
    assert "sphinx.domains.c" in names and "sphinx_design.extension" in names  # Sphinx's own list, and ours
    for name in names:
        importlib.import_module(name)


@pytest.mark.parametrize(
    ("argv", "asked"),
    [
        (["build", "--warm", "--corpus", "c", "-q"], True),
        (["build", "--warm", "--qui"], True),
        (["build", "--warm"], False),
        (["build", "--corpus", "c"], None),
        (["build", "--warm", "--help"], None),
        (["extract", "--warm"], None),
        (["--debug", "build", "--warm"], None),  # the command line hands it over itself
    ],
)
def test_python_m_policyreport_hands_a_warm_build_over_first(monkeypatch, argv, asked):
    from policyreport import __main__ as command
    from policyreport.runtime import server

    calls = []
    monkeypatch.setattr(server, "delegate", lambda a, quiet: calls.append((a, quiet)) or 7)
    assert command.handed_over(argv) == ((True, 7) if asked is not None else (False, None))
    assert calls == ([(argv, asked)] if asked is not None else [])


def test_a_warm_build_is_handed_over_before_the_command_line_is_imported(tmp_path):
    """Importing the command line (argparse, the parameters, YAML) took 0.1 s of every warm build."""
    code = (
        "import sys, runpy\n"
        "from policyreport.runtime import server\n"
        "server.delegate = lambda argv, quiet: 7\n"
        "sys.argv = ['policyreport', 'build', '--warm']\n"
        "try:\n    runpy.run_module('policyreport', run_name='__main__')\n"
        "except SystemExit as exc:\n    print(exc.code, 'policyreport.params' in sys.modules, 'argparse' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(tmp_path), timeout=120)
    assert out.stdout.split() == ["7", "False", "False"], out.stdout + out.stderr
