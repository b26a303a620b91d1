"""How the seed documents' claims hold up: only in the report of the pair the seed documents are about."""

from __future__ import annotations

from painkg.report import templates as T
from painkg.report.data import split
from painkg.report.model import Paragraph, Row, Section, Table, Value, note
from painkg.report.sections.pieces import Ctx, word

__all__ = ["build"]


def build(ctx: Ctx) -> Section | None:
    """The seed audit (None for any other pair)."""
    seed = ctx.data.seed
    if seed is None:
        return None
    if not seed:
        return Section("seed_audit", T.SECTIONS["seed_audit"], (Paragraph((note(T.SEED_NONE),)),))
    rows = []
    for r in sorted(seed, key=lambda r: r["claim_id"]):
        cid = r["claim_id"]
        rows.append(
            Row(
                (
                    (Value(r["seed_file"], cid, "seed_file"),),
                    (Value(r["claim"], cid, "claim"),),
                    (word(T.STATUS, r["status"], cid, "status"),),
                    ctx.prose(r.get("note"), cid, "note"),
                ),
                split(r.get("sources")),
            )
        )
    return Section(
        "seed_audit",
        T.SECTIONS["seed_audit"],
        (
            Paragraph((note(T.SEED_INTRO, drug=ctx.drug, condition=ctx.condition),)),
            Table(T.SEED_COLUMNS, tuple(rows), cited=False),
        ),
    )
