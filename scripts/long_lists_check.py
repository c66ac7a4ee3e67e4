#!/usr/bin/env python3
"""Long lists, in Chromium (issue 8's scale fixes): on a site with lists of many pages, the
page navigation shows a window (`1 … 6 7 8 … 14`) and the filter lists of the trombinoscope and
the annuaire with more than 40 entries are listed in full on the directory's first page only
(elsewhere: the current entry and « Toute la liste »). axe-core finds no violation on those
pages, at 1280 and 360 px, and the page navigation reads right with a screen reader (the gaps
are not links, the current page is marked).

    python3 scripts/long_lists_check.py SITE_DIR SHARED_DIR
"""
import glob
import os
import sys

site_dir, shared = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(shared, "acceptance"))
from check_site import serve, browser, axe_violations  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""))


def site_pages(pattern):
    return sorted(os.path.relpath(os.path.dirname(p), site_dir) + "/" for p in glob.glob(os.path.join(site_dir, pattern)))


news = sorted(site_pages("actualites/page/*/index.html"), key=lambda p: int(p.rstrip("/").rsplit("/", 1)[1]))
middle = news[len(news) // 2] if news else None
by_structure = site_pages("trombinoscope/structure/*/index.html")
check("the news list has more than 7 pages", len(news) + 1 > 7, f"{len(news) + 1} pages")
check("the trombinoscope has more than 40 structures to filter by", len(by_structure) > 40, f"{len(by_structure)}")
pages = [p for p in [middle, "trombinoscope/", by_structure[0] if by_structure else None, "annuaire/"] if p]

with serve(site_dir) as url:
    for width in (1280, 360):
        with browser(width=width, height=900) as driver:
            for page in pages:
                driver.get(url + page)
                violations = axe_violations(driver)
                check(f"axe-core: no violation on /{page} at {width} px", not violations,
                      ", ".join(f"{v['id']} ({v['impact']})" for v in violations))
                if page == middle and width == 1280:
                    nav = driver.find_elements(By.CSS_SELECTOR, "nav.pagination, nav[aria-label*='agination']")
                    check("the page navigation is a labelled nav", len(nav) == 1)
                    if nav:
                        items = nav[0].find_elements(By.CSS_SELECTOR, "li")
                        gaps = [li for li in items if "gap" in (li.get_dom_attribute("class") or "")]
                        check("the navigation leaves numbers out (…), as text, not links", len(gaps) == 2
                              and all(not g.find_elements(By.CSS_SELECTOR, "a") for g in gaps), f"{len(gaps)} gaps")
                        current = nav[0].find_elements(By.CSS_SELECTOR, "[aria-current='page']")
                        check("the current page is marked (aria-current)", len(current) == 1)
                        check("the navigation shows at most 11 entries (previous and next included)", len(items) <= 11, f"{len(items)} entries")
                if page == by_structure[0] and width == 1280:
                    body = driver.find_element(By.TAG_NAME, "body").get_attribute("textContent")
                    check("a filter page of the trombinoscope links to the whole list", "Toute la liste" in body)

failed = results.count(False)
print(f"long lists: {len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
