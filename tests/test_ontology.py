"""Ontology layer: ontology/painkg.ttl agrees with painkg.vocab, and ontology/shapes.ttl catches bad data.

No network: the ontology, the shapes and a tiny hand-written data graph are all local. The data graph uses
made-up ``painkg:`` entities and an example.org source, so it asserts nothing about real drugs.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, SH, SKOS

from painkg.vocab import (
    BASE,
    BIOLINK,
    ID_BASE,
    METAGRAPH,
    OBO,
    PKG,
    PKID,
    PREDICATES,
    SOURCE_CLASS,
    ArmRole,
    CautionType,
    Certainty,
    Direction,
    EffectType,
    EvidenceType,
    Exposure,
    FindingDirection,
    FindingKind,
    Kind,
    Route,
    SeedStatus,
    SourceType,
)

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_TTL = ROOT / "ontology" / "painkg.ttl"
SHAPES_TTL = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY_IRI = URIRef(BASE)
PKGSH = "https://w3id.org/painkg/shapes#"
# a plain Namespace: rdflib's XSD DefinedNamespace warns when pytest's doctest collector probes module globals
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

PKG_TERMS = sorted(PKG.__annotations__)
#: PKG terms whose values are nodes (IRIs); every other non-class, non-predicate term holds literals.
OBJECT_PROPERTIES = {
    "source",
    "intervention",
    "condition",
    "adverseEffect",
    "bearsOn",
    "drug",
    "hasFinding",
    "indication",
    "perpetrator",
    "victim",
    "enzyme",
    "statement",
    "guideline",
    "species",
    "contestedBy",
    "readIn",
    "hasQuote",
    "quoteOf",
    "coIntervention",
    "arm",
    "comparatorArm",
    "includedIn",
    "possibleDuplicateOf",
    "populationIncludes",
    "isSubtypeOf",
    "subtypeEvidenceFor",
    "broaderEvidenceFor",
    "includesSubstance",
}
ANNOTATION_PROPERTIES = {"note", "predicateName", "biolinkPredicate", "roTerm"}
CLASSES = {"Entity", "Source", *(k.value for k in Kind), *SOURCE_CLASS.values()} | {
    "Statement",
    "Finding",
    "Regimen",
    "RegulatoryAction",
    "Interaction",
    "SeedClaim",
    "Recommendation",
    "Caution",
    "Arm",
    "Quote",
}
#: Expected datatype ranges of the typed literal properties the build emits.
DATATYPE_RANGES = {
    "contested": XSD.boolean,
    "associationOnly": XSD.boolean,
    "synthesis": XSD.boolean,
    "randomized": XSD.boolean,
    "issuesRecommendations": XSD.boolean,
    "comparatorValue": XSD.decimal,
    "year": XSD.integer,
    "nStudies": XSD.integer,
    "nParticipants": XSD.integer,
    "estimate": XSD.decimal,
    "ciLow": XSD.decimal,
    "ciHigh": XSD.decimal,
    "timepointDays": XSD.decimal,
    "url": XSD.anyURI,
    "date": RDFS.Literal,
}
CURIE_RE = re.compile(r"^([A-Za-z][A-Za-z0-9.]*):(\S+)$")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


def _expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    if prefix == "biolink":
        return BIOLINK[local]
    return OBO[f"{prefix}_{local}"]


# ---------------------------------------------------------------------------------------------- ontology


def test_ontology_parses_with_header(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.title) is not None
    assert onto.value(ONTOLOGY_IRI, DCTERMS.description) is not None


def test_ontology_has_no_blank_nodes(onto):
    # the build merges the ontology into its output, whose N-Triples must be byte-for-byte reproducible
    assert not [t for t in onto if any(isinstance(x, BNode) for x in t)]


def test_every_pkg_term_is_declared_with_label_and_definition(onto):
    declared_types = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    problems = []
    for name in PKG_TERMS:
        term = PKG[name]
        if not set(onto.objects(term, RDF.type)) & declared_types:
            problems.append(f"{name}: not declared")
        if len(list(onto.objects(term, RDFS.label))) != 1:
            problems.append(f"{name}: needs exactly one rdfs:label")
        if len(list(onto.objects(term, SKOS.definition))) != 1:
            problems.append(f"{name}: needs exactly one skos:definition")
    assert not problems, problems


def test_ontology_uses_no_painkg_term_outside_vocab(onto):
    used = {
        x
        for t in onto
        for x in t
        if isinstance(x, URIRef) and str(x).startswith(BASE) and not str(x).startswith(ID_BASE) and x != ONTOLOGY_IRI
    }
    unknown = sorted(name for name in (str(x)[len(BASE) :] for x in used) if name not in PKG.__annotations__)
    assert not unknown, f"painkg terms used in painkg.ttl but missing from vocab.PKG: {unknown}"


def test_classes_and_hierarchy(onto):
    for name in CLASSES:
        assert (PKG[name], RDF.type, OWL.Class) in onto, name
    for kind in Kind:
        assert (PKG[kind.value], RDFS.subClassOf, PKG.Entity) in onto, kind
    for design in SOURCE_CLASS.values():
        assert (PKG[design], RDFS.subClassOf, PKG.Source) in onto, design
    assert (PKG.Statement, RDFS.subClassOf, RDF.Statement) in onto


def test_structural_properties_are_typed(onto):
    predicate_names = set(PREDICATES)
    for name in PKG_TERMS:
        if name in CLASSES or name in predicate_names:
            continue
        types = set(onto.objects(PKG[name], RDF.type))
        if name in ANNOTATION_PROPERTIES:
            expected = OWL.AnnotationProperty
        elif name in OBJECT_PROPERTIES:
            expected = OWL.ObjectProperty
        else:
            expected = OWL.DatatypeProperty
        assert types == {expected}, f"{name}: {types}"
        if expected == OWL.DatatypeProperty:
            rng = onto.value(PKG[name], RDFS.range)
            assert rng == DATATYPE_RANGES.get(name, XSD.string), f"{name}: range {rng}"
        if expected == OWL.ObjectProperty:
            assert onto.value(PKG[name], RDFS.range) is not None, name


def test_source_link_is_dcterms_source(onto):
    assert (PKG.source, OWL.equivalentProperty, DCTERMS.source) in onto


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate_matches_vocab(onto, name):
    info = PREDICATES[name]
    term = PKG[name]
    assert (term, RDF.type, OWL.ObjectProperty) in onto
    assert onto.value(term, RDFS.label) == Literal(info.label)
    assert onto.value(term, SKOS.definition) == Literal(info.definition)
    assert onto.value(term, PKG.predicateName) == Literal(name)

    biolink = onto.value(term, PKG.biolinkPredicate)
    assert (str(biolink) if biolink is not None else None) == info.biolink
    ro = onto.value(term, PKG.roTerm)
    assert (str(ro) if ro is not None else None) == info.ro

    matches = set(onto.objects(term, SKOS.exactMatch)) | set(onto.objects(term, SKOS.closeMatch))
    assert {m for m in matches if str(m).startswith(str(BIOLINK))} == (
        {_expand(info.biolink)} if info.biolink else set()
    )
    assert {m for m in matches if str(m).startswith(str(OBO))} == ({_expand(info.ro)} if info.ro else set())

    parents = set(onto.objects(term, RDFS.subPropertyOf))
    assert parents == ({PKG[info.parent]} if info.parent else set())

    subjects = {s for s, p, _ in METAGRAPH if p == name}
    objects = {o for _, p, o in METAGRAPH if p == name}
    assert subjects and objects, f"{name} is not used in vocab.METAGRAPH"
    expected_domain = PKG[next(iter(subjects)).value] if len(subjects) == 1 else PKG.Entity
    expected_range = PKG[next(iter(objects)).value] if len(objects) == 1 else PKG.Entity
    assert onto.value(term, RDFS.domain) == expected_domain
    assert onto.value(term, RDFS.range) == expected_range


def _biolink_yaml() -> Path | None:
    spec = importlib.util.find_spec("biolink_model")
    if spec is None:
        return None
    for location in spec.submodule_search_locations or []:
        path = Path(location) / "schema" / "biolink_model.yaml"
        if path.is_file():
            return path
    return None


def test_biolink_terms_exist_in_installed_biolink_model(onto):
    """Every biolink: IRI in painkg.ttl names a class or slot of the installed biolink-model package."""
    path = _biolink_yaml()
    if path is None:
        pytest.skip("biolink-model is not installed (pip install biolink-model==4.4.3)")
    yaml = pytest.importorskip("yaml")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    schema = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    classes = {"".join(w[:1].upper() + w[1:] for w in name.split(" ")) for name in schema["classes"]}
    slots = {name.replace(" ", "_") for name in schema["slots"]}
    used = {
        str(x)[len(str(BIOLINK)) :]
        for t in onto
        for x in t
        if isinstance(x, URIRef) and str(x).startswith(str(BIOLINK))
    }
    assert used
    missing = sorted(name for name in used if name not in classes and name not in slots)
    assert not missing, f"not in {path}: {missing}"


# ---------------------------------------------------------------------------------------------- shapes


def _shape_for(shapes: Graph, target: URIRef, path: URIRef) -> URIRef | BNode:
    found = [
        prop
        for shape in shapes.subjects(SH.targetClass, target)
        for prop in shapes.objects(shape, SH.property)
        if shapes.value(prop, SH.path) == path
    ]
    assert len(found) == 1, f"expected one property shape for {path} on {target}, found {len(found)}"
    return found[0]


def _in_list(shapes: Graph, prop: URIRef | BNode) -> list:
    head = shapes.value(prop, SH["in"])
    assert head is not None
    return list(Collection(shapes, head))


def test_shapes_parse_and_every_shape_has_a_message(shapes):
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape))
    shape_nodes |= set(shapes.objects(None, SH.property))
    shape_nodes |= set(shapes.objects(None, SH.sparql))
    shape_nodes |= set(shapes.objects(None, SH.qualifiedValueShape))
    shape_nodes |= {
        m for head in shapes.objects(None, SH["or"]) for m in Collection(shapes, head) if (m, SH.path, None) in shapes
    }
    assert len(shape_nodes) > 50
    missing = [s for s in shape_nodes if shapes.value(s, SH.message) is None]
    assert not missing, f"{len(missing)} shapes without sh:message"


@pytest.mark.parametrize(
    ("target", "path", "enum"),
    [
        (PKG.Statement, PKG.evidenceType, EvidenceType),
        (PKG.Statement, PKG.direction, Direction),
        (PKG.Statement, PKG.route, Route),
        (PKG.Source, PKG.sourceType, SourceType),
        (PKG.Finding, PKG.effectType, EffectType),
        (PKG.Finding, PKG.direction, FindingDirection),
        (PKG.Finding, PKG.certainty, Certainty),
        (PKG.Finding, PKG.exposure, Exposure),
        (PKG.Finding, PKG.route, Route),
        (PKG.Regimen, PKG.route, Route),
        (PKG.SeedClaim, PKG.status, SeedStatus),
        (PKG.Caution, PKG.cautionType, CautionType),
        (PKG.Finding, PKG.findingKind, FindingKind),
        (PKG.Arm, PKG.armRole, ArmRole),
    ],
)
def test_shape_enums_match_vocab(shapes, target, path, enum):
    values = _in_list(shapes, _shape_for(shapes, target, path))
    assert [str(v) for v in values] == [e.value for e in enum]


def test_shape_predicate_list_matches_vocab(shapes):
    values = _in_list(shapes, _shape_for(shapes, PKG.Statement, RDF.predicate))
    assert values == [PKG[name] for name in PREDICATES]


def test_shape_targets_every_kind(shapes):
    targets = set(shapes.objects(URIRef(PKGSH + "EntityShape"), SH.targetClass))
    assert targets == {PKG[k.value] for k in Kind}


# ---------------------------------------------------------------------------------------------- SHACL on data

DRUG_A = PKID["entity/drug_a"]
DRUG_B = PKID["entity/drug_b"]
CONDITION_X = PKID["entity/condition_x"]
GENE_E = PKID["entity/gene_e"]
SRC = PKID["source/src_a"]
ST = PKID["statement/st_a"]
ST_REFUTES = PKID["statement/st_b"]
FINDING = PKID["finding/f_a"]
REGIMEN = PKID["regimen/rg_a"]
REGULATORY = PKID["regulatory/reg_a"]
INTERACTION = PKID["interaction/ix_a"]
CLAIM = PKID["seedclaim/c000_a"]
RECOMMENDATION = PKID["recommendation/rec_a"]
CAUTION = PKID["caution/ca_a"]


def conforming_graph() -> Graph:
    """One record of every kind, shaped as graph.py builds it; made-up ids, no real-world claims."""
    g = Graph()
    for node, kind, label in [
        (DRUG_A, PKG.Drug, "drug a"),
        (DRUG_B, PKG.Drug, "drug b"),
        (CONDITION_X, PKG.Condition, "condition x"),
        (GENE_E, PKG.Gene, "gene e"),
    ]:
        g.add((node, RDF.type, kind))
        g.add((node, RDFS.label, Literal(label)))
        g.add((node, DCTERMS.identifier, Literal("painkg:" + str(node).rsplit("/", 1)[1])))
    g.add((DRUG_A, SKOS.altLabel, Literal("a")))

    g.add((SRC, RDF.type, PKG.Source))
    g.add((SRC, RDF.type, PKG.SystematicReview))
    g.add((SRC, DCTERMS.identifier, Literal("src_a")))
    g.add((SRC, PKG.sourceType, Literal("systematic_review")))
    g.add((SRC, PKG.url, Literal("https://example.org/src_a", datatype=XSD.anyURI)))
    g.add((SRC, DCTERMS.title, Literal("An example review")))
    g.add((SRC, PKG.year, Literal(2020, datatype=XSD.integer)))
    g.add((SRC, DCTERMS.bibliographicCitation, Literal("Example (2020). An example review.")))
    g.add((SRC, PKG.verified, Literal("partial")))

    for node, direction in [(ST, "supports"), (ST_REFUTES, "refutes")]:
        g.add((node, RDF.type, PKG.Statement))
        g.add((node, DCTERMS.identifier, Literal(str(node).rsplit("/", 1)[1])))
        g.add((node, RDF.subject, DRUG_A))
        g.add((node, RDF.predicate, PKG.studied_to_treat))
        g.add((node, RDF.object, CONDITION_X))
        g.add((node, PKG.evidenceType, Literal("clinical")))
        g.add((node, PKG.direction, Literal(direction)))
        g.add((node, PKG.contested, Literal(direction != "supports")))
        g.add((node, PKG.associationOnly, Literal(False)))
        g.add((node, PKG.route, Literal("IV")))
        g.add((node, DCTERMS.source, SRC))
    g.add((DRUG_A, PKG.studied_to_treat, CONDITION_X))  # plain triple of the supporting statement

    g.add((FINDING, RDF.type, PKG.Finding))
    g.add((FINDING, DCTERMS.identifier, Literal("f_a")))
    g.add((FINDING, DCTERMS.source, SRC))
    g.add((FINDING, PKG.intervention, DRUG_A))
    g.add((FINDING, PKG.condition, CONDITION_X))
    g.add((FINDING, PKG.measure, Literal("pain intensity")))
    g.add((FINDING, PKG.effectType, Literal("MD")))
    g.add((FINDING, PKG.findingKind, Literal("efficacy")))
    g.add((FINDING, PKG.estimate, Literal("-2", datatype=XSD.decimal)))
    g.add((FINDING, PKG.ciLow, Literal("-3", datatype=XSD.decimal)))
    g.add((FINDING, PKG.ciHigh, Literal("-1", datatype=XSD.decimal)))
    g.add((FINDING, PKG.timepointDays, Literal("7", datatype=XSD.decimal)))
    g.add((FINDING, PKG.nStudies, Literal(3, datatype=XSD.integer)))
    g.add((FINDING, PKG.nParticipants, Literal(120, datatype=XSD.integer)))
    g.add((FINDING, PKG.certainty, Literal("low")))
    g.add((FINDING, PKG.direction, Literal("benefit")))
    g.add((FINDING, PKG.bearsOn, ST))

    g.add((REGIMEN, RDF.type, PKG.Regimen))
    g.add((REGIMEN, PKG.drug, DRUG_A))
    g.add((REGIMEN, PKG.route, Literal("IV")))
    g.add((REGIMEN, DCTERMS.source, SRC))
    g.add((REGIMEN, PKG.hasFinding, FINDING))

    g.add((REGULATORY, RDF.type, PKG.RegulatoryAction))
    g.add((REGULATORY, PKG.agency, Literal("AGENCY")))
    g.add((REGULATORY, PKG.drug, DRUG_A))
    g.add((REGULATORY, PKG.action, Literal("approval")))
    g.add((REGULATORY, PKG.date, Literal("2019", datatype=XSD.gYear)))
    g.add((REGULATORY, DCTERMS.source, SRC))

    g.add((INTERACTION, RDF.type, PKG.Interaction))
    g.add((INTERACTION, PKG.perpetrator, DRUG_B))
    g.add((INTERACTION, PKG.victim, DRUG_A))
    g.add((INTERACTION, PKG.enzyme, GENE_E))
    g.add((INTERACTION, PKG.effect, Literal("exposure increased")))
    g.add((INTERACTION, DCTERMS.source, SRC))

    g.add((CLAIM, RDF.type, PKG.SeedClaim))
    g.add((CLAIM, PKG.seedFile, Literal("seed.md")))
    g.add((CLAIM, PKG.claim, Literal("drug a helps condition x")))
    g.add((CLAIM, PKG.status, Literal("partly_supported")))
    g.add((CLAIM, PKG.statement, ST))
    g.add((CLAIM, DCTERMS.source, SRC))

    g.add((RECOMMENDATION, RDF.type, PKG.Recommendation))
    g.add((RECOMMENDATION, PKG.drug, DRUG_A))
    g.add((RECOMMENDATION, PKG.condition, CONDITION_X))
    g.add((RECOMMENDATION, PKG.lineOfTherapy, Literal("second")))
    g.add((RECOMMENDATION, DCTERMS.source, SRC))

    g.add((CAUTION, RDF.type, PKG.Caution))
    g.add((CAUTION, PKG.drug, DRUG_A))
    g.add((CAUTION, PKG.cautionType, Literal("warning")))
    g.add((CAUTION, PKG.text, Literal("use with care")))
    g.add((CAUTION, DCTERMS.source, SRC))
    return g


def shacl_results(data: Graph, shapes: Graph, onto: Graph | None) -> tuple[bool, list[dict]]:
    """Run pyshacl as painkg.graph.shacl_check does; return conformance and the results as dicts."""
    conforms, report, text = validate(
        data, shacl_graph=shapes, ont_graph=onto, inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(report, Graph), text  # a ValidationFailure means the shapes themselves are broken
    results = [
        {
            "focus": report.value(r, SH.focusNode),
            "path": report.value(r, SH.resultPath),
            "severity": report.value(r, SH.resultSeverity),
            "shape": report.value(r, SH.sourceShape),
            "message": " ".join(str(m) for m in report.objects(r, SH.resultMessage)),
        }
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return conforms, results


@pytest.mark.parametrize("with_ontology", [True, False], ids=["with-ontology", "shapes-only"])
def test_conforming_graph_passes(shapes, onto, with_ontology):
    conforms, results = shacl_results(conforming_graph(), shapes, onto if with_ontology else None)
    assert conforms, results
    assert results == []


def _set(node, prop, value) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.remove((node, prop, None))
        if value is not None:
            g.add((node, prop, value))

    return mutate


def _add(*triple) -> Callable[[Graph], None]:
    return lambda g: g.add(triple)


def _remove(*triple) -> Callable[[Graph], None]:
    return lambda g: g.remove(triple)


def _all(*mutations: Callable[[Graph], None]) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        for m in mutations:
            m(g)

    return mutate


DEC = XSD.decimal
VIOLATIONS = {
    # case: (mutation, focus node, expected result path or None for node-level constraints, text in message)
    "statement_without_source": (_set(ST, DCTERMS.source, None), ST, DCTERMS.source, "source"),
    "statement_source_not_a_source": (_set(ST, DCTERMS.source, DRUG_A), ST, DCTERMS.source, "source"),
    "bad_evidence_type": (_set(ST, PKG.evidenceType, Literal("anecdote")), ST, PKG.evidenceType, "evidence_type"),
    "bad_statement_direction": (_set(ST, PKG.direction, Literal("benefit")), ST, PKG.direction, "direction"),
    "contested_not_boolean": (_set(ST, PKG.contested, Literal("yes")), ST, PKG.contested, "contested"),
    "predicate_outside_vocab": (_set(ST, RDF.predicate, URIRef(BASE + "bindz")), ST, RDF.predicate, "predicate"),
    "subject_not_an_entity": (_set(ST, RDF.subject, URIRef("https://example.org/x")), ST, RDF.subject, "entities.tsv"),
    "object_is_literal": (_set(ST, RDF.object, Literal("condition x")), ST, RDF.object, "object"),
    "finding_without_source": (_set(FINDING, DCTERMS.source, None), FINDING, DCTERMS.source, "source"),
    "finding_two_sources": (_add(FINDING, DCTERMS.source, PKID["source/src_b"]), FINDING, DCTERMS.source, "source"),
    "finding_without_intervention": (_set(FINDING, PKG.intervention, None), FINDING, PKG.intervention, "intervention"),
    "finding_without_measure": (_set(FINDING, PKG.measure, None), FINDING, PKG.measure, "measure"),
    "bad_effect_type": (_set(FINDING, PKG.effectType, Literal("HR")), FINDING, PKG.effectType, "effect_type"),
    "ci_not_bracketing_estimate": (
        _set(FINDING, PKG.estimate, Literal("5", datatype=DEC)),
        FINDING,
        PKG.estimate,
        "ci_high",
    ),
    "ci_above_estimate": (_set(FINDING, PKG.estimate, Literal("-4", datatype=DEC)), FINDING, PKG.ciLow, "ci_low"),
    "ci_bounds_reversed": (
        _all(
            _set(FINDING, PKG.ciLow, Literal("-1", datatype=DEC)),
            _set(FINDING, PKG.ciHigh, Literal("-3", datatype=DEC)),
        ),
        FINDING,
        PKG.ciLow,
        "ci_low",
    ),
    "estimate_ill_formed_decimal": (
        _set(FINDING, PKG.estimate, Literal("1e-05", datatype=DEC)),
        FINDING,
        PKG.estimate,
        "decimal",
    ),
    "ci_without_estimate": (_set(FINDING, PKG.estimate, None), FINDING, None, "estimate"),
    "source_without_type": (_set(SRC, PKG.sourceType, None), SRC, PKG.sourceType, "type column"),
    "source_type_not_in_enum": (_set(SRC, PKG.sourceType, Literal("preclinical")), SRC, PKG.sourceType, "type column"),
    "source_without_design_class": (_remove(SRC, RDF.type, PKG.SystematicReview), SRC, RDF.type, "design"),
    "source_bad_verified": (_set(SRC, PKG.verified, Literal("yes")), SRC, PKG.verified, "verified"),
    "source_bad_pmid": (_set(SRC, PKG.pmid, Literal("PMID:1234567")), SRC, PKG.pmid, "pmid"),
    "source_bad_doi": (_set(SRC, PKG.doi, Literal("https://doi.org/10.1000/x")), SRC, PKG.doi, "doi"),
    "source_without_any_link_or_citation": (
        _all(_set(SRC, PKG.url, None), _set(SRC, DCTERMS.bibliographicCitation, None)),
        SRC,
        None,
        "pmid, doi, url",
    ),
    "entity_without_label": (_set(DRUG_A, RDFS.label, None), DRUG_A, RDFS.label, "label"),
    "entity_two_labels": (_add(DRUG_A, RDFS.label, Literal("drug a again")), DRUG_A, RDFS.label, "label"),
    "entity_identifier_not_curie": (
        _set(DRUG_A, DCTERMS.identifier, Literal("drug a")),
        DRUG_A,
        DCTERMS.identifier,
        "CURIE",
    ),
    "entity_without_identifier": (_set(DRUG_A, DCTERMS.identifier, None), DRUG_A, DCTERMS.identifier, "CURIE"),
    "entity_two_kinds": (_add(DRUG_A, RDF.type, PKG.Metabolite), DRUG_A, RDF.type, "kind"),
    "seed_claim_bad_status": (_set(CLAIM, PKG.status, Literal("true")), CLAIM, PKG.status, "status"),
    "seed_claim_without_status": (_set(CLAIM, PKG.status, None), CLAIM, PKG.status, "status"),
    "regulatory_without_date": (_set(REGULATORY, PKG.date, None), REGULATORY, PKG.date, "date"),
    "regulatory_date_untyped": (_set(REGULATORY, PKG.date, Literal("2019")), REGULATORY, PKG.date, "date"),
    "regulatory_without_source": (_set(REGULATORY, DCTERMS.source, None), REGULATORY, DCTERMS.source, "source"),
    "regimen_without_source": (_set(REGIMEN, DCTERMS.source, None), REGIMEN, DCTERMS.source, "source"),
    "interaction_without_source": (_set(INTERACTION, DCTERMS.source, None), INTERACTION, DCTERMS.source, "source"),
    "recommendation_without_source": (
        _set(RECOMMENDATION, DCTERMS.source, None),
        RECOMMENDATION,
        DCTERMS.source,
        "source",
    ),
    "caution_without_source": (_set(CAUTION, DCTERMS.source, None), CAUTION, DCTERMS.source, "source"),
    "caution_bad_type": (_set(CAUTION, PKG.cautionType, Literal("note")), CAUTION, PKG.cautionType, "type column"),
}


@pytest.mark.parametrize("case", sorted(VIOLATIONS))
def test_shapes_report_violation(shapes, onto, case):
    mutate, focus, path, text = VIOLATIONS[case]
    g = conforming_graph()
    mutate(g)
    conforms, results = shacl_results(g, shapes, onto)
    assert not conforms
    hits = [r for r in results if r["focus"] == focus and r["path"] == path and r["severity"] == SH.Violation]
    assert hits, f"no violation on {focus} at {path}; got {results}"
    assert any(text.lower() in r["message"].lower() for r in hits), [r["message"] for r in hits]


def test_source_without_pmid_doi_or_url_is_only_a_warning(shapes, onto):
    g = conforming_graph()
    g.remove((SRC, PKG.url, None))
    conforms, results = shacl_results(g, shapes, onto)
    assert conforms, results
    assert [(r["focus"], r["severity"], r["shape"]) for r in results] == [
        (SRC, SH.Warning, URIRef(PKGSH + "SourceLinkWarningShape"))
    ]
    assert "pmid, doi or url" in results[0]["message"]


def test_refuting_statement_beside_a_supporting_one_is_fine(shapes, onto):
    # the conforming graph already holds a refuting statement whose edge is also supported by ST
    g = conforming_graph()
    assert (ST_REFUTES, PKG.direction, Literal("refutes")) in g
    assert (DRUG_A, PKG.studied_to_treat, CONDITION_X) in g
    conforms, results = shacl_results(g, shapes, onto)
    assert conforms and not results


QC_VIOLATIONS = {
    # case: (mutation, focus node, QC query that must report it) — whole-graph checks of painkg/qc/*-violation.rq
    "supports_without_plain_triple": (
        _remove(DRUG_A, PKG.studied_to_treat, CONDITION_X),
        ST,
        "missing-plain-triple-violation",
    ),
    "refutes_asserted_as_triple": (
        _all(_set(ST, PKG.direction, Literal("refutes")), _set(ST, PKG.contested, Literal(True))),
        ST,
        "unsupported-plain-triple-violation",
    ),
    "source_type_mismatches_class": (_set(SRC, PKG.sourceType, Literal("rct")), SRC, "source-design-violation"),
}


def test_qc_queries_pass_on_conforming_graph():
    from painkg.graph import qc_check

    assert qc_check(conforming_graph()) == {}


@pytest.mark.parametrize("case", sorted(QC_VIOLATIONS))
def test_qc_queries_report_violation(case):
    from painkg.graph import qc_check

    mutate, focus, name = QC_VIOLATIONS[case]
    g = conforming_graph()
    mutate(g)
    failures = qc_check(g)
    assert name in failures, failures
    assert any(row[0] == str(focus) for row in failures[name])
