"""Exporters: the curated graph in the formats other tools read, looked up by name in :data:`EXPORTERS`.

Every format has a renderer in :data:`RENDERERS` (``kg -> {file name: text or bytes}``); :data:`EXPORTERS` wraps each
as ``(kg_or_build, out_dir) -> list[Path]``, which writes the files atomically (all of them or none,
:func:`painkg.pipeline.atomic_write`) and returns their paths. :func:`render_single` gives the one file of a
single-file format for standard output (``painkg export --out -``):

==============  =========================================  ========================================================
name            files                                      what
==============  =========================================  ========================================================
``ttl``         painkg.ttl                                 Turtle of the whole graph (data + ontology), deterministic
``nt``          painkg.nt                                  N-Triples, lines sorted (byte-identical for identical graphs)
``jsonld``      painkg.jsonld                              JSON-LD whose ``@context`` compacts every IRI prefix used
``kgx``         nodes.tsv, edges.tsv                       KGX TSV with Biolink categories, predicates and qualifiers
``graphml``     painkg.graphml                             GraphML with typed attributes (Gephi, Cytoscape, igraph)
``drugmechdb``  painkg_drugmechdb_paths.yaml,              ketamine's complete mechanism paths in DrugMechDB's schema;
                painkg_drugmechdb_open_paths.yaml          the chains that are not (yet) such a path, each saying why
``csv``         nodes.csv, edges.csv                       plain tables of entities and statements
==============  =========================================  ========================================================

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
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import yaml
from rdflib import Graph, Literal, URIRef

from painkg.api import KnowledgeGraph
from painkg.graph import NAMESPACES, entity_iri, serialize_ntriples, serialize_turtle
from painkg.io import drugmechdb as dmdb
from painkg.model import Entity, Quote, Source, Statement
from painkg.pipeline import Build, atomic_write
from painkg.traverse import mechanism_chains, resolve_node
from painkg.vocab import ASSOCIATION_PREDICATES, EVIDENCE_RANK, PREDICATES, Direction, Kind, converter, curie_to_iri

__all__ = [
    "AGENT_TYPE",
    "BIOLINK_CATEGORY",
    "CANONICAL_INVERSE",
    "CHAIN_END_KINDS",
    "DRUGMECHDB_FILE",
    "DRUGMECHDB_OPEN_FILE",
    "EXPORTERS",
    "FILES",
    "INFORES",
    "KGX_EDGE_COLUMNS",
    "KGX_EXTRA_EDGE_COLUMNS",
    "KGX_LIST_DELIMITER",
    "KGX_NODE_COLUMNS",
    "KNOWLEDGE_LEVEL",
    "MECHANISM_FAMILIES",
    "NEGATED_DIRECTIONS",
    "QUALIFIERS",
    "RENDERERS",
    "SINGLE_FILE_FORMATS",
    "DrugMechDBPaths",
    "MultiFileFormatError",
    "UnknownFormatError",
    "drugmechdb_paths",
    "export",
    "graphml_graph",
    "jsonld_context",
    "kgx_tables",
    "publications",
    "render",
    "render_single",
    "source_ref",
    "xml_safe",
]

GraphLike = KnowledgeGraph | Build
Files = dict[str, str | bytes]
Renderer = Callable[[GraphLike], Files]
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


def render_ttl(kg: GraphLike) -> Files:
    """Turtle of the whole graph: ``painkg.ttl``."""
    return {"painkg.ttl": serialize_turtle(_build(kg).rdf)}


def render_nt(kg: GraphLike) -> Files:
    """N-Triples with sorted lines: ``painkg.nt``."""
    return {"painkg.nt": serialize_ntriples(_build(kg).rdf)}


def jsonld_context(g: Graph) -> dict[str, str]:
    """A prefix for every IRI namespace ``g`` uses: name → IRI prefix.

    painkg's namespaces (:data:`painkg.graph.NAMESPACES`) first (``painkg:`` is the vocabulary, so an entity minted
    by painkg compacts as ``pkid:entity/…``); then the prefix of the one prefix map that expands back to each
    remaining IRI exactly (``CHEBI``, ``MESH``, ``HGNC``, ``PMID``, ``doi``, ...); ``obo`` only for OBO PURLs no
    prefix of the map covers.
    """
    spaces = {k: v for k, v in NAMESPACES.items() if k != "obo"}
    iris = {t for triple in g for t in triple if isinstance(t, URIRef)}
    iris |= {t.datatype for (_s, _p, t) in g if isinstance(t, Literal) and t.datatype is not None}
    context = dict(spaces)
    conv = converter()
    for iri in sorted(iris):
        text = str(iri)
        if any(text.startswith(ns) for ns in spaces.values()):
            continue
        curie = conv.compress(text)
        if curie is not None and conv.expand(curie) == text and curie.split(":", 1)[0] not in spaces:
            prefix = curie.split(":", 1)[0]
            context[prefix] = conv.prefix_map[prefix]
        elif text.startswith(NAMESPACES["obo"]):
            context["obo"] = NAMESPACES["obo"]
    return dict(sorted(context.items()))


_GEN_DELIMS = (":", "/", "?", "#", "[", "]", "@")
_KEYWORD_IRI_KEYS = ("@id", "@type")


def _compacter(prefixes: dict[str, str]) -> Callable[[str], str]:
    """``iri`` → ``prefix:rest`` with the longest matching prefix (an IRI no prefix covers stays as it is)."""
    by_length = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def compact(iri: str) -> str:
        if not iri.startswith(("http://", "https://")):
            return iri
        for name, ns in by_length:
            if iri.startswith(ns) and not iri[len(ns) :].startswith("//"):
                return f"{name}:{iri[len(ns) :]}"
        return iri

    return compact


def _compact_doc(node: Any, compact: Callable[[str], str]) -> Any:
    if isinstance(node, list):
        return [_compact_doc(x, compact) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in _KEYWORD_IRI_KEYS:
            value = [compact(v) for v in value] if isinstance(value, list) else compact(value)
        elif key != "@context":
            value = _compact_doc(value, compact)
        out[key if key.startswith("@") else compact(key)] = value
    return out


def render_jsonld(kg: GraphLike) -> Files:
    """JSON-LD of the whole graph whose ``@context`` compacts every IRI prefix it uses: ``painkg.jsonld``.

    rdflib writes the document; its compaction only shortens IRIs whose namespace ends at their last ``/``, so
    every remaining ``@id``, ``@type`` and property IRI is compacted with the longest prefix of
    :func:`jsonld_context`. A prefix whose IRI does not end with a JSON-LD gen-delim (``…/obo/CHEBI_``) is declared
    with ``"@prefix": true``, so JSON-LD 1.1 processors (and rdflib) expand ``CHEBI:6121`` back to the same IRI.
    """
    import json

    g = _build(kg).rdf
    prefixes = jsonld_context(g)
    doc = json.loads(g.serialize(format="json-ld", context=prefixes, sort_keys=True))
    doc = _compact_doc(doc, _compacter(prefixes))
    doc["@context"] = {
        name: ns if ns.endswith(_GEN_DELIMS) else {"@id": ns, "@prefix": True} for name, ns in prefixes.items()
    }
    text = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    return {"painkg.jsonld": text}


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


def render_kgx(kg: GraphLike) -> Files:
    """KGX TSV: ``nodes.tsv`` and ``edges.tsv`` (multivalued cells joined by ``|``)."""
    nodes, edges = kgx_tables(kg)
    return {"nodes.tsv": _tsv(KGX_NODE_COLUMNS, nodes), "edges.tsv": _tsv(KGX_EDGE_COLUMNS, edges)}


# --- GraphML ----------------------------------------------------------------------------------------------


#: Characters XML 1.0 forbids (C0 controls but tab, newline and carriage return; surrogates; U+FFFE and U+FFFF).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    r"""``text`` without the characters XML 1.0 cannot hold (a GraphML reader would reject the whole file).

    >>> xml_safe("a\x0bb\ufffec")
    'abc'
    """
    return _XML_ILLEGAL.sub("", text)


def _xml_attrs(attrs: dict[str, object]) -> dict[str, object]:
    return {k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()}


def graphml_graph(kg: GraphLike) -> nx.MultiDiGraph:
    """A MultiDiGraph with only GraphML-typable attributes (str, bool, int, float; lists joined with ``|``).

    Nodes: label, kind, category (Biolink), iri, synonyms, xrefs, description. Edges (keyed by statement id, and
    carrying it as ``statement_id``, since tools such as igraph drop GraphML edge ids): statement_id, label (the
    predicate's label, what Gephi and Cytoscape show), predicate, biolink_predicate, evidence_type, direction,
    contested (bool), negated (bool: a refuting or no-effect statement), association_only (bool), verified (bool),
    sources, citations, route, model, context, species, n_sources (int), weight (float, = n_sources). Text is
    stripped of characters XML 1.0 forbids (:func:`xml_safe`).
    """
    b = _build(kg)
    ds = b.dataset
    sources = {s.id: s for s in ds.sources}
    g = nx.MultiDiGraph(name="painkg")
    for e in sorted(ds.entities, key=lambda e: e.id):
        attrs: dict[str, object] = {
            "label": e.label,
            "kind": e.kind,
            "category": BIOLINK_CATEGORY[Kind(e.kind)],
            "iri": str(entity_iri(e.id)),
            "synonyms": "|".join(e.synonyms),
            "xrefs": "|".join(e.xrefs),
            "description": e.description,
        }
        g.add_node(e.id, **_xml_attrs(attrs))
    for st in sorted(ds.statements, key=lambda s: s.id):
        known = [sources[s] for s in st.sources if s in sources]
        attrs = {
            "statement_id": st.id,
            "label": PREDICATES[st.predicate].label,
            "predicate": st.predicate,
            "biolink_predicate": PREDICATES[st.predicate].biolink or "",
            "evidence_type": st.evidence_type,
            "direction": st.direction,
            "contested": st.contested == "true",
            "negated": st.direction in NEGATED_DIRECTIONS,
            "association_only": st.association_only == "true",
            "verified": bool(known) and all(s.verified == "true" for s in known),
            "sources": "|".join(st.sources),
            "citations": "|".join(publications(st, sources)),
            "route": st.route,
            "model": st.model,
            "context": st.context,
            "species": "|".join(st.species),
            "n_sources": len(st.sources),
            "weight": float(len(st.sources)),
        }
        g.add_edge(st.subject, st.object, key=st.id, **_xml_attrs(attrs))
    return g


def render_graphml(kg: GraphLike) -> Files:
    """GraphML with typed node and edge attributes: ``painkg.graphml``."""
    buf = io.BytesIO()
    nx.write_graphml(graphml_graph(kg), buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return {"painkg.graphml": buf.getvalue()}


# --- DrugMechDB -------------------------------------------------------------------------------------------

#: Where a DrugMechDB-style mechanism path may end: the disease, or the process the mechanism acts on.
CHAIN_END_KINDS = frozenset({Kind.Condition, Kind.BiologicalProcess, Kind.PhysiologicalMechanism})
#: Predicates a chemical may not start a mechanism hop with: a drug causing a condition is a harm, not how it
#: treats one (a process or target causing a condition is a mechanism hop).
_HARM_FROM_CHEMICAL = frozenset({"causes_condition", "contributes_to"})
_CHEMICALS = frozenset({Kind.Drug, Kind.DrugClass, Kind.Metabolite})
DRUGMECHDB_FILE = "painkg_drugmechdb_paths.yaml"
DRUGMECHDB_OPEN_FILE = "painkg_drugmechdb_open_paths.yaml"


@dataclass
class DrugMechDBPaths:
    """Mechanism paths of a drug as DrugMechDB path objects.

    ``complete``: drug → … → disease, every hop a supporting, sourced statement and every node an id with a
    DrugMechDB prefix: each passes DrugMechDB's own path tests. ``open``: the chains that are not such a path (no
    source links the last mechanism to a disease, or a node has no DrugMechDB id); each ``comment`` says why.
    """

    complete: list[dict[str, Any]]
    open: list[dict[str, Any]]


def _walkable(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    def ok(u: str, _v: str, k: str) -> bool:
        pred = g.edges[u, _v, k]["predicate"]
        if pred not in dmdb.LINK_KEY:
            return False
        return not (pred in _HARM_FROM_CHEMICAL and g.nodes[u].get("kind") in _CHEMICALS)

    return nx.subgraph_view(g, filter_edge=ok)


def _why_not_complete(nodes: list[Entity], ids: list[str | None]) -> str | None:
    end = nodes[-1]
    if end.kind != Kind.Condition:
        return f"no painkg source links {end.label} ({end.id}) to a disease, so the path ends there"
    if dmdb.entity_xref(end, "MESH") is None:
        return f"the disease {end.label} ({end.id}) has no MeSH id in identifiers.tsv (DrugMechDB's disease_mesh)"
    missing = [f"{e.label} ({e.id})" for e, i in zip(nodes, ids, strict=True) if i is None]
    if missing:
        return f"{', '.join(missing)} has no identifier with a prefix DrugMechDB uses"
    if len(set(ids)) < len(ids):
        return "two nodes of the path share one DrugMechDB id"
    return None


def _path_comment(hops: list[list], ents: dict[str, Entity], why: str | None) -> str:
    """Hop by hop: the statements (painkg predicate, evidence level); association-only and contested hops; weakest level.

    A hop is association only, or contested, when every statement on it is.
    """
    parts = []
    assoc, contested = [], []
    weakest: Statement | None = None  # the best-supported statement of the worst-supported hop
    for n, sts in enumerate(hops, start=1):
        first = sts[0]
        label = f"{ents[first.subject].label} -> {ents[first.object].label}"
        parts.append(f"{n}. {label}: " + ", ".join(f"{st.id} ({st.predicate}, {st.evidence_type})" for st in sts))
        if all(st.association_only == "true" or st.predicate in ASSOCIATION_PREDICATES for st in sts):
            assoc.append(str(n))
        if all(st.contested == "true" for st in sts):
            contested.append(str(n))
        best = min(sts, key=lambda st: EVIDENCE_RANK.get(st.evidence_type, 9))
        if weakest is None or EVIDENCE_RANK.get(best.evidence_type, 9) > EVIDENCE_RANK.get(weakest.evidence_type, 9):
            weakest = best
    text = f"Open path: {why}. " if why else ""
    text += "painkg statements, hop by hop: " + "; ".join(parts) + "."
    if assoc:
        text += f" Association only (no causal claim), written 'correlated with': hop {', '.join(assoc)}."
    if contested:
        text += f" Contested: hop {', '.join(contested)}."
    if weakest is not None:
        text += (
            f" Weakest evidence level on the path: {weakest.evidence_type} (a path is never stronger than its "
            "weakest hop)."
        )
    return text


def drugmechdb_paths(
    kg: GraphLike,
    drug: str = "CHEBI:6121",
    *,
    max_hops: int = 5,
    min_hops: int = 2,
    limit: int = 1_000,
) -> DrugMechDBPaths:
    """Mechanism paths of ``drug`` as DrugMechDB path objects: complete ones and open ones (:class:`DrugMechDBPaths`).

    Paths walk supporting statements whose predicate has a DrugMechDB key (:data:`painkg.io.drugmechdb.LINK_KEY`:
    targets, mechanisms, structure, association and the subclass links that roll a phenotype up to a disease;
    never a clinical claim or a drug's harm), ``min_hops``..``max_hops`` long, maximal, ending at the first
    Condition (:func:`painkg.traverse.mechanism_chains`). Statements with the same predicate on the same hop give
    one path whose ``references`` and ``comment`` join them. ``references`` are the sources' IRIs (PubMed, doi.org,
    ...). Ids and the ``graph`` fields come from the entities' ids and xrefs only (:mod:`painkg.io.drugmechdb`).
    """
    b = _build(kg)
    ds = b.dataset
    ents = {e.id: e for e in ds.entities}
    sources = {s.id: s for s in ds.sources}
    statements = {s.id: s for s in ds.statements}
    drug_id = resolve_node(b.nx, drug)
    d = ents[drug_id]
    drug_mesh = dmdb.entity_xref(d, "MESH")
    drugbank = dmdb.drugbank_id(d)
    stem = drugbank.split(":", 1)[1] if drugbank else drug_id.replace(":", "_")
    merged: dict[tuple, dict[str, Any]] = {}
    hops_of: dict[tuple, list[list]] = {}
    why_of: dict[tuple, str | None] = {}
    chains = mechanism_chains(
        _walkable(b.nx), drug_id, CHAIN_END_KINDS, max_hops=max_hops, min_hops=min_hops, limit=limit
    )
    for path in chains:
        nodes = [ents[path[0].subject]] + [ents[h.object] for h in path]
        ids = [drug_mesh or drugbank] + [dmdb.dmdb_id(e) for e in nodes[1:]]
        why = _why_not_complete(nodes, ids)
        shown = [i or e.id for i, e in zip(ids, nodes, strict=True)]
        links = [
            {"key": dmdb.LINK_KEY[h.predicate], "source": shown[n], "target": shown[n + 1]} for n, h in enumerate(path)
        ]
        key = (why is None, *((lk["key"], lk["source"], lk["target"]) for lk in links))
        refs = [r for h in path for r in _source_urls(statements[h.statement], sources)]
        if key in merged:
            merged[key]["references"] = list(dict.fromkeys(merged[key]["references"] + refs))
            for hop, h in zip(hops_of[key], path, strict=True):
                if all(st.id != h.statement for st in hop):
                    hop.append(statements[h.statement])
            continue
        hops_of[key] = [[statements[h.statement]] for h in path]
        why_of[key] = why
        end = nodes[-1]
        disease = why is None or end.kind == Kind.Condition
        merged[key] = {
            "comment": "",
            "directed": True,
            "graph": {
                "_id": "",
                "disease": end.label if disease else None,
                "disease_mesh": dmdb.entity_xref(end, "MESH") if disease else None,
                "drug": d.label,
                "drug_mesh": drug_mesh,
                "drugbank": drugbank,
            },
            "links": links,
            "multigraph": True,
            "nodes": [
                {"id": i, "label": dmdb.KIND_LABEL[e.kind], "name": e.label} for i, e in zip(shown, nodes, strict=True)
            ],
            "references": list(dict.fromkeys(refs)),
        }
    complete: list[dict[str, Any]] = []
    open_: list[dict[str, Any]] = []
    counters: dict[str, int] = {}
    for key, obj in merged.items():
        why = why_of[key]
        for hop in hops_of[key]:
            hop.sort(key=lambda st: st.id)
        obj["comment"] = _path_comment(hops_of[key], ents, why)
        end_id = obj["graph"]["disease_mesh"] or obj["nodes"][-1]["id"]
        tail = end_id.replace(":", "_") if why is None else "open_" + end_id.replace(":", "_")
        counters[tail] = counters.get(tail, 0) + 1
        obj["graph"]["_id"] = f"{stem}_{tail}_{counters[tail]}"
        (complete if why is None else open_).append(obj)
    return DrugMechDBPaths(complete, open_)


def render_drugmechdb(kg: GraphLike) -> Files:
    """Ketamine's mechanism paths as DrugMechDB YAML lists: complete paths and open ones in a separate file."""
    return _drugmechdb_files(kg)


