"""Curation layer: reading, canonical writing and one broken fixture per validation rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from painkg.curation import read_dataset, render_file, validate
from painkg.model import RECORD_TYPES
from tests.conftest import DATA, FIXTURE


def _problems(directory: Path):
    return validate(read_dataset(directory))


def _edit(directory: Path, file: str, old: str, new: str) -> None:
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_is_valid():
    assert [p for p in _problems(FIXTURE) if p.severity == "error"] == []


@pytest.mark.parametrize("rt", RECORD_TYPES, ids=lambda rt: rt.FILE)
def test_round_trip_is_unchanged(rt):
    loaded = read_dataset(FIXTURE)
    assert render_file(loaded.dataset.records(rt), rt) == (FIXTURE / rt.FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize("rt", RECORD_TYPES, ids=lambda rt: rt.FILE)
def test_data_files_are_canonical(rt):
    """Drift test: `painkg lint` would not change any file of data/."""
    loaded = read_dataset(DATA)
    assert not [p for p in loaded.problems if p.severity == "error"], loaded.problems[:5]
    current = (DATA / rt.FILE).read_text(encoding="utf-8")
    assert render_file(loaded.dataset.records(rt), rt) == current, f"run `painkg lint` to canonicalise {rt.FILE}"


BROKEN = [
    # (file, old, new, expected message fragment, expected column)
    ("statements.tsv", "\tsources\t", "\tsrcs\t", "missing column 'sources'", "sources"),
    ("entities.tsv", "description\tnote", "description\tnote\textra", "unknown column 'extra'", "extra"),
    (
        "statements.tsv",
        "st_grin1_part_of_nmdar",
        "st_esketamine_enantiomer",
        "duplicate id 'st_esketamine_enantiomer'",
        "id",
    ),
    ("entities.tsv", "HGNC:4584", "HGNX:4584", "unknown prefix 'HGNX'", "id"),
    ("entities.tsv", "GO:0017146", "GO:17146", "does not match GO's pattern", "id"),
    (
        "statements.tsv",
        "\tzhang2021_structure\t",
        "\tnobody_2099\t",
        "'nobody_2099' is not defined in sources.tsv",
        "sources",
    ),
    ("statements.tsv", "enantiomer_of", "mirror_of", "predicate 'mirror_of' is not in the vocabulary", "predicate"),
    (
        "statements.tsv",
        "HGNC:4584\tpart_of",
        "HGNC:4584\ttreats",
        "Gene --treats--> ProteinComplex is not allowed",
        "predicate",
    ),
    (
        "findings.tsv",
        "\t18\t706\tlow\t\tbenefit",
        "\teighteen\t706\tlow\t\tbenefit",
        "'eighteen' is not a whole number",
        "n_studies",
    ),
    ("findings.tsv", "-2.14\t-2.65\t-1.63", "-2.14\t-2.65\t-2.5", "estimate -2.14 is above ci_high -2.5", "estimate"),
    (
        "statements.tsv",
        "in_vitro\tsupports\tfalse",
        "in_silico\tsupports\tfalse",
        "'in_silico' is not a valid evidence_type",
        "evidence_type",
    ),
    ("sources.tsv", "\tmeta_analysis\t", "\tmeta-analysis\t", "'meta-analysis' is not a valid type", "type"),
    (
        "statements.tsv",
        "st_ketamine_studied_np\tCHEBI:6121\tstudied_to_treat\tHP:6000040\tclinical",
        "st_ketamine_studied_np\tCHEBI:6121\tstudied_to_treat\tHP:6000040\tlabel",
        "evidence type 'label' claims more than its sources show (meta_analysis)",
        "evidence_type",
    ),
    (
        "statements.tsv",
        "\tCHEBI:60799\tenantiomer_of",
        "\tCHEBI:6121\tenantiomer_of",
        "entity 'CHEBI:60799' (esketamine) is not used",
        "id",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "fragment", "column"), BROKEN, ids=[b[3][:40] for b in BROKEN])
def test_each_rule_reports_file_line_column_and_fix(mini, file, old, new, fragment, column):
    _edit(mini, file, old, new)
    problems = [p for p in _problems(mini) if fragment in p.message]
    assert problems, f"no problem mentioning {fragment!r}; got {[str(p) for p in _problems(mini)]}"
    p = problems[0]
    assert p.column == column
    assert p.fix
    assert p.line >= 1
    assert p.file.endswith(".tsv")


def test_invalid_utf8_names_line_and_byte(mini):
    path = mini / "entities.tsv"
    raw = path.read_bytes().replace(b"wind-up", b"wind\xff-up", 1)
    path.write_bytes(raw)
    (p,) = [p for p in _problems(mini) if "invalid UTF-8" in p.message]
    expected_line = raw[: raw.index(b"\xff")].count(b"\n") + 1
    assert (p.file, p.line) == ("entities.tsv", expected_line)
    assert p.column.startswith("byte ")


def test_all_problems_are_reported_at_once(mini):
    _edit(mini, "statements.tsv", "enantiomer_of", "mirror_of")
    _edit(mini, "sources.tsv", "\tmeta_analysis\t", "\tmeta-analysis\t")
    _edit(mini, "entities.tsv", "HGNC:4584", "HGNX:4584")
    messages = " | ".join(p.message for p in _problems(mini))
    for fragment in ("mirror_of", "meta-analysis", "HGNX"):
        assert fragment in messages


def test_wrong_cell_count_is_reported(mini):
    _edit(mini, "regimens.tsv", "\n", "\nrg_x\tCHEBI:6121\n")
    (p,) = [p for p in _problems(mini) if "cells but the header has" in p.message]
    assert (p.file, p.line) == ("regimens.tsv", 2)


def test_source_without_any_locator_is_a_warning_not_an_error(mini):
    _edit(mini, "sources.tsv", "\t40819842\t", "\t\t")
    problems = [p for p in _problems(mini) if "no PMID, DOI or official URL" in p.message]
    assert [p.severity for p in problems] == ["warning"]
