"""Command-line interface: thin argument parsing over library calls.

Exit codes: 0 success, 1 invalid data (or a failed check), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _print_problems(problems) -> None:
    for p in problems:
        _err(str(p))


def cmd_build(args: argparse.Namespace) -> int:
    """Build, validate and write build/ outputs."""
    from painkg.pipeline import InvalidDataError, build, stats, write_outputs

    try:
        b = build(args.data, progress=lambda m: _err(f"painkg: {m}"))
    except InvalidDataError as exc:
        _print_problems(exc.problems)
        if exc.shacl is not None:
            _err(exc.shacl.text)
        _err(f"painkg build: {exc}; nothing written, {args.out}/ left as it was")
        return EXIT_INVALID
    _print_problems(b.problems)
    written = write_outputs(b, Path(args.out))
    s = stats(b)
    print(f"built {s['triples']} triples from {b.data_dir}")
    for path in written:
        print(f"  wrote {path}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Report every problem of the data at once; run SHACL when the data are clean."""
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
    from painkg.pipeline import InvalidDataError, build, stats

    try:
        b = build(args.data, run_shacl=False)
    except InvalidDataError as exc:
        _print_problems(exc.problems)
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
    """List reference facts missing from data/, with the recorded reason when one exists."""
    from painkg.curation.coverage import ReferenceNotFoundError, coverage

    try:
        rows = coverage(args.data, args.reference)
    except ReferenceNotFoundError as exc:
        _err(f"painkg coverage: {exc}")
        return EXIT_USAGE
    unexplained = [r for r in rows if not r.reason]
    for r in rows:
        print(f"{r.kind}\t{r.key}\t{r.reason or 'NOT IN DATA, NO REASON RECORDED'}")
    print(
        f"{len(rows)} reference fact(s) not in data/: {len(rows) - len(unexplained)} justified, {len(unexplained)} unexplained"
    )
    return EXIT_INVALID if unexplained else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one subcommand per job."""
    parser = argparse.ArgumentParser(
        prog="painkg",
        description="painkg — a knowledge graph of ketamine / neuropathic-pain pharmacology with evidence on every edge.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--data", type=Path, default=None, help="data directory (default: the packaged data/)")
        p.set_defaults(func=func)
        return p

    p = add("build", cmd_build, "Validate data/, build the RDF graph, check SHACL and write build/ outputs.")
    p.add_argument("--out", type=Path, default=Path("build"), help="output directory (default: build)")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``painkg`` and ``python -m painkg``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
