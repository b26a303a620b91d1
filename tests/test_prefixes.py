"""The one prefix map (src/painkg/prefixes.json): current, checked against bioregistry, joining kgx's IRIs.

bioregistry and biolink-model are test dependencies (never run-time ones): the map is generated from them by
``python -m painkg.devtools.prefix_map`` and the product reads only the committed JSON.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from painkg import vocab
from painkg.curation import read_dataset
from painkg.devtools import prefix_map
from painkg.graph import entity_iri
from tests.conftest import DATA

bioregistry = pytest.importorskip("bioregistry", reason="bioregistry (test extra) checks painkg's prefixes")


@pytest.fixture(scope="module")
def dataset():
    return read_dataset(DATA).dataset


@pytest.fixture(scope="module")
def biolink_map() -> dict[str, str]:
    path = resources.files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _registry_key(prefix: str) -> str | None:
    return prefix_map.REGISTRY_KEY.get(prefix) or bioregistry.normalize_prefix(prefix)


def test_committed_prefix_map_is_what_the_generator_writes():
    committed = (resources.files("painkg") / vocab.PREFIX_MAP_FILE).read_text(encoding="utf-8")
    assert committed == prefix_map.render(prefix_map.build_records()), "run: python -m painkg.devtools.prefix_map"


@pytest.mark.parametrize("prefix", [p for p in vocab.PAINKG_PREFIXES if p != "painkg"])
def test_every_painkg_prefix_is_bioregistrys_with_its_pattern_and_uri_prefix(prefix):
    key = _registry_key(prefix)
    assert key is not None, f"bioregistry does not know {prefix}: map it in prefix_map.REGISTRY_KEY"
    resource = bioregistry.get_resource(key)
    record = vocab.converter().get_record(prefix)
    assert record is not None and record.prefix == prefix
    assert record.pattern == resource.get_pattern(), f"{prefix}: pattern differs from bioregistry's {key}"
    example = resource.get_example()
    assert example and resource.get_pattern_re().fullmatch(example)
    # bioregistry reads painkg's IRI of its example back as the same resource
    registry = bioregistry.get_converter()
    parsed = registry.parse_uri(vocab.curie_to_iri(f"{prefix}:{example}"))
    expected = registry.standardize_prefix(key) or key  # bioregistry's converter merges kegg.drug into kegg
    assert parsed is not None and parsed.prefix == expected, f"{prefix}: bioregistry does not read {record.uri_prefix}"
    assert parsed.identifier == example


def test_the_local_prefix_is_the_only_one_bioregistry_does_not_know():
    unknown = [p for p in vocab.PAINKG_PREFIXES if _registry_key(p) is None]
    assert unknown == ["painkg"]


def test_every_curie_of_the_data_matches_bioregistrys_pattern(dataset):
    curies = {e.id for e in dataset.entities} | {x for e in dataset.entities for x in e.xrefs}
    curies |= {sp for st in dataset.statements for sp in st.species}
    bad = []
    for curie in sorted(curies):
        prefix, local = curie.split(":", 1)
        if prefix == "painkg":
            continue
        resource = bioregistry.get_resource(_registry_key(prefix))
        if not resource.get_pattern_re().fullmatch(local):
            bad.append(f"{curie} (bioregistry pattern {resource.get_pattern()})")
    assert not bad, bad


def test_entity_iris_are_the_iris_kgx_and_bioregistry_make(dataset, biolink_map):
    """kgx expands a CURIE with the Biolink model's prefix map; painkg's node IRIs are the same where it has one."""
    biolink_ci = {k.casefold(): v for k, v in biolink_map.items()}
    registry = bioregistry.get_converter()
    joined = 0
    for e in dataset.entities:
        prefix, local = e.id.split(":", 1)
        iri = str(entity_iri(e.id))
        if prefix == "painkg":
            assert iri == f"https://w3id.org/painkg/id/entity/{local}"
            continue
        if prefix.casefold() in biolink_ci:
            assert iri == biolink_ci[prefix.casefold()] + local, f"{e.id}: kgx would write another IRI"
            joined += 1
        parsed = registry.parse_uri(iri)
        expected = registry.standardize_prefix(_registry_key(prefix))
        assert parsed is not None and parsed.prefix == expected, f"{e.id}: {iri} not bioregistry's"
        assert vocab.iri_to_curie(iri) == e.id
    assert joined > 100


def test_obo_ontologies_expand_to_obo_purls():
    for curie in ("CHEBI:6121", "GO:0017146", "HP:6000040", "MONDO:0021667", "PAIN:0000046", "DOID:12098"):
        prefix, local = curie.split(":")
        assert vocab.curie_to_iri(curie) == f"http://purl.obolibrary.org/obo/{prefix}_{local}"


def test_synonyms_and_old_iris_come_back_to_painkgs_spelling():
    assert vocab.standardize_curie("UniProt:Q05586") == "UniProtKB:Q05586"
    assert vocab.standardize_curie("reactome:R-HSA-419566") == "REACT:R-HSA-419566"
    assert vocab.standardize_curie("taxonomy:9606") == "NCBITaxon:9606"
    assert vocab.standardize_curie("DB:DB01221") == "DRUGBANK:DB01221"
    # IRIs painkg wrote before this map, and other providers' IRIs, compact to the same CURIE
    assert vocab.iri_to_curie("https://identifiers.org/hgnc:4584") == "HGNC:4584"
    assert vocab.iri_to_curie("https://identifiers.org/mesh:D007649") == "MESH:D007649"
    assert vocab.iri_to_curie("https://meshb.nlm.nih.gov/record/ui?ui=D007649") == "MESH:D007649"
    assert vocab.standardize_curie("TIGR:00001") is None


def test_validation_names_the_canonical_spelling():
    assert vocab.curie_problem("hgnc:4584") == "prefix 'hgnc' is written 'HGNC' in painkg"
    assert "unknown prefix 'FOO'" in vocab.curie_problem("FOO:1")


def test_the_fast_expansion_table_is_the_converters_prefix_map():
    """vocab expands CURIEs from the map's records without curies; it must be the same table as the Converter's."""
    from painkg.vocab import _expansions, _patterns, converter

    assert _expansions() == converter().prefix_map
    records = {r.prefix: r.pattern for r in converter().records}
    assert {p: pat.pattern for p, pat in _patterns().items()} == {p: records[p] for p in _patterns()}


def test_standardize_curie_keeps_a_canonical_curie_as_the_converter_does():
    from painkg.vocab import _canonical_prefixes, converter, standardize_curie

    for prefix in sorted(_canonical_prefixes()):
        assert standardize_curie(f"{prefix}:1") == converter().standardize_curie(f"{prefix}:1"), prefix


def test_iri_to_curie_compresses_every_iri_of_the_graph_as_the_converter_does():
    """vocab.iri_to_curie matches the longest URI prefix itself; it must give the Converter's answer everywhere."""
    import pyoxigraph as ox

    from painkg.cache import cached_build
    from painkg.vocab import converter, iri_to_curie

    iris = set()
    for t in ox.parse(cached_build().ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
    iris |= {"https://identifiers.org/hgnc:4584", "http://identifiers.org/hgnc/4584", "https://example.org/x"}
    assert len(iris) > 1000
    differ = sorted(i for i in iris if iri_to_curie(i) != converter().compress(i, passthrough=True))
    assert not differ, differ[:10]
