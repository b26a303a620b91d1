"""Named SPARQL queries (the competency questions) and how to run them on any store.

Each ``*.rq`` file in this package starts with a header of ``# key: value`` lines::

    # title: Targets of a drug
    # description: ...            (may continue on following "#   " lines)
    # param: drug entity CHEBI:6121 The drug, as CURIE, IRI, label or synonym.
    # example: painkg query targets --param drug=ketamine
    # binding: substitution       (optional; how Oxigraph binds the parameters, see below)

``param`` is ``NAME TYPE DEFAULT DESCRIPTION``; TYPE is ``entity`` (resolved from a CURIE, IRI, label or
synonym, case-insensitively, to the entity's IRI), ``string`` or ``integer``; DEFAULT ``-`` means the
parameter is optional and stays unbound when not given. Values are bound by the store (rdflib: ``initBindings``
and the translated algebra; Oxigraph and remote endpoints: one escaped ``VALUES`` block per parameter), never
formatted into query text. ``binding: substitution`` makes Oxigraph bind them as SEP-0007 substitutions instead
(the engine plans the query from the constants): a union of long chains (``mechanism-paths``) took minutes on two
million triples with a VALUES block and a quarter of a second so, while one-pattern look-ups are slower so
(a second instead of milliseconds); ``benchmarks/bench_targets.py`` measures both kinds.

Query-writing rule that keeps the three stores equivalent: a parameter may be used in triple patterns,
in FILTERs and BINDs of the outermost group, and in property paths — not in a FILTER or BIND inside a
nested group where no triple pattern of that group binds it.

Rules that keep them right on Virtuoso 7 (see painkg.dialect; tests/test_virtuoso.py checks them on every query):
a FILTER inside an OPTIONAL reads only variables bound by that OPTIONAL's own patterns; a computed boolean is
cast with ``xsd:boolean(…)``; ``ORDER BY`` keys are plain projected variables (``?v``, ``ASC(?v)``, ``DESC(?v)``).

Rules that keep them fast on large stores (each checked for every query by tests/test_stores.py), so that a
question costs what its answer costs, not what the store holds:

- in every group the required triple patterns come first, then the OPTIONALs, UNIONs and BINDs. A required
  pattern after an OPTIONAL, UNION or BIND is a separate join operand in SPARQL's algebra, which Oxigraph evaluates over the
  whole store;
- start from the bound entity: ``?drug painkg:includesSubstance ?d`` (the drug or an enantiomer it is made of; a
  property the build derives, since Virtuoso answered the path ``has_component?`` with every chemical) as the
  first pattern, not ``FILTER(?d = ?drug || EXISTS {...})`` over every record;
- an OPTIONAL group holds at most two required triple patterns and no VALUES block: Oxigraph 0.5 evaluates a
  larger group (or one with VALUES) on its own over the whole store and hash-joins it. Write one pattern with
  nested OPTIONALs, ``FILTER(BOUND(?x))`` keeping required what must be present, and ``FILTER(?p IN (...))``
  instead of VALUES;
- inside a UNION branch Oxigraph orders the patterns as if no parameter were bound, so a pattern with one variable
  (``?st a painkg:Statement``, ``?f painkg:direction "harm"``) is read first, over the whole store: check such
  facts with ``FILTER EXISTS { ?st a painkg:Statement }`` / ``FILTER(?d = "harm")`` (not ``sameTerm``, which Virtuoso never matches against a literal) after the patterns
  that reach the bound entity.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from painkg.store import PREFIX_HEADER, QueryResult, Store
from painkg.vocab import curie_problem, curie_to_iri, iri_to_curie, standardize_curie

__all__ = [
    "DEFAULT_LIMIT",
    "EntityResolver",
    "NamedQuery",
    "Param",
    "ParameterError",
    "UnknownEntityError",
    "UnknownQueryError",
    "get_query",
    "iri_to_curie",
    "list_queries",
    "run_query",
]

#: Rows returned at most by a named query unless the caller asks for more (results beyond are cut, with notice).
DEFAULT_LIMIT = 10_000


class UnknownQueryError(KeyError):
    """No named query has this name; the message lists the valid ones."""

    def __str__(self) -> str:
        return str(self.args[0])


class ParameterError(ValueError):
    """A parameter is unknown, missing or of the wrong type; the message lists the valid ones."""


class UnknownEntityError(ValueError):
    """A name does not resolve to an entity; ``suggestions`` holds the closest matches."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown entity '{name}'{hint}")


