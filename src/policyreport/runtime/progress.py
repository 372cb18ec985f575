"""What a build reports: stage-by-stage progress on stderr, and its result."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BuildResult:
    html: Path | None = None
    pdf: Path | None = None
    documents: int = 0
    skipped: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    version: str = ""
    up_to_date: bool = False
    analysed: list = field(default_factory=list)
    executed: list = field(default_factory=list)
    reused: list = field(default_factory=list)
    site: Path | None = None  # the deployable folder `publish` wrote


class Progress:
    """Stage-by-stage progress on stderr, with the time of each stage."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.timings: dict[str, float] = {}
        self._stage, self._t0 = None, 0.0

    def stage(self, name: str) -> None:
        self.done()
        self._stage, self._t0 = name, time.perf_counter()
        self.say(f"[{name}] …")

    def step(self, i: int, n: int, what: str) -> None:
        self.say(f"[{self._stage}] {i}/{n} {what}")

    def done(self) -> None:
        if self._stage:
            self.timings[self._stage] = round(time.perf_counter() - self._t0, 2)
        self._stage = None

    def say(self, msg: str) -> None:
        if not self.quiet:
            print(msg, file=sys.stderr, flush=True)
