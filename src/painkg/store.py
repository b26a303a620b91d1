"""Where the triples live: rdflib memory, Oxigraph embedded (memory or disk), or a remote SPARQL endpoint.

All three answer the same SPARQL with the same Python values, so a named query gives the same answer
wherever the graph is. Parameters are always *bound*, never formatted into the query text:

- rdflib: ``initBindings``;
- Oxigraph, for a query whose header says ``# binding: substitution``: pyoxigraph's ``substitutions`` (SEP-0007:
  the engine plans the query from the constants). SEP-0007 substitutes projected variables only, so a bound
  variable the SELECT does not project is added to the projection (and to an outer GROUP BY) and dropped from the
  answer. The mechanism path query on two million triples took minutes with a VALUES block (joined after the
  four-hop union) and takes a quarter of a second so; a one-pattern look-up is slower so (a second, against
  milliseconds with VALUES), hence the opt-in. Where the projection cannot be found, VALUES are used;
- Oxigraph otherwise, and remote endpoints: ``VALUES`` blocks (one per parameter) at the start of the outermost WHERE
  group whose terms are serialised as escaped RDF terms (N-Triples syntax), so a value such as
  ``x" } ; DROP ALL ; #`` stays one plain literal.

Results are normalised to plain Python values: IRIs → ``str``, typed literals → ``int``/``float``/
``bool``, other literals → their lexical ``str``, unbound → ``None``.

Every query passes :mod:`painkg.guard` first: a federated query (``SERVICE``) is refused unless its host is
allowed, and a :class:`~painkg.guard.QueryLimits` (the store's, or one given per query) bounds its time and rows.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.term import Node

import painkg.dialect as dialect
from painkg.graph import NAMESPACES
from painkg.guard import QueryLimits, Timeout, run_with_timeout, service_problem

__all__ = [
    "PREFIX_HEADER",
    "OxigraphStore",
    "QueryLimits",
    "QueryRefusedError",
    "QueryResult",
    "QueryTimeoutError",
    "RdflibStore",
    "RemoteStore",
    "ResultTooLargeError",
    "SparqlSyntaxError",
    "Store",
    "StoreError",
    "UnsupportedQueryError",
    "open_store",
    "push",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
_INT = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_FLOAT = {XSD + t for t in ("decimal", "double", "float")}
_BOOL = XSD + "boolean"

#: PREFIX lines every named query may rely on.
PREFIX_HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in NAMESPACES.items())


class StoreError(RuntimeError):
    """A store could not answer: unreachable endpoint, timeout, refused update, bad response."""


class QueryRefusedError(StoreError):
    """The query asks for something painkg does not run unless allowed (a SERVICE to a host not allowed)."""


class QueryTimeoutError(StoreError):
    """The query did not finish within its time limit."""


class ResultTooLargeError(StoreError):
    """The query returns more rows than its cap allows."""


class UnsupportedQueryError(StoreError):
    """A query form painkg does not answer (CONSTRUCT, DESCRIBE): the stores return tables of values."""


# a SPARQL text split into the pieces the checks below must skip: IRIs, strings, comments (in that order of
# alternatives), and prefixed names (group "prefix") everywhere else
_SCAN = re.compile(
    r"<[^<>\"{}|^`\\\s]*>"  # an IRI reference
    r'|"""(?:[^\\]|\\.)*?"""' + r"|'''(?:[^\\]|\\.)*?'''"  # long strings
    r'|"(?:[^"\\\n]|\\.)*"' + r"|'(?:[^'\\\n]|\\.)*'"  # strings
    r"|#[^\n]*"  # a comment
    r"|(?<![\w?$:.-])(?P<prefix>[A-Za-z](?:[\w.-]*\w)?|):(?=[\w%\\]|\s|$)"  # the prefix of a prefixed name
)
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z](?:[\w.-]*\w)?|)\s*:", re.IGNORECASE)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def _code_only(sparql: str) -> str:
    """The query with IRIs, strings and comments blanked out (same length, so positions stay)."""
    return _SCAN.sub(lambda m: m.group(0) if m.group("prefix") is not None else " " * len(m.group(0)), sparql)


def query_form(sparql: str) -> str | None:
    r"""``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first query-form keyword outside strings and IRIs.

    >>> query_form('PREFIX a: <http://a/construct>  # SELECT\nDESCRIBE <http://a/x>')
    'DESCRIBE'
    """
    m = _FORM.search(_code_only(sparql))
    return m.group(1).upper() if m else None


def undeclared_prefix(sparql: str) -> tuple[str, int, int] | None:
    r"""The first prefix used but never declared, with its line and column (1-based), or None.

    >>> undeclared_prefix("PREFIX a: <http://a/>\nSELECT * WHERE { ?s a:p foo:o }")
    ('foo', 2, 25)
    >>> undeclared_prefix('SELECT * WHERE { ?s <http://x/y:z> "b:c" }  # d:e') is None
    True
    """
    declared = set(_DECLARED.findall(sparql))
    for m in _SCAN.finditer(sparql):
        prefix = m.group("prefix")
        if prefix is None or prefix in declared or prefix == "_":
            continue
        before = sparql[: m.start()]
        if re.search(r"\bPREFIX\s+$", before, re.IGNORECASE):
            continue  # the declaration itself
        return prefix, before.count("\n") + 1, m.start() - (before.rfind("\n") + 1) + 1
    return None


@functools.lru_cache(maxsize=512)
def _text_checks(sparql: str) -> tuple[str | None, tuple[str, int, int] | None]:
    """The query form and the first undeclared prefix of a query text (cached: named queries repeat their text)."""
    return query_form(sparql), undeclared_prefix(sparql)


@functools.lru_cache(maxsize=512)
def _service_problem(sparql: str, allow: frozenset[str]) -> str | None:
    return service_problem(sparql, allow)


def _guard(sparql: str, limits: QueryLimits) -> None:
    why = _service_problem(sparql, frozenset(limits.allow_service))
    if why:
        raise QueryRefusedError(why)
    form, missing = _text_checks(sparql)
    if form in ("CONSTRUCT", "DESCRIBE"):
        raise UnsupportedQueryError(
            f"this is a {form} query, which returns a graph; painkg runs SELECT and ASK queries (tables of values): "
            "ask for the triples with SELECT ?s ?p ?o WHERE { ... }, or write the graph out with `painkg export`"
        )
    if missing:
        prefix, line, col = missing
        known = ", ".join(sorted(p for p in set(_DECLARED.findall(sparql)) if p))
        raise SparqlSyntaxError(
            f"unknown prefix '{prefix}:'; declare it (PREFIX {prefix}: <...>) or use a declared one ({known})",
            line,
            col,
        )


def _capped(rows, limits: QueryLimits) -> list:
    """The rows (an iterator) as a list, or ResultTooLargeError beyond ``limits.max_rows`` (read one row past it)."""
    if limits.max_rows is None:
        return list(rows)
    out = list(itertools.islice(rows, limits.max_rows + 1))
    if len(out) > limits.max_rows:
        del rows  # the error's traceback must not keep an engine's result alive (pyoxigraph's are thread-bound)
        raise ResultTooLargeError(
            f"the query returns more than {limits.max_rows:,} rows; add LIMIT/OFFSET to page through it, or raise "
            "the cap (painkg sparql --max-rows N; kg.sparql(..., max_rows=N))"
        )
    return out


def _timed(fn, limits: QueryLimits):
    try:
        return run_with_timeout(fn, limits.timeout_s)
    except Timeout:
        raise QueryTimeoutError(
            f"the query did not finish within {limits.timeout_s:g} s; narrow it (bind variables, add LIMIT), or "
            "raise the limit (painkg sparql --timeout S; kg.sparql(..., timeout=S))"
        ) from None


class SparqlSyntaxError(StoreError):
    """The query text is not valid SPARQL; ``line`` and ``column`` locate the error when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line, self.column = line, column
        where = f" at line {line}" if line is not None else ""
        where += f", column {column}" if line is not None and column is not None else ""
        super().__init__(f"SPARQL syntax error{where}: {message}")


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of plain Python values."""

    columns: list[str]
    rows: list[tuple]

    def to_dataframe(self):
        """The result as a pandas DataFrame with the query's columns."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)

    def normalised(self) -> list[tuple]:
        """Rows sorted on their text form: the order-free form used to compare stores."""
        return sorted(self.rows, key=lambda r: tuple("" if v is None else repr(v) for v in r))


