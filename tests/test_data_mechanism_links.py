"""Cross-check data/ against ../shared/reference/mechanism_links.yaml (issue 12 item 3, with the rules of issue 11).

Both sides are read here: the reference YAML and the curated TSVs. A statement says which mechanism fact it encodes
in its note (``mechanism_links fact N (...)``); a finding says which outcome it transcribes by source, measure and
timepoint (as ``painkg coverage`` matches it). The tests skip where ../shared/reference is absent and fail under
CI=true (``reference_or_skip``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
import yaml

from painkg.curation import read_dataset
from painkg.graph import to_networkx
from painkg.model import Dataset, Statement
from painkg.vocab import ASSOCIATION_PREDICATES, EVIDENCE_SOURCE_TYPES, EffectType, EvidenceType, Kind, SourceType
from tests.conftest import DATA, KETAMINE, NEUROPATHIC_PAIN, NMDA_RECEPTOR, reference_or_skip

FACT_TAG = re.compile(r"^mechanism_links fact (\d+) \(")
HUMAN, RAT, MOUSE, CAT = "NCBITaxon:9606", "NCBITaxon:10116", "NCBITaxon:10090", "NCBITaxon:9685"
CENTRAL_SENSITIZATION = "MESH:D059333"
#: the middle processes of the ketamine -> NMDA receptor -> process -> neuropathic pain chain (issue 12 item 3)
MIDDLE = {CENTRAL_SENSITIZATION, "painkg:wind_up", "painkg:temporal_summation_of_pain"}
#: hosts that only mirror, index or summarise a publication: never a source's url
MIRRORS = (
    "coek.info",
    "ouci.dntb",
    "mendeley.com",
    "scilit.",
    "acnpsearch",
    "blogspot",
    "47.251.",
    "jneurosci.org/lookup",
    "ketavera",
    "scholarscompass",
    "datospdf",
    "doczz",
    "x-mol",
    "peeref",
    "metajournal",
)


def c(text: Any) -> str:
    """Collapse whitespace, as the TSV writer does (quotes may differ from the reference only in whitespace)."""
    return "" if text is None else " ".join(str(text).split())


@cache
def _ref() -> dict[str, Any]:
    return yaml.safe_load((reference_or_skip() / "mechanism_links.yaml").read_text(encoding="utf-8"))


@cache
def _repairs() -> dict[str, Any]:
    return yaml.safe_load((reference_or_skip() / "repairs.yaml").read_text(encoding="utf-8")) or {}


@cache
def _all_reference_quotes() -> frozenset[str]:
    """Every string under a ``quotes`` key of any reference YAML file (for records other helpers also quote)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "quotes" and isinstance(v, list):
                    found.update(c(q) for q in v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for path in sorted(reference_or_skip().glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return frozenset(found)


@cache
def _ds() -> Dataset:
    return read_dataset(DATA).dataset


def _sources() -> list[dict[str, Any]]:
    return _ref()["sources"]


def _facts() -> list[dict[str, Any]]:
    return _ref()["mechanism_facts"]


def _sid(key: str) -> str:
    """The source id a reference key resolves to (an alias resolves to the row that holds it)."""
    alias = {a: s.id for s in _ds().sources for a in s.aliases}
    return alias.get(key, key)


def _by_fact() -> dict[int, list[Statement]]:
    out: dict[int, list[Statement]] = {}
    for st in _ds().statements:
        m = FACT_TAG.match(st.note)
        if m:
            out.setdefault(int(m.group(1)), []).append(st)
    return out


def _fact_ids() -> list[int]:
    return list(range(1, len(_facts()) + 1))


def _fact_key(n: int) -> str:
    f = _facts()[n - 1]
    return f"{n}: {c(f['subject'])} {f['predicate']} {c(f['object'])}"


@cache
def _supplemented() -> frozenset[str]:
    """Keys of mechanism_links.yaml that also are sources of the two older reference files (their rows exist)."""
    ref = reference_or_skip()
    older = set()
    for name in ("ketamine_evidence.yaml", "mechanisms_and_comparators.yaml"):
        older |= {s["key"] for s in yaml.safe_load((ref / name).read_text(encoding="utf-8"))["sources"]}
    return frozenset(s["key"] for s in _sources() if s["key"] in older)


def _exclusions() -> set[tuple[str, str]]:
    lines = (DATA / "coverage_exclusions.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {tuple(line.split("\t")[:2]) for line in lines if line.strip()}


# ------------------------------------------------------------------------------------------------ sources


def test_reference_has_the_34_sources_and_34_facts_of_issue_12():
    assert len(_sources()) == 34
    assert len(_facts()) == 34


@pytest.mark.parametrize("i", range(34))
def test_source_identifiers_year_and_verified_equal_the_reference(i):
    ref = _sources()[i]
    fixes = {f["key"]: f for f in _repairs().get("source_fixes") or []}
    want = {**ref, **{k: v for k, v in fixes.get(ref["key"], {}).items() if k in ("pmid", "doi", "year", "verified")}}
    rows = {s.id: s for s in _ds().sources}
    s = rows.get(_sid(ref["key"]))
    assert s is not None, f"{ref['key']}: not a source id or alias in data/sources.tsv"
    assert s.pmid == (str(want["pmid"]) if want.get("pmid") else ""), f"{s.id}: pmid"
    assert s.pmcid == (str(want["pmcid"]) if want.get("pmcid") else ""), f"{s.id}: pmcid"
    assert s.doi == (str(want["doi"]) if want.get("doi") else ""), f"{s.id}: doi"
    assert s.year == want.get("year"), f"{s.id}: year {s.year} != {want.get('year')}"
    flag = "true" if str(want["verified"]).lower() == "true" else "partial"
    assert s.verified == flag, f"{s.id}: verified {s.verified!r}, mechanism_links.yaml says {flag!r}"


@pytest.mark.parametrize("i", range(34))
def test_source_url_is_an_official_page_the_reference_lists(i):
    ref = _sources()[i]
    s = {s.id: s for s in _ds().sources}[_sid(ref["key"])]
    if ref["key"] in _supplemented():
        return  # a supplemented row of an older file keeps its url (checked by that file's tests)
    assert not any(m in s.url for m in MIRRORS), f"{s.id}: {s.url} is a mirror or index page"
    if s.url:
        assert s.url in [ref["verified_at"], *(ref.get("also_seen_at") or [])], (
            f"{s.id}: url not given by the reference"
        )


@pytest.mark.parametrize("i", range(34))
def test_source_population_and_size_come_from_the_reference(i):
    ref = _sources()[i]
    s = {s.id: s for s in _ds().sources}[_sid(ref["key"])]
    if ref["key"] in _supplemented():
        return  # an older file describes it too; its population is whichever text the curators kept
    assert s.population == c(ref["population"]), s.id
    if ref.get("n_participants") is not None:
        assert s.n_participants == ref["n_participants"], s.id


# ------------------------------------------------------------------------------------------------ outcomes


def _outcomes() -> list[tuple[str, int, dict[str, Any]]]:
    return [(s["key"], i, o) for s in _sources() for i, o in enumerate(s.get("outcomes") or [], 1)]


@pytest.mark.parametrize("k", range(37))
def test_every_outcome_is_a_finding_with_the_reference_values(k):
    outcomes = _outcomes()
    assert len(outcomes) == 37
    key, i, out = outcomes[k]
    if ("outcome", f"{key}#{i}") in _exclusions():
        return
    sid = _sid(key)
    found = [
        f
        for f in _ds().findings
        if sid in f.sources and f.measure == c(out["measure"]) and f.timepoint == c(out["timepoint"])
    ]
    assert len(found) == 1, f"{key}#{i}: {len(found)} findings with measure {out['measure']!r}"
    (f,) = found
    assert f.sources == (sid,) and f.synthesis == "false", f.id
    assert f.result == c(out["estimate"]), f"{f.id}: result differs from the reference estimate text"
    assert f.estimate is None and f.ci_low is None and f.ci_high is None, (
        f"{f.id}: a number the reference gives as text"
    )
    assert f.p == ("" if out.get("p") is None else str(out["p"])), f"{f.id}: p"
    if f.n_participants is not None or out.get("n") is None:
        assert f.n_participants == out.get("n"), f"{f.id}: n_participants {f.n_participants} != {out.get('n')}"
    else:
        assert "n_participants is empty" in f.note, f"{f.id}: n {out['n']} dropped without a reason in the note"
    assert f.direction == out["direction"], f"{f.id}: direction {f.direction} != {out['direction']}"
    if out["effect_type"] in EffectType.__members__:
        assert f.effect_type == out["effect_type"], f.id
    else:
        assert f.effect_type == "narrative" and out["effect_type"] in f.note, f"{f.id}: unknown effect type unexplained"


# ------------------------------------------------------------------------------------------------ facts


@pytest.mark.parametrize("n", range(1, 35))
def test_every_fact_is_encoded_or_excluded(n):
    sts = _by_fact().get(n, [])
    assert sts, f"fact {_fact_key(n)}: no statement says it encodes this fact"
    f = _facts()[n - 1]
    needed = {_sid(s) for s in f["sources"]}
    whole = any(
        needed <= set(st.sources) and st.evidence_type == f["evidence_type"] and st.direction == f["direction"]
        for st in sts
    )
    assert whole or ("mechanism_link", _fact_key(n)) in _exclusions(), (
        f"fact {n} is split over several statements: record why in coverage_exclusions.tsv"
    )


@pytest.mark.parametrize("n", range(1, 35))
def test_fact_statements_keep_evidence_sources_flags_and_direction(n):
    f = _facts()[n - 1]
    sts = _by_fact()[n]
    assert {s for st in sts for s in st.sources} == {_sid(s) for s in f["sources"]}, f"fact {n}: sources"
    wanted_contested_by = {_sid(s) for s in f["contested_by"]}
    for st in sts:
        assert st.evidence_type == f["evidence_type"], f"{st.id}: evidence type"
        assert st.contested == ("true" if f["contested"] else "false"), f"{st.id}: contested flag"
        assert set(st.contested_by) == wanted_contested_by, f"{st.id}: contested_by {st.contested_by}"
        assert st.association_only == ("true" if f["association_only"] else "false"), f"{st.id}: association flag"
        if f["association_only"]:
            assert st.predicate in ASSOCIATION_PREDICATES, f"{st.id}: association-only fact with {st.predicate}"
    assert any(st.direction == f["direction"] for st in sts), f"fact {n}: no statement has the direction"
    for st in sts:
        if st.direction != f["direction"]:  # a split half of another direction carries its own null result
            own = [x for x in _ds().findings if x.statement == st.id]
            assert own and all(x.direction == "no_difference" for x in own), f"{st.id}: direction unexplained"


def _species(text: str) -> tuple[set[str], bool, bool]:
    """(taxon ids, 'not stated' present, unnamed 'animal' present) of a reference species text."""
    ids, not_stated, animal = set(), False, False
    for tok in re.split(r";\s*", text.lower()):
        if tok.startswith("not stated"):
            not_stated = True
        elif tok.startswith("human"):
            ids.add(HUMAN)
        elif tok.startswith("rat"):
            ids.add(RAT)
        elif tok.startswith("mouse"):
            ids.add(MOUSE)
        elif tok.startswith("cat"):
            ids.add(CAT)
        elif tok.startswith("animal"):
            animal = True
        else:
            pytest.fail(f"unknown species text {tok!r}")
    return ids, not_stated, animal


@pytest.mark.parametrize("n", range(1, 35))
def test_fact_species_and_model_match_the_reference(n):
    f = _facts()[n - 1]
    ids, not_stated, animal = _species(f["species"])
    by_key = {_sid(s["key"]): c(s["population"]) for s in _sources()}
    parts = {c(p) for p in f["population_or_model"].split("; ")} | {c(f["population_or_model"])}
    union: set[str] = set()
    for st in _by_fact()[n]:
        assert set(st.species) <= ids, f"{st.id}: species {st.species} not in the reference text {f['species']!r}"
        union |= set(st.species)
        if not st.species and ids:
            unstated = all("not stated" in by_key.get(s, "") for s in st.sources)
            assert not_stated or unstated, f"{st.id}: species left empty although the reference names {sorted(ids)}"
        if animal:
            assert "animal" in st.note, f"{st.id}: 'human; animal' needs a note on the animal part"
        own = {by_key[s] for s in st.sources if s in by_key}
        assert st.model in parts or st.model in own, f"{st.id}: model {st.model!r} is not the reference's"
    assert union == ids, f"fact {n}: species {sorted(union)} != reference {sorted(ids)}"


@pytest.mark.parametrize("n", range(1, 35))
def test_fact_objects_use_the_reference_ids(n):
    f = _facts()[n - 1]
    kinds = {e.id: e.kind for e in _ds().entities}
    sts = _by_fact()[n]
    lines = (reference_or_skip() / "identifiers.tsv").read_text(encoding="utf-8").splitlines()
    category = {row[2]: row[1] for row in (line.split("\t") for line in lines[1:])}
    for oid in f["object_ids"]:
        condition = kinds.get(oid) == Kind.Condition or (oid not in kinds and category.get(oid) == "condition")
        if condition and f["evidence_type"] in ("animal", "in_vitro"):
            # a model result never points at the human disease: the phenotype measured in the model instead
            assert all(kinds[st.object] == Kind.Phenotype for st in sts), f"fact {n}: animal result on {oid}"
            continue
        assert any(st.object == oid for st in sts), f"fact {n}: object id {oid} unused"
    for st in sts:
        if st.object not in f["object_ids"]:
            assert st.object.startswith("painkg:") or st.object in st.note, (
                f"{st.id}: object {st.object} is neither the reference's id, a painkg id, nor explained in the note"
            )


def test_model_results_never_point_at_a_human_condition():
    kinds = {e.id: e.kind for e in _ds().entities}
    for sts in _by_fact().values():
        for st in sts:
            if st.evidence_type in ("animal", "in_vitro"):
                assert kinds[st.object] != Kind.Condition, f"{st.id}: {st.evidence_type} result on {st.object}"


def test_depression_model_evidence_is_not_analgesia():
    """Item 6 of the reference: AMPA/BDNF/mTOR evidence points at what was measured, never at neuropathic pain."""
    for n in range(26, 35):
        for st in _by_fact()[n]:
            assert st.object != NEUROPATHIC_PAIN, f"{st.id}: points at neuropathic pain"
    depression = _by_fact()[27]
    assert depression and all(st.object == "painkg:depression_like_behaviour" for st in depression)


def test_the_nmda_debate_is_kept_on_both_sides():
    sts = [st for n in (19, 20, 24) for st in _by_fact()[n]]
    assert {st.direction for st in sts} == {"supports", "refutes"}
    assert all(st.contested_by or st.direction == "refutes" for st in sts if st.direction == "supports")


# ------------------------------------------------------------------------------------------------ quotes


def _mine() -> tuple[set[str], set[str]]:
    """Ids of records this file encodes (statements, findings) and of its 34 sources."""
    records = {st.id for sts in _by_fact().values() for st in sts}
    records |= {st.id for st in _ds().statements if st.note.startswith("mechanism_links outcome ")}
    records |= {f.id for f in _ds().findings if "in mechanism_links.yaml" in f.note}
    return records, {_sid(s["key"]) for s in _sources()}


def test_every_quote_is_verbatim_from_the_reference():
    records, sources = _mine()
    by_source: dict[str, set[str]] = {}
    for s in _sources():
        by_source.setdefault(_sid(s["key"]), set()).update(c(q) for q in s["quotes"])
    for f in _facts():
        for k in f["sources"] + f["contested_by"]:
            by_source.setdefault(_sid(k), set()).update(c(q) for q in f["quotes"])
    new = sources - {_sid(k) for k in _supplemented()}
    checked = 0
    for q in _ds().quotes:
        if q.record in records or q.record in new:
            assert c(q.text) in by_source.get(q.source, set()), f"{q.id}: not a quote of {q.source} in the reference"
            checked += 1
        elif q.record in sources:  # a supplemented row of an older file: any reference file may quote it
            assert c(q.text) in _all_reference_quotes(), f"{q.id}: not a quote of the reference"
    assert checked


def test_every_reference_quote_is_carried():
    carried: dict[tuple[str, str], set[str]] = {}
    for q in _ds().quotes:
        carried.setdefault((q.source, c(q.text)), set()).add(q.record)
    for s in _sources():
        for text in s["quotes"]:
            assert (_sid(s["key"]), c(text)) in carried, f"{s['key']}: quote {text[:60]!r} not in quotes.tsv"
    for n, f in enumerate(_facts(), 1):
        ids = {st.id for st in _by_fact()[n]}
        for text in f["quotes"]:
            on = {r for (src, t), recs in carried.items() if t == c(text) for r in recs}
            assert on & ids, f"fact {n}: quote {text[:60]!r} is on none of its statements"


# ------------------------------------------------------------------------------------------------ the path


def _backed(st_sources: list[str], evidence_type: str) -> bool:
    types = {s.id: s.type for s in _ds().sources}
    allowed = EVIDENCE_SOURCE_TYPES[EvidenceType(evidence_type)]
    return any(SourceType(types[s]) in allowed for s in st_sources)


def test_networkx_chain_from_ketamine_through_the_nmda_receptor_to_neuropathic_pain():
    g = to_networkx(_ds())
    facts = {st.id: _facts()[n - 1] for n, sts in _by_fact().items() for st in sts}

    def hops(u: str, v: str) -> list[tuple[str, dict[str, Any]]]:
        return [(k, d) for k, d in g.get_edge_data(u, v, default={}).items() if d["direction"] == "supports"]

    target_hops = hops(KETAMINE, NMDA_RECEPTOR)
    assert any(d["predicate"] in ("channel_blocker_of", "antagonist_of") for _k, d in target_hops)
    chains = []
    for mid in sorted(MIDDLE):
        for k2, d2 in hops(NMDA_RECEPTOR, mid):
            for k3, d3 in hops(mid, NEUROPATHIC_PAIN):
                chains.append((mid, k2, d2, k3, d3))
    assert chains, "no supporting chain ketamine -> NMDA receptor -> process -> neuropathic pain"
    for _mid, k2, d2, k3, d3 in chains:
        for key, d in ((k2, d2), (k3, d3)):
            assert d["evidence_type"] and d["sources"], key
            assert _backed(d["sources"], d["evidence_type"]), (
                f"{key}: {d['evidence_type']} claims more than its sources"
            )
            if key in facts:  # a hop this file encodes says what the reference says, no more
                f = facts[key]
                assert d["evidence_type"] == f["evidence_type"], key
                assert d["association_only"] == bool(f["association_only"]), key
        assert d2["predicate"] in ("contributes_to", "causally_upstream_of"), k2
        # human central sensitization -> neuropathic pain is association only in the reference: it must stay so
        assert d3["association_only"] and d3["predicate"] in ASSOCIATION_PREDICATES, k3
        assert HUMAN in d3["species"], k3
    assert any(mid == CENTRAL_SENSITIZATION for mid, *_ in chains)


def test_temporal_summation_reaches_central_sensitization_only_as_an_association():
    g = to_networkx(_ds())
    edges = g.get_edge_data("painkg:temporal_summation_of_pain", CENTRAL_SENSITIZATION, default={})
    assert edges and all(d["association_only"] and d["predicate"] in ASSOCIATION_PREDICATES for d in edges.values())
    into = g.get_edge_data(NMDA_RECEPTOR, "painkg:temporal_summation_of_pain", default={})
    assert into and all(d["evidence_type"] == "human_experimental" and HUMAN in d["species"] for d in into.values())
