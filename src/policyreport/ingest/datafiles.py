"""Reading the YAML data files (dictionaries, codebook, gold): one place for their errors."""

from __future__ import annotations

from pathlib import Path

import yaml

from policyreport.errors import UserError

# libyaml's safe loader when PyYAML has it (the same documents, several times faster)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str | Path, what: str):
    """The parsed YAML of a data file; a UserError naming the file and what it is otherwise."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot read {what} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: {what} is not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: {what} is not valid YAML ({str(exc).splitlines()[0]})") from None
