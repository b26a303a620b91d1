"""A real SPARQL 1.1 Protocol endpoint: the Oxigraph server (``oxigraph`` PyPI package) behind a small guard proxy.

``OxigraphServer`` loads N-Triples into an on-disk store with ``oxigraph load`` and runs
``oxigraph serve-read-only`` (updates refused) — or ``oxigraph serve`` when writes are asked for — on a
private loopback port. Clients talk to a proxy (standard library ``ThreadingHTTPServer``) on the public
address, because the Oxigraph server cannot do these itself (measured with oxigraph 0.5.13):

- **no federated queries**: Oxigraph runs ``SERVICE <http://…>`` by sending a request to that address; the
  proxy refuses any query or update with a SERVICE whose host was not allowed (HTTP 403, with the reason);
- **time limit answered as an error**: Oxigraph's ``--timeout-s`` cancels a query late and answers
  HTTP 200 with a cut body (results had started streaming); the proxy reads the whole answer within
  ``timeout_s`` and otherwise answers HTTP 504, never 200;
- **result-size cap**: a ``SELECT *`` streams without end; the proxy answers HTTP 507 past ``max_result_bytes``;
- **bounded work**: at most ``max_concurrent`` queries run in Oxigraph at once (others wait up to their time
  limit, then HTTP 503); a timed-out query keeps its slot until Oxigraph has let it go;
- the child's output goes to a log file (``log``, default inside the server's temporary folder), never to a
  pipe nobody reads (a full pipe hung the server after ~520 error messages); the proxy's access log too.

Binding a non-loopback address needs ``allow_remote=True`` (``painkg serve --allow-remote``); a port in use is
an error. It is a context manager: the process is stopped (and waited for) and temporary folders removed on exit.
"""

from __future__ import annotations

import errno
import http.client
import ipaddress
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Collection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

from painkg.guard import DEFAULT_TIMEOUT_S, service_problem
from painkg.store import StoreError

__all__ = ["DEFAULT_MAX_RESULT_BYTES", "OxigraphServer", "find_oxigraph", "free_port", "is_loopback"]

#: Largest answer the endpoint sends (bytes) unless configured otherwise.
DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024
#: Largest request body the proxy reads (a query, an update, or an upload to /store on a writable server).
MAX_REQUEST_BYTES = 256 * 1024 * 1024
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}


def find_oxigraph() -> str:
    """Path of the ``oxigraph`` executable (next to this Python first, then on PATH)."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.exists():
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the Oxigraph server is not installed: pip install oxigraph (a dependency of painkg)")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is a loopback address (127.0.0.0/8, ::1, localhost).

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, True, False, True)
    """
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


