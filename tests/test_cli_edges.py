"""The command line's rough edges (issue 13, item 5), each pinned by a test that fails without its fix.

Signals to `painkg serve`, SPARQL it cannot run, a wrong reference folder, report formats, defaults that must be
announced, tables that fit the terminal, readable mechanism paths, ``--version`` and bound rdflib terms.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import XSD, Literal, URIRef

import painkg
from painkg.cli import main
from painkg.tabular import format_table
from tests.conftest import FIXTURE, KETAMINE, NEUROPATHIC_PAIN, ROOT


# -- painkg serve: SIGTERM and SIGHUP stop it like Ctrl-C --------------------------------------------------------
def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_serve_stops_its_child_frees_its_port_and_removes_its_temp_folders(tmp_path, sig):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "painkg", "serve", "--data", str(FIXTURE), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/query", line)
        assert m, f"no endpoint line: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
        port = int(m.group(1))
        assert _listening(port)
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert children, "the Oxigraph child is running"
        assert any(tmp.iterdir()), "serve keeps its files in TMPDIR while it runs"
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert f"stopping ({sig.name})" in out
    assert not _listening(port), f"something still listens on port {port}"
    for pid in children:
        assert subprocess.run(["ps", "-p", pid], capture_output=True).returncode != 0, f"child {pid} left running"
    assert not list(tmp.iterdir()), f"temporary files left behind: {sorted(p.name for p in tmp.iterdir())}"


# -- painkg sparql: no tracebacks -------------------------------------------------------------------------------
@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_sparql_unknown_prefix_is_a_located_usage_error(tmp_path, capsys, store):
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?x WHERE {\n  ?x foo:bar ?y }\n", encoding="utf-8")
    assert main(["sparql", str(q), "--data", str(FIXTURE), "--store", store]) == 2
    err = capsys.readouterr().err
    assert "unknown prefix 'foo:'" in err and "line 2, column 6" in err, err
    assert "Traceback" not in err and len(err) < 400


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(
    "text",
    ["CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2", "DESCRIBE <http://purl.obolibrary.org/obo/CHEBI_6121>"],
    ids=["construct", "describe"],
)
def test_sparql_construct_and_describe_are_refused_clearly(tmp_path, capsys, store, text):
    q = tmp_path / "q.rq"
    q.write_text(text, encoding="utf-8")
    assert main(["sparql", str(q), "--data", str(FIXTURE), "--store", store]) == 2
    err = capsys.readouterr().err
    assert "SELECT and ASK" in err and text.split()[0] in err and "Traceback" not in err


def test_sparql_missing_file_names_it(tmp_path, capsys):
    assert main(["sparql", str(tmp_path / "nope.rq"), "--data", str(FIXTURE)]) == 2
    err = capsys.readouterr().err
    assert "nope.rq" in err and "No such file" in err


def test_prefixes_inside_iris_strings_and_comments_are_not_prefixes(capsys, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text(
        'SELECT ?l WHERE { ?e rdfs:label ?l . FILTER(?l != "a:b" && ?e != <urn:x:y>) } LIMIT 1 # foo:bar\n',
        encoding="utf-8",
    )
    assert main(["sparql", str(q), "--data", str(FIXTURE), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


# -- painkg coverage --reference ---------------------------------------------------------------------------------
def test_coverage_with_a_wrong_reference_folder_says_so(tmp_path, capsys):
    assert main(["coverage", "--reference", str(tmp_path / "wrong")]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "wrong") in err and "not found" in err


# -- painkg report: the format follows --out ---------------------------------------------------------------------
def test_report_format_follows_the_out_extension(tmp_path, capsys):
    args = ["report", "--data", str(FIXTURE), "--drug", "ketamine", "--condition", "neuropathic pain"]
    assert main([*args, "--out", str(tmp_path / "x.md")]) == 0
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("# ")
    assert not (tmp_path / "x.html").exists()
    assert main([*args, "--out", str(tmp_path / "y.html")]) == 0
    assert (tmp_path / "y.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main([*args, "--out", str(tmp_path / "z.md"), "--format", "html"]) == 2
    assert "--format html but --out" in capsys.readouterr().err
    assert not (tmp_path / "z.md").exists() and not (tmp_path / "z.html").exists()


# -- defaults are announced ---------------------------------------------------------------------------------------
def test_query_announces_the_defaults_it_uses(capsys):
    assert main(["query", "targets", "--data", str(FIXTURE), "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "--param drug not given" in err and KETAMINE in err
    assert main(["query", "targets", "--data", str(FIXTURE), "--format", "csv", "--param", "drug=ketamine"]) == 0
    assert "not given" not in capsys.readouterr().err


# -- tables fit the terminal ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [60, 100, 160])
def test_query_table_fits_columns_with_empty_missing_values_and_ellipses(monkeypatch, capsys, width):
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(["query", "findings", "--data", str(FIXTURE), "--param", "drug=ketamine"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines and all(len(line) <= width for line in lines), max(lines, key=len)
    assert not re.search(r"\b(NaN|None|nan|<NA>)\b", out)
    assert "…" in out


def test_table_rules():
    rows = [("ketamine", None, 1.5), ("x" * 80, float("nan"), None)]
    text = format_table(["drug", "note", "estimate"], rows, width=40)
    assert all(len(line) <= 40 for line in text.splitlines())
    assert "nan" not in text.lower() and "None" not in text
    assert "x" * 10 + "…" not in text or "…" in text
    wide = format_table([f"column_{i}" for i in range(30)], [tuple(range(30))], width=50)
    assert all(len(line) <= 50 for line in wide.splitlines())
    assert "more columns" in wide


def test_csv_tsv_json_keep_every_value(capsys):
    base = ["query", "findings", "--data", str(FIXTURE), "--param", "drug=ketamine", "--param", "condition=neuropathic pain"]
    assert main([*base, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records and all(set(r) == set(records[0]) for r in records)
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        assert main([*base, "--format", fmt]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out), delimiter=sep))
        assert len(rows) == len(records)
        for row, rec in zip(rows, records, strict=True):
            for key, value in rec.items():
                assert row[key] == ("" if value is None else str(value)), (key, row[key], value)


# -- mechanism paths in words -------------------------------------------------------------------------------------
def test_mechanism_paths_on_the_command_line_show_each_hop_with_its_evidence(capsys):
    args = ["query", "mechanism-paths", "--data", str(FIXTURE), "--param", "drug=ketamine"]
    args += ["--param", "condition=central sensitization", "--format", "json"]
    assert main(args) == 0
    hops = json.loads(capsys.readouterr().out)
    assert hops
    for h in hops:
        assert h["subject_label"] and h["object_label"] and h["predicate"] and h["evidence_type"] and h["sources"]
        assert h["path_evidence"]
    assert main([*args, "--ids"]) == 0
    raw = json.loads(capsys.readouterr().out)
    assert raw and "st1" in raw[0]


# -- --version and bound terms ------------------------------------------------------------------------------------
def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"painkg {painkg.__version__}"


def test_sparql_binds_rdflib_terms_as_they_are():
    kg = painkg.load(FIXTURE)
    df = kg.sparql(
        "SELECT ?iri ?type WHERE { BIND(isIRI(?d) AS ?iri) BIND(DATATYPE(?n) AS ?type) }",
        d=URIRef("urn:painkg:test"),
        n=Literal("5", datatype=XSD.integer),
    )
    assert bool(df["iri"][0]) is True
    assert df["type"][0] == str(XSD.integer)
    found = kg.sparql("SELECT ?l WHERE { ?e rdfs:label ?l }", e=URIRef(kg._iri(NEUROPATHIC_PAIN)))
    assert list(found["l"]) == ["neuropathic pain"]


def test_readme_inline_view_call_works():
    proc = subprocess.run(
        [sys.executable, "-c", "import painkg; print(type(painkg.viz.show_inline('<p>x</p>')).__name__)"],
        capture_output=True,
        text=True,
        cwd=Path(ROOT),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "InlineView"
