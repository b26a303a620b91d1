"""The report as data: sections of blocks of sentences, each fact-bearing piece a :class:`Value` with provenance.

Wording and facts are kept apart by construction. A :class:`Frag` is a sequence of parts: plain strings are
*wording* (from :mod:`painkg.report.templates`) and may not contain a digit (:func:`wording` raises
:class:`TemplateError`), :class:`Value` parts are *facts* read from a graph query, each carrying the id of
the graph record it came from (``record``, a ``dcterms:identifier``) and the query column (``field``). So
every number the report states is a Value, and :meth:`Document.numbers` can say where each came from.

A :class:`Sentence` of kind ``"fact"`` must cite at least one source; a ``"note"`` (a statement about the
graph itself, e.g. an evidence gap) cites none and may not carry numbers other than those inside labels.

>>> s = fact("{drug} is studied in {condition}.", ["src_a"], drug=Value("ketamine", "CHEBI:6121", "label"),
...          condition=Value("CRPS", "MONDO:0019369", "label"))
>>> plain_text(s.frag)
'ketamine is studied in CRPS.'
>>> wording("approved in 1970")
Traceback (most recent call last):
...
painkg.report.model.TemplateError: template wording must not hold a number (facts come from the graph): 'approved in 1970'
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

__all__ = [
    "DIFFERENCE_TYPES",
    "PLOTTABLE_TYPES",
    "RATIO_TYPES",
    "UNKNOWN_SCALE",
    "Block",
    "Bullets",
    "Citations",
    "Cite",
    "Document",
    "Figure",
    "ForestRow",
    "Frag",
    "Paragraph",
    "QuoteMeta",
    "Reference",
    "Row",
    "Section",
    "Sentence",
    "SourceMeta",
    "StatedNumber",
    "Subheading",
    "Table",
    "TemplateError",
    "Value",
    "count",
    "fact",
    "fill",
    "inline_sources",
    "join",
    "note",
    "number_tokens",
    "plain_text",
    "wording",
]


#: Effect types a forest plot draws on a linear axis around 0.
DIFFERENCE_TYPES = frozenset({"MD", "SMD"})
#: Effect types a forest plot draws on a log axis around 1.
RATIO_TYPES = frozenset({"RR", "OR", "IRR", "HR"})
#: Effect types a forest plot draws (others stay in the tables).
PLOTTABLE_TYPES = DIFFERENCE_TYPES | RATIO_TYPES
#: Prefix of the group key of a finding whose scale is not recorded (it gets a panel of its own).
UNKNOWN_SCALE = "?unknown:"


class TemplateError(ValueError):
    """Template wording holds a number, or a sentence breaks a citation rule."""


@dataclass(frozen=True)
class Value:
    """A piece of text read from the graph: ``record`` is the graph record's id, ``field`` the query column."""

    text: str
    record: str
    field: str


def count(records: Iterable[str], what: str = "count") -> Value:
    """A number the report computes, not reads: how many ``records`` there are (the records are its provenance).

    >>> count(["f_a", "f_b"]).text
    '2'
    """
    ids = tuple(dict.fromkeys(records))
    return Value(str(len(ids)), "|".join(ids), what)


@dataclass(frozen=True)
class Cite:
    """Citation markers placed inside a sentence (e.g. after each hop of a mechanism path)."""

    sources: tuple[str, ...]


Part = str | Value | Cite
Frag = tuple[Part, ...]

_DIGIT = re.compile(r"\d")
#: Fields whose text a note may quote although it holds numbers: labels and seed-document claims (quotations,
#: not assertions). Counts (fields ``count…``, see :func:`count`) are numbers about the graph and may stand in notes.
QUOTE_FIELDS = frozenset({"claim", "seed_file"})


def wording(text: str) -> str:
    """Check that template ``text`` holds no digit (numbers are facts and must come from the graph)."""
    if _DIGIT.search(text):
        raise TemplateError(f"template wording must not hold a number (facts come from the graph): {text!r}")
    return text


def _as_frag(value: Value | Cite | Frag | Sequence[Part]) -> Frag:
    if isinstance(value, Value | Cite):
        return (value,)
    return tuple(value)