class Store(Protocol):
    """What every store offers: a name and a SPARQL SELECT/ASK with bound parameters."""

    name: str

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, *, limits: QueryLimits | None = None
    ) -> QueryResult:
        """Run a SELECT (or ASK) query with the given variable bindings within ``limits``."""
        ...


def _value(datatype: str | None, lexical: str) -> object:
    if datatype in _INT:
        return int(lexical)
    if datatype in _FLOAT:
        return float(Decimal(lexical))
    if datatype == _BOOL:
        return lexical in ("true", "1")
    return lexical


def _from_rdflib(term: Node | None) -> object:
    if term is None:
        return None
    if isinstance(term, Literal):
        return _value(str(term.datatype) if term.datatype else None, str(term))
    return str(term)


_RDFLIB_POS = re.compile(r"line:(\d+), col:(\d+)")


def _substitute(node: object, bindings: Mapping[Variable, Node]) -> None:
    """Replace bound variables in every basic graph pattern of an rdflib algebra tree and re-order it."""
    from rdflib.plugins.sparql.algebra import reorderTriples
    from rdflib.plugins.sparql.parserutils import CompValue

    if not bindings:
        return
    if isinstance(node, CompValue):
        if node.name == "BGP":
            node["triples"] = reorderTriples(
                [
                    tuple(bindings.get(t, t) if isinstance(t, Variable) else t for t in triple)
                    for triple in node["triples"]
                ]
            )
        for value in list(node.values()):
            _substitute(value, bindings)
    elif isinstance(node, list | tuple):
        for item in node:
            _substitute(item, bindings)


