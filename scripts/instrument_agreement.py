"""Agreement of the instrument coders with the hand-coded held-out clauses, as a Markdown table.

Usage: python scripts/instrument_agreement.py [BEFORE_COMMIT]
Rows: the keyword coder as it was at BEFORE_COMMIT (its codebook read with `git show`; default
64ab83d, the last commit before issue 19), the keyword cues of the current codebook alone, and the
current coder (`compare.intercoder.held_out`). Same clauses for all: the coding units of the
held-out documents of dictionaries/coded_clauses.yaml.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from policyreport.compare import intercoder
from policyreport.extract import classifier, instruments
from policyreport.ingest.text import normalize
from policyreport.paths import DICTIONARIES

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "64ab83d"


def before_table(commit: str):
    text = subprocess.run(
        ["git", "show", f"{commit}:src/policyreport/dictionaries/instruments.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    old = instruments.parse_codebook(yaml.safe_load(text), f"{commit}:instruments.yaml")
    rows = [r for r in classifier.load_coded() if r.unit and r.split == "heldout"]
    auto = [intercoder.keyword_types(normalize(r.text), old) for r in rows]
    return intercoder.agreement_table([set(r.types) for r in rows], auto, classifier.TYPES)


def main(commit: str = BEFORE) -> None:
    codebook = instruments.load_codebook(DICTIONARIES / "instruments.yaml")
    tables = {
        f"keyword coder before ({commit})": before_table(commit),
        "keyword cues of the current codebook": intercoder.held_out(codebook, "keywords"),
        "current coder (rules + model)": intercoder.held_out(codebook),
    }
    n = int(tables["current coder (rules + model)"]["clauses"].iloc[0])
    print(f"Held-out clauses: {n}\n")
    print("| coder | type | human yes | coder yes | κ | F1 | precision | recall |")
    print("|---|---|---|---|---|---|---|---|")
    for name, t in tables.items():
        for r in t.itertuples():
            print(
                f"| {name} | {r.type} | {r.manual_yes} | {r.auto_yes} | {r.kappa:.2f} | {r.f1:.2f} | {r.precision:.2f} | {r.recall:.2f} |"
            )


if __name__ == "__main__":
    main(*sys.argv[1:2])
