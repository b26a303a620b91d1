"""Imports may not inject triples, assert painkg's or the schema's predicates, explode on YAML aliases, or leave a
half-replaced graph after a kill."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest
import yaml

from painkg.io.importers import ImportFileError, graph_iri, import_file
from painkg.pipeline import build
from painkg.store import OxigraphStore
from tests.conftest import FIXTURE, ROOT

DMDB_SAMPLE = ROOT / "tests" / "fixtures" / "external" / "drugmechdb_sample10.yaml"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def built():
    return build(FIXTURE, run_shacl=False)


def _dmdb(tmp_path, mutate) -> object:
    paths = yaml.safe_load(DMDB_SAMPLE.read_text(encoding="utf-8"))[:2]
    mutate(paths)
    out = tmp_path / "dmdb.yaml"
    out.write_text(yaml.safe_dump(paths, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def _labels(store: OxigraphStore, iri: str) -> list[str]:
    q = f"SELECT ?l WHERE {{ GRAPH ?g {{ <{iri}> ?p ?l }} FILTER(?p IN (<{RDFS_LABEL}>, <{RDFS_SUBCLASS}>)) }}"
    return [r[0] for r in store.query(q).rows]


def test_drugmechdb_key_cannot_inject_triples(tmp_path, built):
    ket = "http://purl.obolibrary.org/obo/CHEBI_6121"
    payload = f'<x> .\n<{ket}> <{RDFS_LABEL}> "pwned" .\n<{ket}> <{RDFS_SUBCLASS}> <http://evil> .\n<a'

    def mutate(paths):
        paths[0]["links"][0]["key"] = payload

    store = OxigraphStore()
    report = import_file(store, "drugmechdb", [_dmdb(tmp_path, mutate)], built)
    assert report.edges > 0
    assert _labels(store, ket) == []
    keys = store.query(f"SELECT ?k WHERE {{ GRAPH <{report.graph}> {{ ?e <https://w3id.org/painkg/import/key> ?k }} }}")
    assert (payload,) in keys.rows, "the key is kept whole, as one literal"


@pytest.mark.parametrize(
    "predicate",
    [RDFS_SUBCLASS, RDFS_LABEL, "http://www.w3.org/2002/07/owl#sameAs", "https://w3id.org/painkg/treats"],
)
def test_schema_and_painkg_predicates_are_refused_unless_allowed(tmp_path, built, predicate):
    nodes = tmp_path / "nodes.tsv"
    edges = tmp_path / "edges.tsv"
    nodes.write_text("id\tname\tcategory\nCHEBI:6121\tketamine\tbiolink:Drug\nX:1\tx\tbiolink:Drug\n", encoding="utf-8")
    edges.write_text(f"subject\tpredicate\tobject\nX:1\t{predicate}\tCHEBI:6121\n", encoding="utf-8")
    store = OxigraphStore()
    with pytest.raises(ImportFileError, match="may not assert") as exc:
        import_file(store, "kgx", [nodes, edges], built)
    assert exc.value.line == 2 and exc.value.file.endswith("edges.tsv")
    assert len(store) == 0
    report = import_file(store, "kgx", [nodes, edges], built, allow_predicates=[predicate])
    assert report.edges == 1


def test_yaml_aliases_are_refused(tmp_path, built):
    bomb = tmp_path / "bomb.yaml"
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)}]")
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="alias") as exc:
        import_file(OxigraphStore(), "drugmechdb", [bomb], built)
    assert exc.value.line == 2


def test_yaml_size_limit(tmp_path, built):
    big = _dmdb(tmp_path, lambda paths: None)
    with pytest.raises(ImportFileError, match="larger than 1,000 bytes"):
        import_file(OxigraphStore(), "drugmechdb", [big], built, max_yaml_bytes=1000)


def test_non_utf8_byte_is_reported_on_its_line(tmp_path, built):
    f = tmp_path / "edges.tsv"
    rows = [b"subject\tpredicate\tobject"] + [f"X:{i}\tbiolink:related_to\tCHEBI:6121".encode() for i in range(3000)]
    rows[2500] = b"X:\xff\tbiolink:related_to\tCHEBI:6121"
    f.write_bytes(b"\n".join(rows) + b"\n")
    with pytest.raises(ImportFileError, match="not UTF-8") as exc:
        import_file(OxigraphStore(), "kgx", [f], built)
    assert exc.value.line == 2501


def test_leftover_loading_graph_is_discarded(tmp_path, built):
    """What a kill during --replace leaves (a .loading graph) is not merged into the next --replace."""
    path = _dmdb(tmp_path, lambda paths: None)
    store = OxigraphStore(tmp_path / "store")
    first = import_file(store, "drugmechdb", [path], built)
    junk = ox.NamedNode(graph_iri("drugmechdb") + ".loading")
    store.store.add(ox.Quad(ox.NamedNode("http://junk/a"), ox.NamedNode("http://junk/p"), ox.Literal("x"), junk))
    again = import_file(store, "drugmechdb", [path], built, replace=True)
    assert again.triples == first.triples
    assert not store.store.contains_named_graph(junk)


_KILL_SCRIPT = """
import sys
from painkg.io.importers import import_file
from painkg.pipeline import build
from painkg.store import OxigraphStore
store = OxigraphStore(sys.argv[1])
print("ready", flush=True)
import_file(store, "drugmechdb", [sys.argv[2]], build(sys.argv[3], run_shacl=False), replace=True)
print("done", flush=True)
"""


def test_replace_survives_sigkill_at_any_point(tmp_path, built):
    path = _dmdb(tmp_path, lambda paths: None)
    loc = tmp_path / "store"
    store = OxigraphStore(loc)
    expected = import_file(store, "drugmechdb", [path], built).triples
    del store
    gc.collect()
    for delay in (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0):
        proc = subprocess.Popen(
            [sys.executable, "-c", _KILL_SCRIPT, str(loc), str(path), str(FIXTURE)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        proc.stdout.readline()
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        store = OxigraphStore(loc)
        held = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri('drugmechdb')}> {{ ?s ?p ?o }} }}")
        assert held.rows[0][0] == expected, f"after a kill at {delay} s the graph holds {held.rows[0][0]} triples"
        assert import_file(store, "drugmechdb", [path], built, replace=True).triples == expected
        del store
        gc.collect()