class RdflibStore:
    """The curated graph in rdflib's memory store (default; fine up to ~100k triples)."""

    name = "rdflib"

    def __init__(self, graph: Graph, *, limits: QueryLimits | None = None):
        self.graph = graph
        self.limits = limits or QueryLimits()

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, *, limits: QueryLimits | None = None
    ) -> QueryResult:
        """Evaluate with rdflib, parameters passed as ``initBindings``, within ``limits`` (default: the store's).

        rdflib orders the triple patterns of each basic graph pattern once, when it translates the query,
        treating parameters as unknown; with several statement nodes per pattern that order can make a
        cross product (a 4-hop path query took ~10 s instead of ~0.5 s). So the bound terms are also put
        into the translated algebra (never into the query text) and each pattern is re-ordered knowing them.
        """
        from pyparsing import ParseException
        from rdflib.plugins.sparql.algebra import translateQuery
        from rdflib.plugins.sparql.evaluate import evalQuery
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.processor import SPARQLResult

        lim = limits or self.limits
        _guard(sparql, lim)
        init = {Variable(k): v for k, v in (bindings or {}).items()}
        try:
            algebra = translateQuery(parseQuery(sparql))
        except ParseException as exc:
            raise SparqlSyntaxError(str(exc.msg), exc.lineno, exc.col) from exc
        if getattr(algebra.algebra, "datasetClause", None):
            raise QueryRefusedError(
                "FROM / FROM NAMED: rdflib would load that graph from its address; query this store's graphs instead"
            )
        _substitute(algebra.algebra, init)

        def evaluate() -> QueryResult:
            res = SPARQLResult(evalQuery(self.graph, algebra, init))
            if res.type == "ASK":
                return QueryResult(["ask"], [(bool(res.askAnswer),)])
            cols = [str(v) for v in res.vars]
            return QueryResult(cols, [tuple(_from_rdflib(v) for v in row) for row in _capped(iter(res), lim)])

        return _timed(evaluate, lim)


def _from_ox(term) -> object:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype is not None else None
        return _value(dt, term.value)
    return term.value


