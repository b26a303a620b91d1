"""The closed vocabulary of painkg: namespaces, kinds, predicates, enums, metagraph and CURIE prefixes.

Every other module takes its terms from here, so a misspelled kind, predicate or enum value fails
in one place (``PKG.Drugg`` raises, ``Predicate("bindz")`` raises). This module imports nothing of
painkg: it is the bottom layer.

Predicates come from ``../shared/reference/predicates.tsv`` (Biolink and RO mappings copied from it).
The few names the mechanism facts use that predicates.tsv lacks are added here with the nearest
listed predicate as their super-property (``channel_blocker_of`` and
``negative_allosteric_modulator_of`` under ``decreases_activity_of``) or as painkg-only terms with no
external mapping (``enantiomer_of``), as ``../shared/reference/README.md`` asks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace

if TYPE_CHECKING:
    from curies import Converter

__all__ = [
    "ASSOCIATION_PREDICATES",
    "BASE",
    "BIOLINK",
    "CLINICAL_PREDICATES",
    "DIRECTION_FINDINGS",
    "EVIDENCE_RANK",
    "EVIDENCE_SOURCE_TYPES",
    "ID_BASE",
    "METAGRAPH",
    "NON_MECHANISM_PREDICATES",
    "OBO",
    "PAINKG_PREFIXES",
    "PKG",
    "PKID",
    "PREDICATES",
    "PREFIX_MAP_FILE",
    "Allocation",
    "ArmRole",
    "Blinding",
    "CautionType",
    "Certainty",
    "Control",
    "Direction",
    "EffectType",
    "EvidenceType",
    "Exposure",
    "FindingDirection",
    "FindingKind",
    "InteractionKind",
    "Kind",
    "PredicateInfo",
    "Route",
    "SeedStatus",
    "SourceType",
    "converter",
    "curie_problem",
    "curie_to_iri",
    "iri_to_curie",
    "prefix_iri",
    "standardize_curie",
]

BASE = "https://w3id.org/painkg/"
ID_BASE = "https://w3id.org/painkg/id/"
PKID = Namespace(ID_BASE)
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
OBO = Namespace("http://purl.obolibrary.org/obo/")


class Kind(StrEnum):
    """Node kinds of the curated graph (one OWL class each in ontology/painkg.ttl)."""

    Drug = "Drug"
    DrugClass = "DrugClass"
    Metabolite = "Metabolite"
    Gene = "Gene"
    ProteinComplex = "ProteinComplex"
    BiologicalProcess = "BiologicalProcess"
    PhysiologicalMechanism = "PhysiologicalMechanism"
    Condition = "Condition"
    Phenotype = "Phenotype"
    AdverseEffect = "AdverseEffect"
    Procedure = "Procedure"
    OrganismTaxon = "OrganismTaxon"
    OntologyClass = "OntologyClass"


class EvidenceType(StrEnum):
    """How a statement is known; travels with every edge (truth rule 4)."""

    clinical = "clinical"
    human_experimental = "human_experimental"
    animal = "animal"
    in_vitro = "in_vitro"
    label = "label"
    guideline = "guideline"
    review = "review"
    ontology = "ontology"  # an is_a link read in a released ontology file (ontology/imports/)


class Direction(StrEnum):
    """What the cited evidence says of the edge.

    ``supports`` is the only direction asserted as a plain triple. ``refutes`` and ``no_effect`` are negative
    and null results; ``mixed`` is evidence pointing both ways (the source says so); ``insufficient`` is a
    source saying the evidence does not allow a conclusion.
    """

    supports = "supports"
    refutes = "refutes"
    no_effect = "no_effect"
    mixed = "mixed"
    insufficient = "insufficient"


class SourceType(StrEnum):
    """Design of a source; each maps to an OWL subclass of painkg:Source."""

    meta_analysis = "meta_analysis"
    systematic_review = "systematic_review"
    rct = "rct"
    guideline = "guideline"
    drug_label = "drug_label"
    regulatory_action = "regulatory_action"
    observational = "observational"
    case_series = "case_series"
    review = "review"
    primary_experimental = "primary_experimental"
    database = "database"


#: OWL class local name for each source design.
SOURCE_CLASS: dict[SourceType, str] = {
    SourceType.meta_analysis: "MetaAnalysis",
    SourceType.systematic_review: "SystematicReview",
    SourceType.rct: "RandomizedControlledTrial",
    SourceType.guideline: "Guideline",
    SourceType.drug_label: "DrugLabel",
    SourceType.regulatory_action: "RegulatoryRecord",
    SourceType.observational: "ObservationalStudy",
    SourceType.case_series: "CaseSeries",
    SourceType.review: "Review",
    SourceType.primary_experimental: "PrimaryExperimentalStudy",
    SourceType.database: "DatabaseRecord",
}

#: Which source designs can back a statement of each evidence type. A statement whose sources are
#: all outside this set claims more than its sources show (e.g. "clinical" cited only to rodent work).
EVIDENCE_SOURCE_TYPES: dict[EvidenceType, frozenset[SourceType]] = {
    EvidenceType.clinical: frozenset(
        {
            SourceType.meta_analysis,
            SourceType.systematic_review,
            SourceType.rct,
            SourceType.observational,
            SourceType.case_series,
            SourceType.guideline,
            SourceType.drug_label,
            SourceType.regulatory_action,
        }
    ),
    # a meta-analysis of human experimental (or animal) studies backs that level, not a clinical one
    EvidenceType.human_experimental: frozenset(
        {
            SourceType.primary_experimental,
            SourceType.rct,
            SourceType.review,
            SourceType.meta_analysis,
            SourceType.systematic_review,
        }
    ),
    EvidenceType.animal: frozenset(
        {SourceType.primary_experimental, SourceType.review, SourceType.meta_analysis, SourceType.systematic_review}
    ),
    EvidenceType.in_vitro: frozenset(
        {SourceType.primary_experimental, SourceType.review, SourceType.database, SourceType.drug_label}
    ),
    EvidenceType.label: frozenset({SourceType.drug_label, SourceType.regulatory_action}),
    EvidenceType.guideline: frozenset({SourceType.guideline}),  # or any source flagged issues_recommendations
    EvidenceType.ontology: frozenset({SourceType.database}),
    EvidenceType.review: frozenset(
        {
            SourceType.review,
            SourceType.systematic_review,
            SourceType.meta_analysis,
            SourceType.guideline,
            SourceType.drug_label,
            SourceType.database,
        }
    ),
}


class Blinding(StrEnum):
    """Blinding of a trial as its report states it."""

    double_blind = "double_blind"
    single_blind = "single_blind"
    open_label = "open_label"


class Allocation(StrEnum):
    """How participants were allocated to arms."""

    parallel = "parallel"
    crossover = "crossover"
    single_group = "single_group"


class Control(StrEnum):
    """The kind of control a study used."""

    placebo = "placebo"
    active_placebo = "active_placebo"
    active = "active"
    usual_care = "usual_care"
    dose_comparison = "dose_comparison"
    none = "none"


class ArmRole(StrEnum):
    """Role of one arm of a study."""

    experimental = "experimental"
    placebo = "placebo"
    active_placebo = "active_placebo"
    active_comparator = "active_comparator"
    usual_care = "usual_care"


class InteractionKind(StrEnum):
    """Pharmacokinetic (exposure changes) or pharmacodynamic (effects add up) interaction."""

    pharmacokinetic = "pharmacokinetic"
    pharmacodynamic = "pharmacodynamic"


class FindingKind(StrEnum):
    """What a finding measures."""

    efficacy = "efficacy"
    safety = "safety"
    pharmacokinetic = "pharmacokinetic"
    affinity = "affinity"
    mechanism = "mechanism"


class EffectType(StrEnum):
    """Kinds of quantitative or narrative result a finding reports."""

    MD = "MD"
    SMD = "SMD"
    RR = "RR"
    OR = "OR"
    IRR = "IRR"
    RD = "RD"  # risk difference (difference in proportions)
    NNT = "NNT"
    NNH = "NNH"
    AUC_ratio = "AUC_ratio"
    Cmax_ratio = "Cmax_ratio"
    fold_change = "fold_change"
    percent_change = "percent_change"
    proportion = "proportion"
    incidence = "incidence"  # percent of participants with an event, drug arm (estimate) vs comparator arm
    Ki = "Ki"
    IC50 = "IC50"
    EC50 = "EC50"
    Kd = "Kd"
    narrative = "narrative"


class FindingDirection(StrEnum):
    """What a finding shows for the intervention.

    Efficacy and safety findings: ``benefit``, ``harm``, ``no_difference`` (tested, no difference found),
    ``mixed`` (the source reports results both ways) and ``insufficient`` (the source says the data do not
    allow a conclusion). Pharmacokinetic and mechanism findings: ``increase``, ``decrease``, ``no_change``.
    Affinity findings have no direction.
    """

    benefit = "benefit"
    harm = "harm"
    no_difference = "no_difference"
    mixed = "mixed"
    insufficient = "insufficient"
    increase = "increase"
    decrease = "decrease"
    no_change = "no_change"


#: Finding directions compatible with the direction of the statement a finding bears on. A finding whose
#: direction is not listed for its statement contradicts it (e.g. a ``mixed`` result on a ``supports`` edge).
DIRECTION_FINDINGS: dict[Direction, frozenset[FindingDirection]] = {
    Direction.supports: frozenset(
        {FindingDirection.benefit, FindingDirection.harm, FindingDirection.increase, FindingDirection.decrease}
    ),
    Direction.refutes: frozenset({FindingDirection.no_difference, FindingDirection.no_change}),
    Direction.no_effect: frozenset({FindingDirection.no_difference, FindingDirection.no_change}),
    Direction.mixed: frozenset(
        {
            FindingDirection.mixed,
            FindingDirection.benefit,
            FindingDirection.harm,
            FindingDirection.no_difference,
            FindingDirection.insufficient,
        }
    ),
    Direction.insufficient: frozenset({FindingDirection.insufficient}),
}


class Certainty(StrEnum):
    """GRADE certainty as stated by the source (empty when the source does not grade)."""

    high = "high"
    moderate = "moderate"
    low = "low"
    very_low = "very_low"


class SeedStatus(StrEnum):
    """How a claim of a seed document holds up against the reference."""

    supported = "supported"
    partly_supported = "partly_supported"
    contradicted = "contradicted"
    unverifiable = "unverifiable"


class Route(StrEnum):
    """Routes of administration used as qualifiers."""

    IV = "IV"
    IM = "IM"
    oral = "oral"
    topical = "topical"
    intranasal = "intranasal"
    subcutaneous = "subcutaneous"
    epidural = "epidural"
    intrathecal = "intrathecal"
    mixed = "mixed"


class Exposure(StrEnum):
    """Whether a harm arises with a single/acute exposure or with repeated/chronic use."""

    acute = "acute"
    repeated = "repeated"


class CautionType(StrEnum):
    """Kinds of sourced caution record."""

    contraindication = "contraindication"
    warning = "warning"
    monitoring = "monitoring"
    restriction = "restriction"


@dataclass(frozen=True)
class PredicateInfo:
    """One predicate of the closed vocabulary with its external mappings."""

    name: str
    label: str
    definition: str
    biolink: str | None
    ro: str | None
    parent: str | None = None  # painkg super-property, if any
    family: str = "other"  # used for edge colour in views: target, mechanism, clinical, harm, metabolism, structure


def _p(
    name: str,
    definition: str,
    biolink: str | None,
    ro: str | None,
    family: str,
    parent: str | None = None,
) -> PredicateInfo:
    return PredicateInfo(name, name.replace("_", " "), definition, biolink, ro, parent, family)


#: The closed predicate vocabulary. Biolink/RO CURIEs are those of ../shared/reference/predicates.tsv.
PREDICATES: dict[str, PredicateInfo] = {
    p.name: p
    for p in [
        _p(
            "antagonist_of",
            "Drug binds a receptor and reduces its activity.",
            "biolink:affects",
            "RO:0018029",
            "target",
        ),
        _p(
            "agonist_of", "Drug binds a receptor and increases its activity.", "biolink:affects", "RO:0018027", "target"
        ),
        _p("inhibits", "Small-molecule inhibition of a protein or channel.", "biolink:affects", "RO:0012006", "target"),
        _p(
            "decreases_activity_of",
            "Direct negative effect on a molecular activity when the mechanism class is unknown.",
            "biolink:affects",
            "RO:0002449",
            "target",
        ),
        _p(
            "increases_activity_of",
            "Direct positive effect on a molecular activity.",
            "biolink:affects",
            "RO:0002450",
            "target",
        ),
        _p(
            "channel_blocker_of",
            "Drug blocks the ion-channel pore of a receptor (uncompetitive open-channel block); a kind of "
            "decreases_activity_of. Added for the mechanism facts; no dedicated Biolink or RO term in the reference.",
            "biolink:affects",
            None,
            "target",
            parent="decreases_activity_of",
        ),
        _p(
            "negative_allosteric_modulator_of",
            "Drug reduces receptor activity by binding an allosteric site; a kind of decreases_activity_of. Added for "
            "the mechanism facts; no dedicated Biolink or RO term in the reference.",
            "biolink:affects",
            None,
            "target",
            parent="decreases_activity_of",
        ),
        _p(
            "binds",
            "Direct physical binding with no direction claimed.",
            "biolink:directly_physically_interacts_with",
            "RO:0002436",
            "target",
        ),
        _p(
            "increases_process",
            "Drug or chemical increases a biological process.",
            "biolink:affects",
            "RO:0002304",
            "mechanism",
        ),
        _p(
            "decreases_process",
            "Drug or chemical decreases a biological process.",
            "biolink:affects",
            "RO:0002305",
            "mechanism",
        ),
        _p(
            "positively_regulates",
            "Process to process positive regulation.",
            "biolink:regulates",
            "RO:0002213",
            "mechanism",
        ),
        _p(
            "negatively_regulates",
            "Process to process negative regulation.",
            "biolink:regulates",
            "RO:0002212",
            "mechanism",
        ),
        _p(
            "causally_upstream_of",
            "Causal precedence without a sign (e.g. NMDA receptor activation to central sensitization).",
            "biolink:precedes",
            "RO:0002411",
            "mechanism",
        ),
        _p(
            "acts_upstream_of_positive_effect",
            "Gene or protein acts upstream of a process with a positive effect.",
            "biolink:acts_upstream_of_positive_effect",
            "RO:0004034",
            "mechanism",
        ),
        _p(
            "acts_upstream_of_negative_effect",
            "Gene or protein acts upstream of a process with a negative effect.",
            "biolink:acts_upstream_of_negative_effect",
            "RO:0004035",
            "mechanism",
        ),
        _p(
            "participates_in",
            "Gene or protein participates in a process.",
            "biolink:participates_in",
            "RO:0000056",
            "mechanism",
        ),
        _p(
            "involved_in",
            "Gene or protein actively involved in a process.",
            "biolink:actively_involved_in",
            "RO:0002331",
            "mechanism",
        ),
        _p("has_gene_product", "Gene to protein.", "biolink:has_gene_product", "RO:0002205", "structure"),
        _p("part_of", "Subunit to complex.", "biolink:part_of", "BFO:0000050", "structure"),
        _p("treats", "Established or approved therapeutic use.", "biolink:treats", "RO:0002606", "clinical"),
        _p(
            "studied_to_treat",
            "Tested in studies for a condition without established efficacy.",
            "biolink:studied_to_treat",
            None,
            "clinical",
        ),
        _p(
            "in_clinical_trials_for",
            "Tested in registered clinical trials (a kind of studied_to_treat).",
            "biolink:in_clinical_trials_for",
            None,
            "clinical",
            parent="studied_to_treat",
        ),
        _p(
            "ameliorates", "Improves a condition or symptom.", "biolink:ameliorates_condition", "RO:0003307", "clinical"
        ),
        _p("exacerbates", "Worsens a condition or symptom.", "biolink:exacerbates_condition", "RO:0003309", "harm"),
        _p("has_adverse_event", "Untoward event observed during treatment.", "biolink:has_adverse_event", None, "harm"),
        _p(
            "has_side_effect",
            "Predictable, label-listed effect at normal doses.",
            "biolink:has_side_effect",
            None,
            "harm",
        ),
        _p(
            "causes_condition",
            "Established causal link from agent to condition.",
            "biolink:causes",
            "RO:0003303",
            "harm",
        ),
        _p("contributes_to", "Partial causal contribution.", "biolink:contributes_to", "RO:0002326", "harm"),
        _p("has_metabolite", "Parent drug to metabolite.", "biolink:has_metabolite", "RO:0001001", "metabolism"),
        _p("metabolized_by", "Drug is a substrate of an enzyme.", "biolink:is_substrate_of", None, "metabolism"),
        _p(
            "enantiomer_of",
            "One single enantiomer to its mirror-image enantiomer (esketamine to arketamine); never a single "
            "enantiomer to its racemate (use has_component). Added for the mechanism facts; the reference gives no "
            "Biolink or RO term.",
            None,
            None,
            "structure",
        ),
        _p(
            "has_component",
            "A mixture to one of its components: racemic ketamine has component esketamine and arketamine. Biolink "
            "slot 'has part' (biolink-model 4.4.6, exact mapping BFO:0000051).",
            "biolink:has_part",
            "BFO:0000051",
            "structure",
        ),
        _p(
            "associated_with",
            "Association reported by a source with no causal claim (e.g. a longer pain history associated with a "
            "poorer response). Biolink slot 'associated with' (no exact RO mapping in biolink-model 4.4.6).",
            "biolink:associated_with",
            None,
            "association",
        ),
        _p(
            "biomarker_of",
            "A measurable feature that predicts or marks a state or a response, with no causal claim (e.g. baseline "
            "temporal summation predicting response to ketamine). Biolink slot 'biomarker for' (a kind of correlated "
            "with; only a broad RO mapping in biolink-model 4.4.6).",
            "biolink:biomarker_for",
            None,
            "association",
        ),
        _p(
            "correlated_with",
            "Statistical association, no causal claim.",
            "biolink:correlated_with",
            "RO:0002610",
            "association",
        ),
        _p("has_phenotype", "Condition to phenotype.", "biolink:has_phenotype", "RO:0002200", "structure"),
        _p(
            "subclass_of",
            "Ontology hierarchy between classes (emitted also as rdfs:subClassOf).",
            "biolink:subclass_of",
            None,
            "structure",
        ),
    ]
}

_CHEM = frozenset({Kind.Drug, Kind.DrugClass, Kind.Metabolite})
_TARGET = frozenset({Kind.Gene, Kind.ProteinComplex})
_PROC = frozenset({Kind.BiologicalProcess, Kind.PhysiologicalMechanism})
_COND = frozenset({Kind.Condition, Kind.AdverseEffect, Kind.Phenotype})
_CLASSES = _COND | _PROC | frozenset({Kind.OntologyClass})

#: Predicates that assert association only (no cause); facts the reference marks ``association_only`` use one.
ASSOCIATION_PREDICATES: frozenset[str] = frozenset({"correlated_with", "associated_with", "biomarker_of"})

#: Predicates that claim a clinical effect on a condition; with a non-human or in-vitro source they may point at a
#: Phenotype (the phenotype in that model), never at a human disease (a Condition).
CLINICAL_PREDICATES: frozenset[str] = frozenset(
    {"treats", "studied_to_treat", "in_clinical_trials_for", "ameliorates", "exacerbates"}
)


#: Predicates a mechanism path does not walk: clinical claims (a trial is not a mechanism), harms and the
#: class hierarchy. A mechanism path runs through targets, processes and mechanisms (association edges included,
#: flagged as such) to the condition.
NON_MECHANISM_PREDICATES: frozenset[str] = CLINICAL_PREDICATES | frozenset(
    {"has_adverse_event", "has_side_effect", "subclass_of"}
)

#: Strength of each evidence type, strongest first; a path is never stronger than its weakest hop.
EVIDENCE_RANK: dict[str, int] = {
    "clinical": 0,
    "label": 0,
    "guideline": 0,
    "ontology": 0,
    "human_experimental": 1,
    "review": 2,
    "animal": 3,
    "in_vitro": 4,
}


def _allow(subjects: frozenset[Kind], predicates: list[str], objects: frozenset[Kind]) -> set[tuple[Kind, str, Kind]]:
    return {(s, p, o) for s in subjects for p in predicates for o in objects}


#: Allowed (subject kind, predicate, object kind) triples. Anything else is rejected at validation.
METAGRAPH: frozenset[tuple[Kind, str, Kind]] = frozenset(
    _allow(
        _CHEM,
        [
            "antagonist_of",
            "agonist_of",
            "inhibits",
            "decreases_activity_of",
            "increases_activity_of",
            "channel_blocker_of",
            "negative_allosteric_modulator_of",
            "binds",
        ],
        _TARGET,
    )
    | _allow(_CHEM, ["increases_process", "decreases_process"], _PROC | _COND)
    | _allow(_PROC | _TARGET, ["positively_regulates", "negatively_regulates", "causally_upstream_of"], _PROC | _COND)
    | _allow(_TARGET, ["acts_upstream_of_positive_effect", "acts_upstream_of_negative_effect"], _PROC)
    | _allow(_TARGET, ["participates_in", "involved_in"], _PROC)
    | _allow(frozenset({Kind.Gene}), ["has_gene_product", "part_of"], _TARGET)
    | _allow(
        _CHEM,
        ["treats", "studied_to_treat", "in_clinical_trials_for", "ameliorates", "exacerbates"],
        _COND,
    )
    | _allow(
        _CHEM | frozenset({Kind.Procedure}),
        ["has_adverse_event", "has_side_effect", "causes_condition", "contributes_to"],
        _COND,
    )
    | _allow(_PROC | _TARGET, ["causes_condition", "contributes_to"], _PROC | _COND)
    | _allow(_CHEM, ["has_metabolite"], frozenset({Kind.Metabolite}))
    | _allow(_CHEM, ["metabolized_by"], frozenset({Kind.Gene}))
    | _allow(frozenset({Kind.Drug, Kind.Metabolite}), ["enantiomer_of"], frozenset({Kind.Drug, Kind.Metabolite}))
    | _allow(frozenset({Kind.Drug, Kind.Metabolite}), ["has_component"], frozenset({Kind.Drug, Kind.Metabolite}))
    | _allow(
        _PROC | _COND | _TARGET | _CHEM,
        ["correlated_with", "associated_with", "biomarker_of"],
        _PROC | _COND | _TARGET | _CHEM,
    )
    | _allow(frozenset({Kind.Condition}), ["has_phenotype"], _COND | _PROC)
    | _allow(_CLASSES | frozenset({Kind.ProteinComplex}), ["subclass_of"], _CLASSES | frozenset({Kind.ProteinComplex}))
    | _allow(frozenset({Kind.Drug, Kind.Metabolite}), ["subclass_of"], frozenset({Kind.Drug, Kind.DrugClass}))
)

#: painkg's own prefixes, spelled as curated data writes them: the only prefixes an entity id or xref may use
#: (``PMID``/``PMCID`` also name the publications of KGX exports).
#: Their IRIs, patterns and synonyms come from the one prefix map (:func:`converter`, ``prefixes.json``, written by
#: ``python -m painkg.devtools.prefix_map`` from the Biolink model and bioregistry; README.md, "Identifiers").
PAINKG_PREFIXES: tuple[str, ...] = (
    "ATC",
    "BFO",
    "CHEBI",
    "CHEMBL.COMPOUND",
    "DOID",
    "DRUGBANK",
    "EFO",
    "ENSEMBL",
    "FPLX",
    "GO",
    "GTOPDB",
    "HGNC",
    "HP",
    "ICD10CM",
    "KEGG.DRUG",
    "MEDDRA",
    "MESH",
    "MONDO",
    "NCBIGene",
    "NCBITaxon",
    "NCIT",
    "OMIM",
    "Orphanet",
    "PAIN",
    "PMCID",
    "PMID",
    "PUBCHEM.COMPOUND",
    "REACT",
    "RXNORM",
    "SNOMEDCT",
    "UMLS",
    "UNII",
    "UniProtKB",
    "hgnc.genegroup",
    "icd11.code",
    "painkg",
)

#: Prefixes an entity id (preferred CURIE) may use; xrefs may use any of :data:`PAINKG_PREFIXES`.
ENTITY_PREFIXES = frozenset(
    {"CHEBI", "GO", "HP", "MONDO", "HGNC", "EFO", "MESH", "PAIN", "NCBITaxon", "BFO", "DOID", "painkg"}
)

#: The prefix map's file name inside the ``painkg`` package (a curies extended prefix map).
PREFIX_MAP_FILE = "prefixes.json"

_CURIE_RE = re.compile(r"^([A-Za-z][A-Za-z0-9._-]*):(\S+)$")


@cache
def converter() -> Converter:
    """The one prefix map as a :class:`curies.Converter`: painkg's prefixes first, then the Biolink model's.

    >>> converter().expand("HGNC:4584")
    'http://identifiers.org/hgnc/4584'
    >>> converter().compress("https://identifiers.org/hgnc:4584")
    'HGNC:4584'
    >>> converter().standardize_curie("UniProt:Q05586")
    'UniProtKB:Q05586'
    """
    from curies import Converter

    return Converter.from_extended_prefix_map(_records())


@cache
def _records() -> list[dict[str, Any]]:
    """The records of the extended prefix map (prefix, uri_prefix, synonyms, pattern), as the file holds them."""
    from importlib import resources

    return json.loads(resources.files("painkg").joinpath(PREFIX_MAP_FILE).read_text(encoding="utf-8"))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    records = {r["prefix"]: r for r in _records()}
    out = {}
    for prefix in PAINKG_PREFIXES:
        rec = records.get(prefix)
        if rec is None or not rec.get("pattern"):
            raise KeyError(f"painkg prefix {prefix} has no pattern in {PREFIX_MAP_FILE}; regenerate the map")
        out[prefix] = re.compile(rec["pattern"])
    return out


@cache
def _expansions() -> dict[str, str]:
    """CURIE prefix (and each synonym) → IRI prefix, read once from the map's records.

    The same table as ``converter().prefix_map`` (tests/test_prefixes.py checks it), without importing curies and
    pydantic or building a Converter: validating and building the graph only expands CURIEs and checks patterns.
    """
    out: dict[str, str] = {}
    for rec in _records():
        for prefix in (rec["prefix"], *rec.get("prefix_synonyms", ())):
            out.setdefault(prefix, rec["uri_prefix"])
    return out


def prefix_iri(prefix: str) -> str:
    """The IRI prefix a CURIE prefix (or one of its synonyms) expands to; KeyError when the map lacks it."""
    canonical = converter().standardize_prefix(prefix)
    if canonical is None:
        raise KeyError(f"prefix {prefix!r} is not in painkg's prefix map")
    return _expansions()[canonical]


def curie_problem(curie: str, allowed: frozenset[str] | None = None) -> str | None:
    r"""Return why ``curie`` is not a valid painkg CURIE (unknown prefix or malformed local id), else None.

    >>> curie_problem("CHEBI:6121") is None
    True
    >>> curie_problem("CHEBI:abc")
    "local id 'abc' does not match CHEBI's pattern ^\\d+$"
    >>> curie_problem("hgnc:4584")
    "prefix 'hgnc' is written 'HGNC' in painkg"
    """
    m = _CURIE_RE.match(curie)
    if not m:
        return "not a CURIE (expected PREFIX:local_id)"
    prefix, local = m.groups()
    known = allowed if allowed is not None else frozenset(PAINKG_PREFIXES)
    if prefix not in known:
        canonical = converter().standardize_prefix(prefix)
        if canonical in known and canonical != prefix:
            return f"prefix '{prefix}' is written '{canonical}' in painkg"
        return f"unknown prefix '{prefix}' (known: {', '.join(sorted(known))})"
    pattern = _patterns()[prefix]
    if not pattern.fullmatch(local):
        return f"local id '{local}' does not match {prefix}'s pattern {pattern.pattern}"
    return None


def curie_to_iri(curie: str) -> str:
    """Expand a CURIE of the prefix map to its IRI (OBO PURL, the Biolink model's IRI, or painkg's).

    >>> curie_to_iri("CHEBI:6121")
    'http://purl.obolibrary.org/obo/CHEBI_6121'
    >>> curie_to_iri("MESH:D007649")
    'http://id.nlm.nih.gov/mesh/D007649'
    """
    prefix, sep, local = curie.partition(":")
    base = _expansions().get(prefix) if sep else None
    if base is None:  # not a CURIE of the map: the converter raises its own error
        return converter().expand_strict(curie)
    return base + local


def iri_to_curie(iri: str) -> str:
    """Compact an IRI to its CURIE with painkg's spelling of the prefix (any known URI prefix); else the IRI.

    >>> iri_to_curie("http://purl.obolibrary.org/obo/CHEBI_6121"), iri_to_curie("https://example.org/x")
    ('CHEBI:6121', 'https://example.org/x')
    """
    lengths, owner = _uri_prefixes()
    for n in lengths:
        if n < len(iri) and iri[:n] in owner:
            return f"{owner[iri[:n]]}:{iri[n:]}"
    return iri


def standardize_curie(curie: str) -> str | None:
    """A CURIE of another source with painkg's spelling of its prefix (``UniProt:`` → ``UniProtKB:``).

    None when the map does not know the prefix.

    >>> standardize_curie("DB:DB01221"), standardize_curie("taxonomy:9606"), standardize_curie("Pfam:PF00001")
    ('DRUGBANK:DB01221', 'NCBITaxon:9606', 'PFAM:PF00001')
    >>> standardize_curie("TIGR:1") is None
    True
    """
    prefix, sep, _local = curie.partition(":")
    if sep and prefix in _canonical_prefixes():
        return curie  # already painkg's spelling: no Converter needed (building one costs a third of a second)
    c = converter()
    std = c.standardize_curie(curie)
    if std is not None or ":" not in curie:
        return std
    prefix, local = curie.split(":", 1)
    canonical = _casefolded_prefixes().get(prefix.casefold())
    return f"{canonical}:{local}" if canonical else None


@cache
def _uri_prefixes() -> tuple[tuple[int, ...], dict[str, str]]:
    """Each known URI prefix (and synonym) with its CURIE prefix, and their lengths, longest first.

    :func:`iri_to_curie` tries the IRI's own prefixes of those lengths, longest first: what
    ``converter().compress`` does (its trie takes the longest match too; tests/test_prefixes.py compares the two on
    every IRI of the graph), without importing curies or building a Converter on the reading path.
    """
    owner: dict[str, str] = {}
    for rec in _records():
        for uri in (rec["uri_prefix"], *rec.get("uri_prefix_synonyms", ())):
            owner.setdefault(uri, rec["prefix"])
    return tuple(sorted({len(u) for u in owner}, reverse=True)), owner


@cache
def _canonical_prefixes() -> frozenset[str]:
    """The map's own spelling of each prefix."""
    return frozenset(r["prefix"] for r in _records())


