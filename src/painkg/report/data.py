"""Everything a report states, read from the graph by named queries bound to the drug, the condition and the records.

No query here reads the whole graph: each starts from the bound drug (and the components it is made of), the bound
condition, or a record the report already holds (a finding, a statement, a cited source). So the report costs what
its answer costs, on the curated graph and on a store of millions of triples alike. Rows are plain dicts
(:func:`painkg.answers.records`), collapsed one per record with its sources (:func:`painkg.answers.collapse`);
pandas is never loaded.

>>> import painkg
>>> from painkg.paths import package_root
>>> data = PairData.read(painkg.load(package_root() / "tests" / "fixtures" / "mini"), "ketamine", "neuropathic pain")
>>> data.drug.label, data.condition.label
('ketamine', 'neuropathic pain')
>>> sorted({f["scope"] for f in data.findings})
['exact']
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from painkg.answers import Record, collapse, mechanism_path_ids, records
from painkg.queries import EntityResolver, UnknownEntityError, iri_to_curie, run_query
from painkg.report.model import QuoteMeta, SourceMeta
from painkg.store import Store
from painkg.vocab import EVIDENCE_RANK

__all__ = [
    "DRUG_KINDS",
    "SEED_PAIR",
    "Entity",
    "NotOfKindError",
    "PairData",
    "SourceBook",
    "describe",
    "split",
]

#: The pair the two seed documents are about (their claims are audited only in this pair's report).
SEED_PAIR = ("CHEBI:6121", "HP:6000040")
DRUG_KINDS = frozenset({"Drug", "Metabolite", "DrugClass"})
CONDITION_KINDS = frozenset({"Condition"})
SCOPE_RANK = {"exact": 0, "subtype": 1, "broader": 2}
APPROVAL_ACTIONS = frozenset({"approval", "supplemental_approval"})


class NotOfKindError(UnknownEntityError):
    """The name resolves, but not to an entity of the kind the report needs (a drug, a condition)."""

    def __init__(self, name: str, kind: str, expected: str, suggestions: list[str]):
        self.kind, self.expected = kind, expected
        super().__init__(name, suggestions)
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        self.args = (f"'{name}' is a {kind} in the graph, not a {expected}{hint}",)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Entity:
    """A node the report names: CURIE, IRI, label and kind."""

    curie: str
    iri: str
    label: str
    kind: str = ""


def split(value: Any) -> tuple[str, ...]:
    """The values of a ``|``-joined cell (empty for None)."""
    if value is None or value == "":
        return ()
    return tuple(v for v in str(value).split("|") if v)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


#: property local names whose report field has another name
_FIELD = {
    "finding_kind": "kind",
    "p_value": "p",
    "bears_on": "statement",
    "source": "sources",
    "see_also": "links",
    "has_quote": "quotes",
}


@functools.lru_cache(maxsize=256)
def _field(prop: str) -> str:
    local = re.split(r"[#/]", prop)[-1]
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", local).lower()
    return _FIELD.get(snake, snake)


@dataclass(frozen=True)
class Props:
    """The properties of one record (the ``record`` query), by report field: values and the labels of nodes."""

    values: dict[str, tuple[Any, ...]]
    labels: dict[str, tuple[str, ...]]

    def one(self, name: str) -> Any:
        """The (first) value of a field, or None."""
        found = self.values.get(name, ())
        return found[0] if found else None

    def many(self, name: str) -> tuple[Any, ...]:
        """Every value of a field, in the query's order."""
        return self.values.get(name, ())

    def joined(self, name: str) -> str | None:
        """Every value of a field joined by ``|`` (None when it has none)."""
        found = self.many(name)
        return "|".join(str(v) for v in found) if found else None

    def label(self, name: str) -> str | None:
        """The label of a field's (first) node value, or None."""
        found = self.labels.get(name, ())
        return found[0] if found else None

    def joined_labels(self, name: str) -> str | None:
        """The labels of a field's node values joined by ``|``."""
        found = self.labels.get(name, ())
        return "|".join(found) if found else None


def describe(store: Store, record: str) -> Props:
    """Every property of one record, read with the bound ``record`` query (IRIs given as their ids/CURIEs)."""
    result, _cut = run_query(store, "record", {"record": record}, limit=None)
    values: dict[str, list[Any]] = {}
    labels: dict[str, list[str]] = {}
    for r in records(result):
        name = _field(r["property"])
        value = r["value_id"] if r.get("value_id") is not None else r["value"]
        values.setdefault(name, []).append(value)
        if r.get("value_label") is not None:
            labels.setdefault(name, []).append(r["value_label"])
    return Props({k: tuple(v) for k, v in values.items()}, {k: tuple(v) for k, v in labels.items()})


