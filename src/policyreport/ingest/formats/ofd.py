"""OFD (GB/T 33190-2016), a zip of XML: the text of the pages' TextObjects, of the page templates and
of the composite graphic units in DocumentRes/PublicRes that pages place, in reading order by
position (top to bottom, then left to right), runs joined into lines and paragraphs.

Electronic seals and signatures (Signs/) and annotations (Annots/, e.g. 拟办意见) are kept apart in
the publication record, never in the text. A page whose background is an image says so in the
record: what is printed only in the image is not in the text. When that image is the page's
template (a form: labels printed as a picture, values written over it), the record says so too,
and no field is read from a value whose label cannot be seen.
"""

from __future__ import annotations

import posixpath

from policyreport.ingest.formats import archive, layout
from policyreport.ingest.formats.archive import local
from policyreport.ingest.formats.base import DecodeError, Extracted, Options, Result

MAX_PAGES = 3_000
MAX_RUNS = 2_000_000
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
BACKGROUND_SHARE = 0.9


def _floats(text: str | None) -> list[float]:
    try:
        return [float(x) for x in (text or "").split()]
    except ValueError:
        return []


def _ctm(el) -> tuple[float, ...]:
    m = _floats(el.get("CTM"))
    return tuple(m) if len(m) == 6 else IDENTITY


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _compose(outer: tuple[float, ...], inner: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying `inner` first, then `outer`."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _deltas(text: str | None) -> list[float]:
    """DeltaX/DeltaY with the `g n value` repetition the standard allows."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                out += [float(tokens[i + 2])] * min(int(tokens[i + 1]), 100_000)
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(tokens[i]))
        except ValueError:
            pass
        i += 1
    return out


def _text_runs(obj, place: tuple[float, ...]) -> list[layout.Run]:
    """The runs of one TextObject in page coordinates (`place` maps its frame onto the page)."""
    box = _floats(obj.get("Boundary"))
    if len(box) < 2:
        return []
    frame = _compose(place, _compose((1.0, 0.0, 0.0, 1.0, box[0], box[1]), _ctm(obj)))
    size = float(obj.get("Size") or 1.0)
    a, b, c, d = frame[:4]
    height = abs(size * (d if abs(d) > 1e-9 else a)) or 1.0
    runs = []
    x = y = 0.0
    for code in obj:
        if local(code.tag) != "TextCode" or not code.text:
            continue
        x = float(code.get("X", x))
        y = float(code.get("Y", y))
        width = sum(_deltas(code.get("DeltaX"))) + size
        x0, base = _apply(frame, x, y)
        x1, _ = _apply(frame, x + width, y)
        runs.append(layout.Run(min(x0, x1), max(x0, x1), base - height, base, code.text))
    return runs


class _Doc:
    """One OFD document's parts, resolved against its folder."""

    def __init__(self, zf, root_path: str):
        self.zf = zf
        self.names = set(zf.namelist())
        self.dir = posixpath.dirname(root_path)
        self.root = self.xml(root_path)
        self.units: dict[str, object] = {}
        common = self.child(self.root, "CommonData")
        for res in [el for el in (common if common is not None else []) if local(el.tag) in ("PublicRes", "DocumentRes")]:
            path = self.resolve(res.text)
            if path in self.names:
                for unit in self.xml(path).iter():
                    if local(unit.tag) == "CompositeGraphicUnit" and unit.get("ID"):
                        self.units[unit.get("ID")] = unit
        self.templates = {
            el.get("ID"): self.resolve(el.get("BaseLoc"))
            for el in (common if common is not None else [])
            if local(el.tag) == "TemplatePage"
        }

    def xml(self, path: str):
        return archive.xml(archive.member(self.zf, path), path)

    def resolve(self, loc: str | None, base: str | None = None) -> str:
        loc = (loc or "").strip()
        if loc.startswith("/"):
            return posixpath.normpath(loc.lstrip("/"))
        return posixpath.normpath(posixpath.join(base if base is not None else self.dir, loc))

    @staticmethod
    def child(el, name: str):
        return next((c for c in el if local(c.tag) == name), None)

    def page_paths(self) -> list[str]:
        pages = self.child(self.root, "Pages")
        return [self.resolve(p.get("BaseLoc")) for p in (pages if pages is not None else []) if local(p.tag) == "Page"]

    def runs(self, content, place: tuple[float, ...], depth: int = 0) -> list[layout.Run]:
        """Text runs of a page or unit's content, composite units placed where the page puts them."""
        out: list[layout.Run] = []
        for el in content.iter():
            name = local(el.tag)
            if name == "TextObject":
                out += _text_runs(el, place)
            elif name == "CompositeObject" and depth < 8:
                unit = self.units.get(el.get("ResourceID"))
                box = _floats(el.get("Boundary"))
                if unit is not None and len(box) >= 2:
                    where = _compose(place, _compose((1.0, 0.0, 0.0, 1.0, box[0], box[1]), _ctm(el)))
                    out += self.runs(unit, where, depth + 1)
            if len(out) > MAX_RUNS:
                raise DecodeError(f"has more than {MAX_RUNS:,} text runs: not read")
        return out

    def page(self, path: str) -> tuple[list[layout.Run], bool, bool]:
        """(runs of the page and its templates, whether an image covers the page, whether that
        image is the page's template: a form printed as a picture, its values written over it)."""
        root = self.xml(path)
        area = _area(root) or _area(self.root) or 210 * 297
        templates = []
        for tpl in [el for el in root.iter() if local(el.tag) == "Template"]:
            tpath = self.templates.get(tpl.get("TemplateID"))
            if tpath and tpath in self.names:
                templates.append(self.xml(tpath))
        runs = [run for part in [*templates, root] for run in self.runs(part, IDENTITY)]
        form = any(_image_background(part, area) for part in templates)
        return runs, form or _image_background(root, area), form


def _area(root) -> float:
    box = next((el for el in root.iter() if local(el.tag) == "PhysicalBox"), None)
    dims = _floats(box.text if box is not None else "")
    return dims[2] * dims[3] if len(dims) == 4 else 0.0


def _image_background(part, area: float) -> bool:
    """Whether an image covers (nearly) the whole page: a scan or a printed form behind the text."""
    for el in part.iter():
        if local(el.tag) == "ImageObject":
            box = _floats(el.get("Boundary"))
            a, b, c, d = _ctm(el)[:4]
            drawn = min(box[2] * box[3], abs(a * d - b * c)) if len(box) == 4 else 0.0
            if drawn >= BACKGROUND_SHARE * area:
                return True
    return False


def _signatures(doc: _Doc, body) -> list[dict]:
    """Who signed or sealed the document and when (from Signatures.xml and each Signature.xml)."""
    loc = _Doc.child(body, "Signatures")
    if loc is None or not loc.text:
        return []
    path = doc.resolve(loc.text, "")
    if path not in doc.names:
        return []
    out = []
    for sig in [el for el in doc.xml(path).iter() if local(el.tag) == "Signature"]:
        spath = doc.resolve(sig.get("BaseLoc"), posixpath.dirname(path))
        entry = {"type": sig.get("Type") or "Seal"}
        if spath in doc.names:
            for el in doc.xml(spath).iter():
                if local(el.tag) == "Provider":
                    entry["provider"] = el.get("ProviderName")
                elif local(el.tag) == "SignatureDateTime" and el.text:
                    entry["date"] = el.text.strip()
        out.append(entry)
    return out


def _annotations(doc: _Doc) -> list[str]:
    """The text of the annotation layer (Annots/), one entry per annotation, kept out of the text."""
    index = next((n for n in doc.names if n.startswith(doc.dir + "/Annots/") and n.endswith("Annotations.xml")), None)
    if not index:
        return []
    out = []
    for page in [el for el in doc.xml(index).iter() if local(el.tag) == "FileLoc"]:
        path = doc.resolve(page.text, posixpath.dirname(index))
        if path not in doc.names:
            continue
        for annot in [el for el in doc.xml(path).iter() if local(el.tag) == "Annot"]:
            lines = layout.lines(doc.runs(annot, IDENTITY))
            text = " ".join(ln.text for ln in lines).strip()
            if text:
                out.append(text)
    return out


def _doc_info(body) -> dict:
    info = _Doc.child(body, "DocInfo")
    keep = {"Title", "Author", "Subject", "Abstract", "CreationDate", "ModDate", "Creator", "DocUsage"}
    return {local(el.tag): el.text.strip() for el in (info if info is not None else []) if local(el.tag) in keep and el.text}


def read(data: bytes, options: Options, name: str = "") -> Result:
    zf = archive.open_zip(data)
    ofd = archive.xml(archive.member(zf, "OFD.xml"), "OFD.xml")
    body = next((el for el in ofd if local(el.tag) == "DocBody"), None)
    root_loc = _Doc.child(body, "DocRoot") if body is not None else None
    if root_loc is None or not root_loc.text:
        raise DecodeError("is an OFD file without a document root (OFD.xml DocRoot): not read")
    doc = _Doc(zf, posixpath.normpath(root_loc.text.strip().lstrip("/")))
    paths = doc.page_paths()
    if len(paths) > MAX_PAGES:
        raise DecodeError(f"has {len(paths):,} pages, more than the limit of {MAX_PAGES:,}: not read")
    pages, image_pages, form_pages = [], [], []
    for i, path in enumerate(paths, start=1):
        runs, background, form = doc.page(path)
        pages.append(layout.lines(runs))
        image_pages += [i] if background else []
        form_pages += [i] if form else []
    text = layout.compatibility("\n\n".join(layout.paragraphs(layout.strip_furniture(pages))))
    if not text.strip():
        raise DecodeError("is an OFD file without a text layer (its pages are images; OCR them first): not read")
    reason = layout.garbled(text)
    if reason and not reason.startswith("has no text layer"):
        raise DecodeError(reason)
    record: dict = {"format": "ofd", "pages": len(paths), "meta": _doc_info(body)}
    signatures = _signatures(doc, body)
    if signatures:
        record["signatures"] = signatures
    notes = _annotations(doc)
    if notes:
        record["annotations"] = notes
    if image_pages:
        record["image_pages"] = image_pages
    if form_pages:
        record["form_pages"] = form_pages
    return Result([Extracted(text + "\n", record)], encoding="ofd")
