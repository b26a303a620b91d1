"""Self-contained HTML network views of painkg (vis-network inlined or shipped beside; nothing is fetched).

Views: the whole graph (:func:`whole_view`), a node's neighbourhood ranked by evidence (:func:`focus_view`)
and the mechanism paths between a drug and a condition (:func:`paths_view`); :func:`show_inline` displays
any of them in a Jupyter notebook. Nodes sit in columns by kind, the flow the graph is about (drugs →
targets → processes and mechanisms → conditions, phenotypes and harms; :mod:`painkg.viz.layout`), so the
page is drawn at once with physics off. Interactions and regulatory approvals (n-ary records, not
statements) are drawn as edges when the graph comes from :func:`view_graph`; a node left without any edge
is not drawn, and the page says how many were left out.

The page is a Jinja2 template with JavaScript and CSS shipped as files (``painkg/web``); every label,
tooltip and quote is data shown with ``textContent``, so a hostile label is shown as text.

>>> from painkg.paths import package_root
>>> g = load_graph(package_root() / "tests" / "fixtures" / "mini")
>>> html = focus_view(g, "ketamine", depth=1)
>>> html.startswith("<!DOCTYPE html>") and "<script src" not in html
True
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from painkg.curation import Problem
from painkg.graph import to_networkx
from painkg.pipeline import Build, InvalidDataError, check
from painkg.traverse import Hop, mechanism_paths, neighbourhood, resolve_node
from painkg.viz.page import MAX_NODES, Focus, Links, ViewTooLargeError, page_data, render_page
from painkg.viz.style import EVIDENCE_WIDTH, FAMILY_COLOURS, KIND_STYLES, column_of
from painkg.vocab import EVIDENCE_RANK, Kind
from painkg.web import vis_js

if TYPE_CHECKING:
    from painkg.model import Dataset

__all__ = [
    "DEFAULT_FOCUS",
    "DEFAULT_LIMIT",
    "EVIDENCE_WIDTH",
    "FAMILY_COLOURS",
    "KIND_STYLES",
    "MAX_NODES",
    "EmptyViewError",
    "InlineView",
    "Links",
    "NoPathError",
    "ViewTooLargeError",
    "curated_view_graph",
    "default_views",
    "focus_view",
    "load_graph",
    "normalise_kinds",
    "page_data",
    "paths_view",
    "rank_neighbours",
    "render_html",
    "show_inline",
    "view",
    "view_graph",
    "vis_js",
    "whole_view",
    "write_view",
]

#: The node of the focus view written by ``painkg build`` (ketamine).
DEFAULT_FOCUS = "CHEBI:6121"
#: How many neighbours per column a focus view shows at first in its first ring (half as many in the next);
#: the rest are behind a "show n more" control.
DEFAULT_LIMIT = 6
#: Kinds left out of views unless asked for: the imported ontology hierarchy and species (qualifiers).
CONTEXT_KINDS = frozenset({Kind.OntologyClass, Kind.OrganismTaxon})


class NoPathError(ValueError):
    """No mechanism path links the drug and the condition within the hop limit."""


class EmptyViewError(ValueError):
    """The view asked for would show no edge (e.g. a kind filter that keeps one node); nothing is written."""


# --- graphs ----------------------------------------------------------------------------------------------


def load_graph(data: Path | None = None) -> nx.MultiDiGraph:
    """The view graph of ``data`` (default: the packaged data): :func:`view_graph` of its validated dataset.

    Only reads and validates the TSVs (no RDF, no SHACL). Raises :class:`painkg.pipeline.InvalidDataError`
    when the data have errors.
    """
    ds, problems = check(Path(data) if data else None)
    errors: list[Problem] = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidDataError(problems)
    return view_graph(ds)


def _source_text(s: Any) -> str:
    who = s.first_author or ""
    when = str(s.year) if s.year else ""
    head = " ".join(x for x in (who, when) if x) or s.id
    title = s.title.rstrip(".") if s.title else "(title not recorded)"
    return f"{head}: {title}"


def _source_meta(ds: Dataset) -> dict[str, dict[str, Any]]:
    out = {}
    for s in ds.sources:
        if s.pmid:
            cite, link = f"PMID:{s.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{s.pmid}/"
        elif s.doi:
            cite, link = f"DOI:{s.doi}", f"https://doi.org/{s.doi}"
        elif s.url:
            cite, link = "official page", s.url
        else:
            cite, link = "", ""
        out[s.id] = {
            "text": _source_text(s),
            "cite": cite,
            "link": link,
            "design": s.type.replace("_", " "),
            "verified": s.verified == "true",
        }
    return out


def _record_edges(ds: Dataset) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    """Interactions (perpetrator → victim) and regulatory actions with an indication (drug → indication)."""
    src = {s.id: s for s in ds.sources}
    designs = lambda ids: ", ".join(sorted({src[i].type.replace("_", " ") for i in ids if i in src}))  # noqa: E731
    for ix in ds.interactions:
        what = f"{ix.kind} interaction"
        if ix.direction:
            what += f": {ix.direction.replace('_', ' ')} in exposure"
        if ix.enzyme:
            what += f" (enzyme {ix.enzyme})"
        yield (
            ix.perpetrator,
            ix.victim,
            ix.id,
            {
                "record": "interaction",
                "record_label": what,
                "predicate": "interaction",
                "evidence_type": "",
                "direction": "supports",
                "design": designs(ix.sources),
                "sources": list(ix.sources),
                "context": ix.effect,
            },
        )
    for r in ds.regulatory:
        if not r.indication:
            continue
        yield (
            r.drug,
            r.indication,
            r.id,
            {
                "record": "regulatory",
                "record_label": f"{r.agency} {r.action.replace('_', ' ')} ({r.product}, {r.date})",
                "predicate": "regulatory",
                "evidence_type": "",
                "direction": "supports",
                "design": designs(r.sources),
                "sources": list(r.sources),
                "context": r.indication_scope,
            },
        )


def curated_view_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a view graph without ontology classes and species: what whole and focus views draw by default.

    Views accept it as they accept the full graph; a caller drawing many views (the site) filters once.
    """
    out = _without_context(g)
    return out.copy() if out is not g else g


