"""Importers: DrugMechDB, Hetionet and KGX files into their own named graph of an Oxigraph store.

``import_file(store, "hetionet", [path], entities)`` reads the whole file, maps its identifiers to painkg's,
validates everything, and only then loads the triples into the named graph
``https://w3id.org/painkg/id/graph/<name>`` in one transaction. A bad file raises
:class:`ImportFileError` naming the file and line, and leaves the store exactly as it was; the curated
graph (the default graph) is never written to.

**Identifier mapping** (:class:`IdMapper`) uses only the curated entities: a source id maps to a painkg
entity when it *is* a painkg entity id or is listed in exactly one entity's ``xrefs`` (which come from the
reference identifiers.tsv). An id listed in the xrefs of several entities is *ambiguous* and stays
unmapped, like ids with no xref; both are reported (:attr:`ImportReport.unmapped`), never guessed.
Before the look-up, a source's way of writing a prefix is rewritten to painkg's through the one prefix map
(:func:`painkg.vocab.standardize_curie`: its prefix synonyms come from bioregistry, so DrugMechDB's ``UniProt:``,
``reactome:`` and ``taxonomy:`` become ``UniProtKB:``, ``REACT:`` and ``NCBITaxon:``; ``DB:`` is declared as
DrugMechDB's spelling of ``DRUGBANK:``), and Hetionet's ``Kind::id`` node ids become CURIEs by kind
(:data:`HETIONET_KINDS`).

**RDF shape of an import** (all in the import's named graph): a mapped node keeps painkg's IRI, an unmapped
one gets the IRI the prefix map gives its CURIE whenever the map knows the prefix (painkg's own prefixes and
every prefix of the Biolink model's map, so two imports, and kgx, meet on it); only an id whose prefix the map
does not know gets an IRI minted under ``https://w3id.org/painkg/id/curie/``. Each node carries ``imp:sourceId`` (the id as the
file writes it), ``skos:prefLabel`` (its name) and ``imp:category``. Each edge is a plain triple with a
source-specific predicate (Biolink IRIs for KGX ``biolink:`` predicates) *and* an ``imp:Edge`` node with
its subject, predicate, object and the file's edge attributes (licence, PubMed ids, path, …). Imports never
use painkg's own predicates, ``rdfs:label``, ``dcterms:identifier`` or ``rdfs:subClassOf``, so the
competency questions give the curated answers even when run over the union of all graphs. The graph
itself is described inside it: ``dcterms:license``, ``dcterms:source`` (origin), file names, counts.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

from painkg.api import KnowledgeGraph
from painkg.model import Dataset, Entity
from painkg.pipeline import Build
from painkg.store import OxigraphStore, StoreError, store_os_error
from painkg.vocab import BASE, BIOLINK, ID_BASE, curie_problem, curie_to_iri, standardize_curie

__all__ = [
    "DEFAULT_LICENSES",
    "GRAPH_BASE",
    "HETIONET_KINDS",
    "IMP",
    "IMPORTERS",
    "MAX_YAML_BYTES",
    "RESERVED_PREDICATES",
    "SCHEMA_NAMESPACES",
    "IdMapper",
    "ImportConflictError",
    "ImportFileError",
    "ImportReport",
    "Parsed",
    "graph_iri",
    "hetionet_id",
    "import_file",
    "imported_graphs",
    "load_yaml",
    "normalise_curie",
    "read_lines",
    "tsv_rows",
]

#: Named graphs of imports live under this IRI: ``GRAPH_BASE + name``.
GRAPH_BASE = ID_BASE + "graph/"
#: Small vocabulary of import records (edges, paths, graph records).
IMP = "https://w3id.org/painkg/import/"
_CURIE_BASE = ID_BASE + "curie/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_DCT = "http://purl.org/dc/terms/"
_XSD = "http://www.w3.org/2001/XMLSchema#"

#: Namespaces whose predicates an import may not assert unless allowed: RDF, RDFS and OWL (schema: subclass,
#: domain, sameAs…). painkg's own namespace (``https://w3id.org/painkg/`` outside ``import/``) is refused too.
SCHEMA_NAMESPACES: tuple[str, ...] = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
)
#: Predicates painkg's queries read to name, identify and cite entities: an import may not assert them either.
RESERVED_PREDICATES: frozenset[str] = frozenset(
    {
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2004/02/skos/core#altLabel",
        "http://purl.org/dc/terms/identifier",
        "http://purl.org/dc/terms/source",
        "http://www.geneontology.org/formats/oboInOwl#hasDbXref",
    }
)
#: Largest YAML text an import parses (bytes, after decompression); YAML is parsed into memory at once.
MAX_YAML_BYTES = 512 * 1024 * 1024

#: Hetionet node kind → CURIE prefix of its identifiers ("" = the identifier is already a CURIE, e.g.
#: ``Disease::DOID:6364``; None = a vocabulary painkg has no prefix for). Compound ids are DrugBank ids,
#: Gene ids Entrez (NCBIGene) ids, Side Effect ids UMLS CUIs and Symptom ids MeSH ids
#: (../shared/external/README.md); Pharmacologic Class ids are NDF-RT codes and Pathway ids Pathway
#: Commons / WikiPathways ids, for which painkg has no prefix.
HETIONET_KINDS: dict[str, str | None] = {
    "Anatomy": "",
    "Biological Process": "",
    "Cellular Component": "",
    "Compound": "DRUGBANK",
    "Disease": "",
    "Gene": "NCBIGene",
    "Molecular Function": "",
    "Pathway": None,
    "Pharmacologic Class": None,
    "Side Effect": "UMLS",
    "Symptom": "MESH",
}

#: Licence and origin recorded for each source unless the caller gives its own (from ../shared/external/README.md).
DEFAULT_LICENSES: dict[str, tuple[str, str]] = {
    "drugmechdb": (
        "CC0 1.0 (SuLab/DrugMechDB-agentic:LICENSE); upstream SuLab/DrugMechDB is MIT, Copyright (c) 2019 Su Lab",
        "DrugMechDB v2.0.1 (SuLab/DrugMechDB-agentic kb/paths, DOI 10.5281/zenodo.8139357); "
        "cite Gonzalez-Cavazos et al. 2023, Sci Data, doi:10.1038/s41597-023-02534-z",
    ),
    "hetionet": (
        "Hetionet original content CC0 1.0; each edge keeps the licence of its source (edge attribute "
        "imp:license: DrugBank CC BY-NC 4.0, SIDER CC BY-NC-SA 4.0, DrugCentral CC BY 4.0, DISEASES CC BY 4.0, "
        "DisGeNET ODbL 1.0, PharmacotherapyDB CC0, MeSH/Entrez public domain)",
        "Hetionet v1.0 (hetio/hetionet@8a6cc0c5604d0e2908786e4de38af67b8e46ee4a)",
    ),
    "kgx": ("not stated (give the licence of the KGX files with --license)", "KGX TSV files"),
}

_GRAPH_NAME = re.compile(r"^[a-z][a-z0-9_.-]*$")
_PREFIX_RE = re.compile(r"^([A-Za-z][A-Za-z0-9._-]*):(\S+)$")


class ImportFileError(ValueError):
    """A file could not be imported; ``file`` and ``line`` locate the problem (line 0 = the file as a whole)."""

    def __init__(self, file: Path | str, line: int, message: str):
        self.file, self.line, self.message = str(file), line, message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {message}")


class ImportConflictError(ValueError):
    """The named graph already exists and ``replace`` was not asked for."""


# --- identifiers ----------------------------------------------------------------------------------------


def _entities(kg: KnowledgeGraph | Build | Dataset | Iterable[Entity]) -> list[Entity]:
    if isinstance(kg, KnowledgeGraph):
        return list(kg.dataset.entities)
    if isinstance(kg, Build):
        return list(kg.dataset.entities)
    if isinstance(kg, Dataset):
        return list(kg.entities)
    return list(kg)


def normalise_curie(curie: str) -> str:
    """A source CURIE with painkg's spelling of its prefix (``UniProt:P1`` → ``UniProtKB:P1``).

    Unchanged when the prefix map does not know the prefix.

    >>> normalise_curie("UniProt:Q05586"), normalise_curie("DB:DB01221"), normalise_curie("TIGR:00001")
    ('UniProtKB:Q05586', 'DRUGBANK:DB01221', 'TIGR:00001')
    """
    if not _PREFIX_RE.match(curie):
        return curie
    return standardize_curie(curie) or curie


class IdMapper:
    """Map source identifiers to painkg entity ids through the curated ids and xrefs, and remember the outcome."""

    def __init__(self, entities: KnowledgeGraph | Build | Dataset | Iterable[Entity]):
        ents = _entities(entities)
        self.entities: dict[str, Entity] = {e.id: e for e in ents}
        self._by_xref: dict[str, set[str]] = {}
        for e in ents:
            for x in e.xrefs:
                self._by_xref.setdefault(x, set()).add(e.id)
        self.mapped: dict[str, str] = {}
        self.unmapped: dict[str, str] = {}

    def lookup(self, curie: str) -> tuple[str | None, str]:
        """``(painkg id, how)`` for a CURIE (``how`` = ``id`` or ``xref``), or ``(None, why not)``."""
        norm = normalise_curie(curie)
        if norm in self.entities:
            return norm, "id"
        hits = self._by_xref.get(norm, set())
        if len(hits) == 1:
            return next(iter(hits)), "xref"
        if len(hits) > 1:
            return None, f"ambiguous: {norm} is an xref of {', '.join(sorted(hits))}"
        if norm.startswith(("http://", "https://")):
            return None, "an IRI, not a CURIE"
        m = _PREFIX_RE.match(norm)
        if not m:
            return None, "not a CURIE"
        if standardize_curie(norm) is None:
            return None, f"prefix '{m.group(1)}' is not in painkg's prefix map"
        return None, f"no painkg entity has {norm} as id or xref"

    def map(self, source_id: str, curie: str | None) -> str | None:
        """Map ``curie`` (the CURIE form of ``source_id``; None if it has none) and record the outcome."""
        if curie is None:
            self.unmapped[source_id] = "no CURIE form (painkg has no prefix for this vocabulary)"
            return None
        pid, how = self.lookup(curie)
        if pid is None:
            self.unmapped[source_id] = how
        else:
            self.mapped[source_id] = pid
        return pid


def node_iri(curie: str | None, painkg_id: str | None, source: str, source_id: str) -> str:
    """IRI of an imported node: painkg's when mapped, the prefix map's IRI when it knows the prefix, else minted.

    >>> node_iri("UBERON:0000955", None, "drugmechdb", "UBERON:0000955")
    'http://purl.obolibrary.org/obo/UBERON_0000955'
    >>> node_iri("TIGR:00001", None, "drugmechdb", "TIGR:00001")
    'https://w3id.org/painkg/id/curie/TIGR:00001'
    """
    if painkg_id is not None:
        return curie_to_iri(painkg_id)
    if curie is not None and _PREFIX_RE.match(curie):
        std = standardize_curie(curie)
        if std is not None:
            iri = curie_to_iri(std)
            if _iri_ok(iri):
                return iri
        return _CURIE_BASE + quote(curie, safe=":")
    if source_id.startswith(("http://", "https://")) and _iri_ok(source_id):
        return source_id
    return f"{IMP}{source}/node/{quote(source_id, safe='')}"


# --- N-Triples writing ------------------------------------------------------------------------------------


def _iri_ok(iri: str) -> bool:
    """Whether ``iri`` is an absolute IRI Oxigraph accepts (checked by pyoxigraph itself)."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri))


