"""Generate the report for a drug × condition: read the pair's data, build each section, number the citations."""

from __future__ import annotations

import re
from typing import Any

from painkg.report import templates as T
from painkg.report.data import PairData
from painkg.report.document import Report
from painkg.report.model import Citations, Frag, Paragraph, Section, fill, inline_sources, join, note
from painkg.report.sections import ORDER, gaps, seed_audit
from painkg.report.sections.pieces import Ctx

__all__ = ["generate"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _cited(sections: list[Section]) -> list[str]:
    from painkg.report.model import _frags_of

    keys: list[str] = []
    for s in sections:
        for b in s.blocks:
            for frag, sources in _frags_of(b):
                keys += [*inline_sources(frag), *sources]
    return keys


def _fast(kg: Any) -> Any:
    """The graph answered by in-memory Oxigraph when it is held by rdflib (same answers, much faster)."""
    if kg.store.name != "rdflib":
        return kg
    try:
        kg.build_result  # noqa: B018 - only graphs with a local build can be copied
    except RuntimeError:
        return kg
    return kg.on_oxigraph()


def _scope(ctx: Ctx):
    data = ctx.data
    comps: Frag = ()
    if data.components:
        comps = fill(T.SCOPE_COMPONENTS, components=join([ctx.entity(c) for c in data.components], T.LIST_SEP))
    subtypes: Frag = ()
    if data.subtypes:
        subtypes = fill(T.SCOPE_SUBTYPES, subtypes=join([ctx.entity(c) for c in data.subtypes], T.LIST_SEP))
    broader_labels = sorted(
        {r["condition"]: r["condition_label"] for r in data.findings if r["scope"] == "broader" and r.get("condition")}.items()
    )
    broader: Frag = ()
    if broader_labels:
        from painkg.report.model import Value

        broader = fill(T.SCOPE_BROADER, broader=join([Value(label, curie, "label") for curie, label in broader_labels], T.LIST_SEP))
    return note(T.SCOPE, drug=ctx.drug, components=comps, condition=ctx.condition, subtypes=subtypes, broader=broader)


def generate(kg: Any, drug: str, condition: str) -> Report:
    """The evidence report for ``drug`` × ``condition`` (CURIE, label or synonym of each), from graph queries.

    Raises :class:`painkg.queries.UnknownEntityError` (with ``suggestions``) when a name is not in the graph, and
    :class:`painkg.report.data.NotOfKindError` (a subclass) when it names something else than a drug/condition.
    A graph held by rdflib is queried through an in-memory Oxigraph copy: the named queries give the same answers
    on both stores (tests/test_stores.py), and rdflib takes far longer on some of them.
    """
    ctx = Ctx(PairData.read(_fast(kg), drug, condition))
    sections = [module.build(ctx) for module in ORDER]
    seed = seed_audit.build(ctx)
    sections.append(gaps.build(ctx, _cited([*sections, *([seed] if seed else [])])))
    if seed:
        sections.append(seed)
    sections.append(Section("disclaimer", T.SECTIONS["disclaimer"], (Paragraph((note(T.DISCLAIMER),)),)))
    return Report(
        drug=ctx.drug,
        condition=ctx.condition,
        title=fill(T.TITLE, drug=ctx.drug, condition=ctx.condition),
        sections=sections,
        citations=Citations(ctx.data.sources),
        slug=f"report-{_slug(ctx.drug.text)}-{_slug(ctx.condition.text)}",
        seed_audit=seed is not None,
        scope=_scope(ctx),
    )