def view_graph(data: Build | Dataset) -> nx.MultiDiGraph:
    """The networkx projection plus what views draw besides statements.

    Adds interaction and regulatory records as edges (attribute ``record``; keyed by the record id) and
    ``graph["sources"]``: id → text, citation, link, design and verified flag of every source, for tooltips.
    Supporting quotes of records come from the dataset too.
    """
    if isinstance(data, Build):
        ds, g = data.dataset, data.nx.copy()
    else:
        ds, g = data, to_networkx(data)
    quotes: dict[str, list[str]] = {}
    for q in sorted(ds.quotes, key=lambda q: q.id):
        quotes.setdefault(q.record, []).append(q.text)
    for u, v, key, attrs in _record_edges(ds):
        if u in g and v in g:
            g.add_edge(u, v, key=key, quotes=quotes.get(key, []), **attrs)
    g.graph["sources"] = _source_meta(ds)
    g.graph["species"] = {e.id: e.label for e in ds.entities if e.kind == Kind.OrganismTaxon}
    return g


def normalise_kinds(kinds: Collection[str] | None) -> frozenset[str] | None:
    """Kind names as written by a user (``drug``, ``Drug``, ``adverse_effect``) → :class:`Kind` values.

    Raises ValueError listing the valid kinds for an unknown one.
    """
    if kinds is None:
        return None
    known = {k.value.casefold(): k.value for k in Kind}
    known.update({re.sub(r"(?<!^)(?=[A-Z])", "_", k.value).casefold(): k.value for k in Kind})
    out, bad = set(), []
    for k in kinds:
        key = str(k).strip().casefold().replace("-", "_").replace(" ", "_")
        if key in known:
            out.add(known[key])
        else:
            bad.append(str(k))
    if bad:
        raise ValueError(f"unknown kind(s): {', '.join(bad)}; valid kinds: {', '.join(k.value for k in Kind)}")
    return frozenset(out)


def _without_isolated(g: nx.MultiDiGraph, keep: Collection[str] = ()) -> tuple[nx.MultiDiGraph, list[str]]:
    """A copy of ``g`` without its edgeless nodes (a copy: a filtered view is slow to walk), and those nodes."""
    lonely = sorted((n for n in g if g.degree(n) == 0 and n not in keep), key=str)
    if not lonely:
        return g, lonely
    drop = set(lonely)
    return g.subgraph([n for n in g if n not in drop]).copy(), lonely


def _without_context(g: nx.MultiDiGraph, keep: str | None = None) -> nx.MultiDiGraph:
    """``g`` without ontology classes and species (``keep`` stays); ``g`` itself when it has none."""
    drop = {n for n, k in g.nodes(data="kind") if k in CONTEXT_KINDS and n != keep}
    return g.subgraph([n for n in g if n not in drop]) if drop else g


def _omitted_note(g: nx.MultiDiGraph, lonely: Sequence[str]) -> str:
    if not lonely:
        return ""
    names = ", ".join(str(g.nodes[n].get("label", n)) for n in lonely[:6])
    more = f" and {len(lonely) - 6} more" if len(lonely) > 6 else ""
    return (
        f"{len(lonely)} entit{'y' if len(lonely) == 1 else 'ies'} with no edge in this view not drawn "
        f"(findings, regimens or other records mention them): {names}{more}."
    )


