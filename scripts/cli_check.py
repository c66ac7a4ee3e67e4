#!/usr/bin/env python3
"""The command line as CI and communicators meet it: exit codes, `check --format github`,
`new` then `build`, `init` then `build --strict`.

Usage: cli_check.py MAILLAGE_BINARY
Ends with 'N passed, M failed'; exit 1 on any failure.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

binary = os.path.abspath(sys.argv[1])
root = pathlib.Path(__file__).resolve().parent.parent
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""))


def run(*args, cwd=None):
    return subprocess.run([binary, *args], cwd=cwd, capture_output=True, text=True)


work = pathlib.Path(tempfile.mkdtemp(prefix="maillage-cli-"))
try:
    bad = work / "ten-mistakes"
    shutil.copytree(root / "Tests/Fixtures/bad/ten-mistakes", bad, symlinks=True)
    result = run("check", "--format", "github", cwd=bad)
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    check("check --format github: one annotation per error", len(annotations) == 10, f"{len(annotations)} annotations")
    check("check --format github: exit 1", result.returncode == 1, f"exit {result.returncode}")
    check("annotations name file, line and column",
          all("file=content/" in a and ",line=" in a and ",col=" in a for a in annotations))

    result = run("build", cwd=bad)
    check("build with content errors: exit 1", result.returncode == 1, f"exit {result.returncode}")
    check("build with content errors: nothing written", not (bad / "site").exists())
    check("usage error: exit 2", run("build", "--nope").returncode == 2)
    check("no maillage.yaml: exit 2", run("build", cwd=work).returncode == 2)

    demo = work / "demo"
    check("init creates a site", run("init", str(demo)).returncode == 0)
    result = run("new", "evenement", "Journée régionale ICOPE", cwd=demo)
    created = demo / "content/evenements/journee-regionale-icope.md"
    check("new evenement writes content/evenements/journee-regionale-icope.md", result.returncode == 0 and created.exists(), result.stdout.strip())
    check("new refuses to overwrite", run("new", "evenement", "Journée régionale ICOPE", cwd=demo).returncode == 1)
    result = run("build", "--strict", cwd=demo)
    check("the new event builds as is, strictly", result.returncode == 0 and (demo / "site/evenements/journee-regionale-icope/index.html").exists(),
          (result.stdout + result.stderr).strip()[:300])
    result = run("check", "--format", "json", cwd=demo)
    check("check --format json on a clean site: [] and exit 0", result.returncode == 0 and __import__("json").loads(result.stdout) == [], result.stdout[:80])
finally:
    shutil.rmtree(work, ignore_errors=True)

passed = sum(results)
failed = len(results) - passed
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
