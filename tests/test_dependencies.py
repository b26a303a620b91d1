"""pyproject's run-time dependencies are exactly what the product imports (or reads as data, or runs)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.conftest import ROOT

SRC = ROOT / "src" / "painkg"
#: Dependencies the product uses without importing them, and how.
USED_WITHOUT_IMPORT = {
    "oxigraph": "its `oxigraph` command is the SPARQL server painkg.server starts (shutil.which)",
    "pyvis": "the vis-network script it bundles is inlined in every view (painkg.web, found with find_spec)",
    "numpy": "networkx.multipartite_layout, which lays out the views (painkg.viz.layout), needs it",
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    if extra is None:
        return {_name(r) for r in project["dependencies"]}
    return {_name(r) for r in project["optional-dependencies"][extra]}


def _used(devtools: bool = False) -> dict[str, set[str]]:
    """Distribution → the files that import it or read its package data (``resources.files("x")``).

    The product's files, or with ``devtools`` those of ``painkg.devtools`` (run from a checkout, never imported by
    the product, their packages in the ``test`` and ``imports`` extras).
    """
    dists = importlib.metadata.packages_distributions()
    used: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if (path.parent.name == "devtools") != devtools:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "files"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                modules.add(node.args[0].value.split(".")[0])
        for mod in modules - set(sys.stdlib_module_names) - {"painkg", "__future__"}:
            for dist in dists.get(mod, [f"<not installed: {mod}>"]):
                used.setdefault(dist.lower().replace("_", "-"), set()).add(str(path.relative_to(ROOT)))
    return used


def test_every_import_of_the_product_is_a_declared_dependency():
    undeclared = {d: sorted(files) for d, files in _used().items() if d not in _declared()}
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"


def test_every_declared_dependency_is_used():
    unused = _declared() - set(_used()) - set(USED_WITHOUT_IMPORT)
    assert not unused, f"declared in [project] dependencies but never imported by src/painkg: {sorted(unused)}"


def test_development_tools_use_only_the_product_and_the_extras():
    allowed = _declared() | _declared("test") | _declared("imports")
    missing = {d: sorted(files) for d, files in _used(devtools=True).items() if d not in allowed}
    assert not missing, f"painkg.devtools imports packages no extra declares: {missing}"
