"""The KGX export read by the real ``kgx`` (pinned in the test extra), offline, on the real data.

``kgx validate`` must find no error other than CURIE prefixes the Biolink model's JSON-LD context lacks, and
only for painkg's declared prefixes (:data:`NON_BIOLINK_PREFIXES`). A kgx load → transform → write round trip
(``kgx transform --stream``) must keep every statement as its own edge, negate exactly the statements painkg
negates, and keep the qualifiers and quotes. kgx's in-memory transform keeps one edge per subject–predicate–object
(biolink/kgx#413), which a test states so that a kgx release that changes it is noticed. The Biolink conventions
are checked against the biolink-model package's YAML.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
import yaml

from painkg.io.export import CANONICAL_INVERSE, NEGATED_DIRECTIONS, export, kgx_tables
from painkg.pipeline import build
from painkg.vocab import ASSOCIATION_PREDICATES, PREDICATES
from tests import kgx_offline
from tests.conftest import DATA

pytest.importorskip("kgx", reason="kgx (test extra) reads painkg's KGX export")

#: CURIE prefixes painkg uses that the Biolink model's JSON-LD context does not list, and why they are kept.
NON_BIOLINK_PREFIXES = {
    "painkg": "painkg's own prefix, for concepts no ontology term exists for (declared local prefix)",
    "PAIN": "the Pain Ontology (bioregistry 'pain', OBO PURLs); central neuropathic pain has no other term in "
    "identifiers.tsv, and the Biolink model's prefix map has no PAIN entry",
}


@pytest.fixture(scope="module")
def built():
    return build(DATA, run_shacl=False)


@pytest.fixture(scope="module")
def kgx_files(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("kgx")
    nodes, edges = export(built, "kgx", out)
    return nodes, edges


@pytest.fixture(scope="module")
def kgx():
    with kgx_offline.no_network():
        return kgx_offline.load_kgx()


@pytest.fixture(scope="module")
def biolink() -> dict:
    path = resources.files("biolink_model") / "schema" / "biolink_model.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _slot(curie: str) -> str:
    return curie.split(":", 1)[1].replace("_", " ")


def test_kgx_validator_finds_no_error_but_the_declared_non_biolink_prefixes(kgx, kgx_files, tmp_path):
    nodes, edges = kgx_files
    with kgx_offline.no_network():
        errors = kgx.validate([str(nodes), str(edges)], "tsv", None, str(tmp_path / "report.json"))
    unexpected = []
    prefixes_flagged = set()
    for _level, by_type in errors.items():
        for error_type, messages in by_type.items():
            for message in messages:
                if error_type.startswith("INVALID_") and "not represented in Biolink Model JSON-LD context" in message:
                    prefix = message.split("CURIE prefix '", 1)[1].split("'", 1)[0]
                    prefixes_flagged.add(prefix)
                    if prefix in NON_BIOLINK_PREFIXES:
                        continue
                unexpected.append(f"{error_type}: {message}")
    assert not unexpected, unexpected[:20]
    assert prefixes_flagged == set(NON_BIOLINK_PREFIXES)


def _values(value: object) -> list:
    """A property kgx wrote: a list for several values (or a Biolink multivalued slot), else one plain value."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _round_trip(kgx_files, out: Path) -> tuple[list[dict], list[dict]]:
    """``kgx transform --stream`` of the TSVs to KGX JSON Lines; returns the nodes and edges kgx wrote."""
    from kgx.transformer import Transformer

    nodes, edges = kgx_files
    with kgx_offline.no_network():
        Transformer(stream=True).transform(
            input_args={"filename": [str(nodes), str(edges)], "format": "tsv"},
            output_args={"filename": str(out / "rt"), "format": "jsonl"},
        )

    def read(name: str) -> list[dict]:
        return [json.loads(line) for line in (out / name).read_text(encoding="utf-8").splitlines() if line]

    return read("rt_nodes.jsonl"), read("rt_edges.jsonl")


