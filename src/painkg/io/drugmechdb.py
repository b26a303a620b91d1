"""DrugMechDB's path format: its vocabulary, painkg's mapping onto it, and the paths painkg can state in it.

DrugMechDB (Gonzalez-Cavazos et al. 2023, Sci Data, doi:10.1038/s41597-023-02534-z) curates one path per
drug–disease indication: ``graph{_id, drug, drug_mesh, drugbank, disease, disease_mesh}``, ``nodes[{id, label,
name}]``, ``links[{key, source, target}]``, ``references`` and ``comment``. Its own path tests
(SuLab/DrugMechDB ``utils/test_indications.py``) require those keys, the drug (``drug_mesh`` or ``drugbank``) at
the start and ``disease_mesh`` at the end of the links, every node on a link and every inner node both a source and
a target, one-colon CURIEs with an allowed prefix, and Biolink node labels and link keys.

Vocabulary (:data:`PREDICATES`, :data:`NODE_LABELS`, :data:`ID_PREFIXES`) is that of DrugMechDB v2.0.1 as
``tests/fixtures/external/drugmechdb_vocabulary.yaml`` records it (derived from the whole database;
``tests/test_drugmechdb.py`` checks these constants against it). Node ids use only prefixes that both DrugMechDB's
published allow-list and v2.0.1's paths use.

**Mapping painkg → DrugMechDB** (:data:`LINK_KEY`): each painkg predicate a mechanism path may walk gets the
DrugMechDB key that claims no more than it: the Biolink predicate painkg maps it to where DrugMechDB has it
(``part_of`` → "part of", ``has_component`` → "has part", ``causally_upstream_of`` → "precedes"), the direction
of an activity or process change otherwise ("decreases activity of", "negatively regulates"). DrugMechDB has no
"associated with": ``associated_with`` and ``biomarker_of`` (association only, no causal claim) become
"correlated with", and every path's ``comment`` names each association-only hop. Clinical claims, harms of a drug
and enantiomer, metabolised-by and gene-product links are not mechanism hops (no key).

**Ids** come from the entities' ids and xrefs (identifiers.tsv) only: the drug and the disease by their MESH xref
(``drug_mesh``, ``disease_mesh``; ``drugbank`` is ``DB:`` + the DRUGBANK xref, DrugMechDB's spelling), a gene by
its UniProtKB xref as ``UniProt:``, other nodes by their own CURIE when DrugMechDB uses its prefix, else their MESH
xref. A path with a node that has none of these (a painkg-only concept such as wind-up) is not a DrugMechDB path.
"""

from __future__ import annotations

from painkg.model import Entity
from painkg.vocab import Kind

__all__ = [
    "ID_PREFIXES",
    "KIND_LABEL",
    "LINK_KEY",
    "NODE_LABELS",
    "PREDICATES",
    "dmdb_id",
    "drugbank_id",
    "entity_xref",
]

#: The 67 link keys (predicates) of DrugMechDB v2.0.1.
PREDICATES: frozenset[str] = frozenset(
    {
        "actively involved in",
        "affected by",
        "affects risk for",
        "ameliorates",
        "capable of",
        "caused by",
        "causes",
        "chemically similar to",
        "coexists with",
        "contraindicated for",
        "contributes to",
        "correlated with",
        "decreases abundance of",
        "decreases activity of",
        "decreases expression of",
        "decreases response to",
        "decreases synthesis of",
        "decreases uptake of",
        "derives from",
        "derives into",
        "directly interacts with",
        "disrupted by",
        "disrupts",
        "enables",
        "exacerbates",
        "expressed in",
        "expresses",
        "has active ingredient",
        "has metabolite",
        "has output",
        "has part",
        "has participant",
        "has phenotype",
        "in complex with",
        "in taxon",
        "increases abundance of",
        "increases activity of",
        "increases degradation of",
        "increases expression of",
        "increases response to",
        "increases stability of",
        "increases transport of",
        "interacts with",
        "is metabolite of",
        "located in",
        "location of",
        "manifestation of",
        "molecularly interacts with",
        "negatively correlated with",
        "negatively regulates",
        "occurs in",
        "part of",
        "participates in",
        "phenotype of",
        "physically interacts with",
        "positively correlated with",
        "positively regulates",
        "precedes",
        "predisposes",
        "prevents",
        "produced by",
        "produces",
        "regulates",
        "similar to",
        "subclass of",
        "superclass of",
        "treats"
    }
)

