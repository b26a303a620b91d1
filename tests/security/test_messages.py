"""Messages, not tracebacks: stores and files that cannot be used, bad bytes, and build outputs of earlier builds."""

from __future__ import annotations

import subprocess
import sys

from painkg.cli import main
from tests.conftest import FIXTURE, ROOT


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "painkg", *args], capture_output=True, text=True, cwd=ROOT)


def test_store_path_that_is_a_file(tmp_path):
    f = tmp_path / "store"
    f.write_text("not a store")
    for args in (
        ("query", "targets", "--store", f"oxigraph:{f}"),
        ("import", "kgx", str(f), "--store", str(f)),
    ):
        proc = _run(*args, "--data", str(FIXTURE))
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr and "is a file, not an Oxigraph store" in proc.stderr


def test_locked_store(tmp_path):
    from painkg.store import OxigraphStore

    holder = OxigraphStore(tmp_path / "store")  # this process holds the store's lock
    holder.load_bytes(b"<http://a> <http://b> <http://c> .\n")
    proc = _run("query", "targets", "--store", f"oxigraph:{tmp_path / 'store'}", "--data", str(FIXTURE))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "in use by another process" in proc.stderr


def test_read_only_store_refuses_writes_with_a_message(tmp_path):
    import pytest

    from painkg.store import OxigraphStore, StoreError

    OxigraphStore(tmp_path / "store").load_bytes(b"<http://a> <http://b> <http://c> .\n")
    import gc

    gc.collect()
    ro = OxigraphStore(tmp_path / "store", read_only=True)
    with pytest.raises(StoreError, match="store"):
        ro.load_bytes(b"<http://a> <http://b> <http://d> .\n")


def test_directory_given_as_a_file(tmp_path):
    for args in (("sparql", str(tmp_path)), ("import", "kgx", str(tmp_path), "--store", str(tmp_path / "s"))):
        proc = _run(*args, "--data", str(FIXTURE))
        assert proc.returncode != 0
        assert "Traceback" not in proc.stderr and "directory" in proc.stderr.lower(), proc.stderr
    data = tmp_path / "data"
    import shutil

    shutil.copytree(FIXTURE, data)
    (data / "cautions.tsv").unlink()
    (data / "cautions.tsv").mkdir()
    proc = _run("validate", "--data", str(data))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "cautions.tsv" in proc.stderr


def test_non_utf8_byte_is_reported_on_its_line(mini, capsys):
    path = mini / "statements.tsv"
    lines = path.read_bytes().split(b"\n")
    i = next(i for i in range(3, len(lines)) if b"\tsupports\t" in lines[i])
    lines[i] = lines[i].replace(b"supports", b"supp\xe9rts", 1)
    path.write_bytes(b"\n".join(lines))
    assert main(["validate", "--data", str(mini)]) == 1
    assert f"statements.tsv:{i + 1} [byte" in capsys.readouterr().err


def test_build_removes_its_own_stale_outputs_and_never_user_files(mini, tmp_path, capsys):
    from painkg.pipeline import MANIFEST, build, write_outputs

    out = tmp_path / "build"
    assert main(["build", "--data", str(mini), "--out", str(out)]) == 0
    capsys.readouterr()
    assert (out / "painkg-ketamine.html").is_file() and (out / MANIFEST).is_file()
    (out / "notes.txt").write_text("the user's own file")
    # the next build writes no ketamine view (as when ketamine leaves the data): the old page must not linger
    b = build(mini, run_shacl=False)
    written = write_outputs(b, out, extra={"painkg.html": "<!doctype html>"})
    assert not (out / "painkg-ketamine.html").exists(), "a view of an earlier build was left behind"
    assert not list(out.glob("report-*")), "a report of an earlier build was left behind"
    assert (out / "notes.txt").read_text() == "the user's own file"
    assert {p.name for p in written} == {"painkg.ttl", "painkg.nt", "stats.json", "painkg.html"}
    assert sorted((out / MANIFEST).read_text().split()) == sorted(p.name for p in written)
