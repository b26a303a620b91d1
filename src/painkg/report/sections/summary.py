"""The summary: the balance of findings as counts, then the strongest evidence first, how sure, how long, harms.

Ordered by strength of evidence and worded by fixed templates: syntheses (newest first) before guidelines before
single trials before observational and preclinical work. Every finding of each source it lists is shown whatever
its direction, with its caveat; the levels it does not list are given as counts by direction. So a reader of the
summary alone comes away neither more positive nor more negative than the findings tables.
"""

from __future__ import annotations

from typing import Any

from painkg.report import templates as T
from painkg.report.data import split
from painkg.report.model import (
    Block,
    Bullets,
    Cite,
    Frag,
    Paragraph,
    Row,
    Section,
    Sentence,
    Table,
    Value,
    count,
    fact,
    fill,
    join,
    note,
)
from painkg.report.sections import pieces as P
from painkg.report.sections.pieces import Ctx, effect, is_efficacy, num_text, opt, word

__all__ = ["balance", "build", "strongest"]

#: levels the summary lists finding by finding; the others are counted
LISTED_LEVELS = ("synthesis", "guideline")
#: with fewer listed sources than this, single trials are listed too
MIN_LISTED_SOURCES = 3
HARM_ITEMS = 12


def strongest(ctx: Ctx) -> list[dict[str, Any]]:
    """The efficacy findings the summary lists, strongest first (the first is the highest-level synthesis)."""
    eff = sorted((r for r in ctx.data.findings if is_efficacy(r)), key=ctx.strength_key)
    listed = [r for r in eff if ctx.level_of(r) in LISTED_LEVELS]
    if len({ctx.first_source(r) for r in listed}) < MIN_LISTED_SOURCES:
        listed = [r for r in eff if ctx.level_of(r) in (*LISTED_LEVELS, "trial")]
    return listed


def _finding_item(ctx: Ctx, r: dict[str, Any]) -> Sentence:
    fid, key = r["finding"], ctx.first_source(r)
    m = ctx.meta(key)
    totals: Frag = ()
    if m.n_studies or m.n_participants:
        bits = []
        if m.n_studies:
            bits.append(fill(T.N_STUDIES, n=Value(m.n_studies, key, "n_studies")))
        if m.n_participants:
            bits.append(fill(T.N_PARTICIPANTS, n=Value(m.n_participants, key, "n_participants")))
        review = m.type in ("meta_analysis", "systematic_review")
        totals = fill(T.SUMMARY_TOTALS if review else T.SUMMARY_TOTALS_STUDY, totals=join(bits, T.N_SEP))
    rating = ctx.rating(r)
    outcome: Frag = (Value(r["measure"], fid, "measure"),)
    if r.get("form") and r["form"] != ctx.data.drug.curie:
        outcome = (*outcome, T.LIST_SEP, *ctx.form_cell(r["form"], fid))
    return fact(
        T.SUMMARY_FINDING,
        split(r.get("sources")),
        source=ctx.src(key),
        design=(ctx.design(key),),
        scope=ctx.scope_phrase(r),
        totals=totals,
        outcome=outcome,
        effect=effect(r, fid, p=False) if (r.get("estimate") is not None or r.get("result")) else fill(T.NO_RESULT),
        timepoint=fill(T.SUMMARY_TIME, timepoint=Value(r["timepoint"], fid, "timepoint")) if r.get("timepoint") else (),
        direction=word(T.FINDING_DIRECTION, r.get("direction") or "", fid, "direction")
        if r.get("direction")
        else fill(T.NOT_STATED),
        rating=fill(T.SUMMARY_RATING, rating=rating) if rating else (),
        read_in=fill(T.SUMMARY_READ_IN, read_in=ctx.read_in(r)) if ctx.read_in(r) else (),
        caveat=fill(T.SUMMARY_CAVEAT, caveat=ctx.prose(r["caveat"], fid, "caveat")) if r.get("caveat") else (),
    )


def balance(ctx: Ctx) -> Table | None:
    """Counts of efficacy findings by scope, evidence level and direction (a row per scope and level)."""
    eff = [r for r in ctx.data.findings if is_efficacy(r)]
    if not eff:
        return None
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in eff:
        groups.setdefault((r["scope"], ctx.level_of(r)), []).append(r)
    rows = []
    for scope in ("exact", "subtype", "broader"):
        for lvl in T.LEVELS:
            group = groups.get((scope, lvl))
            if not group:
                continue
            cells: list[Frag] = [fill(T.SCOPES[scope], condition=ctx.condition), fill(T.LEVELS[lvl])]
            for d in T.BALANCE_DIRECTIONS:
                ids = [r["finding"] for r in group if (r.get("direction") or "") == d]
                cells.append((count(ids, "count_findings"),) if ids else fill(T.DASH))
            rows.append(Row(tuple(cells)))
    return Table(T.BALANCE_COLUMNS, tuple(rows), cited=False)