def fill(template: str, **values: Value | Cite | Frag | Sequence[Part]) -> Frag:
    """Fill a ``str.format``-style template: literal text is wording, ``{name}`` fields take Values or Frags."""
    parts: list[Part] = []
    for literal, name, spec, conv in string.Formatter().parse(template):
        if literal:
            parts.append(wording(literal))
        if name is None:
            continue
        if spec or conv:
            raise TemplateError(f"template fields take no format spec: {template!r}")
        if name not in values:
            raise TemplateError(f"template field {{{name}}} has no value: {template!r}")
        parts.extend(_as_frag(values[name]))
    return tuple(parts)


def join(items: Iterable[Value | Cite | Frag | Sequence[Part]], sep: str = ", ", last: str | None = None) -> Frag:
    """Join Values/Frags with wording ``sep`` (``last`` before the final item, e.g. ``" and "``)."""
    frags = [_as_frag(i) for i in items]
    out: list[Part] = []
    for i, frag in enumerate(frags):
        if i:
            out.append(wording(last if (last is not None and i == len(frags) - 1) else sep))
        out.extend(frag)
    return tuple(out)


def plain_text(frag: Frag) -> str:
    """The frag's text without any markup or citation markers."""
    return "".join(p.text if isinstance(p, Value) else p for p in frag if not isinstance(p, Cite))


def inline_sources(frag: Frag) -> tuple[str, ...]:
    """Source keys cited inside the frag, in order."""
    return tuple(k for p in frag if isinstance(p, Cite) for k in p.sources)


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text parts and the source keys it cites (kind ``fact``) or none (kind ``note``)."""

    frag: Frag
    sources: tuple[str, ...] = ()
    kind: Literal["fact", "note"] = "fact"

    def __post_init__(self) -> None:
        if self.kind == "fact" and not (self.sources or inline_sources(self.frag)):
            raise TemplateError(f"a fact must cite a source: {plain_text(self.frag)!r}")
        if self.kind == "note":
            if inline_sources(self.frag):
                raise TemplateError(f"a note cites nothing: {plain_text(self.frag)!r}")
            for p in self.frag:
                if (
                    isinstance(p, Value)
                    and p.field not in QUOTE_FIELDS
                    and not p.field.endswith("label")
                    and not p.field.startswith("count")
                    and number_tokens(p.text)
                ):
                    raise TemplateError(f"a note (uncited) may not state a number: {plain_text(self.frag)!r}")


def _dedupe(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for k in keys if k))


def fact(template: str, sources: Iterable[str] = (), **values: Value | Cite | Frag | Sequence[Part]) -> Sentence:
    """A cited sentence from a template."""
    return Sentence(fill(template, **values), _dedupe(sources), "fact")


def note(template: str, **values: Value | Cite | Frag | Sequence[Part]) -> Sentence:
    """An uncited sentence about the graph itself (an evidence gap, a pointer), from a template."""
    return Sentence(fill(template, **values), (), "note")


@dataclass(frozen=True)
class Row:
    """A table row: its cells and the sources it cites (rendered in a last ``Refs`` column)."""

    cells: tuple[Frag, ...]
    sources: tuple[str, ...] = ()
    highlight: bool = False


@dataclass(frozen=True)
class Paragraph:
    """Sentences run together."""

    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Bullets:
    """One sentence per bullet."""

    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section (not numbered)."""

    frag: Frag


