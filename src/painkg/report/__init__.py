"""Evidence reports for any drug × condition of the graph, generated from graph queries alone.

>>> import painkg
>>> from painkg.paths import package_root
>>> kg = painkg.load(package_root() / "tests" / "fixtures" / "mini")
>>> report = generate(kg, "ketamine", "neuropathic pain")
>>> report.slug
'report-ketamine-neuropathic-pain'
>>> [s.id for s in report.sections][:3]
['summary', 'regulatory', 'guidelines']
>>> report.citations[1].key
'guimaraes_pereira_2022'

Templates (:mod:`painkg.report.templates`) hold the wording; every fact placed in them is a
:class:`~painkg.report.model.Value` read from a query row and tagged with the graph record it came from,
so :meth:`Report.numbers` can account for every number the report states.
"""

from __future__ import annotations

from collections.abc import Callable

from painkg.api import KnowledgeGraph
from painkg.pipeline import Build
from painkg.queries import UnknownEntityError
from painkg.report.build import NotOfKindError, generate
from painkg.report.model import Citations, Report, StatedNumber, TemplateError
from painkg.report.render import render_html, render_markdown

__all__ = [
    "DEFAULT_PAIR",
    "Citations",
    "NotOfKindError",
    "Report",
    "StatedNumber",
    "TemplateError",
    "UnknownEntityError",
    "default_reports",
    "generate",
    "render_html",
    "render_markdown",
]

#: The pair ``painkg build`` writes a report for (the pair the seed documents are about).
DEFAULT_PAIR = ("CHEBI:6121", "HP:6000040")


def default_reports(build_or_kg: Build | KnowledgeGraph, notice: Callable[[str], None] | None = None) -> dict[str, str]:
    """The report files ``painkg build`` writes: ketamine × neuropathic pain as HTML, Markdown and forest SVG.

    Returns ``{}`` (with a notice) when the graph lacks the drug or the condition, e.g. on a small fixture.
    """
    kg = build_or_kg if isinstance(build_or_kg, KnowledgeGraph) else KnowledgeGraph(build_or_kg)
    try:
        report = generate(kg, *DEFAULT_PAIR)
    except UnknownEntityError as exc:
        if notice:
            notice(f"no default report: {exc}")
        return {}
    return report.files()
