"""The faithful-evidence sweep (issue 11) over the records that came from the two older reference files.

One test per defect class of issue 11, each reading both sides (data/ and ../shared/reference) so that it fails
when a record says something its source does not: directions, population and model, association vs cause,
numbers at the level reported, stereoisomers, structure hidden in free text, quotes. Records that
``repairs.yaml`` re-derives (its ``source_fixes``, ``duplicates``, ``finding_fixes`` and ``notes``) are checked by
the repairs tests and skipped here where a rule would otherwise judge them twice. The tests skip (with the
reason) where ../shared/reference is absent and fail under CI=true.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from painkg.curation import read_dataset
from painkg.curation.coverage import outcome_for
from painkg.model import Dataset, Finding, Source, Statement
from painkg.vocab import ASSOCIATION_PREDICATES, CLINICAL_PREDICATES
from tests.conftest import DATA, reference_or_skip

REVIEW_TYPES = ("meta_analysis", "systematic_review", "review", "guideline")
CLINICAL_TYPES = ("rct", "observational", "case_series")


@cache
def _ds() -> Dataset:
    return read_dataset(DATA).dataset


@cache
def _yaml(name: str) -> Any:
    with open(reference_or_skip() / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _evidence() -> dict[str, Any]:
    return _yaml("ketamine_evidence.yaml")


def _mechanisms() -> dict[str, Any]:
    return _yaml("mechanisms_and_comparators.yaml")


@cache
def _identifiers() -> dict[str, dict[str, str]]:
    lines = (reference_or_skip() / "identifiers.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:]]
    return {r["preferred_curie"]: r for r in rows}


def _alias() -> dict[str, str]:
    out = {s.id: s.id for s in _ds().sources}
    out.update({a: s.id for s in _ds().sources for a in s.aliases})
    return out


def _resolve(keys) -> set[str]:
    alias = _alias()
    return {alias.get(k, k) for k in keys}


def _finding_fix_sources() -> set[str]:
    """Sources whose findings repairs.yaml re-derives (finding_fixes): the repairs tests judge those."""
    ff = _yaml("repairs.yaml")["finding_fixes"]
    keys = set(ff["a_finnerup2015_nnt_nnh"]["source_keys"]) | {ff["b_cochrane2025_iv_ketamine_pain"]["source_key"]}
    keys |= {s["source"] for s in ff["c_5ht2_receptor"]["statements"]}
    keys |= {r["source"] for d in ff["d_nmda_antagonists_in_np_attribution"]["drugs"] for r in d["results"]}
    return _resolve(keys)


def _repaired_sources() -> set[str]:
    """Source rows whose identity, design or provenance repairs.yaml rewrites (any section names them)."""
    rp = _yaml("repairs.yaml")
    keys = {f["key"] for f in rp["source_fixes"]} | {k for d in rp["duplicates"] for k in d["pair"]}
    keys |= {k for n in rp["notes"] for k in (n.get("sources") or [])}
    return _resolve(keys) | _finding_fix_sources()


def _ev_sources() -> dict[str, dict[str, Any]]:
    """ketamine_evidence.yaml sources keyed by their data/ source id."""
    alias = _alias()
    return {alias.get(s["key"], s["key"]): s for s in _evidence()["sources"]}


def _kinds() -> dict[str, str]:
    return {e.id: e.kind for e in _ds().entities}


def _statements() -> dict[str, Statement]:
    return {s.id: s for s in _ds().statements}


def _sources() -> dict[str, Source]:
    return {s.id: s for s in _ds().sources}


def _mine(f: Finding) -> bool:
    return not set(f.sources) & _finding_fix_sources()


# ---------------------------------------------------------------------------------------- 1. directions


def test_reference_null_results_never_rest_on_a_supporting_edge():
    """A result the reference records as no_difference bears on a non-supporting statement or a no_change interaction.

    Before the sweep the CYP2B6-genotype null result hung on nothing (its only statement said 'supports').
    """
    statements = _statements()
    no_change = {f for i in _ds().interactions if i.direction == "no_change" for f in i.findings}
    from painkg.curation.coverage import load_reference

    ref = load_reference(reference_or_skip())
    checked = 0
    for f in _ds().findings:
        out = outcome_for(f, ref)
        if out is None or out.get("direction") != "no_difference" or not _mine(f):
            continue
        checked += 1
        if f.id in no_change:
            continue
        assert f.statement, f"{f.id}: null result not linked to any statement; link it to a no_effect statement"
        st = statements[f.statement]
        assert st.direction != "supports", f"{f.id}: null result on supporting statement {st.id}"
    assert checked >= 5


_NO_EVIDENCE = re.compile(r"\b(no evidence|weak or no evidence|inconclusive)\b", re.I)


def test_absence_of_evidence_is_insufficient_not_a_null_result():
    """A guideline saying 'no evidence' or 'inconclusive' says the evidence allows no conclusion (insufficient)."""
    types = {s.id: s.type for s in _ds().sources}
    seen = 0
    for f in _ds().findings:
        if _mine(f) and all(types[s] == "guideline" for s in f.sources) and _NO_EVIDENCE.search(f.result):
            seen += 1
            assert f.direction == "insufficient", f"{f.id}: '{f.result}' is direction {f.direction}, not insufficient"
    for st in _ds().statements:
        if all(types[s] == "guideline" for s in st.sources) and _NO_EVIDENCE.search(st.context):
            seen += 1
            assert st.direction == "insufficient", f"{st.id}: '{st.context}' is direction {st.direction}"
    assert seen >= 3


# ---------------------------------------------------------------------------------- 2. population and model


def test_model_results_with_clinical_predicates_point_at_a_named_phenotype():
    """Animal, in-vitro and experimental-pain results with a clinical predicate point at a Phenotype with its model."""
    kinds = _kinds()
    seen = 0
    for st in _ds().statements:
        if st.predicate in CLINICAL_PREDICATES and st.evidence_type in ("animal", "in_vitro", "human_experimental"):
            seen += 1
            assert kinds[st.object] == "Phenotype", f"{st.id}: {st.object} is a {kinds[st.object]}, not a Phenotype"
            assert st.model, f"{st.id}: the model of this {st.evidence_type} result is not named"
    assert seen >= 5


def test_findings_name_population_and_species():
    """Every finding states who or what was studied; findings of clinical and volunteer sources name the species."""
    ev = _ev_sources()
    seen = 0
    for f in _ds().findings:
        if not _mine(f):
            continue
        seen += 1
        assert f.population, f"{f.id}: population empty (reference: {(ev.get(f.sources[0]) or {}).get('population')!r})"
        if f.sources[0] in ev:
            assert f.species, f"{f.id}: species empty"
    assert seen >= 50


def test_statements_in_a_species_name_the_model():
    """A statement made in a non-human species names the model it was seen in."""
    human = {e.id for e in _ds().entities if e.kind == "OrganismTaxon" and e.label == "human"}
    for st in _ds().statements:
        if any(sp not in human for sp in st.species):
            assert st.model, f"{st.id}: species {st.species} but no model"


_COMBINATION_WORDS = ("antidepressant", "SSRI", "SNRI", "monotherapy")


def test_label_scope_says_adjunct_or_monotherapy():
    """An indication's scope carries the label's adjunct/monotherapy wording the reference gives for the act."""
    ev = _ev_sources()
    seen = 0
    for g in _ds().regulatory:
        if not g.indication:
            continue
        for s in g.sources:
            regimen = ((ev.get(s) or {}).get("intervention") or {}).get("regimen") or ""
            words = [w for w in _COMBINATION_WORDS if w.lower() in regimen.lower()]
            if words:
                seen += 1
                assert any(w.lower() in g.indication_scope.lower() for w in _COMBINATION_WORDS), (
                    f"{g.id}: scope {g.indication_scope!r} omits the label's '{regimen}'"
                )
    assert seen >= 3


# ---------------------------------------------------------------------------------- 3. association vs cause


def _predictive_facts() -> list[dict[str, Any]]:
    pat = re.compile(r"predict|associat|correlat", re.I)
    return [
        f
        for f in _mechanisms()["mechanism_facts"]
        if pat.search(" ".join(str(f.get(k) or "") for k in ("object", "qualifier", "note")))
    ]


def test_predictive_results_are_associations():
    """A study that shows prediction or association never becomes a causal edge."""
    mech_types = {s["key"]: s["type"] for s in _mechanisms()["sources"]}
    facts = _predictive_facts()
    assert facts, "the reference marks at least one fact as predictive"
    studies = set()
    for fact in facts:
        studies |= _resolve(k for k in fact["sources"] if mech_types.get(k) == "primary")
    seen = 0
    for st in _ds().statements:
        if set(st.sources) & studies or re.search(r"\bpredict", st.context, re.I):
            seen += 1
            assert st.association_only == "true", f"{st.id}: a predictive result must be association_only"
            assert st.predicate in ASSOCIATION_PREDICATES, f"{st.id}: causal predicate {st.predicate}"
    assert seen >= 1


# ---------------------------------------------------------------------------- 4. numbers at the level reported


def _review_totals() -> dict[str, tuple[int | None, int | None]]:
    out = {}
    for sid, src in _ev_sources().items():
        if src["type"] in REVIEW_TYPES and (src.get("n_studies") or src.get("n_participants")):
            out[sid] = (src.get("n_studies"), src.get("n_participants"))
    return out


def test_review_totals_sit_on_the_source_row():
    """A review's whole-source totals (studies, participants) are on its source row."""
    sources = _sources()
    repaired = _repaired_sources()
    seen = 0
    for sid, (n_s, n_p) in _review_totals().items():
        if sid in repaired:
            continue
        seen += 1
        assert (sources[sid].n_studies, sources[sid].n_participants) == (n_s, n_p), (
            f"{sid}: source row totals {sources[sid].n_studies}/{sources[sid].n_participants} != reference {n_s}/{n_p}"
        )
    assert seen >= 4