# --- views -----------------------------------------------------------------------------------------------


def render_html(
    g: nx.MultiDiGraph,
    *,
    title: str = "painkg",
    highlight: Sequence[Sequence[Hop]] | None = None,
    seed: int = 42,
    max_nodes: int = MAX_NODES,
    links: Links | None = None,
) -> str:
    """One self-contained HTML page showing every node and edge of ``g`` (``seed`` kept for compatibility).

    Raises :class:`ViewTooLargeError` when ``g`` has more than ``max_nodes`` nodes.
    """
    del seed  # the layered layout is deterministic without one
    return render_page(g, title=title, highlight=highlight, links=links, max_nodes=max_nodes)


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
    links: Links | None = None,
) -> str:
    """The whole graph (optionally only nodes of ``kinds``) as one page; nodes without an edge are left out.

    Imported ontology classes and species are left out unless ``kinds`` asks for them. Raises
    :class:`EmptyViewError` when no edge is left (e.g. ``kinds=["Procedure"]``).
    """
    del seed
    wanted = normalise_kinds(kinds)
    if wanted is not None:
        sub = g.subgraph([n for n, k in g.nodes(data="kind") if k in wanted])
        title = f"{title} ({', '.join(sorted(wanted))})"
    else:
        sub = _without_context(g)
    shown, lonely = _without_isolated(sub)
    if shown.number_of_edges() == 0:
        raise EmptyViewError(
            f"no edge links nodes of kind(s) {', '.join(sorted(wanted or []))}: the view would show "
            f"{sub.number_of_nodes()} unconnected node(s); add kinds (e.g. --kinds Drug Gene) or use --focus NODE"
        )
    return render_page(shown, title=title, links=links, omitted=_omitted_note(g, lonely), max_nodes=max_nodes)


def _edge_strength(d: dict[str, Any]) -> int:
    return EVIDENCE_RANK.get(str(d.get("evidence_type") or ""), 5)


