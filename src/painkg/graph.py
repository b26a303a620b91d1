"""Turn a validated dataset into RDF (rdflib) and a networkx MultiDiGraph; the only place that mints IRIs.

RDF shape (DESIGN.md §4): every statement is a ``painkg:Statement`` node carrying evidence type,
direction, contested flag, qualifiers and ``dcterms:source`` links; a *supporting* statement is also
asserted as the plain triple ``subject painkg:predicate object`` so SPARQL and traversal stay simple.
Refuting and no-effect statements are never asserted as plain triples. Findings, regimens, regulatory
actions, interactions, seed claims, recommendations and cautions are typed nodes linked to their
source. No blank nodes are minted, so serialisation can be made byte-for-byte deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from painkg.model import (
    Arm,
    Caution,
    Dataset,
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
from painkg.vocab import BASE, ID_BASE, PKG, PREDICATES, SOURCE_CLASS, SourceType, curie_to_iri

if TYPE_CHECKING:  # networkx is imported where a projection is made, not by every reader of the graph
    import networkx as nx

__all__ = [
    "NAMESPACES",
    "OBOINOWL",
    "RECORD_SEGMENTS",
    "ShaclResult",
    "arm_iri",
    "build_rdf",
    "entity_iri",
    "finding_iri",
    "predicate_iri",
    "qc_check",
    "record_iri",
    "serialize_ntriples",
    "serialize_turtle",
    "shacl_check",
    "source_iri",
    "statement_iri",
    "to_networkx",
    "turtle_from_ntriples",
]

OBOINOWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")
PKID = Namespace(ID_BASE)

NAMESPACES: dict[str, str] = {
    "painkg": BASE,
    "pkid": ID_BASE,
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "oboInOwl": str(OBOINOWL),
    "obo": "http://purl.obolibrary.org/obo/",
    "biolink": "https://w3id.org/biolink/vocab/",
}


def entity_iri(curie: str) -> URIRef:
    """IRI of an entity from its CURIE (OBO PURL, identifiers.org, or painkg id)."""
    return URIRef(curie_to_iri(curie))


def source_iri(source_id: str) -> URIRef:
    """IRI minted for a source record."""
    return PKID[f"source/{source_id}"]


def statement_iri(statement_id: str) -> URIRef:
    """IRI minted for a statement record."""
    return PKID[f"statement/{statement_id}"]


def finding_iri(finding_id: str) -> URIRef:
    """IRI minted for a finding record."""
    return PKID[f"finding/{finding_id}"]


def predicate_iri(name: str) -> URIRef:
    """IRI of a painkg predicate; raises KeyError for a name outside the closed vocabulary."""
    if name not in PREDICATES:
        raise KeyError(f"predicate '{name}' is not in the painkg vocabulary")
    return URIRef(BASE + name)


def _lit(g: Graph, s: URIRef, p: URIRef, value: object, datatype: URIRef | None = None) -> None:
    if value in (None, "", ()):
        return
    g.add((s, p, Literal(value, datatype=datatype)))


def _citation(src: Source) -> str:
    """Human citation from whatever bibliographic data exist; never empty (falls back to the key and URL)."""
    parts = [f"{src.first_author} ({src.year})." if src.first_author else (f"({src.year})." if src.year else "")]
    if src.title:
        parts.append(src.title.rstrip(".") + ".")
    if src.journal:
        parts.append(src.journal.rstrip(".") + ".")
    if not src.title:
        parts.append(f"[title not in the reference; source {src.id}{', ' + src.url if src.url else ''}]")
    return " ".join(p for p in parts if p)


def _date_literal(text: str) -> Literal:
    if len(text) == 10:
        return Literal(text, datatype=XSD.date)
    if len(text) == 7:
        return Literal(text, datatype=XSD.gYearMonth)
    return Literal(text, datatype=XSD.gYear)


def _add_entities(g: Graph, entities: Iterable[Entity]) -> None:
    for e in entities:
        node = entity_iri(e.id)
        g.add((node, RDF.type, PKG[e.kind]))
        g.add((node, RDFS.label, Literal(e.label)))
        g.add((node, DCTERMS.identifier, Literal(e.id)))
        for syn in e.synonyms:
            g.add((node, SKOS.altLabel, Literal(syn)))
        for syn in e.related_synonyms:
            g.add((node, PKG.relatedSynonym, Literal(syn)))
        for x in e.xrefs:
            g.add((node, OBOINOWL.hasDbXref, Literal(x)))
        _lit(g, node, DCTERMS.description, e.description)
        _lit(g, node, RDFS.comment, e.note)


def _add_sources(g: Graph, sources: Iterable[Source]) -> None:
    for s in sources:
        node = source_iri(s.id)
        g.add((node, RDF.type, PKG.Source))
        g.add((node, RDF.type, PKG[SOURCE_CLASS[SourceType(s.type)]]))
        g.add((node, DCTERMS.identifier, Literal(s.id)))
        g.add((node, PKG.sourceType, Literal(s.type)))
        _lit(g, node, PKG.pmid, s.pmid)
        _lit(g, node, PKG.pmcid, s.pmcid)
        _lit(g, node, PKG.doi, s.doi)
        _lit(g, node, PKG.url, s.url, XSD.anyURI)
        _lit(g, node, PKG.nct, s.nct)
        _lit(g, node, DCTERMS.title, s.title)
        _lit(g, node, PKG.firstAuthor, s.first_author)
        _lit(g, node, PKG.year, s.year, XSD.integer)
        _lit(g, node, PKG.journal, s.journal)
        g.add((node, DCTERMS.bibliographicCitation, Literal(_citation(s))))
        g.add((node, PKG.verified, Literal(s.verified)))
        for a in s.aliases:
            g.add((node, PKG.aliases, Literal(a)))
        _bool(g, node, PKG.issuesRecommendations, s.issues_recommendations)
        _lit(g, node, PKG.population, s.population)
        _lit(g, node, PKG.nStudies, s.n_studies, XSD.integer)
        _lit(g, node, PKG.nParticipants, s.n_participants, XSD.integer)
        _bool(g, node, PKG.randomized, s.randomized)
        _lit(g, node, PKG.blinding, s.blinding)
        _lit(g, node, PKG.allocation, s.allocation)
        _lit(g, node, PKG.control, s.control)
        for r in s.included_in:
            g.add((node, PKG.includedIn, source_iri(r)))
        for r in s.possible_duplicate_of:
            g.add((node, PKG.possibleDuplicateOf, source_iri(r)))
        if s.pmid:
            g.add((node, RDFS.seeAlso, URIRef(f"https://pubmed.ncbi.nlm.nih.gov/{s.pmid}")))
        if s.doi:
            g.add((node, RDFS.seeAlso, URIRef(f"https://doi.org/{s.doi}")))
        _lit(g, node, RDFS.comment, s.note)


def _add_statements(g: Graph, statements: Iterable[Statement]) -> None:
    for st in statements:
        node = statement_iri(st.id)
        subj, pred, obj = entity_iri(st.subject), predicate_iri(st.predicate), entity_iri(st.object)
        g.add((node, RDF.type, PKG.Statement))
        g.add((node, DCTERMS.identifier, Literal(st.id)))
        g.add((node, RDF.subject, subj))
        g.add((node, RDF.predicate, pred))
        g.add((node, RDF.object, obj))
        g.add((node, PKG.evidenceType, Literal(st.evidence_type)))
        g.add((node, PKG.direction, Literal(st.direction)))
        g.add((node, PKG.contested, Literal(st.contested == "true")))
        g.add((node, PKG.associationOnly, Literal(st.association_only == "true")))
        _lit(g, node, PKG.route, st.route)
        _lit(g, node, PKG.model, st.model)
        _lit(g, node, PKG.context, st.context)
        for sp in st.species:
            g.add((node, PKG.species, entity_iri(sp)))
        for sid in st.sources:
            g.add((node, DCTERMS.source, source_iri(sid)))
        for sid in st.contested_by:
            g.add((node, PKG.contestedBy, source_iri(sid)))
        _lit(g, node, RDFS.comment, st.note)
        if st.direction == "supports":
            g.add((subj, pred, obj))
            if st.predicate == "subclass_of":
                g.add((subj, RDFS.subClassOf, obj))
    _add_subtype_closure(g, statements)


def _ancestors(statements: Iterable[Statement]) -> dict[str, set[str]]:
    """Every class's ancestors over the supporting ``subclass_of`` statements (the class itself excluded)."""
    parents: dict[str, set[str]] = {}
    for st in statements:
        if st.predicate == "subclass_of" and st.direction == "supports":
            parents.setdefault(st.subject, set()).add(st.object)
    out: dict[str, set[str]] = {}
    for child in parents:
        seen: set[str] = set()
        todo = list(parents[child])
        while todo:
            up = todo.pop()
            if up in seen or up == child:
                continue
            seen.add(up)
            todo.extend(parents.get(up, ()))
        out[child] = seen
    return out