def test_no_comparison_carries_its_reviews_totals():
    """A single comparison of a review with several results never carries the review's totals."""
    totals = _review_totals()
    by_source: dict[str, list[Finding]] = {}
    for f in _ds().findings:
        by_source.setdefault(f.sources[0], []).append(f)
    for sid, (n_s, n_p) in totals.items():
        findings = [f for f in by_source.get(sid, []) if _mine(f)]
        if len(findings) < 2:
            continue
        for f in findings:
            carried = (f.n_studies is not None and f.n_studies == n_s) or (
                f.n_participants is not None and f.n_participants == n_p
            )
            assert not carried, f"{f.id}: carries {sid}'s whole-review totals ({n_s}/{n_p}) on one comparison"


# ---------------------------------------------------------------------------------------- 5. stereoisomers


def test_racemate_has_its_enantiomers_as_components():
    """A racemate ((RS)- synonym) has_component each single enantiomer; enantiomer_of never touches the racemate."""
    ents = _ds().entities
    supports = {(s.subject, s.predicate, s.object) for s in _ds().statements if s.direction == "supports"}
    racemates = {e.id: syn[5:] for e in ents for syn in e.synonyms if syn.startswith("(RS)-")}
    assert racemates
    for rid, name in racemates.items():
        parts = [e.id for e in ents if {f"(S)-{name}", f"(R)-{name}"} & set(e.synonyms)]
        assert len(parts) == 2, f"{rid}: expected an (S)- and an (R)- entity for {name}"
        for p in parts:
            assert (rid, "has_component", p) in supports, f"{rid} lacks has_component {p}"
        for st in _ds().statements:
            if st.predicate == "enantiomer_of":
                assert rid not in (st.subject, st.object), f"{st.id}: enantiomer_of with the racemate {rid}"


