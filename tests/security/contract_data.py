"""The dataset the contract property test mutates: the tiny fixture plus one real row of every record type it lacks.

``tests/fixtures/mini`` has no regimen, regulatory action, interaction, recommendation or caution. So that every
column of every record type is exercised, the first row (by id) of each such type is taken from ``data/`` together
with everything it references (found generically: any cell value that is the id of a record in ``data/``).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from painkg.curation.tsv import read_dataset, render_file
from painkg.model import RECORD_TYPES, Dataset, Record
from tests.conftest import DATA, FIXTURE


def _values(rec: Record):
    for f in fields(rec):
        value = getattr(rec, f.name)
        for v in value if isinstance(value, tuple) else (value,):
            if isinstance(v, str) and v:
                yield v


def contract_dataset() -> Dataset:
    """The mini fixture plus, for each record type it has no row of, one row of data/ and what that row references."""
    mini = read_dataset(FIXTURE).dataset
    full = read_dataset(DATA).dataset
    by_id: dict[str, tuple[type[Record], Record]] = {}
    for rt in RECORD_TYPES:
        for rec in full.records(rt):
            by_id.setdefault(rec.id, (rt, rec))
    out = Dataset()
    have: set[str] = set()
    for rt in RECORD_TYPES:
        for rec in mini.records(rt):
            out.records(rt).append(rec)
            have.add(rec.id)
    queue = [(rt, min(full.records(rt), key=lambda r: r.id)) for rt in RECORD_TYPES if not out.records(rt)]
    while queue:
        rt, rec = queue.pop()
        if rec.id in have:
            continue
        have.add(rec.id)
        out.records(rt).append(rec)
        queue += [by_id[v] for v in _values(rec) if v in by_id and v not in have]
    return out


def write(ds: Dataset, directory: Path) -> dict[type[Record], list[list[str]]]:
    """Write ``ds`` canonically into ``directory``; return each file's rows as lists of cells (header first)."""
    directory.mkdir(parents=True, exist_ok=True)
    tables = {}
    for rt in RECORD_TYPES:
        text = render_file(ds.records(rt), rt)
        (directory / rt.FILE).write_text(text, encoding="utf-8")
        tables[rt] = [line.split("\t") for line in text.rstrip("\n").split("\n")]
    return tables
