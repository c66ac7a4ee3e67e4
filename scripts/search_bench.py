#!/usr/bin/env python3
"""Search at scale: builds a site (default: the 10,000-page corpus of ../shared/bench), then
measures what the issue asks of the search index:
- what indexing adds to the build (the `index` phase of `maillage build --verbose` against the
  whole build);
- for a first query on a fresh /recherche/ page in headless Chromium: the bytes transferred
  (each file gzip-compressed as a static host sends it: client script, entry, shards, the shown
  results' files) and the time from the arrival of the index files to the results shown
  (`window.maillageSearchTiming`, written by search.js).

Usage: search_bench.py MAILLAGE SHARED_DIR [--pages 10000] [--work /tmp/maillage-search-bench]
           [--markdown FILE] [--runs 3]
Ends with 'N passed, M failed' against the budgets (first query ≤ 60 KB, client script ≤ 10 KB
gzipped, results < 100 ms after the files arrive, indexing ≤ 20 % of the build).
"""
import argparse
import gzip
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("maillage")
ap.add_argument("shared")
ap.add_argument("--pages", type=int, default=10000)
ap.add_argument("--work", default="/tmp/maillage-search-bench")
ap.add_argument("--runs", type=int, default=3, help="builds timed (the median is reported)")
ap.add_argument("--markdown")
args = ap.parse_args()

sys.path.insert(0, os.path.join(args.shared, "acceptance"))
from check_site import browser, search_detailed, serve  # noqa: E402

QUERIES = ["téléconsultation", "parcours de soins", "icope", "coordination", "santé mentale", "Amiens",
           "infirmiers libéraux", "dac", "teleconsultaton", "fragilité des personnes âgées",
           # Questions as coordinators type them (issue 24): question, kind and time words.
           "prochaine réunion", "compte rendu de la dernière réunion icope", "contact du DAC de la Somme",
           "comment faire une téléconsultation avec une infirmière", "mentions légales du site"]
results = []


def check(name, ok):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name)


corpus = os.path.join(args.work, f"corpus-{args.pages}")
if not os.path.exists(os.path.join(corpus, "maillage.yaml")):
    shutil.rmtree(corpus, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(args.shared, "bench", "gen_corpus.py"), "--pages", str(args.pages),
                    "--out", corpus], check=True, stdout=subprocess.DEVNULL)

# Build: warm image cache after the first run, site/ removed each time.
phases = []
for run in range(args.runs + 1):
    shutil.rmtree(os.path.join(corpus, "site"), ignore_errors=True)
    out = subprocess.run([args.maillage, "build", "--source", corpus, "--verbose"], capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stdout[-2000:], out.stderr[-2000:])
        sys.exit(1)
    steps = dict((k, float(v)) for k, v in re.findall(r"(\w+) ([0-9.]+) s", (out.stdout + out.stderr).split("Étapes :")[1].splitlines()[0]))
    if run > 0:  # the first run fills the image cache
        phases.append(steps)
index_s = statistics.median(p["index"] for p in phases)
total_s = statistics.median(sum(p.values()) for p in phases)

site = os.path.join(corpus, "site")
index_dir = pathlib.Path(site, "recherche", "index")
index_bytes = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file())
index_files = sum(1 for f in index_dir.rglob("*") if f.is_file())
script = pathlib.Path(site, "assets", "search.js").read_bytes()
script_gz = len(gzip.compress(script, 6))


def gz(path: pathlib.Path) -> int:
    data = path.read_bytes()
    return min(len(data), len(gzip.compress(data, 6)))


rows = []
with serve(site) as url, browser() as driver:
    for q in QUERIES:
        driver.get("about:blank")
        del url.requests[:]
        r = search_detailed(url + "recherche/", q, driver=driver, timeout=10)
        timing = driver.execute_script("return window.maillageSearchTiming || []")
        files = [p.split("?")[0] for m, p, c in url.requests if m == "GET" and c == 200]
        files = [p for p in files if p.startswith("/recherche/index/") or p.endswith("search.js")]
        size = sum(gz(pathlib.Path(site, p.lstrip("/"))) for p in files)
        last = timing[-1] if timing else {}
        rows.append((q, len(r.hrefs), len(files), size, last.get("afterShards"), last.get("total")))

lines = [f"Corpus de {args.pages} pages (`gen_corpus.py`) : index de {index_files} fichiers "
         f"(dont un par page), {index_bytes / 1e6:.1f} Mo au total ; client `search.js` : {len(script) / 1024:.1f} Ko, "
         f"{script_gz / 1024:.1f} Ko gzip.",
         f"Construction (médiane de {args.runs}, cache d’images chaud) : {total_s:.2f} s dont index {index_s:.2f} s "
         f"(+{100 * index_s / (total_s - index_s):.0f} % sur la construction sans index).", "",
         "| première requête | résultats affichés | fichiers chargés | octets transférés (gzip) | calcul après arrivée des fichiers | total |",
         "|---|---|---|---|---|---|"]
for q, n, f, size, after, total in rows:
    lines.append(f"| {q} | {n} | {f} | {size / 1024:.1f} Ko | "
                 f"{'—' if after is None else f'{after:.0f} ms'} | {'—' if total is None else f'{total:.0f} ms'} |")
table = "\n".join(lines)
print(table)
if args.markdown:
    pathlib.Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.markdown).write_text(table + "\n", encoding="utf-8")

check(f"client script {script_gz / 1024:.1f} KB gzipped ≤ 10 KB", script_gz <= 10 * 1024)
check(f"first query ≤ 60 KB (largest {max(r[3] for r in rows) / 1024:.1f} KB)", max(r[3] for r in rows) <= 60 * 1024)
afters = [r[4] for r in rows if r[4] is not None]
check(f"results shown < 100 ms after the files arrive (largest {max(afters):.0f} ms)", afters and max(afters) < 100)
check(f"indexing adds ≤ 20 % to the build ({100 * index_s / (total_s - index_s):.0f} %)", index_s <= 0.2 * (total_s - index_s))
failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
