"""Query answers as text: a terminal table that fits the screen, CSV/TSV and JSON, without pandas.

The command line prints every answer through these functions, so ``painkg query`` does not pay pandas' import
(about a quarter of a second) to print a few rows. Missing values (``None``, NaN) are empty cells in a table and
in CSV/TSV, and ``null`` in JSON. Numbers are written as Python writes them (``60``, ``-2.14``), booleans as
``True``/``False`` in tables and CSV (as pandas did) and ``true``/``false`` in JSON.

>>> print(format_table(["drug", "effect"], [("ketamine", -2.14), ("esketamine", None)], width=40))
drug        effect
----------  ------
ketamine     -2.14
esketamine
>>> print(format_table(["text"], [("a" * 30,)], width=12))
text
------------
aaaaaaaaaaa…
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
from collections.abc import Sequence

__all__ = ["cell_text", "format_csv", "format_json", "format_table", "terminal_width"]

#: the narrowest a column is squeezed to (unless its header and values are shorter)
MIN_COLUMN = 6
#: the widest a column is drawn (longer cells are cut with an ellipsis)
MAX_COLUMN = 48
GAP = "  "
ELLIPSIS = "…"


def terminal_width(default: int = 100) -> int:
    """The width tables must fit: ``$COLUMNS`` when set, else the terminal's, else ``default`` (a pipe)."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return shutil.get_terminal_size((default, 24)).columns


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def cell_text(value: object) -> str:
    """A value as a cell shows it: empty for missing values, one line (newlines and tabs become spaces)."""
    if _missing(value):
        return ""
    text = str(value)
    return " ".join(text.split()) if any(c in text for c in "\n\r\t") else text


def _numeric(values: list[object]) -> bool:
    present = [v for v in values if not _missing(v)]
    return bool(present) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)


def _fit(natural: list[int], floors: list[int], width: int) -> tuple[list[int], int]:
    """Column widths that fit ``width``, and how many leading columns are shown.

    The widest columns are shrunk first, each down to its floor (its header, at least :data:`MIN_COLUMN`); when
    the floors alone are too wide, trailing columns are left out (the caller says which).
    """
    widths = [min(n, MAX_COLUMN) for n in natural]
    shown = len(widths)
    while shown > 1 and sum(floors[:shown]) + len(GAP) * (shown - 1) > width:
        shown -= 1
    widths = widths[:shown]
    room = width - len(GAP) * (shown - 1)
    while sum(widths) > room:
        candidates = [i for i in range(shown) if widths[i] > floors[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
    return widths, shown


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS


def format_table(columns: Sequence[str], rows: Sequence[Sequence[object]], width: int | None = None) -> str:
    """A plain-text table no wider than ``width`` (default: :func:`terminal_width`).

    Long cells are cut with an ellipsis; numbers are right-aligned; missing values are empty. Columns that do not
    fit even when narrowed to their headers are left out, and a last line names them (``--format csv`` or a larger
    ``COLUMNS`` shows them).
    """
    if not rows:
        return "(no rows)"
    width = width or terminal_width()
    texts = [[cell_text(v) for v in row] for row in rows]
    natural = [max([len(c), *(len(r[i]) for r in texts)]) for i, c in enumerate(columns)]
    floors = [min(n, max(len(c), MIN_COLUMN)) for n, c in zip(natural, columns, strict=True)]
    widths, shown = _fit(natural, floors, width)
    numeric = [_numeric([row[i] for row in rows]) for i in range(shown)]

    def line(cells: Sequence[str], align: bool = True) -> str:
        out = []
        for i, text in enumerate(cells[:shown]):
            text = _clip(text, widths[i])
            out.append(text.rjust(widths[i]) if align and numeric[i] else text.ljust(widths[i]))
        return GAP.join(out).rstrip()

    lines = [line(list(columns), align=False), GAP.join("-" * w for w in widths)]
    lines += [line(r) for r in texts]
    if shown < len(columns):
        lines.append(_clip(f"({len(columns) - shown} more columns: {', '.join(columns[shown:])})", width))
    return "\n".join(lines)


def _csv_value(value: object) -> str:
    return "" if _missing(value) else str(value)


def format_csv(columns: Sequence[str], rows: Sequence[Sequence[object]], sep: str = ",") -> str:
    """CSV (or TSV with a tab as ``sep``) with a header line; missing values are empty fields."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buf.getvalue()


def format_json(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A JSON array of one object per row (keys in column order); missing values are ``null``."""
    records = [{c: (None if _missing(v) else v) for c, v in zip(columns, row, strict=True)} for row in rows]
    return json.dumps(records, indent=2, ensure_ascii=False)
