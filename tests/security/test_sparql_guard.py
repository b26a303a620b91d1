"""Free SPARQL (``painkg sparql``, ``kg.sparql``) on rdflib and Oxigraph: no federated query, a time limit, a row cap."""

from __future__ import annotations

import time

import pytest
from rdflib import Literal

from painkg.api import load
from painkg.cli import main
from painkg.guard import QueryLimits, service_targets
from painkg.queries import UnknownEntityError, get_query, list_queries, run_query
from painkg.store import (
    OxigraphStore,
    QueryRefusedError,
    QueryTimeoutError,
    RdflibStore,
    ResultTooLargeError,
)
from tests.conftest import FIXTURE

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HOSTILE = ['x" } ; DROP ALL ; #', "<http://evil>", "ketamine' } DELETE WHERE { ?s ?p ?o } #", "\\u0022 }", "?s ?p ?o"]


@pytest.fixture(scope="module")
def kg():
    return load(FIXTURE, run_shacl=False)


@pytest.fixture(scope="module")
def stores(kg):
    ox = OxigraphStore()
    ox.load_graph(kg.rdf)
    return {"rdflib": RdflibStore(kg.rdf), "oxigraph": ox}


def _services(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX e: <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z # }}\nSERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_service_is_refused_and_nothing_is_contacted(stores, listener, engine):
    for q in _services(listener.url):
        with pytest.raises(QueryRefusedError, match="SERVICE"):
            stores[engine].query(q, limits=QueryLimits.free())
        with pytest.raises(QueryRefusedError):
            stores[engine].query(q)  # the store's own limits refuse it too
    time.sleep(0.3)
    assert listener.connections == 0


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_kg_sparql_refuses_service_unless_the_host_is_allowed(kg, listener, store):
    k = kg if store == "rdflib" else kg.on_oxigraph()
    q = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryRefusedError, match=f"127.0.0.1:{listener.port}"):
        k.sparql(q)
    assert listener.connections == 0
    try:  # allowed: the engine calls the listener, which hangs up, so the engine reports an error of its own
        k.sparql(q, allow_service=[f"127.0.0.1:{listener.port}"], timeout=20)
    except QueryRefusedError:
        raise
    except Exception:
        pass
    time.sleep(0.3)
    assert listener.connections >= 1


def test_cli_sparql_refuses_service(tmp_path, listener, capsys):
    q = tmp_path / "q.rq"
    q.write_text(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", encoding="utf-8")
    for store in ("rdflib", "oxigraph"):
        assert main(["sparql", str(q), "--data", str(FIXTURE), "--store", store]) == 1
        assert "federated" in capsys.readouterr().err
    assert listener.connections == 0


def test_service_inside_text_is_not_a_service():
    assert service_targets('SELECT ?s WHERE { ?s ?p "SERVICE <http://x/>" . ?s ?p """SERVICE <http://y/>""" }') == []
    assert service_targets("SELECT ?SERVICE WHERE { ?SERVICE ex:SERVICE service:x }") == []


def test_rdflib_from_clause_is_refused(stores, listener):
    with pytest.raises(QueryRefusedError, match="FROM"):
        stores["rdflib"].query(f"SELECT * FROM NAMED <{listener.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert listener.connections == 0


def test_cartesian_query_times_out_on_rdflib(stores):
    t0 = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="1 s"):
        stores["rdflib"].query(CARTESIAN, limits=QueryLimits.free(timeout_s=1))
    assert time.monotonic() - t0 < 5


def test_cartesian_query_times_out_on_oxigraph(tmp_path):
    """In a child process: Oxigraph's evaluation cannot be interrupted and ends only with the process."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    q = tmp_path / "q.rq"
    q.write_text(CARTESIAN, encoding="utf-8")
    t0 = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "painkg",
            "sparql",
            str(q),
            "--data",
            str(FIXTURE),
            "--store",
            "oxigraph",
            "--timeout",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1 and "did not finish within 1 s" in proc.stderr
    assert time.monotonic() - t0 < 60


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_row_cap(stores, engine):
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    with pytest.raises(ResultTooLargeError, match="more than 1,000 rows"):
        stores[engine].query(q, limits=QueryLimits.free(max_rows=1000))
    assert len(stores[engine].query(q + " LIMIT 1000", limits=QueryLimits.free(max_rows=1000)).rows) == 1000


def test_cli_sparql_timeout_and_cap(tmp_path, capsys):
    q = tmp_path / "q.rq"
    q.write_text(CARTESIAN, encoding="utf-8")
    assert main(["sparql", str(q), "--data", str(FIXTURE), "--timeout", "1"]) == 1
    assert "did not finish within 1 s" in capsys.readouterr().err
    q.write_text("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", encoding="utf-8")
    assert main(["sparql", str(q), "--data", str(FIXTURE), "--max-rows", "10", "--store", "oxigraph"]) == 1
    assert "more than 10 rows" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_named_query_parameters_are_never_query_text(stores, engine):
    """Injection through a named query's parameters changes nothing and matches nothing (held in the probe)."""
    store = stores[engine]
    before = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    for value in HOSTILE:
        assert store.query("SELECT ?x WHERE { }", {"x": Literal(value)}).rows == [(value,)]
        for q in (q for q in list_queries() if q.params):
            for p in get_query(q.name).params:
                try:
                    result, _ = run_query(store, q.name, {p.name: value})
                except UnknownEntityError:
                    continue
                assert all(value not in map(str, row) for row in result.rows)
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == before
