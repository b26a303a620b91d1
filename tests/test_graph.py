"""Graph layer: RDF shape, determinism, SHACL conformance and the networkx projection."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from painkg.graph import entity_iri, predicate_iri, serialize_ntriples, serialize_turtle, statement_iri
from painkg.pipeline import InvalidDataError, build
from painkg.vocab import PKG
from tests.conftest import DATA, FIXTURE, KETAMINE, NEUROPATHIC_PAIN, NMDA_RECEPTOR, ROOT


@pytest.fixture(scope="module")
def built():
    return build(FIXTURE)


def test_supporting_statement_is_plain_triple_and_statement_node(built):
    g = built.rdf
    ket, nmdar = entity_iri(KETAMINE), entity_iri(NMDA_RECEPTOR)
    assert (ket, predicate_iri("channel_blocker_of"), nmdar) in g
    node = statement_iri("st_ketamine_channel_blocker_nmdar")
    assert (node, RDF.type, PKG.Statement) in g
    assert (node, RDF.subject, ket) in g
    assert (node, PKG.evidenceType, Literal("in_vitro")) in g
    assert (node, PKG.contested, Literal(False)) in g
    assert (node, DCTERMS.source, URIRef("https://w3id.org/painkg/id/source/zhang2021_structure")) in g


def test_no_effect_statement_is_never_a_plain_triple(mini):
    # keep only the no-effect statement for ketamine -> neuropathic pain
    path = mini / "statements.tsv"
    lines = [line for line in path.read_text().splitlines() if not line.startswith("st_ketamine_studied_np\t")]
    path.write_text("\n".join(lines) + "\n")
    findings = mini / "findings.tsv"
    # its benefit findings cannot bear on a no-effect statement (validation rejects that): unlink them
    findings.write_text(findings.read_text().replace("st_ketamine_studied_np", ""))
    claims = mini / "seed_claims.tsv"
    claims.write_text(claims.read_text().replace("st_ketamine_studied_np", "st_ketamine_np_no_clear_benefit"))
    g = build(mini).rdf
    triple = (entity_iri(KETAMINE), predicate_iri("studied_to_treat"), entity_iri(NEUROPATHIC_PAIN))
    assert triple not in g
    node = statement_iri("st_ketamine_np_no_clear_benefit")
    assert (node, PKG.direction, Literal("no_effect")) in g


def test_turtle_parses_back_isomorphic(built, tmp_path):
    ttl = serialize_turtle(built.rdf)
    parsed = Graph().parse(data=ttl, format="turtle")
    assert isomorphic(parsed, built.rdf)
    nt = Graph().parse(data=serialize_ntriples(built.rdf), format="nt")
    assert isomorphic(nt, built.rdf)


def test_two_builds_are_byte_identical_across_processes(tmp_path):
    code = (
        "import sys; from pathlib import Path; from painkg.pipeline import build, write_outputs;"
        "write_outputs(build(Path(sys.argv[1])), Path(sys.argv[2]))"
    )
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"b{seed}"
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-c", code, str(FIXTURE), str(out)], check=True, env=env, cwd=ROOT)
        outs.append(out)
    for name in ("painkg.ttl", "painkg.nt", "stats.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_shacl_conforms_on_fixture(built):
    assert built.shacl is not None and built.shacl.conforms, built.shacl.text[:2000]
    assert built.shacl.violations == 0


def test_shacl_rejects_statement_without_source(built):
    from painkg.graph import shacl_check

    g = Graph()
    for t in built.rdf:
        g.add(t)
    node = statement_iri("st_ketamine_channel_blocker_nmdar")
    g.remove((node, DCTERMS.source, None))
    result = shacl_check(g, ROOT / "ontology" / "shapes.ttl")
    assert not result.conforms
    assert "source" in result.text.lower()


def test_networkx_projection_keeps_evidence_on_edges(built):
    g = built.nx
    assert g.nodes[KETAMINE]["label"] == "ketamine"
    edges = g.get_edge_data(KETAMINE, NEUROPATHIC_PAIN)
    assert set(edges) == {"st_ketamine_studied_np", "st_ketamine_np_no_clear_benefit"}
    no_effect = edges["st_ketamine_np_no_clear_benefit"]
    assert no_effect["direction"] == "no_effect" and no_effect["contested"] is True
    assert edges["st_ketamine_studied_np"]["citations"] == ["PMID:35431578"]
    assert edges["st_ketamine_studied_np"]["verified"] is True


def test_invalid_data_raises_with_problems(mini):
    path = mini / "statements.tsv"
    path.write_text(path.read_text().replace("enantiomer_of", "mirror_of"))
    with pytest.raises(InvalidDataError) as exc:
        build(mini)
    assert any("mirror_of" in p.message for p in exc.value.problems)


def test_ontology_imports_place_curated_conditions_and_cite_their_release():
    """CRPS type I is_a CRPS comes from the MONDO import module, as a statement citing the MONDO release."""
    from painkg.curation.imports import load_imports, release_source_id

    modules = load_imports()
    b = build(DATA, run_shacl=False)
    crps1, crps = entity_iri("MONDO:0011441"), entity_iri("MONDO:0019369")
    assert (crps1, RDFS.subClassOf, crps) in b.rdf
    (st,) = [
        s
        for s in b.dataset.statements
        if (s.subject, s.predicate, s.object) == ("MONDO:0011441", "subclass_of", "MONDO:0019369")
    ]
    assert st.evidence_type == "ontology" and st.sources == (release_source_id("MONDO"),)
    release = modules.release("MONDO")
    src = next(s for s in b.dataset.sources if s.id == st.sources[0])
    assert src.type == "database" and release.source in src.journal
    # the curated files are untouched: lint writes only what data/ holds
    assert "MONDO:0011441\tsubclass_of" not in (DATA / "statements.tsv").read_text(encoding="utf-8")
    imported = {e.id for e in b.dataset.entities if e.kind == "OntologyClass"}
    assert imported and not imported & {
        line.split("\t", 1)[0] for line in (DATA / "entities.tsv").read_text().splitlines()
    }
