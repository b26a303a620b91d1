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
from painkg.model import Entity, Finding, Record, Source, Statement
from painkg.vocab import (
    ENTITY_PREFIXES,
    EVIDENCE_SOURCE_TYPES,
    METAGRAPH,
    PREDICATES,
    CautionType,
    Certainty,
    Direction,
    EffectType,
    EvidenceType,
    Exposure,
    FindingDirection,
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
    for st in ds.statements:
        yield from _enum(data, st, "evidence_type", EvidenceType)
        yield from _enum(data, st, "direction", Direction)
        yield from _enum(data, st, "route", Route, optional=True)
        if st.contested not in ("true", "false"):
            yield _p(data, st, "contested", f"'{st.contested}' is not a boolean", "use true or false")
    for f in ds.findings:
        yield from _enum(data, f, "effect_type", EffectType)
        yield from _enum(data, f, "direction", FindingDirection, optional=True)
        yield from _enum(data, f, "certainty", Certainty, optional=True)
        yield from _enum(data, f, "exposure", Exposure, optional=True)
        yield from _enum(data, f, "route", Route, optional=True)
    for r in ds.regimens:
        yield from _enum(data, r, "route", Route, optional=True)
    for c in ds.seed_claims:
        yield from _enum(data, c, "status", SeedStatus)
    for ca in ds.cautions:
        yield from _enum(data, ca, "type", CautionType)


def _refs(data: LoadedData) -> Iterator[tuple[Record, str, str, str]]:
    """Every (record, column, referenced id, target file) reference in the dataset."""
    ds = data.dataset

    def one(rec: Record, col: str, target: str) -> Iterator[tuple[Record, str, str, str]]:
        value = getattr(rec, col)
        for v in value if isinstance(value, tuple) else (value,):
            if v:
                yield rec, col, v, target

    for st in ds.statements:
        yield from one(st, "subject", Entity.FILE)
        yield from one(st, "object", Entity.FILE)
        yield from one(st, "sources", Source.FILE)
    for f in ds.findings:
        yield from one(f, "source", Source.FILE)
        for col in ("intervention", "condition", "adverse_effect"):
            yield from one(f, col, Entity.FILE)
        yield from one(f, "statement", Statement.FILE)
    for r in ds.regimens:
        yield from one(r, "drug", Entity.FILE)
        yield from one(r, "condition", Entity.FILE)
        yield from one(r, "source", Source.FILE)
        yield from one(r, "findings", Finding.FILE)
    for g in ds.regulatory:
        yield from one(g, "drug", Entity.FILE)
        yield from one(g, "indication", Entity.FILE)
        yield from one(g, "source", Source.FILE)
    for i in ds.interactions:
        for col in ("perpetrator", "victim", "enzyme"):
            yield from one(i, col, Entity.FILE)
        yield from one(i, "findings", Finding.FILE)
        yield from one(i, "source", Source.FILE)
    for c in ds.seed_claims:
        yield from one(c, "statements", Statement.FILE)
        yield from one(c, "sources", Source.FILE)
    for rc in ds.recommendations:
        yield from one(rc, "drug", Entity.FILE)
        yield from one(rc, "condition", Entity.FILE)
        yield from one(rc, "findings", Finding.FILE)
        yield from one(rc, "sources", Source.FILE)
    for ca in ds.cautions:
        yield from one(ca, "drug", Entity.FILE)
        yield from one(ca, "condition", Entity.FILE)
        yield from one(ca, "source", Source.FILE)


def _ids(data: LoadedData) -> dict[str, set[str]]:
    ds = data.dataset
    return {
        Entity.FILE: {e.id for e in ds.entities},
        Source.FILE: {s.id for s in ds.sources},
        Statement.FILE: {s.id for s in ds.statements},
        Finding.FILE: {f.id for f in ds.findings},
    }


def check_references(data: LoadedData) -> Iterator[Problem]:
    """Every referenced entity, source, statement and finding is defined."""
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
    """A statement's evidence type is backed by at least one of its sources' designs."""
    types = {s.id: s.type for s in data.dataset.sources}
    for st in data.dataset.statements:
        if st.evidence_type not in EvidenceType.__members__:
            continue
        allowed = EVIDENCE_SOURCE_TYPES[EvidenceType(st.evidence_type)]
        designs = {types[s] for s in st.sources if s in types}
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


RULES: tuple[Rule, ...] = (
    check_required,
    check_unique_ids,
    check_id_syntax,
    check_enums,
    check_references,
    check_metagraph,
    check_numbers,
    check_evidence_level,
    check_orphans,
    check_seed_claims,
    *CONTRACT_RULES,
)


def validate(data: LoadedData, rules: Iterable[Rule] = RULES) -> list[Problem]:
    """All problems of the loaded data: those met while reading plus every rule's, sorted by place."""
    problems = list(data.problems)
    for rule in rules:
        problems.extend(rule(data))
    return sorted(set(problems))
