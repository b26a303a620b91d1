"""Exporters: the curated graph in the formats other tools read, looked up by name in :data:`EXPORTERS`.

Every exporter is a function ``(kg_or_build, out_dir) -> list[Path]`` that writes its files atomically
(all of them or none, :func:`painkg.pipeline.atomic_write`) and returns their paths:

==============  ===================================  ==============================================================
name            files                                what
==============  ===================================  ==============================================================
``ttl``         painkg.ttl                           Turtle of the whole graph (data + ontology), deterministic
``nt``          painkg.nt                            N-Triples, lines sorted (byte-identical for identical graphs)
``jsonld``      painkg.jsonld                        JSON-LD with an ``@context`` of painkg's namespaces
``kgx``         nodes.tsv, edges.tsv                 KGX TSV with Biolink categories, predicates and provenance slots
``graphml``     painkg.graphml                       GraphML with typed attributes (Gephi, Cytoscape, networkx)
``drugmechdb``  painkg_drugmechdb_paths.yaml         ketamine mechanism paths, DrugMechDB schema; open ones marked
``csv``         nodes.csv, edges.csv                 plain tables of entities and statements
==============  ===================================  ==============================================================

KGX choices (each value was checked in ``biolink_model/schema/biolink_model.yaml`` of the biolink-model package
pinned in the test extra; ``tests/test_kgx.py`` checks them again against that file and runs the real ``kgx``
validator and a kgx load → transform → write round trip over the export):

- ``category`` from the node kind through :data:`BIOLINK_CATEGORY` (the classes ontology/painkg.ttl maps each
  painkg class to); ``iri`` is the node's IRI from the one prefix map (the IRI kgx makes of the same CURIE).
- ``predicate`` is ``PREDICATES[p].biolink`` (copied from predicates.tsv), and ``biolink:related_to`` (the root
  predicate) for the one predicate without a Biolink mapping (``enantiomer_of``); ``original_predicate`` is
  ``painkg:<predicate>``, so no meaning is lost. Biolink states each relation in one *canonical* direction: an
  edge whose Biolink predicate is not canonical (``part_of``, ``is_substrate_of``, ``participates_in``) is written
  with the canonical inverse (:data:`CANONICAL_INVERSE`) and subject and object swapped; ``original_subject`` and
  ``original_object`` then keep painkg's direction.
- every direction-qualified ``biolink:affects`` edge carries ``qualified_predicate`` = ``biolink:causes`` (the
  Biolink 4 pattern "X causes decreased activity of Y"), with the qualifiers predicates.tsv describes
  (:data:`QUALIFIERS`). Association-only statements already use association predicates
  (``associated_with`` → ``biolink:associated_with``, ``correlated_with``, ``biomarker_of`` → ``biolink:biomarker_for``).
- ``negated`` is ``True`` only for refuting and no-effect statements and left empty otherwise (kgx reads the cell
  with ``bool()``, so any text, ``false`` included, would read as negated). ``mixed`` and ``insufficient`` are
  not negations: the ``direction`` column says what the source found.
- ``species_context_qualifier`` (single-valued in Biolink): the statement's species as an NCBITaxon CURIE when it
  names exactly one species that has one (``painkg:rodent``, "species not stated", and the rare statement
  resting on several species keep them in the ``species`` column only); ``supporting_text``: the statement's verbatim quotes (a quote
  holding ``|``, KGX's list delimiter, could not survive the file and is only named in ``painkg_quotes``).
- ``knowledge_level`` = ``knowledge_assertion`` and ``agent_type`` = ``manual_agent`` (values of
  ``KnowledgeLevelEnum`` / ``AgentTypeEnum``): every statement is a curator's assertion from the cited sources.
- ``primary_knowledge_source`` = ``infores:painkg``. The ``infores:<name>`` form is the one the Biolink
  documentation of the ``primary knowledge source`` slot uses (``infores:clinical-trials-gov``,
  ``infores:chembl``); *painkg is not registered in the Translator infores catalogue*, so this is a
  self-assigned id of that form.
- ``publications``: each source that has an identifier, as ``PMID:…``, else ``doi:…``, else ``PMCID:…``, else
  ``CLINICALTRIALS:NCT…``, else its official URL; a source the reference gives no identifier for adds none.
- ``id`` is the statement id, so every edge names the statement it comes from. kgx's *in-memory* transform keys
  edges by subject–predicate–object and keeps one edge per key (biolink/kgx#413; kgx 2.7 crashes on a ``key``
  column, the only other key it reads), so statements sharing a triple (a supporting and a no-effect study, two
  publications of one finding) collapse there; a *streaming* transform (``kgx transform --stream``,
  ``Transformer(stream=True)``) keeps every edge, which ``tests/test_kgx.py`` checks.
- painkg columns (:data:`KGX_EXTRA_EDGE_COLUMNS`): ``direction``, ``contested``, ``contested_by``,
  ``association_only``, ``evidence_type``, ``route``, ``model`` (population or model as the source names it),
  ``context``, ``species`` (every OrganismTaxon id), ``painkg_sources``, ``painkg_quotes``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from painkg.api import KnowledgeGraph
from painkg.graph import NAMESPACES, entity_iri, serialize_ntriples, serialize_turtle
from painkg.model import Entity, Quote, Source, Statement
from painkg.pipeline import Build, atomic_write
from painkg.traverse import mechanism_chains, resolve_node
from painkg.vocab import PREDICATES, Direction, Kind, curie_to_iri

__all__ = [
    "AGENT_TYPE",
    "BIOLINK_CATEGORY",
    "CANONICAL_INVERSE",
    "EXPORTERS",
    "INFORES",
    "KGX_EDGE_COLUMNS",
    "KGX_EXTRA_EDGE_COLUMNS",
    "KGX_LIST_DELIMITER",
    "KGX_NODE_COLUMNS",
    "KNOWLEDGE_LEVEL",
    "MECHANISM_FAMILIES",
    "NEGATED_DIRECTIONS",
    "QUALIFIERS",
    "UnknownFormatError",
    "drugmechdb_paths",
    "export",
    "kgx_tables",
    "publications",
    "source_ref",
]

GraphLike = KnowledgeGraph | Build
Exporter = Callable[[GraphLike, Path], list[Path]]


class UnknownFormatError(ValueError):
    """An export or import format that painkg does not know; the message names it and lists the known ones."""


#: Biolink class of each node kind: the class ontology/painkg.ttl maps the painkg class to
#: (skos:exactMatch / closeMatch; for DrugClass, the relatedMatch biolink:ChemicalEntity).
BIOLINK_CATEGORY: dict[Kind, str] = {
    Kind.Drug: "biolink:Drug",
    Kind.DrugClass: "biolink:ChemicalEntity",
    Kind.Metabolite: "biolink:SmallMolecule",
    Kind.Gene: "biolink:Gene",
    Kind.ProteinComplex: "biolink:MacromolecularComplex",
    Kind.BiologicalProcess: "biolink:BiologicalProcess",
    Kind.PhysiologicalMechanism: "biolink:PhysiologicalProcess",
    Kind.Condition: "biolink:DiseaseOrPhenotypicFeature",
    Kind.AdverseEffect: "biolink:DiseaseOrPhenotypicFeature",
    Kind.Procedure: "biolink:Procedure",
    Kind.Phenotype: "biolink:PhenotypicFeature",
    Kind.OrganismTaxon: "biolink:OrganismTaxon",
    Kind.OntologyClass: "biolink:NamedThing",  # biolink:OntologyClass is a mixin, not a category
}

#: Biolink 4.x qualifiers of the ``biolink:affects`` predicates, as the ``meaning`` column of
#: ../shared/reference/predicates.tsv gives them. ``channel_blocker_of`` and ``negative_allosteric_modulator_of``
#: take those of their parent ``decreases_activity_of`` (the reference names no mechanism qualifier for them).
QUALIFIERS: dict[str, dict[str, str]] = {
    "antagonist_of": {
        "qualified_predicate": "biolink:causes",
        "object_aspect_qualifier": "activity",
        "object_direction_qualifier": "decreased",
        "causal_mechanism_qualifier": "antagonism",
    },
    "agonist_of": {
        "qualified_predicate": "biolink:causes",
        "object_aspect_qualifier": "activity",
        "object_direction_qualifier": "increased",
        "causal_mechanism_qualifier": "agonism",
    },
    "inhibits": {
        "qualified_predicate": "biolink:causes",
        "object_aspect_qualifier": "activity",
        "object_direction_qualifier": "decreased",
        "causal_mechanism_qualifier": "inhibition",
    },
    "decreases_activity_of": {
        "qualified_predicate": "biolink:causes",
        "object_aspect_qualifier": "activity",
        "object_direction_qualifier": "decreased",
    },
    "channel_blocker_of": {
        "qualified_predicate": "biolink:causes",
        "object_aspect_qualifier": "activity",
        "object_direction_qualifier": "decreased",
    },
    "negative_allosteric_modulator_of": {
        "qualified_predicate": "biolink:causes",
        "object_aspect_qualifier": "activity",
        "object_direction_qualifier": "decreased",
    },
    "increases_activity_of": {
        "qualified_predicate": "biolink:causes",
        "object_aspect_qualifier": "activity",
        "object_direction_qualifier": "increased",
    },
    "increases_process": {"qualified_predicate": "biolink:causes", "object_direction_qualifier": "increased"},
    "decreases_process": {"qualified_predicate": "biolink:causes", "object_direction_qualifier": "decreased"},
}

#: Biolink predicates painkg maps to that are not canonical, with the canonical inverse a KGX edge uses instead
#: (``canonical_predicate`` annotations and ``inverse`` slots of biolink_model.yaml; subject and object swap).
CANONICAL_INVERSE: dict[str, str] = {
    "biolink:part_of": "biolink:has_part",
    "biolink:is_substrate_of": "biolink:has_substrate",
    "biolink:participates_in": "biolink:has_participant",
    "biolink:has_gene_product": "biolink:gene_product_of",
}

#: Statement directions KGX marks ``negated``: a refuting or null result. ``mixed``/``insufficient`` are not negations.
NEGATED_DIRECTIONS = frozenset({Direction.refutes, Direction.no_effect})

KNOWLEDGE_LEVEL = "knowledge_assertion"
AGENT_TYPE = "manual_agent"
INFORES = "infores:painkg"

KGX_NODE_COLUMNS = ["id", "category", "name", "description", "synonym", "xref", "iri", "provided_by"]
_QUALIFIER_COLUMNS = [
    "qualified_predicate",
    "object_aspect_qualifier",
    "object_direction_qualifier",
    "causal_mechanism_qualifier",
    "species_context_qualifier",
]
KGX_EXTRA_EDGE_COLUMNS = [
    "direction",
    "contested",
    "contested_by",
    "association_only",
    "evidence_type",
    "route",
    "model",
    "context",
    "species",
    "painkg_sources",
    "painkg_quotes",
]
KGX_EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "original_subject",
    "original_predicate",
    "original_object",
    "negated",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "supporting_text",
    *_QUALIFIER_COLUMNS,
    *KGX_EXTRA_EDGE_COLUMNS,
]
#: KGX's list delimiter: a multivalued cell joins its values with it, so no single value may hold it.
KGX_LIST_DELIMITER = "|"

#: Predicate families a DrugMechDB-style mechanism path may use (vocab.PredicateInfo.family).
MECHANISM_FAMILIES = frozenset({"target", "mechanism", "metabolism", "structure"})

# DrugMechDB node labels (from ../shared/external/README.md's list) for each painkg kind
_DMDB_LABEL: dict[str, str] = {
    Kind.Drug: "Drug",
    Kind.DrugClass: "ChemicalSubstance",
    Kind.Metabolite: "ChemicalSubstance",
    Kind.Gene: "Protein",
    Kind.ProteinComplex: "MacromolecularComplex",
    Kind.BiologicalProcess: "BiologicalProcess",
    Kind.PhysiologicalMechanism: "BiologicalProcess",
    Kind.Condition: "Disease",
    Kind.AdverseEffect: "PhenotypicFeature",
    Kind.Procedure: "BiologicalProcess",
    Kind.Phenotype: "PhenotypicFeature",
    Kind.OrganismTaxon: "OrganismTaxon",
    Kind.OntologyClass: "Disease",
}


def _build(kg: GraphLike) -> Build:
    if isinstance(kg, KnowledgeGraph):
        return kg.build_result
    if isinstance(kg, Build):
        return kg
    raise TypeError(f"expected a KnowledgeGraph or a Build, got {type(kg).__name__}")


def _cell(value: object) -> str:
    """One TSV/CSV cell: tabs and line breaks become spaces, so a row stays one line."""
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _tsv(columns: list[str], rows: list[dict[str, object]]) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(_cell(r.get(c, "")) for c in columns) for r in rows]
    return "\n".join(lines) + "\n"


def _csv(columns: list[str], rows: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({c: _cell(r.get(c, "")) for c in columns})
    return buf.getvalue()


def source_ref(s: Source, *, as_url: bool = False) -> str | None:
    """The identifier of a source, or None when the reference gives it none.

    PMID, else DOI, else PMCID, else ClinicalTrials.gov id (CURIEs, or their IRIs with ``as_url``), else its URL.

    >>> source_ref(Source("x", "rct", pmid="123", doi="10.1/a")), source_ref(Source("y", "rct", nct="NCT01234567"))
    ('PMID:123', 'CLINICALTRIALS:NCT01234567')
    >>> source_ref(Source("x", "rct", pmid="123"), as_url=True)
    'https://pubmed.ncbi.nlm.nih.gov/123'
    """
    for value, curie in ((s.pmid, "PMID:{}"), (s.doi, "doi:{}"), (s.pmcid, "PMCID:{}"), (s.nct, "CLINICALTRIALS:{}")):
        if value:
            return curie_to_iri(curie.format(value)) if as_url else curie.format(value)
    return s.url or None


def _source_refs(statement: Statement, sources: dict[str, Source], *, as_url: bool) -> list[str]:
    refs = (source_ref(sources[sid], as_url=as_url) for sid in statement.sources if sid in sources)
    return list(dict.fromkeys(r for r in refs if r))


def publications(statement: Statement, sources: dict[str, Source]) -> list[str]:
    """The identifiers (:func:`source_ref`) of a statement's sources, in the statement's source order."""
    return _source_refs(statement, sources, as_url=False)


def _source_urls(statement: Statement, sources: dict[str, Source]) -> list[str]:
    """The same as :func:`publications`, as IRIs of the prefix map (PubMed, doi.org, ...)."""
    return _source_refs(statement, sources, as_url=True)


# --- RDF formats ----------------------------------------------------------------------------------------


def export_ttl(kg: GraphLike, out_dir: Path) -> list[Path]:
    """Turtle of the whole graph: ``painkg.ttl``."""
    return atomic_write({"painkg.ttl": serialize_turtle(_build(kg).rdf)}, out_dir)


def export_nt(kg: GraphLike, out_dir: Path) -> list[Path]:
    """N-Triples with sorted lines: ``painkg.nt``."""
    return atomic_write({"painkg.nt": serialize_ntriples(_build(kg).rdf)}, out_dir)


def export_jsonld(kg: GraphLike, out_dir: Path) -> list[Path]:
    """JSON-LD (rdflib's serialiser) compacted with an ``@context`` of painkg's namespaces: ``painkg.jsonld``."""
    text = _build(kg).rdf.serialize(format="json-ld", context=dict(NAMESPACES), indent=1, sort_keys=True)
    return atomic_write({"painkg.jsonld": text}, out_dir)


# --- KGX --------------------------------------------------------------------------------------------------


def _statement_quotes(ds) -> dict[str, list[Quote]]:
    out: dict[str, list[Quote]] = {}
    for q in sorted(ds.quotes, key=lambda q: q.id):
        out.setdefault(q.record, []).append(q)
    return out


def _species_qualifier(st: Statement) -> str:
    """The statement's species as Biolink's single-valued ``species_context_qualifier``.

    Its NCBITaxon CURIE when it names one species that has one; else empty (the ``species`` column has them all).
    """
    taxa = [s for s in st.species if s.startswith("NCBITaxon:")]
    return taxa[0] if len(taxa) == 1 and len(st.species) == 1 else ""


def kgx_tables(kg: GraphLike) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """KGX node and edge rows (dicts keyed by :data:`KGX_NODE_COLUMNS` / :data:`KGX_EDGE_COLUMNS`)."""
    ds = _build(kg).dataset
    sources = {s.id: s for s in ds.sources}
    quotes = _statement_quotes(ds)
    nodes = [
        {
            "id": e.id,
            "category": BIOLINK_CATEGORY[Kind(e.kind)],
            "name": e.label,
            "description": e.description,
            "synonym": "|".join(e.synonyms),
            "xref": "|".join(e.xrefs),
            "iri": str(entity_iri(e.id)),
            "provided_by": INFORES,
        }
        for e in sorted(ds.entities, key=lambda e: e.id)
    ]
    edges = []
    for st in sorted(ds.statements, key=lambda s: s.id):
        info = PREDICATES[st.predicate]
        predicate = info.biolink or "biolink:related_to"
        subject, obj = st.subject, st.object
        inverse = CANONICAL_INVERSE.get(predicate)
        if inverse is not None:
            predicate, subject, obj = inverse, obj, subject
        texts = [q.text for q in quotes.get(st.id, [])]
        row: dict[str, object] = {
            "id": st.id,
            "subject": subject,
            "predicate": predicate,
            "object": obj,
            "original_subject": st.subject if inverse else "",
            "original_predicate": f"painkg:{st.predicate}",
            "original_object": st.object if inverse else "",
            "negated": "True" if st.direction in NEGATED_DIRECTIONS else "",
            "knowledge_level": KNOWLEDGE_LEVEL,
            "agent_type": AGENT_TYPE,
            "primary_knowledge_source": INFORES,
            "publications": KGX_LIST_DELIMITER.join(publications(st, sources)),
            "supporting_text": KGX_LIST_DELIMITER.join(t for t in texts if KGX_LIST_DELIMITER not in t),
            "species_context_qualifier": _species_qualifier(st),
            "direction": st.direction,
            "contested": st.contested,
            "contested_by": KGX_LIST_DELIMITER.join(st.contested_by),
            "association_only": st.association_only,
            "evidence_type": st.evidence_type,
            "route": st.route,
            "model": st.model,
            "context": st.context,
            "species": KGX_LIST_DELIMITER.join(st.species),
            "painkg_sources": KGX_LIST_DELIMITER.join(st.sources),
            "painkg_quotes": KGX_LIST_DELIMITER.join(q.id for q in quotes.get(st.id, [])),
        }
        row.update(QUALIFIERS.get(st.predicate, {}))
        edges.append(row)
    return nodes, edges


def export_kgx(kg: GraphLike, out_dir: Path) -> list[Path]:
    """KGX TSV: ``nodes.tsv`` and ``edges.tsv`` (multivalued cells joined by ``|``)."""
    nodes, edges = kgx_tables(kg)
    return atomic_write(
        {"nodes.tsv": _tsv(KGX_NODE_COLUMNS, nodes), "edges.tsv": _tsv(KGX_EDGE_COLUMNS, edges)}, out_dir
    )


# --- GraphML ----------------------------------------------------------------------------------------------


def graphml_graph(kg: GraphLike) -> nx.MultiDiGraph:
    """A MultiDiGraph with only GraphML-typable attributes (str, bool, int, float; lists joined with ``|``).

    Nodes: label, kind, category (Biolink), iri, synonyms, xrefs, description. Edges (keyed by statement id):
    predicate, biolink_predicate, evidence_type, direction, contested (bool), negated (bool), verified (bool),
    sources, citations, route, population, context, species, n_sources (int), weight (float, = n_sources).
    """
    b = _build(kg)
    ds = b.dataset
    sources = {s.id: s for s in ds.sources}
    g = nx.MultiDiGraph(name="painkg")
    for e in sorted(ds.entities, key=lambda e: e.id):
        g.add_node(
            e.id,
            label=e.label,
            kind=e.kind,
            category=BIOLINK_CATEGORY[Kind(e.kind)],
            iri=str(entity_iri(e.id)),
            synonyms="|".join(e.synonyms),
            xrefs="|".join(e.xrefs),
            description=e.description,
        )
    for st in sorted(ds.statements, key=lambda s: s.id):
        known = [sources[s] for s in st.sources if s in sources]
        g.add_edge(
            st.subject,
            st.object,
            key=st.id,
            predicate=st.predicate,
            biolink_predicate=PREDICATES[st.predicate].biolink or "",
            evidence_type=st.evidence_type,
            direction=st.direction,
            contested=st.contested == "true",
            negated=st.direction != Direction.supports,
            verified=bool(known) and all(s.verified == "true" for s in known),
            sources="|".join(st.sources),
            citations="|".join(publications(st, sources)),
            route=st.route,
            model=st.model,
            context=st.context,
            species="|".join(st.species),
            n_sources=len(st.sources),
            weight=float(len(st.sources)),
        )
    return g


def export_graphml(kg: GraphLike, out_dir: Path) -> list[Path]:
    """GraphML with typed node and edge attributes: ``painkg.graphml``."""
    buf = io.BytesIO()
    nx.write_graphml(graphml_graph(kg), buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return atomic_write({"painkg.graphml": buf.getvalue()}, out_dir)


# --- DrugMechDB -------------------------------------------------------------------------------------------


def _xref(e: Entity, prefix: str) -> str | None:
    if e.id.startswith(prefix + ":"):
        return e.id
    return next((x for x in e.xrefs if x.startswith(prefix + ":")), None)


def _dmdb_node_id(e: Entity) -> str:
    """The id DrugMechDB would use: MeSH for drugs, ``UniProt:`` for gene products, else painkg's CURIE."""
    if e.kind == Kind.Drug:
        return _xref(e, "MESH") or e.id
    if e.kind == Kind.Gene:
        uni = _xref(e, "UniProtKB")
        return f"UniProt:{uni.split(':', 1)[1]}" if uni else e.id
    return e.id


#: Where a DrugMechDB-style mechanism path may end: the disease, or the process the mechanism acts on.
CHAIN_END_KINDS = frozenset({Kind.Condition, Kind.BiologicalProcess, Kind.PhysiologicalMechanism})


def drugmechdb_paths(
    kg: GraphLike,
    drug: str = "CHEBI:6121",
    *,
    max_hops: int = 4,
    min_hops: int = 2,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Mechanism paths of ``drug`` as DrugMechDB path objects (one object per path).

    Each object has DrugMechDB's keys: ``directed``, ``multigraph``, ``graph{_id, drug, drug_mesh, drugbank,
    disease, disease_mesh}``, ``nodes[{id, label, name}]``, ``links[{key, source, target}]``, ``references``
    (PubMed / DOI URLs of the statements on the path) and ``comment``. Paths walk supporting statements only
    whose predicates are of the :data:`MECHANISM_FAMILIES` (target, mechanism, metabolism, structure — never a
    clinical or harm claim) and have ``min_hops``..``max_hops`` edges (:func:`painkg.traverse.mechanism_chains`).

    A path that reaches a Condition is complete, as in DrugMechDB. Where no source links the last mechanism to a
    disease (ketamine's analgesic chain ends at central sensitization: the reference holds no statement from it
    to a pain condition), the path ends at that process and is marked *open*: ``disease`` and ``disease_mesh``
    are ``None`` and ``comment`` says so — painkg does not invent the missing link. Two statements with the same
    predicate on the same hop give one path whose ``references`` join both. Ids come from the curated xrefs:
    ``drugbank`` = ``DB:`` + the DRUGBANK xref, ``drug_mesh`` / ``disease_mesh`` = the MESH id or xref,
    gene products as ``UniProt:`` + the UniProtKB xref.
    """
    b = _build(kg)
    ds = b.dataset
    ents = {e.id: e for e in ds.entities}
    sources = {s.id: s for s in ds.sources}
    statements = {s.id: s for s in ds.statements}
    drug_id = resolve_node(b.nx, drug)
    d = ents[drug_id]
    # a mechanism path walks mechanisms, not clinical or harm claims (ketamine studied_to_treat X is no mechanism)
    mech = nx.subgraph_view(
        b.nx, filter_edge=lambda u, v, k: PREDICATES[b.nx.edges[u, v, k]["predicate"]].family in MECHANISM_FAMILIES
    )
    drugbank = _xref(d, "DRUGBANK")
    drug_mesh = _xref(d, "MESH")
    stem = drugbank.split(":", 1)[1] if drugbank else drug_id.replace(":", "_")
    merged: dict[tuple, dict[str, Any]] = {}
    evidence: dict[tuple, list[str]] = {}  # "statement (evidence level)" of every statement behind a path
    for path in mechanism_chains(mech, drug_id, CHAIN_END_KINDS, max_hops=max_hops, min_hops=min_hops, limit=limit):
        end = ents[path[-1].object]
        complete = end.kind == Kind.Condition
        node_ids = [path[0].subject] + [h.object for h in path]
        links = [
            {
                "key": PREDICATES[h.predicate].label,
                "source": _dmdb_node_id(ents[h.subject]),
                "target": _dmdb_node_id(ents[h.object]),
            }
            for h in path
        ]
        key = tuple((lk["key"], lk["source"], lk["target"]) for lk in links)
        refs: list[str] = []
        for h in path:
            refs += _source_urls(statements[h.statement], sources)
        hops = [f"{h.statement} ({h.evidence_type})" for h in path]
        if key in merged:
            merged[key]["references"] = list(dict.fromkeys(merged[key]["references"] + refs))
            evidence[key] = list(dict.fromkeys(evidence[key] + hops))
            continue
        evidence[key] = hops
        merged[key] = {
            "comment": (
                ""
                if complete
                else f"Open path: no painkg source links {end.label} ({end.id}) to a disease, so the path ends "
                f"there and disease is null. "
            ),
            "directed": True,
            "graph": {
                "_id": "",
                "disease": end.label if complete else None,
                "disease_mesh": _xref(end, "MESH") if complete else None,
                "drug": d.label,
                "drug_mesh": drug_mesh,
                "drugbank": f"DB:{drugbank.split(':', 1)[1]}" if drugbank else None,
            },
            "links": links,
            "multigraph": True,
            "nodes": [
                {"id": _dmdb_node_id(ents[n]), "label": _DMDB_LABEL[ents[n].kind], "name": ents[n].label}
                for n in node_ids
            ],
            "references": list(dict.fromkeys(refs)),
        }
    for key, obj in merged.items():
        obj["comment"] += f"painkg statements: {', '.join(evidence[key])}."
    out = list(merged.values())
    counters: dict[str, int] = {}
    for obj in out:
        end_id = obj["graph"]["disease_mesh"] or obj["nodes"][-1]["id"]
        tail = end_id.replace(":", "_") if obj["graph"]["disease"] else "open_" + end_id.replace(":", "_")
        counters[tail] = counters.get(tail, 0) + 1
        obj["graph"]["_id"] = f"{stem}_{tail}_{counters[tail]}"
    return out


def export_drugmechdb(kg: GraphLike, out_dir: Path) -> list[Path]:
    """Ketamine's mechanism paths as a DrugMechDB YAML list: ``painkg_drugmechdb_paths.yaml``."""
    text = yaml.safe_dump(drugmechdb_paths(kg), sort_keys=True, allow_unicode=True, default_flow_style=False)
    return atomic_write({"painkg_drugmechdb_paths.yaml": text}, out_dir)


# --- CSV --------------------------------------------------------------------------------------------------

CSV_NODE_COLUMNS = ["id", "kind", "label", "category", "synonyms", "xrefs", "description", "note"]
CSV_EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "biolink_predicate",
    "evidence_type",
    "direction",
    "contested",
    "route",
    "model",
    "context",
    "species",
    "sources",
    "publications",
    "note",
]


