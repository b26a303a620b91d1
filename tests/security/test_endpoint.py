"""The SPARQL endpoint (painkg serve / OxigraphServer): bounded, local by default, no outbound requests."""

from __future__ import annotations

import concurrent.futures
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from painkg.cli import main
from painkg.graph import serialize_ntriples
from painkg.pipeline import build
from painkg.server import OxigraphServer
from painkg.store import RemoteStore, StoreError
from tests.conftest import FIXTURE, ROOT

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def nt(tmp_path_factory):
    path = tmp_path_factory.mktemp("endpoint") / "painkg.nt"
    path.write_text(serialize_ntriples(build(FIXTURE, run_shacl=False).rdf), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(nt):
    srv = OxigraphServer(nt, timeout_s=2, max_result_bytes=20_000)
    srv.start()
    yield srv
    srv.stop()


def _post(url: str, query: str, timeout: float = 30) -> tuple[int, bytes]:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(url, data=data, headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _ask(server) -> int:
    return _post(server.query_url, "ASK {}", timeout=5)[0]


def test_service_is_refused_with_403_and_nothing_is_contacted(server, listener):
    q = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    status, body = _post(server.query_url, q)
    assert status == 403 and b"federated" in body
    get = server.query_url + "?" + urllib.parse.urlencode({"query": q.replace("SERVICE", "\\u0053ERVICE")})
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(get, timeout=10)
    assert exc.value.code == 403
    req = urllib.request.Request(
        server.query_url, data=q.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(req, timeout=10)
    assert exc.value.code == 403
    time.sleep(0.3)
    assert listener.connections == 0


def test_service_to_an_allowed_host_is_forwarded(nt, listener):
    with OxigraphServer(nt, allow_service=[f"127.0.0.1:{listener.port}"], timeout_s=5) as srv:
        status, _ = _post(srv.query_url, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
    assert status != 403
    assert listener.connections >= 1


def test_timeout_is_an_http_error_never_200(server):
    t0 = time.monotonic()
    status, body = _post(server.query_url, CARTESIAN)
    assert status == 504, body
    assert time.monotonic() - t0 < 10
    assert _ask(server) == 200


def test_streaming_answer_is_capped(server):
    status, body = _post(server.query_url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
    assert status == 507 and b"larger than" in body
    assert _ask(server) == 200


def test_error_output_never_blocks_the_server(server):
    """Each capped answer makes Oxigraph log a write error; 700 of them once filled an unread pipe and hung it."""
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda _i: _post(server.query_url, q)[0], range(700)))
    assert set(statuses) <= {507, 503}
    assert _ask(server) == 200
    assert server.process.stdout is None and server.process.stderr is None, "child output must not be a pipe"
    assert server.log_path.stat().st_size > 0


def test_named_query_injection_through_the_endpoint(server):
    from rdflib import Literal

    store = RemoteStore(server.query_url, timeout=10)
    for value in ['x" } ; DROP ALL ; #', "<http://evil>", "\\u0022 }"]:
        assert store.query("SELECT ?x WHERE { }", {"x": Literal(value)}).rows == [(value,)]


def test_non_loopback_needs_an_explicit_flag(nt, capsys):
    with pytest.raises(StoreError, match="allow-remote"):
        OxigraphServer(nt, host="0.0.0.0")
    assert main(["serve", "--data", str(FIXTURE), "--host", "0.0.0.0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err


def test_taken_port_is_an_error(nt, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        with pytest.raises(StoreError, match="already in use"):
            OxigraphServer(nt, port=port).start()
        assert main(["serve", "--data", str(FIXTURE), "--port", str(port)]) == 1
        assert "already in use" in capsys.readouterr().err


def _serve(*extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "painkg", "serve", "--data", str(FIXTURE), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def test_remote_bind_warns_and_sigterm_stops_everything(tmp_path):
    proc = _serve("--host", "0.0.0.0", "--allow-remote", "--log", str(tmp_path / "serve.log"))
    try:
        line = proc.stdout.readline()
        assert "SPARQL endpoint" in line, proc.stderr.read()
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert children, "the Oxigraph child is running"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "WARNING" in err and "0.0.0.0" in err
    assert proc.returncode == 0 and "stopping (SIGTERM)" in out
    for pid in children:
        assert subprocess.run(["ps", "-p", pid], capture_output=True).returncode != 0, f"child {pid} left running"
