"""Forest plot of findings (matplotlib Agg canvas, SVG output, no pyplot state), byte-for-byte deterministic.

One panel per (outcome kind, effect type, scale): values on different scales are never drawn on one axis.
Differences (MD, SMD) get a linear axis with the null line at 0; ratios (RR, OR, IRR, HR) a log axis with
the null line at 1. Each panel carries its group title and a ``gid`` (``forest-panel-N``) so tests and
stylesheets can find it. Text stays text in the SVG (``svg.fonttype = none``); the SVG hash salt is fixed
and the date is left out of the metadata, so two runs give identical bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
from matplotlib.transforms import blended_transform_factory

from painkg.report.model import Citations, ForestRow, plain_text

__all__ = ["DIFFERENCE_TYPES", "PLOTTABLE_TYPES", "RATIO_TYPES", "UNKNOWN_SCALE", "forest_svg"]

#: Effect types drawn on a linear axis around 0.
DIFFERENCE_TYPES = frozenset({"MD", "SMD"})
#: Effect types drawn on a log axis around 1.
RATIO_TYPES = frozenset({"RR", "OR", "IRR", "HR"})
#: Prefix of the group key of a finding whose scale is not recorded (it gets a panel of its own).
UNKNOWN_SCALE = "?unknown:"
#: Effect types the forest plot draws (others stay in the tables).
PLOTTABLE_TYPES = DIFFERENCE_TYPES | RATIO_TYPES

_COLOURS = {"benefit": "#1f5f99", "no_difference": "#6b6b6b", "harm": "#a3271f"}
_RC = {
    "svg.hashsalt": "painkg-forest",
    "svg.fonttype": "none",
    "svg.id": "painkg-forest",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "path.simplify": False,
}
_MAX_LABEL = 64


def _short(text: str, n: int = _MAX_LABEL) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _group(rows: Sequence[ForestRow]) -> list[list[ForestRow]]:
    groups: dict[tuple[str, str, str], list[ForestRow]] = {}
    for r in rows:
        groups.setdefault(r.group, []).append(r)
    return list(groups.values())


def _num(v) -> float | None:
    return None if v is None else float(v.text.replace("−", "-"))


# layout in inches: label column, plot, value column; per panel a title band, rows and an axis band
_W_LABEL, _W_PLOT, _W_VALUE = 4.3, 3.6, 1.7
_H_TITLE, _H_ROW, _H_AXIS, _H_GAP = 0.34, 0.3, 0.5, 0.2


def _limits(values: list[float], null: float, ratio: bool) -> tuple[float, float]:
    lo, hi = min([*values, null]), max([*values, null])
    if ratio:
        return lo / 1.25, hi * 1.25
    pad = (hi - lo) * 0.08 or 0.5
    return lo - pad, hi + pad


def forest_svg(rows: Sequence[ForestRow], citations: Citations) -> str:
    """Draw ``rows`` (grouped into panels by ``row.group``) and return the SVG text."""
    groups = _group(rows)
    heights = [_H_TITLE + _H_ROW * (len(g) + 0.6) + _H_AXIS for g in groups]
    width = _W_LABEL + _W_PLOT + _W_VALUE
    total = sum(heights) + _H_GAP * (len(groups) + 1)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width, total))
        FigureCanvasAgg(fig)  # the Agg canvas, attached to this figure only (pyplot's global state is untouched)
        top = total - _H_GAP
        for i, (group, height) in enumerate(zip(groups, heights, strict=True)):
            effect_type = group[0].group[1]
            ratio = effect_type in RATIO_TYPES
            null = 1.0 if ratio else 0.0
            plot_h = height - _H_TITLE - _H_AXIS
            bottom = top - _H_TITLE - plot_h
            ax = fig.add_axes((_W_LABEL / width, bottom / total, _W_PLOT / width, plot_h / total))
            ax.set_gid(f"forest-panel-{i + 1}")
            ys = list(range(len(group)))[::-1]
            labels, values = [], []
            for y, r in zip(ys, group, strict=True):
                est, lo, hi = _num(r.estimate), _num(r.ci_low), _num(r.ci_high)
                colour = _COLOURS.get(r.direction, "#333333")
                values += [v for v in (est, lo, hi) if v is not None]
                if lo is not None and hi is not None:
                    ax.plot([lo, hi], [y, y], color=colour, linewidth=1.4, solid_capstyle="butt")
                ax.plot([est], [y], marker="s", markersize=6, color=colour, linestyle="none")
                refs = "".join(f"[{n}]" for n in citations.numbers(r.sources))
                labels.append(_short(f"{refs} {plain_text(r.label)}"))
                ci = f"  ({r.ci_low.text} to {r.ci_high.text})" if r.ci_low and r.ci_high else "  (no CI)"
                ax.text(
                    1.02,
                    y,
                    f"{r.estimate.text}{ci}",
                    transform=blended_transform_factory(ax.transAxes, ax.transData),
                    va="center",
                    ha="left",
                    fontsize=8,
                )
            ax.set_yticks(ys, labels)
            ax.tick_params(axis="y", length=0, labelsize=8)
            ax.set_ylim(-0.6, len(group) - 0.4)
            ax.axvline(null, color="#222222", linewidth=0.8, linestyle="--")
            if ratio:
                ax.set_xscale("log")
                ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
                ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
                ax.xaxis.set_minor_formatter(NullFormatter())
            ax.set_xlim(*_limits(values, null, ratio))
            scale = "" if group[0].group[2].startswith(UNKNOWN_SCALE) else group[0].group[2]
            ax.set_xlabel(f"{effect_type}" + (f" ({scale})" if scale else "") + (", log scale" if ratio else ""))
            fig.text(
                0.01,
                (top - _H_TITLE * 0.55) / total,
                plain_text(group[0].group_title),
                fontweight="bold",
                fontsize=10,
                va="center",
                ha="left",
                gid=f"forest-panel-{i + 1}-title",
            )
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            top -= height + _H_GAP
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return _strip_prolog(buf.getvalue())


def _strip_prolog(svg: str) -> str:
    """Drop the XML declaration, DOCTYPE and metadata block so the SVG can be inlined in HTML."""
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    return svg
