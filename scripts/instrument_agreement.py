"""Agreement of the instrument coders with the hand-coded held-out clauses, as a Markdown table.

Usage: python scripts/instrument_agreement.py [BEFORE_COMMIT]
Rows: the keyword coder as it was at BEFORE_COMMIT (its codebook read with `git show`; default
64ab83d, the last commit before issue 19), the keyword cues of the current codebook alone, and the
current coder (`compare.intercoder.held_out`), on the coding units of held-out part A (split
`heldout`), part B (`heldout_b`) and both, from dictionaries/coded_clauses.yaml.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from policyreport.compare import intercoder
from policyreport.extract import classifier, instruments
from policyreport.paths import DICTIONARIES

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "64ab83d"
PARTS = {"A+B": intercoder.HELD_OUT, "A": ("heldout",), "B": ("heldout_b",)}


def before_table(commit: str, splits: tuple[str, ...]):
    text = subprocess.run(
        ["git", "show", f"{commit}:src/policyreport/dictionaries/instruments.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    old = instruments.parse_codebook(yaml.safe_load(text), f"{commit}:instruments.yaml")
    rows = [r for r in classifier.load_coded() if r.unit and r.split in splits]
    return intercoder.agreement_table([set(r.types) for r in rows], intercoder.keyword_coder_types(rows, old), classifier.TYPES)


def main(commit: str = BEFORE) -> None:
    codebook = instruments.load_codebook(DICTIONARIES / "instruments.yaml")
    print("| held-out part | coder | type | clauses | human yes | coder yes | κ | F1 | precision | recall |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for part, splits in PARTS.items():
        tables = {
            f"keyword coder before ({commit})": before_table(commit, splits),
            "keyword cues of the current codebook": intercoder.held_out(codebook, "keywords", splits),
            "current coder (rules + model)": intercoder.held_out(codebook, "model", splits),
        }
        for name, t in tables.items():
            for r in t.itertuples():
                print(
                    f"| {part} | {name} | {r.type} | {r.clauses} | {r.manual_yes} | {r.auto_yes} | {r.kappa:.2f} | {r.f1:.2f} "
                    f"| {r.precision:.2f} | {r.recall:.2f} |"
                )


if __name__ == "__main__":
    main(*sys.argv[1:2])
