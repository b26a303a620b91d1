"""Cross-check of data/ against ../shared/reference/repairs.yaml (issue 11, item 10): every repair is applied.

Both sides are read: the expected values come from repairs.yaml (and identifiers.tsv / ketamine_evidence.yaml where a
repair points there), the actual ones from data/. A repair that is deliberately not applied (or only in part) must
have a ``repair`` row in data/coverage_exclusions.tsv saying why. Skips without ../shared, fails under CI=true.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

import yaml

from painkg.curation import read_dataset
from painkg.model import Dataset, Finding, Source
from tests.conftest import DATA, reference_or_skip

#: the reference's source types outside the allowed vocabulary, and their data README mapping
_TYPE_MAP = {"primary": "primary_experimental", "preclinical": "primary_experimental", "label": "drug_label"}
_BIB_FIELDS = ("pmid", "pmcid", "doi", "title", "first_author", "year", "journal")


@cache
def _ds() -> Dataset:
    return read_dataset(DATA).dataset


@cache
def _repairs() -> dict[str, Any]:
    with open(reference_or_skip() / "repairs.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def _evidence() -> dict[str, Any]:
    with open(reference_or_skip() / "ketamine_evidence.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _ws(text: Any) -> str:
    return " ".join(str(text).split())


def _source(key: str) -> Source:
    """The data row of a reference key (its id or one of its aliases)."""
    for s in _ds().sources:
        if key == s.id or key in s.aliases:
            return s
    raise AssertionError(f"reference key {key!r} is neither a source id nor an alias in data/sources.tsv")


def _repair_exclusions() -> dict[str, str]:
    rows = (DATA / "coverage_exclusions.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {p[1]: p[2] for p in (r.split("\t") for r in rows) if p[0] == "repair"}


def _seen_only_values() -> list[str]:
    """Every identifier repairs.yaml records only in a ``*_seen_only_on_*`` field (never to be used)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if "_seen_only_on_" in str(k) and v:
                    out.append(str(v))
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(_repairs())
    return out


def _quotes_of(record: str) -> set[str]:
    return {q.text for q in _ds().quotes if q.record == record}


def _findings(pred) -> list[Finding]:
    return [f for f in _ds().findings if pred(f)]


# ---------------------------------------------------------------- source_fixes


def test_every_source_fix_is_applied():
    excluded = _repair_exclusions()
    problems = []
    for fx in _repairs()["source_fixes"]:
        key = fx["key"]
        s = _source(key)
        for col in _BIB_FIELDS:
            want = fx.get(col)
            got = getattr(s, col)
            if got != (want if col == "year" else ("" if want is None else str(want))):
                problems.append(f"{s.id}: {col} is {got!r}, repairs.yaml says {want!r}")
        if s.type != _TYPE_MAP.get(fx["type"], fx["type"]):
            problems.append(f"{s.id}: type {s.type} vs repair {fx['type']}")
        if s.verified != str(fx["verified"]):
            problems.append(f"{s.id}: verified {s.verified!r} vs repair {fx['verified']!r}")
        if fx.get("n_participants") is not None and s.n_participants != fx["n_participants"]:
            problems.append(f"{s.id}: n_participants {s.n_participants} vs repair {fx['n_participants']}")
        if not fx.get("url"):
            if s.url:
                problems.append(f"{s.id}: url {s.url!r} but the repair gives none")
        elif f"source_fixes:{key}" in excluded:
            if s.url == fx["url"] or "url" not in excluded[f"source_fixes:{key}"]:
                problems.append(f"{s.id}: an excluded url must be absent and the exclusion must say why")
        elif s.url != fx["url"]:
            problems.append(f"{s.id}: url {s.url!r}, the repair gives the official page {fx['url']!r}")
    assert not problems, "\n".join(problems)


