import pytest

from painkg import vocab
from painkg.vocab import METAGRAPH, PKG, PREDICATES, Kind, curie_problem, curie_to_iri


@pytest.mark.parametrize(
    "curie", ["CHEBI:6121", "HGNC:4584", "GO:0017146", "HP:6000040", "MESH:D059333", "painkg:wind_up"]
)
def test_valid_curies(curie):
    assert curie_problem(curie) is None


@pytest.mark.parametrize(
    ("curie", "fragment"),
    [
        ("FOO:123", "unknown prefix 'FOO'"),
        ("CHEBI:abc", "does not match CHEBI's pattern"),
        ("GO:17146", "does not match GO's pattern"),
        ("ketamine", "not a CURIE"),
    ],
)
def test_invalid_curies(curie, fragment):
    assert fragment in curie_problem(curie)


def test_curie_to_iri_uses_obo_purls_and_the_biolink_models_iris():
    assert curie_to_iri("CHEBI:6121") == "http://purl.obolibrary.org/obo/CHEBI_6121"
    assert curie_to_iri("HGNC:4584") == "http://identifiers.org/hgnc/4584"
    assert curie_to_iri("painkg:wind_up") == "https://w3id.org/painkg/id/entity/wind_up"


def test_namespace_is_closed():
    assert str(PKG.Statement) == "https://w3id.org/painkg/Statement"
    with pytest.raises(AttributeError):
        _ = PKG.Statment


def test_every_predicate_is_a_namespace_term_and_used_in_the_metagraph():
    used = {p for _s, p, _o in METAGRAPH}
    for name in PREDICATES:
        assert str(getattr(PKG, name)).endswith(name)
        assert name in used, f"{name} appears in no allowed (kind, predicate, kind) triple"


def test_metagraph_rejects_nonsense():
    assert (Kind.Drug, "channel_blocker_of", Kind.ProteinComplex) in METAGRAPH
    assert (Kind.Condition, "channel_blocker_of", Kind.Drug) not in METAGRAPH
    assert (Kind.Gene, "treats", Kind.Condition) not in METAGRAPH


def test_predicate_mappings_match_reference_table():
    from tests.conftest import reference_or_skip

    ref = reference_or_skip()
    rows = [line.split("\t") for line in (ref / "predicates.tsv").read_text().splitlines()[1:]]
    table = {r[0]: (r[2], r[3]) for r in rows}
    for name, info in PREDICATES.items():
        if name in table:
            biolink, ro = table[name]
            assert info.biolink == biolink, name
            assert (info.ro or "") == ro, name
    assert set(vocab.PREDICATES) >= set(table) - {"has_evidence", "publications"}
