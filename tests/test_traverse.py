"""Traversal on the fixture graph: mechanism paths with hop evidence, filters, bounds, neighbourhoods, targets."""

from __future__ import annotations

import time

import networkx as nx
import pytest

from painkg.curation import read_dataset
from painkg.graph import to_networkx
from painkg.traverse import (
    Hop,
    centrality,
    explain,
    format_path,
    mechanism_paths,
    neighbourhood,
    resolve_node,
    shared_targets,
    targets,
    unique_targets,
)
from tests.conftest import FIXTURE, KETAMINE, NEUROPATHIC_PAIN, NMDA_RECEPTOR

ESKETAMINE = "CHEBI:60799"
GRIN1 = "HGNC:4584"
CENTRAL_SENSITIZATION = "MESH:D059333"
WIND_UP = "painkg:wind_up"


@pytest.fixture(scope="module")
def g() -> nx.MultiDiGraph:
    ds = read_dataset(FIXTURE).dataset
    return to_networkx(ds)


def _statements(paths: list[list[Hop]]) -> list[list[str]]:
    return [[h.statement for h in p] for p in paths]


def _edge(g: nx.MultiDiGraph, u: str, v: str, key: str, **attrs) -> None:
    data = {
        "predicate": "channel_blocker_of",
        "evidence_type": "in_vitro",
        "direction": "supports",
        "contested": False,
        "citations": [],
        "verified": True,
    }
    g.add_edge(u, v, key=key, **{**data, **attrs})


def test_path_comes_with_the_evidence_of_every_hop(g):
    paths = mechanism_paths(g, "ketamine", "central sensitization")
    assert _statements(paths) == [["st_ketamine_channel_blocker_nmdar", "st_nmdar_central_sensitization"]]
    first, second = paths[0]
    assert first == Hop(
        subject=KETAMINE,
        subject_label="ketamine",
        predicate="channel_blocker_of",
        object=NMDA_RECEPTOR,
        object_label="NMDA receptor",
        statement="st_ketamine_channel_blocker_nmdar",
        evidence_type="in_vitro",
        direction="supports",
        contested=False,
        citations=("PMID:34321660",),
        verified=True,
    )
    assert (second.subject, second.predicate, second.object) == (
        NMDA_RECEPTOR,
        "causally_upstream_of",
        CENTRAL_SENSITIZATION,
    )
    assert format_path(paths[0]) == (
        "ketamine -[channel_blocker_of; in_vitro; supports; PMID:34321660]-> NMDA receptor "
        "-[causally_upstream_of; in_vitro; supports; PMID:34321660]-> central sensitization"
    )


def test_paths_follow_edge_direction(g):
    assert _statements(mechanism_paths(g, "esketamine", "central sensitization")) == [
        ["st_esketamine_enantiomer", "st_ketamine_channel_blocker_nmdar", "st_nmdar_central_sensitization"]
    ]
    assert mechanism_paths(g, "central sensitization", "ketamine") == []


def test_no_effect_evidence_is_excluded_unless_asked(g):
    assert _statements(mechanism_paths(g, KETAMINE, NEUROPATHIC_PAIN)) == [["st_ketamine_studied_np"]]
    both = mechanism_paths(g, KETAMINE, NEUROPATHIC_PAIN, include_non_supporting=True)
    assert _statements(both) == [["st_ketamine_np_no_clear_benefit"], ["st_ketamine_studied_np"]]
    assert both[0][0].direction == "no_effect" and both[0][0].citations == ("PMID:40819842",)


def test_exclude_contested(g):
    assert mechanism_paths(g, KETAMINE, NEUROPATHIC_PAIN, exclude_contested=True) == []
    assert len(mechanism_paths(g, KETAMINE, CENTRAL_SENSITIZATION, exclude_contested=True)) == 1


def test_evidence_type_filter(g):
    assert mechanism_paths(g, KETAMINE, CENTRAL_SENSITIZATION, evidence_types={"clinical"}) == []
    assert len(mechanism_paths(g, KETAMINE, CENTRAL_SENSITIZATION, evidence_types=["in_vitro"])) == 1
    assert _statements(mechanism_paths(g, KETAMINE, NEUROPATHIC_PAIN, evidence_types={"clinical"})) == [
        ["st_ketamine_studied_np"]
    ]


