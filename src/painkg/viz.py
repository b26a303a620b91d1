"""Self-contained HTML network views of painkg (vis-network inlined; nothing is fetched from the network).

The page is built without pyvis's ``Network``/``add_node`` loop and without its CDN template: node
positions come from a seeded force-directed layout computed here in numpy (so physics stays off in the
browser and the page is drawn at once), node and edge lists are written as one JSON block, and the
vis-network script shipped inside the installed pyvis package is inlined into our own template. Every
label and tooltip is passed as data and shown with ``textContent``, so a hostile label is shown as text.

Views: the whole graph (:func:`whole_view`), the neighbourhood of a node (:func:`focus_view`) and the
mechanism paths between a drug and a condition (:func:`paths_view`); :func:`show_inline` displays any of
them in a Jupyter notebook.

>>> from painkg.paths import package_root
>>> g = load_graph(package_root() / "tests" / "fixtures" / "mini")
>>> html = focus_view(g, "ketamine", depth=1)
>>> html.startswith("<!DOCTYPE html>") and "<script src" not in html
True
"""

from __future__ import annotations

import html as htmllib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from painkg.curation import Problem
from painkg.graph import to_networkx
from painkg.pipeline import Build, InvalidDataError, check
from painkg.traverse import Hop, mechanism_paths, neighbourhood, resolve_node
from painkg.vocab import PREDICATES, Direction, EvidenceType, Kind

__all__ = [
    "DEFAULT_FOCUS",
    "EVIDENCE_WIDTH",
    "FAMILY_COLOURS",
    "KIND_STYLES",
    "MAX_NODES",
    "InlineView",
    "NoPathError",
    "ViewTooLargeError",
    "default_views",
    "focus_view",
    "load_graph",
    "paths_view",
    "render_html",
    "show_inline",
    "view",
    "vis_js",
    "whole_view",
    "write_view",
]

#: Views with more nodes than this are refused: a browser tab cannot show them readably.
MAX_NODES = 2000
#: The node of the focus view written by ``painkg build`` (ketamine).
DEFAULT_FOCUS = "CHEBI:6121"

#: kind -> (colour, vis shape); the legend draws the same shape
KIND_STYLES: dict[str, tuple[str, str]] = {
    Kind.Drug: ("#d95f02", "diamond"),
    Kind.DrugClass: ("#e6ab02", "hexagon"),
    Kind.Metabolite: ("#a6761d", "triangleDown"),
    Kind.Gene: ("#1f78b4", "dot"),
    Kind.ProteinComplex: ("#6a9fd4", "square"),
    Kind.BiologicalProcess: ("#1b9e77", "triangle"),
    Kind.PhysiologicalMechanism: ("#66c2a5", "star"),
    Kind.Condition: ("#7570b3", "box"),
    Kind.AdverseEffect: ("#e7298a", "ellipse"),
    Kind.Procedure: ("#666666", "database"),
}
_OTHER_KIND = ("#9e9e9e", "dot")

#: predicate family -> edge colour (supporting evidence); see vocab.PredicateInfo.family
FAMILY_COLOURS: dict[str, str] = {
    "target": "#1f77b4",
    "mechanism": "#2ca02c",
    "clinical": "#9467bd",
    "harm": "#ff7f0e",
    "metabolism": "#8c564b",
    "structure": "#7f7f7f",
    "association": "#17becf",
    "other": "#bcbd22",
}
#: direction -> (colour, arrow type, dash pattern) for evidence that does not support the edge
NON_SUPPORTING: dict[str, tuple[str, str, list[int]]] = {
    Direction.refutes: ("#d62728", "bar", [3, 8]),
    Direction.no_effect: ("#555555", "circle", [3, 8]),
}
CONTESTED_DASHES = [10, 6]
#: evidence type -> edge width, strongest first (the order of the legend and of the filter)
EVIDENCE_WIDTH: dict[str, float] = {
    EvidenceType.clinical: 5.0,
    EvidenceType.guideline: 4.5,
    EvidenceType.label: 4.0,
    EvidenceType.human_experimental: 3.5,
    EvidenceType.review: 2.5,
    EvidenceType.animal: 2.0,
    EvidenceType.in_vitro: 1.5,
}


