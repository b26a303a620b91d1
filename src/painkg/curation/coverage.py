"""Compare data/ with the reference files: which reference facts are not (yet) in the curated data.

The reference (``ketamine_evidence.yaml``, ``mechanisms_and_comparators.yaml``) is not part of the
product: it lives beside the repository (``../shared/reference``) for curators. This module reads it
to list, per kind of fact, what data/ lacks, and joins each gap with its recorded reason from
``data/coverage_exclusions.tsv`` (columns ``kind``, ``key``, ``reason``). Matching rules:

- a *source* is covered when its key is a source id or alias;
- an *outcome* is covered by a finding of the same source with the same measure and timepoint;
- a *mechanism fact* is covered by a statement citing all the fact's sources (aliases resolved) with
  the same evidence type;
- a *claim* by the seed claim of the same id; a *comparator* by NNT/NNH findings with its numbers and
  a recommendation; an *NMDA-antagonist summary* by a finding whose result is the summary text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from painkg.curation.tsv import read_dataset
from painkg.model import Dataset, Finding
from painkg.paths import data_dir, package_root

__all__ = [
    "EXCLUSIONS_FILE",
    "Gap",
    "Reference",
    "ReferenceNotFoundError",
    "coverage",
    "find_reference",
    "load_reference",
    "outcome_for",
]

EXCLUSIONS_FILE = "coverage_exclusions.tsv"
_REF_FILES = ("ketamine_evidence.yaml", "mechanisms_and_comparators.yaml")


class ReferenceNotFoundError(FileNotFoundError):
    """The reference folder (../shared/reference) is not available on this machine."""


@dataclass(frozen=True)
class Gap:
    """One reference fact not found in data/, with the curator's reason when one is recorded."""

    kind: str
    key: str
    reason: str


@dataclass(frozen=True)
class Reference:
    """The two reference YAML files, parsed."""

    evidence: dict[str, Any]
    mechanisms: dict[str, Any]

    @property
    def sources(self) -> list[dict[str, Any]]:
        """All reference sources of both files."""
        return list(self.evidence["sources"]) + list(self.mechanisms["sources"])


def find_reference(explicit: Path | None = None) -> Path:
    """The reference folder: ``explicit``, ``$PAINKG_REFERENCE``, or ``shared/reference`` beside the repository."""
    candidates = [explicit] if explicit else []
    if os.environ.get("PAINKG_REFERENCE"):
        candidates.append(Path(os.environ["PAINKG_REFERENCE"]))
    root = package_root()
    candidates += [root.parent / "shared" / "reference", Path.cwd().parent / "shared" / "reference"]
    for c in candidates:
        if c and all((c / f).is_file() for f in _REF_FILES):
            return c
    tried = ", ".join(str(c) for c in candidates if c)
    raise ReferenceNotFoundError(
        f"reference files {list(_REF_FILES)} not found (tried: {tried}); pass --reference DIR or set PAINKG_REFERENCE"
    )


def load_reference(path: Path | None = None) -> Reference:
    """Parse the reference YAML files."""
    ref = find_reference(path)
    with open(ref / _REF_FILES[0], encoding="utf-8") as fh:
        evidence = yaml.safe_load(fh)
    with open(ref / _REF_FILES[1], encoding="utf-8") as fh:
        mechanisms = yaml.safe_load(fh)
    return Reference(evidence, mechanisms)


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def outcome_for(finding: Finding, ref: Reference) -> dict[str, Any] | None:
    """The reference outcome a finding transcribes (same source, measure and timepoint), if any."""
    for src in ref.evidence["sources"]:
        if src["key"] not in finding.sources:
            continue
        for out in src.get("outcomes") or []:
            if _text(out.get("measure")) == finding.measure and _text(out.get("timepoint")) == finding.timepoint:
                return out
    return None


def _exclusions(ddir: Path) -> dict[tuple[str, str], str]:
    path = ddir / EXCLUSIONS_FILE
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            kind, key, reason = ([*line.split("\t"), "", "", ""])[:3]
            out[(kind, key)] = reason.strip()
    return out


def _gaps(ds: Dataset, ref: Reference) -> list[tuple[str, str]]:
    gaps: list[tuple[str, str]] = []
    known = {s.id for s in ds.sources} | {a for s in ds.sources for a in s.aliases}
    alias = {a: s.id for s in ds.sources for a in s.aliases}
    for src in ref.sources:
        if src["key"] not in known:
            gaps.append(("source", src["key"]))
    for src in ref.evidence["sources"]:
        for i, out in enumerate(src.get("outcomes") or []):
            if not any(
                src["key"] in f.sources
                and f.measure == _text(out.get("measure"))
                and f.timepoint == _text(out.get("timepoint"))
                for f in ds.findings
            ):
                gaps.append(("outcome", f"{src['key']}#{i + 1}"))
    for i, fact in enumerate(ref.mechanisms["mechanism_facts"]):
        needed = {alias.get(s, s) for s in fact["sources"]}
        if not any(needed <= set(st.sources) and st.evidence_type == fact["evidence_type"] for st in ds.statements):
            gaps.append(("mechanism_fact", f"{i + 1}: {fact['subject']} {fact['predicate']} {fact['object']}"))
    claim_ids = {c.id for c in ds.seed_claims}
    for claim in ref.evidence["claims"]:
        if claim["id"] not in claim_ids:
            gaps.append(("claim", claim["id"]))
    for comp in ref.mechanisms["comparators"]:
        for measure in ("nnt", "nnh"):
            est = (comp.get(measure) or {}).get("estimate")
            if est is not None and not any(f.effect_type == measure.upper() and f.estimate == est for f in ds.findings):
                gaps.append(("comparator_" + measure, comp["drug"]))
        if not any(r.strength == _text(comp["recommendation_strength"]) for r in ds.recommendations):
            gaps.append(("comparator_recommendation", comp["drug"]))
    for entry in ref.mechanisms["nmda_antagonists_in_np"]:
        if not any(f.result == _text(entry["evidence_summary"]) for f in ds.findings):
            gaps.append(("nmda_antagonist", entry["drug"]))
    return gaps


def coverage(data: Path | None = None, reference: Path | None = None) -> list[Gap]:
    """Every reference fact not in data/, each with its recorded reason ('' when none is recorded)."""
    ddir = Path(data) if data else data_dir()
    ref = load_reference(reference)
    ds = read_dataset(ddir).dataset
    reasons = _exclusions(ddir)
    return [Gap(kind, key, reasons.get((kind, key), "")) for kind, key in _gaps(ds, ref)]
