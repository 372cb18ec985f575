"""Randomised incremental builds: an incremental build must always succeed and equal a clean one.

Each sequence starts from three seed documents and applies random steps: a document edited or
reverted, a document added or removed, `kwic_keywords`, `n_key_terms` or the title changed, a
stopword or generic term added, a PMC override set or cleared; after each step a build runs,
sometimes with `--force`, sometimes stopped (SIGKILL, SIGTERM or SIGINT) at a random stage and
moment. At the end of a sequence a normal build must succeed and equal, page by page, a `--force`
build of the same inputs into an empty folder: the main text of every HTML page, the sets of
download files and images, and the search index; and byte for byte the book's sources (`book/`,
the published copy of the kept staging folder). HTML only (`--no-pdf`).

    python scripts/incremental_fuzz.py [--sequences 5] [--steps 6] [--seed 1] [--keep DIR]

Exit status 1 and the differences on stderr when a sequence fails; the failing step list is
printed so it can be replayed with the same seed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

from policyreport.runtime.lifecycle import descendants

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DEV = ROOT / "tests" / "corpus-dev" / "docs"
DICTIONARIES = ROOT / "src" / "policyreport" / "dictionaries"
START = ("000_aefacb9a8e91e029.txt", "001_4d260a6c99f69cce.txt", "004_108dd3ca0faad3cd.txt")
EXTRA = (
    "002_ce116f843137b983.txt",
    "20_fujian-gov-approval-hitech-park-rename-2012.txt",
    "07_mengzi-agri-proposal-reply-2020.txt",
)
STAGES = ("[分析 analysing]", "[写入数据 writing]", "[执行笔记本 notebooks]", "[HTML]", "[发布 publishing]")
KEYWORDS = ("医保", "医联体", "互联网医院", "临床试验", "干细胞", "健康")
WORDS = ("发展", "健康", "建设", "医院", "服务", "加强")
PMC_VARIABLES = ("X1:1", "X1:2", "X1:4")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- comparing two sites ---------------------------------------------------------------------


class _MainText(HTMLParser):
    """The text inside a page's <article> (the page's content, without navigation or scripts),
    and its head's citation and Open Graph tags (what a reference manager reads)."""

    def __init__(self):
        super().__init__()
        self.depth, self.hidden, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("name") or a.get("property") or "").startswith(("citation_", "og:", "DC.")):
            self.parts.append(f"<{a.get('name') or a.get('property')}={a.get('content')}>")
        if tag in VOID:
            return
        if self.depth or tag == "article":
            self.depth += 1
        if tag in ("script", "style"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in ("script", "style"):
            self.hidden -= 1
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.hidden:
            self.parts.append(data)


def page_text(page: Path) -> str:
    parser = _MainText()
    parser.feed(page.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def files(html: Path, folder: str) -> list[str]:
    """The files below `_downloads` or `_images`, by path (Sphinx names them by content)."""
    return sorted(p.relative_to(html).as_posix() for p in (html / folder).rglob("*") if p.is_file())


def search_index(html: Path) -> dict:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def differences(site: Path, reference: Path) -> list[str]:
    """How `site` differs from `reference`: pages, their main text, downloads, search index."""
    out = []
    pages = sorted(p.relative_to(reference).as_posix() for p in reference.rglob("*.html"))
    have = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    if pages != have:
        out.append(f"pages: missing {sorted(set(pages) - set(have))}, extra {sorted(set(have) - set(pages))}")
    for page in sorted(set(pages) & set(have)):
        a, b = page_text(site / page), page_text(reference / page)
        if a != b:
            i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            out.append(f"{page}: text differs at {i}: …{a[max(0, i - 40) : i + 60]}… vs …{b[max(0, i - 40) : i + 60]}…")
    for folder in ("_downloads", "_images"):
        a, b = set(files(site, folder)), set(files(reference, folder))
        if a != b:
            out.append(f"{folder}: missing {sorted(b - a)}, extra {sorted(a - b)}")
    ia, ib = search_index(site), search_index(reference)
    for key in sorted(set(ia) | set(ib)):
        if ia.get(key) != ib.get(key):
            extra = sorted(set(ia.get(key) or ()) ^ set(ib.get(key) or ())) if isinstance(ib.get(key), dict) else []
            out.append(f"search index '{key}' differs {extra[:10]}")
    return out


def folder_differences(folder: Path, reference: Path) -> list[str]:
    """Files missing from `folder`, extra in it, or with other bytes than in `reference`."""
    a = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    b = {p.relative_to(reference).as_posix(): p for p in reference.rglob("*") if p.is_file()}
    out = (
        [f"{folder}: missing {sorted(set(b) - set(a))[:10]}, extra {sorted(set(a) - set(b))[:10]}"]
        if a.keys() != b.keys()
        else []
    )
    return out + [
        f"{folder}/{rel}: other bytes" for rel in sorted(a.keys() & b.keys()) if a[rel].read_bytes() != b[rel].read_bytes()
    ]


# --- a workspace and its random steps ---------------------------------------------------------


def _pool() -> dict[str, Path]:
    return {p.name: p for p in [*SEEDS, *sorted(DEV.glob("*.txt"))]}


class Workspace:
    """A corpus, its parameter file and dictionary copies in a folder; builds run there."""

    def __init__(self, root: Path, rng: random.Random):
        self.root, self.rng = root, rng
        self.corpus = root / "corpus"
        self.corpus.mkdir(parents=True)
        pool = _pool()
        for name in START:
            shutil.copy(pool[name], self.corpus / name)
        self.extra = [pool[n] for n in EXTRA]
        self.originals: dict[str, str] = {}
        (root / "dicts").mkdir()
        for name in ("stopwords.txt", "generic_terms.txt"):
            shutil.copy(DICTIONARIES / name, root / "dicts" / name)
        self.params: dict = {
            "corpus": "corpus",
            "title": "增量生成测试",
            "stopwords": "dicts/stopwords.txt",
            "generic_terms": "dicts/generic_terms.txt",
        }
        self.write_params()

    def write_params(self) -> None:
        (self.root / "params.yaml").write_text(json.dumps(self.params, ensure_ascii=False, indent=1), encoding="utf-8")

    def documents(self) -> list[Path]:
        return sorted(self.corpus.glob("*.txt"))

    # each step changes one thing and says what
    def edit(self) -> str:
        doc = self.rng.choice(self.documents())
        text = doc.read_text(encoding="utf-8")
        self.originals.setdefault(doc.name, text)
        numbers = list(re.finditer(r"\d+", text))
        m = self.rng.choice(numbers) if numbers else None
        new = str(self.rng.randint(2, 999))
        text = text[: m.start()] + new + text[m.end() :] if m else text + f"\n到2030年新增{new}张床位。\n"
        doc.write_text(text, encoding="utf-8")
        return f"edit {doc.name}: {m.group() if m else '-'} -> {new}"

    def revert(self) -> str:
        edited = [n for n in self.originals if (self.corpus / n).is_file()]
        if not edited:
            return self.edit()
        name = self.rng.choice(edited)
        (self.corpus / name).write_text(self.originals.pop(name), encoding="utf-8")
        return f"revert {name}"

    def add(self) -> str:
        if not self.extra:
            return self.remove()
        src = self.extra.pop(self.rng.randrange(len(self.extra)))
        shutil.copy(src, self.corpus / src.name)
        return f"add {src.name}"

    def remove(self) -> str:
        docs = self.documents()
        if len(docs) <= 2:
            return self.add()
        doc = self.rng.choice(docs)
        self.extra.append(_pool()[doc.name])
        self.originals.pop(doc.name, None)
        doc.unlink()
        return f"remove {doc.name}"

    def parameter(self) -> str:
        key = self.rng.choice(("kwic_keywords", "n_key_terms", "title"))
        value = {
            "kwic_keywords": lambda: self.rng.sample(KEYWORDS, self.rng.randint(1, 3)),
            "n_key_terms": lambda: self.rng.randint(5, 20),
            "title": lambda: f"增量生成测试 {self.rng.randint(1, 999)}",
        }[key]()
        self.params[key] = value
        self.write_params()
        return f"set {key}={value}"

    def pmc_override(self) -> str:
        if self.params.get("pmc_overrides") and self.rng.random() < 0.3:
            self.params["pmc_overrides"] = ""
            self.write_params()
            return "clear pmc_overrides"
        doc = self.rng.choice(self.documents()).name
        overrides = {doc: {v: self.rng.randint(0, 1) for v in self.rng.sample(PMC_VARIABLES, 2)}}
        (self.root / "overrides.yaml").write_text(json.dumps(overrides, ensure_ascii=False), encoding="utf-8")
        self.params["pmc_overrides"] = "overrides.yaml"
        self.write_params()
        return f"pmc_overrides {overrides}"

    def dictionary(self) -> str:
        name = self.rng.choice(("stopwords.txt", "generic_terms.txt"))
        path = self.root / "dicts" / name
        word = self.rng.choice(WORDS)
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = [ln for ln in lines if ln != word] if word in lines else [*lines, word]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return f"toggle {word} in {name}"

    STEPS = ("edit", "edit", "revert", "add", "remove", "parameter", "parameter", "pmc_override", "dictionary")

    def step(self) -> str:
        return getattr(self, self.rng.choice(self.STEPS))()

    # builds
    def command(self, output: str = "_build", force: bool = False) -> list[str]:
        cmd = [sys.executable, "-m", "policyreport", "build", "--no-pdf", "--params", "params.yaml", "--output", output]
        return cmd + ["--jobs", "2"] + (["--force"] if force else [])

    def run(self, output: str = "_build", force: bool = False) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(output, force), cwd=self.root, env=_env(), capture_output=True, text=True)

    def stop(self, force: bool = False) -> str:
        """A build stopped by a signal at a random stage, after a random delay; returns what happened."""
        sig = self.rng.choice((signal.SIGKILL, signal.SIGKILL, signal.SIGTERM, signal.SIGINT))
        stage, delay = self.rng.choice(STAGES), self.rng.uniform(0, 2)
        proc = subprocess.Popen(
            self.command(force=force), cwd=self.root, env=_env(), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
        )
        for line in proc.stderr:
            if line.startswith(stage):
                break
        time.sleep(delay)
        family = descendants(proc.pid)
        if proc.poll() is None:
            proc.send_signal(sig)
        proc.stderr.read()
        code = proc.wait()
        _wait_gone(family | descendants(proc.pid))
        return f"stop with {signal.Signals(sig).name} {delay:.1f} s into {stage} (exit {code})"


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONWARNINGS="ignore")


