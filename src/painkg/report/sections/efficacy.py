"""Efficacy findings by scope: in the condition itself, in its subtypes, and in broader populations, never merged.

Each table runs from the strongest evidence down (syntheses newest first); the individual trials a review pooled
follow that review, and a closing list names, for each review, the trials with findings here that it pooled.
"""

from __future__ import annotations

from typing import Any

from painkg.report import templates as T
from painkg.report.model import (
    Block,
    Bullets,
    Cite,
    Paragraph,
    Section,
    Subheading,
    Table,
    fact,
    fill,
    join,
    note,
)
from painkg.report.sections.pieces import Ctx, finding_row, is_efficacy

__all__ = ["build", "ordered"]

TRIAL_LEVELS = frozenset({"trial", "observational", "experimental", "other"})


def ordered(ctx: Ctx, rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], bool]]:
    """Rows strongest first, each review's pooled trials right after it: (row, shown under a review)."""
    rows = sorted(rows, key=ctx.strength_key)
    by_source: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_source.setdefault(ctx.first_source(r), []).append(r)
    reviews = [k for k in by_source if ctx.meta(k).type in ("meta_analysis", "systematic_review")]
    placed: set[str] = set()
    out: list[tuple[dict[str, Any], bool]] = []
    under = {k: next((rv for rv in ctx.meta(k).included_in if rv in reviews), None) for k in by_source}
    for key, group in by_source.items():
        if key in placed or under.get(key):
            continue
        out += [(r, False) for r in group]
        placed.add(key)
        if key in reviews:
            for trial, trows in by_source.items():
                if trial not in placed and under.get(trial) == key:
                    out += [(r, True) for r in trows]
                    placed.add(trial)
    for key, group in by_source.items():  # trials whose review sorts after them
        if key not in placed:
            out += [(r, True) for r in group]
            placed.add(key)
    return out


def _pooled_list(ctx: Ctx, eff: list[dict[str, Any]]) -> list:
    keys = list(dict.fromkeys(ctx.first_source(r) for r in sorted(eff, key=ctx.strength_key)))
    scope_of: dict[str, dict[str, Any]] = {}
    for r in eff:
        scope_of.setdefault(ctx.first_source(r), r)
    items = []
    for review in keys:
        trials = [k for k in keys if review in ctx.meta(k).included_in]
        if not trials:
            continue
        listed = [
            fill(T.EFF_POOLED_TRIAL, trial=ctx.src(t), population=ctx.population(scope_of[t]), cite=Cite((t,)))
            for t in trials
        ]
        items.append(
            fact(
                T.EFF_POOLED_ITEM,
                (review,),
                review=ctx.src(review),
                design=(ctx.design(review),),
                trials=join(listed, T.LIST_SEP, T.LIST_LAST),
            )
        )
    return items


def build(ctx: Ctx) -> Section:
    """The efficacy section."""
    d, c = ctx.drug, ctx.condition
    eff = [r for r in ctx.data.findings if is_efficacy(r)]
    blocks: list[Block] = [Paragraph((note(T.EFF_INTRO, drug=d, condition=c),))]
    if not eff:
        blocks.append(Paragraph((note(T.EFF_NONE, drug=d, condition=c),)))
        return Section("efficacy", T.SECTIONS["efficacy"], tuple(blocks))
    for scope in ("exact", "subtype", "broader"):
        rows = [r for r in eff if r["scope"] == scope]
        if not rows:
            continue
        blocks.append(Subheading(fill(T.EFF_HEADING[scope], condition=c)))
        blocks.append(Table(T.EFF_COLUMNS, tuple(finding_row(ctx, r, pooled=p) for r, p in ordered(ctx, rows))))
    pooled = _pooled_list(ctx, eff)
    if pooled:
        blocks += [Subheading(fill(T.EFF_POOLED_HEADING)), Paragraph((note(T.EFF_POOLED_INTRO),)), Bullets(tuple(pooled))]
    return Section("efficacy", T.SECTIONS["efficacy"], tuple(blocks))

