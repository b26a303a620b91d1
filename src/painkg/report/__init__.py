"""Evidence reports for any drug × condition of the graph, generated from graph queries alone.

>>> import painkg
>>> from painkg.paths import package_root
>>> kg = painkg.load(package_root() / "tests" / "fixtures" / "mini")
>>> report = generate(kg, "ketamine", "neuropathic pain")
>>> report.slug
'report-ketamine-neuropathic-pain'
>>> [s.id for s in report.sections][:3]
['summary', 'regulatory', 'guidelines']

The package is layered; each module imports only the ones above it in this list:

1. :mod:`~painkg.report.model` (the report as data: values with provenance, blocks, citations) and
   :mod:`~painkg.report.templates` (the wording; no facts, no digits);
2. :mod:`~painkg.report.data`: everything the report states, read by named queries bound to the drug, the
   condition and the report's own records;
3. :mod:`~painkg.report.sections`: one module per section (:mod:`.sections.pieces` holds what they share);
4. :mod:`~painkg.report.forest`: the forest plot as SVG;
5. :mod:`~painkg.report.render`: Markdown and HTML;
6. :mod:`~painkg.report.document`: :class:`Report`, a document that renders itself;
7. :mod:`~painkg.report.generate`: :func:`generate`, and this package's front door.

tests/test_layers.py checks the order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from painkg.queries import UnknownEntityError
from painkg.report.data import NotOfKindError
from painkg.report.document import Report
from painkg.report.generate import generate
from painkg.report.model import Citations, StatedNumber, TemplateError
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


def default_reports(build_or_kg: Any, notice: Callable[[str], None] | None = None) -> dict[str, str]:
    """The report files ``painkg build`` writes: ketamine × neuropathic pain as HTML, Markdown and forest SVG.

    Takes a :class:`painkg.pipeline.Build` or a :class:`painkg.api.KnowledgeGraph`. Returns ``{}`` (with a notice)
    when the graph lacks the drug or the condition, e.g. on a small fixture.
    """
    from painkg.api import KnowledgeGraph

    kg = build_or_kg if isinstance(build_or_kg, KnowledgeGraph) else KnowledgeGraph(build_or_kg)
    try:
        report = generate(kg, *DEFAULT_PAIR)
    except UnknownEntityError as exc:
        if notice:
            notice(f"no default report: {exc}")
        return {}
    return report.files()
