"""Typed records of the curated data: one dataclass per data/ TSV file.

Field order is the canonical column order of the file. Multi-valued cells hold values joined by
``|``; empty cells are empty strings (``""``) or ``None`` for numbers. Records are plain values: they
know nothing of files (curation), RDF (graph) or queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import ClassVar

__all__ = [
    "RECORD_TYPES",
    "Arm",
    "Caution",
    "Dataset",
    "Entity",
    "Finding",
    "Interaction",
    "Quote",
    "Recommendation",
    "Record",
    "Regimen",
    "RegulatoryAction",
    "SeedClaim",
    "Source",
    "Statement",
]

LIST_SEP = "|"


@dataclass(frozen=True)
class Record:
    """Base of all records: every record has an ``id`` and lives in one data/ file."""

    FILE: ClassVar[str] = ""
    #: fields holding several values joined by ``|``
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset()
    #: fields holding numbers (float), empty allowed
    FLOAT_FIELDS: ClassVar[frozenset[str]] = frozenset()
    #: fields holding whole numbers, empty allowed
    INT_FIELDS: ClassVar[frozenset[str]] = frozenset()
    #: fields holding ``true`` / ``false`` (empty = not stated, where allowed)
    BOOL_FIELDS: ClassVar[frozenset[str]] = frozenset()
    #: fields that must not be empty
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id"})

    id: str

    @classmethod
    def columns(cls) -> list[str]:
        """Canonical column order of the record's file."""
        return [f.name for f in fields(cls)]


@dataclass(frozen=True)
class Entity(Record):
    """A drug, gene, complex, process, mechanism, condition or adverse effect, keyed by its CURIE."""

    FILE: ClassVar[str] = "entities.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"synonyms", "related_synonyms", "xrefs"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "kind", "label"})

    kind: str = ""
    label: str = ""
    synonyms: tuple[str, ...] = ()
    #: ambiguous names (e.g. a gene alias that is another gene's symbol): shown, never used to resolve a name
    related_synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    description: str = ""
    note: str = ""


@dataclass(frozen=True)
class Source(Record):
    """A publication, guideline, drug label, regulatory record or ontology release, keyed by its reference key.

    One row per publication: other reference keys of the same publication are ``aliases``. Totals of a review
    (``n_studies``, ``n_participants``) and a trial's design (``randomized``, ``blinding``, ``allocation``,
    ``control``) live here, not on a finding. ``included_in`` names the reviews that pooled this study.
    """

    FILE: ClassVar[str] = "sources.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"aliases", "included_in", "possible_duplicate_of"})
    INT_FIELDS: ClassVar[frozenset[str]] = frozenset({"year", "n_studies", "n_participants"})
    BOOL_FIELDS: ClassVar[frozenset[str]] = frozenset({"randomized", "issues_recommendations"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "type", "verified"})

    type: str = ""
    pmid: str = ""
    pmcid: str = ""
    doi: str = ""
    url: str = ""
    nct: str = ""
    title: str = ""
    first_author: str = ""
    year: int | None = None
    journal: str = ""
    verified: str = ""
    aliases: tuple[str, ...] = ()
    issues_recommendations: str = ""
    population: str = ""
    n_studies: int | None = None
    n_participants: int | None = None
    randomized: str = ""
    blinding: str = ""
    allocation: str = ""
    control: str = ""
    included_in: tuple[str, ...] = ()
    possible_duplicate_of: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Statement(Record):
    """An edge ``subject predicate object`` with its evidence type, direction and sources.

    ``species`` (OrganismTaxon entity ids) and ``model`` (the population or model as the source names it) are
    part of the fact. ``association_only`` is the reference's flag: such a statement must use an association
    predicate. ``contested_by`` lists sources that dispute the statement (they do not support it).
    """

    FILE: ClassVar[str] = "statements.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"species", "sources", "contested_by"})
    BOOL_FIELDS: ClassVar[frozenset[str]] = frozenset({"contested", "association_only"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset(
        {"id", "subject", "predicate", "object", "evidence_type", "direction", "contested", "sources"}
    )

    subject: str = ""
    predicate: str = ""
    object: str = ""
    evidence_type: str = ""
    direction: str = ""
    contested: str = ""
    association_only: str = ""
    route: str = ""
    species: tuple[str, ...] = ()
    model: str = ""
    context: str = ""
    sources: tuple[str, ...] = ()
    contested_by: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Finding(Record):
    """One result of one source (or an explicit synthesis of several), exactly as the reference gives it.

    ``sources`` are the sources the result rests on (one, unless ``synthesis`` is true); ``read_in`` the
    source the value was read in when that is another one (e.g. a table reproducing a meta-analysis). The
    numbers belong to the comparison ``intervention`` (+ ``co_interventions``) vs ``comparator``; review totals
    stay on the source. ``population_includes`` names conditions the source says the finding's population
    includes (a chronic-pain review including neuropathic pain): such a finding is broader-population evidence
    for each of them. ``caveat`` holds what the reference records against the number (e.g. an abstract that
    is internally inconsistent).
    """

    FILE: ClassVar[str] = "findings.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"sources", "read_in", "co_interventions", "species", "population_includes"}
    )
    FLOAT_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"estimate", "ci_low", "ci_high", "timepoint_days", "comparator_value"}
    )
    INT_FIELDS: ClassVar[frozenset[str]] = frozenset({"n_studies", "n_participants"})
    BOOL_FIELDS: ClassVar[frozenset[str]] = frozenset({"synthesis"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "sources", "kind", "intervention", "measure", "effect_type"})

    sources: tuple[str, ...] = ()
    read_in: tuple[str, ...] = ()
    synthesis: str = ""
    kind: str = ""
    intervention: str = ""
    co_interventions: tuple[str, ...] = ()
    arm: str = ""
    comparator: str = ""
    comparator_arm: str = ""
    condition: str = ""
    adverse_effect: str = ""
    population: str = ""
    population_includes: tuple[str, ...] = ()
    species: tuple[str, ...] = ()
    route: str = ""
    measure: str = ""
    timepoint: str = ""
    timepoint_days: float | None = None
    effect_type: str = ""
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    unit: str = ""
    comparator_value: float | None = None
    result: str = ""
    p: str = ""
    n_studies: int | None = None
    n_participants: int | None = None
    certainty: str = ""
    quality_rating: str = ""
    direction: str = ""
    scale: str = ""
    exposure: str = ""
    statement: str = ""
    caveat: str = ""
    note: str = ""


