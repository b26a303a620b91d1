"""A throwaway Virtuoso Open Source 7 server for tests: loopback only, its own database and virtuoso.ini.

Debian's package (``virtuoso-opensource``: ``/usr/bin/virtuoso-t`` and ``/usr/bin/isql-vt``) ships a configuration
that listens on every interface and cuts SPARQL results at 10,000 rows without an error. ``VirtuosoServer`` writes
its own ``virtuoso.ini`` in a temporary folder instead: both ports (SQL and HTTP) bound to 127.0.0.1 on free ports,
``ResultSetMaxRows`` far above any answer painkg gives, ``DirsAllowed`` limited to the folder the bulk loader reads,
and memory and threads sized for a 2-core machine. The graph is loaded with Virtuoso's bulk loader (``ld_dir`` +
``rdf_loader_run`` through isql) into a named graph; ``stop()`` ends the process and removes every file (and
on Linux the server also gets SIGTERM if the test process dies without stopping it).

Why the bulk loader and not ``painkg push``: Virtuoso's anonymous Graph Store endpoint (``/sparql-graph-crud``)
refuses writes (HTTP 403, SR575) unless the anonymous ``SPARQL`` account is granted ``SPARQL_UPDATE``, which makes
the endpoint writable by anyone who can reach it; the authenticated endpoint needs HTTP digest login, which
``push`` does not do. The bulk loader needs neither, reads the file itself, reports per-file errors in
``DB.DBA.load_list``, and is the vendor's way to load large files.
"""

from __future__ import annotations

import ctypes
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from painkg.graph import serialize_ntriples
from painkg.server import free_port
from tests.conftest import IN_CI

#: The server and its SQL client: on PATH (Debian: /usr/bin, package virtuoso-opensource-7-bin).
VIRTUOSO_T = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"
HOST = "127.0.0.1"

INI = """\
; Written by tests/virtuoso.py for one test session; the whole folder is removed afterwards.
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
; SQL (isql/ODBC) port on loopback only
ServerPort                   = {host}:{sql_port}
DisableUnixSocket            = 1
DisableTcpSocket             = 0
MaxClientConnections         = 8
; no timed checkpoints: the loader checkpoints once after loading
CheckpointInterval           = 0
O_DIRECT                     = 0
CaseMode                     = 2
MaxStaticCursorRows          = 5000
AllowOSCalls                 = 0
; the bulk loader may read only this folder (and the server's own)
DirsAllowed                  = ., {load}
; memory for a 2-core CI box: 10,000 pages of 8 kB (~80 MB) of buffers, 256 MB per query
NumberOfBuffers              = 10000
MaxDirtyBuffers              = 6000
MaxQueryMem                  = 256M
ThreadsPerQuery              = 2
AsyncQueueMaxThreads         = 2
; ORDER BY … LIMIT n needs n <= MaxSortedTopRows (default 10,000, and painkg asks for --limit + 1 rows)
MaxSortedTopRows             = 1000000
; stop optimising a query plan once optimising takes longer than running it (without this, queries with many
; OPTIONALs spent ~2 s each in the optimiser on a busy 2-core machine)
StopCompilerWhenXOverRunTime = 1

[HTTPServer]
; SPARQL endpoint on loopback only
ServerPort                   = {host}:{http_port}
ServerRoot                   = {www}
ServerThreads                = 4
MaxClientConnections         = 4
MaxKeepAlives                = 4
KeepAliveTimeout             = 10
EnabledDavVSP                = 0
HTTPProxyEnabled             = 0
Charset                      = UTF-8

[SPARQL]
; Debian's default of 10,000 cuts longer results with HTTP 200 (only an X-SPARQL-MaxRows header says so)
ResultSetMaxRows             = 1000000
; 0 = no refusal on the optimiser's estimate: it put mechanism-paths (four chained statement patterns, answered
; in milliseconds) at 411 s, then 1779 s, over the packaged 400 s limit; MaxQueryExecutionTime bounds the real time
MaxQueryCostEstimationTime   = 0
MaxQueryExecutionTime        = 60
"""


