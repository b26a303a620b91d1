"""The contract suite on a second real engine: Virtuoso Open Source 7 gives rdflib's answer to every named query.

A throwaway Virtuoso (``tests/virtuoso.py``: loopback only, own virtuoso.ini and database, removed afterwards) is
bulk-loaded with the built graph into a named graph and queried through ``RemoteStore`` with that graph as the
default graph. Every named query in the registry runs with its declared defaults and with its header's example
parameters; the answer must equal rdflib's: same columns, same rows (order-free, as in tests/test_stores.py) with
the same Python types (Virtuoso's integers 0/1 must not pass for booleans), and the same order on the query's
``ORDER BY`` keys. Skipped where Virtuoso is not installed, failed under CI.

The last tests need no Virtuoso: they check every named query for the constructs Virtuoso answers wrongly
(see painkg.dialect), so a new query is told before it reaches a Virtuoso server.
"""

from __future__ import annotations

import json
import shlex
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from itertools import takewhile
from pathlib import Path

import pytest
from rdflib import Literal, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from painkg import dialect
from painkg.cli import main
from painkg.graph import serialize_ntriples
from painkg.pipeline import build
from painkg.queries import EntityResolver, NamedQuery, get_query, list_queries, run_query
from painkg.store import RdflibStore, RemoteStore, SparqlSyntaxError, StoreError, push
from tests.conftest import DATA, FIXTURE
from tests.virtuoso import ISQL, VIRTUOSO_T, VirtuosoServer, missing

#: The named graph painkg is loaded into; queries name it as their default graph.
GRAPH = "https://w3id.org/painkg/"
HOSTILE = ['x" } ; DROP ALL ; #', "<http://evil>", "ketamine' } DELETE WHERE { ?s ?p ?o } #", "\\u0022 }"]


def _example_params(query: NamedQuery) -> dict[str, str]:
    """The ``--param k=v`` pairs of a query's ``# example:`` header line."""
    tokens = shlex.split(query.example)
    return dict(tokens[i + 1].split("=", 1) for i, tok in enumerate(tokens[:-1]) if tok == "--param")


def _cases() -> list:
    """(query, parameters) for every named query: its defaults, and its example when that sets parameters."""
    cases = []
    for q in list_queries():
        cases.append(pytest.param(q.name, {}, id=f"{q.name}-defaults"))
        example = _example_params(q)
        if example:
            cases.append(pytest.param(q.name, example, id=f"{q.name}-example"))
    return cases


def _typed(rows: list[tuple]) -> list[tuple]:
    """Rows with each value's type next to it, so that 0 == False or 1.0 == 1 cannot pass."""
    return [tuple((type(v).__name__, v) for v in row) for row in rows]


@pytest.fixture(scope="module")
def graph():
    """The real data's graph when it builds, else the fixture's (as tests/test_stores.py)."""
    try:
        return build(DATA, run_shacl=False).rdf
    except Exception:
        return build(FIXTURE, run_shacl=False).rdf


@pytest.fixture(scope="module")
def virtuoso(graph):
    for exe in (VIRTUOSO_T, ISQL):
        if shutil.which(exe) is None:
            missing(f"{exe} not found: apt-get install virtuoso-opensource-7-bin (Debian)")
    server = VirtuosoServer()
    try:
        server.start()
        server.bulk_load(graph, GRAPH)
        yield server
    finally:
        server.stop()
    assert server.process is None and not server.dir.exists()


@pytest.fixture(scope="module")
def stores(graph, virtuoso):
    return {
        "rdflib": RdflibStore(graph),
        "virtuoso": RemoteStore(virtuoso.sparql_url, default_graph=GRAPH, timeout=120),
    }


@pytest.fixture(scope="module")
def resolvers(stores):
    return {name: EntityResolver(store) for name, store in stores.items()}


