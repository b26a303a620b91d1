"""Contested and negative evidence: null, mixed and inconclusive findings; contested statements, both sides.

Each flagged statement is listed with every statement on the same claim, so the evidence on each side sits together.
"""

from __future__ import annotations

from painkg.report import templates as T
from painkg.report.data import split
from painkg.report.model import Block, Paragraph, Row, Section, Subheading, Table, Value, fill, note
from painkg.report.sections.pieces import Ctx, finding_row, word

__all__ = ["build"]

NEGATIVE = ("no_difference", "mixed", "insufficient")


def build(ctx: Ctx) -> Section:
    """The contested-evidence section."""
    d, c = ctx.drug, ctx.condition
    blocks: list[Block] = [Subheading(fill(T.CONTESTED_NULL_HEADING))]
    nulls = sorted(
        (r for r in ctx.data.findings if r.get("kind") in ("efficacy", "safety") and r.get("direction") in NEGATIVE),
        key=lambda r: ({"exact": 0, "subtype": 1, "broader": 2}[r["scope"]], ctx.strength_key(r)),
    )
    if nulls:
        blocks.append(Table(T.EFF_COLUMNS, tuple(finding_row(ctx, r) for r in nulls)))
    else:
        blocks.append(Paragraph((note(T.CONTESTED_NULL_NONE, drug=d, condition=c),)))
    blocks.append(Subheading(fill(T.CONTESTED_STATEMENTS_HEADING)))
    if not ctx.data.contested:
        blocks.append(Paragraph((note(T.CONTESTED_NONE, drug=d),)))
        return Section("contested", T.SECTIONS["contested"], tuple(blocks))
    blocks.append(Paragraph((note(T.CONTESTED_INTRO),)))
    data = ctx.data
    related = {e.label for e in (data.condition, *data.subtypes, *data.broader_conditions)}
    mechanism = {h["object_label"] for h in data.paths} | {t["target_label"] for t in data.targets}
    groups: dict[str, list[Row]] = {"condition": [], "mechanism": [], "other": []}
    ordered = sorted(
        data.contested,
        key=lambda r: ((r.get("subject_label") or "").casefold(), r["predicate"], (r.get("object_label") or "").casefold(), r["statement"]),
    )
    for r in ordered:
        sid = r["statement"]
        ends = {r.get("object_label"), r.get("subject_label")}
        group = "condition" if ends & related else ("mechanism" if ends & mechanism else "other")
        groups[group].append(
            Row(
                (
                    fill(
                        T.CLAIM,
                        subject=Value(r.get("subject_label") or "", sid, "subject_label"),
                        predicate=word({}, r["predicate"], sid, "predicate"),
                        object=Value(r.get("object_label") or "", sid, "object_label"),
                    ),
                    (word(T.STATEMENT_DIRECTION, r["direction"], sid, "direction"),),
                    (word(T.EVIDENCE, r["evidence_type"], sid, "evidence_type"),),
                    fill(T.YES if r.get("contested") is True else T.NO),
                    ctx.prose(r.get("context"), sid, "context"),
                ),
                split(r["sources"]),
            )
        )
    headings = {
        "condition": fill(T.CONTESTED_ON_CONDITION, condition=c),
        "mechanism": fill(T.CONTESTED_ON_MECHANISM),
        "other": fill(T.CONTESTED_ON_OTHER),
    }
    for key, rows in groups.items():
        if rows:
            blocks += [Subheading(headings[key]), Table(T.CONTESTED_COLUMNS, tuple(rows))]
    return Section("contested", T.SECTIONS["contested"], tuple(blocks))