def _add_scopes(g: Graph, ds: Dataset) -> None:
    """Materialise where each finding is evidence, relative to the condition a question names.

    ``painkg:subtypeEvidenceFor C``: the finding's condition is a subtype of C. ``painkg:broaderEvidenceFor C``:
    the finding's population is broader and includes C (C is a subtype of the finding's condition, or C, or a
    subtype of it, is a population the source says the finding includes). ``painkg:condition`` itself is the exact
    scope. Queries read these plain triples, so every engine answers them alike (property paths under a UNION
    made Virtuoso drop OPTIONAL values and repeat rows).
    """
    up = _ancestors(ds.statements)
    down: dict[str, set[str]] = {}
    for child, ancestors in up.items():
        for a in ancestors:
            down.setdefault(a, set()).add(child)
    for f in ds.findings:
        if not f.condition:
            continue
        node = finding_iri(f.id)
        for a in up.get(f.condition, ()):
            g.add((node, PKG.subtypeEvidenceFor, entity_iri(a)))
        broader = set(down.get(f.condition, ()))
        for inc in f.population_includes:
            if inc != f.condition:
                broader |= {inc} | down.get(inc, set())
        for c in broader - {f.condition} - up.get(f.condition, set()):
            g.add((node, PKG.broaderEvidenceFor, entity_iri(c)))


