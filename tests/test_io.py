"""io: exports that round-trip, KGX checked against the Biolink model, imports of the real extracts into their own
named graphs, comparisons with Hetionet and DrugMechDB, bad input, and the merged-store machinery at small scale.

KGX files are checked here against ``biolink_model/schema/biolink_model.yaml`` of the biolink-model package
(in the test extra): columns are Biolink slots (or declared painkg extras), categories are concrete Biolink
classes, predicates are Biolink predicates, required association slots are present, enum values (knowledge
level, agent type, qualifiers) exist, edges reference nodes. ``tests/test_kgx.py`` runs the real ``kgx``
validator and a kgx round trip over the export of the real data, offline.
"""

from __future__ import annotations

import gzip
import re
import shutil
from dataclasses import replace
from importlib import resources
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from painkg.curation import read_dataset
from painkg.curation.tsv import write_dataset
from painkg.io import compare as cmp
from painkg.io.export import (
    BIOLINK_CATEGORY,
    EXPORTERS,
    KGX_EXTRA_EDGE_COLUMNS,
    UnknownFormatError,
    export,
    kgx_tables,
)
from painkg.io.importers import (
    IdMapper,
    ImportConflictError,
    ImportFileError,
    import_file,
    imported_graphs,
    parse_drugmechdb,
)
from painkg.io.scale import UnionOxigraphStore, focus_subgraph, generate_hetionet_like, read_metaedges
from painkg.model import Entity, Statement
from painkg.pipeline import build
from painkg.queries import list_queries, run_query
from painkg.store import OxigraphStore, RdflibStore
from painkg.vocab import standardize_curie
from tests.conftest import DATA, FIXTURE, IN_CI, KETAMINE, NEUROPATHIC_PAIN, NMDA_RECEPTOR, ROOT

EXT = ROOT / "tests" / "fixtures" / "external"
SHARED_EXT = ROOT.parent / "shared" / "external"
SUBGRAPH = EXT / "hetionet_ketamine_pain_subgraph.tsv"
NODES_SLICE = EXT / "hetionet-v1.0-nodes_slice.tsv.gz"
DMDB_SAMPLE = EXT / "drugmechdb_sample10.yaml"
KGX = EXT / "kgx_kg-idg"
KGX_IDG_LICENSE = "BSD-3-Clause (kg-idg); DrugCentral CC BY-SA 4.0; MONDO CC BY 4.0"
GRAPH = "https://w3id.org/painkg/id/graph/"
DMDB_PATH_KEYS = {"directed", "graph", "links", "multigraph", "nodes", "references"}
DMDB_GRAPH_KEYS = {"_id", "disease", "disease_mesh", "drug", "drug_mesh", "drugbank"}
# node labels DrugMechDB uses (../shared/external/README.md)
DMDB_LABELS = {
    "BiologicalProcess",
    "Protein",
    "Disease",
    "Drug",
    "ChemicalSubstance",
    "PhenotypicFeature",
    "OrganismTaxon",
    "GeneFamily",
    "GrossAnatomicalStructure",
    "MolecularActivity",
    "CellularComponent",
    "Pathway",
    "Cell",
    "MacromolecularComplex",
}
# Biolink 4.4.6 marks the slot "treats" as a mixin; predicates.tsv maps painkg's treats to it.
KNOWN_MIXIN_PREDICATES = {"treats"}

# rows added to the mini fixture for these tests; xrefs copied from data/entities.tsv (from identifiers.tsv)
GRIN1_XREFS = ("NCBIGene:2902", "UniProtKB:Q05586", "ENSEMBL:ENSG00000176884")
NEUROPATHIC_PAIN_XREFS = ("MESH:D009437",)
OPRM1 = Entity(
    "HGNC:8156",
    "Gene",
    "OPRM1",
    synonyms=("opioid receptor mu 1",),
    xrefs=("NCBIGene:4988", "UniProtKB:P35372", "ENSEMBL:ENSG00000112038"),
)
EXTRA_STATEMENTS = [
    Statement(
        "st_ketamine_binds_oprm1_no_effect",
        KETAMINE,
        "binds",
        "HGNC:8156",
        "in_vitro",
        "no_effect",
        "false",
        sources=("zhang2021_structure",),
        note="test fixture only",
    ),
    Statement(
        "st_sensitization_upstream_np",
        "MESH:D059333",
        "causally_upstream_of",
        "HP:6000040",
        "in_vitro",
        "supports",
        "false",
        sources=("zhang2021_structure",),
        note="test fixture only",
    ),
]


