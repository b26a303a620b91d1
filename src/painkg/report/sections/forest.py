"""The forest plot's rows: findings with an estimate on a difference or ratio scale, one panel per kind of value.

A panel holds one outcome kind (efficacy, harm), one scope group (the pair's own, or broader populations), one effect
type and one scale: values on different scales and broader-population evidence never share an axis. The drawing
itself is :mod:`painkg.report.forest`.
"""

from __future__ import annotations

from painkg.report import templates as T
from painkg.report.data import split
from painkg.report.model import (
    DIFFERENCE_TYPES,
    PLOTTABLE_TYPES,
    UNKNOWN_SCALE,
    Figure,
    ForestRow,
    Frag,
    Paragraph,
    Section,
    Value,
    fill,
    note,
)
from painkg.report.sections.pieces import UNSCALED_ALONE, Ctx, num_text

__all__ = ["build", "rows"]


def rows(ctx: Ctx) -> list[ForestRow]:
    """The plotted rows, grouped by panel (efficacy before harm, the pair's own before broader)."""
    out = []
    for r in sorted(ctx.data.findings, key=ctx.strength_key):
        et = r.get("effect_type")
        if et not in PLOTTABLE_TYPES or r.get("estimate") is None or r.get("kind") not in ("efficacy", "safety"):
            continue
        if et not in DIFFERENCE_TYPES and float(r["estimate"]) <= 0:
            continue
        fid, srcs = r["finding"], split(r["sources"])
        kind = "harm" if r.get("direction") == "harm" or r.get("kind") == "safety" else "efficacy"
        scope = "broader" if r["scope"] == "broader" else "pair"
        scale = r.get("scale") or ""
        has_ci = r.get("ci_low") is not None and r.get("ci_high") is not None
        pop: Frag = (Value(r["condition_label"], fid, "condition_label"),) if r.get("condition_label") else ()
        out.append(
            ForestRow(
                # a mean difference with no recorded scale gets a panel of its own: unknown scales never share an axis
                group=(kind, scope, et, scale or (UNKNOWN_SCALE + fid if et in UNSCALED_ALONE else "")),
                group_title=fill(
                    T.FOREST_GROUP,
                    kind=fill(T.FOREST_KIND[kind]),
                    scope=fill(T.FOREST_SCOPE_BROADER) if scope == "broader" else (),
                    effect_type=Value(et, fid, "effect_type"),
                    scale=fill(T.FOREST_GROUP_SCALE, scale=Value(scale, fid, "scale"))
                    if scale
                    else fill(T.FOREST_GROUP_NO_SCALE)
                    if et in UNSCALED_ALONE
                    else (),
                ),
                label=fill(
                    T.FOREST_LABEL,
                    source=ctx.src(srcs[0]),
                    outcome=Value(r["measure"], fid, "measure"),
                    timepoint=fill(T.FOREST_LABEL_TIME, timepoint=Value(r["timepoint"], fid, "timepoint"))
                    if r.get("timepoint")
                    else (),
                    population=fill(T.FOREST_LABEL_POP, population=pop) if pop and r["scope"] != "exact" else (),
                ),
                estimate=Value(num_text(r["estimate"]), fid, "estimate"),
                ci_low=Value(num_text(r["ci_low"]), fid, "ci_low") if has_ci else None,
                ci_high=Value(num_text(r["ci_high"]), fid, "ci_high") if has_ci else None,
                sources=srcs,
                direction=r.get("direction") or "",
            )
        )
    kinds = {"efficacy": 0, "harm": 1}
    scopes = {"pair": 0, "broader": 1}
    order = sorted(
        range(len(out)),
        key=lambda i: (kinds[out[i].group[0]], scopes[out[i].group[1]], out[i].group[2], out[i].group[3], i),
    )
    return [out[i] for i in order]


def build(ctx: Ctx) -> Section:
    """The forest-plot section (a figure, or a note that nothing can be plotted)."""
    plotted = rows(ctx)
    if not plotted:
        return Section("forest", T.SECTIONS["forest"], (Paragraph((note(T.FOREST_NONE),)),))
    return Section("forest", T.SECTIONS["forest"], (Figure(tuple(plotted), note(T.FOREST_CAPTION), T.FOREST_ALT),))
