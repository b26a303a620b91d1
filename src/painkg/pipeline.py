"""The build pipeline: read → validate → RDF → SHACL check → deterministic files → networkx view.

``build()`` returns everything in memory; ``write_outputs()`` writes build/ atomically — all files are
first written to a temporary folder next to the target and only moved into place once every one of
them succeeded, so a failed build leaves the previous build/ intact.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from painkg.curation import Problem, read_dataset, validate
from painkg.curation.imports import IMPORTS_DIRNAME, load_imports, with_imports
from painkg.graph import (
    NAMESPACES,
    ShaclResult,
    build_rdf,
    serialize_ntriples,
    shacl_check,
    to_networkx,
    turtle_from_ntriples,
)
from painkg.model import Dataset
from painkg.paths import ONTOLOGY_FILE, SHAPES_FILE, data_dir, ontology_dir
from painkg.paths import data_dir as packaged_data_dir

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Build", "InvalidDataError", "atomic_write", "build", "check", "qc_on_oxigraph", "stats", "write_outputs"]


class InvalidDataError(Exception):
    """The curated data (or the graph built from it) breaks a rule; ``problems`` says where and how to fix."""

    def __init__(self, problems: list[Problem], shacl: ShaclResult | None = None):
        self.problems = problems
        self.shacl = shacl
        errors = [p for p in problems if p.severity == "error"]
        head = f"{len(errors)} problem(s) in the curated data" if errors else "the graph does not conform to the shapes"
        super().__init__(head)


class Build:
    """A built graph: the dataset, the RDF graph (data + ontology), its networkx view and the checks.

    ``rdf`` and ``nx`` may be given, or made on first use: ``rdf`` is parsed from ``ntriples`` (a build read
    back from :mod:`painkg.cache` holds only its N-Triples) and ``nx`` is projected from the dataset, so a
    reader that only queries never pays for rdflib's graph or networkx. ``ntriples`` is the sorted
    N-Triples text (exactly ``build/painkg.nt``), serialised from ``rdf`` on first use when not given.
    ``cached_stats`` holds :func:`stats` as computed when the build was cached (its ``shacl`` and
    ``warnings`` entries are always taken from this object); ``name_index`` the entity index rows.
    """

    def __init__(
        self,
        dataset: Dataset,
        rdf: Graph | None = None,
        nx: nx.MultiDiGraph | None = None,
        data_dir: Path | None = None,
        problems: list[Problem] | None = None,
        shacl: ShaclResult | None = None,
        *,
        ntriples: str | None = None,
        cached_stats: dict | None = None,
    ):
        if rdf is None and ntriples is None:
            raise ValueError("a Build needs its RDF graph or its N-Triples")
        self.dataset = dataset
        self._rdf = rdf
        self._nx = nx
        self.data_dir = Path(data_dir) if data_dir is not None else packaged_data_dir()
        self.problems: list[Problem] = list(problems or [])  # warnings only (errors stop the build)
        self.shacl = shacl
        self._ntriples = ntriples
        self.cached_stats = cached_stats
        #: the entity index (columns, rows of the ``entities`` query) when the build came from the cache
        self.name_index: tuple[list[str], list[tuple]] | None = None

    @property
    def rdf(self) -> Graph:
        """The rdflib graph (parsed from the N-Triples on first use when the build came from the cache)."""
        if self._rdf is None:
            g = Graph(bind_namespaces="none")
            for prefix, ns in NAMESPACES.items():
                g.bind(prefix, ns)
            g.parse(data=self._ntriples, format="nt")
            self._rdf = g
        return self._rdf

    @property
    def nx(self) -> nx.MultiDiGraph:
        """The networkx projection (made from the dataset on first use)."""
        if self._nx is None:
            self._nx = to_networkx(self.dataset)
        return self._nx

    @property
    def ntriples(self) -> str:
        """Sorted N-Triples of the graph: the bytes of ``build/painkg.nt``."""
        if self._ntriples is None:
            self._ntriples = serialize_ntriples(self.rdf)
        return self._ntriples

    @property
    def triples(self) -> int:
        """Number of triples, without parsing a cached graph into rdflib."""
        if self._rdf is not None:
            return len(self._rdf)
        return self.ntriples.count("\n")


def check(data: Path | None = None, ontology: Path | None = None) -> tuple[Dataset, list[Problem]]:
    """Read ``data`` (default: the packaged data) plus the ontology import modules and validate them together.

    The returned dataset holds the curated records and the imported ontology hierarchy above them
    (``curation.imports.with_imports``); problems of the curated files name their file and line.
    """
    loaded = read_dataset(Path(data) if data else data_dir())
    modules = load_imports(Path(ontology) / IMPORTS_DIRNAME if ontology else None)
    loaded = replace(loaded, dataset=with_imports(loaded.dataset, modules))
    return loaded.dataset, validate(loaded)


def build(
    data: Path | None = None,
    ontology: Path | None = None,
    *,
    run_shacl: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Build:
    """Build the graph from ``data`` (default: packaged data); raise InvalidDataError on any error."""
    say = progress or (lambda _msg: None)
    ddir = Path(data) if data else data_dir()
    odir = Path(ontology) if ontology else ontology_dir()
    say(f"reading {ddir} and the ontology imports")
    ds, problems = check(ddir, odir)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidDataError(problems)
    say("building RDF")
    onto = Graph().parse(odir / ONTOLOGY_FILE, format="turtle")
    rdf = build_rdf(ds, onto)
    result = None
    nt = None
    if run_shacl:
        say("checking SHACL shapes and QC queries")
        # ``rdf`` already holds every ontology triple, so the ontology is not passed again: pySHACL would only mix
        # the same triples into a copy of the graph, which costs ~85 % of the check (same results: test_engines.py)
        result = shacl_check(rdf, odir / SHAPES_FILE)
        nt = serialize_ntriples(rdf)
        failures = qc_on_oxigraph(nt)
        if failures:
            text = "\n".join(f"{name}: {len(rows)} row(s), e.g. {rows[0]}" for name, rows in failures.items())
            result = ShaclResult(
                False, result.violations + sum(map(len, failures.values())), result.warnings, result.text + "\n" + text
            )
        if not result.conforms:
            raise InvalidDataError(problems, result)
    return Build(ds, rdf, None, ddir, problems, result, ntriples=nt)


def qc_on_oxigraph(ntriples: str) -> dict[str, list[tuple[str, ...]]]:
    """The QC queries (``painkg/qc/*-violation.rq``) run on Oxigraph; each passes when it returns no rows.

    Same queries and rows as :func:`painkg.graph.qc_check` (which runs them on rdflib), some fifty times faster.
    """
    from importlib import resources

    import pyoxigraph as ox

    store = ox.Store()
    store.load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, lenient=True)  # painkg's own graph
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in NAMESPACES.items())
    failures: dict[str, list[tuple[str, ...]]] = {}
    for entry in sorted(resources.files("painkg").joinpath("qc").iterdir(), key=lambda e: e.name):
        if entry.name.endswith("-violation.rq"):
            res = store.query(prefixes + entry.read_text(encoding="utf-8"))
            names = [v.value for v in res.variables]
            rows = [tuple("" if sol[n] is None else sol[n].value for n in names) for sol in res]
            if rows:
                failures[entry.name.removesuffix(".rq")] = rows
    return failures


def stats(b: Build) -> dict:
    """Counts a curator wants at a glance (also written to build/stats.json).

    Curated records and the imported ontology hierarchy are counted apart: ``ontology_imports`` holds the
    imported classes, is_a links and the releases they come from.
    """
    shacl = None if b.shacl is None else {"violations": b.shacl.violations, "warnings": b.shacl.warnings}
    if b.cached_stats is not None:
        return {**b.cached_stats, "shacl": shacl, "warnings": len(b.problems)}
    full = b.dataset
    imported_links = [s for s in full.statements if s.evidence_type == "ontology"]
    releases = {src for s in imported_links for src in s.sources}
    ds = replace(
        full,
        entities=[e for e in full.entities if e.kind != "OntologyClass"],
        statements=[s for s in full.statements if s.evidence_type != "ontology"],
        sources=[s for s in full.sources if s.id not in releases],
    )
    return {
        "triples": b.triples,
        "sources": {
            "total": len(ds.sources),
            "by_type": dict(sorted(Counter(s.type for s in ds.sources).items())),
            "by_verified": dict(sorted(Counter(s.verified for s in ds.sources).items())),
            "without_pmid_doi_url": sum(1 for s in ds.sources if not (s.pmid or s.doi or s.url)),
        },
        "entities": {"total": len(ds.entities), "by_kind": dict(sorted(Counter(e.kind for e in ds.entities).items()))},
        "statements": {
            "total": len(ds.statements),
            "by_predicate": dict(sorted(Counter(s.predicate for s in ds.statements).items())),
            "by_evidence_type": dict(sorted(Counter(s.evidence_type for s in ds.statements).items())),
            "by_direction": dict(sorted(Counter(s.direction for s in ds.statements).items())),
            "contested": sum(1 for s in ds.statements if s.contested == "true"),
            "association_only": sum(1 for s in ds.statements if s.association_only == "true"),
        },
        "findings": {
            "total": len(ds.findings),
            "by_kind": dict(sorted(Counter(f.kind for f in ds.findings).items())),
            "by_effect_type": dict(sorted(Counter(f.effect_type for f in ds.findings).items())),
            "by_direction": dict(sorted(Counter(f.direction or "not_stated" for f in ds.findings).items())),
        },
        "seed_claims": {
            "total": len(ds.seed_claims),
            "by_status": dict(sorted(Counter(c.status for c in ds.seed_claims).items())),
        },
        "arms": len(ds.arms),
        "regimens": len(ds.regimens),
        "regulatory_actions": len(ds.regulatory),
        "interactions": len(ds.interactions),
        "recommendations": len(ds.recommendations),
        "cautions": len(ds.cautions),
        "quotes": len(ds.quotes),
        "ontology_imports": {
            "classes": len(full.entities) - len(ds.entities),
            "links": len(imported_links),
            "releases": sorted(releases),
        },
        "networkx": {"nodes": b.nx.number_of_nodes(), "edges": b.nx.number_of_edges()},
        "shacl": shacl,
        "warnings": len(b.problems),
    }


def atomic_write(files: dict[str, bytes | str], out_dir: Path) -> list[Path]:
    """Write all ``files`` (name → content) into ``out_dir`` or none of them.

    Contents go to a temporary folder inside ``out_dir``'s parent first; only when every file is written
    are they moved into place (``os.replace`` is atomic per file on one filesystem).
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".painkg-", dir=out_dir.parent))
    try:
        for name, content in files.items():
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_bytes(content)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name in files:
            target = out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / name, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


#: The list of files the last ``painkg build`` wrote into its output folder (so the next build can remove
#: those it no longer writes, and never touches a file it did not write).
MANIFEST = ".painkg-build-files"


def _manifest(out_dir: Path) -> list[str]:
    try:
        names = (out_dir / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    # only plain relative names inside out_dir: a hand-edited manifest cannot point elsewhere
    return [n for n in names if n and not Path(n).is_absolute() and ".." not in Path(n).parts]


def write_outputs(b: Build, out_dir: Path, extra: dict[str, bytes | str] | None = None) -> list[Path]:
    """Write painkg.ttl, painkg.nt, stats.json (plus ``extra`` files) into ``out_dir`` atomically.

    Files an earlier build wrote there and this one does not (a view or report of an entity no longer in the
    data) are removed, so the folder never mixes two builds. Only files listed in the folder's
    :data:`MANIFEST` (what painkg wrote) are ever removed; other files in the folder are left alone.
    """
    out_dir = Path(out_dir)
    files: dict[str, bytes | str] = {
        "painkg.ttl": turtle_from_ntriples(b.ntriples),
        "painkg.nt": b.ntriples,
        "stats.json": json.dumps(stats(b), indent=2, sort_keys=True) + "\n",
    }
    files.update(extra or {})
    stale = [n for n in _manifest(out_dir) if n not in files and n != MANIFEST]
    # the manifest first still lists the stale files, so a build killed before removing them removes them next time
    written = atomic_write({**files, MANIFEST: "\n".join([*sorted(files), *stale]) + "\n"}, out_dir)
    for name in stale:
        if (out_dir / name).is_file():
            (out_dir / name).unlink()
    if stale:
        atomic_write({MANIFEST: "\n".join(sorted(files)) + "\n"}, out_dir)
    return [p for p in written if p.name != MANIFEST]
