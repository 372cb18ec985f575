"""The staging folder: the book as this build assembles it (data, pages, configuration), kept
between builds so that a change rewrites only the files it changes (`book.kept`)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from policyreport import project
from policyreport.book import chapters, provenance
from policyreport.book.kept import KeptFolder
from policyreport.params import Params
from policyreport.paths import SKELETON
from policyreport.runtime.cache import digest
from policyreport.sphinxext import glyphs

COMMAND = "python -m policyreport build --params params.used.yaml"


def evaluation(params: Params, results: dict) -> dict | None:
    """Precision/recall against the gold file for the corpus files it annotates, if any."""
    from policyreport.extract.evaluate import evaluate, load_gold
    from policyreport.paths import display_path

    if not params.gold or not Path(params.gold).is_file():
        return None
    gold = load_gold(params.gold)
    by_file = {r.meta["file"]: r for r in results.values() if r.meta["file"] in gold}
    if not by_file:
        return None
    table, errors = evaluate(by_file, gold)
    return {
        "gold": display_path(params.gold),
        "files": sorted(by_file),
        "table": table.to_dict(orient="records"),
        "mismatches": len(errors),
    }


def corpus_info(results: dict, skipped: list, params: Params, version: str, date: str) -> dict:
    """What `corpus.json` holds besides the tables: documents, skipped files, parameters, provenance."""
    from policyreport.extract.entities import rule_numbers
    from policyreport.report import bib

    shown = chapters.shown_text(params)
    return {
        "documents": [r.meta for _, r in sorted(results.items())],
        "skipped": [{"file": s.file, "reason": s.reason} for s in skipped],
        "params_shown": params.shown(),
        # the comparison chapter states the reuse rule from these, not from `params_shown`, which
        # holds the title too: a new title would re-run the chapter
        "reuse_rule": {"reuse_min_sentences": params.reuse_min_sentences, "reuse_min_share": params.reuse_min_share},
        "entity_rules": rule_numbers(params.orgs, params.user_dict),
        "provenance": {"versions": provenance.package_versions()},
        "language": params.language,
        "report": {
            "title": shown(params.title),
            "author": shown(params.author),
            "version": version,
            "build_date": date,
            "commit": provenance.git_commit(),
            "command": COMMAND,
            "bibtex": bib.report_entry(f"policyreport-{version}", shown(params.title), shown(params.author), version, date),
        },
        "evaluation": evaluation(params, results),
        "document_chapters": True,
        "documents_listed": chapters.listed(len(results), params),
    }


def write_config(stage: Path, params: Params, listed: bool = True, cjk_class: str | None = None, out=None) -> None:
    """`_config.yml` from the skeleton with the title and author (escaped for HTML and for LaTeX)
    and the search dictionary; `_toc.yml`
    from the chapter table; the static pages and files of the skeleton. Written through `out`
    (a `store.Disk` by default)."""
    from policyreport.report.render import latex_text, one_line
    from policyreport.report.store import DISK

    out = out or DISK

    root = Path(params.project)
    cfg = project.config(root)
    shown = chapters.shown_text(params)
    title, author_text = shown(params.title), shown(params.author)
    cfg["title"] = one_line(title)  # HTML-escaped in every page by build.sphinx_ext
    cfg["author"] = one_line(author_text)
    # the title page sets the author in a one-column tabular: a box lets a long one break
    author = f"\\parbox[t]{{0.8\\linewidth}}{{\\centering {latex_text(author_text)}}}"
    cfg["latex"]["latex_documents"].update(title=latex_text(title), author=author)
    if cjk_class is not None:  # else the LaTeX build reads the fonts itself (sphinxext/latex.py)
        elements = cfg["sphinx"]["config"]["latex_elements"]
        elements["fontpkg"] = elements.get("fontpkg", "") + cjk_class + glyphs.CJK_CLASS_DONE
    cfg["sphinx"]["config"]["html_search_options"] = {"dict": str(Path(params.user_dict).resolve())}
    if params.language == "en":
        english_config(cfg)
    out.write(stage / "_config.yml", yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False).encode("utf-8"))
    toc, own = chapters.book_toc(params, listed)
    out.write(stage / "_toc.yml", toc.encode("utf-8"))
    for page in own:
        if not page.notebook:  # a notebook is executed into place (chapters.own_jobs)
            out.write(stage / "chapters" / f"{page.name}{page.source.suffix}", page.source.read_bytes())
    by_name = {c.name: c for c in chapters.CHAPTERS}
    for md in sorted((SKELETON / "chapters").glob("*.md")):
        page = project.static_page(root, md.name)
        text = static_text(page.read_text(encoding="utf-8"), package=page == md)
        if md.stem in by_name and "{tableofcontents}" not in text:  # a project's own page may place it itself
            text += "\n" + chapters.contents_block(by_name[md.stem], listed)
        out.write(stage / "chapters" / md.name, text.encode("utf-8"))
    for f in sorted((SKELETON / "static").rglob("*")):
        if f.is_file():
            out.write(stage / "static" / f.relative_to(SKELETON / "static"), f.read_bytes())
    out.write(stage / "methods.bib", (SKELETON / "methods.bib").read_bytes())


def english_config(cfg: dict) -> None:
    """The Sphinx and LaTeX settings of an English report, set on the merged configuration.

    `language: en` gives `<html lang="en">`, English theme strings and LaTeX's English captions.
    The search keeps the Chinese splitter (`html_search_language: zh`): for Latin words it is
    Sphinx's English one (Porter stemmer, English stopwords), and it still cuts the Chinese of
    quotes and document names with jieba, which the English splitter would index as whole
    runs of characters that no query matches."""
    sphinx = cfg["sphinx"]["config"]
    sphinx["language"] = "en"
    sphinx["html_search_language"] = "zh"
    sphinx["numfig_format"] = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s", "section": "Section %s"}
    latex = sphinx.setdefault("latex_elements", {})
    # added after the package's Chinese captions, so these are the ones in force
    latex["preamble"] = str(latex.get("preamble", "")) + ENGLISH_CAPTIONS
    # Sphinx loads xeCJK for Chinese only: an English report loads it itself for the quoted Chinese
    latex["fontpkg"] = "\\usepackage{xeCJK}\n" + str(latex.get("fontpkg", ""))


ENGLISH_CAPTIONS = (
    "\\addto\\captionsenglish{\\renewcommand{\\contentsname}{Contents}\\renewcommand{\\bibname}{References}"
    "\\renewcommand{\\figurename}{Figure}\\renewcommand{\\tablename}{Table}\\renewcommand{\\chaptername}{}}\n"
)


def static_text(text: str, package: bool) -> str:
    """A static page in the report's language: a package page through the catalogue (whole), a
    project's own page as written unless the catalogue has it."""
    from policyreport.report import i18n

    try:
        text = i18n.markdown(text)
    except i18n.MissingTranslation:
        if package:
            raise
    return text.rstrip("\n") + "\n"


