"""Issue 13: a report a clinician can trust, checked on the real data for the pairs read in review.

The summary is ordered by strength of evidence (syntheses newest first), shows every GRADE rating and every
caveat of what it lists, and is not more positive than the findings; references name publications, never keys;
sourced values a section selects are all shown. Source designs and years are read from ``data/sources.tsv`` here,
independently of the report's own data layer.
"""

from __future__ import annotations

import csv
import re
from functools import cache

import pytest

from painkg.report import templates as T
from painkg.report.data import PairData, split
from painkg.report.sections.pieces import Ctx, is_efficacy
from painkg.report.sections.summary import strongest
from tests.conftest import DATA, KETAMINE, NEUROPATHIC_PAIN
from tests.test_report import CRPS, MEMANTINE, PREGABALIN, _report, real_kg, section_text

ESKETAMINE, GABAPENTIN, PHN = "CHEBI:60799", "CHEBI:42797", "MONDO:0041052"
PAIRS = [
    (KETAMINE, NEUROPATHIC_PAIN),
    (KETAMINE, CRPS),
    (ESKETAMINE, CRPS),
    (PREGABALIN, NEUROPATHIC_PAIN),
    (MEMANTINE, NEUROPATHIC_PAIN),
    (GABAPENTIN, PHN),
]
IDS = ["ketamine-np", "ketamine-crps", "esketamine-crps", "pregabalin-np", "memantine-np", "gabapentin-phn"]
#: evidence levels, strongest first, as the issue orders them (syntheses, guidelines, single trials, the rest)
RANK = {"meta_analysis": 0, "systematic_review": 0, "guideline": 1, "rct": 2}


@cache
def sources() -> dict[str, dict[str, str]]:
    with (DATA / "sources.tsv").open(encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh, delimiter="\t")}


@cache
def ctx(drug: str, condition: str) -> Ctx:
    return Ctx(PairData.read(real_kg(), drug, condition))


def _first(r: dict) -> dict[str, str]:
    return sources()[split(r["sources"])[0]]


def _strength(r: dict) -> tuple[int, int]:
    s = _first(r)
    return RANK.get(s["type"], 3), -int(s["year"] or 0)


@pytest.mark.parametrize(("drug", "condition"), PAIRS, ids=IDS)
def test_summary_lists_the_strongest_evidence_first(drug, condition):
    c = ctx(drug, condition)
    eff = [r for r in c.data.findings if is_efficacy(r)]
    listed = strongest(c)
    if not eff:
        assert not listed
        return
    assert listed, "efficacy findings exist but the summary lists none"
    best = min(_strength(r) for r in eff)
    assert _strength(listed[0]) == best, f"first item {listed[0]['finding']} is not the strongest, newest evidence"
    keys = [_strength(r) for r in listed]
    assert keys == sorted(keys), "summary items are not ordered by level, then newest first"


@pytest.mark.parametrize(("drug", "condition"), PAIRS, ids=IDS)
def test_summary_shows_every_finding_of_a_listed_source_whatever_its_direction(drug, condition):
    """Listing a source's benefit rows and leaving out its null rows would lean the summary positive."""
    c = ctx(drug, condition)
    listed = strongest(c)
    listed_ids = {r["finding"] for r in listed}
    listed_sources = {split(r["sources"])[0] for r in listed}
    left_out = [
        r["finding"]
        for r in c.data.findings
        if is_efficacy(r) and split(r["sources"])[0] in listed_sources and r["finding"] not in listed_ids
    ]
    assert not left_out


@pytest.mark.parametrize(("drug", "condition"), PAIRS, ids=IDS)
def test_summary_gives_every_grade_rating_and_every_caveat(drug, condition):
    c = ctx(drug, condition)
    md = _report(drug, condition).to_markdown(forest_src="f.svg")
    summary = section_text(md, T.SECTIONS["summary"])
    rated = {r["certainty"] for r in c.data.findings if r.get("certainty")}
    for level in rated:
        assert T.CERTAINTY[level] in summary, f"GRADE {level} recorded for the pair but not in the summary"
    if len(rated) > 1:
        assert re.search(r"ranges from [a-z ]+ to [a-z ]+", summary), "several GRADE levels but no range stated"
    for r in strongest(c):
        if r.get("caveat"):
            first_words = " ".join(r["caveat"].split()[:6])
            assert first_words in summary.replace("\\", ""), f"caveat of {r['finding']} missing from the summary"


def test_ketamine_np_summary_leads_with_the_cochrane_2025_review_and_its_very_low_certainty():
    """The largest, newest, most negative review reaches the ketamine x neuropathic-pain summary (broader scope)."""
    c = ctx(KETAMINE, NEUROPATHIC_PAIN)
    first = strongest(c)[0]
    source = _first(first)
    assert source["type"] == "systematic_review" and first["scope"] == "broader"
    assert first["direction"] == "no_difference" and first["certainty"] == "very_low"
    summary = section_text(_report(KETAMINE, NEUROPATHIC_PAIN).to_markdown(forest_src="f.svg"), T.SECTIONS["summary"])
    assert f"{source['first_author']} {source['year']}" in summary.split("\n- ")[1], "not the first item"
    assert "broader population" in summary.split("\n- ")[1]


