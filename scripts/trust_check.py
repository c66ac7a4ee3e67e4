#!/usr/bin/env python3
"""Atomic, locked and reproducible builds, with the real binary:

- kill test: a build killed (SIGKILL) at a random moment leaves site/ exactly the previous
  complete output or the new complete output, never a mix; leftovers of killed builds do not
  break the next build, which removes them;
- two builds of the same site started at once: one waits for the other (message in French),
  both succeed, site/ is a complete build;
- two builds "on different days" (different SOURCE_DATE_EPOCH) with the same --build-date
  give byte-identical trees; SOURCE_DATE_EPOCH alone fixes the day.

Usage: trust_check.py MAILLAGE_BINARY SHARED_DIR [--rounds 20] [--seed 9]
Ends with 'N passed, M failed'; exit 1 on any failure.
"""
import argparse
import hashlib
import os
import pathlib
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("shared")
parser.add_argument("--rounds", type=int, default=20)
parser.add_argument("--seed", type=int, default=9)
args = parser.parse_args()
binary = os.path.abspath(args.binary)
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail and not ok else ""))


def tree(folder):
    """{relative path: sha256} of every file under folder (None when it does not exist)."""
    folder = pathlib.Path(folder)
    if not folder.is_dir():
        return None
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(site, *extra, env=None, output=None):
    command = [binary, "build", "--source", str(site), "--quiet", "--build-date", "2026-11-23", *extra]
    if output:
        command += ["--output", str(output)]
    return subprocess.run(command, capture_output=True, text=True, env=env)


def edit(site, marker):
    """Version B of the content: every Markdown body gains a sentence, so every page changes."""
    for path in sorted((site / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")


work = pathlib.Path(tempfile.mkdtemp(prefix="maillage-trust-"))
try:
    corpus = work / "a"
    subprocess.run([sys.executable, os.path.join(args.shared, "bench/gen_corpus.py"), "--pages", "200", "--out", str(corpus)],
                   check=True, stdout=subprocess.DEVNULL)
    version_b = work / "b"
    shutil.copytree(corpus, version_b, ignore=shutil.ignore_patterns("site", ".maillage-cache"))
    edit(version_b, "Phrase ajoutée par la version B.")

    # Reference outputs of both versions, and the typical duration of a build.
    durations = []
    for site in (corpus, version_b):
        result = build(site)  # the first build also makes the portraits (cached afterwards)
        check(f"reference build of version {site.name.upper()}", result.returncode == 0, result.stderr[-300:])
        start = time.monotonic()
        build(site)
        durations.append(time.monotonic() - start)
    reference = {"A": tree(corpus / "site"), "B": tree(version_b / "site")}
    check("the two versions differ in many files",
          sum(reference["A"].get(k) != v for k, v in reference["B"].items()) > 100, f"{len(reference['A'])} files")
    typical = max(durations)
    print(f"info build of {len(reference['A'])} files takes {typical:.2f} s")

    # Kill test: the site folder holds version A's content and output; each round switches the
    # content to the other version, starts a build and kills it after a random delay.
    site = work / "kill"
    shutil.copytree(corpus, site)
    build(site)
    contents = {"A": corpus / "content", "B": version_b / "content"}
    rng = random.Random(args.seed)
    outcomes = {"A": 0, "B": 0}
    mixed = []
    leftovers_seen = 0
    current = "A"
    for round_number in range(1, args.rounds + 1):
        target = "B" if current == "A" else "A"
        shutil.rmtree(site / "content")
        shutil.copytree(contents[target], site / "content")
        delay = rng.uniform(0, typical * 1.3)
        process = subprocess.Popen([binary, "build", "--source", str(site), "--quiet", "--build-date", "2026-11-23"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = tree(site / "site")
        found = next((name for name, files in reference.items() if files == state), None)
        leftovers = [p.name for p in site.iterdir() if p.name.startswith(".site.tmp-")]
        leftovers_seen += bool(leftovers)
        if found is None:
            mixed.append(f"round {round_number} (killed after {delay:.2f} s)")
        else:
            outcomes[found] += 1
            current = found
    check(f"kill test: {args.rounds - len(mixed)}/{args.rounds} rounds leave site/ a complete build (previous or new)",
          not mixed, ", ".join(mixed))
    print(f"info kill test: {outcomes['A']} rounds ended on version A, {outcomes['B']} on version B; "
          f"{leftovers_seen} left a staging folder behind")
    result = build(site)
    leftovers = [p.name for p in site.iterdir() if p.name.startswith(".site.tmp-")]
    check("after the kills, the next build succeeds and matches its content",
          result.returncode == 0 and tree(site / "site") == reference[target], result.stderr[-300:])
    check("the next build removes the staging folders of killed builds", not leftovers, ", ".join(leftovers))

    # Two builds at once: the lock makes the second wait for the first.
    site = work / "concurrent"
    shutil.copytree(corpus, site)
    first = subprocess.Popen([binary, "build", "--source", str(site), "--quiet", "--build-date", "2026-11-23"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen([binary, "build", "--source", str(site), "--quiet", "--build-date", "2026-11-23"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [first.communicate(), second.communicate()]
    codes = [first.returncode, second.returncode]
    waited = [err for _, err in outputs if "Une autre construction de ce site est en cours" in err]
    check("two concurrent builds both succeed", codes == [0, 0], f"exit codes {codes}: {[e[-200:] for _, e in outputs]}")
    check("one of them waited for the other, and said so in French", len(waited) == 1, repr(waited[:1]))
    check("site/ is a complete build after two concurrent builds", tree(site / "site") == reference["A"])

    # Reproducible: two builds with the same content and --build-date on different days.
    site = work / "repro"
    shutil.copytree(corpus, site)
    day1 = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", TZ="UTC")            # 2026-01-01
    day2 = dict(os.environ, SOURCE_DATE_EPOCH="1798761600", TZ="America/Cayenne")  # 2027-01-01
    build(site, env=day1, output=work / "out1")
    build(site, env=day2, output=work / "out2")
    one, two = tree(work / "out1"), tree(work / "out2")
    check("same content and --build-date on different days: byte-identical output", one == two and one is not None,
          f"{sum(one.get(k) != v for k, v in two.items())} files differ" if one and two else "no output")
    plain = [binary, "build", "--source", str(site), "--quiet"]
    subprocess.run(plain + ["--output", str(work / "out3")], env=day1, check=False)
    subprocess.run(plain + ["--output", str(work / "out4")], env=day1, check=False)
    subprocess.run(plain + ["--output", str(work / "out5")], env=day2, check=False)
    three, four, five = tree(work / "out3"), tree(work / "out4"), tree(work / "out5")
    check("SOURCE_DATE_EPOCH alone fixes the build date: same epoch, identical output", three == four and three is not None)
    check("a different SOURCE_DATE_EPOCH changes the build date (past and upcoming events)", three != five)
finally:
    shutil.rmtree(work, ignore_errors=True)

failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
