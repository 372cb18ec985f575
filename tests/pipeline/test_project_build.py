"""Issue 22, done when: `policyreport init`, a notebook of the user's own in chapters/ and _toc.yml,
a build in that folder: the notebook runs and its output, computed from prd.documents(), is on
the site; a template in the project's chapters/ replaces the package's."""

import html
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, SEEDS

from policyreport.project import NOTEBOOK_HEADER

pytestmark = pytest.mark.build


# A notebook the user adds to chapters/ and _toc.yml after `init`: it reads prd.documents() and glues.
EARLIEST = (
    NOTEBOOK_HEADER
    + """
# 最早的文件

```{code-cell} ipython3
:tags: [remove-cell]
import policyreport.data as prd
from myst_nb import glue

first = prd.documents().sort_values("year").iloc[0]
glue("first_year", int(first["year"]), display=False)
```

最早的文件成文于 {glue:}`first_year` 年。

```{code-cell} ipython3
:tags: [remove-input]
from IPython.display import Markdown

Markdown(f"它的发文机关是{first['issuer']}。")
```
"""
)


def _text(page):
    main = page.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    dest = tmp_path_factory.mktemp("own") / "x"
    subprocess.run([sys.executable, "-m", "policyreport", "init", str(dest)], check=True, cwd=ROOT, capture_output=True)
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, dest / "corpus")
    (dest / "chapters" / "documents.md").write_text(
        "(documents)=\n# 各份文件\n\n本项目自己的导言页。\n\n```{tableofcontents}\n```\n", encoding="utf-8"
    )
    (dest / "chapters" / "earliest.md").write_text(EARLIEST, encoding="utf-8")
    toc = yaml.safe_load((dest / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p["chapters"] for p in toc["parts"] if {"file": "chapters/my_analysis"} in p["chapters"])
    part.insert(part.index({"file": "chapters/my_analysis"}) + 1, {"file": "chapters/earliest"})
    (dest / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "policyreport", "build", "--no-pdf", "--quiet"], cwd=dest, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    return dest / "_build" / "html"


def test_the_own_notebook_ran_on_the_report_s_data(project):
    page = _text(project / "chapters" / "my_analysis.html")
    assert "本语料共 2 份文件，分属 1 个文种。" in page  # the two seeds are both 人大代表建议答复
    assert "对区七届人大四次会议第7-4-T015号代表建议的答复" in page


def test_a_notebook_added_to_the_project_ran_on_the_report_s_data(project):
    """The two seeds: 000 issued by 深圳市卫生健康委员会 in 2020, 001 dated 2024 by its 文号 (gold)."""
    page = _text(project / "chapters" / "earliest.html")
    assert "最早的文件成文于 2020 年。" in page and "它的发文机关是深圳市卫生健康委员会。" in page
    assert re.search(
        r'class="left-prev"\s+href="my_analysis.html"', (project / "chapters" / "earliest.html").read_text(encoding="utf-8")
    )


def test_the_own_chapter_sits_where_the_toc_puts_it(project):
    index = (project / "chapters" / "policy.html").read_text(encoding="utf-8")
    assert re.search(r'class="right-next"\s+href="my_analysis.html"', index)


def test_a_page_in_the_project_replaces_the_package_s(project):
    assert "本项目自己的导言页。" in _text(project / "chapters" / "documents.html")
