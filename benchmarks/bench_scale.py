"""Benchmark (issue 7): a ≥2M-triple merged graph in on-disk Oxigraph, and rdflib vs Oxigraph on the merged graph.

Run: ``.venv/bin/python benchmarks/bench_scale.py [--cap 0] [--timeout 10] [--runs 5] [--keep DIR]``
(needs ``../shared/external``: the full DrugMechDB file and Hetionet's node list and metaedge table).

1. **Merged store** (in a subprocess, so ``ru_maxrss`` is its peak memory): the curated graph (data/, or the
   fixture while data/ does not build) in the default graph, the full DrugMechDB file imported into its
   named graph, and a generated graph with Hetionet v1.0's 47,031 nodes, metagraph and 2,250,197 edges
   (synthetic edges, seeded RNG; :mod:`painkg.io.scale`), bulk-loaded with progress. Triples/s per part.
2. **Questions on the merged graph**: every named query except the entity index, on the union of all
   graphs, median of ``--runs``; each answer is compared with the answer on the curated graph alone (an
   import must not change them). Then a focus view of ketamine (1 and 2 hops) built from SPARQL.
3. **rdflib vs Oxigraph side by side** on the merged graph written out as one N-Triples file (the union of its
   graphs; ``--cap N`` keeps only the first N triples: curated graph first, then DrugMechDB, then the generated
   edges), loaded into rdflib memory, Oxigraph memory and Oxigraph on disk (bulk loader), each in its own
   process: load rate, peak memory, each question's median, and the ratios. Oxigraph loads lenient, as painkg
   does for files it wrote itself (see ``bench_stores.py``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_stores as bs

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "external"
KETAMINE_IRI = "http://purl.obolibrary.org/obo/CHEBI_6121"


def build_worker(store_dir: Path, data: Path, painkg_like: int = 0) -> None:
    """Build the merged store; print progress to stderr and one JSON line of figures to stdout."""
    from painkg.io.scale import build_merged_store
    from painkg.pipeline import build

    t0 = time.perf_counter()
    b = build(data, run_shacl=False)
    merged = build_merged_store(
        store_dir,
        b,
        drugmechdb_file=SHARED / "drugmechdb" / "drugmechdb_all_paths.yaml.gz",
        hetionet_dir=SHARED / "hetionet",
        painkg_like=painkg_like,
        progress=lambda m: print(f"  [{time.perf_counter() - t0:6.1f} s] {m}", file=sys.stderr, flush=True),
    )
    total = time.perf_counter() - t0
    report = merged.drugmechdb
    print(
        json.dumps(
            {
                "triples": merged.triples,
                "seconds": total,
                "parts": merged.parts,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "drugmechdb_mapped": len(report.mapped) if report else None,
                "drugmechdb_unmapped": len(report.unmapped) if report else None,
            }
        )
    )


def dump_merged(store_dir: Path, out: Path, cap: int) -> int:
    """The merged graph (its first ``cap`` triples when ``cap``) as N-Triples: curated, then DrugMechDB, then generated."""
    import pyoxigraph as ox

    from painkg.io.importers import graph_iri
    from painkg.io.scale import SYNTHETIC_GRAPH

    store = ox.Store.read_only(str(store_dir))
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for g in (ox.DefaultGraph(), ox.NamedNode(graph_iri("drugmechdb")), ox.NamedNode(graph_iri(SYNTHETIC_GRAPH))):
            for q in store.quads_for_pattern(None, None, None, g):
                fh.write(f"{q.subject} {q.predicate} {q.object} .\n")
                n += 1
                if cap and n >= cap:
                    return n
    return n


def curated_digests(data: Path) -> dict[str, str]:
    """Answer digests of every query on the curated graph alone (rdflib)."""
    from painkg.pipeline import build
    from painkg.queries import EntityResolver, list_queries, run_query
    from painkg.store import RdflibStore

    store = RdflibStore(build(data, run_shacl=False).rdf)
    resolver = EntityResolver(store)
    out = {}
    for q in list_queries():
        if q.name != "entities":
            res, _ = run_query(store, q.name, resolver=resolver, limit=None)
            out[q.name] = bs._digest(res.rows)
    return out


def focus_times(store_dir: Path) -> list[str]:
    """Build focus views of ketamine from the merged store (1 and 2 hops) and describe them."""
    from painkg.io.scale import UnionOxigraphStore, focus_subgraph

    store = UnionOxigraphStore(store_dir, read_only=True)
    lines = []
    for depth, limit in ((1, 2_000), (2, 20_000)):
        t = time.perf_counter()
        try:
            g = focus_subgraph(store, KETAMINE_IRI, depth=depth, limit=limit)
        except ValueError as exc:
            lines.append(f"  depth {depth}: {exc} ({time.perf_counter() - t:.2f} s)")
            continue
        kinds = sorted({d["kind"] for _n, d in g.nodes(data=True)})
        lines.append(
            f"  depth {depth}: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges in "
            f"{time.perf_counter() - t:.2f} s (kinds: {', '.join(kinds)})"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", type=int, default=0, help="triples for the rdflib-vs-Oxigraph part (0 = all)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--keep", type=Path, default=None, help="build the merged store in DIR and keep it")
    ap.add_argument(
        "--painkg-like",
        type=int,
        default=0,
        help="also add about N generated triples in painkg's own vocabulary (io.scale.generate_painkg_like)",
    )
    ap.add_argument("--build-worker", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.build_worker:
        build_worker(args.build_worker, args.data, args.painkg_like)
        return 0
    for needed in (SHARED / "drugmechdb" / "drugmechdb_all_paths.yaml.gz", SHARED / "hetionet"):
        if not needed.exists():
            print(f"needs {needed} (../shared/external); not found", file=sys.stderr)
            return 2
    from painkg.queries import list_queries

    names = [q.name for q in list_queries() if q.name != "entities"]
    what, data = bs.dataset_dir()
    with tempfile.TemporaryDirectory(prefix="painkg-scale-") as tmp:
        work = Path(tmp)
        store_dir = args.keep or work / "merged"
        print(f"curated graph: {what}\n1. building the merged on-disk Oxigraph store at {store_dir}", flush=True)
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--build-worker",
                str(store_dir),
                "--data",
                str(data),
                "--painkg-like",
                str(args.painkg_like),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        if proc.returncode != 0:
            print("building the merged store failed", file=sys.stderr)
            return 1
        built = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"   merged graph: {built['triples']:,} triples in {built['seconds']:.1f} s; peak memory {built['peak_rss_mb']:,.0f} MB"
        )
        for part, fig in built["parts"].items():
            rate = fig["triples"] / fig["seconds"] if fig["seconds"] else 0
            print(f"     {part:<30} {fig['triples']:>11,.0f} triples {fig['seconds']:8.1f} s {rate:>10,.0f} triples/s")
        print(
            f"   DrugMechDB ids mapped to painkg: {built['drugmechdb_mapped']}, not mapped: {built['drugmechdb_unmapped']}"
        )
        print(f"   peak memory under 4 GiB: {'yes' if built['peak_rss_mb'] < 4096 else 'NO'}")

        print("\n2. competency questions on the merged graph (union of all graphs), Oxigraph on disk", flush=True)
        merged = bs.run_store(Path(bs.__file__), "oxigraph-merged", store_dir, work, names, args.runs, args.timeout)
        ref = curated_digests(data)
        worst = 0.0
        for q in names:
            rec = merged["queries"].get(q, {"error": "not run"})
            if "median_s" in rec:
                worst = max(worst, rec["median_s"])
                same = (
                    "same answer as the curated graph"
                    if rec["digest"] == ref[q]
                    else "ANSWER DIFFERS from the curated graph"
                )
                print(f"   {q:<26} {rec['median_s'] * 1000:9.1f} ms  {rec['rows']:>6} rows  {same}")
            else:
                print(f"   {q:<26} {rec['error']}")
        all_ok = all("median_s" in merged["queries"].get(q, {}) for q in names)
        print(f"   every question under 1 s: {'yes' if all_ok and worst < 1 else 'NO'} (slowest {worst * 1000:.0f} ms)")
        print(
            f"   query process peak memory {merged['peak_rss_mb']:,.0f} MB; entity index {merged.get('entity_index_s', 0):.2f} s"
        )
        print("   focus view of ketamine, networkx built from SPARQL results only:")
        for line in focus_times(store_dir):
            print(" " + line)

        part = f"the first {args.cap:,} triples of" if args.cap else "all of"
        print(f"\n3. rdflib memory vs Oxigraph on {part} the merged graph", flush=True)
        merged_nt = work / "merged.nt"
        n = dump_merged(store_dir, merged_nt, args.cap)
        print(f"   wrote {n:,} triples ({merged_nt.stat().st_size / 1e6:,.0f} MB)")
        results = []
        for kind in ("rdflib", "oxigraph-memory", "oxigraph-disk"):
            t = time.perf_counter()
            results.append(bs.run_store(Path(bs.__file__), kind, merged_nt, work, names, args.runs, args.timeout))
            print(f"   {kind} done in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
        bs.print_table(results)
        full_rate = built["parts"].get("hetionet-synthetic", {})
        if full_rate:
            rdf_rate = results[0].get("triples_per_s")
            ox_rate = full_rate["triples"] / full_rate["seconds"]
            if rdf_rate:
                print(
                    f"\n   step 1's bulk load of the generated part into its named graph on disk (six indexes per "
                    f"quad, chunked for progress): {ox_rate:,.0f} triples/s, ×{ox_rate / rdf_rate:.1f} rdflib's rate"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
