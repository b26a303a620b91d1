"""Forest plot of findings as plain SVG, written directly: byte-for-byte deterministic, no plotting library.

One panel per (outcome kind, scope group, effect type, scale): values on different scales, and broader-population
evidence and the pair's own, are never drawn on one axis. Differences (MD, SMD) get a linear axis with the null line
at 0; ratios (RR, OR, IRR, HR) a log axis with the null line at 1. Each panel is a ``<g id="forest-panel-N">`` with
its title in ``<g id="forest-panel-N-title">``, so tests and stylesheets can find it. All text is escaped; the SVG
loads nothing. (matplotlib drew the same plot but cost a third of a second to import, a third of the report's
time budget.)

>>> from painkg.report.model import ForestRow, Value, Citations
>>> row = ForestRow(("efficacy", "pair", "MD", "0-10"), ("Efficacy: MD",), ("a trial",),
...                 Value("−2.14", "f", "estimate"), Value("−2.65", "f", "ci_low"), Value("−1.63", "f", "ci_high"), ())
>>> svg = forest_svg([row], Citations({}))
>>> svg.startswith("<svg") and 'id="forest-panel-1"' in svg and "−2.14" in svg
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from painkg.report.model import (
    DIFFERENCE_TYPES,
    PLOTTABLE_TYPES,
    RATIO_TYPES,
    UNKNOWN_SCALE,
    Citations,
    ForestRow,
    Value,
    plain_text,
)

__all__ = ["DIFFERENCE_TYPES", "PLOTTABLE_TYPES", "RATIO_TYPES", "UNKNOWN_SCALE", "forest_svg"]

COLOURS = {
    "benefit": "#1f5f99",
    "no_difference": "#6b6b6b",
    "harm": "#a3271f",
    "mixed": "#a66a00",
    "insufficient": "#a66a00",
}
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
MAX_LABEL = 66
# layout in px: label column, plot, value column; per panel a title band, rows and an axis band
W_LABEL, W_PLOT, W_VALUE, MARGIN = 430.0, 330.0, 170.0, 10.0
H_TITLE, H_ROW, H_AXIS, H_GAP = 28.0, 22.0, 40.0, 16.0
WIDTH = MARGIN + W_LABEL + W_PLOT + W_VALUE + MARGIN


def _short(text: str, n: int = MAX_LABEL) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _num(v: Value | None) -> float | None:
    return None if v is None else float(v.text.replace("−", "-"))


def _f(x: float) -> str:
    """A coordinate: two decimals, no negative zero."""
    text = f"{x:.2f}"
    return "0.00" if text == "-0.00" else text


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _tick_text(v: float) -> str:
    text = f"{v:.6g}"
    return text.replace("-", "−") if text.startswith("-") else text


def _nice_step(span: float, target: int = 5) -> float:
    raw = span / max(target, 1)
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def _linear(values: list[float]) -> tuple[float, float, list[float]]:
    lo, hi = min([*values, 0.0]), max([*values, 0.0])
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    step = _nice_step(hi - lo)
    start, stop = math.floor(lo / step) * step, math.ceil(hi / step) * step
    ticks = [round(start + i * step, 10) for i in range(round((stop - start) / step) + 1)]
    return start, stop, ticks


def _log(values: list[float]) -> tuple[float, float, list[float]]:
    lo, hi = min([*values, 1.0]), max([*values, 1.0])
    lo, hi = lo / 1.25, hi * 1.25
    ticks = []
    for k in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1):
        for m in (1, 2, 5):
            t = m * 10.0**k
            if lo <= t <= hi:
                ticks.append(round(t, 10))
    return lo, hi, ticks


def _groups(rows: Sequence[ForestRow]) -> list[list[ForestRow]]:
    groups: dict[tuple[str, ...], list[ForestRow]] = {}
    for r in rows:
        groups.setdefault(r.group, []).append(r)
    return list(groups.values())


def _panel(i: int, group: list[ForestRow], top: float, citations: Citations) -> tuple[list[str], float]:
    effect_type, scale = group[0].group[2], group[0].group[3]
    ratio = effect_type in RATIO_TYPES
    values = [v for r in group for v in (_num(r.estimate), _num(r.ci_low), _num(r.ci_high)) if v is not None]
    lo, hi, ticks = _log(values) if ratio else _linear(values)
    x0 = MARGIN + W_LABEL

    def x(v: float) -> float:
        if ratio:
            return x0 + (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * W_PLOT
        return x0 + (v - lo) / (hi - lo) * W_PLOT

    height = H_TITLE + H_ROW * len(group) + H_AXIS
    plot_top, plot_bottom = top + H_TITLE, top + H_TITLE + H_ROW * len(group)
    out = [f'<g id="forest-panel-{i}">']
    out.append(
        f'<g id="forest-panel-{i}-title"><text x="{_f(MARGIN)}" y="{_f(top + H_TITLE * 0.62)}" '
        f'font-size="13" font-weight="bold">{_esc(plain_text(group[0].group_title))}</text></g>'
    )
    null = 1.0 if ratio else 0.0
    out.append(
        f'<line x1="{_f(x(null))}" y1="{_f(plot_top)}" x2="{_f(x(null))}" y2="{_f(plot_bottom)}" '
        'stroke="#222222" stroke-width="1" stroke-dasharray="4 3"/>'
    )
    for n, r in enumerate(group):
        y = plot_top + H_ROW * (n + 0.5)
        colour = COLOURS.get(r.direction, "#333333")
        refs = "".join(f"[{k}]" for k in citations.numbers(r.sources))
        label = _short(f"{refs} {plain_text(r.label)}".strip())
        out.append(f'<text x="{_f(x0 - 8)}" y="{_f(y + 4)}" text-anchor="end" font-size="11">{_esc(label)}</text>')
        est, ci_lo, ci_hi = _num(r.estimate), _num(r.ci_low), _num(r.ci_high)
        if ci_lo is not None and ci_hi is not None:
            out.append(
                f'<line x1="{_f(x(ci_lo))}" y1="{_f(y)}" x2="{_f(x(ci_hi))}" y2="{_f(y)}" stroke="{colour}" '
                'stroke-width="1.6"/>'
            )
        if est is not None:
            out.append(
                f'<rect x="{_f(x(est) - 4)}" y="{_f(y - 4)}" width="8" height="8" fill="{colour}"/>'
            )
        ci = f"  ({r.ci_low.text} to {r.ci_high.text})" if r.ci_low and r.ci_high else "  (no CI)"
        out.append(
            f'<text x="{_f(x0 + W_PLOT + 10)}" y="{_f(y + 4)}" font-size="11">{_esc(r.estimate.text + ci)}</text>'
        )
    # x axis
    out.append(
        f'<line x1="{_f(x0)}" y1="{_f(plot_bottom)}" x2="{_f(x0 + W_PLOT)}" y2="{_f(plot_bottom)}" '
        'stroke="#222222" stroke-width="1"/>'
    )
    for t in ticks:
        tx = x(t)
        out.append(f'<line x1="{_f(tx)}" y1="{_f(plot_bottom)}" x2="{_f(tx)}" y2="{_f(plot_bottom + 4)}" stroke="#222222"/>')
        out.append(
            f'<text x="{_f(tx)}" y="{_f(plot_bottom + 16)}" text-anchor="middle" font-size="10">{_tick_text(t)}</text>'
        )
    axis = effect_type + ("" if scale.startswith(UNKNOWN_SCALE) or not scale else f" ({scale})")
    axis += ", log scale" if ratio else ""
    out.append(
        f'<text x="{_f(x0 + W_PLOT / 2)}" y="{_f(plot_bottom + 32)}" text-anchor="middle" font-size="11">'
        f"{_esc(axis)}</text>"
    )
    out.append("</g>")
    return out, height


def forest_svg(rows: Sequence[ForestRow], citations: Citations) -> str:
    """Draw ``rows`` (grouped into panels by ``row.group``) and return the SVG text."""
    parts: list[str] = []
    top = H_GAP
    for i, group in enumerate(_groups(rows), start=1):
        panel, height = _panel(i, group, top, citations)
        parts += panel
        top += height + H_GAP
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(WIDTH)}" height="{_f(top)}" '
        f'viewBox="0 0 {_f(WIDTH)} {_f(top)}" font-family="{FONT}" fill="#1d1d1f">'
    )
    return "\n".join([head, '<rect width="100%" height="100%" fill="#ffffff"/>', *parts, "</svg>", ""])