def _url(text: str) -> str | None:
    """An http(s) reference as a valid IRI (characters IRIs forbid percent-encoded), else None."""
    text = text.strip()
    if not text.startswith(("http://", "https://")):
        return None
    iri = quote(text, safe=":/?#@!$&'()*+,;=%~-._")
    return iri if _iri_ok(iri) else None


def _check_predicate(iri: str, allowed: Collection[str], path: Path, line: int) -> None:
    """Refuse a predicate of painkg's namespace or of the RDF/RDFS/OWL schema (or one painkg reads) unless allowed."""
    if iri in allowed:
        return
    own = iri.startswith(BASE) and not iri.startswith(IMP)
    schema = iri.startswith(SCHEMA_NAMESPACES)
    if own or schema or iri in RESERVED_PREDICATES:
        what = "painkg's own namespace" if own else "the RDF/RDFS/OWL schema" if schema else "a term painkg reads"
        raise ImportFileError(
            path,
            line,
            f"predicate <{iri}> belongs to {what}: an import may not assert it (over the union of graphs it would "
            "change painkg's answers, e.g. a new subclass or label); map it to a predicate of its own, or allow "
            f"it explicitly (painkg import --allow-predicate {iri}; allow_predicates=[...])",
        )


@dataclass
class Parsed:
    """What a parser produced: the triples of the named graph (pyoxigraph terms), counts, extra facts.

    Every term is built by pyoxigraph, which checks IRIs (``NamedNode``) and escapes literals when it writes
    them: no N-Triples text is assembled by hand, so no value of a file can end a term early and add triples.
    """

    source: str
    files: list[Path]
    triples: list = field(default_factory=list)
    nodes: int = 0
    edges: int = 0
    paths: int = 0
    extra: dict[str, object] = field(default_factory=dict)
    _iris: dict[str, object] = field(default_factory=dict, repr=False)

    def iri(self, value):
        """``value`` as a pyoxigraph ``NamedNode`` after checking it is a usable absolute IRI."""
        import pyoxigraph as ox

        if isinstance(value, ox.NamedNode):
            return value
        node = self._iris.get(value)
        if node is None:
            if not _iri_ok(value):
                raise ValueError(f"not a valid IRI: {value!r}")
            node = ox.NamedNode(value)
            if len(self._iris) < 1_000_000:
                self._iris[value] = node
        return node

    def add(self, s, p, o) -> None:
        """Add one triple whose three terms are IRIs (strings are checked and turned into ``NamedNode``)."""
        import pyoxigraph as ox

        self.triples.append(ox.Triple(self.iri(s), self.iri(p), self.iri(o)))

    def lit(self, s, p, value: object, datatype: str | None = None) -> None:
        """Add ``s p "value"`` (typed when ``datatype`` is given); empty values are skipped."""
        import pyoxigraph as ox

        if value is None or value == "":
            return
        text = str(value)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"text {text[:60]!r} is not valid Unicode (it holds a lone surrogate)") from None
        dt = ox.NamedNode(_XSD + datatype) if datatype else None
        self.triples.append(ox.Triple(self.iri(s), self.iri(p), ox.Literal(text, datatype=dt)))