def shared_or_skip(path: Path) -> Path:
    """A file of ../shared/external; skipped (with the reason) where absent, failed under CI=true."""
    if path.exists():
        return path
    if IN_CI:
        pytest.fail(f"CI must have {path}")
    pytest.skip(f"needs {path} (../shared is not part of a clone)")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """The mini fixture plus GRIN1's and neuropathic pain's xrefs, OPRM1, a no-effect binding and a path to
    neuropathic pain."""
    dest = tmp_path_factory.mktemp("io") / "data"
    shutil.copytree(FIXTURE, dest)
    ds = read_dataset(dest).dataset
    xrefs = {"HGNC:4584": GRIN1_XREFS, NEUROPATHIC_PAIN: NEUROPATHIC_PAIN_XREFS}
    ds.entities = [replace(e, xrefs=xrefs[e.id]) if e.id in xrefs else e for e in ds.entities] + [OPRM1]
    ds.statements = [*ds.statements, *EXTRA_STATEMENTS]
    write_dataset(ds, dest)
    return dest


@pytest.fixture(scope="module")
def built(data_dir):
    return build(data_dir, run_shacl=False)


@pytest.fixture
def store(built):
    st = OxigraphStore()
    st.load_graph(built.rdf)
    return st


def _default_graph(st: OxigraphStore) -> set:
    import pyoxigraph as ox

    return set(st.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _named_graphs(st: OxigraphStore) -> dict[str, int]:
    res = st.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {g: n for g, n in res.rows}


# --- exports ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "name", "rdf_format"), [("ttl", "painkg.ttl", "turtle"), ("nt", "painkg.nt", "nt")])
def test_rdf_exports_parse_back_isomorphic(built, tmp_path, fmt, name, rdf_format):
    [path] = export(built, fmt, tmp_path)
    assert path.name == name
    assert isomorphic(Graph().parse(path, format=rdf_format), built.rdf)


def _absolute_iris(doc: object) -> set[str]:
    """IRIs written in full outside the ``@context``: ``@id``/``@type`` values and property names."""
    found: set[str] = set()
    if isinstance(doc, list):
        for x in doc:
            found |= _absolute_iris(x)
    elif isinstance(doc, dict):
        for key, value in doc.items():
            if key == "@context":
                continue
            if key.startswith(("http://", "https://")):
                found.add(key)
            if key in ("@id", "@type"):
                found |= {v for v in (value if isinstance(value, list) else [value]) if v.startswith(("http:", "https:"))}
            else:
                found |= _absolute_iris(value)
    return found


@pytest.mark.parametrize("which", ["fixture", "data"])
def test_jsonld_context_compacts_every_iri_and_parses_back_isomorphic(built, tmp_path, which):
    import json

    b = built if which == "fixture" else build(DATA, run_shacl=False)
    [path] = export(b, "jsonld", tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    ctx = doc["@context"]
    assert ctx["painkg"] == "https://w3id.org/painkg/" and ctx["biolink"] == "https://w3id.org/biolink/vocab/"
    assert ctx["CHEBI"] == {"@id": "http://purl.obolibrary.org/obo/CHEBI_", "@prefix": True}
    assert not _absolute_iris(doc), sorted(_absolute_iris(doc))[:10]
    assert isomorphic(Graph().parse(path, format="json-ld"), b.rdf)


def test_graphml_reads_back_with_typed_attributes(built, tmp_path):
    [path] = export(built, "graphml", tmp_path)
    text = path.read_text(encoding="utf-8")
    for decl in ('attr.name="contested" attr.type="boolean"', 'attr.name="weight" attr.type="double"'):
        assert decl in text
    g = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == len(built.dataset.entities)
    assert g.number_of_edges() == len(built.dataset.statements)
    assert g.nodes[KETAMINE]["label"] == "ketamine" and g.nodes[KETAMINE]["category"] == "biolink:Drug"
    edges = {k: d for _u, _v, k, d in g.edges(keys=True, data=True)}
    no_effect = edges["st_ketamine_np_no_clear_benefit"]
    assert no_effect["negated"] is True and no_effect["contested"] is True
    assert isinstance(no_effect["weight"], float) and isinstance(no_effect["n_sources"], int)
    assert edges["st_ketamine_channel_blocker_nmdar"]["negated"] is False
    # the statement id and a label are attributes, not only the edge id (igraph and Gephi drop GraphML edge ids)
    for key, d in edges.items():
        assert d["statement_id"] == key
    assert edges["st_ketamine_channel_blocker_nmdar"]["label"] == "channel blocker of"


def test_graphml_strips_characters_xml_cannot_hold(built, tmp_path):
    import xml.etree.ElementTree as ET

    from painkg.io.export import graphml_graph
    from painkg.pipeline import Build

    hostile = replace(built.dataset.entities[0], description="dose\x0b10\x00 mg \ufffe end")
    b = Build(replace(built.dataset, entities=[hostile, *built.dataset.entities[1:]]), rdf=built.rdf)
    assert graphml_graph(b).nodes[hostile.id]["description"] == "dose10 mg  end"
    [path] = export(b, "graphml", tmp_path)
    ET.parse(path)  # a strict XML parser accepts the file
    assert nx.read_graphml(path).nodes[hostile.id]["description"] == "dose10 mg  end"


def test_csv_tables_have_every_entity_and_statement(built, tmp_path):
    nodes, edges = export(built, "csv", tmp_path)
    assert len(pd.read_csv(nodes)) == len(built.dataset.entities)
    assert set(pd.read_csv(edges)["id"]) == {s.id for s in built.dataset.statements}


def test_unknown_export_format_is_named(built, tmp_path):
    with pytest.raises(UnknownFormatError, match=r"'xlsx'.*ttl, nt, jsonld, kgx, graphml, drugmechdb, csv"):
        export(built, "xlsx", tmp_path)
    assert set(EXPORTERS) == {"ttl", "nt", "jsonld", "kgx", "graphml", "drugmechdb", "csv"}


# --- KGX against the Biolink model -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def biolink() -> dict:
    pytest.importorskip("biolink_model", reason="biolink-model (test extra) is needed to check KGX output")
    path = resources.files("biolink_model") / "schema" / "biolink_model.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _class_name(curie: str) -> str:
    """``biolink:DiseaseOrPhenotypicFeature`` → ``disease or phenotypic feature``."""

    return re.sub(r"(?<!^)(?=[A-Z])", " ", curie.split(":", 1)[1]).lower()


def _is_predicate(slots: dict, name: str) -> bool:
    seen = set()
    while name and name not in seen:
        if name == "related to":
            return True
        seen.add(name)
        name = slots.get(name, {}).get("is_a")
    return False


def test_kgx_files_conform_to_biolink(built, biolink, tmp_path):
    slots, classes, enums = biolink["slots"], biolink["classes"], biolink["enums"]
    nodes_path, edges_path = export(built, "kgx", tmp_path)
    nodes = pd.read_csv(nodes_path, sep="\t", dtype=str, keep_default_na=False)
    edges = pd.read_csv(edges_path, sep="\t", dtype=str, keep_default_na=False)
    # columns are Biolink slots (snake_case of the YAML names) or declared painkg extras
    for col in nodes.columns:
        assert col.replace("_", " ") in slots, f"node column {col} is not a Biolink slot"
    for col in edges.columns:
        assert col in KGX_EXTRA_EDGE_COLUMNS or col.replace("_", " ") in slots, f"edge column {col} is not a slot"
    required = {n.replace(" ", "_") for n, s in slots.items() if s.get("required") and s.get("domain") == "association"}
    assert required <= set(edges.columns), f"missing required association slots {required - set(edges.columns)}"
    # categories: concrete Biolink classes
    for cat in set(nodes["category"]):
        cls = classes.get(_class_name(cat))
        assert cls is not None, f"{cat} is not a Biolink class"
        assert not cls.get("abstract") and not cls.get("mixin"), f"{cat} is abstract or a mixin"
    # predicates: descendants of related_to, not abstract; mixins only where known
    for pred in set(edges["predicate"]) | {q for q in set(edges["qualified_predicate"]) if q}:
        name = pred.split(":", 1)[1].replace("_", " ")
        assert name in slots and _is_predicate(slots, name), f"{pred} is not a Biolink predicate"
        assert not slots[name].get("abstract"), pred
        assert not slots[name].get("mixin") or name in KNOWN_MIXIN_PREDICATES, f"{pred} is a mixin"
    # enum values
    for col in ("knowledge_level", "agent_type", "object_aspect_qualifier", "object_direction_qualifier"):
        enum = enums[slots[col.replace("_", " ")]["range"]]["permissible_values"]
        values = {v for v in edges[col] if v}
        assert values and values <= set(enum), f"{col}: {values - set(enum)} not in its enum"
    mech = enums[slots["causal mechanism qualifier"]["range"]]["permissible_values"]
    assert {v for v in edges["causal_mechanism_qualifier"] if v} <= set(mech)
    assert set(edges["primary_knowledge_source"]) == {"infores:painkg"}
    # publications are PMID:/doi: CURIEs or URLs
    for cell in edges["publications"]:
        for pub in filter(None, cell.split("|")):
            assert pub.startswith(("PMID:", "doi:", "PMCID:", "CLINICALTRIALS:", "http://", "https://")), pub
    # edges reference nodes; ids are CURIEs
    ids = set(nodes["id"])
    assert set(edges["subject"]) <= ids and set(edges["object"]) <= ids
    assert all(":" in i for i in ids)


def test_kgx_negated_exactly_for_non_supporting_statements(built):
    _nodes, edges = kgx_tables(built)
    by_id = {s.id: s for s in built.dataset.statements}
    for row in edges:
        st = by_id[row["id"]]
        assert row["negated"] == ("True" if st.direction in ("refutes", "no_effect") else "")
        assert row["original_predicate"] == f"painkg:{st.predicate}"
        assert row["direction"] == st.direction and row["evidence_type"] == st.evidence_type


def test_biolink_categories_are_the_ontology_mappings(biolink):
    onto = Graph().parse(ROOT / "ontology" / "painkg.ttl")
    for kind, cat in BIOLINK_CATEGORY.items():
        matches = {
            str(o).rsplit("/", 1)[-1]
            for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch)
            for o in onto.objects(URIRef(f"https://w3id.org/painkg/{kind}"), p)
        }
        assert cat in {f"biolink:{m}" for m in matches} and _class_name(cat) in biolink["classes"]


# --- DrugMechDB export -----------------------------------------------------------------------------------


def test_drugmechdb_export_has_the_real_schema_and_reimports(built, tmp_path):
    """Schema and round trip on the fixture; tests/test_drugmechdb.py applies DrugMechDB's own rules to the real data."""
    complete_path, open_path = export(built, "drugmechdb", tmp_path)
    assert (complete_path.name, open_path.name) == ("painkg_drugmechdb_paths.yaml", "painkg_drugmechdb_open_paths.yaml")
    paths = yaml.safe_load(complete_path.read_text(encoding="utf-8"))
    real = yaml.safe_load(DMDB_SAMPLE.read_text(encoding="utf-8"))
    assert paths, "the fixture has a ketamine → NMDA receptor → central sensitization → neuropathic pain path"
    assert all(set(r) - {"comment"} <= DMDB_PATH_KEYS and set(r["graph"]) == DMDB_GRAPH_KEYS for r in real)
    for p in paths:
        assert set(p) == DMDB_PATH_KEYS | {"comment"} and set(p["graph"]) == DMDB_GRAPH_KEYS
        assert all(set(n) == {"id", "label", "name"} for n in p["nodes"])
        assert all(set(lk) == {"key", "source", "target"} for lk in p["links"])
        assert {n["label"] for n in p["nodes"]} <= DMDB_LABELS
        assert p["graph"]["drugbank"] == "DB:DB01221" and p["graph"]["drug_mesh"] == "MESH:D007649"
        assert p["nodes"][0]["id"] == "MESH:D007649" and p["nodes"][0]["label"] == "Drug"
        assert p["nodes"][-1]["label"] == "Disease" and p["graph"]["disease"]
    assert any(lk["key"] == "decreases activity of" for p in paths for lk in p["links"])
    opened = yaml.safe_load(open_path.read_text(encoding="utf-8"))
    parsed = parse_drugmechdb([complete_path], IdMapper(built.dataset), GRAPH + "roundtrip")
    assert parsed.paths == len(paths)
    assert len({p["graph"]["_id"] for p in paths + opened}) == len(paths) + len(opened)


# --- imports ---------------------------------------------------------------------------------------------


def test_hetionet_import_maps_ids_reports_the_rest_and_keeps_curated_graph(built, store):
    before = _default_graph(store)
    report = import_file(store, "hetionet", [SUBGRAPH], built)
    assert report.graph == GRAPH + "hetionet"
    assert report.edges == 247
    assert report.mapped["Compound::DB01221"] == KETAMINE  # via the DRUGBANK:DB01221 xref
    assert report.mapped["Gene::2902"] == "HGNC:4584"  # via the NCBIGene:2902 xref
    assert "no CURIE form" in report.unmapped["Pharmacologic Class::N0000175975"]
    assert "NCBIGene:1558" in report.unmapped["Gene::1558"]
    assert _default_graph(store) == before, "an import must never touch the curated (default) graph"
    [rec] = imported_graphs(store)
    assert rec["format"] == "hetionet" and "CC0 1.0" in rec["license"] and rec["triples"] == report.triples
    per_edge = store.query(
        f"SELECT DISTINCT ?l WHERE {{ GRAPH <{GRAPH}hetionet> {{ ?e <https://w3id.org/painkg/import/license> ?l }} }}"
    )
    assert {"CC BY-NC 4.0", "CC BY-NC-SA 4.0", "ODbL 1.0"} <= {r[0] for r in per_edge.rows}
    assert "unmapped" in report.summary()


def test_hetionet_nodes_file_imports(built, store):
    report = import_file(store, "hetionet", [NODES_SLICE], built, name="hetionet-nodes")
    assert report.nodes == 394 and report.edges == 0
    assert report.mapped["Compound::DB01221"] == KETAMINE


def test_drugmechdb_import_records_paths_licence_and_unmapped(built, store):
    before = _default_graph(store)
    report = import_file(store, "drugmechdb", [DMDB_SAMPLE], built)
    assert report.paths == 10
    assert report.edges == sum(len(p["links"]) for p in yaml.safe_load(DMDB_SAMPLE.read_text()))
    assert any(why.startswith("prefix 'taxonomy'") or "no painkg entity" in why for why in report.unmapped.values())
    assert "CC0 1.0" in report.license and "MIT" in report.license
    assert _default_graph(store) == before
    minted = store.query(
        f"SELECT DISTINCT ?n WHERE {{ GRAPH <{GRAPH}drugmechdb> {{ ?n <https://w3id.org/painkg/import/sourceId> ?i }} "
        'FILTER(STRSTARTS(STR(?n), "https://w3id.org/painkg/id/curie/")) }'
    )
    minted_ids = [iri.rsplit("/", 1)[1] for (iri,) in minted.rows]
    assert all(standardize_curie(i) is None for i in minted_ids), minted_ids
    path_class = "<https://w3id.org/painkg/import/Path>"
    n = store.query(f"SELECT (COUNT(?p) AS ?n) WHERE {{ GRAPH <{GRAPH}drugmechdb> {{ ?p a {path_class} }} }}")
    assert n.rows[0][0] == 10


def test_kgx_imports_header_headerless_and_legacy_files(built, store):
    r1 = import_file(
        store, "kgx", [KGX / "dc_nodes.tsv", KGX / "dc_edges.tsv"], built, name="kgx-dc", license=KGX_IDG_LICENSE
    )
    assert r1.nodes == 11 and r1.edges == 9  # 9 node rows + 2 edge endpoints the node file does not list
    assert "no painkg entity has DrugCentral:4" in r1.unmapped["DrugCentral:4"]
    r3 = import_file(
        store,
        "kgx",
        [KGX / "dc_nodes_snippet.tsv"],
        built,
        name="kgx-dc-headerless",
        columns=["id", "name", "category", "TDL", "provided_by"],
        license=KGX_IDG_LICENSE,
    )
    assert r3.nodes == 686
    r4 = import_file(store, "kgx", [KGX / "dc_edges_snippet.tsv"], built, name="kgx-dc-edge-label")
    assert r4.edges == 9  # legacy edge_label read as the predicate
    r5 = import_file(
        store, "kgx", [KGX / "mondo_kgx_tsv_nodes.tsv", KGX / "mondo_kgx_tsv_edges.tsv"], built, name="kgx-mondo"
    )
    assert r5.edges == 9 and "an IRI, not a CURIE" in r5.unmapped["http://identifiers.org/omim/617765"]
    graphs = {g["g"]: g for g in imported_graphs(store)}
    assert graphs[GRAPH + "kgx-dc"]["license"] == KGX_IDG_LICENSE
    assert "not stated" in graphs[GRAPH + "kgx-mondo"]["license"]


def test_existing_graph_needs_replace_and_replace_is_whole(built, store):
    import_file(store, "hetionet", [SUBGRAPH], built)
    graphs = _named_graphs(store)
    with pytest.raises(ImportConflictError, match="already has a graph"):
        import_file(store, "hetionet", [SUBGRAPH], built)
    import_file(store, "hetionet", [SUBGRAPH], built, replace=True)
    assert _named_graphs(store) == graphs


def test_full_drugmechdb_imports_from_shared(built, tmp_path):
    full = shared_or_skip(SHARED_EXT / "drugmechdb" / "drugmechdb_all_paths.yaml.gz")
    st = OxigraphStore(tmp_path / "ox")
    st.load_graph(built.rdf)
    before = len(_default_graph(st))
    lines: list[str] = []
    report = import_file(st, "drugmechdb", [full], built, progress=lines.append)
    assert (report.paths, report.edges) == (4846, 32641)  # shared/external/README.md
    assert any("read 100,000 lines" in m for m in lines), "long loads report progress"
    assert len(_default_graph(st)) == before


def test_id_mapper_reports_ambiguous_xrefs_instead_of_guessing():
    ents = [
        Entity("HP:6000040", "Condition", "neuropathic pain", xrefs=("MESH:D009437",)),
        Entity("MONDO:0021667", "Condition", "neuralgia", xrefs=("MESH:D009437",)),
    ]
    mapper = IdMapper(ents)
    assert mapper.map("Symptom::D009437", "MESH:D009437") is None
    assert mapper.unmapped["Symptom::D009437"].startswith("ambiguous: MESH:D009437 is an xref of HP:6000040, MONDO")
    assert mapper.map("x", "MONDO:0021667") == "MONDO:0021667"


# --- bad input -------------------------------------------------------------------------------------------


def test_truncated_yaml_gz_names_the_line_and_changes_nothing(built, store, tmp_path):
    gz = tmp_path / "paths.yaml.gz"
    gz.write_bytes(gzip.compress(DMDB_SAMPLE.read_bytes()))
    cut = tmp_path / "cut.yaml.gz"
    cut.write_bytes(gz.read_bytes()[: len(gz.read_bytes()) // 2])
    before, graphs = _default_graph(store), _named_graphs(store)
    with pytest.raises(ImportFileError, match=r"cut\.yaml\.gz:\d+: truncated or corrupt gzip stream") as err:
        import_file(store, "drugmechdb", [cut], built)
    assert err.value.line > 1
    assert _default_graph(store) == before and _named_graphs(store) == graphs
    assert import_file(store, "drugmechdb", [gz], built).paths == 10  # the whole file is fine


def test_malformed_tsv_line_is_named_and_store_unchanged(built, store, tmp_path):
    lines = SUBGRAPH.read_text(encoding="utf-8").splitlines()
    lines[120] = "\t".join(lines[120].split("\t")[:5])  # file line 121 loses columns
    bad = tmp_path / "bad.tsv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    graphs = _named_graphs(store)
    n = len(store)
    with pytest.raises(ImportFileError, match=r"bad\.tsv:121: expected 15 tab-separated columns .* found 5"):
        import_file(store, "hetionet", [bad], built)
    assert len(store) == n and _named_graphs(store) == graphs


def test_truncated_tsv_names_its_last_line(built, store, tmp_path):
    lines = SUBGRAPH.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.tsv"
    cut.write_text("".join(lines[:100]) + lines[100][:40], encoding="utf-8")  # a download cut inside line 101
    with pytest.raises(ImportFileError, match=r"cut\.tsv:101: expected 15 tab-separated columns"):
        import_file(store, "hetionet", [cut], built)


def test_drugmechdb_link_to_unknown_node_names_the_path_line(built, store, tmp_path):
    text = DMDB_SAMPLE.read_text(encoding="utf-8")
    starts = [i for i, line in enumerate(text.splitlines(), start=1) if line.startswith("- ")]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("target: MESH:D051474", "target: MESH:D999999", 1), encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"bad\.yaml:(\d+): path .* is not one of the path's nodes") as err:
        import_file(store, "drugmechdb", [bad], built)
    assert err.value.line in starts


def test_yaml_syntax_error_names_the_line(built, store, tmp_path):
    bad = tmp_path / "bad.yaml"
    lines = DMDB_SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[6] = "    drug: [unclosed"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"bad\.yaml:\d+: YAML syntax error"):
        import_file(store, "drugmechdb", [bad], built)


def test_unknown_import_format_and_hetionet_kind_are_named(built, store, tmp_path):
    with pytest.raises(
        UnknownFormatError, match="unknown import format 'sif'; known formats: drugmechdb, hetionet, kgx"
    ):
        import_file(store, "sif", [SUBGRAPH], built)
    bad = tmp_path / "kind.tsv"
    lines = SUBGRAPH.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([lines[0], lines[1].replace("Gene::1555", "Protein::P20813")]) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"kind\.tsv:2: unknown Hetionet node kind 'Protein'"):
        import_file(store, "hetionet", [bad], built)


