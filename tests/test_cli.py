"""CLI: exit codes, messages, and that a failed build leaves build/ intact."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from painkg.cli import main
from tests.conftest import DATA, FIXTURE, ROOT


def test_validate_ok(capsys):
    assert main(["validate", "--data", str(FIXTURE)]) == 0
    assert "valid: 0 errors" in capsys.readouterr().out


def test_validate_reports_problems_with_exit_1(mini, capsys):
    (mini / "statements.tsv").write_text((mini / "statements.tsv").read_text().replace("enantiomer_of", "mirror_of"))
    assert main(["validate", "--data", str(mini)]) == 1
    err = capsys.readouterr().err
    assert "statements.tsv:" in err and "[predicate]" in err and "mirror_of" in err and "fix:" in err


def test_usage_error_exits_2():
    proc = subprocess.run([sys.executable, "-m", "painkg", "frobnicate"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


def test_help_explains_each_command():
    proc = subprocess.run([sys.executable, "-m", "painkg", "--help"], capture_output=True, text=True, cwd=ROOT)
    for cmd in ("build", "validate", "lint", "stats", "coverage"):
        assert cmd in proc.stdout


def test_build_writes_outputs_and_failed_build_keeps_them(mini, tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["build", "--data", str(mini), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for name in ("painkg.ttl", "painkg.nt", "stats.json"):
        assert (out / name).is_file()
        assert str(out / name) in printed
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (mini / "findings.tsv").write_text((mini / "findings.tsv").read_text().replace("-1.63", "-3"))
    assert main(["build", "--data", str(mini), "--out", str(out)]) == 1
    assert "nothing written" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not list(tmp_path.glob(".painkg-*")), "temporary folder left behind"


def test_lint_rewrites_and_check_detects(mini, capsys):
    path = mini / "entities.tsv"
    lines = path.read_text().splitlines()
    shuffled = [lines[0], *reversed(lines[1:])]
    path.write_text("\n".join(shuffled).replace("ketamine\tKetalar", "ketamine  \tKetalar") + "\n")
    assert main(["lint", "--check", "--data", str(mini)]) == 1
    assert main(["lint", "--data", str(mini)]) == 0
    assert main(["lint", "--check", "--data", str(mini)]) == 0
    assert path.read_text() == (FIXTURE / "entities.tsv").read_text()


def test_stats_json(capsys):
    assert main(["stats", "--json", "--data", str(FIXTURE)]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["statements"]["total"] == 8
    assert s["statements"]["contested"] == 2
    assert s["sources"]["by_verified"] == {"partial": 1, "true": 2}
    assert s["seed_claims"]["by_status"] == {"supported": 1}


def test_export_drugmechdb_says_how_many_paths_are_complete_and_open(tmp_path, capsys):
    assert main(["export", "--format", "drugmechdb", "--data", str(DATA), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'painkg_drugmechdb_paths.yaml'}" in out
    assert f"wrote {tmp_path / 'painkg_drugmechdb_open_paths.yaml'}" in out
    complete = yaml.safe_load((tmp_path / "painkg_drugmechdb_paths.yaml").read_text(encoding="utf-8"))
    open_ = yaml.safe_load((tmp_path / "painkg_drugmechdb_open_paths.yaml").read_text(encoding="utf-8"))
    assert complete and all(p["graph"]["disease"] for p in complete)
    assert f"{len(complete)} complete mechanism paths" in out and f"{len(open_)} open paths" in out


def test_export_to_stdout_writes_one_file_and_no_folder(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "painkg", "export", "--format", "nt", "--data", str(DATA), "--out", "-"],
        capture_output=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert not (tmp_path / "-").exists()
    lines = proc.stdout.decode("utf-8").splitlines()
    assert lines == sorted(lines) and all(line.endswith(" .") for line in lines)
    assert any("<http://purl.obolibrary.org/obo/CHEBI_6121>" in line for line in lines)


def test_export_to_stdout_refuses_a_multi_file_format(tmp_path, capsys):
    assert main(["export", "--format", "kgx", "--data", str(DATA), "--out", "-"]) == 2
    captured = capsys.readouterr()
    assert "format 'kgx' writes 2 files (nodes.tsv, edges.tsv)" in captured.err
    assert "ttl, nt, jsonld, graphml" in captured.err and captured.out == ""
    assert not Path("-").exists()


def test_closed_pipe_stops_quietly():
    """``painkg query … | head -1`` ends without a BrokenPipeError traceback."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "painkg", "query", "statement-evidence", "--data", str(DATA)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert b"statement" in proc.stdout.readline()
    proc.stdout.close()  # like head after its first line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err
