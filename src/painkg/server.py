"""A real SPARQL 1.1 Protocol endpoint: the Oxigraph server (``oxigraph`` PyPI package) loaded with the graph.

``OxigraphServer`` loads N-Triples into an on-disk store with ``oxigraph load`` and runs
``oxigraph serve-read-only`` (updates refused) — or ``oxigraph serve`` when writes are asked for —
bound to loopback by default. It is a context manager: the process is stopped (and waited for) on
exit, so tests leave no process behind.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from painkg.store import StoreError

__all__ = ["OxigraphServer", "find_oxigraph", "free_port"]


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
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class OxigraphServer:
    """Run ``oxigraph serve-read-only`` (or ``serve``) over a store loaded from an N-Triples file."""

    def __init__(
        self,
        ntriples: Path,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        location: Path | None = None,
        read_only: bool = True,
        timeout_s: int = 30,
    ):
        self.ntriples = Path(ntriples)
        self.host = host
        self.port = port or free_port(host)
        self._tmp = None if location else tempfile.TemporaryDirectory(prefix="painkg-oxigraph-")
        self.location = Path(location) if location else Path(self._tmp.name) / "store"
        self.read_only = read_only
        self.timeout_s = timeout_s
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        """``http://host:port``."""
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
        """Load, start the server and wait until it answers a query."""
        self.load()
        exe = find_oxigraph()
        mode = "serve-read-only" if self.read_only else "serve"
        cmd = [exe, mode, "--location", str(self.location), "--bind", f"{self.host}:{self.port}"]
        cmd += ["--timeout-s", str(self.timeout_s)]
        self.process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + wait
        probe = urllib.request.Request(self.query_url + "?query=ASK%7B%7D", headers={"Accept": "application/json"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode("utf-8", "replace") if self.process.stderr else ""
                raise StoreError(f"oxigraph server exited: {err.strip()}")
            try:
                with urllib.request.urlopen(probe, timeout=1) as resp:
                    if resp.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        self.stop()
        raise StoreError(f"oxigraph server did not answer on {self.base_url} within {wait:g} s")

    def stop(self) -> None:
        """Stop the server process and remove a temporary store."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        self.process = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
