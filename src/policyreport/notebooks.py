"""Parameterized notebooks: fill a template, execute it with papermill, tidy it for the book."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True)
class NotebookJob:
    """One papermill run: a template, the executed copy's path, its parameters, its title tokens."""

    name: str
    template: str
    output: Path
    parameters: dict
    tokens: dict


def prepare(job: NotebookJob) -> Path:
    """Write the template as .ipynb next to its output, with the title tokens filled in."""
    nb = jupytext.read(TEMPLATES / job.template)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # nbformat would draw random ids: the same template must give the same file
        if cell.cell_type == "markdown":
            for token, value in job.tokens.items():
                cell.source = cell.source.replace(token, value)
    nb.metadata.pop("jupytext", None)
    job.output.parent.mkdir(parents=True, exist_ok=True)
    src = job.output.with_suffix(".input.ipynb")
    nbformat.write(nb, src)
    return src


def tidy(path: Path) -> None:
    """Hide papermill's injected-parameters cell and drop run-specific metadata and random ids."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # papermill gives its injected cell a random id
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.execution_count = None
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = None
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, path)


def execute(job: NotebookJob) -> tuple[str, str | None]:
    """Run one notebook; returns (name, None) or (name, error message naming the notebook)."""
    import papermill as pm

    src = prepare(job)
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    try:
        pm.execute_notebook(
            str(src), str(job.output), parameters=job.parameters, cwd=str(job.output.parent),
            kernel_name="python3", progress_bar=False, log_output=False, request_save_on_cell_execute=False,
        )
    except Exception as exc:  # papermill raises PapermillExecutionError and kernel errors alike
        first = str(exc).strip().splitlines()
        detail = next((ln for ln in reversed(first) if ln.strip()), type(exc).__name__)
        return job.name, f"{detail[:300]} (the executed notebook with the traceback: {job.output})"
    finally:
        src.unlink(missing_ok=True)
    tidy(job.output)
    return job.name, None
