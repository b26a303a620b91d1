"""Account for every fact of the reference files: encoded in data/, or excluded with a recorded reason.

The reference (six YAML files in ``../shared/reference``) is not part of the product: it lives beside the
repository for curators. This module reads it and sorts every fact into *encoded* (a matching record exists in
data/), *accounted* (nothing to encode: e.g. a summary that ``repairs.yaml`` splits, a result the source does not
state) or a *gap*; each gap is joined with its reason from ``data/coverage_exclusions.tsv`` (``kind``, ``key``,
``reason``). ``painkg coverage`` fails while any gap has no reason.

Kinds, their keys and how a fact is matched (aliases of sources are resolved everywhere):

- ``source`` (reference key): a source id or alias;
- ``outcome`` (``<source>#<n>``): a finding citing that source (``sources`` or ``read_in``) with the same measure
  and timepoint;
- ``mechanism_fact`` / ``mechanism_link`` (``<n>: subject predicate object``): a statement citing all the fact's
  sources with the same evidence type (and, for mechanism links, the same direction);
- ``claim`` (claim id): the seed claim of that id;
- ``comparator_nnt`` / ``comparator_nnh`` / ``comparator_recommendation`` (drug): an NNT/NNH finding with the
  reference numbers; a recommendation with its strength;
- ``nmda_result`` (``<drug> | <source>``): a finding of that source for that drug (``repairs.yaml`` splits each
  summary of ``nmda_antagonists_in_np`` into one result per source; the summaries themselves are accounted);
- ``review_inclusion`` (``<review> > <trial>``): the trial's ``included_in`` names the review;
- ``regulatory_action`` (``<drug> | <agency> | <action> | <date>``): a regulatory record of that drug, agency and date;
- ``label_mechanism`` (drug): a label-evidence target or mechanism statement of that drug citing one of the
  entry's sources;
- ``label_adverse_reaction`` (``<drug> | <term> | <table[:40]>``): an incidence finding of that drug with the drug
  and comparator percentages (reactions whose percentages were not seen are gaps to justify);
- ``repair`` (``<section>:<key>``): source fixes applied (identifiers and year equal), duplicates merged (alias
  present), finding fixes present; repairs ``notes`` always need a recorded disposition.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from painkg.curation.tsv import read_dataset
from painkg.model import Dataset, Finding
from painkg.paths import data_dir, package_root
from painkg.vocab import PREDICATES

__all__ = [
    "EXCLUSIONS_FILE",
    "REFERENCE_FILES",
    "Coverage",
    "Gap",
    "Reference",
    "ReferenceNotFoundError",
    "coverage",
    "coverage_report",
    "find_reference",
    "load_reference",
    "outcome_for",
]

EXCLUSIONS_FILE = "coverage_exclusions.tsv"
REFERENCE_FILES = (
    "ketamine_evidence.yaml",
    "mechanisms_and_comparators.yaml",
    "repairs.yaml",
    "mechanism_links.yaml",
    "ketamine_trials.yaml",
    "landscape_labels.yaml",
)
_REQUIRED = REFERENCE_FILES[:2]  # the two files every reference folder has had since the start


class ReferenceNotFoundError(FileNotFoundError):
    """The reference folder (../shared/reference) is not available on this machine."""


@dataclass(frozen=True)
class Gap:
    """One reference fact not found in data/, with the curator's reason when one is recorded."""

    kind: str
    key: str
    reason: str


@dataclass
class Coverage:
    """Every reference fact sorted: per kind, how many are encoded, accounted or excluded; the gaps themselves."""

    encoded: Counter = field(default_factory=Counter)
    accounted: Counter = field(default_factory=Counter)
    gaps: list[Gap] = field(default_factory=list)

    @property
    def unexplained(self) -> list[Gap]:
        """Gaps without a recorded reason (``painkg coverage`` fails while any exists)."""
        return [g for g in self.gaps if not g.reason]

    def table(self) -> list[tuple[str, int, int, int, int, int]]:
        """Rows ``(kind, facts, encoded, accounted, excluded, unexplained)`` sorted by kind."""
        kinds = sorted(set(self.encoded) | set(self.accounted) | {g.kind for g in self.gaps})
        rows = []
        for k in kinds:
            gaps = [g for g in self.gaps if g.kind == k]
            unexplained = sum(1 for g in gaps if not g.reason)
            total = self.encoded[k] + self.accounted[k] + len(gaps)
            rows.append((k, total, self.encoded[k], self.accounted[k], len(gaps) - unexplained, unexplained))
        return rows