def _to_ox(term: Node) -> object:
    """An rdflib IRI or literal as the pyoxigraph term (datatype and language kept)."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        _n3(term)  # the same IRI check as a VALUES block
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot bind {term!r}")


#: the header line of a named query that asks Oxigraph for SEP-0007 substitutions (painkg.queries)
_SUBSTITUTE = re.compile(r"^#\s*binding:\s*substitution\s*$", re.MULTILINE)
#: what may stand before the query form: comments, IRIs (which may hold '#'), prefix and base declarations
_PROLOGUE_TOKEN = re.compile(r"\s+|#[^\n]*|<[^<>\s]*>|(?i:PREFIX|BASE)\b|[A-Za-z][\w.-]*:|:")
_FORM_AT = re.compile(r"(?i:(SELECT)(\s+(?:DISTINCT|REDUCED)\b)?|(ASK)\b)")


def oxigraph_binding(
    sparql: str, bindings: Mapping[str, Node]
) -> tuple[str, Mapping[str, Node], frozenset[str]]:
    """How Oxigraph is given ``bindings``: (query text, the bindings to pass as substitutions, columns to drop).

    A query whose header says ``# binding: substitution`` keeps its text with the bound variables added to the
    projection (:func:`_with_projection`) and has them substituted; any other query (or one whose projection
    cannot be found) gets a VALUES block (:func:`_with_values`) and no substitutions.
    """
    projected = _with_projection(sparql, bindings) if _SUBSTITUTE.search(sparql) else None
    if projected is None:
        return _with_values(sparql, bindings), {}, frozenset()
    return projected[0], bindings, projected[1]


def _with_projection(sparql: str, bindings: Mapping[str, Node]) -> tuple[str, frozenset[str]] | None:
    r"""The query with every bound variable in its projection (SEP-0007), and the names added (to drop again).

    None when the query form cannot be found after the prologue (the caller binds with VALUES instead). An ASK
    query or ``SELECT *`` needs no change.

    >>> from rdflib import URIRef
    >>> _with_projection("PREFIX a: <http://x#>\nSELECT DISTINCT ?x WHERE { ?x a:p ?d }", {"d": URIRef("http://d")})
    ('PREFIX a: <http://x#>\nSELECT DISTINCT ?d ?x WHERE { ?x a:p ?d }', frozenset({'d'}))
    """
    pos = 0
    while True:
        m = _PROLOGUE_TOKEN.match(sparql, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
    form = _FORM_AT.match(sparql, pos)
    if form is None:
        return None
    if form.group(3) or not bindings:
        return sparql, frozenset()
    head = form.end()
    rest = sparql[head:]
    end = re.search(r"(?i)\bWHERE\b|\{|\bFROM\b", rest)
    projection = rest[: end.start()] if end else rest
    if projection.strip().startswith("*"):
        return sparql, frozenset()
    added = sorted(n for n in bindings if not re.search(rf"[?$]{re.escape(n)}\b", projection))
    if not added:
        return sparql, frozenset()
    names = "".join(f" ?{n}" for n in added)
    text = sparql[:head] + names + sparql[head:]
    tail = text.rfind("}")  # the outer query's solution modifiers follow its WHERE group's closing brace
    group = re.search(r"(?i)\bGROUP\s+BY\b", text[tail:]) if tail >= 0 else None
    if group:  # a grouped query projects only grouped variables: group by the constants too
        at = tail + group.end()
        text = text[:at] + names + text[at:]
    return text, frozenset(added)


_OX_POS = re.compile(r"(?:line|at) (\d+)[^\d]+(\d+)")


def _ox_format(fmt: str):
    """The pyoxigraph format for ``nt``, ``ttl`` or ``nq``."""
    import pyoxigraph as ox

    formats = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "nq": ox.RdfFormat.N_QUADS}
    if fmt not in formats:
        raise StoreError(f"unknown RDF format {fmt!r}; use one of {', '.join(formats)}")
    return formats[fmt]


class OxigraphStore:
    """Oxigraph embedded (pyoxigraph): in memory, or on disk with ``path``; scales to millions of triples.

    ``union=True`` makes every query read the union of the default graph and all named graphs (Oxigraph's
    ``use_default_graph_as_union``): how a merged store (curated graph + imports in named graphs, see
    ``painkg import``) is asked as one graph. Without it a query sees the default graph only.
    """

    name = "oxigraph"

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        union: bool = False,
        limits: QueryLimits | None = None,
    ):
        import pyoxigraph as ox

        self.union = union
        self.limits = limits or QueryLimits()
        self.path = Path(path) if path else None
        try:
            if self.path is None:
                self.store = ox.Store()
            elif self.path.exists() and not self.path.is_dir():
                raise StoreError(
                    f"{self.path} is a file, not an Oxigraph store directory; give a directory (created if missing)"
                )
            elif read_only:
                self.store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(store_os_error(self.path, exc)) from None

    def load_graph(self, graph: Graph, named_graph: str | None = None) -> None:
        """Load an rdflib graph (serialised as N-Triples) into the store, in one transaction.

        The graph is painkg's own, already validated (CURIEs, IRIs, SHACL), so Oxigraph's per-term syntax checks
        are skipped (``lenient``), as its documentation advises for input known to be valid.
        """
        self.load_bytes(graph.serialize(format="nt", encoding="utf-8"), "nt", named_graph, lenient=True)

    def load_bytes(
        self, data: bytes, fmt: str = "nt", named_graph: str | None = None, *, lenient: bool = False
    ) -> None:
        """Load serialised RDF (``nt``, ``ttl``, ``nq``) into the store, all or nothing.

        ``lenient`` skips IRI and language-tag validation: only for data painkg wrote itself, never for imports.
        """
        import pyoxigraph as ox

        to_graph = ox.NamedNode(named_graph) if named_graph else None
        try:
            self.store.load(data, format=_ox_format(fmt), to_graph=to_graph, lenient=lenient)
        except SyntaxError as exc:
            raise StoreError(f"cannot load {fmt} data: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise StoreError(store_os_error(self.path, exc)) from None

    def load_file(
        self,
        path: Path | str,
        fmt: str = "nt",
        named_graph: str | None = None,
        *,
        bulk: bool = False,
        lenient: bool = False,
    ) -> None:
        """Load an RDF file by path (Oxigraph reads it itself: no copy through Python).

        ``bulk`` uses Oxigraph's bulk loader (fastest for big on-disk stores, not transactional: a failure can
        leave part of the file loaded); otherwise the file is loaded in one transaction. ``lenient`` as for
        :meth:`load_bytes`: only for files painkg wrote itself (build output, generated benchmark graphs).
        """
        import pyoxigraph as ox

        to_graph = ox.NamedNode(named_graph) if named_graph else None
        loader = self.store.bulk_load if bulk else self.store.load
        try:
            loader(path=str(path), format=_ox_format(fmt), to_graph=to_graph, lenient=lenient)
        except SyntaxError as exc:
            raise StoreError(f"cannot load {path}: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise StoreError(store_os_error(self.path, exc, path)) from None

    def __len__(self) -> int:
        """The number of quads (Oxigraph counts them all: linear in the store's size, avoid on large stores)."""
        return len(self.store)

    def is_empty(self) -> bool:
        """Whether the store holds no quad at all (reads one quad, whatever the store's size)."""
        return next(iter(self.store.quads_for_pattern(None, None, None, None)), None) is None

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, *, limits: QueryLimits | None = None
    ) -> QueryResult:
        """Evaluate with Oxigraph, parameters bound as substitutions (else a VALUES block), within ``limits``."""
        import pyoxigraph as ox

        lim = limits or self.limits
        _guard(sparql, lim)
        text, substituted, hidden = oxigraph_binding(sparql, bindings or {})
        subs = {ox.Variable(n): _to_ox(t) for n, t in sorted(substituted.items())} or None

        def evaluate() -> QueryResult:
            try:
                res = self.store.query(text, use_default_graph_as_union=self.union, substitutions=subs)
            except SyntaxError as exc:
                m = _OX_POS.search(str(exc))
                line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
                raise SparqlSyntaxError(str(exc), line, col) from exc
            try:
                if isinstance(res, ox.QueryBoolean):
                    return QueryResult(["ask"], [(bool(res),)])
                if not isinstance(res, ox.QuerySolutions):
                    raise StoreError("only SELECT and ASK queries are supported")
                cols = [v.value for v in res.variables if v.value not in hidden]
                return QueryResult(cols, [tuple(_from_ox(sol[c]) for c in cols) for sol in _capped(iter(res), lim)])
            finally:
                del res  # dropped in this thread: pyoxigraph results may not be dropped in another one

        return _timed(evaluate, lim)


