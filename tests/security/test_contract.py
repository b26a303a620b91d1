"""Validation is the contract: whatever ``validate`` accepts, build, every export, view and report handle.

A property-based test puts a hostile value into one cell of one column of one record type (every column of
every record type is eligible) and asserts: ``validate`` rejects the data with file and line, or the build,
every exporter, the views and the report succeed and write files their formats' own parsers read back.

Runs are derandomised (the same examples every run, so CI is stable); ``PAINKG_HYPOTHESIS_EXPLORE=N`` runs
N fresh random examples instead, to look for new failures.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import xml.dom.minidom
from pathlib import Path

import networkx as nx
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from painkg.curation import read_dataset, validate
from painkg.io.export import EXPORTERS, export
from painkg.model import RECORD_TYPES
from painkg.pipeline import InvalidDataError, build, stats, write_outputs
from painkg.report import default_reports
from painkg.viz import default_views
from tests.security.contract_data import contract_dataset, write

EXPLORE = int(os.environ.get("PAINKG_HYPOTHESIS_EXPLORE", "0") or 0)

#: Values the probe and the issue named, and their relatives: numbers Python parses but no output can hold,
#: characters that break XML, IRIs, terminals or templates, markup, placeholders, structure of the TSV itself.
HOSTILE = [
    "nan",
    "NaN",
    "inf",
    "-Infinity",
    "1e999",
    "1_000",
    "\u0663",  # ARABIC-INDIC DIGIT THREE: int() and float() accept it
    "99999999999999999999999",
    "1e-400",
    "-0",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "@@APP@@",
    "@@VIS@@",
    "@@DATA@@",
    "@@TITLE@@",
    "$\\frac{1}{$",
    "$x$",
    "a\x00b",
    "bell\x07",
    "\x1b[31mred",
    "x\x7f",
    "c1\x85c1",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\u202eevil",
    "]]>",
    "{{ x }}",
    "%s%n",
    "'",
    '"',
    "\\",
    "\\u0022",
    "10.1000/a>b",
    '10.1000/a"b',
    "10.1000/a b",
    "10.1000/%zz",
    "https://example.org/a b",
    "https://example.org/<x>",
    "http://",
    "javascript:alert(1)",
    "CHEBI:6121",
    "HP:6000040",
    "GO:0017146",
    "painkg:wind_up",
    "painkg:x y",
    "CHEBI:6121|HP:6000040",
    "|",
    "x|",
    " ",
    "",
    "-1",
    "0",
    "true",
    "false",
    "supports",
    "no_effect",
    "refutes",
    "subclass_of",
    "\u00e9\U0001d518\u4e2d",
    "A" * 3000,
    "a\tb",
    "a\nb",
    "a\r\nb",
]


def _hostile() -> st.SearchStrategy[str]:
    any_text = st.text(st.characters(codec="utf-8"), max_size=20)
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.tuples(st.sampled_from(HOSTILE), any_text).map("".join),
        any_text,
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    ds = contract_dataset()
    d = tmp_path_factory.mktemp("contract-base")
    tables = write(ds, d)
    problems = [p for p in validate(read_dataset(d)) if p.severity == "error"]
    assert not problems, f"the contract test's base dataset must be valid: {problems[:3]}"
    cells = [
        (rt, row, col) for rt in RECORD_TYPES for row in range(1, len(tables[rt])) for col in range(len(tables[rt][0]))
    ]
    columns = {(rt.FILE, tables[rt][0][c]) for rt, _r, c in cells}
    expected = {(rt.FILE, f) for rt in RECORD_TYPES for f in rt.columns()}
    assert columns == expected, f"columns no row covers: {sorted(expected - columns)}"
    return d, tables, cells


def _check_outputs(out: Path) -> None:
    """Every written file is read back by its format's own parser."""
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        text = data.decode("utf-8")  # every output is UTF-8
        name = path.name
        if name.endswith(".ttl"):
            Graph().parse(data=text, format="turtle")
        elif name.endswith(".nt"):
            Graph().parse(data=text, format="nt")
        elif name.endswith((".jsonld", ".json")):
            json.loads(text)
        elif name.endswith(".graphml"):
            nx.read_graphml(path)
        elif name.endswith(".svg"):
            xml.dom.minidom.parseString(data)
        elif name.endswith(".yaml"):
            yaml.safe_load(text)
        elif name.endswith(".tsv"):
            rows = text.rstrip("\n").split("\n")
            assert len({r.count("\t") for r in rows}) == 1, f"{path}: rows with different cell counts"
        elif name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(text)))
            assert len({len(r) for r in rows}) == 1, f"{path}: rows with different cell counts"
        elif name.endswith(".html"):
            assert text.lstrip().lower().startswith("<!doctype html"), f"{path}: not an HTML page"


