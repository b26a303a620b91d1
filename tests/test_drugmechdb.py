"""painkg's DrugMechDB export passes DrugMechDB's own path rules, on the real data and the fixture.

:class:`PathRules` applies the rules of DrugMechDB's published path tester (SuLab/DrugMechDB
``utils/test_indications.py``, ``PathTester``): required path, graph, node and link keys; the drug and the disease
among the nodes; every link's ends among the nodes and every node on a link; the links starting at the drug
(``drug_mesh`` or ``drugbank``) and ending at ``disease_mesh``; no inner node that is only a source or only a
target; ``DB:`` / ``MESH:`` graph ids; one-colon CURIEs with an allowed prefix; DrugMechDB node labels and link
keys. The vocabulary is DrugMechDB v2.0.1's (tests/fixtures/external/drugmechdb_vocabulary.yaml).
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from painkg.io import drugmechdb as dmdb
from painkg.io.export import DRUGMECHDB_FILE, DRUGMECHDB_OPEN_FILE, drugmechdb_paths, export
from painkg.pipeline import build
from painkg.vocab import ASSOCIATION_PREDICATES, NON_MECHANISM_PREDICATES
from tests.conftest import DATA, IN_CI, ROOT

EXT = ROOT / "tests" / "fixtures" / "external"
VOCABULARY = EXT / "drugmechdb_vocabulary.yaml"
FULL = ROOT.parent / "shared" / "external" / "drugmechdb" / "drugmechdb_all_paths.yaml.gz"
#: DrugMechDB's published allow-list of node-id prefixes (utils/test_indications.py, ``ALLOWED_CURIS``).
PUBLISHED_PREFIXES = {"CHEBI", "CL", "DB", "GO", "HP", "InterPro", "PR", "MESH", "NCBITaxon", "REACT", "TIGR"}
PUBLISHED_PREFIXES |= {"UBERON", "UniProt", "UNII"}


class PathRules:
    """DrugMechDB's path rules for one path object; :meth:`problems` lists every rule it breaks."""

    def __init__(self, path: dict, predicates: set[str], labels: set[str], prefixes: set[str]):
        self.path, self.predicates, self.labels, self.prefixes = path, predicates, labels, prefixes

    def problems(self) -> list[str]:
        p, out = self.path, []
        for key in ("directed", "graph", "links", "multigraph", "nodes"):
            if key not in p:
                out.append(f"path lacks {key}")
        if out:
            return out
        g = p["graph"]
        out += [f"graph lacks {k}" for k in ("drug", "disease", "drugbank", "drug_mesh", "disease_mesh") if k not in g]
        out += [f"node {n} lacks {k}" for n in p["nodes"] for k in ("id", "name", "label") if k not in n]
        out += [f"link {lk} lacks {k}" for lk in p["links"] for k in ("source", "target", "key") if k not in lk]
        if out:
            return out
        ids = [n["id"] for n in p["nodes"]]
        drugs = [g["drug_mesh"], g["drugbank"]]
        if not set(ids) & {d for d in drugs if d}:
            out.append(f"no drug id {drugs} among the nodes")
        if g["disease_mesh"] not in ids:
            out.append(f"disease {g['disease_mesh']} not among the nodes")
        for lk in p["links"]:
            out += [f"link {end} {lk[end]} not a node" for end in ("source", "target") if lk[end] not in ids]
        on_links = {lk["source"] for lk in p["links"]} | {lk["target"] for lk in p["links"]}
        out += [f"node {i} on no link" for i in ids if i not in on_links]
        if not p["links"] or p["links"][0]["source"] not in drugs:
            out.append("the links do not start at the drug")
        if not p["links"] or p["links"][-1]["target"] != g["disease_mesh"]:
            out.append("the links do not end at the disease")
        sources = {lk["source"] for lk in p["links"] if lk["source"] not in drugs}
        targets = {lk["target"] for lk in p["links"] if lk["target"] != g["disease_mesh"]}
        if sources ^ targets:
            out.append(f"inner nodes {sorted(sources ^ targets)} are leaves")
        if g["drugbank"] is not None and not str(g["drugbank"]).startswith("DB:"):
            out.append("drugbank is not a DB: id")
        for key in ("drug_mesh", "disease_mesh"):
            if g[key] is not None and not str(g[key]).startswith("MESH:"):
                out.append(f"{key} is not a MESH: id")
        for n in p["nodes"]:
            if n["id"].count(":") != 1:
                out.append(f"node id {n['id']} is not a CURIE")
            elif n["id"].split(":")[0] not in self.prefixes:
                out.append(f"node id {n['id']} has a prefix DrugMechDB does not use")
            if n["label"] not in self.labels:
                out.append(f"node label {n['label']} is not DrugMechDB's")
        out += [f"link key {lk['key']!r} is not DrugMechDB's" for lk in p["links"] if lk["key"] not in self.predicates]
        return out


