#!/usr/bin/env python3
"""Writes a set of search questions answered only by the text of a site's resource PDFs: for
the benchmark kit's corpus (../shared/bench/gen_corpus.py), whose resources attach PDFs of
random French sentences.

    python3 scripts/documents_questions.py CORPUS_DIR OUT.tsv [--count 15]

Words are read as the search reads them (FrenchAnalyzer.swift, ported below): accents and case
folded, stop words left out, the light stemmer's stems compared.

Selection rule (written in OUT.tsv's header), deterministic, on the text only (the search engine
is not asked):
- documents: the resources' `file:` PDFs, Word and ODT files (pdftotext; the document's XML);
  a PDF that a Markdown page links to is left out (that page would hold its words too);
- a word counts when it is made of 4 letters or more, is not a stop word, is not in the search
  vocabulary (vocabulaire.yaml: question, type and time words, synonyms) and is not in the
  resource's own page (its .md);
- for each resource PDF, by resource id: of its 30 rarest words (fewest Markdown/YAML files and
  documents holding them, then first in the PDF), the 2 words (else 3) that no Markdown or YAML
  file of the corpus holds together and no other document holds together (the last word also
  taken as a word's beginning, as the search reads it while one types), rarest first; written
  in the PDF's order;
- one question per PDF, every k-th PDF that has one so that the set spreads over the corpus,
  COUNT in all; expected: the resource's address, /ressources/<id>/.
"""
import argparse
import glob
import itertools
import os
import re
import subprocess
import sys
import unicodedata
import zipfile

# FrenchAnalyzer.stopWords
STOP = set("""
au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me mes moi
mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous sont
ont dont sans sous vers chez tres aussi ainsi comme donc car ni si lorsqu puisqu jusqu quoiqu quand afin ceux celle
celles celui
""".split())
FEMININE = [("trice", "teur"), ("euse", "eur"), ("iere", "ier"), ("ive", "if"), ("elle", "el"), ("enne", "en"),
            ("ette", "et")]


def fold(text):
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not 0x300 <= ord(c) <= 0x36F).lower()
    return text.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")


def words(text):
    """Folded words, stop words and single letters left out (hyphenated words give their parts)."""
    return [w for w in re.findall(r"[^\W_]+", fold(text)) if len(w) > 1 and w not in STOP and len(w) <= 40]


def stem(word):
    """FrenchAnalyzer.stem: plurals and feminine forms meet their singular masculine."""
    if len(word) < 5 or any(c.isdigit() for c in word):
        return word
    if word.endswith("eaux"):
        word = word[:-1]
    elif word.endswith("aux"):
        word = word[:-3] + "al"
    elif word.endswith(("s", "x")):
        word = word[:-1]
    if len(word) >= 5:
        for suffix, replacement in FEMININE:
            if word.endswith(suffix):
                word = word[:-len(suffix)] + replacement
                break
    for _ in range(2):
        if len(word) >= 5 and word.endswith("e"):
            word = word[:-1]
    if len(word) >= 6 and word.endswith("er"):
        word = word[:-1]
        if len(word) >= 5 and word.endswith("e"):
            word = word[:-1]
    return word


def stems(text):
    return {stem(w) for w in words(text)}


def vocabulary_stems(root):
    path = os.path.join(root, "Sources", "MaillageCore", "Search", "Vocabulaire", "vocabulaire.yaml")
    return stems("\n".join(line.split("#", 1)[0] for line in open(path, encoding="utf-8")))


def document_pages(path):
    """A document's text: each page of a PDF, one part for Word or ODT."""
    if path.lower().endswith(".pdf"):
        return subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True,
                              check=True).stdout.split("\f")
    name = "word/document.xml" if path.lower().endswith(".docx") else "content.xml"
    with zipfile.ZipFile(path) as z:
        xml = z.read(name).decode("utf-8")
    return [re.sub(r"<[^>]+>", " ", re.sub(r"</(?:w:p|text:p|text:h)>", "\n", xml))]