def test_verified_only(g):
    # the no-effect statement cites a partially verified source; the supporting one a verified source
    kept = mechanism_paths(g, KETAMINE, NEUROPATHIC_PAIN, include_non_supporting=True, verified_only=True)
    assert _statements(kept) == [["st_ketamine_studied_np"]]
    h = g.copy()
    h.edges[KETAMINE, NMDA_RECEPTOR, "st_ketamine_channel_blocker_nmdar"]["verified"] = False
    assert mechanism_paths(h, KETAMINE, CENTRAL_SENSITIZATION, verified_only=True) == []
    assert len(mechanism_paths(h, KETAMINE, CENTRAL_SENSITIZATION)) == 1


def test_hop_cutoff(g):
    assert mechanism_paths(g, KETAMINE, CENTRAL_SENSITIZATION, max_hops=1) == []
    assert len(mechanism_paths(g, KETAMINE, CENTRAL_SENSITIZATION, max_hops=2)) == 1
    assert mechanism_paths(g, ESKETAMINE, CENTRAL_SENSITIZATION, max_hops=2) == []


def _ladder() -> nx.MultiDiGraph:
    """s -> t directly, through m0..m9, and through m0 -> x -> t."""
    g = nx.MultiDiGraph()
    for n in ["s", "t", "x", *(f"m{i}" for i in range(10))]:
        g.add_node(n, label=n, kind="BiologicalProcess")
    _edge(g, "s", "t", "st_z_direct")
    for i in reversed(range(10)):
        _edge(g, "s", f"m{i}", f"st_a{i}")
        _edge(g, f"m{i}", "t", f"st_b{i}")
    _edge(g, "m0", "x", "st_c")
    _edge(g, "x", "t", "st_d")
    return g


def test_limit_and_deterministic_order_shortest_first_then_statement_ids():
    g = _ladder()
    all_paths = _statements(mechanism_paths(g, "s", "t"))
    assert len(all_paths) == 12
    assert all_paths[0] == ["st_z_direct"]
    assert all_paths[1:3] == [["st_a0", "st_b0"], ["st_a1", "st_b1"]]
    assert all_paths[-1] == ["st_a0", "st_c", "st_d"]
    assert _statements(mechanism_paths(g, "s", "t", limit=3)) == all_paths[:3]
    assert _statements(mechanism_paths(g, "s", "t", max_hops=2)) == all_paths[:11]


def test_path_search_is_bounded_on_a_dense_graph():
    g = nx.complete_graph(80, create_using=nx.MultiDiGraph)
    for u, v, k in list(g.edges(keys=True)):
        g.edges[u, v, k].update(predicate="causally_upstream_of", direction="supports", evidence_type="in_vitro")
    start = time.perf_counter()
    paths = mechanism_paths(g, 0, 1, max_hops=4, limit=50)
    assert len(paths) == 50
    assert [len(p) for p in paths[:2]] == [1, 2]
    assert time.perf_counter() - start < 5


def test_neighbourhood(g):
    assert set(neighbourhood(g, "NMDA receptor", 1)) == {NMDA_RECEPTOR, KETAMINE, GRIN1, CENTRAL_SENSITIZATION}
    assert set(neighbourhood(g, GRIN1, 0)) == {GRIN1}
    two = neighbourhood(g, GRIN1, 2)
    assert KETAMINE in two and ESKETAMINE not in two
    assert two.number_of_edges() == g.subgraph(two.nodes).number_of_edges()


def test_neighbourhood_kind_filter_keeps_the_centre(g):
    sub = neighbourhood(g, "ketamine", 2, kinds=["Condition"])
    assert set(sub) == {KETAMINE, NEUROPATHIC_PAIN}
    assert {k for _u, _v, k in sub.edges(keys=True)} == {"st_ketamine_studied_np", "st_ketamine_np_no_clear_benefit"}
    assert set(neighbourhood(g, GRIN1, 3, kinds={"Drug"})) == {GRIN1, KETAMINE, ESKETAMINE}


def test_targets_shared_and_unique(g):
    assert targets(g, "ketamine") == [NMDA_RECEPTOR]
    assert shared_targets(g, "ketamine") == {}
    assert unique_targets(g, "ketamine") == [NMDA_RECEPTOR]
    h = g.copy()
    _edge(h, ESKETAMINE, NMDA_RECEPTOR, "st_test_esketamine_nmdar")
    h.add_node("CHEBI:1", label="refuted drug", kind="Drug")
    _edge(h, "CHEBI:1", NMDA_RECEPTOR, "st_test_refuted", direction="refutes")
    _edge(h, "CHEBI:1", GRIN1, "st_test_other", predicate="inhibits")
    assert shared_targets(h, "ketamine") == {ESKETAMINE: [NMDA_RECEPTOR]}
    assert unique_targets(h, "ketamine") == []
    assert unique_targets(h, "refuted drug") == [GRIN1]