def _add_substances(g: Graph, ds: Dataset) -> None:
    """Materialise ``painkg:includesSubstance``: a chemical includes itself and the components it is made of.

    Records of a racemate's enantiomers (Spravato for esketamine) belong to questions about the racemate, never the
    reverse. Queries read this one property instead of a ``has_component?`` path, which Virtuoso answered with every
    chemical of the graph.
    """
    for e in ds.entities:
        if e.kind in ("Drug", "DrugClass", "Metabolite"):
            g.add((entity_iri(e.id), PKG.includesSubstance, entity_iri(e.id)))
    for st in ds.statements:
        if st.predicate == "has_component" and st.direction == "supports":
            g.add((entity_iri(st.subject), PKG.includesSubstance, entity_iri(st.object)))


def _add_subtype_closure(g: Graph, statements: Iterable[Statement]) -> None:
    """Materialise ``painkg:isSubtypeOf``: the transitive closure of the supporting ``subclass_of`` links.

    Questions roll conditions up over this one property instead of an ``rdfs:subClassOf+`` path: every engine
    answers a plain triple pattern the same way and fast (Virtuoso returned duplicate rows and dropped OPTIONAL
    values for the path; Oxigraph misjudged its size). ``rdfs:subClassOf`` is still asserted for OWL tools.
    """
    for child, ancestors in _ancestors(statements).items():
        for up in ancestors:
            g.add((entity_iri(child), PKG.isSubtypeOf, entity_iri(up)))