#: Node labels (Biolink class names) of DrugMechDB v2.0.1.
NODE_LABELS: frozenset[str] = frozenset(
    {
        "BiologicalProcess",
        "Cell",
        "CellularComponent",
        "ChemicalSubstance",
        "Disease",
        "Drug",
        "GeneFamily",
        "GrossAnatomicalStructure",
        "MacromolecularComplex",
        "MolecularActivity",
        "OrganismTaxon",
        "Pathway",
        "PhenotypicFeature",
        "Protein",
    }
)

#: Node-id prefixes painkg writes: those both DrugMechDB's published allow-list (utils/test_indications.py
#: ``ALLOWED_CURIS``) and the paths of v2.0.1 use.
ID_PREFIXES: frozenset[str] = frozenset(
    {"CHEBI", "CL", "DB", "GO", "HP", "InterPro", "MESH", "PR", "TIGR", "UBERON", "UniProt"}
)

#: The DrugMechDB key of each painkg predicate a mechanism path may walk (see the module docstring).
LINK_KEY: dict[str, str] = {
    "antagonist_of": "decreases activity of",
    "agonist_of": "increases activity of",
    "inhibits": "decreases activity of",
    "decreases_activity_of": "decreases activity of",
    "increases_activity_of": "increases activity of",
    "channel_blocker_of": "decreases activity of",
    "negative_allosteric_modulator_of": "decreases activity of",
    "binds": "directly interacts with",
    "increases_process": "positively regulates",
    "decreases_process": "negatively regulates",
    "positively_regulates": "positively regulates",
    "negatively_regulates": "negatively regulates",
    "causally_upstream_of": "precedes",
    "acts_upstream_of_positive_effect": "positively regulates",
    "acts_upstream_of_negative_effect": "negatively regulates",
    "participates_in": "participates in",
    "involved_in": "actively involved in",
    "part_of": "part of",
    "causes_condition": "causes",
    "contributes_to": "contributes to",
    "has_metabolite": "has metabolite",
    "has_component": "has part",
    "associated_with": "correlated with",
    "biomarker_of": "correlated with",
    "correlated_with": "correlated with",
    "has_phenotype": "has phenotype",
    "subclass_of": "subclass of",
}

#: DrugMechDB node label of each painkg kind.
KIND_LABEL: dict[str, str] = {
    Kind.Drug: "Drug",
    Kind.DrugClass: "ChemicalSubstance",
    Kind.Metabolite: "ChemicalSubstance",
    Kind.Gene: "Protein",
    Kind.ProteinComplex: "MacromolecularComplex",
    Kind.BiologicalProcess: "BiologicalProcess",
    Kind.PhysiologicalMechanism: "BiologicalProcess",
    Kind.Condition: "Disease",
    Kind.AdverseEffect: "PhenotypicFeature",
    Kind.Procedure: "BiologicalProcess",
    Kind.Phenotype: "PhenotypicFeature",
    Kind.OrganismTaxon: "OrganismTaxon",
    Kind.OntologyClass: "Disease",
}


def entity_xref(e: Entity, prefix: str) -> str | None:
    """The entity's own id when it has ``prefix``, else its first xref with it (xrefs come from identifiers.tsv)."""
    if e.id.startswith(prefix + ":"):
        return e.id
    return next((x for x in e.xrefs if x.startswith(prefix + ":")), None)


def dmdb_id(e: Entity) -> str | None:
    """The id DrugMechDB would give ``e`` (see the module docstring), or None when painkg has none for it.

    >>> dmdb_id(Entity("HGNC:4584", "Gene", "GRIN1", xrefs=("UniProtKB:Q05586",)))
    'UniProt:Q05586'
    >>> dmdb_id(Entity("painkg:wind_up", "PhysiologicalMechanism", "wind-up")) is None
    True
    """
    if e.kind == Kind.Gene:
        uni = entity_xref(e, "UniProtKB")
        return f"UniProt:{uni.split(':', 1)[1]}" if uni else None
    if e.kind in (Kind.Drug, Kind.Condition):
        return entity_xref(e, "MESH") or (_drugbank(e) if e.kind == Kind.Drug else None)
    prefix = e.id.split(":", 1)[0]
    if prefix in ID_PREFIXES:
        return e.id
    return entity_xref(e, "MESH")


def _drugbank(e: Entity) -> str | None:
    db = entity_xref(e, "DRUGBANK")
    return f"DB:{db.split(':', 1)[1]}" if db else None


def drugbank_id(e: Entity) -> str | None:
    """``DB:`` + the entity's DRUGBANK xref (DrugMechDB's ``drugbank`` field), or None."""
    return _drugbank(e)
