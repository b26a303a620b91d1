"""Benchmark (issue 16): every speed target as a whole process, with its ratio to a floor and to ``python -c pass``.

Run: ``.venv/bin/python benchmarks/bench_targets.py [--runs 5] [--store DIR] [--triples 2000000] [--no-scale]
[--rdflib-runs 1] [--json FILE]`` (the ≥2M-triple part needs ``../shared/external/drugmechdb``).

Each row runs a real command (``painkg …`` or ``python -c …``) in a fresh process: one warm-up run, then ``--runs``
counted runs; it prints the median wall time (min–max), the target, whether the median meets it, the median of
the *floor* (the same work done directly with pyoxigraph, no painkg code), the ratios to the floor and to
``python -c pass``, and the peak resident memory of the largest run (``wait4`` rusage). Reading commands run on a
warm build cache (:mod:`painkg.cache`), as a user's second command does; ``painkg build`` always rebuilds and
validates everything.

Rows:

1. curated graph (``data/``): ``import painkg``; ``painkg.load()``; every named query with its example parameters;
   ``painkg stats``; ``painkg viz --focus ketamine``; ``painkg report`` ketamine × neuropathic pain; ``painkg build``;
   ``painkg site`` (the whole evidence site, reports in two worker processes).
2. ≥2M-triple store (``--store DIR``, built when missing by :func:`painkg.io.scale.build_merged_store`): the curated
   graph, the real DrugMechDB import and ``--triples`` generated triples in painkg's own vocabulary
   (:func:`painkg.io.scale.generate_painkg_like`); every named query and the report through
   ``--store oxigraph:DIR --union``.
3. loading the ≥2M store from its N-Triples dump into a new on-disk store: painkg's loader
   (:meth:`painkg.store.OxigraphStore.load_file`: pyoxigraph's bulk loader, lenient) beside ``oxigraph load`` (the
   engine's own command-line loader) on the one file and on the same lines split in one part per core, which it
   loads in parallel, and rdflib's ``Graph.parse`` (``--rdflib-runs`` runs; 0 skips it). pyoxigraph's bulk loader
   called from several threads on such parts was measured no faster than one call, so painkg uses one call.

No figure here is asserted anywhere: timings belong in this script, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "external"
PY = sys.executable
PAINKG = str(Path(sys.executable).with_name("painkg"))
OXIGRAPH = str(Path(sys.executable).with_name("oxigraph"))
SITE_LIMIT = 15.0


@dataclass
class Timing:
    """Wall seconds of the counted runs, the largest peak RSS (MiB) and the exit codes seen."""

    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)  # user + system seconds of each run
    peak_mib: float = 0.0
    codes: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.walls) if self.walls else float("nan")


TIME = shutil.which("time", path="/usr/bin:/bin")


def run_once(cmd: list[str], env: dict[str, str], timeout: float) -> tuple[float, float, float, int]:
    """One whole-process run: wall seconds, CPU seconds, peak RSS in MiB and exit code.

    Peak memory and CPU come from ``/usr/bin/time`` around the command when it exists: the rusage that ``wait4``
    gives for a child forked from this (large) process counts the parent's pages copied before ``exec``.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        full = [TIME, "-q", "-f", "%M %U %S", "-o", report.name, *cmd] if TIME else cmd
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        wall = time.perf_counter() - t0
        fields = report.read().split()
    if TIME and len(fields) >= 3:
        kib, user, system = fields[-3:]
        return wall, float(user) + float(system), int(kib) / 1024, proc.returncode
    return wall, float("nan"), float("nan"), proc.returncode


def measure(cmd: list[str], runs: int, env: dict[str, str], *, warmup: int = 1, timeout: float = 600) -> Timing:
    """``warmup`` uncounted runs, then ``runs`` counted ones."""
    t = Timing()
    for i in range(warmup + runs):
        wall, cpu, mib, code = run_once(cmd, env, timeout)
        if i >= warmup:
            t.walls.append(wall)
            t.cpus.append(cpu)
            t.peak_mib = max(t.peak_mib, mib)
            t.codes.add(code)
    return t


@dataclass
class Row:
    """One target: the command, its floor (or None) and the limit in seconds (or None when there is none)."""

    name: str
    cmd: list[str] | None
    floor: list[str] | None
    limit: float | None
    note: str = ""
    timing: Timing | None = None
    floor_timing: Timing | None = None


def py(code: str) -> list[str]:
    """``python -c CODE`` with this interpreter."""
    return [PY, "-c", code]


def example_params(example: str) -> dict[str, str]:
    """The ``--param k=v`` pairs of a named query's example line."""
    words = shlex.split(example)
    return dict(words[i + 1].split("=", 1) for i, w in enumerate(words) if w == "--param")