def finding_record(store: Store, finding: str) -> Record:
    """One finding in full, with the columns of the ``findings`` query (sources and multi-values ``|``-joined)."""
    p = describe(store, finding)
    if not p.values:
        return {}
    out: Record = {"finding": finding}
    for name in (
        "kind", "synthesis", "comparator", "population", "route", "measure", "timepoint", "timepoint_days",
        "effect_type", "estimate", "ci_low", "ci_high", "unit", "comparator_value", "result", "p", "n_studies",
        "n_participants", "certainty", "quality_rating", "direction", "scale", "exposure", "caveat", "statement",
    ):
        out[name] = p.one(name)
    for name in ("intervention", "condition", "adverse_effect"):
        out[name] = p.one(name)
        out[name + "_label"] = p.label(name)
    for name in ("co_intervention", "population_includes", "species", "arm", "comparator_arm"):
        out[name] = p.joined_labels(name)
    out["read_in"] = p.joined("read_in")
    out["sources"] = p.joined("sources")
    return out


def statement_record(store: Store, statement: str) -> Record:
    """One statement's evidence, with the columns of the ``statement-evidence`` query (sources ``|``-joined)."""
    p = describe(store, statement)
    if not p.values:
        return {}
    predicate = p.one("predicate")
    out: Record = {
        "statement": statement,
        "subject": p.one("subject"),
        "subject_label": p.label("subject"),
        "predicate": re.split(r"[#/]", predicate)[-1] if predicate else None,
        "object": p.one("object"),
        "object_label": p.label("object"),
    }
    for name in ("evidence_type", "direction", "contested", "association_only", "route", "model", "context"):
        out[name] = p.one(name)
    out["species"] = p.joined_labels("species")
    out["contested_by"] = p.joined("contested_by")
    out["sources"] = p.joined("sources")
    return out


class SourceBook(Mapping[str, SourceMeta]):
    """Source metadata read on first use, one bound ``source`` and ``quotes`` query per source key.

    A report cites a few dozen of the graph's sources: only those are ever read.
    """

    def __init__(self, store: Store):
        self._store = store
        self._cache: dict[str, SourceMeta | None] = {}

    def _read(self, key: str) -> SourceMeta | None:
        p = describe(self._store, key)
        if p.one("type") is None or "Source" not in {str(t).rsplit("/", 1)[-1] for t in p.many("type")}:
            return None
        quotes_result, _cut = run_query(self._store, "quotes", {"source": key}, limit=None)
        quotes = tuple(QuoteMeta(q["quote"], q["record"], q["text"]) for q in records(quotes_result))
        return SourceMeta(
            key=key,
            type=_text(p.one("source_type")),
            title=_text(p.one("title")),
            first_author=_text(p.one("first_author")),
            year=_text(p.one("year")),
            journal=_text(p.one("journal")),
            pmid=_text(p.one("pmid")),
            pmcid=_text(p.one("pmcid")),
            doi=_text(p.one("doi")),
            url=_text(p.one("url")),
            nct=_text(p.one("nct")),
            verified=_text(p.one("verified")),
            links=tuple(sorted(str(v) for v in p.many("links"))),
            population=_text(p.one("population")),
            n_studies=_text(p.one("n_studies")),
            n_participants=_text(p.one("n_participants")),
            randomized=_text(p.one("randomized")),
            blinding=_text(p.one("blinding")),
            allocation=_text(p.one("allocation")),
            control=_text(p.one("control")),
            issues_recommendations=p.one("issues_recommendations") is True,
            included_in=tuple(sorted(p.many("included_in"))),
            possible_duplicate_of=tuple(sorted(p.many("possible_duplicate_of"))),
            quotes=quotes,
        )

    def __getitem__(self, key: str) -> SourceMeta:
        if key not in self._cache:
            self._cache[key] = self._read(key)
        meta = self._cache[key]
        if meta is None:
            raise KeyError(key)
        return meta

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, v in self._cache.items() if v is not None)

    def __len__(self) -> int:
        return sum(1 for v in self._cache.values() if v is not None)


