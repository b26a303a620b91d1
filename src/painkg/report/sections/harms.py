"""Harms: findings by the population studied, label adverse-reaction tables (drug % vs comparator %), statements.

A harm seen in another population than the condition is listed, labelled by its population; it is never presented
as a harm seen in the condition.
"""

from __future__ import annotations

from typing import Any

from painkg.report import templates as T
from painkg.report.data import split
from painkg.report.model import Block, Frag, Paragraph, Row, Section, Subheading, Table, Value, fill, note
from painkg.report.sections.pieces import Ctx, effect, num_text, opt, word

__all__ = ["build"]


def _group(r: dict[str, Any]) -> str:
    scope = r.get("scope")
    return "pair" if scope in ("exact", "subtype") else ("broader" if scope == "broader" else "other")


def _label_tables(ctx: Ctx, rows: list[dict[str, Any]]) -> list[Block]:
    tables: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        tables.setdefault((ctx.first_source(r), r["measure"]), []).append(r)
    blocks: list[Block] = []
    for (key, measure), group in sorted(tables.items(), key=lambda kv: (ctx.strength_key(kv[1][0]), kv[0][1])):
        first = group[0]
        heading = fill(T.HARM_TABLE_HEADING, source=ctx.src(key), table=Value(measure, first["finding"], "measure"))
        out = []
        for r in sorted(group, key=lambda r: ((r.get("adverse_effect_label") or r["measure"]).casefold(), r["finding"])):
            fid = r["finding"]
            unit = r.get("unit") or ""
            drug_arm: Frag = (Value(num_text_unit(r["estimate"], unit), fid, "estimate"),)
            comp: Frag = (
                fill(
                    T.HARM_COMPARATOR,
                    value=Value(num_text_unit(r["comparator_value"], unit), fid, "comparator_value"),
                    comparator=opt(r.get("comparator"), fid, "comparator"),
                )
                if r.get("comparator_value") is not None
                else fill(T.DASH)
            )
            out.append(
                Row(
                    (
                        opt(r.get("adverse_effect_label"), fid, "adverse_effect_label"),
                        ctx.form_cell(r.get("form") or r.get("intervention"), fid),
                        drug_arm,
                        comp,
                        opt(r.get("population"), fid, "population") if r.get("population") else ctx.population(r),
                    ),
                    split(r.get("sources")),
                )
            )
        blocks += [Subheading(heading), Table(T.HARM_TABLE_COLUMNS, tuple(out))]
    return blocks


def num_text_unit(v: Any, unit: str) -> str:
    """A rate with its unit: ``21%``."""
    return f"{num_text(v)}{unit}"


def _finding_rows(ctx: Ctx, rows: list[dict[str, Any]]) -> Table:
    out = []
    for r in sorted(rows, key=ctx.strength_key):
        fid = r["finding"]
        out.append(
            Row(
                (
                    ctx.form_cell(r.get("form") or r.get("intervention"), fid),
                    opt(r.get("adverse_effect_label"), fid, "adverse_effect_label"),
                    (Value(r["measure"], fid, "measure"),),
                    effect(r, fid),
                    opt(r.get("exposure"), fid, "exposure", T.EXPOSURE),
                    ctx.population(r),
                    (ctx.design(ctx.first_source(r)),),
                ),
                split(r.get("sources")),
            )
        )
    return Table(T.HARM_COLUMNS, tuple(out))


def build(ctx: Ctx) -> Section:
    """The harms section."""
    d, comps = ctx.drug, ctx.components_clause
    findings = [r for r in ctx.data.harm_findings if r.get("estimate") is not None or r.get("result")]
    blocks: list[Block] = []
    if findings:
        blocks.append(Paragraph((note(T.HARM_INTRO, drug=d, components=comps, condition=ctx.condition),)))
        for group in ("pair", "broader", "other"):
            rows = [r for r in findings if _group(r) == group]
            if not rows:
                continue
            blocks.append(Subheading(fill(T.HARM_GROUP[group], condition=ctx.condition)))
            table_rows = [r for r in rows if r.get("effect_type") == "incidence" and ctx.meta(ctx.first_source(r)).type == "drug_label"]
            other = [r for r in rows if r not in table_rows]
            if other:
                blocks.append(_finding_rows(ctx, other))
            blocks += _label_tables(ctx, table_rows)
    else:
        blocks.append(Paragraph((note(T.HARM_NONE_FINDINGS, drug=d, components=comps),)))
    statements = sorted(ctx.data.harm_statements, key=lambda r: ((r.get("effect_label") or "").casefold(), r["record"]))
    if statements:
        rows = []
        for r in statements:
            sid = r["record"]
            rows.append(
                Row(
                    (
                        ctx.form_cell(r.get("form"), sid),
                        opt(r.get("effect_label"), sid, "effect_label"),
                        (word({}, r["relation"], sid, "predicate"),),
                        (word(T.EVIDENCE, r["evidence_type"], sid, "evidence_type"),),
                        (word(T.STATEMENT_DIRECTION, r["direction"], sid, "direction"),),
                        fill(T.YES if r.get("contested") is True else T.NO),
                        ctx.prose(r.get("context"), sid, "context"),
                    ),
                    split(r["sources"]),
                )
            )
        blocks += [Subheading(fill(T.HARM_STATEMENTS_HEADING)), Table(T.HARM_STATEMENT_COLUMNS, tuple(rows))]
    return Section("harms", T.SECTIONS["harms"], tuple(blocks))
