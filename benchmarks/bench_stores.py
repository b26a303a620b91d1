"""Benchmark (issue 4): rdflib memory vs Oxigraph on a ≥1M-triple graph with the curated graph's shape.

Run: ``.venv/bin/python benchmarks/bench_stores.py [--triples 1000000] [--timeout 20] [--runs 5]``

1. The curated graph (data/, or the test fixture while data/ does not build) is copied until the copies hold
   ``--triples`` triples: every instance triple (entities, statements, sources, findings, …; not the
   ontology) is repeated with its IRIs moved under ``https://w3id.org/painkg/id/bench/c<k>/`` and its
   ``dcterms:identifier`` suffixed, so every query pattern meets k times the data. Copies are chained so
   that property paths go deep: copy k of each Condition is ``rdfs:subClassOf`` copy k−1 (copy 0 = the
   original), and copy k−1 of each Metabolite ``painkg:has_metabolite`` copy k. ``rdfs:subClassOf*`` and
   ``has_metabolite+`` in the competency questions then walk chains as long as the number of copies.
2. Each store runs in its own subprocess (so ``ru_maxrss`` is that store's peak memory): load the
   N-Triples file (rdflib ``Graph.parse``; Oxigraph in memory ``Store.load``; Oxigraph on disk
   ``Store.bulk_load``), build the entity index once, then run every named query except the entity index
   itself (``painkg.queries.list_queries()`` minus ``entities``) ``--runs`` times and report the median.
   A query that exceeds ``--timeout`` seconds or hits Python's recursion limit is reported as such.
   ``oxigraph-memory`` and ``oxigraph-disk`` load with ``lenient=True``, the way painkg loads its own build
   output (validated before it is written; Oxigraph's documentation advises it for input known to be valid;
   rdflib's N-Triples parser checks IRIs only with a regular expression). ``oxigraph-memory-strict`` loads
   the same file with Oxigraph's full IRI and language-tag validation, for comparison.
3. The table prints load time, triples/s, peak memory and per-query medians side by side, with ratios.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

ROOT = Path(__file__).resolve().parents[1]
BENCH_NS = "https://w3id.org/painkg/id/bench/"
PKG = "https://w3id.org/painkg/"
STORES = ("rdflib", "oxigraph-memory", "oxigraph-memory-strict", "oxigraph-disk")
DEFAULT_STORES = "rdflib,oxigraph-memory,oxigraph-memory-strict"


def dataset_dir() -> tuple[str, Path]:
    """data/ when it builds, else the test fixture (and say which)."""
    from painkg.pipeline import InvalidDataError, build

    try:
        build(ROOT / "data", run_shacl=False)
        return "curated data/", ROOT / "data"
    except (InvalidDataError, FileNotFoundError, OSError) as exc:
        print(f"data/ does not build ({exc}); using tests/fixtures/mini", file=sys.stderr)
        return "test fixture tests/fixtures/mini (data/ does not build yet)", ROOT / "tests" / "fixtures" / "mini"


def _nt(term) -> str:
    return term.n3()


def scaled_ntriples(data: Path, out: Path, target: int) -> dict[str, int]:
    """Write the curated graph plus chained copies of its instance triples (≥ ``target`` triples) to ``out``."""
    from painkg.graph import entity_iri
    from painkg.pipeline import build

    b = build(data, run_shacl=False)
    onto = Graph().parse(ROOT / "ontology" / "painkg.ttl")
    onto_subjects = set(onto.subjects())
    instance = [t for t in b.rdf if t[0] not in onto_subjects]
    conditions = [entity_iri(e.id) for e in b.dataset.entities if e.kind == "Condition"]
    metabolites = [entity_iri(e.id) for e in b.dataset.entities if e.kind == "Metabolite"]
    per_copy = len(instance) + len(conditions) + len(metabolites)
    copies = max(1, math.ceil((target - len(b.rdf)) / per_copy))

    def move(term, k: int):
        if isinstance(term, URIRef):
            text = str(term)
            if text.startswith(PKG) and not text.startswith(PKG + "id/"):
                return term  # painkg vocabulary terms stay
            if text.startswith(("http://www.w3.org/", "http://purl.org/dc/", "https://w3id.org/biolink/")):
                return term
            return URIRef(f"{BENCH_NS}c{k}/" + text.split("://", 1)[1])
        return term

    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for s, p, o in b.rdf:
            fh.write(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n")
            n += 1
        for k in range(1, copies + 1):
            lines = []
            for s, p, o in instance:
                o2 = Literal(f"{o}_c{k}") if p == DCTERMS.identifier else move(o, k)
                lines.append(f"{_nt(move(s, k))} {_nt(p)} {_nt(o2)} .")
            for c in conditions:
                lines.append(f"{_nt(move(c, k))} {_nt(RDFS.subClassOf)} {_nt(move(c, k - 1) if k > 1 else c)} .")
            for m in metabolites:
                lines.append(f"{_nt(move(m, k - 1) if k > 1 else m)} <{PKG}has_metabolite> {_nt(move(m, k))} .")
            fh.write("\n".join(lines) + "\n")
            n += len(lines)
    return {"triples": n, "copies": copies, "curated_triples": len(b.rdf), "per_copy": per_copy}


class _Timeout(Exception):
    pass


def _alarm(_sig, _frame):
    raise _Timeout()


def _digest(rows: list[tuple]) -> str:
    text = "\n".join(repr(r) for r in sorted(rows, key=lambda r: tuple("" if v is None else repr(v) for v in r)))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def open_and_load(kind: str, nt: Path, workdir: Path):
    """(store, seconds to load) for one store kind."""
    from painkg.store import OxigraphStore, RdflibStore

    t0 = time.perf_counter()
    if kind == "rdflib":
        g = Graph()
        g.parse(nt, format="nt")
        store = RdflibStore(g)
    elif kind == "oxigraph-memory":
        store = OxigraphStore()
        store.load_file(nt, "nt", lenient=True)
    elif kind == "oxigraph-memory-strict":
        store = OxigraphStore()
        store.load_file(nt, "nt")
    elif kind == "oxigraph-disk":
        store = OxigraphStore(workdir / f"ox-disk-{os.getpid()}")
        store.load_file(nt, "nt", bulk=True, lenient=True)
        store.store.flush()
    elif kind == "oxigraph-merged":
        from painkg.io.scale import UnionOxigraphStore

        store = UnionOxigraphStore(nt, read_only=True)  # ``nt`` is the store folder here; nothing to load
    else:
        raise SystemExit(f"unknown store {kind}")
    return store, time.perf_counter() - t0


def _emit(record: dict) -> None:
    record["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(record), flush=True)


def worker(kind: str, nt: Path, workdir: Path, queries: list[str], runs: int, timeout: float) -> None:
    """Load one store and time ``queries``, printing one JSON line per step; runs in its own process.

    A run longer than ``timeout`` is interrupted by SIGALRM where Python code is running (rdflib); a query
    stuck inside Oxigraph's Rust code cannot be interrupted, so the parent kills this process instead.
    """
    from painkg.queries import EntityResolver, run_query

    signal.signal(signal.SIGALRM, _alarm)
    store, load_s = open_and_load(kind, nt, workdir)
    triples = len(store.graph) if kind == "rdflib" else len(store)
    t0 = time.perf_counter()
    resolver = EntityResolver(store)
    _emit(
        {
            "event": "load",
            "triples": triples,
            "load_s": load_s,
            "triples_per_s": triples / load_s,
            "entity_index_s": time.perf_counter() - t0,
        }
    )
    for name in queries:
        _emit({"event": "start", "name": name})
        times: list[float] = []
        rec: dict = {"event": "query", "name": name}
        for _ in range(runs):
            signal.setitimer(signal.ITIMER_REAL, timeout)
            t = time.perf_counter()
            try:
                res, _cut = run_query(store, name, resolver=resolver, limit=None)
            except _Timeout:
                rec["error"] = f"timeout > {timeout:g} s"
                break
            except RecursionError:
                rec["error"] = "RecursionError (Python recursion limit)"
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - t)
            rec.update(rows=len(res.rows), digest=_digest(res.rows))
            if sum(times) > timeout:
                break
        if times and "error" not in rec:
            rec.update(median_s=statistics.median(times), runs=len(times))
        _emit(rec)


def run_store(script: Path, kind: str, nt: Path, workdir: Path, queries: list[str], runs: int, timeout: float) -> dict:
    """Run workers for one store until every query has an answer, a failure or a timeout.

    The parent reads the worker's JSON lines; when one query takes more than ``timeout`` + 10 s of wall time
    (Oxigraph cannot be interrupted from Python), the parent kills that worker process, records a timeout
    and starts a new worker for the remaining queries.
    """
    import selectors

    out: dict = {"store": kind, "queries": {}, "peak_rss_mb": 0.0, "restarts": 0}
    remaining = list(queries)
    while True:
        cmd = [sys.executable, str(script), "--worker", kind, "--nt", str(nt), "--workdir", str(workdir)]
        cmd += ["--runs", str(runs), "--timeout", str(timeout), "--queries", ",".join(remaining) or "-"]
        errfile = open(workdir / f"{kind}-worker.err", "w+", encoding="utf-8")
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errfile, bufsize=0)
        fd = proc.stdout.fileno()
        sel = selectors.DefaultSelector()
        sel.register(fd, selectors.EVENT_READ)
        current, deadline, buf, eof = None, time.monotonic() + 1800, b"", False
        while True:
            if b"\n" not in buf and not eof:
                if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
                    proc.kill()
                    proc.wait()
                    if current is None:
                        out["failed"] = "no progress for 30 min"
                        return out
                    out["queries"][current] = {"error": f"timeout > {timeout:g} s (worker killed)"}
                    out["restarts"] += 1
                    remaining = remaining[remaining.index(current) + 1 :]
                    break
                chunk = os.read(fd, 65536)
                eof = not chunk
                buf += chunk
                continue
            if b"\n" not in buf:  # end of output
                proc.wait()
                if proc.returncode != 0:
                    errfile.seek(0)
                    err = errfile.read().strip().splitlines()
                    why = err[-1] if err else f"exit {proc.returncode}"
                    if current is None:
                        out["failed"] = why
                        return out
                    out["queries"][current] = {"error": f"worker died: {why}"}
                    remaining = remaining[remaining.index(current) + 1 :]
                    break
                return out
            line, buf = buf.split(b"\n", 1)
            rec = json.loads(line)
            out["peak_rss_mb"] = max(out["peak_rss_mb"], rec.pop("peak_rss_mb"))
            if rec["event"] == "load":
                if "load_s" not in out:
                    out.update({k: v for k, v in rec.items() if k != "event"})
                current, deadline = None, time.monotonic() + 1800
            elif rec["event"] == "start":
                current, deadline = rec["name"], time.monotonic() + timeout + 10
            else:
                out["queries"][rec["name"]] = {k: v for k, v in rec.items() if k not in ("event", "name")}
                current = None
        if not remaining:
            return out


def fmt_cell(rec: dict) -> str:
    if "error" in rec:
        return rec["error"]
    return f"{rec['median_s'] * 1000:9.1f} ms"


def print_table(results: list[dict], base: str = "rdflib") -> None:
    """Load and query figures side by side, with each Oxigraph column's ratio to ``base``."""
    by = {r["store"]: r for r in results}
    names = [r["store"] for r in results]
    w = 26
    print("\n" + " " * w + "".join(f"{n:>24}" for n in names))
    for key, label, unit in (
        ("triples", "triples", "{:,.0f}"),
        ("load_s", "load time", "{:,.1f} s"),
        ("triples_per_s", "load rate", "{:,.0f} /s"),
        ("peak_rss_mb", "peak memory (ru_maxrss)", "{:,.0f} MB"),
        ("entity_index_s", "entity index", "{:,.2f} s"),
    ):
        cells = [unit.format(by[n][key]) if key in by[n] else by[n].get("failed", "-") for n in names]
        print(f"{label:<{w}}" + "".join(f"{c:>24}" for c in cells))
    ok = [n for n in names if "queries" in by[n]]
    if not ok:
        return
    queries = list(by[ok[0]]["queries"])
    print(f"{'query (median)':<{w}}" + "".join(f"{n:>24}" for n in names))
    for q in queries:
        cells = [fmt_cell(by[n]["queries"].get(q, {"error": "not run"})) if n in ok else "-" for n in names]
        print(f"{q:<{w}}" + "".join(f"{c:>24}" for c in cells))
    if base not in ok:
        return
    print("\nratios against " + base + " (higher = Oxigraph better):")
    b = by[base]
    for n in ok:
        if n == base:
            continue
        o = by[n]
        print(
            f"  {n}: load rate ×{o['triples_per_s'] / b['triples_per_s']:.1f}, peak memory ×{b['peak_rss_mb'] / o['peak_rss_mb']:.2f} smaller"
        )
        speedups = []
        for q in queries:
            rb, ro = b["queries"].get(q, {"error": "not run"}), o["queries"].get(q, {"error": "not run"})
            if "median_s" in rb and "median_s" in ro:
                speedups.append(rb["median_s"] / max(ro["median_s"], 1e-9))
                same = "same answer" if rb["digest"] == ro["digest"] else "DIFFERENT ANSWER"
                print(f"    {q:<26} ×{speedups[-1]:8.1f}  ({same}, {ro['rows']} rows)")
            elif "median_s" in ro:
                print(
                    f"    {q:<26} {base}: {rb.get('error', '?')}; {n} answers in {ro['median_s'] * 1000:.1f} ms ({ro['rows']} rows)"
                )
            else:
                print(f"    {q:<26} {n}: {ro.get('error')}")
        if speedups:
            print(f"    median query speed-up ×{statistics.median(speedups):.1f}")
        slow = [q for q in queries if o["queries"].get(q, {}).get("median_s", math.inf) >= 1.0]
        print(f"    {n}: questions over 1 s: {', '.join(slow) if slow else 'none'}")
        target = o["triples_per_s"] / b["triples_per_s"] >= 10
        print(f"    {n}: loads ≥ 10× faster than {base}: {'yes' if target else 'NO'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per query run before giving up")
    ap.add_argument("--stores", default=DEFAULT_STORES, help=f"comma-separated, of {', '.join(STORES)}")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--nt", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--queries", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        names = [] if args.queries in (None, "-") else args.queries.split(",")
        worker(args.worker, args.nt, args.workdir, names, args.runs, args.timeout)
        return 0
    from painkg.queries import list_queries

    names = [q.name for q in list_queries() if q.name != "entities"]
    what, data = dataset_dir()
    with tempfile.TemporaryDirectory(prefix="painkg-bench-") as tmp:
        nt = Path(tmp) / "scaled.nt"
        t = time.perf_counter()
        info = scaled_ntriples(data, nt, args.triples)
        print(
            f"graph: {what}; {info['curated_triples']:,} curated triples + {info['copies']} chained copies "
            f"of {info['per_copy']:,} = {info['triples']:,} triples ({nt.stat().st_size / 1e6:,.0f} MB N-Triples, "
            f"written in {time.perf_counter() - t:.1f} s)"
        )
        results = []
        for kind in args.stores.split(","):
            t = time.perf_counter()
            print(f"running {kind} …", file=sys.stderr, flush=True)
            results.append(run_store(Path(__file__), kind, nt, Path(tmp), names, args.runs, args.timeout))
            print(f"  {kind} done in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
        print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
