"""Interactions: drugs that change the exposure to or effect of the drug or a substance it is made of."""

from __future__ import annotations

from typing import Any

from painkg.report import templates as T
from painkg.report.data import split
from painkg.report.model import Paragraph, Row, Section, Table, Value, fill, join, note
from painkg.report.sections.pieces import Ctx, num_text, opt

__all__ = ["build"]


def build(ctx: Ctx) -> Section:
    """The interactions section."""
    d, comps = ctx.drug, ctx.components_clause
    if not ctx.data.interactions:
        return Section(
            "interactions", T.SECTIONS["interactions"], (Paragraph((note(T.IX_NONE, drug=d, components=comps),)),)
        )
    grouped: dict[str, list[dict[str, Any]]] = {}
    for r in ctx.data.interactions:
        grouped.setdefault(r["interaction"], []).append(r)
    rows = []
    for iid, group in sorted(grouped.items(), key=lambda kv: (kv[1][0]["perpetrator_label"].casefold(), kv[0])):
        r = group[0]
        linked = [
            fill(
                T.IX_FINDING,
                measure=Value(g["measure"], g["finding"], "measure"),
                value=(Value(g["result"], g["finding"], "result"),)
                if g.get("result")
                else (Value(num_text(g["estimate"]), g["finding"], "estimate"),),
            )
            for g in sorted(group, key=lambda g: g.get("finding") or "")
            if g.get("finding") and (g.get("result") or g.get("estimate") is not None)
        ]
        rows.append(
            Row(
                (
                    (Value(r["perpetrator_label"], iid, "perpetrator_label"),),
                    opt(r.get("enzyme_label"), iid, "enzyme_label"),
                    ctx.form_cell(r.get("victim"), iid) if r.get("victim") else fill(T.DASH),
                    (Value(r["effect"], iid, "effect"),),
                    join(linked, T.HOP_SEP) if linked else fill(T.DASH),
                ),
                tuple(dict.fromkeys(s for g in group for s in split(g.get("sources")))),
            )
        )
    return Section(
        "interactions",
        T.SECTIONS["interactions"],
        (Paragraph((note(T.IX_INTRO, drug=d, components=comps),)), Table(T.IX_COLUMNS, tuple(rows))),
    )