def front_file(text):
    m = re.search(r"^file:\s*[\"']?([^\"'\n]+?)[\"']?\s*$", text.split("\n---", 1)[0], re.M)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=15)
    args = ap.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    ignored = vocabulary_stems(root)

    content = os.path.join(args.corpus, "content")
    raw = {}
    for f in sorted(glob.glob(os.path.join(content, "**", "*.md"), recursive=True)
                    + glob.glob(os.path.join(content, "**", "*.yaml"), recursive=True)
                    + [os.path.join(args.corpus, "maillage.yaml")]):
        raw[f] = open(f, encoding="utf-8").read()
    page_sets = [stems(t) for t in raw.values()]
    documents = {}  # resource id → (file, text)
    for card in sorted(glob.glob(os.path.join(content, "ressources", "*.md"))):
        file = front_file(raw[card])
        if file and file.lower().endswith((".pdf", ".docx", ".odt")):
            ident = os.path.splitext(os.path.basename(card))[0]
            documents[ident] = (file, " ".join(document_pages(os.path.join(os.path.dirname(card), file))))
    doc_ids = list(documents)
    doc_sets = [stems(documents[d][1]) for d in doc_ids]
    linked = {d for d, (file, _) in documents.items()
              if any(re.search(r"\]\([^)]*" + re.escape(file) + r"\)", t) for t in raw.values())}

    def postings(sets):
        index = {}
        for i, s in enumerate(sets):
            for k in s:
                index.setdefault(k, set()).add(i)
        return index

    page_index, doc_index = postings(page_sets), postings(doc_sets)
    prefixed = {}

    def holding(ks, index):
        """The files of `index` holding all of `ks`, the last one also as a word's beginning."""
        *full, last = ks
        if (id(index), last) not in prefixed:
            prefixed[(id(index), last)] = set().union(*[v for w, v in index.items() if w.startswith(last)])
        found = prefixed[(id(index), last)]
        for k in full:
            found = found & index.get(k, set())
        return found

    def frequency(k):
        return len(page_index.get(k, ())) + len(doc_index.get(k, ()))

    questions = []
    pdfs = [d for d in doc_ids if documents[d][0].lower().endswith(".pdf") and d not in linked]
    for ident in pdfs:
        own = stems(raw[os.path.join(content, "ressources", ident + ".md")])
        me = doc_ids.index(ident)
        first = {}  # stem → (position, word as written in the PDF, folded)
        for i, w in enumerate(words(documents[ident][1])):
            k = stem(w)
            if len(w) >= 4 and w.isalpha() and k not in ignored and k not in own and k not in first:
                first[k] = (i, w)
        rare = sorted(first, key=lambda k: (frequency(k), first[k][0]))[:30]
        best = None
        for size in (2, 3):
            for combo in itertools.combinations(rare, size):
                ks = sorted(combo, key=lambda k: first[k][0])  # the PDF's order
                if holding(ks, page_index) or holding(ks, doc_index) - {me}:
                    continue
                rank = (sum(frequency(k) for k in ks), [first[k][0] for k in ks])
                if best is None or rank < best[0]:
                    best = (rank, ks)
            if best:
                break
        if best:
            questions.append((ident, " ".join(first[k][1] for k in best[1])))
    step = max(1, len(questions) // args.count)
    chosen = questions[::step][:args.count]
    if len(chosen) < args.count:
        sys.exit(f"{len(chosen)} questions seulement (sur {len(pdfs)} PDF)")
    rule = __doc__.split("(the search engine\nis not asked):\n", 1)[1]
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# Questions dont les mots ne sont que dans un PDF de ressource du corpus du banc d’essai "
                  "(gen_corpus.py --pages 1000), faites par scripts/documents_questions.py — question<TAB>adresse attendue\n")
        out.write("# Règle de choix (sur le texte seul, sans interroger la recherche ; mots lus comme les lit "
                  "la recherche : pliés, sans mots vides, racinisés) :\n")
        for line in rule.strip().splitlines():
            out.write("#   " + line + "\n")
        out.write("# hits@3 : 95\n")
        for ident, q in chosen:
            out.write(f"{q}\t/ressources/{ident}/\n")
    print(f"{args.out}: {len(chosen)} questions ({len(questions)} PDF en ont une, sur {len(pdfs)})")


if __name__ == "__main__":
    main()
