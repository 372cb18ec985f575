"""Notebooks executed one after another on a worker's kernel (`execute.notebooks`): each starts
from an empty namespace, with the garbage collector as it was, and the worker keeps one kernel
client for all of them."""

import json

import nbformat
import pytest

from policyreport.execute import notebooks
from policyreport.project import NOTEBOOK_HEADER

TEMPLATE = (
    NOTEBOOK_HEADER
    + """
# {name}

```{{code-cell}} ipython3
import gc, json
names = dir()
print(json.dumps({{"names": sorted(k for k in names if not k.startswith("_")), "collect": gc.collect.__name__}}))
secret_{name} = 1
```
"""
)


def _outputs(path):
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "secret_" in c.source)
    return json.loads(cell.outputs[0]["text"])


def test_each_notebook_starts_from_an_empty_namespace_on_one_kernel_and_client(tmp_path):
    jobs = []
    for name in ("first", "second"):
        template = tmp_path / f"{name}.md"
        template.write_text(TEMPLATE.format(name=name), encoding="utf-8")
        jobs.append(notebooks.NotebookJob(name, str(template), tmp_path / "out" / f"{name}.ipynb", {}, {}))
    try:
        assert notebooks.execute(jobs[0])[1] is None
        kernel = notebooks._kernel()
        assert notebooks.execute(jobs[1])[1] is None
        assert notebooks._kernel() == kernel  # the same kernel and the same client
    finally:
        notebooks._stop_kernel()
    first, second = _outputs(jobs[0].output), _outputs(jobs[1].output)
    assert "secret_first" not in second["names"] and first["names"] == second["names"]  # cleared before the second
    assert first["collect"] == second["collect"] == "collect"  # the reset leaves gc.collect itself


def test_a_kernel_that_misses_its_first_start_is_started_again(monkeypatch):
    """The pool's initializer starts the kernel ahead of the notebooks: a first start that fails
    (too slow to answer on a loaded machine) is tried once more instead of breaking the pool."""
    calls = []

    def kernel():
        calls.append("start")
        if calls.count("start") == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")

    monkeypatch.setattr(notebooks, "_kernel", kernel)
    monkeypatch.setattr(notebooks, "_stop_kernel", lambda: calls.append("stop"))
    notebooks._warm_up()
    assert calls == ["start", "stop", "start"]


def test_a_kernel_that_never_starts_still_breaks_the_pool(monkeypatch):
    def kernel():
        raise RuntimeError("no kernel")

    def stop():
        raise OSError("nothing to stop")

    monkeypatch.setattr(notebooks, "_kernel", kernel)
    monkeypatch.setattr(notebooks, "_stop_kernel", stop)
    with pytest.raises(RuntimeError, match="no kernel"):
        notebooks._warm_up()


FIGURE = (
    NOTEBOOK_HEADER
    + """
# Figure

```{code-cell} ipython3
import pandas as pd
from policyreport.report import charts, figure_cache
from policyreport.report.views import glue_figure
fig = charts.outline_bars(pd.Series([3, 1], index=["甲", "乙"]), "文件数")
print(type(fig).__name__)
glue_figure("fig_n", fig)
```
"""
)


def _glued(path) -> tuple[str, dict]:
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "glue_figure" in c.source)
    printed = next(o["text"].strip() for o in cell.outputs if o["output_type"] == "stream")
    glued = next(o for o in cell.outputs if o["output_type"] == "display_data")
    return printed, {"data": dict(glued["data"]), "metadata": dict(glued["metadata"])}


def test_a_chapter_s_unchanged_figure_comes_from_the_cache_with_the_same_output(tmp_path):
    """In a build's kernel a chart whose inputs are unchanged is not drawn again, and the notebook
    shows exactly what a draw shows; a notebook run without the cache draws."""
    template = tmp_path / "figure.md"
    template.write_text(FIGURE, encoding="utf-8")
    figures = (str(tmp_path / "cache"), "code", True)
    runs = []
    try:
        for i, kept in enumerate((figures, figures, None)):
            job = notebooks.NotebookJob(f"figure{i}", str(template), tmp_path / "out" / f"figure{i}.ipynb", {}, {})
            assert notebooks.execute(job, None, kept)[1] is None
            runs.append(_glued(job.output))
    finally:
        notebooks._stop_kernel()
    assert [printed for printed, _ in runs] == ["Figure", "KeptFigure", "Figure"]
    assert runs[0][1] == runs[1][1] == runs[2][1]
    assert "application/papermill.record/image/png" in runs[0][1]["data"]
    assert len(list((tmp_path / "cache" / "figures").iterdir())) == 1