def bound_text(store, name: str, params: dict[str, str]) -> str:
    """The query exactly as painkg sends it to Oxigraph, as JSON ``{"text", "subs"}`` for the floors.

    Parameters are in a VALUES block, or, for a query whose header asks for ``# binding: substitution``, in the
    projection with SEP-0007 substitutions (``subs``: variable → ``["iri"|"literal", value]``), as
    :func:`painkg.store.oxigraph_binding` decides for :class:`painkg.store.OxigraphStore`.
    """
    from rdflib import URIRef

    from painkg.queries import EntityResolver, bind_params, get_query
    from painkg.store import oxigraph_binding

    q = get_query(name)
    text, substituted, _hidden = oxigraph_binding(q.sparql, bind_params(q, params, EntityResolver(store)))
    subs = {k: ["iri" if isinstance(v, URIRef) else "literal", str(v)] for k, v in substituted.items()}
    return json.dumps({"text": text, "subs": subs})


#: python -c code that runs a floor query file written by bound_text on the store ``s``
FLOOR_QUERY = (
    "import json; d = json.load(open({f!r})); "
    "subs = {{ox.Variable(k): (ox.NamedNode(v) if t == 'iri' else ox.Literal(v)) for k, (t, v) in d['subs'].items()}}; "
    "list(s.query(d['text'], substitutions=subs or None{union}))"
)


def curated_rows(work: Path, nt: Path) -> list[Row]:
    """The targets on the curated graph."""
    from painkg.api import load
    from painkg.queries import list_queries

    kg = load(run_shacl=False)
    load_floor = py(
        f"import pyoxigraph as ox; s = ox.Store(); s.load(path={str(nt)!r}, format=ox.RdfFormat.N_TRIPLES, lenient=True)"
    )
    rows = [
        Row(
            "import painkg",
            py("import painkg"),
            py("import rdflib, pyoxigraph"),
            0.25,
            "floor: import rdflib, pyoxigraph",
        ),
        Row("painkg.load()", py("import painkg; painkg.load()"), load_floor, 0.5, "floor: pyoxigraph loads painkg.nt"),
    ]
    for q in list_queries():
        params = example_params(q.example)
        qfile = work / f"curated-{q.name}.rq"
        qfile.write_text(bound_text(kg.store, q.name, params), encoding="utf-8")
        floor = py(
            "import pyoxigraph as ox; s = ox.Store(); "
            f"s.load(path={str(nt)!r}, format=ox.RdfFormat.N_TRIPLES, lenient=True); "
            + FLOOR_QUERY.format(f=str(qfile), union="")
        )
        args = [arg for k, v in params.items() for arg in ("--param", f"{k}={v}")]
        rows.append(Row(f"query {q.name}", [PAINKG, "query", q.name, *args], floor, 0.6, "floor: load + same query"))
    rows += [
        Row("stats", [PAINKG, "stats"], load_floor, 0.6, "floor: pyoxigraph loads painkg.nt"),
        Row(
            "viz --focus ketamine",
            [PAINKG, "viz", "--focus", "ketamine", "--out", str(work / "focus.html")],
            load_floor,
            0.6,
            "floor: pyoxigraph loads painkg.nt",
        ),
        Row(
            "report ketamine x NP",
            [PAINKG, "report", "--drug", "ketamine", "--condition", "neuropathic pain", "--out", str(work / "r.html")],
            load_floor,
            1.0,
            "floor: pyoxigraph loads painkg.nt",
        ),
        Row(
            "painkg build",
            [PAINKG, "build", "--out", str(work / "build")],
            py(
                "import pyoxigraph as ox; "
                f"g = list(ox.parse(path={str(ROOT / 'build' / 'painkg.ttl')!r}, format=ox.RdfFormat.TURTLE)); "
                "ox.serialize(g, format=ox.RdfFormat.N_TRIPLES); ox.serialize(g, format=ox.RdfFormat.TURTLE)"
            ),
            2.5,
            "floor: pyoxigraph parses painkg.ttl, writes nt + ttl",
        ),
        Row(
            "painkg site",
            [PAINKG, "site", "--out", str(work / "site")],
            load_floor,
            SITE_LIMIT,
            "floor: pyoxigraph loads painkg.nt",
        ),
    ]
    return rows


def ensure_store(store_dir: Path, triples: int) -> None:
    """Build the ≥2M-triple merged store when it does not exist yet (minutes; progress on stderr)."""
    if (store_dir / "CURRENT").exists():
        return
    from painkg.cache import cached_build
    from painkg.io.scale import build_merged_store

    t0 = time.perf_counter()
    build_merged_store(
        store_dir,
        cached_build(),
        drugmechdb_file=SHARED / "drugmechdb" / "drugmechdb_all_paths.yaml.gz",
        hetionet_dir=None,
        painkg_like=triples,
        progress=lambda m: print(f"  [{time.perf_counter() - t0:6.1f} s] {m}", file=sys.stderr, flush=True),
    )


