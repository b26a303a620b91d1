"""HTML views: self-contained (no network), deterministic, escaped, bounded; CLI and build write them."""

from __future__ import annotations

import html as htmllib
import json
import re

import networkx as nx
import pytest
from rdflib import Graph

from painkg.cli import main
from painkg.curation import read_dataset
from painkg.graph import to_networkx
from painkg.pipeline import Build
from painkg.viz import (
    MAX_NODES,
    NoPathError,
    ViewTooLargeError,
    default_views,
    focus_view,
    load_graph,
    paths_view,
    render_html,
    show_inline,
    vis_js,
    whole_view,
)
from tests.conftest import DATA, FIXTURE, KETAMINE, NEUROPATHIC_PAIN

HOSTILE = "<img src=x onerror=alert(1)>"
_DATA_BLOCK = re.compile(r'<script type="application/json" id="painkg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def g() -> nx.MultiDiGraph:
    return load_graph(FIXTURE)


def page_data(page: str) -> dict:
    m = _DATA_BLOCK.search(page)
    assert m, "no data block in the page"
    return json.loads(m.group(1))


def hostile_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = g.copy()
    h.add_node("painkg:hostile", label=HOSTILE, kind="Drug")
    h.add_node("painkg:hostile2", label='<img src=x onerror="window.__pwned=1">', kind="Condition")
    h.add_edge(
        "painkg:hostile",
        KETAMINE,
        key="st_<script>alert(2)</script>",
        predicate="binds",
        evidence_type="in_vitro",
        direction="supports",
        contested=False,
        citations=["</script><script>alert(3)</script>"],
        verified=False,
    )
    h.add_edge("painkg:hostile", "painkg:hostile2", key="st_h2", predicate="treats", direction="refutes")
    return h


def test_page_is_self_contained(g):
    page = whole_view(g)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"""<[a-z][^>]*\s(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"""\b(src|href)\s*=\s*["']\s*(https?:)?//""", page, re.I)
    assert "@import" not in page and not re.search(r"url\(\s*['\"]?(https?:)?//", page)


def test_vis_network_is_inlined_from_the_installed_pyvis(g):
    page = whole_view(g)
    assert vis_js() in page
    assert "@version 9." in vis_js() and "vis-network" in vis_js()
    assert "new vis.Network(" in page


def test_render_is_deterministic_whatever_the_insertion_order(g):
    a = render_html(g, title="t")
    assert a == render_html(g, title="t")
    shuffled = nx.MultiDiGraph(**g.graph)
    shuffled.add_nodes_from(reversed(list(g.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    assert render_html(shuffled, title="t") == a


def test_every_node_and_edge_is_in_the_page_with_style_and_tooltip(g):
    data = page_data(whole_view(g))
    curated = g.subgraph(n for n, k in g.nodes(data="kind") if k not in ("OntologyClass", "OrganismTaxon"))
    assert curated.number_of_nodes() < g.number_of_nodes(), "the fixture imports ontology classes"
    assert len(data["nodes"]) == curated.number_of_nodes() and len(data["edges"]) == curated.number_of_edges()
    node = next(n for n in data["nodes"] if n["id"] == KETAMINE)
    assert node["tip"].splitlines()[:3] == ["ketamine", "CHEBI:6121", "kind: drug"] and node["shape"] == "diamond"
    edges = {e["id"]: e for e in data["edges"]}
    no_effect = edges["st_ketamine_np_no_clear_benefit"]
    supports = edges["st_ketamine_studied_np"]
    assert no_effect["arrow"] == "circle" and no_effect["dashes"] and no_effect["color"] != supports["color"]
    assert supports["dashes"] == [10, 6], "contested edges are dashed"
    assert edges["st_ketamine_channel_blocker_nmdar"]["dashes"] is False
    assert supports["width"] > edges["st_ketamine_channel_blocker_nmdar"]["width"], "clinical is drawn wider"
    tip = supports["summary"]
    assert "studied to treat" in tip and "evidence: clinical · direction: supports · contested" in tip
    assert supports["sources"] and all(s in data["sources"] for s in supports["sources"])
    assert data["sources"][supports["sources"][0]]["link"] == "https://pubmed.ncbi.nlm.nih.gov/35431578/"
    assert supports["curve"] != no_effect["curve"], "parallel edges are drawn apart"
    assert {k["kind"] for k in data["kinds"]} == {d for _n, d in curated.nodes(data="kind")}
    assert data["columns"][0]["label"] == "drugs"


def test_every_edge_style_is_distinct_and_in_the_legend():
    from painkg.viz.style import EDGE_STYLES, edge_style

    seen = set()
    for key in EDGE_STYLES:
        d = {"predicate": "treats", "evidence_type": "clinical", "direction": "supports"}
        if key in ("contested", "association"):
            d["contested" if key == "contested" else "association_only"] = True
        elif key != "supports":
            d["direction"] = key
        st = edge_style(d)
        assert st["style"] == key
        seen.add(
            (st["color"] if key not in ("supports", "contested", "association") else "", str(st["dashes"]), st["arrow"])
        )
    assert len(seen) == len(EDGE_STYLES), "two edge styles look the same"


def test_layout_flows_by_kind_and_nothing_piles_up(g):
    data = page_data(whole_view(g))
    x = {n["kind"]: n["x"] for n in data["nodes"]}
    assert x["Drug"] < x["ProteinComplex"] < x["PhysiologicalMechanism"] <= x["Condition"]
    spots = [(n["x"], n["y"]) for n in data["nodes"]]
    assert len(set(spots)) == len(spots)
    for i, a in enumerate(spots):
        for b in spots[i + 1 :]:
            assert abs(a[0] - b[0]) >= 100 or abs(a[1] - b[1]) >= 50, f"nodes at {a} and {b} overlap"


def test_hostile_label_cannot_become_markup(g):
    page = whole_view(hostile_graph(g))
    block = _DATA_BLOCK.search(page).group(1)
    assert "<" not in block and ">" not in block
    assert "<img" not in page and "<script>alert" not in page and "</script><script>" not in page
    data = json.loads(block)
    assert any(n["label"] == HOSTILE and HOSTILE in n["tip"] for n in data["nodes"])
    assert any("</script><script>alert(3)</script>" in e["cites"] for e in data["edges"])


def test_hostile_title_is_escaped(g):
    page = render_html(g, title="</title><script>alert(1)</script>")
    assert "<script>alert(1)" not in page
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_too_large_view_is_refused_with_a_hint():
    big = nx.MultiDiGraph()
    big.add_nodes_from((f"n{i}", {"label": f"n{i}", "kind": "Gene"}) for i in range(MAX_NODES + 1))
    with pytest.raises(ViewTooLargeError, match="--focus"):
        render_html(big)
    small = nx.MultiDiGraph()
    small.add_nodes_from(range(8))
    render_html(small, max_nodes=8)
    with pytest.raises(ViewTooLargeError, match=r"8 nodes is more than the 7.*--focus NODE --depth K"):
        render_html(small, max_nodes=7)


def test_focus_view(g):
    data = page_data(focus_view(g, "NMDA receptor", depth=1))
    assert {n["id"] for n in data["nodes"]} == {"GO:0017146", KETAMINE, "HGNC:4584", "MESH:D059333"}
    assert "NMDA receptor (GO:0017146), depth 1" in data["title"]
    kinds = page_data(focus_view(g, "Ketalar", depth=2, kinds=["Condition"]))
    assert {n["id"] for n in kinds["nodes"]} == {KETAMINE, NEUROPATHIC_PAIN}


def test_paths_view_highlights_the_paths(g):
    data = page_data(paths_view(g, "esketamine", "central sensitization"))
    assert data["paths"] == [
        {
            "label": "esketamine → ketamine → NMDA receptor → central sensitization",
            "edges": [
                "st_esketamine_enantiomer",
                "st_ketamine_channel_blocker_nmdar",
                "st_nmdar_central_sensitization",
            ],
            "nodes": ["CHEBI:60799", KETAMINE, "GO:0017146", "MESH:D059333"],
        }
    ]
    assert len(data["nodes"]) == 4
    np_view = page_data(paths_view(g, "ketamine", "neuropathic pain"))
    assert {e["id"] for e in np_view["edges"]} == {"st_ketamine_studied_np", "st_ketamine_np_no_clear_benefit"}
    assert np_view["paths"][0]["edges"] == ["st_ketamine_studied_np"]
    with pytest.raises(NoPathError, match=r"no mechanism path.*within 1 hops"):
        paths_view(g, "ketamine", "central sensitization", max_hops=1)


def test_show_inline_wraps_the_page_in_an_escaped_iframe(g):
    page = focus_view(g, KETAMINE, 1)
    shown = show_inline(page, height=500)._repr_html_()
    assert shown.startswith('<iframe srcdoc="') and "height: 500px" in shown
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', shown).group(1)
    assert htmllib.unescape(srcdoc) == page
    assert "<script" not in shown


def test_default_views_and_notice(g):
    ds = read_dataset(FIXTURE).dataset
    b = Build(ds, Graph(), to_networkx(ds), FIXTURE)
    pages = default_views(b)
    assert sorted(pages) == ["painkg-ketamine.html", "painkg.html"]
    assert "ketamine (CHEBI:6121), depth 2" in page_data(pages["painkg-ketamine.html"])["title"]
    big = b.nx.copy()
    big.add_nodes_from((f"x{i}", {"label": "x", "kind": "Gene"}) for i in range(MAX_NODES))
    big.add_edges_from((f"x{i}", f"x{i + 1}", f"e{i}", {"predicate": "part_of"}) for i in range(MAX_NODES - 1))
    notes: list[str] = []
    pages = default_views(Build(ds, Graph(), big, FIXTURE), notice=notes.append)
    assert sorted(pages) == ["painkg-ketamine.html"]
    assert len(notes) == 1 and "skipped painkg.html" in notes[0] and "--focus" in notes[0]


def test_cli_viz_writes_views(tmp_path, capsys):
    out = tmp_path / "views" / "whole.html"
    assert main(["viz", "--data", str(FIXTURE), "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert len(page_data(out.read_text(encoding="utf-8"))["nodes"]) == 8
    focus = tmp_path / "focus.html"
    assert main(["viz", "--data", str(FIXTURE), "--focus", "ketamine", "--depth", "1", "--out", str(focus)]) == 0
    assert len(page_data(focus.read_text(encoding="utf-8"))["nodes"]) == 6
    paths = tmp_path / "paths.html"
    args = ["viz", "--data", str(FIXTURE), "--paths", "ketamine", "central sensitization", "--out", str(paths)]
    assert main(args) == 0
    assert len(page_data(paths.read_text(encoding="utf-8"))["paths"]) == 1
    kinds = tmp_path / "kinds.html"
    assert main(["viz", "--data", str(FIXTURE), "--kinds", "drug", "condition", "--out", str(kinds)]) == 0
    assert {n["kind"] for n in page_data(kinds.read_text(encoding="utf-8"))["nodes"]} == {"Drug", "Condition"}


def test_cli_viz_errors(tmp_path, capsys):
    out = tmp_path / "v.html"
    assert main(["viz", "--data", str(FIXTURE), "--focus", "ketamin", "--out", str(out)]) == 2
    assert "closest: ketamine (CHEBI:6121)" in capsys.readouterr().err
    args = ["viz", "--data", str(FIXTURE), "--paths", "ketamine", "wind-up", "--max-hops", "0", "--out", str(out)]
    assert main(args) == 2
    assert "no mechanism path" in capsys.readouterr().err
    assert main(["viz", "--data", str(FIXTURE), "--kinds", "Foo", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "unknown kind(s): Foo" in err and "Drug" in err and "AdverseEffect" in err
    assert main(["viz", "--data", str(FIXTURE), "--kinds", "gene", "--out", str(out)]) == 2  # one node, no edge
    assert "no edge links nodes of kind(s) Gene" in capsys.readouterr().err
    assert not out.exists()


def test_cli_viz_defaults_do_not_overwrite_the_whole_view(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["viz", "--data", str(FIXTURE), "--paths", "ketamine", "central sensitization"]) == 0
    assert main(["viz", "--data", str(FIXTURE), "--focus", "Ketalar", "--depth", "1"]) == 0
    assert main(["viz", "--data", str(FIXTURE)]) == 0
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == [
        "focus-ketamine.html",
        "painkg.html",
        "paths-ketamine-central-sensitization.html",
    ]


def test_focus_view_ranks_and_caps_neighbours_with_a_more_control():
    if not (DATA / "entities.tsv").is_file():
        pytest.skip(f"curated data not yet present in {DATA}")
    from painkg.viz import rank_neighbours
    from painkg.vocab import EVIDENCE_RANK

    g = load_graph(DATA)
    data = page_data(focus_view(g, "ketamine", 2, limit=5))
    shown = {n["id"] for n in data["nodes"] if not n.get("more")}
    assert 10 < len(shown) <= 1 + 4 * 5 + 4 * 3 < len(data["nodes"])
    assert data["more"]["order"] and set(data["more"]["order"]) == {n["id"] for n in data["nodes"]} - shown
    assert data["more"]["step"] == 10
    for n in shown - {KETAMINE}:  # every node on screen has an edge on screen
        assert any(
            (e["from"] == n and e["to"] in shown) or (e["to"] == n and e["from"] in shown) for e in data["edges"]
        )
    # the first ring is ranked by evidence level: in each column, a neighbour shown at first is never backed by
    # weaker evidence than one left for the "more" control
    from painkg.viz.style import column_of

    curated = g.subgraph(n for n, k in g.nodes(data="kind") if k not in ("OntologyClass", "OrganismTaxon"))
    order, first = rank_neighbours(curated, KETAMINE, 1, 5)

    def strength(n: str) -> int:
        edges = (
            *curated.get_edge_data(KETAMINE, n, default={}).values(),
            *curated.get_edge_data(n, KETAMINE, default={}).values(),
        )
        return min(EVIDENCE_RANK.get(str(d.get("evidence_type") or ""), 5) for d in edges)

    column = {n: column_of(g.nodes[n]["kind"])[0] for n in order}
    for n in first - {KETAMINE}:
        for m in set(order) - first:
            if column[n] == column[m]:
                assert strength(n) <= strength(m), (n, m)
    assert KETAMINE in first and "GO:0017146" in first, "ketamine's focus shows the NMDA receptor at first"


def test_build_writes_the_default_views(mini, tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["build", "--data", str(mini), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for name in ("painkg.html", "painkg-ketamine.html"):
        assert (out / name).is_file() and str(out / name) in printed
    assert (out / "painkg.html").read_text(encoding="utf-8") == whole_view(load_graph(mini))


def test_synonyms_resolve_in_views_built_from_a_dataset():
    ds = read_dataset(FIXTURE).dataset
    g = to_networkx(ds)
    assert page_data(focus_view(g, "temporal summation", 0))["nodes"][0]["id"] == "painkg:wind_up"


def test_curated_graph_views_render():
    if not (DATA / "entities.tsv").is_file():
        pytest.skip(f"curated data not yet present in {DATA}")
    g = load_graph(DATA)
    data = page_data(whole_view(g))
    ids = {n["id"] for n in data["nodes"]}
    degree = {n: 0 for n in ids}
    for e in data["edges"]:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    assert min(degree.values()) >= 1, "every node in the view has an edge in the view"
    assert "CHEBI:3732" in ids, "interaction partners (clarithromycin) are drawn through their interaction edge"
    assert {e["family"] for e in data["edges"]} >= {"interaction", "regulatory", "association"}
    assert {s["style"] for s in data["styles"]} >= {"association", "contested", "mixed", "insufficient", "refutes"}
    assert "not drawn" in data["omitted"]
    assert page_data(focus_view(g, KETAMINE, 2))["nodes"]
