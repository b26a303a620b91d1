"""Walks over the networkx view of painkg: mechanism paths, neighbourhoods, shared targets, explanations.

Every function takes the :class:`networkx.MultiDiGraph` of :func:`painkg.graph.to_networkx` (nodes keyed
by CURIE with ``label``/``kind``; edges keyed by statement id with ``predicate``, ``evidence_type``,
``direction``, ``contested``, ``citations``, ``verified``) or a graph of the same shape merged with
public graphs. Node arguments accept a CURIE or a label/synonym (see :func:`resolve_node`).

Searches are bounded so that they stay fast on merged graphs of millions of edges: path search walks
paths by increasing length, prunes every step that cannot reach the target in the hops left (distances
from a backward breadth-first search cut off at half of ``max_hops``) and stops after ``limit`` paths;
the explanation search is a bidirectional breadth-first search cut off at ``max_hops``. Only edges whose ``direction`` is ``supports`` are walked unless a function is asked to
include refuting and no-effect evidence.

>>> from painkg.curation import read_dataset
>>> from painkg.graph import to_networkx
>>> from painkg.paths import package_root
>>> g = to_networkx(read_dataset(package_root() / "tests" / "fixtures" / "mini").dataset)
>>> [[h.predicate for h in p] for p in mechanism_paths(g, "ketamine", "neuropathic pain")]
[['studied_to_treat']]
>>> print(format_path(mechanism_paths(g, "ketamine", "central sensitization")[0]))
ketamine -[channel_blocker_of; in_vitro; supports; PMID:34321660]-> NMDA receptor -[causally_upstream_of; in_vitro; supports; PMID:34321660]-> central sensitization
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import networkx as nx

from painkg.vocab import PREDICATES, Direction, Kind

__all__ = [
    "CHEMICAL_KINDS",
    "MECHANISM_KINDS",
    "Hop",
    "centrality",
    "explain",
    "format_path",
    "mechanism_chains",
    "mechanism_paths",
    "neighbourhood",
    "resolve_node",
    "shared_targets",
    "targets",
    "unique_targets",
]

#: Node kinds whose betweenness :func:`centrality` reports by default.
MECHANISM_KINDS: frozenset[str] = frozenset(
    {Kind.ProteinComplex, Kind.Gene, Kind.BiologicalProcess, Kind.PhysiologicalMechanism}
)
#: Node kinds that can have targets (subjects of target-family predicates).
CHEMICAL_KINDS: frozenset[str] = frozenset({Kind.Drug, Kind.DrugClass, Kind.Metabolite})
#: Predicates whose object is a molecular target of the subject.
TARGET_PREDICATES: frozenset[str] = frozenset(name for name, p in PREDICATES.items() if p.family == "target")

EdgeData = dict[str, Any]
EdgeFilter = Callable[[EdgeData], bool]


@dataclass(frozen=True)
class Hop:
    """One edge of a path, in its true direction, with the evidence behind it."""

    subject: str
    subject_label: str
    predicate: str
    object: str
    object_label: str
    statement: str
    evidence_type: str
    direction: str
    contested: bool
    citations: tuple[str, ...]
    verified: bool

    @property
    def evidence(self) -> str:
        """``predicate; evidence type; direction[; contested]; citations`` as one phrase."""
        cites = ", ".join(self.citations) or "no citation"
        flag = "; contested" if self.contested else ""
        return f"{self.predicate}; {self.evidence_type}; {self.direction}{flag}; {cites}"

    def __str__(self) -> str:
        return f"{self.subject_label} -[{self.evidence}]-> {self.object_label}"


def format_path(path: Sequence[Hop]) -> str:
    """A path on one line: ``a -[predicate; evidence; direction; citations]-> b -[...]-> c``.

    A hop walked against its direction (see :func:`explain`) is written ``b <-[...]- a``.
    """
    if not path:
        return ""
    node = path[0].subject
    if len(path) > 1:
        shared = {path[1].subject, path[1].object}
        if path[0].subject in shared and path[0].object not in shared:
            node = path[0].object
    text = ""
    for hop in path:
        forward = hop.subject == node
        here, there = (hop.subject_label, hop.object_label) if forward else (hop.object_label, hop.subject_label)
        text = text or here
        text += f" -[{hop.evidence}]-> {there}" if forward else f" <-[{hop.evidence}]- {there}"
        node = hop.object if forward else hop.subject
    return text


def _hop(g: nx.MultiDiGraph, u: str, v: str, key: Any, data: EdgeData) -> Hop:
    return Hop(
        subject=u,
        subject_label=str(g.nodes[u].get("label", u)),
        predicate=str(data.get("predicate", "")),
        object=v,
        object_label=str(g.nodes[v].get("label", v)),
        statement=str(key),
        evidence_type=str(data.get("evidence_type", "")),
        direction=str(data.get("direction", Direction.supports)),
        contested=bool(data.get("contested", False)),
        citations=tuple(data.get("citations", ()) or ()),
        verified=bool(data.get("verified", False)),
    )


def _edge_filter(
    *,
    evidence_types: Collection[str] | None = None,
    exclude_contested: bool = False,
    verified_only: bool = False,
    include_non_supporting: bool = False,
    exclude_predicates: Collection[str] = (),
) -> EdgeFilter:
    allowed = None if evidence_types is None else frozenset(str(e) for e in evidence_types)
    excluded = frozenset(exclude_predicates)

    def ok(data: EdgeData) -> bool:
        if not include_non_supporting and data.get("direction", Direction.supports) != Direction.supports:
            return False
        if data.get("predicate") in excluded:
            return False
        if allowed is not None and data.get("evidence_type") not in allowed:
            return False
        if exclude_contested and data.get("contested", False):
            return False
        return not (verified_only and not data.get("verified", False))

    return ok


# --- name resolution -------------------------------------------------------------------------------------


def _names(g: nx.MultiDiGraph) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    labels: dict[str, set[str]] = {}
    synonyms: dict[str, set[str]] = {}
    for n, data in g.nodes(data=True):
        label = data.get("label")
        if label:
            labels.setdefault(str(label).casefold(), set()).add(n)
        for syn in data.get("synonyms", ()) or ():
            synonyms.setdefault(str(syn).casefold(), set()).add(n)
    return labels, synonyms


def resolve_node(g: nx.MultiDiGraph, name: str) -> str:
    """The node a user means by ``name``: a CURIE, or a label or synonym (case-insensitive).

    Raises ValueError naming the closest labels when nothing matches, or the candidates when a name is
    ambiguous.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("CHEBI:6121", label="ketamine", synonyms=["Ketalar"])
    >>> resolve_node(g, "KETALAR"), resolve_node(g, "chebi:6121"), resolve_node(g, "Ketamine")
    ('CHEBI:6121', 'CHEBI:6121', 'CHEBI:6121')
    >>> resolve_node(g, "ketamin")
    Traceback (most recent call last):
    ...
    ValueError: no node named 'ketamin'; closest: ketamine (CHEBI:6121)
    """
    if name in g:
        return name
    key = name.strip().casefold()
    by_curie = {str(n).casefold(): n for n in g if str(n).casefold() == key}
    if len(by_curie) == 1:
        return next(iter(by_curie.values()))
    labels, synonyms = _names(g)
    for index in (labels, synonyms):
        found = index.get(key, set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            listed = ", ".join(f"{g.nodes[n].get('label', n)} ({n})" for n in sorted(found))
            raise ValueError(f"'{name}' names {len(found)} nodes: {listed}; use a CURIE")
    candidates = {**{s: n for s, ns in synonyms.items() for n in ns}, **{s: n for s, ns in labels.items() for n in ns}}
    close = difflib.get_close_matches(key, list(candidates), n=5, cutoff=0.6)
    hint = ", ".join(f"{g.nodes[candidates[c]].get('label', c)} ({candidates[c]})" for c in close)
    raise ValueError(f"no node named '{name}'; closest: {hint}" if hint else f"no node named '{name}'")


# --- mechanism paths -------------------------------------------------------------------------------------


def _sorted_out(
    g: nx.MultiDiGraph, u: str, ok: EdgeFilter, memo: dict[str, list[tuple[str, Any, EdgeData]]]
) -> list[tuple[str, Any, EdgeData]]:
    """Allowed out-edges of ``u`` ordered by statement id (computed once per search)."""
    if u not in memo:
        out = [(v, k, d) for v, keyed in g.succ[u].items() for k, d in keyed.items() if ok(d)]
        out.sort(key=lambda e: (str(e[1]), str(e[0])))
        memo[u] = out
    return memo[u]


def _distances_to(g: nx.MultiDiGraph, target: str, cutoff: int, ok: EdgeFilter) -> dict[str, int]:
    """Hops from every node to ``target`` along allowed edges, for nodes at most ``cutoff`` hops away."""
    dist = {target: 0}
    frontier = [target]
    for d in range(1, cutoff + 1):
        nxt = []
        for v in frontier:
            for u, keyed in g.pred[v].items():
                if u not in dist and any(ok(data) for data in keyed.values()):
                    dist[u] = d
                    nxt.append(u)
        frontier = nxt
        if not frontier:
            break
    return dist


def _paths_of_length(
    g: nx.MultiDiGraph,
    source: str,
    target: str,
    length: int,
    dist: dict[str, int],
    horizon: int,
    ok: EdgeFilter,
    memo: dict[str, list[tuple[str, Any, EdgeData]]],
) -> Iterator[list[tuple[str, str, Any, EdgeData]]]:
    """Simple paths of exactly ``length`` hops, in lexicographic order of their statement ids.

    ``dist`` holds the exact distance to the target of every node at most ``horizon`` hops from it, so a
    step is pruned whenever the hops left after it are within the horizon and the node is too far.
    """
    path: list[tuple[str, str, Any, EdgeData]] = []
    on_path = {source}

    def walk(u: str, left: int) -> Iterator[list[tuple[str, str, Any, EdgeData]]]:
        for v, k, d in _sorted_out(g, u, ok, memo):
            if v == target:
                if left == 1:
                    yield [*path, (u, v, k, d)]
                continue
            needed = left - 1
            if needed and v not in on_path and (needed > horizon or dist.get(v, needed + 1) <= needed):
                path.append((u, v, k, d))
                on_path.add(v)
                yield from walk(v, left - 1)
                on_path.discard(v)
                path.pop()

    yield from walk(source, length)


def mechanism_paths(
    g: nx.MultiDiGraph,
    drug: str,
    condition: str,
    *,
    max_hops: int = 4,
    evidence_types: Collection[str] | None = None,
    exclude_contested: bool = False,
    verified_only: bool = False,
    include_non_supporting: bool = False,
    exclude_predicates: Collection[str] = (),
    limit: int = 100,
) -> list[list[Hop]]:
    """Directed simple paths ``drug → … → condition`` of at most ``max_hops`` edges, with each hop's evidence.

    Only supporting edges are walked unless ``include_non_supporting``; ``evidence_types`` keeps edges of
    those evidence types, ``exclude_contested`` drops contested edges, ``verified_only`` keeps edges whose
    sources are all verified and ``exclude_predicates`` skips edges of those predicates (the named query
    ``mechanism-paths`` skips ``vocab.NON_MECHANISM_PREDICATES``: clinical, harm and hierarchy edges). At most ``limit`` paths come back: shortest first, then in order of their
    statement ids, so the same graph always gives the same list.
    """
    source, target = resolve_node(g, drug), resolve_node(g, condition)
    if source == target or max_hops < 1 or limit < 1:
        return []
    ok = _edge_filter(
        evidence_types=evidence_types,
        exclude_contested=exclude_contested,
        verified_only=verified_only,
        include_non_supporting=include_non_supporting,
        exclude_predicates=exclude_predicates,
    )
    # distances to the target only to half the hop limit: on a merged graph with hubs a deeper backward
    # search reaches every node, while this one still prunes the last half of every path
    horizon = (max_hops + 1) // 2
    dist = _distances_to(g, target, horizon, ok)
    shortest = dist.get(source, horizon + 1)
    memo: dict[str, list[tuple[str, Any, EdgeData]]] = {}

    def by_length() -> Iterator[list[tuple[str, str, Any, EdgeData]]]:
        for length in range(shortest, max_hops + 1):
            yield from _paths_of_length(g, source, target, length, dist, horizon, ok, memo)

    return [[_hop(g, u, v, k, d) for u, v, k, d in p] for p in islice(by_length(), limit)]


def mechanism_chains(
    g: nx.MultiDiGraph,
    drug: str,
    end_kinds: Collection[str],
    *,
    max_hops: int = 4,
    min_hops: int = 1,
    stop_kinds: Collection[str] = (Kind.Condition,),
    include_non_supporting: bool = False,
    limit: int = 1_000,
) -> list[list[Hop]]:
    """Directed simple paths from ``drug`` that end at a node of one of ``end_kinds``, at most ``max_hops`` long.

    The open-ended counterpart of :func:`mechanism_paths`: where no edge joins a mechanism to a disease, a
    chain ``drug → target → process`` is the whole mechanism the graph can state. Chains are maximal: one that
    ends at a process is dropped when the same hops continue to another end node (``… → TORC1 signaling →
    synapse assembly`` replaces ``… → TORC1 signaling``); a node of a ``stop_kinds`` kind (by default a
    Condition: the disease) always ends a chain. Supporting edges only unless ``include_non_supporting``;
    ordered by length, then statement ids, at most ``limit``.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("d", kind="Drug"); g.add_node("r", kind="ProteinComplex"); g.add_node("p", kind="BiologicalProcess")
    >>> g.add_edge("d", "r", key="s1", predicate="channel_blocker_of"); g.add_edge("r", "p", key="s2", predicate="causally_upstream_of")
    's1'
    's2'
    >>> [[h.statement for h in c] for c in mechanism_chains(g, "d", {"BiologicalProcess"})]
    [['s1', 's2']]
    """
    source = resolve_node(g, drug)
    ends = frozenset(str(k) for k in end_kinds)
    stops = frozenset(str(k) for k in stop_kinds)
    ok = _edge_filter(include_non_supporting=include_non_supporting)
    memo: dict[str, list[tuple[str, Any, EdgeData]]] = {}
    found: list[list[tuple[str, str, Any, EdgeData]]] = []
    path: list[tuple[str, str, Any, EdgeData]] = []
    on_path = {source}

    def walk(u: str) -> bool:
        """Extend ``path`` from ``u``; True when some extension reached an end node (so ``u``'s chain is not maximal)."""
        extended = False
        for v, k, d in _sorted_out(g, u, ok, memo):
            if v in on_path:
                continue
            path.append((u, v, k, d))
            kind = g.nodes[v].get("kind")
            longer = False
            if kind not in stops and len(path) < max_hops:
                on_path.add(v)
                longer = walk(v)
                on_path.discard(v)
            if kind in ends or kind in stops:
                if not longer and len(path) >= min_hops:
                    found.append(list(path))
                extended = True
            extended = extended or longer
            path.pop()
        return extended

    walk(source)
    found.sort(key=lambda p: (len(p), [str(k) for _u, _v, k, _d in p]))
    return [[_hop(g, u, v, k, d) for u, v, k, d in p] for p in found[:limit]]


# --- neighbourhood, targets ------------------------------------------------------------------------------


def neighbourhood(
    g: nx.MultiDiGraph, node: str, depth: int = 1, kinds: Collection[str] | None = None
) -> nx.MultiDiGraph:
    """The subgraph of nodes within ``depth`` edges of ``node`` (either direction, any evidence).

    With ``kinds``, only nodes of those kinds are kept (the centre always is); nodes are reached through
    any node, so a kind filter shows e.g. the conditions two hops from a drug without the targets between.
    The result is a copy holding every edge among the kept nodes.
    """
    centre = resolve_node(g, node)
    seen = {centre}
    frontier = [centre]
    for _ in range(max(depth, 0)):
        nxt = []
        for u in frontier:
            for v in (*g.succ[u], *g.pred[u]):
                if v not in seen:
                    seen.add(v)
                    nxt.append(v)
        frontier = nxt
    if kinds is not None:
        wanted = frozenset(str(k) for k in kinds)
        seen = {n for n in seen if n == centre or g.nodes[n].get("kind") in wanted}
    return g.subgraph(seen).copy()


def targets(g: nx.MultiDiGraph, drug: str) -> list[str]:
    """Objects of the drug's supporting target-family edges (antagonist_of, channel_blocker_of, binds, …)."""
    return sorted(_targets_of(g, resolve_node(g, drug)))


def _targets_of(g: nx.MultiDiGraph, n: str) -> set[str]:
    return {
        v
        for v, keyed in g.succ[n].items()
        if any(
            d.get("predicate") in TARGET_PREDICATES and d.get("direction") == Direction.supports for d in keyed.values()
        )
    }


def _hitters_of(g: nx.MultiDiGraph, t: str) -> set[str]:
    return {
        u
        for u, keyed in g.pred[t].items()
        if g.nodes[u].get("kind") in CHEMICAL_KINDS
        and any(
            d.get("predicate") in TARGET_PREDICATES and d.get("direction") == Direction.supports for d in keyed.values()
        )
    }


def shared_targets(g: nx.MultiDiGraph, drug: str) -> dict[str, list[str]]:
    """Other chemicals (drugs, classes, metabolites) that share a target with ``drug``: chemical → shared targets."""
    n = resolve_node(g, drug)
    shared: dict[str, set[str]] = {}
    for t in _targets_of(g, n):
        for other in _hitters_of(g, t) - {n}:
            shared.setdefault(other, set()).add(t)
    return {other: sorted(ts) for other, ts in sorted(shared.items())}


def unique_targets(g: nx.MultiDiGraph, drug: str) -> list[str]:
    """Targets of ``drug`` that no other chemical in the graph targets."""
    n = resolve_node(g, drug)
    return sorted(t for t in _targets_of(g, n) if not (_hitters_of(g, t) - {n}))


# --- explanation -----------------------------------------------------------------------------------------


def _undirected_steps(g: nx.MultiDiGraph, u: str, ok: EdgeFilter) -> list[tuple[str, tuple[str, str, Any, EdgeData]]]:
    """Neighbours of ``u`` over allowed edges in either direction, each with its lowest-keyed edge, sorted."""
    best: dict[str, tuple[str, str, Any, EdgeData]] = {}
    for v, keyed in g.succ[u].items():
        for k, d in keyed.items():
            if ok(d) and (v not in best or str(k) < str(best[v][2])):
                best[v] = (u, v, k, d)
    for v, keyed in g.pred[u].items():
        for k, d in keyed.items():
            if ok(d) and (v not in best or str(k) < str(best[v][2])):
                best[v] = (v, u, k, d)
    return sorted(best.items(), key=lambda item: str(item[0]))


def explain(
    g: nx.MultiDiGraph, a: str, b: str, max_hops: int = 6, *, include_non_supporting: bool = False
) -> list[Hop] | None:
    """The shortest chain of statements linking ``a`` and ``b``, ignoring edge direction; None if none within ``max_hops``.

    Each hop is reported in its true direction, so a chain may read ``a → x ← b``. Ties are broken by
    node id, so the answer is stable.
    """
    start, end = resolve_node(g, a), resolve_node(g, b)
    if start == end:
        return []
    ok = _edge_filter(include_non_supporting=include_non_supporting)
    parents: tuple[dict, dict] = ({start: None}, {end: None})
    frontiers: tuple[list[str], list[str]] = ([start], [end])
    hops = 0
    while frontiers[0] and frontiers[1] and hops < max_hops:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, other = parents[side], parents[1 - side]
        nxt: list[str] = []
        for u in frontiers[side]:
            for v, edge in _undirected_steps(g, u, ok):
                if v not in mine:
                    mine[v] = (u, edge)
                    nxt.append(v)
        hops += 1
        meet = sorted((v for v in nxt if v in other), key=str)
        if meet:
            return _join(g, parents[0], parents[1], meet[0])
        frontiers = (nxt, frontiers[1]) if side == 0 else (frontiers[0], nxt)
    return None


def _join(g: nx.MultiDiGraph, from_start: dict, from_end: dict, middle: str) -> list[Hop]:
    first: list[tuple[str, str, Any, EdgeData]] = []
    n = middle
    while from_start[n] is not None:
        n, edge = from_start[n]
        first.append(edge)
    second: list[tuple[str, str, Any, EdgeData]] = []
    n = middle
    while from_end[n] is not None:
        n, edge = from_end[n]
        second.append(edge)
    return [_hop(g, *e) for e in [*reversed(first), *second]]


# --- centrality ------------------------------------------------------------------------------------------


def centrality(
    g: nx.MultiDiGraph,
    kinds: Collection[str] = MECHANISM_KINDS,
    *,
    k: int | None = None,
    seed: int = 42,
) -> list[tuple[str, float]]:
    """Betweenness centrality of mechanism nodes (complexes, genes, processes, mechanisms), highest first.

    Computed on the directed graph of supporting edges (parallel edges collapsed), so a node scores by
    how many shortest drug → … → condition chains pass through it. ``k`` samples that many source nodes
    (seeded) for an estimate on large merged graphs.
    """
    ok = _edge_filter()
    simple = nx.DiGraph()
    simple.add_nodes_from(g.nodes)
    simple.add_edges_from((u, v) for u, v, d in g.edges(data=True) if ok(d))
    scores = nx.betweenness_centrality(simple, k=k, seed=seed if k is not None else None, normalized=True)
    wanted = frozenset(str(kd) for kd in kinds)
    ranked = [(n, float(s)) for n, s in scores.items() if g.nodes[n].get("kind") in wanted]
    ranked.sort(key=lambda item: (-item[1], str(item[0])))
    return ranked
