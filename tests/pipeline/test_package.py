"""The package carries its templates, book skeleton and dictionaries, so it builds from any folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_holds_templates_skeleton_and_dictionaries(tmp_path):
    src = tmp_path / "checkout"  # a copy: building in the checkout would leave build/ behind
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("policyreport-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "policyreport/templates/document.md",
        "policyreport/skeleton/_config.yml",
        "policyreport/skeleton/chapters/sources.md",
        "policyreport/skeleton/static/favicon.svg",
        "policyreport/dictionaries/user_dict.txt",
        "policyreport/dictionaries/instruments.yaml",
        "policyreport/dictionaries/packs/health/topics.yaml",
        "policyreport/pipeline.py",
        "policyreport/sphinxext/extension.py",
        "policyreport/runtime/cache.py",
    ):
        assert needed in names, needed


def test_extract_runs_from_another_folder(tmp_path):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "关于开展测试工作的通知\n\n各区卫生健康局：\n\n一、安排经费30万元。\n\n某市卫生健康委员会\n2024年3月5日\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "policyreport", "extract", "--corpus", "docs"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("a.txt\t关于开展测试工作的通知\t")