@dataclass(frozen=True)
class Param:
    """One declared query parameter."""

    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its file name (without .rq), header fields and SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    example: str
    text: str = field(repr=False)
    #: "substitution": Oxigraph binds the parameters as SEP-0007 substitutions (the ``# binding:`` header line,
    #: which stays in the text the store reads); else VALUES blocks
    binding: str = "values"

    @property
    def sparql(self) -> str:
        """The query with the standard PREFIX lines prepended."""
        return PREFIX_HEADER + self.text


_HEADER = re.compile(r"^#\s*(title|description|param|example|binding):\s*(.*)$")
#: how a named query's parameters may be bound on Oxigraph (see the module docstring)
BINDINGS = ("values", "substitution")


def _parse(name: str, text: str) -> NamedQuery:
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": [], "binding": []}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            last = m.group(1)
            fields[last].append(m.group(2).strip())
        elif last == "description" and line.startswith("#   "):
            fields["description"][-1] += " " + line[1:].strip()
    params = []
    for spec in fields["param"]:
        pname, ptype, default, *desc = spec.split(" ", 3)
        if ptype not in ("entity", "string", "integer"):
            raise ValueError(f"{name}.rq: parameter {pname} has unknown type {ptype}")
        params.append(Param(pname, ptype, None if default == "-" else default, " ".join(desc)))
    if not fields["title"]:
        raise ValueError(f"{name}.rq has no '# title:' header")
    binding = fields["binding"][0] if fields["binding"] else "values"
    if binding not in BINDINGS:
        raise ValueError(f"{name}.rq: '# binding: {binding}' is not one of {', '.join(BINDINGS)}")
    return NamedQuery(
        name,
        fields["title"][0],
        " ".join(fields["description"]),
        tuple(params),
        fields["example"][0] if fields["example"] else "",
        text,
        binding,
    )


