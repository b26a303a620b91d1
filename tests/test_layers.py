"""Imports go one way: vocab → model → curation → graph → queries → viz/report/io → cli."""

from __future__ import annotations

import ast
from pathlib import Path

PKG_DIR = Path(__file__).resolve().parents[1] / "src" / "painkg"

LAYER = {
    "vocab": 0,
    "paths": 0,
    "tabular": 0,
    "model": 1,
    "curation": 2,
    "graph": 3,
    "pipeline": 3,
    "dialect": 4,
    "store": 4,
    "queries": 4,
    "traverse": 4,
    "api": 4,
    "answers": 4,
    "guard": 4,
    "cache": 4,
    "web": 4,  # front-end files (templates, JS, CSS) shared by views and site; painkg-agnostic
    "viz": 5,
    "report": 5,
    "io": 5,
    "server": 5,
    "site": 5.5,  # the evidence site: a consumer of viz and report (their public APIs), below cli
    "cli": 6,
    "__main__": 7,
    "__init__": 7,
    "devtools": 8,  # development tools (e.g. extract_imports): may import any layer, imported by none
}


def _layer(module_path: Path) -> tuple[str, int]:
    rel = module_path.relative_to(PKG_DIR)
    top = rel.parts[0].removesuffix(".py")
    if top == "__init__" and len(rel.parts) == 1:
        return "__init__", LAYER["__init__"]
    return top, LAYER[top]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("painkg"):
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("painkg"))
    return out


def test_every_module_has_a_layer():
    for path in PKG_DIR.rglob("*.py"):
        _layer(path)


def test_imports_follow_layer_direction():
    bad = []
    for path in PKG_DIR.rglob("*.py"):
        name, level = _layer(path)
        for mod in _imports(path):
            parts = mod.split(".")
            if len(parts) == 1:
                target_level = LAYER["__init__"]
                target = "__init__"
            else:
                target = parts[1]
                target_level = LAYER[target]
            if target != name and target_level > level:
                bad.append(f"{path.relative_to(PKG_DIR)} ({name}, layer {level}) imports {mod} (layer {target_level})")
    assert not bad, "\n".join(bad)
