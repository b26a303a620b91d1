"""Headless Debian chromium with the network disabled, shared by the browser tests.

Where chromium, chromedriver or selenium are missing the caller's test is skipped with the reason, except
under CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import IN_CI

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
)


def missing(reason: str) -> None:
    """Skip (or, under CI, fail) because the browser cannot run here."""
    if IN_CI:
        pytest.fail(f"browser tests must run under CI: {reason}")
    pytest.skip(reason)


@contextmanager
def offline_chromium(window_size: str = "1400,900") -> Iterator[object]:
    """A selenium Chrome driver on Debian's chromium, headless, offline from the first request."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing("selenium is not installed (pip install -e '.[test]')")
    chromium = next((c for c in CHROMIUM_CANDIDATES if Path(c).is_file()), None) or shutil.which("chromium")
    if not chromium or not CHROMEDRIVER.is_file():
        missing("chromium/chromedriver not installed (apt-get install chromium chromium-driver)")
    profile = tempfile.mkdtemp(prefix="painkg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROME_FLAGS, f"--window-size={window_size}", f"--user-data-dir={profile}"):
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