class _Graph:
    """Builds the triples of one import: nodes once each, edges as plain triple + ``imp:Edge`` record."""

    def __init__(self, parsed: Parsed, mapper: IdMapper, graph: str, allow_predicates: Collection[str] = ()):
        self.p, self.mapper, self.graph = parsed, mapper, graph
        self.ns = f"{IMP}{parsed.source}/"
        self.nodes: dict[str, object] = {}
        self.allow_predicates = frozenset(allow_predicates)

    def node(self, source_id: str, curie: str | None, name: str = "", category: str = ""):
        if source_id in self.nodes:
            return self.nodes[source_id]
        pid = self.mapper.map(source_id, curie)
        ref = self.p.iri(node_iri(curie, pid, self.p.source, source_id))
        self.nodes[source_id] = ref
        self.p.lit(ref, f"{IMP}sourceId", source_id)
        self.p.lit(ref, _SKOS_PREF, name)
        for c in category.split("|") if category else []:
            self.p.lit(ref, f"{IMP}category", c)
        self.p.nodes += 1
        return ref

    def predicate(self, name: str, path: Path | None = None, line: int = 0):
        """A predicate IRI: Biolink for ``biolink:x``, the IRI itself for IRIs, else in the source namespace.

        An IRI of painkg's namespace or of the RDF/RDFS/OWL schema is refused (:class:`ImportFileError`) unless
        it is in ``allow_predicates``.
        """
        name = name.strip()
        if name.startswith("biolink:"):
            return self.p.iri(str(BIOLINK) + name.split(":", 1)[1])
        bare = name[1:] if name.startswith(":http") else name
        if bare.startswith(("http://", "https://")) and _iri_ok(bare):
            _check_predicate(bare, self.allow_predicates, path or Path(self.p.source), line)
            return self.p.iri(bare)
        return self.p.iri(self.ns + quote(name.replace(" ", "_"), safe=""))

    def edge(self, s, p, o, n: int, attrs: Iterable[tuple[str, object]] = ()):
        """Add the plain triple and its ``imp:Edge`` record; attribute values that are IRIs are ``NamedNode``s."""
        import pyoxigraph as ox

        self.p.add(s, p, o)
        e = self.p.iri(f"{self.graph}/edge/{n}")
        self.p.add(e, _RDF_TYPE, f"{IMP}Edge")
        self.p.add(e, f"{IMP}subject", s)
        self.p.add(e, f"{IMP}predicate", p)
        self.p.add(e, f"{IMP}object", o)
        for key, value in attrs:
            if isinstance(value, ox.NamedNode):
                self.p.add(e, IMP + key, value)
            else:
                self.p.lit(e, IMP + key, value)
        self.p.edges += 1
        return e


