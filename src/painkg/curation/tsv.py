"""Read and write the curated TSV files: data/ ⇄ model records.

Reading never raises on bad content: every problem (invalid UTF-8, missing or unknown column, wrong
cell count, non-numeric number) becomes a :class:`Problem` naming file, line, column and the fix, so a
curator sees all of them at once. Writing is canonical — fixed column order, rows sorted by id,
whitespace normalised, numbers in shortest form — which is what ``painkg lint`` does and what the
drift test compares against.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

from painkg.model import LIST_SEP, RECORD_TYPES, Dataset, Record

__all__ = ["LoadedData", "Problem", "format_number", "read_dataset", "read_file", "render_file", "write_dataset"]

_WS = re.compile(r"\s+")
#: What a number cell may hold: ASCII digits, one sign, one point, an exponent (no ``nan``, ``inf``, ``1_000``).
_FLOAT_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_INT_RE = re.compile(r"^[+-]?\d+$", re.ASCII)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the curated data, located precisely enough to fix."""

    file: str
    line: int
    column: str
    message: str
    fix: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        col = f" [{self.column}]" if self.column else ""
        tag = "" if self.severity == "error" else f" ({self.severity})"
        return f"{where}{col}{tag}: {self.message} — fix: {self.fix}"


def normalise(text: str) -> str:
    """Collapse runs of whitespace to one space and strip both ends."""
    return _WS.sub(" ", text).strip()


def format_number(value: float | int | None) -> str:
    """Shortest exact text for a number: ``-2.4`` stays ``-2.4``, ``25.0`` becomes ``25``.

    >>> format_number(-2.40), format_number(25.0), format_number(None), format_number(0.771)
    ('-2.4', '25', '', '0.771')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _decode(path: Path, raw: bytes, problems: list[Problem]) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        problems.append(
            Problem(
                path.name,
                line,
                f"byte {col}",
                f"invalid UTF-8 ({err.reason}, byte 0x{raw[err.start]:02x})",
                "re-save the file as UTF-8",
            )
        )
        return None


def read_file(path: Path, record_type: type[Record], problems: list[Problem]) -> list[tuple[int, Record]]:
    """Parse one TSV into records, appending every problem found; returns (line number, record) pairs."""
    name = path.name
    if not path.exists():
        problems.append(Problem(name, 0, "", "file is missing", f"create {name} with header {record_type.columns()}"))
        return []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(
            Problem(name, 0, "", f"cannot read the file: {exc.strerror or exc}", f"make {name} a readable TSV file")
        )
        return []
    text = _decode(path, raw, problems)
    if text is None:
        return []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        problems.append(Problem(name, 1, "", "file is empty", "add the header row"))
        return []
    header = [h.strip() for h in lines[0].rstrip("\r").split("\t")]
    expected = record_type.columns()
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    for c in missing:
        problems.append(Problem(name, 1, c, f"missing column '{c}'", f"add the column; expected columns: {expected}"))
    for c in unknown:
        problems.append(
            Problem(name, 1, c, f"unknown column '{c}'", f"remove or rename it; expected columns: {expected}")
        )
    repeated = [c for c, n in Counter(header).items() if n > 1]
    for c in repeated:
        where = ", ".join(str(i) for i, h in enumerate(header, start=1) if h == c)
        problems.append(
            Problem(
                name,
                1,
                c,
                f"column '{c}' appears more than once in the header (columns {where}); the later one would "
                "silently replace the earlier",
                f"keep one '{c}' column and merge the cells into it; expected columns: {expected}",
            )
        )
    if missing or repeated:
        return []
    kinds = {f.name: f for f in fields(record_type)}
    out: list[tuple[int, Record]] = []
    for lineno, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip():
            problems.append(Problem(name, lineno, "", "blank line", "delete the blank line"))
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            problems.append(
                Problem(
                    name,
                    lineno,
                    "",
                    f"{len(cells)} cells but the header has {len(header)}",
                    "make every row have one cell per column (tabs separate cells; no tab inside a cell)",
                )
            )
            continue
        values: dict[str, object] = {}
        for col, cell in zip(header, cells, strict=True):
            if col not in kinds:
                continue
            cell = normalise(cell)
            if col in record_type.LIST_FIELDS:
                values[col] = tuple(normalise(v) for v in cell.split(LIST_SEP) if normalise(v)) if cell else ()
            elif col in record_type.FLOAT_FIELDS or col in record_type.INT_FIELDS:
                values[col] = _number(cell, col, record_type, name, lineno, problems)
            else:
                values[col] = cell
        out.append((lineno, record_type(**values)))  # type: ignore[arg-type]
    return out


def _number(cell: str, col: str, record_type: type[Record], name: str, lineno: int, problems: list[Problem]):
    if cell == "":
        return None
    is_int = col in record_type.INT_FIELDS
    want = "a whole number" if is_int else "a finite decimal number"
    value: float | int | None = None
    if (_INT_RE if is_int else _FLOAT_RE).match(cell):
        try:
            value = int(cell) if is_int else float(cell)
        except ValueError:  # more digits than Python converts
            value = None
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        problems.append(
            Problem(
                name,
                lineno,
                col,
                f"'{cell}' is not {want}" + ("" if value is None else " (too large to store)"),
                f"write {want} in plain ASCII digits (e.g. -2.14, 1e-5; not nan, inf or 1_000), "
                "or move text to the note/result column",
            )
        )
        return None
    return value


@dataclass
class LoadedData:
    """A dataset plus where each record came from (for messages) and the problems met while reading."""

    dataset: Dataset
    lines: dict[tuple[str, str], int]  # (file, id) -> line number
    problems: list[Problem]


def read_dataset(directory: Path) -> LoadedData:
    """Read every data file of ``directory`` into a :class:`Dataset`, collecting all problems."""
    problems: list[Problem] = []
    ds = Dataset()
    lines: dict[tuple[str, str], int] = {}
    if not directory.is_dir():
        problems.append(Problem(str(directory), 0, "", "data directory not found", "pass --data DIR pointing at data/"))
        return LoadedData(ds, lines, problems)
    for rt in RECORD_TYPES:
        recs = read_file(directory / rt.FILE, rt, problems)
        target = ds.records(rt)
        for lineno, rec in recs:
            target.append(rec)
            lines.setdefault((rt.FILE, rec.id), lineno)
    return LoadedData(ds, lines, problems)


def _cell(record: Record, name: str) -> str:
    value = getattr(record, name)
    if name in record.LIST_FIELDS:
        return LIST_SEP.join(normalise(v) for v in value)
    if name in record.FLOAT_FIELDS or name in record.INT_FIELDS:
        return format_number(value)
    return normalise(str(value))


def render_file(records: list[Record], record_type: type[Record]) -> str:
    """Canonical text of one data file: header, then rows sorted by id."""
    cols = record_type.columns()
    rows = ["\t".join(cols)]
    for rec in sorted(records, key=lambda r: r.id):
        rows.append("\t".join(_cell(rec, c) for c in cols))
    return "\n".join(rows) + "\n"


def write_dataset(ds: Dataset, directory: Path) -> list[Path]:
    """Write every record type canonically into ``directory``; returns the files whose content changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed: list[Path] = []
    for rt in RECORD_TYPES:
        path = directory / rt.FILE
        text = render_file(ds.records(rt), rt)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
