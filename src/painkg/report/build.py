"""Build a :class:`~painkg.report.model.Report` for a drug × condition from graph queries alone.

Each section draws on the competency-question methods of :class:`painkg.api.KnowledgeGraph` (named
queries) and a few small SPARQL look-ups defined here (labels, kinds, subtypes, source metadata). The
wording lives in :mod:`painkg.report.templates`; every value placed in it is a
:class:`~painkg.report.model.Value` read from a query row, tagged with the record it came from.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from painkg.api import KnowledgeGraph
from painkg.queries import UnknownEntityError
from painkg.report import templates as T
from painkg.report.forest import DIFFERENCE_TYPES, PLOTTABLE_TYPES, UNKNOWN_SCALE
from painkg.report.model import (
    Block,
    Bullets,
    Citations,
    Cite,
    Figure,
    ForestRow,
    Frag,
    Paragraph,
    Report,
    Row,
    Section,
    Sentence,
    SourceMeta,
    Subheading,
    Table,
    Value,
    fact,
    fill,
    join,
    note,
)

__all__ = ["NotOfKindError", "generate"]

#: The pair the two seed documents are about (their claims are audited only in this pair's report).
SEED_PAIR = ("CHEBI:6121", "HP:6000040")
DRUG_KINDS = frozenset({"Drug", "Metabolite", "DrugClass"})
CONDITION_KINDS = frozenset({"Condition"})
POOLED = frozenset({"meta_analysis", "systematic_review"})
RANDOMISED_OR_POOLED = POOLED | {"rct"}
HUMAN_EVIDENCE = frozenset({"clinical", "human_experimental", "label", "guideline"})
PRECLINICAL = frozenset({"animal", "in_vitro"})
SUMMARY_MAX_EFFECTS = 8
#: Effect types whose values only compare on one scale; with no scale recorded each finding is plotted alone.
UNSCALED_ALONE = frozenset({"MD"})

# -- look-ups the named queries do not cover ----------------------------------------------------------------
Q_ENTITY = """
SELECT ?curie ?label ?kind WHERE {
  ?e dcterms:identifier ?curie ; rdfs:label ?label ; a ?k .
  FILTER(STRSTARTS(STR(?k), STR(painkg:)))
  BIND(STRAFTER(STR(?k), STR(painkg:)) AS ?kind)
}"""
Q_OF_KIND = """
SELECT ?curie ?label WHERE {
  ?e a ?k ; dcterms:identifier ?curie ; rdfs:label ?label .
  FILTER(STRAFTER(STR(?k), STR(painkg:)) = ?kind)
} ORDER BY ?label"""
Q_LABEL_KINDS = """
SELECT ?label ?kind WHERE {
  ?e rdfs:label ?label ; a ?k ; dcterms:identifier ?curie .
  FILTER(STRSTARTS(STR(?k), STR(painkg:)))
  BIND(STRAFTER(STR(?k), STR(painkg:)) AS ?kind)
} ORDER BY ?label ?kind"""
Q_SUBTYPES = """
SELECT DISTINCT ?curie ?label WHERE { ?c rdfs:subClassOf* ?top ; dcterms:identifier ?curie ; rdfs:label ?label . }
ORDER BY ?curie"""
Q_SUPERTYPES = """
SELECT DISTINCT ?curie ?label WHERE {
  ?top rdfs:subClassOf+ ?c . ?c dcterms:identifier ?curie ; rdfs:label ?label .
  FILTER(?c != ?top)
} ORDER BY ?curie"""
Q_SOURCES = """
SELECT ?key ?type ?title ?first_author ?year ?journal ?pmid ?doi ?url ?verified ?link WHERE {
  ?s a painkg:Source ; dcterms:identifier ?key ; painkg:sourceType ?type ; painkg:verified ?verified .
  OPTIONAL { ?s dcterms:title ?title }
  OPTIONAL { ?s painkg:firstAuthor ?first_author }
  OPTIONAL { ?s painkg:year ?year }
  OPTIONAL { ?s painkg:journal ?journal }
  OPTIONAL { ?s painkg:pmid ?pmid }
  OPTIONAL { ?s painkg:doi ?doi }
  OPTIONAL { ?s painkg:url ?url }
  OPTIONAL { ?s rdfs:seeAlso ?link }
} ORDER BY ?key ?link"""
Q_FINDING_CONTEXT = """
SELECT ?finding ?intervention ?condition ?condition_label ?adverse_effect ?adverse_effect_label ?timepoint ?p
       ?n_studies ?n_participants ?scale ?route ?comparator WHERE {
  ?f a painkg:Finding ; dcterms:identifier ?finding ; painkg:intervention ?i .
  ?i dcterms:identifier ?intervention .
  OPTIONAL { ?f painkg:condition ?c . ?c dcterms:identifier ?condition ; rdfs:label ?condition_label }
  OPTIONAL { ?f painkg:adverseEffect ?a . ?a dcterms:identifier ?adverse_effect ; rdfs:label ?adverse_effect_label }
  OPTIONAL { ?f painkg:timepoint ?timepoint }
  OPTIONAL { ?f painkg:pValue ?p }
  OPTIONAL { ?f painkg:nStudies ?n_studies }
  OPTIONAL { ?f painkg:nParticipants ?n_participants }
  OPTIONAL { ?f painkg:scale ?scale }
  OPTIONAL { ?f painkg:route ?route }
  OPTIONAL { ?f painkg:comparator ?comparator }
} ORDER BY ?finding"""
Q_REGIMEN_CONDITIONS = """
SELECT ?regimen ?condition WHERE {
  ?r a painkg:Regimen ; dcterms:identifier ?regimen ; painkg:condition/dcterms:identifier ?condition .
} ORDER BY ?regimen"""
Q_INTERACTION_VICTIMS = """
SELECT ?interaction ?victim ?victim_label WHERE {
  ?i a painkg:Interaction ; dcterms:identifier ?interaction ; painkg:victim ?v .
  ?v dcterms:identifier ?victim ; rdfs:label ?victim_label .
} ORDER BY ?interaction"""
Q_DRUG_CLASSES = """
SELECT DISTINCT ?curie WHERE { ?drug rdfs:subClassOf+ ?c . ?c dcterms:identifier ?curie . } ORDER BY ?curie"""


class NotOfKindError(UnknownEntityError):
    """The name resolves, but not to an entity of the kind the report needs (a drug, a condition)."""

    def __init__(self, name: str, kind: str, expected: str, suggestions: list[str]):
        self.kind, self.expected = kind, expected
        super().__init__(name, suggestions)
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        self.args = (f"'{name}' is a {kind} in the graph, not a {expected}{hint}",)

    def __str__(self) -> str:
        return str(self.args[0])


# -- value helpers -----------------------------------------------------------------------------------------
def _clean(v: Any) -> Any:
    """None for missing values (None, NaN, empty string), else the value."""
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, str) and not v.strip():
        return None
    if v is pd.NA:
        return None
    return v


def num_text(v: Any) -> str:
    """A number as the report prints it: shortest exact decimal, no exponent, a true minus sign.

    >>> num_text(-2.14), num_text(230.0), num_text(18), num_text(0.00001)
    ('−2.14', '230', '18', '0.00001')
    """
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int):
        text = str(v)
    elif isinstance(v, float):
        d = Decimal(repr(v))
        text = str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")
    else:
        text = str(v)
    return text.replace("-", "−") if text.startswith("-") else text


def _split(v: Any) -> tuple[str, ...]:
    v = _clean(v)
    return tuple(s for s in str(v).split("|") if s) if v else ()


def _rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in r.items()} for r in df.to_dict("records")]


def _word(mapping: dict[str, str], raw: str, record: str, fld: str) -> Value:
    return Value(mapping.get(raw, raw.replace("_", " ")), record, fld)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _truncate_words(text: str, limit: int = 60) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


@dataclass
class _Ctx:
    """Everything the sections need, queried once."""

    kg: KnowledgeGraph
    drug: Value
    condition: Value
    drug_iri: str
    condition_iri: str
    sources: dict[str, SourceMeta]
    forms: list[Value]  # the drug and its enantiomers
    subtypes: dict[str, str]
    supertypes: dict[str, str]
    findings: list[dict[str, Any]] = field(default_factory=list)  # pair, all directions, all forms
    broader: list[dict[str, Any]] = field(default_factory=list)  # findings in supertypes
    durability: list[dict[str, Any]] = field(default_factory=list)
    regulatory: list[dict[str, Any]] = field(default_factory=list)
    approved: list[dict[str, Any]] = field(default_factory=list)
    landscape: list[dict[str, Any]] = field(default_factory=list)
    drug_classes: set[str] = field(default_factory=set)
    paths: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    harms: list[dict[str, Any]] = field(default_factory=list)  # adverse_effects rows, all forms, with "form"
    finding_context: dict[str, dict[str, Any]] = field(default_factory=dict)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    victims: dict[str, dict[str, Any]] = field(default_factory=dict)
    cautions: list[dict[str, Any]] = field(default_factory=list)
    regimens: list[dict[str, Any]] = field(default_factory=list)  # pair only
    regimens_by_finding: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    contested: list[dict[str, Any]] = field(default_factory=list)
    seed: list[dict[str, Any]] | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # entity label -> kind

    # -- small renderers of graph values -------------------------------------------------------------------
    def src(self, key: str) -> Frag:
        """Short label of a source: first author and year, else a short title, else its key."""
        m = self.sources[key]
        if m.first_author and m.year:
            return fill(
                T.AUTHOR_YEAR, author=Value(m.first_author, key, "first_author"), year=Value(m.year, key, "year")
            )
        if m.first_author:
            return (Value(m.first_author, key, "first_author"),)
        if m.title and m.year:
            return fill(
                T.AUTHOR_YEAR,
                author=Value(_truncate_words(m.title), key, "title"),
                year=Value(m.year, key, "year"),
            )
        if m.title:
            return (Value(_truncate_words(m.title), key, "title"),)
        return (Value(key, key, "identifier"),)

    def design(self, key: str) -> Value:
        """The source's design in words."""
        return _word(T.DESIGN, self.sources[key].type, key, "source_type")

    def form(self, curie: str) -> Value | None:
        """The drug form (drug or enantiomer) with this CURIE."""
        return next((f for f in self.forms if f.record == curie), None)

    @property
    def is_seed_pair(self) -> bool:
        """True for the pair the seed documents are about."""
        return (self.drug.record, self.condition.record) == SEED_PAIR


