#!/usr/bin/env python3
"""Build the `maillage importer` test fixtures in Tests/Fixtures/import/drive/.

The files imitate a shared-drive export of a CPTS / DAC network (Word, ODT,
legacy .doc, PDF, scanned PDF, photos, a duplicate). README.md beside this
script says what each file holds and which losses the importer must report.

Requirements (none of them is a dependency of Maillage itself):

    python3 -m venv /tmp/import-fixtures-venv
    /tmp/import-fixtures-venv/bin/pip install python-docx reportlab python-pptx
    # python-docx brings lxml; Pillow comes with reportlab.
    # LibreOffice (soffice) on PATH: it makes the .odt and .doc files.
    # poppler-utils (pdftotext) for the self-checks at the end.

Run:

    /tmp/import-fixtures-venv/bin/python Tests/Fixtures/import/make_fixtures.py

Determinism: every date (document properties, tracked changes, comments, zip
entry times, PDF dates) is fixed, random noise uses a seeded generator, and the
ODT files written by LibreOffice are normalised (zip times, editing duration,
random rsids, tracked-change/list/comment ids). With LibreOffice 7.4.7 two runs
give byte-identical files, the .doc included; another LibreOffice version will
give other (equivalent) .odt and .doc bytes.

The script ends with self-checks (ODT keeps comment, tracked changes, merged
cells and pictures; scanned PDF has no text and no font; sizes) and exits 1 if
one fails.

What python-docx cannot write (tracked changes, comments, footnotes, text
boxes, an EMF picture) is added here as raw WordprocessingML, either as lxml
elements in the body or as extra parts in the zip.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
DRIVE = HERE / "drive"

# Fixed dates used everywhere.
ZIP_TIME = (2026, 3, 4, 10, 0, 0)
AUTHOR = "Claire Martin"
LO_PROFILE = "file:///tmp/lo-profile-fixtures"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
REL_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


# --------------------------------------------------------------------------
# Zip helpers
# --------------------------------------------------------------------------

def rewrite_zip(data: bytes, replace: dict[str, bytes] | None = None,
                drop: set[str] = frozenset(), add: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed entry times, optionally replacing/adding parts.

    A `mimetype` entry (ODF) is kept first and stored uncompressed."""
    replace = replace or {}
    add = add or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in src.namelist() if n not in drop]
    if "mimetype" in names:
        names.remove("mimetype")
        names.insert(0, "mimetype")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names + [n for n in add if n not in names]:
            blob = add.get(name, replace.get(name))
            if blob is None:
                blob = src.read(name)
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 0
            info.external_attr = 0
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info, blob)
    return out.getvalue()


def drop_thumbnail(data: bytes) -> bytes:
    """Remove the python-docx/python-pptx template thumbnail (a stale picture
    of an empty page) and rewrite the zip with fixed times."""
    z = zipfile.ZipFile(io.BytesIO(data))
    thumb = "docProps/thumbnail.jpeg"
    if thumb not in z.namelist():
        return rewrite_zip(data)
    rels = z.read("_rels/.rels").decode()
    rels = re.sub(r'<Relationship [^>]*Target="docProps/thumbnail\.jpeg"/>', "", rels)
    return rewrite_zip(data, drop={thumb}, replace={"_rels/.rels": rels.encode()})


def docx_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return drop_thumbnail(buf.getvalue())


def set_core(doc, title: str, created: datetime, modified: datetime | None = None,
             author: str = AUTHOR, subject: str = "", keywords: str = "") -> None:
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = created
    cp.modified = modified or created
    cp.revision = 1
    cp.subject = subject
    cp.keywords = keywords
    cp.comments = ""
    cp.category = ""


def a4(doc) -> None:
    for s in doc.sections:
        s.page_width, s.page_height = Cm(21), Cm(29.7)
        s.left_margin = s.right_margin = Cm(2.2)
        s.top_margin = s.bottom_margin = Cm(2)


# --------------------------------------------------------------------------
# LibreOffice
# --------------------------------------------------------------------------