def test_headerless_kgx_file_without_columns_says_so(built, store):
    with pytest.raises(ImportFileError, match="--columns"):
        import_file(store, "kgx", [KGX / "dc_nodes_snippet.tsv"], built)


# --- comparisons -----------------------------------------------------------------------------------------


def test_compare_hetionet_on_the_fixture(built):
    df = cmp.compare(built, "hetionet", SUBGRAPH, "ketamine")
    counts = df["status"].value_counts().to_dict()
    # 52 ketamine edges (19 CbG, 32 CcSE, 1 PCiC): GRIN1 matches through part_of, OPRM1 only has a no-effect
    # binding in this fixture, the rest are absent; the psychotomimetic adverse event is painkg's own.
    assert counts == {"lacks": 50, "has": 1, "contradicts": 1, "extra": 1}
    grin1 = df[df["source_object"] == "Gene::2902"].iloc[0]
    assert grin1["status"] == "has" and grin1["match"].startswith(f"via part_of {NMDA_RECEPTOR}")
    assert set(grin1["painkg_statements"].split("|")) == {"st_grin1_part_of_nmdar", "st_ketamine_channel_blocker_nmdar"}
    oprm1 = df[df["source_object"] == "Gene::4988"].iloc[0]
    assert oprm1["status"] == "contradicts" and "no_effect" in oprm1["note"]
    assert df[df["status"] == "extra"]["painkg_object"].tolist() == ["HP:0000709"]
    pcic = df[df["edge"] == "PCiC"].iloc[0]
    assert pcic["status"] == "lacks" and "no CURIE form" in pcic["match"]
    assert "has 1, lacks 50, contradicts 1, extra 1" in df.attrs["note"]