def export_csv(kg: GraphLike, out_dir: Path) -> list[Path]:
    """Plain CSV tables: ``nodes.csv`` (entities) and ``edges.csv`` (statements, every direction)."""
    ds = _build(kg).dataset
    sources = {s.id: s for s in ds.sources}
    nodes = [
        {
            "id": e.id,
            "kind": e.kind,
            "label": e.label,
            "category": BIOLINK_CATEGORY[Kind(e.kind)],
            "synonyms": "|".join(e.synonyms),
            "xrefs": "|".join(e.xrefs),
            "description": e.description,
            "note": e.note,
        }
        for e in sorted(ds.entities, key=lambda e: e.id)
    ]
    edges = [
        {
            "id": st.id,
            "subject": st.subject,
            "predicate": st.predicate,
            "object": st.object,
            "biolink_predicate": PREDICATES[st.predicate].biolink or "",
            "evidence_type": st.evidence_type,
            "direction": st.direction,
            "contested": st.contested,
            "route": st.route,
            "model": st.model,
            "context": st.context,
            "species": "|".join(st.species),
            "sources": "|".join(st.sources),
            "publications": "|".join(publications(st, sources)),
            "note": st.note,
        }
        for st in sorted(ds.statements, key=lambda s: s.id)
    ]
    return atomic_write(
        {"nodes.csv": _csv(CSV_NODE_COLUMNS, nodes), "edges.csv": _csv(CSV_EDGE_COLUMNS, edges)}, out_dir
    )


#: Exporters by format name (STYLE habit 7): ``EXPORTERS["kgx"](kg, Path("out"))``.
EXPORTERS: dict[str, Exporter] = {
    "ttl": export_ttl,
    "nt": export_nt,
    "jsonld": export_jsonld,
    "kgx": export_kgx,
    "graphml": export_graphml,
    "drugmechdb": export_drugmechdb,
    "csv": export_csv,
}


def export(kg: GraphLike, fmt: str, out_dir: Path | str) -> list[Path]:
    """Write ``kg`` in format ``fmt`` into ``out_dir``; an unknown format raises :class:`UnknownFormatError`.

    >>> export(None, "xlsx", "out")
    Traceback (most recent call last):
    ...
    painkg.io.export.UnknownFormatError: unknown export format 'xlsx'; known formats: ttl, nt, jsonld, kgx, graphml, drugmechdb, csv
    """
    try:
        exporter = EXPORTERS[fmt]
    except KeyError:
        raise UnknownFormatError(f"unknown export format '{fmt}'; known formats: {', '.join(EXPORTERS)}") from None
    return exporter(kg, Path(out_dir))