def soffice(src: Path, target: str, outdir: Path) -> Path:
    """Convert `src` with LibreOffice headless; return the output path."""
    cmd = ["soffice", f"-env:UserInstallation={LO_PROFILE}", "--headless",
           "--convert-to", target, "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, timeout=180, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env={**os.environ, "TZ": "UTC"})
    ext = target.split(":")[0]
    out = outdir / (src.stem + "." + ext)
    if not out.exists():
        raise SystemExit(f"LibreOffice did not write {out}")
    return out


def normalise_odf(data: bytes) -> bytes:
    """Make a LibreOffice ODF file reproducible: zip times, rsids.

    meta.xml dates come from the source docx core properties, so they are
    already fixed; the editing duration is forced to zero."""
    z = zipfile.ZipFile(io.BytesIO(data))
    replace = {}
    meta = z.read("meta.xml").decode()
    meta = re.sub(r"(<meta:editing-duration>)[^<]*(<)", r"\1P0D\2", meta)
    replace["meta.xml"] = meta.encode()
    for part in ("content.xml", "styles.xml"):
        xml = z.read(part).decode()
        # rsids are random per LibreOffice session; they carry no content.
        xml = re.sub(r' officeooo:(paragraph-)?rsid="[0-9a-f]+"', "", xml)
        # Tracked-change, list and comment ids are memory addresses or random numbers:
        # renumber them in order of appearance (references keep matching).
        ids: dict[str, str] = {}

        def renumber(m: re.Match) -> str:
            return ids.setdefault(m.group(0), f"{m.group(1)}{len(ids) + 1}")

        xml = re.sub(r"\b(ct|list|__Annotation__\d+_)(\d{6,})\b", renumber, xml)
        replace[part] = xml.encode()
    settings = z.read("settings.xml").decode()
    settings = re.sub(r'(<config:config-item config:name="Rsid(Root)?" config:type="int">)\d+<',
                      r"\g<1>0<", settings)
    replace["settings.xml"] = settings.encode()
    return rewrite_zip(data, replace=replace)


# --------------------------------------------------------------------------
# Pictures
# --------------------------------------------------------------------------

def png_chart() -> bytes:
    """A small bar chart: ICOPE step-1 screenings per month."""
    img = Image.new("RGB", (360, 200), "white")
    d = ImageDraw.Draw(img)
    d.text((12, 8), "Dépistages ICOPE (étape 1)", fill=(30, 30, 30), font=font(14, True))
    values = [("déc.", 31), ("janv.", 44), ("févr.", 52), ("mars", 21)]
    base = 175
    for i, (label, v) in enumerate(values):
        x = 40 + i * 78
        d.rectangle([x, base - v * 2.3, x + 44, base], fill=(46, 117, 182))
        d.text((x + 12, base - v * 2.3 - 16), str(v), fill=(30, 30, 30), font=font(11))
        d.text((x + 6, base + 4), label, fill=(60, 60, 60), font=font(11))
    d.line([30, base, 345, base], fill=(80, 80, 80), width=1)
    buf = io.BytesIO()
    img.convert("P", palette=Image.ADAPTIVE, colors=32).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def jpeg_photo(w: int, h: int, seed: int, quality: int = 82, exif_date: str | None = None) -> bytes:
    """A fake photo of a meeting room: window, table, people as shapes."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    for y in range(h):  # warm wall gradient
        t = y / h
        d.line([0, y, w, y], fill=(int(232 - 40 * t), int(222 - 45 * t), int(200 - 60 * t)))
    d.rectangle([w * 0.62, h * 0.08, w * 0.92, h * 0.45], fill=(176, 206, 230), outline=(250, 250, 250), width=4)
    d.line([w * 0.77, h * 0.08, w * 0.77, h * 0.45], fill=(250, 250, 250), width=3)
    d.ellipse([w * 0.08, h * 0.55, w * 0.92, h * 0.98], fill=(120, 84, 52))
    colours = [(70, 90, 140), (150, 60, 60), (60, 120, 90), (200, 160, 60), (110, 110, 110)]
    for i in range(5):
        cx = w * (0.16 + 0.17 * i) + rnd.randint(-6, 6)
        cy = h * 0.52 + rnd.randint(-5, 5)
        d.ellipse([cx - w * 0.06, cy, cx + w * 0.06, cy + h * 0.2], fill=colours[i])
        d.ellipse([cx - w * 0.035, cy - h * 0.13, cx + w * 0.035, cy - h * 0.01], fill=(225, 185, 150))
    for _ in range(6):  # papers on the table
        x, y = w * rnd.uniform(0.2, 0.75), h * rnd.uniform(0.75, 0.88)
        d.rectangle([x, y, x + w * 0.06, y + h * 0.05], fill=(245, 245, 240))
    kw = {"quality": quality, "subsampling": 2, "optimize": True}
    if exif_date:
        exif = Image.Exif()
        exif[0x0110] = "Appareil de démonstration"  # Model
        exif[0x0132] = exif_date  # DateTime
        kw["exif"] = exif.tobytes()
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kw)
    return buf.getvalue()


def emf_diagram() -> bytes:
    """A hand-written EMF (Windows Enhanced Metafile): three boxes and arrows.

    600 x 200 logical units, 1 unit = 0.25 mm (device 1000 px = 250 mm)."""
    recs: list[bytes] = []

    def rec(kind: int, payload: bytes) -> None:
        recs.append(struct.pack("<II", kind, 8 + len(payload)) + payload)

    def colour(r, g, b):
        return r | (g << 8) | (b << 16)

    handles = 0

    def new_handle():
        nonlocal handles
        handles += 1
        return handles

    rec(18, struct.pack("<I", 1))  # EMR_SETBKMODE TRANSPARENT
    pen = new_handle()
    rec(38, struct.pack("<IIiiI", pen, 0, 2, 0, colour(46, 117, 182)))  # EMR_CREATEPEN
    brush = new_handle()
    rec(39, struct.pack("<IIII", brush, 0, colour(234, 242, 248), 0))  # EMR_CREATEBRUSHINDIRECT
    face = "Arial".encode("utf-16-le").ljust(64, b"\0")
    fnt = new_handle()
    logfont = struct.pack("<iiiii8B", -18, 0, 0, 0, 700, 0, 0, 0, 1, 0, 0, 0, 0) + face
    rec(82, struct.pack("<I", fnt) + logfont)  # EMR_EXTCREATEFONTINDIRECTW
    for h in (pen, brush, fnt):
        rec(37, struct.pack("<I", h))  # EMR_SELECTOBJECT
    rec(24, struct.pack("<I", colour(20, 40, 70)))  # EMR_SETTEXTCOLOR
    rec(22, struct.pack("<I", 6))  # EMR_SETTEXTALIGN TA_CENTER|TA_TOP

    def advances(label: str) -> list[int]:  # glyph advances (dx array), DejaVu Sans Bold metrics
        f = font(17, bold=True)
        return [round(f.getlength(ch)) for ch in label]

    boxes = [(10, 60, 170, 140, "Médecin"), (220, 60, 380, 140, "CPTS"), (430, 60, 590, 140, "DAC")]
    for (l, t, r, b, label) in boxes:
        rec(44, struct.pack("<iiiiii", l, t, r, b, 20, 20))  # EMR_ROUNDRECT
        text = label.encode("utf-16-le")
        n = len(label)
        padded = text.ljust((len(text) + 3) // 4 * 4, b"\0")
        off_string = 76
        off_dx = off_string + len(padded)
        cx = (l + r) // 2
        emrtext = struct.pack("<iiIIIiiiiI", cx, t + 30, n, off_string, 0, 0, 0, 0, 0, off_dx)
        body = struct.pack("<iiiiIff", l, t, r, b, 1, 1.0, 1.0) + emrtext + padded + struct.pack(f"<{n}i", *advances(label))
        rec(84, body)  # EMR_EXTTEXTOUTW
    for x0, x1 in ((170, 220), (380, 430)):
        rec(27, struct.pack("<ii", x0, 100))  # EMR_MOVETOEX
        rec(54, struct.pack("<ii", x1 - 2, 100))  # EMR_LINETO
        pts = [(x1, 100), (x1 - 12, 92), (x1 - 12, 108)]
        rec(86, struct.pack("<iiiiI", x1 - 12, 92, x1, 108, 3) + b"".join(struct.pack("<hh", *p) for p in pts))  # EMR_POLYGON16
    for h in (pen, brush, fnt):
        rec(40, struct.pack("<I", h))  # EMR_DELETEOBJECT
    eof = struct.pack("<II", 14, 20) + struct.pack("<III", 0, 16, 20)  # EMR_EOF

    body = b"".join(recs) + eof
    header_size = 88
    total = header_size + len(body)
    header = struct.pack(
        "<II4i4i4sIIIHHIII2i2i",
        1, header_size,
        0, 0, 599, 199,          # rclBounds (device units)
        0, 0, 15000, 5000,       # rclFrame (0.01 mm)
        b" EMF", 0x10000, total, len(recs) + 2, handles + 1, 0,
        0, 0, 0,                 # no description, no palette
        1000, 1000, 250, 250,    # szlDevice (px), szlMillimeters
    )
    assert len(header) == header_size
    return header + body


# --------------------------------------------------------------------------
# Raw WordprocessingML pieces
# --------------------------------------------------------------------------

def w_run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


# Namespaces declared on the root of python-docx's document.xml but unknown
# to docx.oxml.ns; lxml reuses the root declarations when serialising.
EXTRA_NS = {
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
}


def append_xml(paragraph, xml: str) -> None:
    """Append raw run-level XML (one or more elements) to a python-docx paragraph."""
    decls = " ".join(f'xmlns:{k}="{v}"' for k, v in EXTRA_NS.items())
    wrapper = parse_xml(f"<w:wrap {nsdecls('w', 'wp', 'a', 'r')} {decls}>{xml}</w:wrap>")
    for child in list(wrapper):
        paragraph._p.append(child)


def insertion(rid: int, text: str, date: str) -> str:
    return (f'<w:ins w:id="{rid}" w:author="{AUTHOR}" w:date="{date}">'
            f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>')


def deletion(rid: int, text: str, date: str) -> str:
    return (f'<w:del w:id="{rid}" w:author="{AUTHOR}" w:date="{date}">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


def footnote_ref(fid: int) -> str:
    return (f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{fid}"/></w:r>')


def text_box(text_runs: str, shape_id: int) -> str:
    """A floating text box, as Word writes it: DrawingML (wps) with a VML fallback."""
    content = f"<w:txbxContent><w:p>{text_runs}</w:p></w:txbxContent>"
    cx, cy = 5760000, 720000  # 16 cm x 2 cm (EMU)
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapTopAndBottom/><wp:docPr id="{shape_id}" name="Zone de texte {shape_id}"/>'
        '<wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:srgbClr val="EAF2F8"/></a:solidFill>'
        '<a:ln w="9525"><a:solidFill><a:srgbClr val="2E75B6"/></a:solidFill></a:ln>'
        f'</wps:spPr><wps:txbx>{content}</wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" '
        'bIns="45720" anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
        '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f'<v:shape id="Zone de texte {shape_id}" o:spid="_x0000_s1026" type="#_x0000_t202" '
        'style="position:absolute;margin-left:0;margin-top:0;width:453.55pt;height:56.7pt;'
        'z-index:251659264;mso-wrap-distance-top:3.6pt;mso-wrap-distance-bottom:3.6pt;'
        'mso-position-horizontal:absolute;mso-position-vertical:absolute" '
        'fillcolor="#eaf2f8" strokecolor="#2e75b6">'
        f'<v:textbox>{content}</v:textbox><w10:wrap type="topAndBottom"/></v:shape>'
        '</w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )


def add_parts(data: bytes, parts: dict[str, tuple[str, str, str]]) -> bytes:
    """Add XML parts to a docx: {zip name: (xml, relationship type, content type)}."""
    z = zipfile.ZipFile(io.BytesIO(data))
    rels = z.read("word/_rels/document.xml.rels").decode()
    ctypes = z.read("[Content_Types].xml").decode()
    add = {}
    for i, (name, (xml, rel_type, ctype)) in enumerate(sorted(parts.items()), start=1):
        target = name.removeprefix("word/")
        rels = rels.replace("</Relationships>",
                            f'<Relationship Id="rIdFx{i}" Type="{rel_type}" Target="{target}"/></Relationships>')
        ctypes = ctypes.replace("</Types>", f'<Override PartName="/{name}" ContentType="{ctype}"/></Types>')
        add[name] = xml.encode()
    return rewrite_zip(data, replace={"word/_rels/document.xml.rels": rels.encode(),
                                      "[Content_Types].xml": ctypes.encode()}, add=add)


XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def comments_xml(comments: list[tuple[int, str, str, str]]) -> str:
    body = "".join(
        f'<w:comment w:id="{cid}" w:author="{author}" w:date="{date}" w:initials="{initials(author)}">'
        f'<w:p><w:r><w:annotationRef/></w:r><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:comment>'
        for cid, author, date, text in comments)
    return f'{XML_HEAD}<w:comments xmlns:w="{W_NS}">{body}</w:comments>'


def initials(name: str) -> str:
    return "".join(p[0] for p in name.split())


def footnotes_xml(notes: list[tuple[int, str]]) -> str:
    sep = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')
    body = "".join(
        f'<w:footnote w:id="{fid}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for fid, text in notes)
    return f'{XML_HEAD}<w:footnotes xmlns:w="{W_NS}">{sep}{body}</w:footnotes>'


# --------------------------------------------------------------------------
# 1. compte-rendu-copil-mars.docx
# --------------------------------------------------------------------------

def build_copil_docx() -> bytes:
    doc = Document()
    a4(doc)
    set_core(doc, "Compte rendu du comité de pilotage – mars 2026",
             datetime(2026, 3, 3, 17, 0, tzinfo=timezone.utc), datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc),
             subject="CPTS Pévèle-Carembault")

    doc.add_paragraph("Compte rendu du comité de pilotage", style="Title")
    doc.add_paragraph("CPTS Pévèle-Carembault – Réunion du mardi 3 mars 2026, de 14 h à 16 h 30, "
                      "à la Maison de santé pluriprofessionnelle de Templeuve-en-Pévèle (salle du conseil).")
    doc.add_paragraph("Présents : Dr Julien Carpentier (médecin généraliste, président de la CPTS), "
                      "Claire Martin (coordinatrice de la CPTS), Hélène Roussel (pilote du DAC Flandre-Lys), "
                      "Sophie Lambert (infirmière libérale), Karim Benali (pharmacien), "
                      "Anne-Sophie Lefebvre (assistante sociale du conseil départemental).")
    doc.add_paragraph("Excusés : Dr Marc Delattre (gériatre, centre hospitalier de Seclin), "
                      "Nadia Haddad (masseur-kinésithérapeute).")

    doc.add_heading("Ordre du jour", level=1)
    for item in ("Bilan du premier trimestre du programme ICOPE",
                 "Parcours de sortie d'hospitalisation avec le dispositif d'appui à la coordination (DAC)",
                 "Plan d'actions 2026",
                 "Points divers"):
        doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("Échanges", level=1)
    doc.add_heading("Bilan du programme ICOPE", level=2)
    p = doc.add_paragraph()
    append_xml(p, w_run("Le Dr Carpentier présente le bilan du programme ICOPE")
               + footnote_ref(1)
               + w_run(" : ")
               + '<w:commentRangeStart w:id="0"/>'
               + w_run("148 personnes de plus de 60 ans")
               + '<w:commentRangeEnd w:id="0"/>'
               + '<w:r><w:commentReference w:id="0"/></w:r>'
               + w_run(" ont bénéficié de l'étape 1 (repérage des fragilités)")
               + insertion(1, " dans les quatre pharmacies participantes", "2026-03-04T10:00:00Z")
               + w_run(". Douze d'entre elles ont été orientées vers une évaluation approfondie."))
    doc.add_paragraph("Les infirmiers libéraux souhaitent être formés à l'étape 2 avant l'été. "
                      "Karim Benali rappelle que le repérage en officine dure une quinzaine de minutes.")
    pic = doc.add_paragraph()
    pic.add_run().add_picture(io.BytesIO(png_chart()), width=Cm(9))
    doc.add_paragraph("Figure 1 : dépistages ICOPE par mois (décembre 2025 à mars 2026).", style="Caption")

    doc.add_heading("Parcours de sortie d'hospitalisation", level=2)
    p = doc.add_paragraph()
    append_xml(p, w_run("Hélène Roussel présente la fiche de liaison élaborée avec l'équipe de liaison "
                        "du centre hospitalier. Le DAC appelle le patient et son médecin traitant")
               + deletion(2, " dès le lendemain de la sortie", "2026-03-04T10:05:00Z")
               + w_run(" dans les deux jours ouvrés qui suivent la sortie."))
    doc.add_paragraph("Le comité retient le plan d'actions suivant :")

    table = doc.add_table(rows=5, cols=3)
    table.style = "Table Grid"
    rows = [("Action", "Pilote", "Échéance"),
            ("Fiche de liaison hôpital–ville", "Hélène Roussel (DAC)", "avril 2026"),
            ("Appel de suivi après la sortie", "", "mai 2026"),
            ("Formation des infirmiers libéraux à l'étape 2 d'ICOPE", "Sophie Lambert", "juin 2026")]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    table.cell(1, 1).merge(table.cell(2, 1))           # vertical merge: w:vMerge
    merged = table.cell(4, 0).merge(table.cell(4, 2))  # horizontal merge: w:gridSpan="3"
    merged.text = "Bilan des actions présenté à la plénière du jeudi 12 novembre 2026"
    # merge() leaves the merged paragraphs behind: keep one paragraph per cell.
    for cell in (table.cell(1, 1), merged):
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)

    fake = doc.add_paragraph()
    fake.add_run("Points divers").bold = True
    doc.add_paragraph("La prochaine lettre d'information de la CPTS paraîtra en avril. "
                      "Anne-Sophie Lefebvre propose une réunion commune avec les services d'aide à domicile.")
    photo = doc.add_paragraph()
    photo.add_run().add_picture(io.BytesIO(jpeg_photo(320, 240, seed=7, quality=80)), width=Cm(8))
    doc.add_paragraph("Photo : le comité de pilotage réuni le 3 mars 2026.", style="Caption")

    doc.add_heading("Décisions", level=1)
    for item in ("Le plan d'actions ci-dessus est adopté à l'unanimité.",
                 "La CPTS finance deux sessions de formation ICOPE pour les infirmiers libéraux.",
                 "Le DAC présentera le bilan des appels de suivi au prochain comité."):
        doc.add_paragraph(item, style="List Bullet")
    box = doc.add_paragraph()
    append_xml(box, text_box(w_run("À retenir : ", bold=True)
                             + w_run("le DAC tient une permanence téléphonique du lundi au vendredi, "
                                     "de 9 h à 17 h, au 03 20 00 00 00."), shape_id=20))
    doc.add_paragraph("Prochaine réunion : mardi 2 juin 2026 à 14 h.")
    doc.add_paragraph("Rédaction : Claire Martin, coordinatrice de la CPTS.")

    data = docx_bytes(doc)
    return add_parts(data, {
        "word/comments.xml": (comments_xml([(0, AUTHOR, "2026-03-04T09:30:00Z",
                                             "À vérifier avec le DAC : ce chiffre compte-t-il les repérages à domicile ?")]),
                              REL_COMMENTS, CT_COMMENTS),
        "word/footnotes.xml": (footnotes_xml([(1, "ICOPE (Integrated Care for Older People) : programme de "
                                                 "l'Organisation mondiale de la santé pour prévenir la perte "
                                                 "d'autonomie des personnes âgées.")]),
                               REL_FOOTNOTES, CT_FOOTNOTES),
    })


# --------------------------------------------------------------------------
# Other Word documents
# --------------------------------------------------------------------------

def build_agenda_docx() -> bytes:
    doc = Document()
    a4(doc)
    set_core(doc, "Ordre du jour de la plénière", datetime(2026, 10, 20, 9, 0, tzinfo=timezone.utc))
    doc.add_paragraph("Ordre du jour de la plénière du jeudi 12 novembre 2026", style="Title")
    doc.add_paragraph("Lieu : salle polyvalente, 12 rue de la Gare, 59242 Templeuve-en-Pévèle. "
                      "Accueil à partir de 18 h, début de la séance à 18 h 30.")
    doc.add_heading("Programme de la soirée", level=1)
    for item in ("Accueil des nouveaux adhérents de la CPTS",
                 "Bilan des actions 2026 et présentation du rapport d'activité",
                 "Parcours des personnes âgées fragiles : retour sur les appels de suivi du DAC",
                 "Vote du budget prévisionnel 2027",
                 "Questions diverses et pot de l'amitié"):
        doc.add_paragraph(item, style="List Number")
    doc.add_paragraph("Merci de confirmer votre présence auprès de Claire Martin avant le 5 novembre.")
    return docx_bytes(doc)


def build_retex_docx() -> bytes:
    doc = Document()
    a4(doc)
    set_core(doc, "Retex sortie d'hospitalisation", datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc),
             author="Hélène Roussel")
    doc.add_heading("Retour d'expérience : sortie d'hospitalisation", level=1)
    doc.add_paragraph("Rédigé le 01/12/2026 par Hélène Roussel, pilote du DAC Flandre-Lys, "
                      "avec l'équipe de coordination de la CPTS.")
    doc.add_heading("Contexte", level=2)
    doc.add_paragraph("Mme D., 84 ans, vivant seule, a été hospitalisée dix jours pour une chute. "
                      "Le DAC a été sollicité par l'équipe de liaison la veille de sa sortie.")
    doc.add_heading("Ce qui a marché", level=2)
    for item in ("La fiche de liaison hôpital–ville est arrivée chez le médecin traitant le jour de la sortie.",
                 "L'infirmière libérale et le service d'aide à domicile ont été prévenus à temps.",
                 "L'appel de suivi à deux jours a permis de repérer un oubli de traitement."):
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("Ce qui a moins marché", level=2)
    for item in ("Le matériel médical (lit médicalisé) a été livré avec trois jours de retard.",
                 "La pharmacie n'avait pas reçu l'ordonnance de sortie."):
        doc.add_paragraph(item, style="List Bullet")
    return docx_bytes(doc)


def build_news_docx() -> bytes:
    doc = Document()
    a4(doc)
    set_core(doc, "Notre nouveau site est en ligne", datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc))
    doc.add_heading("Notre nouveau site est en ligne", level=1)
    p = doc.add_paragraph()
    p.add_run("Publié le 1 déc. 2026").italic = True
    doc.add_paragraph("La CPTS Pévèle-Carembault et le DAC Flandre-Lys ouvrent un site commun. "
                      "Vous y trouverez l'annuaire des professionnels, l'agenda des réunions "
                      "et les comptes rendus des comités de pilotage.")
    doc.add_paragraph("Professionnels de santé, n'hésitez pas à nous signaler les informations à mettre à jour.")
    return docx_bytes(doc)


def build_emf_docx() -> bytes:
    doc = Document()
    a4(doc)
    set_core(doc, "Circuit de signalement d'une situation complexe",
             datetime(2026, 5, 12, 9, 0, tzinfo=timezone.utc))
    doc.add_heading("Circuit de signalement d'une situation complexe", level=1)
    doc.add_paragraph("Le médecin traitant signale la situation à la CPTS, qui oriente vers le DAC "
                      "lorsque la coordination dépasse les ressources du premier recours.")
    placeholder = io.BytesIO()
    Image.new("RGB", (600, 200), "white").save(placeholder, "PNG")
    doc.add_paragraph().add_run().add_picture(placeholder, width=Cm(15))
    doc.add_paragraph("Schéma : du médecin traitant au DAC.", style="Caption")
    doc.add_paragraph("Le schéma ci-dessus est un métafichier Windows (EMF) collé depuis un logiciel de dessin.")
    data = docx_bytes(doc)
    # Swap the PNG placeholder for the EMF picture.
    z = zipfile.ZipFile(io.BytesIO(data))
    media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 1, media
    png_name = media[0]
    emf_name = png_name.rsplit(".", 1)[0] + ".emf"
    rels = z.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace(png_name.removeprefix("word/"), emf_name.removeprefix("word/"))
    ctypes = z.read("[Content_Types].xml").decode()
    ctypes = ctypes.replace("</Types>", '<Default Extension="emf" ContentType="image/x-emf"/></Types>')
    return rewrite_zip(data, drop={png_name},
                       replace={"word/_rels/document.xml.rels": rels.encode(),
                                "[Content_Types].xml": ctypes.encode()},
                       add={emf_name: emf_diagram()})


# --------------------------------------------------------------------------
# PDF files
# --------------------------------------------------------------------------

def fix_pdf_dates(data: bytes, date: bytes) -> bytes:
    """reportlab's invariant mode writes 2000-01-01; put a realistic fixed date."""
    fixed = b"D:20000101000000+00'00'"
    assert len(date) == len(fixed) and fixed in data
    return data.replace(fixed, date)


def build_flyer_pdf() -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    title = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=28, leading=34,
                           alignment=TA_CENTER, textColor=colors.HexColor("#2E75B6"))
    sub = ParagraphStyle("s", fontName="Helvetica-Bold", fontSize=16, leading=22, alignment=TA_CENTER)
    body = ParagraphStyle("b", fontName="Helvetica", fontSize=12, leading=17, spaceAfter=8)
    h = ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceBefore=10, spaceAfter=6,
                       textColor=colors.HexColor("#2E75B6"))
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(buf, pagesize=A4, title="Journée des aidants 2026", author="CPTS Pévèle-Carembault",
                            subject="Flyer", creator="Maillage fixtures", invariant=1,
                            leftMargin=2.2 * cm, rightMargin=2.2 * cm)
    story = [
        Paragraph("Journée des aidants", title),
        Spacer(1, 8),
        Paragraph("samedi 10 octobre 2026, de 9 h 30 à 17 h", sub),
        Paragraph("Salle des fêtes de Cysoing, place de la République", sub),
        Spacer(1, 20),
        Paragraph("Vous accompagnez un proche âgé, malade ou en situation de handicap ? "
                  "Cette journée est la vôtre : informations, ateliers et temps de répit.", body),
        Paragraph("Au programme", h),
        Paragraph("• 10 h : présentation de la halte-relais du territoire et de l'accueil de jour ;", body),
        Paragraph("• 11 h : atelier « Prendre soin de soi quand on aide » ;", body),
        Paragraph("• 14 h : rencontre avec le Bistrot mémoire de Cysoing ;", body),
        Paragraph("• 15 h 30 : table ronde sur l'astreinte gériatrique et les urgences à domicile.", body),
        Paragraph("Un espace accueille les personnes aidées pendant les ateliers, "
                  "encadré par des professionnels.", body),
        PageBreak(),
        Paragraph("Infos pratiques", h),
        Paragraph("Entrée libre et gratuite. Repas partagé le midi : chacun apporte un plat.", body),
        Paragraph("Pour venir, un covoiturage solidaire est organisé au départ des mairies "
                  "de Bachy, Genech et Mouchin : inscrivez-vous auprès de la CPTS.", body),
        Paragraph("Contact : CPTS Pévèle-Carembault, 03 20 00 00 01.", body),
    ]
    pdf.build(story)
    return fix_pdf_dates(buf.getvalue(), b"D:20260901100000+02'00'")


