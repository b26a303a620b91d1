"""Answers as plain Python records, without pandas: rows of a named query, one record per key, path hops.

:class:`painkg.api.KnowledgeGraph` returns pandas DataFrames for notebooks; the command line and the report use
these functions instead, so that a command does not pay pandas' import and per-row overhead (the report's
pandas joins took longer than all its queries). :func:`collapse` folds the rows a query returns once per source
into one record per key, exactly as :func:`painkg.api.collapse_sources` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from painkg.queries import EntityResolver, run_query
from painkg.store import QueryResult, Store
from painkg.vocab import EVIDENCE_RANK, NON_MECHANISM_PREDICATES

__all__ = ["HOP_COLUMNS", "MAX_HOPS", "Record", "collapse", "mechanism_hops", "mechanism_path_ids", "records"]

#: the longest mechanism path (as the ``mechanism-paths`` query)
MAX_HOPS = 4

Record = dict[str, Any]
#: columns that vary with the source of a row; folded into ``sources``, ``citations`` and ``verified``
SOURCE_COLUMNS = ("source", "source_type", "pmid", "doi", "url", "verified")


def records(result: QueryResult) -> list[Record]:
    """The rows of a query answer as dicts (column → value; missing values are ``None``)."""
    cols = result.columns
    return [dict(zip(cols, row, strict=True)) for row in result.rows]


def _citation(row: Mapping[str, Any]) -> str:
    if row.get("pmid"):
        return f"PMID:{row['pmid']}"
    if row.get("doi"):
        return f"DOI:{row['doi']}"
    return str(row.get("source") or "")


def collapse(rows: Iterable[Record], key: str | Sequence[str]) -> list[Record]:
    """One record per ``key`` (in order of first appearance) with its sources joined.

    ``sources`` are the source keys, ``citations`` their PMID/DOI (else key) and ``verified`` is ``true`` only when
    every source is fully verified. Any other column holding several values for one key (a multi-valued property
    such as co-interventions or species) keeps them all, in order of first appearance, joined by ``|``.
    """
    keys = (key,) if isinstance(key, str) else tuple(key)
    groups: dict[tuple, list[Record]] = {}
    for row in rows:
        groups.setdefault(tuple(row.get(k) for k in keys), []).append(row)
    out = []
    for group in groups.values():
        first = group[0]
        rec = {c: v for c, v in first.items() if c not in SOURCE_COLUMNS}
        for c in rec:
            values = [v for v in dict.fromkeys(r.get(c) for r in group) if v is not None and v != ""]
            if len(values) > 1:
                rec[c] = "|".join(str(v) for v in values)
        if "source" in first:
            rec["sources"] = "|".join(s for s in dict.fromkeys(r.get("source") for r in group) if s)
            rec["citations"] = "|".join(c for c in dict.fromkeys(_citation(r) for r in group) if c)
            flags = {r.get("verified") for r in group if r.get("verified") is not None}
            rec["verified"] = "true" if flags == {"true"} else ("partial" if flags else "")
        out.append(rec)
    return out


def statement_evidence(store: Store, statement: str) -> Record | None:
    """The evidence of one statement (``statement-evidence`` bound to its id), one record with its sources."""
    result, _cut = run_query(store, "statement-evidence", {"statement": statement}, limit=None)
    found = collapse(records(result), "statement")
    return found[0] if found else None


#: columns of :func:`mechanism_hops` before the statement's own evidence columns
HOP_COLUMNS = ("path", "hops", "hop", "path_evidence", "path_association_only")


def mechanism_path_ids(
    store: Store, drug: str, condition: str, resolver: EntityResolver | None = None
) -> list[tuple[str, ...]]:
    """The statement ids of each mechanism path drug → condition (1 to 4 hops): the ``mechanism-paths`` answer.

    Same paths, same order (hops, then statement ids) as the named query, found a step at a time from both ends
    with the bound ``node-statements`` query: the drug's and the condition's statements, then those of their
    neighbours — a few dozen lookups, each costing what one node holds. The four-hop pattern of the named query
    makes an engine plan a join over the whole store (minutes at two million triples). Hops are supporting
    statements whose predicate is a mechanism predicate (not ``vocab.NON_MECHANISM_PREDICATES``); the nodes of a
    path are distinct.
    """
    resolver = resolver or EntityResolver(store)
    d_iri, c_iri = str(resolver.resolve(drug)), str(resolver.resolve(condition))
    edges: dict[str, list[tuple[str, str, str]]] = {}

    def at(node: str) -> list[tuple[str, str, str]]:
        """(statement, subject, object) of the mechanism statements at ``node``."""
        if node not in edges:
            result, _cut = run_query(store, "node-statements", {"node": node}, resolver=resolver, limit=None)
            edges[node] = [
                (r["statement"], r["subject"], r["object"])
                for r in records(result)
                if r["predicate"] not in NON_MECHANISM_PREDICATES
            ]
        return edges[node]

    out1 = [(st, o) for st, s, o in at(d_iri) if s == d_iri]  # drug -> n1
    in1 = [(st, s) for st, s, o in at(c_iri) if o == c_iri]  # m -> condition
    ends = {d_iri, c_iri}
    paths: list[tuple[str, ...]] = [(st,) for st, o in out1 if o == c_iri]
    into_condition: dict[str, list[str]] = {}
    for st, m in in1:
        if m not in ends:
            into_condition.setdefault(m, []).append(st)
    paths += [(st1, st2) for st1, n1 in out1 if n1 in into_condition for st2 in into_condition[n1]]

    def two_steps() -> Iterator[tuple[str, str, str, str]]:
        """(statement drug -> n1, n1, statement n1 -> n2, n2) for every n2 two steps from the drug."""
        for st1, n1 in out1:
            if n1 in ends:
                continue
            for st2, s, n2 in at(n1):
                if s == n1 and n2 not in ends and n2 != n1:
                    yield st1, n1, st2, n2

    if MAX_HOPS >= 3:
        paths += [(st1, st2, st3) for st1, _n1, st2, n2 in two_steps() for st3 in into_condition.get(n2, [])]
    if MAX_HOPS >= 4:
        into_m: dict[str, list[tuple[str, str]]] = {}  # n2 -> [(statement n2 -> n3, n3)]
        for n3 in into_condition:
            for st, s, o in at(n3):
                if o == n3 and s not in ends and s != n3:
                    into_m.setdefault(s, []).append((st, n3))
        for st1, n1, st2, n2 in two_steps():
            for st3, n3 in into_m.get(n2, []):
                if n3 not in (n1, n2):
                    paths += [(st1, st2, st3, st4) for st4 in into_condition[n3]]
    return sorted(set(paths), key=lambda p: (len(p), p))


def mechanism_hops(
    store: Store, drug: str, condition: str, resolver: EntityResolver | None = None
) -> tuple[list[str], list[Record]]:
    """Mechanism paths drug → condition as one record per hop, with that hop's evidence and sources.

    Finds the paths with :func:`mechanism_path_ids` and runs ``statement-evidence`` once per statement on the paths
    (never for the whole graph). ``path_evidence`` is the weakest evidence type on the path
    (:data:`painkg.vocab.EVIDENCE_RANK`: a path is never stronger than its weakest hop) and
    ``path_association_only`` is true when any hop shows association only. Returns (columns, records).
    """
    paths = [list(p) for p in mechanism_path_ids(store, drug, condition, resolver)]
    evidence: dict[str, Record] = {}
    for sid in dict.fromkeys(s for path in paths for s in path):
        found = statement_evidence(store, sid)
        if found is not None:
            evidence[sid] = found
    ev_columns: list[str] = []
    for rec in evidence.values():
        ev_columns += [c for c in rec if c not in ev_columns]
    out = []
    for i, path in enumerate(paths, start=1):
        hops = [evidence[sid] for sid in path if sid in evidence]
        weakest = max((h["evidence_type"] for h in hops), key=lambda e: EVIDENCE_RANK.get(e, len(EVIDENCE_RANK)))
        association = any(h.get("association_only") in (True, "true") for h in hops)
        for n, h in enumerate(hops, start=1):
            out.append(
                {"path": i, "hops": len(hops), "hop": n, "path_evidence": weakest, "path_association_only": association}
                | {c: h.get(c) for c in ev_columns}
            )
    return [*HOP_COLUMNS, *ev_columns], out
