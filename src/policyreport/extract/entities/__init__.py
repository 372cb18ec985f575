"""Named organisations, people and places (ORG / PERSON / PLACE), by rules over jieba's tokens and gazetteers kept as data.

jieba's part-of-speech tags alone miss most names (it cuts 中山市人民医院 into place + noun +
suffix, and tags rare names wrongly), so:
- organisations: user-dictionary organisations (tag nt), runs of name-like tokens ending in an
  organisation suffix (never starting with a verb, never crossing a word of `not_in_names`),
  government bodies matched by prefix patterns + suffixes or by prefix + standard field words +
  kind (省人力社保厅, 国家发展改革委, 人力资源社会保障部), names in a 、-list before a class word
  (…等企业), and the source line of a web re-post — every candidate must start and end on a
  token boundary;
- people: a surname from the list + one or two characters right before a role word
  (教授, 代表 …) or in a 、-list before it, or right after one (签发人：…), and contact persons;
  the role is kept;
- places: every name or alias of the gazetteer, except inside an organisation's name (中山 in
  中山大学, 浙江省 in 浙江省卫生健康委员会: mentions are flat, as in the usual Chinese NER
  annotation; a body's place is its region in the metadata); proper words + a generic place ending (控江路街道, 塔城路);
  rare words in a 、-list before a place noun (殷行、五角场等街道).

The package: `rules` (the YAML rules), `tokens` (offsets and tag classes, computed one way),
`organisations`, `people`, `places`; this module puts them together.
"""

from __future__ import annotations

import pandas as pd

from policyreport.extract.entities.names import region_path, resolve
from policyreport.extract.entities.organisations import organisations
from policyreport.extract.entities.people import people
from policyreport.extract.entities.places import rule_places
from policyreport.extract.entities.rules import EntityRules
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.segment import tag, tokenizer
from policyreport.ingest.text import Sentence

__all__ = ["COLUMNS", "EntityRules", "entity_summary", "find_entities"]

COLUMNS = ["type", "text", "canonical", "role", "paragraph", "sentence"]


def _word_freq(user_dict: str) -> dict:
    return tokenizer(user_dict).tokenizer.FREQ


def find_entities(
    sentences: list[Sentence],
    gazetteer: Gazetteer,
    rules: EntityRules,
    user_dict: str,
    contacts: list[str] | None = None,
    region: str | None = None,
    issuer: str | None = None,
) -> pd.DataFrame:
    """One row per entity mention: type (ORG / PERSON / PLACE), text as written, canonical name,
    role, paragraph, sentence.

    The canonical name of an organisation is its absolute name: a relative one (市政府, 我局) is
    resolved with the document's `region` and `issuer` (深圳市人民政府), or is None when the
    document does not say which body it is (see `names`)."""
    path = region_path(gazetteer, region, issuer)
    rows = []
    contacts = set(contacts or [])
    freq = _word_freq(user_dict)
    surfaces = set(gazetteer.by_surface)
    for s in sentences:
        text = s.norm
        tokens = tag(text, user_dict)
        org_spans = organisations(text, tokens, rules, freq, surfaces)
        for a, b in org_spans:
            rows.append(
                (
                    "ORG",
                    text[a:b],
                    resolve(text[a:b], gazetteer, path, issuer, rules.unplaced_prefixes),
                    None,
                    s.paragraph,
                    s.text,
                )
            )
        for name, role in people(text, tokens, rules, surfaces):
            rows.append(("PERSON", name, name, role, s.paragraph, s.text))
        for name in sorted(contacts):
            if name in text:
                rows.append(("PERSON", name, name, "联系人", s.paragraph, s.text))
        place_spans = []
        for a, b in sorted(set(rule_places(text, tokens, gazetteer, rules, freq))):
            if any(x <= a < y for x, y in org_spans) or any(x <= a < y for x, y in place_spans):
                continue
            if text[a:b] in gazetteer.by_surface:
                continue  # the gazetteer reports it, with its canonical name
            place_spans.append((a, b))
            rows.append(("PLACE", text[a:b], text[a:b], None, s.paragraph, s.text))
        for start, surface, place in gazetteer.places_in(text):
            if any(a <= start < b for a, b in org_spans + place_spans):
                continue  # 广州 in 广州生物岛, 中山 in 中山纪念图书馆
            rows.append(("PLACE", surface, place.name, None, s.paragraph, s.text))
    return pd.DataFrame(rows, columns=COLUMNS)


def entity_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Each distinct entity once, with its number of mentions and first paragraph."""
    if df.empty:
        return pd.DataFrame(columns=["type", "text", "canonical", "role", "mentions", "paragraph"])
    g = df.groupby(["type", "text"], sort=True)
    out = g.agg(
        canonical=("canonical", "first"),
        role=("role", lambda r: next((x for x in r if x), None)),
        mentions=("paragraph", "size"),
        paragraph=("paragraph", "min"),
    ).reset_index()
    return out.sort_values(["type", "mentions", "text"], ascending=[True, False, True]).reset_index(drop=True)
