"""The report users hold: a :class:`~painkg.report.model.Document` that renders itself and lists its files."""

from __future__ import annotations

from painkg.report.model import Document
from painkg.report.render import figure_svg, render_html, render_markdown

__all__ = ["Report"]


class Report(Document):
    """A generated evidence report for one drug × condition; render with :meth:`to_markdown` / :meth:`to_html`."""

    def forest_svg(self) -> str | None:
        """The forest plot as SVG text (None when no finding can be plotted); deterministic bytes."""
        return figure_svg(self)

    def to_markdown(self, forest_src: str | None = None) -> str:
        """GitHub-flavoured Markdown; the forest plot is linked from ``forest_src`` or embedded as a data URI."""
        return render_markdown(self, forest_src=forest_src)

    def to_html(self) -> str:
        """A self-contained HTML page (inline CSS and SVG, no scripts, no external resources)."""
        return render_html(self)

    def files(self, stem: str | None = None) -> dict[str, str]:
        """Output files by name: ``STEM.html``, ``STEM.md`` and (when there is a plot) ``STEM-forest.svg``."""
        stem = stem or self.slug
        svg = self.forest_svg()
        files = {f"{stem}.html": self.to_html()}
        files[f"{stem}.md"] = self.to_markdown(forest_src=f"{stem}-forest.svg" if svg else None)
        if svg:
            files[f"{stem}-forest.svg"] = svg
        return files