def write_stage(
    stage: Path,
    results: dict,
    tables: dict,
    info: dict,
    params: Params,
    docs: list = (),
    cjk_class: str | None = None,
    code: str = "",
    fresh: bool = False,
    notebooks: list[Path] = (),
) -> tuple[Path, KeptFolder]:
    """Data files, references, source pages (with each document's original for download, from
    `docs`) and configuration of the book, into the staging folder kept from the last build
    (`book.kept`: only what changed is written, what this build does not write is removed but for
    the files and folders `notebooks`, which the notebooks write next; `fresh` trusts nothing
    recorded); returns the data folder and the kept folder. `cjk_class`: the LaTeX lines of
    `glyphs.cjk_class`, when this process has read the fonts. `code`: the code hash."""
    from policyreport.execute.analyse import analysis_key, table_sources
    from policyreport.params import Role
    from policyreport.report import bib, network_files, originals, pages, store
    from policyreport.report.views.common import document_labels

    out = KeptFolder(stage, digest(code, json.dumps(info["provenance"]["versions"], sort_keys=True)), fresh)
    data = stage / "chapters" / "data"
    a_hash, corpus_hash, by_id = params.analysis_digest(), params.digest({Role.CORPUS}), {d.doc_id: d for d in docs}
    for doc_id, r in sorted(results.items()):
        doc = by_id.get(doc_id)
        sources = table_sources(analysis_key(doc, a_hash, code), r.tables, corpus_hash) if doc is not None else None
        store.write_document(data, doc_id, r.tables, out, sources)
    shown = {d: pages.shown_paragraphs(r.tables["paragraphs"], params.max_source_characters) for d, r in results.items()}
    info["paragraph_limits"] = {d: n for d, n in sorted(shown.items()) if n < len(results[d].tables["paragraphs"])}
    store.write_corpus(data, info, tables, out)
    network_files.write_network_files(store.Corpus(data, info), out)
    store.write_document_slices(data, info, tables, document_labels(info["documents"]), out)
    out.write(data / "params.used.yaml", yaml.safe_dump(params.portable(), allow_unicode=True, sort_keys=True).encode("utf-8"))
    downloads = originals.write(stage / "chapters", data, list(docs), out)
    entries = (bib.document_entry(m, params.base_url, info["report"]["build_date"]) for m in info["documents"])
    out.write(stage / "references.bib", "\n".join(entries).encode("utf-8"))
    for doc_id, r in sorted(results.items()):
        page = pages.source_page(r.meta, r.tables["paragraphs"], info["documents_listed"], shown[doc_id], downloads.get(doc_id))
        out.write(stage / "chapters" / "sources" / f"{doc_id}.md", page.encode("utf-8"))
    if not info["documents_listed"]:
        index_page = pages.document_index_page(info["documents"], params.max_document_chapters)
        out.write(stage / "chapters" / "documents" / "index.md", index_page.encode("utf-8"))
    write_config(stage, params, info["documents_listed"], cjk_class, out)
    out.close(notebooks)
    return data, out
