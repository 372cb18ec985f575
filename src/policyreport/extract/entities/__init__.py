"""Named organisations, people and places (ORG / PERSON / PLACE), by rules over jieba's tokens and gazetteers kept as data.

jieba's part-of-speech tags alone miss most names (it cuts 中山市人民医院 into place + noun +
suffix, and tags rare names wrongly) and make common nouns names (新兴产业, 上市公司 are nt), so:
- organisations: dictionary organisations (the user dictionary's nt words, the alias table's
  names; no other word without a suffix), runs of name-like tokens ending in an organisation
  suffix whose words before the suffix are a proper name (not class words only: 公立医院),
  government bodies matched by prefix patterns + suffixes or by prefix + standard field words +
  kind (省人力社保厅, 国家发展改革委, 人力资源社会保障部), names in a 、-list before a class word
  (…等企业), the source line of a web re-post, and company short names (贵州生诺); each mention
  once, whole (no part of a longer name again), two bodies written together as two;
- people: a surname from the list + one or two characters right before a role word
  (教授, 代表 …) or in a 、-list before it, or right after one (签发人：…, 国务院总理 李鹏), an
  official split off the body after their name (潘朝晖 省政府秘书长), and contact persons; the
  role is kept;
- places: every name or alias of the gazetteer, except inside an organisation's name (中山 in
  中山大学, 浙江省 in 浙江省卫生健康委员会, 贵州 in 贵州生诺: mentions are flat, as in the usual
  Chinese NER annotation; a body's place is its region in the metadata); proper words + a generic
  place ending (控江路街道, 塔城路); rare words in a 、-list before a place noun (殷行、五角场等街道).

Each organisation has its `body` (`aliases`: short forms and renamings resolved, with the
document's year), and every mention is marked when it stands in a 主送/抄送 line (`addressee`):
documents are linked through bodies, never through those lines (`compare.links`).

The package: `rules` (the YAML rules), `aliases` (the alias and renaming table), `tokens`
(offsets and tag classes, computed one way), `organisations`, `people`, `places`; this module
puts them together.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from policyreport.extract.entities.names import region_path, resolve
from policyreport.extract.entities.organisations import organisations
from policyreport.extract.entities.people import officials, people
from policyreport.extract.entities.places import brand_names, rule_places
from policyreport.extract.entities.rules import EntityRules
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.segment import tag, tokenizer
from policyreport.ingest.text import Sentence, normalize

__all__ = ["COLUMNS", "EntityRules", "entity_rows", "entity_summary", "find_entities", "rule_numbers"]

# text: as printed; canonical: the absolute name (relative names resolved); body: the one body
# behind short forms and renamings (aliases); addressee: named in a 主送/抄送 line, not in the text
COLUMNS = ["type", "text", "canonical", "body", "role", "addressee", "paragraph", "sentence"]


def _word_freq(user_dict: str) -> dict:
    return tokenizer(user_dict).tokenizer.FREQ


@lru_cache(maxsize=4)
def dictionary_organisations(user_dict: str) -> frozenset[str]:
    """The user dictionary's words tagged nt (organisations)."""
    lines = Path(user_dict).read_text(encoding="utf-8").splitlines()
    return frozenset(p[0] for p in (line.split() for line in lines) if len(p) >= 2 and p[-1] == "nt")


def rule_numbers(orgs: str, user_dict: str) -> dict:
    """The sizes of the organisation rules and of the dictionary's organisations that the methods
    chapter states: read from the files this build used, so that the report says what it did."""
    rules = EntityRules.from_yaml(orgs)
    table = rules.aliases
    renamings = table.renamings()
    national = [r for r in renamings if any(r[1] == b.name for b in table.bodies)]
    return {
        "dictionary_organisations": len(dictionary_organisations(str(user_dict))),
        "written_forms": len(table.written_forms),
        "generic_modifiers": len(rules.generic_modifiers),
        "person_roles": len(rules.person_roles),
        "addressee_labels": list(rules.addressee_labels),
        "bodies": len(table.bodies),
        "national_renamings": len(national),
        "years": sorted({y for _, _, y, _ in renamings if y}),
        "sources": len(table.sources),
        "field_forms": len(table.field_forms),
        "local_renamings": len(renamings) - len(national),
    }


def addressee_line(norm: str, rules: EntityRules, recipient: str | None = None) -> bool:
    """A 主送/抄送 line: labelled (抄送：…), the document's addressee as read by the metadata, or a
    list of bodies to 各 + a group of bodies, ending with a colon."""
    if rules.addressee_labels and norm.startswith(rules.addressee_labels):
        return norm[len(next(x for x in rules.addressee_labels if norm.startswith(x))) :][:1] in (":", "：")
    if recipient and norm.rstrip(":： ") == recipient.rstrip(":： "):
        return True
    return bool(rules.addressee_groups) and _addressee_list(rules.addressee_groups).match(norm) is not None