def _drugmechdb_files(kg: GraphLike) -> dict[str, str]:
    paths = drugmechdb_paths(kg)

    def dump(items: list[dict[str, Any]]) -> str:
        return yaml.safe_dump(items, sort_keys=True, allow_unicode=True, default_flow_style=False, width=120)

    return {DRUGMECHDB_FILE: dump(paths.complete), DRUGMECHDB_OPEN_FILE: dump(paths.open)}


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


def render_csv(kg: GraphLike) -> Files:
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
    return {"nodes.csv": _csv(CSV_NODE_COLUMNS, nodes), "edges.csv": _csv(CSV_EDGE_COLUMNS, edges)}


#: Renderers by format name (STYLE habit 7): each returns the files of its format, name → text or bytes.
RENDERERS: dict[str, Renderer] = {
    "ttl": render_ttl,
    "nt": render_nt,
    "jsonld": render_jsonld,
    "kgx": render_kgx,
    "graphml": render_graphml,
    "drugmechdb": render_drugmechdb,
    "csv": render_csv,
}
#: File names each format writes; a format with one file can also be written to standard output.
FILES: dict[str, tuple[str, ...]] = {
    "ttl": ("painkg.ttl",),
    "nt": ("painkg.nt",),
    "jsonld": ("painkg.jsonld",),
    "kgx": ("nodes.tsv", "edges.tsv"),
    "graphml": ("painkg.graphml",),
    "drugmechdb": (DRUGMECHDB_FILE, DRUGMECHDB_OPEN_FILE),
    "csv": ("nodes.csv", "edges.csv"),
}
SINGLE_FILE_FORMATS = tuple(fmt for fmt, names in FILES.items() if len(names) == 1)