@dataclass
class PairData:
    """What the graph holds on one drug × condition, read once by bound queries."""

    store: Store
    resolver: EntityResolver
    drug: Entity
    condition: Entity
    #: substances the drug is made of (a racemate's enantiomers, through has_component): never the reverse
    components: list[Entity]
    subtypes: list[Entity]
    broader_conditions: list[Entity]
    sources: SourceBook
    #: every finding of the drug or a component in the condition, its subtypes or a broader population, in full,
    #: with ``scope`` (exact, subtype, broader) and ``form`` (the CURIE of the substance studied)
    findings: list[Record] = field(default_factory=list)
    harm_statements: list[Record] = field(default_factory=list)
    #: harm findings of the drug and its components in any population (``scope`` set when they are in the pair's)
    harm_findings: list[Record] = field(default_factory=list)
    regulatory: list[Record] = field(default_factory=list)
    landscape: list[Record] = field(default_factory=list)
    paths: list[Record] = field(default_factory=list)
    targets: list[Record] = field(default_factory=list)
    interactions: list[Record] = field(default_factory=list)
    cautions: list[Record] = field(default_factory=list)
    regimens: list[Record] = field(default_factory=list)
    regimens_by_finding: dict[str, list[Record]] = field(default_factory=dict)
    contested: list[Record] = field(default_factory=list)
    seed: list[Record] | None = None
    _details: dict[str, Record] = field(default_factory=dict, repr=False)

    # -- reading ------------------------------------------------------------------------------------------
    @classmethod
    def read(cls, kg: Any, drug: str, condition: str) -> PairData:
        """Read everything for ``drug`` × ``condition`` (CURIE, IRI, label or synonym) from ``kg``'s store.

        Raises :class:`UnknownEntityError` (with suggestions) for a name not in the graph and
        :class:`NotOfKindError` for a name of another kind (a condition given as the drug).
        """
        store, resolver = kg.store, kg.resolver
        drug_e = _entity(store, resolver, drug, DRUG_KINDS, "drug")
        cond_e = _entity(store, resolver, condition, CONDITION_KINDS, "condition")
        components = [
            Entity(iri_to_curie(r["form"]), r["form"], r["form_label"], "")
            for r in _rows(store, resolver, "components", drug=drug_e.curie)
        ]
        components = list({c.curie: c for c in sorted(components, key=lambda e: e.curie)}.values())
        scope_rows = _rows(store, resolver, "condition-scope", condition=cond_e.curie)
        data = cls(
            store=store,
            resolver=resolver,
            drug=drug_e,
            condition=cond_e,
            components=components,
            subtypes=[Entity(r["curie"], r["related"], r["label"]) for r in scope_rows if r["relation"] == "subtype"],
            broader_conditions=[
                Entity(r["curie"], r["related"], r["label"]) for r in scope_rows if r["relation"] == "broader"
            ],
            sources=SourceBook(store),
        )
        data._read_all()
        return data

    @property
    def forms(self) -> list[Entity]:
        """The drug and the substances it is made of."""
        return [self.drug, *self.components]

    @property
    def is_seed_pair(self) -> bool:
        """True for the pair the seed documents are about."""
        return (self.drug.curie, self.condition.curie) == SEED_PAIR

    def rows(self, query: str, **params: str) -> list[Record]:
        """The rows of a named query bound to ``params``."""
        return _rows(self.store, self.resolver, query, **params)

    def detail(self, finding: str) -> Record:
        """One finding in full (the ``record`` query), its sources joined."""
        if finding not in self._details:
            self._details[finding] = finding_record(self.store, finding)
        return self._details[finding]

    def _read_all(self) -> None:
        pair_scope = {self.condition.curie, *(c.curie for c in self.subtypes)}
        seen: dict[str, Record] = {}
        for form in self.forms:
            rows = self.rows("finding-scopes", drug=form.curie, condition=self.condition.curie)
            for r in sorted(rows, key=lambda r: (SCOPE_RANK.get(r["scope"], 9), r["finding"])):
                if r["finding"] in seen:
                    continue
                seen[r["finding"]] = {**self.detail(r["finding"]), "scope": r["scope"], "form": form.curie}
        self.findings = sorted(seen.values(), key=lambda r: (SCOPE_RANK[r["scope"]], r["finding"]))
        scope_of = {f["finding"]: f["scope"] for f in self.findings}
        for form in self.forms:
            for r in collapse(self.rows("adverse-effects", drug=form.curie), ["kind", "record"]):
                if r["kind"] == "statement":
                    self.harm_statements.append({**r, "form": form.curie})
                elif r["record"] not in {h["finding"] for h in self.harm_findings}:
                    detail = self.detail(r["record"])
                    self.harm_findings.append(
                        {**detail, "scope": scope_of.get(r["record"]), "form": form.curie}
                    )
        self.regulatory = collapse(self.rows("regulatory", drug=self.drug.curie), "action_id")
        self.landscape = collapse(
            self.rows("guideline-landscape", condition=self.condition.curie, drug=self.drug.curie),
            ["recommendation", "finding"],
        )
        self.paths = self._paths()
        self.targets = collapse(self.rows("targets", drug=self.drug.curie), "statement")
        for t in self.targets:
            ev = self.statement(t["statement"])
            t.update({k: ev.get(k) for k in ("species", "model", "association_only", "contested_by")})
        self.interactions = collapse(self.rows("interactions", drug=self.drug.curie), ["interaction", "finding"])
        self.cautions = collapse(self.rows("cautions", drug=self.drug.curie), "caution")
        regimens = self.rows("regimens", drug=self.drug.curie)
        pair_findings = {f["finding"] for f in self.findings}
        for r in regimens:
            if r.get("finding"):
                by = self.regimens_by_finding.setdefault(r["finding"], [])
                if r["regimen"] not in {x["regimen"] for x in by}:
                    by.append(r)
        self.regimens = [
            r
            for r in regimens
            if (r.get("condition") in pair_scope) or (r.get("finding") in pair_findings)
        ]
        self.contested = self._contested()
        if self.is_seed_pair:
            self.seed = collapse(self.rows("seed-audit"), "claim_id")

    def statement(self, statement: str) -> Record:
        """One statement's evidence (the ``record`` query), its sources joined."""
        key = "st:" + statement
        if key not in self._details:
            self._details[key] = statement_record(self.store, statement)
        return self._details[key]

    def _paths(self) -> list[Record]:
        """Mechanism paths drug → condition, one record per hop with that hop's evidence.

        ``path_evidence`` is the weakest evidence type on the path (a path is never stronger than its weakest hop);
        ``path_association_only`` is true when any hop shows association only.
        """
        out = []
        ids = mechanism_path_ids(self.store, self.drug.curie, self.condition.curie, self.resolver)
        for i, path in enumerate(ids, start=1):
            hops = [self.statement(sid) for sid in path]
            weakest = max((h["evidence_type"] for h in hops), key=lambda e: EVIDENCE_RANK.get(e, len(EVIDENCE_RANK)))
            association = any(h.get("association_only") is True for h in hops)
            for n, h in enumerate(hops, start=1):
                out.append(
                    {**h, "path": i, "hops": len(hops), "hop": n, "path_evidence": weakest,
                     "path_association_only": association}
                )
        return out

    def _contested(self) -> list[Record]:
        """Flagged statements with the statements on each side of their claims.

        Contested, refuted, null, mixed or insufficient statements about the drug and its components, and those on
        the same claims as the hops of its mechanism paths.
        """
        out: dict[str, Record] = {}
        for form in self.forms:
            for r in collapse(self.rows("contested", about=form.curie), "statement"):
                out.setdefault(r["statement"], r)
        hop_claims = {(h["subject_label"], h["predicate"], h["object_label"]) for h in self.paths}
        for node in dict.fromkeys(h["subject"] for h in self.paths):
            curie = iri_to_curie(node)
            if curie in {f.curie for f in self.forms}:
                continue
            for r in collapse(self.rows("contested", about=curie), "statement"):
                if (r["subject_label"], r["predicate"], r["object_label"]) in hop_claims:
                    out.setdefault(r["statement"], r)
        return list(out.values())


