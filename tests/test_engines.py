"""The fast engines give the reference engines' answers: pyshacl-turbo = pyshacl, QC on Oxigraph = QC on rdflib.

``painkg build`` validates with pyshacl-turbo and runs the QC queries on Oxigraph (issue 16: the build's
cost); these tests keep both honest on every shape and QC case of tests/test_ontology.py and on data/.
"""

from __future__ import annotations

import pyshacl
import pyshacl_turbo
import pytest
from rdflib import RDF, Graph, Namespace

from painkg.graph import qc_check, serialize_ntriples
from painkg.pipeline import build, qc_on_oxigraph
from tests.conftest import DATA, ONTOLOGY
from tests.test_ontology import QC_VIOLATIONS, VIOLATIONS, conforming_graph

SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY / "painkg.ttl", format="turtle")


def _outcome(engine, data: Graph, shapes: Graph, onto: Graph) -> tuple[bool, list[tuple[str, ...]], str]:
    conforms, report, text = engine.validate(
        data, shacl_graph=shapes, ont_graph=onto, inference="none", advanced=True, allow_warnings=True
    )
    results = sorted(
        tuple(str(report.value(r, p)) for p in (SH.focusNode, SH.resultPath, SH.resultSeverity, SH.resultMessage))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )
    return conforms, results, text


@pytest.mark.parametrize("case", ["conforming", *sorted(VIOLATIONS)])
def test_pyshacl_turbo_reports_what_pyshacl_reports(shapes, onto, case):
    g = conforming_graph()
    if case != "conforming":
        VIOLATIONS[case][0](g)
    reference = _outcome(pyshacl, g, shapes, onto)
    assert _outcome(pyshacl_turbo, g, shapes, onto) == reference
    assert reference[0] == (case == "conforming")


def test_pyshacl_turbo_reports_what_pyshacl_reports_on_the_data(shapes, onto):
    rdf = build(DATA, run_shacl=False).rdf
    reference = _outcome(pyshacl, rdf, shapes, onto)
    assert _outcome(pyshacl_turbo, rdf, shapes, onto) == reference
    # the build's own way: the graph already holds the ontology, so none is passed
    assert _outcome(pyshacl_turbo, rdf, shapes, None) == reference


@pytest.mark.parametrize("case", ["conforming", *sorted(VIOLATIONS)])
def test_a_graph_holding_the_ontology_needs_no_ont_graph(shapes, onto, case):
    g = conforming_graph()
    if case != "conforming":
        VIOLATIONS[case][0](g)
    reference = _outcome(pyshacl, g, shapes, onto)
    for t in onto:
        g.add(t)
    # same conformance and results; the text may name a value with another prefix (the graphs bind different ones)
    assert _outcome(pyshacl_turbo, g, shapes, None)[:2] == reference[:2]


@pytest.mark.parametrize("case", ["conforming", *sorted(QC_VIOLATIONS)])
def test_qc_on_oxigraph_finds_what_rdflib_finds(case):
    g = conforming_graph()
    if case != "conforming":
        QC_VIOLATIONS[case][0](g)
    assert qc_on_oxigraph(serialize_ntriples(g)) == qc_check(g)
