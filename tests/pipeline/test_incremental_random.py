"""An incremental build equals a clean one after a random sequence of changes and stopped builds
(the short version of `make bench`'s sequences; its own file, so that a second test worker runs it
beside the kinds of change in test_incremental_clean)."""

import importlib.util

import pytest
from conftest import ROOT

pytestmark = pytest.mark.build

_spec = importlib.util.spec_from_file_location("incremental_fuzz", ROOT / "scripts" / "incremental_fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)


def test_random_changes_and_stopped_builds_give_the_clean_build(tmp_path):
    """The short version of `make bench`'s sequences: a document added, PMC overrides set twice,
    one build interrupted while publishing and one killed while its notebooks run."""
    log = fuzz.run_sequence(tmp_path, seed=3, steps=3)
    assert any(e.startswith("stop with") and not e.endswith("(exit 0)") for e in log), log  # a build was stopped