def _add_findings(g: Graph, findings: Iterable[Finding]) -> None:
    for f in findings:
        node = finding_iri(f.id)
        g.add((node, RDF.type, PKG.Finding))
        g.add((node, DCTERMS.identifier, Literal(f.id)))
        for sid in f.sources:
            g.add((node, DCTERMS.source, source_iri(sid)))
        for sid in f.read_in:
            g.add((node, PKG.readIn, source_iri(sid)))
        _bool(g, node, PKG.synthesis, f.synthesis)
        g.add((node, PKG.findingKind, Literal(f.kind)))
        g.add((node, PKG.intervention, entity_iri(f.intervention)))
        for co in f.co_interventions:
            g.add((node, PKG.coIntervention, entity_iri(co)))
        if f.arm:
            g.add((node, PKG.arm, arm_iri(f.arm)))
        if f.comparator_arm:
            g.add((node, PKG.comparatorArm, arm_iri(f.comparator_arm)))
        for sp in f.species:
            g.add((node, PKG.species, entity_iri(sp)))
        _lit(g, node, PKG.population, f.population)
        for c in f.population_includes:
            g.add((node, PKG.populationIncludes, entity_iri(c)))
        _lit(g, node, PKG.unit, f.unit)
        _lit(g, node, PKG.qualityRating, f.quality_rating)
        _lit(g, node, PKG.caveat, f.caveat)
        if f.condition:
            g.add((node, PKG.condition, entity_iri(f.condition)))
        if f.adverse_effect:
            g.add((node, PKG.adverseEffect, entity_iri(f.adverse_effect)))
        _lit(g, node, PKG.comparator, f.comparator)
        _lit(g, node, PKG.route, f.route)
        _lit(g, node, PKG.measure, f.measure)
        _lit(g, node, PKG.timepoint, f.timepoint)
        for prop, value in (
            (PKG.timepointDays, f.timepoint_days),
            (PKG.estimate, f.estimate),
            (PKG.ciLow, f.ci_low),
            (PKG.ciHigh, f.ci_high),
            (PKG.comparatorValue, f.comparator_value),
        ):
            if value is not None:
                g.add((node, prop, Literal(decimal_lexical(value), datatype=XSD.decimal)))
        _lit(g, node, PKG.effectType, f.effect_type)
        _lit(g, node, PKG.result, f.result)
        _lit(g, node, PKG.pValue, f.p)
        _lit(g, node, PKG.nStudies, f.n_studies, XSD.integer)
        _lit(g, node, PKG.nParticipants, f.n_participants, XSD.integer)
        _lit(g, node, PKG.certainty, f.certainty)
        _lit(g, node, PKG.direction, f.direction)
        _lit(g, node, PKG.scale, f.scale)
        _lit(g, node, PKG.exposure, f.exposure)
        if f.statement:
            g.add((node, PKG.bearsOn, statement_iri(f.statement)))
        _lit(g, node, RDFS.comment, f.note)


def decimal_lexical(value: float) -> str:
    """Canonical xsd:decimal text of a number: always a point, never an exponent (``7`` → ``7.0``).

    >>> decimal_lexical(7.0), decimal_lexical(-2.14), decimal_lexical(0.00001)
    ('7.0', '-2.14', '0.00001')
    """
    text = format(Decimal(repr(float(value))), "f")
    return text if "." in text else text + ".0"


