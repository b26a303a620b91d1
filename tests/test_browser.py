"""The HTML views in Debian's headless chromium, with the network disabled.

Needs chromium and chromedriver (``apt-get install chromium chromium-driver``; ``.ci/run`` installs them).
Where they are missing the tests are skipped, except under CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from painkg.viz import load_graph, paths_view, whole_view, write_view
from tests.browser import offline_chromium
from tests.conftest import FIXTURE, KETAMINE, ROOT

SCREENSHOTS = ROOT / "build" / "screenshots"
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_FLAG = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    with offline_chromium("1400,900") as drv:
        yield drv


@pytest.fixture(scope="module")
def fixture_graph() -> nx.MultiDiGraph:
    return load_graph(FIXTURE)


def open_page(driver, path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-stable") == "true"
    )


def screenshot(driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    assert driver.save_screenshot(str(path)), f"screenshot {path} not written"
    assert path.stat().st_size > 1000
    return path


def click_node(driver, node_id: str, *, hover_only: bool = False) -> None:
    """Move the real mouse to a node's position on the canvas (and click it)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    x, y, w, h = driver.execute_script(
        "const v = window.painkgView, p = v.network.getPositions([arguments[0]])[arguments[0]];"
        "const d = v.network.canvasToDOM(p), c = document.getElementById('graph');"
        "return [d.x, d.y, c.clientWidth, c.clientHeight];",
        node_id,
    )
    canvas = driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    actions = ActionChains(driver).move_to_element_with_offset(canvas, int(x - w / 2), int(y - h / 2)).pause(0.4)
    (actions if hover_only else actions.click()).perform()


def severe_console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_page_loads_offline_and_draws_the_whole_graph(driver, fixture_graph, tmp_path):
    from selenium.webdriver.common.by import By

    page = write_view(whole_view(fixture_graph), tmp_path / "painkg.html")
    open_page(driver, page)
    counts = driver.execute_script(
        "const v = window.painkgView; return {nodes: v.nodes.length, edges: v.edges.length,"
        " drawnNodes: v.network.body.nodeIndices.length, drawnEdges: v.network.body.edgeIndices.length,"
        " resources: performance.getEntriesByType('resource').length};"
    )
    curated = fixture_graph.subgraph(
        n for n, k in fixture_graph.nodes(data="kind") if k not in ("OntologyClass", "OrganismTaxon")
    )
    assert counts == {
        "nodes": curated.number_of_nodes(),
        "edges": curated.number_of_edges(),
        "drawnNodes": curated.number_of_nodes(),
        "drawnEdges": curated.number_of_edges(),
        "resources": 0,
    }
    legend = driver.find_element(By.ID, "legend")
    assert legend.is_displayed()
    for kind in ("drug", "condition", "protein complex", "clinical", "in vitro", "contested", "no effect"):
        assert kind in legend.text
    assert not severe_console_errors(driver)
    screenshot(driver, "fixture-whole.png")