_STEREO = re.compile(r"\(\d?[RS],?\d?[RS]?\)|\b[RS]-[a-z]")


def test_stereo_unspecified_records_are_not_a_stereoisomer():
    """An identifiers.tsv record marked stereo-unspecified is not labelled or named as one stereoisomer."""
    ids = _identifiers()
    flagged = [c for c, r in ids.items() if "stereo-unspecified" in r.get("synonyms", "")]
    assert flagged
    ents = {e.id: e for e in _ds().entities}
    for curie in flagged:
        e = ents.get(curie)
        if e is None:
            continue
        names = [e.label, *e.synonyms]
        assert not any(_STEREO.search(n) for n in names), f"{curie}: stereo-unspecified record named {names}"


def test_statements_name_the_stereoisomer_their_fact_names():
    """Every statement citing a fact about a named stereoisomer has that stereoisomer (by label) as subject."""
    labels = {e.id: e.label for e in _ds().entities}
    facts = [f for f in _mechanisms()["mechanism_facts"] if f["subject"].startswith("(2R,6R)-")]
    assert facts
    for fact in facts:
        srcs = _resolve(fact["sources"])
        rows = [s for s in _ds().statements if set(s.sources) == srcs]
        assert rows, f"no statement cites {sorted(srcs)}"
        for st in rows:
            if st.subject in labels and "hydroxynorketamine" in labels[st.subject]:
                assert labels[st.subject] == fact["subject"], f"{st.id}: subject {labels[st.subject]!r}"