class ViewTooLargeError(ValueError):
    """The view has more nodes than a browser tab can show readably; narrow it with a focus."""


class NoPathError(ValueError):
    """No mechanism path links the drug and the condition within the hop limit."""


# --- data loading ----------------------------------------------------------------------------------------


def load_graph(data: Path | None = None) -> nx.MultiDiGraph:
    """The networkx view of ``data`` (default: the packaged data), with synonyms so names resolve.

    Only reads and validates the TSVs (no RDF, no SHACL): a view needs nothing more. Raises
    :class:`painkg.pipeline.InvalidDataError` when the data have errors.
    """
    ds, problems = check(Path(data) if data else None)
    errors: list[Problem] = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidDataError(problems)
    return to_networkx(ds)


@cache
def vis_js() -> str:
    """The vis-network script shipped in the installed pyvis package (newest version it bundles)."""
    lib = resources.files("pyvis") / "lib"
    candidates = []
    for folder in lib.iterdir():
        m = re.fullmatch(r"vis-(\d+)\.(\d+)\.(\d+)", folder.name)
        script = folder / "vis-network.min.js"
        if m and script.is_file():
            candidates.append((tuple(int(x) for x in m.groups()), script))
    if not candidates:
        raise FileNotFoundError(f"no vis-network.min.js under {lib}; reinstall pyvis")
    text = max(candidates, key=lambda c: c[0])[1].read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script")


# --- layout ----------------------------------------------------------------------------------------------


