"""Check that two versions of the code analyse documents alike: every document of the given folders
is analysed (`extract.document.analyse_document`, in one process, or `--split` as the build analyses
a large document, its parts in 2 worker processes) with the package under OLD_SRC and under NEW_SRC,
and the results are compared: the metadata, the terms and the text equal, every table equal with
pandas.testing (exact values, column types, index). Speed-ups that must not change a result are
checked this way against the commit before them.

    python scripts/same_analysis.py OLD_SRC NEW_SRC FOLDER [FOLDER …] [--params params.yaml] [--split]

OLD_SRC and NEW_SRC are `src` folders (a `git worktree` or `git archive` of each commit). Prints the
CPU seconds of each analysis and one line per document that differs; exits 1 when any does.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ANALYSE = """
import pickle, sys, tempfile, time
from pathlib import Path
from policyreport.extract import classifier
from policyreport.extract.document import Dictionaries, analyse_document
from policyreport.ingest.corpus import read_corpus
from policyreport.params import load_params
from policyreport.runtime.cache import Cache

out, params_file, split = Path(sys.argv[1]), sys.argv[2] or None, sys.argv[3] == "split"
cache = Cache(Path(tempfile.mkdtemp()) / "cache")
classifier.use_cache(cache, "same-analysis")
for n, folder in enumerate(sys.argv[4:]):
    params = load_params(params_file, corpus=folder)
    docs, _ = read_corpus(folder)
    dicts = Dictionaries.load(params)
    if split:
        from policyreport.execute import analyse as stage

        stage.SPLIT_CHARACTERS = 1  # every document, however short
        results = stage._analyse_here(docs, params, dicts, 2, cache, "same-analysis")
    else:
        results = ((doc, analyse_document(doc, dicts, params)) for doc in docs)
    cpu = time.process_time()
    for doc, r in results:
        data = {"meta": r.meta, "tables": r.tables, "sentence_terms": r.sentence_terms, "norm_text": r.norm_text}
        (out / f"{n}-{doc.doc_id}.pkl").write_bytes(pickle.dumps(data))
    print(f"{folder}: {len(docs)} documents, {time.process_time() - cpu:.1f} s CPU (this process)", file=sys.stderr)
"""


def analyse(src: str, out: Path, folders: list[str], params: str, split: bool) -> None:
    cmd = [sys.executable, "-c", ANALYSE, str(out), params, "split" if split else "one", *folders]
    subprocess.run(cmd, check=True, env={**os.environ, "PYTHONPATH": str(Path(src).resolve())})


def differences(a: dict, b: dict) -> str | None:
    import pandas.testing as pdt

    for key in ("meta", "sentence_terms", "norm_text"):
        if a[key] != b[key]:
            return key
    if list(a["tables"]) != list(b["tables"]):
        return "table names"
    for name in a["tables"]:
        try:
            pdt.assert_frame_equal(a["tables"][name], b["tables"][name], check_exact=True, obj=name)
        except AssertionError as exc:
            return str(exc).splitlines()[0]
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old_src")
    ap.add_argument("new_src")
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--params", default="", help="a parameter file (default: the defaults)")
    ap.add_argument("--split", action="store_true", help="the new code analyses each document's parts in 2 workers")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old", Path(tmp) / "new"
        old.mkdir()
        new.mkdir()
        analyse(a.old_src, old, a.folders, a.params, False)
        analyse(a.new_src, new, a.folders, a.params, a.split)
        names = sorted(p.name for p in old.glob("*.pkl"))
        bad = 0
        for name in names:
            got = new / name
            diff = "missing" if not got.exists() else differences(*(pickle.loads(p.read_bytes()) for p in (old / name, got)))
            if diff:
                bad += 1
                print(f"DIFFERENT {name}: {diff}")
        print(f"{len(names)} documents compared, {bad} different")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