# ---------------------------------------------------------------------------- 6. structure hidden in free text

_AFFINITY = re.compile(r"\b(?:p?Ki|IC50|EC50)\b([^;]*)")
_VALUE = re.compile(r"(?<![-\d.<=])(\d+(?:\.\d+)?)\s*(uM|nM)\b(?!\s*-)")


def _affinity_texts() -> list[str]:
    m = _mechanisms()
    texts = [" ".join(str(f.get(k) or "") for k in ("qualifier", "note")) for f in m["mechanism_facts"]]
    texts += [" ".join(str(c.get(k) or "") for k in ("mechanism", "note")) for c in m["comparators"]]
    return texts


def test_affinity_values_are_typed_findings():
    """Every Ki/IC50/EC50 value the older reference files give in text is an affinity finding with value and unit."""
    values = set()
    for text in _affinity_texts():
        for clause in _AFFINITY.findall(text):
            values |= {(float(v), u) for v, u in _VALUE.findall(clause.split(" computed")[0])}
    assert len(values) >= 15
    have = {(f.estimate, f.unit) for f in _ds().findings if f.kind == "affinity"}
    missing = sorted(v for v in values if v not in have)
    assert not missing, f"affinity values only in text: {missing}"
    pki = {float(v) for t in _affinity_texts() for v in re.findall(r"pKi (\d+\.\d+)", t)}
    results = " ".join(f.result for f in _ds().findings if f.kind == "affinity")
    for v in sorted(pki):
        assert f"pKi {v:g}" in results, f"pKi {v} is not the stated result of an affinity finding"


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def test_numbers_read_in_fact_text_equal_the_reference():
    """Findings transcribed from a mechanism fact's text carry only numbers that text states."""
    facts = _mechanisms()["mechanism_facts"]
    seen = 0
    for f in _ds().findings:
        m = re.search(r"reference fact (\d+)", f.note)
        if not m:
            continue
        fact = facts[int(m.group(1)) - 1]
        text = " ".join(str(fact.get(k) or "") for k in ("object", "qualifier", "note"))
        numbers = {abs(float(n)) for n in _NUMBER.findall(text)}
        for col in ("estimate", "ci_low", "ci_high"):
            value = getattr(f, col)
            if value is not None:
                seen += 1
                assert abs(value) in numbers, f"{f.id}: {col} {value} is not in fact {m.group(1)}: {text!r}"
    assert seen >= 5


_DESIGN_WORDS = {
    "randomized": re.compile(r"randomi[sz]ed", re.I),
    "double_blind": re.compile(r"double[- ]blind", re.I),
    "open_label": re.compile(r"open[- ]label|\bopen study", re.I),
    "crossover": re.compile(r"cross[- ]?over", re.I),
    "placebo": re.compile(r"placebo", re.I),
}


def _design_text(sid: str, src: dict[str, Any]) -> str:
    parts = [src.get(k) or "" for k in ("title", "population", "comparator", "findings")]
    for fact in _mechanisms()["mechanism_facts"]:
        if sid in _resolve(fact["sources"]) and len(fact["sources"]) == 1:
            parts.append(str(fact.get("qualifier") or ""))
    return " ".join(str(p) for p in parts)


