"""Kills and concurrency on a real build (issue 10): a second build of the same folder stops with
the first one's PID; SIGTERM stops a build like SIGINT; after SIGKILL no worker or kernel is left."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS

from policyreport.runtime.lifecycle import descendants

pytestmark = pytest.mark.build
SRC = Path(__file__).resolve().parents[2] / "src"


def _alive(pids: set[int]) -> set[int]:
    left = set()
    for p in pids:
        try:
            if Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                left.add(p)
        except (OSError, IndexError):
            pass
    return left


def _start(cmd, cwd) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for line in proc.stderr:  # wait until the notebooks run: workers and kernels are all up
        if "[执行笔记本 notebooks]" in line:
            time.sleep(2)
            return proc
    pytest.fail(f"the build ended before its notebooks (exit {proc.wait()})")


def _wait_gone(pids: set[int], seconds: float = 20) -> set[int]:
    end = time.time() + seconds
    while _alive(pids) and time.time() < end:
        time.sleep(0.2)
    return _alive(pids)


def test_lock_sigterm_and_sigkill(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:  # two documents: seven notebooks, both workers busy
        shutil.copy(seed, corpus)
    cmd = [
        sys.executable,
        "-m",
        "policyreport",
        "build",
        "--no-pdf",
        "--force",
        "--corpus",
        str(corpus),
        "--output",
        str(tmp_path / "_build"),
    ]

    first = _start(cmd, tmp_path)
    second = subprocess.run(
        cmd, cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(SRC)), capture_output=True, text=True, timeout=300
    )
    assert second.returncode == 2 and f"PID {first.pid}" in second.stderr and second.stderr.count("\n") == 1, second.stderr
    children = descendants(first.pid)
    assert len(children) >= 2  # notebook workers and their kernels
    first.send_signal(signal.SIGTERM)
    rest = first.stderr.read()
    assert first.wait(timeout=120) == 128 + signal.SIGTERM
    assert "interrupted (SIGTERM); the previous report (if any) was left in place." in rest and "Traceback" not in rest
    assert _wait_gone(children) == set()

    killed = _start(cmd, tmp_path)
    children = descendants(killed.pid)
    assert len(children) >= 2
    killed.kill()
    killed.wait()
    assert _wait_gone(children) == set()


def _sphinx_workers(build: int) -> set[int]:
    """The processes Sphinx forked to read and write pages in parallel (children of Jupyter Book)."""
    for pid in descendants(build):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == build and b"jupyter_book_cli" in cmdline:
            return descendants(pid)
    return set()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A finished build of the seeds, copied by each test that stops the next one."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(SEEDS, root / "corpus")
    cmd = [sys.executable, "-m", "policyreport", "build", "--no-pdf", "--corpus", "corpus", "--set", "title=第一版"]
    subprocess.run(cmd, cwd=root, env=dict(os.environ, PYTHONPATH=str(SRC)), check=True, capture_output=True, timeout=600)
    return root


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_no_process_survives_a_kill_during_sphinx(built, tmp_path, sig):
    shutil.copytree(built, tmp_path, dirs_exist_ok=True)
    # a new title: Sphinx rewrites every page (html_title changed), in parallel processes
    cmd = [
        sys.executable,
        "-m",
        "policyreport",
        "build",
        "--no-pdf",
        "--jobs",
        "2",
        "--corpus",
        "corpus",
        "--set",
        "title=第二版",
    ]
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for line in proc.stderr:
        if line.startswith("[HTML]"):
            break
    workers: set[int] = set()
    while not workers and proc.poll() is None:
        workers = _sphinx_workers(proc.pid)
    assert workers, f"the build ended (exit {proc.wait()}) before Sphinx started workers"
    everything = descendants(proc.pid)
    proc.send_signal(sig)
    assert proc.wait(timeout=120) == (128 + sig if sig == signal.SIGTERM else -sig)
    assert _wait_gone(everything | workers) == set()


def _site(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_killed_while_publishing_leaves_a_whole_site(built, tmp_path):
    """Published by exchanging two folders in one rename: whenever the build dies, html/ is the
    last good site or the new one, never part of each."""
    shutil.copytree(built, tmp_path, dirs_exist_ok=True)
    before = _site(tmp_path / "_build" / "html")
    cmd = [sys.executable, "-m", "policyreport", "build", "--no-pdf", "--corpus", "corpus", "--set", "title=第二版"]
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for line in proc.stderr:
        if line.startswith("[发布 publishing]"):
            proc.kill()
            break
    proc.wait()
    killed = _site(tmp_path / "_build" / "html")
    subprocess.run(cmd, cwd=tmp_path, env=env, check=True, capture_output=True, timeout=600)
    after = _site(tmp_path / "_build" / "html")
    assert after != before and killed in (before, after)
