"""Contraindications, warnings, monitoring requirements and restrictions, in the words of the source."""

from __future__ import annotations

from painkg.report import templates as T
from painkg.report.data import split
from painkg.report.model import Paragraph, Row, Section, Table, Value, note
from painkg.report.sections.pieces import Ctx, opt, word

__all__ = ["build"]


def build(ctx: Ctx) -> Section:
    """The cautions section."""
    if not ctx.data.cautions:
        note_ = note(T.CAUTION_NONE, drug=ctx.drug, components=ctx.components_clause)
        return Section("cautions", T.SECTIONS["cautions"], (Paragraph((note_,)),))
    order = {t: i for i, t in enumerate(T.CAUTION_TYPE)}
    rows = []
    for r in sorted(ctx.data.cautions, key=lambda r: (order.get(r["type"], len(order)), r["caution"])):
        cid = r["caution"]
        rows.append(
            Row(
                (
                    (word(T.CAUTION_TYPE, r["type"], cid, "type"),),
                    (Value(r["text"], cid, "text"),),
                    (Value(r["drug_label"], cid, "drug_label"),),
                    opt(r.get("condition_label"), cid, "condition_label"),
                ),
                split(r["sources"]),
            )
        )
    return Section(
        "cautions",
        T.SECTIONS["cautions"],
        (Paragraph((note(T.CAUTION_INTRO),)), Table(T.CAUTION_COLUMNS, tuple(rows))),
    )
