#!/usr/bin/env python3
"""Content cannot run scripts: a site whose Markdown holds <script>, an onerror= attribute and
javascript: links, and whose YAML values hold "</script><script>alert(1)</script>" (site title,
page titles, an event's fields and sessions, a structure, a person, tags, territories), builds;
no output page fires an alert in Chromium; and parsing every HTML file finds no script but the
theme's own files and JSON-LD data blocks (with no "</script" inside), no on*= attribute, no
javascript: URL, and the Content-Security-Policy on every page.

Usage: xss_check.py MAILLAGE_BINARY SHARED_DIR
Ends with 'N passed, M failed'; exit 1 on any failure.
"""
import html.parser
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

binary, shared = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, os.path.join(shared, "acceptance"))
from check_site import browser, serve  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException, UnexpectedAlertPresentException  # noqa: E402

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail and not ok else ""))


PAYLOAD = "</script><script>alert(1)</script>"
Q = json.dumps(PAYLOAD)  # a YAML double-quoted string
BODY = f"""<script>alert(1)</script>

<img src=x onerror=alert(1)>

Un [lien](javascript:alert(1)), un [autre](JaVaScRiPt:alert(1)), une ![image](javascript:alert(1)),
<a href="javascript:alert(1)">un lien HTML</a>, <svg onload=alert(1)></svg>, <iframe src="javascript:alert(1)"></iframe>
et un [lien normal](https://example.org/).

{PAYLOAD}

`{PAYLOAD}`
"""
FILES = {
    "maillage.yaml": f"title: {Q}\nbase_url: https://xss.example.org/\ndescription: {Q}\naccessibilite:\n  responsable: {Q}\n",
    "content/index.md": f"---\ntitle: {Q}\nsummary: {Q}\n---\n{BODY}",
    "content/actualites/piege.md": f"---\ntitle: {Q}\ndate: 2026-01-01\nsummary: {Q}\ntags: [{Q}, sante]\nterritories: [{Q}]\n---\n{BODY}",
    "content/evenements/piege.md": f"""---
title: {Q}
start: 2026-12-10T09:00
end: 2026-12-10T17:00
location: {Q}
registration: https://example.org/inscription?x="><script>alert(1)</script>
organizers: [piege]
tags: [{Q}]
sessions:
  - title: {Q}
    start: "09:30"
    room: {Q}
    summary: {Q}
    speakers: [piege]
---
{BODY}""",
    "content/comptes-rendus/piege.md": f"---\ntitle: {Q}\ndate: 2026-01-02\nlocation: {Q}\nevent: piege\n---\n{BODY}",
    "content/retex/piege.md": f"---\ntitle: {Q}\ndate: 2026-01-03\nstructures: [piege]\n---\n{BODY}",
    "content/pages/piege.md": f"---\ntitle: {Q}\n---\n{BODY}",
    "content/annuaire/piege.yaml": f"name: {Q}\nkind: {Q}\naddress: {Q}\nphone: {Q}\nemail: {Q}\nwebsite: https://example.org/?q=</script>\n"
                                   f"territories: [{Q}]\nmissions: [{Q}]\ndescription: |\n  <script>alert(1)</script> [x](javascript:alert(1))\n",
    "content/trombinoscope/piege.yaml": f"name: {Q}\nrole: {Q}\nstructures: [piege]\nterritories: [{Q}]\nemail: {Q}\nphone: {Q}\nconsent: true\n"
                                        f"bio: |\n  <img src=x onerror=alert(1)> {PAYLOAD}\n",
}


