"""The book project a user owns (issue 22): `policyreport init`, the project's `_config.yml`
merged onto the defaults, its `_toc.yml` with generated and own chapters, templates shadowed."""

import subprocess
import sys

import pytest
import yaml
from conftest import ROOT

from policyreport import project
from policyreport.book import chapters
from policyreport.errors import UserError

GENERATED = {"chapters/documents": "chapters/documents/*", "chapters/sources": "chapters/sources/*"}
GENERATED |= {f"chapters/{c.name}": None for c in chapters.CHAPTERS if f"chapters/{c.name}" not in GENERATED}


def test_init_writes_a_project_through_the_command_line(tmp_path):
    dest = tmp_path / "x"
    r = subprocess.run([sys.executable, "-m", "policyreport", "init", str(dest)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    for name in ("params.yaml", "_config.yml", "_toc.yml", "chapters/my_analysis.md", "README.md", ".gitignore"):
        assert (dest / name).is_file(), name
    toc, own = project.toc(dest, GENERATED, chapters.toc())
    assert [p.name for p in own] == ["my_analysis"] and own[0].notebook
    files = [c["file"] for part in yaml.safe_load(toc)["parts"] for c in part["chapters"]]
    assert files.index("chapters/my_analysis") == files.index("chapters/methods") - 1
    again = subprocess.run([sys.executable, "-m", "policyreport", "init", str(dest)], capture_output=True, text=True, cwd=ROOT)
    assert again.returncode == 2 and again.stderr.startswith("error:") and again.stderr.count("\n") == 1


def test_the_project_config_is_merged_onto_the_defaults(tmp_path):
    (tmp_path / "_config.yml").write_text("sphinx:\n  config:\n    html_show_sourcelink: false\nlogo: logo.png\n")
    cfg = project.config(tmp_path)
    assert cfg["sphinx"]["config"]["html_show_sourcelink"] is False and cfg["logo"] == "logo.png"
    assert cfg["sphinx"]["config"]["language"] == "zh_CN"  # a default the project did not touch
    assert "html_show_sourcelink" not in project.config(tmp_path / "none")["sphinx"]["config"]


def test_generated_chapters_bring_their_pages_and_unknown_pages_are_named(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/index\nparts:\n- caption: 报告\n  chapters:\n"
        "  - file: chapters/documents\n  - file: chapters/mine\n- caption: 附录\n  chapters:\n  - file: chapters/sources\n",
        encoding="utf-8",
    )
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "mine.md").write_text("# 我的一页\n\n只有文字。\n", encoding="utf-8")
    toc, own = project.toc(tmp_path, GENERATED, chapters.toc())
    data = yaml.safe_load(toc)
    assert data["parts"][0]["chapters"][0]["sections"] == [{"glob": "chapters/documents/*"}]
    assert [(p.name, p.notebook) for p in own] == [("mine", False)]
    (tmp_path / "chapters" / "mine.md").unlink()
    with pytest.raises(UserError, match="'chapters/mine' is neither a generated chapter nor a page in chapters/"):
        project.toc(tmp_path, GENERATED, chapters.toc())


def test_a_template_in_the_project_shadows_the_package_one(tmp_path):
    assert project.template(tmp_path, "overview.md").parent.name == "templates"
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "overview.md").write_text("# 概览\n", encoding="utf-8")
    assert project.template(tmp_path, "overview.md") == tmp_path / "chapters" / "overview.md"


def test_an_edit_of_any_book_file_of_the_project_changes_the_report_key(tmp_path):
    from policyreport.params import load_params

    (tmp_path / "params.yaml").write_text("title: 报告\n", encoding="utf-8")
    before = load_params(tmp_path / "params.yaml").digest()
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "mine.md").write_text("# 一\n", encoding="utf-8")
    after_page = load_params(tmp_path / "params.yaml").digest()
    (tmp_path / "_config.yml").write_text("logo: x.png\n", encoding="utf-8")
    after_config = load_params(tmp_path / "params.yaml").digest()
    (tmp_path / "chapters" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "chapters" / ".ipynb_checkpoints" / "mine-checkpoint.md").write_text("x", encoding="utf-8")
    assert len({before, after_page, after_config}) == 3
    assert load_params(tmp_path / "params.yaml").digest() == after_config
