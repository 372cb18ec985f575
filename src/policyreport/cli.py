"""Command line: a thin layer over `book.build` and the extraction functions."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from policyreport import __version__
from policyreport.build.lifecycle import handle_signals
from policyreport.errors import BuildError, UserError
from policyreport.params import describe, load_params

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
    sub = p.add_subparsers(dest="command", required=True, metavar="{build,publish,extract,evaluate}")

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
            help="override one parameter; the value is read as YAML (repeatable)",
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
        sp.add_argument("--force", action="store_true", help="ignore the caches and redo every step")
        sp.add_argument("--quiet", "-q", action="store_true", help="no progress output")

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
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="run the per-document analyses on a Dask cluster (e.g. tcp://10.0.0.5:8786); default: local processes",
    )
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

    v = sub.add_parser("evaluate", help="precision and recall of the extraction against a hand-checked gold file")
    common(v)
    v.add_argument("--gold", metavar="FILE", help="gold YAML (default: 'gold' in the parameters)")
    v.add_argument("--errors", action="store_true", help="also list every mismatch")
    return p


def _evaluate(params: dict, gold_file: str | None, show_errors: bool) -> None:
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
        raise UserError(f"{gold_path}: none of its files is in the corpus {params['corpus']}")
    print(table.to_string(index=False))
    if show_errors and not errors.empty:
        print()
        print(errors.to_string(index=False))


def _extract(params: dict, as_json: bool) -> None:
    from policyreport.extract.records import extract_records

    records, skipped = extract_records(params)
    for s in skipped:
        print(f"skipped: {s.reason}", file=sys.stderr)
    for r in records:
        if as_json:
            print(json.dumps(r, ensure_ascii=False, sort_keys=False))
        else:
            print(f"{r['file']}\t{r['title']}\t{r['issuer']}\t{r['doc_number']}\t{r['date']}")


def _run(args):
    """The command; returns the parameters and the build's result (None for extract and evaluate)."""
    params = load_params(args.params, args.overrides, args.corpus)
    if args.command == "extract":
        _extract(params, args.json)
        return None
    if args.command == "evaluate":
        _evaluate(params, args.gold, args.errors)
        return None
    from policyreport.build.pipeline import build

    if args.command == "publish":
        from policyreport.build.deploy import check_base_url

        params = params.replace(base_url=check_base_url(args.base_url))
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
    return params, build(params, **kwargs)


def one_line(exc) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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
        from policyreport.build.deploy import write_site
        from policyreport.build.provenance import build_date

        site = Path(args.site) if args.site else result.html.parent.parent / "site"
        write_site(result.html.parent, result.pdf, site, params.base_url, build_date())
        print(f"site: {site} (deploy this folder at {params.base_url})")
    return 0
