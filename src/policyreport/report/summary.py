"""The corpus in one phrase: how many documents of which genres, the years they span, and how
many are dated only by a web page or not at all. One computation for the title page, the
abstract of the landing page, .zenodo.json and CITATION.cff, so they never disagree; a
document placed in time only by the page that published it is counted as such, never silently
as a year of the document."""

from __future__ import annotations

from collections import Counter

from policyreport.report.citation import DATED_BY_PAGE, dating
from policyreport.report.i18n import name, tr


def corpus_phrase(documents: list[dict], characters: bool = False) -> str:
    """`N 份政策文件（通知 2 份、意见 1 份，2019—2024 年，其中 1 份只有网页发布日期）`, plain text."""
    n = len(documents)
    genres = Counter(d.get("genre") or "未识别文种" for d in documents)
    dated = [(kind, str(date)[:4]) for kind, date in map(dating, documents) if date]
    years = sorted(y for _, y in dated)
    parts = [tr("、").join(tr("{genre} {n} 份", genre=name(g), n=c) for g, c in genres.most_common())]
    if years:
        parts.append(
            tr("{first}—{last} 年", first=years[0], last=years[-1]) if years[0] != years[-1] else tr("{year} 年", year=years[0])
        )
    by_page = sum(kind == DATED_BY_PAGE for kind, _ in dated)
    if by_page:
        parts.append(tr("其中 {n} 份只有网页发布日期", n=by_page))
    if len(dated) < n:
        parts.append(tr("{n} 份无法判断年份", n=n - len(dated)))
    phrase = tr("{n} 份政策文件（{parts}）", n=n, parts=tr("，").join(parts))
    if characters:
        phrase += tr("，共 {n:,} 字", n=sum(d.get("characters") or 0 for d in documents))
    return phrase