def build_scanned_pdf() -> bytes:
    """An image-only PDF: a poster 'scanned' as a grey JPEG, no text layer."""
    w, h = 620, 877  # about 75 dpi for A4
    img = Image.new("L", (w, h), 242)
    d = ImageDraw.Draw(img)
    d.rectangle([30, 30, w - 30, h - 30], outline=60, width=4)
    lines = [("CAFÉ DES AIDANTS", 40, True, 90),
             ("Un moment convivial", 26, False, 170),
             ("pour souffler et échanger", 26, False, 205),
             ("Tous les premiers mardis du mois", 24, True, 300),
             ("de 14 h à 16 h", 24, True, 335),
             ("Médiathèque de Templeuve-en-Pévèle", 22, False, 430),
             ("Entrée libre, sans inscription", 22, False, 465),
             ("Animé par une psychologue", 20, False, 560),
             ("et l'équipe de la CPTS", 20, False, 590),
             ("Renseignements : 03 20 00 00 01", 20, False, 700)]
    for text, size, bold, y in lines:
        f = font(size, bold)
        tw = d.textlength(text, font=f)
        d.text(((w - tw) / 2, y), text, fill=25, font=f)
    img = img.rotate(0.9, resample=Image.BICUBIC, fillcolor=250)
    rnd = random.Random(2026)
    noise = Image.frombytes("L", (w, h), bytes(rnd.randint(0, 255) for _ in range(w * h)))
    img = Image.blend(img, noise, 0.05)
    jpg = io.BytesIO()
    img.save(jpg, "JPEG", quality=45, optimize=True)
    return image_only_pdf(jpg.getvalue(), w, h, creator="Numériseur de démonstration",
                          date="D:20260915083000+02'00'")


