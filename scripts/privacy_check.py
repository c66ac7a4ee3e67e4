#!/usr/bin/env python3
"""Privacy check on built sites: no byte of any output file holds a non-consenting person's
email, phone or photo, nor a draft's text.

Usage: privacy_check.py SITE_DIR [SITE_DIR…]   (each holding content/ and a built site/)
Prints one line per leak, then 'N passed, M failed'; exit 1 on any leak.
"""
import pathlib
import re
import sys

import yaml


def secrets_of(site: pathlib.Path):
    """(label, bytes) pairs that must not appear in the output."""
    found = []
    for path in sorted((site / "content" / "trombinoscope").glob("*.y*ml")):
        try:
            person = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except Exception:
            continue
        if person.get("consent") is True:
            continue
        for key in ("email", "phone"):
            value = person.get(key)
            if value:
                found.append((f"{path.name} {key}", str(value).encode()))
                if key == "phone":
                    digits = re.sub(r"[^0-9+]", "", str(value))
                    found.append((f"{path.name} phone digits", digits.encode()))
        photo = person.get("photo")
        if photo:
            found.append((f"{path.name} photo name", pathlib.PurePath(str(photo)).name.encode()))
            photo_file = path.parent / str(photo)
            if photo_file.is_file():
                found.append((f"{path.name} photo bytes", photo_file.read_bytes()[:4096]))
    # A draft's text is a secret unless a published file says the same (generated corpora
    # repeat sentences and titles from one page to the next).
    drafts, published = [], []
    for path in sorted((site / "content").glob("*/*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        parts = text.split("\n---", 1)
        if len(parts) < 2 or not re.search(r"^draft:\s*(true|yes|oui)\s*$", parts[0], re.M):
            published.append(text)
        else:
            drafts.append((path, parts))
    for path, parts in drafts:
        secrets = []
        body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
        for line in body.splitlines():
            line = line.strip(" #>-*")
            if len(line) >= 30:
                secrets.append((f"draft {path.name}", line[:60]))
                break
        title = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", parts[0], re.M)
        if title and len(title.group(1)) >= 12:
            secrets.append((f"draft title {path.name}", title.group(1)))
        found += [(label, secret.encode()) for label, secret in secrets if not any(secret in text for text in published)]
    return found


def main(sites):
    passed = failed = 0
    for site in map(pathlib.Path, sites):
        secrets = secrets_of(site)
        outputs = [p for p in (site / "site").rglob("*") if p.is_file()]
        if not outputs:
            print(f"FAIL privacy {site}: no output files")
            failed += 1
            continue
        blobs = [(p, p.read_bytes()) for p in outputs]
        for label, secret in secrets:
            leaks = [p for p, data in blobs if secret in data]
            if leaks:
                failed += 1
                print(f"FAIL privacy {site.name}: {label} found in {leaks[0].relative_to(site)} (+{len(leaks) - 1})")
            else:
                passed += 1
        print(f"info: privacy {site.name}: {len(secrets)} secrets checked in {len(outputs)} files")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
