"""Faults without a whole build (issue 10): damaged cache entries, the cache's bound, the output
lock, processes that die with their parent, one-line errors for bad parameters."""

import os
import subprocess
import sys
import time

import pytest

from policyreport import cli
from policyreport.errors import BuildError, UserError
from policyreport.runtime import lifecycle
from policyreport.runtime.cache import Cache
from policyreport.runtime.lock import OutputLock


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-5] + b"XXXXX",  # corrupt
        lambda b: b"",  # empty
        lambda b: b'{"cells": [',  # an old-format entry, cut short
    ],
)
def test_damaged_entry_is_recomputed_with_a_note(tmp_path, damage):
    cache = Cache(tmp_path / "cache")
    src = tmp_path / "nb.ipynb"
    src.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
    cache.store_file("notebooks", "index", "k" * 64, src)
    dest = tmp_path / "out" / "index.ipynb"
    assert cache.fetch_file("notebooks", "index", "k" * 64, dest) and dest.read_bytes() == src.read_bytes()
    (entry,) = (tmp_path / "cache" / "notebooks").iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    assert not cache.fetch_file("notebooks", "index", "k" * 64, tmp_path / "out" / "again.ipynb")
    assert not entry.exists() and len(cache.notes) == 1 and "damaged" in cache.notes[0]
    cache.save_object("analysis", "doc", "k" * 64, {"x": 1})
    (obj,) = (tmp_path / "cache" / "analysis").iterdir()
    obj.write_bytes(damage(obj.read_bytes()))
    assert cache.load_object("analysis", "doc", "k" * 64) is None


def test_long_names_give_bounded_cache_file_names(tmp_path):
    cache = Cache(tmp_path)
    cache.save_object("analysis", "n" * 251, "k" * 64, 1)
    (entry,) = (tmp_path / "analysis").iterdir()
    assert len(entry.name) < 120 and cache.load_object("analysis", "n" * 251, "k" * 64) == 1


def test_cache_is_bounded_least_recently_used_first(tmp_path):
    cache = Cache(tmp_path)
    for i in range(5):
        cache.save_object("analysis", f"doc{i}", "k" * 64, b"x" * 1000)
    now = time.time()
    for i, p in enumerate(sorted((tmp_path / "analysis").iterdir())):
        os.utime(p, (now - 1000 + i, now - 1000 + i))  # doc0 used longest ago
    assert cache.load_object("analysis", "doc1", "k" * 64) == b"x" * 1000  # doc1 used now
    size = sum(p.stat().st_size for p in (tmp_path / "analysis").iterdir()) // 5
    assert cache.prune(max_bytes=3 * size) == 2
    left = sorted(p.name.split("-")[0] for p in (tmp_path / "analysis").iterdir())
    assert left == ["doc1", "doc3", "doc4"]
    os.utime(tmp_path / "analysis" / next(p for p in os.listdir(tmp_path / "analysis") if p.startswith("doc3")), (0, 0))
    assert cache.prune(max_age_days=1) == 1  # unused since 1970
    assert cache.prune(max_bytes=0, keep_since=now - 10) == 1  # doc1 was used during "this build": kept
    assert [p.name.split("-")[0] for p in (tmp_path / "analysis").iterdir()] == ["doc1"]


def test_second_writer_stops_with_the_running_ones_pid(tmp_path):
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[2]); from policyreport.runtime.lock import OutputLock\n"
        "with OutputLock(sys.argv[1]):\n print('locked', flush=True); time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path), os.environ.get("PYTHONPATH", "")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(UserError) as exc:
            OutputLock(tmp_path).__enter__()
        assert f"PID {holder.pid}" in str(exc.value) and "\n" not in str(exc.value)
    finally:
        holder.kill()
        holder.wait()
    with OutputLock(tmp_path):  # the kernel released the lock of the killed process
        pass


