"""The evidence site in Debian's headless chromium, offline: search, navigation, every page clean, hostile labels.

Screenshots of the home page, an entity page, a report page, the whole-graph view and a focus view of the
curated data are written to build/screenshots/ for review. Needs chromium and chromedriver (``.ci/run``
installs them); skipped where missing, except under CI, where that is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from painkg.pipeline import build
from painkg.site import build_site, entity_slug
from tests.browser import offline_chromium
from tests.conftest import FIXTURE, KETAMINE, NEUROPATHIC_PAIN, ROOT
from tests.test_site import HOSTILE, unvalidated_build

SCREENSHOTS = ROOT / "build" / "screenshots"
KETAMINE_PAGE = f"entity/{entity_slug(KETAMINE, 'ketamine')}.html"
REPORT_PAGE = f"report/{entity_slug(KETAMINE, 'ketamine')}--{entity_slug(NEUROPATHIC_PAIN, 'neuropathic pain')}.html"


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    with offline_chromium("1400,900") as drv:
        yield drv


def visit(driver, site: Path, rel: str, *, wait_view: bool | None = None) -> dict:
    """Open a page of the site; return its console errors and every resource it (and its frames) requested."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop what earlier pages logged
    driver.get((site / rel).resolve().as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    if wait_view if wait_view is not None else rel.startswith("view/"):
        WebDriverWait(driver, 30).until(
            lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-stable") == "true"
        )
    resources = driver.execute_script(
        "const out = performance.getEntriesByType('resource').map(e => e.name);"
        "document.querySelectorAll('iframe').forEach(f => { try {"
        " out.push(...f.contentWindow.performance.getEntriesByType('resource').map(e => e.name)); } catch (e) {} });"
        "return out;"
    )
    errors = [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    return {"errors": errors, "resources": resources}


def outside(site: Path, urls: list[str]) -> list[str]:
    root = site.resolve().as_uri()
    return [u for u in urls if not u.startswith(root + "/")]


def screenshot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(SCREENSHOTS / name))


def test_home_search_finds_ketamine_first_and_navigation_works(driver, curated_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    site, _b = curated_site
    visit(driver, site, "index.html")
    box = driver.find_element(By.ID, "q")
    box.send_keys("ketamine")
    hits = driver.find_elements(By.CSS_SELECTOR, "#hits a.hit")
    assert hits[0].text == "ketamine", [h.text for h in hits[:5]]
    assert len(hits) > 3, "esketamine, norketamine, … follow"
    screenshot(driver, "site-home.png")
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith(KETAMINE_PAGE))
    ketamine_url = driver.current_url
    screenshot(driver, "site-entity-ketamine.png")
    # from a finding to its source, and back
    link = driver.find_element(By.CSS_SELECTOR, "#findings ~ table.findings a.source")
    target = link.get_attribute("href")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url == target)
    assert "/source/" in driver.current_url
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert heading and driver.find_elements(By.CSS_SELECTOR, "#findings")
    driver.back()
    WebDriverWait(driver, 10).until(lambda d: d.current_url == ketamine_url)
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("ketamine")


def test_curated_screenshots_of_report_and_views(driver, curated_site):
    from selenium.webdriver.common.by import By

    site, _b = curated_site
    for rel, name in (
        (REPORT_PAGE, "site-report-ketamine-neuropathic-pain.png"),
        ("view/graph.html", "site-view-whole-graph.png"),
        (f"view/{entity_slug(KETAMINE, 'ketamine')}.html", "site-view-focus-ketamine.png"),
    ):
        seen = visit(driver, site, rel)
        assert seen["errors"] == [] and outside(site, seen["resources"]) == []
        screenshot(driver, name)
    # the focus view's details panel for ketamine's edge to the NMDA receptor: evidence, sources, quotes
    visit(driver, site, f"view/{entity_slug(KETAMINE, 'ketamine')}.html")
    edge = driver.execute_script(
        "const v = window.painkgView, on = id => !v.nodes.get(id).hidden;"
        "const e = v.data.edges.find(e => e.from === 'CHEBI:6121' && on(e.to) && e.quotes.length && e.evidence === 'clinical')"
        " || v.data.edges.find(e => on(e.from) && on(e.to) && e.quotes.length);"
        "v.network.selectEdges([e.id]); v.showDetails('edge', e.id); return e.id;"
    )
    details = driver.find_element(By.ID, "details").text
    assert "evidence:" in details and "Sources" in details, (edge, details)
    screenshot(driver, "site-view-focus-ketamine-details.png")
    # at the initial fit of the whole graph every drawn label is at least 8 px on screen and labels do not pile up
    visit(driver, site, "view/graph.html")
    boxes = driver.execute_script(
        "const v = window.painkgView, s = v.network.getScale(), out = [];"
        "for (const id of v.network.body.nodeIndices) { const n = v.network.body.nodes[id];"
        " if (n.options.hidden || !n.labelModule.visible()) continue;"
        " const p = v.network.canvasToDOM({x: n.x, y: n.y});"
        " out.push([id, n.labelModule.fontOptions.size * s, p.x, p.y]); } return out;"
    )
    total = driver.execute_script("return window.painkgView.data.nodes.length")
    assert len(boxes) >= 0.9 * total, f"only {len(boxes)} of {total} labels drawn at the initial fit"
    assert min(b[1] for b in boxes) >= 8.0
    spots = sorted((round(b[2]), round(b[3])) for b in boxes)
    assert len(set(spots)) == len(spots), "two nodes drawn on the same spot"


def test_every_page_of_a_site_loads_clean_and_offline(driver, tmp_path):
    site = tmp_path / "site"
    build_site(build(FIXTURE, run_shacl=False), site, workers=1)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 20
    for rel in pages:
        seen = visit(driver, site, rel)
        assert seen["errors"] == [], (rel, seen["errors"])
        assert outside(site, seen["resources"]) == [], rel


def test_every_curated_page_type_loads_clean(driver, curated_site):
    site, _b = curated_site
    groups: dict[str, list[str]] = {}
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        groups.setdefault(rel.split("/")[0] if "/" in rel else rel, []).append(rel)
    for _kind, pages in sorted(groups.items()):
        for rel in pages[:: max(1, len(pages) // 12)]:  # a dozen of each type, spread over the alphabet
            seen = visit(driver, site, rel)
            assert seen["errors"] == [], (rel, seen["errors"])
            assert outside(site, seen["resources"]) == [], rel


def test_hostile_label_shows_as_text_on_every_page_type(driver, tmp_path):
    from selenium.webdriver.common.by import By

    site = tmp_path / "hostile"
    build_site(unvalidated_build(**{KETAMINE: HOSTILE}), site, workers=1)
    slug = entity_slug(KETAMINE, HOSTILE)
    report = next(p.relative_to(site).as_posix() for p in (site / "report").glob(f"{slug}--*.html"))
    source = "source/guimaraes_pereira_2022.html"
    for rel in ("index.html", f"entity/{slug}.html", source, report, "audit.html", f"view/{slug}.html"):
        seen = visit(driver, site, rel)
        assert seen["errors"] == [], (rel, seen["errors"])
        assert driver.execute_script("return document.querySelectorAll('img').length") == 0, rel
        assert driver.execute_script("return typeof window.__pwned") == "undefined", rel
        if rel.startswith("view/"):
            assert driver.find_element(By.ID, "title").text.startswith("painkg — " + HOSTILE)
            labels = driver.execute_script("return window.painkgView.data.nodes.map(n => n.name)")
            assert HOSTILE in labels
        else:
            assert HOSTILE in driver.find_element(By.TAG_NAME, "body").text, rel