# --- reading files ----------------------------------------------------------------------------------------

Progress = Callable[[str], None]


def read_lines(path: Path, progress: Progress | None = None, every: int = 50_000) -> Iterator[tuple[int, str]]:
    """``(line number, line without its newline)`` of a text file, plain or gzip; a cut gzip stream fails clearly.

    A gzip file that ends early (or is corrupt) raises :class:`ImportFileError` naming the first line that
    could not be read; ``progress`` is called every ``every`` lines.
    """
    n = 0
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as fh:  # type: ignore[operator]
            for n, raw in enumerate(fh, start=1):
                if progress and n % every == 0:
                    progress(f"{path.name}: read {n:,} lines")
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:  # decoded line by line, so the line number is this line's
                    raise ImportFileError(
                        path, n, f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at column {exc.start + 1}"
                    ) from None
                yield n, line.rstrip("\r\n")
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise ImportFileError(path, n + 1, f"truncated or corrupt gzip stream after line {n}: {exc}") from exc
    except FileNotFoundError:
        raise ImportFileError(path, 0, "no such file") from None
    except IsADirectoryError:
        raise ImportFileError(path, 0, "is a directory, not a file") from None
    except PermissionError:
        raise ImportFileError(path, 0, "permission denied (cannot read the file)") from None