class Scan(html.parser.HTMLParser):
    """Collects what could run: script elements, on* attributes, script URLs."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background", "cite"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.scripts, self.csp = [], [], None
        self.in_script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in self.URL_ATTRIBUTES and value:
                cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                if cleaned.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = attributes.get("content", "")
        if tag == "script":
            self.in_script = {"src": attributes.get("src"), "type": attributes.get("type"), "text": ""}

    def handle_data(self, data):
        if self.in_script is not None:
            self.in_script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self.in_script is not None:
            self.scripts.append(self.in_script)
            self.in_script = None


def script_problem(script):
    if script["src"]:
        ok = re.fullmatch(r"/assets/[a-z0-9-]+\.js", script["src"]) and not script["text"].strip() and script["type"] in (None, "module")
        return None if ok else f"script src={script['src']!r}"
    if script["type"] == "application/ld+json":
        if "</script" in script["text"].lower() or "<" in script["text"]:
            return "JSON-LD holds '<'"
        try:
            json.loads(script["text"])
        except ValueError as error:
            return f"JSON-LD does not parse: {error}"
        return None
    return f"inline script {script['text'][:60]!r}"


work = pathlib.Path(tempfile.mkdtemp(prefix="maillage-xss-"))
try:
    site = work / "piege"
    for path, text in FILES.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    result = subprocess.run([binary, "build", "--source", str(site), "--build-date", "2026-11-23"], capture_output=True, text=True)
    check("the booby-trapped site builds", result.returncode == 0, result.stderr[-1500:])
    check("the dropped HTML and links are reported as warnings", "raw-html" in subprocess.run(
        [binary, "check", "--source", str(site), "--format", "json"], capture_output=True, text=True).stdout)

    pages = sorted((site / "site").rglob("*.html"))
    check("pages were produced", len(pages) > 20, str(len(pages)))
    problems = {}
    for page in pages:
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        found = scan.problems + [p for p in map(script_problem, scan.scripts) if p]
        if not scan.csp or "script-src 'self'" not in scan.csp or "unsafe-inline" in scan.csp or "default-src 'self'" not in scan.csp:
            found.append(f"Content-Security-Policy missing or weak: {scan.csp!r}")
        if found:
            problems[str(page.relative_to(site / "site"))] = found
    check(f"no executable script, on*= attribute or javascript: URL in {len(pages)} pages (HTML parsed)", not problems,
          "; ".join(f"{k}: {v[:3]}" for k, v in list(problems.items())[:5]))
    check("the payload is shown as text", "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in (site / "site/actualites/piege/index.html").read_text())
    import xml.etree.ElementTree as ET
    broken = []
    for feed in (site / "site").rglob("*.xml"):
        try:
            if any(e.tag.rsplit("}", 1)[-1] == "script" for e in ET.parse(feed).iter()):
                broken.append(f"{feed.name}: a script element")
        except ET.ParseError as error:
            broken.append(f"{feed.name}: {error}")
    check("Atom feed and sitemap are well-formed XML with no script element", not broken, ", ".join(broken))
    # iCalendar and vCard are plain text: the payload is a value there, but it must not break out
    # of its property (every line is a property or a folded continuation).
    cards = [p for p in (site / "site").rglob("*") if p.suffix in (".ics", ".vcf")]
    injected = [f"{p.name}: {line[:40]!r}" for p in cards for line in p.read_text(encoding="utf-8").split("\r\n")
                if line and not line.startswith(" ") and not re.match(r"^[A-Za-z0-9-]+[;:]", line)]
    check(f"{len(cards)} iCalendar and vCard files: every string stays inside its property", cards and not injected, ", ".join(injected[:5]))

    # A control page, outside Maillage's output, proves the detection works.
    (site / "site/temoin.html").write_text("<!doctype html><title>t</title><script>alert('témoin')</script>", encoding="utf-8")

    def alert_fired(driver, url):
        try:
            driver.get(url)
            driver.execute_script("return document.readyState")
        except UnexpectedAlertPresentException:
            return True
        try:
            driver.switch_to.alert.dismiss()
            return True
        except NoAlertPresentException:
            return False

    with serve(site / "site") as url, browser() as driver:
        check("control: an inline alert outside Maillage is detected", alert_fired(driver, url + "temoin.html"))
        fired = [str(p.relative_to(site / "site")) for p in pages
                 if alert_fired(driver, url + str(p.relative_to(site / "site")).removesuffix("index.html"))]
        check(f"no alert fires in Chromium on any of the {len(pages)} pages", not fired, ", ".join(fired[:10]))

    for key, value in (("registration", "javascript:alert(1)"), ("website", "javascript:alert(1)")):
        bad = work / f"bad-{key}"
        shutil.copytree(site, bad, ignore=shutil.ignore_patterns("site", ".maillage-cache"))
        target = bad / ("content/evenements/piege.md" if key == "registration" else "content/annuaire/piege.yaml")
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", target.read_text(encoding="utf-8"), flags=re.M)
        target.write_text(text, encoding="utf-8")
        result = subprocess.run([binary, "build", "--source", str(bad)], capture_output=True, text=True)
        check(f"a javascript: URL in {key} is refused, at its line", result.returncode == 1 and "lien refusé" in result.stderr, result.stderr[-400:])
finally:
    shutil.rmtree(work, ignore_errors=True)

failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