def test_compare_hetionet_on_the_curated_data():
    """On data/ (read, not built, so this runs while the data are being finished): every status follows the data."""
    ds = read_dataset(DATA).dataset
    if not any(e.id == KETAMINE for e in ds.entities):
        pytest.skip("data/ has no ketamine yet")
    df = cmp.compare(ds, "hetionet", SUBGRAPH, KETAMINE)
    rows = df[df["status"] != "extra"]
    assert len(rows) == 52 and rows["edge"].value_counts().to_dict() == {"CcSE": 32, "CbG": 19, "PCiC": 1}
    by_id = {s.id: s for s in ds.statements}
    xref_to = {x: e.id for e in ds.entities for x in e.xrefs}
    for _i, r in rows.iterrows():
        sts = [by_id[s] for s in filter(None, r["painkg_statements"].split("|"))]
        if r["status"] == "has":
            assert any(s.direction == "supports" for s in sts), r["source_object"]
        if r["edge"] == "CbG" and r["status"] != "has":
            gene = xref_to.get("NCBIGene:" + r["source_object"].split("::")[1])
            direct = [s for s in ds.statements if s.subject == KETAMINE and s.object == gene]
            assert not any(s.direction == "supports" and s.predicate in cmp.HETIONET_FAMILIES["CbG"][1] for s in direct)
    for _i, r in df[df["status"] == "extra"].iterrows():
        st = by_id[r["painkg_statements"]]
        assert st.subject == KETAMINE and st.direction == "supports"