def _rest(ctx: Ctx, listed: list[dict[str, Any]]) -> list[Sentence]:
    """One sentence per evidence level not listed: its findings counted by direction."""
    shown = {r["finding"] for r in listed}
    rest: dict[str, list[dict[str, Any]]] = {}
    for r in ctx.data.findings:
        if is_efficacy(r) and r["finding"] not in shown:
            rest.setdefault(ctx.level_of(r), []).append(r)
    out = []
    for lvl in T.LEVELS:
        group = rest.get(lvl)
        if not group:
            continue
        items = []
        for d in T.BALANCE_DIRECTIONS:
            ids = [r["finding"] for r in group if (r.get("direction") or "") == d]
            if ids:
                items.append(
                    fill(
                        T.SUMMARY_REST_DIRECTION,
                        count=count(ids, "count_findings"),
                        direction=fill(T.BALANCE_HEAD[d].lower()),
                    )
                )
        out.append(
            note(
                T.SUMMARY_REST_ONE if len(group) == 1 else T.SUMMARY_REST,
                level=fill(T.LEVELS[lvl]),
                count=count([r["finding"] for r in group], "count_findings"),
                directions=join(items, T.LIST_SEP),
            )
        )
    return out


def _how_sure(ctx: Ctx) -> list[Sentence]:
    d, c = ctx.drug, ctx.condition
    rated = sorted((r for r in ctx.data.findings if r.get("certainty")), key=ctx.strength_key)
    out: list[Sentence] = []
    if rated:
        order = list(T.CERTAINTY)
        levels = sorted({r["certainty"] for r in rated}, key=order.index)
        seen: set[tuple[str, str, str]] = set()
        items = []
        for r in sorted(rated, key=lambda r: (order.index(r["certainty"]), ctx.strength_key(r))):
            once = (r["certainty"], ctx.first_source(r), r["measure"])
            if once in seen:
                continue
            seen.add(once)
            items.append(
                fill(
                    T.SUMMARY_GRADE_ITEM,
                    level=word(T.CERTAINTY, r["certainty"], r["finding"], "certainty"),
                    outcome=Value(r["measure"], r["finding"], "measure"),
                    harm=fill(T.SUMMARY_GRADE_HARM) if r.get("direction") == "harm" or r.get("kind") == "safety" else (),
                    source=ctx.src(ctx.first_source(r)),
                    scope=ctx.scope_phrase(r),
                    cite=Cite(split(r.get("sources"))),
                )
            )
        lowest = next(r for r in rated if r["certainty"] == levels[-1])
        highest = next(r for r in rated if r["certainty"] == levels[0])
        if len(levels) > 1:
            out.append(
                fact(
                    T.SUMMARY_GRADE_RANGE,
                    condition=c,
                    lowest=word(T.CERTAINTY, lowest["certainty"], lowest["finding"], "certainty"),
                    highest=word(T.CERTAINTY, highest["certainty"], highest["finding"], "certainty"),
                    items=join(items, T.HOP_SEP),
                )
            )
        else:
            out.append(
                fact(
                    T.SUMMARY_GRADE_ONE,
                    condition=c,
                    level=word(T.CERTAINTY, levels[0], rated[0]["finding"], "certainty"),
                    items=join(items, T.HOP_SEP),
                )
            )
    else:
        out.append(note(T.SUMMARY_GRADE_NONE, drug=d, condition=c))
    other = sorted((r for r in ctx.data.findings if r.get("quality_rating") and not r.get("certainty")), key=ctx.strength_key)
    if other:
        items = [
            fill(
                T.SUMMARY_QUALITY_ITEM,
                rating=Value(r["quality_rating"], r["finding"], "quality_rating"),
                outcome=Value(r["measure"], r["finding"], "measure"),
                source=ctx.src(ctx.first_source(r)),
                cite=Cite(split(r.get("sources"))),
            )
            for r in other
        ]
        out.append(fact(T.SUMMARY_QUALITY, items=join(items, T.HOP_SEP)))
    return out


def _latest(rows: list[dict[str, Any]], direction: str) -> dict[str, Any] | None:
    timed = [r for r in rows if r.get("direction") == direction and r.get("timepoint_days") is not None]
    return max(timed, key=lambda r: (r["timepoint_days"], r["finding"])) if timed else None