class _Proxy(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a port in use must be an error, not shared
    owner: OxigraphServer

    def __init__(self, address: tuple[str, int], owner: OxigraphServer):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.owner = owner
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Proxy
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request (slow clients do not hold a thread forever)

    def log_message(self, format: str, *args: object) -> None:
        self.server.owner._log(f"{self.address_string()} {format % args}")

    # -- answers ---------------------------------------------------------------------------------------
    def _reply(self, status: int, text: str) -> None:
        body = (text.rstrip("\n") + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True

    # -- requests --------------------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._forward()

    def do_HEAD(self) -> None:
        self._forward()

    def do_POST(self) -> None:
        self._forward()

    def do_PUT(self) -> None:
        self._forward()

    def do_DELETE(self) -> None:
        self._forward()

    def _body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self._reply(411, "send the request body with a Content-Length (chunked bodies are not accepted)")
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._reply(400, "Content-Length is not a number")
            return None
        if length > MAX_REQUEST_BYTES or length < 0:
            self._reply(413, f"request body larger than {MAX_REQUEST_BYTES:,} bytes")
            return None
        return self.rfile.read(length) if length else b""

    def _sparql_texts(self, body: bytes) -> list[str]:
        """Every query or update text of the request (URL parameters, form fields, or a SPARQL body)."""
        parts = urllib.parse.urlsplit(self.path)
        texts = [v for k, vs in urllib.parse.parse_qs(parts.query).items() if k in ("query", "update") for v in vs]
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            texts += [v for k, vs in form.items() if k in ("query", "update") for v in vs]
        elif ctype in ("application/sparql-query", "application/sparql-update"):
            texts.append(body.decode("utf-8", "replace"))
        return texts

    def _forward(self) -> None:
        owner = self.server.owner
        body = self._body()
        if body is None:
            return
        for text in self._sparql_texts(body):
            why = service_problem(text, owner.allow_service)
            if why:
                self._reply(403, f"refused: {why.replace('(--allow-service', '(painkg serve --allow-service')}")
                return
        deadline = time.monotonic() + owner.timeout_s
        if not owner._slots.acquire(timeout=owner.timeout_s):
            self._reply(503, f"the endpoint is busy ({owner.max_concurrent} queries running); try again later")
            return
        release = True
        conn = http.client.HTTPConnection("127.0.0.1", owner.child_port, timeout=owner.timeout_s)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            headers["Connection"] = "close"
            try:
                conn.request(self.command, self.path, body=body if body else None, headers=headers)
                conn.sock.settimeout(max(0.05, deadline - time.monotonic()))  # type: ignore[union-attr]
                resp = conn.getresponse()
                chunks, size = [], 0
                while self.command != "HEAD":
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    conn.sock.settimeout(left)  # type: ignore[union-attr]
                    chunk = resp.read1(65536)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > owner.max_result_bytes:
                        self._reply(
                            507,
                            f"the answer is larger than {owner.max_result_bytes:,} bytes (the endpoint's cap); add "
                            "LIMIT/OFFSET to page through it",
                        )
                        return
                    chunks.append(chunk)
            except TimeoutError:
                release = False
                threading.Thread(target=owner._drain_then_release, args=(conn,), daemon=True).start()
                conn = None  # type: ignore[assignment]
                self._reply(
                    504,
                    f"the query did not finish within {owner.timeout_s:g} s (the endpoint's time limit); narrow it "
                    "(bind variables, add LIMIT)",
                )
                return
            except (http.client.HTTPException, OSError) as exc:
                self._reply(502, f"the SPARQL engine failed while answering: {exc}")
                return
            data = b"".join(chunks)
            self.send_response(resp.status, resp.reason)
            for key, value in resp.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        finally:
            if conn is not None:
                conn.close()
            if release:
                owner._slots.release()


class OxigraphServer:
    """Run ``oxigraph serve-read-only`` (or ``serve``) over a store loaded from an N-Triples file, behind a guard."""

    def __init__(
        self,
        ntriples: Path,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        location: Path | None = None,
        read_only: bool = True,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
        max_concurrent: int = 4,
        allow_service: Collection[str] = (),
        allow_remote: bool = False,
        log: Path | None = None,
    ):
        if not is_loopback(host) and not allow_remote:
            raise StoreError(
                f"{host} is not a loopback address: the endpoint would be reachable from other machines; "
                "pass --allow-remote (allow_remote=True) to do that on purpose"
            )
        self.ntriples = Path(ntriples)
        self.host = host
        self.port = port or 0
        self._tmp = tempfile.TemporaryDirectory(prefix="painkg-oxigraph-")
        self.location = Path(location) if location else Path(self._tmp.name) / "store"
        self.log_path = Path(log) if log else Path(self._tmp.name) / "oxigraph.log"
        self.read_only = read_only
        self.timeout_s = float(timeout_s)
        self.max_result_bytes = int(max_result_bytes)
        self.max_concurrent = int(max_concurrent)
        self.allow_service = frozenset(h.lower() for h in allow_service)
        self.allow_remote = allow_remote
        self.process: subprocess.Popen | None = None
        self.child_port = 0
        self._proxy: _Proxy | None = None
        self._serving = False
        self._log_file: IO[str] | None = None
        self._log_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.max_concurrent)

    @property
    def base_url(self) -> str:
        """``http://host:port`` (the guard proxy clients use)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        """The SPARQL update endpoint (refused by a read-only server)."""
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint."""
        return self.base_url + "/store"

    def _log(self, line: str) -> None:
        with self._log_lock:
            if self._log_file is not None and not self._log_file.closed:
                self._log_file.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} proxy {line}\n")
                self._log_file.flush()

    def _drain_then_release(self, conn: http.client.HTTPConnection) -> None:
        """Keep a timed-out query's slot until Oxigraph stops sending (it cancels at its own, later, time limit)."""
        try:
            if conn.sock is not None:
                conn.sock.settimeout(self.timeout_s + 30)
                while conn.sock.recv(65536):
                    pass
        except OSError:
            pass
        finally:
            conn.close()
            self._slots.release()

    def load(self) -> None:
        """Load the N-Triples file into the on-disk store (skipped when the store already holds data)."""
        exe = find_oxigraph()
        if self.location.exists() and any(self.location.iterdir()):
            return
        self.location.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            [exe, "load", "--location", str(self.location), "--file", str(self.ntriples)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise StoreError(f"oxigraph load failed: {proc.stderr.strip()}")

    def start(self, wait: float = 20.0) -> OxigraphServer:
        """Bind the public address, load, start Oxigraph on a private loopback port, and wait until it answers."""
        try:
            self._proxy = _Proxy((self.host, self.port), self)
        except OSError as exc:
            self.stop()
            if exc.errno == errno.EADDRINUSE:
                raise StoreError(
                    f"port {self.port} on {self.host} is already in use (another server?); stop it or choose "
                    "another port (painkg serve --port N)"
                ) from None
            raise StoreError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self.port = int(self._proxy.server_address[1])
        try:
            self.load()
            exe = find_oxigraph()
            mode = "serve-read-only" if self.read_only else "serve"
            self.child_port = free_port("127.0.0.1")
            cmd = [exe, mode, "--location", str(self.location), "--bind", f"127.0.0.1:{self.child_port}"]
            # Oxigraph's own limit is a backstop one second after the proxy's: it stops work nobody waits for
            cmd += ["--timeout-s", str(int(self.timeout_s) + 1)]
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log_file = open(self.log_path, "a", encoding="utf-8")
            self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log_file, stderr=self._log_file)
            self._wait_for_child(wait)
        except BaseException:
            self.stop()
            raise
        threading.Thread(target=self._proxy.serve_forever, name="painkg-endpoint", daemon=True).start()
        self._serving = True
        return self

    def _wait_for_child(self, wait: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + wait
        probe = urllib.request.Request(
            f"http://127.0.0.1:{self.child_port}/query?query=ASK%7B%7D", headers={"Accept": "application/json"}
        )
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(f"oxigraph server exited: {self.log_tail()}")
            try:
                with urllib.request.urlopen(probe, timeout=1) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        raise StoreError(f"oxigraph server did not answer within {wait:g} s; its log: {self.log_tail()}")

    def log_tail(self, n: int = 5) -> str:
        """The last ``n`` lines of the server log (what Oxigraph said)."""
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return " | ".join(lines[-n:]).strip()

    def wait(self) -> int:
        """Block until the Oxigraph process ends (Ctrl-C or a signal ends it sooner); its exit code."""
        if self.process is None:
            return 0
        return self.process.wait()

    def stop(self) -> None:
        """Stop the proxy and the server process, and remove the temporary folder."""
        if self._proxy is not None:
            if self._serving:
                self._proxy.shutdown()
                self._serving = False
            self._proxy.server_close()
            self._proxy = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        with self._log_lock:
            if self._log_file is not None:
                self._log_file.close()
                self._log_file = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
