"""What differs between SPARQL engines, in one place: engine detection, query rewrites, result checks, errors.

Named queries are written once, in portable SPARQL 1.1; nothing here is a per-query copy. Measured on Virtuoso
Open Source 7.2.5 (Debian ``virtuoso-opensource``) against rdflib and Oxigraph, with the fix for each:

Handled here or in :class:`painkg.store.RemoteStore`, for every query:

- **Protocol:** a POST whose body is the bare query (``application/sparql-query``) is never answered (the request
  hangs until the client times out; openlink/virtuoso-opensource#842). Every query is sent as a URL-encoded form.
- **Default graph:** the default graph is the union of all graphs, Virtuoso's own system graphs included (about
  2,500 extra triples in a fresh database). Load into a named graph and send ``default-graph-uri``.
- **Silent truncation:** a result longer than ``[SPARQL] ResultSetMaxRows`` is cut and answered with HTTP 200 and
  an ``X-SPARQL-MaxRows`` header; a query stopped at its time limit returns a partial result with HTTP 200 and
  ``X-SQL-State: S1TAT``. :func:`incomplete_result` turns both into an error, so an answer is never silently short.
- **ORDER BY on strings** compares only a leading part of a literal: "…transaminase concentration" sorted before
  "…transaminase activity". :func:`rewrite` orders Virtuoso by ``STR(?v)`` (numbers still by value).
- **Parameters:** a multi-variable ``VALUES (?a ?b) { (…) }`` row fails with an internal compiler error (SP031)
  when the group has an OPTIONAL; painkg binds each parameter in its own single-variable ``VALUES`` block.
- **Booleans:** stored ``xsd:boolean`` values come back as ``"0"``/``"1"`` (read as False/True by the store).
- **Errors** are plain text or an HTML page; syntax errors give a line but no column (:func:`error_position`).

Rules the named queries follow, because Virtuoso answers otherwise (``tests/test_virtuoso.py`` checks the first two
on every query without needing Virtuoso, and the contract suite catches the rest):

- A FILTER inside an OPTIONAL uses only variables that a triple pattern of that OPTIONAL binds (a variable bound
  only outside is treated as unbound: Virtuoso dropped every optional match of ``shared-targets``).
- A computed boolean (``BIND(?a = ?b AS ?x)``, ``isIRI``, ``BOUND``…) is cast with ``xsd:boolean(…)``: Virtuoso
  returns computed booleans as the integers 0 and 1.
- Seen on single queries and avoided by rewriting them: a group whose only FILTER compares a variable with a
  constant while its other variables are fixed by parameters fails with SP031 (``mechanism-paths``: the constant
  is written into the triple pattern instead); a multi-row ``VALUES`` in the same group as ``rdfs:subClassOf*``
  returned too few rows, depending on the plan (``same-class``: the class members are found in a sub-select);
  ``sameTerm(?d, "supports")`` never matched a stored plain literal; an unbound variable in ``!=`` did not fail
  the FILTER; the zero-or-one path ``?drug painkg:has_component? ?d`` matched every chemical of the graph, and
  ``rdfs:subClassOf+`` under a UNION repeated rows and dropped OPTIONAL values — for both the build materialises
  plain properties (``painkg:includesSubstance``, ``painkg:isSubtypeOf``, ``painkg:subtypeEvidenceFor``,
  ``painkg:broaderEvidenceFor``) that every engine answers alike.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

__all__ = [
    "STANDARD",
    "VIRTUOSO",
    "engine_from_server",
    "error_hint",
    "error_position",
    "error_text",
    "incomplete_result",
    "is_syntax_error",
    "order_keys",
    "rewrite",
]

#: Engine names: any SPARQL 1.1 engine that needs no rewrite, and Virtuoso.
STANDARD, VIRTUOSO = "standard", "virtuoso"

_OXIGRAPH_POS = re.compile(r"\b(?:line|at) (\d+):(\d+)")
_RDFLIB_LIKE_POS = re.compile(r"line:(\d+), col:(\d+)")
_VIRTUOSO_POS = re.compile(r"SPARQL compiler, line (\d+):")
_TAG = re.compile(r"<[^>]+>")
_KEY = r"(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+)"
_ORDER_BY = re.compile(rf"\bORDER\s+BY((?:\s+{_KEY})+)((?:\s+(?:LIMIT|OFFSET)\s+\d+)*)\s*$", re.IGNORECASE)
_ONE_KEY = re.compile(r"(?:(ASC|DESC)\s*\(\s*\?(\w+)\s*\)|\?(\w+))", re.IGNORECASE)


def engine_from_server(server: str | None) -> str:
    """The engine behind an HTTP ``Server`` header: :data:`VIRTUOSO` or :data:`STANDARD`.

    >>> engine_from_server("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu")
    'virtuoso'
    >>> engine_from_server("Oxigraph/0.5.2")
    'standard'
    """
    return VIRTUOSO if server and server.lower().startswith("virtuoso") else STANDARD


def order_keys(sparql: str) -> list[tuple[str, bool]] | None:
    r"""The outermost ``ORDER BY`` keys as ``(variable, descending)``; None when absent or not plain variables.

    Only a final ``ORDER BY`` of plain ``?v``, ``ASC(?v)`` or ``DESC(?v)`` keys (optionally followed by ``LIMIT``
    and ``OFFSET``) is recognised: that is the form the named queries use and :func:`rewrite` can translate.

    >>> order_keys("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?a DESC(?b)\nLIMIT 11 OFFSET 5")
    [('a', False), ('b', True)]
    >>> order_keys("SELECT ?a WHERE { ?a ?p ?b } ORDER BY STRLEN(?a)") is None
    True
    """
    m = _ORDER_BY.search(sparql)
    return _keys(m.group(1)) if m else None


def _keys(clause: str) -> list[tuple[str, bool]]:
    return [
        (asc_desc_var or plain, (direction or "").upper() == "DESC")
        for direction, asc_desc_var, plain in _ONE_KEY.findall(clause)
    ]


def rewrite(sparql: str, engine: str) -> str:
    r"""The query as ``engine`` must receive it (unchanged for :data:`STANDARD`).

    Virtuoso: each ``ORDER BY`` key ``?v`` becomes ``IF(isNumeric(?v), ?v, 0) STR(?v)``, so numbers still sort by
    value and every other term by its full text (Virtuoso compares only a leading part of a literal).

    >>> print(rewrite("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a DESC(?b)\nLIMIT 3", VIRTUOSO))
    SELECT ?a WHERE { ?a ?p ?b } ORDER BY ASC(IF(isNumeric(?a), ?a, 0)) ASC(STR(?a)) DESC(IF(isNumeric(?b), ?b, 0)) DESC(STR(?b))
    LIMIT 3
    """
    m = _ORDER_BY.search(sparql) if engine == VIRTUOSO else None
    if m is None:
        return sparql
    order = " ".join(
        f"{d}(IF(isNumeric(?{v}), ?{v}, 0)) {d}(STR(?{v}))"
        for v, desc in _keys(m.group(1))
        for d in ["DESC" if desc else "ASC"]
    )
    return sparql[: m.start()] + "ORDER BY " + order + ("\n" + m.group(2).strip() if m.group(2) else "")


def incomplete_result(headers: Mapping[str, str]) -> str | None:
    """Why a successful (HTTP 200) response holds only part of the answer, or None when it is complete.

    >>> incomplete_result({"X-SPARQL-MaxRows": "10000"})[:45]
    'the endpoint cut the result at 10000 rows (Vi'
    >>> incomplete_result({"X-SQL-State": "S1TAT"})[:52]
    'the endpoint stopped the query at its time limit and'
    >>> incomplete_result({"Content-Type": "application/sparql-results+json"}) is None
    True
    """
    lower = {k.lower(): v for k, v in headers.items()}
    if "x-sparql-maxrows" in lower:
        return (
            f"the endpoint cut the result at {lower['x-sparql-maxrows']} rows (Virtuoso [SPARQL] ResultSetMaxRows): "
            "raise ResultSetMaxRows in virtuoso.ini, or page with a smaller limit"
        )
    if lower.get("x-sql-state", "").strip() == "S1TAT":
        return (
            "the endpoint stopped the query at its time limit and returned a partial result "
            "(Virtuoso anytime query; raise [SPARQL] MaxQueryExecutionTime in virtuoso.ini)"
        )
    return None


def error_position(detail: str) -> tuple[int | None, int | None]:
    """Line and column of a SPARQL syntax error in an engine's message (``None`` where it gives none).

    >>> error_position("error at 3:2: expected OPTIONAL")
    (3, 2)
    >>> error_position("Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error at '}' before '}'")
    (3, None)
    >>> error_position("no position here 12")
    (None, None)
    """
    for pattern in (_OXIGRAPH_POS, _RDFLIB_LIKE_POS):
        m = pattern.search(detail)
        if m:
            return int(m.group(1)), int(m.group(2))
    m = _VIRTUOSO_POS.search(detail)
    if m:
        return int(m.group(1)), None
    return None, None


def is_syntax_error(detail: str) -> bool:
    """Whether an HTTP 400 answer is about the query's syntax (not an engine's failure to compile valid SPARQL).

    Virtuoso answers 400 both for syntax errors (SP030) and for its own compiler's internal errors on valid
    queries (SP031 "Internal error"); the second is the engine's limit, not the user's mistake.

    >>> is_syntax_error("Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error at '}'")
    True
    >>> is_syntax_error("Virtuoso 37000 Error SP031: SPARQL compiler: Internal error: sparp_gp_deprecate()")
    False
    """
    return "Internal error" not in detail


_HINTS = (
    ("SR353", "raise [Parameters] MaxSortedTopRows in virtuoso.ini above --offset + --limit + 1"),
    ("exceeds the limit of", "raise [SPARQL] MaxQueryCostEstimationTime in virtuoso.ini, or narrow the query"),
    ("SR575", "grant SPARQL_UPDATE to the endpoint's account, or load with Virtuoso's bulk loader (see README)"),
    ("SR186", "the anonymous SPARQL account may not write: load with Virtuoso's bulk loader (see README)"),
)


def error_hint(detail: str) -> str:
    """What to change when an engine's error is a known server limit; ``""`` otherwise.

    >>> error_hint("Virtuoso 22023 Error SR353: Sorted TOP clause specifies more then 10001 rows to sort.")
    'raise [Parameters] MaxSortedTopRows in virtuoso.ini above --offset + --limit + 1'
    >>> error_hint("error at 1:2")
    ''
    """
    return next((hint for code, hint in _HINTS if code in detail), "")


def error_text(detail: str, limit: int = 500) -> str:
    r"""The message of an engine's error response: HTML tags dropped, the echoed query cut, whitespace folded.

    >>> error_text("Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error\n\nSPARQL query:\nSELECT ...")
    'Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error'
    >>> error_text("<html><title>failed</title><body><h1>403</h1><xmp>SR575: No permission</xmp></body></html>")
    'failed 403 SR575: No permission'
    """
    text = detail.split("\nSPARQL query:", 1)[0]
    if "<" in text and ">" in text:
        text = html.unescape(_TAG.sub(" ", text))
    return " ".join(text.split())[:limit]
