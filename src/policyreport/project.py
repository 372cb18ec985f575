"""The book project a user owns: `_config.yml`, `_toc.yml` and `chapters/` at its top.

The package keeps the defaults (skeleton/_config.yml, the chapter table, the templates). In a
project:
- `_config.yml` is deep-merged onto the default configuration (a key set here wins; a mapping
  is merged key by key);
- `_toc.yml` decides the order of the chapters and may list pages of the user's own beside the
  generated ones; a generated chapter with generated pages under it (`chapters/documents`,
  `chapters/sources`) is listed with one entry and its pages follow;
- a file in `chapters/` named like a template (`overview.md`, `document.md` …) or a static page of
  the skeleton (`documents.md`, `sources.md`, `bibliography.md`) takes its place; any other page
  listed in `_toc.yml` is the user's own: a MyST notebook or `.ipynb` is executed by papermill
  with the report's data (read it with `policyreport.data`), a plain page is copied.

`policyreport init DIR` writes such a project.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from policyreport.errors import UserError
from policyreport.ingest.datafiles import read_yaml
from policyreport.paths import SKELETON, TEMPLATES

CONFIG, TOC, CHAPTERS = "_config.yml", "_toc.yml", "chapters"
PAGE_SUFFIXES = (".md", ".ipynb")


def files_digest(root: Path) -> str:
    """SHA-256 over the project's book files (_config.yml, _toc.yml, everything in chapters/ but
    hidden files and notebook checkpoints): an edit of any of them is a change of the report."""
    h = hashlib.sha256()
    files = [root / CONFIG, root / TOC, *sorted((root / CHAPTERS).rglob("*"))]
    for path in files:
        rel = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            h.update(rel.as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def deep_merge(base: dict, override: dict) -> dict:
    """`override` onto `base`: mappings merged key by key, anything else replaced."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def config(root: Path) -> dict:
    """The book's configuration: the package default with the project's `_config.yml` merged on."""
    cfg = yaml.safe_load((SKELETON / CONFIG).read_text(encoding="utf-8"))
    own = root / CONFIG
    if own.is_file():
        override = read_yaml(own, "Jupyter Book configuration of the project")
        if not isinstance(override, dict):
            raise UserError(f"{own}: expected a mapping of Jupyter Book settings")
        cfg = deep_merge(cfg, override)
    return cfg


def own_template(root: Path, name: str) -> Path | None:
    """The project's `chapters/<name>` that replaces the package's template `name`, if any."""
    own = root / CHAPTERS / name
    return own if own.is_file() else None


def template(root: Path, name: str) -> Path:
    """A notebook template (`overview.md` …): the project's `chapters/<name>` if it has one."""
    return own_template(root, name) or TEMPLATES / name


def static_page(root: Path, name: str) -> Path:
    """A static chapter page of the skeleton (`documents.md` …), or the project's own."""
    own = root / CHAPTERS / name
    return own if own.is_file() else SKELETON / CHAPTERS / name


@dataclass(frozen=True)
class OwnPage:
    """A page of the user's own listed in `_toc.yml`: `chapters/<name>` and its source file."""

    name: str  # path under chapters/ without suffix, e.g. "my_analysis"
    source: Path

    @property
    def notebook(self) -> bool:
        """A page with code to run: an .ipynb, or MyST Markdown with code cells."""
        if self.source.suffix == ".ipynb":
            return True
        return "```{code-cell}" in self.source.read_text(encoding="utf-8")