@dataclass(frozen=True)
class Reference:
    """The reference YAML files, parsed (files absent from an older reference folder are empty)."""

    evidence: dict[str, Any]
    mechanisms: dict[str, Any]
    repairs: dict[str, Any] = field(default_factory=dict)
    links: dict[str, Any] = field(default_factory=dict)
    trials: dict[str, Any] = field(default_factory=dict)
    landscape: dict[str, Any] = field(default_factory=dict)

    @property
    def sources(self) -> list[dict[str, Any]]:
        """All source entries of every file (a key may appear in several files)."""
        out: list[dict[str, Any]] = []
        for doc in (self.evidence, self.mechanisms, self.links, self.trials, self.landscape):
            out.extend(doc.get("sources") or [])
        return out


def find_reference(explicit: Path | None = None) -> Path:
    """The reference folder: ``explicit`` (only that one), else ``$PAINKG_REFERENCE`` or ``shared/reference`` nearby."""
    if explicit is not None:
        candidates = [Path(explicit)]
    else:
        candidates = []
        if os.environ.get("PAINKG_REFERENCE"):
            candidates.append(Path(os.environ["PAINKG_REFERENCE"]))
        root = package_root()
        candidates += [root.parent / "shared" / "reference", Path.cwd().parent / "shared" / "reference"]
    for c in candidates:
        if all((c / f).is_file() for f in _REQUIRED):
            return c
    tried = ", ".join(str(c) for c in candidates)
    hint = "check the path" if explicit is not None else "pass --reference DIR or set PAINKG_REFERENCE"
    raise ReferenceNotFoundError(f"reference files {list(_REQUIRED)} not found in {tried}; {hint}")


def _load_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def load_reference(path: Path | None = None) -> Reference:
    """Parse the reference YAML files."""
    ref = find_reference(path)
    docs = [_load_yaml(ref / name) for name in REFERENCE_FILES]
    return Reference(*docs)


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def outcome_for(finding: Finding, ref: Reference) -> dict[str, Any] | None:
    """The reference outcome a finding transcribes (same source, measure and timepoint), if any."""
    for doc in (ref.evidence, ref.trials, ref.links):
        for src in doc.get("sources") or []:
            if src["key"] not in finding.sources and src["key"] not in finding.read_in:
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