# -- context -------------------------------------------------------------------------------------------------
def _entity(kg: KnowledgeGraph, name: str, expected: frozenset[str], what: str) -> tuple[str, Value]:
    iri = str(kg.resolver.resolve(name))  # raises UnknownEntityError with suggestions
    rows = _rows(kg.sparql(Q_ENTITY, e=iri))
    if not rows:
        raise UnknownEntityError(name, [])
    row = rows[0]
    kinds = {r["kind"] for r in rows}
    if not kinds & expected:
        candidates: dict[str, str] = {}
        for kind in sorted(expected):
            for r in _rows(kg.sparql(Q_OF_KIND, kind=kind)):
                candidates[r["label"].casefold()] = r["label"]
        close = difflib.get_close_matches(name.casefold(), list(candidates), n=5, cutoff=0.5)
        raise NotOfKindError(name, "/".join(sorted(kinds)), what, [candidates[c] for c in close])
    return iri, Value(row["label"], row["curie"], "label")


def _sources(kg: KnowledgeGraph) -> dict[str, SourceMeta]:
    out: dict[str, dict[str, Any]] = {}
    for r in _rows(kg.sparql(Q_SOURCES)):
        rec = out.setdefault(r["key"], {**r, "links": []})
        if r.get("link"):
            rec["links"].append(r["link"])
    return {
        k: SourceMeta(
            key=k,
            type=r["type"] or "",
            title=r["title"] or "",
            first_author=r["first_author"] or "",
            year=num_text(r["year"]) if r["year"] is not None else "",
            journal=r["journal"] or "",
            pmid=r["pmid"] or "",
            doi=r["doi"] or "",
            url=r["url"] or "",
            verified=r["verified"] or "",
            links=tuple(sorted(set(r["links"]))),
        )
        for k, r in out.items()
    }


def _context(kg: KnowledgeGraph, drug: str, condition: str) -> _Ctx:
    drug_iri, drug_v = _entity(kg, drug, DRUG_KINDS, "drug")
    cond_iri, cond_v = _entity(kg, condition, CONDITION_KINDS, "condition")
    forms = [drug_v]
    for r in _rows(kg.enantiomers_metabolites(drug_v.record)):
        if r["relation"] == "enantiomer" and r["form"] not in {f.record for f in forms}:
            forms.append(Value(r["form_label"], r["form"], "label"))
    ctx = _Ctx(
        kg=kg,
        drug=drug_v,
        condition=cond_v,
        drug_iri=drug_iri,
        condition_iri=cond_iri,
        sources=_sources(kg),
        forms=forms,
        subtypes={r["curie"]: r["label"] for r in _rows(kg.sparql(Q_SUBTYPES, top=cond_iri))},
        supertypes={r["curie"]: r["label"] for r in _rows(kg.sparql(Q_SUPERTYPES, top=cond_iri))},
    )
    ctx.finding_context = {r["finding"]: r for r in _rows(kg.sparql(Q_FINDING_CONTEXT))}
    seen: set[str] = set()
    for f in forms:
        for r in _rows(kg.findings(f.record, cond_v.record)):
            if r["finding"] not in seen:
                seen.add(r["finding"])
                ctx.findings.append({**r, "form": f.record})
        for sup in ctx.supertypes:
            for r in _rows(kg.findings(f.record, sup)):
                if r["condition_studied"] == sup and r["finding"] not in seen:
                    seen.add(r["finding"])
                    ctx.broader.append({**r, "form": f.record})
        for r in _rows(kg.durability(f.record, cond_v.record)):
            ctx.durability.append({**r, "form": f.record})
        for r in _rows(kg.adverse_effects(f.record)):
            ctx.harms.append({**r, "form": f.record})
    ctx.regulatory = _rows(kg.regulatory(drug_v.record))
    ctx.approved = _rows(kg.approved_for(drug_v.record, cond_v.record))
    ctx.landscape = _rows(kg.guideline_landscape(cond_v.record, drug_v.record))
    ctx.drug_classes = {r["curie"] for r in _rows(kg.sparql(Q_DRUG_CLASSES, drug=drug_iri))}
    ctx.paths = _mechanism_paths(kg, drug_v.record, cond_v.record)
    ctx.targets = _rows(kg.targets(drug_v.record))
    ctx.interactions = _rows(kg.interactions(drug_v.record))
    ctx.victims = {r["interaction"]: r for r in _rows(kg.sparql(Q_INTERACTION_VICTIMS))}
    ctx.cautions = _rows(kg.cautions(drug_v.record))
    reg_conditions: dict[str, set[str]] = {}
    for r in _rows(kg.sparql(Q_REGIMEN_CONDITIONS)):
        reg_conditions.setdefault(r["regimen"], set()).add(r["condition"])
    all_regimens = _rows(kg.regimens(drug_v.record))
    for r in all_regimens:
        if r.get("finding"):
            by = ctx.regimens_by_finding.setdefault(r["finding"], [])
            if r["regimen"] not in {x["regimen"] for x in by}:
                by.append(r)
    ctx.regimens = [r for r in all_regimens if reg_conditions.get(r["regimen"], set()) & set(ctx.subtypes)]
    ctx.contested = _contested(kg, drug_v, cond_v.record, {f.text for f in forms}, ctx.paths)
    ctx.kinds = {r["label"]: r["kind"] for r in _rows(kg.sparql(Q_LABEL_KINDS))}
    if ctx.is_seed_pair:
        ctx.seed = _rows(kg.seed_audit())
    return ctx