def store_os_error(store: Path | None, exc: Exception, file: Path | str | None = None) -> str:
    """What an operating-system (or read-only) error of an on-disk store means, in words, with the fix."""
    where = str(store) if store else "the in-memory store"
    text = str(exc)
    if isinstance(exc, RuntimeError) and "read-write" in text:
        return f"the store {where} is open read-only and cannot be changed; open it for writing (without read_only)"
    if file is not None and isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError):
        return f"cannot read {file}: {exc.strerror or text}"
    if "lock" in text.lower():
        return (
            f"the store {where} is in use by another process (Oxigraph lets one process open a store for writing); "
            "stop that process (painkg serve/import, a notebook), or work on a copy"
        )
    reason = getattr(exc, "strerror", None) or text
    if isinstance(exc, PermissionError) or "permission denied" in text.lower() or "read-only" in text.lower():
        return f"cannot write to the store {where} ({reason}); choose a writable directory (--store)"
    return f"the store {where} cannot be used: {reason}"


def _n3(term: Node) -> str:
    """An RDF term in N-Triples syntax, with the escaping that keeps it one term."""
    if isinstance(term, URIRef):
        iri = str(term)
        if any(ch in iri for ch in '<>"{}|^`\\ \n\r\t'):
            raise ValueError(f"not a valid IRI: {iri!r}")
        return f"<{iri}>"
    if isinstance(term, Literal):
        text = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^{_n3(URIRef(term.datatype))}'
        return f'"{text}"'
    raise TypeError(f"cannot bind {term!r}")