def test_explain_reports_hops_in_their_true_direction(g):
    path = explain(g, "GRIN1", "wind-up")
    assert [(h.subject, h.predicate, h.object) for h in path] == [
        (GRIN1, "part_of", NMDA_RECEPTOR),
        (KETAMINE, "channel_blocker_of", NMDA_RECEPTOR),
        (KETAMINE, "decreases_process", WIND_UP),
    ]
    assert format_path(path).startswith("GRIN1 -[part_of; in_vitro; supports; PMID:34321660]-> NMDA receptor <-[")
    assert explain(g, "GRIN1", "wind-up", max_hops=2) is None
    assert explain(g, KETAMINE, KETAMINE) == []
    assert [h.statement for h in explain(g, NEUROPATHIC_PAIN, KETAMINE)] == ["st_ketamine_studied_np"]


def test_explain_skips_non_supporting_edges_unless_asked(g):
    h = g.copy()
    h.remove_edge(KETAMINE, NEUROPATHIC_PAIN, key="st_ketamine_studied_np")
    assert explain(h, KETAMINE, NEUROPATHIC_PAIN) is None
    assert [x.statement for x in explain(h, KETAMINE, NEUROPATHIC_PAIN, include_non_supporting=True)] == [
        "st_ketamine_np_no_clear_benefit"
    ]


def test_explain_is_stable_and_shortest_on_a_larger_graph():
    g = nx.MultiDiGraph()
    for i in range(30):
        g.add_node(f"n{i:02d}", label=f"n{i}", kind="BiologicalProcess")
    for i in range(29):
        _edge(g, f"n{i:02d}", f"n{i + 1:02d}", f"st_{i:02d}")
    _edge(g, "n25", "n05", "st_shortcut")
    path = explain(g, "n00", "n29", max_hops=40)
    assert len(path) == nx.shortest_path_length(g.to_undirected(), "n00", "n29") == 10
    assert "st_shortcut" in [h.statement for h in path]
    assert path == explain(g, "n00", "n29", max_hops=40)


def test_centrality_ranks_mechanism_nodes(g):
    ranked = centrality(g)
    assert ranked[0][0] == NMDA_RECEPTOR and ranked[0][1] > 0
    assert {n for n, _ in ranked} == {NMDA_RECEPTOR, GRIN1, CENTRAL_SENSITIZATION, WIND_UP}
    assert [n for n, _ in centrality(g, kinds=["Drug"])] == [KETAMINE, ESKETAMINE]


@pytest.mark.parametrize(
    ("name", "curie"),
    [
        ("CHEBI:6121", KETAMINE),
        ("chebi:6121", KETAMINE),
        ("ketamine", KETAMINE),
        ("KETAMINE", KETAMINE),
        ("Ketalar", KETAMINE),
        ("nmda selective glutamate receptor complex", NMDA_RECEPTOR),
        ("Temporal Summation", WIND_UP),
        ("  neuropathic pain ", NEUROPATHIC_PAIN),
    ],
)
def test_resolve_node_by_curie_label_or_synonym(g, name, curie):
    assert resolve_node(g, name) == curie


def test_unknown_name_lists_closest_matches(g):
    with pytest.raises(ValueError, match=r"no node named 'ketamin'; closest: ketamine \(CHEBI:6121\)"):
        resolve_node(g, "ketamin")
    with pytest.raises(ValueError, match="NMDA receptor"):
        mechanism_paths(g, "NMDA recepter", "neuropathic pain")
    with pytest.raises(ValueError, match=r"no node named 'zzzz'$"):
        resolve_node(g, "zzzz")


def test_ambiguous_label_asks_for_a_curie(g):
    h = g.copy()
    h.add_node("CHEBI:2", label="Ketamine", kind="Drug")
    with pytest.raises(ValueError, match=r"names 2 nodes.*CHEBI:2.*CHEBI:6121.*use a CURIE"):
        resolve_node(h, "ketamine")
    assert resolve_node(h, "Ketalar") == KETAMINE