def _listening_addresses(port: int) -> set[str]:
    """IPv4/IPv6 addresses with a socket listening on ``port``, read from /proc/net (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, _, hexport = local.rpartition(":")
            if state == "0A" and int(hexport, 16) == port:
                found.add(addr)
    return found


def test_virtuoso_listens_on_loopback_only(virtuoso):
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp to read listening sockets from")
    loopback = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1 as /proc/net writes them
    for port in (virtuoso.sql_port, virtuoso.http_port):
        addresses = _listening_addresses(port)
        assert addresses, f"nothing listens on port {port}"
        assert addresses <= loopback, f"port {port} listens on {addresses}, not only on loopback"


def test_every_triple_is_loaded_into_the_named_graph(graph, stores, virtuoso):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert stores["virtuoso"].query(count).rows == [(len(graph),)]
    whole = RemoteStore(virtuoso.sparql_url, timeout=60).query(count).rows[0][0]
    assert whole > len(graph), "without default-graph-uri Virtuoso queries every graph, its system graphs included"


def test_endpoint_is_recognised_as_virtuoso(stores):
    assert stores["virtuoso"].engine == dialect.VIRTUOSO


@pytest.mark.parametrize(("query", "params"), _cases())
def test_every_query_answers_as_on_rdflib(stores, resolvers, query, params):
    answers = {}
    for name, store in stores.items():
        result, cut = run_query(store, query, params, resolver=resolvers[name], limit=None)
        assert not cut
        answers[name] = result
    rd, vt = answers["rdflib"], answers["virtuoso"]
    assert vt.columns == rd.columns, f"{query}: columns differ"
    assert _typed(vt.normalised()) == _typed(rd.normalised()), f"{query} {params}: Virtuoso and rdflib differ"
    keys = [v for v, _desc in dialect.order_keys(get_query(query).sparql) or []]
    shown = [rd.columns.index(k) for k in takewhile(lambda k: k in rd.columns, keys)]
    order = [[tuple(row[i] for i in shown) for row in res.rows] for res in (rd, vt)]
    assert order[1] == order[0], f"{query}: Virtuoso orders the rows differently on {keys}"


def test_pages_follow_the_same_order(stores):
    full, _ = run_query(stores["rdflib"], "entities", limit=None)
    page, cut = run_query(stores["virtuoso"], "entities", limit=3, offset=3)
    assert cut and page.rows == full.rows[3:6]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_one_literal(graph, stores, resolvers, value):
    store = stores["virtuoso"]
    assert store.query("SELECT ?x WHERE { }", {"x": Literal(value)}).rows == [(value,)]
    for q in list_queries():
        for p in (p for p in q.params if p.type == "string"):
            result, _ = run_query(store, q.name, {p.name: value}, resolver=resolvers["virtuoso"])
            assert all(value not in map(str, row) for row in result.rows), f"{q.name}: {value!r} came back"
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [(len(graph),)]


def test_anonymous_updates_are_refused(graph, stores):
    store = stores["virtuoso"]
    with pytest.raises(StoreError) as exc:
        store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://evil/a> <http://evil/b> <http://evil/c> }} }}")
    assert "bulk loader" in str(exc.value), "the error should say how to load instead"
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [(len(graph),)]


def test_syntax_error_names_the_line(stores):
    with pytest.raises(SparqlSyntaxError) as exc:
        stores["virtuoso"].query("SELECT ?s WHERE {\n  ?s ?p \n}")
    assert exc.value.line == 3 and exc.value.column is None  # Virtuoso reports no column
    assert "at line 3:" in str(exc.value) and "column" not in str(exc.value) and "SPARQL query:" not in str(exc.value)


def test_partial_result_at_the_time_limit_is_an_error(virtuoso):
    """Virtuoso answers a query stopped at its time limit with HTTP 200 and the rows found so far."""
    store = RemoteStore(virtuoso.sparql_url + "?timeout=200", default_graph=GRAPH, timeout=120)
    with pytest.raises(StoreError) as exc:
        store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?v FILTER(STR(?o) < STR(?v)) }")
    assert "incomplete result" in str(exc.value) and "MaxQueryExecutionTime" in str(exc.value)


def test_push_is_refused_by_the_anonymous_graph_store(graph, virtuoso):
    """Why the loader is used: Virtuoso's anonymous Graph Store endpoint refuses writes unless opened to all."""
    with pytest.raises(StoreError) as exc:
        push(virtuoso.graph_store_url, serialize_ntriples(graph).encode("utf-8")[:2000], graph=GRAPH)
    assert "403" in str(exc.value) and "<" not in str(exc.value) and "bulk loader" in str(exc.value)


def test_push_loads_the_graph_once_writes_are_granted(graph, virtuoso):
    """The documented alternative to the bulk loader: grant writes, push into a named graph, revoke."""
    pushed = "urn:painkg:test:pushed"
    virtuoso.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
    try:
        push(virtuoso.graph_store_url, serialize_ntriples(graph).encode("utf-8"), graph=pushed)
    finally:
        virtuoso.isql('REVOKE SPARQL_UPDATE FROM "SPARQL";')
    store = RemoteStore(virtuoso.sparql_url, default_graph=pushed, timeout=60)
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [(len(graph),)]
    assert run_query(store, "targets")[0].normalised() == run_query(RdflibStore(graph), "targets")[0].normalised()
    virtuoso.isql(f"SPARQL CLEAR GRAPH <{pushed}>;")


