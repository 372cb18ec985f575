"""Command line: a thin layer over `book.build` and the extraction functions."""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import shutil
import signal
import sys
import threading
from pathlib import Path

from policyreport import __version__
from policyreport.errors import BuildError, UserError
from policyreport.params import Params, describe, load_params
from policyreport.runtime.lifecycle import handle_signals

EPILOG = """parameters (set in a YAML file with --params, or one by one with --set key=value):
{params}

examples:
  python -m policyreport build                       # the seeds, HTML + PDF into _build/
  python -m policyreport build --corpus ~/docs --no-pdf
  python -m policyreport build --params my.yaml --set n_key_terms=20 --set "kwic_keywords=[医保, 医联体]"
  python -m policyreport extract --corpus seeds --json
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m policyreport",
        description="Build a citable research report (HTML + PDF) from a folder of Chinese policy documents.",
        epilog=EPILOG.format(params=describe()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"policyreport {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    sub = p.add_subparsers(
        dest="command", required=True, metavar="{build,publish,extract,evaluate,init,draft-dictionaries,server}"
    )

    def common(sp):
        sp.add_argument("--corpus", metavar="DIR", help="folder of documents (default: 'corpus' in the parameters)")
        sp.add_argument(
            "--params", metavar="FILE", help="YAML parameter file (default: params.yaml in the working folder, if any)"
        )
        sp.add_argument(
            "--set",
            metavar="KEY=VALUE",
            action="append",
            default=[],
            dest="overrides",
            help="override one parameter; a text parameter takes the value as written, others read it as YAML (repeatable)",
        )

    def running(sp):
        """How a build runs: its processes, its caches, its progress output (build and publish)."""
        sp.add_argument(
            "--jobs",
            "-j",
            type=int,
            default=None,
            metavar="N",
            help="processes for the analyses, the notebooks and Sphinx (default: number of cores)",
        )
        sp.add_argument(
            "--force",
            action="store_true",
            help="ignore the build's caches and redo every step (the fitted instrument classifier and the fonts' code points are read from the user's store)",
        )
        sp.add_argument("--quiet", "-q", action="store_true", help="no progress output")
        sp.add_argument(
            "--warm",
            action="store_true",
            help="hand the build to a background process of yours that keeps the libraries loaded between builds "
            "(started by the first --warm build, which builds by itself meanwhile; it stops after 10 idle minutes "
            "or with 'server stop')",
        )
        sp.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            default=None,
            help="run the per-document analyses on a Dask cluster (e.g. tcp://10.0.0.5:8786); default: local processes",
        )

    b = sub.add_parser(
        "build",
        help="analyse the corpus and build the report",
        description="Analyse the corpus, execute the notebooks with papermill, build HTML and PDF with Jupyter Book.",
        epilog=EPILOG.format(params=describe()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common(b)
    b.add_argument("--output", metavar="DIR", default=None, help="build folder (default: _build/ in the working folder)")
    b.add_argument("--no-pdf", action="store_true", help="build the HTML only (needs no LaTeX)")
    b.add_argument("--strict", action="store_true", help="fail when any input file is skipped")
    running(b)

    pub = sub.add_parser("publish", help="build the report for its web address and write a deployable site")
    common(pub)
    pub.add_argument("--base-url", required=True, metavar="URL", help="address the site is served at (sets base_url)")
    pub.add_argument("--output", metavar="DIR", default=None, help="build folder (default: _build/ of the project)")
    pub.add_argument("--site", metavar="DIR", default=None, help="site folder to deploy (default: <build folder>/site)")
    running(pub)
    pub.set_defaults(no_pdf=False, strict=False)

    e = sub.add_parser("extract", help="print the metadata and figures of each document, without building the book")
    common(e)
    e.add_argument("--json", action="store_true", help="one JSON record per line (JSON Lines)")

    i = sub.add_parser(
        "init",
        help="write a new report project (params.yaml, _config.yml, _toc.yml, chapters/) to build and edit",
        description="Write a new report project into DIR: a commented params.yaml, _config.yml (merged onto the "
        "defaults), _toc.yml with one chapter of your own, chapters/my_analysis.md, corpus/ and a README.",
    )
    i.add_argument("dir", metavar="DIR", help="folder to create (absent or empty)")

    v = sub.add_parser("evaluate", help="precision and recall of the extraction against a hand-checked gold file")
    common(v)
    v.add_argument("--gold", metavar="FILE", help="gold YAML (default: 'gold' in the parameters)")
    v.add_argument("--errors", action="store_true", help="also list every mismatch")

    srv = sub.add_parser("server", help="the background process of 'build --warm'")
    srv.add_argument("action", choices=["stop"], help="stop: stop every such process of yours")

    dd = sub.add_parser(
        "draft-dictionaries",
        help="draft a topic dictionary and a jieba user dictionary from the corpus, for you to edit",
        description="Draft candidate dictionaries from the corpus itself (key terms, n-grams, organisations, "
        "candidate topics): topics.yaml, user_dict.txt and candidates.csv in --out. Edit them, then point the "
        "parameters 'topics' and 'user_dict' at them.",
    )
    common(dd)
    dd.add_argument("--out", metavar="DIR", required=True, help="folder to write the drafts into")
    return p


def _draft(params, out: str) -> None:
    from policyreport.compare import draft
    from policyreport.extract.records import analyse
    from policyreport.ingest.segment import USER_DICT_LINE, read_stopwords

    results, skipped = analyse(params)
    for s in skipped:
        print(f"skipped: {s.reason}", file=sys.stderr)
    if not results:
        raise UserError(f"{params.corpus}: no document to draft dictionaries from")
    doc_terms = {r.meta["doc_id"]: r.terms for r in results}
    summaries = {r.meta["doc_id"]: r.tables["entity_summary"] for r in results}
    names = {str(x) for t in summaries.values() if not t.empty for c in ("text", "canonical") for x in t[c].dropna()}
    names |= set(read_stopwords(params.generic_terms))
    cands = draft.candidates(doc_terms, {r.meta["doc_id"]: r.sentence_terms for r in results}, summaries)
    cands.attrs["documents"] = len(results)
    known = {
        line.split()[0]
        for line in Path(params.user_dict).read_text(encoding="utf-8").splitlines()
        if USER_DICT_LINE.match(line.strip())
    }
    paths = draft.write(Path(out), str(params.corpus), cands, draft.topics(doc_terms, names), draft.user_dictionary(cands, known))
    print("\n".join(f"wrote {p}" for p in paths))


def _evaluate(params: Params, gold_file: str | None, show_errors: bool) -> None:
    from policyreport.extract.evaluate import evaluate, load_gold
    from policyreport.extract.records import analyse

    gold_path = gold_file or params.gold
    if not gold_path:
        raise UserError("no gold file: pass --gold FILE or set the 'gold' parameter")
    results, skipped = analyse(params)
    for s in skipped:
        print(f"skipped: {s.reason}", file=sys.stderr)
    table, errors = evaluate({r.meta["file"]: r for r in results}, load_gold(gold_path))
    if table.empty:
        raise UserError(f"{gold_path}: none of its files is in the corpus {params.corpus}")
    print(table.to_string(index=False))
    if show_errors and not errors.empty:
        print()
        print(errors.to_string(index=False))


def _extract(params: Params, as_json: bool) -> None:
    from policyreport.extract.records import extract_records

    records, skipped = extract_records(params)
    for s in skipped:
        print(f"skipped: {s.reason}", file=sys.stderr)
    for r in records:
        if as_json:
            print(json.dumps(r, ensure_ascii=False, sort_keys=False))
        else:
            print(f"{r['file']}\t{r['title']}\t{r['issuer']}\t{r['doc_number']}\t{r['date']}")


def _output_folder(folder: Path) -> None:
    """The build folder exists or can be made (a file, a missing parent on a pseudo file system, a
    read-only or refused place is one line naming it)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UserError(f"--output {folder}: is a file, not a folder") from None
    except OSError as exc:
        raise UserError(f"--output {folder}: cannot be made the build folder ({exc.strerror})") from None