def test_clinical_sources_carry_the_design_the_reference_states():
    """randomized / blinding / allocation / control are set wherever the reference text states them."""
    repaired = _repaired_sources()
    sources = _sources()
    seen = 0
    for sid, src in _ev_sources().items():
        if sid in repaired or src["type"] not in CLINICAL_TYPES:
            continue
        text = _design_text(sid, src)
        row = sources[sid]
        if _DESIGN_WORDS["randomized"].search(text) and "not described as randomized" not in text:
            seen += 1
            assert row.randomized == "true", f"{sid}: reference says randomized"
        if _DESIGN_WORDS["double_blind"].search(text):
            seen += 1
            assert row.blinding == "double_blind", f"{sid}: reference says double-blind"
        if _DESIGN_WORDS["open_label"].search(text):
            seen += 1
            assert row.blinding == "open_label", f"{sid}: reference says open-label"
        if _DESIGN_WORDS["crossover"].search(text):
            seen += 1
            assert row.allocation == "crossover", f"{sid}: reference says crossover"
        if _DESIGN_WORDS["placebo"].search(src.get("comparator") or ""):
            seen += 1
            assert row.control == "placebo", f"{sid}: reference comparator is a placebo"
    assert seen >= 20


def test_combination_arms_name_every_drug_and_findings_point_at_arms():
    """A combination intervention is one arm naming each drug; a source with arms has every finding on an arm."""
    arms_of: dict[str, list] = {}
    for a in _ds().arms:
        arms_of.setdefault(a.source, []).append(a)
    fixes = _finding_fix_sources()
    seen = 0
    for sid, src in _ev_sources().items():
        drug = str(((src.get("intervention") or {}).get("drug")) or "")
        if " + " in drug and sid not in fixes:
            seen += 1
            assert any(len(a.interventions) >= 2 for a in arms_of.get(sid, [])), (
                f"{sid}: '{drug}' is a combination but no arm names two drugs"
            )
    assert seen >= 4
    for f in _ds().findings:
        if f.sources[0] in arms_of and _mine(f):
            assert f.arm, f"{f.id}: its source has arms but the finding names none"


def test_certainty_only_from_a_grade_rating():
    """certainty holds GRADE ratings only; a source's own grade goes to quality_rating."""
    ev = _ev_sources()
    for f in _ds().findings:
        if f.certainty and _mine(f):
            text = str((ev.get(f.sources[0]) or {}).get("certainty") or "")
            assert "GRADE" in text, f"{f.id}: certainty {f.certainty} but the source's grade is {text!r}, not GRADE"


def test_pharmacokinetic_interactions_agree_with_their_exposure_findings():
    """A PK interaction's direction is the direction of its AUC/Cmax findings."""
    findings = {f.id: f for f in _ds().findings}
    for i in _ds().interactions:
        if i.kind != "pharmacokinetic":
            continue
        exposure = [findings[x] for x in i.findings if re.search(r"AUC|Cmax", findings[x].measure)]
        assert exposure, f"{i.id}: no exposure finding"
        assert {f.direction for f in exposure} == {i.direction}, f"{i.id}: {i.direction} vs findings"


# ---------------------------------------------------------------------------------------------- 7. quotes


def _all_reference_quotes() -> set[str]:
    out: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "quotes" and isinstance(v, list):
                    out.update(" ".join(str(q).split()) for q in v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for name in (
        "ketamine_evidence.yaml",
        "mechanisms_and_comparators.yaml",
        "repairs.yaml",
        "mechanism_links.yaml",
        "ketamine_trials.yaml",
        "landscape_labels.yaml",
    ):
        walk(_yaml(name))
    return out


def test_quotes_are_verbatim_reference_quotes():
    """No quote is invented: each is verbatim (whitespace collapsed) a `quotes` entry of a reference file.

    The two older files carry no quotes, so the sweep added none; this guards that no record of theirs gains one.
    """
    quotes = _all_reference_quotes()
    for q in _ds().quotes:
        assert " ".join(q.text.split()) in quotes, f"{q.id}: not a reference quote"