def test_compare_drugmechdb_says_it_has_no_ketamine(built):
    df = cmp.compare(built, "drugmechdb", DMDB_SAMPLE, "ketamine")
    assert df.empty
    assert df.attrs["note"].startswith("DrugMechDB has no path for ketamine (CHEBI:6121)")
    assert "DB:DB01221" in df.attrs["note"] and "MESH:D007649" in df.attrs["note"]


def test_compare_drugmechdb_full_file_has_no_ketamine(built):
    full = shared_or_skip(SHARED_EXT / "drugmechdb" / "drugmechdb_all_paths.yaml.gz")
    df = cmp.compare(built, "drugmechdb", full, "ketamine")
    assert df.empty and "none of the 4,846 paths" in df.attrs["note"]


def test_compare_drugmechdb_for_a_drug_it_has():
    ds = read_dataset(DATA).dataset
    if not any(e.label == "morphine" for e in ds.entities):
        pytest.skip("data/ has no morphine yet")
    df = cmp.compare(ds, "drugmechdb", DMDB_SAMPLE, "morphine")
    assert not df.empty and set(df["status"]) <= {"has", "lacks", "contradicts", "extra"}
    assert df.attrs["note"].startswith("DrugMechDB: 3 path(s) of morphine")


def test_compare_errors_name_the_prefix_and_source(built):
    with pytest.raises(cmp.UnknownPrefixError, match="unknown prefix 'XYZ'"):
        cmp.compare(built, "hetionet", SUBGRAPH, "XYZ:123")
    with pytest.raises(UnknownFormatError, match="'sider'"):
        cmp.compare(built, "sider", SUBGRAPH, "ketamine")


