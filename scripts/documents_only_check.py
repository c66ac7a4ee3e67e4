#!/usr/bin/env python3
"""Checks that a set of search questions is answered by the text of attached documents only:
each question must find its page because of the words of the PDF (Word, ODT) the page
publishes, not because of the page's own text.

For each `question<TAB>expected` line of QUESTIONS.tsv (same format as search_check.py; the
expected pages are resources, `/ressources/<id>/`, `|` between alternatives):
1. at least one of the question's words is in the text of an expected page's file (pdftotext)
   and in no Markdown or YAML file of the site (read as the search reads them: folded, stemmed):
   those are its distinctive words, printed with the file's page that holds them; or else, the
   question's words that the file holds are held together by no Markdown or YAML file;
2. on a copy of the site whose attached files have no text (each PDF replaced by a blank page,
   each Word or ODT document by an empty one, so that links and `file:` stay valid), built
   with MAILLAGE, `maillage search` does not give an expected page in its first three: without
   the document, the question does not find it.
Prints how many questions find their words on a page 2 or later of a PDF.

Usage: documents_only_check.py MAILLAGE SITE_SOURCE QUESTIONS.tsv [SITE_SOURCE QUESTIONS.tsv ...]
Ends with 'N passed, M failed'; exit 1 on any failure.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from documents_questions import document_pages, front_file, stem as key, words  # noqa: E402  (the search's reading of words)

ATTACHED = (".pdf", ".docx", ".odt")
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    if not ok or os.environ.get("VERBOSE"):
        print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""))


def queries(tsv):
    out = []
    for line in open(tsv, encoding="utf-8").read().splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        q, expected = line.split("\t", 1)
        out.append((q, expected.strip()))
    return out


BLANK_PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
             b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
             b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n")


def blank_pdf():
    out = bytearray(BLANK_PDF)
    offsets = [m.start() for m in re.finditer(rb"\d+ 0 obj", BLANK_PDF)]
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def blank_office(path):
    """The same Word or ODT file with its text removed (its other parts kept)."""
    name = "word/document.xml" if path.lower().endswith(".docx") else "content.xml"
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == name:
                data = re.sub(rb">[^<]+<", b"><", data)
            z.writestr(info, data)


def without_documents(site_source):
    """A copy of the site's source whose attached files say nothing."""
    copy = tempfile.mkdtemp(prefix="maillage-documents-only-")
    for entry in os.listdir(site_source):
        if entry == "maillage.yaml" or entry in ("content", "layouts", "static", "assets"):
            src = os.path.join(site_source, entry)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(copy, entry))
    for path in glob.glob(os.path.join(copy, "content", "**", "*"), recursive=True):
        if path.lower().endswith(".pdf"):
            open(path, "wb").write(blank_pdf())
        elif path.lower().endswith((".docx", ".odt")):
            blank_office(path)
    return copy


def cli_top(maillage, site_source, q, today, n=3):
    out = subprocess.run([maillage, "search", q, "--source", site_source, "--json", "--limit", str(n)]
                         + (["--date", today] if today else []), capture_output=True, text=True, check=True).stdout
    return [json.loads(line)["url"] for line in out.splitlines() if line.strip()]


def main():
    if len(sys.argv) < 4 or len(sys.argv) % 2:
        sys.exit(__doc__)
    maillage = sys.argv[1]
    for site_source, tsv in zip(sys.argv[2::2], sys.argv[3::2]):
        text = open(tsv, encoding="utf-8").read()
        today = re.search(r"^# aujourd.hui : (\d{4}-\d{2}-\d{2})", text, re.M)
        today = today.group(1) if today else None
        content = os.path.join(site_source, "content")
        site_files = [{key(w) for w in words(open(f, encoding="utf-8").read())}
                      for f in glob.glob(os.path.join(content, "**", "*.md"), recursive=True)
                      + glob.glob(os.path.join(content, "**", "*.yaml"), recursive=True) + [os.path.join(site_source, "maillage.yaml")]]
        site_words = set().union(*site_files)
        documents = {}  # expected address fragment → [(file name, [set of keys per page])]
        copy = without_documents(site_source)
        try:
            subprocess.run([maillage, "build", "--source", copy, "--quiet"], capture_output=True, check=True)
            name = os.path.basename(tsv)
            later_pages = 0
            for q, expected in queries(tsv):
                found = []  # (distinctive word, file, page)
                for fragment in expected.split("|"):
                    m = re.fullmatch(r"/?([a-z0-9-]+)/([a-z0-9-]+)/?", fragment.strip())
                    card = m and os.path.join(content, m.group(1), m.group(2) + ".md")
                    file = front_file(open(card, encoding="utf-8").read()) if card and os.path.exists(card) else None
                    if not (file or "").lower().endswith(ATTACHED):
                        check(f"{name}: « {q} » expects a page with an attached document", False, fragment)
                        continue
                    if fragment not in documents:
                        pages = document_pages(os.path.join(os.path.dirname(card), file))
                        documents[fragment] = (file, [{key(w) for w in words(p)} for p in pages])
                    file, pages = documents[fragment]
                    held = {}  # the question's words the document holds → its first page holding it
                    for w in dict.fromkeys(words(q)):
                        on = [i + 1 for i, p in enumerate(pages) if key(w) in p]
                        if len(w) >= 3 and on:
                            held[w] = on[0]
                    alone = [(w, file, p) for w, p in held.items() if key(w) not in site_words]
                    together = held and not any(all(key(w) in f for w in held) for f in site_files)
                    found += alone or ([(" + ".join(held), file, max(held.values()))] if together else [])
                later_pages += any(page > 1 and file.endswith(".pdf") for _, file, page in found)
                where = ", ".join(f"{w} ({f}, p. {p})" for w, f, p in found)
                check(f"{name}: « {q} » has words found only in the document, or together only there", bool(found), where or "none")
                without = cli_top(maillage, copy, q, today)
                check(f"{name}: « {q} » does not find {expected} without the document's text",
                      not any(e in u for e in expected.split("|") for u in without), f"{without}")
            print(f"{name}: {later_pages} question(s) on a PDF's page 2 or later")
        finally:
            shutil.rmtree(copy, ignore_errors=True)
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
