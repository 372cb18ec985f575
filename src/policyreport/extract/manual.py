"""The coding manual (dictionaries/coding_manual.yaml) rendered as Markdown (docs/coding-manual.md).

`python -m policyreport.extract.manual [out.md]` writes the rendering; a test checks that the
Markdown in the repository is the rendering of the YAML.
"""

from __future__ import annotations

import sys
from pathlib import Path

from policyreport.ingest.datafiles import read_yaml
from policyreport.paths import DICTIONARIES

MANUAL = DICTIONARIES / "coding_manual.yaml"
MARKDOWN = Path(__file__).resolve().parents[3] / "docs" / "coding-manual.md"


def load_manual(path: str | Path = MANUAL) -> dict:
    return read_yaml(path, "the coding manual")


def render(manual: dict) -> str:
    """The manual as Markdown: framework, unit, coding, none, decision rules, then each type and sub-tool."""
    out = [f"# {manual['title']}", "", "<!-- generated from src/policyreport/dictionaries/coding_manual.yaml -->", ""]
    for key, head in (
        ("framework", "Framework"),
        ("unit", "Unit of analysis"),
        ("coding", "What is coded"),
        ("none", "The category none"),
    ):
        out += [f"## {head}", "", manual[key], ""]
    out += ["## Decision rules", ""] + [f"- {r}" for r in manual["decision_rules"]] + [""]
    for typ, spec in manual["types"].items():
        out += [f"## {typ}", "", spec["definition"], ""]
        for name, sub in spec["instruments"].items():
            out += [f"### {typ} / {name}", "", sub["definition"], ""]
            out += [f"- Example: {e}" for e in sub.get("examples") or []]
            out += [f"- Not this: {e}" for e in sub.get("counter_examples") or []]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else MARKDOWN
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(load_manual()), encoding="utf-8")


if __name__ == "__main__":
    main()