def rank_neighbours(
    g: nx.MultiDiGraph, centre: str, depth: int = 2, limit: int = DEFAULT_LIMIT
) -> tuple[list[str], set[str]]:
    """Nodes of ``g`` within ``depth`` of ``centre``, ranked ring by ring, and those shown at first.

    In each ring a node ranks by the strongest evidence of its edges to the ring before (clinical, label and
    guideline first, then human experimental, review, animal, in vitro), then by the number of distinct
    sources on those edges, then by label. Each column of the view (drugs, targets, processes, conditions)
    shows its ``limit`` best nodes of the first ring and half as many of each further ring at first, so a
    drug's targets are not crowded out by its many clinical edges; outer rings take only nodes linked to a
    node already shown, so every node on screen has an edge on screen.
    """
    order, shown = [centre], {centre}
    seen, ring = {centre}, [centre]
    for level in range(max(depth, 0)):
        best: dict[str, int] = {}
        sources: dict[str, set[str]] = {}
        via_shown: dict[str, bool] = {}
        for u in ring:
            for a, b, d in (*g.out_edges(u, data=True), *g.in_edges(u, data=True)):
                v = b if a == u else a
                if v in seen:
                    continue
                best[v] = min(best.get(v, 9), _edge_strength(d))
                sources.setdefault(v, set()).update(str(s) for s in d.get("sources") or [])
                via_shown[v] = via_shown.get(v, False) or u in shown
        ranked = sorted(best, key=lambda v: (best[v], -len(sources[v]), _label(g, v).casefold(), str(v)))
        cap = limit if level == 0 else max(1, (limit + 1) // 2)
        taken: dict[int, int] = {}
        for v in ranked:
            col = column_of(str(g.nodes[v].get("kind", "")))[0]
            if via_shown[v] and taken.get(col, 0) < cap:
                taken[col] = taken.get(col, 0) + 1
                shown.add(v)
        order.extend(ranked)
        seen.update(ranked)
        ring = ranked
    return order, shown


def focus_view(
    g: nx.MultiDiGraph,
    node: str,
    depth: int = 2,
    kinds: Collection[str] | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    seed: int = 42,
    max_nodes: int = MAX_NODES,
    links: Links | None = None,
) -> str:
    """The neighbourhood of ``node`` (CURIE, label or synonym) to ``depth`` edges, strongest evidence first.

    Each ring shows its ``limit`` best-supported neighbours at first (see :func:`rank_neighbours`); a
    "show n more" button on the page reveals the rest, strongest first. ``kinds`` keeps only nodes of
    those kinds (reached through any node).
    """
    del seed
    wanted = normalise_kinds(kinds)
    centre = resolve_node(g, node)
    if wanted is None:  # the imported ontology hierarchy and species are context, not part of a focus
        g = _without_context(g, keep=centre)
    sub = neighbourhood(g, centre, depth, wanted)
    sub, lonely = _without_isolated(sub, keep=[centre])
    order, shown = rank_neighbours(sub, centre, depth if wanted is None else 1, limit)
    if wanted is not None:  # nodes reached through filtered-out kinds have no edge to rank by: keep them
        rest = sorted((n for n in sub if n not in set(order)), key=lambda n: (_label(sub, n).casefold(), str(n)))
        order.extend(rest)
    title = f"painkg — {_label(g, centre)} ({centre}), depth {depth}"
    if wanted:
        title += f", kinds {', '.join(sorted(wanted))}"
    hidden = len(order) - len(shown)
    note = (
        f"Neighbours are ranked by evidence level (clinical, label, guideline first), then by number of sources; "
        f"at first each column shows its {limit} strongest neighbours (and {max(1, (limit + 1) // 2)} of the next ring)."
        if hidden
        else ""
    )
    focus = Focus(centre=centre, order=order, shown=shown, step=2 * limit, note=note)
    if sub.number_of_edges() == 0 and wanted is not None:
        raise EmptyViewError(
            f"{_label(g, centre)} has no neighbour of kind(s) {', '.join(sorted(wanted))} within {depth} edge(s)"
        )
    return render_page(
        sub, title=title, focus=focus, links=links, omitted=_omitted_note(g, lonely), max_nodes=max_nodes
    )


def paths_view(
    g: nx.MultiDiGraph,
    drug: str,
    condition: str,
    max_hops: int = 4,
    *,
    limit: int = 100,
    seed: int = 42,
    max_nodes: int = MAX_NODES,
    links: Links | None = None,
    **filters: Any,
) -> str:
    """Mechanism paths ``drug → … → condition`` (see :func:`painkg.traverse.mechanism_paths`), highlighted.

    The page shows the nodes on the paths and every edge among them (refuting and no-effect evidence
    too); a menu picks one path to emphasise. Raises :class:`NoPathError` when there is none.
    """
    del seed
    source, target = resolve_node(g, drug), resolve_node(g, condition)
    paths = mechanism_paths(g, source, target, max_hops=max_hops, limit=limit, **filters)
    if not paths:
        raise NoPathError(
            f"no mechanism path from {_label(g, source)} ({source}) to {_label(g, target)} ({target}) "
            f"within {max_hops} hops; try a larger --max-hops or --focus {source}"
        )
    nodes = {source, target} | {h.object for p in paths for h in p}
    title = f"painkg — mechanism paths {_label(g, source)} → {_label(g, target)} (≤ {max_hops} hops)"
    return render_page(g.subgraph(nodes), title=title, highlight=paths, links=links, max_nodes=max_nodes)


def view(
    g: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 2,
    paths: Sequence[str] | None = None,
    kinds: Collection[str] | None = None,
    max_hops: int = 4,
    limit: int = DEFAULT_LIMIT,
) -> str:
    """The page ``painkg viz`` writes: a paths view, a focus view, or the whole graph."""
    if paths:
        drug, condition = paths
        return paths_view(g, drug, condition, max_hops)
    if focus:
        return focus_view(g, focus, depth, kinds, limit=limit)
    return whole_view(g, kinds=kinds)


def default_out(
    *, focus: str | None = None, paths: Sequence[str] | None = None, g: nx.MultiDiGraph | None = None
) -> Path:
    """Where ``painkg viz`` writes without ``--out``: build/painkg.html, build/focus-NAME.html, build/paths-A-B.html."""

    def slug(name: str) -> str:
        label = _label(g, resolve_node(g, name)) if g is not None else name
        return re.sub(r"[^a-z0-9]+", "-", label.casefold()).strip("-") or "node"

    if paths:
        return Path("build") / f"paths-{slug(paths[0])}-{slug(paths[1])}.html"
    if focus:
        return Path("build") / f"focus-{slug(focus)}.html"
    return Path("build") / "painkg.html"


def default_views(b: Build, notice: Callable[[str], None] | None = None) -> dict[str, str]:
    """The pages ``painkg build`` writes: ``painkg.html`` (whole graph) and ``painkg-ketamine.html`` (depth 2).

    A page that cannot be made (graph too large, ketamine absent) is skipped and ``notice`` is told why.
    """
    say = notice or (lambda _msg: None)
    g = view_graph(b)
    pages: dict[str, str] = {}
    try:
        pages["painkg.html"] = whole_view(g)
    except (ViewTooLargeError, EmptyViewError) as exc:
        say(f"skipped painkg.html: {exc}")
    if DEFAULT_FOCUS in g:
        try:
            pages["painkg-ketamine.html"] = focus_view(g, DEFAULT_FOCUS, 2)
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
