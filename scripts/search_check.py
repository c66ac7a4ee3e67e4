#!/usr/bin/env python3
"""The site's search in headless Chromium, against `maillage search` and, optionally, Pagefind.

For each query set (`query<TAB>expected` lines, expected = a fragment of the address of the
page expected first, several separated by `|` when any is right, or NONE), on a built site:
- types the query into /recherche/ with real keystrokes (../shared/acceptance `search()`),
- checks the browser's first three results are the terminal's (`maillage search --json`),
  and that the expected page comes first,
- with --pagefind, indexes a copy of the site with Pagefind (PyPI pagefind-bin) and runs the
  same queries through Pagefind's JS API in the same browser, then prints hits@1 and hits@3 of
  both, the bytes a first query transfers (gzip as a static host sends it) and the index size.

Usage: search_check.py MAILLAGE SHARED_DIR SITE_SOURCE QUERIES.tsv [SITE_SOURCE QUERIES.tsv ...]
           [--pagefind] [--markdown FILE]
SITE_SOURCE is a site folder already built into SITE_SOURCE/site.
A set whose file name starts with `questions` holds coordinators' questions: each must give
the same first three in both, and the set as a whole hits@3 ≥ 90 % with at most 5 % of the
questions without any result (instead of each expected page first); a line `# hits@3 : 95` in
the file sets another floor for that set (in %). A line
`# aujourd’hui : AAAA-MM-JJ` fixes the day the questions are asked (« prochaine », « dernière »),
for the terminal (`--date`) and the browser (`maillageToday`).
Ends with 'N passed, M failed'; exit 1 on any failure.
"""
import argparse
import gzip
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("maillage")
ap.add_argument("shared")
ap.add_argument("pairs", nargs="+", help="SITE_SOURCE QUERIES.tsv, repeated")
ap.add_argument("--pagefind", action="store_true", help="also run Pagefind on the same sites and queries")
ap.add_argument("--pagefind-version", default="1.5.2")
ap.add_argument("--markdown", help="write the side-by-side table to this file")
args = ap.parse_args()
if len(args.pairs) % 2:
    ap.error("SITE_SOURCE QUERIES.tsv pairs expected")

sys.path.insert(0, os.path.join(args.shared, "acceptance"))
from check_site import browser, search_detailed, serve  # noqa: E402

results = []


def check(name, ok, detail=""):
    results.append(ok)
    if not ok or os.environ.get("VERBOSE"):
        print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""))