def test_cli_queries_virtuoso(stores, virtuoso, capsys):
    args = ["query", "targets", "--param", "drug=ketamine", "--format", "json"]
    assert main([*args, "--endpoint", virtuoso.sparql_url, "--default-graph", GRAPH]) == 0
    remote = json.loads(capsys.readouterr().out)
    local = run_query(stores["rdflib"], "targets", {"drug": "ketamine"})[0].to_dataframe()
    assert remote and remote == json.loads(local.to_json(orient="records"))


class _CappingEndpoint(BaseHTTPRequestHandler):
    """Answers every query as Virtuoso does when ResultSetMaxRows cuts the result: HTTP 200 plus a header."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "a:b"}}]}})
        self.send_response(200)
        self.send_header("Server", "Virtuoso/07.20.3229 (Linux)")
        self.send_header("X-SPARQL-MaxRows", "1")
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


def test_result_cut_at_the_row_cap_is_an_error():
    server = HTTPServer(("127.0.0.1", 0), _CappingEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(StoreError) as exc:
            RemoteStore(f"http://127.0.0.1:{server.server_port}/sparql", timeout=5).query(
                "SELECT ?s WHERE { ?s ?p ?o }"
            )
        assert "cut the result at 1 rows" in str(exc.value) and "ResultSetMaxRows" in str(exc.value)
    finally:
        server.shutdown()
        server.server_close()


# --- portability rules, checked on every named query without Virtuoso (see painkg.dialect) ---------------------

_BOOLEAN_EXPRESSIONS = {
    "RelationalExpression",
    "ConditionalAndExpression",
    "ConditionalOrExpression",
    "UnaryNot",
    "Builtin_BOUND",
    "Builtin_isIRI",
    "Builtin_isBLANK",
    "Builtin_isLITERAL",
    "Builtin_isNUMERIC",
    "Builtin_STRSTARTS",
    "Builtin_STRENDS",
    "Builtin_CONTAINS",
    "Builtin_REGEX",
    "Builtin_sameTerm",
    "Builtin_LANGMATCHES",
    "Builtin_EXISTS",
    "Builtin_NOTEXISTS",
}


def _nodes(node):
    """Every algebra node under ``node`` (depth first)."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _nodes(value)


def _variables(expr) -> set[Variable]:
    """Variables an expression reads, not counting those local to an EXISTS pattern."""
    if isinstance(expr, Variable):
        return {expr}
    if isinstance(expr, CompValue):
        if expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            return set()
        return set().union(*(_variables(v) for k, v in expr.items() if k != "_vars"))
    if isinstance(expr, list | tuple):
        return set().union(*(_variables(v) for v in expr))
    return set()


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_optional_filters_use_only_their_own_variables(query):
    """Virtuoso treats a variable bound only outside an OPTIONAL as unbound in that OPTIONAL's FILTER."""
    algebra = prepareQuery(get_query(query).sparql).algebra
    for node in _nodes(algebra):
        if node.name == "LeftJoin" and isinstance(node.expr, CompValue) and node.expr.name != "TrueFilter":
            outside = _variables(node.expr) - set(node.p2._vars)
            assert not outside, (
                f"{query}.rq: a FILTER inside an OPTIONAL reads {', '.join(sorted('?' + v for v in outside))}, "
                "bound only outside it; repeat the triple pattern that binds them inside the OPTIONAL"
            )


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_computed_booleans_are_cast(query):
    """Virtuoso returns a computed boolean as the integer 0 or 1 unless it is cast with xsd:boolean()."""
    for node in _nodes(prepareQuery(get_query(query).sparql).algebra):
        if node.name == "Extend":
            expr = node.expr
            boolean = (isinstance(expr, CompValue) and expr.name in _BOOLEAN_EXPRESSIONS) or (
                isinstance(expr, Literal) and isinstance(expr.value, bool)
            )
            assert not boolean, f"{query}.rq: write ?{node.var} as xsd:boolean(…): Virtuoso would return 0/1"


@pytest.mark.parametrize("query", [q.name for q in list_queries() if "ORDER BY" in q.text.upper()])
def test_order_by_is_plain_projected_variables(query):
    """painkg.dialect makes Virtuoso order long strings correctly only for ORDER BY keys that are plain variables."""
    q = get_query(query)
    keys = dialect.order_keys(q.sparql)
    assert keys, f"{query}.rq: write ORDER BY as ?var, ASC(?var) or DESC(?var) keys"
    projected = {str(v) for v in prepareQuery(q.sparql).algebra["PV"]}
    assert {k for k, _ in keys} <= projected, f"{query}.rq: ORDER BY keys must be projected columns"


def test_unreachable_endpoint_fails_at_engine_detection():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreError) as exc:
        RemoteStore(f"http://127.0.0.1:{port}/sparql", timeout=2, default_graph=GRAPH).query("ASK {}")
    assert "cannot reach" in str(exc.value)
