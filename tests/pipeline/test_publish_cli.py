"""`publish` through the command line, as the README, `make publish` and the Pages workflow run it
(issue 24: it failed on every call with "'Namespace' object has no attribute 'scheduler'")."""

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.build

BASE = "https://example.org/report/"


@pytest.fixture(scope="module")
def published(built_report, tmp_path_factory):
    """The seeds' report published from a copy of the session's build (so only what the base URL
    changes is rebuilt), first with the CLI, then again with `make publish`."""
    root = tmp_path_factory.mktemp("publish")
    out = root / "_build"
    shutil.copytree(built_report["dir"], out, symlinks=True)
    site = root / "_site"  # the Pages workflow's folder

    def cli(folder):
        return [sys.executable, "-m", "policyreport", "publish", "--base-url", BASE, "--site", str(folder)] + [
            "--output",
            str(out),
            "--corpus",
            str(built_report["corpus"]),
            "--quiet",
        ]

    first = subprocess.run(cli(site), cwd=ROOT, capture_output=True, text=True, timeout=1200)
    stale = site / "stale.html"
    if first.returncode == 0:
        stale.write_text("from an earlier publish", encoding="utf-8")
    args = f"--output {out} --corpus {built_report['corpus']} --site {site} --quiet"
    second = subprocess.run(
        ["make", "--no-print-directory", "publish", f"BASE_URL={BASE}", f"ARGS={args}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    mine = root / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    third = subprocess.run(cli(mine), cwd=ROOT, capture_output=True, text=True, timeout=1200)
    return {"first": first, "second": second, "third": third, "site": site, "stale": stale, "mine": mine}


def test_publish_writes_a_deployable_site(published):
    first = published["first"]
    assert first.returncode == 0, first.stderr
    assert f"site: {published['site']} (deploy this folder at {BASE})" in first.stdout
    site = published["site"]
    assert (site / "index.html").is_file() and (site / "report.pdf").stat().st_size > 100_000
    assert f"<loc>{BASE}index.html</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {BASE}sitemap.xml\n")
    assert (site / ".nojekyll").is_file()
    index = (site / "chapters" / "index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:url" content="{BASE}chapters/index.html" />' in index


def test_make_publish_replaces_the_previous_site(published):
    second = published["second"]
    assert second.returncode == 0, second.stderr
    assert not published["stale"].exists()
    assert (published["site"] / "index.html").is_file()


def test_publish_refuses_a_folder_it_did_not_write(published):
    third = published["third"]
    assert third.returncode == 2 and third.stderr.count("\n") == 1, third.stderr
    assert "report " not in third.stderr  # refused before building
    assert "holds no previous site" in third.stderr
    assert [p.name for p in published["mine"].iterdir()] == ["keep.txt"]


def test_publish_refuses_a_javascript_base_url_in_one_line(tmp_path):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "policyreport", "publish", "--base-url", "javascript:alert(1)", "--site", str(mine)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and r.stderr.startswith("error: --base-url")
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "mine"
