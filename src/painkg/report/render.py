"""Render a report (:class:`~painkg.report.model.Document`) as GitHub-flavoured Markdown or one self-contained HTML page.

Both renderers number the sections, write a table of contents, put citation markers ``[n]`` where the
model places them (after a hop, or at the end of a sentence before its full stop) and close with the
numbered reference list: one entry per publication with first author, year, title (or an honest "title not
recorded"), journal and design, links to its PMID and DOI (the ``rdfs:seeAlso`` links of the source in the graph),
else its PMCID, ClinicalTrials.gov id or official page, its verification flag, and the verbatim supporting quotes
of the records the report uses. Every value is escaped for its format. The HTML holds its CSS and the forest plot
(inline SVG) and loads nothing else.
"""

from __future__ import annotations

import base64
import html
import re

from painkg.report import templates as T
from painkg.report.forest import forest_svg
from painkg.report.model import (
    Bullets,
    Cite,
    Document,
    Figure,
    Frag,
    Paragraph,
    Reference,
    Row,
    Sentence,
    Subheading,
    Table,
    Value,
    plain_text,
)

__all__ = ["figure_svg", "github_anchor", "render_html", "render_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading (lower case, punctuation dropped, spaces to hyphens).

    >>> github_anchor("3. Contested and negative evidence")
    '3-contested-and-negative-evidence'
    """
    text = re.sub(r"[^\w\- ]", "", heading.strip().casefold())
    return text.replace(" ", "-")


def _has_refs(t: Table) -> bool:
    """Whether a table gets a last ``Refs`` column: always when it is cited, else when any row cites."""
    return t.cited or any(r.sources for r in t.rows)


def figure_svg(report: Document) -> str | None:
    """The report's forest plot as SVG (None when it has no figure); drawn once, then kept on the document."""
    if report.forest_cache is None:
        fig = next((b for _s, b in report.blocks() if isinstance(b, Figure)), None)
        if fig is None:
            return None
        report.forest_cache = forest_svg(fig.rows, report.citations)
    return report.forest_cache


def _numbered(report: Document) -> list[tuple[str, str, str]]:
    """(id, number, title) of every section, references last."""
    out = [(s.id, str(i), s.title) for i, s in enumerate(report.sections, start=1)]
    out.append(("references", str(len(out) + 1), T.SECTIONS["references"]))
    return out


def _ref_links(ref: Reference) -> list[tuple[str, str, str]]:
    """(kind, label, url) of a source's links: PMID and DOI (the graph's rdfs:seeAlso links), else PMCID, NCT, page."""
    m = ref.source
    out = []
    for link in m.links:
        if m.pmid and "pubmed" in link:
            out.append((T.REF_PMID, m.pmid, link))
        elif m.doi and "doi.org" in link:
            out.append((T.REF_DOI, m.doi, link))
    out.sort(key=lambda x: (x[0] != T.REF_PMID, x[1]))
    if not out:
        if m.pmcid:
            out.append((T.REF_PMCID, m.pmcid, f"https://pmc.ncbi.nlm.nih.gov/articles/{m.pmcid}"))
        if m.nct:
            out.append((T.REF_NCT, m.nct, f"https://clinicaltrials.gov/study/{m.nct}"))
    return out


def _ref_text_parts(ref: Reference) -> list[str]:
    m = ref.source
    parts = []
    if m.first_author:
        parts.append(f"{m.first_author} ({m.year})." if m.year else f"{m.first_author}.")
    elif m.year:
        parts.append(f"({m.year}).")
    parts.append(m.title.rstrip(".") + "." if m.title else T.REF_NO_TITLE + ".")
    if m.journal:
        parts.append(m.journal.rstrip(".") + ".")
    parts.append(T.DESIGN.get(m.type, m.type.replace("_", " ")).capitalize() + ".")
    return parts


def _quotes(report: Document, ref: Reference) -> list[str]:
    return [q.text for q in report.shown_quotes(ref.source)]


# -- Markdown ------------------------------------------------------------------------------------------------
class _Md:
    def __init__(self, report: Document):
        self.r = report

    def cites(self, keys) -> str:
        return "".join(f"[{n}]" for n in self.r.citations.numbers(keys))

    def frag(self, frag: Frag) -> str:
        out = []
        for p in frag:
            if isinstance(p, Cite):
                out.append(" " + self.cites(p.sources) if p.sources else "")
            elif isinstance(p, Value):
                out.append(_md(p.text))
            else:
                out.append(_md(p))
        return "".join(out)

    def sentence(self, s: Sentence) -> str:
        text = self.frag(s.frag)
        if s.sources:
            marks = self.cites(s.sources)
            text = f"{text[:-1]} {marks}." if text.endswith(".") else f"{text} {marks}"
        return text

    def table(self, t: Table) -> list[str]:
        lines = []
        if t.caption is not None:
            lines += [f"*{self.sentence(t.caption)}*", ""]
        refs = _has_refs(t)
        cols = [*t.columns, *(["Refs"] if refs else [])]
        lines.append("| " + " | ".join(_md(c) for c in cols) + " |")
        lines.append("|" + "|".join("---" for _ in cols) + "|")
        for row in t.rows:
            lines.append("| " + " | ".join(self.cells(row, refs)) + " |")
        return lines

    def cells(self, row: Row, refs: bool = True) -> list[str]:
        cells = [self.frag(c) for c in row.cells]
        if row.highlight:
            cells = [f"**{c}**" if c.strip() else c for c in cells]
        return [*cells, *([self.cites(row.sources) if row.sources else T.DASH] if refs else [])]


def render_markdown(report: Document, forest_src: str | None = None) -> str:
    """Markdown for GitHub: the forest plot is linked from ``forest_src`` or embedded as an SVG data URI."""
    md = _Md(report)
    numbered = _numbered(report)
    anchors = {sid: github_anchor(f"{num}. {title}") for sid, num, title in numbered}
    lines = [f"# {md.frag(report.title)}", "", _md(T.SUBTITLE), ""]
    if report.scope is not None:
        lines += [f"*{md.sentence(report.scope)}*", ""]
    lines += [f"**{_md(T.TOC)}**", ""]
    lines += [f"{num}. [{_md(title)}](#{anchors[sid]})" for sid, num, title in numbered]
    lines.append("")
    for (_sid, num, title), section in zip(numbered, report.sections, strict=False):
        lines += [f"## {num}. {_md(title)}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines += [" ".join(md.sentence(s) for s in block.sentences), ""]
            elif isinstance(block, Bullets):
                lines += [f"- {md.sentence(s)}" for s in block.sentences] + [""]
            elif isinstance(block, Subheading):
                lines += [f"### {md.frag(block.frag)}", ""]
            elif isinstance(block, Table):
                lines += [*md.table(block), ""]
            elif isinstance(block, Figure):
                src = forest_src
                if src is None:
                    svg = figure_svg(report) or ""
                    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
                lines += [f"![{_md(block.alt)}]({src})", "", f"*{md.sentence(block.caption)}*", ""]
    _sid, num, title = numbered[-1]
    lines += [f"## {num}. {_md(title)}", ""]
    for ref in report.citations:
        lines.append(f"- {_md_reference(report, ref)}")
    lines.append("")
    return "\n".join(lines)


def _md_reference(report: Document, ref: Reference) -> str:
    text = " ".join(_md(p) for p in _ref_text_parts(ref))
    links = _ref_links(ref)
    bits = [f"[{kind} {_md(label)}]({url})" for kind, label, url in links]
    if not any(kind in (T.REF_PMID, T.REF_DOI) for kind, _l, _u in links):
        if ref.source.url and not links:
            bits.append(f"[{T.REF_URL}]({ref.source.url})")
        bits.append(f"*{T.REF_NO_IDS}*")
    bits.append(f"**{T.REF_PARTLY_VERIFIED}**" if ref.source.partly_verified else T.REF_VERIFIED)
    line = f"[{ref.number}] {text} " + " · ".join(bits)
    for quote in _quotes(report, ref):
        line += f" · {T.REF_QUOTE}: “{_md(quote)}”"
    return line


# -- HTML ----------------------------------------------------------------------------------------------------
def _h(text: str) -> str:
    return html.escape(text, quote=True)


class _Html:
    def __init__(self, report: Document):
        self.r = report

    def cites(self, keys) -> str:
        return "".join(f'<a class="cite" href="#ref-{n}">[{n}]</a>' for n in self.r.citations.numbers(keys))

    def frag(self, frag: Frag) -> str:
        out = []
        for p in frag:
            if isinstance(p, Cite):
                out.append(self.cites(p.sources))
            elif isinstance(p, Value):
                out.append(_h(p.text))
            else:
                out.append(_h(p))
        return "".join(out)

    def sentence(self, s: Sentence) -> str:
        text = self.frag(s.frag)
        if s.sources:
            marks = self.cites(s.sources)
            text = f"{text[:-1]}{marks}." if text.endswith(".") else f"{text}{marks}"
        return text

    def table(self, t: Table) -> str:
        out = ['<div class="table-wrap"><table>']
        if t.caption is not None:
            out.append(f"<caption>{self.sentence(t.caption)}</caption>")
        refs = _has_refs(t)
        head = (*t.columns, *(["Refs"] if refs else []))
        out.append("<thead><tr>" + "".join(f'<th scope="col">{_h(c)}</th>' for c in head) + "</tr></thead>")
        out.append("<tbody>")
        for row in t.rows:
            cls = ' class="highlight"' if row.highlight else ""
            cells = [self.frag(c) for c in row.cells]
            if refs:
                cells.append(self.cites(row.sources) if row.sources else _h(T.DASH))
            out.append(f"<tr{cls}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        out.append("</tbody></table></div>")
        return "".join(out)


def _inline_svg(svg: str, alt: str) -> str:
    return re.sub(r"<svg\b", f'<svg role="img" aria-label="{_h(alt)}"', svg, count=1)


def render_html(report: Document) -> str:
    """One self-contained HTML page: inline CSS, inline SVG, a table of contents, print styles; no scripts."""
    h = _Html(report)
    numbered = _numbered(report)
    title = plain_text(report.title)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title)}</title>",
        f"<style>{T.CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{h.frag(report.title)}</h1>",
        f'<p class="subtitle">{_h(T.SUBTITLE)}</p>',
        f'<p class="scope">{h.sentence(report.scope)}</p>' if report.scope is not None else "",
        "</header>",
        f'<nav class="toc" aria-label="{_h(T.TOC)}"><h2>{_h(T.TOC)}</h2><ol>',
    ]
    out += [f'<li><a href="#{sid}">{_h(t)}</a></li>' for sid, _num, t in numbered]
    out += ["</ol></nav>", "<main>"]
    for (sid, num, t), section in zip(numbered, report.sections, strict=False):
        cls = ' class="disclaimer"' if sid == "disclaimer" else ""
        out.append(f'<section id="{sid}"{cls}><h2>{num}. {_h(t)}</h2>')
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append("<p>" + " ".join(h.sentence(s) for s in block.sentences) + "</p>")
            elif isinstance(block, Bullets):
                out.append(
                    '<ul class="facts">' + "".join(f"<li>{h.sentence(s)}</li>" for s in block.sentences) + "</ul>"
                )
            elif isinstance(block, Subheading):
                out.append(f"<h3>{h.frag(block.frag)}</h3>")
            elif isinstance(block, Table):
                out.append(h.table(block))
            elif isinstance(block, Figure):
                svg = figure_svg(report) or ""
                out.append(
                    f'<figure class="forest">{_inline_svg(svg, block.alt)}'
                    f"<figcaption>{h.sentence(block.caption)}</figcaption></figure>"
                )
        out.append("</section>")
    sid, num, t = numbered[-1]
    out.append(f'<section id="{sid}"><h2>{num}. {_h(t)}</h2><ol class="refs">')
    for ref in report.citations:
        out.append(f'<li id="ref-{ref.number}">{_html_reference(report, ref)}</li>')
    out += ["</ol></section>", "</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _html_reference(report: Document, ref: Reference) -> str:
    text = " ".join(_h(p) for p in _ref_text_parts(ref))
    links = _ref_links(ref)
    bits = [f'{kind} <a href="{_h(url)}">{_h(label)}</a>' for kind, label, url in links]
    if not any(kind in (T.REF_PMID, T.REF_DOI) for kind, _l, _u in links):
        if ref.source.url and not links:
            bits.append(f'<a href="{_h(ref.source.url)}">{_h(T.REF_URL)}</a>')
        bits.append(f'<span class="noid">{_h(T.REF_NO_IDS)}</span>')
    if ref.source.partly_verified:
        bits.append(f'<span class="partial">{_h(T.REF_PARTLY_VERIFIED)}</span>')
    else:
        bits.append(f'<span class="verified">{_h(T.REF_VERIFIED)}</span>')
    out = f'<span class="refnum">[{ref.number}]</span> {text} ' + " · ".join(bits)
    quotes = _quotes(report, ref)
    if quotes:
        out += '<ul class="quotes">' + "".join(
            f'<li><span class="qlabel">{_h(T.REF_QUOTE)}:</span> <q>{_h(q)}</q></li>' for q in quotes
        ) + "</ul>"
    return out
