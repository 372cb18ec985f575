"""Documents a text cites: titles in 《…》 and 文号 such as 国发〔2013〕40号."""

from __future__ import annotations

import re

import pandas as pd

from policyreport.ingest import patterns as P
from policyreport.ingest.text import Sentence, normalize

SELF_REFERENCE = re.compile(r"^(本)?(意见|通知|方案|规划|纲要|办法|决定|规定|细则|措施|答复|函)$")
COLUMNS = ["kind", "citation", "key", "paragraph", "sentence"]


def citation_key(citation: str) -> str:
    """Comparable form of a citation: normalised, without spaces and quotes."""
    return re.sub(r"[\s“”\"'‘’]", "", normalize(citation))


def find_citations(sentences: list[Sentence], own_number: str | None = None) -> pd.DataFrame:
    """One row per citation occurrence: kind (文件名称 / 文号), the citation as written, its sentence."""
    own = citation_key(own_number) if own_number else None
    rows = []
    for s in sentences:
        for m in P.CITED_TITLE.finditer(s.text):
            title = re.sub(r"\s+", " ", m.group(1)).strip()
            if not SELF_REFERENCE.match(normalize(title)):
                rows.append(("文件名称", title, citation_key(title), s.paragraph, s.text))
        for m in P.DOC_NUMBER.finditer(s.text):
            number = P.DOC_NUMBER_LEAD.sub("", m.group(0))
            key = citation_key(number)
            if key != own:
                rows.append(("文号", number, key, s.paragraph, s.text))
    return pd.DataFrame(rows, columns=COLUMNS)


def unique_citations(df: pd.DataFrame) -> pd.DataFrame:
    """First occurrence of each cited title or 文号, with the number of mentions."""
    if df.empty:
        return df.assign(mentions=pd.Series(dtype=int))
    counts = df.groupby("key").size().rename("mentions")
    first = df.drop_duplicates("key", keep="first").set_index("key")
    return first.join(counts).reset_index()[["kind", "citation", "key", "mentions", "paragraph", "sentence"]]