# --- scale machinery (small) -----------------------------------------------------------------------------


def test_metaedges_total_hetionets_edge_count():
    rows = read_metaedges(EXT / "hetionet-v1.0_metaedges.tsv")
    assert len(rows) == 24 and sum(r["edges"] for r in rows) == 2_250_197  # shared/external/README.md


def test_merged_store_answers_like_the_curated_graph_and_gives_a_focus_view(built, tmp_path):
    nt = tmp_path / "syn.nt"
    gen = generate_hetionet_like(
        nt, NODES_SLICE, EXT / "hetionet-v1.0_metaedges.tsv", IdMapper(built.dataset), fraction=0.0005
    )
    assert gen.nodes == 394 and gen.edges == sum(gen.by_metaedge.values()) > 0
    st = UnionOxigraphStore(tmp_path / "ox")
    st.load_graph(built.rdf)
    import_file(st, "drugmechdb", [DMDB_SAMPLE], built)
    st.load_bytes(nt.read_bytes(), "nt", GRAPH + "hetionet-synthetic")
    ref = RdflibStore(built.rdf)
    for q in list_queries():
        merged, _ = run_query(st, q.name, limit=None)
        curated, _ = run_query(ref, q.name, limit=None)
        assert merged.normalised() == curated.normalised(), f"{q.name} changed on the merged graph"
    g = focus_subgraph(st, "http://purl.obolibrary.org/obo/CHEBI_6121", depth=1)
    assert "http://purl.obolibrary.org/obo/GO_0017146" in g
    assert g.nodes["http://purl.obolibrary.org/obo/CHEBI_6121"]["label"] == "ketamine"
    with pytest.raises(ValueError, match="more than 1 edges"):
        focus_subgraph(st, "http://purl.obolibrary.org/obo/CHEBI_6121", depth=1, limit=1)


