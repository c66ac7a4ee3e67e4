#!/usr/bin/env python3
"""The publishing recipes of examples/ci/ are valid, and every maillage command they run exists.

Usage: recipes_check.py MAILLAGE_BINARY
Ends with 'N passed, M failed'; exit 1 on any failure.
"""
import pathlib
import re
import shlex
import subprocess
import sys

import yaml

binary = sys.argv[1]
root = pathlib.Path(__file__).resolve().parent.parent
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""))


def commands(text):
    """Every `maillage SUBCOMMAND --options…` invocation in a script text."""
    for line in text.splitlines():
        for match in re.finditer(r"(?:maillage|\$MAILLAGE\"?)\s+(build|check|serve|new|init)([^\n;&|]*)", line):
            yield match.group(1), [w for w in shlex.split(match.group(2)) if w.startswith("--")]


def scripts_of(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script", "before_script") and value:
                yield "\n".join(value) if isinstance(value, list) else str(value)
            else:
                yield from scripts_of(value)
    elif isinstance(node, list):
        for item in node:
            yield from scripts_of(item)


helps = {}
for recipe in sorted((root / "examples/ci").iterdir()):
    text = recipe.read_text(encoding="utf-8")
    if recipe.suffix in (".yml", ".yaml"):
        try:
            document = yaml.safe_load(text)
            check(f"{recipe.name} is valid YAML", isinstance(document, dict))
        except yaml.YAMLError as error:
            check(f"{recipe.name} is valid YAML", False, str(error))
            continue
        scripts = list(scripts_of(document))
    else:
        syntax = subprocess.run(["bash", "-n", str(recipe)], capture_output=True, text=True)
        check(f"{recipe.name} is valid bash", syntax.returncode == 0, syntax.stderr.strip())
        scripts = [text]
    found = [c for s in scripts for c in commands(s)]
    check(f"{recipe.name} runs maillage check and build", {"check", "build"} <= {c for c, _ in found}, str(found))
    for sub, options in found:
        if sub not in helps:
            helps[sub] = subprocess.run([binary, sub, "--help"], capture_output=True, text=True).stdout
        for option in options:
            check(f"{recipe.name}: maillage {sub} {option} exists", option in helps[sub])

passed = sum(results)
failed = len(results) - passed
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
