"""Same inputs, same output; a failed build leaves the previous report in place and says where."""

import shutil
from pathlib import Path

import pytest
from conftest import require_tex, seed_corpus

from policyreport import pipeline as book
from policyreport.book import typeset
from policyreport.errors import BuildError
from policyreport.execute import templates

pytestmark = pytest.mark.build


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory, params):
    root = tmp_path_factory.mktemp("rebuild")
    _, p = seed_corpus(root, params)
    book.build(p, root / "_build", pdf=False, quiet=True)
    return {
        "params": p,
        "out": root / "_build",
        "html": snapshot(root / "_build" / "html"),
        "data": snapshot(root / "_build" / "book" / "chapters" / "data"),
    }


def test_two_builds_give_identical_pages_tables_and_figures(first_build):
    result = book.build(first_build["params"], first_build["out"], pdf=False, quiet=True, force=True)
    assert len(result.executed) == 10 and not result.up_to_date
    second = snapshot(first_build["out"] / "html")
    assert sorted(second) == sorted(first_build["html"])
    changed = [name for name in second if second[name] != first_build["html"][name]]
    assert changed == []
    assert snapshot(first_build["out"] / "book" / "chapters" / "data") == first_build["data"]


def test_failed_notebook_keeps_previous_site_and_names_the_notebook(first_build, tmp_path, monkeypatch):
    broken = tmp_path / "templates"
    shutil.copytree(templates.TEMPLATES, broken)
    doc = broken / "document.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("m = d.meta\n", 'm = d.meta\nraise RuntimeError("模板故障")\n'), encoding="utf-8"
    )
    monkeypatch.setattr(templates, "TEMPLATES", broken)
    before = snapshot(first_build["out"] / "html")
    with pytest.raises(BuildError) as err:
        book.build(first_build["params"], first_build["out"], pdf=False, quiet=True, force=True)
    message = str(err.value)
    assert "step 'notebooks' failed" in message
    assert "document 001_4d260a6c99f69cce.txt" in message and "模板故障" in message
    assert str(first_build["out"] / ".stage" / "chapters" / "documents" / "001_4d260a6c99f69cce.ipynb") in message
    assert snapshot(first_build["out"] / "html") == before


def test_xelatex_error_names_the_pass_and_the_tex_error(tmp_path):
    require_tex()
    (tmp_path / "report.tex").write_text("\\documentclass{article}\\begin{document}\\nosuchcommand\\end{document}\n")
    with pytest.raises(
        BuildError, match=r"step 'pdf' failed: xelatex pass 1 stopped with exit code 1 \(Undefined control sequence\.\)"
    ):
        typeset.xelatex(tmp_path, tmp_path / "pdf.log")
    assert not (tmp_path / "report.pdf").exists()


def test_failed_pdf_keeps_previous_site(first_build, monkeypatch):
    require_tex()

    def failing_xelatex(latex_dir, log, max_passes=4):
        (latex_dir / "report.tex").write_text("\\documentclass{article}\\begin{document}\\nosuchcommand\\end{document}\n")
        return real_xelatex(latex_dir, log, max_passes)

    real_xelatex = typeset.xelatex
    monkeypatch.setattr(typeset, "xelatex", failing_xelatex)
    before = snapshot(first_build["out"] / "html")
    with pytest.raises(BuildError, match="step 'pdf' failed: xelatex pass 1"):  # the notebooks and HTML re-used
        book.build(first_build["params"], first_build["out"], pdf=True, quiet=True)
    assert snapshot(first_build["out"] / "html") == before
    assert not (first_build["out"] / "pdf" / "report.pdf").exists()


def test_kernel_that_cannot_start_gives_a_clear_error_and_keeps_previous_site(first_build, monkeypatch):
    from policyreport.execute import notebooks

    def no_kernel():
        raise RuntimeError("no kernel")

    monkeypatch.setattr(notebooks, "_kernel", no_kernel)  # the notebook workers are forked with it
    before = snapshot(first_build["out"] / "html")
    with pytest.raises(BuildError, match="its Jupyter kernel could not start"):
        book.build(first_build["params"], first_build["out"], pdf=False, quiet=True, force=True)
    assert snapshot(first_build["out"] / "html") == before


@pytest.mark.parametrize("force", [False, True])
def test_failed_sphinx_step_says_whether_force_repairs_it(first_build, monkeypatch, force):
    def fails(*a, **k):
        raise BuildError("step 'html' failed (Jupyter Book exit code 1); log: html.log")

    monkeypatch.setattr(typeset, "html_and_pdf", fails)
    p = first_build["params"].replace(title=f"另一个标题 {force}")  # the landing page runs again, the rest is re-used
    with pytest.raises(BuildError) as err:
        book.build(p, first_build["out"], pdf=False, quiet=True, force=force)
    message = str(err.value)
    assert "\n" not in message and message.startswith("step 'html' failed")
    assert ("run again with --force" in message) is not force and ("--force will not help" in message) is force


def test_a_notebook_that_writes_into_the_data_folder_fails_the_build(first_build, tmp_path, monkeypatch):
    """A file only an executed notebook writes is missing when the notebook comes from the cache."""
    broken = tmp_path / "templates"
    shutil.copytree(templates.TEMPLATES, broken)
    page = broken / "overview.md"
    text = page.read_text(encoding="utf-8")
    cell = "```{code-cell} ipython3\n:tags: [remove-cell]\n"
    page.write_text(text.replace(cell, cell + "open(data_dir + '/extra.txt', 'w').write('x')\n", 1), encoding="utf-8")
    monkeypatch.setattr(templates, "TEMPLATES", broken)
    with pytest.raises(BuildError, match=r"wrote 1 file\(s\) into the data folder \(first: extra.txt\)"):
        book.build(first_build["params"], first_build["out"], pdf=False, quiet=True, force=True)