def test_clicking_a_node_shows_its_tooltip_text(driver, fixture_graph, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = write_view(whole_view(fixture_graph), tmp_path / "painkg.html")
    open_page(driver, page)
    click_node(driver, KETAMINE)
    details = driver.find_element(By.ID, "details")
    WebDriverWait(driver, 5).until(lambda d: "CHEBI:6121" in details.text)
    assert details.text.splitlines()[:3] == ["ketamine", "CHEBI:6121", "kind: drug"]
    assert driver.execute_script("return window.painkgView.network.getSelectedNodes();") == [KETAMINE]
    click_node(driver, "GO:0017146", hover_only=True)
    tooltip = driver.find_element(By.CSS_SELECTOR, "div.vis-tooltip")
    WebDriverWait(driver, 5).until(lambda d: tooltip.is_displayed() and "GO:0017146" in tooltip.text)
    assert tooltip.text.splitlines()[:3] == ["NMDA receptor", "GO:0017146", "kind: protein complex (receptor)"]
    screenshot(driver, "fixture-selected.png")


def test_search_and_filters(driver, fixture_graph, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = write_view(whole_view(fixture_graph), tmp_path / "painkg.html")
    open_page(driver, page)
    box = driver.find_element(By.ID, "search")
    box.send_keys("sensitiz")
    results = driver.find_elements(By.CSS_SELECTOR, "#search-results button.result")
    assert [r.text for r in results] == ["central sensitization MESH:D059333"]
    box.send_keys(Keys.ENTER)
    assert "MESH:D059333" in driver.find_element(By.ID, "details").text
    driver.find_element(By.CSS_SELECTOR, 'input[data-kind="Drug"]').click()
    driver.find_element(By.CSS_SELECTOR, 'input[data-evidence="clinical"]').click()
    hidden = driver.execute_script(
        "const v = window.painkgView; return [v.nodes.get({filter: n => n.hidden}).map(n => n.id).sort(),"
        " v.edges.get({filter: e => e.hidden}).length];"
    )
    drugs = {n for n, k in fixture_graph.nodes(data="kind") if k == "Drug"}
    expected = sum(
        1
        for u, v, d in fixture_graph.edges(data=True)
        if u in drugs or v in drugs or d.get("evidence_type") == "clinical"
    )
    assert hidden == [["CHEBI:60799", KETAMINE], expected]


def test_paths_view_highlights_a_selected_path(driver, fixture_graph, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page = write_view(paths_view(fixture_graph, "ketamine", "neuropathic pain"), tmp_path / "paths.html")
    open_page(driver, page)
    select = Select(driver.find_element(By.ID, "path-select"))
    assert [o.text for o in select.options] == ["all 1 path(s)", "1. ketamine → neuropathic pain (1 hops)"]
    select.select_by_value("0")
    opacity = driver.execute_script(
        "const e = window.painkgView.edges; return [e.get('st_ketamine_studied_np').color.opacity,"
        " e.get('st_ketamine_np_no_clear_benefit').color.opacity];"
    )
    assert opacity[0] > 0.8 and opacity[1] < 0.5
    driver.execute_script("window.painkgView.showDetails('edge', 'st_ketamine_studied_np');")
    details = driver.find_element(By.ID, "details")
    assert "studied to treat" in details.text and "PMID:35431578" in details.text
    link = details.find_element(By.CSS_SELECTOR, "a.cite")
    assert link.get_attribute("href") == "https://pubmed.ncbi.nlm.nih.gov/35431578/" and link.text == "PMID:35431578"
    screenshot(driver, "fixture-paths.png")


def test_hostile_label_is_shown_as_text_and_runs_nothing(driver, fixture_graph, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    g = fixture_graph.copy()
    g.add_node("painkg:attack_img", label=HOSTILE, kind="Drug")
    g.add_node("painkg:attack_flag", label=HOSTILE_FLAG, kind="Condition")
    g.add_edge(
        "painkg:attack_img",
        KETAMINE,
        key="st_hostile",
        predicate="binds",
        evidence_type="in_vitro",
        direction="supports",
        contested=False,
        citations=[HOSTILE_FLAG],
        verified=False,
    )
    g.add_edge("painkg:attack_flag", KETAMINE, key="st_hostile_flag", predicate="binds", direction="refutes")
    page = write_view(whole_view(g, title=HOSTILE_FLAG), tmp_path / "hostile.html")
    open_page(driver, page)
    click_node(driver, "painkg:attack_img")
    details = driver.find_element(By.ID, "details")
    WebDriverWait(driver, 5).until(lambda d: "painkg:attack_img" in details.text)
    assert details.text.splitlines()[0] == HOSTILE
    click_node(driver, "painkg:attack_flag", hover_only=True)
    tooltip = driver.find_element(By.CSS_SELECTOR, "div.vis-tooltip")
    WebDriverWait(driver, 5).until(lambda d: tooltip.is_displayed() and "painkg:attack_flag" in tooltip.text)
    assert tooltip.text.splitlines()[0] == HOSTILE_FLAG
    tip = driver.execute_script(
        "const v = window.painkgView; return v.edgeTip(v.data.edges.find(e => e.id === 'st_hostile'))"
    )
    assert HOSTILE_FLAG in tip
    assert driver.find_element(By.ID, "title").text == HOSTILE_FLAG
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    screenshot(driver, "hostile-label.png")
