"""Limits on the SPARQL painkg runs: no federated query (SERVICE) unless its host is allowed, a time limit, a row cap.

SPARQL's ``SERVICE <iri> { … }`` makes the engine send a query to another server: rdflib and Oxigraph (embedded
and server) do it on request, so a query given to ``painkg sparql``, ``kg.sparql`` or the endpoint could make
painkg reach any address, inside a private network too. :func:`service_problem` finds every SERVICE of a query
with a SPARQL tokenizer (comments, strings and IRIs are skipped, so the word in a literal is not a SERVICE) and
refuses the query unless every SERVICE target is an IRI whose host the caller allowed by name.

:func:`run_with_timeout` runs a function in a worker thread and gives up after a number of seconds. Pure-Python
work (rdflib's evaluation) is stopped there by an exception raised in the worker; Oxigraph's evaluation runs in
Rust without the interpreter, which cannot be interrupted from Python (pyoxigraph has no cancellation): the
caller is answered at the deadline and the worker ends when the engine next returns to Python (between rows).
"""

from __future__ import annotations

import ctypes
import re
import threading
import traceback
import urllib.parse
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT_S",
    "QueryLimits",
    "Timeout",
    "run_with_timeout",
    "service_problem",
    "service_targets",
]

#: Defaults for free SPARQL (``painkg sparql``, ``kg.sparql``) and the endpoint.
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 100_000


@dataclass(frozen=True)
class QueryLimits:
    """What a query may do: hosts SERVICE may reach (none by default), seconds it may run, rows it may return.

    ``timeout_s``/``max_rows`` of ``None`` mean no limit (named queries page with LIMIT/OFFSET themselves).
    """

    allow_service: frozenset[str] = field(default_factory=frozenset)
    timeout_s: float | None = None
    max_rows: int | None = None

    @classmethod
    def free(
        cls,
        *,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        allow_service: Collection[str] = (),
    ) -> QueryLimits:
        """The limits of free SPARQL (defaults: 30 s, 100,000 rows, no SERVICE)."""
        return cls(frozenset(h.lower() for h in allow_service), timeout_s, max_rows)


# --- SERVICE ------------------------------------------------------------------------------------------------

# SPARQL 1.1 terminals (https://www.w3.org/TR/sparql11-query/#sparqlGrammar), enough to tell keywords from text
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w:%\\\-.]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield kind, m.group()


def _scan(text: str) -> list[str | None]:
    """SERVICE targets of ``text`` as absolute IRIs (prefixes and BASE resolved); None for a variable or unknown."""
    prefixes: dict[str, str] = {}
    base = ""
    toks = list(_tokens(text))
    out: list[str | None] = []
    for i, (kind, tok) in enumerate(toks):
        if kind != "word":
            continue
        word = tok.upper()
        nxt = toks[i + 1] if i + 1 < len(toks) else ("", "")
        if word == "BASE" and nxt[0] == "iri":
            base = nxt[1][1:-1]
        elif word == "PREFIX" and nxt[0] == "pname" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[nxt[1].rstrip(":").split(":", 1)[0]] = urllib.parse.urljoin(base, toks[i + 2][1][1:-1])
        elif word == "SERVICE":
            j = i + 1
            if j < len(toks) and toks[j] == ("word", toks[j][1]) and toks[j][1].upper() == "SILENT":
                j += 1
            kind2, target = toks[j] if j < len(toks) else ("", "")
            if kind2 == "iri":
                out.append(urllib.parse.urljoin(base, target[1:-1]))
            elif kind2 == "pname":
                pfx, _, local = target.partition(":")
                out.append(prefixes[pfx] + local if pfx in prefixes else None)
            else:
                out.append(None)
    return out


def service_targets(sparql: str) -> list[str | None]:
    r"""Every SERVICE target of a query or update: an absolute IRI, or None when it is a variable or unresolvable.

    Codepoint escapes (``\u0053ERVICE``), which SPARQL allows anywhere in a query, are looked at both ways.

    >>> service_targets('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    ['http://example.org/sparql']
    >>> service_targets('SELECT * WHERE { ?s ?p "SERVICE <http://x>" } # SERVICE <http://y>')
    []
    >>> service_targets('PREFIX e: <http://e.org/> SELECT * { SERVICE SILENT e:q { } SERVICE ?where { } }')
    ['http://e.org/q', None]
    """
    found = _scan(sparql)
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    if decoded != sparql:
        found += [t for t in _scan(decoded) if t not in found]
    return found


def service_problem(sparql: str, allow_hosts: Collection[str] = ()) -> str | None:
    """Why the query may not run (a SERVICE to a host not allowed), else None.

    ``allow_hosts`` are host names (``query.wikidata.org``) or ``host:port``; compared case-insensitively.

    >>> service_problem('SELECT * { SERVICE <http://10.0.0.1:8080/x> { ?s ?p ?o } }')[:60]
    'the query uses SERVICE <http://10.0.0.1:8080/x> (a federated'
    >>> service_problem('SELECT * { SERVICE <https://q.example.org/sparql> { } }', ["q.example.org"]) is None
    True
    """
    allowed = {h.lower() for h in allow_hosts}
    for target in service_targets(sparql):
        if target is None:
            return (
                "the query uses SERVICE with a variable or an undeclared prefix as its target (a federated query "
                "to an address painkg cannot check); federated queries are refused — name the endpoint as an IRI "
                "and allow its host explicitly (painkg sparql --allow-service HOST, kg.sparql(..., "
                "allow_service=['HOST']))"
            )
        parts = urllib.parse.urlsplit(target)
        host = (parts.hostname or "").lower()
        with_port = f"{host}:{parts.port}" if parts.port else host
        if parts.scheme in ("http", "https") and (host in allowed or with_port in allowed):
            continue
        hint = f"--allow-service {with_port or '?'}" if host else "an http(s) IRI"
        return (
            f"the query uses SERVICE <{target}> (a federated query: the engine would send a request to that "
            f"address); federated queries are refused unless their host is allowed explicitly ({hint}; in Python "
            f"allow_service=['{with_port}'])"
        )
    return None


# --- time limits --------------------------------------------------------------------------------------------

T = TypeVar("T")


class Timeout(Exception):
    """The function did not finish within its time limit."""


class _Cancelled(BaseException):
    """Raised inside an abandoned worker thread to stop its pure-Python work."""


def _cancel(thread: threading.Thread) -> None:
    if thread.ident is not None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Cancelled))


def run_with_timeout(fn: Callable[[], T], timeout_s: float | None) -> T:
    """``fn()``, or :class:`Timeout` after ``timeout_s`` seconds (``None``: no limit, run inline).

    ``fn`` runs in a daemon thread; at the deadline the thread is sent an exception that stops it at its next
    Python instruction, and the caller gets :class:`Timeout` at once. Exceptions of ``fn`` are re-raised here.
    """
    if timeout_s is None:
        return fn()
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = fn()
        except _Cancelled:
            pass
        except BaseException as exc:  # re-raised in the caller
            # the traceback's frames are freed here, in the thread that made their objects (pyoxigraph's results
            # may not be dropped in another thread); the text of the traceback travels as a note
            exc.add_note("in the query thread:\n" + "".join(traceback.format_tb(exc.__traceback__)))
            exc.__traceback__ = None
            box["error"] = exc

    thread = threading.Thread(target=work, name="painkg-query", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        _cancel(thread)
        raise Timeout(f"no answer within {timeout_s:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