def test_kgx_round_trip_keeps_every_edge_and_negates_only_what_painkg_negates(kgx, built, kgx_files, tmp_path):
    out_nodes, out = _round_trip(kgx_files, tmp_path)
    statements = {s.id: s for s in built.dataset.statements}
    assert sorted(e["id"] for e in out) == sorted(statements), "kgx merged or dropped edges"
    negated = {e["id"] for e in out if e.get("negated")}
    assert negated == {sid for sid, st in statements.items() if st.direction in NEGATED_DIRECTIONS}
    assert {e["negated"] for e in out if "negated" in e} == {True}
    for row in out:
        st = statements[row["id"]]
        assert row["direction"] == st.direction and row["evidence_type"] == st.evidence_type
        one = len(st.species) == 1 and st.species[0].startswith("NCBITaxon:")
        assert row.get("species_context_qualifier") == (st.species[0] if one else None)
        assert _values(row.get("species")) == list(st.species)
    assert {n["id"] for n in out_nodes} == {e.id for e in built.dataset.entities}


def test_kgx_in_memory_transform_keeps_one_edge_per_triple(kgx, built, kgx_files, tmp_path):
    """kgx's default transform keys edges by subject-predicate-object (biolink/kgx#413): a documented limit."""
    from kgx.transformer import Transformer

    with kgx_offline.no_network():
        Transformer().transform(
            input_args={"filename": [str(p) for p in kgx_files], "format": "tsv"},
            output_args={"filename": str(tmp_path / "mem"), "format": "tsv"},
        )
    out = pd.read_csv(tmp_path / "mem_edges.tsv", sep="\t", dtype=str, keep_default_na=False)
    _n, rows = kgx_tables(built)
    triples = {(r["subject"], r["predicate"], r["object"]) for r in rows}
    assert len(triples) < len(rows), "the data has statements sharing a triple"
    assert len(out) == len(triples)
    assert set(zip(out["subject"], out["predicate"], out["object"], strict=True)) == triples


def test_kgx_quotes_survive_the_round_trip_verbatim(kgx, built, kgx_files, tmp_path):
    _nodes, out = _round_trip(kgx_files, tmp_path)
    by_id = {e["id"]: e for e in out}
    statements = {s.id for s in built.dataset.statements}
    quoted = [q for q in built.dataset.quotes if q.record in statements]
    assert quoted, "the data has quotes on statements"
    for q in quoted:
        assert q.text in _values(by_id[q.record].get("supporting_text")), q.id
        assert q.id in _values(by_id[q.record]["painkg_quotes"])


def test_kgx_edges_follow_biolink_conventions(built, biolink):
    slots = biolink["slots"]
    _nodes, edges = kgx_tables(built)
    statements = {s.id: s for s in built.dataset.statements}
    sources = {s.id: s for s in built.dataset.sources}
    for row in edges:
        st = statements[row["id"]]
        name = _slot(str(row["predicate"]))
        assert name in slots, row["predicate"]
        ann = slots[name].get("annotations") or {}
        # canonical direction: a non-canonical Biolink predicate is written as its canonical inverse, swapped
        assert ann.get("canonical_predicate") or slots[name].get("symmetric") or name == "related to", (
            f"{row['id']}: {row['predicate']} is not a canonical Biolink predicate"
        )
        if row["original_subject"]:
            assert (row["original_subject"], row["original_object"]) == (st.subject, st.object)
            assert (row["subject"], row["object"]) == (st.object, st.subject)
        else:
            assert (row["subject"], row["object"]) == (st.subject, st.object)
        # direction-qualified affects edges say what they cause
        if row.get("object_direction_qualifier"):
            assert row.get("qualified_predicate") == "biolink:causes", row["id"]
        # association-only statements are association predicates
        if st.association_only == "true":
            assert st.predicate in ASSOCIATION_PREDICATES
            assert row["predicate"] in {"biolink:associated_with", "biolink:correlated_with", "biolink:biomarker_for"}
        # every edge with an identified source cites it
        identified = [s for s in st.sources if sources[s].pmid or sources[s].doi or sources[s].url or sources[s].pmcid]
        assert bool(row["publications"]) == bool(identified), row["id"]
        taxon = str(row["species_context_qualifier"])
        assert not taxon or (taxon.startswith("NCBITaxon:") and list(st.species) == [taxon])
    # the inverse table is the model's
    for pred, inverse in CANONICAL_INVERSE.items():
        assert slots[_slot(pred)].get("inverse") == _slot(inverse) or slots[_slot(inverse)].get("inverse") == _slot(
            pred
        )
        assert (slots[_slot(inverse)].get("annotations") or {}).get("canonical_predicate")
    swapped = {r["original_predicate"] for r in edges if r["original_subject"]}
    assert swapped, "the data has part_of / participates_in edges"
    assert all(PREDICATES[p.split(":", 1)[1]].biolink in CANONICAL_INVERSE for p in swapped)
