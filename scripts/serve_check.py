#!/usr/bin/env python3
"""`maillage serve` as a communicator uses it, in headless Chromium (Selenium):
init a site, serve it, edit a file and see the open page update by itself; break a
reference and see the French error with file and line; fix it and see the page come back;
stop with Ctrl-C.

Usage: serve_check.py MAILLAGE_BINARY SHARED_DIR
Ends with 'N passed, M failed'; exit 1 on any failure.
"""
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

binary, shared = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, os.path.join(shared, "acceptance"))
from check_site import browser  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""))


def wait_for(condition, timeout):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if condition():
                return time.monotonic() - start
        except Exception:
            pass
        time.sleep(0.02)
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


work = pathlib.Path(tempfile.mkdtemp(prefix="maillage-serve-"))
site = work / "demo"
subprocess.run([binary, "init", str(site)], check=True, stdout=subprocess.DEVNULL)
port = free_port()
log = open(work / "serve.log", "w")
server = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=site, stdout=log, stderr=subprocess.STDOUT)
url = f"http://127.0.0.1:{port}/"
news = site / "content/actualites/bienvenue.md"
event = site / "content/evenements/rencontre-du-reseau.md"
try:
    import urllib.request
    ready = wait_for(lambda: urllib.request.urlopen(url, timeout=1).status == 200, 20)
    check("serve answers on 127.0.0.1", ready is not None)
    with browser() as driver:
        driver.get(url + "actualites/bienvenue/")
        h1 = lambda: driver.find_element(By.TAG_NAME, "h1").text
        check("the page opens", h1() == "Le site du réseau est en ligne", h1())

        news.write_text(news.read_text(encoding="utf-8").replace("title: Le site du réseau est en ligne", "title: Nouveau titre enregistré"), encoding="utf-8")
        seconds = wait_for(lambda: h1() == "Nouveau titre enregistré", 5)
        check("an edit shows in the open page without a manual reload, within 1 s",
              seconds is not None and seconds <= 1.0, f"{seconds:.2f} s" if seconds is not None else "never")

        event.write_text(event.read_text(encoding="utf-8").replace("organizers: [cpts-exemple]", "organizers: [cpts-exempel]"), encoding="utf-8")
        seconds = wait_for(lambda: "Le site contient des erreurs" in driver.page_source, 5)
        body = driver.find_element(By.TAG_NAME, "body").text if seconds is not None else ""
        check("a broken reference shows the French error in the page", seconds is not None, f"{seconds:.2f} s" if seconds else "never")
        check("the error names the file and the line", "content/evenements/rencontre-du-reseau.md:6:14" in body, body[:200])
        check("the error says how to fix it", "vouliez-vous dire « cpts-exemple »" in body)

        event.write_text(event.read_text(encoding="utf-8").replace("organizers: [cpts-exempel]", "organizers: [cpts-exemple]"), encoding="utf-8")
        seconds = wait_for(lambda: h1() == "Nouveau titre enregistré", 5)
        check("once fixed, the page comes back by itself", seconds is not None, f"{seconds:.2f} s" if seconds else "never")
        console = [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE" and "/__maillage/" not in entry.get("message", "") and "500" not in entry.get("message", "")]
        check("no console error", not console, str(console[:2]))
finally:
    server.send_signal(signal.SIGINT)
    try:
        code = server.wait(timeout=5)
        check("Ctrl-C stops the preview cleanly", code == 0, f"exit {code}")
    except subprocess.TimeoutExpired:
        server.kill()
        check("Ctrl-C stops the preview cleanly", False, "still running after 5 s")
    log.close()

passed = sum(results)
failed = len(results) - passed
if failed:
    print((work / "serve.log").read_text())
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
