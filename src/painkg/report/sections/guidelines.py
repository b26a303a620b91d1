"""Guideline position: every recommendation for the condition, its subtypes and broader populations, with NNT/NNH.

A recommendation linked to several NNT or NNH estimates gets one row per estimate, each citing the sources of that
estimate as well as the recommendation's: no sourced value is dropped.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from painkg.queries import iri_to_curie
from painkg.report import templates as T
from painkg.report.data import split
from painkg.report.model import Block, Cite, Frag, Paragraph, Row, Section, Table, Value, fill, note
from painkg.report.sections.pieces import Ctx, guideline_sentence, num_text, opt

__all__ = ["build"]


def _nnx(ctx: Ctx, x: dict[str, Any] | None) -> tuple[Frag, tuple[str, ...]]:
    if not x or x.get("estimate") is None:
        return fill(T.DASH), ()
    fid = x["finding"]
    frag = fill(T.GUIDE_NNX, estimate=Value(num_text(x["estimate"]), fid, "estimate"))
    if x.get("ci_low") is not None and x.get("ci_high") is not None:
        frag += fill(
            T.EFFECT_CI,
            low=Value(num_text(x["ci_low"]), fid, "ci_low"),
            high=Value(num_text(x["ci_high"]), fid, "ci_high"),
        )
    detail = ctx.data.detail(fid)
    keys = split(detail.get("sources")) + split(detail.get("read_in"))
    return (*frag, Cite(keys)) if keys else frag, keys


def build(ctx: Ctx) -> Section:
    """The guideline section."""
    forms = {f.curie for f in ctx.data.forms}
    recs: dict[str, dict[str, list[dict[str, Any]]]] = {}
    first: dict[str, dict[str, Any]] = {}
    for r in ctx.data.landscape:
        first.setdefault(r["recommendation"], r)
        by = recs.setdefault(r["recommendation"], {"NNT": [], "NNH": []})
        if r.get("measure") in by and r.get("finding"):
            by[r["measure"]].append(r)
    blocks: list[Block] = [Paragraph((guideline_sentence(ctx),))]
    if not recs:
        blocks.append(Paragraph((note(T.GUIDE_NONE, condition=ctx.condition),)))
        return Section("guidelines", T.SECTIONS["guidelines"], tuple(blocks))
    order = sorted(first, key=lambda k: (first[k]["line_of_therapy"], first[k]["drug_label"], k))
    rows = []
    for rid in order:
        r = first[rid]
        mine = iri_to_curie(r["rec_drug"]) in forms
        nnts = sorted(recs[rid]["NNT"], key=lambda x: x["finding"])
        nnhs = sorted(recs[rid]["NNH"], key=lambda x: x["finding"])
        for i, (nnt, nnh) in enumerate(zip_longest(nnts, nnhs) if (nnts or nnhs) else [(None, None)]):
            nnt_cell, nnt_keys = _nnx(ctx, nnt)
            nnh_cell, nnh_keys = _nnx(ctx, nnh)
            head: tuple[Frag, ...] = (
                (Value(r["drug_label"], rid, "drug_label"),),
                opt(r.get("drug_class"), rid, "drug_class"),
                (Value(r["condition_label"], rid, "condition_label"),) if r.get("condition_label") else fill(T.DASH),
                (Value(r["line_of_therapy"], rid, "line_of_therapy"),),
                opt(r.get("strength"), rid, "strength"),
            )
            if i:
                more: Frag = (Value(r["drug_label"], rid, "drug_label"), " ", *fill(T.GUIDE_MORE))
                head = (more, *(fill(T.DASH) for _ in head[1:]))
            rows.append(
                Row(
                    (*head, nnt_cell, nnh_cell),
                    tuple(dict.fromkeys((*split(r["sources"]), *nnt_keys, *nnh_keys))),
                    highlight=mine,
                )
            )
    blocks.append(Table(T.GUIDE_COLUMNS, tuple(rows), caption=note(T.GUIDE_CAPTION, drug=ctx.drug)))
    return Section("guidelines", T.SECTIONS["guidelines"], tuple(blocks))
