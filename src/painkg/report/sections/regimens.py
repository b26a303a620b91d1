"""Regimens studied in the condition, its subtypes or the report's findings, with the results linked to each."""

from __future__ import annotations

from typing import Any

from painkg.report import templates as T
from painkg.report.model import Frag, Paragraph, Row, Section, Table, Value, fill, join, note
from painkg.report.sections.pieces import Ctx, effect, opt

__all__ = ["build"]


def build(ctx: Ctx) -> Section:
    """The regimens section."""
    c = ctx.condition
    if not ctx.data.regimens:
        return Section(
            "regimens", T.SECTIONS["regimens"], (Paragraph((note(T.REGIMEN_NONE, drug=ctx.drug, condition=c),)),)
        )
    grouped: dict[str, list[dict[str, Any]]] = {}
    for r in ctx.data.regimens:
        grouped.setdefault(r["regimen"], []).append(r)
    rows = []
    for rid, group in sorted(grouped.items(), key=lambda kv: (kv[1][0]["source"], kv[0])):
        r = group[0]
        results = [
            fill(T.REGIMEN_RESULT, measure=Value(g["measure"], g["finding"], "measure"), effect=effect(g, g["finding"], p=False))
            for g in sorted(group, key=lambda g: g.get("finding") or "")
            if g.get("finding")
        ]
        dose: Frag = fill(T.DASH)
        if r.get("dose"):
            dv = Value(r["dose"], rid, "dose")
            dose = fill(T.DOSE, dose=dv, unit=Value(r["unit"], rid, "unit")) if r.get("unit") else (dv,)
        rows.append(
            Row(
                (
                    (Value(r["drug_label"], rid, "drug_label"),),
                    opt(r.get("condition_label"), rid, "condition_label"),
                    (Value(r["route"], rid, "route"),),
                    dose,
                    opt(r.get("schedule"), rid, "schedule"),
                    opt(r.get("duration"), rid, "duration"),
                    join(results, T.HOP_SEP) if results else fill(T.DASH),
                ),
                (r["source"],),
            )
        )
    return Section(
        "regimens",
        T.SECTIONS["regimens"],
        (Paragraph((note(T.REGIMEN_INTRO, condition=c),)), Table(T.REGIMEN_COLUMNS, tuple(rows))),
    )