def _add_others(g: Graph, ds: Dataset) -> None:
    for r in ds.regimens:
        node = PKID[f"regimen/{r.id}"]
        g.add((node, RDF.type, PKG.Regimen))
        g.add((node, DCTERMS.identifier, Literal(r.id)))
        g.add((node, PKG.drug, entity_iri(r.drug)))
        if r.condition:
            g.add((node, PKG.condition, entity_iri(r.condition)))
        if r.arm:
            g.add((node, PKG.arm, arm_iri(r.arm)))
        for prop, value in (
            (PKG.route, r.route),
            (PKG.dose, r.dose),
            (PKG.unit, r.unit),
            (PKG.schedule, r.schedule),
            (PKG.duration, r.duration),
        ):
            _lit(g, node, prop, value)
        _sources(g, node, r.sources)
        for fid in r.findings:
            g.add((node, PKG.hasFinding, finding_iri(fid)))
        _lit(g, node, RDFS.comment, r.note)
    for a in ds.regulatory:
        node = PKID[f"regulatory/{a.id}"]
        g.add((node, RDF.type, PKG.RegulatoryAction))
        g.add((node, DCTERMS.identifier, Literal(a.id)))
        g.add((node, PKG.drug, entity_iri(a.drug)))
        if a.indication:
            g.add((node, PKG.indication, entity_iri(a.indication)))
        for prop, value in (
            (PKG.agency, a.agency),
            (PKG.jurisdiction, a.jurisdiction),
            (PKG.product, a.product),
            (PKG.action, a.action),
            (PKG.indicationScope, a.indication_scope),
            (PKG.schedule, a.schedule),
        ):
            _lit(g, node, prop, value)
        g.add((node, PKG.date, _date_literal(a.date)))
        _sources(g, node, a.sources)
        _lit(g, node, RDFS.comment, a.note)
    for i in ds.interactions:
        node = PKID[f"interaction/{i.id}"]
        g.add((node, RDF.type, PKG.Interaction))
        g.add((node, DCTERMS.identifier, Literal(i.id)))
        g.add((node, PKG.perpetrator, entity_iri(i.perpetrator)))
        g.add((node, PKG.victim, entity_iri(i.victim)))
        if i.enzyme:
            g.add((node, PKG.enzyme, entity_iri(i.enzyme)))
        _lit(g, node, PKG.interactionKind, i.kind)
        _lit(g, node, PKG.direction, i.direction)
        _lit(g, node, PKG.effect, i.effect)
        for fid in i.findings:
            g.add((node, PKG.hasFinding, finding_iri(fid)))
        _sources(g, node, i.sources)
        _lit(g, node, RDFS.comment, i.note)
    for c in ds.seed_claims:
        node = PKID[f"seedclaim/{c.id}"]
        g.add((node, RDF.type, PKG.SeedClaim))
        g.add((node, DCTERMS.identifier, Literal(c.id)))
        _lit(g, node, PKG.seedFile, c.seed_file)
        _lit(g, node, PKG.claim, c.claim)
        _lit(g, node, PKG.status, c.status)
        for sid in c.statements:
            g.add((node, PKG.statement, statement_iri(sid)))
        for src in c.sources:
            g.add((node, DCTERMS.source, source_iri(src)))
        _lit(g, node, RDFS.comment, c.note)
    for rc in ds.recommendations:
        node = PKID[f"recommendation/{rc.id}"]
        g.add((node, RDF.type, PKG.Recommendation))
        g.add((node, DCTERMS.identifier, Literal(rc.id)))
        g.add((node, PKG.drug, entity_iri(rc.drug)))
        g.add((node, PKG.condition, entity_iri(rc.condition)))
        _lit(g, node, PKG.drugClass, rc.drug_class)
        _lit(g, node, PKG.lineOfTherapy, rc.line_of_therapy)
        _lit(g, node, PKG.strength, rc.strength)
        for fid in rc.findings:
            g.add((node, PKG.hasFinding, finding_iri(fid)))
        for src in rc.sources:
            g.add((node, DCTERMS.source, source_iri(src)))
        _lit(g, node, RDFS.comment, rc.note)
    for ca in ds.cautions:
        node = PKID[f"caution/{ca.id}"]
        g.add((node, RDF.type, PKG.Caution))
        g.add((node, DCTERMS.identifier, Literal(ca.id)))
        g.add((node, PKG.drug, entity_iri(ca.drug)))
        if ca.condition:
            g.add((node, PKG.condition, entity_iri(ca.condition)))
        _lit(g, node, PKG.cautionType, ca.type)
        _lit(g, node, PKG.text, ca.text)
        _sources(g, node, ca.sources)
        _lit(g, node, RDFS.comment, ca.note)
    for arm in ds.arms:
        node = arm_iri(arm.id)
        g.add((node, RDF.type, PKG.Arm))
        g.add((node, DCTERMS.identifier, Literal(arm.id)))
        g.add((node, RDFS.label, Literal(arm.label)))
        g.add((node, DCTERMS.source, source_iri(arm.source)))
        g.add((node, PKG.armRole, Literal(arm.role)))
        for i in arm.interventions:
            g.add((node, PKG.intervention, entity_iri(i)))
        _lit(g, node, PKG.route, arm.route)
        _lit(g, node, PKG.regimenText, arm.regimen)
        _lit(g, node, PKG.nParticipants, arm.n, XSD.integer)
        _lit(g, node, RDFS.comment, arm.note)
    records = _record_iris(ds)
    for q in ds.quotes:
        node = PKID[f"quote/{q.id}"]
        g.add((node, RDF.type, PKG.Quote))
        g.add((node, DCTERMS.identifier, Literal(q.id)))
        g.add((node, PKG.text, Literal(q.text)))
        g.add((node, DCTERMS.source, source_iri(q.source)))
        target = records.get(q.record)
        if target is not None:
            g.add((target, PKG.hasQuote, node))
            g.add((node, PKG.quoteOf, target))
        _lit(g, node, RDFS.comment, q.note)


