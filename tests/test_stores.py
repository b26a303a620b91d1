"""One contract over three stores: every named query gives the same answer in rdflib memory, Oxigraph
embedded and a real Oxigraph SPARQL server; bad input fails clearly and changes nothing."""

from __future__ import annotations

import socket
import threading

import pytest
from rdflib import Literal, URIRef

from painkg.graph import serialize_ntriples
from painkg.pipeline import build
from painkg.queries import (
    ParameterError,
    UnknownEntityError,
    UnknownQueryError,
    get_query,
    list_queries,
    run_query,
)
from painkg.server import OxigraphServer
from painkg.store import OxigraphStore, RdflibStore, RemoteStore, SparqlSyntaxError, StoreError
from tests.conftest import DATA, FIXTURE

HOSTILE = ['x" } ; DROP ALL ; #', "<http://evil>", "ketamine' } DELETE WHERE { ?s ?p ?o } #", "\\u0022 }"]


def _dataset_dir():
    """The real data when it builds, else the fixture (keeps the contract meaningful while data is curated)."""
    try:
        build(DATA, run_shacl=False)
        return DATA
    except Exception:
        return FIXTURE


@pytest.fixture(scope="module")
def graph():
    return build(_dataset_dir(), run_shacl=False).rdf


@pytest.fixture(scope="module")
def server(graph, tmp_path_factory):
    nt = tmp_path_factory.mktemp("nt") / "painkg.nt"
    nt.write_text(serialize_ntriples(graph), encoding="utf-8")
    srv = OxigraphServer(nt)
    srv.start()
    yield srv
    srv.stop()
    assert srv.process is None


@pytest.fixture(scope="module")
def stores(graph, server):
    ox = OxigraphStore()
    ox.load_graph(graph)
    return {"rdflib": RdflibStore(graph), "oxigraph": ox, "remote": RemoteStore(server.query_url, timeout=20)}


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_every_query_answers_the_same_on_every_store(stores, query):
    answers = {}
    for name, store in stores.items():
        result, cut = run_query(store, query, limit=None)
        answers[name] = (result.columns, result.normalised())
        assert not cut
    assert answers["rdflib"] == answers["oxigraph"], f"{query}: rdflib and oxigraph differ"
    assert answers["rdflib"] == answers["remote"], f"{query}: rdflib and the SPARQL server differ"


def test_on_disk_oxigraph_store_answers_like_memory(graph, tmp_path):
    import gc

    disk = OxigraphStore(tmp_path / "ox")
    disk.load_graph(graph)
    del disk
    gc.collect()
    reopened = OxigraphStore(tmp_path / "ox")
    assert len(reopened) == len(graph)
    mem = RdflibStore(graph)
    for q in ("targets", "findings", "seed-audit"):
        assert run_query(reopened, q)[0].normalised() == run_query(mem, q)[0].normalised()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_plain_literals_on_every_store(stores, graph, value):
    before = len(graph)
    for store in stores.values():
        res = store.query("SELECT ?x WHERE { }", {"x": Literal(value)})
        assert res.rows == [(value,)], f"{store.name} did not keep the value as one literal"
    assert len(graph) == before


@pytest.mark.parametrize("query", [q.name for q in list_queries() if q.params])
def test_hostile_parameters_change_nothing(stores, graph, query):
    q = get_query(query)
    counts = {n: s.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0] for n, s in stores.items()}
    for store in stores.values():
        for value in HOSTILE:
            for p in q.params:
                try:
                    result, _ = run_query(store, query, {p.name: value})
                except UnknownEntityError as exc:
                    assert exc.name == value
                    continue
                assert result.rows == [] or all(value not in map(str, row) for row in result.rows)
    after = {n: s.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0] for n, s in stores.items()}
    assert after == counts


def test_iri_like_value_is_not_an_iri(stores):
    for store in stores.values():
        res = store.query("SELECT (isIRI(?x) AS ?iri) WHERE { }", {"x": Literal("<http://evil>")})
        assert res.rows == [(False,)]
        res = store.query("SELECT (isIRI(?x) AS ?iri) WHERE { }", {"x": URIRef("http://example.org/a")})
        assert res.rows == [(True,)]


