"""The HTML evidence report in Debian's headless chromium, offline: it renders, loads nothing, prints.

Writes build/screenshots/report.png (the whole page) and build/screenshots/report.pdf (print to PDF). Uses the
ketamine × neuropathic pain report of data/ when data/ validates, else the fixture's (the reason is printed).
Needs chromium and chromedriver; where they are missing the tests are skipped, except under CI (``CI=true``).
"""

from __future__ import annotations

import base64
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import painkg
from painkg.report import generate
from tests.conftest import DATA, FIXTURE, IN_CI, KETAMINE, NEUROPATHIC_PAIN, ROOT

SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--window-size=1280,900",
)


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"browser tests must run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed (pip install -e '.[test]')")
    chromium = next((c for c in CHROMIUM_CANDIDATES if Path(c).is_file()), None) or shutil.which("chromium")
    if not chromium or not CHROMEDRIVER.is_file():
        _missing("chromium/chromedriver not installed (apt-get install chromium chromium-driver)")
    profile = tempfile.mkdtemp(prefix="painkg-report-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        drv.execute_cdp_cmd("Network.enable", {})
        drv.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


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