def _run(args):
    """The command; returns the parameters and the build's result (None for extract and evaluate)."""
    if args.command == "server":
        from policyreport.runtime import server

        print(f"asked {server.stop_all()} warm build process(es) to stop")
        return None
    if args.command == "init":
        from policyreport.book.chapters import toc
        from policyreport.project import init

        written = init(Path(args.dir), toc())
        print(f"project written to {args.dir} ({len(written)} files); put the documents in {Path(args.dir) / 'corpus'}")
        print(f"then: cd {args.dir} && python -m policyreport build")
        return None
    params = load_params(args.params, args.overrides, args.corpus)
    if getattr(args, "scheduler", None):
        from policyreport.execute.distributed import scheduler_address

        args.scheduler = scheduler_address(args.scheduler)
    if args.command in ("build", "publish"):
        _output_folder(Path(args.output or "_build"))
    if args.command == "extract":
        _extract(params, args.json)
        return None
    if args.command == "evaluate":
        _evaluate(params, args.gold, args.errors)
        return None
    if args.command == "draft-dictionaries":
        _draft(params, args.out)
        return None
    from policyreport.pipeline import build

    site = None
    if args.command == "publish":
        from policyreport.publish.deploy import check_base_url, check_site

        params = params.replace(base_url=check_base_url(args.base_url))
        site = Path(args.site) if args.site else Path(args.output or "_build") / "site"
        check_site(site)
    if args.strict:
        params = params.replace(strict=True)
    kwargs = {
        "pdf": not args.no_pdf,
        "jobs": args.jobs,
        "quiet": args.quiet,
        "force": args.force,
        "scheduler": args.scheduler,
    }
    if args.output:
        kwargs["build_dir"] = args.output
    result = build(params, **kwargs)
    if site is not None:
        from policyreport.book.provenance import build_date
        from policyreport.publish.deploy import write_site

        result.site = write_site(result.html.parent, result.pdf, site, params.base_url, build_date())
    return params, result


