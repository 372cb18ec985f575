"""Links between documents: pairs that cite the same document or name the same body.

Only what identifies one thing links two documents: a cited document (by its title or its 文号,
which are the same document when any text gives them together) and an organisation by its body
(the entity table's `body`: its absolute name with short forms and renamings resolved, so 国家卫健委
and 国家卫生计生委 are one body). A relative name (市政府, 区卫健局) counts under the name it was
resolved to in its document (深圳市人民政府), and not at all when it could not be resolved; places
are common ground, not a link (two documents of one province name it as a matter of course).

Boilerplate links nothing: a body named only in a 主送/抄送 line (各省、自治区、直辖市人民政府，国务院
各部委、各直属机构：) is not a mention of the document's content, and a body that most documents
name is common ground — one named by more than MAX_LINK_DOCS documents, or (with at least
SHARE_MIN_DOCS documents) by more than MAX_LINK_SHARE of them, links no pair.
"""

from __future__ import annotations

import pandas as pd

from policyreport.extract.citations import CITED, NUMBER
from policyreport.extract.document import DocumentResult

MAX_LINK_DOCS = 8  # an item named by more documents is common ground, not a specific link
MAX_LINK_SHARE = 0.5  # nor is one named by more than this share of the documents ("most documents") …
SHARE_MIN_DOCS = 4  # … when there are at least this many (in two documents every shared body is in all of them)
COLUMNS = ["kind", "item", "doc_a", "paragraph_a", "sentence_a", "doc_b", "paragraph_b", "sentence_b"]


def _number_aliases(results: dict[str, DocumentResult]) -> dict[str, str]:
    """文号 key → title key, for every title some document gives with its 文号."""
    alias = {}
    for r in results.values():
        c = r.tables["citations"]
        for key, number in zip(c["key"], c["number_key"] if "number_key" in c else [None] * len(c)):
            if isinstance(number, str) and number:
                alias.setdefault(number, key)
    return alias


def too_common(n_naming: int, n_docs: int) -> bool:
    """An item named (or cited) by `n_naming` of `n_docs` documents is common ground, not a link."""
    return n_naming > MAX_LINK_DOCS or (n_docs >= SHARE_MIN_DOCS and n_naming > MAX_LINK_SHARE * n_docs)


def links(results: dict[str, DocumentResult]) -> pd.DataFrame:
    """Pairs of documents that cite the same document or name the same organisation, with the
    first sentence of each side.

    Organisations named only in a 主送/抄送 line do not count, and items that are `too_common`
    (国务院) are left out: they say little about a pair, and listing all their pairs would grow
    with the square of the corpus.
    """
    alias = _number_aliases(results)
    items: dict[tuple[str, str], dict[str, tuple[int, str, str]]] = {}
    for doc_id, r in sorted(results.items()):
        c = r.tables["citations"]
        for kind, key, paragraph, sentence, citation in zip(c["kind"], c["key"], c["paragraph"], c["sentence"], c["citation"]):
            if kind in (CITED, NUMBER):
                key = alias.get(key, key)
                items.setdefault(("引用文件", key), {}).setdefault(doc_id, (paragraph, sentence, citation))
        e = r.tables["entities"]
        for kind, body, addressee, paragraph, sentence in zip(
            e["type"], e["body"], e["addressee"], e["paragraph"], e["sentence"]
        ):
            if kind == "ORG" and isinstance(body, str) and body and not addressee:
                items.setdefault(("机构", body), {}).setdefault(doc_id, (paragraph, sentence, body))
    rows = []
    for (kind, _), by_doc in sorted(items.items()):
        docs = sorted(by_doc)
        if too_common(len(docs), len(results)):
            continue
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                pa, sa, label = by_doc[a]
                pb, sb, _ = by_doc[b]
                rows.append((kind, label, a, pa, sa, b, pb, sb))
    return pd.DataFrame(rows, columns=COLUMNS)
