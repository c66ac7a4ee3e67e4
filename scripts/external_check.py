#!/usr/bin/env python3
"""`maillage check --external` against a local web server (no network needed): a page that
answers, one that is missing (404), one that refuses HEAD but answers GET, one too slow for
the timeout, a port where nothing listens. Dead links are French warnings at their line;
the exit code stays 0 (also with --strict), and `build` asks nothing of other sites.

Usage: external_check.py MAILLAGE_BINARY
Ends with 'N passed, M failed'; exit 1 on any failure.
"""
import http.server
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

binary = os.path.abspath(sys.argv[1])
results = []
requests = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail and not ok else ""))


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, body):
        requests.append((self.command, self.path))
        if self.path == "/ok":
            status = 200
        elif self.path == "/sans-head":
            status = 405 if self.command == "HEAD" else 200
        elif self.path == "/lent":
            time.sleep(3)
            status = 200
        else:
            status = 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    closed_port = s.getsockname()[1]
base = f"http://127.0.0.1:{port}"
env = dict(os.environ, NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")

work = pathlib.Path(tempfile.mkdtemp(prefix="maillage-external-"))
try:
    site = work / "demo"
    subprocess.run([binary, "init", str(site)], check=True, stdout=subprocess.DEVNULL, env=env)
    (site / "content/actualites/liens.md").write_text(f"""---
title: Liens utiles
date: 2026-01-10
---
Une [page qui répond]({base}/ok).

Une [page disparue]({base}/disparue) et [une autre qui répond]({base}/sans-head).

Un [site trop lent]({base}/lent), un [serveur éteint](http://127.0.0.1:{closed_port}/).
""", encoding="utf-8")
    structure = next((site / "content/annuaire").glob("*.yaml"))
    text = structure.read_text(encoding="utf-8")
    lines = [l for l in text.splitlines() if not l.startswith("website:")]
    lines.append(f"website: {base}/ancien-site")
    structure.write_text("\n".join(lines) + "\n", encoding="utf-8")
    website_line = len(lines)

    result = subprocess.run([binary, "build", "--quiet"], cwd=site, capture_output=True, text=True, env=env)
    check("build succeeds and asks nothing of other sites", result.returncode == 0 and not requests, f"{requests}")

    start = time.monotonic()
    result = subprocess.run([binary, "check", "--external", "--external-timeout", "1"], cwd=site, capture_output=True, text=True, env=env)
    seconds = time.monotonic() - start
    out = result.stdout + result.stderr
    check("check --external: exit 0 although links are dead", result.returncode == 0, f"exit {result.returncode}\n{out[-800:]}")
    check("the missing page is a warning at its line, with the status",
          "content/actualites/liens.md:7:" in out and "/disparue » : le serveur répond 404 (page introuvable)" in out, out[-1500:])
    check("the slow site is reported after the timeout", "/lent » : pas de réponse en 1 s" in out)
    check("the closed port is reported", f"127.0.0.1:{closed_port}/ » : serveur injoignable (connexion refusée)" in out)
    check("a structure's website is checked, at its line",
          f"{structure.relative_to(site)}:{website_line}:" in out and "/ancien-site » : le serveur répond 404" in out)
    check("working links are not reported (HEAD refused, GET answered)", "/ok »" not in out and "/sans-head »" not in out)
    check("a French summary line", "Liens externes : 2 valides, 4 injoignables." in out, out[-300:])
    check("each address is asked with HEAD first, GET only when needed",
          ("HEAD", "/ok") in requests and ("GET", "/ok") not in requests and ("GET", "/sans-head") in requests, f"{sorted(set(requests))}")
    check("links are checked concurrently (the slow one does not hold the others)", seconds < 6, f"{seconds:.1f} s")
    result = subprocess.run([binary, "check", "--external", "--external-timeout", "1", "--strict"], cwd=site, capture_output=True, text=True, env=env)
    check("--strict: dead external links still do not change the exit code", result.returncode == 0, f"exit {result.returncode}")
    result = subprocess.run([binary, "check", "--external", "--external-timeout", "1", "--format", "json"], cwd=site, capture_output=True, text=True, env=env)
    check("--format json lists them as warnings", result.stdout.count('"external-link"') == 4, result.stdout[:400])
finally:
    server.shutdown()
    shutil.rmtree(work, ignore_errors=True)

failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
