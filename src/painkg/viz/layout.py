"""Layered layout: columns by kind (drug → target → process/mechanism → condition/outcome), drawn with networkx.

Each column of :data:`painkg.viz.style.COLUMNS` is split into as many sub-columns as keep the page about as
wide as a browser window (labels then stay readable at the initial fit); nodes fill the sub-columns row by
row in a chosen order, and :func:`networkx.multipartite_layout` places the sub-columns. The order is either
a rank (focus views: strongest evidence first, at the top) or the barycentre of each node's neighbours in
the other columns, a few sweeps of the classic crossing-reduction heuristic, so linked nodes sit at similar
heights. Everything is sorted by explicit keys: the same graph gives the same positions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import networkx as nx

from painkg.viz.style import COLUMNS, column_of

__all__ = ["COL_WIDTH", "ROW_HEIGHT", "Layout", "barycentre_order", "layered_layout"]

#: world units of one sub-column and one row (vis-network draws one unit as one pixel at scale 1)
COL_WIDTH = 140.0
ROW_HEIGHT = 62.0
#: extra space between two columns of different kinds
COLUMN_GAP = 50.0
#: the graph area of a typical window (1400 × 900 less the side panel and the browser's frame)
CANVAS = (1080.0, 757.0)
#: width / height the layout aims at
ASPECT = CANVAS[0] / CANVAS[1]
#: a small graph is spread up to this factor so that it fills the window at scale 1 with room for labels
MAX_SPREAD = 1.8


@dataclass(frozen=True)
class Layout:
    """Node positions and the heading of every non-empty column (label, x, y)."""

    positions: dict[str, tuple[float, float]]
    headings: list[tuple[str, float, float]]
    #: the scale at which the nodes shown at first fill a typical window (:data:`CANVAS`); at most 1
    scale: float = 1.0


def _column(g: nx.MultiDiGraph, n: str) -> tuple[int, int]:
    return column_of(str(g.nodes[n].get("kind", "")))


def _label_key(g: nx.MultiDiGraph, n: str) -> tuple[str, str]:
    return (str(g.nodes[n].get("label", n)).casefold(), str(n))


def barycentre_order(g: nx.MultiDiGraph, nodes: Collection[str], sweeps: int = 6) -> list[str]:
    """``nodes`` ordered within their column by kind, then by the mean height of their neighbours elsewhere.

    Starts from label order; each sweep places every column's nodes at the mean relative height of their
    neighbours in the other columns (nodes without such neighbours keep their place).
    """
    members: dict[int, list[str]] = {}
    for n in sorted(nodes, key=lambda n: (_column(g, n), _label_key(g, n))):
        members.setdefault(_column(g, n)[0], []).append(n)
    inside = set(nodes)
    others = {
        n: sorted({m for m in (*g.succ[n], *g.pred[n]) if m in inside and _column(g, m)[0] != _column(g, n)[0]})
        for n in inside
    }
    height = {n: (i + 0.5) / len(col) for col in members.values() for i, n in enumerate(col)}
    cols = sorted(members)
    for sweep in range(sweeps):
        for c in cols if sweep % 2 == 0 else reversed(cols):
            col = members[c]
            bary = {n: (sum(height[m] for m in others[n]) / len(others[n]) if others[n] else height[n]) for n in col}
            col.sort(key=lambda n: (_column(g, n)[1], round(bary[n], 9), _label_key(g, n)))
            height.update({n: (i + 0.5) / len(col) for i, n in enumerate(col)})
    return [n for c in cols for n in members[c]]


def _rows_for(counts: Sequence[int]) -> int:
    """Rows per sub-column that let the layout fill a window of :data:`ASPECT` at the largest scale."""
    best: tuple[float, int] | None = None
    for rows in range(1, max(counts, default=1) + 1):
        subcols = sum(math.ceil(c / rows) for c in counts if c)
        gaps = sum(1 for c in counts if c) - 1
        width = subcols * COL_WIDTH + max(gaps, 0) * COLUMN_GAP
        height = (rows + 1) * ROW_HEIGHT  # one row more for the headings
        scale = min(ASPECT / width, 1.0 / height)
        if best is None or scale > best[0] * (1 + 1e-9):
            best = (scale, rows)
    return best[1] if best else 1


def layered_layout(
    g: nx.MultiDiGraph,
    order: Sequence[str],
    *,
    shown: Callable[[str], bool] = lambda _n: True,
    headings: Sequence[str] | None = None,
) -> Layout:
    """Positions of the nodes of ``order`` (each column keeps the order given) in the layered grid.

    Only nodes for which ``shown`` is true at first are laid out by :func:`networkx.multipartite_layout`;
    the others (a focus view's "n more") continue their sub-column below, in order, so revealing them does
    not move anything already on screen.
    """
    names = list(headings) if headings is not None else [name for name, _kinds in COLUMNS]
    by_col: dict[int, list[str]] = {}
    for n in order:
        by_col.setdefault(_column(g, n)[0], []).append(n)
    cols = sorted(by_col)
    visible = {c: [n for n in by_col[c] if shown(n)] for c in cols}
    rows = _rows_for([len(visible[c]) for c in cols])
    subsets: dict[tuple[int, int], list[str]] = {}
    later: dict[tuple[int, int], list[str]] = {}
    for c in cols:
        width = max(1, math.ceil(len(visible[c]) / rows))
        for i, n in enumerate(visible[c]):
            subsets.setdefault((c, i % width), []).append(n)
        for i, n in enumerate(n for n in by_col[c] if not shown(n)):
            later.setdefault((c, i % width), []).append(n)
    keys = sorted(set(subsets) | set(later))
    # x of every sub-column: COL_WIDTH apart, COLUMN_GAP more between columns
    x_of: dict[tuple[int, int], float] = {}
    x = 0.0
    for i, key in enumerate(keys):
        if i and key[0] != keys[i - 1][0]:
            x += COLUMN_GAP
        x_of[key] = x
        x += COL_WIDTH
    centre_x = (x - COL_WIDTH) / 2
    pos: dict[str, tuple[float, float]] = {}
    laid = nx.MultiDiGraph()
    laid.add_nodes_from(n for members in subsets.values() for n in members)
    if len(laid):
        raw = nx.multipartite_layout(laid, subset_key={k: subsets[k] for k in sorted(subsets)}, scale=1.0)
        # multipartite places sub-columns one unit apart and rows one unit apart, then scales uniformly:
        # recover the unit and map rows to ROW_HEIGHT, sub-columns to x_of
        unit = _unit(raw, subsets)
        for key, members in subsets.items():
            for n in members:
                pos[n] = (x_of[key] - centre_x, round(float(raw[n][1]) / unit, 6) * ROW_HEIGHT)
        # multipartite centres each sub-column; top-align them instead, under their column's heading
        for members in subsets.values():
            lift = min(pos[n][1] for n in members)
            for n in members:
                pos[n] = (pos[n][0], pos[n][1] - lift)
    top = {key: min((pos[n][1] for n in subsets.get(key, [])), default=0.0) for key in keys}
    bottom = {key: max((pos[n][1] for n in subsets.get(key, [])), default=-ROW_HEIGHT) for key in keys}
    for key, members in later.items():
        for i, n in enumerate(members, start=1):
            pos[n] = (x_of[key] - centre_x, bottom[key] + i * ROW_HEIGHT)
    first = [pos[n] for members in subsets.values() for n in members]
    width = (max(p[0] for p in first) - min(p[0] for p in first) + COL_WIDTH) if first else COL_WIDTH
    height = (max(p[1] for p in first) - min(p[1] for p in first) + 2 * ROW_HEIGHT) if first else ROW_HEIGHT
    fit = min(CANVAS[0] / width, CANVAS[1] / height)
    spread = min(max(fit, 1.0), MAX_SPREAD)
    pos = {n: (round(px * spread, 1), round(py * spread, 1)) for n, (px, py) in pos.items()}
    top = {k: t * spread for k, t in top.items()}
    x_of = {k: x * spread for k, x in x_of.items()}
    centre_x *= spread
    heads = []
    for c in cols:
        col_keys = [k for k in keys if k[0] == c and k in subsets]
        if not col_keys:
            continue
        hx = (x_of[col_keys[0]] + x_of[col_keys[-1]]) / 2 - centre_x
        hy = min(top[k] for k in col_keys) - 0.9 * ROW_HEIGHT * spread
        heads.append((names[c] if c < len(names) else "", round(hx, 1), round(hy, 1)))
    return Layout(pos, heads, round(min(1.0, fit / spread), 3))


def _unit(raw: dict, subsets: dict[tuple[int, int], list[str]]) -> float:
    """The length multipartite_layout gave one grid step (1.0 when there is a single node)."""
    xs = sorted({round(float(p[0]), 9) for p in raw.values()})
    if len(xs) > 1:
        return xs[1] - xs[0]
    for members in subsets.values():
        if len(members) > 1:
            return abs(float(raw[members[1]][1]) - float(raw[members[0]][1]))
    return 1.0
