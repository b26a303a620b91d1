"""Cross-check of data/ against ../shared/reference/ketamine_trials.yaml (issue 12 item 3, with issue 11's rules).

Every test reads both sides: the trial sources, their outcomes, quotes and review inclusions from the reference
file (``repairs.yaml`` winning where it names a key), and the records in data/. Tests skip without ../shared and
fail under CI=true (``tests.conftest.reference_or_skip``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
import yaml

from painkg.curation import read_dataset
from painkg.curation.coverage import EXCLUSIONS_FILE
from painkg.model import Dataset, Source
from tests.conftest import DATA, REFERENCE, reference_or_skip

TRIALS_FILE = "ketamine_trials.yaml"
KETAMINE, ESKETAMINE, NEUROPATHIC_PAIN = "CHEBI:6121", "CHEBI:60799", "HP:6000040"
#: Finding direction -> direction of the statement it bears on (has_adverse_event carries harms as "supports").
STATEMENT_DIRECTION = {
    "benefit": "supports",
    "harm": "supports",
    "no_difference": "no_effect",
    "mixed": "mixed",
    "insufficient": "insufficient",
}
QUOTE_NOTE = re.compile(
    r"^ketamine_trials\.yaml: quotes of (review_inclusions\[(?P<review>[a-z0-9_]+)\]|(?P<key>[a-z0-9_]+))"
)


def _norm(text: Any) -> str:
    return " ".join(str(text).split())


@cache
def _ds() -> Dataset:
    return read_dataset(DATA).dataset


@cache
def _ref() -> dict[str, Any]:
    ref = reference_or_skip()
    path = ref / TRIALS_FILE
    if not path.is_file():
        pytest.skip(f"{path} not present")
    trials = yaml.safe_load(path.read_text(encoding="utf-8"))
    repairs = yaml.safe_load((ref / "repairs.yaml").read_text(encoding="utf-8"))
    fixes = {f["key"]: f for f in repairs.get("source_fixes") or []}
    for src in trials["sources"]:  # repairs.yaml wins over the older file
        for col, value in (fixes.get(src["key"]) or {}).items():
            if col in ("pmid", "doi", "pmcid", "year", "verified", "title", "first_author", "journal"):
                src[col] = value
    return trials


def _trials() -> dict[str, dict[str, Any]]:
    return {s["key"]: s for s in _ref()["sources"]}


def _source(key: str) -> Source:
    for s in _ds().sources:
        if s.id == key or key in s.aliases:
            return s
    raise AssertionError(f"reference source {key} is not in data/sources.tsv (neither as id nor alias)")


def _exclusions() -> set[tuple[str, str]]:
    lines = (DATA / EXCLUSIONS_FILE).read_text(encoding="utf-8").splitlines()[1:]
    return {tuple(line.split("\t")[:2]) for line in lines if line.strip()}


def _text(value: Any) -> str:
    return "" if value is None else _norm(value)


def _keys() -> list[str]:
    """Trial keys for parametrization; empty without the reference (the unparametrized tests then skip or fail)."""
    path = REFERENCE / TRIALS_FILE
    if not path.is_file():
        return []
    return [s["key"] for s in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]]


# ------------------------------------------------------------------------------------------------ sources


@pytest.mark.parametrize("key", _keys())
def test_source_copies_identifiers_and_bibliography(key):
    ref = _trials()[key]
    s = _source(key)
    for col in ("pmid", "doi", "pmcid"):
        assert getattr(s, col) == _text(ref.get(col)), f"{key}: {col} {getattr(s, col)!r} != reference {ref.get(col)!r}"
    assert s.year == ref.get("year"), f"{key}: year {s.year} != {ref.get('year')}"
    want = "true" if str(ref["verified"]).lower() == "true" else "partial"
    assert s.verified == want, f"{key}: verified {s.verified} != reference {want}"
    assert s.title == _text(ref["title"]) and s.first_author == _text(ref.get("first_author")), key
    assert s.journal == _text(ref.get("journal")) and s.type == ref["type"], key
    assert s.population == _text(ref["population"]), f"{key}: population differs from the reference"
    assert s.n_participants == ref.get("n_participants") and s.n_studies == ref.get("n_studies"), key
    for col, value in ref.items():  # an identifier seen only on a mirror is never used
        if "_seen_only_on_" in col and value:
            assert str(value) not in (s.pmid, s.doi, s.pmcid), f"{key}: uses {col} {value}"
    if ref.get("follow_up"):
        assert _text(ref["follow_up"]) in s.note, f"{key}: follow_up missing from the note"
    assert _text(ref["note"]) in s.note, f"{key}: the reference note (where values were seen) is not in the note"


@pytest.mark.parametrize("key", _keys())
def test_design_is_stated_by_the_source(key):
    """Design columns only say what the title, abstract quotes or comparator say; unstated stays empty."""
    ref = _trials()[key]
    s = _source(key)
    said = " ".join([_text(ref["title"]), _text(ref.get("comparator")), *(_text(q) for q in ref.get("quotes") or [])])
    if s.randomized == "true":
        assert re.search(r"random", said, re.I), f"{key}: randomized but no source text says so"
    if s.blinding == "double_blind":
        assert re.search(r"double[- ]blind", said, re.I), f"{key}: double_blind not stated"
    if s.allocation == "crossover":
        assert re.search(r"cross-?over|n of 1", said, re.I), f"{key}: crossover not stated"
    if s.control == "placebo":
        assert re.search(r"placebo|saline", said, re.I), f"{key}: placebo control not stated"
    if s.control == "active":
        assert re.search(r"active|control", said, re.I), f"{key}: active control not stated"
    if ref["type"] == "rct":
        assert s.randomized or s.blinding or s.allocation or s.control, f"{key}: a trial with no design column"


def test_possible_duplicates_flagged_by_the_reference_are_on_both_rows():
    trials = _trials()
    known = {s.id for s in _ds().sources} | {a for s in _ds().sources for a in s.aliases}
    pairs = set()
    for key, src in trials.items():
        note = _text(src.get("note"))
        if not re.search(r"same|overlap|independen|duplicate", note, re.I):
            continue
        for other in sorted(known - {key}):
            if re.search(rf"\b{re.escape(other)}\b", note):
                pairs.add(tuple(sorted((key, other))))
    assert pairs, "the reference flags possible duplicates; none were found in its notes"
    for a, b in sorted(pairs):
        sa, sb = _source(a), _source(b)
        assert sb.id in sa.possible_duplicate_of, f"{a}: possible_duplicate_of lacks {b}"
        assert sa.id in sb.possible_duplicate_of, f"{b}: possible_duplicate_of lacks {a}"
        assert "duplicate" in sa.note.lower() and "duplicate" in sb.note.lower(), f"{a}/{b}: reason not in the note"
    by_id = {s.id: s for s in _ds().sources}
    for s in _ds().sources:  # symmetric everywhere
        for other in s.possible_duplicate_of:
            assert s.id in by_id[other].possible_duplicate_of, f"{s.id} -> {other} is not recorded on {other}"


# ------------------------------------------------------------------------------------------------ review inclusions


def test_every_review_inclusion_is_an_included_in_link_and_no_other():
    ds = _ds()
    for entry in _ref()["review_inclusions"]:
        review = _source(entry["review"]).id
        assert _source(review).type in ("meta_analysis", "systematic_review", "review", "guideline"), review
        want = {_source(t).id for t in entry["included_trials"]}
        got = {s.id for s in ds.sources if review in s.included_in}
        assert got == want, f"{review}: included_in gives {sorted(got)}, the reference lists {sorted(want)}"


def test_no_review_inclusion_is_excluded():
    excluded = {k for kind, k in _exclusions() if kind == "review_inclusion"}
    for entry in _ref()["review_inclusions"]:
        for trial in entry["included_trials"]:
            assert f"{entry['review']} > {trial}" not in excluded, "an encoded inclusion must not also be excluded"


# ------------------------------------------------------------------------------------------------ outcomes


@pytest.mark.parametrize("key", _keys())
def test_every_outcome_is_a_finding_with_the_reference_values_or_excluded(key):
    ref = _trials()[key]
    sid = _source(key).id
    findings = [f for f in _ds().findings if sid in f.sources]
    excluded = _exclusions()
    statements = {st.id: st for st in _ds().statements}
    for i, out in enumerate(ref.get("outcomes") or [], start=1):
        measure, timepoint = _text(out["measure"]), _text(out.get("timepoint"))
        matches = [f for f in findings if f.measure == measure and f.timepoint == timepoint]
        if ("outcome", f"{key}#{i}") in excluded:
            assert not matches, f"{key}#{i} is both encoded and excluded"
            continue
        assert len(matches) == 1, f"{key}#{i} ({measure} / {timepoint}): {len(matches)} findings"
        (f,) = matches
        assert f.direction == (out.get("direction") or ""), f"{f.id}: direction {f.direction} != {out.get('direction')}"
        assert f.effect_type == out["effect_type"], f"{f.id}: effect type differs"
        if isinstance(out.get("estimate"), int | float):
            assert f.estimate == pytest.approx(float(out["estimate"]), abs=0), f"{f.id}: estimate differs"
        else:  # a narrative result stays text, with no number invented
            assert f.result == _text(out.get("estimate")) and f.estimate is None, f"{f.id}: result differs"
        for col in ("ci_low", "ci_high"):
            want = out.get(col)
            assert getattr(f, col) == (None if want is None else float(want)), f"{f.id}: {col} differs"
        assert f.p == _text(out.get("p")), f"{f.id}: p {f.p!r} != reference {out.get('p')!r}"
        assert f.n_participants == out.get("n"), f"{f.id}: n {f.n_participants} != reference {out.get('n')}"
        assert f.population == _text(ref["population"]), f"{f.id}: population text differs from the source's"
        if f.statement:
            st = statements[f.statement]
            assert st.direction == STATEMENT_DIRECTION[f.direction], f"{f.id}: {f.direction} on a {st.direction} edge"
            assert st.subject == f.intervention and sid in st.sources, f"{f.id}: statement {st.id} is not about it"
            target = f.adverse_effect if st.predicate == "has_adverse_event" else f.condition
            assert st.object == target, f"{f.id}: statement object {st.object} != {target}"
            if f.direction == "harm":
                assert st.predicate == "has_adverse_event", f"{f.id}: a harm must bear on a has_adverse_event edge"
        else:  # only a safety result naming no adverse effect may stand without a statement
            assert f.kind == "safety" and not f.adverse_effect, f"{f.id}: bears on no statement"


def test_every_trial_finding_is_a_reference_outcome():
    trials = _trials()
    outcomes = {(k, _text(o["measure"]), _text(o.get("timepoint"))) for k, s in trials.items() for o in s["outcomes"]}
    for f in _ds().findings:
        for key in set(f.sources) & set(trials):
            assert (key, f.measure, f.timepoint) in outcomes, f"{f.id}: not an outcome of {key} in the reference"


# ------------------------------------------------------------------------------------------------ arms


def _drug_names() -> dict[str, set[str]]:
    """Entity id -> names (label and synonyms) of every Drug entity, lower case."""
    return {e.id: {e.label.lower(), *(x.lower() for x in e.synonyms)} for e in _ds().entities if e.kind in ("Drug",)}


def _named(text: str) -> set[str]:
    found = {
        eid
        for eid, names in _drug_names().items()
        if any(re.search(rf"(?<![\w(+)-]){re.escape(n)}(?![\w-])", text, re.I) for n in names)
    }
    if ESKETAMINE in found or re.search(r"S\(\+\)-ketamine", text):
        found = (found - {KETAMINE}) | {ESKETAMINE}
    return found


@pytest.mark.parametrize("key", _keys())
def test_arms_name_the_drugs_the_reference_states(key):
    ref = _trials()[key]
    arms = [a for a in _ds().arms if a.source == _source(key).id]
    if ref["type"] != "rct":
        assert not arms
        return
    assert arms, f"{key}: a trial without arms"
    iv = ref["intervention"]
    intervention_text = f"{iv.get('drug')} {iv.get('regimen') or ''}"
    comparator_text = _text(ref.get("comparator"))
    study_drug = ESKETAMINE if ESKETAMINE in _named(intervention_text) else KETAMINE
    experimental = [a for a in arms if a.role == "experimental"]
    assert experimental, f"{key}: no experimental arm"
    for a in experimental:
        assert study_drug in a.interventions, f"{a.id}: experimental arm does not name {study_drug}"
    in_experimental = set().union(*(a.interventions for a in experimental))
    for drug in _named(intervention_text):
        assert drug in in_experimental, f"{key}: {drug} named in the intervention but in no experimental arm"
    for drug in _named(comparator_text) - {study_drug}:
        assert any(drug in a.interventions for a in arms if a.role != "experimental"), (
            f"{key}: comparator drug {drug} is in no comparator arm"
        )
    if "alone" not in intervention_text:  # a drug named for both sides is background: every arm names it
        for drug in (_named(intervention_text) & _named(comparator_text)) - {study_drug}:
            for a in arms:
                assert drug in a.interventions, f"{a.id}: background drug {drug} missing"
    for f in _ds().findings:
        if _source(key).id in f.sources and f.arm:
            arm = next(a for a in arms if a.id == f.arm)
            want = set(arm.interventions) - {f.intervention}
            assert set(f.co_interventions) == want, f"{f.id}: co_interventions {f.co_interventions} != arm {want}"
            assert f.intervention in arm.interventions, f"{f.id}: intervention not given in its arm"


def test_regimens_of_trial_arms_belong_to_the_arm_and_its_findings():
    trials = set(_trials())
    arms = {a.id: a for a in _ds().arms}
    findings = {f.id: f for f in _ds().findings}
    seen = 0
    for r in _ds().regimens:
        if not set(r.sources) & trials:
            continue
        seen += 1
        arm = arms[r.arm]
        assert r.drug in arm.interventions and arm.source in r.sources, f"{r.id}: drug not given in arm {arm.id}"
        for fid in r.findings:
            assert arm.source in findings[fid].sources, f"{r.id}: finding {fid} is of another source"
    assert seen, "no regimen for the trials"


# ------------------------------------------------------------------------------------------------ quotes


def test_every_quote_is_verbatim_and_every_reference_quote_is_encoded():
    ref = _ref()
    wanted: dict[str, set[str]] = {s["key"]: {_norm(q) for q in s.get("quotes") or []} for s in ref["sources"]}
    for entry in ref["review_inclusions"]:
        wanted[f"review_inclusions[{entry['review']}]"] = {_norm(q) for q in entry.get("quotes") or []}
    encoded: dict[str, set[str]] = {k: set() for k in wanted}
    ours = [q for q in _ds().quotes if q.note.startswith("ketamine_trials.yaml")]
    assert ours, "no quote from ketamine_trials.yaml"
    for q in ours:
        m = QUOTE_NOTE.match(q.note)
        assert m, f"{q.id}: note does not name the reference entry the quote comes from"
        entry = f"review_inclusions[{m['review']}]" if m["review"] else m["key"]
        assert _norm(q.text) in wanted[entry], f"{q.id}: not verbatim in the quotes of {entry}"
        encoded[entry].add(_norm(q.text))
    for entry, texts in wanted.items():
        assert texts <= encoded[entry], f"{entry}: quotes not encoded: {sorted(texts - encoded[entry])[:2]}"


# ------------------------------------------------------------------------------------------------ conditions


def test_subclass_links_to_neuropathic_pain_quote_their_source_and_never_classify_crps():
    ds = _ds()
    trials = set(_trials())
    crps = {e.id for e in ds.entities if "complex regional pain syndrome" in e.label.lower()}
    assert crps
    quotes = {}
    for q in ds.quotes:
        quotes.setdefault(q.record, []).append(q)
    ours = 0
    for st in ds.statements:
        if st.predicate != "subclass_of" or st.object != NEUROPATHIC_PAIN:
            continue
        assert st.subject not in crps, f"{st.id}: CRPS must not be classified as neuropathic pain"
        if not set(st.sources) & trials:
            continue
        ours += 1
        for key in set(st.sources) & trials:
            said = [q.text for q in quotes.get(st.id, []) if q.source == key]
            assert any("neuropathic" in t.lower() for t in said), f"{st.id}: no quote of {key} says 'neuropathic'"
    assert ours, "no subclass link rests on a trial"
