"""Duration of effect: findings with a fixed timepoint, in time order, the pair's own and broader populations apart."""

from __future__ import annotations

from painkg.report import templates as T
from painkg.report.data import split
from painkg.report.model import Block, Paragraph, Row, Section, Subheading, Table, Value, fill, note
from painkg.report.sections.pieces import Ctx, effect, is_efficacy, num_text, opt

__all__ = ["build"]


def build(ctx: Ctx) -> Section:
    """The durability section."""
    timed = [r for r in ctx.data.findings if is_efficacy(r) and r.get("timepoint_days") is not None]
    if not timed:
        return Section("durability", T.SECTIONS["durability"], (Paragraph((note(T.DUR_NONE),)),))
    blocks: list[Block] = [Paragraph((note(T.DUR_INTRO),))]
    for group in ("pair", "broader"):
        rows = [r for r in timed if (r["scope"] == "broader") == (group == "broader")]
        if not rows:
            continue
        rows.sort(
            key=lambda r: (ctx.strength_key(r)[:3], r.get("effect_type") or "", r["timepoint_days"], r["finding"])
        )
        out = []
        for r in rows:
            fid = r["finding"]
            out.append(
                Row(
                    (
                        ctx.src(ctx.first_source(r)),
                        ctx.population(r),
                        (Value(r["measure"], fid, "measure"),),
                        opt(r.get("timepoint"), fid, "timepoint"),
                        (Value(num_text(r["timepoint_days"]), fid, "timepoint_days"),),
                        effect(r, fid),
                        opt(r.get("direction"), fid, "direction", T.FINDING_DIRECTION),
                        ctx.rating(r) or fill(T.DASH),
                    ),
                    split(r.get("sources")),
                )
            )
        blocks += [Subheading(fill(T.DUR_HEADING[group], condition=ctx.condition)), Table(T.DUR_COLUMNS, tuple(out))]
    return Section("durability", T.SECTIONS["durability"], tuple(blocks))