class _Matcher:
    """Lookups over the dataset that every kind of fact uses."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.alias = {a: s.id for s in ds.sources for a in s.aliases}
        self.known = {s.id for s in ds.sources} | set(self.alias)
        self.sources = {s.id: s for s in ds.sources}
        names: dict[str, set[str]] = {}
        for e in ds.entities:
            for name in (e.label, *e.synonyms):
                names.setdefault(name.casefold(), set()).add(e.id)
        self.names = names

    def sid(self, key: str) -> str:
        return self.alias.get(key, key)

    def entity(self, name: str) -> set[str]:
        """Entity ids a reference drug name may denote (label or synonym, case-insensitive; first word as fallback)."""
        key = _text(name).casefold()
        if key in self.names:
            return self.names[key]
        head = re.split(r"[ (]", key, maxsplit=1)[0]
        return {i for n, ids in self.names.items() if n == head or n.startswith(head + " ") for i in ids}

    def findings_of(self, key: str) -> list[Finding]:
        s = self.sid(key)
        return [f for f in self.ds.findings if s in f.sources or s in f.read_in]


def _facts(ds: Dataset, ref: Reference) -> list[tuple[str, str, str]]:
    """Every reference fact as ``(kind, key, status)``, status ``encoded``, ``accounted`` or ``gap``."""
    m = _Matcher(ds)
    out: list[tuple[str, str, str]] = []

    def add(kind: str, key: str, ok: bool, accounted: bool = False) -> None:
        out.append((kind, key, "accounted" if accounted else ("encoded" if ok else "gap")))

    seen: set[str] = set()
    for src in ref.sources:
        if src["key"] not in seen:
            seen.add(src["key"])
            add("source", src["key"], src["key"] in m.known)
    for doc in (ref.evidence, ref.trials, ref.links):
        for src in doc.get("sources") or []:
            cands = m.findings_of(src["key"])
            for i, o in enumerate(src.get("outcomes") or []):
                ok = any(
                    f.measure == _text(o.get("measure")) and f.timepoint == _text(o.get("timepoint")) for f in cands
                )
                add("outcome", f"{src['key']}#{i + 1}", ok)
    for kind, doc in (("mechanism_fact", ref.mechanisms), ("mechanism_link", ref.links)):
        for i, fact in enumerate(doc.get("mechanism_facts") or []):
            needed = {m.sid(s) for s in fact.get("sources") or []}
            ok = any(
                needed <= set(st.sources)
                and st.evidence_type == fact.get("evidence_type")
                and (kind == "mechanism_fact" or st.direction == fact.get("direction", st.direction))
                for st in ds.statements
            )
            add(kind, f"{i + 1}: {_text(fact['subject'])} {fact['predicate']} {_text(fact['object'])}", ok)
    claim_ids = {c.id for c in ds.seed_claims}
    for claim in ref.evidence.get("claims") or []:
        add("claim", claim["id"], claim["id"] in claim_ids)
    for comp in ref.mechanisms.get("comparators") or []:
        for measure in ("nnt", "nnh"):
            est = (comp.get(measure) or {}).get("estimate")
            if est is not None:
                ok = any(f.effect_type == measure.upper() and f.estimate == est for f in ds.findings)
                add("comparator_" + measure, comp["drug"], ok)
        strength = _text(comp.get("recommendation_strength"))
        add("comparator_recommendation", comp["drug"], any(r.strength == strength for r in ds.recommendations))
    _nmda(ref, m, add)
    for inc in ref.trials.get("review_inclusions") or []:
        review = m.sid(inc["review"])
        for trial in inc.get("included_trials") or []:
            src = m.sources.get(m.sid(trial))
            add("review_inclusion", f"{inc['review']} > {trial}", src is not None and review in src.included_in)
    _landscape(ref, m, add)
    _repairs(ref, m, add)
    return out


def _nmda(ref: Reference, m: _Matcher, add) -> None:
    split = ((ref.repairs.get("finding_fixes") or {}).get("d_nmda_antagonists_in_np_attribution") or {}).get("drugs")
    for entry in ref.mechanisms.get("nmda_antagonists_in_np") or []:
        # superseded: repairs.yaml splits each summary into one result per source (checked below)
        add("nmda_summary", entry["drug"], True, accounted=bool(split))
    for drug in split or []:
        ids = m.entity(drug["drug"])
        for r in drug.get("results") or []:
            key = f"{drug['drug']} | {r['source']}"
            if _text(r.get("result")).casefold() == "none stated":
                add("nmda_result", key, True, accounted=True)
                continue
            add("nmda_result", key, any(f.intervention in ids for f in m.findings_of(r["source"])))


def _landscape(ref: Reference, m: _Matcher, add) -> None:
    ds = m.ds
    for a in ref.landscape.get("regulatory_actions") or []:
        ids = m.entity(a["drug"])
        key = f"{_text(a['drug'])} | {a['agency']} | {a['action']} | {a.get('date')}"
        ok = any(g.drug in ids and g.agency == a["agency"] and g.date == str(a.get("date")) for g in ds.regulatory)
        add("regulatory_action", key, ok)
    for lm in ref.landscape.get("label_mechanisms") or []:
        ids = m.entity(lm["drug"])
        srcs = {m.sid(s) for s in lm.get("sources") or []}
        ok = any(
            st.subject in ids
            and st.evidence_type == "label"
            and srcs & set(st.sources)
            and PREDICATES[st.predicate].family in ("target", "mechanism")
            for st in ds.statements
        )
        add("label_mechanism", _text(lm["drug"]), ok)
    for ar in ref.landscape.get("label_adverse_reactions") or []:
        ids = m.entity(ar["drug"])
        srcs = {m.sid(s) for s in ar.get("sources") or []}
        for r in ar.get("reactions") or []:
            key = f"{_text(ar['drug'])} | {r['term']} | {_text(ar.get('table'))[:40]}"
            ok = r.get("drug_pct") is not None and any(
                f.intervention in ids
                and f.effect_type == "incidence"
                and f.estimate == r.get("drug_pct")
                and f.comparator_value == r.get("placebo_pct")
                and srcs & set(f.sources)
                for f in ds.findings
            )
            add("label_adverse_reaction", key, ok)


def _repairs(ref: Reference, m: _Matcher, add) -> None:
    rep = ref.repairs
    if not rep:
        return
    for fix in rep.get("source_fixes") or []:
        src = m.sources.get(m.sid(fix["key"]))
        ok = src is not None and all(
            getattr(src, col) == (str(fix[col]) if fix.get(col) is not None else (None if col == "year" else ""))
            if col != "year"
            else src.year == fix.get("year")
            for col in ("pmid", "doi", "year")
        )
        add("repair", f"source_fixes:{fix['key']}", ok)
    for dup in rep.get("duplicates") or []:
        src = m.sources.get(dup["keep"])
        add("repair", f"duplicates:{dup['keep']}", src is not None and dup["alias"] in src.aliases)
    fixes = rep.get("finding_fixes") or {}
    for name, fix in sorted(fixes.items()):
        if name.startswith("a_"):
            for i, row in enumerate(fix.get("rows") or []):
                wanted = [(k.upper(), (row.get(k) or {}).get("estimate")) for k in ("nnt", "nnh")]
                wanted = [(t, e) for t, e in wanted if e is not None]
                ok = all(any(f.effect_type == t and f.estimate == e for f in m.ds.findings) for t, e in wanted)
                add("repair", f"finding_fixes:{name}#{i + 1}", ok, accounted=not wanted)
        elif "source_key" in fix:
            ok = any(
                f.estimate == fix.get("estimate") and f.n_participants is None for f in m.findings_of(fix["source_key"])
            )
            add("repair", f"finding_fixes:{name}", ok)
        elif "statements" in fix:
            ok = all(any(m.sid(s["source"]) in st.sources for st in m.ds.statements) for s in fix["statements"])
            add("repair", f"finding_fixes:{name}", ok)
        else:
            add("repair", f"finding_fixes:{name}", True, accounted=True)  # checked per result as nmda_result
    for note in rep.get("notes") or []:
        add("repair", f"notes:{_text(note['topic'])}", False)  # a note needs its disposition recorded


def coverage_report(data: Path | None = None, reference: Path | None = None) -> Coverage:
    """Every reference fact sorted into encoded, accounted and gaps (each gap with its recorded reason)."""
    ddir = Path(data) if data else data_dir()
    ref = load_reference(reference)
    ds = read_dataset(ddir).dataset
    reasons = _exclusions(ddir)
    cov = Coverage()
    for kind, key, status in _facts(ds, ref):
        if status == "encoded":
            cov.encoded[kind] += 1
        elif status == "accounted":
            cov.accounted[kind] += 1
        else:
            cov.gaps.append(Gap(kind, key, reasons.get((kind, key), "")))
    return cov


def coverage(data: Path | None = None, reference: Path | None = None) -> list[Gap]:
    """Every reference fact not in data/, each with its recorded reason ('' when none is recorded)."""
    return coverage_report(data, reference).gaps
