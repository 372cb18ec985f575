"""Documents a text cites: titles in 《…》 and 文号 such as 国发〔2013〕40号.

A cited document is counted once: a title followed by its 文号 in brackets
(《关于促进健康服务业发展的若干意见》（国发〔2013〕40号）) is one citation with both keys
(`key` from the title, `number_key` from the 文号), and a later mention of either key is a
mention of the same document. What a reply or an approval answers — the deputies' suggestion or
proposal (《关于…的建议》（第20200186号）收悉), the 请示 a 批复 answers — is of kind 答复对象,
not a cited policy: `unique_citations` leaves it out and `answered` returns it.
"""

from __future__ import annotations

import re

import pandas as pd

from policyreport.ingest import patterns as P
from policyreport.ingest.text import Sentence, normalize

SELF_REFERENCE = re.compile(r"^(本)?(意见|通知|方案|规划|纲要|办法|决定|规定|细则|措施|答复|函)$")
CITED, NUMBER, ANSWERED = "文件名称", "文号", "答复对象"
COLUMNS = ["kind", "citation", "key", "doc_number", "number_key", "paragraph", "sentence"]
# A deputies' suggestion, a CPPCC proposal, a motion: what a reply answers, never a policy.
MOTION = re.compile(r"(?:建议|提案|议案)$")
# The number given right after a title, in brackets: （国发〔2013〕40号）, （第20200186号）, (第132043号提案).
NUMBER_AFTER = re.compile(r"\s*[(（]\s*(?P<number>[^()（）]{2,30}?)\s*[)）]")
# 收悉: the letter being answered (…的请示（…号）收悉; 你们提出的《…建议》已收悉).
RECEIVED = re.compile(r"\s*(?:[(（][^()（）]{2,30}[)）])?\s*(?:均|已|业已)?收悉")


def citation_key(citation: str) -> str:
    """Comparable form of a citation: normalised, without spaces and quotes."""
    return re.sub(r"[\s“”\"'‘’]", "", normalize(citation))


def find_citations(sentences: list[Sentence], own_number: str | None = None) -> pd.DataFrame:
    """One row per citation occurrence: kind (文件名称 / 文号 / 答复对象), the citation as written,
    its key, the 文号 given with a title and its key, paragraph and sentence."""
    own = citation_key(own_number) if own_number else None
    rows = []
    for s in sentences:
        paired = set()  # spans of 文号 that belong to the title right before them
        for m in P.CITED_TITLE.finditer(s.text):
            title = re.sub(r"\s+", " ", m.group(1)).strip()
            if SELF_REFERENCE.match(normalize(title)):
                continue
            number = None
            after = NUMBER_AFTER.match(s.text, m.end())
            if after:
                inner = after.group("number")
                doc = P.DOC_NUMBER.search(inner)
                if doc:
                    number = P.DOC_NUMBER_LEAD.sub("", doc.group(0))
                    paired.add(citation_key(number))
                elif P.ANSWERS_NUMBER.search(normalize(inner)):
                    number = P.ANSWERS_NUMBER.search(normalize(inner)).group(0)
            kind = ANSWERED if MOTION.search(normalize(title)) or RECEIVED.match(s.text, m.end()) else CITED
            number_key = citation_key(number) if number else None
            rows.append((kind, title, citation_key(title), number, number_key, s.paragraph, s.text))
        for m in P.DOC_NUMBER.finditer(s.text):
            number = P.DOC_NUMBER_LEAD.sub("", m.group(0))
            key = citation_key(number)
            if key != own and key not in paired:
                rows.append((NUMBER, number, key, None, None, s.paragraph, s.text))
    return pd.DataFrame(rows, columns=COLUMNS)


def _merged_keys(df: pd.DataFrame) -> pd.Series:
    """Each row's document key: a 文号 given with a title anywhere in the text counts as that title."""
    alias = {n: k for k, n in zip(df["key"], df["number_key"]) if isinstance(n, str) and n}
    return df["key"].map(lambda k: alias.get(k, k))


def unique_citations(df: pd.DataFrame) -> pd.DataFrame:
    """First occurrence of each cited document (title and 文号 together count once), with the
    number of mentions; what the text answers (答复对象) is left out."""
    cols = ["kind", "citation", "key", "doc_number", "mentions", "paragraph", "sentence"]
    if df.empty:
        return pd.DataFrame(columns=cols).assign(mentions=pd.Series(dtype=int))
    df = df.assign(key=_merged_keys(df))
    df = df[~df["key"].isin(df.loc[df["kind"] == ANSWERED, "key"])]
    if df.empty:
        return pd.DataFrame(columns=cols).assign(mentions=pd.Series(dtype=int))
    counts = df.groupby("key").size().rename("mentions")
    first = df.drop_duplicates("key", keep="first").set_index("key")
    return first.join(counts).reset_index()[cols]


def answered(df: pd.DataFrame) -> pd.DataFrame:
    """What the document answers (a suggestion, a proposal, a 请示), first occurrence of each."""
    rows = df[df["kind"] == ANSWERED]
    return rows.drop_duplicates("key", keep="first").reset_index(drop=True)[["citation", "key", "doc_number", "paragraph"]]
