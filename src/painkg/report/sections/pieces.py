"""Pieces every section uses: the context, effect texts, source labels, scope words and the evidence order.

Every fact placed in wording is a :class:`~painkg.report.model.Value` read from a graph record; internal ids that
curators wrote into free text (a source key, a finding id) are turned into the source's short label with its
citation marker (:meth:`Ctx.prose`), so no internal key reaches the reader.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from painkg.queries import iri_to_curie
from painkg.report import templates as T
from painkg.report.data import Entity, PairData, approvals_for, split
from painkg.report.model import Cite, Frag, Part, Row, Sentence, Value, fact, fill, join, note
from painkg.vocab import EVIDENCE_RANK

__all__ = [
    "Ctx",
    "comparison",
    "effect",
    "finding_row",
    "guideline_has_drug",
    "guideline_sentence",
    "hop",
    "is_efficacy",
    "level",
    "n_text",
    "num_text",
    "opt",
    "regulatory_sentence",
    "route_regimen",
    "sources_of",
    "word",
]

HUMAN = "human"
#: effect types whose values only compare on one scale; with no scale recorded each finding is plotted alone
UNSCALED_ALONE = frozenset({"MD"})
_TOKEN = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z]+[0-9]{4}[a-z_0-9]*\b")


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
        if math.isnan(v):
            return ""
        d = Decimal(repr(v))
        text = str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")
    else:
        text = str(v)
    return text.replace("-", "−") if text.startswith("-") else text


def word(mapping: dict[str, str], raw: str, record: str, fld: str) -> Value:
    """A graph code in words (``in_vitro`` → ``in vitro``), keeping the record it came from."""
    return Value(mapping.get(raw, raw.replace("_", " ")), record, fld)


def opt(v: Any, rec: str, fld: str, mapping: dict[str, str] | None = None) -> Frag:
    """A value, or a dash when it is missing."""
    if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
        return fill(T.DASH)
    if mapping is not None:
        return (word(mapping, str(v), rec, fld),)
    return (Value(num_text(v) if isinstance(v, int | float) else str(v), rec, fld),)


def level(design: str) -> str:
    """The evidence level of a design (``meta_analysis`` → ``synthesis``)."""
    return T.LEVEL_OF_DESIGN.get(design, "other")


LEVEL_RANK = {name: i for i, name in enumerate(T.LEVELS)}


def is_efficacy(r: dict[str, Any]) -> bool:
    """An efficacy finding (not a harm, pharmacokinetic, affinity or mechanism result)."""
    return r.get("kind") == "efficacy" and r.get("direction") != "harm"


def effect(r: dict[str, Any], rec: str, *, scale: bool = True, p: bool = True) -> Frag:
    """Effect type, estimate, CI, scale, result text and p of a finding; incidences as drug % vs comparator %."""
    parts: list[Frag] = []
    et, est = r.get("effect_type"), r.get("estimate")
    if et == "incidence" and est is not None:
        unit = Value(r.get("unit") or "", rec, "unit")
        if r.get("comparator_value") is not None:
            parts.append(
                fill(
                    T.INCIDENCE,
                    drug_value=Value(num_text(est), rec, "estimate"),
                    unit=unit,
                    comparator_value=Value(num_text(r["comparator_value"]), rec, "comparator_value"),
                    comparator=opt(r.get("comparator"), rec, "comparator"),
                )
            )
        else:
            parts.append(fill(T.INCIDENCE_ALONE, drug_value=Value(num_text(est), rec, "estimate"), unit=unit))
    elif est is not None:
        parts.append(
            fill(T.EFFECT, effect_type=Value(et or "", rec, "effect_type"), estimate=Value(num_text(est), rec, "estimate"))
        )
        if r.get("unit"):
            parts.append(fill(T.EFFECT_UNIT, unit=Value(r["unit"], rec, "unit")))
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


def n_text(r: dict[str, Any], rec: str) -> Frag:
    """Studies / participants of a comparison, or a dash."""
    parts = []
    if r.get("n_studies") is not None:
        parts.append(fill(T.N_STUDIES, n=Value(num_text(r["n_studies"]), rec, "n_studies")))
    if r.get("n_participants") is not None:
        parts.append(fill(T.N_PARTICIPANTS, n=Value(num_text(r["n_participants"]), rec, "n_participants")))
    return join(parts, T.N_SEP) if parts else fill(T.DASH)


@dataclass
class Ctx:
    """The pair's data and the small renderers of graph values the sections share."""

    data: PairData

    @property
    def drug(self) -> Value:
        """The drug's label as a value."""
        return Value(self.data.drug.label, self.data.drug.curie, "label")

    @property
    def condition(self) -> Value:
        """The condition's label as a value."""
        return Value(self.data.condition.label, self.data.condition.curie, "label")

    def entity(self, e: Entity) -> Value:
        """An entity's label as a value."""
        return Value(e.label, e.curie, "label")

    @property
    def components_clause(self) -> Frag:
        """`` or the substances it is made of (esketamine, arketamine)`` when the drug has components."""
        if not self.data.components:
            return ()
        return fill(T.REG_COMPONENTS, components=join([self.entity(c) for c in self.data.components], T.LIST_SEP))

    @property
    def component_names(self) -> Frag:
        """`` and the substances it is made of (…)`` for intros, or nothing."""
        return self.components_clause

    # -- sources -------------------------------------------------------------------------------------------
    def meta(self, key: str):
        """The source's metadata (read on first use)."""
        return self.data.sources[key]

    def src(self, key: str) -> Frag:
        """Short label of a source: first author and year, else a short title, else journal, else no title."""
        m = self.meta(key)
        if m.first_author and m.year:
            return fill(T.AUTHOR_YEAR, author=Value(m.first_author, key, "first_author"), year=Value(m.year, key, "year"))
        if m.first_author:
            return (Value(m.first_author, key, "first_author"),)
        name = None
        if m.title:
            name = Value(_truncate_words(m.title), key, "title")
        elif m.journal:
            name = Value(_truncate_words(m.journal), key, "journal")
        if name is None:
            frag = fill(T.NO_TITLE)
            return frag if not m.year else (*frag, " ", Value(m.year, key, "year"))
        return fill(T.AUTHOR_YEAR, author=name, year=Value(m.year, key, "year")) if m.year else (name,)

    def design(self, key: str) -> Value:
        """The source's design in words."""
        return word(T.DESIGN, self.meta(key).type, key, "source_type")

    def level_of(self, r: dict[str, Any]) -> str:
        """The evidence level of a finding's (first) source."""
        return level(self.meta(self.first_source(r)).type)

    @staticmethod
    def first_source(r: dict[str, Any]) -> str:
        """The first source key of a record."""
        return split(r.get("sources"))[0]

    def year_of(self, key: str) -> int:
        """The source's year (0 when not recorded)."""
        y = self.meta(key).year
        return int(y) if y.isdigit() else 0

    def strength_key(self, r: dict[str, Any]) -> tuple:
        """Order of findings by strength of evidence: level, newest first, then source key and finding id."""
        key = self.first_source(r)
        return (LEVEL_RANK[self.level_of(r)], -self.year_of(key), key, r.get("finding") or r.get("record") or "")

    # -- forms and scope -------------------------------------------------------------------------------------
    @cached_property
    def _forms(self) -> dict[str, Entity]:
        return {f.curie: f for f in self.data.forms}

    def form_cell(self, curie: str | None, rec: str) -> Frag:
        """The substance a record is about: the drug, or ``esketamine (a component of ketamine)``."""
        if not curie or curie == self.data.drug.curie or curie not in self._forms:
            return (Value(self.data.drug.label, rec, "intervention_label"),)
        return fill(
            T.COMPONENT,
            form=Value(self._forms[curie].label, rec, "intervention_label"),
            drug=self.drug,
        )

    def population(self, r: dict[str, Any]) -> Frag:
        """Where a finding's population sits relative to the question, with the non-human species if any."""
        fid = r["finding"]
        cond = Value(r.get("condition_label") or "", fid, "condition_label")
        tmpl = {"exact": T.SCOPE_CELL_EXACT, "subtype": T.SCOPE_CELL_SUBTYPE, "broader": T.SCOPE_CELL_BROADER}
        frag = fill(tmpl.get(r.get("scope") or "", T.SCOPE_CELL_EXACT), condition=cond) if r.get("condition_label") else ()
        if not frag:
            frag = opt(r.get("population"), fid, "population")
        species = [s for s in split(r.get("species")) if s != HUMAN]
        if species:
            frag += fill(T.SPECIES, species=Value(", ".join(species), fid, "species"))
        return frag

    def scope_phrase(self, r: dict[str, Any]) -> Frag:
        """``; broader population: chronic pain`` (or a subtype) for the summary; nothing for the exact scope."""
        fid, scope = r["finding"], r.get("scope")
        if scope == "exact" or not r.get("condition_label"):
            return ()
        tmpl = T.SCOPE_CELL_SUBTYPE if scope == "subtype" else T.SCOPE_CELL_BROADER
        return fill(T.SUMMARY_SCOPE, scope=fill(tmpl, condition=Value(r["condition_label"], fid, "condition_label")))

    def rating(self, r: dict[str, Any]) -> Frag:
        """GRADE certainty, or the source's own rating labelled as not GRADE, or nothing."""
        fid = r["finding"]
        if r.get("certainty"):
            return fill(T.GRADE, certainty=word(T.CERTAINTY, r["certainty"], fid, "certainty"))
        if r.get("quality_rating"):
            return fill(T.QUALITY, rating=Value(r["quality_rating"], fid, "quality_rating"))
        return ()

    # -- free text ---------------------------------------------------------------------------------------------
    def prose(self, text: str | None, rec: str, fld: str) -> Frag:
        """Curated free text with internal ids (source keys, finding ids) replaced by source labels and citations."""
        if not text:
            return fill(T.DASH)
        parts: list[Part] = []
        last = 0
        for m in _TOKEN.finditer(text):
            keys = self._keys_for(m.group(0))
            if not keys:
                continue
            if m.start() > last:
                parts.append(Value(text[last : m.start()], rec, fld))
            labels = [self.src(k) for k in keys]
            parts += [*join(labels, T.LIST_SEP), Cite(keys)]
            last = m.end()
        if last < len(text):
            parts.append(Value(text[last:], rec, fld))
        return tuple(parts)

    def _keys_for(self, token: str) -> tuple[str, ...]:
        if token in self.data.sources:
            return (token,)
        if token.startswith("f_"):
            found = self.data.detail(token)
            return split(found.get("sources")) if found else ()
        if token.startswith("st_"):
            found = self.data.statement(token)
            return split(found.get("sources")) if found else ()
        return ()

    # -- pooled trials and duplicates ------------------------------------------------------------------------
    def pooled_and_duplicates(self, key: str, rec: str) -> Frag:
        """``pooled in Guimarães Pereira 2022 [n]; possibly the same study or patients as …`` for a source."""
        m = self.meta(key)
        parts: list[Frag] = []
        reviews = [k for k in m.included_in if k in self.data.sources]
        if reviews:
            parts.append(
                fill(T.POOLED_IN, reviews=join([fill(T.POOLED_ITEM, review=self.src(k), cite=Cite((k,))) for k in reviews], T.LIST_SEP))
            )
        dups = [k for k in m.possible_duplicate_of if k in self.data.sources]
        if dups:
            parts.append(
                fill(T.DUPLICATE, others=join([fill(T.POOLED_ITEM, review=self.src(k), cite=Cite((k,))) for k in dups], T.LIST_SEP))
            )
        return join(parts, T.HOP_SEP) if parts else fill(T.DASH)

    def read_in(self, r: dict[str, Any]) -> Frag:
        """``value read in BJA Education 2018 [n]`` when the value was read in another source."""
        keys = [k for k in split(r.get("read_in")) if k in self.data.sources]
        if not keys:
            return ()
        return fill(T.READ_IN, source=join([self.src(k) for k in keys], T.LIST_SEP), cite=Cite(tuple(keys)))

    def evidence_rank(self, evidence: str) -> int:
        """Rank of an evidence type (0 strongest), as the path evidence uses it."""
        return EVIDENCE_RANK.get(evidence, len(EVIDENCE_RANK))


