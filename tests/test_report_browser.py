"""The HTML evidence report in Debian's headless chromium, offline: it renders, loads nothing, prints.

Writes build/screenshots/report.png (the whole page) and build/screenshots/report.pdf (print to PDF). Uses the
ketamine × neuropathic pain report of data/ when data/ validates, else the fixture's (the reason is printed).
Needs chromium and chromedriver; where they are missing the tests are skipped, except under CI (``CI=true``).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

import painkg
from painkg.report import generate
from tests.browser import offline_chromium
from tests.conftest import DATA, FIXTURE, IN_CI, KETAMINE, NEUROPATHIC_PAIN, ROOT

SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    with offline_chromium("1280,900") as drv:
        yield drv


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    from painkg.pipeline import InvalidDataError

    try:
        kg = painkg.load(DATA)
    except InvalidDataError as exc:
        if IN_CI:
            pytest.fail(f"data/ must validate under CI: {exc}")
        print(f"data/ does not validate yet ({exc}); screenshotting the fixture's report")
        kg = painkg.load(FIXTURE)
    page = tmp_path_factory.mktemp("report") / "report.html"
    page.write_text(generate(kg, KETAMINE, NEUROPATHIC_PAIN).to_html(), encoding="utf-8")
    return page


def test_report_renders_offline_and_is_screenshotted(driver, report_page):
    from selenium.webdriver.common.by import By

    driver.get(report_page.resolve().as_uri())
    state = driver.execute_script(
        "return {resources: performance.getEntriesByType('resource').length,"
        " toc: document.querySelectorAll('nav.toc a').length,"
        " sections: document.querySelectorAll('main > section').length,"
        " refs: document.querySelectorAll('ol.refs li').length,"
        " height: document.documentElement.scrollHeight,"
        " title: document.title};"
    )
    assert state["resources"] == 0, "the page fetched a resource"
    assert state["toc"] == state["sections"] > 5
    assert state["refs"] > 0
    assert "ketamine" in state["title"]
    svg = driver.find_element(By.CSS_SELECTOR, "figure.forest svg")
    assert svg.size["width"] > 300 and svg.size["height"] > 100, "forest plot not drawn"
    severe = [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe
    # a citation marker jumps to its reference
    driver.find_element(By.CSS_SELECTOR, "a.cite").click()
    assert driver.execute_script("return location.hash").startswith("#ref-")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1280, "height": min(state["height"], 16000), "scale": 1},
        },
    )
    path = SCREENSHOTS / "report.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    assert path.stat().st_size > 10_000


def test_report_prints(driver, report_page):
    driver.get(report_page.resolve().as_uri())
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False, "preferCSSPageSize": True})
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "report.pdf").write_bytes(data)
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2, "the report should print on several pages"
    hidden = driver.execute_script(
        "const s = getComputedStyle(document.querySelector('.table-wrap'));return s.overflowX;"
    )
    assert hidden in ("auto", "visible")