@pytest.mark.parametrize("store_name", ["rdflib", "oxigraph", "remote"])
def test_malformed_sparql_names_line_and_column(stores, store_name):
    with pytest.raises(SparqlSyntaxError) as exc:
        stores[store_name].query("SELECT ?s WHERE {\n  ?s ?p \n}")
    assert exc.value.line is not None and exc.value.column is not None
    assert "line" in str(exc.value)


def test_unknown_query_and_parameter_list_the_valid_ones(stores):
    with pytest.raises(UnknownQueryError) as exc:
        run_query(stores["rdflib"], "targetz")
    assert "targets" in str(exc.value) and "did you mean" in str(exc.value)
    with pytest.raises(ParameterError) as exc2:
        run_query(stores["rdflib"], "targets", {"drugg": "ketamine"})
    assert "drug (entity)" in str(exc2.value)


def test_unknown_entity_suggests_closest(stores):
    with pytest.raises(UnknownEntityError) as exc:
        run_query(stores["oxigraph"], "targets", {"drug": "ketamin"})
    assert "ketamine" in exc.value.suggestions


def test_names_resolve_case_insensitively_on_every_store(stores):
    for store in stores.values():
        by_curie = run_query(store, "targets", {"drug": "CHEBI:6121"})[0].normalised()
        assert run_query(store, "targets", {"drug": "KETAMINE"})[0].normalised() == by_curie
        assert (
            run_query(store, "targets", {"drug": "http://purl.obolibrary.org/obo/CHEBI_6121"})[0].normalised()
            == by_curie
        )


def test_limit_reports_a_cut(stores):
    full, cut = run_query(stores["rdflib"], "entities", limit=None)
    assert not cut
    page, cut = run_query(stores["rdflib"], "entities", limit=3)
    assert cut and len(page.rows) == 3
    page2, _ = run_query(stores["remote"], "entities", limit=3, offset=3)
    assert page2.rows == full.rows[3:6]


def test_read_only_server_refuses_updates(server, stores):
    before = stores["remote"].query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    with pytest.raises(StoreError):
        RemoteStore(server.update_url, timeout=5).update(
            "INSERT DATA { <http://evil/a> <http://evil/b> <http://evil/c> }"
        )
    assert stores["remote"].query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == before


def test_unreachable_endpoint_fails_fast():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreError) as exc:
        RemoteStore(f"http://127.0.0.1:{port}/query", timeout=2).query("ASK {}")
    assert "cannot reach" in str(exc.value)


def test_slow_endpoint_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    accepted = []
    t = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    t.start()
    try:
        with pytest.raises(StoreError) as exc:
            RemoteStore(f"http://127.0.0.1:{port}/query", timeout=0.5).query("ASK {}")
        assert "within 0.5 s" in str(exc.value)
    finally:
        for conn, _addr in accepted:
            conn.close()
        listener.close()


def test_endpoint_must_be_http():
    with pytest.raises(StoreError):
        RemoteStore("file:///etc/passwd")


def _patterns_after_optional_or_bind(node, found: list) -> None:
    """Collect BGPs joined after an OPTIONAL, BIND or UNION of the same group (Join(LeftJoin|Extend|Union, BGP)).

    After a UNION, rdflib evaluates the trailing BGP on its own too: the old `findings` with a scope UNION followed by
    label and source patterns built every (label, source) pair and took 75 s on the curated graph.
    """
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if (
            node.name == "Join"
            and node.p1.name in ("LeftJoin", "Extend", "Union")
            and node.p2.name == "BGP"
            and node.p2.triples
        ):
            found.append(node.p2.triples[0])
        for value in node.values():
            _patterns_after_optional_or_bind(value, found)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _patterns_after_optional_or_bind(value, found)


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_required_patterns_come_before_optional_and_bind(query):
    """A required triple pattern after an OPTIONAL or BIND is a separate join operand in SPARQL's algebra, and
    Oxigraph then evaluates it on its own over the whole store (all labels, all sources): at 1M triples that
    turned `findings` from 2 ms into 4 s and three questions into timeouts. Every group lists its required
    patterns first."""
    from rdflib.plugins.sparql import prepareQuery

    found: list = []
    _patterns_after_optional_or_bind(prepareQuery(get_query(query).sparql).algebra, found)
    assert not found, f"{query}.rq: move these required patterns above the group's OPTIONAL/BIND/UNION: {found}"