def regulatory_sentence(ctx: Ctx) -> Sentence:
    """Approved for the condition (with the exact indication wording), or what the graph does record."""
    d, c, data = ctx.drug, ctx.condition, ctx.data
    comps = ctx.components_clause
    if not data.regulatory:
        return note(T.REG_NONE, drug=d, components=comps, condition=c)

    def item(tmpl: str, group: list[dict[str, Any]]) -> Frag:
        r = group[0]
        rid = r["action_id"]
        recorded = [
            Value(g["indication_label"], g["action_id"], "indication_label") for g in group if g.get("indication_label")
        ]
        return fill(
            tmpl,
            substance=ctx.form_cell(iri_to_curie(r["drug_acted_on"]), rid),
            product=opt(r.get("product"), rid, "product"),
            action=word(T.ACTION, r["action"], rid, "action"),
            agency=Value(r["agency"], rid, "agency"),
            date=Value(r["date"], rid, "date"),
            scope=opt(r.get("indication_scope"), rid, "indication_scope"),
            recorded=join(recorded, T.LIST_SEP) if recorded else fill(T.DASH),
            cite=Cite(tuple(dict.fromkeys(k for g in group for k in split(g.get("sources"))))),
        )

    def grouped(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        """Acts that differ only in the condition they are recorded under (one label, two indications) as one."""
        out: dict[tuple, list[dict[str, Any]]] = {}
        for r in sorted(rows, key=lambda r: (r["date"], r["action_id"])):
            key = tuple(r.get(k) for k in ("drug_acted_on", "agency", "product", "action", "date", "indication_scope"))
            out.setdefault(key, []).append(r)
        return list(out.values())

    approved = approvals_for(data)
    if approved:
        items = [item(T.REG_APPROVED_ITEM, g) for g in grouped(approved)]
        return fact(T.REG_APPROVED, condition=c, items=join(items, T.HOP_SEP))
    others = [r for r in data.regulatory if r.get("action") in ("approval", "supplemental_approval")]
    if others:
        return fact(
            T.REG_NOT_APPROVED,
            drug=d,
            components=comps,
            condition=c,
            items=join([item(T.REG_APPROVAL_ITEM, g) for g in grouped(others)], T.HOP_SEP),
        )
    return fact(
        T.REG_NOT_APPROVED_NO_APPROVALS,
        tuple(k for r in data.regulatory for k in split(r.get("sources"))),
        drug=d,
        components=comps,
        condition=c,
    )


def guideline_sentence(ctx: Ctx) -> Sentence:
    """The recommendations that name the drug or a component, or that none does."""
    forms = {f.curie for f in ctx.data.forms}
    mine: dict[str, dict[str, Any]] = {}
    for r in ctx.data.landscape:
        if iri_to_curie(r["rec_drug"]) in forms:
            mine.setdefault(r["recommendation"], r)
    if not mine:
        return note(T.SUMMARY_GUIDELINE_NONE, drug=ctx.drug, condition=ctx.condition)
    items = []
    for rid, r in mine.items():
        srcs = tuple(
            sorted(
                split(r["sources"]),
                key=lambda k: (ctx.meta(k).type != "guideline", not ctx.meta(k).issues_recommendations, k),
            )
        )
        items.append(
            fill(
                T.SUMMARY_GUIDELINE_ITEM,
                source=ctx.src(srcs[0]),
                drug=Value(r["drug_label"], rid, "drug_label"),
                line=Value(r["line_of_therapy"], rid, "line_of_therapy"),
                strength=fill(T.SUMMARY_GUIDELINE_STRENGTH, strength=Value(r["strength"], rid, "strength"))
                if r.get("strength")
                else (),
                population=Value(r["condition_label"], rid, "condition_label"),
                cite=Cite(srcs),
            )
        )
    return fact(T.SUMMARY_GUIDELINE, items=join(items, T.HOP_SEP))


def route_regimen(ctx: Ctx, r: dict[str, Any]) -> Frag:
    """Route, and the regimens linked to the finding (dose, unit, schedule, duration)."""
    fid = r["finding"]
    bits: list[Frag] = []
    if r.get("route"):
        bits.append((Value(r["route"], fid, "route"),))
    for g in ctx.data.regimens_by_finding.get(fid, []):
        rid = g["regimen"]
        parts: list[Frag] = []
        if g.get("dose"):
            dose = Value(g["dose"], rid, "dose")
            parts.append(fill(T.DOSE, dose=dose, unit=Value(g["unit"], rid, "unit")) if g.get("unit") else (dose,))
        for fld in ("schedule", "duration"):
            if g.get(fld):
                parts.append((Value(g[fld], rid, fld),))
        if parts:
            text = join(parts, T.LIST_SEP)
            same = g.get("drug_label") in (r.get("intervention_label"), None)
            bits.append(text if same else fill(T.FORM + "{t}", form=Value(g["drug_label"], rid, "drug_label"), t=text))
    return join(bits, T.HOP_SEP) if bits else fill(T.DASH)


def comparison(r: dict[str, Any]) -> Frag:
    """The comparison a number belongs to: arms when the source has them, else the comparator, and co-interventions."""
    fid = r["finding"]
    parts: list[Frag] = []
    arm = (Value(r["arm"], fid, "arm_label"),) if r.get("arm") else ()
    if r.get("comparator_arm"):
        other: Frag = (Value(r["comparator_arm"], fid, "comparator_arm_label"),)
    elif r.get("comparator"):
        other = (Value(r["comparator"], fid, "comparator"),)
    else:
        other = ()
    if arm and other:
        parts.append(fill(T.ARMS, a=arm, b=other))
    elif arm:
        parts.append(arm)
    elif other:
        parts.append(fill(T.VERSUS, c=other))
    if r.get("co_intervention"):
        parts.append(fill(T.WITH, co=Value(r["co_intervention"].replace("|", ", "), fid, "co_intervention")))
    return join(parts, T.LIST_SEP) if parts else fill(T.DASH)


def finding_row(ctx: Ctx, r: dict[str, Any], *, pooled: bool = False) -> Row:
    """One efficacy (or harm) finding as a table row, with caveat, rating, pooling and duplicates."""
    fid = r["finding"]
    srcs = split(r.get("sources"))
    key = srcs[0]
    source = ctx.src(key)
    if pooled:
        source = (T.TRIAL_MARK, *source)
    notes = [x for x in (ctx.pooled_and_duplicates(key, fid), ctx.read_in(r)) if x and x != fill(T.DASH)]
    rating = ctx.rating(r)
    cells = (
        source,
        (ctx.design(key),),
        ctx.form_cell(r.get("form") or r.get("intervention"), fid),
        ctx.population(r),
        route_regimen(ctx, r),
        comparison(r),
        (Value(r["measure"], fid, "measure"),),
        opt(r.get("timepoint"), fid, "timepoint"),
        effect(r, fid),
        n_text(r, fid),
        rating or fill(T.DASH),
        opt(r.get("direction"), fid, "direction", T.FINDING_DIRECTION) if r.get("direction") else fill(T.NOT_STATED),
        ctx.prose(r.get("caveat"), fid, "caveat"),
        join(notes, T.HOP_SEP) if notes else fill(T.DASH),
    )
    return Row(cells, tuple(dict.fromkeys((*srcs, *split(r.get("read_in"))))))


def hop(r: dict[str, Any]) -> Frag:
    """One hop in words: ``ketamine –binds→ NMDA receptor (in vitro, rat, disputed by [n] [m])``."""
    sid = r["statement"]
    qual: list[Frag] = []
    if r.get("species"):
        qual.append(fill(T.HOP_SPECIES, species=Value(r["species"].replace("|", ", "), sid, "species")))
    if r.get("model"):
        qual.append(fill(T.HOP_MODEL, model=Value(r["model"], sid, "model")))
    if r.get("association_only") is True:
        qual.append(fill(T.HOP_ASSOCIATION_ONLY))
    if r.get("direction") and r["direction"] != "supports":
        qual.append(fill(T.HOP_DIRECTION, direction=word(T.STATEMENT_DIRECTION, r["direction"], sid, "direction")))
    if r.get("contested") is True:
        qual.append(fill(T.HOP_CONTESTED))
    disputed = split(r.get("contested_by"))
    return fill(
        T.HOP,
        subject=Value(r["subject_label"], sid, "subject_label"),
        predicate=word({}, r["predicate"], sid, "predicate"),
        object=Value(r["object_label"], sid, "object_label"),
        evidence=word(T.EVIDENCE, r["evidence_type"], sid, "evidence_type"),
        qualifiers=tuple(x for q in qual for x in q),
        cite=Cite(split(r["sources"])),
        disputed=fill(T.HOP_DISPUTED, cite=Cite(disputed)) if disputed else (),
    )


def guideline_has_drug(ctx: Ctx) -> bool:
    """Whether any recommendation in the landscape names the drug or a substance it is made of."""
    forms = {f.curie for f in ctx.data.forms}
    return any(iri_to_curie(r["rec_drug"]) in forms for r in ctx.data.landscape)


def sources_of(rows: Iterable[dict[str, Any]]) -> tuple[str, ...]:
    """Every source key of the rows, in order, once."""
    return tuple(dict.fromkeys(k for r in rows for k in split(r.get("sources"))))


def _truncate_words(text: str, limit: int = 60) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"