def _layout(n: int, edges: Sequence[tuple[int, int]], seed: int, iterations: int = 50) -> np.ndarray:
    """Fruchterman–Reingold positions in about [0, 1]², numpy only (dense repulsion, sparse attraction)."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    if n < 2:
        return pos
    src = np.fromiter((e[0] for e in edges), dtype=np.intp, count=len(edges))
    dst = np.fromiter((e[1] for e in edges), dtype=np.intp, count=len(edges))
    k = np.float32(math.sqrt(1.0 / n))
    temperature, cooling = 0.1, 0.1 / (iterations + 1)
    for _ in range(iterations):
        rep = np.subtract.outer(pos[:, 0], pos[:, 0])
        rep *= rep
        dy = np.subtract.outer(pos[:, 1], pos[:, 1])
        rep += dy * dy
        np.maximum(rep, np.float32(1e-4), out=rep)
        np.divide(k * k, rep, out=rep)
        np.fill_diagonal(rep, 0.0)
        disp = pos * rep.sum(axis=1)[:, None] - rep @ pos
        if len(edges):
            delta = pos[src] - pos[dst]
            dist = np.sqrt((delta * delta).sum(axis=1))
            pull = delta * (dist / k)[:, None]
            np.subtract.at(disp, src, pull)
            np.add.at(disp, dst, pull)
        disp += (np.float32(0.5) - pos) * np.float32(0.05 * n * k)  # weak gravity keeps components together
        length = np.sqrt((disp * disp).sum(axis=1))
        np.maximum(length, np.float32(1e-2), out=length)
        pos += disp * (np.float32(temperature) / length)[:, None]
        temperature -= cooling
    return pos


def _positions(nodes: Sequence[str], g: nx.MultiDiGraph, seed: int) -> dict[str, tuple[float, float]]:
    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in g.edges() if u != v})
    pos = _layout(len(nodes), pairs, seed)
    pos = pos - pos.mean(axis=0) if len(nodes) else pos
    extent = float(np.abs(pos).max()) if len(nodes) > 1 else 1.0
    scale = 100.0 * math.sqrt(max(len(nodes), 4)) / (extent or 1.0)
    return {n: (round(float(pos[i, 0]) * scale, 1), round(float(pos[i, 1]) * scale, 1)) for n, i in index.items()}


# --- page data -------------------------------------------------------------------------------------------


def _node_tip(curie: str, data: dict[str, Any]) -> str:
    return f"{data.get('label', curie)}\n{curie}\nkind: {data.get('kind', 'unknown')}"


def _edge_tip(g: nx.MultiDiGraph, u: str, v: str, key: Any, d: dict[str, Any]) -> str:
    lines = [
        f"{g.nodes[u].get('label', u)} → {g.nodes[v].get('label', v)}",
        f"predicate: {d.get('predicate', '')}",
        f"evidence type: {d.get('evidence_type', '')}",
        f"direction: {d.get('direction', '')}" + (" (contested)" if d.get("contested") else ""),
        f"verified sources: {'yes' if d.get('verified') else 'not all'}",
        f"statement: {key}",
    ]
    for label, attr in (("route", "route"), ("context", "context")):
        if d.get(attr):
            lines.append(f"{label}: {d[attr]}")
    cites = d.get("citations") or []
    lines.append("citations: " + (", ".join(cites) if cites else "none"))
    return "\n".join(lines)


def _edge_style(d: dict[str, Any]) -> dict[str, Any]:
    family = PREDICATES[d["predicate"]].family if d.get("predicate") in PREDICATES else "other"
    direction = str(d.get("direction", Direction.supports))
    width = EVIDENCE_WIDTH.get(str(d.get("evidence_type", "")), 1.0)
    if direction in NON_SUPPORTING:
        colour, arrow, dashes = NON_SUPPORTING[direction]
        return {"family": family, "color": colour, "arrow": arrow, "dashes": dashes, "width": width}
    dashes: list[int] | bool = CONTESTED_DASHES if d.get("contested") else False
    return {"family": family, "color": FAMILY_COLOURS[family], "arrow": "arrow", "dashes": dashes, "width": width}


def _edge_ids(g: nx.MultiDiGraph) -> dict[tuple[str, str, Any], str]:
    keys = Counter(str(k) for _u, _v, k in g.edges(keys=True))
    return {(u, v, k): (str(k) if keys[str(k)] == 1 else f"{u}|{v}|{k}") for u, v, k in g.edges(keys=True)}


def _page_data(g: nx.MultiDiGraph, title: str, highlight: Sequence[Sequence[Hop]] | None, seed: int) -> dict[str, Any]:
    nodes = sorted(g.nodes, key=str)
    pos = _positions(nodes, g, seed)
    degree = dict(g.degree())
    node_rows = []
    for n in nodes:
        data = g.nodes[n]
        colour, shape = KIND_STYLES.get(str(data.get("kind", "")), _OTHER_KIND)
        node_rows.append(
            {
                "id": str(n),
                "label": str(data.get("label", n)),
                "kind": str(data.get("kind", "")),
                "tip": _node_tip(str(n), data),
                "x": pos[n][0],
                "y": pos[n][1],
                "color": colour,
                "shape": shape,
                "size": round(10 + 3 * math.sqrt(degree.get(n, 0)), 1),
            }
        )
    ids = _edge_ids(g)
    edge_rows = []
    parallel: Counter[tuple[str, str]] = Counter()
    for u, v, k in sorted(g.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        d = g.edges[u, v, k]
        pair = (min(str(u), str(v)), max(str(u), str(v)))
        rank = parallel[pair]
        parallel[pair] += 1
        edge_rows.append(
            {
                "id": ids[(u, v, k)],
                "from": str(u),
                "to": str(v),
                "predicate": str(d.get("predicate", "")),
                "evidence": str(d.get("evidence_type", "")),
                "direction": str(d.get("direction", "")),
                "contested": bool(d.get("contested", False)),
                "cites": [str(c) for c in d.get("citations") or []],
                "tip": _edge_tip(g, u, v, k, d),
                "curve": round(0.2 * rank, 2),
                **_edge_style(d),
            }
        )
    kinds = Counter(r["kind"] for r in node_rows)
    families = Counter(r["family"] for r in edge_rows)
    evidence = Counter(r["evidence"] for r in edge_rows)
    directions = Counter(r["direction"] for r in edge_rows)
    order = {e: i for i, e in enumerate(EVIDENCE_WIDTH)}
    paths = []
    for p in highlight or []:
        edge_ids = [ids.get((h.subject, h.object, h.statement)) or h.statement for h in p]
        hop_nodes = [p[0].subject, *(h.object for h in p)] if p else []
        label = " → ".join([p[0].subject_label, *(h.object_label for h in p)]) if p else ""
        paths.append({"label": label, "edges": edge_ids, "nodes": hop_nodes})
    return {
        "title": title,
        "nodes": node_rows,
        "edges": edge_rows,
        "kinds": [
            {"kind": k, "count": c, "color": s[0], "shape": s[1]}
            for k, c in sorted(kinds.items())
            for s in [KIND_STYLES.get(k, _OTHER_KIND)]
        ],
        "families": [{"family": f, "count": c, "color": FAMILY_COLOURS[f]} for f, c in sorted(families.items())],
        "evidence": [
            {"type": e, "count": c, "width": EVIDENCE_WIDTH.get(e, 1.0)}
            for e, c in sorted(evidence.items(), key=lambda item: (order.get(item[0], 99), item[0]))
        ],
        "directions": {k: directions[k] for k in sorted(directions)},
        "contested": sum(1 for r in edge_rows if r["contested"]),
        "paths": paths,
    }


def _json_for_html(value: Any) -> str:
    """JSON safe inside an HTML ``<script>`` block: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


