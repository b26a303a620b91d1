"""Mechanism: the paths from the drug to the condition, hop by hop with each hop's evidence, and the drug's targets.

Every hop shows its evidence type, species, model, association flag and the sources that dispute it; each path is
labelled with its weakest hop (a path is never stronger than that) and whether it rests on an association.
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
    Subheading,
    Table,
    Value,
    fact,
    fill,
    join,
    note,
)
from painkg.report.sections.pieces import Ctx, hop, opt, word

__all__ = ["build"]


def _paths(ctx: Ctx) -> list[list[dict[str, Any]]]:
    by_path: dict[int, list[dict[str, Any]]] = {}
    for r in ctx.data.paths:
        by_path.setdefault(r["path"], []).append(r)
    paths = [sorted(hops, key=lambda h: h["hop"]) for hops in by_path.values()]
    return sorted(
        paths,
        key=lambda hops: (
            ctx.evidence_rank(hops[0]["path_evidence"]),
            bool(hops[0]["path_association_only"]),
            len(hops),
            [h["statement"] for h in hops],
        ),
    )


def build(ctx: Ctx) -> Section:
    """The mechanism section."""
    d, c = ctx.drug, ctx.condition
    blocks: list[Block] = [Subheading(fill(T.MECH_PATHS_HEADING, drug=d, condition=c))]
    paths = _paths(ctx)
    if paths:
        blocks.append(Paragraph((note(T.MECH_INTRO, drug=d, condition=c),)))
        sentences = []
        for hops in paths:
            first = hops[0]
            sentences.append(
                fact(
                    T.PATH,
                    weakest=word(T.EVIDENCE, first["path_evidence"], first["statement"], "path_evidence"),
                    association=fill(T.PATH_ASSOCIATION) if first["path_association_only"] else (),
                    hops=join([hop(h) for h in hops], T.HOP_SEP),
                )
            )
        blocks.append(Bullets(tuple(sentences)))
    else:
        blocks.append(Paragraph((note(T.MECH_NONE, drug=d, condition=c),)))
    blocks.append(Subheading(fill(T.MECH_TARGETS_HEADING, drug=d)))
    if ctx.data.targets:
        rows = []
        for r in sorted(ctx.data.targets, key=lambda r: (r["target_label"].casefold(), r["statement"])):
            sid = r["statement"]
            species_model = [x for x in (r.get("species"), r.get("model")) if x]
            contested: Frag = fill(T.YES if r.get("contested") is True else T.NO)
            if split(r.get("contested_by")):
                contested += fill(T.HOP_DISPUTED, cite=Cite(split(r["contested_by"])))
            rows.append(
                Row(
                    (
                        (Value(r["target_label"], sid, "target_label"),),
                        (word({}, r["action"], sid, "predicate"),),
                        (word(T.EVIDENCE, r["evidence_type"], sid, "evidence_type"),),
                        join([(Value(x.replace("|", ", "), sid, "species" if x == r.get("species") else "model"),) for x in species_model], T.HOP_SEP)
                        if species_model
                        else fill(T.DASH),
                        (word(T.STATEMENT_DIRECTION, r["direction"], sid, "direction"),),
                        contested,
                        ctx.prose(r.get("context"), sid, "context") if r.get("context") else opt(None, sid, "context"),
                    ),
                    split(r["sources"]),
                )
            )
        blocks.append(Table(T.MECH_TARGET_COLUMNS, tuple(rows)))
    else:
        blocks.append(Paragraph((note(T.MECH_TARGETS_NONE, drug=d),)))
    return Section("mechanism", T.SECTIONS["mechanism"], tuple(blocks))