def _die_with_parent() -> None:
    """In the child before exec (Linux): have the kernel send SIGTERM when the test process dies, however it dies."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def missing(reason: str) -> None:
    """Skip (or, under CI, fail) because Virtuoso cannot run here."""
    if IN_CI:
        pytest.fail(f"the Virtuoso tests must run under CI (.ci/run installs virtuoso-opensource): {reason}")
    pytest.skip(reason)


class VirtuosoServer:
    """One Virtuoso process over a fresh database in a temporary folder."""

    def __init__(self, *, start_timeout: float = 90.0):
        self.dir = Path(tempfile.mkdtemp(prefix="painkg-virtuoso-"))
        self.db, self.load_dir, self.www = self.dir / "db", self.dir / "load", self.dir / "www"
        for d in (self.db, self.load_dir, self.www):
            d.mkdir()
        self.sql_port, self.http_port = free_port(HOST), free_port(HOST)
        self.ini = self.dir / "virtuoso.ini"
        self.ini.write_text(
            INI.format(
                db=self.db,
                load=self.load_dir,
                www=self.www,
                host=HOST,
                sql_port=self.sql_port,
                http_port=self.http_port,
            ),
            encoding="utf-8",
        )
        self.start_timeout = start_timeout
        self.password = "dba"  # a new database's default; replaced by a random one once the server is up
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def sparql_url(self) -> str:
        """The SPARQL 1.1 Protocol endpoint."""
        return f"http://{HOST}:{self.http_port}/sparql"

    @property
    def graph_store_url(self) -> str:
        """The (anonymous) SPARQL Graph Store Protocol endpoint."""
        return f"http://{HOST}:{self.http_port}/sparql-graph-crud"

    def start(self) -> VirtuosoServer:
        """Start ``virtuoso-t`` in the foreground and wait until the SPARQL endpoint answers ``ASK {}``."""
        self._log = (self.dir / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [VIRTUOSO_T, "+foreground", "+configfile", str(self.ini)],
            cwd=self.dir,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        probe = self.sparql_url + "?query=ASK%7B%7D"
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        else:
            raise RuntimeError(f"Virtuoso did not answer on {self.sparql_url} in {self.start_timeout:g} s")
        new = "pk" + secrets.token_hex(12)  # an SQL identifier: must not start with a digit
        self.isql(f"SET PASSWORD {self.password} {new};")
        self.password = new
        return self

    def isql(self, sql: str, timeout: float = 120.0) -> str:
        """Run SQL statements through ``isql-vt``; raise with Virtuoso's message on any error."""
        proc = subprocess.run(
            [ISQL, f"{HOST}:{self.sql_port}", "dba", self.password, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if proc.returncode != 0 or "*** Error" in proc.stderr:
            raise RuntimeError(f"isql failed ({proc.returncode}) on {sql!r}: {proc.stderr.strip()}")
        return proc.stdout

    def bulk_load(self, graph: Graph, graph_iri: str) -> None:
        """Write ``graph`` as N-Triples into the loader folder and bulk-load it into the named graph ``graph_iri``."""
        (self.load_dir / "painkg.nt").write_text(serialize_ntriples(graph), encoding="utf-8")
        self.isql(f"ld_dir('{self.load_dir}', 'painkg.nt', '{graph_iri}'); rdf_loader_run(); checkpoint;")
        listed = self.isql("SELECT ll_file FROM DB.DBA.load_list;")
        failed = self.isql(
            "SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list WHERE ll_state <> 2 OR ll_error IS NOT NULL;"
        )
        if "painkg.nt" not in listed or "\n0 Rows." not in failed:
            raise RuntimeError(f"the bulk loader did not load painkg.nt:\n{listed}\n{failed}")

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of Virtuoso's own log (for error messages)."""
        log = self.db / "virtuoso.log"
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server (SIGTERM: Virtuoso's quick shutdown; SIGKILL after 20 s) and remove every file."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None
        shutil.rmtree(self.dir, ignore_errors=True)