# --- rendering -------------------------------------------------------------------------------------------


def render_html(
    g: nx.MultiDiGraph,
    *,
    title: str = "painkg",
    highlight: Sequence[Sequence[Hop]] | None = None,
    seed: int = 42,
    max_nodes: int = MAX_NODES,
) -> str:
    """One self-contained HTML page showing ``g``; ``highlight`` paths can be picked and emphasised.

    Raises :class:`ViewTooLargeError` when ``g`` has more than ``max_nodes`` nodes. The same graph and
    seed give the same bytes.
    """
    n = g.number_of_nodes()
    if n > max_nodes:
        raise ViewTooLargeError(
            f"{title}: {n} nodes is more than the {max_nodes} a browser tab can show readably; "
            "narrow the view with --focus NODE --depth K (Python: focus_view(g, node, depth)) or --kinds KIND ..."
        )
    data = _page_data(g, title, highlight, seed)
    return (
        _TEMPLATE.replace("@@TITLE@@", htmllib.escape(title))
        .replace("@@CSS@@", _CSS)
        .replace("@@VIS@@", vis_js())
        .replace("@@DATA@@", _json_for_html(data))
        .replace("@@APP@@", _APP_JS)
    )


def write_view(html: str, out: str | Path) -> Path:
    """Write a rendered page to ``out`` (parent folders created) and return the path."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def _label(g: nx.MultiDiGraph, n: str) -> str:
    return str(g.nodes[n].get("label", n))


def whole_view(
    g: nx.MultiDiGraph,
    *,
    kinds: Collection[str] | None = None,
    title: str = "painkg — curated graph",
    seed: int = 42,
    max_nodes: int = MAX_NODES,
) -> str:
    """The whole graph (optionally only nodes of ``kinds``) as one page.

    Imported ontology classes (kind OntologyClass: the is_a hierarchy above the curated conditions) are left out
    unless ``kinds`` asks for them.
    """
    if kinds is not None:
        wanted = frozenset(str(k) for k in kinds)
        g = g.subgraph([n for n, k in g.nodes(data="kind") if k in wanted])
        title = f"{title} ({', '.join(sorted(wanted))})"
    else:
        g = g.subgraph([n for n, k in g.nodes(data="kind") if k != "OntologyClass"])
    return render_html(g, title=title, seed=seed, max_nodes=max_nodes)


def focus_view(
    g: nx.MultiDiGraph,
    node: str,
    depth: int = 2,
    kinds: Collection[str] | None = None,
    *,
    seed: int = 42,
    max_nodes: int = MAX_NODES,
) -> str:
    """The neighbourhood of ``node`` (CURIE, label or synonym) to ``depth`` edges, optionally kind-filtered."""
    centre = resolve_node(g, node)
    if kinds is None:  # the imported ontology hierarchy is context, not part of a focus
        g = g.subgraph([n for n, k in g.nodes(data="kind") if k != "OntologyClass" or n == centre])
    sub = neighbourhood(g, centre, depth, kinds)
    title = f"painkg — {_label(g, centre)} ({centre}), depth {depth}"
    if kinds:
        title += f", kinds {', '.join(sorted(str(k) for k in kinds))}"
    return render_html(sub, title=title, seed=seed, max_nodes=max_nodes)


def paths_view(
    g: nx.MultiDiGraph,
    drug: str,
    condition: str,
    max_hops: int = 4,
    *,
    limit: int = 100,
    seed: int = 42,
    max_nodes: int = MAX_NODES,
    **filters: Any,
) -> str:
    """Mechanism paths ``drug → … → condition`` (see :func:`painkg.traverse.mechanism_paths`), highlighted.

    The page shows the nodes on the paths and every edge among them (refuting and no-effect evidence
    too); a menu picks one path to emphasise. Raises :class:`NoPathError` when there is none.
    """
    source, target = resolve_node(g, drug), resolve_node(g, condition)
    paths = mechanism_paths(g, source, target, max_hops=max_hops, limit=limit, **filters)
    if not paths:
        raise NoPathError(
            f"no mechanism path from {_label(g, source)} ({source}) to {_label(g, target)} ({target}) "
            f"within {max_hops} hops; try a larger --max-hops or --focus {source}"
        )
    nodes = {source, target} | {h.object for p in paths for h in p}
    title = f"painkg — mechanism paths {_label(g, source)} → {_label(g, target)} (≤ {max_hops} hops)"
    return render_html(g.subgraph(nodes).copy(), title=title, highlight=paths, seed=seed, max_nodes=max_nodes)


def view(
    g: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 2,
    paths: Sequence[str] | None = None,
    kinds: Collection[str] | None = None,
    max_hops: int = 4,
) -> str:
    """The page ``painkg viz`` writes: a paths view, a focus view, or the whole graph."""
    if paths:
        drug, condition = paths
        return paths_view(g, drug, condition, max_hops)
    if focus:
        return focus_view(g, focus, depth, kinds)
    return whole_view(g, kinds=kinds)


def default_views(b: Build, notice: Callable[[str], None] | None = None) -> dict[str, str]:
    """The pages ``painkg build`` writes: ``painkg.html`` (whole graph) and ``painkg-ketamine.html`` (depth 2).

    A page that cannot be made (graph too large, ketamine absent) is skipped and ``notice`` is told why.
    """
    say = notice or (lambda _msg: None)
    pages: dict[str, str] = {}
    try:
        pages["painkg.html"] = whole_view(b.nx)
    except ViewTooLargeError as exc:
        say(f"skipped painkg.html: {exc}")
    if DEFAULT_FOCUS in b.nx:
        try:
            pages["painkg-ketamine.html"] = focus_view(b.nx, DEFAULT_FOCUS, 2)
        except ViewTooLargeError as exc:
            say(f"skipped painkg-ketamine.html: {exc}")
    else:
        say(f"skipped painkg-ketamine.html: {DEFAULT_FOCUS} (ketamine) is not in the graph")
    return pages


# --- Jupyter ---------------------------------------------------------------------------------------------


class InlineView:
    """A page shown inline by Jupyter (``_repr_html_``): an ``<iframe srcdoc>`` holding the escaped HTML."""

    def __init__(self, html: str, height: int = 650):
        self.html = html
        self.height = height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{htmllib.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'style="width: 100%; height: {int(self.height)}px; border: 1px solid #ddd;"></iframe>'
        )


def show_inline(html: str, height: int = 650) -> InlineView:
    """Wrap a rendered page for display in a notebook cell: ``show_inline(focus_view(kg.nx, "ketamine"))``."""
    return InlineView(html, height)


# --- page template ---------------------------------------------------------------------------------------

_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
body { display: flex; }
#side { width: 320px; flex: none; height: 100vh; overflow-y: auto; padding: 10px 12px; border-right: 1px solid #ddd;
  background: #fafafa; }
#graph { flex: 1; height: 100vh; min-width: 0; }
h1 { font-size: 15px; margin: 0 0 4px; }
h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #555; margin: 12px 0 4px; }
#counts { color: #555; }
#search { width: 100%; padding: 4px 6px; }
#search-count { color: #555; font-size: 12px; }
.row { display: flex; align-items: center; gap: 6px; margin: 1px 0; }
.glyph { flex: none; }
.count { color: #777; margin-left: auto; }
svg.line { flex: none; }
#details { white-space: pre-line; background: #fff; border: 1px solid #ddd; padding: 6px; min-height: 3em;
  overflow-wrap: anywhere; }
#details a { display: inline-block; margin-right: 8px; }
#path-select { width: 100%; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 5px 7px; white-space: pre-line; max-width: 440px;
  font-size: 12px; background: #fffff4; border: 1px solid #888; border-radius: 3px;
  box-shadow: 2px 2px 8px rgba(0,0,0,.2); pointer-events: none; z-index: 5; overflow-wrap: anywhere; }
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>@@CSS@@</style>
</head>
<body>
<aside id="side">
  <h1 id="title">@@TITLE@@</h1>
  <div id="counts"></div>
  <h2>Search</h2>
  <input id="search" type="search" placeholder="label or CURIE, Enter to select" autocomplete="off">
  <div id="search-count"></div>
  <section id="paths-box" hidden>
    <h2>Mechanism paths</h2>
    <select id="path-select"></select>
  </section>
  <h2>Selected</h2>
  <div id="details">Click a node or an edge.</div>
  <section id="legend">
    <h2>Node kinds (tick to show)</h2>
    <div id="legend-kinds"></div>
    <h2>Edges: predicate family</h2>
    <div id="legend-families"></div>
    <h2>Edges: evidence (tick to show)</h2>
    <div id="legend-evidence"></div>
    <h2>Edges: style</h2>
    <div id="legend-styles"></div>
  </section>
</aside>
<main id="graph"></main>
<script>@@VIS@@</script>
<script type="application/json" id="painkg-data">@@DATA@@</script>
<script>@@APP@@</script>
</body>
</html>
"""

