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
    "Caution",
    "Dataset",
    "Entity",
    "Finding",
    "Interaction",
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
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"synonyms", "xrefs"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "kind", "label"})

    kind: str = ""
    label: str = ""
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    description: str = ""
    note: str = ""


@dataclass(frozen=True)
class Source(Record):
    """A publication, guideline, drug label or regulatory record, keyed by its reference key."""

    FILE: ClassVar[str] = "sources.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"aliases"})
    INT_FIELDS: ClassVar[frozenset[str]] = frozenset({"year"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "type", "verified"})

    type: str = ""
    pmid: str = ""
    doi: str = ""
    url: str = ""
    title: str = ""
    first_author: str = ""
    year: int | None = None
    journal: str = ""
    verified: str = ""
    aliases: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Statement(Record):
    """An edge ``subject predicate object`` with its evidence type, direction and sources."""

    FILE: ClassVar[str] = "statements.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"sources"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset(
        {"id", "subject", "predicate", "object", "evidence_type", "direction", "contested", "sources"}
    )

    subject: str = ""
    predicate: str = ""
    object: str = ""
    evidence_type: str = ""
    direction: str = ""
    contested: str = ""
    route: str = ""
    population: str = ""
    context: str = ""
    species: str = ""
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Finding(Record):
    """A quantitative (or narrative) result of one source, exactly as the reference gives it."""

    FILE: ClassVar[str] = "findings.tsv"
    FLOAT_FIELDS: ClassVar[frozenset[str]] = frozenset({"estimate", "ci_low", "ci_high", "timepoint_days"})
    INT_FIELDS: ClassVar[frozenset[str]] = frozenset({"n_studies", "n_participants"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "source", "intervention", "measure", "effect_type"})

    source: str = ""
    intervention: str = ""
    comparator: str = ""
    condition: str = ""
    adverse_effect: str = ""
    route: str = ""
    measure: str = ""
    timepoint: str = ""
    timepoint_days: float | None = None
    effect_type: str = ""
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    result: str = ""
    p: str = ""
    n_studies: int | None = None
    n_participants: int | None = None
    certainty: str = ""
    direction: str = ""
    scale: str = ""
    exposure: str = ""
    statement: str = ""
    note: str = ""


@dataclass(frozen=True)
class Regimen(Record):
    """A dose and route as studied in one source."""

    FILE: ClassVar[str] = "regimens.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"findings"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "drug", "source"})

    drug: str = ""
    condition: str = ""
    route: str = ""
    dose: str = ""
    unit: str = ""
    schedule: str = ""
    duration: str = ""
    source: str = ""
    findings: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class RegulatoryAction(Record):
    """An approval, scheduling or other regulatory act; ``date`` is ISO (YYYY, YYYY-MM or YYYY-MM-DD)."""

    FILE: ClassVar[str] = "regulatory.tsv"
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "agency", "drug", "action", "date", "source"})

    agency: str = ""
    jurisdiction: str = ""
    drug: str = ""
    product: str = ""
    indication: str = ""
    action: str = ""
    date: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Interaction(Record):
    """A drug that changes another drug's exposure or effect, through an enzyme where known."""

    FILE: ClassVar[str] = "interactions.tsv"
    LIST_FIELDS: ClassVar[frozenset[str]] = frozenset({"findings"})
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "perpetrator", "victim", "effect", "source"})

    perpetrator: str = ""
    victim: str = ""
    enzyme: str = ""
    effect: str = ""
    findings: tuple[str, ...] = ()
    source: str = ""
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
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"id", "drug", "type", "text", "source"})

    drug: str = ""
    type: str = ""
    text: str = ""
    condition: str = ""
    source: str = ""
    note: str = ""


RECORD_TYPES: tuple[type[Record], ...] = (
    Entity,
    Source,
    Statement,
    Finding,
    Regimen,
    RegulatoryAction,
    Interaction,
    SeedClaim,
    Recommendation,
    Caution,
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
    }

    def records(self, record_type: type[Record]) -> list[Record]:
        """The list of records of one type."""
        return getattr(self, self.ATTR[record_type])
