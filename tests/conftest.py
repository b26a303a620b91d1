"""Shared test constants and fixtures: paths are resolved from this file, never from the cwd."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "mini"
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
REFERENCE = ROOT.parent / "shared" / "reference"
IN_CI = os.environ.get("CI", "").lower() == "true"

KETAMINE = "CHEBI:6121"
NMDA_RECEPTOR = "GO:0017146"
NEUROPATHIC_PAIN = "HP:6000040"


def pytest_configure(config: pytest.Config) -> None:
    """One build cache for the whole session (and the CLI subprocesses it starts), never the user's own."""
    folder = tempfile.mkdtemp(prefix="painkg-test-cache-")
    config._painkg_cache = folder  # type: ignore[attr-defined]
    os.environ["PAINKG_CACHE_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the session's build cache."""
    folder = getattr(config, "_painkg_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def reference_or_skip() -> Path:
    """The ../shared/reference folder; skipped (with the reason) where it does not exist, failed in CI."""
    if (REFERENCE / "ketamine_evidence.yaml").is_file():
        return REFERENCE
    if IN_CI:
        pytest.fail(f"CI must have the reference files at {REFERENCE}")
    pytest.skip(f"cross-check against ../shared/reference skipped: {REFERENCE} not present in this clone")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture dataset."""
    dest = tmp_path / "data"
    shutil.copytree(FIXTURE, dest)
    return dest


@pytest.fixture(scope="session")
def curated_site(tmp_path_factory: pytest.TempPathFactory):
    """The evidence site of the curated data (folder, build), written once per session; skipped without data/."""
    if not (DATA / "entities.tsv").is_file():
        pytest.skip(f"curated data not present in {DATA}")
    from painkg.cache import cached_build
    from painkg.site import build_site

    b = cached_build(DATA)
    out = tmp_path_factory.mktemp("site")
    build_site(b, out)
    return out, b
