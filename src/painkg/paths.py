"""Where painkg finds its packaged data and ontology, in a source checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ONTOLOGY_FILE", "SHAPES_FILE", "data_dir", "ontology_dir", "package_root"]

ONTOLOGY_FILE = "painkg.ttl"
SHAPES_FILE = "shapes.ttl"

_HERE = Path(__file__).resolve().parent


def package_root() -> Path:
    """Folder holding ``data/`` and ``ontology/``: the wheel's ``painkg/_data`` or the repository root."""
    bundled = _HERE / "_data"
    if (bundled / "data").is_dir():
        return bundled
    return _HERE.parents[1]


def data_dir() -> Path:
    """The packaged curated data directory."""
    return package_root() / "data"


def ontology_dir() -> Path:
    """The packaged ontology directory (painkg.ttl and shapes.ttl)."""
    return package_root() / "ontology"