# --- CLI -------------------------------------------------------------------------------------------------


def test_cli_export_import_compare(data_dir, tmp_path, capsys, monkeypatch):
    from painkg.cli import main

    monkeypatch.setenv("COLUMNS", "1000")  # the comparison table in full (tables fit the terminal's width)

    assert main(["export", "--format", "kgx", "--out", str(tmp_path / "kgx"), "--data", str(data_dir)]) == 0
    assert (tmp_path / "kgx" / "edges.tsv").is_file()
    assert main(["export", "--format", "xlsx", "--data", str(data_dir)]) == 2
    assert "unknown export format 'xlsx'" in capsys.readouterr().err
    args = ["import", "hetionet", str(SUBGRAPH), "--store", str(tmp_path / "ox"), "--data", str(data_dir)]
    assert main(args) == 0
    assert "imported hetionet into" in capsys.readouterr().out
    assert main(args) == 1
    assert "already has a graph" in capsys.readouterr().err
    assert main(["import", "sif", str(SUBGRAPH), "--store", str(tmp_path / "ox"), "--data", str(data_dir)]) == 2
    assert "unknown import format 'sif'" in capsys.readouterr().err
    assert main(["compare", "drugmechdb", str(DMDB_SAMPLE), "--drug", "ketamine", "--data", str(data_dir)]) == 0
    assert "DrugMechDB has no path for ketamine" in capsys.readouterr().out
    assert main(["compare", "hetionet", str(SUBGRAPH), "--drug", "ketamine", "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "has 1, lacks 50, contradicts 1, extra 1" in out and "via part_of GO:0017146" in out
