#!/usr/bin/env python3
"""Maillage's own timings on the benchmark corpora (see benchmarks/run.sh): warm builds
(image cache kept, site/ removed), builds on one core (taskset -c 0) against both cores, and
the phases of a build (`maillage build --verbose`). Ratios use the Hugo + Pagefind medians
of the same run (--baseline results.json of ../shared/bench/bench.py).

Each timed run starts as the shared baseline starts Hugo's, Pagefind's and Maillage's cold runs
(bench.py, with --shared): output removed, page cache flushed and dropped, inputs read back in,
then up to 60 s of waiting for an idle machine. (Without the dropped cache, a build right after
the removal of 25,000 files pays for ext4 skipping their recently freed inodes: the write step
then takes 7 to 11 s instead of 2 to 4 s at 10,000 pages.)

It also measures how much of a second core this machine gives: a CPU-bound loop alone, then
two at once (on a shared virtual machine, two at once are often each slower than one alone).

Usage: maillage.py MAILLAGE --work /tmp/bench-work --sizes "1000 10000" [--runs 3]
           [--baseline results.json] [--markdown FILE] [--shared ../shared]
"""
import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("maillage")
ap.add_argument("--work", default="/tmp/bench-work")
ap.add_argument("--sizes", default="1000 10000")
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--baseline")
ap.add_argument("--markdown")
ap.add_argument("--shared", help="the shared folder, whose bench/bench.py settles the machine before each run")
a = ap.parse_args()

bench = None
if a.shared:
    sys.path.insert(0, os.path.join(a.shared, "bench"))
    import bench  # noqa: E402
    bench.DROP_CACHES = os.access("/proc/sys/vm/drop_caches", os.W_OK)


def settle(site):
    """site/ removed, then the machine settled as the shared baseline does before each run."""
    shutil.rmtree(os.path.join(site, "site"), ignore_errors=True)
    if bench:
        bench.settle([site], [os.path.join(site, "site")])
        bench.wait_quiet(60)


def spin_seconds(processes):
    """Wall seconds of `processes` CPU-bound loops run at once (the slowest)."""
    code = "import time\nt=time.perf_counter()\nx=0\nfor i in range(15_000_000): x+=i\nprint(time.perf_counter()-t)"
    ps = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(processes)]
    return max(float(p.communicate()[0]) for p in ps)


def parallel_capacity(tries=3):
    """Work done per second by two loops at once, against one alone (2.0 on two free cores)."""
    ratios = []
    for _ in range(tries):
        one = spin_seconds(1)
        two = spin_seconds(2)
        ratios.append(2 * one / two)
    return statistics.median(ratios)


def timed(cmd, cwd):
    """Wall seconds, peak RSS (MB) of one run, and the phases it printed."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    out = p.stdout.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out[-3000:]}")
    phases = {}
    m = re.search(r"Étapes : (.*)", out)
    if m:
        phases = {k: float(v) for k, v in re.findall(r"(\w+) ([0-9.]+) s", m.group(1))}
    return wall, usage.ru_maxrss / 1024, phases


baseline = {}
if a.baseline and os.path.exists(a.baseline):
    for r in json.load(open(a.baseline))["sizes"]:
        baseline[r["pages"]] = r["hugo"]["wall_median"] + r["pagefind"]["wall_median"]

lines = ["| pages | Maillage à chaud, s (min / médiane) | ratio à Hugo + Pagefind | un cœur, s (médiane) | "
         "accélération 2 cœurs | pic RSS Mo | étapes (médiane, s) |", "|---|---|---|---|---|---|---|"]
for size in a.sizes.split():
    corpus = sorted(glob.glob(os.path.join(a.work, f"corpus-{size}-s*", "maillage")))
    if not corpus:
        raise SystemExit(f"no corpus of {size} pages in {a.work} (run benchmarks/run.sh)")
    site = corpus[0]
    build = [a.maillage, "build", "--verbose"]
    shutil.rmtree(os.path.join(site, "site"), ignore_errors=True)
    timed(build, site)  # fills the image cache
    warm, one = [], []
    rss, phases = 0, []
    for _ in range(a.runs):
        settle(site)
        w, m, ph = timed(build, site)
        warm.append(w)
        rss = max(rss, m)
        phases.append(ph)
        settle(site)
        w1, _, _ = timed(["taskset", "-c", "0"] + build, site)
        one.append(w1)
    med = statistics.median(warm)
    ratio = f"{med / baseline[int(size)]:.3f}" if int(size) in baseline else "—"
    steps = ", ".join(f"{k} {statistics.median(p.get(k, 0) for p in phases):.2f}" for k in phases[0])
    lines.append(f"| {size} | {min(warm):.2f} / {med:.2f} | {ratio} | {statistics.median(one):.2f} | "
                 f"{statistics.median(one) / med:.2f}× | {rss:.0f} | {steps} |")
capacity = parallel_capacity()
lines.append("")
lines.append(f"Capacité de la machine : deux boucles de calcul à la fois font {capacity:.2f} fois le travail d’une seule "
             f"(2,00 sur deux cœurs libres) ; c’est le plafond de l’accélération sur deux cœurs.")
table = "\n".join(lines)
print(table)
if a.markdown:
    with open(a.markdown, "w", encoding="utf-8") as f:
        f.write(table + "\n")
