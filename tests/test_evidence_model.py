"""The faithful-evidence rules (issue 11): each rule rejects a small broken fixture and names the fix.

Each case edits one record of the tiny fixture (tests/fixtures/mini) through the model, writes it back and
expects validation to report the problem on the right file and column. The real data passes every rule
(tests/test_data.py runs all RULES over data/).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from painkg.curation import read_dataset, validate
from painkg.curation.tsv import write_dataset
from painkg.model import Dataset, Entity, Quote, RegulatoryAction, Statement
from tests.conftest import KETAMINE, NEUROPATHIC_PAIN


def _mutate(mini: Path, change: Callable[[Dataset], None]) -> list:
    ds = read_dataset(mini).dataset
    change(ds)
    write_dataset(ds, mini)
    return [p for p in validate(read_dataset(mini)) if p.severity == "error"]


def _first(items, pred):
    return next(i for i, x in enumerate(items) if pred(x))


def _synthesis_with_one_source(ds: Dataset) -> None:
    i = _first(ds.findings, lambda f: len(f.sources) == 1)
    ds.findings[i] = replace(ds.findings[i], synthesis="true")


def _two_sources_not_a_synthesis(ds: Dataset) -> None:
    i = _first(ds.findings, lambda f: len(f.sources) == 1)
    other = next(s.id for s in ds.sources if s.id not in ds.findings[i].sources)
    ds.findings[i] = replace(ds.findings[i], sources=(*ds.findings[i].sources, other))


def _mixed_finding_on_supporting_statement(ds: Dataset) -> None:
    st = {s.id: s for s in ds.statements}
    i = _first(ds.findings, lambda f: f.statement and st[f.statement].direction == "supports")
    ds.findings[i] = replace(ds.findings[i], direction="mixed")


def _animal_result_on_human_disease(ds: Dataset) -> None:
    i = _first(ds.statements, lambda s: s.subject == KETAMINE and s.object == NEUROPATHIC_PAIN)
    ds.statements[i] = replace(ds.statements[i], evidence_type="animal", predicate="ameliorates")


def _association_as_cause(ds: Dataset) -> None:
    i = _first(ds.statements, lambda s: s.predicate not in ("correlated_with", "associated_with", "biomarker_of"))
    ds.statements[i] = replace(ds.statements[i], association_only="true")


def _duplicate_doi(ds: Dataset) -> None:
    with_doi = [s for s in ds.sources if s.doi]
    i = _first(ds.sources, lambda s: s.id != with_doi[0].id)
    ds.sources[i] = replace(ds.sources[i], doi=with_doi[0].doi.upper())


def _shared_synonym(ds: Dataset) -> None:
    a, b = ds.entities[0], ds.entities[1]
    ds.entities[1] = replace(b, synonyms=(*b.synonyms, a.label.upper()))


def _quote_from_uncited_source(ds: Dataset) -> None:
    st = ds.statements[0]
    other = next(s.id for s in ds.sources if s.id not in st.sources)
    ds.quotes.append(Quote("q_test", record=st.id, source=other, text="a sentence"))


def _enantiomer_of_its_racemate(ds: Dataset) -> None:
    i = _first(ds.statements, lambda s: s.predicate == "enantiomer_of")
    e = ds.statements[i]
    ds.statements.append(
        Statement(
            "st_test_component",
            e.object,
            "has_component",
            e.subject,
            e.evidence_type,
            "supports",
            "false",
            "false",
            sources=e.sources,
        )
    )


def _indication_without_scope(ds: Dataset) -> None:
    ds.regulatory.append(
        RegulatoryAction(
            "reg_test",
            agency="FDA",
            drug=KETAMINE,
            indication=NEUROPATHIC_PAIN,
            action="approval",
            date="2000",
            sources=(ds.sources[0].id,),
        )
    )


def _species_not_a_taxon(ds: Dataset) -> None:
    i = _first(ds.statements, lambda s: True)
    ds.statements[i] = replace(ds.statements[i], species=(KETAMINE,))


def _included_in_a_primary_study(ds: Dataset) -> None:
    study = next(s for s in ds.sources if s.type == "primary_experimental")
    i = _first(ds.sources, lambda s: s.id != study.id)
    ds.sources[i] = replace(ds.sources[i], included_in=(study.id,))


CASES = [
    ("synthesis with one source", _synthesis_with_one_source, "findings.tsv", "sources", "is a synthesis but cites"),
    (
        "two sources, not a synthesis",
        _two_sources_not_a_synthesis,
        "findings.tsv",
        "sources",
        "not marked as a synthesis",
    ),
    ("mixed on supports", _mixed_finding_on_supporting_statement, "findings.tsv", "direction", "contradicts statement"),
    (
        "animal on disease",
        _animal_result_on_human_disease,
        "statements.tsv",
        "object",
        "model result on a human disease",
    ),
    ("association as cause", _association_as_cause, "statements.tsv", "predicate", "association-only statement"),
    ("duplicate DOI", _duplicate_doi, "sources.tsv", "doi", "share the doi"),
    ("shared synonym", _shared_synonym, "entities.tsv", "synonyms", "also names"),
    ("quote of uncited source", _quote_from_uncited_source, "quotes.tsv", "source", "is not cited by record"),
    ("enantiomer of racemate", _enantiomer_of_its_racemate, "statements.tsv", "predicate", "is a component of"),
    ("indication without scope", _indication_without_scope, "regulatory.tsv", "indication_scope", "exact scope"),
    ("species not a taxon", _species_not_a_taxon, "statements.tsv", "species", "is not an OrganismTaxon"),
    ("included in a primary study", _included_in_a_primary_study, "sources.tsv", "included_in", "not a review"),
]


@pytest.mark.parametrize(("change", "file", "column", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_rejects_broken_fixture(mini, change, file, column, fragment):
    before = [p for p in validate(read_dataset(mini)) if p.severity == "error"]
    assert not before, [str(p) for p in before]
    problems = [p for p in _mutate(mini, change) if fragment in p.message]
    assert problems, f"no problem mentioning {fragment!r}"
    assert (problems[0].file, problems[0].column) == (file, column)
    assert problems[0].line >= 1 and problems[0].fix


def test_phenotype_in_a_model_is_allowed(mini):
    """The same animal result pointed at a Phenotype (the phenotype in that model) passes."""

    def change(ds: Dataset) -> None:
        ds.entities.append(Entity("painkg:test_phenotype", "Phenotype", "test phenotype", note="test fixture only"))
        i = _first(ds.statements, lambda s: s.subject == KETAMINE and s.object == NEUROPATHIC_PAIN)
        ds.statements[i] = replace(
            ds.statements[i], evidence_type="animal", predicate="ameliorates", object="painkg:test_phenotype"
        )

    assert not [p for p in _mutate(mini, change) if "human disease" in p.message]
