"""Rules that make validation the contract of every consumer: what passes them, every output can hold.

``painkg validate`` accepting a dataset is a promise that ``build``, every export, view and report handle it
without a traceback and without writing a broken file. These rules reject what would break that promise,
each with file, line, column and the fix. They are generic: they walk every field of every record type
(``dataclasses.fields`` over :data:`painkg.model.RECORD_TYPES`), so a new column or record type is covered
without touching this module.

- :func:`check_text_characters` — control characters, characters XML 1.0 forbids (GraphML and SVG outputs
  are XML), Unicode non-characters and invisible bidirectional overrides, in any cell.
- :func:`check_iri_values` — every value that becomes an IRI (record ids, CURIEs of a known prefix, URLs,
  DOIs and PMIDs: columns named as in :data:`IRI_TEMPLATES`) is a valid absolute IRI once expanded, checked by Oxigraph's IRI parser.
- :func:`check_hierarchy_cycles` — no cycle of supported ``subclass_of`` statements (A ⊑ B ⊑ … ⊑ A).
- :func:`check_contradictory_directions` — one edge (subject, predicate, object, in the same scope) stated as
  both holding and not holding is a contradiction that must be marked ``contested`` on every statement of it.

``tests/security/test_contract.py`` generates hostile values for every column of every record type and checks
the promise: ``validate`` rejects the value, or build, exports, views and report succeed and write valid files.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import fields

from painkg.curation.tsv import LoadedData, Problem
from painkg.model import Record
from painkg.vocab import ID_BASE, PAINKG_PREFIXES, curie_problem, curie_to_iri

__all__ = [
    "CONTRACT_RULES",
    "IRI_TEMPLATES",
    "check_contradictory_directions",
    "check_hierarchy_cycles",
    "check_iri_values",
    "check_text_characters",
    "forbidden_character",
    "iri_problem",
]

#: Cells whose column is named like a key here (``doi``, ``source_doi``, …) become this IRI in the graph.
IRI_TEMPLATES: dict[str, str] = {
    "doi": "https://doi.org/{}",
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}",
    "url": "{}",
}

#: Predicates that build a class hierarchy, where a cycle makes every member a subclass of every other.
HIERARCHY_PREDICATES: tuple[str, ...] = ("subclass_of",)

#: Directions that assert an edge holds, and those that assert it does not.
_HOLDS = frozenset({"supports"})
_DOES_NOT_HOLD = frozenset({"refutes", "no_effect"})
#: Fields of an edge that are its verdict or bookkeeping, not part of what it claims.
_NOT_SCOPE = frozenset({"id", "direction", "contested", "sources", "note"})

#: Invisible characters that reorder how text is displayed ("Trojan Source"): a label could read as another.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _record_types(data: LoadedData) -> Iterator[tuple[type[Record], list[Record]]]:
    ds = data.dataset
    for rt, attr in ds.ATTR.items():
        yield rt, getattr(ds, attr)


def _problem(data: LoadedData, rec: Record, column: str, message: str, fix: str) -> Problem:
    return Problem(rec.FILE, data.lines.get((rec.FILE, rec.id), 0), column, message, fix)


def _text_values(rec: Record) -> Iterator[tuple[str, str]]:
    """``(column, text)`` of every text value of a record (each item of a list column on its own)."""
    for f in fields(rec):
        value = getattr(rec, f.name)
        if isinstance(value, str):
            yield f.name, value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, str):
                    yield f.name, item


#: Every character :func:`forbidden_character` may reject (a superset check that lets clean text through fast).
_SUSPECT = re.compile(
    "["
    + "\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
    + "".join(sorted(_BIDI_CONTROLS))
    + "]"
)


def forbidden_character(text: str) -> tuple[int, str, str] | None:
    r"""``(position, character, why)`` of the first character no output may carry, else None.

    >>> forbidden_character("ketamine") is None
    True
    >>> forbidden_character("a\x07b")
    (1, '\x07', 'control character U+0007')
    >>> forbidden_character("x\ufffe")[2]
    'Unicode non-character U+FFFE (illegal in XML 1.0)'
    """
    if _SUSPECT.search(text) is None:  # the common case, in one regex pass
        return None
    for i, ch in enumerate(text):
        cp = ord(ch)
        if unicodedata.category(ch) == "Cc":
            return i, ch, f"control character U+{cp:04X}"
        if 0xD800 <= cp <= 0xDFFF:
            return i, ch, f"lone surrogate U+{cp:04X} (illegal in XML 1.0 and UTF-8)"
        if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:
            return i, ch, f"Unicode non-character U+{cp:04X}" + (" (illegal in XML 1.0)" if cp > 0xFFFD else "")
        if ch in _BIDI_CONTROLS:
            return i, ch, f"invisible bidirectional override U+{cp:04X} (text could display as something else)"
    return None


def check_text_characters(data: LoadedData) -> Iterator[Problem]:
    """No cell holds a control character, an XML-illegal character, a non-character or a bidi override."""
    for _rt, records in _record_types(data):
        for rec in records:
            for col, text in _text_values(rec):
                bad = forbidden_character(text)
                if bad is None:
                    continue
                pos, _ch, why = bad
                shown = text[max(0, pos - 20) : pos] + "\u2370" + text[pos + 1 : pos + 21]
                yield _problem(
                    data,
                    rec,
                    col,
                    f"{why} at character {pos + 1} of '{col}' ({shown!r}); GraphML/SVG (XML) and terminals cannot "
                    "carry it",
                    "delete the character (re-type the text if it came from a copy-paste)",
                )


def iri_problem(iri: str) -> str | None:
    r"""Why ``iri`` is not an absolute IRI that RDF serialisers and Oxigraph accept, else None.

    >>> iri_problem("https://doi.org/10.1000/xyz") is None
    True
    >>> iri_problem('https://doi.org/10.1000/a"b')
    'character \'"\' is not allowed in an IRI'
    """
    import pyoxigraph as ox

    for ch in iri:
        if ch in '<>"{}|^`\\' or ord(ch) <= 0x20 or 0x7F <= ord(ch) <= 0x9F:
            return f"character {ch!r} is not allowed in an IRI"
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        return f"not a valid IRI ({exc})"
    if ":" not in iri:
        return "not an absolute IRI (no scheme)"
    return None


def _iri_template(column: str) -> str | None:
    for key, template in IRI_TEMPLATES.items():
        if column == key or column.endswith("_" + key):
            return template
    return None


def _iris(rec: Record) -> Iterator[tuple[str, str, str]]:
    """``(column, value, IRI it becomes)`` of every value of a record that the graph turns into an IRI."""
    # every record's id is minted into an IRI (ids, pkid:…/<id>); entity ids are CURIEs and expand to theirs
    if curie_problem(rec.id) is None:
        yield "id", rec.id, curie_to_iri(rec.id)
    else:
        yield "id", rec.id, f"{ID_BASE}record/{rec.id}"
    for col, text in _text_values(rec):
        if col == "id" or not text:
            continue
        template = _iri_template(col)
        if template is not None:
            yield col, text, template.format(text)
        elif ":" in text and text.split(":", 1)[0] in PAINKG_PREFIXES and curie_problem(text) is None:
            yield col, text, curie_to_iri(text)


def check_iri_values(data: LoadedData) -> Iterator[Problem]:
    """Every value that becomes an IRI (id, CURIE, URL, DOI, PMID) is a valid IRI once expanded."""
    for _rt, records in _record_types(data):
        for rec in records:
            for col, value, iri in _iris(rec):
                why = iri_problem(iri)
                if why is None:
                    continue
                fix = (
                    'percent-encode the character (e.g. %3C for <, %22 for "), or fix the value from the reference'
                    if col != "id"
                    else "use only letters, digits, '_', '-', '.' and ':' in ids"
                )
                yield _problem(data, rec, col, f"'{value}' becomes the IRI <{iri}>, which is invalid: {why}", fix)


def _field_names(rt: type[Record]) -> set[str]:
    return {f.name for f in fields(rt)}


def _edges(data: LoadedData) -> Iterator[tuple[type[Record], Record]]:
    """Records that are edges: those with subject, predicate and object fields."""
    for rt, records in _record_types(data):
        if {"subject", "predicate", "object"} <= _field_names(rt):
            for rec in records:
                yield rt, rec


def _holds(rec: Record) -> bool:
    return getattr(rec, "direction", "supports") in _HOLDS


def check_hierarchy_cycles(data: LoadedData) -> Iterator[Problem]:
    """Supported ``subclass_of`` statements form no cycle (a cycle makes each class a subclass of the others)."""
    for pred in HIERARCHY_PREDICATES:
        out: dict[str, list[tuple[str, Record]]] = defaultdict(list)
        for _rt, rec in _edges(data):
            if rec.predicate == pred and _holds(rec):  # type: ignore[attr-defined]
                out[rec.subject].append((rec.object, rec))  # type: ignore[attr-defined]
        reported: set[frozenset[str]] = set()
        for start in sorted(out):
            # depth-first search for a path back to ``start``; the hierarchy is small, each start is walked once
            stack: list[tuple[str, list[Record]]] = [(start, [])]
            seen: set[str] = set()
            while stack:
                node, path = stack.pop()
                for nxt, rec in sorted(out.get(node, []), key=lambda t: t[1].id):
                    trail = [*path, rec]
                    if nxt == start:
                        key = frozenset(r.id for r in trail)
                        if key in reported:
                            continue
                        reported.add(key)
                        first = min(trail, key=lambda r: r.id)
                        chain = " → ".join([start] + [r.object for r in trail])  # type: ignore[attr-defined]
                        yield _problem(
                            data,
                            first,
                            "object",
                            f"{pred} cycle: {chain} (statements {', '.join(r.id for r in trail)})",
                            f"remove or correct one of these {pred} statements; a class cannot be its own ancestor",
                        )
                    elif nxt not in seen:
                        seen.add(nxt)
                        stack.append((nxt, trail))


def _scope(rec: Record) -> tuple[tuple[str, object], ...]:
    """What an edge statement claims apart from its verdict and bookkeeping: subject, predicate, object, qualifiers."""
    return tuple((f.name, getattr(rec, f.name)) for f in fields(rec) if f.name not in _NOT_SCOPE)


def check_contradictory_directions(data: LoadedData) -> Iterator[Problem]:
    """One edge in one scope stated both as holding and as not holding is marked ``contested`` on each statement.

    Statements of the same subject, predicate and object that differ in a qualifier (species, population,
    context, route, evidence type) are different claims — a rodent result and a clinical null can both be
    true — so only statements equal in everything but direction, contested flag, sources and note are compared.
    """
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for _rt, rec in _edges(data):
        if hasattr(rec, "direction"):
            groups[_scope(rec)].append(rec)
    for recs in groups.values():
        directions = {getattr(r, "direction", "") for r in recs}
        if not (directions & _HOLDS and directions & _DOES_NOT_HOLD):
            continue
        for rec in sorted(recs, key=lambda r: r.id):
            if getattr(rec, "contested", "true") == "true":
                continue
            others = ", ".join(f"{r.id} ({getattr(r, 'direction', '')})" for r in recs if r is not rec)
            s, p, o = rec.subject, rec.predicate, rec.object  # type: ignore[attr-defined]
            yield _problem(
                data,
                rec,
                "contested",
                f"{s} {p} {o} is stated as {getattr(rec, 'direction', '')} here and otherwise by {others} in the "
                "same scope (same qualifiers), but this statement is not marked contested",
                "set contested to true on every statement of this edge (the evidence disagrees), correct the "
                "direction if one is wrong, or give each its scope (species, population, context, route)",
            )


#: The contract rules, run after the rules of :mod:`painkg.curation.validate`.
CONTRACT_RULES = (
    check_text_characters,
    check_iri_values,
    check_hierarchy_cycles,
    check_contradictory_directions,
)