def scale_rows(work: Path, store_dir: Path) -> tuple[list[Row], int]:
    """The named questions and the report on the merged store (union of its graphs)."""
    from painkg.queries import list_queries
    from painkg.store import OxigraphStore

    store = OxigraphStore(store_dir, read_only=True, union=True)
    triples = len(store)
    rows = []
    spec = ["--store", f"oxigraph:{store_dir}", "--union"]
    open_floor = f"import pyoxigraph as ox; s = ox.Store.read_only({str(store_dir)!r}); " + FLOOR_QUERY
    for q in list_queries():
        if q.name == "entities":
            continue  # the whole entity index: an answer as large as the store, not a question
        params = example_params(q.example)
        qfile = work / f"scale-{q.name}.rq"
        qfile.write_text(bound_text(store, q.name, params), encoding="utf-8")
        args = [arg for k, v in params.items() for arg in ("--param", f"{k}={v}")]
        rows.append(
            Row(
                f"2M: query {q.name}",
                [PAINKG, "query", q.name, *args, *spec],
                py(open_floor.format(f=str(qfile), union=", use_default_graph_as_union=True")),
                0.6,
                "floor: open store + same query",
            )
        )
    rows.append(
        Row(
            "2M: report ketamine x NP",
            [
                PAINKG,
                "report",
                "--drug",
                "ketamine",
                "--condition",
                "neuropathic pain",
                "--out",
                str(work / "r2.html"),
                *spec,
            ],
            py(open_floor.format(f=str(work / "scale-targets.rq"), union=", use_default_graph_as_union=True")),
            2.0,
            "floor: open store + targets query",
        )
    )
    del store
    return rows, triples


