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

KGX choices (each value was checked in ``biolink_model/schema/biolink_model.yaml`` of biolink-model 4.4.6,
and ``tests/test_io.py`` checks them again against that file):

- ``category`` from the node kind through :data:`BIOLINK_CATEGORY` (the classes ontology/painkg.ttl maps each
  painkg class to); ``predicate`` is ``PREDICATES[p].biolink`` (copied from predicates.tsv), and
  ``biolink:related_to`` (the root predicate) for the one predicate without a Biolink mapping
  (``enantiomer_of``); ``original_predicate`` is ``painkg:<predicate>``, so no meaning is lost; the qualifiers
  that predicates.tsv describes for the ``biolink:affects`` predicates are in :data:`QUALIFIERS`.
- ``knowledge_level`` = ``knowledge_assertion`` and ``agent_type`` = ``manual_agent`` (values of
  ``KnowledgeLevelEnum`` / ``AgentTypeEnum``): every statement is a curator's assertion from the cited sources.
- ``primary_knowledge_source`` = ``infores:painkg``. The ``infores:<name>`` form is the one the Biolink
  documentation of the ``primary knowledge source`` slot uses (``infores:clinical-trials-gov``,
  ``infores:chembl``); *painkg is not registered in the Translator infores catalogue*, so this is a
  self-assigned id of that form.
- ``publications`` = ``PMID:…`` / ``doi:…`` CURIEs of the statement's sources (the source URL when it has neither).
- refuting and no-effect statements are exported with ``negated`` = ``true``, never as plain positive edges;
  ``direction``, ``contested``, ``evidence_type`` (and route, population, context, species, the painkg source
  keys as ``painkg_sources``) are extra columns.
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
from painkg.model import Entity, Source, Statement
from painkg.pipeline import Build, atomic_write
from painkg.traverse import mechanism_chains, resolve_node
from painkg.vocab import PREDICATES, Direction, Kind

__all__ = [
    "AGENT_TYPE",
    "BIOLINK_CATEGORY",
    "EXPORTERS",
    "INFORES",
    "KGX_EDGE_COLUMNS",
    "KGX_EXTRA_EDGE_COLUMNS",
    "KGX_NODE_COLUMNS",
    "KNOWLEDGE_LEVEL",
    "MECHANISM_FAMILIES",
    "QUALIFIERS",
    "UnknownFormatError",
    "drugmechdb_paths",
    "export",
    "kgx_tables",
    "publications",
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
        "object_aspect_qualifier": "activity",
        "object_direction_qualifier": "decreased",
        "causal_mechanism_qualifier": "inhibition",
    },
    "decreases_activity_of": {"object_aspect_qualifier": "activity", "object_direction_qualifier": "decreased"},
    "channel_blocker_of": {"object_aspect_qualifier": "activity", "object_direction_qualifier": "decreased"},
    "negative_allosteric_modulator_of": {
        "object_aspect_qualifier": "activity",
        "object_direction_qualifier": "decreased",
    },
    "increases_activity_of": {"object_aspect_qualifier": "activity", "object_direction_qualifier": "increased"},
    "increases_process": {"qualified_predicate": "biolink:causes", "object_direction_qualifier": "increased"},
    "decreases_process": {"object_direction_qualifier": "decreased"},
}

KNOWLEDGE_LEVEL = "knowledge_assertion"
AGENT_TYPE = "manual_agent"
INFORES = "infores:painkg"

KGX_NODE_COLUMNS = ["id", "category", "name", "description", "synonym", "xref", "iri", "provided_by"]
_QUALIFIER_COLUMNS = [
    "qualified_predicate",
    "object_aspect_qualifier",
    "object_direction_qualifier",
    "causal_mechanism_qualifier",
]
KGX_EXTRA_EDGE_COLUMNS = [
    "direction",
    "contested",
    "evidence_type",
    "route",
    "model",
    "context",
    "species",
    "painkg_sources",
]
KGX_EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "original_predicate",
    "negated",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    *_QUALIFIER_COLUMNS,
    *KGX_EXTRA_EDGE_COLUMNS,
]

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


def _source_refs(statement: Statement, sources: dict[str, Source], pmid: str, doi: str) -> list[str]:
    """Each source of a statement as its PMID, else DOI (``pmid``/``doi`` format templates), else URL; deduplicated."""
    out: list[str] = []
    for sid in statement.sources:
        s = sources.get(sid)
        if s is None:
            continue
        if s.pmid:
            out.append(pmid.format(s.pmid))
        elif s.doi:
            out.append(doi.format(s.doi))
        elif s.url:
            out.append(s.url)
    return list(dict.fromkeys(out))


def publications(statement: Statement, sources: dict[str, Source]) -> list[str]:
    """``PMID:…`` / ``doi:…`` CURIEs (or the URL) of a statement's sources, in the statement's source order."""
    return _source_refs(statement, sources, "PMID:{}", "doi:{}")


def _source_urls(statement: Statement, sources: dict[str, Source]) -> list[str]:
    """PubMed / doi.org URLs (or the official URL) of a statement's sources, in the statement's source order."""
    return _source_refs(statement, sources, "https://pubmed.ncbi.nlm.nih.gov/{}", "https://doi.org/{}")


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


def kgx_tables(kg: GraphLike) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """KGX node and edge rows (dicts keyed by :data:`KGX_NODE_COLUMNS` / :data:`KGX_EDGE_COLUMNS`)."""
    ds = _build(kg).dataset
    sources = {s.id: s for s in ds.sources}
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
        row: dict[str, object] = {
            "id": st.id,
            "subject": st.subject,
            "predicate": info.biolink or "biolink:related_to",
            "object": st.object,
            "original_predicate": f"painkg:{st.predicate}",
            "negated": "false" if st.direction == Direction.supports else "true",
            "knowledge_level": KNOWLEDGE_LEVEL,
            "agent_type": AGENT_TYPE,
            "primary_knowledge_source": INFORES,
            "publications": "|".join(publications(st, sources)),
            "direction": st.direction,
            "contested": st.contested,
            "evidence_type": st.evidence_type,
            "route": st.route,
            "model": st.model,
            "context": st.context,
            "species": "|".join(st.species),
            "painkg_sources": "|".join(st.sources),
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