@cache
def _casefolded_prefixes() -> dict[str, str]:
    """Prefixes and synonyms by their case-folded spelling (``Pfam`` finds ``PFAM``), where that spelling is unique."""
    seen: dict[str, set[str]] = {}
    for rec in converter().records:
        for name in (rec.prefix, *rec.prefix_synonyms):
            seen.setdefault(name.casefold(), set()).add(rec.prefix)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


class PKG(DefinedNamespace):
    """painkg ontology terms; a misspelled term raises AttributeError (``_fail = True``)."""

    _NS = Namespace(BASE)
    _fail = True

    # classes
    Entity: object
    Drug: object
    DrugClass: object
    Metabolite: object
    Gene: object
    ProteinComplex: object
    BiologicalProcess: object
    PhysiologicalMechanism: object
    Condition: object
    Phenotype: object
    AdverseEffect: object
    Procedure: object
    OrganismTaxon: object
    OntologyClass: object
    Source: object
    MetaAnalysis: object
    SystematicReview: object
    RandomizedControlledTrial: object
    Guideline: object
    DrugLabel: object
    RegulatoryRecord: object
    ObservationalStudy: object
    CaseSeries: object
    Review: object
    PrimaryExperimentalStudy: object
    DatabaseRecord: object
    Statement: object
    Finding: object
    Regimen: object
    RegulatoryAction: object
    Interaction: object
    SeedClaim: object
    Recommendation: object
    Caution: object
    Arm: object
    Quote: object
    # predicates (object properties between entities)
    antagonist_of: object
    agonist_of: object
    inhibits: object
    decreases_activity_of: object
    increases_activity_of: object
    channel_blocker_of: object
    negative_allosteric_modulator_of: object
    binds: object
    increases_process: object
    decreases_process: object
    positively_regulates: object
    negatively_regulates: object
    causally_upstream_of: object
    acts_upstream_of_positive_effect: object
    acts_upstream_of_negative_effect: object
    participates_in: object
    involved_in: object
    has_gene_product: object
    part_of: object
    treats: object
    studied_to_treat: object
    in_clinical_trials_for: object
    ameliorates: object
    exacerbates: object
    has_adverse_event: object
    has_side_effect: object
    causes_condition: object
    contributes_to: object
    has_metabolite: object
    metabolized_by: object
    enantiomer_of: object
    has_component: object
    associated_with: object
    biomarker_of: object
    correlated_with: object
    has_phenotype: object
    subclass_of: object
    # structural object properties
    kind: object
    evidenceType: object
    direction: object
    contested: object
    route: object
    population: object
    context: object
    species: object
    note: object
    verified: object
    pmid: object
    doi: object
    url: object
    sourceType: object
    firstAuthor: object
    year: object
    journal: object
    aliases: object
    source: object
    intervention: object
    comparator: object
    condition: object
    adverseEffect: object
    measure: object
    timepoint: object
    timepointDays: object
    effectType: object
    estimate: object
    result: object
    ciLow: object
    ciHigh: object
    pValue: object
    nStudies: object
    nParticipants: object
    certainty: object
    scale: object
    exposure: object
    bearsOn: object
    drug: object
    dose: object
    unit: object
    schedule: object
    duration: object
    hasFinding: object
    agency: object
    product: object
    indication: object
    action: object
    date: object
    jurisdiction: object
    perpetrator: object
    victim: object
    enzyme: object
    effect: object
    seedFile: object
    claim: object
    status: object
    statement: object
    guideline: object
    lineOfTherapy: object
    strength: object
    drugClass: object
    cautionType: object
    text: object
    predicateName: object
    biolinkPredicate: object
    roTerm: object
    # 2026-12 evidence model
    associationOnly: object
    model: object
    contestedBy: object
    readIn: object
    hasQuote: object
    quoteOf: object
    findingKind: object
    coIntervention: object
    arm: object
    comparatorArm: object
    unit: object
    comparatorValue: object
    qualityRating: object
    caveat: object
    synthesis: object
    pmcid: object
    nct: object
    randomized: object
    blinding: object
    allocation: object
    control: object
    includedIn: object
    possibleDuplicateOf: object
    issuesRecommendations: object
    armRole: object
    regimenText: object
    indicationScope: object
    interactionKind: object
    mechanism: object
    relatedSynonym: object
    populationIncludes: object
    isSubtypeOf: object
    subtypeEvidenceFor: object
    broaderEvidenceFor: object
    includesSubstance: object
