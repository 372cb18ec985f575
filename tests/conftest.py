"""Shared fixtures: the project's parameters, the seed corpus analysed once, the built report."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from policyreport.extract import document as analysis
from policyreport.ingest import corpus
from policyreport.params import load_params

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = yaml.safe_load((ROOT / "tests" / "gold" / "seeds.yaml").read_text(encoding="utf-8"))


# The test files that build whole books, longest first (seconds each in one `make test`, from
# `pytest --durations`): with `--dist loadfile --no-loadscope-reorder` the two workers take files
# in this order, so the long ones start first and the many short files fill in at the end
# (longest-processing-time-first). xdist's own order (most tests first) ran the two longest last,
# on one worker, while the other had finished. test_build comes early: it builds the report the
# other files share (`built_report`).
LONGEST_FIRST = (
    "pipeline/test_incremental_clean.py",  # 124
    "pipeline/test_incremental_random.py",  # 100
    "pipeline/test_build.py",  # 33, the shared report
    "pipeline/test_cache.py",  # 129
    "pipeline/test_security.py",  # 106
    "pipeline/test_kill.py",  # 105
    "pipeline/test_rebuild.py",  # 103
    "pipeline/test_browser.py",  # 75
    "pipeline/test_large_corpus.py",  # 39
    "pipeline/test_english.py",  # 34
    "pipeline/test_publish_cli.py",  # 34
    "pipeline/test_hostile.py",  # 28
    "report/test_originals.py",  # 23
    "pipeline/test_project_build.py",  # 22
    "pipeline/test_sinks.py",  # 21
)


def pytest_collection_modifyitems(items):
    """The tests in LONGEST_FIRST order, then the other build tests, then the rest (each group in
    collection order)."""
    tests = Path(__file__).resolve().parent
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}

    def key(item) -> tuple[int, int]:
        name = item.path.resolve().relative_to(tests).as_posix() if tests in item.path.resolve().parents else ""
        return rank.get(name, len(rank)), 0 if item.get_closest_marker("build") else 1

    items.sort(key=key)


def outputs_under_hash_seeds(code: str, seeds=("1", "2", "3")) -> set[str]:
    """What a Python snippet prints, run in a new process under each PYTHONHASHSEED: one element
    when its result does not depend on the order of a set or dict of strings."""
    import subprocess
    import sys

    return {
        subprocess.run(
            [sys.executable, "-c", code], env=dict(os.environ, PYTHONHASHSEED=seed), capture_output=True, text=True, check=True
        ).stdout
        for seed in seeds
    }


def require_tex() -> None:
    """PDF tests need xelatex: skipped with the reason where it is absent, failed under `make test`
    (which installs TeX Live and sets POLICYREPORT_REQUIRE_TEX), so CI always runs them."""
    if shutil.which("xelatex"):
        return
    message = "xelatex is not installed: `make test` installs the LaTeX packages (scripts/system-deps.sh pdf)"
    if os.environ.get("POLICYREPORT_REQUIRE_TEX"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def params():
    return load_params(ROOT / "params.yaml")


@pytest.fixture(scope="session")
def seed_results(params):
    """{file name: DocumentResult} for the five seeds."""
    docs, skipped = corpus.read_corpus(SEEDS, "*.txt")
    assert not skipped
    res = analysis.Dictionaries.load(params)
    return {d.file: analysis.analyse_document(d, res, params) for d in docs}


def seed_corpus(root: Path, params: dict) -> tuple[Path, dict]:
    """A copy of the seeds under root, and the parameters that point at it (sources stay untouched)."""
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus, params.replace(corpus=str(corpus))


@pytest.fixture(scope="session")
def built_report(tmp_path_factory, params):
    """The whole report (HTML + PDF) built once into a temporary folder from a copy of the seeds,
    shared by the test workers (pytest-xdist): the first worker to ask builds it under a file
    lock, the others wait and read it. Tests only read it (test_publish_cli copies it)."""
    import fcntl
    import pickle

    from policyreport.pipeline import build

    require_tex()
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    out, done = shared / "built_report", shared / "built_report.pickle"
    with open(shared / "built_report.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            shutil.rmtree(out, ignore_errors=True)  # a build that failed in another worker
            out.mkdir()
            corpus_dir, p = seed_corpus(out, params)
            result = build(p, out / "_build", pdf=True, jobs=os.cpu_count(), quiet=True)
            done.write_bytes(pickle.dumps({"result": result, "dir": out / "_build", "corpus": corpus_dir}))
    return pickle.loads(done.read_bytes())


class Elements(HTMLParser):
    """Every element of a page with its attributes, and the text inside <script> elements."""

    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


@pytest.fixture(scope="session")
def analysed(params):
    """analysed(name) → (Document, meta) of a real file in tests/formats, read and analysed once."""
    dicts = analysis.Dictionaries.load(params)
    done: dict[str, tuple] = {}

    def run(name: str):
        if name not in done:
            docs, _ = corpus.read_file(ROOT / "tests" / "formats" / name, set(), name)
            done[name] = (docs[0], analysis.analyse_document(docs[0], dicts, params).meta)
        return done[name]

    return run