def today_of(tsv):
    m = re.search(r"^# aujourd.hui : (\d{4}-\d{2}-\d{2})", pathlib.Path(tsv).read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else None


def floor_of(tsv):
    """The set's hits@3 floor: `# hits@3 : 95` in its header, else 90 %."""
    m = re.search(r"^# hits@3 : (\d+(?:[.,]\d+)?)", pathlib.Path(tsv).read_text(encoding="utf-8"), re.M)
    return float(m.group(1).replace(",", ".")) / 100 if m else 0.90


def queries(tsv):
    out = []
    for line in pathlib.Path(tsv).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        q, expected = line.split("\t", 1)
        out.append((q, expected.strip()))
    return out


def cli_top(site_source, q, n=3, today=None):
    out = subprocess.run([args.maillage, "search", q, "--source", site_source, "--json", "--limit", str(n)]
                         + (["--date", today] if today else []),
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(line)["url"] for line in out.splitlines() if line.strip()]


def path_of(href):
    return re.sub(r"^https?://[^/]+", "", href)


def hit(urls, expected, k):
    if expected == "NONE":
        return not urls
    return any(e in u for e in expected.split("|") for u in urls[:k])


def compressed(path: pathlib.Path) -> int:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # already gzip (Pagefind's .pf_* files): sent as they are
        return len(data)
    return min(len(data), len(gzip.compress(data, 6)))


def transferred(site_dir, requests, skip):
    """Compressed bytes of the files requested (GET, 200), the page itself and its CSS left out."""
    total, files = 0, []
    for method, path, code in requests:
        p = path.split("?")[0]
        if method != "GET" or code != 200 or any(p.endswith(s) for s in skip):
            continue
        f = pathlib.Path(site_dir) / p.lstrip("/")
        if f.is_dir():
            continue
        size = compressed(f)
        total += size
        files.append((p, size))
    return total, files


def folder_size(*paths):
    total = 0
    for p in paths:
        p = pathlib.Path(p)
        if p.is_file():
            total += p.stat().st_size
        else:
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total


def pagefind_binary():
    venv = os.environ.get("PAGEFIND_VENV", "/tmp/maillage-pagefind-venv")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q", f"pagefind-bin=={args.pagefind_version}"], check=True)
    found = subprocess.run([py, "-c", "import pagefind_bin, os; d = os.path.dirname(pagefind_bin.__file__); "
                            "print([os.path.join(d, f) for f in os.listdir(d) if f.startswith('pagefind')][0])"],
                           capture_output=True, text=True)
    if found.returncode == 0 and found.stdout.strip():
        return found.stdout.strip()
    return os.path.join(venv, "bin", "pagefind")


PAGEFIND_JS = """
const [q, n, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
(async () => {
  const t0 = performance.now();
  window.pf = window.pf || await import('/pagefind/pagefind.js');
  await window.pf.init();
  const s = await window.pf.search(q);
  const data = await Promise.all(s.results.slice(0, n).map(r => r.data()));
  done({urls: data.map(d => d.url), ms: performance.now() - t0});
})().catch(e => done({error: String(e)}));
"""

rows = []
with browser() as driver:
    driver.set_script_timeout(30)
    for site_source, tsv in zip(args.pairs[::2], args.pairs[1::2]):
        site_dir = os.path.join(site_source, "site")
        config = pathlib.Path(site_source, "maillage.yaml").read_text(encoding="utf-8")
        title = re.search(r"^title:\s*(.+)$", config, re.M)
        name = title.group(1).strip().strip('"') if title else os.path.basename(os.path.abspath(site_source))
        qs = queries(tsv)
        questions = os.path.basename(tsv).startswith("questions")
        today = today_of(tsv)
        # The day the questions are asked, for the page's script (set before it runs).
        script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                        {"source": f"self.maillageToday = {json.dumps(today)};"}) if today else None
        row = {"site": name, "queries": len(qs), "maillage": [0, 0], "pagefind": [0, 0], "questions": questions,
               "none": 0, "tsv": os.path.basename(tsv)}
        latencies = []
        with serve(site_dir) as url:
            for i, (q, expected) in enumerate(qs):
                r = search_detailed(url + "recherche/", q, driver=driver)
                browser_top = [path_of(h) for h in r.hrefs[:3]]
                terminal_top = cli_top(site_source, q, today=today)
                check(f"{name}: « {q} » same first three in Chromium and in the terminal",
                      browser_top == terminal_top, f"Chromium {browser_top}, terminal {terminal_top}")
                if questions:
                    row["none"] += not browser_top
                    if os.environ.get("VERBOSE") and not hit(browser_top, expected, 3):
                        print(f"     miss « {q} » → {browser_top}, expected {expected}")
                else:
                    check(f"{name}: « {q} » → {expected} first", hit(browser_top, expected, 1), f"{browser_top}")
                check(f"{name}: « {q} » no request to another host", not r.external_requests, str(r.external_requests))
                if r.latency_ms is not None:
                    latencies.append(r.latency_ms)
                row["maillage"][0] += hit(browser_top, expected, 1)
                row["maillage"][1] += hit(browser_top, expected, 3)
            # A first query on a fresh page: what it transfers.
            del url.requests[:]
            r = search_detailed(url + "recherche/", qs[0][0], driver=driver)
            row["maillage_bytes"], row["maillage_files"] = transferred(site_dir, url.requests, ("/recherche/", ".css", ".svg", ".ico"))
        if script:
            driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", script)
        if questions:
            n = len(qs)
            floor = floor_of(tsv)
            check(f"{name}: {row['tsv']} hits@3 ≥ {100 * floor:g} % ({row['maillage'][1]}/{n})", row["maillage"][1] >= floor * n)
            check(f"{name}: {row['tsv']} without any result ≤ 5 % ({row['none']}/{n})", row["none"] <= 0.05 * n)
        row["maillage_index"] = folder_size(os.path.join(site_dir, "recherche", "index"), os.path.join(site_dir, "assets", "search.js"))
        if latencies:
            latencies.sort()
            row["latency_median"] = latencies[len(latencies) // 2]
            row["latency_max"] = latencies[-1]
            # Each query's 300 ms is the acceptance checker's (check_site.py --search-queries, run on
            # the repository's site by test.sh); here, the typical case and no outlier.
            check(f"{name}: results {row['latency_median']:.0f} ms (median) after the last keystroke, "
                  f"{latencies[-1]:.0f} ms at most", row["latency_median"] < 300 and latencies[-1] < 600)

        if args.pagefind:
            copy = tempfile.mkdtemp(prefix="maillage-pagefind-")
            try:
                shutil.copytree(site_dir, copy, dirs_exist_ok=True)
                # Pagefind compiles WebAssembly, which the theme's Content-Security-Policy forbids.
                for page in pathlib.Path(copy).rglob("*.html"):
                    text = page.read_text(encoding="utf-8")
                    page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text), encoding="utf-8")
                binary = pagefind_binary()
                t0 = time.monotonic()
                subprocess.run([binary, "--site", copy], capture_output=True, check=True)
                row["pagefind_seconds"] = time.monotonic() - t0
                row["pagefind_version"] = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
                with serve(copy) as url:
                    driver.get(url + "404.html")
                    for q, expected in qs:
                        res = driver.execute_async_script(PAGEFIND_JS, q, 3)
                        top = [path_of(u) for u in res.get("urls", [])]
                        row["pagefind_none"] = row.get("pagefind_none", 0) + (not top)
                        row["pagefind"][0] += hit(top, expected, 1)
                        row["pagefind"][1] += hit(top, expected, 3)
                        if os.environ.get("VERBOSE"):
                            print(f"     pagefind « {q} » → {top} {res.get('error', '')}")
                    driver.get(url + "404.html")
                    del url.requests[:]
                    driver.execute_async_script(PAGEFIND_JS, qs[0][0], 5)  # its UI shows 5 results first
                    row["pagefind_bytes"], row["pagefind_files"] = transferred(copy, url.requests, ("/404.html", ".css", ".svg", ".ico"))
                row["pagefind_index"] = folder_size(os.path.join(copy, "pagefind"))
            finally:
                shutil.rmtree(copy, ignore_errors=True)
        rows.append(row)