def pdf_text_string(text: str) -> bytes:
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">"


def image_only_pdf(jpeg: bytes, w: int, h: int, creator: str, date: str) -> bytes:
    """A one-page A4 PDF whose only content is a grey JPEG: no font, no text.

    Written by hand so that no font resource sneaks in (reportlab always
    declares Helvetica), like the output of an office scanner."""
    page_w, page_h = 595.28, 841.89
    content = f"q {page_w} 0 0 {page_h} 0 0 cm /Im0 Do Q\n".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w} {page_h}] "
        f"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>".encode(),
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"endstream",
        f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
        f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode()
        + jpeg + b"\nendstream",
        b"<< /Creator " + pdf_text_string(creator) + b" /Producer " + pdf_text_string(creator)
        + f" /CreationDate ({date}) /ModDate ({date}) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


# --------------------------------------------------------------------------
# Presentation
# --------------------------------------------------------------------------

def build_pptx() -> bytes:
    from pptx import Presentation

    prs = Presentation()
    cp = prs.core_properties
    cp.title = "Le programme ICOPE sur le territoire"
    cp.author = cp.last_modified_by = "Dr Julien Carpentier"
    cp.created = cp.modified = datetime(2026, 3, 2, 18, 0, tzinfo=timezone.utc)
    cp.revision = 1
    s1 = prs.slides.add_slide(prs.slide_layouts[0])
    s1.shapes.title.text = "Le programme ICOPE sur le territoire"
    s1.placeholders[1].text = "Comité de pilotage de la CPTS – 3 mars 2026"
    s2 = prs.slides.add_slide(prs.slide_layouts[1])
    s2.shapes.title.text = "Les étapes du parcours ICOPE"
    tf = s2.placeholders[1].text_frame
    tf.text = "Étape 1 : repérage des six fonctions (mobilité, mémoire, nutrition, vue, audition, humeur)"
    for line in ("Étape 2 : évaluation approfondie par un professionnel formé",
                 "Étape 3 : plan de soins personnalisé",
                 "Étapes 4 et 5 : suivi et mobilisation des ressources du territoire"):
        tf.add_paragraph().text = line
    s2.notes_slide.notes_text_frame.text = "Insister sur le rôle des pharmacies dans le repérage."
    buf = io.BytesIO()
    prs.save(buf)
    return drop_thumbnail(buf.getvalue())


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def write(rel: str, data: bytes) -> Path:
    path = DRIVE / nfc(rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def via_libreoffice(docx: bytes, target: str, tmp: Path) -> bytes:
    src = tmp / "source.docx"
    src.write_bytes(docx)
    out = soffice(src, target, tmp)
    data = out.read_bytes()
    out.unlink()
    src.unlink()
    return data


def check(cond: bool, what: str) -> None:
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        check.failed = True


check.failed = False


def main() -> int:
    if shutil.which("soffice") is None:
        print("soffice (LibreOffice) is required", file=sys.stderr)
        return 1
    if DRIVE.exists():
        shutil.rmtree(DRIVE)
    DRIVE.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="maillage-import-fixtures-") as t:
        tmp = Path(t)
        copil = build_copil_docx()
        write("compte-rendu-copil-mars.docx", copil)
        write("copie de compte-rendu-copil-mars.docx", copil)
        write("compte-rendu-copil-mars.odt",
              normalise_odf(via_libreoffice(copil, "odt", tmp)))
        write("ordre-du-jour-plenière.doc", via_libreoffice(build_agenda_docx(), "doc:MS Word 97", tmp))
        write("retex-sortie-hopital.docx", build_retex_docx())
        write("actualite-nouveau-site.odt",
              normalise_odf(via_libreoffice(build_news_docx(), "odt", tmp)))
        write("note-avec-emf.docx", build_emf_docx())
        write("flyer-journee-aidants.pdf", build_flyer_pdf())
        write("affiche-scannee.pdf", build_scanned_pdf())
        write("photos/reunion.jpg", jpeg_photo(400, 300, seed=3, quality=78, exif_date="2026:03:03 14:35:00"))
        write("presentation-icope.pptx", build_pptx())

    # Self-checks: the properties the importer tests rely on.
    odt = zipfile.ZipFile(DRIVE / "compte-rendu-copil-mars.odt")
    content = odt.read("content.xml").decode()
    check("<office:annotation" in content, "ODT keeps the comment (office:annotation)")
    check("<text:tracked-changes" in content, "ODT keeps the tracked changes (text:tracked-changes)")
    check("number-columns-spanned" in content and
          ("number-rows-spanned" in content or "covered-table-cell" in content), "ODT keeps merged cells")
    check(sum(n.startswith("Pictures/") for n in odt.namelist()) >= 2, "ODT holds the two pictures in Pictures/")
    scanned = subprocess.run(["pdftotext", str(DRIVE / "affiche-scannee.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
    check(scanned.strip() == "", "scanned PDF has no text layer")
    fonts = subprocess.run(["pdffonts", str(DRIVE / "affiche-scannee.pdf")],
                           capture_output=True, text=True, check=True).stdout
    check(len(fonts.strip().splitlines()) == 2, "scanned PDF declares no font")
    flyer = subprocess.run(["pdftotext", str(DRIVE / "flyer-journee-aidants.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    check("halte-relais" in flyer and "covoiturage solidaire" in flyer, "flyer text is extractable")
    check((DRIVE / "compte-rendu-copil-mars.docx").read_bytes()
          == (DRIVE / "copie de compte-rendu-copil-mars.docx").read_bytes(), "duplicate is a byte copy")
    total = 0
    for path in sorted(DRIVE.rglob("*")):
        if path.is_file():
            size = path.stat().st_size
            total += size
            check(size < 60_000, f"{path.relative_to(HERE)} {size} bytes")
    check(total < 400_000, f"total {total} bytes")
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
