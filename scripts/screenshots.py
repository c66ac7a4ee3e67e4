#!/usr/bin/env python3
"""Screenshots of the repository's site in Chromium, kept as test artefacts, and the visual
accessibility checks a static validator cannot do:

- full-page PNGs at 360 px and 1280 px of the home page, an event, the annuaire, the
  trombinoscope and the accessibility statement, in light mode, and at 360 px in dark mode;
- no horizontal scrolling at 320 px and at 1280 px with text at 200 % (reflow, RGAA 10.11/10.4);
- the first Tab shows the skip link, with a visible focus outline, and it leads to <main>;
- axe-core finds no serious or critical violation in dark mode (contrast of the dark palette);
- with prefers-reduced-motion, no transition or animation runs.

Usage: screenshots.py SITE_DIR SHARED_DIR OUT_DIR
Ends with 'N passed, M failed'; exit 1 on any failure.
"""
import base64
import os
import pathlib
import sys

site, shared, out = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
sys.path.insert(0, os.path.join(shared, "acceptance"))
from check_site import axe_violations, browser, serve  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail and not ok else ""))


def pick_event():
    """The event with the longest page (an agenda with sessions), for a representative screenshot."""
    events = sorted((site / "evenements").glob("*/index.html"), key=lambda p: -p.stat().st_size)
    return str(events[0].parent.relative_to(site)) + "/"


PAGES = {"accueil": "", "evenement": pick_event(), "annuaire": "annuaire/", "trombinoscope": "trombinoscope/",
         "accessibilite": "accessibilite/"}


def emulate(driver, width, scheme="light", motion="no-preference", height=900):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-color-scheme", "value": scheme}, {"name": "prefers-reduced-motion", "value": motion}]})


def screenshot(driver, url, width, path, scheme="light"):
    emulate(driver, width, scheme)
    driver.get(url)
    height = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
    emulate(driver, width, scheme, height=min(height, 12000))
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path.write_bytes(base64.b64decode(shot["data"]))
    return height


def overflow(driver):
    return driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")


out.mkdir(parents=True, exist_ok=True)
for old in out.glob("*.png"):
    old.unlink()
with serve(site) as url, browser() as driver:
    for name, address in PAGES.items():
        for width in (360, 1280):
            screenshot(driver, url + address, width, out / f"{name}-{width}.png")
        screenshot(driver, url + address, 360, out / f"{name}-360-sombre.png", scheme="dark")

    for name, address in PAGES.items():
        emulate(driver, 320)
        driver.get(url + address)
        check(f"{name}: no horizontal scrolling at 320 px", overflow(driver) <= 0, f"{overflow(driver)} px too wide")
        emulate(driver, 1280)
        driver.get(url + address)
        driver.execute_script("document.documentElement.style.fontSize = '200%'")
        check(f"{name}: text at 200 % without horizontal scrolling", overflow(driver) <= 0, f"{overflow(driver)} px too wide")

    emulate(driver, 1280)
    driver.get(url + PAGES["evenement"])
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    box = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height]", focused)
    outline = driver.execute_script("const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth]", focused)
    check("the first Tab focuses the skip link", focused.get_attribute("class") == "skip-link", focused.get_attribute("outerHTML")[:80])
    check("the focused skip link is on screen", box[0] >= 0 and box[1] >= 0 and box[2] > 20, str(box))
    check("the focus is visible (an outline of at least 2 px)", outline[0] != "none" and float(outline[1].rstrip("px") or 0) >= 2, str(outline))
    focused.send_keys(Keys.ENTER)
    check("the skip link leads to the main content", driver.execute_script("return location.hash") == "#contenu")

    serious = {}
    for name, address in PAGES.items():
        emulate(driver, 1280, scheme="dark")
        driver.get(url + address)
        found = [f"{v['id']} ({len(v['nodes'])})" for v in axe_violations(driver) if v.get("impact") in ("serious", "critical")]
        if found:
            serious[name] = found
    check("axe-core in dark mode: no serious or critical violation (contrast of the dark palette)", not serious, str(serious))

    emulate(driver, 1280, motion="reduce")
    driver.get(url)
    moving = driver.execute_script("""return [...document.querySelectorAll('*')].filter(e => {
        const s = getComputedStyle(e);
        return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0.01; }).length""")
    check("prefers-reduced-motion: nothing animates", moving == 0, f"{moving} elements")

shots = sorted(out.glob("*.png"))
print(f"info {len(shots)} captures d’écran dans {out}")
check("screenshots saved", len(shots) == 3 * len(PAGES), str(len(shots)))
failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