def _optional_groups(node, found: list) -> None:
    """Collect the right-hand side of every OPTIONAL (rdflib algebra: LeftJoin.p2)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "LeftJoin":
            found.append(node.p2)
        for value in node.values():
            _optional_groups(value, found)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _optional_groups(value, found)


def _required_part(group):
    """The required triple patterns of an OPTIONAL group and whether it holds a VALUES block."""
    from rdflib.plugins.sparql.parserutils import CompValue

    node, has_values = group, False
    while isinstance(node, CompValue):
        if node.name == "BGP":
            return list(node.triples), has_values
        if node.name == "Join":
            has_values |= "ToMultiSet" in (node.p1.name, node.p2.name)
            node = node.p2 if node.p1.name == "ToMultiSet" else node.p1
        elif node.name in ("Filter", "Extend", "LeftJoin"):
            node = node.p if node.name != "LeftJoin" else node.p1
        else:
            return [], has_values
    return [], has_values


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_optional_groups_stay_small_for_oxigraph(query):
    """Oxigraph 0.5 evaluates an OPTIONAL group holding a VALUES block, or more than two required triple patterns,
    on its own over the whole store and hash-joins it (on the 2.3M-triple benchmark store that made `cautions`
    5 s instead of 12 ms, `enantiomers-metabolites` 4 s instead of 60 ms). Such groups are written as one or two
    patterns with nested OPTIONALs, a FILTER(BOUND(...)) keeping required what was required, and FILTER(?p IN ...)
    instead of VALUES (see painkg/queries/__init__.py)."""
    from rdflib.plugins.sparql import prepareQuery

    groups: list = []
    _optional_groups(prepareQuery(get_query(query).sparql).algebra, groups)
    for group in groups:
        triples, has_values = _required_part(group)
        assert not has_values, f"{query}.rq: an OPTIONAL holds a VALUES block; use FILTER(?x IN (...))"
        assert len(triples) <= 2, f"{query}.rq: an OPTIONAL requires {len(triples)} patterns: {triples}"


def test_substitution_binding_adds_hidden_projection_and_groups_by_the_constant():
    """`# binding: substitution` queries: bound variables join the projection (and an outer GROUP BY) and are dropped."""
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    from painkg.store import OxigraphStore, _with_projection

    text, hidden = _with_projection(
        "SELECT ?x (COUNT(?y) AS ?n) WHERE { ?x ?p ?y . { SELECT ?y WHERE { ?y ?q ?z } GROUP BY ?y } } GROUP BY ?x",
        {"p": URIRef("http://p")},
    )
    assert hidden == {"p"}
    assert text.startswith("SELECT ?p ?x") and text.endswith("GROUP BY ?p ?x")
    assert _with_projection("SELECT * WHERE { ?s ?p ?o }", {"p": URIRef("http://p")})[1] == frozenset()
    assert _with_projection("ASK { ?s ?p ?o }", {"p": URIRef("http://p")})[1] == frozenset()
    store = OxigraphStore()
    store.store.add(ox.Quad(*(ox.NamedNode(f"http://{x}") for x in "spo")))
    q = "# binding: substitution\nSELECT ?s WHERE { ?s ?p ?o }"
    assert store.query(q, {"o": URIRef("http://o")}).columns == ["s"]
    assert store.query(q, {"o": URIRef("http://o")}).rows == [("http://s",)]
    assert store.query(q, {"o": Literal('x" } ; DROP ALL ; #')}).rows == []  # one literal, never query text