def test_no_seen_only_value_anywhere_in_data():
    values = _seen_only_values()
    assert values, "repairs.yaml lists identifiers seen only on mirrors; none found: the test reads the wrong file"
    texts = {p.name: p.read_text(encoding="utf-8").lower() for p in DATA.glob("*.tsv")}
    for v in values:
        for name, text in texts.items():
            assert v.lower() not in text, f"{name} holds {v!r}, which repairs.yaml records only as seen on a mirror"


def test_nct01680172_record_from_official_or_sponsor_page_only():
    fx = next(f for f in _repairs()["source_fixes"] if f["key"] == "nct01680172_oral_ketamine_cancer")
    s = _source(fx["key"])
    assert s.title == fx["title"] and s.nct == "NCT01680172" and s.n_participants is None
    old = next(x for x in _evidence()["sources"] if x["key"] == fx["key"])
    old_dates = re.search(r"\((\w+ \d{4}-\w+ \d{4})\)", old["findings"]).group(1)
    for st in _ds().statements:
        assert old_dates not in st.context, f"{st.id}: the outdated registry dates {old_dates} are stated as fact"


# ---------------------------------------------------------------- duplicates


def test_duplicate_pairs_are_one_row_with_aliases():
    ids = {s.id for s in _ds().sources}
    for d in _repairs()["duplicates"]:
        _check_duplicate(d, ids)


def _check_duplicate(d: dict, ids: set[str]) -> None:
    s = _source(d["keep"])
    assert s.id == d["keep"] and d["alias"] in s.aliases and d["alias"] not in ids
    assert s.type == _TYPE_MAP.get(d["type"], d["type"]) and s.verified == d["verified"]
    for k, text in d.items():
        if not k.startswith("corrections_for_"):
            continue
        title = re.search(r"full title '([^']+)'", text).group(1)
        author = re.search(r"first_author ([^;]+);", text).group(1).strip()
        pages = re.search(r"(\d+\(\d+\):\d+-\d+)", text).group(1)
        assert (s.title, s.first_author) == (title, author) and pages in s.journal, f"{s.id}: {k} not applied"


def test_cross_file_duplicate_keys_are_one_row():
    note = next(n for n in _repairs()["notes"] if n["topic"].startswith("cross-file duplicate keys"))
    pairs = re.findall(r"([a-z][a-z0-9_]+) / ([a-z][a-z0-9_]+)", note["text"])
    assert len(pairs) >= 5
    for a, b in pairs:
        assert _source(a).id == _source(b).id, f"{a} and {b} are one publication but two rows"


# ---------------------------------------------------------------- finding_fixes a: NNT / NNH provenance


def _nnx_rows() -> list[tuple[dict, str]]:
    rows = _repairs()["finding_fixes"]["a_finnerup2015_nnt_nnh"]["rows"]
    return [(r, m) for r in rows for m in ("nnt", "nnh") if (r.get(m) or {}).get("estimate") is not None]


def _matching(row: dict, measure: str) -> list[Finding]:
    v = row[measure]
    return _findings(
        lambda f: (
            f.effect_type == measure.upper()
            and (f.estimate, f.ci_low, f.ci_high) == (v["estimate"], v["ci_low"], v["ci_high"])
        )
    )