@pytest.mark.parametrize("setpriv", [True, False], ids=["through setpriv", "preexec_fn"])
def test_children_die_with_a_killed_parent(tmp_path, setpriv):
    """A parent started `lifecycle.run` children and a process pool; SIGKILL of the parent leaves
    none, whether the parent-death signal is set by util-linux's setpriv or by Python before exec."""
    if setpriv and lifecycle._setpriv() is None:
        pytest.skip("util-linux's setpriv cannot set the parent-death signal here")
    pids = tmp_path / "pids"
    code = (
        "import os, sys, time, threading\n"
        "from policyreport.runtime import lifecycle\n"
        + ("" if setpriv else "lifecycle._setpriv = lambda: None\n")
        + "ready = threading.Event()\n"
        "def child():\n with lifecycle.started(['sleep', '120']):\n  ready.set()\n  time.sleep(120)\n"
        "threading.Thread(target=child, daemon=True).start()\n"
        "ready.wait()\n"  # a fork while another thread starts a program can hold its exec-error pipe open
        "with lifecycle.process_pool(2) as pool:\n"
        " ws = [pool.submit(os.getpid) for _ in range(4)]\n"
        f" open({str(pids)!r}, 'w').write(' '.join(str(w.result()) for w in ws))\n"
        " time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code])
    try:
        for _ in range(100):
            if pids.exists() and pids.read_text():
                break
            time.sleep(0.2)
        time.sleep(0.5)
        children = {int(p) for p in pids.read_text().split()}
        sleepers = subprocess.run(["pgrep", "-P", str(parent.pid), "sleep"], capture_output=True, text=True).stdout.split()
        assert len(sleepers) == 1
        children |= {int(p) for p in sleepers}
        assert len(children) >= 2
    finally:
        parent.kill()
        parent.wait()
    for _ in range(50):
        alive = [p for p in children if _alive(p)]
        if not alive:
            break
        time.sleep(0.2)
    assert alive == []


@pytest.mark.parametrize("setpriv", [True, False], ids=["through setpriv", "preexec_fn"])
def test_a_program_that_is_not_installed_is_named(monkeypatch, setpriv):
    if not setpriv:
        monkeypatch.setattr(lifecycle, "_setpriv", lambda: None)
    with pytest.raises(FileNotFoundError) as exc:
        lifecycle.run(["policyreport-no-such-program", "x"])
    assert exc.value.filename == "policyreport-no-such-program"
    assert lifecycle.run(["sh", "-c", "exit 3"]).returncode == 3


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize(
    "override, expected",
    [
        ("user_dict=/nonexistent/dict.txt", "/nonexistent/dict.txt: file not found (parameter 'user_dict'"),
        ("stopwords=missing_stopwords.txt", "missing_stopwords.txt: file not found (parameter 'stopwords'"),
        ("topics=missing_topics.yaml", "missing_topics.yaml: file not found (parameter 'topics'"),
        (
            "gold=missing_gold.yaml",
            "missing_gold.yaml: file not found (parameter 'gold'; point it at an existing file or set it to ''",
        ),
        ("logodds_prior=-1", "parameter 'logodds_prior' must be greater than 0"),
        ("logodds_prior=0", "parameter 'logodds_prior' must be greater than 0"),
        ("pattern=../*.txt", "parameter 'pattern'"),
        ("pattern=../../../../etc/passwd", "parameter 'pattern'"),
    ],
)
def test_bad_parameters_give_one_line(tmp_path, monkeypatch, capsys, override, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("关于测试的通知\n\n各单位：现就有关事项通知如下。\n", encoding="utf-8")
    code = cli.main(["extract", "--corpus", "corpus", "--set", override])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: ") and expected in err, err


def test_sigterm_is_handled_like_sigint():
    lifecycle.handle_signals()
    try:
        with pytest.raises(KeyboardInterrupt) as exc:
            os.kill(os.getpid(), 15)
            time.sleep(1)
        assert exc.value.signum == 15
    finally:
        import signal

        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)


def test_empty_vocabulary_is_one_line_naming_the_parameter(tmp_path, params):
    from policyreport.execute.analyse import analyse
    from policyreport.ingest.corpus import read_corpus
    from policyreport.runtime.progress import BuildResult, Progress

    (tmp_path / "a.txt").write_text("关于加强管理工作的通知\n\n各单位要加强管理。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("关于提高服务质量的通知\n\n各单位要提高服务质量。\n", encoding="utf-8")
    docs, _ = read_corpus(tmp_path)
    p = params.replace(corpus=str(tmp_path), min_term_length=1_000_000_000)
    with pytest.raises(UserError) as exc:
        analyse(docs, p, "code", Cache(tmp_path / "cache", enabled=False), Progress(True), BuildResult(), 1)
    assert "'min_term_length' is 1000000000" in str(exc.value) and "\n" not in str(exc.value)


def test_an_unexpected_error_is_one_line_unless_debug(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)

    def boom(*a, **k):
        raise RuntimeError("something\nbroke")

    monkeypatch.setattr(cli, "_run", boom)
    assert cli.main(["extract"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError: something broke" in err and "--debug" in err and "--force" in err
    with pytest.raises(RuntimeError):
        cli.main(["--debug", "extract"])


def test_a_failed_step_is_one_line_with_its_repair(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)

    def fails(*a, **k):
        raise BuildError("step 'html' failed (Jupyter Book exit code 1)\nWARNING: x; run again with --force")

    monkeypatch.setattr(cli, "_run", fails)
    assert cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err and err.rstrip().endswith("the previous report (if any) was left in place.")


def test_a_forked_worker_does_not_keep_the_lock(tmp_path):
    """Workers forked during a build inherit its files: the lock must not live on in them."""
    lock = OutputLock(tmp_path).__enter__()
    (r, w), (ready_r, ready_w) = os.pipe(), os.pipe()
    pid = os.fork()
    if pid == 0:  # a worker that outlives the build until it is told to end
        os.write(ready_w, b"x")
        os.read(r, 1)
        os._exit(0)
    try:
        os.read(ready_r, 1)
        lock.__exit__(None, None, None)
        with OutputLock(tmp_path):
            pass
    finally:
        os.write(w, b"x")
        os.waitpid(pid, 0)
        for fd in (r, w, ready_r, ready_w):
            os.close(fd)