@dataclass(frozen=True)
class Arm(Record):
    """One arm of a study: its role and the intervention(s) given in it (a combination arm names several)."""

    FILE: ClassVar[str] = "arms.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"interventions"})
    INT_FIELDS: ClassVar[frozenset[str]] = frozenset({"n"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "source", "label", "role"})

    source: str = ""
    label: str = ""
    role: str = ""
    interventions: tuple[str, ...] = ()
    route: str = ""
    regimen: str = ""
    n: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Regimen(Record):
    """A dose and route as studied in one source."""

    FILE: ClassVar[str] = "regimens.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"findings", "sources"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "drug", "sources"})

    drug: str = ""
    condition: str = ""
    arm: str = ""
    route: str = ""
    dose: str = ""
    unit: str = ""
    schedule: str = ""
    duration: str = ""
    sources: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class RegulatoryAction(Record):
    """An approval, scheduling or other regulatory act.

    ``date`` is ISO at the precision the source gives (YYYY, YYYY-MM or YYYY-MM-DD). ``indication`` is the
    nearest condition entity; ``indication_scope`` the label's exact wording, which is what the act covers.
    ``schedule`` is a controlled-substance schedule (e.g. ``III``) for scheduling acts.
    """

    FILE: ClassVar[str] = "regulatory.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"sources"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "agency", "drug", "action", "date", "sources"})

    agency: str = ""
    jurisdiction: str = ""
    drug: str = ""
    product: str = ""
    indication: str = ""
    indication_scope: str = ""
    action: str = ""
    schedule: str = ""
    date: str = ""
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Interaction(Record):
    """A drug that changes another drug's exposure (pharmacokinetic) or effect (pharmacodynamic).

    ``direction`` is the change in the victim's exposure or effect (increase, decrease, no_change);
    ``enzyme`` the gene whose product mediates it, where the source names one.
    """

    FILE: ClassVar[str] = "interactions.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"findings", "sources"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "perpetrator", "victim", "kind", "effect", "sources"})

    perpetrator: str = ""
    victim: str = ""
    kind: str = ""
    enzyme: str = ""
    direction: str = ""
    effect: str = ""
    findings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class SeedClaim(Record):
    """One concrete claim of a seed document and how it holds up."""

    FILE: ClassVar[str] = "seed_claims.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"statements", "sources"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "seed_file", "claim", "status"})

    seed_file: str = ""
    claim: str = ""
    status: str = ""
    statements: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Recommendation(Record):
    """A guideline's placement of a drug for a condition (line of therapy, strength)."""

    FILE: ClassVar[str] = "recommendations.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"sources", "findings"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "drug", "condition", "line_of_therapy", "sources"})

    drug: str = ""
    drug_class: str = ""
    condition: str = ""
    line_of_therapy: str = ""
    strength: str = ""
    findings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Caution(Record):
    """A sourced contraindication, warning, monitoring requirement or restriction for a drug."""

    FILE: ClassVar[str] = "cautions.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"sources"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "drug", "type", "text", "sources"})

    drug: str = ""
    type: str = ""
    text: str = ""
    condition: str = ""
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Quote(Record):
    """A verbatim sentence of a source that supports a record (statement, finding, regulatory act, ...).

    ``record`` is the id of the record it supports; ``source`` the source it was read in. Quotes are copied
    from the reference exactly and never edited.
    """

    FILE: ClassVar[str] = "quotes.tsv"
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "record", "source", "text"})

    record: str = ""
    source: str = ""
    text: str = ""
    note: str = ""


RECORD_TYPES: tuple[type[Record], ...] = (
    Entity,
    Source,
    Statement,
    Finding,
    Arm,
    Regimen,
    RegulatoryAction,
    Interaction,
    SeedClaim,
    Recommendation,
    Caution,
    Quote,
)


@dataclass
class Dataset:
    """All curated records, keyed by type; what curation reads and graph builds from."""

    entities: list[Entity] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    regimens: list[Regimen] = field(default_factory=list)
    regulatory: list[RegulatoryAction] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    seed_claims: list[SeedClaim] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    cautions: list[Caution] = field(default_factory=list)
    arms: list[Arm] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    ATTR: ClassVar[dict[type[Record], str]] = {
        Entity: "entities",
        Source: "sources",
        Statement: "statements",
        Finding: "findings",
        Regimen: "regimens",
        RegulatoryAction: "regulatory",
        Interaction: "interactions",
        SeedClaim: "seed_claims",
        Recommendation: "recommendations",
        Caution: "cautions",
        Arm: "arms",
        Quote: "quotes",
    }

    def records(self, record_type: type[Record]) -> list[Record]:
        """The list of records of one type."""
        return getattr(self, self.ATTR[record_type])
