"""Evidence gaps: what the graph does not know about the pair, computed from the queries that came back empty."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from painkg.report import templates as T
from painkg.report.data import approvals_for, split
from painkg.report.model import Bullets, Cite, Paragraph, Section, Sentence, Value, fact, join, note
from painkg.report.sections.pieces import Ctx, guideline_has_drug, hop, is_efficacy, opt

__all__ = ["build"]

PRECLINICAL = frozenset({"animal", "in_vitro"})
HUMAN_EVIDENCE = frozenset({"clinical", "human_experimental", "label", "guideline"})


def build(ctx: Ctx, cited: Iterable[str]) -> Section:
    """The gaps section; ``cited`` are the source keys the other sections cite (for the verification notes)."""
    d, c, data = ctx.drug, ctx.condition, ctx.data
    comps = ctx.components_clause
    eff = [r for r in data.findings if is_efficacy(r)]
    pair = [r for r in eff if r["scope"] != "broader"]
    out: list[Sentence] = []
    if not pair:
        out.append(note(T.GAP_NO_FINDINGS, drug=d, condition=c))
        if eff:
            out.append(note(T.GAP_BROADER_ONLY, condition=c))
    if eff:
        if not any(r.get("ci_low") is not None and r.get("ci_high") is not None for r in eff):
            out.append(note(T.GAP_NO_CI))
        if not any(r.get("certainty") for r in eff):
            out.append(note(T.GAP_NO_CERTAINTY))
        if not any(ctx.level_of(r) in ("synthesis", "trial") for r in eff):
            out.append(note(T.GAP_NO_POOLED))
    timed = [r for r in pair if r.get("timepoint_days") is not None]
    if pair and not timed:
        out.append(note(T.GAP_NO_TIMEPOINT))
    elif timed:
        last = max(timed, key=lambda r: (r["timepoint_days"], r["finding"]))
        out.append(
            fact(
                T.GAP_LATEST,
                split(last["sources"]),
                condition=c,
                timepoint=opt(last.get("timepoint"), last["finding"], "timepoint"),
                source=ctx.src(ctx.first_source(last)),
            )
        )
    if not data.regimens:
        out.append(note(T.GAP_NO_REGIMEN, drug=d, condition=c))
    if not data.regulatory:
        out.append(note(T.GAP_NO_REGULATORY, drug=d, components=comps))
    elif not approvals_for(data):
        out.append(note(T.GAP_NO_APPROVAL, drug=d, components=comps, condition=c))
    out += _paths(ctx)
    if not [r for r in data.findings if r.get("direction") == "harm"]:
        out.append(note(T.GAP_NO_HARM_FINDINGS, drug=d, condition=c))
    harm_findings = [r for r in data.harm_findings if r.get("estimate") is not None or r.get("result")]
    if harm_findings and not any(r.get("exposure") for r in harm_findings):
        out.append(note(T.GAP_NO_EXPOSURE, drug=d))
    if not data.interactions:
        out.append(note(T.GAP_NO_INTERACTIONS, drug=d, components=comps))
    if not data.cautions:
        out.append(note(T.GAP_NO_CAUTIONS, drug=d, components=comps))
    if not guideline_has_drug(ctx):
        out.append(note(T.GAP_NO_GUIDELINE, drug=d, condition=c))
    keys = list(dict.fromkeys(cited))
    partial = tuple(k for k in keys if ctx.meta(k).partly_verified)
    if partial:
        out.append(fact(T.GAP_PARTIAL, cites=Cite(partial)))
    no_ids = tuple(k for k in keys if not (ctx.meta(k).pmid or ctx.meta(k).doi))
    if no_ids:
        out.append(fact(T.GAP_NO_IDS, cites=Cite(no_ids)))
    if data.seed:
        unver = [r for r in data.seed if r["status"] == "unverifiable"]
        if unver:
            claims = join([(Value(r["claim"], r["claim_id"], "claim"),) for r in unver], T.HOP_SEP)
            out.append(note(T.GAP_UNVERIFIABLE, claims=claims))
    return Section(
        "gaps", T.SECTIONS["gaps"], (Paragraph((note(T.GAPS_INTRO, drug=d, condition=c),)), Bullets(tuple(out)))
    )


def _paths(ctx: Ctx) -> list[Sentence]:
    d, c = ctx.drug, ctx.condition
    if not ctx.data.paths:
        return [note(T.GAP_NO_PATH, drug=d, condition=c)]
    out = []
    hops: dict[str, dict[str, Any]] = {}
    for r in ctx.data.paths:
        if r["evidence_type"] in PRECLINICAL:
            hops.setdefault(r["statement"], r)
    if hops:
        out.append(fact(T.GAP_PRECLINICAL_HOPS, hops=join([hop(h) for _k, h in sorted(hops.items())], T.HOP_SEP)))
    by_path: dict[int, list[str]] = {}
    for r in ctx.data.paths:
        by_path.setdefault(r["path"], []).append(r["evidence_type"])
    if not any(all(e in HUMAN_EVIDENCE for e in ev) for ev in by_path.values()):
        out.append(note(T.GAP_NO_HUMAN_PATH, drug=d, condition=c))
    return out
