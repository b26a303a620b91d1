"""Check a dataset against the rules of data/README.md; return every problem, never stop at the first.

One function per rule, each yielding :class:`Problem` values that name file, line, column and the fix.
The build refuses a dataset with any error-level problem; warnings are reported and kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum

from painkg.curation.contract import CONTRACT_RULES
from painkg.curation.tsv import LoadedData, Problem
from painkg.model import (
    Arm,
    Caution,
    Entity,
    Finding,
    Interaction,
    Quote,
    Recommendation,
    Record,
    Regimen,
    RegulatoryAction,
    SeedClaim,
    Source,
    Statement,
)
from painkg.vocab import (
    ASSOCIATION_PREDICATES,
    CLINICAL_PREDICATES,
    DIRECTION_FINDINGS,
    ENTITY_PREFIXES,
    EVIDENCE_SOURCE_TYPES,
    METAGRAPH,
    PREDICATES,
    Allocation,
    ArmRole,
    Blinding,
    CautionType,
    Certainty,
    Control,
    Direction,
    EffectType,
    EvidenceType,
    Exposure,
    FindingDirection,
    FindingKind,
    InteractionKind,
    Kind,
    Route,
    SeedStatus,
    SourceType,
    curie_problem,
)

__all__ = ["RULES", "validate"]

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PMID_RE = re.compile(r"^\d{6,9}$")
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_URL_RE = re.compile(r"^https?://\S+$")

Rule = Callable[[LoadedData], Iterator[Problem]]


def _p(data: LoadedData, rec: Record, column: str, message: str, fix: str, severity: str = "error") -> Problem:
    return Problem(rec.FILE, data.lines.get((rec.FILE, rec.id), 0), column, message, fix, severity)


def _all(data: LoadedData) -> Iterator[Record]:
    ds = data.dataset
    for attr in ds.ATTR.values():
        yield from getattr(ds, attr)


def check_required(data: LoadedData) -> Iterator[Problem]:
    """Required cells are not empty."""
    for rec in _all(data):
        for col in sorted(rec.REQUIRED):
            value = getattr(rec, col)
            if value in ("", (), None):
                yield _p(
                    data, rec, col, f"'{col}' is empty in record '{rec.id}'", f"fill in '{col}' (see data/README.md)"
                )


def check_unique_ids(data: LoadedData) -> Iterator[Problem]:
    """No id appears twice in one file."""
    ds = data.dataset
    for attr in ds.ATTR.values():
        counts = Counter(r.id for r in getattr(ds, attr))
        seen: set[str] = set()
        for rec in getattr(ds, attr):
            if counts[rec.id] > 1 and rec.id not in seen:
                seen.add(rec.id)
                yield _p(
                    data, rec, "id", f"duplicate id '{rec.id}' ({counts[rec.id]} rows)", "give each row its own id"
                )


def check_id_syntax(data: LoadedData) -> Iterator[Problem]:
    """Entity ids are valid CURIEs of an allowed prefix; other ids are lower-case snake case."""
    for rec in _all(data):
        if isinstance(rec, Entity):
            why = curie_problem(rec.id, ENTITY_PREFIXES)
            if why:
                yield _p(
                    data, rec, "id", f"entity id '{rec.id}': {why}", "use the preferred CURIE from identifiers.tsv"
                )
            for x in rec.xrefs:
                why = curie_problem(x)
                if why:
                    yield _p(data, rec, "xrefs", f"xref '{x}': {why}", "fix or remove the xref")
        elif not _ID_RE.match(rec.id):
            yield _p(data, rec, "id", f"id '{rec.id}' is not lower-case snake case", "use [a-z0-9_] only")


def _enum(data: LoadedData, rec: Record, column: str, enum: type[StrEnum], optional: bool = False) -> Iterator[Problem]:
    value = getattr(rec, column)
    if optional and value == "":
        return
    if value not in enum.__members__:
        yield _p(
            data,
            rec,
            column,
            f"'{value}' is not a valid {column}",
            f"use one of: {', '.join(enum.__members__)}",
        )


def check_enums(data: LoadedData) -> Iterator[Problem]:
    """Closed-vocabulary cells hold one of their allowed values."""
    ds = data.dataset
    for e in ds.entities:
        yield from _enum(data, e, "kind", Kind)
    for s in ds.sources:
        yield from _enum(data, s, "type", SourceType)
        if s.verified not in ("true", "partial"):
            yield _p(data, s, "verified", f"'{s.verified}' is not a valid verified flag", "use true or partial")
        yield from _enum(data, s, "blinding", Blinding, optional=True)
        yield from _enum(data, s, "allocation", Allocation, optional=True)
        yield from _enum(data, s, "control", Control, optional=True)
    for st in ds.statements:
        yield from _enum(data, st, "evidence_type", EvidenceType)
        yield from _enum(data, st, "direction", Direction)
        yield from _enum(data, st, "route", Route, optional=True)
    for f in ds.findings:
        yield from _enum(data, f, "kind", FindingKind)
        yield from _enum(data, f, "effect_type", EffectType)
        yield from _enum(data, f, "direction", FindingDirection, optional=True)
        yield from _enum(data, f, "certainty", Certainty, optional=True)
        yield from _enum(data, f, "exposure", Exposure, optional=True)
        yield from _enum(data, f, "route", Route, optional=True)
    for a in ds.arms:
        yield from _enum(data, a, "role", ArmRole)
        yield from _enum(data, a, "route", Route, optional=True)
    for r in ds.regimens:
        yield from _enum(data, r, "route", Route, optional=True)
    for i in ds.interactions:
        yield from _enum(data, i, "kind", InteractionKind)
        if i.direction and i.direction not in _PK_DIRECTIONS:
            yield _p(
                data,
                i,
                "direction",
                f"'{i.direction}' is not a valid direction",
                f"use one of: {', '.join(_PK_DIRECTIONS)}",
            )
    for c in ds.seed_claims:
        yield from _enum(data, c, "status", SeedStatus)
    for ca in ds.cautions:
        yield from _enum(data, ca, "type", CautionType)


_PK_DIRECTIONS = ("increase", "decrease", "no_change")


def check_booleans(data: LoadedData) -> Iterator[Problem]:
    """Boolean cells hold ``true`` or ``false`` (or stay empty where the column is optional)."""
    for rec in _all(data):
        for col in sorted(rec.BOOL_FIELDS):
            value = getattr(rec, col)
            if value in ("true", "false") or (value == "" and col not in rec.REQUIRED):
                continue
            yield _p(data, rec, col, f"'{value}' is not a boolean", "write true or false")


#: Which columns of which record type reference which file (entity CURIEs, source keys, record ids).
REFERENCES: dict[type[Record], dict[str, type[Record]]] = {
    Entity: {},
    Source: {"included_in": Source, "possible_duplicate_of": Source},
    Statement: {"subject": Entity, "object": Entity, "species": Entity, "sources": Source, "contested_by": Source},
    Finding: {
        "sources": Source,
        "read_in": Source,
        "intervention": Entity,
        "co_interventions": Entity,
        "arm": Arm,
        "comparator_arm": Arm,
        "condition": Entity,
        "adverse_effect": Entity,
        "population_includes": Entity,
        "species": Entity,
        "statement": Statement,
    },
    Arm: {"source": Source, "interventions": Entity},
    Regimen: {"drug": Entity, "condition": Entity, "arm": Arm, "sources": Source, "findings": Finding},
    RegulatoryAction: {"drug": Entity, "indication": Entity, "sources": Source},
    Interaction: {"perpetrator": Entity, "victim": Entity, "enzyme": Entity, "findings": Finding, "sources": Source},
    SeedClaim: {"statements": Statement, "sources": Source},
    Recommendation: {"drug": Entity, "condition": Entity, "findings": Finding, "sources": Source},
    Caution: {"drug": Entity, "condition": Entity, "sources": Source},
    Quote: {"source": Source},
}


def _values(rec: Record, col: str) -> tuple[str, ...]:
    value = getattr(rec, col)
    return tuple(v for v in (value if isinstance(value, tuple) else (value,)) if v)


def _refs(data: LoadedData) -> Iterator[tuple[Record, str, str, str]]:
    """Every (record, column, referenced id, target file) reference in the dataset."""
    for rec in _all(data):
        for col, target in REFERENCES.get(type(rec), {}).items():
            for v in _values(rec, col):
                yield rec, col, v, target.FILE


def _ids(data: LoadedData) -> dict[str, set[str]]:
    ds = data.dataset
    return {rt.FILE: {r.id for r in ds.records(rt)} for rt in ds.ATTR}


def check_references(data: LoadedData) -> Iterator[Problem]:
    """Every referenced entity, source, statement, finding and arm is defined; a quote names a real record."""
    ids = _ids(data)
    aliases = {a: s.id for s in data.dataset.sources for a in s.aliases}
    for rec, col, value, target in _refs(data):
        if value in ids[target]:
            continue
        if target == Source.FILE and value in aliases:
            fix = f"cite the source by its id '{aliases[value]}' ('{value}' is an alias)"
        else:
            fix = f"define '{value}' in {target} or correct the reference"
        yield _p(data, rec, col, f"'{value}' is not defined in {target}", fix)
    every = set().union(*(v for k, v in ids.items() if k != Quote.FILE))
    for q in data.dataset.quotes:
        if q.record and q.record not in every:
            yield _p(
                data, q, "record", f"'{q.record}' is not the id of any record", "name the record the quote supports"
            )


def check_metagraph(data: LoadedData) -> Iterator[Problem]:
    """Predicates are in the closed vocabulary and (subject kind, predicate, object kind) is allowed."""
    kinds = {e.id: e.kind for e in data.dataset.entities}
    for st in data.dataset.statements:
        if st.predicate not in PREDICATES:
            yield _p(
                data,
                st,
                "predicate",
                f"predicate '{st.predicate}' is not in the vocabulary",
                f"use one of: {', '.join(sorted(PREDICATES))}",
            )
            continue
        sk, ok = kinds.get(st.subject), kinds.get(st.object)
        if sk is None or ok is None or sk not in Kind.__members__ or ok not in Kind.__members__:
            continue  # reported by check_references / check_enums
        if (Kind(sk), st.predicate, Kind(ok)) not in METAGRAPH:
            allowed = sorted({o.value for s, p, o in METAGRAPH if s == sk and p == st.predicate})
            yield _p(
                data,
                st,
                "predicate",
                f"{sk} --{st.predicate}--> {ok} is not allowed by the metagraph",
                f"objects allowed for {sk} {st.predicate}: {allowed or 'none'}; pick another predicate or entity",
            )


def check_numbers(data: LoadedData) -> Iterator[Problem]:
    """Confidence intervals bracket their estimate; identifiers and dates are well-formed."""
    for f in data.dataset.findings:
        lo, est, hi = f.ci_low, f.estimate, f.ci_high
        if lo is not None and hi is not None and lo > hi:
            yield _p(data, f, "ci_low", f"ci_low {lo} is above ci_high {hi}", "swap or correct the bounds")
        if est is not None and lo is not None and est < lo:
            yield _p(
                data, f, "estimate", f"estimate {est} is below ci_low {lo}", "check the numbers against the source"
            )
        if est is not None and hi is not None and est > hi:
            yield _p(
                data, f, "estimate", f"estimate {est} is above ci_high {hi}", "check the numbers against the source"
            )
        if (lo is not None or hi is not None) and est is None:
            yield _p(data, f, "estimate", "CI given without an estimate", "add the estimate or drop the CI")
    for s in data.dataset.sources:
        if s.pmid and not _PMID_RE.match(s.pmid):
            yield _p(data, s, "pmid", f"'{s.pmid}' is not a PMID", "digits only, as in the reference")
        if s.doi and not _DOI_RE.match(s.doi):
            yield _p(data, s, "doi", f"'{s.doi}' is not a DOI", "write it as 10.xxxx/..., without https://doi.org/")
        if s.url and not _URL_RE.match(s.url):
            yield _p(data, s, "url", f"'{s.url}' is not an http(s) URL", "give the full official URL")
        if not (s.pmid or s.doi or s.url):
            yield _p(
                data,
                s,
                "pmid",
                f"source '{s.id}' has no PMID, DOI or official URL",
                "add one if the reference gives it; otherwise it is cited by title, journal and year",
                severity="warning",
            )
    for g in data.dataset.regulatory:
        if not _DATE_RE.match(g.date):
            yield _p(data, g, "date", f"'{g.date}' is not an ISO date", "write YYYY-MM-DD, YYYY-MM or YYYY")


def check_evidence_level(data: LoadedData) -> Iterator[Problem]:
    """A statement's evidence type is backed by at least one of its sources' designs.

    A source that issues graded recommendations (``issues_recommendations``, e.g. a meta-analysis that also
    makes guideline recommendations) backs ``guideline`` evidence whatever its design.
    """
    types = {s.id: s.type for s in data.dataset.sources}
    recommends = {s.id for s in data.dataset.sources if s.issues_recommendations == "true"}
    for st in data.dataset.statements:
        if st.evidence_type not in EvidenceType.__members__:
            continue
        allowed = EVIDENCE_SOURCE_TYPES[EvidenceType(st.evidence_type)]
        designs = {types[s] for s in st.sources if s in types}
        if st.evidence_type == EvidenceType.guideline and any(s in recommends for s in st.sources):
            continue
        if designs and not any(d in allowed for d in designs):
            yield _p(
                data,
                st,
                "evidence_type",
                f"evidence type '{st.evidence_type}' claims more than its sources show ({', '.join(sorted(designs))})",
                f"cite a source of design {sorted(a.value for a in allowed)} or lower the evidence type",
            )


def check_orphans(data: LoadedData) -> Iterator[Problem]:
    """Every entity is used by at least one statement, finding or other record."""
    used = {v for _rec, _col, v, target in _refs(data) if target == Entity.FILE}
    for e in data.dataset.entities:
        if e.id not in used:
            yield _p(
                data,
                e,
                "id",
                f"entity '{e.id}' ({e.label}) is not used by any record",
                "remove it or add a sourced statement",
            )


def check_seed_claims(data: LoadedData) -> Iterator[Problem]:
    """Every seed claim except an unverifiable one names the sources behind its verdict."""
    for c in data.dataset.seed_claims:
        if c.status != SeedStatus.unverifiable and not c.sources:
            yield _p(
                data,
                c,
                "sources",
                f"seed claim '{c.id}' is {c.status} but cites no source",
                "add the sources behind the verdict",
            )


_EFFICACY_DIRECTIONS = frozenset({"benefit", "harm", "no_difference", "mixed", "insufficient"})
_CHANGE_DIRECTIONS = frozenset({"increase", "decrease", "no_change"})
_AFFINITY_EFFECTS = frozenset({"Ki", "IC50", "EC50", "Kd"})


def check_findings(data: LoadedData) -> Iterator[Problem]:
    """A finding's sources, kind, direction and numbers fit together.

    - one source unless the finding is an explicit ``synthesis`` (then at least two): a result is never
      credited to a paper that did not report it;
    - efficacy and safety findings have an efficacy direction (empty only when the result itself was not seen),
      pharmacokinetic and mechanism findings a change
      direction, affinity findings an affinity measure (Ki, IC50, EC50, Kd) with a unit and no direction;
    - the direction agrees with the statement the finding bears on (``vocab.DIRECTION_FINDINGS``);
    - an ``arm`` or ``comparator_arm`` belongs to one of the finding's sources.
    """
    statements = {st.id: st for st in data.dataset.statements}
    arms = {a.id: a for a in data.dataset.arms}
    for f in data.dataset.findings:
        if f.synthesis == "true" and len(f.sources) < 2:
            yield _p(
                data,
                f,
                "sources",
                f"finding '{f.id}' is a synthesis but cites {len(f.sources)} source",
                "list every source the synthesis rests on, or store one finding per source",
            )
        if f.synthesis != "true" and len(f.sources) > 1:
            yield _p(
                data,
                f,
                "sources",
                f"finding '{f.id}' cites {len(f.sources)} sources but is not marked as a synthesis",
                "store one finding per source (each with its own year), put a secondary source in read_in, "
                "or set synthesis=true when the result combines the listed sources",
            )
        not_seen = f.estimate is None and not f.result  # the reference records the outcome but not its result
        if (
            f.kind in ("efficacy", "safety")
            and f.direction not in _EFFICACY_DIRECTIONS
            and not (not_seen and not f.direction)
        ):
            yield _p(
                data,
                f,
                "direction",
                f"{f.kind} finding '{f.id}' has direction '{f.direction}'",
                f"use one of: {', '.join(sorted(_EFFICACY_DIRECTIONS))}",
            )
        if f.kind in ("pharmacokinetic", "mechanism") and f.direction not in _CHANGE_DIRECTIONS:
            yield _p(
                data,
                f,
                "direction",
                f"{f.kind} finding '{f.id}' has direction '{f.direction}'",
                f"use one of: {', '.join(sorted(_CHANGE_DIRECTIONS))}",
            )
        if f.kind == "affinity":
            if f.effect_type not in _AFFINITY_EFFECTS or not f.unit:
                yield _p(
                    data,
                    f,
                    "effect_type",
                    f"affinity finding '{f.id}' needs an affinity measure and a unit",
                    f"set effect_type to one of {sorted(_AFFINITY_EFFECTS)} and unit (e.g. uM)",
                )
            if f.direction:
                yield _p(data, f, "direction", "an affinity finding has no direction", "leave direction empty")
        st = statements.get(f.statement)
        if st is not None and f.direction and st.direction in Direction.__members__:
            allowed = DIRECTION_FINDINGS[Direction(st.direction)]
            if f.direction in FindingDirection.__members__ and FindingDirection(f.direction) not in allowed:
                yield _p(
                    data,
                    f,
                    "direction",
                    f"finding direction '{f.direction}' contradicts statement '{st.id}' ({st.direction})",
                    f"a {st.direction} statement carries findings of direction {sorted(d.value for d in allowed)}; "
                    "link the finding to a statement with the matching direction",
                )
        for col in ("arm", "comparator_arm"):
            arm = arms.get(getattr(f, col))
            if arm is not None and arm.source not in f.sources:
                yield _p(
                    data,
                    f,
                    col,
                    f"arm '{arm.id}' belongs to source '{arm.source}', not to this finding's sources",
                    "use an arm of the finding's own source",
                )


def check_species_and_model(data: LoadedData) -> Iterator[Problem]:
    """An animal or in-vitro result never becomes a claim about a human disease.

    A statement with a clinical predicate (treats, ameliorates, ...) whose object is a Condition must rest on
    human evidence (not animal or in vitro, and no non-human species); a finding in a non-human species must
    not name a Condition. Point such results at the Phenotype measured in the model, with the model named.
    Species are OrganismTaxon entities.
    """
    kinds = {e.id: e.kind for e in data.dataset.entities}
    human = {e.id for e in data.dataset.entities if e.kind == Kind.OrganismTaxon and e.label == "human"}
    for st in data.dataset.statements:
        for sp in st.species:
            if sp in kinds and kinds[sp] != Kind.OrganismTaxon:
                yield _p(data, st, "species", f"'{sp}' is not an OrganismTaxon", "use a species entity id")
        nonhuman = st.evidence_type in ("animal", "in_vitro") or any(sp not in human for sp in st.species)
        if st.predicate in CLINICAL_PREDICATES and kinds.get(st.object) == Kind.Condition and nonhuman:
            yield _p(
                data,
                st,
                "object",
                f"{st.evidence_type} result {st.subject} {st.predicate} {st.object}: a model result on a human disease",
                "point the statement at the phenotype measured in the model (kind Phenotype) and name the model",
            )
    for f in data.dataset.findings:
        if f.species and any(sp not in human for sp in f.species) and kinds.get(f.condition) == Kind.Condition:
            yield _p(
                data,
                f,
                "condition",
                f"finding '{f.id}' in a non-human species names the human condition {f.condition}",
                "name the phenotype measured in the model (kind Phenotype) and the model in population",
            )


def check_association(data: LoadedData) -> Iterator[Problem]:
    """A statement the source shows only as an association uses an association predicate, never a causal one."""
    for st in data.dataset.statements:
        if st.association_only == "true" and st.predicate not in ASSOCIATION_PREDICATES:
            yield _p(
                data,
                st,
                "predicate",
                f"association-only statement uses the causal predicate '{st.predicate}'",
                f"use one of {sorted(ASSOCIATION_PREDICATES)}",
            )


def _norm_title(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def check_source_identity(data: LoadedData) -> Iterator[Problem]:
    """One record per publication: no two sources share a PMID, PMCID, DOI, URL, NCT id or normalised title."""
    sources = data.dataset.sources
    for col, norm in (
        ("pmid", str.strip),
        ("pmcid", str.strip),
        ("doi", str.lower),
        ("url", str.strip),
        ("nct", str.strip),
        ("title", _norm_title),
    ):
        owners: dict[str, list[Source]] = {}
        for s in sources:
            value = norm(getattr(s, col))
            if value:
                owners.setdefault(value, []).append(s)
        for value, group in sorted(owners.items()):
            if len(group) > 1:
                ids = [s.id for s in group]
                for s in group[1:]:
                    yield _p(
                        data,
                        s,
                        col,
                        f"sources {ids} share the {col} '{value}'",
                        "merge them into one source and keep the other keys in aliases",
                    )
    ids = {s.id for s in sources}
    seen: dict[str, str] = {}
    for s in sources:
        for a in s.aliases:
            if a in ids:
                yield _p(data, s, "aliases", f"alias '{a}' is also a source id", "remove the duplicate source row")
            elif a in seen and seen[a] != s.id:
                yield _p(data, s, "aliases", f"alias '{a}' also belongs to '{seen[a]}'", "keep an alias on one source")
            seen.setdefault(a, s.id)


def check_names(data: LoadedData) -> Iterator[Problem]:
    """A name resolves to one entity: no synonym shared by two entities or equal to another entity's label.

    Ambiguous names (e.g. a gene alias that is another gene's symbol) go to ``related_synonyms``, which name
    resolution ignores.
    """
    owners: dict[str, set[str]] = {}
    labels: dict[str, set[str]] = {}
    curated = [e for e in data.dataset.entities if e.kind != Kind.OntologyClass]  # imported labels are not names
    for e in curated:
        labels.setdefault(e.label.casefold(), set()).add(e.id)
        for syn in e.synonyms:
            owners.setdefault(syn.casefold(), set()).add(e.id)
    for e in curated:
        for syn in e.synonyms:
            key = syn.casefold()
            others = (owners[key] | labels.get(key, set())) - {e.id}
            if others:
                yield _p(
                    data,
                    e,
                    "synonyms",
                    f"synonym '{syn}' of {e.id} also names {sorted(others)}",
                    "move the ambiguous name to related_synonyms (shown, never used to resolve a name)",
                )


def check_quotes(data: LoadedData) -> Iterator[Problem]:
    """A quote is read in a source the record it supports cites (or in the source record itself)."""
    cited: dict[str, set[str]] = {}
    for rec in _all(data):
        if isinstance(rec, Quote):
            continue
        srcs: set[str] = set()
        for col in ("sources", "read_in", "contested_by", "source"):
            if hasattr(rec, col):
                srcs.update(_values(rec, col))
        if isinstance(rec, Source):
            srcs.add(rec.id)
        cited[rec.id] = srcs
    for q in data.dataset.quotes:
        if q.record in cited and q.source not in cited[q.record]:
            yield _p(
                data,
                q,
                "source",
                f"quote source '{q.source}' is not cited by record '{q.record}'",
                f"quote one of the record's sources: {sorted(cited[q.record])}",
            )


_REVIEW_TYPES = frozenset({"meta_analysis", "systematic_review", "review", "guideline"})


def check_design(data: LoadedData) -> Iterator[Problem]:
    """Study design, arms, regulatory scope and interactions carry the structure they need.

    ``included_in`` names reviews; an arm's interventions are drugs; a regulatory act with an indication states
    its exact scope, a scheduling act its schedule; a pharmacokinetic interaction states its direction; a
    single enantiomer is not an ``enantiomer_of`` a racemate it is a component of.
    """
    types = {s.id: s.type for s in data.dataset.sources}
    kinds = {e.id: e.kind for e in data.dataset.entities}
    for s in data.dataset.sources:
        for r in s.included_in:
            if r in types and types[r] not in _REVIEW_TYPES:
                yield _p(
                    data, s, "included_in", f"'{r}' is a {types[r]}, not a review", "name the review that pooled it"
                )
    for a in data.dataset.arms:
        for i in a.interventions:
            if kinds.get(i) not in (None, Kind.Drug, Kind.DrugClass, Kind.Metabolite, Kind.Procedure):
                yield _p(data, a, "interventions", f"'{i}' is a {kinds[i]}, not an intervention", "name drugs only")
        if a.role == ArmRole.experimental and not a.interventions:
            yield _p(data, a, "interventions", "experimental arm without intervention", "name the drug(s) given")
    for g in data.dataset.regulatory:
        if g.indication and not g.indication_scope:
            yield _p(
                data,
                g,
                "indication_scope",
                "indication without the label's exact scope",
                "copy the indication wording the source gives (e.g. 'MDD with acute suicidal ideation or behavior')",
            )
        if g.action == "scheduling" and not g.schedule:
            yield _p(data, g, "schedule", "scheduling act without a schedule", "write the schedule (e.g. III)")
    for i in data.dataset.interactions:
        if i.kind == InteractionKind.pharmacokinetic and not i.direction:
            yield _p(
                data,
                i,
                "direction",
                "pharmacokinetic interaction without direction",
                "write increase/decrease/no_change",
            )
    components = {
        (st.subject, st.object)
        for st in data.dataset.statements
        if st.predicate == "has_component" and st.direction == Direction.supports
    }
    for st in data.dataset.statements:
        if st.predicate == "enantiomer_of" and (
            (st.object, st.subject) in components or (st.subject, st.object) in components
        ):
            yield _p(
                data,
                st,
                "predicate",
                f"{st.subject} is a component of {st.object}, not its enantiomer",
                "use has_component from the racemate to the enantiomer",
            )


RULES: tuple[Rule, ...] = (
    check_required,
    check_unique_ids,
    check_id_syntax,
    check_enums,
    check_booleans,
    check_references,
    check_metagraph,
    check_numbers,
    check_evidence_level,
    check_orphans,
    check_seed_claims,
    check_findings,
    check_species_and_model,
    check_association,
    check_source_identity,
    check_names,
    check_quotes,
    check_design,
    *CONTRACT_RULES,
)


def validate(data: LoadedData, rules: Iterable[Rule] = RULES) -> list[Problem]:
    """All problems of the loaded data: those met while reading plus every rule's, sorted by place."""
    problems = list(data.problems)
    for rule in rules:
        problems.extend(rule(data))
    return sorted(set(problems))