@lru_cache(maxsize=4)
def _addressee_list(groups: tuple[str, ...]) -> re.Pattern:
    """A line of bodies ending with a colon whose first item, or one after 、/，, is 各 + a group of
    bodies (各省、自治区、直辖市人民政府，国务院各部委、各直属机构：), not 各项 or 各方面."""
    words = "|".join(map(re.escape, groups))
    return re.compile(rf"^(?:[^。；;:：]*[、，,])?各(?:{words})[^。；;:：]*[:：]$")


def find_entities(
    sentences: list[Sentence],
    gazetteer: Gazetteer,
    rules: EntityRules,
    user_dict: str,
    contacts: list[str] | None = None,
    region: str | None = None,
    issuer: str | None = None,
    year: int | None = None,
    recipient: str | None = None,
) -> pd.DataFrame:
    """One row per entity mention: type (ORG / PERSON / PLACE), text as written, canonical name,
    body (organisations: the one body behind short forms and renamings, read in the document's
    `year`), role, addressee (in a 主送/抄送 line), paragraph, sentence.

    The canonical name of an organisation is its absolute name: a relative one (市政府, 我局) is
    resolved with the document's `region` and `issuer` (深圳市人民政府), or is None when the
    document does not say which body it is (see `names`)."""
    rows = entity_rows(sentences, gazetteer, rules, user_dict, contacts, region, issuer, year, recipient)
    return pd.DataFrame(rows, columns=COLUMNS)


def entity_rows(
    sentences: list[Sentence],
    gazetteer: Gazetteer,
    rules: EntityRules,
    user_dict: str,
    contacts: list[str] | None = None,
    region: str | None = None,
    issuer: str | None = None,
    year: int | None = None,
    recipient: str | None = None,
) -> list[tuple]:
    """The rows of `find_entities`, sentence after sentence (each sentence's rows are its own)."""
    path = region_path(gazetteer, region, issuer)
    rows = []
    contacts = set(contacts or [])
    freq = _word_freq(user_dict)
    surfaces = set(gazetteer.by_surface) | set(gazetteer.countries)
    known = dictionary_organisations(user_dict) | rules.aliases.written_forms
    recipient = normalize(recipient) if recipient else None
    for s in sentences:
        text = s.norm
        to = addressee_line(text, rules, recipient)
        tokens = tag(text, user_dict)
        org_spans = organisations(text, tokens, rules, freq, surfaces, known)
        org_spans, named = officials(text, tokens, org_spans, rules, known, surfaces)
        brands = [x for x in brand_names(text, tokens, gazetteer, freq) if not any(a < x[1] and x[0] < b for a, b in org_spans)]
        org_spans = sorted(org_spans + brands)
        for a, b in org_spans:
            canonical = resolve(text[a:b], gazetteer, path, issuer, rules.unplaced_prefixes)
            body = rules.aliases.body(canonical, year)
            rows.append(("ORG", text[a:b], canonical, body, None, to, s.paragraph, s.text))
        for name, role in named + [x for x in people(text, tokens, rules, surfaces) if x[0] not in dict(named)]:
            rows.append(("PERSON", name, name, None, role, to, s.paragraph, s.text))
        for name in sorted(contacts):
            if name in text:
                rows.append(("PERSON", name, name, None, "联系人", to, s.paragraph, s.text))
        place_spans = []
        for a, b in sorted(set(rule_places(text, tokens, gazetteer, rules, freq))):
            if any(x <= a < y for x, y in org_spans) or any(x <= a < y for x, y in place_spans):
                continue
            if text[a:b] in gazetteer.by_surface:
                continue  # the gazetteer reports it, with its canonical name
            place_spans.append((a, b))
            rows.append(("PLACE", text[a:b], text[a:b], None, None, to, s.paragraph, s.text))
        for start, surface, place in gazetteer.places_in(text):
            if any(a <= start < b for a, b in org_spans + place_spans):
                continue  # 广州 in 广州生物岛, 中山 in 中山纪念图书馆, 贵州 in 贵州生诺
            rows.append(("PLACE", surface, place.name, None, None, to, s.paragraph, s.text))
    return rows


def entity_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Each distinct entity once, with its number of mentions and first paragraph."""
    if df.empty:
        return pd.DataFrame(columns=["type", "text", "canonical", "body", "role", "mentions", "paragraph"])
    g = df.groupby(["type", "text"], sort=True)
    out = g.agg(
        canonical=("canonical", "first"),
        body=("body", "first"),
        role=("role", lambda r: next((x for x in r if x), None)),
        mentions=("paragraph", "size"),
        paragraph=("paragraph", "min"),
    ).reset_index()
    return out.sort_values(["type", "mentions", "text"], ascending=[True, False, True]).reset_index(drop=True)