def tsv_rows(
    path: Path, columns: Sequence[str] | None, progress: Progress | None, every: int
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a TSV file as dicts; the header is the first line unless ``columns`` are given."""
    header: list[str] | None = list(columns) if columns else None
    for n, line in read_lines(path, progress, every):
        if header is None:
            header = line.split("\t")
            continue
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise ImportFileError(
                path, n, f"expected {len(header)} tab-separated columns ({', '.join(header)}), found {len(cells)}"
            )
        yield n, dict(zip(header, cells, strict=True))
    if header is None:
        raise ImportFileError(path, 1, "empty file (no header line)")


def _header(path: Path, columns: Sequence[str] | None) -> list[str]:
    if columns:
        return list(columns)
    for _n, line in read_lines(path):
        return line.split("\t")
    raise ImportFileError(path, 1, "empty file (no header line)")


# --- Hetionet ---------------------------------------------------------------------------------------------

_HET_EDGE_REQUIRED = ("source_id", "metaedge", "target_id")


def hetionet_id(path: Path, n: int, hid: str) -> tuple[str, str | None]:
    """``(kind, CURIE or None)`` of a Hetionet ``Kind::identifier`` node id."""
    kind, sep, ident = hid.partition("::")
    if not sep or not ident:
        raise ImportFileError(path, n, f"Hetionet node id {hid!r} is not of the form Kind::identifier")
    if kind not in HETIONET_KINDS:
        raise ImportFileError(
            path, n, f"unknown Hetionet node kind '{kind}' in {hid!r}; known kinds: {', '.join(HETIONET_KINDS)}"
        )
    prefix = HETIONET_KINDS[kind]
    if prefix is None:
        return kind, None
    return kind, ident if prefix == "" else f"{prefix}:{ident}"


def parse_hetionet(
    files: Sequence[Path],
    mapper: IdMapper,
    graph: str,
    *,
    progress: Progress | None = None,
    every: int = 50_000,
    allow_predicates: Collection[str] = (),
    **_,
) -> Parsed:
    """Hetionet TSVs: the edge table of ``hetionet_ketamine_pain_subgraph.tsv`` and/or the nodes TSV (``id name kind``).

    Edge rows become plain triples with predicate ``imp:hetionet/<metaedge abbreviation>`` plus an edge
    record carrying metaedge name, context, edge sources, actions, PubMed ids, affinity (nM), licence and
    derived_from.
    """
    parsed = Parsed("hetionet", list(files))
    g = _Graph(parsed, mapper, graph, allow_predicates)
    for path in files:
        head = _header(path, None)
        if all(c in head for c in _HET_EDGE_REQUIRED):
            for n, row in tsv_rows(path, None, progress, every):
                nodes = []
                for end in ("source", "target"):
                    hid = row[f"{end}_id"]
                    kind, curie = hetionet_id(path, n, hid)
                    nodes.append(g.node(hid, curie, row.get(f"{end}_name", ""), row.get(f"{end}_kind") or kind))
                metaedge = row["metaedge"].strip()
                if not metaedge:
                    raise ImportFileError(path, n, "empty metaedge")
                attrs: list[tuple[str, object]] = [
                    ("metaedge", metaedge),
                    ("metaedgeName", row.get("metaedge_name", "")),
                    ("context", row.get("context", "")),
                    ("license", row.get("license", "")),
                    ("derivedFrom", row.get("derived_from", "")),
                ]
                attrs += [("edgeSource", v) for v in row.get("edge_sources", "").split("|") if v]
                attrs += [("action", v) for v in row.get("actions", "").split("|") if v]
                for pmid in (v for v in row.get("pubmed_ids", "").split("|") if v):
                    if curie_problem(f"PMID:{pmid}") is None:
                        attrs.append(("publication", parsed.iri(curie_to_iri("PMID:" + pmid))))
                    else:
                        attrs.append(("publicationId", pmid))
                affinity = row.get("affinity_nM", "").strip()
                if affinity:
                    try:
                        float(affinity)
                    except ValueError:
                        raise ImportFileError(path, n, f"affinity_nM {affinity!r} is not a number") from None
                    attrs.append(("affinityNanomolar", affinity))
                g.edge(nodes[0], g.predicate(metaedge, path, n), nodes[1], n, attrs)
        elif head[:3] == ["id", "name", "kind"]:
            for n, row in tsv_rows(path, None, progress, every):
                kind, curie = hetionet_id(path, n, row["id"])
                if row["kind"] != kind:
                    raise ImportFileError(path, n, f"kind column {row['kind']!r} disagrees with id {row['id']!r}")
                g.node(row["id"], curie, row["name"], kind)
        else:
            raise ImportFileError(
                path,
                1,
                "not a Hetionet file: expected an edge table with columns "
                f"{', '.join(_HET_EDGE_REQUIRED)} or a node table with columns id, name, kind; found {', '.join(head)}",
            )
    return parsed


# --- DrugMechDB -------------------------------------------------------------------------------------------


def _item_lines(text: str) -> list[int]:
    """Line numbers (1-based) where the top-level YAML list items start (``- `` in column 0)."""
    return [i for i, line in enumerate(text.split("\n"), start=1) if line.startswith("- ") or line == "-"]


def load_yaml(
    path: Path, progress: Progress | None = None, every: int = 50_000, max_bytes: int = MAX_YAML_BYTES
) -> tuple[object, list[int]]:
    """Parse a YAML (or YAML.gz) file; return the data and the start line of each top-level list item.

    A syntax error, a cut gzip stream, an alias (``*name``) or a text over ``max_bytes`` raises
    :class:`ImportFileError` with the line number.
    """
    lines, size = [], 0
    for n, line in read_lines(path, progress, every):
        size += len(line) + 1
        if size > max_bytes:
            raise ImportFileError(
                path,
                n,
                f"YAML text larger than {max_bytes:,} bytes (the import's limit; YAML is parsed in memory at once); "
                "split the file, or raise the limit (max_yaml_bytes)",
            )
        lines.append(line)
    text = "\n".join(lines)
    del lines
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if progress:
        progress(f"{path.name}: parsing YAML")
    try:
        if "*" in text:  # aliases (``*name``) repeat a node: a few bytes can expand to gigabytes; refused
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, yaml.AliasEvent):
                    raise ImportFileError(
                        path,
                        event.start_mark.line + 1,
                        f"YAML alias *{event.anchor}: aliases are not accepted in imports (a few of them can expand "
                        "a small file to gigabytes); write the repeated value out",
                    )
        data = yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise ImportFileError(path, line, f"YAML syntax error: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise ImportFileError(path, 0, f"YAML error: {exc}") from exc
    return data, _item_lines(text)


def _require(path: Path, line: int, where: str, obj: object, keys: Sequence[str]) -> dict:
    if not isinstance(obj, dict):
        raise ImportFileError(path, line, f"{where} is not a mapping")
    missing = [k for k in keys if obj.get(k) in (None, "")]
    if missing:
        raise ImportFileError(path, line, f"{where} lacks {', '.join(missing)}")
    return obj


def parse_drugmechdb(
    files: Sequence[Path],
    mapper: IdMapper,
    graph: str,
    *,
    progress: Progress | None = None,
    every: int = 50_000,
    allow_predicates: Collection[str] = (),
    max_yaml_bytes: int = MAX_YAML_BYTES,
    **_,
) -> Parsed:
    """DrugMechDB YAML (``.yaml`` or ``.yaml.gz``): a list of path objects, each checked before anything loads.

    Every path gets an ``imp:Path`` record (``imp:pathId``, ``imp:drug``, ``imp:disease``, ``imp:drugbank``,
    ``imp:drugMesh``, ``imp:diseaseMesh``, ``imp:reference``, ``imp:comment``); every link a plain triple
    ``source <imp:drugmechdb/<key>> target`` and an edge record pointing to its path.
    """
    parsed = Parsed("drugmechdb", list(files))
    g = _Graph(parsed, mapper, graph, allow_predicates)
    drugs: set[str] = set()
    for path in files:
        data, starts = load_yaml(path, progress, every, max_yaml_bytes)
        if not isinstance(data, list):
            raise ImportFileError(path, 1, "a DrugMechDB file is a YAML list of path objects")
        lines = starts if len(starts) == len(data) else [0] * len(data)
        for i, item in enumerate(data):
            line = lines[i]
            if progress and i and i % 1000 == 0:
                progress(f"{path.name}: checked {i:,} of {len(data):,} paths")
            obj = _require(path, line, f"path #{i + 1}", item, ("graph", "nodes", "links"))
            meta = _require(path, line, f"path #{i + 1}: graph", obj["graph"], ("_id", "drug", "disease"))
            pid = str(meta["_id"])
            where = f"path {pid}"
            if not isinstance(obj["nodes"], list) or not isinstance(obj["links"], list):
                raise ImportFileError(path, line, f"{where}: nodes and links must be lists")
            ids: dict[str, str] = {}
            for k, nd in enumerate(obj["nodes"], start=1):
                nd = _require(path, line, f"{where}: node #{k}", nd, ("id", "label", "name"))
                ids[str(nd["id"])] = g.node(str(nd["id"]), str(nd["id"]), str(nd["name"]), str(nd["label"]))
            p_ref = parsed.iri(f"{graph}/path/{quote(pid, safe='')}")
            parsed.add(p_ref, _RDF_TYPE, f"{IMP}Path")
            parsed.lit(p_ref, f"{IMP}pathId", pid)
            parsed.lit(p_ref, f"{IMP}drugName", meta.get("drug"))
            parsed.lit(p_ref, f"{IMP}diseaseName", meta.get("disease"))
            for key, prop in (("drugbank", "drugbank"), ("drug_mesh", "drugMesh"), ("disease_mesh", "diseaseMesh")):
                parsed.lit(p_ref, f"{IMP}{prop}", meta.get(key))
            for key, prop in (("drug_mesh", "drug"), ("disease_mesh", "disease")):
                if meta.get(key) and str(meta[key]) in ids:
                    parsed.add(p_ref, f"{IMP}{prop}", ids[str(meta[key])])
            for ref in obj.get("references") or []:
                iri = _url(str(ref))
                if iri is not None:
                    parsed.add(p_ref, f"{IMP}reference", iri)
                else:
                    parsed.lit(p_ref, f"{IMP}referenceText", str(ref).strip())
            parsed.lit(p_ref, f"{IMP}comment", obj.get("comment"))
            for k, lk in enumerate(obj["links"], start=1):
                lk = _require(path, line, f"{where}: link #{k}", lk, ("key", "source", "target"))
                for end in ("source", "target"):
                    if str(lk[end]) not in ids:
                        raise ImportFileError(
                            path, line, f"{where}: link #{k} {end} '{lk[end]}' is not one of the path's nodes"
                        )
                g.edge(
                    ids[str(lk["source"])],
                    g.predicate(str(lk["key"]), path, line),
                    ids[str(lk["target"])],
                    len(parsed.triples),
                    [("key", str(lk["key"])), ("path", p_ref)],
                )
            if meta.get("drugbank"):
                drugs.add(str(meta["drugbank"]))
            parsed.paths += 1
    parsed.extra["drugs"] = len(drugs)
    return parsed


# --- KGX --------------------------------------------------------------------------------------------------

_KGX_EDGE_CORE = ("id", "subject", "predicate", "edge_label", "object")


def parse_kgx(
    files: Sequence[Path],
    mapper: IdMapper,
    graph: str,
    *,
    columns: Sequence[str] | None = None,
    progress: Progress | None = None,
    every: int = 50_000,
    allow_predicates: Collection[str] = (),
    **_,
) -> Parsed:
    """KGX TSV node and edge files (told apart by their columns); legacy ``edge_label`` is read as ``predicate``.

    ``columns`` gives the columns of files that have no header line (kg-idg's ``dc_nodes_snippet.tsv``).
    Multivalued cells are split on ``|``. Node files are read first, so edges find their nodes' names and
    categories; an edge endpoint that no node file lists is still imported (and reported if unmapped).
    Every column other than the core ones is kept as an ``imp:kgx/<column>`` attribute.
    """
    parsed = Parsed("kgx", list(files))
    g = _Graph(parsed, mapper, graph, allow_predicates)
    node_files, edge_files = [], []
    for path in files:
        head = _header(path, columns)
        if "subject" in head and "object" in head:
            if "predicate" not in head and "edge_label" not in head:
                raise ImportFileError(path, 1, "KGX edge file has neither a 'predicate' nor an 'edge_label' column")
            edge_files.append(path)
        elif "id" in head:
            node_files.append(path)
        else:
            raise ImportFileError(
                path,
                1,
                f"not a KGX node or edge file: no 'id' (nodes) or 'subject'/'object' (edges) column in {head[:8]}; "
                "a file without a header needs its columns given (--columns)",
            )
    for path in node_files:
        for n, row in tsv_rows(path, columns if columns else None, progress, every):
            nid = row["id"].strip()
            if not nid:
                raise ImportFileError(path, n, "empty node id")
            ref = g.node(nid, nid, row.get("name", ""), row.get("category", ""))
            for col, value in row.items():
                if col not in ("id", "name", "category") and value:
                    for v in value.split("|"):
                        parsed.lit(ref, f"{g.ns}{quote(col, safe='')}", v)
    for path in edge_files:
        for n, row in tsv_rows(path, columns if columns else None, progress, every):
            pred = (row.get("predicate") or row.get("edge_label") or "").strip()
            subj, obj = row["subject"].strip(), row["object"].strip()
            for what, value in (("subject", subj), ("object", obj), ("predicate", pred)):
                if not value:
                    raise ImportFileError(path, n, f"empty {what}")
            s, o = g.node(subj, subj), g.node(obj, obj)
            attrs: list[tuple[str, object]] = [("predicateName", pred)]
            for col, value in row.items():
                if col not in _KGX_EDGE_CORE and value:
                    attrs += [(f"kgx/{quote(col, safe='')}", v) for v in value.split("|")]
            if row.get("id"):
                attrs.append(("sourceId", row["id"]))
            g.edge(s, g.predicate(pred, path, n), o, len(parsed.triples), attrs)
    return parsed


# --- loading ----------------------------------------------------------------------------------------------

Parser = Callable[..., Parsed]

#: Importers by format name (STYLE habit 7): each parses and validates files into a :class:`Parsed`.
IMPORTERS: dict[str, Parser] = {"drugmechdb": parse_drugmechdb, "hetionet": parse_hetionet, "kgx": parse_kgx}


def graph_iri(name: str) -> str:
    """IRI of the named graph of an import called ``name``.

    >>> graph_iri("hetionet")
    'https://w3id.org/painkg/id/graph/hetionet'
    """
    if not _GRAPH_NAME.match(name):
        raise ValueError(f"graph name {name!r} must be lower case letters, digits, '_', '-' or '.'")
    return GRAPH_BASE + name


@dataclass
class ImportReport:
    """What an import did: where it went, what it loaded, under which licence, and what could not be mapped."""

    source: str
    graph: str
    files: list[str]
    license: str
    origin: str
    nodes: int
    edges: int
    paths: int
    triples: int
    mapped: dict[str, str]
    unmapped: dict[str, str]

    def summary(self) -> str:
        """A few lines for people: counts, graph, licence and the unmapped ids grouped by reason."""
        lines = [
            f"imported {self.source} into <{self.graph}>: {self.triples:,} triples, {self.nodes:,} nodes, "
            f"{self.edges:,} edges" + (f", {self.paths:,} paths" if self.paths else ""),
            f"  licence: {self.license}",
            f"  origin: {self.origin}",
            f"  identifiers mapped to painkg entities: {len(self.mapped):,}; not mapped: {len(self.unmapped):,}",
        ]
        by_reason: dict[str, list[str]] = {}
        for sid, why in self.unmapped.items():
            key = why if why.startswith("ambiguous") else re.sub(r"has \S+ as", "has <id> as", why)
            by_reason.setdefault(key, []).append(sid)
        for why, ids in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            shown = ", ".join(sorted(ids)[:5]) + (", …" if len(ids) > 5 else "")
            lines.append(f"    {len(ids):>6} unmapped — {why}: {shown}")
        return "\n".join(lines)


def _record(parsed: Parsed, graph: str, license: str, origin: str, mapper: IdMapper) -> None:
    g = parsed.iri(graph)
    parsed.add(g, _RDF_TYPE, f"{IMP}ImportedGraph")
    parsed.lit(g, f"{_DCT}license", license)
    parsed.lit(g, f"{_DCT}source", origin)
    parsed.lit(g, f"{IMP}format", parsed.source)
    for f in parsed.files:
        parsed.lit(g, f"{IMP}file", f.name)
    parsed.lit(g, f"{IMP}nodes", parsed.nodes, "integer")
    parsed.lit(g, f"{IMP}edges", parsed.edges, "integer")
    parsed.lit(g, f"{IMP}mappedIds", len(mapper.mapped), "integer")
    parsed.lit(g, f"{IMP}unmappedIds", len(mapper.unmapped), "integer")


def import_file(
    store: OxigraphStore,
    source: str,
    files: Sequence[Path | str],
    entities: KnowledgeGraph | Build | Dataset | Iterable[Entity],
    *,
    name: str | None = None,
    license: str | None = None,
    origin: str | None = None,
    columns: Sequence[str] | None = None,
    replace: bool = False,
    allow_predicates: Collection[str] = (),
    max_yaml_bytes: int = MAX_YAML_BYTES,
    progress: Progress | None = None,
    every: int = 50_000,
) -> ImportReport:
    """Import ``files`` of format ``source`` into the named graph ``graph_iri(name or source)`` of ``store``.

    Everything is parsed, mapped and validated first; then the triples load in one transaction. On any
    error nothing is added (and with ``replace`` the old graph stays). An existing graph of that name is an
    :class:`ImportConflictError` unless ``replace``. ``license``/``origin`` default to
    :data:`DEFAULT_LICENSES`. Raises :class:`painkg.io.export.UnknownFormatError` for an unknown ``source``.

    A predicate of painkg's namespace, of the RDF/RDFS/OWL schema or one of :data:`RESERVED_PREDICATES` is
    refused unless listed in ``allow_predicates``. ``replace`` is safe against a kill at any point: the new
    triples load into ``<graph>.loading`` (one transaction), then one update moves them over the old graph;
    a ``.loading`` graph left by an interrupted run is discarded at the start of the next one.
    """
    from painkg.io.export import UnknownFormatError

    if source not in IMPORTERS:
        raise UnknownFormatError(f"unknown import format '{source}'; known formats: {', '.join(IMPORTERS)}")
    graph = graph_iri(name or source)
    paths = [Path(f) for f in files]
    if not paths:
        raise ImportFileError("(no file)", 0, f"{source} import needs at least one file")
    import pyoxigraph as ox

    loading = ox.NamedNode(graph + ".loading")
    try:
        if store.store.contains_named_graph(loading):
            if progress:
                progress(f"discarding <{loading.value}>, left by an interrupted import")
            store.store.remove_graph(loading)
        exists = store.store.contains_named_graph(ox.NamedNode(graph))
    except (OSError, RuntimeError) as exc:
        raise StoreError(store_os_error(store.path, exc)) from None
    if exists and not replace:
        raise ImportConflictError(f"the store already has a graph <{graph}>; use replace (--replace) to reload it")
    mapper = IdMapper(entities)
    parsed = IMPORTERS[source](
        paths,
        mapper,
        graph,
        columns=columns,
        progress=progress,
        every=every,
        allow_predicates=allow_predicates,
        max_yaml_bytes=max_yaml_bytes,
    )
    lic, orig = DEFAULT_LICENSES[source]
    _record(parsed, graph, license or lic, origin or orig, mapper)
    if progress:
        progress(f"loading {len(parsed.triples):,} triples into <{graph}>")
    target = loading if exists else ox.NamedNode(graph)
    try:
        # one transaction: after a kill the graph holds all of the triples or none
        store.store.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in parsed.triples)
        if exists:
            store.store.update(f"MOVE <{target.value}> TO <{graph}>")
    except (OSError, RuntimeError) as exc:
        raise StoreError(store_os_error(store.path, exc)) from None
    count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    triples = int(count.rows[0][0])
    return ImportReport(
        source,
        graph,
        [str(p) for p in paths],
        license or lic,
        origin or orig,
        parsed.nodes,
        parsed.edges,
        parsed.paths,
        triples,
        dict(mapper.mapped),
        dict(mapper.unmapped),
    )


def imported_graphs(store: OxigraphStore) -> list[dict[str, object]]:
    """The import graphs of ``store`` with their format, licence, origin and triple count."""
    q = f"""
    SELECT ?g ?format ?license ?origin (COUNT(*) AS ?triples) WHERE {{
      GRAPH ?g {{ ?g a <{IMP}ImportedGraph> ; <{IMP}format> ?format ; <{_DCT}license> ?license ;
                    <{_DCT}source> ?origin . ?s ?p ?o }}
    }} GROUP BY ?g ?format ?license ?origin ORDER BY ?g"""
    res = store.query(q)
    return [dict(zip(res.columns, row, strict=True)) for row in res.rows]
