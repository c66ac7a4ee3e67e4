#!/usr/bin/env python3
"""Orientation trees in headless Chromium (Selenium), the way people use them:

- JavaScript disabled: from /orientation/<id>/, reach an outcome by following links only
  (each click shows the step the address points to, with the answers chosen so far);
- JavaScript enabled: reach an outcome with the keyboard only (Tab, Enter), focus moving to
  each new step's heading and the address following; go back (Space on « Étape précédente »)
  and restart (Enter on « Recommencer »); a shared address opens its step; axe-core finds
  nothing serious on a step and on an outcome.

Usage: orientation_check.py SITE_DIR SHARED_DIR [PAGE]   (PAGE: orientation/alerte-icope-step-2/)
Ends with 'N passed, M failed'; exit 1 on any failure.
"""
import contextlib
import os
import shutil
import sys
import tempfile
import time

site_dir, shared = sys.argv[1], sys.argv[2]
page = sys.argv[3] if len(sys.argv) > 3 else "orientation/alerte-icope-step-2/"
sys.path.insert(0, os.path.join(shared, "acceptance"))
import check_site  # noqa: E402
from check_site import serve, browser, axe_violations  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""))


@contextlib.contextmanager
def browser_without_javascript(width=1280, height=900):
    """Like check_site.browser(), with JavaScript switched off by the content settings."""
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    profile = tempfile.mkdtemp(prefix="maillage-chromium-nojs-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = check_site.CHROMIUM
    for flag in (*check_site.CHROMIUM_FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}", "--lang=fr-FR",
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
                 "--proxy-server=http://127.0.0.1:9"):
        opts.add_argument(flag)
    opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=check_site.CHROMEDRIVER), options=opts)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def visible_steps(driver):
    return [s for s in driver.find_elements(By.CSS_SELECTOR, "[data-step]") if s.is_displayed()]


def wait_for(condition, timeout=3):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if condition():
                return True
        except Exception:
            pass
        time.sleep(0.03)
    return False


def fragment(driver):
    return driver.current_url.split("#", 1)[1] if "#" in driver.current_url else ""


def active(driver):
    return driver.switch_to.active_element


def serious(driver):
    return [f"{v['id']} ({v['impact']})" for v in axe_violations(driver) if v["impact"] in ("serious", "critical")]