@pytest.fixture(scope="module")
def vocabulary() -> dict:
    return yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rules(vocabulary):
    prefixes = set(vocabulary["node_id_prefixes"]) & PUBLISHED_PREFIXES
    return lambda path: PathRules(path, set(vocabulary["link_keys"]), set(vocabulary["node_labels"]), prefixes)


@pytest.fixture(scope="module")
def built():
    return build(DATA, run_shacl=False)


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("dmdb")
    files = export(built, "drugmechdb", out)
    return {f.name: yaml.safe_load(f.read_text(encoding="utf-8")) for f in files}


def test_the_vocabulary_is_drugmechdbs(vocabulary):
    assert set(vocabulary["link_keys"]) == dmdb.PREDICATES and len(dmdb.PREDICATES) == 67
    assert set(vocabulary["node_labels"]) == dmdb.NODE_LABELS
    assert dmdb.ID_PREFIXES == set(vocabulary["node_id_prefixes"]) & PUBLISHED_PREFIXES
    assert set(dmdb.LINK_KEY.values()) <= dmdb.PREDICATES
    assert set(dmdb.KIND_LABEL.values()) <= dmdb.NODE_LABELS


def test_the_vocabulary_fixture_is_the_whole_database():
    if not FULL.exists():
        if IN_CI:
            pytest.fail(f"CI must have {FULL}")
        pytest.skip(f"needs {FULL} (../shared is not part of a clone)")
    data = yaml.safe_load(gzip.open(FULL, "rt", encoding="utf-8"))
    expected = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    assert expected["paths"] == len(data)
    assert expected["link_keys"] == dict(sorted(Counter(lk["key"] for p in data for lk in p["links"]).items()))
    assert expected["node_labels"] == dict(sorted(Counter(n["label"] for p in data for n in p["nodes"]).items()))
    prefixes = Counter(n["id"].split(":")[0] for p in data for n in p["nodes"])
    assert expected["node_id_prefixes"] == dict(sorted(prefixes.items()))


def test_the_rules_accept_drugmechdbs_own_paths(rules):
    real = yaml.safe_load((EXT / "drugmechdb_sample10.yaml").read_text(encoding="utf-8"))
    for p in real:
        assert not rules(p).problems(), (p["graph"]["_id"], rules(p).problems())


def test_the_rules_catch_a_broken_path(rules, exported):
    p = yaml.safe_load(yaml.safe_dump(exported[DRUGMECHDB_FILE][0]))
    p["links"][-1]["key"] = "treats or applied or studied to treat"
    p["nodes"][1]["id"] = "painkg:wind_up"
    p["links"] = p["links"][1:]
    found = " | ".join(rules(p).problems())
    for fragment in ("link key", "prefix DrugMechDB does not use", "do not start at the drug", "on no link"):
        assert fragment in found


