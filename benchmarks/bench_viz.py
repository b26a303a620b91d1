"""Benchmark of the HTML views: time to write the page, and time until it is drawn and stable in headless chromium.

Run: ``python benchmarks/bench_viz.py [--runs N]`` (needs chromium and chromedriver, like tests/test_browser.py).
Measures the curated graph (data/, or the test fixture while data/ is missing or invalid) and a generated
2,000-node graph, and prints each time with its ratio to the target: the curated page stable within 3 s.
Pages are written to a temporary folder; nothing is fetched from the network (the browser runs offline).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from painkg.pipeline import InvalidDataError
from painkg.viz import MAX_NODES, load_graph, render_html, write_view
from painkg.vocab import PREDICATES, EvidenceType, Kind

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 3.0
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"


def curated_graph() -> tuple[str, nx.MultiDiGraph]:
    for name, folder in (("curated data/", ROOT / "data"), ("test fixture (data/ missing or invalid)", None)):
        if folder is None:
            return name, load_graph(ROOT / "tests" / "fixtures" / "mini")
        try:
            return name, load_graph(folder)
        except (InvalidDataError, FileNotFoundError) as exc:
            print(f"data/ not usable ({exc}); falling back to the fixture", file=sys.stderr)
    raise AssertionError("unreachable")


def generated_graph(n: int = MAX_NODES, edges_per_node: float = 2.5, seed: int = 1) -> nx.MultiDiGraph:
    """A seeded random graph shaped like painkg's: kinds, predicates, evidence, some contested/refuting edges."""
    rng = random.Random(seed)
    kinds = list(Kind)
    predicates = sorted(PREDICATES)
    evidence = list(EvidenceType)
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"GEN:{i:05d}", label=f"generated node {i}", kind=rng.choice(kinds))
    nodes = list(g)
    for j in range(int(n * edges_per_node)):
        u, v = rng.sample(nodes, 2)
        direction = rng.choices(["supports", "refutes", "no_effect"], weights=[90, 5, 5])[0]
        g.add_edge(
            u,
            v,
            key=f"st_gen_{j:06d}",
            predicate=rng.choice(predicates),
            evidence_type=rng.choice(evidence),
            direction=direction,
            contested=rng.random() < 0.1,
            citations=[f"PMID:{rng.randint(10_000_000, 40_000_000)}"],
            verified=rng.random() < 0.8,
        )
    return g


def start_browser(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    return driver


def time_until_stable(driver, page: Path) -> tuple[float, float]:
    """Wall-clock seconds from navigation to ``body[data-stable=true]``, and the page's own stableAt (s)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    start = time.perf_counter()
    driver.get(page.as_uri())
    WebDriverWait(driver, 120, poll_frequency=0.02).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-stable") == "true"
    )
    wall = time.perf_counter() - start
    in_page = driver.execute_script("return window.painkgView.stableAt") / 1000.0
    return wall, in_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="browser runs per page (median reported)")
    args = parser.parse_args(argv)
    name, curated = curated_graph()
    cases = [(f"{name}", curated), (f"generated graph, {MAX_NODES} nodes", generated_graph())]
    tmp = Path(tempfile.mkdtemp(prefix="painkg-bench-"))
    driver = start_browser(str(tmp / "profile"))
    try:
        for label, g in cases:
            start = time.perf_counter()
            html = render_html(g, title=label)
            page = write_view(html, tmp / "page.html")
            write_s = time.perf_counter() - start
            runs = [time_until_stable(driver, page) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            in_page = statistics.median(r[1] for r in runs)
            drawn = driver.execute_script("return [window.painkgView.nodes.length, window.painkgView.edges.length]")
            print(f"{label}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, {len(html) / 1e6:.2f} MB")
            print(f"  write HTML          {write_s:6.2f} s")
            print(
                f"  stable in chromium  {wall:6.2f} s wall (median of {args.runs}; page's own clock {in_page:.2f} s)"
                f"  = {wall / TARGET_S:.2f} x the {TARGET_S:.0f} s target"
            )
            print(f"  drawn               {drawn[0]} nodes, {drawn[1]} edges")
    finally:
        driver.quit()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