_APP_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("painkg-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function tipElement(text) { return el("div", "painkg-tip", text); }
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  var SHAPES = {
    diamond: ["polygon", { points: "8,1 15,8 8,15 1,8" }],
    hexagon: ["polygon", { points: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8" }],
    triangleDown: ["polygon", { points: "1,2 15,2 8,15" }],
    triangle: ["polygon", { points: "8,1 15,14 1,14" }],
    square: ["rect", { x: 2, y: 2, width: 12, height: 12 }],
    star: ["polygon", { points: "8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.7 3.2,15 5,9.5 0.5,6 6,6" }],
    box: ["rect", { x: 0.5, y: 4, width: 15, height: 8, rx: 2 }],
    ellipse: ["ellipse", { cx: 8, cy: 8, rx: 7.5, ry: 4.5 }],
    database: ["rect", { x: 3, y: 1, width: 10, height: 14, rx: 4 }],
    dot: ["circle", { cx: 8, cy: 8, r: 6 }]
  };
  function glyph(shape, color) {
    var svg = svgEl("svg", { "class": "glyph", width: 16, height: 16, viewBox: "0 0 16 16" });
    var s = SHAPES[shape] || SHAPES.dot, attrs = {};
    Object.keys(s[1]).forEach(function (k) { attrs[k] = s[1][k]; });
    attrs.fill = color; attrs.stroke = "#333333"; attrs["stroke-width"] = 0.8;
    svg.appendChild(svgEl(s[0], attrs));
    return svg;
  }
  function line(color, width, dashes, arrow) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "line"); svg.setAttribute("width", "44"); svg.setAttribute("height", "12");
    var l = document.createElementNS(SVG, "line");
    l.setAttribute("x1", "2"); l.setAttribute("y1", "6"); l.setAttribute("x2", "36"); l.setAttribute("y2", "6");
    l.setAttribute("stroke", color); l.setAttribute("stroke-width", String(width));
    if (dashes) l.setAttribute("stroke-dasharray", dashes.join(" "));
    svg.appendChild(l);
    var end;
    if (arrow === "bar") {
      end = document.createElementNS(SVG, "line");
      end.setAttribute("x1", "38"); end.setAttribute("y1", "1"); end.setAttribute("x2", "38"); end.setAttribute("y2", "11");
      end.setAttribute("stroke", color); end.setAttribute("stroke-width", "2");
    } else if (arrow === "circle") {
      end = document.createElementNS(SVG, "circle");
      end.setAttribute("cx", "39"); end.setAttribute("cy", "6"); end.setAttribute("r", "3.5"); end.setAttribute("fill", color);
    } else {
      end = document.createElementNS(SVG, "polygon");
      end.setAttribute("points", "34,1 43,6 34,11"); end.setAttribute("fill", color);
    }
    svg.appendChild(end);
    return svg;
  }

  function visNode(n) {
    return {
      id: n.id, label: n.label, kind: n.kind, tip: n.tip, x: n.x, y: n.y, shape: n.shape, size: n.size,
      color: { background: n.color, border: "#333333", highlight: { background: n.color, border: "#000000" },
               hover: { background: n.color, border: "#000000" } },
      title: tipElement(n.tip), opacity: 1, hidden: false
    };
  }
  function edgeColor(e, opacity) {
    return { color: e.color, highlight: e.color, hover: e.color, opacity: opacity };
  }
  function visEdge(e) {
    return {
      id: e.id, from: e.from, to: e.to, tip: e.tip, cites: e.cites, evidence: e.evidence, baseColor: e.color,
      baseWidth: e.width, width: e.width, dashes: e.dashes, color: edgeColor(e, 1),
      arrows: { to: { enabled: true, type: e.arrow, scaleFactor: 0.6 } },
      smooth: e.curve ? { enabled: true, type: "curvedCW", roundness: e.curve } : false,
      title: tipElement(e.tip), hidden: false
    };
  }

  var nodes = new vis.DataSet(DATA.nodes.map(visNode));
  var edges = new vis.DataSet(DATA.edges.map(visEdge));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 42 },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: DATA.edges.length > 1500 },
    nodes: { font: { size: 13, face: "system-ui, sans-serif" }, borderWidth: 1, widthConstraint: { maximum: 170 } },
    edges: { selectionWidth: 2, hoverWidth: 1 }
  });

  document.getElementById("counts").textContent =
    DATA.nodes.length + " nodes · " + DATA.edges.length + " edges" +
    (DATA.contested ? " · " + DATA.contested + " contested" : "");

  // --- details panel ---
  var details = document.getElementById("details");
  function citationLink(c) {
    // a link is followed only when the reader clicks it; nothing is fetched while the page loads
    var m, url = null;
    if ((m = /^PMID:(\d+)$/.exec(c))) url = "https://pubmed.ncbi.nlm.nih.gov/" + m[1] + "/";
    else if ((m = /^DOI:(10\.\S+)$/.exec(c))) url = "https://doi.org/" + encodeURI(m[1]);
    else if (/^https?:\/\/\S+$/.test(c)) url = c;
    if (!url) return null;
    var a = el("a", "cite", c);
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function showDetails(item) {
    details.replaceChildren();
    if (!item) { details.textContent = "Click a node or an edge."; return; }
    details.appendChild(el("div", "tip", item.tip));
    var links = (item.cites || []).map(citationLink).filter(Boolean);
    if (links.length) {
      var box = el("div", "links");
      links.forEach(function (a) { box.appendChild(a); });
      details.appendChild(box);
    }
  }
  function selectNode(id) {
    if (!nodes.get(id)) return false;
    network.selectNodes([id]);
    showDetails(nodes.get(id));
    return true;
  }
  network.on("click", function (p) {
    if (p.nodes.length) showDetails(nodes.get(p.nodes[0]));
    else if (p.edges.length) showDetails(edges.get(p.edges[0]));
    else showDetails(null);
  });

  // --- search ---
  var search = document.getElementById("search");
  var searchCount = document.getElementById("search-count");
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    return nodes.get({ filter: function (n) {
      return !n.hidden && (n.label.toLowerCase().indexOf(q) >= 0 || n.id.toLowerCase() === q);
    } }).map(function (n) { return n.id; });
  }
  search.addEventListener("input", function () {
    var m = matches(search.value);
    network.selectNodes(m);
    searchCount.textContent = search.value.trim() ? m.length + " match" + (m.length === 1 ? "" : "es") : "";
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var m = matches(search.value);
    if (m.length) { selectNode(m[0]); network.focus(m[0], { scale: 1.2, animation: false }); }
  });

  // --- legend and filters ---
  function row(parent, checkbox, attr, value) {
    var r = el("label", "row");
    if (checkbox) {
      var cb = el("input");
      cb.type = "checkbox"; cb.checked = true; cb.setAttribute(attr, value);
      cb.addEventListener("change", applyFilters);
      r.appendChild(cb);
    }
    parent.appendChild(r);
    return r;
  }
  var kindBox = document.getElementById("legend-kinds");
  DATA.kinds.forEach(function (k) {
    var r = row(kindBox, true, "data-kind", k.kind);
    r.appendChild(glyph(k.shape, k.color));
    r.appendChild(el("span", "name", k.kind));
    r.appendChild(el("span", "count", String(k.count)));
  });
  var famBox = document.getElementById("legend-families");
  DATA.families.forEach(function (f) {
    var r = row(famBox, false);
    r.appendChild(line(f.color, 3, null, "arrow"));
    r.appendChild(el("span", "name", f.family));
    r.appendChild(el("span", "count", String(f.count)));
  });
  var evBox = document.getElementById("legend-evidence");
  DATA.evidence.forEach(function (e) {
    var r = row(evBox, true, "data-evidence", e.type);
    r.appendChild(line("#444444", e.width, null, "arrow"));
    r.appendChild(el("span", "name", e.type ? e.type.replace(/_/g, " ") : "(not given)"));
    r.appendChild(el("span", "count", String(e.count)));
  });
  var styleBox = document.getElementById("legend-styles");
  [["#444444", 3, null, "arrow", "supports (width = evidence strength)"],
   ["#444444", 3, [10, 6], "arrow", "contested (dashed)"],
   ["#d62728", 3, [3, 4], "bar", "refutes (red dotted, bar end)"],
   ["#555555", 3, [3, 4], "circle", "no effect (grey dotted, circle end)"]].forEach(function (s) {
    var r = row(styleBox, false);
    r.appendChild(line(s[0], s[1], s[2], s[3]));
    r.appendChild(el("span", "name", s[4]));
  });

  function checked(attr) {
    var out = {};
    document.querySelectorAll("input[" + attr + "]").forEach(function (cb) {
      if (cb.checked) out[cb.getAttribute(attr)] = true;
    });
    return out;
  }
  function applyFilters() {
    var kinds = checked("data-kind"), evs = checked("data-evidence");
    var nu = [], eu = [];
    nodes.forEach(function (n) { var h = !kinds[n.kind]; if (h !== n.hidden) nu.push({ id: n.id, hidden: h }); });
    edges.forEach(function (e) { var h = !evs[e.evidence]; if (h !== e.hidden) eu.push({ id: e.id, hidden: h }); });
    nodes.update(nu); edges.update(eu);
  }

  // --- path highlight ---
  function highlight(pathIndexes) {
    var onNodes = {}, onEdges = {}, all = pathIndexes === null;
    (all ? [] : pathIndexes).forEach(function (i) {
      DATA.paths[i].nodes.forEach(function (n) { onNodes[n] = true; });
      DATA.paths[i].edges.forEach(function (e) { onEdges[e] = true; });
    });
    nodes.update(nodes.map(function (n) { return { id: n.id, opacity: all || onNodes[n.id] ? 1 : 0.2 }; }));
    edges.update(edges.map(function (e) {
      var on = all || onEdges[e.id];
      return { id: e.id, color: edgeColor({ color: e.baseColor }, on ? 1 : 0.12),
               width: !all && on ? e.baseWidth + 3 : e.baseWidth };
    }));
  }
  if (DATA.paths.length) {
    document.getElementById("paths-box").hidden = false;
    var sel = document.getElementById("path-select");
    var optAll = el("option", null, "all " + DATA.paths.length + " path(s)"); optAll.value = "all"; sel.appendChild(optAll);
    DATA.paths.forEach(function (p, i) {
      var o = el("option", null, (i + 1) + ". " + p.label + " (" + p.edges.length + " hops)"); o.value = String(i);
      sel.appendChild(o);
    });
    sel.addEventListener("change", function () {
      highlight(sel.value === "all" ? DATA.paths.map(function (_p, i) { return i; }) : [Number(sel.value)]);
    });
    highlight(DATA.paths.map(function (_p, i) { return i; }));
  }

  window.painkgView = {
    nodes: nodes, edges: edges, network: network, data: DATA,
    selectNode: selectNode, showDetails: showDetails, highlight: highlight, applyFilters: applyFilters
  };
  network.fit({ animation: false });
  network.once("afterDrawing", function () {
    window.painkgView.stableAt = performance.now();
    document.body.setAttribute("data-stable", "true");
  });
})();
"""
