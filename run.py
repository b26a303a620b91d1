#!/usr/bin/env python3
"""One-command set-up and run for a fresh machine with only Python 3.11+.

    python3 run.py build   # create .venv, install painkg, build + validate the graph, write build/
    python3 run.py test    # create .venv, install painkg with test extras, run the whole test suite

The virtual environment lives in .venv/ and is reinstalled only when pyproject.toml changes.
Extra arguments after the command are passed on (to `painkg build` or to pytest).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".painkg-install-stamp"


def say(msg: str) -> None:
    print(f"[run.py] {msg}", flush=True)


def ensure_env() -> None:
    """Create .venv and install painkg[test] (editable) unless already current."""
    if sys.version_info < (3, 11):
        sys.exit(f"painkg needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        say(f"creating virtual environment {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == want:
        return
    say("installing painkg and its dependencies (first run only; takes a minute)")
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(want)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"build", "test"}:
        print(__doc__)
        return 2
    ensure_env()
    cmd, rest = argv[0], argv[1:]
    os.chdir(ROOT)
    if cmd == "build":
        return subprocess.run([str(PY), "-m", "painkg", "build", *rest]).returncode
    say("ruff check")
    lint = subprocess.run([str(PY), "-m", "ruff", "check", "src", "tests", "benchmarks", "run.py"]).returncode
    tests = subprocess.run([str(PY), "-m", "pytest", *rest]).returncode
    return tests or lint


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
