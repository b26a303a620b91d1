"""Command-line interface: thin argument parsing over library calls.

Exit codes: 0 success, 1 invalid data (or a failed check), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _os_reason(exc: BaseException) -> str:
    """A file error in words (``Is a directory``, ``Permission denied``, not UTF-8)."""
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _print_problems(problems) -> None:
    for p in problems:
        _err(str(p))


def _built(args: argparse.Namespace):
    """The cached build for commands that read the graph (no SHACL run), or None after printing the data problems."""
    from painkg.cache import cached_build
    from painkg.pipeline import InvalidDataError

    try:
        return cached_build(args.data)
    except InvalidDataError as exc:
        _print_problems(exc.problems)
        _err(f"painkg {args.command}: {exc}")
        return None


def cmd_build(args: argparse.Namespace) -> int:
    """Build, validate and write build/ outputs."""
    from painkg.cache import store_build
    from painkg.pipeline import InvalidDataError, build, stats, write_outputs

    try:
        b = build(args.data, progress=lambda m: _err(f"painkg: {m}"))
    except InvalidDataError as exc:
        _print_problems(exc.problems)
        if exc.shacl is not None:
            _err(exc.shacl.text)
        _err(f"painkg build: {exc}; nothing written, {args.out}/ left as it was")
        return EXIT_INVALID
    if b.problems:
        _err(f"painkg: {len(b.problems)} warning(s), e.g. {b.problems[0].message}; `painkg validate` lists them all")
    from painkg.report import default_reports
    from painkg.viz import default_views

    extra = {
        **default_views(b, notice=lambda m: _err(f"painkg: {m}")),
        **default_reports(b, notice=lambda m: _err(f"painkg: {m}")),
    }
    written = write_outputs(b, Path(args.out), extra=extra)
    store_build(b, args.data)
    s = stats(b)
    print(f"built {s['triples']} triples from {b.data_dir}")
    for path in written:
        print(f"  wrote {path}")
    if args.site:
        from painkg.site import build_site

        result = build_site(b, Path(args.out) / "site", notice=lambda m: _err(f"painkg: {m}"))
        print(f"  wrote {result.files} files of the evidence site to {result.out} ({result.seconds:.1f} s)")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Report every problem of the data at once; run SHACL when the data are clean."""
    from painkg.cache import store_build
    from painkg.pipeline import InvalidDataError, build, check

    _ds, problems = check(args.data)
    _print_problems(problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        _err(f"painkg validate: {len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
        return EXIT_INVALID
    try:
        b = build(args.data)
    except InvalidDataError as exc:
        if exc.shacl is not None:
            _err(exc.shacl.text)
        _err(f"painkg validate: {exc}")
        return EXIT_INVALID
    store_build(b, args.data)
    shacl = b.shacl
    print(
        f"valid: 0 errors, {len(problems)} warning(s); SHACL: {shacl.violations if shacl else 0} violation(s), "
        f"{shacl.warnings if shacl else 0} warning(s)"
    )
    return EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    """Rewrite data files canonically (or, with --check, only report which would change)."""
    from painkg.curation.tsv import read_dataset, render_file
    from painkg.model import RECORD_TYPES
    from painkg.paths import data_dir

    ddir = Path(args.data) if args.data else data_dir()
    loaded = read_dataset(ddir)
    blocking = [p for p in loaded.problems if p.severity == "error"]
    if blocking:
        _print_problems(blocking)
        _err("painkg lint: fix the problems above first; nothing rewritten")
        return EXIT_INVALID
    changed = []
    for rt in RECORD_TYPES:
        path = ddir / rt.FILE
        text = render_file(loaded.dataset.records(rt), rt)
        if path.read_text(encoding="utf-8") != text:
            changed.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    verb = "would rewrite" if args.check else "rewrote"
    for path in changed:
        print(f"{verb} {path}")
    if not changed:
        print("all data files are canonical")
    return EXIT_INVALID if (args.check and changed) else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Print counts of the built graph."""
    from painkg.pipeline import stats

    b = _built(args)
    if b is None:
        return EXIT_INVALID
    s = stats(b)
    if args.json:
        print(json.dumps(s, indent=2, sort_keys=True))
        return EXIT_OK
    for section, value in s.items():
        if isinstance(value, dict):
            print(f"{section}:")
            for k, v in value.items():
                if isinstance(v, dict):
                    print(f"  {k}: " + ", ".join(f"{kk} {vv}" for kk, vv in v.items()))
                else:
                    print(f"  {k}: {v}")
        else:
            print(f"{section}: {value}")
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    """Account for every reference fact: encoded, accounted, excluded with a reason, or unexplained."""
    from painkg.curation.coverage import ReferenceNotFoundError, coverage_report

    try:
        cov = coverage_report(args.data, args.reference)
    except ReferenceNotFoundError as exc:
        _err(f"painkg coverage: {exc}")
        return EXIT_USAGE
    for g in cov.gaps:
        print(f"{g.kind}\t{g.key}\t{g.reason or 'NOT IN DATA, NO REASON RECORDED'}")
    print()
    print(f"{'kind':<26} {'facts':>6} {'encoded':>8} {'accounted':>10} {'excluded':>9} {'unexplained':>12}")
    totals = [0, 0, 0, 0, 0]
    for kind, *counts in cov.table():
        print(f"{kind:<26} {counts[0]:>6} {counts[1]:>8} {counts[2]:>10} {counts[3]:>9} {counts[4]:>12}")
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    print(f"{'all':<26} {totals[0]:>6} {totals[1]:>8} {totals[2]:>10} {totals[3]:>9} {totals[4]:>12}")
    share = 100.0 * (totals[0] - totals[4]) / totals[0] if totals[0] else 100.0
    print(f"{share:.1f}% of {totals[0]} reference facts accounted for (encoded, accounted or excluded with a reason)")
    return EXIT_INVALID if cov.unexplained else EXIT_OK


def _kv(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise SystemExit(f"painkg: --param expects key=value, got {pair!r}")
        out[key.strip()] = value
    return out


def _store_for(args: argparse.Namespace, built=None):
    """The store a query command runs on, and the resolver for entity names on it.

    --endpoint URL, --store oxigraph:PATH (with --union: the union of its graphs), --store rdflib, or by default
    Oxigraph in memory loaded with the cached build. Raises InvalidDataError when the build is needed and fails.
    """
    from painkg.cache import cached_build
    from painkg.queries import EntityResolver
    from painkg.store import RemoteStore, open_store

    if getattr(args, "endpoint", None):
        store = RemoteStore(args.endpoint, timeout=args.timeout, default_graph=getattr(args, "default_graph", None))
        return store, EntityResolver(store)

    def curated():
        nonlocal built
        if built is None:
            built = cached_build(args.data)
        return built

    store = open_store(args.store, lambda: curated().rdf, union=args.union, ntriples_factory=lambda: curated().ntriples)
    own = args.store in (None, "", "oxigraph")  # the store holds exactly the cached build: its index applies
    return store, EntityResolver(store, curated().name_index if own else None)


def _emit(answer, fmt: str) -> None:
    """Print a query answer (a QueryResult or a DataFrame) as a table fitting the terminal, CSV, TSV or JSON."""
    from painkg.tabular import format_csv, format_json, format_table

    if hasattr(answer, "itertuples"):  # a pandas DataFrame (e.g. from `compare`)
        columns, rows = [str(c) for c in answer.columns], [tuple(r) for r in answer.itertuples(index=False)]
    else:
        columns, rows = list(answer.columns), list(answer.rows)
    if fmt == "json":
        print(format_json(columns, rows))
    elif fmt in ("csv", "tsv"):
        print(format_csv(columns, rows, sep="," if fmt == "csv" else "\t"), end="")
    else:
        print(format_table(columns, rows))


def _announce_defaults(name: str, given: dict[str, str]) -> None:
    """Say on stderr which parameters of a named query fall back on their declared default (never silently)."""
    from painkg.queries import get_query

    for p in get_query(name).params:
        if p.default is not None and p.name not in given:
            _err(f"painkg query: --param {p.name} not given, so it is {p.default} (the query's default); pass --param {p.name}=...")


#: the columns `painkg query mechanism-paths` shows first: each hop in words with its evidence
_HOP_FIRST = ("path", "hop", "subject_label", "predicate", "object_label", "evidence_type", "species", "model",
              "association_only", "contested", "path_evidence", "path_association_only", "sources")


def _path_hops(store, resolver, params: dict[str, str], limit: int | None, offset: int):
    """Mechanism paths one hop per row, each with its statement's evidence (not only the statement ids)."""
    from painkg.answers import mechanism_hops
    from painkg.queries import ParameterError, get_query
    from painkg.store import QueryResult

    declared = {p.name: p.default for p in get_query("mechanism-paths").params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise ParameterError(f"query 'mechanism-paths' has no parameter {', '.join(unknown)}; valid: drug, condition")
    merged = {**declared, **params}
    columns, rows = mechanism_hops(store, merged["drug"], merged["condition"], resolver)
    columns = [*[c for c in _HOP_FIRST if c in columns], *[c for c in columns if c not in _HOP_FIRST]]
    rows = rows[offset:]
    cut = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    return QueryResult(columns, [tuple(r.get(c) for c in columns) for r in rows]), cut


def cmd_query(args: argparse.Namespace) -> int:
    """Run a named query, or list them."""
    from painkg.pipeline import InvalidDataError
    from painkg.queries import ParameterError, UnknownEntityError, UnknownQueryError, list_queries, run_query
    from painkg.store import StoreError

    if args.list or not args.name:
        for q in list_queries():
            params = ", ".join(f"{p.name}={p.default or '(optional)'}" for p in q.params)
            print(f"{q.name:26} {q.title}" + (f"  [{params}]" if params else ""))
        return EXIT_OK if args.list else EXIT_USAGE
    params = _kv(args.param)
    try:
        _announce_defaults(args.name, params)
        store, resolver = _store_for(args)
        if args.name == "mechanism-paths" and not args.ids:
            result, cut = _path_hops(store, resolver, params, args.limit, args.offset)
        else:
            result, cut = run_query(store, args.name, params, resolver=resolver, limit=args.limit, offset=args.offset)
    except InvalidDataError as exc:
        _print_problems(exc.problems)
        _err(f"painkg query: {exc}")
        return EXIT_INVALID
    except (UnknownQueryError, ParameterError, UnknownEntityError) as exc:
        _err(f"painkg query: {exc}")
        return EXIT_USAGE
    except StoreError as exc:
        _err(f"painkg query: {exc}")
        return EXIT_INVALID
    _emit(result, args.format)
    if cut:
        _err(f"painkg query: result cut at {args.limit} rows; page on with --offset {args.offset + args.limit}")
    return EXIT_OK


def cmd_sparql(args: argparse.Namespace) -> int:
    """Run a SPARQL SELECT/ASK query from a file or standard input."""
    from painkg.guard import QueryLimits
    from painkg.pipeline import InvalidDataError
    from painkg.store import PREFIX_HEADER, SparqlSyntaxError, StoreError, UnsupportedQueryError

    try:
        text = sys.stdin.read() if str(args.file) == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _err(f"painkg sparql: cannot read the query {args.file}: {_os_reason(exc)}")
        return EXIT_USAGE
    limits = QueryLimits.free(
        timeout_s=args.timeout or None, max_rows=args.max_rows or None, allow_service=args.allow_service or ()
    )
    try:
        store, _resolver = _store_for(args)
        result = store.query(PREFIX_HEADER + text, limits=limits)
    except InvalidDataError as exc:
        _print_problems(exc.problems)
        _err(f"painkg sparql: {exc}")
        return EXIT_INVALID
    except UnsupportedQueryError as exc:
        _err(f"painkg sparql: {exc}")
        return EXIT_USAGE
    except SparqlSyntaxError as exc:
        if exc.line is not None:
            exc = SparqlSyntaxError(str(exc).split(": ", 1)[-1], exc.line - PREFIX_HEADER.count("\n"), exc.column)
        _err(f"painkg sparql: {exc}")
        return EXIT_USAGE
    except StoreError as exc:
        _err(f"painkg sparql: {exc}")
        return EXIT_INVALID
    _emit(result, args.format)
    return EXIT_OK


class _Stopped(Exception):
    """SIGTERM or SIGHUP arrived: stop serving and clean up."""


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the built graph over the SPARQL 1.1 Protocol (Oxigraph server behind painkg's guard proxy)."""
    import signal
    import tempfile

    from painkg.server import OxigraphServer, is_loopback
    from painkg.store import StoreError

    if not is_loopback(args.host) and not args.allow_remote:
        _err(
            f"painkg serve: {args.host} is not a loopback address, so the endpoint would be reachable from other "
            "machines; add --allow-remote to do that on purpose"
        )
        return EXIT_USAGE
    b = _built(args)
    if b is None:
        return EXIT_INVALID

    def stop(signum, _frame):
        raise _Stopped(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        with tempfile.TemporaryDirectory(prefix="painkg-serve-") as tmp:
            nt = Path(tmp) / "painkg.nt"
            nt.write_text(b.ntriples, encoding="utf-8")
            try:
                server = OxigraphServer(
                    nt,
                    host=args.host,
                    port=args.port,
                    read_only=not args.writable,
                    timeout_s=args.timeout,
                    max_result_bytes=int(args.max_result_mb * 1024 * 1024),
                    allow_service=args.allow_service or (),
                    allow_remote=args.allow_remote,
                    log=args.log,
                )
                server.start()
            except StoreError as exc:
                _err(f"painkg serve: {exc}")
                return EXIT_INVALID
            try:
                if not is_loopback(args.host):
                    _err(
                        f"painkg serve: WARNING: listening on {args.host}: any machine that can reach this one can "
                        "query the endpoint" + (" and change the graph (--writable)" if args.writable else "")
                    )
                mode = "read-write" if args.writable else "read-only (updates refused)"
                print(f"SPARQL endpoint: {server.query_url}  [{mode}, {b.triples} triples]")
                print(
                    f"limits: {args.timeout:g} s per query, {args.max_result_mb:g} MB per answer; federated queries "
                    + (f"allowed to {', '.join(sorted(server.allow_service))}" if server.allow_service else "refused")
                    + f"; log: {args.log or 'temporary (removed on exit); --log FILE keeps it'}"
                )
                print(
                    "try: curl -s -H 'Accept: text/csv' --data-urlencode "
                    "'query=SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 5' "
                    f"{server.query_url}"
                )
                print("press Ctrl-C to stop", flush=True)
                code = server.wait()
                if code != 0:
                    _err(f"painkg serve: the Oxigraph server stopped (exit {code}): {server.log_tail()}")
                    return EXIT_INVALID
            except (KeyboardInterrupt, _Stopped) as why:
                print(f"\nstopping ({why or 'Ctrl-C'})", flush=True)
            finally:
                server.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    """Upload the built graph to a store through the Graph Store Protocol."""
    from painkg.store import StoreError, push

    b = _built(args)
    if b is None:
        return EXIT_INVALID
    try:
        push(args.endpoint, b.ntriples.encode("utf-8"), graph=args.graph, timeout=args.timeout)
    except StoreError as exc:
        _err(f"painkg push: {exc}")
        return EXIT_INVALID
    print(f"pushed {b.triples} triples to {args.endpoint} ({'graph ' + args.graph if args.graph else 'default graph'})")
    return EXIT_OK


def cmd_viz(args: argparse.Namespace) -> int:
    """Write one self-contained HTML network view (whole graph, a node's neighbourhood, or mechanism paths)."""
    from painkg.cache import cached_build
    from painkg.pipeline import InvalidDataError
    from painkg.viz import default_out, normalise_kinds, view, view_graph, write_view

    try:
        normalise_kinds(args.kinds)
    except ValueError as exc:
        _err(f"painkg viz: {exc}")
        return EXIT_USAGE
    try:
        g = view_graph(cached_build(args.data))
    except InvalidDataError as exc:
        _print_problems(exc.problems)
        _err(f"painkg viz: {exc}; nothing written")
        return EXIT_INVALID
    try:
        html = view(
            g,
            focus=args.focus,
            depth=args.depth,
            paths=args.paths,
            kinds=args.kinds,
            max_hops=args.max_hops,
            limit=args.limit,
        )
        out = args.out or default_out(focus=args.focus, paths=args.paths, g=g)
    except ValueError as exc:  # unknown node or kind, no path, empty or too large view
        _err(f"painkg viz: {exc}; nothing written")
        return EXIT_USAGE
    print(f"wrote {write_view(html, out)}")
    return EXIT_OK


def cmd_site(args: argparse.Namespace) -> int:
    """Write the static evidence site (home, entity, source, report, view and audit pages) into a folder."""
    from painkg.site import build_site, check_links

    b = _built(args)
    if b is None:
        _err(f"painkg site: nothing written, {args.out}/ left as it was")
        return EXIT_INVALID
    notes: list[str] = []
    result = build_site(b, args.out, notice=notes.append, workers=args.workers)
    for note in notes:
        _err(f"painkg site: {note}")
    pages = ", ".join(f"{n} {kind}" for kind, n in result.pages.items())
    print(
        f"wrote {result.files} files ({pages}; {result.bytes / 1e6:.1f} MB) to {result.out} in {result.seconds:.1f} s"
    )
    print(f"open {result.out / 'index.html'}")
    if args.check:
        broken = check_links(result.out)
        for link in broken:
            _err(f"painkg site: broken link {link}")
        if broken:
            return EXIT_INVALID
        print("all internal links resolve")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the graph in one export format (painkg.io.export.EXPORTERS); ``--out -`` writes one file to stdout."""
    from painkg.io.export import MultiFileFormatError, UnknownFormatError, export, render_single

    b = _built(args)
    if b is None:
        return EXIT_INVALID
    try:
        if str(args.out) == "-":
            data = render_single(b, args.format)
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return EXIT_OK
        written = export(b, args.format, args.out)
    except (UnknownFormatError, MultiFileFormatError) as exc:
        _err(f"painkg export: {exc}")
        return EXIT_USAGE
    for path in written:
        print(f"wrote {path}")
    if args.format == "drugmechdb":
        import yaml

        complete, open_ = (yaml.safe_load(p.read_text(encoding="utf-8")) or [] for p in written)
        print(
            f"  {len(complete)} complete mechanism paths (drug to disease, every hop sourced); {len(open_)} open "
            "paths in the second file (no source links their last mechanism to a disease, or a node has no "
            "DrugMechDB id; each comment says why)"
        )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Import public-graph files into their own named graph of an on-disk Oxigraph store."""
    from painkg.io.export import UnknownFormatError
    from painkg.io.importers import ImportConflictError, ImportFileError, import_file
    from painkg.store import OxigraphStore, StoreError

    b = _built(args)
    if b is None:
        return EXIT_INVALID
    try:
        store = OxigraphStore(args.store)
        if store.is_empty():
            store.load_bytes(b.ntriples.encode("utf-8"), "nt", lenient=True)
        report = import_file(
            store,
            args.source,
            args.files,
            b.dataset,
            name=args.name,
            license=args.license,
            origin=args.origin,
            columns=args.columns.split(",") if args.columns else None,
            replace=args.replace,
            allow_predicates=args.allow_predicate or (),
            progress=lambda m: _err(f"painkg import: {m}"),
        )
    except UnknownFormatError as exc:
        _err(f"painkg import: {exc}")
        return EXIT_USAGE
    except StoreError as exc:
        _err(f"painkg import: {exc}")
        return EXIT_INVALID
    except (ImportConflictError, ImportFileError, ValueError) as exc:
        _err(f"painkg import: {exc}; the store is unchanged")
        return EXIT_INVALID
    print(report.summary())
    print(f"store: {args.store} ({len(store):,} triples)")
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """Table of which of a public graph's edges for a drug painkg has, lacks or contradicts."""
    from painkg.io.compare import UnknownPrefixError, compare
    from painkg.io.export import UnknownFormatError
    from painkg.io.importers import ImportFileError
    from painkg.queries import UnknownEntityError

    b = _built(args)
    if b is None:
        return EXIT_INVALID
    try:
        df = compare(b, args.source, args.file, args.drug)
    except (UnknownFormatError, UnknownPrefixError, UnknownEntityError) as exc:
        _err(f"painkg compare: {exc}")
        return EXIT_USAGE
    except ImportFileError as exc:
        _err(f"painkg compare: {exc}")
        return EXIT_INVALID
    print(df.attrs.get("note", ""), file=sys.stderr if args.format != "table" else sys.stdout)
    if not df.empty or args.format != "table":
        _emit(df, args.format)
    return EXIT_OK


#: file suffixes of report outputs and the format each means
REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def _report_format(args: argparse.Namespace) -> str | None:
    """The report format: --format, else --out's extension, else html; None (after a message) when they disagree."""
    suffix = args.out.suffix.lower() if args.out is not None and str(args.out) != "-" else ""
    implied = REPORT_SUFFIXES.get(suffix)
    if args.format and implied and args.format != implied:
        _err(
            f"painkg report: --format {args.format} but --out {args.out} ends in {suffix} ({implied}); "
            f"drop one of them or make them agree"
        )
        return None
    return args.format or implied or "html"


def cmd_report(args: argparse.Namespace) -> int:
    """Write the evidence report for a drug × condition (HTML or Markdown; Markdown also writes its forest SVG)."""
    fmt = _report_format(args)
    if fmt is None:
        return EXIT_USAGE
    from painkg.api import KnowledgeGraph
    from painkg.pipeline import InvalidDataError, atomic_write
    from painkg.queries import UnknownEntityError
    from painkg.report import generate
    from painkg.store import StoreError

    try:
        b = _built(args) if not args.endpoint else None
        if b is None and not args.endpoint:
            return EXIT_INVALID
        store, resolver = _store_for(args, b)
        kg = KnowledgeGraph(b, store, resolver=resolver)
        report = generate(kg, args.drug, args.condition)
    except InvalidDataError as exc:
        _print_problems(exc.problems)
        _err(f"painkg report: {exc}; nothing written")
        return EXIT_INVALID
    except UnknownEntityError as exc:
        _err(f"painkg report: {exc}")
        return EXIT_USAGE
    except StoreError as exc:
        _err(f"painkg report: {exc}; nothing written")
        return EXIT_INVALID
    if str(args.out) == "-":
        print(report.to_html() if fmt == "html" else report.to_markdown(), end="")
        return EXIT_OK
    out = args.out or Path("build") / f"{report.slug}.{fmt}"
    stem = out.name.removesuffix(out.suffix) if out.suffix.lower() in REPORT_SUFFIXES else out.name
    keep = (".md", ".svg") if fmt == "md" else (".html",)
    wanted = {name: text for name, text in report.files(stem).items() if name.endswith(keep)}
    for path in atomic_write(wanted, out.parent):
        print(f"wrote {path}")
    return EXIT_OK


class _Version(argparse.Action):
    """``--version``: the installed package's version (read only when asked for)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("painkg")
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "unknown (not installed)"
        print(f"painkg {found}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one subcommand per job."""
    parser = argparse.ArgumentParser(
        prog="painkg",
        description="painkg — a knowledge graph of ketamine / neuropathic-pain pharmacology with evidence on every edge.",
    )
    parser.add_argument("--version", action=_Version, help="print painkg's version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--data", type=Path, default=None, help="data directory (default: the packaged data/)")
        p.set_defaults(func=func)
        return p

    p = add("build", cmd_build, "Validate data/, build the RDF graph, check SHACL and write build/ outputs.")
    p.add_argument("--out", type=Path, default=Path("build"), help="output directory (default: build)")
    p.add_argument(
        "--site", action="store_true", help="also write the evidence site to OUT/site (as `painkg site`; ~10-20 s more)"
    )
    add("validate", cmd_validate, "Report every problem of the curated data (file, line, column, fix); exit 1 if any.")
    p = add("lint", cmd_lint, "Rewrite data files canonically (sorted rows, fixed columns, normalised whitespace).")
    p.add_argument("--check", action="store_true", help="only report files that are not canonical; exit 1 if any")
    p = add("stats", cmd_stats, "Print counts: sources, entities, statements, findings, seed claims.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("coverage", cmd_coverage, "List facts of the reference files that are not in data/, with reasons.")
    p.add_argument(
        "--reference",
        type=Path,
        default=None,
        help="folder with ketamine_evidence.yaml and mechanisms_and_comparators.yaml (default: ../shared/reference)",
    )

    def add_store_choice(
        p: argparse.ArgumentParser, timeout_help: str = "seconds to wait for a remote endpoint (default 30)"
    ) -> None:
        p.add_argument("--endpoint", default=None, help="run against this remote SPARQL endpoint URL instead")
        p.add_argument(
            "--default-graph",
            default=None,
            metavar="IRI",
            help="with --endpoint: query this named graph as the default graph (e.g. where Virtuoso holds painkg)",
        )
        p.add_argument(
            "--store",
            default=None,
            help="oxigraph (memory, default: loaded with the cached build), rdflib (memory) or oxigraph:PATH "
            "(on disk; loaded with the curated graph when empty)",
        )
        p.add_argument(
            "--union",
            action="store_true",
            help="with --store oxigraph:PATH, ask the union of all its graphs (a merged store with imports)",
        )
        p.add_argument("--timeout", type=float, default=30.0, help=timeout_help)

    def add_store_options(
        p: argparse.ArgumentParser, timeout_help: str = "seconds to wait for a remote endpoint (default 30)"
    ) -> None:
        add_store_choice(p, timeout_help)
        p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table", help="output format")

    p = add("query", cmd_query, "Run a named competency-question query (see --list).")
    p.add_argument("name", nargs="?", help="query name (painkg query --list)")
    p.add_argument("--list", action="store_true", help="list the named queries with their parameters")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", help="query parameter (repeatable)")
    p.add_argument("--limit", type=int, default=10_000, help="at most this many rows (default 10000)")
    p.add_argument("--offset", type=int, default=0, help="skip this many rows (paging)")
    p.add_argument(
        "--ids",
        action="store_true",
        help="mechanism-paths: print the query's own rows (statement ids per path) instead of one row per hop",
    )
    add_store_options(p)
    p = add("sparql", cmd_sparql, "Run a SPARQL SELECT/ASK query from FILE (or - for standard input).")
    p.add_argument("file", help="query file, or - for standard input")
    add_store_options(p, timeout_help="seconds the query may run on any store (default 30; 0: no limit)")
    p.add_argument(
        "--max-rows", type=int, default=100_000, help="refuse results of more rows (default 100000; 0: no limit)"
    )
    p.add_argument(
        "--allow-service",
        action="append",
        metavar="HOST",
        help="allow federated queries (SERVICE) to this host (repeatable; default: SERVICE is refused)",
    )
    p = add("serve", cmd_serve, "Serve the graph as a SPARQL 1.1 endpoint (Oxigraph server; read-only, loopback).")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    p.add_argument("--writable", action="store_true", help="accept SPARQL updates (default: refuse them)")
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (the endpoint is then reachable from other machines; a warning is printed)",
    )
    p.add_argument("--timeout", type=float, default=30.0, help="seconds a query may run (default 30); else HTTP 504")
    p.add_argument("--max-result-mb", type=float, default=64.0, help="largest answer in MB (default 64); else HTTP 507")
    p.add_argument(
        "--allow-service",
        action="append",
        metavar="HOST",
        help="allow federated queries (SERVICE) to this host (repeatable; default: refused with HTTP 403)",
    )
    p.add_argument("--log", type=Path, default=None, help="append the server's log to this file (default: temporary)")
    p = add("push", cmd_push, "Load the graph into an existing store via the SPARQL Graph Store Protocol.")
    p.add_argument("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store")
    p.add_argument("--graph", default=None, help="named graph IRI (default: the default graph)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait (default 60)")
    p = add("viz", cmd_viz, "Write an offline HTML network view (default: the whole graph to build/painkg.html).")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--focus", metavar="NODE", help="show the neighbourhood of NODE (CURIE, label or synonym)")
    what.add_argument("--paths", nargs=2, metavar=("DRUG", "CONDITION"), help="show mechanism paths DRUG -> CONDITION")
    p.add_argument("--depth", type=int, default=2, metavar="K", help="neighbourhood depth for --focus (default: 2)")
    p.add_argument("--max-hops", type=int, default=4, metavar="N", help="longest path for --paths (default: 4)")
    p.add_argument(
        "--kinds", nargs="+", metavar="KIND", help="only nodes of these kinds (e.g. Drug Condition; case-insensitive)"
    )
    p.add_argument(
        "--limit",
        type=int,
        default=6,
        metavar="N",
        help="--focus: neighbours per column shown at first, strongest evidence first (default 6; the page has "
        "a 'show more' button)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output file (default: build/painkg.html; build/focus-NODE.html with --focus; "
        "build/paths-DRUG-CONDITION.html with --paths)",
    )
    p = add("site", cmd_site, "Write the static, offline evidence website (open its index.html in a browser).")
    p.add_argument("--out", type=Path, default=Path("build/site"), help="output folder (default: build/site)")
    p.add_argument(
        "--workers", type=int, default=2, metavar="N", help="processes generating the reports (default 2; 1: none)"
    )
    p.add_argument("--check", action="store_true", help="then check that every internal link resolves (exit 1 if not)")
    p = add("export", cmd_export, "Write the graph as ttl, nt, jsonld, kgx, graphml, drugmechdb or csv.")
    p.add_argument("--format", required=True, help="ttl, nt, jsonld, kgx, graphml, drugmechdb or csv")
    p.add_argument(
        "--out",
        type=Path,
        default=Path("build/export"),
        help="output directory (default: build/export); '-' writes a single-file format (ttl, nt, jsonld, graphml) "
        "to standard output",
    )
    p = add("import", cmd_import, "Import DrugMechDB, Hetionet or KGX files into their own named graph (Oxigraph).")
    p.add_argument("source", help="drugmechdb, hetionet or kgx")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="file(s) to import (.gz read directly)")
    p.add_argument("--store", type=Path, default=Path("build/oxigraph"), help="on-disk store (default: build/oxigraph)")
    p.add_argument("--name", default=None, help="named-graph name (default: the source name)")
    p.add_argument("--license", default=None, help="licence to record (default: the known licence of the source)")
    p.add_argument("--origin", default=None, help="origin to record (default: the known origin of the source)")
    p.add_argument("--columns", default=None, help="comma-separated columns of a KGX file without a header line")
    p.add_argument("--replace", action="store_true", help="replace an existing graph of that name (atomically)")
    p.add_argument(
        "--allow-predicate",
        action="append",
        metavar="IRI",
        help="let the files assert this predicate of painkg's namespace or of RDF/RDFS/OWL (refused by default)",
    )
    p = add("compare", cmd_compare, "Compare a drug's edges in a Hetionet or DrugMechDB file with painkg's statements.")
    p.add_argument("source", help="hetionet or drugmechdb")
    p.add_argument("file", type=Path, help="Hetionet edge TSV or DrugMechDB YAML(.gz)")
    p.add_argument("--drug", required=True, help="the drug (CURIE, xref, label or synonym)")
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table", help="output format")
    p = add("report", cmd_report, "Write the evidence report for a drug and a condition, generated from graph queries.")
    p.add_argument("--drug", required=True, help="the drug (CURIE, label or synonym), e.g. ketamine")
    p.add_argument("--condition", required=True, help="the condition (CURIE, label or synonym), e.g. neuropathic pain")
    p.add_argument(
        "--format",
        choices=["html", "md"],
        default=None,
        help="html (self-contained) or md (GitHub); default: from --out's extension (.md, .html), else html",
    )
    p.add_argument("--out", type=Path, default=None, help="output file or - (default: build/report-DRUG-CONDITION.EXT)")
    add_store_choice(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``painkg`` and ``python -m painkg``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # the reader went away (``painkg query … | head``): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # a file or folder painkg was pointed at cannot be used: say which and why
        name = f"{exc.filename}: " if exc.filename else ""
        _err(f"painkg {args.command}: {name}{exc.strerror or exc}")
        return EXIT_INVALID
    except Exception as exc:
        from painkg.store import StoreError

        if not isinstance(exc, StoreError):
            raise
        _err(f"painkg {args.command}: {exc}")  # a store that cannot be opened or used (locked, a file, …)
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