@cache
def _all() -> dict[str, NamedQuery]:
    out = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            out[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return out


def list_queries() -> list[NamedQuery]:
    """All named queries, sorted by name."""
    return list(_all().values())


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; UnknownQueryError lists the valid names."""
    try:
        return _all()[name]
    except KeyError:
        close = difflib.get_close_matches(name, list(_all()), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownQueryError(f"unknown query '{name}'{hint}; valid queries: {', '.join(_all())}") from None


class EntityResolver:
    """Resolve what users type — CURIE, IRI, label or synonym, any case — to an entity IRI, on any store.

    With ``index`` (the rows of the ``entities`` query, kept in the build cache for the curated graph) names
    are looked up in memory. Without it, a name is first looked up *exactly* — as typed, in lower, upper and
    capitalised case, and a CURIE with its prefix in canonical case — by the ``entity-lookup`` query, which
    starts from the bound name and so costs the same on a store of millions of triples; only a name none of
    these finds makes the resolver read the whole entity index (once), for a case-insensitive match or, failing
    that, the suggestions of :class:`UnknownEntityError`. Where several entities match, the one with the
    smallest CURIE wins, as in the index.
    """

    def __init__(self, store: Store, index: tuple[list[str], list[tuple]] | None = None):
        self._store = store
        self._by_key: dict[str, str] | None = None
        self._names: dict[str, str] = {}
        if index is not None:
            self._load(*index)

    def _load(self, cols: list[str], rows: list[tuple]) -> None:
        self._by_key = {}
        for row in rows:
            rec = dict(zip(cols, row, strict=True))
            iri = rec["entity"]
            for key in (rec["curie"], iri, rec["label"], rec.get("synonym")):
                if key:
                    self._by_key.setdefault(key.casefold(), iri)
            self._names[rec["label"]] = iri
            self._names[rec["curie"]] = iri

    def _index(self) -> dict[str, str]:
        if self._by_key is None:
            res = self._store.query(get_query("entities").sparql)
            self._load(res.columns, res.rows)
        return self._by_key or {}

    def _exact(self, name: str) -> str | None:
        """The entity found by exact lookups of ``name``'s case variants (None when none matches)."""
        variants = [name, name.lower(), name.upper(), name[:1].upper() + name[1:]]
        if name.startswith(("http://", "https://")):
            variants.append(iri_to_curie(name))
        elif ":" in name:
            canonical = standardize_curie(name)
            if canonical:
                variants.append(canonical)
        lookup = get_query("entity-lookup").sparql
        found: list[tuple[str, str]] = []
        for variant in dict.fromkeys(v for v in variants if v):
            res = self._store.query(lookup, {"name": Literal(variant)})
            cols = res.columns
            found += [(r[cols.index("curie")], r[cols.index("entity")]) for r in res.rows]
        return min(found)[1] if found else None

    def resolve(self, name: str) -> URIRef:
        """The entity IRI for ``name``; raises UnknownEntityError with the closest matches."""
        raw, name = name, name.strip()
        key = name.casefold()
        if self._by_key is None and name:
            hit = self._exact(name)
            if hit is not None:
                return URIRef(hit)
        by_key = self._index()
        if key in by_key:
            return URIRef(by_key[key])
        canonical = standardize_curie(name) if ":" in name else None
        if canonical is not None and curie_problem(canonical) is None:
            iri = curie_to_iri(canonical)
            if iri.casefold() in by_key:
                return URIRef(by_key[iri.casefold()])
        by_fold = {k.casefold(): k for k in self._names}
        close = difflib.get_close_matches(key, list(by_fold), n=5, cutoff=0.5)
        raise UnknownEntityError(raw, [by_fold[c] for c in close])


def bind_params(query: NamedQuery, params: dict[str, object], resolver: EntityResolver | None) -> dict[str, Node]:
    """Check ``params`` against the query's declaration and turn them into RDF terms (defaults applied)."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        valid = ", ".join(f"{p.name} ({p.type})" for p in query.params) or "none"
        raise ParameterError(f"query '{query.name}' has no parameter {', '.join(unknown)}; valid parameters: {valid}")
    bound: dict[str, Node] = {}
    for p in query.params:
        value = params.get(p.name, p.default)
        if value is None or value == "":
            continue
        if p.type == "entity":
            if resolver is None:
                raise ParameterError(f"parameter '{p.name}' needs an entity resolver")
            bound[p.name] = resolver.resolve(str(value))
        elif p.type == "integer":
            try:
                bound[p.name] = Literal(int(str(value)), datatype=XSD.integer)
            except ValueError:
                raise ParameterError(f"parameter '{p.name}' must be an integer, got {value!r}") from None
        else:
            bound[p.name] = Literal(str(value))
    return bound


def run_query(
    store: Store,
    name: str,
    params: dict[str, object] | None = None,
    *,
    resolver: EntityResolver | None = None,
    limit: int | None = DEFAULT_LIMIT,
    offset: int = 0,
) -> tuple[QueryResult, bool]:
    """Run the named query on ``store``; returns the result and whether more rows exist beyond ``limit``.

    Parameters are validated and bound; entity names are resolved with ``resolver`` (built on the store
    when not given and needed). ``limit``/``offset`` page through large results: the store is asked for
    one row more than ``limit`` so a cut can be reported (``limit=None`` returns everything).
    """
    query = get_query(name)
    params = dict(params or {})
    if resolver is None and any(p.type == "entity" for p in query.params):
        resolver = EntityResolver(store)
    bindings = bind_params(query, params, resolver)
    text = query.sparql
    if limit is not None:
        text += f"\nLIMIT {int(limit) + 1}"
    if offset:
        text += f"{'' if limit is not None else chr(10)} OFFSET {int(offset)}"
    result = store.query(text, bindings)
    if limit is not None and len(result.rows) > limit:
        return QueryResult(result.columns, result.rows[:limit]), True
    return result, False