def pct(a, n):
    return f"{100 * a / n:.0f} % ({a}/{n})"


lines = []
for row in rows:
    n = row["queries"]
    what = "questions de coordinateurs" if row["questions"] else "requêtes"
    lines.append(f"\n**{row['site']}** — {n} {what} (`{row['tsv']}`)\n")
    lines.append("| | hits@1 | hits@3 | sans résultat | première requête : octets transférés (gzip) | taille de l’index |")
    lines.append("|---|---|---|---|---|---|")
    none = pct(row["none"], n) if row["questions"] else "—"
    lines.append(f"| Maillage | {pct(row['maillage'][0], n)} | {pct(row['maillage'][1], n)} | {none} | "
                 f"{row['maillage_bytes'] / 1024:.1f} Ko ({len(row['maillage_files'])} fichiers) | {row['maillage_index'] / 1024:.0f} Ko |")
    if args.pagefind:
        pnone = pct(row.get("pagefind_none", 0), n) if row["questions"] else "—"
        lines.append(f"| Pagefind {row.get('pagefind_version', '')} | {pct(row['pagefind'][0], n)} | {pct(row['pagefind'][1], n)} | {pnone} | "
                     f"{row['pagefind_bytes'] / 1024:.1f} Ko ({len(row['pagefind_files'])} fichiers) | {row['pagefind_index'] / 1024:.0f} Ko |")
    if "latency_median" in row:
        lines.append(f"\nMaillage dans Chromium : résultats {row['latency_median']:.0f} ms (médiane) après la dernière frappe, "
                     f"{row['latency_max']:.0f} ms au plus.")
table = "\n".join(lines)
print(table)
if args.markdown:
    pathlib.Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.markdown).write_text(table + "\n", encoding="utf-8")

for kind, floor in (("requêtes", 0.95), ("questions", 0.90)):
    chosen = [r for r in rows if r["questions"] == (kind == "questions")]
    if not chosen:
        continue
    total = {"m3": sum(r["maillage"][1] for r in chosen), "p3": sum(r["pagefind"][1] for r in chosen),
             "n": sum(r["queries"] for r in chosen)}
    check(f"Maillage hits@3 on the {kind} ≥ {floor:.0%} ({total['m3']}/{total['n']})", total["m3"] >= floor * total["n"])
    if args.pagefind:
        check(f"Maillage hits@3 on the {kind} ({total['m3']}) > Pagefind hits@3 ({total['p3']})", total["m3"] > total["p3"])
failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