#: IRI path segment of each record type (``pkid:<segment>/<id>``); the one table the IRIs of records come from.
RECORD_SEGMENTS: dict[type[Record], str] = {
    Source: "source",
    Statement: "statement",
    Finding: "finding",
    Arm: "arm",
    Regimen: "regimen",
    RegulatoryAction: "regulatory",
    Interaction: "interaction",
    SeedClaim: "seedclaim",
    Recommendation: "recommendation",
    Caution: "caution",
    Quote: "quote",
}


def record_iri(record_type: type[Record], record_id: str) -> URIRef:
    """IRI minted for any curated record (entities use their CURIE's IRI instead)."""
    return PKID[f"{RECORD_SEGMENTS[record_type]}/{record_id}"]


def arm_iri(arm_id: str) -> URIRef:
    """IRI minted for a study arm."""
    return record_iri(Arm, arm_id)


def _record_iris(ds: Dataset) -> dict[str, URIRef]:
    out: dict[str, URIRef] = {}
    for rt, segment in RECORD_SEGMENTS.items():
        for rec in ds.records(rt):
            out.setdefault(rec.id, PKID[f"{segment}/{rec.id}"])
    return out


def _sources(g: Graph, node: URIRef, sources: Iterable[str]) -> None:
    for sid in sources:
        g.add((node, DCTERMS.source, source_iri(sid)))


def _bool(g: Graph, node: URIRef, prop: URIRef, value: str) -> None:
    if value in ("true", "false"):
        g.add((node, prop, Literal(value == "true")))


def build_rdf(ds: Dataset, ontology: Graph | None = None) -> Graph:
    """Build the RDF graph of a (validated) dataset; the ontology's triples are added when given."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in NAMESPACES.items():
        g.bind(prefix, ns)
    if ontology is not None:
        for t in ontology:
            g.add(t)
    _add_entities(g, ds.entities)
    _add_sources(g, ds.sources)
    _add_statements(g, ds.statements)
    _add_findings(g, ds.findings)
    _add_scopes(g, ds)
    _add_substances(g, ds)
    _add_others(g, ds)
    return g


def _sorted_ox_triples(g: Graph) -> list:
    """The graph's triples as pyoxigraph terms, sorted by their canonical N-Triples text (the output order)."""
    import pyoxigraph as ox

    def term(t: object) -> object:
        if isinstance(t, URIRef):
            return ox.NamedNode(str(t))
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            if t.datatype is not None:
                return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
            return ox.Literal(str(t))
        return ox.BlankNode(str(t))

    triples = [ox.Triple(term(s), term(p), term(o)) for s, p, o in g]  # type: ignore[arg-type]
    return sorted(triples, key=str)


def serialize_ntriples(g: Graph) -> str:
    """Canonical N-Triples with lines sorted: identical graphs give identical bytes (written by Oxigraph)."""
    import pyoxigraph as ox

    text = ox.serialize(_sorted_ox_triples(g), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return "\n".join(sorted(line for line in text.splitlines() if line.strip())) + "\n"


def serialize_turtle(g: Graph) -> str:
    """Turtle whose bytes depend only on the triples (see :func:`turtle_from_ntriples`)."""
    return turtle_from_ntriples(serialize_ntriples(g))


def turtle_from_ntriples(ntriples: str) -> str:
    """Turtle written by Oxigraph from sorted N-Triples, with painkg's prefixes in a fixed order.

    The graph mints no blank nodes and the N-Triples lines are sorted, so the triples come in a fixed order and each
    subject's triples are consecutive (Oxigraph's writer groups them with ``;`` and ``,``); some thirty times faster
    than rdflib's Turtle writer.
    """
    import pyoxigraph as ox

    triples = ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(NAMESPACES)).decode("utf-8")
    lines = text.split("\n")
    head = [line for line in lines if line.startswith("@prefix ")]
    return "\n".join(sorted(head) + lines[len(head) :])  # the prefix block in a fixed order, whatever the writer's