def test_every_nnt_nnh_cites_the_source_it_was_read_in():
    bja = _source("bjaed2018_np").id
    fin = _source("finnerup2015").id
    checked = 0
    for row, measure in _nnx_rows():
        found = _matching(row, measure)
        assert found, f"{row['drug_class']}: {measure.upper()} {row[measure]['estimate']} missing"
        seen_in = row["seen_in"]
        in_finnerup = measure == "nnt" and "finnerup2015" in seen_in
        for f in found:
            checked += 1
            if in_finnerup:
                assert f.sources == (fin,), f"{f.id}: NNT seen in the Finnerup abstract, source must be {fin}"
                assert f.read_in == ((bja,) if "bjaed2018_np" in seen_in else ()), f"{f.id}: read_in {f.read_in}"
            else:
                assert f.sources == (bja,) and not f.read_in, f"{f.id}: read only in {bja}, so it cites {bja} alone"
                assert "was not visible" in f.note and "NICE" in f.note, f"{f.id}: note must record the BJA caption"
            quotes = {_ws(q) for q in row["quotes"]}
            assert _quotes_of(f.id) & quotes, f"{f.id}: carries none of the repair's quotes"
            assert f.certainty == "", f"{f.id}: the BJA table's rating is not a GRADE certainty"
            rating = re.findall(r"\b(High|Moderate|Good|Low|Poor)\b", " ".join(row["quotes"]))
            if f.sources == (bja,) or f.read_in == (bja,):
                assert f.quality_rating == (rating[0] if rating else ""), f"{f.id}: quality_rating"
            if row.get("n_trials") is not None and (f.sources == (bja,) or f.read_in == (bja,)):
                assert f.n_studies == row["n_trials"], f"{f.id}: n_studies"
    assert checked >= len(_nnx_rows())


def test_no_nnh_is_credited_to_finnerup():
    fin = _source("finnerup2015").id
    assert not _findings(lambda f: f.effect_type == "NNH" and fin in f.sources + f.read_in and "dare" not in f.id)


def test_both_gabapentin_nnts_and_both_capsaicin_bounds_are_kept():
    rows = _repairs()["finding_fixes"]["a_finnerup2015_nnt_nnh"]["rows"]
    gaba = [r for r in rows if r["drug_class"].startswith("gabapentin")]
    assert len(gaba) == 3
    for r in gaba:
        assert len(_matching(r, "nnt")) == 1, f"{r['drug_class']}: exactly one NNT finding"
    caps = next(r for r in rows if r["drug_class"].startswith("capsaicin"))
    nhs_high = float(re.search(r"7\.4-(\d+\.\d)\) from the NHS", caps["note"]).group(1))
    table = _matching(caps, "nnt")
    nhs = _findings(lambda f: f.effect_type == "NNT" and (f.estimate, f.ci_high) == (caps["nnt"]["estimate"], nhs_high))
    assert len(table) == 1 and len(nhs) == 1
    assert table[0].sources == (_source("bjaed2018_np").id,)
    assert _source("nhs_sps_finnerup_summary").id in nhs[0].read_in
    for f in table + nhs:
        assert "upper" in f.caveat, f"{f.id}: must say the other source prints a different upper bound"


def test_tapentadol_row_follows_identifiers():
    ref = reference_or_skip()
    has_id = any(line.split("\t")[0] == "tapentadol" for line in (ref / "identifiers.tsv").read_text().splitlines())
    row = next(
        r for r in _repairs()["finding_fixes"]["a_finnerup2015_nnt_nnh"]["rows"] if r["drug_class"] == "tapentadol"
    )
    assert bool(_matching(row, "nnt")) == has_id


def test_ambiguous_bja_rows_are_not_imported():
    note = _repairs()["finding_fixes"]["a_finnerup2015_nnt_nnh"]["ambiguous_rows_not_recorded"]["note"]
    rows = re.findall(r"'(\w+) (\d+\.\d) (\d+\.\d)–(\d+\.\d) Poor'", note)
    assert len(rows) == 3
    for _name, est, lo, hi in rows:
        assert not _findings(
            lambda f, e=est, a=lo, b=hi: (f.estimate, f.ci_low, f.ci_high) == (float(e), float(a), float(b))
        )


def test_recommendations_link_the_nnt_nnh_of_their_drug():
    fin = _source("finnerup2015").id
    fids = {f.id: f for f in _ds().findings}
    for rec in _ds().recommendations:
        for fid in rec.findings:
            assert fid in fids and fids[fid].intervention == rec.drug, f"{rec.id}: {fid} is not a finding on {rec.drug}"
        if fin in rec.sources and rec.line_of_therapy != "inconclusive":
            nnx = {f.id for f in fids.values() if f.effect_type in ("NNT", "NNH") and f.intervention == rec.drug}
            assert nnx <= set(rec.findings), (
                f"{rec.id}: NNT/NNH findings of its drug not linked: {nnx - set(rec.findings)}"
            )