def _with_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """Insert one single-variable ``VALUES`` block per parameter at the start of the outermost WHERE group.

    Terms are escaped by ``_n3``. One block per variable, not one ``VALUES (?a ?b) { (…) }`` row: the two mean the
    same, but Virtuoso 7 fails on the multi-variable form with an internal compiler error (SP031) as soon as the
    group has an OPTIONAL (see :mod:`painkg.dialect`).
    """
    if not bindings:
        return sparql
    block = "\n  ".join(f"VALUES ?{n} {{ {_n3(bindings[n])} }}" for n in sorted(bindings))
    m = re.search(r"\bWHERE\s*\{", sparql, flags=re.IGNORECASE)
    if m is None:
        m = re.search(r"\{", sparql)
    if m is None:
        raise SparqlSyntaxError("query has no WHERE group to bind parameters in")
    return sparql[: m.end()] + "\n  " + block + "\n" + sparql[m.end() :]


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint over HTTP (Oxigraph server, Fuseki, Virtuoso, QLever, GraphDB).

    Queries are sent as a URL-encoded form POST (``query=…``), the one protocol form every engine answers
    (Virtuoso 7 never answers a bare ``application/sparql-query`` body). ``default_graph`` sends
    ``default-graph-uri``, so the query sees only that graph (a Virtuoso default graph is otherwise the union of
    every graph, its system graphs included). ``engine`` is detected from the ``Server`` header of a first
    ``ASK {}`` unless given; :mod:`painkg.dialect` rewrites queries for it, and a result the server marks as
    incomplete (cut at a row cap, or partial at a time limit) raises StoreError instead of being returned short.
    """

    name = "remote"

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = 30.0,
        limits: QueryLimits | None = None,
        default_graph: str | None = None,
        engine: str | None = None,
    ):
        parsed = urllib.parse.urlparse(endpoint)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise StoreError(f"endpoint must be an http(s) URL, got {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout
        self.limits = limits or QueryLimits()
        self.default_graph = default_graph
        self._engine = engine
        self._server: str | None = None

    @property
    def engine(self) -> str:
        """The engine behind the endpoint (``dialect.STANDARD`` or ``dialect.VIRTUOSO``), detected once."""
        if self._engine is None:
            try:
                self._post(self._form("ASK {}"), "application/x-www-form-urlencoded", "application/sparql-results+json")
            except StoreError:
                if self._server is None:  # no answer at all: the caller's query would fail the same way
                    raise
            self._engine = dialect.engine_from_server(self._server)
        return self._engine

    def _form(self, sparql: str) -> bytes:
        form = [("query", sparql)]
        if self.default_graph:
            form.append(("default-graph-uri", self.default_graph))
        return urllib.parse.urlencode(form).encode("ascii")

    def _post(self, body: bytes, content_type: str, accept: str) -> bytes:
        req = urllib.request.Request(
            self.endpoint, data=body, method="POST", headers={"Content-Type": content_type, "Accept": accept}
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                self._server = resp.headers.get("Server", "")
                data = resp.read()
                short = dialect.incomplete_result(resp.headers)
        except urllib.error.HTTPError as exc:
            self._server = exc.headers.get("Server", "") if exc.headers else ""
            detail = exc.read().decode("utf-8", "replace")
            if exc.code == 400 and dialect.is_syntax_error(detail):
                line, col = dialect.error_position(detail)
                raise SparqlSyntaxError(dialect.error_text(detail), line, col) from exc
            hint = dialect.error_hint(detail)
            raise StoreError(
                f"{self.endpoint} answered HTTP {exc.code}: {dialect.error_text(detail)}"
                + (f" ({hint})" if hint else "")
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(
                f"cannot reach SPARQL endpoint {self.endpoint} within {self.timeout:g} s: {reason}"
            ) from exc
        if short:
            raise StoreError(f"{self.endpoint}: incomplete result: {short}")
        return data

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, *, limits: QueryLimits | None = None
    ) -> QueryResult:
        """POST the query as a form (parameters as escaped VALUES blocks, engine rewrites applied) within ``limits``.

        The time limit is the smaller of ``limits.timeout_s`` and the store's ``timeout`` (per network read).
        """
        lim = limits or self.limits
        _guard(sparql, lim)
        text = dialect.rewrite(_with_values(sparql, bindings or {}), self.engine)
        raw = _timed(
            lambda: self._post(
                self._form(text), "application/x-www-form-urlencoded", "application/sparql-results+json"
            ),
            lim,
        )
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise StoreError(f"{self.endpoint} did not return SPARQL JSON results") from exc
        if "boolean" in doc:
            return QueryResult(["ask"], [(bool(doc["boolean"]),)])
        cols = doc["head"]["vars"]
        rows = []
        for b in _capped(iter(doc["results"]["bindings"]), lim):
            row = []
            for c in cols:
                cell = b.get(c)
                if cell is None:
                    row.append(None)
                elif cell["type"] in ("uri", "bnode"):
                    row.append(cell["value"])
                else:
                    row.append(_value(cell.get("datatype"), cell["value"]))
            rows.append(tuple(row))
        return QueryResult(cols, rows)

    def update(self, sparql_update: str) -> None:
        """Send a SPARQL update (a read-only server refuses it with an error)."""
        self._post(sparql_update.encode("utf-8"), "application/sparql-update", "*/*")


def push(graph_store_url: str, data: bytes, *, graph: str | None = None, timeout: float = 60.0) -> None:
    """Add N-Triples ``data`` to a store through the SPARQL 1.1 Graph Store HTTP Protocol (POST)."""
    target = graph_store_url + ("?graph=" + urllib.parse.quote(graph, safe="") if graph else "?default")
    req = urllib.request.Request(target, data=data, method="POST", headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")
        hint = dialect.error_hint(detail)
        raise StoreError(
            f"{graph_store_url} refused the upload: HTTP {exc.code}: {dialect.error_text(detail, limit=300)}"
            + (f" ({hint})" if hint else "")
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise StoreError(f"cannot reach {graph_store_url}: {getattr(exc, 'reason', exc)}") from exc


def open_store(spec: str | None, graph_factory=None, *, union: bool = False, ntriples_factory=None) -> Store:
    """Open a store from a CLI spec: ``None``/``oxigraph`` (memory), ``rdflib``, ``oxigraph:PATH`` or an http(s) URL.

    ``ntriples_factory`` returns the curated graph's N-Triples text, loaded into Oxigraph when the store needs
    loading (Oxigraph in memory, or an empty on-disk store: emptiness is tested by reading one quad, never by
    counting); ``graph_factory`` returns the rdflib graph for ``rdflib``. ``union`` asks an on-disk store for
    the union of its graphs (a merged store, see :class:`OxigraphStore`).
    """
    if spec and spec.startswith(("http://", "https://")):
        return RemoteStore(spec)
    if spec == "rdflib":
        if graph_factory is None:
            raise StoreError("the rdflib store needs the curated graph")
        return RdflibStore(graph_factory())
    if spec in (None, "", "oxigraph") or spec.startswith("oxigraph:"):
        path = (spec or "").partition(":")[2] or None
        store = OxigraphStore(path, union=union)
        if store.is_empty():
            if ntriples_factory is not None:
                store.load_bytes(ntriples_factory().encode("utf-8"), "nt", lenient=True)
            elif graph_factory is not None:
                store.load_graph(graph_factory())
        return store
    raise StoreError(f"unknown store {spec!r}: use oxigraph, oxigraph:PATH, rdflib or an http(s) endpoint URL")


def terms(values: Iterable[str]) -> list[URIRef]:
    """IRIs as rdflib terms (helper for VALUES-style bindings)."""
    return [URIRef(v) for v in values]
