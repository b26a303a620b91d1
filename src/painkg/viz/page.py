"""The data a view page holds (nodes, edges, sources, legend, layout) and the page itself (a Jinja2 template).

Labels, tooltips, quotes and citations travel as JSON (escaped for a ``<script>`` block) and are set with
``textContent`` by ``painkg/web/static/view.js``: a hostile label is shown as text and template syntax in
data stays text (the template is rendered by Jinja2, never string-replaced).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from painkg.traverse import Hop
from painkg.viz.layout import barycentre_order, layered_layout
from painkg.viz.style import (
    EDGE_STYLES,
    EVIDENCE_LABELS,
    EVIDENCE_WIDTH,
    FAMILY_COLOURS,
    FAMILY_LABELS,
    KIND_LABELS,
    column_of,
    edge_style,
    kind_style,
)
from painkg.vocab import PREDICATES
from painkg.web import json_for_html, render, static_text, vis_js

__all__ = ["MAX_NODES", "Links", "ViewTooLargeError", "page_data", "render_page"]

#: Views with more nodes than this are refused: a browser tab cannot show them readably.
MAX_NODES = 2000
#: longest quote shown in a hover tooltip (the details panel shows the whole text); used by view.js
TIP_QUOTE_CHARS = 280


class ViewTooLargeError(ValueError):
    """The view has more nodes than a browser tab can show readably; narrow it with a focus."""


@dataclass(frozen=True)
class Links:
    """Where a page links to: entity and source pages of the evidence site, shared assets (None: standalone)."""

    entity: Callable[[str], str | None] = lambda _curie: None
    source: Callable[[str], str | None] = lambda _source: None
    assets: str | None = None  # relative URL of the site's assets/ folder; None inlines CSS and scripts
    home: str | None = None
    entity_page: str | None = None
    embedded: bool = False


@dataclass
class Focus:
    """A focus view's centre, each node's rank (strongest evidence first) and the nodes shown at first."""

    centre: str
    order: list[str]
    shown: set[str]
    step: int
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _label(g: nx.MultiDiGraph, n: str) -> str:
    return str(g.nodes[n].get("label", n))


def _edge_lines(g: nx.MultiDiGraph, u: str, v: str, key: Any, d: dict[str, Any]) -> list[str]:
    pred = str(d.get("predicate", ""))
    info = PREDICATES.get(pred)
    lines = [f"{_label(g, u)} → {_label(g, v)}", d.get("record_label") or (info.label if info else pred)]
    evidence = EVIDENCE_LABELS.get(str(d.get("evidence_type") or ""), str(d.get("evidence_type")))
    flags = [f"evidence: {evidence}", f"direction: {str(d.get('direction') or 'supports').replace('_', ' ')}"]
    if d.get("contested"):
        flags.append("contested")
    if d.get("association_only"):
        flags.append("association only, not cause")
    lines.append(" · ".join(flags))
    names = g.graph.get("species", {})
    species = [str(names.get(s) or (_label(g, s) if s in g else s)) for s in d.get("species") or []]
    if species or d.get("model"):
        lines.append(
            " · ".join(
                x
                for x in (
                    ", ".join(species) and "species: " + ", ".join(species),
                    d.get("model") and f"model: {d['model']}",
                )
                if x
            )
        )
    for name in ("route", "context"):
        if d.get(name):
            lines.append(f"{name}: {d[name]}")
    if d.get("design"):
        lines.append(f"source design: {d['design']}")
    lines.append(f"{'record' if d.get('record') else 'statement'}: {key}")
    return lines


def _node_tip(g: nx.MultiDiGraph, n: str) -> str:
    data = g.nodes[n]
    kind = str(data.get("kind", "unknown"))
    lines = [_label(g, n), str(n), f"kind: {KIND_LABELS.get(kind, kind)}"]
    syns = [str(s) for s in data.get("synonyms") or []]
    if syns:
        lines.append("also: " + ", ".join(syns[:4]) + (" …" if len(syns) > 4 else ""))
    lines.append(f"{g.degree(n)} edge(s) in this view")
    return "\n".join(lines)


def _curve(rank: int) -> float:
    """Roundness of the ``rank``-th edge between one pair: 0, +0.06, -0.06, +0.12, … (bounded fan; sign = side)."""
    if rank == 0:
        return 0.0
    step = min(0.06 * ((rank + 1) // 2), 0.42)
    return round(step if rank % 2 else -step, 2)


def _edge_ids(g: nx.MultiDiGraph) -> dict[tuple[str, str, Any], str]:
    keys = Counter(str(k) for _u, _v, k in g.edges(keys=True))
    return {(u, v, k): (str(k) if keys[str(k)] == 1 else f"{u}|{v}|{k}") for u, v, k in g.edges(keys=True)}


def _font_and_size(degree: int, focus: bool, scale: float) -> tuple[float, float]:
    """Label font and node size in world units, a little larger for hubs and largest for a focus centre.

    About 12 px on screen at the expected fit ``scale``, at least 9 px where the graph is large.
    """
    base = min(max(12.0 / scale, 13.0), 16.5)
    if focus:
        return round(base + 5, 1), 20.0
    return round(base + min(2.5, 0.4 * math.sqrt(degree)), 1), round(min(15.0, 7.0 + 1.5 * math.sqrt(degree)), 1)


def short_label(label: str, limit: int = 38) -> str:
    """``label`` cut at a word boundary to at most ``limit`` characters, with an ellipsis (full text on hover).

    >>> short_label("antinociceptive effect of (2R,6R)-hydroxynorketamine", 30)
    'antinociceptive effect of …'
    """
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-") + " …"


def page_data(
    g: nx.MultiDiGraph,
    title: str,
    highlight: Sequence[Sequence[Hop]] | None = None,
    *,
    focus: Focus | None = None,
    links: Links | None = None,
    omitted: str = "",
) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-able values, sorted by explicit keys."""
    links = links or Links()
    sources_meta: Mapping[str, Mapping[str, Any]] = g.graph.get("sources", {})
    if focus is not None:
        order = focus.order
        shown = focus.shown
    else:
        order = barycentre_order(g, list(g.nodes))
        shown = set(order)
    layout = layered_layout(g, order, shown=lambda n: n in shown)
    degree = dict(g.degree())
    node_rows = []
    for n in sorted(g.nodes, key=str):
        data = g.nodes[n]
        kind = str(data.get("kind", ""))
        colour, shape = kind_style(kind)
        font, size = _font_and_size(degree.get(n, 0), focus is not None and n == focus.centre, layout.scale)
        row = {
            "id": str(n),
            "label": short_label(_label(g, n)),
            "name": _label(g, n),
            "kind": kind,
            "synonyms": [str(s) for s in data.get("synonyms") or []],
            "tip": _node_tip(g, n),
            "x": layout.positions[n][0],
            "y": layout.positions[n][1],
            "color": colour,
            "shape": shape,
            "size": size,
            "font": font,
        }
        if n not in shown:
            row["more"] = True
        if focus is not None and n == focus.centre:
            row["focus"] = True
        page = links.entity(str(n))
        if page:
            row["page"] = page
        node_rows.append(row)
    ids = _edge_ids(g)
    edge_rows = []
    parallel: Counter[tuple[str, str]] = Counter()
    used_sources: set[str] = set()
    for u, v, k in sorted(g.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        d = g.edges[u, v, k]
        pair = (min(str(u), str(v)), max(str(u), str(v)))
        rank = parallel[pair]
        parallel[pair] += 1
        srcs = [str(s) for s in d.get("sources") or []]
        disputed = [str(s) for s in d.get("contested_by") or []]
        used_sources.update(srcs + disputed)
        lines = _edge_lines(g, u, v, k, d)
        edge_rows.append(
            {
                "id": ids[(u, v, k)],
                "from": str(u),
                "to": str(v),
                "predicate": str(d.get("predicate", "")),
                "evidence": str(d.get("evidence_type") or ""),
                "direction": str(d.get("direction") or "supports"),
                "contested": bool(d.get("contested", False)),
                "association": bool(d.get("association_only", False)),
                "sources": srcs,
                "contested_by": disputed,
                "cites": [str(c) for c in d.get("citations") or []],
                "quotes": [str(q) for q in d.get("quotes") or []],
                "summary": "\n".join(lines),
                "curve": _curve(rank),
                **edge_style(d),
            }
        )
    sources = {}
    for sid in sorted(used_sources):
        meta = dict(sources_meta.get(sid, {"text": sid}))
        page = links.source(sid)
        if page:
            meta["page"] = page
        sources[sid] = meta
    kinds = Counter(r["kind"] for r in node_rows)
    families = Counter(r["family"] for r in edge_rows)
    evidence = Counter(r["evidence"] for r in edge_rows)
    styles = Counter(r["style"] for r in edge_rows)
    ev_order = {e: i for i, e in enumerate(EVIDENCE_WIDTH)}
    paths = []
    for p in highlight or []:
        edge_ids = [ids.get((h.subject, h.object, h.statement)) or h.statement for h in p]
        hop_nodes = [p[0].subject, *(h.object for h in p)] if p else []
        label = " → ".join([p[0].subject_label, *(h.object_label for h in p)]) if p else ""
        paths.append({"label": label, "edges": edge_ids, "nodes": hop_nodes})
    data: dict[str, Any] = {
        "title": title,
        "nodes": node_rows,
        "edges": edge_rows,
        "sources": sources,
        "columns": [{"label": h[0], "x": h[1], "y": h[2]} for h in layout.headings],
        "kinds": [
            {
                "kind": k,
                "label": KIND_LABELS.get(k, k),
                "count": c,
                "color": kind_style(k)[0],
                "shape": kind_style(k)[1],
            }
            for k, c in sorted(kinds.items(), key=lambda kc: (column_of(kc[0]), kc[0]))
        ],
        "families": [
            {"family": f, "label": FAMILY_LABELS.get(f, f), "count": c, "color": FAMILY_COLOURS.get(f, "#999999")}
            for f, c in sorted(families.items())
        ],
        "evidence": [
            {"type": e, "label": EVIDENCE_LABELS.get(e, e), "count": c, "width": EVIDENCE_WIDTH.get(e, 1.2)}
            for e, c in sorted(evidence.items(), key=lambda item: (ev_order.get(item[0], 99), item[0]))
        ],
        "styles": [
            {
                "style": s,
                "label": words,
                "count": styles[s],
                "color": colour or "#444444",
                "dashes": dashes,
                "arrow": arrow,
            }
            for s, (words, colour, dashes, arrow) in EDGE_STYLES.items()
            if styles[s]
        ],
        "contested": sum(1 for r in edge_rows if r["contested"]),
        "paths": paths,
        "labelWidth": 132,
        "tipQuoteChars": TIP_QUOTE_CHARS,
        "edgeOpacity": 0.85 if focus is not None or highlight else 0.5,
        "embedded": links.embedded,
    }
    if focus is not None and any(n not in focus.shown for n in g.nodes):
        data["more"] = {
            "order": [n for n in focus.order if n not in focus.shown],
            "step": focus.step,
            "note": focus.note,
        }
    if omitted:
        data["omitted"] = omitted
    return data


def render_page(
    g: nx.MultiDiGraph,
    *,
    title: str = "painkg",
    highlight: Sequence[Sequence[Hop]] | None = None,
    focus: Focus | None = None,
    links: Links | None = None,
    omitted: str = "",
    max_nodes: int = MAX_NODES,
) -> str:
    """One HTML page showing ``g`` (see :func:`page_data`); standalone (everything inlined) unless ``links.assets``.

    Raises :class:`ViewTooLargeError` when ``g`` has more than ``max_nodes`` nodes. The same graph gives
    the same bytes.
    """
    n = g.number_of_nodes()
    if n > max_nodes:
        raise ViewTooLargeError(
            f"{title}: {n} nodes is more than the {max_nodes} a browser tab can show readably; "
            "narrow the view with --focus NODE --depth K (Python: focus_view(g, node, depth)) or --kinds KIND ..."
        )
    links = links or Links()
    data = page_data(g, title, highlight, focus=focus, links=links, omitted=omitted)
    inline = links.assets is None
    return render(
        "view.html",
        title=title,
        inline=inline,
        assets=links.assets or "",
        home=links.home,
        entity_page=links.entity_page,
        embedded=links.embedded,
        css=static_text("painkg.css") if inline else "",
        vis_js=vis_js() if inline else "",
        app_js=static_text("view.js").replace("</script", "<\\/script") if inline else "",
        data_json=json_for_html(data),
    )