KEEPS = [
    ("a corpus chapter of the package", "policy", {}, False, True),
    ("a document page of the package in a kernel", "document", {"doc_id": "001"}, False, True),
    ("a document page rendered without a kernel", "document", {"doc_id": "001"}, True, False),
]


@pytest.mark.parametrize("what,template,parameters,inline,keeps", KEEPS, ids=[k[0] for k in KEEPS])
def test_the_package_s_notebooks_in_a_kernel_keep_their_figures(what, template, parameters, inline, keeps, tmp_path):
    job = notebooks.NotebookJob(template, template, tmp_path / "x.ipynb", parameters, {}, inline)
    assert notebooks.keeps_figures(job) is keeps


def test_a_project_s_own_notebook_keeps_no_figures(tmp_path):
    """A user's chapter may change a figure after a chart drew it: its charts always draw."""
    own = tmp_path / "mine.md"
    own.write_text(FIGURE, encoding="utf-8")
    assert not notebooks.keeps_figures(notebooks.NotebookJob("mine", str(own), tmp_path / "mine.ipynb", {}, {}))


def test_kernel_starts_take_turns(tmp_path, monkeypatch):
    """Two kernel starts never choose ports at the same time (`notebooks.ports_taken`): the second
    waits until the first has left its turn, also from another thread of the same process."""
    import threading
    import time

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    events = []
    inside = threading.Event()

    def first():
        with notebooks.ports_taken():
            events.append("first in")
            inside.set()
            time.sleep(0.5)
            events.append("first out")

    t = threading.Thread(target=first)
    t.start()
    inside.wait(10)
    with notebooks.ports_taken():
        events.append("second in")
    t.join()
    assert events == ["first in", "first out", "second in"]


FAULTY = (
    NOTEBOOK_HEADER
    + """
# faulty

```{{code-cell}} ipython3
import os, pathlib
runs = pathlib.Path({runs!r})
runs.write_text(runs.read_text() + "run\\n" if runs.exists() else "run\\n")
if {fault!r} == "kernel" and runs.read_text().count("run") == 1:
    os._exit(1)  # the kernel dies under its first run
if {fault!r} == "code":
    raise ValueError("the notebook's own error")
print("done")
```
"""
)


@pytest.mark.parametrize(
    "fault, runs, error",
    [
        ("kernel", 2, None),  # the kernel died: the notebook runs again, on a new kernel, and succeeds
        ("code", 1, "the notebook's own error"),  # its code failed: reported at once, not run again
        ("none", 1, None),
    ],
)
def test_a_notebook_runs_again_only_when_its_kernel_failed(tmp_path, fault, runs, error):
    template = tmp_path / "faulty.md"
    record = tmp_path / "runs.txt"
    template.write_text(FAULTY.format(runs=str(record), fault=fault), encoding="utf-8")
    job = notebooks.NotebookJob("faulty", str(template), tmp_path / "out" / "faulty.ipynb", {}, {})
    try:
        name, message, _ = notebooks.execute(job)
    finally:
        notebooks._stop_kernel()
    assert record.read_text().count("run") == runs
    if error is None:
        assert message is None and "done" in job.output.read_text()
    else:
        assert error in message and str(job.output) in message


@pytest.mark.parametrize(
    "exc, fault",
    [
        (ValueError("Invalid Signature: b'e0b4db50'"), True),
        (RuntimeError("Timeout waiting for IOPub output"), True),
        (RuntimeError("Kernel died before replying to kernel_info"), True),
        (ValueError("could not convert string to float: 'x'"), False),
        (RuntimeError("Kernel didn't respond in 60 seconds"), False),  # a start that failed: not a notebook's run
    ],
)
def test_kernel_faults_are_told_from_the_notebook_s_errors(exc, fault):
    assert notebooks.kernel_fault(exc) is fault


def test_an_error_in_a_cell_about_signatures_is_the_notebook_s():
    from papermill.exceptions import PapermillExecutionError

    exc = PapermillExecutionError(
        0, 1, "raise ValueError(...)", "ValueError", "Invalid Signature", ["ValueError: Invalid Signature"]
    )
    assert notebooks.kernel_fault(exc) is False