@pytest.mark.parametrize(("drug", "condition"), PAIRS, ids=IDS)
def test_references_name_publications_never_keys(drug, condition):
    report = _report(drug, condition)
    md = report.to_markdown(forest_src="f.svg")
    refs = md[md.index(f". {T.SECTIONS['references']}\n") :]
    body = md[: md.index(f". {T.SECTIONS['references']}\n")]
    keys = set(sources())
    for ref in report.citations:
        meta = sources()[ref.source.key]
        line = next(x for x in refs.splitlines() if x.startswith(f"- [{ref.number}] "))
        assert not any(re.search(rf"(?<![\w/.]){re.escape(k)}(?![\w/])", line) for k in keys), line[:200]
        if meta["title"]:
            assert meta["title"][:40] in line.replace("\\", ""), f"[{ref.number}] title missing"
        else:
            assert T.REF_NO_TITLE in line, f"[{ref.number}] has no title and does not say so"
    leaked = sorted(k for k in keys if re.search(rf"(?<![\w/.#-]){re.escape(k)}(?![\w/-])", body) and "_" in k)
    assert not leaked, f"internal source keys in the report text: {leaked}"
    # one entry per publication
    for field in ("pmid", "doi"):
        ids = [sources()[r.source.key][field] for r in report.citations if sources()[r.source.key][field]]
        assert len(ids) == len(set(ids)), f"a {field} is listed twice"


def test_a_recommendation_with_two_nnts_shows_both_with_their_sources():
    """Gabapentin's NeuPSIG recommendation links two NNT findings; the guideline table shows each one."""
    with (DATA / "recommendations.tsv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["drug"] == GABAPENTIN and r["findings"]]
    with (DATA / "findings.tsv").open(encoding="utf-8", newline="") as fh:
        findings = {r["id"]: r for r in csv.DictReader(fh, delimiter="\t")}
    nnts = [findings[f] for r in rows for f in r["findings"].split("|") if findings[f]["effect_type"] == "NNT"]
    assert len(nnts) >= 2, "the data no longer has a recommendation with two NNTs: pick another example"
    guidelines = section_text(_report(GABAPENTIN, PHN).to_markdown(forest_src="f.svg"), T.SECTIONS["guidelines"])
    for f in nnts:
        shown = f"{f['estimate']} (CI {f['ci_low']} to {f['ci_high']})"
        assert shown in guidelines, f"NNT of {f['id']} not in the guideline table"


# -- issue 12.5: the reports pick up the new evidence with no special case -----------------------------------------
def _rows(path: str) -> list[dict[str, str]]:
    with (DATA / path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_esketamine_crps_report_shows_sigtermans_2009_through_crps_type_1():
    sigtermans = [k for k, s in sources().items() if s["first_author"].startswith("Sigtermans") and s["year"] == "2009"]
    assert len(sigtermans) == 1
    report = _report(ESKETAMINE, CRPS)
    assert sigtermans[0] in report.citations.keys
    efficacy = section_text(report.to_markdown(forest_src="f.svg"), T.SECTIONS["efficacy"])
    assert "\n| Sigtermans MJ 2009 |" in efficacy and "(subtype)" in efficacy


def test_ketamine_np_shows_cochrane_2025_as_broader_and_trials_under_the_reviews_that_pooled_them():
    report = _report(KETAMINE, NEUROPATHIC_PAIN)
    efficacy = section_text(report.to_markdown(forest_src="f.svg"), T.SECTIONS["efficacy"])
    exact_and_subtypes, broader = efficacy.split("### In broader populations", 1)
    ferraro = next(s for s in sources().values() if s["first_author"].startswith("Ferraro") and s["year"] == "2025")
    assert f"\n| {ferraro['first_author']} 2025 |" in broader and ferraro["first_author"] not in exact_and_subtypes
    lines = efficacy.splitlines()
    nested = 0
    for key, s in sources().items():
        reviews = [r for r in s["included_in"].split("|") if r and r in report.citations.keys]
        name = f"| ↳ {s['first_author']} {s['year']} |"
        if not reviews or key not in report.citations.keys or not any(x.startswith(name) for x in lines):
            continue
        at = next(i for i, x in enumerate(lines) if x.startswith(name))
        above = [x for x in lines[:at] if x.startswith("| ") and not x.startswith("| ↳")]
        review_names = {f"| {sources()[r]['first_author']} {sources()[r]['year']} |" for r in reviews}
        assert any(above[-1].startswith(n) for n in review_names), f"{key} is not under a review that pooled it"
        nested += 1
    assert nested >= 3, "the trials a review pooled are not shown under it"


def test_pregabalin_np_shows_its_approvals_and_label_adverse_reactions_drug_vs_comparator():
    md = _report(PREGABALIN, NEUROPATHIC_PAIN).to_markdown(forest_src="f.svg")
    regulatory = section_text(md, T.SECTIONS["regulatory"])
    approvals = [r for r in _rows("regulatory.tsv") if r["drug"] == PREGABALIN and "approval" in r["action"]]
    assert approvals
    for r in approvals:
        assert f"| {r['date']} |" in regulatory, f"{r['id']} missing from the regulatory table"
    harms = section_text(md, T.SECTIONS["harms"])
    label = [
        r for r in _rows("findings.tsv")
        if r["intervention"] == PREGABALIN and r["effect_type"] == "incidence" and r["comparator_value"]
    ]
    assert label
    for r in label:
        assert f"| {r['estimate']}{r['unit']} | {r['comparator_value']}{r['unit']}" in harms, r["id"]


@pytest.mark.parametrize(("drug", "condition"), PAIRS, ids=IDS)
def test_summary_counts_agree_in_number(drug, condition):
    summary = section_text(_report(drug, condition).to_markdown(forest_src="f.svg"), T.SECTIONS["summary"])
    assert not re.search(r"(?<![\d.])1 further efficacy findings", summary)
    assert not re.search(r"(?<![\d.])(?:[02-9]|\d{2,}) further efficacy finding\b", summary)