def _rows(store: Store, resolver: EntityResolver, query: str, **params: str) -> list[Record]:
    result, _cut = run_query(store, query, params, resolver=resolver, limit=None)
    return records(result)


def _entity(
    store: Store, resolver: EntityResolver, name: str, expected: frozenset[str], what: str
) -> Entity:
    iri = str(resolver.resolve(name))  # raises UnknownEntityError with suggestions
    curie = iri_to_curie(iri)
    rows = [r for r in _rows(store, resolver, "entity-lookup", name=curie) if r["entity"] == iri]
    if not rows:
        raise UnknownEntityError(name, [])
    kinds = sorted({r["kind"] for r in rows})
    if not set(kinds) & expected:
        # the error path only: the entity index names the candidates of the expected kind
        index, _cut = run_query(store, "entities", {}, limit=None)
        candidates = {r["label"].casefold(): r["label"] for r in records(index) if r["kind"] in expected}
        close = difflib.get_close_matches(name.casefold(), sorted(candidates), n=5, cutoff=0.5)
        raise NotOfKindError(name, "/".join(kinds), what, [candidates[c] for c in close])
    kind = next(k for k in kinds if k in expected)
    return Entity(curie, iri, rows[0]["label"], kind)


def approvals_for(data: PairData) -> list[Record]:
    """Approvals (incl. supplemental) whose indication is the condition or one of its subtypes."""
    scope = {data.condition.curie, *(c.curie for c in data.subtypes)}
    return [
        r
        for r in data.regulatory
        if r.get("action") in APPROVAL_ACTIONS and r.get("indication") and iri_to_curie(r["indication"]) in scope
    ]
