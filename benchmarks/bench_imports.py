"""Benchmark (issue 12): reading the committed ontology import modules, which the build does on every run.

Run: ``.venv/bin/python benchmarks/bench_imports.py [--runs 20]``

Prints the median time of :func:`painkg.curation.imports.load_imports` over ``ontology/imports/*.ttl``, the time
rdflib alone takes to parse the same files (the loader's floor), their ratio, and the module sizes.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rdflib import Graph

from painkg.curation.imports import load_imports

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = ROOT / "ontology" / "imports"


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _parse_only() -> int:
    g = Graph()
    for path in sorted(IMPORTS.glob("*.ttl")):
        g.parse(path, format="turtle")
    return len(g)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    files = sorted(IMPORTS.glob("*.ttl"))
    mods = load_imports(IMPORTS)
    triples = _parse_only()
    size = sum(p.stat().st_size for p in files)
    loader = _median(lambda: load_imports(IMPORTS), args.runs)
    parse = _median(_parse_only, args.runs)
    print(
        f"{len(files)} modules, {size:,} bytes, {triples:,} triples, {len(mods.classes)} classes, {len(mods.links)} links"
    )
    print(f"load_imports      median {loader * 1000:7.1f} ms  ({triples / loader:,.0f} triples/s)")
    print(f"rdflib parse only median {parse * 1000:7.1f} ms")
    print(f"ratio load_imports / parse only: {loader / parse:.2f}")
    curie = mods.classes[len(mods.classes) // 2].curie
    anc = _median(lambda: [mods.ancestors(c.curie) for c in mods.classes], args.runs)
    print(f"ancestors() of all {len(mods.classes)} classes: median {anc * 1000:.2f} ms (e.g. {curie})")


if __name__ == "__main__":
    main()