def _entries(toc: dict):
    """Every `file:` entry of a jb-book TOC, depth first."""
    stack = [toc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                yield node
            stack.extend(reversed([v for k, v in node.items() if k in ("parts", "chapters", "sections")]))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def toc(root: Path, generated: dict, default: str, caption=lambda text: text) -> tuple[str, list[OwnPage]]:
    """`_toc.yml` for the book and the user's own pages in it. `generated`: the generated pages
    ({"chapters/documents": sections glob or None, …}); `default`: the package's own TOC, used
    when the project has none. A generated page missing from the project's TOC is simply left
    out; a listed page that is neither generated nor in `chapters/` is an error. `caption`: a
    part's caption as the report shows it (its English in an English report)."""
    own_toc = root / TOC
    if not own_toc.is_file():
        return default, []
    data = read_yaml(own_toc, "table of contents of the project")
    if not isinstance(data, dict) or data.get("format") != "jb-book" or not isinstance(data.get("root"), str):
        raise UserError(f"{own_toc}: expected a Jupyter Book TOC (format: jb-book, root: chapters/index, parts: …)")
    pages: list[OwnPage] = []
    for entry in [{"file": data["root"]}, *_entries(data)]:
        name = entry["file"].removesuffix(".md").removesuffix(".ipynb")
        if name in generated:
            if generated[name] and "sections" not in entry:
                entry["sections"] = [{"glob": generated[name]}]
            continue
        rel = name.removeprefix(f"{CHAPTERS}/")
        found = [root / CHAPTERS / f"{rel}{s}" for s in PAGE_SUFFIXES if (root / CHAPTERS / f"{rel}{s}").is_file()]
        if not name.startswith(f"{CHAPTERS}/") or not found or ".." in Path(rel).parts:
            raise UserError(f"{own_toc}: '{entry['file']}' is neither a generated chapter nor a page in {CHAPTERS}/")
        pages.append(OwnPage(rel, found[0]))
    for part in data.get("parts") or []:
        if isinstance(part, dict) and isinstance(part.get("caption"), str):
            part["caption"] = caption(part["caption"])
    header = f"# From {TOC} of the project; generated pages are picked up by glob.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), pages


# The front matter that makes a Markdown file a MyST notebook (Jupytext) on the python3 kernel.
NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""

OWN_CHAPTER = (
    NOTEBOOK_HEADER
    + """
# 我的分析

这是一章您自己的分析：构建时由 papermill 与其他章节一样执行，读取本报告的分析数据
（`policyreport.data`），并可以用 `glue` 把计算结果写进正文。

```{code-cell} ipython3
:tags: [remove-cell]
import policyreport.data as prd
from myst_nb import glue

docs = prd.documents()
glue("n_docs", len(docs), display=False)
glue("n_genres", docs["genre"].nunique(), display=False)
```

本语料共 {glue:}`n_docs` 份文件，分属 {glue:}`n_genres` 个文种。

```{code-cell} ipython3
:tags: [remove-input]
docs[["title", "genre", "year"]].rename(columns={"title": "标题", "genre": "文种", "year": "年份"})
```
"""
)

PARAMS = """# Parameters of this report. `python -m policyreport build` run in this folder reads this file;
# every parameter not set here keeps its default. Every parameter, its type, default and meaning:
#   python -m policyreport build --help
# Relative paths are resolved against the folder of this file.

corpus: corpus                 # folder holding the documents (.txt and the other formats read)
title: 政策文本分析报告
author: ""                     # the report's author(s); or a list under `authors:` with name, orcid, affiliation
# base_url: https://example.org/report/   # where the site will be published (for citations)
# n_key_terms: 10
# kwic_keywords: [数字化, 营商环境]
"""

CONFIG_TEXT = """# Jupyter Book settings of this report, merged onto policyreport's defaults: set only what you
# change. Reference: https://jupyterbook.org/en/stable/customize/config.html
# The title and author come from params.yaml.

sphinx:
  config:
    html_show_sourcelink: false
"""

README = """# {name}

A policy-text report built by policyreport (Jupyter Book 1 + papermill).

- `params.yaml`: the corpus folder, title, authors and analysis settings;
- `_config.yml`: Jupyter Book settings, merged onto policyreport's defaults;
- `_toc.yml`: the order of the chapters; add your own pages under `chapters/` and list them here;
- `chapters/my_analysis.md`: an example chapter of your own (reads the data with `policyreport.data`);
  a file in `chapters/` named like one of policyreport's templates replaces it.

Put your documents in `corpus/`, then run `python -m policyreport build` in this folder; the site is
in `_build/html`, the PDF in `_build/pdf/report.pdf`.
"""


def init(dest: Path, default_toc: str) -> list[Path]:
    """Write a new project into `dest` (absent or empty): params.yaml, _config.yml, _toc.yml with
    one chapter of the user's own, chapters/my_analysis.md, corpus/, README.md, .gitignore."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UserError(f"{dest}: exists and is not an empty folder; init writes a new project")
    toc_data = yaml.safe_load(default_toc)
    report = next(p for p in toc_data["parts"] if any(c["file"] == "chapters/methods" for c in p["chapters"]))
    at = next(i for i, c in enumerate(report["chapters"]) if c["file"] == "chapters/methods")
    report["chapters"].insert(at, {"file": "chapters/my_analysis"})
    for part in toc_data["parts"]:
        for c in part["chapters"]:
            c.pop("sections", None)  # generated pages follow their chapter by themselves
    files = {
        "params.yaml": PARAMS,
        CONFIG: CONFIG_TEXT,
        TOC: "# The chapters in order. chapters/documents and chapters/sources bring their generated pages.\n"
        + yaml.safe_dump(toc_data, allow_unicode=True, sort_keys=False),
        f"{CHAPTERS}/my_analysis.md": OWN_CHAPTER,
        "README.md": README.format(name=dest.name),
        ".gitignore": "_build/\n*.ipynb_checkpoints\n",
        "corpus/.keep": "",
    }
    written = []
    for rel, text in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
