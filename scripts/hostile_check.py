#!/usr/bin/env python3
"""Hostile content (issue 21): a red-team regression test of what a contributor's files can make
the generator do. Each attack is a small scratch site made with `maillage init` and mutated; each
class of attack is tried with several instances, plus two seeded fuzzers (calendar/vCard strings,
attachment names and symlinks).

 1  reserved addresses: an attachment whose published path is a file the generator makes
 2  active types (.html, .svg, .js, .xml…) linked or named by `file:`
 3  symlinks to a person's photo or file (no consent)
 4  symlinks out of content/ (outside Markdown, secrets, .git/config, .env, maillage.yaml)
 5  control characters and line breaks injected into .ics and .vcf (and a fuzzer)
 6  published attachments are copies, not hard links of the sources
 7  build time grows linearly with hostile Markdown; 10,000 diagnostics print quickly
 8  huge images and hostile PDFs: refused, bounded memory and time
 9  file names, kinds, tags and ids in any script
10  check and build agree; independent errors are all reported in one run
12  messages in French only (YAML errors, command line, `new`)
 F  publish-path fuzzer: random attachment names and symlinks under random folders

Usage: hostile_check.py MAILLAGE_BINARY
Prints 'ok [CLASS] NAME' or 'FAIL [CLASS] NAME: why' per check (and 'info:' lines), then
'N passed, M failed'; exit 1 on any failure. About 1.5 minutes on 2 cores; every loop and every
run of the binary is bounded (timeouts, per-class time budgets).
Needs: icalendar and vobject (pip) for class 5; Pillow or the vips command to make the
20000×20000 JPEG of class 8 (made in a child process while the other classes run).
Environment: HOSTILE_SEED (fuzzers' seed, default 21), HOSTILE_KEEP=1 (keep the scratch folder),
HOSTILE_ONLY=1,2,F (run only these classes, for development).
"""
import base64
import hashlib
import html.parser
import itertools
import json
import os
import posixpath
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zlib
from pathlib import Path

import pdf_bytes


# ---------------------------------------------------------------------------------------------
# Image generation, run in a child process while the cheap checks go on (class 8).

def generate_images(folder):
    """A 20000×20000 progressive RGB JPEG (small on disk) and a 20000×20000 PNG (zlib bomb)."""
    folder = Path(folder)
    side = 20000
    # PNG bomb: greyscale rows of zeros, compressed as a stream (no image in memory).
    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    compressor, parts, row = zlib.compressobj(9), [], b"\x00" * (side + 1)
    for _ in range(side // 100):
        parts.append(compressor.compress(row * 100))
    parts.append(compressor.flush())
    ihdr = side.to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    (folder / "bombe.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b""))
    target = folder / "geante.jpg"
    if shutil.which("vips"):
        subprocess.run(["vips", "black", f"{target}[Q=5,interlace]", str(side), str(side), "--bands", "3"], check=False)
    if not target.exists():
        try:
            from PIL import Image
            Image.new("RGB", (side, side), (200, 40, 40)).save(target, "JPEG", quality=5, progressive=True)
        except ImportError:
            pass
    (folder / "fini").write_text("ok")


BINARY = None          # set by main()
WORK = TEMPLATE = IMAGES = None
generator = None
SEED = int(os.environ.get("HOSTILE_SEED", "21"))
BUILD_DATE = "2026-12-07"
BASE = "https://coordos.example.org/"
ENV = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
ENV.pop("SOURCE_DATE_EPOCH", None)
STARTED = time.monotonic()

results = []  # (class, ok)


def check(cls, name, ok, detail=""):
    results.append((cls, bool(ok)))
    label = f"[{cls}] {name}"
    if ok:
        print(f"ok {label}", flush=True)
    else:
        detail = re.sub(r"\s+", " ", str(detail)).strip()
        print(f"FAIL {label}: {detail[:400] or 'failed'}", flush=True)


def info(text):
    print(f"info: {text}", flush=True)


def short(text, n=200):
    text = text if isinstance(text, str) else repr(text)
    return text if len(text) <= n else text[:n] + "…"


# ---------------------------------------------------------------------------------------------
# Running the binary.

class Run:
    def __init__(self, rc, out, err, elapsed, maxrss_kb=0, killed=None):
        self.rc, self.out, self.err, self.elapsed, self.maxrss_kb, self.killed = rc, out, err, elapsed, maxrss_kb, killed

    @property
    def both(self):
        return self.out + "\n" + self.err

    def crashed(self):
        return self.killed or self.rc not in (0, 1)

    def describe(self):
        if self.killed:
            return f"killed ({self.killed}) after {self.elapsed:.1f} s"
        return f"exit {self.rc}"


def run(args, timeout=60, cwd=None):
    start = time.monotonic()
    try:
        p = subprocess.run(args, capture_output=True, timeout=timeout, cwd=cwd, env=ENV, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        return Run(None, (e.stdout or b"").decode("utf-8", "replace"), (e.stderr or b"").decode("utf-8", "replace"),
                   time.monotonic() - start, killed="timeout")
    return Run(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), time.monotonic() - start)


def run_measured(args, timeout=60, rss_cap_kb=3 << 20):
    """Runs alone and reports the child's own peak RSS (wait4); killed past the timeout or the cap."""
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
        start = time.monotonic()
        p = subprocess.Popen(args, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL, env=ENV)
        killed, delay = None, 0.001
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if killed is None:
                if time.monotonic() - start > timeout:
                    killed = "timeout"
                else:
                    try:
                        with open(f"/proc/{p.pid}/status") as f:
                            rss = next((int(l.split()[1]) for l in f if l.startswith("VmRSS:")), 0)
                        if rss > rss_cap_kb:
                            killed = f"RSS above {rss_cap_kb >> 10} MB"
                    except (OSError, ValueError):
                        pass
                if killed:
                    p.kill()
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        elapsed = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        return Run(p.returncode, fo.read().decode("utf-8", "replace"), fe.read().decode("utf-8", "replace"),
                   elapsed, usage.ru_maxrss, killed)


def build(site, *extra, timeout=60, measured=False):
    args = [BINARY, "build", "--source", str(site), "--build-date", BUILD_DATE, *extra]
    return run_measured(args, timeout=timeout) if measured else run(args, timeout=timeout)


def check_cmd(site, *extra, timeout=60):
    return run([BINARY, "check", "--source", str(site), "--build-date", BUILD_DATE, *extra], timeout=timeout)


# ---------------------------------------------------------------------------------------------
# Diagnostics.

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ERROR_WORD = re.compile(r"(?i)\berreur\s*:")
QUOTED = re.compile(r"^\s*\d*\s*\|")          # a quoted source line (' 7 | …' or '   | ^')
LOCATED = re.compile(r"^(?P<path>[^\s:].*?)(?::(?P<line>\d+))?(?::(?P<col>\d+))?: erreur\s*:")


def error_lines(text):
    return [l for l in ANSI.sub("", text).splitlines() if ERROR_WORD.search(l) and not QUOTED.match(l)]


def unlocated(text):
    """Error lines not preceded by a file path ('path:' or 'path:line:col:')."""
    bad = []
    for line in error_lines(text):
        m = LOCATED.match(line)
        if not m or not ("/" in m["path"] or "." in m["path"]):
            bad.append(line)
    return bad


def located_lines(text):
    return [l for l in error_lines(text) if (m := LOCATED.match(l)) and m["line"]]


def located_at(text, content_rel, line=None):
    """An error at content/<content_rel>[:line]:col: (any prefix before content/)."""
    for l in error_lines(text):
        m = LOCATED.match(l)
        if m and m["line"] and (m["path"] == f"content/{content_rel}" or m["path"].endswith(f"/content/{content_rel}")):
            if line is None or int(m["line"]) == line:
                return True
    return False


def error_summary(r):
    lines = error_lines(r.err) or r.err.strip().splitlines()[-3:]
    return f"{r.describe()}; " + " | ".join(short(l, 160) for l in lines[:3])


# ---------------------------------------------------------------------------------------------
# Scratch sites.

counter = itertools.count(1)


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


def new_site(label):
    site = WORK / f"{next(counter):03d}-{slug(label)}"
    shutil.copytree(TEMPLATE, site, symlinks=True)
    return site


def write(site, rel, data):
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def symlink(site, rel, target):
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    return path


def yaml_dq(text):
    """A YAML double-quoted scalar carrying any character (escapes for controls and breaks)."""
    out = ['"']
    for ch in text:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0:
            out.append(f"\\x{o:02x}")
        elif o in (0x2028, 0x2029, 0xFEFF) or 0xD800 <= o < 0xE000:
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def md_dest(link):
    """A Markdown link destination for any path."""
    if re.search(r"[\s<>()\[\]\\#?%\"'`\x00-\x1f\x7f]", link):
        return urllib.parse.quote(link, safe="/.-_~")
    return link


def append_link(site, page_rel, link, image=False, text="pièce jointe"):
    """Appends a Markdown link as the page's last line; returns its line number."""
    path = site / "content" / page_rel
    body = path.read_text(encoding="utf-8")
    if not body.endswith("\n"):
        body += "\n"
    body += "\n" + ("!" if image else "") + f"[{text}]({md_dest(link)})\n"
    path.write_text(body, encoding="utf-8")
    return body.count("\n")


def add_resource(site, file_value, rid="piece", title="Pièce jointe"):
    """content/ressources/<rid>.md naming file_value in `file:` (line 5); returns that line."""
    write(site, f"content/ressources/{rid}.md",
          f"---\ntitle: {title}\ndate: 2026-12-01\naudience: Tous\nfile: {yaml_dq(file_value)}\n---\nUn document.\n")
    return 5


def snapshot(root):
    found = {}
    if not root.exists():
        return found
    for dirpath, dirs, files in os.walk(root):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(dirpath, d))]:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                found[rel] = "symlink:" + os.readlink(path)
            else:
                with open(path, "rb") as f:
                    found[rel] = hashlib.sha256(f.read()).hexdigest()
    return found


def site_blobs(site):
    out = []
    root = site / "site"
    if root.exists():
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                out.append((path.relative_to(root).as_posix(), path.read_bytes()))
    return out


def found_in(blobs, needle):
    if isinstance(needle, str):
        needle = needle.encode("utf-8")
    return [rel for rel, data in blobs if needle in data]


