"""Draw the clauses hand-coded in dictionaries/coded_clauses.yaml from the shared development sources.

Usage: python scripts/coding_sample.py SHARED_DIR OUT_DIR
Writes OUT_DIR/txt/* (plain text of every source: corpus-dev and seeds as they are, HTML body text,
pdftotext of two PDFs, the Chinese full text of the Central/Shandong crawl), OUT_DIR/units.json (the
coding units of each, cut by the project's segmenter), OUT_DIR/sample.json (the sample and its
split: dev / heldout, then held-out part B), OUT_DIR/second_round.json (the clauses added in the
second round, `second_round`) and OUT_DIR/third_round.json (split dev_3, `third_round`). The codes themselves were assigned by reading the clauses, not by this script.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml
from bs4 import BeautifulSoup

from policyreport.extract import instruments, metadata
from policyreport.extract.gazetteer import Gazetteer
from policyreport.ingest.corpus import decode
from policyreport.ingest.text import paragraphs, sentences
from policyreport.params import load_params

ROOT = Path(__file__).resolve().parents[1]
DICTS = ROOT / "src" / "policyreport" / "dictionaries"
PDFS = (
    "govcn_print_guobanfa_2017_74_jingwai_touzi.pdf",
    "huaian_szf_2024_zfxxgk_annual_report.pdf",
    "hongze_qzf_2023_zfxxgk_annual_report.pdf",  # part B only
)
PART_B_PDF = "pdf_hongze_qzf_2023_zfxxgk_annual_report.txt"
CAP = {"cd_": 35, "html_": 25, "pdf_": 20, "seed_": 30, "xlsx_": 15}
XLSX = "formats-dev/tabular/central_and_shandong_policies_fulltext.xlsx"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def sha(s: str) -> str:
    return hashlib.sha1(s.encode()).hexdigest()


def heldout(doc: str) -> bool:
    """The split rule, fixed before the coder was written: whole documents, about 30 %."""
    return int(sha(doc)[:8], 16) % 10 < 3


def texts(shared: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for p in sorted((shared / "corpus-dev/docs").glob("*.txt")):
        (out / f"cd_{p.name}").write_bytes(p.read_bytes())
    for p in sorted((shared / "seeds").glob("*.txt")):
        (out / f"seed_{p.name}").write_bytes(p.read_bytes())
    for p in sorted((shared / "formats-dev/html").glob("*.html")):
        soup = BeautifulSoup(p.read_bytes(), "html.parser")
        for t in soup(["script", "style"]):
            t.decompose()
        for t in soup.find_all(["br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table", "td"]):
            t.insert_before("\n")
        lines = (line.strip() for line in soup.get_text("").splitlines())
        (out / f"html_{p.stem}.txt").write_text("\n".join(x for x in lines if x), encoding="utf-8")
    for name in PDFS:
        pdf = shared / "formats-dev/pdf" / name
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
        (out / f"pdf_{name[:-4]}.txt").write_text(text, encoding="utf-8")
    book = zipfile.ZipFile(shared / XLSX)
    titles: dict[str, str] = {}
    strings = ["".join(x.itertext()) for x in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", NS)]
    for sheet in sorted(n for n in book.namelist() if n.startswith("xl/worksheets/sheet")):
        for row in ET.fromstring(book.read(sheet)).findall(".//m:row", NS)[1:]:
            cells = {}
            for c in row.findall("m:c", NS):
                v = c.find("m:v", NS)
                val = (strings[int(v.text)] if c.get("t") == "s" else v.text) if v is not None else ""
                cells[re.match(r"[A-Z]+", c.get("r")).group(0)] = val or ""
            if len(cells.get("F", "")) > 200:
                key = f"xlsx_{Path(sheet).stem}_{cells.get('A', '').strip().zfill(3)}.txt"
                (out / key).write_text(cells["F"], encoding="utf-8")
                titles[key] = cells.get("E", "")
    (out.parent / "titles.json").write_text(json.dumps(titles, ensure_ascii=False), encoding="utf-8")


def units(path: Path, gaz: Gazetteer) -> list[tuple[int, int, str]]:
    paras = paragraphs(decode(path.read_bytes())[0])
    md = metadata.extract(paras, gaz)
    wrapper = set(md.publication.get("wrapper_paragraphs", ()))
    sents = sentences([p for p in paras if p.n not in wrapper])
    first, last = md.body
    body = [s for s in sents if first <= s.paragraph <= last] or sents
    return [(n, c.paragraph, c.text) for n, c in instruments.coding_units(body)]


def doc_name(key: str) -> str:
    if key.startswith("cd_"):
        return "corpus-dev/docs/" + key[3:]
    if key.startswith("seed_"):
        return "seeds/" + key[5:]
    if key.startswith("html_"):
        return f"formats-dev/html/{key[5:-4]}.html"
    if key.startswith("pdf_"):
        return f"formats-dev/pdf/{key[4:-4]}.pdf"
    sheet, no = key[5:-4].split("_")
    return f"{XLSX}#{sheet}:{int(no)}"


def sample(all_units: dict[str, list]) -> list[dict]:
    """Up to CAP clauses a document; 10 crawl documents of sheet 1 and 6 of sheet 2 (20 each), by hash."""
    crawl = [k for k in all_units if k.startswith("xlsx_") and len(all_units[k]) >= 15]
    first = sorted((k for k in crawl if "sheet1" in k), key=lambda k: sha(doc_name(k)))[:10]
    second = sorted((k for k in crawl if "sheet2" in k), key=lambda k: sha(doc_name(k)))[:6]
    rows = []
    for key, us in all_units.items():
        if (key.startswith("xlsx_") and key not in first + second) or key == PART_B_PDF:
            continue
        cap = 20 if key in second else next(v for p, v in CAP.items() if key.startswith(p))
        doc = doc_name(key)
        for n, p, t in sorted(sorted(us, key=lambda u: sha(f"{doc}:{u[0]}"))[:cap]):
            rows.append({"doc": doc, "clause_no": n, "paragraph": p, "text": t, "split": "heldout" if heldout(doc) else "dev"})
    return rows


def sample_b(all_units: dict[str, list], used: set[str]) -> list[dict]:
    """Held-out part B, drawn after part A was measured: 9 unread crawl documents of sheet 1 and 5 of
    sheet 2 with at least 20 units (by SHA-1 of "B:" and the doc name) and the Hongze 2023 report, 25 units each."""
    crawl = [k for k in all_units if k.startswith("xlsx_") and len(all_units[k]) >= 20 and doc_name(k) not in used]
    keys = sorted((k for k in crawl if "sheet1" in k), key=lambda k: sha("B:" + doc_name(k)))[:9]
    keys += sorted((k for k in crawl if "sheet2" in k), key=lambda k: sha("B:" + doc_name(k)))[:5]
    rows = []
    for key in [*keys, PART_B_PDF]:
        doc = doc_name(key)
        for n, p, t in sorted(sorted(all_units[key], key=lambda u: sha(f"{doc}:{u[0]}"))[:25]):
            rows.append({"doc": doc, "clause_no": n, "paragraph": p, "text": t, "split": "heldout_b"})
    return rows


SECOND_DEV = {  # development documents sampled further in the second round: unit file -> clauses, hash prefix
    "cd_31_school-health-work-regulations-1990.txt": (12, "C:"),
    "cd_33_guangdong-public-data-measures-order-2021.txt": (12, "C:"),
    "cd_26_aba-prefecture-gov-data-measures-notice-2021.txt": (12, "C:"),
    "cd_30_anhui-rcep-implementation-opinions-notice-2022.txt": (12, "C:"),
    "html_gz_scjgj_guowuyuanling_746_shichangzhuti.txt": (30, "D:"),
    "seed_003_68f055e16da9604c.txt": (20, "D:"),
    "html_gz_wjw_suiweihan_2023_1930_jiatingyisheng.txt": (15, "D:"),
    "html_gz_tianhe_czj_suiminguizi_2024_3_zhucan.txt": (10, "D:"),
    "html_gz_rsj_suirenshe_guizi_2022_2_rencai_ruhu.txt": (10, "D:"),
}


def _draw_crawl(all_units: dict[str, list], crawl: list[str], prefix: str, sheets, per_doc: int, split: str) -> list[dict]:
    """Rows of `split`: for each (sheet, n) the first n crawl documents of that sheet by SHA-1 of
    prefix + doc name, and of each the first `per_doc` clauses by SHA-1 of prefix + doc:clause number,
    in document order."""
    keys = []
    for sheet, n in sheets:
        keys += sorted((k for k in crawl if sheet in k), key=lambda k: sha(prefix + doc_name(k)))[:n]
    rows = []
    for key in keys:
        doc = doc_name(key)
        for n, p, t in sorted(sorted(all_units[key], key=lambda u: sha(f"{prefix}{doc}:{u[0]}"))[:per_doc]):
            rows.append({"doc": doc, "clause_no": n, "paragraph": p, "text": t, "split": split})
    return rows


def second_round(all_units: dict[str, list], coded: list[dict]) -> list[dict]:
    """The second round (coded_clauses.yaml's header): split dev_2, 14 clauses of each of 5 unread crawl
    documents of sheet 1 and 3 of sheet 2 with at least 15 units (by SHA-1 of "C:" and the doc name), and
    further clauses (split dev) of the development documents in SECOND_DEV that no earlier round drew.
    `coded` are the clauses coded before (coded_clauses.yaml without `round: 2`)."""
    used = {r["doc"] for r in coded}
    crawl = [k for k in all_units if k.startswith("xlsx_") and doc_name(k) not in used and len(all_units[k]) >= 15]
    rows = _draw_crawl(all_units, crawl, "C:", (("sheet1", 5), ("sheet2", 3)), 14, "dev_2")
    for key, (cap, prefix) in SECOND_DEV.items():
        doc = doc_name(key)
        seen = {r["text"] for r in coded + rows if r["doc"] == doc}
        fresh = [u for u in all_units[key] if u[2] not in seen]
        for n, p, t in sorted(sorted(fresh, key=lambda u: sha(f"{prefix}{doc}:{u[0]}"))[:cap]):
            rows.append({"doc": doc, "clause_no": n, "paragraph": p, "text": t, "split": "dev"})
    return rows


# Third round (split dev_3): normative documents outside health, the genre the coder meets least (the
# crawl's column E holds the title in English).
NORMATIVE = re.compile(r"\b(?:Measures|Opinions|Plan|Provisions|Regulations|Decision|Rules|Notice)\b")
HEALTH = re.compile(r"Medic|Health|Drug|Hospital|Pharma|Disease|Clinical|Elderly", re.I)


def third_round(all_units: dict[str, list], titles: dict[str, str], coded: list[dict]) -> list[dict]:
    """Split dev_3: 12 clauses (by SHA-1 of "E:doc:clause number") of each of 4 crawl documents of sheet 1
    and 2 of sheet 2 that no split uses, whose title names a normative genre (NORMATIVE) and no health
    subject (HEALTH), with at least 15 units, the first by SHA-1 of "E:" and the doc name."""
    used = {r["doc"] for r in coded}
    crawl = [
        k
        for k in all_units
        if k.startswith("xlsx_")
        and doc_name(k) not in used
        and len(all_units[k]) >= 15
        and NORMATIVE.search(titles.get(k, "").strip())
        and not HEALTH.search(titles.get(k, ""))
    ]
    return _draw_crawl(all_units, crawl, "E:", (("sheet1", 4), ("sheet2", 2)), 12, "dev_3")


def main(shared: str, out: str) -> None:
    out_dir = Path(out)
    texts(Path(shared), out_dir / "txt")
    gaz = Gazetteer.from_yaml(load_params(ROOT / "params.yaml").places)
    all_units = {f.name: units(f, gaz) for f in sorted((out_dir / "txt").glob("*.txt"))}
    (out_dir / "units.json").write_text(json.dumps(all_units, ensure_ascii=False), encoding="utf-8")
    first = sample(all_units)
    rows = first + sample_b(all_units, {r["doc"] for r in first})
    (out_dir / "sample.json").write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    earlier = [
        r for r in yaml.safe_load((DICTS / "coded_clauses.yaml").read_text(encoding="utf-8"))["clauses"] if r.get("round") != 2
    ]
    second = second_round(all_units, earlier)
    (out_dir / "second_round.json").write_text(json.dumps(second, ensure_ascii=False, indent=0), encoding="utf-8")
    titles = json.loads((out_dir / "titles.json").read_text(encoding="utf-8"))
    everything = yaml.safe_load((DICTS / "coded_clauses.yaml").read_text(encoding="utf-8"))["clauses"]
    third = third_round(all_units, titles, [r for r in everything if r.get("split") != "dev_3"])
    (out_dir / "third_round.json").write_text(json.dumps(third, ensure_ascii=False, indent=0), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