def assert_contract(directory: Path, out: Path) -> str:
    """Validate ``directory``; if accepted, build, export, view and report into ``out``. Returns the outcome."""
    loaded = read_dataset(directory)
    errors = [p for p in validate(loaded) if p.severity == "error"]
    if errors:
        for p in errors:
            assert p.file and p.message and p.fix, f"a problem without file, message or fix: {p!r}"
        return "rejected"
    try:
        b = build(directory)
    except InvalidDataError as exc:
        assert exc.shacl is not None and not exc.shacl.conforms, "build refused data validate accepted"
        return "rejected by SHACL"
    for fmt in EXPORTERS:
        export(b, fmt, out / "export" / fmt)
    extra = {**default_views(b), **default_reports(b)}
    write_outputs(b, out / "build", extra=extra)
    json.dumps(stats(b))
    _check_outputs(out)
    return "accepted"


SETTINGS = settings(
    max_examples=EXPLORE or 30,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(data=st.data())
def test_validate_rejects_or_everything_succeeds(base, tmp_path, data):
    d, tables, cells = base
    rt, row, col = data.draw(st.sampled_from(cells), label="cell")
    value = data.draw(_hostile(), label="value")
    work = tmp_path / "case"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(d, work / "data")
    rows = [list(r) for r in tables[rt]]
    rows[row][col] = value
    (work / "data" / rt.FILE).write_bytes(
        ("\n".join("\t".join(r) for r in rows) + "\n").encode("utf-8", "surrogatepass")
    )
    event(assert_contract(work / "data", work / "out"))


@pytest.mark.parametrize(
    ("file", "column", "value"),
    [
        ("findings.tsv", "estimate", "nan"),
        ("findings.tsv", "ci_low", "-inf"),
        ("findings.tsv", "n_participants", "\u0663"),
        ("sources.tsv", "doi", '10.2147/JPR.S358070">'),
        ("sources.tsv", "url", "https://example.org/<x>"),
        ("entities.tsv", "label", "ketamine\x07"),
        ("entities.tsv", "description", "\u202eevil"),
        ("statements.tsv", "context", "a\x0bb\x00"),
    ],
)
def test_issue_cases_are_rejected_with_file_and_line(base, tmp_path, file, column, value):
    """The values the probe found validate passing (and a build or export then breaking) are now rejected."""
    d, tables, _cells = base
    rt = next(r for r in RECORD_TYPES if r.FILE == file)
    rows = [list(r) for r in tables[rt]]
    rows[1][rows[0].index(column)] = value
    shutil.copytree(d, tmp_path / "data")
    (tmp_path / "data" / file).write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    errors = [p for p in validate(read_dataset(tmp_path / "data")) if p.severity == "error"]
    assert any(p.file == file and p.line == 2 and p.column == column for p in errors), (
        f"{file} [{column}] = {value!r} passed validation: {errors}"
    )
    assert assert_contract(tmp_path / "data", tmp_path / "out") == "rejected"


def test_every_column_of_every_record_type_rejects_control_characters(base, tmp_path):
    """A sweep the property test may miss by chance: a control character is rejected in every column, with place."""
    d, tables, _cells = base
    missed = []
    for rt in RECORD_TYPES:
        header = tables[rt][0]
        for col, name in enumerate(header):
            work = tmp_path / f"{rt.FILE}-{name}"
            shutil.copytree(d, work)
            rows = [list(r) for r in tables[rt]]
            rows[1][col] = (rows[1][col] or "x") + "\x07"
            (work / rt.FILE).write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
            errors = [p for p in validate(read_dataset(work)) if p.severity == "error"]
            if not any(p.file == rt.FILE and p.line == 2 for p in errors):
                missed.append(f"{rt.FILE} [{name}]")
    assert not missed, f"control character accepted in: {missed}"