def tiny_jpeg(marker):
    data = base64.b64decode(JPEG16)
    com = marker.encode()
    return data[:2] + b"\xff\xfe" + (len(com) + 2).to_bytes(2, "big") + com + data[2:]


JPEG16 = ("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBk"
          "eFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAQABAD"
          "ASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKB"
          "kaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZ"
          "mqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQF"
          "BgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5"
          "OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX"
          "2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwClRRRXtHjn/9k=")
PNG8 = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAFElEQVR4nGM8USHHgA0wYRUdtBIAFnUBbu4LX6cAAAAASUVORK5CYII="


def make_pdf(content, marker=""):
    """A one-page PDF with the given content stream, hand-written (xref offsets exact)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    return pdf_bytes.assemble(objs, marker)


def hexmark(prefix):
    return f"{prefix}{random.getrandbits(64):016x}"


class Private:
    """A person without consent (email, phone, photo with a marker), markers in .git/config, .env,
    maillage.yaml, and secret files outside the site."""

    def __init__(self, site):
        self.site = site
        self.email = hexmark("camille.prive.") + "@example.org"
        digits = f"{random.randrange(10**7, 10**8)}"
        self.phone = f"+33 6 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:8]}"
        self.phone_digits = "+336" + digits
        self.photo_marker = hexmark("photo-privee-")
        self.photo = tiny_jpeg(self.photo_marker)
        write(site, "content/trombinoscope/camille-exemple.jpg", self.photo)
        write(site, "content/trombinoscope/camille-exemple.yaml",
              f"name: Camille Exemple\nrole: Coordinatrice\nstructures: [cpts-exemple]\nphoto: camille-exemple.jpg\n"
              f"email: {self.email}\nphone: \"{self.phone}\"\nconsent: false\n")
        self.git = hexmark("git-config-")
        write(site, ".git/config", f"[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://{self.git}@example.org/x.git\n")
        self.env = hexmark("env-secret-")
        write(site, ".env", f"MAILLAGE_TOKEN={self.env}\n")
        self.config = hexmark("reglages-")
        with open(site / "maillage.yaml", "a", encoding="utf-8") as f:
            f.write(f"# {self.config}\n")
        self.outside = WORK / "dehors" / site.name
        self.outside.mkdir(parents=True, exist_ok=True)
        self.secret = hexmark("supersecret")
        (self.outside / "secret.env").write_text(f"AWS_SECRET_ACCESS_KEY={self.secret}\n")
        (self.outside / "secret.pdf").write_bytes(make_pdf(b"0 0 1 rg 0 0 10 10 re f", self.secret))
        self.article = hexmark("article-hors-du-site-")
        (self.outside / "article.md").write_text(f"---\ntitle: Dehors\ndate: 2026-01-01\n---\nTexte {self.article}.\n")

    def secrets(self):
        return [("email", self.email), ("phone", self.phone), ("phone digits", self.phone_digits),
                ("photo marker", self.photo_marker), ("photo bytes", self.photo[:4096]), (".git/config", self.git),
                (".env", self.env), ("maillage.yaml", self.config), ("outside secret", self.secret),
                ("outside article", self.article), ("/etc/passwd", "root:x:0:0")]

    def leaks(self, blobs, *outputs):
        found = []
        for label, secret in self.secrets():
            where = found_in(blobs, secret)
            raw = secret if isinstance(secret, str) else None
            if raw is not None:
                where += [f"output {i}" for i, text in enumerate(outputs) if raw in text]
            if where:
                found.append(f"{label} in {', '.join(where[:3])}")
        return found


# ---------------------------------------------------------------------------------------------
# HTML links.

class Anchors(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self._open = [], [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "a":
            self._open.append([attributes.get("href") or "", ""])

    def handle_data(self, data):
        for entry in self._open:
            entry[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, " ".join(text.split())))


def anchors(path):
    parser = Anchors()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def resolve(site, page, href):
    """The file in site/ a link of site/<page> leads to, or None."""
    page_url = BASE + page.relative_to(site / "site").as_posix()
    url = urllib.parse.urljoin(page_url, href)
    if not url.startswith(BASE):
        return None
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)[len(urllib.parse.urlsplit(BASE).path):]
    target = site / "site" / path
    if path.endswith("/") or path == "" or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def link_by_text(site, page, wanted, startswith=False):
    for href, text in anchors(page).links:
        if text == wanted or (startswith and text.startswith(wanted)):
            return href, resolve(site, page, href)
    return None, None


# ---------------------------------------------------------------------------------------------
# Setup: the template site, and the big images made in the background.



def fresh(label, prepare=None):
    """A scratch site, mutated by prepare(site), built once so that a previous site/ exists."""
    site = new_site(label)
    extra = prepare(site) if prepare else None
    r = build(site)
    if r.rc != 0:
        raise RuntimeError(f"baseline build of {site.name} failed: {error_summary(r)}")
    return site, extra


def hostile_build(site, expect_file, expect_line, markers=(), name_in_site=None, check_too=True):
    """Builds a mutated site expecting exit 1 located at content/<expect_file>:<expect_line>,
    site/ unchanged, no marker in site/; returns the list of problems."""
    before = snapshot(site / "site")
    r = build(site)
    problems = []
    if r.rc != 1:
        problems.append(f"build {r.describe()} (expected 1)")
    if expect_file and not located_at(r.err, expect_file, expect_line):
        where = f"content/{expect_file}" + (f":{expect_line}" if expect_line else "")
        problems.append(f"no error located at {where} ({short(' | '.join(error_lines(r.err)[:2]) or 'no error line', 200)})")
    if (bad := unlocated(r.err)):
        problems.append(f"unlocated error: {short(bad[0], 160)}")
    after = snapshot(site / "site")
    if after != before:
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        problems.append(f"site/ changed ({len(changed)} files: {', '.join(changed[:3])})")
    blobs = site_blobs(site)
    for marker in markers:
        if (where := found_in(blobs, marker)):
            problems.append(f"its bytes are in site/{where[0]}")
    if name_in_site and (site / "site" / name_in_site).exists() and after.get(name_in_site) != before.get(name_in_site):
        problems.append(f"site/{name_in_site} written")
    if check_too:
        c = check_cmd(site)
        if c.rc != 1:
            problems.append(f"check {c.describe()} (expected 1)")
    return problems, r


# =============================================================================================
# 12. French only (cheap: first).

ENGLISH = re.compile(r"\bError\b|Unknown option|Missing value|did not find|\bexpected\b|NSCocoaErrorDomain|The file|"
                     r"couldn’t|couldn't|No such file|\bHelp:|\bUsage:|\bfound\b|not allowed|is invalid|Unexpected|"
                     r"\bInvalid\b|could not")


def english(text):
    return sorted(set(m.group(0) for m in ENGLISH.finditer(ANSI.sub("", text))))


def class_12():
    info("— 12. French only")
    site = new_site("francais-yaml")
    cases = {
        "another document": "name: x\n---\nname: y\n",
        "undefined alias": "name: *a\n",
        "anchor without name": "name: &\n",
        "document end then key": "name: x\n...\nkind: y\n",
        "empty list item": "name: [a,,b]\n",
        "bad block scalar": "name: |x\n  a\n",
        "missing colon in list": "name:\n- a\n- b: c\n  d\n",
        "list then key": "name:\n  - a\n  b: c\n",
        "raw control character": "name: a\x0c\nkind: b\n",
        "unknown escape": 'name: "a\\qb"\n',
        "unclosed flow mapping": "{name: x\n",
        "unclosed single quote": "name: 'l''été\nkind: x\n",
    }
    files = {}
    for i, (label, text) in enumerate(cases.items()):
        rel = f"content/annuaire/yaml-{i:02d}.yaml"
        write(site, rel, text)
        files[label] = rel
    write(site, "content/actualites/entete.md", "---\ntitle: *nulle\ndate: 2026-01-01\n---\nTexte.\n")
    files["alias in front matter"] = "content/actualites/entete.md"
    r = check_cmd(site)
    blocks = {}
    current = None
    for line in ANSI.sub("", r.err).splitlines():
        m = LOCATED.match(line) or re.match(r"^(?P<path>[^\s:][^:]*?)(?::\d+)*: avertissement", line)
        if m:
            current = m["path"]
        if current:
            blocks.setdefault(current, []).append(line)
    for label, rel in files.items():
        text = "\n".join(blocks.get(rel, []))
        problems = []
        if not text:
            problems.append("no diagnostic for this file")
        elif not located_at(r.err, rel.removeprefix("content/")):
            problems.append("not reported as an error")
        if (words := english(text)):
            problems.append(f"English {words}: {short(text.splitlines()[0], 160)}")
        check(12, f"YAML error in French: {label}", not problems, "; ".join(problems))
    if r.rc != 1:
        check(12, "YAML errors: check exits 1", False, r.describe())
    if (words := english(r.err)) and not any(english("\n".join(b)) for b in blocks.values()):
        check(12, "YAML errors: no English elsewhere in the output", False, f"{words}")

    usage = [
        ("build --nope", [BINARY, "build", "--nope"], (2,)),
        ("build --source (no value)", [BINARY, "build", "--source"], (2,)),
        ("check --format xml", [BINARY, "check", "--source", str(site), "--format", "xml"], (2,)),
        ("build --build-date 2026-13-45", [BINARY, "build", "--source", str(site), "--build-date", "2026-13-45"], (2,)),
        ("build --source of a folder without maillage.yaml", [BINARY, "build", "--source", str(WORK / "nulle-part")], (2,)),
        ("unknown subcommand", [BINARY, "frobnicate"], (2,)),
        ("new of an unknown type", [BINARY, "new", "inconnu", "Titre", "--source", str(site)], (2,)),
    ]
    for label, args, codes in usage:
        r = run(args, timeout=30)
        problems = []
        if r.rc not in codes:
            problems.append(f"{r.describe()} (expected {'/'.join(map(str, codes))})")
        if (words := english(r.both)):
            problems.append(f"English {words}: {short(r.both.strip(), 200)}")
        if not r.both.strip():
            problems.append("no message")
        check(12, f"French usage error: {label}", not problems, "; ".join(problems))

    for label, title in (("400 a", "a" * 400), ("400 é", "é" * 400), ("400 日", "日" * 400), ("400 💥", "💥" * 400)):
        s = new_site("francais-new")
        r = run([BINARY, "new", "personne", title, "--source", str(s)], timeout=30)
        problems = []
        if r.rc not in (0, 2):
            problems.append(f"{r.describe()} (expected 0 or 2)")
        if (words := english(r.both)):
            problems.append(f"English {words}: {short(r.both.strip(), 200)}")
        if r.rc == 0:
            made = [p for p in (s / "content" / "trombinoscope").iterdir() if p.name != "camille-exemple.yaml"]
            if not made:
                problems.append("exit 0 but no file made")
            else:
                b = build(s)
                if b.rc != 0:
                    problems.append(f"the new file does not build: {error_summary(b)}")
        check(12, f"new personne with a {label}-character name", not problems, "; ".join(problems))

    # new never writes outside content/ whatever the title.
    for label, title in (("../", "../../../évasion"), ("/", "/tmp/évasion absolue"), ("..", "..")):
        s = new_site("francais-new-chemin")

        def listing():
            found = {p for p in WORK.rglob("*") if not p.is_relative_to(IMAGES)}
            return found | set(Path("/tmp").glob("*vasion*")) | set(Path("/").glob("*vasion*"))
        before = listing()
        r = run([BINARY, "new", "page", title, "--source", str(s)], timeout=30)
        new = sorted(listing() - before)
        escaped = [str(p) for p in new if not p.is_relative_to(s / "content" / "pages")]
        problems = []
        if r.rc not in (0, 2):
            problems.append(r.describe())
        if escaped:
            problems.append(f"wrote {escaped[:2]}")
        if (words := english(r.both)):
            problems.append(f"English {words}")
        check(12, f"new page titled {title!r} stays inside content/pages/", not problems, "; ".join(problems))
        for p in escaped:
            if p.startswith("/tmp/") and not p.startswith(str(WORK)) and os.path.isfile(p):
                os.unlink(p)


# =============================================================================================
# 1. Reserved addresses.

def class_1():
    info("— 1. Reserved addresses")
    # (file made under content/, linking page or 'file:', link written in it)
    cases = [
        ("assets/search.js", "index.md", "assets/search.js"),
        ("index.html", "index.md", "index.html"),
        ("evenements/agenda.ics", "index.md", "evenements/agenda.ics"),
        ("annuaire/annuaire.vcf", "index.md", "annuaire/annuaire.vcf"),
        ("404.html", "index.md", "404.html"),
        ("sitemap.xml", "index.md", "sitemap.xml"),
        ("atom.xml", "index.md", "atom.xml"),
        ("assets/style.css", "index.md", "assets/style.css"),
        ("assets/favicon.svg", "index.md", "assets/favicon.svg"),
        ("actualites/bienvenue/index.html", "actualites/bienvenue.md", "bienvenue/index.html"),
        ("evenements/rencontre-du-reseau/rencontre-du-reseau.ics", "evenements/rencontre-du-reseau.md",
         "rencontre-du-reseau/rencontre-du-reseau.ics"),
        ("trombinoscope/camille-exemple/camille-exemple.vcf", "pages/a-propos.md",
         "../trombinoscope/camille-exemple/camille-exemple.vcf"),
        ("ressources/index.html", "file:", "index.html"),
        ("evenements/agenda.ics", "file:", "../evenements/agenda.ics"),
        ("ressources/guide/index.html", "file:", "guide/index.html"),
        ("assets/style.css", "file:", "../assets/style.css"),
        ("annuaire/cpts-exemple/cpts-exemple.vcf", "file:", "../annuaire/cpts-exemple/cpts-exemple.vcf"),
    ]
    for target, page, link in cases:
        marker = hexmark("reserve-")
        ext = target.rsplit(".", 1)[-1]
        payload = {"js": f"alert('{marker}');\n", "css": f"body{{display:none}} /* {marker} */\n",
                   "ics": f"BEGIN:VCALENDAR\r\nX-M:{marker}\r\nEND:VCALENDAR\r\n",
                   "vcf": f"BEGIN:VCARD\r\nFN:{marker}\r\nEND:VCARD\r\n"}.get(ext, f"<script>alert('{marker}')</script>\n")
        name = f"content/{target} {'named by file:' if page == 'file:' else 'linked from content/' + page}"
        try:
            site, _ = fresh("reserve")
        except RuntimeError as e:
            check(1, name, False, e)
            continue
        write(site, f"content/{target}", payload)
        if page == "file:":
            line, page_rel = add_resource(site, link), "ressources/piece.md"
        else:
            line, page_rel = append_link(site, page, link), page
        problems, _ = hostile_build(site, page_rel, line, markers=[marker])
        check(1, name, not problems, "; ".join(problems))


# =============================================================================================
# 2. Active types.

def class_2():
    info("— 2. Active types")
    payloads = {
        ".html": "<!doctype html><script>alert('{m}')</script>",
        ".htm": "<script>alert('{m}')</script>",
        ".xhtml": "<html xmlns='http://www.w3.org/1999/xhtml'><script>alert('{m}')</script></html>",
        ".svg": "<svg xmlns='http://www.w3.org/2000/svg'><script>alert('{m}')</script></svg>",
        ".js": "alert('{m}')",
        ".mjs": "export default alert('{m}')",
        ".xml": "<?xml version='1.0'?><x:script xmlns:x='http://www.w3.org/1999/xhtml'>alert('{m}')</x:script>",
        ".HTML": "<script>alert('{m}')</script>",
        ".Svg": "<svg xmlns='http://www.w3.org/2000/svg' onload=\"alert('{m}')\"/>",
    }
    for ext, template in payloads.items():
        for mode in ("link", "file:"):
            marker = hexmark("actif-")
            name = f"evil{ext} {'linked from Markdown' if mode == 'link' else 'named by file:'}"
            try:
                site, _ = fresh("actif")
            except RuntimeError as e:
                check(2, name, False, e)
                continue
            if mode == "link":
                write(site, f"content/actualites/evil{ext}", template.format(m=marker))
                line, page = append_link(site, "actualites/bienvenue.md", f"evil{ext}"), "actualites/bienvenue.md"
                published = f"actualites/evil{ext}"
            else:
                write(site, f"content/ressources/evil{ext}", template.format(m=marker))
                line, page = add_resource(site, f"evil{ext}"), "ressources/piece.md"
                published = f"ressources/evil{ext}"
            problems, _ = hostile_build(site, page, line, markers=[marker], name_in_site=published)
            check(2, name, not problems, "; ".join(problems))
    # Controls: a harmless PDF still publishes, both ways.
    for mode in ("link", "file:"):
        pdf = make_pdf(b"0 0 1 rg 10 10 100 100 re f", hexmark("pdf-"))
        site = new_site("pdf-temoin")
        if mode == "link":
            write(site, "content/actualites/doc.pdf", pdf)
            append_link(site, "actualites/bienvenue.md", "doc.pdf")
            published = site / "site/actualites/doc.pdf"
        else:
            write(site, "content/ressources/doc.pdf", pdf)
            add_resource(site, "doc.pdf")
            published = site / "site/ressources/doc.pdf"
        r = build(site)
        ok = r.rc == 0 and published.is_file() and published.read_bytes() == pdf
        check(2, f"control: a harmless .pdf {'linked' if mode == 'link' else 'named by file:'} is published",
              ok, error_summary(r) if r.rc else f"site/{published.relative_to(site / 'site')} missing or different")


# =============================================================================================
# 3. Symlinks and consent; 4. Symlinks out of content.

def private_attack(cls, name, arrange):
    """arrange(site, private) mutates the site; expects exit 1, located errors, no leak anywhere."""
    try:
        site, private = fresh("prive", Private)
    except RuntimeError as e:
        check(cls, name, False, e)
        return
    where = arrange(site, private)
    problems, r = hostile_build(site, *(where or (None, None)))
    if not located_lines(r.err) and r.rc == 1:
        problems.append("no located error (path:line:)")
    outputs = [r.out, r.err]
    for fmt in ("json", "github"):
        c = check_cmd(site, "--format", fmt)
        outputs += [c.out, c.err]
        if c.rc != 1:
            problems.append(f"check --format {fmt} {c.describe()}")
    if (leaks := private.leaks(site_blobs(site), *outputs)):
        problems.append("leak: " + "; ".join(leaks[:3]))
    check(cls, name, not problems, "; ".join(problems))


def class_3():
    info("— 3. Symlinks and consent")

    def photo_file(site, p):
        symlink(site, "content/ressources/portrait.jpg", "../trombinoscope/camille-exemple.jpg")
        return "ressources/piece.md", add_resource(site, "portrait.jpg")

    def photo_link(site, p):
        symlink(site, "content/ressources/portrait.jpg", "../trombinoscope/camille-exemple.jpg")
        return "ressources/guide.md", append_link(site, "ressources/guide.md", "portrait.jpg")

    def photo_image(site, p):
        symlink(site, "content/actualites/portrait.jpg", "../trombinoscope/camille-exemple.jpg")
        return "actualites/bienvenue.md", append_link(site, "actualites/bienvenue.md", "portrait.jpg", image=True)

    def photo_absolute(site, p):
        symlink(site, "content/ressources/portrait.jpg", str(site / "content/trombinoscope/camille-exemple.jpg"))
        return "ressources/piece.md", add_resource(site, "portrait.jpg")

    def photo_folder(site, p):
        symlink(site, "content/ressources/equipe", "../trombinoscope")
        return "ressources/guide.md", append_link(site, "ressources/guide.md", "equipe/camille-exemple.jpg")

    def photo_chain(site, p):
        symlink(site, "content/pages/etape.jpg", "../trombinoscope/camille-exemple.jpg")
        symlink(site, "content/ressources/portrait.jpg", "../pages/etape.jpg")
        return "ressources/piece.md", add_resource(site, "portrait.jpg")

    def yaml_txt_link(site, p):
        symlink(site, "content/ressources/fiche.txt", "../trombinoscope/camille-exemple.yaml")
        return "ressources/guide.md", append_link(site, "ressources/guide.md", "fiche.txt")

    def yaml_txt_file(site, p):
        symlink(site, "content/ressources/fiche.txt", "../trombinoscope/camille-exemple.yaml")
        return "ressources/piece.md", add_resource(site, "fiche.txt")

    def yaml_as_md(site, p):
        # The person's file read again as a page: its email must not come out in a diagnostic.
        symlink(site, "content/actualites/fiche.md", "../trombinoscope/camille-exemple.yaml")
        return None

    for label, arrange in (("photo symlink named by file:", photo_file), ("photo symlink linked", photo_link),
                           ("photo symlink as an image", photo_image), ("absolute photo symlink by file:", photo_absolute),
                           ("folder symlink to trombinoscope/", photo_folder), ("chain of symlinks to the photo", photo_chain),
                           (".txt symlink to the person's .yaml, linked", yaml_txt_link),
                           (".txt symlink to the person's .yaml, by file:", yaml_txt_file),
                           (".md symlink to the person's .yaml", yaml_as_md)):
        private_attack(3, label, arrange)


def class_4():
    info("— 4. Symlinks out of content")

    def outside_md(site, p):
        symlink(site, "content/actualites/dehors.md", str(p.outside / "article.md"))
        return "actualites/dehors.md", None

    def outside_md_relative(site, p):
        symlink(site, "content/actualites/dehors.md", os.path.relpath(p.outside / "article.md", site / "content/actualites"))
        return "actualites/dehors.md", None

    def outside_md_linked(site, p):
        symlink(site, "content/actualites/dehors.md", str(p.outside / "article.md"))
        append_link(site, "pages/a-propos.md", "../actualites/dehors.md")
        return "actualites/dehors.md", None

    for label, arrange in (("absolute .md symlink to a file outside the site", outside_md),
                           ("relative .md symlink to a file outside the site", outside_md_relative),
                           ("linked .md symlink to a file outside the site", outside_md_linked)):
        private_attack(4, label, arrange)

    def secret(kind, rel, text=None):
        def arrange(site, p):
            if text is not None:
                target = p.outside / f"secret-{kind}"
                target.write_text(text.format(s=p.secret))
            else:
                target = p.outside / "secret.env"
            symlink(site, f"content/{rel}", str(target))
            return rel, None
        return arrange

    for label, arrange in (
            (".md symlink to an env file", secret("env", "actualites/secret.md")),
            (".yaml symlink to an env file", secret("env", "annuaire/secret.yaml")),
            (".md symlink to front matter holding the secret",
             secret("fm", "actualites/secret2.md", "---\ntitle: x\nAWS_SECRET_ACCESS_KEY={s}\ndate: 2026-01-01\n---\n")),
            (".yaml symlink to a valid person with the secret as a key",
             secret("yaml", "trombinoscope/secret.yaml", "name: X\naws_secret_access_key: {s}\n")),
            (".yaml symlink to a YAML error next to the secret",
             secret("yamlerr", "annuaire/secret2.yaml", "name: [AWS_SECRET_ACCESS_KEY={s}\n")),
            (".md symlink in pages/ to a secret with a bad date",
             secret("date", "pages/secret3.md", "---\ntitle: x\ndate: {s}\n---\n"))):
        private_attack(4, f"secret not printed: {label}", arrange)

    for label, target in ((".git/config", "../../.git/config"), (".env", "../../.env"), ("maillage.yaml", "../../maillage.yaml")):
        def by_file(site, p, target=target):
            symlink(site, "content/ressources/reglages.pdf", target)
            return "ressources/piece.md", add_resource(site, "reglages.pdf")

        def by_link(site, p, target=target):
            symlink(site, "content/actualites/reglages.txt", target)
            return "actualites/bienvenue.md", append_link(site, "actualites/bienvenue.md", "reglages.txt")
        private_attack(4, f"attachment symlink to the site's {label}, by file:", by_file)
        private_attack(4, f"attachment symlink to the site's {label}, linked", by_link)


# =============================================================================================
# 5. Calendar and vCard injection.

try:
    import icalendar
    import vobject
except ImportError:
    icalendar = vobject = None

INJECT = "ATTACH:https://evil.example/x{c}END:VEVENT{c}BEGIN:VEVENT{c}SUMMARY:pirate{c}X-INJ:1{c}END:VCARD{c}BEGIN:VCARD{c}FN:pirate"
PROP_LINE = re.compile(r"^[A-Za-z0-9-]+[;:]")


def calendar_site(site, value, raw=False, events=1, structures=0):
    """Puts `value` in every text field that reaches an .ics or .vcf file."""
    q = (lambda v: '"' + v + '"') if raw else yaml_dq
    cfg = (site / "maillage.yaml").read_text(encoding="utf-8")
    cfg = re.sub(r"^title:.*$", lambda m: f"title: {q(value(0))}", cfg, count=1, flags=re.M)
    (site / "maillage.yaml").write_text(cfg, encoding="utf-8")
    for i in range(events):
        eid = "rencontre-du-reseau" if i == 0 else f"evenement-{i}"
        write(site, f"content/evenements/{eid}.md",
              f"---\ntitle: {q(value(10 * i + 1))}\nstart: 2027-01-{6 + i:02d}T14:00\nend: 2027-01-{6 + i:02d}T17:00\n"
              f"location: {q(value(10 * i + 2))}\norganizers: [cpts-exemple]\nsummary: {q(value(10 * i + 3))}\n"
              f"sessions:\n  - title: {q(value(10 * i + 4))}\n    start: \"14:00\"\n    end: \"15:00\"\n"
              f"    room: {q(value(10 * i + 5))}\n    summary: {q(value(10 * i + 6))}\n    speakers: [camille-exemple]\n---\nTexte.\n")
    write(site, "content/annuaire/cpts-exemple.yaml",
          f"name: {q(value(100))}\nkind: {q(value(101))}\naddress: {q(value(102))}\nphone: {q(value(103))}\n"
          f"email: contact@example.org\nmissions: [{q(value(104))}]\n")
    for j in range(structures):
        write(site, f"content/annuaire/structure-{j}.yaml",
              f"name: Structure {j}\nkind: CPTS\naddress: {q(value(200 + j))}\n")
    write(site, "content/trombinoscope/camille-exemple.yaml",
          f"name: {q(value(300))}\nrole: {q(value(301))}\nstructures: [cpts-exemple]\nemail: camille@example.org\n"
          f"phone: {q(value(302))}\nconsent: true\n")


def card_properties(site):
    """{relative path: (properties, component counts)} of every .ics and .vcf, and the problems met."""
    found, problems = {}, []
    for path in sorted(list((site / "site").rglob("*.ics")) + list((site / "site").rglob("*.vcf"))):
        rel = path.relative_to(site / "site").as_posix()
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"{rel}: not UTF-8 ({e})")
            continue
        body = text[:-2] if text.endswith("\r\n") else text
        for n, line in enumerate(body.split("\r\n"), 1):
            if re.search(r"[\x00-\x08\x0a-\x1f\x7f]", line):
                problems.append(f"{rel}:{n}: raw control character {short(repr(line), 80)}")
                break
            if line and not line[0] in " \t" and not PROP_LINE.match(line):
                problems.append(f"{rel}:{n}: not a property {short(repr(line), 80)}")
                break
        props, counts = set(), {}
        try:
            if rel.endswith(".ics"):
                calendar = icalendar.Calendar.from_ical(data)
                for component in calendar.walk():
                    counts[component.name] = counts.get(component.name, 0) + 1
                    props |= {("ical", component.name, k.upper()) for k in component.keys()}
                    if getattr(component, "errors", None):
                        problems.append(f"{rel}: icalendar errors {short(str(component.errors), 120)}")
        except Exception as e:  # noqa: BLE001 - any parser failure is the finding
            problems.append(f"{rel}: icalendar cannot parse it ({short(str(e), 120)})")
        try:
            def walk(component):
                counts["v:" + component.name] = counts.get("v:" + component.name, 0) + 1
                for key, values in component.contents.items():
                    for v in values:
                        if isinstance(v, vobject.base.Component):
                            walk(v)
                        else:
                            props.add(("vobject", component.name, key.upper()))
            for component in vobject.readComponents(text):
                walk(component)
        except Exception as e:  # noqa: BLE001
            problems.append(f"{rel}: vobject cannot parse it ({short(str(e), 120)})")
        found[rel] = (props, counts)
    return found, problems


def compare_cards(control, found):
    problems = [f"{rel} missing" for rel in sorted(set(control) - set(found))]
    for rel, (props, counts) in found.items():
        if rel not in control:
            problems.append(f"unexpected file {rel}")
            continue
        extra = sorted(f"{c}.{p}" for _, c, p in props - control[rel][0])
        if extra:
            problems.append(f"{rel}: unexpected properties {extra[:4]}")
        if counts != control[rel][1]:
            problems.append(f"{rel}: components {counts} instead of {control[rel][1]}")
    return problems


def class_5():
    info("— 5. Calendar and vCard injection")
    if icalendar is None:
        check(5, "icalendar and vobject are installed (pip install icalendar vobject)", False, "import failed")
        return
    control_site = new_site("cal-temoin")
    calendar_site(control_site, lambda i: f"Valeur ordinaire {i}")
    r = build(control_site)
    control, problems = card_properties(control_site)
    ok = r.rc == 0 and control and not problems
    check(5, "control: plain values build into parseable .ics and .vcf", ok, error_summary(r) if r.rc else "; ".join(problems))
    if not ok:
        return
    chars = [("CRLF", "\r\n"), ("CR", "\r"), ("LF", "\n"), ("VT", "\x0b"), ("FF", "\x0c"), ("NEL", "\x85"),
             ("LS U+2028", "\u2028"), ("PS U+2029", "\u2029"), ("ESC", "\x1b"), ("DEL", "\x7f"), ("SOH", "\x01"),
             ("US", "\x1f"), ("TAB", "\t"), ("CRLF+space (fold)", "\r\n "), ("backslash-n text", "\\n"),
             ("backslash-CRLF", "\\\r\n"), ("semicolon/comma", ";,"), ("BOM", "\ufeff")]
    rejected = 0
    for label, c in chars:
        site = new_site("cal-" + label)
        calendar_site(site, lambda i, c=c: f"Champ {i}{c}" + INJECT.format(c=c))
        r = build(site)
        if r.rc == 1 and located_lines(r.err) and not unlocated(r.err):
            rejected += 1
            check(5, f"{label} (YAML escape) in titles, places, names, address: refused with a located error", True)
            continue
        if r.rc != 0:
            check(5, f"{label} (YAML escape) in titles, places, names, address", False, error_summary(r))
            continue
        found, problems = card_properties(site)
        problems += compare_cards(control, found)
        check(5, f"{label} (YAML escape) in titles, places, names, address: .ics and .vcf hold only their properties",
              not problems, "; ".join(problems[:3]))
    # Raw characters in the file (YAML folds or refuses some of them).
    for label, c in (("raw NEL", "\x85"), ("raw LS U+2028", "\u2028"), ("raw PS U+2029", "\u2029"), ("raw TAB", "\t"),
                     ("raw CR", "\r")):
        site = new_site("cal-" + label)
        calendar_site(site, lambda i, c=c: f"Champ {i}{c}" + INJECT.format(c=c), raw=True)
        r = build(site)
        if r.rc == 1:
            ok = bool(located_lines(r.err)) and not unlocated(r.err)
            check(5, f"{label} in the YAML file: refused with a located error", ok, error_summary(r))
            continue
        if r.rc != 0:
            check(5, f"{label} in the YAML file", False, error_summary(r))
            continue
        found, problems = card_properties(site)
        problems += compare_cards(control, found)
        check(5, f"{label} in the YAML file: .ics and .vcf hold only their properties", not problems, "; ".join(problems[:3]))
    if rejected:
        info(f"{rejected} of {len(chars)} escaped characters were refused (exit 1, located) rather than escaped")

    # Fuzz: ~200 random strings of control characters and text in titles, places and addresses.
    rng = random.Random(SEED * 7919 + 5)
    pieces = ["\r\n", "\r", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x1b", "\x7f", "\t", "\x01", "\x1c",
              "\x1d", "\x1e", "\x1f", "\x08", " ", "ATTACH:https://evil.example/x", "X-INJ:1", "BEGIN:VEVENT",
              "END:VCALENDAR", "BEGIN:VCARD", ";", ",", ":", "\\", "\\n", "\\;", "é", "a", "Z", "日", "\ufeff", "\u200b",
              "\"", "'", "#", "&", "<"]

    def fuzz_string():
        return "".join(rng.choice(pieces) for _ in range(rng.randint(2, 14)))
    per_site = 10  # 4 events (title, location), 2 structures (address)
    fuzz_control = new_site("cal-fuzz-temoin")
    calendar_site(fuzz_control, lambda i: f"Valeur {i}", events=4, structures=2)
    r = build(fuzz_control)
    fcontrol, problems = card_properties(fuzz_control)
    if r.rc != 0 or problems:
        check(5, "fuzz control site builds", False, error_summary(r) if r.rc else "; ".join(problems))
        return
    crashed, bad_cards, refused, unloc, built, strings = [], [], 0, [], 0, 0
    for n in range(20):
        values = {}
        for i in range(4):
            values[10 * i + 1], values[10 * i + 2] = fuzz_string(), fuzz_string()
        for j in range(2):
            values[200 + j] = fuzz_string()
        strings += per_site
        site = new_site(f"cal-fuzz-{n}")
        calendar_site(site, lambda i, values=values: values.get(i, f"Valeur {i}"), events=4, structures=2)
        r = build(site, timeout=30)
        if r.crashed():
            crashed.append(f"site {n}: {r.describe()}")
            continue
        if (bad := unlocated(r.err)):
            unloc.append(f"site {n}: {short(bad[0], 100)}")
        if r.rc == 1:
            refused += 1
            continue
        built += 1
        found, problems = card_properties(site)
        problems += compare_cards(fcontrol, found)
        if problems:
            bad_cards.append(f"site {n} ({short(repr(list(values.values())[:2]), 80)}): {problems[0]}")
    info(f"calendar fuzz: {strings} strings in 20 sites, {built} built, {refused} refused")
    check(5, "calendar fuzz: no crash or hang", not crashed, "; ".join(crashed[:3]))
    check(5, "calendar fuzz: every error located", not unloc, "; ".join(unloc[:3]))
    check(5, "calendar fuzz: every .ics and .vcf parses and holds only its properties", not bad_cards,
          f"{len(bad_cards)} sites: " + "; ".join(bad_cards[:2]))


# =============================================================================================
# 6. Hard links.

def class_6():
    info("— 6. Published attachments are copies")
    site = new_site("copies")
    files = {
        "ressources/doc.pdf": make_pdf(b"0 0 1 rg 10 10 100 100 re f", hexmark("copie-")),
        "actualites/affiche.png": base64.b64decode(PNG8),
        "actualites/tableau.csv": f"a;b\n1;{hexmark('csv-')}\n".encode(),
        "pages/archive.zip": b"PK\x05\x06" + b"\x00" * 18,
        "ressources/cible.pdf": make_pdf(b"1 0 0 rg 0 0 50 50 re f", hexmark("cible-")),
    }
    for rel, data in files.items():
        write(site, f"content/{rel}", data)
    symlink(site, "content/ressources/lien.pdf", "cible.pdf")
    add_resource(site, "doc.pdf")
    add_resource(site, "lien.pdf", rid="piece-lien")
    append_link(site, "actualites/bienvenue.md", "affiche.png", image=True, text="Affiche")
    append_link(site, "actualites/bienvenue.md", "tableau.csv")
    append_link(site, "pages/a-propos.md", "archive.zip")
    published = ["ressources/doc.pdf", "actualites/affiche.png", "actualites/tableau.csv", "pages/archive.zip", "ressources/lien.pdf"]
    problems = {rel: [] for rel in published}
    for round_ in ("first build", "second build"):
        r = build(site)
        if r.rc != 0:
            check(6, f"attachments site builds ({round_})", False, error_summary(r))
            return
        for rel in published:
            out = site / "site" / rel
            src = site / "content" / rel
            if not out.exists():
                problems[rel].append(f"{round_}: not published")
                continue
            if out.is_symlink():
                problems[rel].append(f"{round_}: site/{rel} is a symlink")
            if os.stat(out).st_ino == os.stat(src).st_ino:
                problems[rel].append(f"{round_}: same inode as its source")
            before = out.read_bytes()
            with open(src, "ab") as f:
                f.write(b"\n% appended after the build\n")
            if out.read_bytes() != before:
                problems[rel].append(f"{round_}: appending to the source changed site/{rel}")
    for rel in published:
        check(6, f"site/{rel} is a copy (own inode, unchanged when the source grows)" +
              (" (symlinked source)" if rel.endswith("lien.pdf") else ""), not problems[rel], "; ".join(problems[rel]))


# =============================================================================================
# 7. Linear time.

def class_7():
    info("— 7. Linear time")
    patterns = {
        "headings '## h' per line": ("## h\n", "", ""),
        "list markers '- ' then a": ("- ", "", "a\n"),
        "quote nesting '> '": ("> ", "", "a\n"),
        "links [a](#x)": ("[a](#x) ", "## x\n\n", "\n"),
        "emphasis *a **a": ("*a **a ", "", "\n"),
    }
    sizes = (128, 256, 512, 1024)
    deadline = time.monotonic() + 100  # the whole class, whatever the binary does
    for label, (unit, head, tail) in patterns.items():
        times, problem = {}, None
        site = new_site("lineaire")
        for kb in sizes:
            n = kb * 1024 // len(unit)
            write(site, "content/actualites/enorme.md", f"---\ntitle: Énorme\ndate: 2026-01-01\n---\n{head}{unit * n}{tail}")
            limit = 20.0 if kb < 1024 or 256 not in times else min(20.0, 6 * times[256] + 1) + 0.5
            if deadline - time.monotonic() < 1:
                problem = f"{kb} KB not measured: the class's time budget is spent"
                break
            limit = min(limit, deadline - time.monotonic())
            r = build(site, "-q", timeout=limit)
            if r.killed:
                problem = f"{kb} KB: more than {limit:.1f} s"
                break
            if r.rc not in (0, 1):
                problem = f"{kb} KB: {r.describe()} {short(r.err.strip()[-200:])}"
                break
            times[kb] = r.elapsed
        shown = ", ".join(f"{kb} KB {t:.2f} s" for kb, t in times.items()) or "no size measured"
        if problem is None:
            if times[1024] >= 20:
                problem = f"1 MB took {times[1024]:.1f} s"
            elif times[1024] > 6 * times[256] + 1:
                problem = f"t(1 MB) {times[1024]:.2f} s > 6 × t(256 KB) + 1 = {6 * times[256] + 1:.2f} s"
        check(7, f"linear build time: {label} ({shown})", problem is None, f"{problem} ({shown})")

    for label, line in (("broken links [x](nope.md)", "[x](nope-{i}.md)\n"), ("broken anchors [x](#nope)", "[x](#nulle-part-{i})\n")):
        site = new_site("diagnostics")
        write(site, "content/actualites/liens.md",
              "---\ntitle: Liens\ndate: 2026-01-01\n---\n" + "".join(line.format(i=i) for i in range(10000)))
        r = build(site, timeout=max(1.0, min(10.5, deadline + 20 - time.monotonic())))
        count = len(located_lines(r.err))
        problems = []
        if r.killed:
            problems.append(f"more than 10 s ({count} lines printed)")
        elif r.rc != 1:
            problems.append(r.describe())
        elif r.elapsed >= 10:
            problems.append(f"{r.elapsed:.1f} s")
        if not r.killed and count != 10000:
            problems.append(f"{count} located errors printed, not 10000")
        check(7, f"10,000 diagnostics ({label}) printed in < 10 s" + (f" ({r.elapsed:.2f} s)" if not r.killed else ""),
              not problems, "; ".join(problems))


# =============================================================================================
# 8. Hostile images and PDFs.

def class_8():
    info("— 8. Hostile images and PDFs")
    try:
        generator.wait(timeout=max(5, 150 - (time.monotonic() - STARTED)))
    except subprocess.TimeoutExpired:
        generator.kill()
    big_jpeg, bomb_png = IMAGES / "geante.jpg", IMAGES / "bombe.png"

    def person(photo, name):
        def arrange(site):
            shutil.copyfile(photo, site / "content/trombinoscope" / name)
            write(site, "content/trombinoscope/camille-exemple.yaml",
                  f"name: Camille Exemple\nrole: Coordinatrice\nphoto: {name}\nemail: camille@example.org\nconsent: true\n")
        return arrange

    def resource(make, name):
        def arrange(site):
            path = site / "content/ressources" / name
            make(path)
            add_resource(site, name)
        return arrange

    def q_bomb(path):
        path.write_bytes(make_pdf(b"q " * 10**6 + b"0 0 1 rg 10 10 100 100 re f\n" + b"Q " * 10**6))

    def corrupt(path):
        with open(path, "wb") as f:
            f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
            for _ in range(64):
                f.write(os.urandom(1 << 20))

    cases = [
        ("20000×20000 progressive JPEG as a consenting person's photo", big_jpeg, person(big_jpeg, "camille-exemple.jpg"), "camille-exemple.jpg"),
        ("20000×20000 progressive JPEG as a resource file (preview)", big_jpeg, resource(lambda p: shutil.copyfile(big_jpeg, p), "affiche.jpg"), "affiche.jpg"),
        ("20000×20000 PNG (zlib bomb) as a person's photo", bomb_png, person(bomb_png, "camille-exemple.png"), "camille-exemple.png"),
        ("PDF with 10^6 nested q operators", None, resource(q_bomb, "imbrique.pdf"), "imbrique.pdf"),
        ("64 MB corrupt PDF", None, resource(corrupt, "corrompu.pdf"), "corrompu.pdf"),
    ]
    deadline = time.monotonic() + 150
    for label, needed, arrange, filename in cases:
        if deadline - time.monotonic() < 5:
            check(8, label, False, "not run: the class's time budget (150 s) is spent")
            continue
        if needed is not None and not needed.exists():
            check(8, label, False, "could not make the image (needs Pillow or the vips command)")
            continue
        site = new_site("lourd")
        arrange(site)
        r = build(site, measured=True, timeout=min(60, deadline - time.monotonic()))
        problems = []
        if r.killed:
            problems.append(f"killed: {r.killed} after {r.elapsed:.1f} s")
        elif r.rc != 1:
            problems.append(f"{r.describe()} (expected 1)")
        if r.rc == 1 and not (located_lines(r.err) and filename in r.err):
            problems.append(f"no located error naming {filename} ({short(' | '.join(error_lines(r.err)[:2]), 160)})")
        if r.maxrss_kb >= 1 << 20:
            problems.append(f"peak RSS {r.maxrss_kb / 1024:.0f} MB")
        if r.elapsed >= 60:
            problems.append(f"{r.elapsed:.1f} s")
        check(8, f"{label} refused ({r.maxrss_kb / 1024:.0f} MB, {r.elapsed:.1f} s)", not problems, "; ".join(problems))
        shutil.rmtree(site, ignore_errors=True)


# =============================================================================================
# 9. Names in any script.

def class_9():
    info("— 9. Names in any script")
    site = new_site("ecritures")
    pages = [("pages/日本語.md", "Page Nihongo", "jp"), ("pages/💥.md", "Page Boum", "boum"),
             ("pages/Москва.md", "Page Moskva", "ru"), ("actualites/中文.md", "Actualité Zhongwen", "zh")]
    for rel, title, _ in pages:
        date = "date: 2026-01-02\n" if rel.startswith("actualites") else ""
        write(site, f"content/{rel}", f"---\ntitle: {title}\n{date}---\nTexte de {title}.\n")
    for rel, title, text in pages:
        append_link(site, "pages/a-propos.md", posixpath.relpath(rel, "pages"), text=text)
    r = build(site)
    targets = {}
    for rel, title, text in pages:
        problems = []
        if r.rc != 0:
            problems.append(error_summary(r))
        else:
            href, target = link_by_text(site, site / "site/a-propos/index.html", text)
            if href is None:
                problems.append("the link is gone from the page")
            elif target is None:
                problems.append(f"href {href!r} leads to no file in site/")
            elif title not in target.read_text(encoding="utf-8", errors="replace"):
                problems.append(f"href {href!r} leads to {target.relative_to(site / 'site')}, not the page «{title}»")
            else:
                targets[rel] = target
        check(9, f"content/{rel} gets a page and [{text}]({posixpath.relpath(rel, 'pages')}) leads to it", not problems, "; ".join(problems))
    check(9, "the four pages named in other scripts have distinct addresses",
          r.rc == 0 and len(set(targets.values())) == len(pages), f"{len(set(targets.values()))} distinct of {len(pages)}")

    # Structure kinds.
    site = new_site("types")
    kinds = [("日本", "Structure Nihon", "s-nihon"), ("中文", "Structure Zhongwen", "s-zhongwen"), ("Ελληνικά", "Structure Ellinika", "s-ellinika")]
    for kind, name, sid in kinds:
        write(site, f"content/annuaire/{sid}.yaml", f"name: {name}\nkind: {kind}\n")
    r = build(site)
    seen = {}
    for kind, name, sid in kinds:
        problems = []
        if r.rc != 0:
            problems.append(error_summary(r))
        else:
            href, target = link_by_text(site, site / "site/annuaire/index.html", kind, startswith=True)
            if href is None:
                problems.append(f"no link «{kind}» on the annuaire page")
            elif target is None:
                problems.append(f"href {href!r} leads to no file")
            else:
                text = target.read_text(encoding="utf-8", errors="replace")
                others = [n for k, n, _ in kinds if k != kind and n in text]
                if name not in text or others:
                    problems.append(f"{href!r} lists {others or 'not ' + name}")
                seen[kind] = href
        check(9, f"structure kind «{kind}» has its own page", not problems, "; ".join(problems))
    if r.rc == 0:
        ids = anchors(site / "site/annuaire/index.html").ids
        dup = sorted(i for i in set(ids) if ids.count(i) > 1)
        check(9, "kinds in other scripts: distinct addresses and distinct ids on the annuaire page",
              len(set(seen.values())) == len(kinds) and not dup, f"hrefs {seen}, duplicate ids {dup}")

    # Tags and territories.
    site = new_site("etiquettes")
    write(site, "content/actualites/bienvenue.md",
          "---\ntitle: Article multilingue\ndate: 2026-12-07\ntags: [Москва, 日本, 中文, Ελλάδα]\nterritories: [Москва, 東京]\n---\nTexte.\n")
    r = build(site)
    hrefs = {}
    for kind, term in (("tag", "Москва"), ("tag", "日本"), ("tag", "中文"), ("tag", "Ελλάδα"), ("territory", "Москва"), ("territory", "東京")):
        problems = []
        if r.rc != 0:
            problems.append(error_summary(r))
        else:
            page = site / "site/actualites/bienvenue/index.html"
            section = "etiquettes" if kind == "tag" else "territoires"
            candidates = [(h, resolve(site, page, h)) for h, t in anchors(page).links if t == term]
            candidates = [(h, t) for h, t in candidates if section in urllib.parse.unquote(h)] or candidates
            if not candidates:
                problems.append(f"the article has no link «{term}»")
            else:
                href, target = candidates[0]
                if target is None:
                    problems.append(f"href {href!r} leads to no file")
                elif "Article multilingue" not in target.read_text(encoding="utf-8", errors="replace"):
                    problems.append(f"{href!r} does not list the article")
                hrefs[(kind, term)] = href
        check(9, f"{kind} «{term}» has its page and the article links to it", not problems, "; ".join(problems))
    if r.rc == 0:
        tag_hrefs = [h for (k, _), h in hrefs.items() if k == "tag"]
        check(9, "tags in other scripts have distinct addresses", len(set(tag_hrefs)) == 4 and len(tag_hrefs) == 4, f"{tag_hrefs}")
        warn = [l for l in r.err.splitlines() if "aucune lettre" in l]
        check(9, "letters of any script count as letters (no empty-term warning)", not warn, short(" | ".join(warn), 200))

    # References by ids that are not ASCII.
    refs = [
        ("event organizers", "annuaire/日本-cpts.yaml", "name: Structure Nihon\nkind: CPTS\n", "Structure Nihon",
         "evenements/rencontre-du-reseau.md", "organizers: [cpts-exemple]", "organizers: [cpts-exemple, 日本-cpts]",
         "evenements/rencontre-du-reseau/index.html"),
        ("event organizers (accents)", "annuaire/été.yaml", "name: Structure Ete\nkind: CPTS\n", "Structure Ete",
         "evenements/rencontre-du-reseau.md", "organizers: [cpts-exemple]", "organizers: [été]",
         "evenements/rencontre-du-reseau/index.html"),
        ("session speakers", "trombinoscope/josé.yaml", "name: José Essai\nrole: Infirmier\n", "José Essai",
         "evenements/rencontre-du-reseau.md", "speakers: [camille-exemple]", "speakers: [josé]",
         "evenements/rencontre-du-reseau/index.html"),
        ("minutes participants", "annuaire/東京.yaml", "name: Structure Tokyo\nkind: DAC\n", "Structure Tokyo",
         "comptes-rendus/premiere-reunion.md", "participants: [cpts-exemple, camille-exemple]", "participants: [東京]",
         "comptes-rendus/premiere-reunion/index.html"),
        ("retex structures (two ids with no ASCII letter)", "annuaire/中文.yaml", "name: Structure Zhongwen\nkind: DAC\n",
         "Structure Zhongwen", "retex/premier-retex.md", "structures: [cpts-exemple]", "structures: [中文]",
         "retex/premier-retex/index.html"),
    ]
    for label, entity, text, name, page, old, new, out in refs:
        site = new_site("references")
        write(site, f"content/{entity}", text)
        if "中文" in entity:
            write(site, "content/annuaire/日本.yaml", "name: Structure Nihon\nkind: DAC\n")
        source = (site / "content" / page).read_text(encoding="utf-8")
        line = source[:source.index(old)].count("\n") + 1
        (site / "content" / page).write_text(source.replace(old, new), encoding="utf-8")
        r = build(site)
        problems = []
        if r.rc == 1:
            if not located_at(r.err, page, line) and not located_at(r.err, entity):
                problems.append(f"exit 1 without an error at content/{page}:{line} or in content/{entity} ({short(' | '.join(error_lines(r.err)[:2]), 160)})")
        elif r.rc == 0:
            href, target = link_by_text(site, site / "site" / out, name)
            if href is None:
                problems.append(f"«{name}» dropped silently from {out}")
            elif target is None or name not in target.read_text(encoding="utf-8", errors="replace"):
                problems.append(f"link {href!r} does not lead to the page of «{name}»")
        else:
            problems.append(r.describe())
        check(9, f"{label}: non-ASCII id «{Path(entity).stem}» resolved or reported", not problems, "; ".join(problems))


# =============================================================================================
# 10. check and build agree.

def diag_set(text):
    return sorted(set(l.split(": erreur", 1)[0].rsplit("content/", 1)[-1] + ": " + l.split(": erreur", 1)[1]
                      for l in located_lines(text)))


def class_10():
    info("— 10. check and build agree")
    for label, tag in (("300 × x", "x" * 300), ("60 × «santé »", ("santé " * 60).strip()), ("300 × 日", "日" * 300),
                       ("110 × Ab-", "Ab-" * 110), ("300 × é", "é" * 300), ("86 × 💥", "💥" * 86)):
        site = new_site("longue-etiquette")
        write(site, "content/actualites/bienvenue.md",
              f"---\ntitle: Étiquette longue\ndate: 2026-12-07\ntags: [{yaml_dq(tag)}]\n---\nTexte.\n")
        c = check_cmd(site)
        b = build(site)
        problems = []
        if c.rc != b.rc:
            problems.append(f"check {c.describe()}, build {b.describe()}")
            if b.rc not in (0, 1):
                problems.append(short(b.err.strip(), 160))
        elif b.rc == 0:
            page = site / "site/actualites/bienvenue/index.html"
            found = [(h, resolve(site, page, h)) for h, t in anchors(page).links if "etiquettes/" in h and h.rstrip("/") != "/etiquettes"]
            if not found:
                problems.append("no tag link on the article")
            elif found[0][1] is None:
                problems.append(f"the tag link {short(found[0][0], 80)!r} leads to no file")
        elif b.rc == 1:
            if diag_set(c.err) != diag_set(b.err) or not diag_set(b.err):
                problems.append(f"different errors: check {diag_set(c.err)[:1]}, build {diag_set(b.err)[:1]}")
        else:
            problems.append(f"both {b.describe()}")
        check(10, f"tag of {label} characters: check and build agree", not problems, "; ".join(problems))

    pairs = [
        ("annuaire YAML error + anchor in the same page",
         {"content/annuaire/cpts-exemple.yaml": ("name: [CPTS Exemple\nkind: CPTS\n", 1)},
         ("actualites/bienvenue.md", "#nulle-part")),
        ("front matter error + anchor in another page",
         {"content/actualites/bienvenue.md": ("---\ntitle: \"Le site\ndate: 2026-12-07\n---\nTexte.\n", 2)},
         ("pages/a-propos.md", "../evenements/rencontre-du-reseau.md#nulle-part")),
        ("trombinoscope tab error + anchor from the home page",
         {"content/trombinoscope/camille-exemple.yaml": ("name: Camille Exemple\n\trole: x\n", 2)},
         ("index.md", "actualites/bienvenue.md#nulle-part")),
    ]
    for label, broken, (page, link) in pairs:
        site = new_site("deux-erreurs")
        (yaml_rel, (text, _)), = broken.items()
        write(site, yaml_rel, text)
        line = append_link(site, page, link)
        for verb in ("build", "check"):
            r = build(site) if verb == "build" else check_cmd(site)
            problems = []
            if r.rc != 1:
                problems.append(r.describe())
            if not located_at(r.err, yaml_rel.removeprefix("content/")):
                problems.append(f"YAML error in {yaml_rel} not reported")
            if not located_at(r.err, page, line):
                problems.append(f"broken anchor at content/{page}:{line} not reported")
            check(10, f"{verb}: {label}: both reported in one run", not problems,
                  "; ".join(problems) + f" ({short(' | '.join(error_lines(r.err)[:2]), 160)})")


# =============================================================================================
# F. Publish-path fuzzer.

ACTIVE_EXT = {".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".cjs", ".xml", ".xsl", ".xslt",
              ".php", ".swf", ".wasm", ".appcache", ".webmanifest", ".jsp", ".asp", ".cgi", ".htaccess"}
RESERVED = ["index.html", "404.html", "sitemap.xml", "atom.xml", "assets/search.js", "assets/style.css",
            "assets/favicon.svg", "assets/directory.js", "assets/orientation.js", "evenements/agenda.ics",
            "annuaire/annuaire.vcf", "recherche/index.html", "actualites/index.html", "actualites/bienvenue/index.html",
            "evenements/rencontre-du-reseau/rencontre-du-reseau.ics", "trombinoscope/camille-exemple/camille-exemple.vcf",
            "annuaire/cpts-exemple/cpts-exemple.vcf", "etiquettes/reseau/index.html", "accessibilite/index.html",
            "territoires/somme/index.html", "annuaire/type/cpts/index.html", "a-propos/index.html"]
FOLDERS = ["actualites", "evenements", "ressources", "pages", "annuaire", "comptes-rendus", "retex", "", "assets",
           "inconnu", "trombinoscope", "ressources/sous-dossier"]
SAFE_EXT = [".pdf", ".png", ".jpg", ".docx", ".odt", ".csv", ".zip", ".xlsx", ".txt", ""]
WEIRD = ["été 2026", "日本語", "💥", "Ωmega", "e\u0301te", "\u202egnp.exe", "a\u200bb", "mon fichier", " espace", "a  b",
         "a#b", "a?b", "a%20b", "a;b", "a:b", "a'b", "a\"b", "(x)", "[x]", "a\\b", "..x", "x..", "-", "~", "a" * 240,
         "é" * 115, "日" * 78, "CON", "nul", "index", "x.html", "x.pdf.", "x.PDF", "x.pdf ", "$HOME", "*"]


FUZZ_ONCE = set()  # kinds that may hang a build (fifo, /dev/zero): once per run


class Entry:
    def __init__(self, kind, link, marker=None, secret=False, published=None):
        self.kind, self.link, self.marker, self.secret, self.published = kind, link, marker, secret, published


def fuzz_entries(rng, site, private, n):
    """Makes n hostile attachments in site; returns Entries (link: path from content/, possibly with ..)."""
    entries, used = [], set()

    def fresh_name(folder, base, ext):
        name = posixpath.join(folder, base + ext) if folder else base + ext
        while name in used or (site / "content" / name).exists() or os.path.lexists(site / "content" / name):
            base = f"{base}-{rng.randrange(1000)}"
            name = posixpath.join(folder, base + ext) if folder else base + ext
        used.add(name)
        return name

    def regular(rel, ext=None, secret=False, kind="file"):
        marker = hexmark("fuzz-")
        ext = ext if ext is not None else posixpath.splitext(rel)[1].lower()
        data = (make_pdf(b"0 0 1 rg 0 0 9 9 re f", marker) if ext == ".pdf" else
                f"<script>alert('{marker}')</script>\n".encode() if ext in ACTIVE_EXT else f"{marker}\n".encode())
        path = site / "content" / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError:
            return None
        return Entry(kind, rel, marker, secret, posixpath.normpath(rel))

    kinds = ["reserved", "active", "weird", "dotfile", "dotdot", "long", "sym-inside", "sym-outside", "sym-tromb",
             "sym-yaml", "sym-dangling", "sym-loop", "sym-loop2", "sym-dir-outside", "sym-dir-tromb", "sym-dir-loop",
             "sym-etc", "sym-site-file", "sym-dir-itself", "fifo", "dev-zero"]
    while len(entries) < n:
        kind = rng.choice(kinds)
        folder = rng.choice(FOLDERS)
        e = None
        try:
            if kind == "reserved":
                rel = rng.choice(RESERVED)
                if rel in used or (site / "content" / rel).exists():
                    continue
                used.add(rel)
                e = regular(rel, kind="reserved")
            elif kind == "active":
                e = regular(fresh_name(folder, rng.choice(["evil", "x", "page", "script", "carte"]), rng.choice(sorted(ACTIVE_EXT))), kind=kind)
            elif kind == "weird":
                e = regular(fresh_name(folder, rng.choice(WEIRD), rng.choice(SAFE_EXT)), kind=kind)
            elif kind == "long":
                e = regular(fresh_name(folder, rng.choice(["a" * 250, "é" * 125, "b" * 200 + "/" + "c" * 100]), ".pdf"), kind=kind)
            elif kind == "dotfile":
                rel = fresh_name(folder, rng.choice([".env", ".htaccess", ".hidden", ".git/config", ".well-known/security", ".DS_Store", ".maillage-cache/x"]),
                                 rng.choice(["", ".pdf", ".txt"]))
                e = regular(rel, kind=kind)
            elif kind == "dotdot":
                choice = rng.randrange(3)
                if choice == 0:  # a file at the site root, reached with ../
                    name = f"hors-{rng.randrange(10**6)}.pdf"
                    marker = hexmark("hors-")
                    (site / name).write_bytes(make_pdf(b"0 0 1 rg 0 0 9 9 re f", marker))
                    e = Entry(kind, f"../{name}", marker, True, f"../{name}")
                elif choice == 1:  # x/../y.pdf inside content
                    rel = fresh_name(folder, "y", ".pdf")
                    e = regular(rel, kind=kind)
                    if e:
                        e.link = posixpath.join(posixpath.dirname(rel), "nulle/..", posixpath.basename(rel))
                else:  # ../.. to the site's own files
                    e = Entry(kind, rng.choice(["../maillage.yaml", "../.env", "../.git/config", "../content/../.env"]), None, True, None)
            elif kind.startswith("sym-"):
                rel = fresh_name(folder, f"lien-{kind[4:]}", rng.choice([".pdf", ".jpg", ".txt", ""]))
                path = site / "content" / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                here = path.parent
                content = site / "content"
                if kind == "sym-inside":
                    target = fresh_name("ressources", "vrai", ".pdf")
                    e = regular(target, kind=kind)
                    os.symlink(os.path.relpath(content / target, here), path)
                    if e:
                        e.link, e.published = rel, posixpath.normpath(rel)
                elif kind == "sym-outside":
                    os.symlink(rng.choice([str(private.outside / "secret.pdf"), os.path.relpath(private.outside / "secret.env", here)]), path)
                    e = Entry(kind, rel, private.secret, True, rel)
                elif kind == "sym-tromb":
                    os.symlink(os.path.relpath(content / "trombinoscope/camille-exemple.jpg", here), path)
                    e = Entry(kind, rel, private.photo_marker, True, rel)
                elif kind == "sym-yaml":
                    os.symlink(os.path.relpath(content / "trombinoscope/camille-exemple.yaml", here), path)
                    e = Entry(kind, rel, private.email, True, rel)
                elif kind == "sym-dangling":
                    os.symlink("nexiste-pas.pdf", path)
                    e = Entry(kind, rel, None, False, rel)
                elif kind == "sym-loop":
                    os.symlink(path.name, path)
                    e = Entry(kind, rel, None, False, rel)
                elif kind == "sym-loop2":
                    other = fresh_name(folder, "boucle", ".pdf")
                    os.symlink(posixpath.basename(other), path)
                    os.symlink(path.name, content / other)
                    e = Entry(kind, rel, None, False, rel)
                elif kind == "sym-dir-outside":
                    os.symlink(str(private.outside), path)
                    e = Entry(kind, rel + "/secret.pdf", private.secret, True, rel + "/secret.pdf")
                elif kind == "sym-dir-tromb":
                    os.symlink(os.path.relpath(content / "trombinoscope", here), path)
                    e = Entry(kind, rel + "/camille-exemple.jpg", private.photo_marker, True, rel + "/camille-exemple.jpg")
                elif kind == "sym-dir-loop":
                    os.symlink(".", path)
                    inner = fresh_name(folder, "dans-boucle", ".pdf")
                    e = regular(inner, kind=kind)
                    if e:
                        b = posixpath.basename(rel)
                        e.link = posixpath.join(posixpath.dirname(rel), b, b, b, posixpath.basename(inner))
                elif kind == "sym-etc":
                    os.symlink("/etc/passwd", path)
                    e = Entry(kind, rel, "root:x:0:0", True, rel)
                elif kind == "sym-site-file":
                    target = rng.choice(["maillage.yaml", ".env", ".git/config", ".git"])
                    os.symlink(os.path.relpath(site / target, here), path)
                    e = Entry(kind, rel, {"maillage.yaml": private.config, ".env": private.env}.get(target, private.git), True, rel)
                elif kind == "sym-dir-itself":
                    os.symlink(os.path.relpath(content / "ressources", here), path)
                    e = Entry(kind, rel, None, False, rel)
            elif kind == "fifo":
                if "fifo" in FUZZ_ONCE:
                    continue
                FUZZ_ONCE.add("fifo")
                rel = fresh_name(folder, "tube", ".pdf")
                (site / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
                os.mkfifo(site / "content" / rel)
                e = Entry(kind, rel, None, False, rel)
            elif kind == "dev-zero":
                if "dev-zero" in FUZZ_ONCE:
                    continue
                FUZZ_ONCE.add("dev-zero")
                rel = fresh_name(folder, "zero", ".pdf")
                (site / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
                os.symlink("/dev/zero", site / "content" / rel)
                e = Entry(kind, rel, None, False, rel)
        except OSError:
            e = None
        if e is not None:
            entries.append(e)
    return entries


def class_fuzz():
    info("— F. Publish-path fuzzer")
    rng = random.Random(SEED)
    random.seed(SEED + 1)
    sites, budget = 100, 80.0
    started = time.monotonic()
    FUZZ_ONCE.clear()
    crashes, unloc, changed, unsafe, overwritten, leaked, disagree = [], [], [], [], [], [], []
    outcomes, codes = {0: 0, 1: 0}, {}
    total = 0
    done = 0
    for n in range(sites):
        if time.monotonic() - started > budget:
            info(f"fuzz: time budget of {budget:.0f} s spent after {n} sites")
            break
        done += 1
        try:
            site, private = fresh(f"fuzz-{n}", Private)
        except RuntimeError as e:
            crashes.append(f"site {n}: {e}")
            continue
        base_files = set(snapshot(site / "site"))
        before = snapshot(site / "site")
        entries = fuzz_entries(rng, site, private, 1 if rng.random() < 0.6 else rng.randint(2, 3))
        total += len(entries)
        described = []
        for i, e in enumerate(entries):
            how = rng.choice(["link", "image", "file"])
            if how == "file":
                add_resource(site, "../" + e.link, rid=f"fuzz-{i}", title=f"Fuzz {i}")
            else:
                append_link(site, "actualites/bienvenue.md", "../" + e.link, image=how == "image", text=f"fuzz {i}")
            described.append(f"{e.kind} {e.link!r} ({how})")
        label = f"site {n} [{'; '.join(short(d, 60) for d in described)}]"
        r = build(site, timeout=10, measured=True)
        if r.crashed():
            crashes.append(f"{label}: {r.describe()} {short(r.err.strip()[-120:], 120)}")
            continue
        outcomes[r.rc] += 1
        if (bad := unlocated(r.err)):
            unloc.append(f"{label}: {short(bad[0], 120)}")
        after = snapshot(site / "site")
        blobs = site_blobs(site)
        if r.rc == 1 and after != before:
            changed.append(label)
        if r.rc == 0:
            for rel in after:
                if rel in base_files or rel.startswith(("recherche/", "ressources/fuzz-")):
                    continue
                parts = rel.split("/")
                ext = posixpath.splitext(rel)[1].lower()
                if ext in ACTIVE_EXT or any(p.startswith(".") for p in parts) or after[rel].startswith("symlink:"):
                    unsafe.append(f"{label}: site/{rel}")
        for e in entries:
            if e.marker is None:
                continue
            where = found_in(blobs, e.marker)
            if e.secret and (where or e.marker in r.both):
                leaked.append(f"{label}: {e.kind} {e.link!r} content in {(where or ['the output'])[0]}")
            for rel in where:
                if rel in base_files and not e.secret:
                    overwritten.append(f"{label}: {e.link!r} over site/{rel}")
                elif posixpath.splitext(rel)[1].lower() in ACTIVE_EXT or any(p.startswith(".") for p in rel.split("/")):
                    unsafe.append(f"{label}: {e.link!r} at site/{rel}")
        if (leaks := private.leaks(blobs, r.out, r.err)):
            leaked.append(f"{label}: {leaks[0]}")
        c = check_cmd(site, "--format", "json", timeout=10)
        try:
            for d in json.loads(c.out or "[]"):
                if d.get("severity") == "error":
                    codes[d.get("code")] = codes.get(d.get("code"), 0) + 1
        except ValueError:
            pass
        if c.rc != r.rc:
            disagree.append(f"{label}: build {r.describe()}, check {c.describe()}")
        shutil.rmtree(site, ignore_errors=True)
    info(f"fuzz: {total} attachments in {done} sites (seed {SEED}); builds exit 0: {outcomes[0]}, exit 1: {outcomes[1]}, other: {len(crashes)}")
    info("fuzz: error codes " + ", ".join(f"{k} {v}" for k, v in sorted(codes.items(), key=lambda kv: -kv[1])))
    for name, items in (("no crash or hang (exit 0 or 1)", crashes), ("every error line located (path:)", unloc),
                        ("a failed build leaves site/ unchanged", changed),
                        ("no active type, dot-file or symlink published", unsafe),
                        ("no generated file overwritten by an attachment", overwritten),
                        ("no private or outside content published or printed", leaked),
                        ("check and build give the same exit code", disagree)):
        check("F", f"publish-path fuzz: {name}", not items, f"{len(items)} cases: " + " || ".join(items[:3]))


# =============================================================================================

def setup(binary):
    """The scratch folder, the template site (maillage init) and the image generator."""
    global BINARY, WORK, TEMPLATE, IMAGES, generator
    BINARY = os.path.abspath(binary)
    WORK = Path(tempfile.mkdtemp(prefix="maillage-hostile-"))
    TEMPLATE = WORK / "modele"
    r = run([BINARY, "init", str(TEMPLATE)])
    if r.rc != 0 or not (TEMPLATE / "maillage.yaml").exists():
        return f"`{BINARY} init` failed: {error_summary(r)}"
    random.seed(SEED)
    info(f"binary {BINARY}; scratch folder {WORK}; seed {SEED}")
    IMAGES = WORK / "images"
    IMAGES.mkdir()
    generator = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--generate-images", str(IMAGES)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return None


def main():
    steps = [class_12, class_1, class_2, class_3, class_4, class_5, class_6, class_9, class_10, class_fuzz, class_8, class_7]
    only = os.environ.get("HOSTILE_ONLY")  # e.g. "1,2,F": run only these classes (development)
    if only:
        wanted = {c.strip().lower() for c in only.split(",")}
        steps = [s for s in steps if s.__name__.removeprefix("class_") in wanted or (s is class_fuzz and "f" in wanted)]
    if class_8 not in steps:
        generator.kill()
    for step in steps:
        t0 = time.monotonic()
        try:
            step()
        except Exception as e:  # noqa: BLE001 - a broken step is a failure, the others still run
            import traceback
            traceback.print_exc()
            check(step.__name__.removeprefix("class_"), "the step ran to its end", False, f"{type(e).__name__}: {e}")
        info(f"{step.__name__} took {time.monotonic() - t0:.1f} s")
    if generator.poll() is None:
        generator.kill()
    by_class = {}
    for cls, ok in results:
        by_class.setdefault(str(cls), [0, 0])[0 if ok else 1] += 1
    info("by class: " + ", ".join(f"{c}: {p} ok / {f} failed" for c, (p, f) in by_class.items()))
    t0 = time.monotonic()
    if os.environ.get("HOSTILE_KEEP") != "1":
        shutil.rmtree(WORK, ignore_errors=True)
    info(f"total time {time.monotonic() - STARTED:.1f} s (clean-up {time.monotonic() - t0:.1f} s)")
    failed = sum(1 for _, ok in results if not ok)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--generate-images":
        generate_images(sys.argv[2])
        sys.exit(0)
    if len(sys.argv) != 2:
        print("usage: hostile_check.py MAILLAGE_BINARY", file=sys.stderr)
        sys.exit(2)
    problem = setup(sys.argv[1])
    if problem:
        print(f"FAIL setup: {problem}")
        print("0 passed, 1 failed")
        sys.exit(1)
    try:
        code = main()
    finally:
        if os.environ.get("HOSTILE_KEEP") != "1":
            shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(code)