# ---------------------------------------------------------------- finding_fixes b: Cochrane 2025


def test_cochrane_comparison_carries_no_review_totals():
    b = _repairs()["finding_fixes"]["b_cochrane2025_iv_ketamine_pain"]
    src = _source(b["source_key"])
    (f,) = _findings(
        lambda f: src.id in f.sources and f.effect_type == b["effect_type"] and f.estimate == b["estimate"]
    )
    assert (f.ci_low, f.ci_high) == (b["ci_low"], b["ci_high"])
    assert (f.n_studies, f.n_participants) == (b["n_studies"], b["n_participants"])
    assert f.scale == "" and "0-100" in f.caveat
    assert f.certainty == b["certainty"].replace(" ", "_") and f.timepoint == b["timepoint"]
    assert _ws(b["quotes"][0]) in _quotes_of(f.id)
    totals = next(x for x in _evidence()["sources"] if x["key"] == b["source_key"])
    assert (src.n_studies, src.n_participants) == (totals["n_studies"], totals["n_participants"])
    for g in _findings(lambda g: src.id in g.sources):
        assert g.n_studies != totals["n_studies"] and g.n_participants != totals["n_participants"], g.id


# ---------------------------------------------------------------- finding_fixes c: 5-HT2


def test_5ht2_fact_is_split_by_source():
    c = _repairs()["finding_fixes"]["c_5ht2_receptor"]
    ref = reference_or_skip()
    curie = {
        p[0]: p[2]
        for p in (line.split("\t") for line in (ref / "identifiers.tsv").read_text(encoding="utf-8").splitlines()[1:])
    }
    entities = {e.id: e for e in _ds().entities}
    by_source = {
        s["source"]: [
            st for st in _ds().statements if st.sources == (_source(s["source"]).id,) and st.predicate == "binds"
        ]
        for s in c["statements"]
    }
    (kapur,) = [st for st in by_source["kapur2002_d2"] if "5-HT2" in entities[st.object].label]
    assert kapur.object != curie["HTR2A"] and kapur.direction == "supports" and kapur.contested == "true"
    assert "subtype" in entities[kapur.object].label and entities[kapur.object].id.startswith("painkg:")
    (ijnp,) = by_source["ijnp2000_5ht2a"]
    assert ijnp.object == curie["HTR2A"] and ijnp.direction == "no_effect" and ijnp.contested == "true"
    assert [entities[sp].label for sp in ijnp.species] == ["rat"] and "PC12" in ijnp.model
    for st, s in ((kapur, "kapur2002_d2"), (ijnp, "ijnp2000_5ht2a")):
        spec = next(x for x in c["statements"] if x["source"] == s)
        assert {_ws(q) for q in spec["quotes"]} & _quotes_of(st.id), f"{st.id}: quote missing"
    kspec = next(x for x in c["statements"] if x["source"] == "kapur2002_d2")
    values = sorted(float(v) for v in re.findall(r"(\d+(?:\.\d+)?) uM", kspec["says"]))
    aff = _findings(lambda f: f.kind == "affinity" and f.sources == (_source("kapur2002_d2").id,))
    assert sorted(f.estimate for f in aff) == values and {f.unit for f in aff} == {"uM"}
    statements = {st.id: st for st in _ds().statements}
    for f in aff:
        assert f.statement in statements and _source("kapur2002_d2").id in statements[f.statement].sources, f.id
        assert "not stated" in f.caveat, f"{f.id}: the source names no affinity measure; say so"


# ---------------------------------------------------------------- finding_fixes d: NMDA antagonists