def one_line(exc) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def disk_error(exc: BaseException) -> tuple[int, str | None] | None:
    """(errno, path) when `exc`, or an error it was raised from, is a full disk, an exceeded quota,
    a read-only file system or a refused permission; a copy's `shutil.Error` lists its errors as text."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
            for entry in exc.args[0]:
                m = re.search(r"\[Errno (\d+)\]", str(entry[-1])) if isinstance(entry, tuple) and entry else None
                if m and int(m.group(1)) in DISK_ERRORS:
                    return int(m.group(1)), str(entry[1]) if len(entry) > 2 else None
        elif isinstance(exc, OSError) and exc.errno in DISK_ERRORS:
            return exc.errno, exc.filename2 or exc.filename
        exc = exc.__cause__ or exc.__context__
    return None


def _disk_message(args, code: int, path: str | None) -> str:
    builds = args.command in ("build", "publish")
    where = path or (str(Path(args.output or "_build").resolve()) if builds else "writing the output")
    reason = os.strerror(code)
    line = f"error: {where}: {reason[:1].lower()}{reason[1:]}"
    return f"{line}; the previous report (if any) was left in place" if builds else line


def main(argv: list[str] | None = None, delegate: bool = True) -> int:
    """The command; `delegate`: a warm build is handed to the warm server (False: `__main__` asked it already)."""
    args = _parser().parse_args(argv)
    if delegate and getattr(args, "warm", False):
        from policyreport.runtime import server

        try:
            code = server.delegate(sys.argv[1:] if argv is None else list(argv), args.quiet)
        except OSError as exc:
            print(f"error: --warm: {one_line(exc)}", file=sys.stderr)
            return 2
        if code is not None:
            return code
    if threading.current_thread() is threading.main_thread():
        handle_signals()
    try:
        done = _run(args)
        if done is None:
            return 0
        params, result = done
    except UserError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"build failed: {one_line(exc)}; the previous report (if any) was left in place.", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", signal.SIGINT)
        print(f"interrupted ({signal.Signals(signum).name}); the previous report (if any) was left in place.", file=sys.stderr)
        return 128 + signum
    except Exception as exc:
        if args.debug:
            raise
        disk = disk_error(exc)
        if disk is not None:
            print(_disk_message(args, *disk), file=sys.stderr)
            return 2
        print(
            f"error: unexpected {type(exc).__name__}: {one_line(exc)[:300]} (if the inputs are fine, run again with "
            "--force to rebuild without the caches; --debug shows the traceback)",
            file=sys.stderr,
        )
        return 1
    summary = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
    print(f"report {result.version}: {result.documents} documents, {len(result.skipped)} skipped ({summary})", file=sys.stderr)
    if not result.up_to_date:
        print(
            f"re-used from the cache: {result.documents - len(result.analysed)} analyses, {len(result.reused)} notebooks; "
            f"computed: {len(result.analysed)} analyses, {len(result.executed)} notebooks",
            file=sys.stderr,
        )
    print(f"HTML: {result.html}")
    if result.pdf:
        print(f"PDF:  {result.pdf}")
    if args.command == "publish":
        print(f"site: {result.site} (deploy this folder at {params.base_url})")
    return 0