@dataclass(frozen=True)
class Table:
    """A table of graph records; every row cites its sources unless ``cited`` is false."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    caption: Sentence | None = None
    cited: bool = True

    def __post_init__(self) -> None:
        for c in self.columns:
            wording(c)
        if self.cited:
            for r in self.rows:
                if not r.sources:
                    raise TemplateError(f"table row without a source: {[plain_text(c) for c in r.cells]}")


@dataclass(frozen=True)
class ForestRow:
    """One line of the forest plot: a finding's estimate and CI, in panel ``group``.

    ``group`` is (efficacy|harm, pair|broader, effect type, scale): values on different scales, and broader-population
    evidence and the pair's own, never share a panel.
    """

    group: tuple[str, str, str, str]
    group_title: Frag
    label: Frag
    estimate: Value
    ci_low: Value | None
    ci_high: Value | None
    sources: tuple[str, ...]
    direction: str = ""  # benefit | no_difference | harm | mixed | insufficient (colour of the marker)


@dataclass(frozen=True)
class Figure:
    """The forest plot: rows grouped into panels; rendered (SVG) once citations are numbered."""

    rows: tuple[ForestRow, ...]
    caption: Sentence
    alt: str


Block = Paragraph | Bullets | Subheading | Table | Figure


@dataclass(frozen=True)
class Section:
    """A numbered section with an anchor id, a wording title and its blocks."""

    id: str
    title: str
    blocks: tuple[Block, ...]

    def __post_init__(self) -> None:
        wording(self.title)


@dataclass(frozen=True)
class QuoteMeta:
    """A verbatim supporting sentence read in a source, and the id of the graph record it supports."""

    id: str
    record: str
    text: str


@dataclass(frozen=True)
class SourceMeta:
    """What the graph holds on a source (read by a query): bibliography, ids, links, design, totals, quotes."""

    key: str
    type: str = ""
    title: str = ""
    first_author: str = ""
    year: str = ""
    journal: str = ""
    pmid: str = ""
    pmcid: str = ""
    doi: str = ""
    url: str = ""
    nct: str = ""
    verified: str = ""
    links: tuple[str, ...] = ()  # rdfs:seeAlso IRIs (PubMed, doi.org)
    population: str = ""
    n_studies: str = ""
    n_participants: str = ""
    randomized: str = ""
    blinding: str = ""
    allocation: str = ""
    control: str = ""
    issues_recommendations: bool = False
    included_in: tuple[str, ...] = ()  # reviews that pooled this study
    possible_duplicate_of: tuple[str, ...] = ()
    quotes: tuple[QuoteMeta, ...] = ()

    @property
    def partly_verified(self) -> bool:
        """True when the graph marks the source ``verified=partial``."""
        return self.verified != "true"


@dataclass(frozen=True)
class Reference:
    """A numbered entry of the reference list."""

    number: int
    source: SourceMeta


class Citations:
    """Numbers sources in order of first use and resolves each number to its source.

    ``sources`` maps a source key to its :class:`SourceMeta`; it may fetch on first access (the report's data layer
    reads each cited source with one bound query), so only the sources a report cites are ever read.
    """

    def __init__(self, sources: Mapping[str, SourceMeta]):
        self._meta = sources
        self._order: list[str] = []
        self._num: dict[str, int] = {}

    def cite(self, key: str) -> int:
        """The number of source ``key``, assigned at first use; KeyError when the graph has no such source."""
        if key not in self._num:
            if key not in self._meta:
                raise KeyError(f"source {key!r} is not in the graph")
            self._order.append(key)
            self._num[key] = len(self._order)
        return self._num[key]

    def numbers(self, keys: Iterable[str]) -> list[int]:
        """Numbers of ``keys`` (already cited), sorted."""
        return sorted({self._num[k] for k in keys})

    def __getitem__(self, number: int) -> SourceMeta:
        return self._meta[self._order[number - 1]]

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[Reference]:
        for i, key in enumerate(self._order, start=1):
            yield Reference(i, self._meta[key])

    @property
    def keys(self) -> list[str]:
        """Source keys in citation order."""
        return list(self._order)


# -- numbers --------------------------------------------------------------------------------------------
_NUM = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?!\w|\.\d)")


def number_tokens(text: str) -> list[tuple[str, Decimal]]:
    """Numbers in ``text`` as (text, value): signed when a minus stands right before them and after no digit.

    Digits glued to letters (CYP2B6, QIDS-SR16) are not numbers; in ``0-10`` the dash is a range, not a sign.

    >>> [str(v) for _t, v in number_tokens("MD −2.14 (CI -2.65 to -1.63) on 0-10, CYP2B6, 1999-08-12")]
    ['-2.14', '-2.65', '-1.63', '0', '10', '1999', '8', '12']
    """
    out = []
    for m in _NUM.finditer(text):
        start, token = m.start(1), m.group(1)
        signed = start > 0 and text[start - 1] in "-−" and (start < 2 or not text[start - 2].isalnum())
        try:
            value = Decimal(token)
        except InvalidOperation:  # pragma: no cover - the pattern only matches decimals
            continue
        out.append(((("−" if signed else "") + token), -value if signed else value))
    return out


@dataclass(frozen=True)
class StatedNumber:
    """A number the report states, with where it came from (graph record and field) and where it stands."""

    text: str
    value: Decimal
    record: str
    field: str
    section: str


def _frags_of(block: Block) -> Iterator[tuple[Frag, tuple[str, ...]]]:
    if isinstance(block, Paragraph | Bullets):
        for s in block.sentences:
            yield s.frag, s.sources
    elif isinstance(block, Subheading):
        yield block.frag, ()
    elif isinstance(block, Table):
        if block.caption is not None:
            yield block.caption.frag, block.caption.sources
        for r in block.rows:
            for c in r.cells:
                yield c, r.sources
    elif isinstance(block, Figure):
        for fr in block.rows:
            yield fr.group_title, ()
            yield fr.label, fr.sources
            yield tuple(v for v in (fr.estimate, fr.ci_low, fr.ci_high) if v is not None), fr.sources
        yield block.caption.frag, block.caption.sources


def _source_values(meta: SourceMeta) -> Frag:
    return tuple(
        Value(getattr(meta, f), meta.key, f)
        for f in ("first_author", "year", "title", "journal", "pmid", "pmcid", "doi", "nct")
        if getattr(meta, f)
    )


@dataclass
class Document:
    """A generated evidence report as data: sections of blocks, numbered citations, every value with provenance.

    :class:`painkg.report.document.Report` adds rendering (Markdown, HTML, forest SVG) on top of it.
    """

    drug: Value
    condition: Value
    title: Frag
    sections: list[Section]
    citations: Citations
    slug: str
    seed_audit: bool = False
    #: the scope sentence under the title (what the report covers)
    scope: Sentence | None = None
    #: the forest plot's SVG once drawn (by :func:`painkg.report.render.figure_svg`)
    forest_cache: str | None = None
    _used: frozenset[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # number the sources in order of first use, walking the document as it is rendered
        if self.scope is not None:
            for key in (*inline_sources(self.scope.frag), *self.scope.sources):
                self.citations.cite(key)
        for section in self.sections:
            for block in section.blocks:
                for frag, sources in _frags_of(block):
                    for key in (*inline_sources(frag), *sources):
                        self.citations.cite(key)

    def blocks(self) -> Iterator[tuple[Section, Block]]:
        """Every block with its section, in document order."""
        for section in self.sections:
            for block in section.blocks:
                yield section, block

    def values(self) -> list[tuple[Value, str]]:
        """Every graph value the report places in its wording, with the id of its section, in order."""
        out = []
        if self.scope is not None:
            out += [(p, "scope") for p in self.scope.frag if isinstance(p, Value)]
        for section, block in self.blocks():
            for frag, _sources in _frags_of(block):
                out += [(p, section.id) for p in frag if isinstance(p, Value)]
        return out

    def used_records(self) -> frozenset[str]:
        """Ids of the graph records the report states values of (findings, statements, acts, sources, ...)."""
        if self._used is None:
            self._used = frozenset(rid for v, _s in self.values() for rid in v.record.split("|"))
        return self._used

    def shown_quotes(self, meta: SourceMeta) -> list[QuoteMeta]:
        """The quotes of a cited source the reference list shows: those supporting a record the report uses."""
        used = self.used_records() | {meta.key}
        shown: dict[str, QuoteMeta] = {}
        for q in meta.quotes:
            if q.record in used:
                shown.setdefault(q.text, q)  # one quote supporting several records is shown once
        return list(shown.values())

    def sentences(self) -> list[tuple[Sentence, str]]:
        """Every sentence (paragraphs, bullets, captions) with the id of its section."""
        out: list[tuple[Sentence, str]] = []
        for section, block in self.blocks():
            if isinstance(block, Paragraph | Bullets):
                out += [(s, section.id) for s in block.sentences]
            elif isinstance(block, Table) and block.caption is not None:
                out.append((block.caption, section.id))
            elif isinstance(block, Figure):
                out.append((block.caption, section.id))
        return out

    def numbers(self) -> list[StatedNumber]:
        """Every number the report states, in order, with the graph record and field it was read from.

        A count (field ``count…``) names the records it counts as its record (``id|id|…``).
        """
        out = []
        for v, section in self.values():
            for text, value in number_tokens(v.text):
                out.append(StatedNumber(text, value, v.record, v.field, section))
        for ref in self.citations:
            values = [*_source_values(ref.source)]
            values += [Value(q.text, q.id, "text") for q in self.shown_quotes(ref.source)]
            for v in values:
                for text, value in number_tokens(v.text):
                    out.append(StatedNumber(text, value, v.record, v.field, "references"))
        return out