@dataclass(frozen=True)
class ShaclResult:
    """Outcome of a SHACL check: conformance, the number of violations/warnings and pyshacl's text."""

    conforms: bool
    violations: int
    warnings: int
    text: str


def shacl_check(data: Graph, shapes_path: Path, ontology: Graph | None = None) -> ShaclResult:
    """Validate ``data`` against the SHACL shapes; warnings do not break conformance."""
    # pyshacl-turbo (Rust engine, pySHACL's API): the same results, messages and text as pyshacl on painkg's shapes
    # (tests/test_cache.py compares both on every shape case and on data/), in well under half the time
    from pyshacl_turbo import validate as shacl_validate

    shapes = Graph().parse(shapes_path, format="turtle")
    _conforms, report, text = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=True
    )
    sh = Namespace("http://www.w3.org/ns/shacl#")
    # count top-level results only (nested sh:detail results would count one problem twice)
    results = [r for rep in report.subjects(RDF.type, sh.ValidationReport) for r in report.objects(rep, sh.result)]
    severities = [report.value(r, sh.resultSeverity) for r in results]
    violations = sum(1 for s in severities if s == sh.Violation)
    warnings = sum(1 for s in severities if s == sh.Warning)
    return ShaclResult(violations == 0, violations, warnings, str(text))


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Project the curated graph on a MultiDiGraph: entities as nodes (keyed by CURIE), statements as edges.

    Every statement becomes an edge keyed by its id, refuting and no-effect ones included, so a walk
    can see them; traversal functions skip edges whose ``direction`` is not ``supports`` unless asked.
    Edge attributes: predicate, evidence_type, direction, contested (bool), association_only (bool), sources,
    contested_by, citations (``PMID:…``/``DOI:…``), verified (all sources fully verified), species (taxon ids),
    model, context, route, quotes (verbatim supporting text).
    """
    import networkx as nx

    src = {s.id: s for s in ds.sources}
    quotes: dict[str, list[str]] = {}
    for q in sorted(ds.quotes, key=lambda q: q.id):
        quotes.setdefault(q.record, []).append(q.text)
    g = nx.MultiDiGraph()
    for e in ds.entities:
        g.add_node(e.id, label=e.label, kind=e.kind, iri=str(entity_iri(e.id)), synonyms=list(e.synonyms))
    for st in ds.statements:
        cites = [_cite(src[s]) for s in st.sources if s in src]
        g.add_edge(
            st.subject,
            st.object,
            key=st.id,
            predicate=st.predicate,
            evidence_type=st.evidence_type,
            direction=st.direction,
            contested=st.contested == "true",
            association_only=st.association_only == "true",
            sources=list(st.sources),
            contested_by=list(st.contested_by),
            citations=cites,
            verified=all(src[s].verified == "true" for s in st.sources if s in src),
            species=list(st.species),
            model=st.model,
            context=st.context,
            route=st.route,
            quotes=quotes.get(st.id, []),
        )
    return g


def _cite(s: Source) -> str:
    if s.pmid:
        return f"PMID:{s.pmid}"
    if s.doi:
        return f"DOI:{s.doi}"
    if s.url:
        return s.url
    return _citation(s)


def qc_check(g: Graph) -> dict[str, list[tuple[str, ...]]]:
    """Run the whole-graph QC queries (``painkg/qc/*-violation.rq``); each passes when it returns no rows.

    These checks span several nodes (a statement and its plain triple, a source and its class), so they
    run once over the graph instead of once per focus node as SHACL-SPARQL constraints would.
    """
    from importlib import resources

    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in NAMESPACES.items())
    failures: dict[str, list[tuple[str, ...]]] = {}
    for entry in sorted(resources.files("painkg").joinpath("qc").iterdir(), key=lambda e: e.name):
        if entry.name.endswith("-violation.rq"):
            rows = [tuple(str(v) for v in row) for row in g.query(prefixes + entry.read_text(encoding="utf-8"))]
            if rows:
                failures[entry.name.removesuffix(".rq")] = rows
    return failures