def _time_ref(ctx: Ctx, r: dict[str, Any]) -> dict[str, Frag | Value | Cite]:
    fid = r["finding"]
    return {
        "timepoint": opt(r.get("timepoint") or num_text(r["timepoint_days"]), fid, "timepoint"),
        "outcome": Value(r["measure"], fid, "measure"),
        "source": ctx.src(ctx.first_source(r)),
        "cite": Cite(split(r.get("sources"))),
    }


def _how_long(ctx: Ctx) -> list[Sentence]:
    eff = [r for r in ctx.data.findings if is_efficacy(r)]
    pair = [r for r in eff if r["scope"] != "broader"]
    broader = [r for r in eff if r["scope"] == "broader"]
    out = []
    for rows, tmpl in ((pair, T.SUMMARY_HOW_LONG), (broader, T.SUMMARY_HOW_LONG_BROADER)):
        best = _latest(rows, "benefit")
        if best is None:
            if tmpl is T.SUMMARY_HOW_LONG:
                out.append(note(T.SUMMARY_HOW_LONG_NONE, condition=ctx.condition))
            continue
        null = _latest(rows, "no_difference")
        out.append(
            fact(
                tmpl,
                condition=ctx.condition,
                **_time_ref(ctx, best),
                null=fill(T.SUMMARY_HOW_LONG_NULL, **_time_ref(ctx, null)) if null else (),
            )
        )
    return out


def _harms(ctx: Ctx) -> Sentence:
    harms = [
        r
        for r in ctx.data.findings
        if r.get("direction") == "harm" and (r.get("estimate") is not None or r.get("result"))
    ]
    harms.sort(key=ctx.strength_key)
    if not harms:
        return note(T.SUMMARY_HARMS_NONE, condition=ctx.condition)
    items = [
        fill(
            T.SUMMARY_HARM_ITEM,
            effect=Value(r["adverse_effect_label"], r["finding"], "adverse_effect_label")
            if r.get("adverse_effect_label")
            else Value(r["measure"], r["finding"], "measure"),
            result=effect(r, r["finding"], p=False),
            source=ctx.src(ctx.first_source(r)),
            scope=ctx.scope_phrase(r),
            cite=Cite(split(r.get("sources"))),
        )
        for r in harms[:HARM_ITEMS]
    ]
    if len(harms) > HARM_ITEMS:
        rest = [r["finding"] for r in harms[HARM_ITEMS:]]
        items.append(fill(T.SUMMARY_HARMS_MORE, n=count(rest, "count_findings")))
    return fact(T.SUMMARY_HARMS, condition=ctx.condition, items=join(items, T.HOP_SEP))


def _duplicates(ctx: Ctx) -> Sentence | None:
    keys = P.sources_of(ctx.data.findings)
    pairs: dict[tuple[str, str], Frag] = {}
    for k in keys:
        for other in ctx.meta(k).possible_duplicate_of:
            if other not in ctx.data.sources:
                continue
            a, b = sorted((k, other))
            pairs.setdefault(
                (a, b), fill(T.SUMMARY_DUPLICATE_PAIR, a=ctx.src(a), b=ctx.src(b), cite=Cite((a, b)))
            )
    if not pairs:
        return None
    return fact(T.SUMMARY_DUPLICATES, pairs=join([pairs[k] for k in sorted(pairs)], T.HOP_SEP))


def build(ctx: Ctx) -> Section:
    """The summary section."""
    d, c = ctx.drug, ctx.condition
    blocks: list[Block] = []
    table = balance(ctx)
    if table is None:
        blocks.append(Paragraph((note(T.SUMMARY_NO_EFFICACY, drug=d, condition=c),)))
    else:
        blocks += [Paragraph((note(T.SUMMARY_BALANCE_INTRO, drug=d, condition=c),)), table]
        listed = strongest(ctx)
        if listed:
            blocks += [Paragraph((note(T.SUMMARY_STRONGEST_INTRO),)), Bullets(tuple(_finding_item(ctx, r) for r in listed))]
        rest = _rest(ctx, listed)
        if rest:
            blocks.append(Bullets(tuple(rest)))
    facts: list[Sentence] = [
        *_how_sure(ctx),
        *_how_long(ctx),
        _harms(ctx),
        P.regulatory_sentence(ctx),
        P.guideline_sentence(ctx),
    ]
    dup = _duplicates(ctx)
    if dup is not None:
        facts.append(dup)
    blocks.append(Bullets(tuple(facts)))
    return Section("summary", T.SECTIONS["summary"], tuple(blocks))