def _drug_entity(name: str) -> str:
    """The Drug entity a summary's drug name maps to (label equal, or label starting with the name)."""
    drugs = [e for e in _ds().entities if e.kind == "Drug"]
    for e in drugs:
        if e.label == name:
            return e.id
    (hit,) = [e.id for e in drugs if e.label.startswith(name + " ")]
    return hit


def _nmda_results() -> list[tuple[str, dict]]:
    d = _repairs()["finding_fixes"]["d_nmda_antagonists_in_np_attribution"]
    return [(x["drug"], r) for x in d["drugs"] for r in x["results"]]


def test_one_nmda_finding_per_drug_source_result():
    statements = {st.id: st for st in _ds().statements}
    expected = Counter(
        (_drug_entity(drug), _source(r["source"]).id) for drug, r in _nmda_results() if r["result"] != "none stated"
    )
    for (drug, src), n in expected.items():
        found = _findings(lambda f, d=drug, s=src: f.sources == (s,) and d in (f.intervention, *f.co_interventions))
        assert len(found) >= n, f"{drug} / {src}: {n} stated result(s), {len(found)} finding(s)"
        keys = Counter(
            (f.intervention, f.co_interventions, f.measure, f.condition, f.population, f.comparator) for f in found
        )
        assert max(keys.values()) == 1, f"{drug} / {src}: the same result stored twice"
        for f in found:
            assert _source(src).year is not None
            st = statements.get(f.statement)
            if st is not None:
                assert src in st.sources, f"{f.id} bears on {st.id}, which does not cite {src}"
    for drug, r in _nmda_results():
        assert _source(r["source"]).year == r["year"], f"{r['source']}: year differs from the repair's"
        for q in r.get("quotes") or []:
            if r["result"] != "none stated":
                src = _source(r["source"]).id
                own = [f for f in _ds().findings if f.sources == (src,)]
                assert any(_ws(q) in _quotes_of(f.id) for f in own), f"{drug} / {r['source']}: quote not on a finding"


def test_no_nmda_summary_survives_and_silent_sources_are_dropped():
    mech = yaml.safe_load((reference_or_skip() / "mechanisms_and_comparators.yaml").read_text(encoding="utf-8"))
    summaries = {_ws(e["evidence_summary"]) for e in mech["nmda_antagonists_in_np"]}
    assert not _findings(lambda f: f.result in summaries or "evidence summary" in f.measure)
    silent = {_source(r["source"]).id for _d, r in _nmda_results() if r["result"] == "none stated"}
    for st in _ds().statements:
        assert not silent & set(st.sources), f"{st.id} cites {silent & set(st.sources)}, which state no result"
    assert not _findings(lambda f: silent & set(f.sources))


def test_dextromethorphan_only_nelson_beat_placebo():
    dxm = _drug_entity("dextromethorphan")
    note = next(n for n in _repairs()["notes"] if n["topic"].startswith("dextromethorphan summary"))
    nelson, sang = (_source(k).id for k in note["sources"])
    supports = [
        st
        for st in _ds().statements
        if st.subject == dxm and st.direction == "supports" and st.predicate == "studied_to_treat"
    ]
    assert supports and all(nelson in st.sources and sang not in st.sources for st in supports)
    for f in _findings(lambda f: f.sources == (sang,) and f.intervention == dxm):
        assert f.direction != "benefit" or ("placebo" not in f.comparator.replace("active placebo", "")), f.id
        if f.direction == "benefit":
            assert not f.statement and "not a comparison with placebo" in f.caveat, (
                f"{f.id}: must not read as beating placebo"
            )
    assert _ws(note["quotes"][0]) in {q.text for q in _ds().quotes if q.source == sang}