def _wait_gone(pids: set[int], seconds: float = 30) -> None:
    end = time.time() + seconds
    while time.time() < end and any(Path(f"/proc/{p}").exists() for p in pids):
        time.sleep(0.1)


class SequenceFailed(AssertionError):
    pass


def _check(result: subprocess.CompletedProcess, log: list[str], what: str) -> None:
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise SequenceFailed(f"{what} failed (exit {result.returncode}) after:\n  " + "\n  ".join(log) + f"\n{tail}")


def run_sequence(root: Path, seed: int, steps: int, stop_rate: float = 0.35, force_rate: float = 0.15) -> list[str]:
    """One random sequence in `root`; returns its log, raises SequenceFailed when a build fails or
    the final incremental build differs from a clean one."""
    rng = random.Random(seed)
    ws = Workspace(root, rng)
    log = [f"seed {seed}"]
    _check(ws.run(), log, "first build")
    for _ in range(steps):
        log.append(ws.step())
        force = rng.random() < force_rate
        if rng.random() < stop_rate:
            log.append(ws.stop(force))
        else:
            log.append("build --force" if force else "build")
            _check(ws.run(force=force), log, "build")
    _check(ws.run(), log, "final build")
    _check(ws.run("_reference", force=True), log, "reference build")
    found = differences(root / "_build" / "html", root / "_reference" / "html")
    found += folder_differences(root / "_build" / "book", root / "_reference" / "book")  # the kept stage, published
    found += folder_differences(root / "_build" / ".stage", root / "_build" / "book")
    if found:
        raise SequenceFailed("incremental build differs from a clean one after:\n  " + "\n  ".join(log) + "\n" + "\n".join(found))
    return log


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sequences", type=int, default=5, help="random sequences to run (default 5)")
    ap.add_argument("--steps", type=int, default=6, help="steps per sequence (default 6)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the first sequence; sequence i uses seed + i")
    ap.add_argument("--keep", type=Path, help="keep the workspaces in this folder")
    args = ap.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="policyreport-fuzz-"))
    failed = 0
    for i in range(args.sequences):
        start = time.perf_counter()
        root = base / f"sequence-{args.seed + i}"
        shutil.rmtree(root, ignore_errors=True)
        try:
            log = run_sequence(root, args.seed + i, args.steps)
        except SequenceFailed as exc:
            failed += 1
            print(f"sequence {args.seed + i}: FAILED\n{exc}", file=sys.stderr)
            continue
        print(f"sequence {args.seed + i}: equal to a clean build ({time.perf_counter() - start:.0f} s): " + "; ".join(log[1:]))
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(f"{args.sequences - failed}/{args.sequences} sequences equal to a clean build")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