def _mechanism_paths(kg: KnowledgeGraph, drug: str, condition: str) -> list[dict[str, Any]]:
    """Rows of :meth:`KnowledgeGraph.mechanism_paths` (one per hop), joining only the hops' own evidence.

    The same join as the API method, but each hop's evidence is read with a bound ``statement-evidence``
    query instead of the evidence of every statement in the graph.
    """
    paths = _rows(kg.query("mechanism-paths", drug=drug, condition=condition, limit=None))
    evidence: dict[str, dict[str, Any]] = {}
    rows = []
    for i, p in enumerate(paths, start=1):
        for hop, sid in enumerate([p.get("st1"), p.get("st2"), p.get("st3"), p.get("st4")], start=1):
            if not sid:
                continue
            if sid not in evidence:
                evidence[sid] = _rows(kg.statement_evidence(sid))[0]
            rows.append({"path": i, "hop": hop, **evidence[sid]})
    return rows


def _contested(
    kg: KnowledgeGraph, drug: Value, condition: str, forms: set[str], paths: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Contested/refuted/null statements about the drug, then about each other node of its mechanism paths."""
    nodes = [drug.record]
    for p in paths:
        for n in (p["subject"], p["object"]):
            if n not in nodes:
                nodes.append(n)
    out, seen = [], set()
    for node in nodes:
        for r in _rows(kg.contested(node)):
            if node == condition and r["subject_label"] not in forms:
                continue  # other drugs' claims on the condition belong to their own reports
            if r["statement"] not in seen:
                seen.add(r["statement"])
                out.append(r)
    return out


# -- shared pieces -----------------------------------------------------------------------------------------
def _effect(r: dict[str, Any], rec: str, *, scale: bool = True, p: bool = True) -> Frag:
    """Effect type, estimate, CI, scale, result text and p of a finding row."""
    parts: list[Frag] = []
    et, est = r.get("effect_type"), r.get("estimate")
    if est is not None:
        parts.append(
            fill(
                T.EFFECT,
                effect_type=Value(et or "", rec, "effect_type"),
                estimate=Value(num_text(est), rec, "estimate"),
            )
        )
        lo, hi = r.get("ci_low"), r.get("ci_high")
        if lo is not None and hi is not None:
            parts.append(
                fill(T.EFFECT_CI, low=Value(num_text(lo), rec, "ci_low"), high=Value(num_text(hi), rec, "ci_high"))
            )
        elif not r.get("result"):
            parts.append(fill(T.EFFECT_NO_CI))
        if scale and r.get("scale"):
            parts.append(fill(T.EFFECT_SCALE, scale=Value(r["scale"], rec, "scale")))
    if r.get("result"):
        res = Value(r["result"], rec, "result")
        parts.append(fill(T.EFFECT_RESULT_AFTER, result=res) if parts else (res,))
    if p and r.get("p"):
        pv = str(r["p"])
        tmpl = T.P_VALUE if pv[:1] in "<>≤≥=" else T.P_VALUE_EQ
        parts.append(fill(tmpl, p=Value(pv, rec, "p")))
    out: Frag = tuple(x for frag in parts for x in frag)
    if out and isinstance(out[0], str) and out[0].startswith("; "):
        out = (out[0][2:], *out[1:])
    return out or fill(T.DASH)


def _opt(v: Any, rec: str, fld: str, mapping: dict[str, str] | None = None) -> Frag:
    v = _clean(v)
    if v is None:
        return fill(T.DASH)
    if mapping is not None:
        return (_word(mapping, str(v), rec, fld),)
    return (Value(num_text(v) if isinstance(v, int | float) else str(v), rec, fld),)


def _n(r: dict[str, Any], rec: str) -> Frag:
    parts = []
    if r.get("n_studies") is not None:
        parts.append(fill(T.N_STUDIES, n=Value(num_text(r["n_studies"]), rec, "n_studies")))
    if r.get("n_participants") is not None:
        parts.append(fill(T.N_PARTICIPANTS, n=Value(num_text(r["n_participants"]), rec, "n_participants")))
    return join(parts, T.N_SEP) if parts else fill(T.DASH)


def _regimen_text(g: dict[str, Any]) -> Frag:
    rid = g["regimen"]
    bits: list[Frag] = []
    if g.get("dose"):
        dose = Value(g["dose"], rid, "dose")
        bits.append(fill(T.DOSE, dose=dose, unit=Value(g["unit"], rid, "unit")) if g.get("unit") else (dose,))
    for fld in ("schedule", "duration"):
        if g.get(fld):
            bits.append((Value(g[fld], rid, fld),))
    return join(bits, T.LIST_SEP)


def _route_regimen(ctx: _Ctx, r: dict[str, Any]) -> Frag:
    fid = r["finding"]
    bits: list[Frag] = []
    if r.get("route"):
        bits.append((Value(r["route"], fid, "route"),))
    for g in ctx.regimens_by_finding.get(fid, []):
        text = _regimen_text(g)
        if text:
            form = ctx.form(ctx.finding_context.get(fid, {}).get("intervention", ""))
            bits.append(
                text
                if form is None or g["drug_label"] == form.text
                else fill(T.FORM + "{t}", form=Value(g["drug_label"], g["regimen"], "drug_label"), t=text)
            )
    return join(bits, T.HOP_SEP) if bits else fill(T.DASH)


def _finding_row(ctx: _Ctx, r: dict[str, Any], *, broader: bool = False) -> Row:
    fid = r["finding"]
    srcs = _split(r.get("sources"))
    key = srcs[0]
    form = ctx.form(r["form"]) or ctx.drug
    pop: Frag = (Value(r["condition_label"], fid, "condition_label"),)
    if broader:
        pop = (*pop, T.BROADER)
    cells = (
        ctx.src(key),
        (ctx.design(key),),
        (Value(form.text, fid, "intervention_label"),),
        pop,
        _route_regimen(ctx, r),
        _opt(r.get("comparator"), fid, "comparator"),
        (Value(r["measure"], fid, "measure"),),
        _opt(r.get("timepoint"), fid, "timepoint"),
        _effect(r, fid),
        _n(r, fid),
        _opt(r.get("certainty"), fid, "certainty", T.CERTAINTY),
        _opt(r.get("direction"), fid, "direction", T.FINDING_DIRECTION),
    )
    return Row(cells, srcs)


def _stype(ctx: _Ctx, r: dict[str, Any]) -> str:
    """Design of the (first) source of a finding row."""
    return ctx.sources[_split(r["sources"])[0]].type


def _efficacy(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("direction") not in ("harm", "pharmacokinetic")]


def _finding_ref(ctx: _Ctx, r: dict[str, Any]) -> Frag:
    fid = r["finding"]
    cite = Cite(_split(r.get("sources")) or (r["source"],))
    if r.get("timepoint"):
        return fill(
            T.FINDING_REF,
            outcome=Value(r["measure"], fid, "measure"),
            timepoint=Value(r["timepoint"], fid, "timepoint"),
            cite=cite,
        )
    return fill(T.FINDING_REF_NO_TIME, outcome=Value(r["measure"], fid, "measure"), cite=cite)


# -- sections ------------------------------------------------------------------------------------------------
def _summary(ctx: _Ctx) -> Section:
    d, c = ctx.drug, ctx.condition
    eff = _efficacy(ctx.findings)
    out: list[Sentence] = []
    if eff:
        by_design: dict[str, list[str]] = {}
        for r in eff:
            for s in _split(r["sources"]):
                by_design.setdefault(ctx.sources[s].type, [])
                if s not in by_design[ctx.sources[s].type]:
                    by_design[ctx.sources[s].type].append(s)
        order = [t for t in T.DESIGN if t in by_design]
        items = [
            fill(T.SUMMARY_DESIGN_ITEM, design=ctx.design(by_design[t][0]), cite=Cite(tuple(by_design[t])))
            for t in order
        ]
        out.append(fact(T.SUMMARY_DESIGNS, drug=d, condition=c, designs=join(items, T.LIST_SEP)))
    else:
        out.append(note(T.EFF_NONE, drug=d, condition=c))
    numeric = [r for r in eff if r.get("estimate") is not None]
    pooled = [r for r in numeric if _stype(ctx, r) in POOLED]
    chosen = pooled or numeric
    effects: list[Sentence] = []
    for r in chosen[:SUMMARY_MAX_EFFECTS]:
        fid, key = r["finding"], _split(r["sources"])[0]
        form = ctx.form(r["form"])
        effects.append(
            fact(
                T.SUMMARY_EFFECT,
                _split(r["sources"]),
                source=ctx.src(key),
                design=(ctx.design(key),),
                form=fill(T.SUMMARY_EFFECT_FORM, form=Value(form.text, fid, "intervention_label"))
                if form and form != d
                else (),
                outcome=Value(r["measure"], fid, "measure"),
                effect=_effect(r, fid, p=False),
                timepoint=fill(T.SUMMARY_EFFECT_TIME, timepoint=Value(r["timepoint"], fid, "timepoint"))
                if r.get("timepoint")
                else (),
                direction=_word(T.FINDING_DIRECTION, r["direction"], fid, "direction"),
                certainty=fill(
                    T.SUMMARY_EFFECT_CERTAINTY, certainty=_word(T.CERTAINTY, r["certainty"], fid, "certainty")
                )
                if r.get("certainty")
                else (),
            )
        )
    blocks: list[Block] = [Bullets(tuple(out))]
    if eff and not effects:
        blocks.append(Paragraph((note(T.SUMMARY_HOW_MUCH_NONE),)))
    if effects:
        intro = T.SUMMARY_HOW_MUCH_INTRO if pooled else T.SUMMARY_HOW_MUCH_INTRO_UNPOOLED
        more = [note(T.SUMMARY_MORE)] if len(chosen) > SUMMARY_MAX_EFFECTS else []
        blocks += [Paragraph((note(intro),)), Bullets(tuple(effects)), *([Paragraph(tuple(more))] if more else [])]
    rest: list[Sentence] = []
    # how sure
    levels: dict[str, list[dict[str, Any]]] = {}
    for r in eff:
        if r.get("certainty"):
            levels.setdefault(r["certainty"], []).append(r)
    if levels:
        items = [
            fill(
                T.SUMMARY_HOW_SURE_ITEM,
                level=_word(T.CERTAINTY, lvl, rows[0]["finding"], "certainty"),
                cite=Cite(tuple(s for r in rows for s in _split(r["sources"]))),
            )
            for lvl in [x for x in T.CERTAINTY if x in levels]
            for rows in [levels[lvl]]
        ]
        rest.append(fact(T.SUMMARY_HOW_SURE, levels=join(items, T.LIST_SEP)))
    else:
        rest.append(note(T.SUMMARY_HOW_SURE_NONE))
    # how long
    benefit = [r for r in ctx.durability if r.get("direction") == "benefit" and r.get("timepoint_days") is not None]
    if benefit:
        last = max(benefit, key=lambda r: (r["timepoint_days"], r["finding"]))
        fid = last["finding"]
        rest.append(
            fact(
                T.SUMMARY_HOW_LONG,
                (last["source"],),
                timepoint=_opt(last.get("timepoint"), fid, "timepoint"),
                outcome=Value(last["measure"], fid, "measure"),
                source=ctx.src(last["source"]),
            )
        )
    else:
        rest.append(note(T.SUMMARY_HOW_LONG_NONE))
    nulls = [r for r in eff if r.get("direction") == "no_difference"]
    if nulls:
        rest.append(fact(T.SUMMARY_NULL, items=join([_finding_ref(ctx, r) for r in nulls], T.LIST_SEP)))
    else:
        rest.append(note(T.SUMMARY_NULL_NONE))
    harms = [
        r for r in ctx.findings if r.get("direction") == "harm" and (r.get("estimate") is not None or r.get("result"))
    ]
    if harms:
        items = [
            fill(
                T.SUMMARY_HARM_ITEM,
                effect=Value(r["measure"], r["finding"], "measure"),
                result=_effect(r, r["finding"], p=False),
                cite=Cite(_split(r["sources"])),
            )
            for r in harms
        ]
        rest.append(fact(T.SUMMARY_HARMS, items=join(items, T.LIST_SEP)))
    else:
        rest.append(note(T.SUMMARY_HARMS_NONE))
    rest.append(_regulatory_sentence(ctx))
    rest.append(_guideline_sentence(ctx))
    blocks.append(Bullets(tuple(rest)))
    return Section("summary", T.SECTIONS["summary"], tuple(blocks))


def _regulatory_sentence(ctx: _Ctx) -> Sentence:
    d, c = ctx.drug, ctx.condition
    if not ctx.regulatory:
        return note(T.REG_NONE, drug=d, condition=c)
    if ctx.approved:
        r = ctx.approved[0]
        rid = r["action_id"]
        srcs = tuple(x["source"] for x in ctx.approved)
        form = Value(r["drug_label"], rid, "drug_label")
        return fact(
            T.REG_APPROVED_FORM,
            srcs,
            form=form,
            indication=Value(r["indication_label"], rid, "indication_label"),
            agency=Value(r["agency"], rid, "agency"),
            product=_opt(r.get("product"), rid, "product"),
            date=fill(T.REG_DATE, date=Value(r["date"], rid, "date")),
        )
    approvals = [r for r in ctx.regulatory if "approval" in (r.get("action") or "") and r.get("indication_label")]
    if approvals:
        items = [
            fill(
                T.REG_INDICATION_ITEM,
                indication=Value(r["indication_label"], r["action_id"], "indication_label"),
                agency=Value(r["agency"], r["action_id"], "agency"),
                date=Value(r["date"], r["action_id"], "date"),
                cite=Cite((r["source"],)),
            )
            for r in approvals
        ]
        return fact(T.REG_NOTHING_APPROVED, drug=d, condition=c, indications=join(items, T.LIST_SEP, T.LIST_LAST))
    return fact(T.REG_NOTHING_APPROVED_NO_APPROVALS, tuple(r["source"] for r in ctx.regulatory), drug=d, condition=c)


def _regulatory(ctx: _Ctx) -> Section:
    blocks: list[Block] = [Paragraph((_regulatory_sentence(ctx),))]
    if ctx.regulatory:
        rows = []
        for r in ctx.regulatory:
            rid = r["action_id"]
            rows.append(
                Row(
                    (
                        (Value(r["drug_label"], rid, "drug_label"),),
                        (Value(r["agency"], rid, "agency"),),
                        _opt(r.get("jurisdiction"), rid, "jurisdiction"),
                        _opt(r.get("product"), rid, "product"),
                        (_word({}, r["action"], rid, "action"),),
                        (Value(r["indication_label"], rid, "indication_label"),)
                        if r.get("indication_label")
                        else fill(T.DASH),
                        (Value(r["date"], rid, "date"),),
                    ),
                    (r["source"],),
                )
            )
        blocks.append(Table(T.REG_COLUMNS, tuple(rows)))
    return Section("regulatory", T.SECTIONS["regulatory"], tuple(blocks))


def _guideline_rows(ctx: _Ctx) -> list[tuple[dict[str, Any], dict[str, dict[str, Any]]]]:
    """Landscape rows grouped by recommendation: (first row, {measure: row})."""
    grouped: dict[str, tuple[dict[str, Any], dict[str, dict[str, Any]]]] = {}
    for r in ctx.landscape:
        _first, measures = grouped.setdefault(r["recommendation"], (r, {}))
        if r.get("measure"):
            measures.setdefault(r["measure"], r)
    return list(grouped.values())


def _names_drug(ctx: _Ctx, r: dict[str, Any]) -> bool:
    return r["rec_drug"] == ctx.drug.record or r["rec_drug"] in ctx.drug_classes


def _guideline_sentence(ctx: _Ctx) -> Sentence:
    mine = [first for first, _m in _guideline_rows(ctx) if _names_drug(ctx, first)]
    if not mine:
        return note(T.SUMMARY_GUIDELINE_NONE, drug=ctx.drug, condition=ctx.condition)
    items = []
    for r in mine:
        rid = r["recommendation"]
        srcs = tuple(sorted(_split(r["sources"]), key=lambda k: ctx.sources[k].type != "guideline"))
        items.append(
            fill(
                T.SUMMARY_GUIDELINE_ITEM,
                source=ctx.src(srcs[0]),
                drug=Value(r["drug_label"], rid, "drug_label"),
                line=Value(r["line_of_therapy"], rid, "line_of_therapy"),
                strength=fill(T.SUMMARY_GUIDELINE_STRENGTH, strength=Value(r["strength"], rid, "strength"))
                if r.get("strength")
                else (),
                cite=Cite(srcs),
            )
        )
    return fact(T.SUMMARY_GUIDELINE, items=join(items, T.HOP_SEP))


def _guidelines(ctx: _Ctx) -> Section:
    groups = _guideline_rows(ctx)
    blocks: list[Block] = [Paragraph((_guideline_sentence(ctx),))]
    if not groups:
        blocks.append(Paragraph((note(T.GUIDE_NONE, condition=ctx.condition),)))
    else:
        rows = []
        for first, measures in groups:
            rid = first["recommendation"]

            def nnx(m: str, measures: dict[str, dict[str, Any]] = measures, rid: str = rid) -> Frag:
                x = measures.get(m)
                if not x or x.get("estimate") is None:
                    return fill(T.DASH)
                frag = fill(T.GUIDE_NNX, estimate=Value(num_text(x["estimate"]), rid, "estimate"))
                if x.get("ci_low") is not None and x.get("ci_high") is not None:
                    frag += fill(
                        T.EFFECT_CI,
                        low=Value(num_text(x["ci_low"]), rid, "ci_low"),
                        high=Value(num_text(x["ci_high"]), rid, "ci_high"),
                    )
                return frag

            rows.append(
                Row(
                    (
                        (Value(first["drug_label"], rid, "drug_label"),),
                        _opt(first.get("drug_class"), rid, "drug_class"),
                        (Value(first["condition_label"], rid, "condition_label"),),
                        (Value(first["line_of_therapy"], rid, "line_of_therapy"),),
                        _opt(first.get("strength"), rid, "strength"),
                        nnx("NNT"),
                        nnx("NNH"),
                    ),
                    _split(first["sources"]),
                    highlight=_names_drug(ctx, first),
                )
            )
        blocks.append(Table(T.GUIDE_COLUMNS, tuple(rows), caption=note(T.GUIDE_CAPTION, drug=ctx.drug)))
    return Section("guidelines", T.SECTIONS["guidelines"], tuple(blocks))


def _hop(r: dict[str, Any]) -> Frag:
    sid = r["statement"]
    qual: list[Frag] = []
    if r.get("species"):
        qual.append(fill(T.HOP_SPECIES, species=Value(r["species"], sid, "species")))
    if r.get("direction") and r["direction"] != "supports":
        qual.append(fill(T.HOP_DIRECTION, direction=_word(T.STATEMENT_DIRECTION, r["direction"], sid, "direction")))
    if r.get("contested"):
        qual.append(fill(T.HOP_CONTESTED))
    return fill(
        T.HOP,
        subject=Value(r["subject_label"], sid, "subject_label"),
        predicate=_word({}, r["predicate"], sid, "predicate"),
        object=Value(r["object_label"], sid, "object_label"),
        evidence=_word(T.EVIDENCE, r["evidence_type"], sid, "evidence_type"),
        qualifiers=tuple(x for q in qual for x in q),
        cite=Cite(_split(r["sources"])),
    )


def _mechanism(ctx: _Ctx) -> Section:
    d, c = ctx.drug, ctx.condition
    blocks: list[Block] = [Subheading(fill(T.MECH_PATHS_HEADING, drug=d, condition=c))]
    if ctx.paths:
        blocks.append(Paragraph((note(T.MECH_INTRO, drug=d, condition=c),)))
        by_path: dict[int, list[dict[str, Any]]] = {}
        for r in ctx.paths:
            by_path.setdefault(r["path"], []).append(r)
        sentences = [
            Sentence(join([_hop(h) for h in sorted(hops, key=lambda h: h["hop"])], T.HOP_SEP), (), "fact")
            for _p, hops in sorted(by_path.items())
        ]
        blocks.append(Bullets(tuple(sentences)))
    else:
        blocks.append(Paragraph((note(T.MECH_NONE, drug=d, condition=c),)))
    blocks.append(Subheading(fill(T.MECH_TARGETS_HEADING, drug=d)))
    if ctx.targets:
        rows = []
        for r in ctx.targets:
            sid = r["statement"]
            rows.append(
                Row(
                    (
                        (Value(r["target_label"], sid, "target_label"),),
                        (_word({}, r["action"], sid, "predicate"),),
                        (_word(T.EVIDENCE, r["evidence_type"], sid, "evidence_type"),),
                        (_word(T.STATEMENT_DIRECTION, r["direction"], sid, "direction"),),
                        fill(T.YES if r.get("contested") else T.NO),
                        _opt(r.get("context"), sid, "context"),
                    ),
                    _split(r["sources"]),
                )
            )
        blocks.append(Table(T.MECH_TARGET_COLUMNS, tuple(rows)))
    else:
        blocks.append(Paragraph((note(T.MECH_TARGETS_NONE, drug=d),)))
    return Section("mechanism", T.SECTIONS["mechanism"], tuple(blocks))


def _efficacy_section(ctx: _Ctx) -> Section:
    d, c = ctx.drug, ctx.condition
    eff, broader = _efficacy(ctx.findings), _efficacy(ctx.broader)
    blocks: list[Block] = [Paragraph((note(T.EFF_INTRO, drug=d, condition=c),))]
    if eff:
        blocks.append(Subheading(fill(T.EFF_PAIR_HEADING, condition=c)))
        blocks.append(Table(T.EFF_COLUMNS, tuple(_finding_row(ctx, r) for r in eff)))
    else:
        blocks.append(Paragraph((note(T.EFF_NONE, drug=d, condition=c),)))
    if broader:
        blocks.append(Subheading(fill(T.EFF_BROADER_HEADING, condition=c)))
        blocks.append(Table(T.EFF_COLUMNS, tuple(_finding_row(ctx, r, broader=True) for r in broader)))
    return Section("efficacy", T.SECTIONS["efficacy"], tuple(blocks))


def _forest_rows(ctx: _Ctx) -> list[ForestRow]:
    out = []
    for broader, rows in ((False, ctx.findings), (True, ctx.broader)):
        for r in rows:
            et = r.get("effect_type")
            if et not in PLOTTABLE_TYPES or r.get("estimate") is None or r.get("direction") == "pharmacokinetic":
                continue
            if et not in DIFFERENCE_TYPES and float(r["estimate"]) <= 0:
                continue
            fid, srcs = r["finding"], _split(r["sources"])
            kind = "harm" if r["direction"] == "harm" else "efficacy"
            scale = r.get("scale") or ""
            has_ci = r.get("ci_low") is not None and r.get("ci_high") is not None
            pop: Frag = (Value(r["condition_label"], fid, "condition_label"),)
            out.append(
                ForestRow(
                    # a mean difference with no recorded scale gets a panel of its own: unknown scales never share an axis
                    group=(kind, et, scale or (UNKNOWN_SCALE + fid if et in UNSCALED_ALONE else "")),
                    group_title=fill(
                        T.FOREST_GROUP,
                        kind=fill(T.FOREST_KIND[kind]),
                        effect_type=Value(et, fid, "effect_type"),
                        scale=fill(T.FOREST_GROUP_SCALE, scale=Value(scale, fid, "scale"))
                        if scale
                        else fill(T.FOREST_GROUP_NO_SCALE)
                        if et in UNSCALED_ALONE
                        else (),
                    ),
                    label=fill(
                        T.FOREST_LABEL,
                        source=ctx.src(srcs[0]),
                        outcome=Value(r["measure"], fid, "measure"),
                        timepoint=fill(T.FOREST_LABEL_TIME, timepoint=Value(r["timepoint"], fid, "timepoint"))
                        if r.get("timepoint")
                        else (),
                        population=fill(T.FOREST_LABEL_POP, population=pop)
                        if broader or r["condition_studied"] != ctx.condition.record
                        else (),
                    ),
                    estimate=Value(num_text(r["estimate"]), fid, "estimate"),
                    ci_low=Value(num_text(r["ci_low"]), fid, "ci_low") if has_ci else None,
                    ci_high=Value(num_text(r["ci_high"]), fid, "ci_high") if has_ci else None,
                    sources=srcs,
                    direction=r["direction"],
                )
            )
    kinds = {"efficacy": 0, "harm": 1}
    order = sorted(range(len(out)), key=lambda i: (kinds[out[i].group[0]], out[i].group[1], out[i].group[2], i))
    return [out[i] for i in order]


def _forest(ctx: _Ctx) -> Section:
    rows = _forest_rows(ctx)
    if not rows:
        return Section("forest", T.SECTIONS["forest"], (Paragraph((note(T.FOREST_NONE),)),))
    return Section("forest", T.SECTIONS["forest"], (Figure(tuple(rows), note(T.FOREST_CAPTION), T.FOREST_ALT),))


def _durability(ctx: _Ctx) -> Section:
    if not ctx.durability:
        return Section("durability", T.SECTIONS["durability"], (Paragraph((note(T.DUR_NONE),)),))
    rows = []
    for r in ctx.durability:
        fid = r["finding"]
        rows.append(
            Row(
                (
                    ctx.src(r["source"]),
                    (Value(r["measure"], fid, "measure"),),
                    _opt(r.get("timepoint"), fid, "timepoint"),
                    (Value(num_text(r["timepoint_days"]), fid, "timepoint_days"),),
                    _effect(r, fid, p=False),
                    _opt(r.get("direction"), fid, "direction", T.FINDING_DIRECTION),
                    _opt(r.get("certainty"), fid, "certainty", T.CERTAINTY),
                ),
                (r["source"],),
            )
        )
    return Section(
        "durability", T.SECTIONS["durability"], (Paragraph((note(T.DUR_INTRO),)), Table(T.DUR_COLUMNS, tuple(rows)))
    )


def _harms(ctx: _Ctx) -> Section:
    d = ctx.drug
    findings = [r for r in ctx.harms if r["kind"] == "finding"]
    statements = [r for r in ctx.harms if r["kind"] == "statement"]
    blocks: list[Block] = []
    if findings:
        blocks.append(Paragraph((note(T.HARM_INTRO, drug=d),)))
        for exposure, heading in (("acute", T.HARM_ACUTE), ("repeated", T.HARM_REPEATED), (None, T.HARM_UNSTATED)):
            group = [r for r in findings if r.get("exposure") == exposure]
            if not group:
                continue
            rows = []
            for r in group:
                fid = r["record"]
                fc = ctx.finding_context.get(fid, {})
                srcs = _split(r["sources"])
                rows.append(
                    Row(
                        (
                            (Value((ctx.form(r["form"]) or d).text, fid, "intervention_label"),),
                            (Value(fc["adverse_effect_label"], fid, "adverse_effect_label"),)
                            if fc.get("adverse_effect_label")
                            else fill(T.DASH),
                            (Value(r["measure"], fid, "measure"),),
                            _effect({**r, **{k: fc.get(k) for k in ("p", "scale")}}, fid),
                            (Value(fc["condition_label"], fid, "condition_label"),)
                            if fc.get("condition_label")
                            else fill(T.NOT_STATED),
                            (ctx.design(srcs[0]),),
                        ),
                        srcs,
                    )
                )
            blocks += [Subheading(fill(heading)), Table(T.HARM_COLUMNS, tuple(rows))]
    else:
        blocks.append(Paragraph((note(T.HARM_NONE_FINDINGS, drug=d),)))
    if statements:
        rows = []
        for r in statements:
            sid = r["record"]
            rows.append(
                Row(
                    (
                        (Value((ctx.form(r["form"]) or d).text, sid, "subject_label"),),
                        (Value(r["effect_label"], sid, "effect_label"),) if r.get("effect_label") else fill(T.DASH),
                        (_word({}, r["relation"], sid, "predicate"),),
                        (_word(T.EVIDENCE, r["evidence_type"], sid, "evidence_type"),),
                        (_word(T.STATEMENT_DIRECTION, r["direction"], sid, "direction"),),
                        fill(T.YES if r.get("contested") else T.NO),
                        _opt(r.get("context"), sid, "context"),
                    ),
                    _split(r["sources"]),
                )
            )
        blocks += [Subheading(fill(T.HARM_STATEMENTS_HEADING)), Table(T.HARM_STATEMENT_COLUMNS, tuple(rows))]
    return Section("harms", T.SECTIONS["harms"], tuple(blocks))


def _interactions(ctx: _Ctx) -> Section:
    if not ctx.interactions:
        return Section("interactions", T.SECTIONS["interactions"], (Paragraph((note(T.IX_NONE, drug=ctx.drug),)),))
    grouped: dict[str, list[dict[str, Any]]] = {}
    for r in ctx.interactions:
        grouped.setdefault(r["interaction"], []).append(r)
    rows = []
    for iid, group in grouped.items():
        r = group[0]
        victim = ctx.victims.get(iid)
        linked = [
            fill(
                T.IX_FINDING,
                measure=Value(g["measure"], g["finding"], "measure"),
                value=(Value(g["result"], g["finding"], "result"),)
                if g.get("result")
                else (Value(num_text(g["estimate"]), g["finding"], "estimate"),),
            )
            for g in group
            if g.get("finding") and (g.get("result") or g.get("estimate") is not None)
        ]
        rows.append(
            Row(
                (
                    (Value(r["perpetrator_label"], iid, "perpetrator_label"),),
                    (Value(r["enzyme_label"], iid, "enzyme_label"),) if r.get("enzyme_label") else fill(T.DASH),
                    (Value(victim["victim_label"], iid, "victim_label"),) if victim else fill(T.DASH),
                    (Value(r["effect"], iid, "effect"),),
                    join(linked, T.HOP_SEP) if linked else fill(T.DASH),
                ),
                tuple(dict.fromkeys(s for g in group for s in _split(g["sources"]))),
            )
        )
    return Section(
        "interactions",
        T.SECTIONS["interactions"],
        (Paragraph((note(T.IX_INTRO, drug=ctx.drug),)), Table(T.IX_COLUMNS, tuple(rows))),
    )


def _cautions(ctx: _Ctx) -> Section:
    if not ctx.cautions:
        return Section("cautions", T.SECTIONS["cautions"], (Paragraph((note(T.CAUTION_NONE, drug=ctx.drug),)),))
    order = {t: i for i, t in enumerate(T.CAUTION_TYPE)}
    rows = []
    for r in sorted(ctx.cautions, key=lambda r: (order.get(r["type"], len(order)), r["caution"])):
        cid = r["caution"]
        rows.append(
            Row(
                (
                    (_word(T.CAUTION_TYPE, r["type"], cid, "type"),),
                    (Value(r["text"], cid, "text"),),
                    (Value(r["drug_label"], cid, "drug_label"),),
                    _opt(r.get("condition_label"), cid, "condition_label"),
                ),
                _split(r["sources"]),
            )
        )
    return Section(
        "cautions",
        T.SECTIONS["cautions"],
        (Paragraph((note(T.CAUTION_INTRO),)), Table(T.CAUTION_COLUMNS, tuple(rows))),
    )


def _regimens(ctx: _Ctx) -> Section:
    c = ctx.condition
    if not ctx.regimens:
        return Section(
            "regimens", T.SECTIONS["regimens"], (Paragraph((note(T.REGIMEN_NONE, drug=ctx.drug, condition=c),)),)
        )
    grouped: dict[str, list[dict[str, Any]]] = {}
    for r in ctx.regimens:
        grouped.setdefault(r["regimen"], []).append(r)
    rows = []
    for rid, group in grouped.items():
        r = group[0]
        results = [
            fill(
                T.REGIMEN_RESULT,
                measure=Value(g["measure"], g["finding"], "measure"),
                effect=_effect(g, g["finding"], p=False),
            )
            for g in group
            if g.get("finding")
        ]
        dose: Frag = fill(T.DASH)
        if r.get("dose"):
            dv = Value(r["dose"], rid, "dose")
            dose = fill(T.DOSE, dose=dv, unit=Value(r["unit"], rid, "unit")) if r.get("unit") else (dv,)
        rows.append(
            Row(
                (
                    (Value(r["drug_label"], rid, "drug_label"),),
                    _opt(r.get("condition_label"), rid, "condition_label"),
                    (Value(r["route"], rid, "route"),),
                    dose,
                    _opt(r.get("schedule"), rid, "schedule"),
                    _opt(r.get("duration"), rid, "duration"),
                    join(results, T.HOP_SEP) if results else fill(T.DASH),
                ),
                (r["source"],),
            )
        )
    return Section(
        "regimens",
        T.SECTIONS["regimens"],
        (Paragraph((note(T.REGIMEN_INTRO, condition=c),)), Table(T.REGIMEN_COLUMNS, tuple(rows))),
    )


def _contested_section(ctx: _Ctx) -> Section:
    d, c = ctx.drug, ctx.condition
    blocks: list[Block] = [Subheading(fill(T.CONTESTED_NULL_HEADING))]
    nulls = [(r, False) for r in ctx.findings if r.get("direction") == "no_difference"]
    nulls += [(r, True) for r in ctx.broader if r.get("direction") == "no_difference"]
    if nulls:
        blocks.append(Table(T.EFF_COLUMNS, tuple(_finding_row(ctx, r, broader=b) for r, b in nulls)))
    else:
        blocks.append(Paragraph((note(T.CONTESTED_NULL_NONE, drug=d, condition=c),)))
    blocks.append(Subheading(fill(T.CONTESTED_STATEMENTS_HEADING)))
    if not ctx.contested:
        blocks.append(Paragraph((note(T.CONTESTED_NONE, drug=d),)))
        return Section("contested", T.SECTIONS["contested"], tuple(blocks))
    blocks.append(Paragraph((note(T.CONTESTED_INTRO),)))
    related = set(ctx.subtypes.values()) | set(ctx.supertypes.values())
    groups: dict[str, list[Row]] = {"condition": [], "mechanism": [], "other": []}
    for r in ctx.contested:
        sid = r["statement"]
        if r["object_label"] in related or r["subject_label"] in related:
            group = "condition"
        elif ctx.kinds.get(r["object_label"]) == "Condition":
            group = "other"
        else:
            group = "mechanism"
        groups[group].append(
            Row(
                (
                    fill(
                        T.CLAIM,
                        subject=Value(r["subject_label"], sid, "subject_label"),
                        predicate=_word({}, r["predicate"], sid, "predicate"),
                        object=Value(r["object_label"], sid, "object_label"),
                    ),
                    (_word(T.STATEMENT_DIRECTION, r["direction"], sid, "direction"),),
                    (_word(T.EVIDENCE, r["evidence_type"], sid, "evidence_type"),),
                    fill(T.YES if r.get("contested") else T.NO),
                    _opt(r.get("context"), sid, "context"),
                ),
                _split(r["sources"]),
            )
        )
    headings = {
        "condition": fill(T.CONTESTED_ON_CONDITION, condition=c),
        "mechanism": fill(T.CONTESTED_ON_MECHANISM),
        "other": fill(T.CONTESTED_ON_OTHER),
    }
    for key, rows in groups.items():
        if rows:
            blocks += [Subheading(headings[key]), Table(T.CONTESTED_COLUMNS, tuple(rows))]
    return Section("contested", T.SECTIONS["contested"], tuple(blocks))


def _gaps(ctx: _Ctx, cited: Iterable[str]) -> Section:
    d, c = ctx.drug, ctx.condition
    eff = _efficacy(ctx.findings)
    out: list[Sentence] = []
    if not eff:
        out.append(note(T.GAP_NO_FINDINGS, drug=d, condition=c))
    else:
        if not any(r.get("ci_low") is not None and r.get("ci_high") is not None for r in eff):
            out.append(note(T.GAP_NO_CI))
        if not any(r.get("certainty") for r in eff):
            out.append(note(T.GAP_NO_CERTAINTY))
        if not any(_stype(ctx, r) in RANDOMISED_OR_POOLED for r in eff):
            out.append(note(T.GAP_NO_POOLED))
    timed = [r for r in ctx.durability if r.get("timepoint_days") is not None]
    if eff and not timed:
        out.append(note(T.GAP_NO_TIMEPOINT))
    elif timed:
        last = max(timed, key=lambda r: (r["timepoint_days"], r["finding"]))
        out.append(
            fact(
                T.GAP_LATEST,
                (last["source"],),
                timepoint=_opt(last.get("timepoint"), last["finding"], "timepoint"),
                source=ctx.src(last["source"]),
            )
        )
    if not ctx.regimens:
        out.append(note(T.GAP_NO_REGIMEN, drug=d, condition=c))
    if not ctx.regulatory:
        out.append(note(T.GAP_NO_REGULATORY, drug=d))
    elif not ctx.approved:
        out.append(note(T.GAP_NO_APPROVAL, drug=d, condition=c))
    if not ctx.paths:
        out.append(note(T.GAP_NO_PATH, drug=d, condition=c))
    else:
        hops: dict[str, dict[str, Any]] = {}
        for r in ctx.paths:
            if r["evidence_type"] in PRECLINICAL:
                hops.setdefault(r["statement"], r)
        if hops:
            out.append(fact(T.GAP_PRECLINICAL_HOPS, hops=join([_hop(h) for h in hops.values()], T.HOP_SEP)))
        by_path: dict[int, list[str]] = {}
        for r in ctx.paths:
            by_path.setdefault(r["path"], []).append(r["evidence_type"])
        if not any(all(e in HUMAN_EVIDENCE for e in ev) for ev in by_path.values()):
            out.append(note(T.GAP_NO_HUMAN_PATH, drug=d, condition=c))
    harm_findings = [r for r in ctx.harms if r["kind"] == "finding"]
    if not [r for r in ctx.findings if r.get("direction") == "harm"]:
        out.append(note(T.GAP_NO_HARM_FINDINGS, drug=d, condition=c))
    if harm_findings and not any(r.get("exposure") for r in harm_findings):
        out.append(note(T.GAP_NO_EXPOSURE, drug=d))
    if not ctx.interactions:
        out.append(note(T.GAP_NO_INTERACTIONS, drug=d))
    if not ctx.cautions:
        out.append(note(T.GAP_NO_CAUTIONS, drug=d))
    if not any(_names_drug(ctx, first) for first, _m in _guideline_rows(ctx)):
        out.append(note(T.GAP_NO_GUIDELINE, drug=d, condition=c))
    cited = list(dict.fromkeys(cited))
    partial = tuple(k for k in cited if ctx.sources[k].partly_verified)
    if partial:
        out.append(fact(T.GAP_PARTIAL, cites=Cite(partial)))
    no_ids = tuple(k for k in cited if not (ctx.sources[k].pmid or ctx.sources[k].doi))
    if no_ids:
        out.append(fact(T.GAP_NO_IDS, cites=Cite(no_ids)))
    if ctx.seed:
        unver = [r for r in ctx.seed if r["status"] == "unverifiable"]
        if unver:
            claims = join([(Value(r["claim"], r["claim_id"], "claim"),) for r in unver], T.HOP_SEP)
            out.append(note(T.GAP_UNVERIFIABLE, claims=claims))
    blocks: list[Block] = [Paragraph((note(T.GAPS_INTRO, drug=d, condition=c),)), Bullets(tuple(out))]
    return Section("gaps", T.SECTIONS["gaps"], tuple(blocks))


def _seed_audit(ctx: _Ctx) -> Section | None:
    if ctx.seed is None:
        return None
    if not ctx.seed:
        return Section("seed_audit", T.SECTIONS["seed_audit"], (Paragraph((note(T.SEED_NONE),)),))
    rows = []
    for r in ctx.seed:
        cid = r["claim_id"]
        rows.append(
            Row(
                (
                    (Value(r["seed_file"], cid, "seed_file"),),
                    (Value(r["claim"], cid, "claim"),),
                    (_word(T.STATUS, r["status"], cid, "status"),),
                    _opt(r.get("note"), cid, "note"),
                ),
                _split(r.get("sources")),
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


def _cited_so_far(sections: list[Section]) -> list[str]:
    from painkg.report.model import _frags_of, inline_sources

    keys: list[str] = []
    for s in sections:
        for b in s.blocks:
            for frag, sources in _frags_of(b):
                keys += [*inline_sources(frag), *sources]
    return keys


def _fast(kg: KnowledgeGraph) -> KnowledgeGraph:
    """The graph answered by in-memory Oxigraph when it is held by rdflib (same answers, much faster)."""
    if kg.store.name != "rdflib":
        return kg
    try:
        kg.build_result  # noqa: B018 - only graphs with a local build can be copied
    except RuntimeError:
        return kg
    return kg.on_oxigraph()


def generate(kg: KnowledgeGraph, drug: str, condition: str) -> Report:
    """The evidence report for ``drug`` × ``condition`` (CURIE, label or synonym of each), from graph queries.

    Raises :class:`painkg.queries.UnknownEntityError` (with ``suggestions``) when a name is not in the
    graph, and :class:`NotOfKindError` (a subclass) when it names something else than a drug/condition.
    A graph held by rdflib is queried through an in-memory Oxigraph copy: the named queries give the same
    answers on both stores (tests/test_stores.py), and rdflib takes minutes on some of them.
    """
    ctx = _context(_fast(kg), drug, condition)
    sections = [
        _summary(ctx),
        _regulatory(ctx),
        _guidelines(ctx),
        _mechanism(ctx),
        _efficacy_section(ctx),
        _forest(ctx),
        _durability(ctx),
        _harms(ctx),
        _interactions(ctx),
        _cautions(ctx),
        _regimens(ctx),
        _contested_section(ctx),
    ]
    seed = _seed_audit(ctx)
    cited = _cited_so_far([*sections, *([seed] if seed else [])])
    sections.append(_gaps(ctx, cited))
    if seed:
        sections.append(seed)
    sections.append(Section("disclaimer", T.SECTIONS["disclaimer"], (Paragraph((note(T.DISCLAIMER),)),)))
    title = fill(T.TITLE, drug=ctx.drug, condition=ctx.condition)
    return Report(
        drug=ctx.drug,
        condition=ctx.condition,
        title=title,
        sections=sections,
        citations=Citations(ctx.sources),
        slug=f"report-{_slug(ctx.drug.text)}-{_slug(ctx.condition.text)}",
        seed_audit=seed is not None,
    )