def _exporter(renderer: Renderer) -> Exporter:
    def write(kg: GraphLike, out_dir: Path) -> list[Path]:
        return atomic_write(renderer(kg), out_dir)

    write.__doc__ = renderer.__doc__
    return write


#: Exporters by format name: ``EXPORTERS["kgx"](kg, Path("out"))`` writes the files of :data:`RENDERERS` atomically.
EXPORTERS: dict[str, Exporter] = {fmt: _exporter(r) for fmt, r in RENDERERS.items()}


class MultiFileFormatError(ValueError):
    """A format that writes several files was asked for on standard output."""


def render(kg: GraphLike, fmt: str) -> Files:
    """The files of ``kg`` in format ``fmt`` (name → text or bytes), without writing them."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise UnknownFormatError(f"unknown export format '{fmt}'; known formats: {', '.join(RENDERERS)}") from None
    return renderer(kg)


def render_single(kg: GraphLike, fmt: str) -> bytes:
    """The one file of a single-file format as bytes (for standard output); other formats raise a clear error.

    >>> render_single(None, "kgx")
    Traceback (most recent call last):
    ...
    painkg.io.export.MultiFileFormatError: format 'kgx' writes 2 files (nodes.tsv, edges.tsv), so it cannot go to standard output; give a directory with --out, or use a single-file format: ttl, nt, jsonld, graphml
    """
    if fmt in FILES and len(FILES[fmt]) != 1:
        raise MultiFileFormatError(
            f"format '{fmt}' writes {len(FILES[fmt])} files ({', '.join(FILES[fmt])}), so it cannot go to standard "
            f"output; give a directory with --out, or use a single-file format: {', '.join(SINGLE_FILE_FORMATS)}"
        )
    [content] = render(kg, fmt).values()
    return content if isinstance(content, bytes) else content.encode("utf-8")


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
