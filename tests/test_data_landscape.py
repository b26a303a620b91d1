"""Cross-check of data/ against ../shared/reference/landscape_labels.yaml (issue 12 item 3, issue 11 rules).

Both sides are read here, nothing is copied: every landscape source's identifiers, year, type and verified flag;
every regulatory action's date at exactly the reference's precision and its indication wording; every label
adverse reaction with percentages as an incidence finding with those numbers, its table and population; label
mechanisms never turned into more than the label says (gene targets only as the reference maps them, no target
for a mechanism the label calls unknown); every ``treats`` edge drawn from an approval no broader than its scope;
every quote verbatim. Skips without ../shared, fails under CI=true (``reference_or_skip``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from painkg.curation import read_dataset
from painkg.curation.coverage import coverage_report, load_reference
from painkg.model import Dataset, Statement
from painkg.vocab import PREDICATES
from tests.conftest import DATA, reference_or_skip

LANDSCAPE_KINDS = ("regulatory_action", "label_mechanism", "label_adverse_reaction")


def _norm(text: Any) -> str:
    return " ".join(str(text).split())


@cache
def _ds() -> Dataset:
    return read_dataset(DATA).dataset


@cache
def _ref():
    return load_reference(reference_or_skip())


def _landscape() -> dict[str, Any]:
    land = _ref().landscape
    if not land:
        pytest.fail("landscape_labels.yaml is missing from the reference folder")
    return land


def _ref_sources() -> dict[str, dict[str, Any]]:
    """Every reference source entry by key (landscape entries win over older files for their own keys)."""
    out = {s["key"]: s for s in _ref().sources}
    out.update({s["key"]: s for s in _landscape()["sources"]})
    return out


def _sid(key: str) -> str:
    """The data source id of a reference key (its own row or the row that holds it as an alias)."""
    for s in _ds().sources:
        if s.id == key or key in s.aliases:
            return s.id
    raise AssertionError(f"reference source {key!r} is in neither sources.tsv ids nor aliases")


def _entities_named(name: str) -> set[str]:
    """Entity ids a reference drug name denotes: label or synonym, else the first word ('gabapentin (GRALISE)')."""
    names: dict[str, set[str]] = {}
    for e in _ds().entities:
        for n in (e.label, *e.synonyms):
            names.setdefault(n.casefold(), set()).add(e.id)
    key = _norm(name).casefold()
    if key in names:
        return names[key]
    head = re.split(r"[ (]", key, maxsplit=1)[0]
    return {i for n, ids in names.items() if n == head for i in ids}


def _precision(date: str) -> int:
    return len(date.split("-"))


# ------------------------------------------------------------------------------------------------ sources


def test_every_landscape_source_copies_the_reference():
    by_id = {s.id: s for s in _ds().sources}
    for r in _landscape()["sources"]:
        s = by_id[_sid(r["key"])]
        for col in ("pmid", "doi", "pmcid"):
            want = "" if r.get(col) is None else str(r[col])
            assert getattr(s, col) == want, f"{s.id}: {col} {getattr(s, col)!r} != reference {want!r}"
        assert s.year == r.get("year"), f"{s.id}: year {s.year} != reference {r.get('year')}"
        assert s.type == r["type"], f"{s.id}: type {s.type} != reference {r['type']}"
        flag = "true" if str(r["verified"]).lower() == "true" else "partial"
        assert s.verified == flag, f"{s.id}: verified {s.verified!r} != reference {flag!r}"
        assert s.title == _norm(r.get("title") or ""), f"{s.id}: title differs from the reference"


def test_landscape_urls_are_the_reference_page_never_a_mirror_it_lists():
    for r in _landscape()["sources"]:
        s = next(x for x in _ds().sources if x.id == _sid(r["key"]))
        allowed = {"", r.get("url") or "", r["verified_at"]} if not r.get("url") else {r["url"]}
        assert s.url in allowed, f"{s.id}: url {s.url!r} is not the reference's url or verified page"
        assert s.url not in (r.get("also_seen_at") or []), f"{s.id}: url is a page the reference only lists"
        if s.url and s.url != r.get("url"):
            # a verified_at page used as url must be the item's own publisher, never a copy of it
            assert "(not cited" not in s.note and not re.search(r"mirror|aggregator|reproduced", r.get("note") or ""), (
                f"{s.id}: url {s.url} is a copy, not the publisher's page"
            )


# ------------------------------------------------------------------------------------------------ regulatory


def _landscape_regulatory():
    keys = {_sid(s["key"]) for s in _landscape()["sources"]}
    return [g for g in _ds().regulatory if set(g.sources) & keys]


def test_every_dated_regulatory_action_is_stored_at_the_reference_precision():
    for a in _landscape()["regulatory_actions"]:
        if a.get("date") is None:
            continue
        want = str(a["date"])
        drugs = _entities_named(a["drug"])
        srcs = {_sid(k) for k in a["sources"]}
        same = [
            g
            for g in _ds().regulatory
            if g.drug in drugs and g.agency == a["agency"] and g.action == a["action"] and set(g.sources) & srcs
        ]
        rows = [g for g in same if g.date == want]
        assert rows, (
            f"{a['drug']} {a['agency']} {a['action']} {want}: no record with that date ({[g.date for g in same]})"
        )
        for g in rows:
            assert _precision(g.date) == _precision(want), f"{g.id}: precision differs from the reference"
            assert set(g.sources) <= srcs, f"{g.id}: cites {g.sources}, not among the reference's {sorted(srcs)}"
            if a.get("indication"):
                assert g.indication and g.indication_scope == _norm(a["indication"]), (
                    f"{g.id}: indication scope differs from the reference wording"
                )
            else:
                assert not g.indication and not g.indication_scope, f"{g.id}: indication not seen, none invented"


def test_no_regulatory_record_is_more_precise_than_the_reference():
    # every record citing a landscape source carries a date the reference gives for that drug, agency and source
    actions = _landscape()["regulatory_actions"]
    for g in _landscape_regulatory():
        dates = {
            str(a["date"])
            for a in actions
            if a.get("date") is not None
            and g.drug in _entities_named(a["drug"])
            and g.agency == a["agency"]
            and set(g.sources) & {_sid(k) for k in a["sources"]}
        }
        assert g.date in dates, f"{g.id}: date {g.date} not given by the reference (it gives {sorted(dates)})"


def test_undated_actions_are_not_stored_and_their_exclusion_is_recorded():
    gaps = {(g.kind, g.key): g.reason for g in coverage_report(DATA, reference_or_skip()).gaps}
    for a in _landscape()["regulatory_actions"]:
        if a.get("date") is not None:
            continue
        key = f"{_norm(a['drug'])} | {a['agency']} | {a['action']} | {a.get('date')}"
        assert gaps.get(("regulatory_action", key)), f"undated action {key!r} has no recorded reason"


# ------------------------------------------------------------------------------------------------ treats


def _label_treats() -> list[Statement]:
    keys = {_sid(s["key"]) for s in _landscape()["sources"]}
    return [st for st in _ds().statements if st.predicate == "treats" and set(st.sources) & keys]


def test_every_pain_approval_with_a_scope_has_a_treats_edge():
    treats = _label_treats()
    for a in _landscape()["regulatory_actions"]:
        scope = _norm(a.get("indication") or "")
        if not scope or ("pain" not in scope.casefold() and "neuralgia" not in scope.casefold()):
            continue  # not a pain indication (or no wording seen)
        drugs = _entities_named(a["drug"])
        assert any(st.subject in drugs and scope in st.context for st in treats) or a["action"] == "label_change", (
            f"{a['drug']} {a['agency']} {a.get('date')}: pain indication without a treats statement"
        )


def test_no_treats_edge_is_broader_than_its_label_scope():
    actions = _landscape()["regulatory_actions"]
    records = _landscape_regulatory()
    treats = _label_treats()
    assert treats, "no treats statement cites a landscape source"
    for st in treats:
        scopes = [
            _norm(a["indication"])
            for a in actions
            if a.get("indication")
            and st.subject in _entities_named(a["drug"])
            and set(st.sources) & {_sid(k) for k in a["sources"]}
        ]
        assert any(sc in st.context for sc in scopes), f"{st.id}: context {st.context!r} lacks the label scope"
        for g in records:
            if g.drug == st.subject and g.indication_scope and g.indication_scope in st.context:
                matching = [r for r in records if r.drug == st.subject and r.indication_scope == g.indication_scope]
                assert st.object in {r.indication for r in matching}, (
                    f"{st.id}: object {st.object} is not the indication of the records with its scope"
                )


# ------------------------------------------------------------------------------------------------ mechanisms


def test_label_mechanism_genes_only_as_the_reference_maps_them():
    genes = {e.id: e.label for e in _ds().entities if e.kind == "Gene"}
    for lm in _landscape()["label_mechanisms"]:
        drugs = _entities_named(lm["drug"])
        srcs = {_sid(k) for k in lm["sources"]}
        allowed = set(lm.get("target_gene_symbols") or [])
        for st in _ds().statements:
            if st.subject in drugs and st.object in genes and srcs & set(st.sources):
                assert genes[st.object] in allowed, (
                    f"{st.id}: gene {genes[st.object]} is not among the reference's symbols {sorted(allowed)}"
                )
                if re.search(r"not printed|mapped from", lm.get("note") or "") and set(st.sources) <= srcs:
                    assert "not printed" in st.note, f"{st.id}: the gene mapping is not printed; say so in the note"


def test_a_mechanism_the_label_calls_unknown_gets_no_target_edge():
    mech_families = {"target", "mechanism"}
    for lm in _landscape()["label_mechanisms"]:
        if "unknown" not in lm["target_text"] or lm.get("target_gene_symbols"):
            continue
        drugs = _entities_named(lm["drug"])
        srcs = {_sid(k) for k in lm["sources"]}
        wrong = [
            st.id
            for st in _ds().statements
            if st.subject in drugs and srcs & set(st.sources) and PREDICATES[st.predicate].family in mech_families
        ]
        assert not wrong, f"{lm['drug']}: the label says the mechanism is unknown, yet {wrong} cite it"


def test_label_evidence_only_where_the_quote_is_the_labels_own_text():
    types = {s.id: s.type for s in _ds().sources}
    for lm in _landscape()["label_mechanisms"]:
        drugs = _entities_named(lm["drug"])
        srcs = {_sid(k) for k in lm["sources"]}
        not_label = re.search(r"not the label|not the .* label|describing the label", lm.get("note") or "")
        for st in _ds().statements:
            if st.subject not in drugs or not srcs & set(st.sources) or st.predicate == "treats":
                continue
            if PREDICATES[st.predicate].family not in ("target", "mechanism"):
                continue
            if not_label and set(st.sources) <= srcs:
                assert st.evidence_type != "label", f"{st.id}: the reference says the text is not the label's"
            if st.evidence_type == "label":
                assert any(types[s] == "drug_label" for s in st.sources), f"{st.id}: label evidence without a label"


# ------------------------------------------------------------------------------------------------ adverse reactions


def _tables():
    for ar in _landscape()["label_adverse_reactions"]:
        for r in ar.get("reactions") or []:
            yield ar, r


def test_every_label_adverse_reaction_with_numbers_is_an_incidence_finding():
    names = {e.id: {e.label.casefold(), *(s.casefold() for s in e.synonyms)} for e in _ds().entities}
    statements = {st.id: st for st in _ds().statements}
    checked = 0
    for ar, r in _tables():
        if r["drug_pct"] is None:
            continue
        srcs = {_sid(k) for k in ar["sources"]}
        drugs = _entities_named(ar["drug"])
        found = [
            f
            for f in _ds().findings
            if set(f.sources) & srcs
            and f.measure == _norm(ar["table"])
            and f.estimate == pytest.approx(r["drug_pct"], abs=0)
            and f.comparator_value == (None if r["placebo_pct"] is None else pytest.approx(r["placebo_pct"], abs=0))
        ]
        label = f"{ar['drug']} | {r['term']}"
        assert len(found) == 1, f"{label}: {len(found)} findings carry {r['drug_pct']} vs {r['placebo_pct']}"
        f = found[0]
        checked += 1
        assert f.intervention in drugs, f"{f.id}: intervention {f.intervention} is not {ar['drug']}"
        assert (f.kind, f.effect_type, f.unit) == ("safety", "incidence", "%"), f"{f.id}: not a % incidence"
        assert f.population == _norm(ar["population"]), f"{f.id}: population differs from the table's"
        assert f.comparator, f"{f.id}: comparator not named"
        term = r["term"].casefold()
        assert term in names[f.adverse_effect] or f"Reference term: '{r['term']}'" in f.note, (
            f"{f.id}: adverse effect {f.adverse_effect} does not name {r['term']!r} (nor does the note)"
        )
        if r["placebo_pct"] is not None:
            want = (
                "harm"
                if r["drug_pct"] > r["placebo_pct"]
                else "no_difference"
                if r["drug_pct"] == r["placebo_pct"]
                else "benefit"
            )
            assert f.direction == want, f"{f.id}: direction {f.direction}, the numbers say {want}"
        else:
            assert f.caveat, f"{f.id}: comparator rate not seen; the caveat must say so"
        st = statements[f.statement]
        assert (st.subject, st.object) == (f.intervention, f.adverse_effect), f"{f.id}: statement is another pair"
        assert st.predicate in ("has_side_effect", "has_adverse_event"), f"{f.id}: not a harm statement"
        types = {s.id: s.type for s in _ds().sources}
        if st.evidence_type == "label":
            assert any(types[s] == "drug_label" for s in st.sources), f"{st.id}: label evidence without a label"
    assert checked == sum(1 for _, r in _tables() if r["drug_pct"] is not None)


def test_reactions_without_numbers_get_no_number():
    gaps = {(g.kind, g.key): g.reason for g in coverage_report(DATA, reference_or_skip()).gaps}
    names = {e.id: {e.label.casefold(), *(s.casefold() for s in e.synonyms)} for e in _ds().entities}
    for ar, r in _tables():
        if r["drug_pct"] is not None:
            continue
        srcs = {_sid(k) for k in ar["sources"]}
        term = r["term"].casefold()
        for f in _ds().findings:
            named = term in names.get(f.adverse_effect, set()) or term in f.note.casefold()
            if set(f.sources) & srcs and f.measure == _norm(ar["table"]) and named:
                assert f.estimate is None and f.comparator_value is None, f"{f.id}: a number the reference lacks"
        key = f"{_norm(ar['drug'])} | {r['term']} | {_norm(ar.get('table'))[:40]}"
        assert gaps.get(("label_adverse_reaction", key)), f"{key}: not encoded as numbers, reason not recorded"


# ------------------------------------------------------------------------------------------------ quotes, coverage


def _quote_pool() -> dict[str, set[str]]:
    """Per data source id: the reference quotes of its key and aliases plus those of every landscape fact citing it."""
    by_key: dict[str, set[str]] = {}
    for key, s in _ref_sources().items():
        by_key.setdefault(key, set()).update(_norm(q) for q in s.get("quotes") or [])
    land = _landscape()
    for section in ("regulatory_actions", "label_mechanisms", "label_adverse_reactions"):
        for fact in land[section]:
            for k in fact["sources"]:
                by_key.setdefault(k, set()).update(_norm(q) for q in fact.get("quotes") or [])
    return {s.id: set().union(*(by_key.get(k, set()) for k in (s.id, *s.aliases))) for s in _ds().sources}


def test_every_landscape_quote_is_verbatim():
    keys = {_sid(s["key"]) for s in _landscape()["sources"]}
    cites: dict[str, set[str]] = {}
    ds = _ds()
    for attr in ("statements", "findings", "regulatory"):
        for rec in getattr(ds, attr):
            cites[rec.id] = set(rec.sources)
    pool = _quote_pool()
    checked = 0
    for q in ds.quotes:
        if q.source in keys or cites.get(q.record, set()) & keys:
            checked += 1
            assert _norm(q.text) in pool.get(q.source, set()), f"{q.id}: not a reference quote of {q.source}"
    assert checked, "no quote attributed to a landscape source"


def test_every_fact_quote_of_an_encoded_record_is_carried():
    # the quotes of each dated regulatory action live on its record (those read in the record's source)
    texts = {}
    for q in _ds().quotes:
        texts.setdefault(q.record, set()).add(_norm(q.text))
    own = {key: {_norm(q) for q in s.get("quotes") or []} for key, s in _ref_sources().items()}
    for g in _landscape_regulatory():
        src = g.sources[0]
        for a in _landscape()["regulatory_actions"]:
            if str(a.get("date")) == g.date and g.agency == a["agency"] and g.drug in _entities_named(a["drug"]):
                for q in a.get("quotes") or []:
                    if _norm(q) in own.get(src, set()):
                        assert _norm(q) in texts.get(g.id, set()), f"{g.id}: quote {q[:40]!r} not carried"


@pytest.mark.parametrize("kind", [*LANDSCAPE_KINDS, "source"])
def test_no_unexplained_landscape_gap(kind):
    keys = {s["key"] for s in _landscape()["sources"]}
    gaps = [
        g
        for g in coverage_report(DATA, reference_or_skip()).gaps
        if g.kind == kind and not g.reason and (kind != "source" or g.key in keys)
    ]
    assert not gaps, "\n".join(f"{g.kind} {g.key}" for g in gaps)