with serve(site_dir) as url:
    # ---- Without JavaScript: links only --------------------------------------------------
    with browser_without_javascript() as driver:
        driver.get(url + page)
        guided = driver.find_element(By.CSS_SELECTOR, "[data-orientation]").get_dom_attribute("class") or ""
        check("JavaScript is really off (the guide script did not run)", "is-guided" not in guided, guided)
        shown = visible_steps(driver)
        check("without a step in the address, only the first question shows",
              len(shown) == 1 and "is-start" in (shown[0].get_dom_attribute("class") or ""), str([s.get_dom_attribute("id") for s in shown]))
        clicks = 0
        outcome = None
        while clicks < 10:
            step = visible_steps(driver)[0]
            if "is-outcome" in (step.get_dom_attribute("class") or ""):
                outcome = step
                break
            answers = step.find_elements(By.CSS_SELECTOR, "a.answer")
            if not answers:
                break
            target = answers[0].get_dom_attribute("href")
            answers[0].click()
            clicks += 1
            ok = wait_for(lambda: "#" + fragment(driver) == target and len(visible_steps(driver)) == 1
                          and visible_steps(driver)[0].get_dom_attribute("id") == target[1:])
            check(f"link {clicks} ({target}) shows that step alone, the address follows", ok, driver.current_url)
        check("an outcome is reached by following links only", outcome is not None, f"{clicks} clicks")
        if outcome is not None:
            trail = outcome.find_elements(By.CSS_SELECTOR, "nav.answers-trail li")
            check("the outcome shows the answers chosen so far", len(trail) == clicks + 1
                  and trail[-1].get_dom_attribute("aria-current") == "step", str([t.text for t in trail]))
            check("the outcome shows contact cards", len(outcome.find_elements(By.CSS_SELECTOR, ".contact-card")) >= 1)
            restart = [a for a in outcome.find_elements(By.CSS_SELECTOR, "[data-step-nav] a") if a.text == "Recommencer"]
            check("a « Recommencer » link is offered", len(restart) == 1)
            if restart:
                restart[0].click()
                check("« Recommencer » goes back to the first question",
                      wait_for(lambda: "is-start" in (visible_steps(driver)[0].get_dom_attribute("class") or "")))
        driver.get(url + page + "#version-texte")
        check("the text version holds every step", len(driver.find_elements(By.CSS_SELECTOR, "#version-texte li")) >= 5)

    # ---- With JavaScript: keyboard only ----------------------------------------------------
    with browser() as driver:
        driver.get(url + page)
        check("the guide starts on the first question", wait_for(lambda: len(visible_steps(driver)) == 1
              and "is-start" in (visible_steps(driver)[0].get_dom_attribute("class") or "")))
        check("no serious axe-core violation on the first question", not serious(driver), ", ".join(serious(driver)))
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)  # the skip link, then onwards

        def tab_to(condition, limit=80):
            for _ in range(limit):
                if condition(active(driver)):
                    return True
                active(driver).send_keys(Keys.TAB)
            return condition(active(driver))

        def focused_answer(element):
            return "answer" in (element.get_dom_attribute("class") or "") and element.is_displayed()

        path = []
        for depth in range(10):
            step = visible_steps(driver)[0]
            if "is-outcome" in (step.get_dom_attribute("class") or ""):
                break
            if not tab_to(focused_answer):
                check("Tab reaches an answer", False, active(driver).get_attribute("outerHTML")[:120])
                break
            # Take the next-to-last answer of the first question (« Humeur » in the demo), the first
            # one afterwards: another path than without JavaScript, to an outcome reached twice.
            if depth == 0:
                answers = [a for a in step.find_elements(By.CSS_SELECTOR, "a.answer")]
                while active(driver) != answers[max(0, len(answers) - 2)]:
                    active(driver).send_keys(Keys.TAB)
            target = active(driver).get_dom_attribute("href")
            path.append(target)
            active(driver).send_keys(Keys.ENTER)
            moved = wait_for(lambda: visible_steps(driver)[0].get_dom_attribute("id") == target[1:])
            heading = visible_steps(driver)[0].find_element(By.TAG_NAME, "h2")
            check(f"Enter on an answer shows {target}, focus on its heading, address in sync",
                  moved and active(driver) == heading and "#" + fragment(driver) == target,
                  f"url {driver.current_url}, focus {active(driver).tag_name}")
        outcome = visible_steps(driver)[0]
        reached = "is-outcome" in (outcome.get_dom_attribute("class") or "")
        check("an outcome is reached with the keyboard only", reached, " → ".join(path))
        if reached:
            check("no serious axe-core violation on an outcome", not serious(driver), ", ".join(serious(driver)))
            shared_url = driver.current_url
            buttons = driver.find_elements(By.CSS_SELECTOR, ".guide-controls button")
            check("back and restart are buttons", [b.text for b in buttons] == ["← Étape précédente", "Recommencer"], str([b.text for b in buttons]))
            if len(path) >= 2:
                check("Tab reaches « Étape précédente »", tab_to(lambda e: e.tag_name == "button" and e.text.startswith("←")))
                active(driver).send_keys(Keys.SPACE)
                check("Space on « Étape précédente » goes back one step, focus on its heading, address in sync",
                      wait_for(lambda: visible_steps(driver)[0].get_dom_attribute("id") == path[-2][1:]
                               and active(driver).tag_name == "h2" and "#" + fragment(driver) == path[-2]),
                      driver.current_url)
            check("Tab reaches « Recommencer »", tab_to(lambda e: e.tag_name == "button" and e.text == "Recommencer"))
            active(driver).send_keys(Keys.ENTER)
            start = driver.find_element(By.CSS_SELECTOR, "[data-orientation]").get_dom_attribute("data-start")
            check("Enter on « Recommencer » shows the first question, focus on its heading, address in sync",
                  wait_for(lambda: visible_steps(driver)[0].get_dom_attribute("id") == start
                           and active(driver).tag_name == "h2" and fragment(driver) == start), driver.current_url)
            driver.back()
            check("the browser's back button returns to the previous step",
                  wait_for(lambda: "#" + fragment(driver) != "#" + start and len(visible_steps(driver)) == 1), driver.current_url)
            driver.get("about:blank")
            driver.get(shared_url)
            check("a shared address opens its step", wait_for(lambda: "#" + visible_steps(driver)[0].get_dom_attribute("id") == path[-1]),
                  shared_url)
        console = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        check("no console error", not console, str(console[:2]))

passed = sum(results)
failed = len(results) - passed
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