def test_every_complete_path_passes_drugmechdbs_rules(rules, exported):
    complete = exported[DRUGMECHDB_FILE]
    assert complete, "ketamine → NMDA receptor → central sensitization → neuropathic pain is in the data"
    for p in complete:
        assert not rules(p).problems(), (p["graph"]["_id"], rules(p).problems())
    diseases = {p["graph"]["disease"] for p in complete}
    assert "neuropathic pain" in diseases


def test_open_paths_are_in_their_own_file_and_say_why(exported):
    complete, open_ = exported[DRUGMECHDB_FILE], exported[DRUGMECHDB_OPEN_FILE]
    assert open_, "wind-up has no ontology id, so some chains stay open"
    for p in open_:
        assert p["comment"].startswith("Open path: ")
    assert not any(p["comment"].startswith("Open path") for p in complete)
    ids = [p["graph"]["_id"] for p in complete + open_]
    assert len(ids) == len(set(ids))
    assert any("wind-up" in p["comment"] for p in open_)


def test_ids_come_from_the_entities_xrefs(built, exported):
    ents = {e.id: e for e in built.dataset.entities}
    ketamine = ents["CHEBI:6121"]
    for p in exported[DRUGMECHDB_FILE]:
        g = p["graph"]
        assert g["drug_mesh"] == dmdb.entity_xref(ketamine, "MESH")
        assert g["drugbank"] == "DB:" + dmdb.entity_xref(ketamine, "DRUGBANK").split(":", 1)[1]
        by_mesh = [e for e in ents.values() if e.kind == "Condition" and dmdb.entity_xref(e, "MESH") == g["disease_mesh"]]
        assert g["disease"] in {e.label for e in by_mesh}


def test_every_hop_is_a_sourced_supporting_statement_named_in_the_comment(built, exported):
    """Link keys never claim more than the statements: each is the mapped key of the hop's painkg predicate."""
    statements = {s.id: s for s in built.dataset.statements}
    for p in exported[DRUGMECHDB_FILE] + exported[DRUGMECHDB_OPEN_FILE]:
        hops = re.findall(r"(\d+)\. [^:]+ -> [^:]+: ((?:st_\w+ \(\w+, \w+\)(?:, )?)+)", p["comment"])
        assert len(hops) == len(p["links"]), p["comment"]
        assoc = []
        for (n, cited), link in zip(hops, p["links"], strict=True):
            cites = re.findall(r"(st_\w+) \((\w+), (\w+)\)", cited)
            assert cites
            for sid, predicate, level in cites:
                st = statements[sid]
                assert link["key"] == dmdb.LINK_KEY[predicate]
                assert predicate not in NON_MECHANISM_PREDICATES - {"subclass_of"}
                assert st.predicate == predicate and st.direction == "supports" and st.sources
                assert st.evidence_type == level
            if all(predicate in ASSOCIATION_PREDICATES for _sid, predicate, _level in cites):
                assoc.append(n)
        if assoc:
            assert f"Association only (no causal claim), written 'correlated with': hop {', '.join(assoc)}." in p[
                "comment"
            ]
        assert "Weakest evidence level on the path: " in p["comment"]
        assert p["references"] and all(r.startswith(("https://", "http://")) for r in p["references"])


def test_the_export_is_the_function_and_is_deterministic(built, tmp_path):
    first = [f.read_bytes() for f in export(built, "drugmechdb", tmp_path / "a")]
    second = [f.read_bytes() for f in export(built, "drugmechdb", tmp_path / "b")]
    assert first == second
    paths = drugmechdb_paths(built)
    assert yaml.safe_load(first[0]) == paths.complete and yaml.safe_load(first[1]) == paths.open


def test_mini_fixture_paths_pass_the_rules(rules, tmp_path):
    from tests.conftest import FIXTURE

    b = build(Path(FIXTURE), run_shacl=False)
    paths = drugmechdb_paths(b)
    for p in paths.complete:
        assert not rules(p).problems()