def dump_store(store_dir: Path, out: Path, parts: int) -> list[Path]:
    """The store's union as N-Triples: one file, and the same lines split in ``parts`` files (for parallel loads)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    with open(out, "wb") as fh:
        store.dump(fh, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        for g in sorted(store.named_graphs(), key=str):
            store.dump(fh, format=ox.RdfFormat.N_TRIPLES, from_graph=g)
    lines = out.read_bytes().splitlines(keepends=True)
    size = -(-len(lines) // parts)
    files = []
    for i in range(parts):
        part = out.with_name(f"{out.stem}.part{i}.nt")
        part.write_bytes(b"".join(lines[i * size : (i + 1) * size]))
        files.append(part)
    return files


def load_rows(work: Path, nt: Path, parts: list[Path], rdflib_runs: int) -> list[Row]:
    """Loading the ≥2M store's dump: painkg's loader, ``oxigraph load`` (parallel parts) and rdflib."""
    target = work / "load-store"
    fresh = f"import shutil; shutil.rmtree({str(target)!r}, ignore_errors=True); "
    painkg_load = py(
        fresh + "from painkg.store import OxigraphStore; "
        f"OxigraphStore({str(target)!r}).load_file({str(nt)!r}, 'nt', bulk=True, lenient=True)"
    )

    def ox_cli(files: list[Path]) -> list[str]:
        return [
            "sh",
            "-c",
            f"rm -rf {shlex.quote(str(target))} && exec {shlex.quote(OXIGRAPH)} load --lenient "
            f"--location {shlex.quote(str(target))} --file " + " ".join(shlex.quote(str(p)) for p in files),
        ]

    rows = [
        Row(
            "2M load: painkg (OxigraphStore.load_file)", painkg_load, ox_cli([nt]), None, "floor: oxigraph load, 1 file"
        ),
        Row("2M load: oxigraph load, 1 file", ox_cli([nt]), None, None, ""),
        Row(f"2M load: oxigraph load, {len(parts)} parts in parallel", ox_cli(parts), None, None, ""),
    ]
    if rdflib_runs:
        rdflib = py(f"import rdflib; rdflib.Graph().parse({str(nt)!r}, format='nt')")
        rows.append(Row("2M load: rdflib Graph.parse", rdflib, None, None, f"{rdflib_runs} run(s)"))
    return rows


def fmt(t: Timing | None) -> str:
    if t is None or not t.walls:
        return "-"
    return f"{t.median:.3f} ({min(t.walls):.2f}-{max(t.walls):.2f})"


def print_table(rows: list[Row], base: Timing, extra: dict[str, float]) -> None:
    """The table: median (min-max), target, verdict, floor, ratios, peak memory."""
    head = f"{'target':44} {'median s (min-max)':>22} {'cpu s':>6} {'limit':>6} {'meets':>5} {'floor s':>8} {'x floor':>8} "
    head += f"{'x python':>9} {'peak MiB':>9}  note"
    print(head)
    print("-" * len(head))
    for r in rows:
        t = r.timing
        if t is None:
            print(
                f"{r.name:44} {'-':>22} {'-':>6} {r.limit or '-':>6} {'-':>5} {'-':>8} {'-':>8} {'-':>9} {'-':>9}  {r.note}"
            )
            continue
        ok = "-" if r.limit is None else ("yes" if t.median <= r.limit else "NO")
        fl = r.floor_timing.median if r.floor_timing and r.floor_timing.walls else None
        bad = "" if t.codes <= {0} else f"  EXIT {sorted(t.codes)}"
        print(
            f"{r.name:44} {fmt(t):>22} {statistics.median(t.cpus):6.2f} {r.limit if r.limit is not None else '-':>6} {ok:>5} "
            f"{fl if fl is None else round(fl, 3)!s:>8} {'-' if fl is None else f'{t.median / fl:.1f}':>8} "
            f"{t.median / base.median:9.1f} {t.peak_mib:9.0f}  {r.note}{bad}"
        )
    for k, v in extra.items():
        print(f"{k}: {v}")


def main(argv: list[str] | None = None) -> int:
    """Measure every target and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="counted runs per command (default 5)")
    ap.add_argument(
        "--store", type=Path, default=ROOT / "build" / "bench-2m", help="merged ≥2M store (built if missing)"
    )
    ap.add_argument("--triples", type=int, default=2_000_000, help="generated painkg-shaped triples (default 2M)")
    ap.add_argument("--no-scale", action="store_true", help="only the curated-graph targets")
    ap.add_argument("--load-runs", type=int, default=3, help="counted runs of each ≥2M load (default 3)")
    ap.add_argument("--rdflib-runs", type=int, default=1, help="runs of the rdflib load of the ≥2M dump (0: skip)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = ap.parse_args(argv)

    env = {**os.environ}
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    subprocess.run([PAINKG, "build"], cwd=ROOT, check=True, capture_output=True, env=env)  # warm cache, build/painkg.nt
    nt = ROOT / "build" / "painkg.nt"
    work = Path(tempfile.mkdtemp(prefix="painkg-bench-"))
    extra: dict[str, float] = {}
    try:
        base = measure(py("pass"), args.runs, env)
        print(f"# python -c pass: median {base.median:.3f} s", flush=True)
        rows = curated_rows(work, nt)
        if not args.no_scale:
            ensure_store(args.store, args.triples)
            srows, triples = scale_rows(work, args.store)
            extra["2M store triples (quads, union of graphs)"] = triples
            rows += srows
            dump = work / "store.nt"
            parts = dump_store(args.store, dump, os.cpu_count() or 2)
            extra["2M dump lines"] = sum(1 for _ in open(dump, "rb"))
            rows += load_rows(work, dump, parts, args.rdflib_runs)
        for r in rows:
            if r.cmd is None:
                continue
            is_load = r.name.startswith("2M load")
            runs = args.rdflib_runs if "rdflib" in r.name else (args.load_runs if is_load else args.runs)
            r.timing = measure(r.cmd, runs, env, warmup=0 if is_load else 1, timeout=1800)
            if r.floor is not None:
                r.floor_timing = measure(r.floor, runs, env, warmup=0 if is_load else 1, timeout=1800)
            print(f"  {r.name}: {fmt(r.timing)} s", file=sys.stderr, flush=True)
        loads = {r.name: r.timing.median for r in rows if r.name.startswith("2M load") and r.timing}
        ours = next((v for k, v in loads.items() if "painkg" in k), None)
        rdf = next((v for k, v in loads.items() if "rdflib" in k), None)
        cli = min((v for k, v in loads.items() if "oxigraph load" in k), default=None)
        if ours and rdf:
            extra["2M load: rdflib / painkg (target >= 10)"] = round(rdf / ours, 1)
        if ours and cli:
            extra["2M load: painkg / fastest oxigraph load (target <= 1.3)"] = round(ours / cli, 2)
        print()
        print_table(rows, base, extra)
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "python_pass": base.median,
                        "rows": [
                            {
                                "name": r.name,
                                "limit": r.limit,
                                "walls": r.timing.walls if r.timing else None,
                                "cpus": r.timing.cpus if r.timing else None,
                                "floor_walls": r.floor_timing.walls if r.floor_timing else None,
                                "peak_mib": r.timing.peak_mib if r.timing else None,
                            }
                            for r in rows
                        ],
                        **{k: v for k, v in extra.items()},
                    },
                    indent=2,
                )
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