def test_magnesium_records_say_the_sources_are_not_independent():
    note = next(n for n in _repairs()["notes"] if n["topic"].startswith("Pickering 2020 co-authorship"))
    keys = [_source(k).id for k in note["sources"]]
    for k in keys:
        assert "co-author" in _source(k).note, f"{k}: note must say the magnesium sources are not independent"
    mg = _drug_entity("magnesium")
    for st in _ds().statements:
        if st.subject == mg and set(keys) & set(st.sources):
            assert "co-author" in st.note, st.id


# ---------------------------------------------------------------- notes, quotes and decisions


def test_notes_on_types_and_verification_are_applied():
    notes = {n["topic"]: n for n in _repairs()["notes"]}
    tv = next(n for t, n in notes.items() if t == "type vocabulary")
    rcts = re.search(r"RCTs such as ([^-]+) -> rct", tv["text"]).group(1)
    for key in re.findall(r"[a-z][a-z0-9_]+", rcts):
        assert _source(key).type == "rct", f"{key}: repairs.yaml says it is an RCT"
    for key in tv["sources"]:
        s = _source(key)
        assert s.type == "meta_analysis" and s.issues_recommendations == "true", f"{key}: meta-analysis issuing GRADE"
        assert {_ws(q) for q in tv["quotes"]} <= _quotes_of(s.id), f"{key}: the PMC title variant is recorded"
    vt = next(n for t, n in notes.items() if t.startswith("verified 'true'"))
    for key in vt["sources"]:
        assert _source(key).verified == "partial", f"{key}: verified 'true' without identifiers must be partial"


def test_repair_quotes_are_stored_verbatim():
    """Every repairs.yaml quote is in quotes.tsv, except those holding a mirror-only identifier or under a recorded exclusion."""
    excluded = _repair_exclusions()
    stored = {q.text for q in _ds().quotes}
    seen_only = _seen_only_values()
    sections = [(f"source_fixes:{fx['key']}", fx.get("quotes") or []) for fx in _repairs()["source_fixes"]] + [
        (f"notes:{n['topic']}", n.get("quotes") or []) for n in _repairs()["notes"]
    ]
    ff = _repairs()["finding_fixes"]
    sections += [("finding_fixes:a", q) for q in [r.get("quotes") or [] for r in ff["a_finnerup2015_nnt_nnh"]["rows"]]]
    sections += [("finding_fixes:b", ff["b_cochrane2025_iv_ketamine_pain"]["quotes"])]
    sections += [("finding_fixes:c", s["quotes"]) for s in ff["c_5ht2_receptor"]["statements"]]
    sections += [("finding_fixes:d", r.get("quotes") or []) for _d, r in _nmda_results()]
    sections += [(f"duplicates:{d['keep']}", d.get("quotes") or []) for d in _repairs()["duplicates"]]
    missing = []
    for key, quotes in sections:
        for q in quotes:
            if _ws(q) in stored or any(v in q for v in seen_only):
                continue
            if key in excluded and ("quote" in excluded[key] or "not stored" in excluded[key]):
                continue
            missing.append((key, _ws(q)[:80]))
    assert not missing, f"repairs.yaml quotes not in data/quotes.tsv: {missing}"
    for q in _ds().quotes:
        if "repairs.yaml" in q.note:
            assert any(_ws(x) == q.text for _k, xs in sections for x in xs), f"{q.id}: text is not a repairs.yaml quote"


def test_every_repair_exclusion_names_a_repairs_entry():
    r = _repairs()
    keys = {f"source_fixes:{fx['key']}" for fx in r["source_fixes"]}
    keys |= {f"duplicates:{d['keep']}" for d in r["duplicates"]}
    keys |= {f"finding_fixes:{k}" for k in r["finding_fixes"]}
    keys |= {f"notes:{n['topic']}" for n in r["notes"]}
    for key, reason in _repair_exclusions().items():
        assert key in keys, f"coverage_exclusions.tsv: repair key {key!r} names no repairs.yaml entry"
        assert len(reason) > 40, f"{key}: say why it is not applied"
