"""Regulatory status: approvals with the exact indication wording, scheduling, each act with all its sources.

Acts on the substances the drug is made of (a racemate's enantiomers) are listed as theirs ("esketamine (a component
of ketamine)"); an enantiomer's report never shows its racemate's acts. Dates keep the precision the source gives.
"""

from __future__ import annotations

from painkg.queries import iri_to_curie
from painkg.report import templates as T
from painkg.report.data import split
from painkg.report.model import Block, Paragraph, Row, Section, Table, Value, fill, note
from painkg.report.sections.pieces import Ctx, opt, regulatory_sentence, word

__all__ = ["build"]


def build(ctx: Ctx) -> Section:
    """The regulatory section."""
    blocks: list[Block] = [Paragraph((regulatory_sentence(ctx),))]
    if ctx.data.regulatory:
        rows = []
        for r in sorted(ctx.data.regulatory, key=lambda r: (r["date"], r["action_id"])):
            rid = r["action_id"]
            rows.append(
                Row(
                    (
                        ctx.form_cell(iri_to_curie(r["drug_acted_on"]), rid),
                        (Value(r["agency"], rid, "agency"),),
                        opt(r.get("jurisdiction"), rid, "jurisdiction"),
                        opt(r.get("product"), rid, "product"),
                        (word(T.ACTION, r["action"], rid, "action"),),
                        opt(r.get("indication_scope"), rid, "indication_scope"),
                        opt(r.get("indication_label"), rid, "indication_label"),
                        fill(T.REG_SCHEDULE, schedule=Value(r["schedule"], rid, "schedule"))
                        if r.get("schedule")
                        else fill(T.DASH),
                        (Value(r["date"], rid, "date"),),
                    ),
                    split(r.get("sources")),
                )
            )
        blocks.append(Table(T.REG_COLUMNS, tuple(rows), caption=note(T.REG_CAPTION)))
    return Section("regulatory", T.SECTIONS["regulatory"], tuple(blocks))

