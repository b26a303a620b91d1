"""Front-end files shared by the network views and the evidence site: templates, JavaScript, CSS, vis-network.

The JavaScript and CSS live in ``painkg/web/static/`` and the HTML in ``painkg/web/templates/`` (Jinja2, with
autoescaping on): a linter or a browser can read them, and data reach a page only as template variables,
never by string replacement, so a label holding template syntax or a former placeholder (``@@APP@@``,
``{{ x }}``) is shown as text. Data meant for scripts are written as JSON inside
``<script type="application/json">`` with :func:`json_for_html`, which escapes ``<``, ``>`` and ``&``.

Jinja2 is imported on first render only (``import painkg`` and reading commands stay light).

>>> page = render("view.html", title="<b>", inline=True, assets="", home=None, entity_page=None, embedded=False,
...               css="", vis_js="", app_js="", data_json=json_for_html({}))
>>> "&lt;b&gt;" in page and "<b>" not in page
True
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["STATIC_FILES", "json_for_html", "render", "static_text", "vis_js"]

#: The front-end files a page may use, as shipped in painkg/web/static/ (the site copies them to assets/).
STATIC_FILES = ("painkg.css", "view.js", "site.js")


@cache
def static_text(name: str) -> str:
    """The text of a shipped front-end file (``painkg.css``, ``view.js``, ``site.js``)."""
    if name not in STATIC_FILES:
        raise KeyError(f"no static file {name!r}; known: {', '.join(STATIC_FILES)}")
    return resources.files("painkg.web").joinpath("static", name).read_text(encoding="utf-8")


@cache
def vis_js() -> str:
    """The vis-network script shipped in the installed pyvis package (the newest version it bundles).

    The file is located without importing pyvis (which would load jinja2 and IPython for nothing).
    """
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("pyvis is not installed; it ships vis-network (pip install pyvis==0.3.2)")
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib"
    candidates = []
    for folder in lib.iterdir():
        m = re.fullmatch(r"vis-(\d+)\.(\d+)\.(\d+)", folder.name)
        script = folder / "vis-network.min.js"
        if m and script.is_file():
            candidates.append((tuple(int(x) for x in m.groups()), script))
    if not candidates:
        raise FileNotFoundError(f"no vis-network.min.js under {lib}; reinstall pyvis")
    text = max(candidates, key=lambda c: c[0])[1].read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script")


def json_for_html(value: Any) -> str:
    """JSON safe inside an HTML ``<script>`` block: ``<``, ``>``, ``&`` and line separators escaped; sorted keys."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


@cache
def _env() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("painkg.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render a template of painkg/web/templates with ``context`` (every value escaped unless marked safe).

    ``inline`` pages carry their CSS and scripts; values named ``css``, ``vis_js``, ``app_js`` and
    ``data_json`` are code or escaped JSON produced by painkg itself and are inserted as they are.
    """
    from markupsafe import Markup

    trusted = {"css", "vis_js", "app_js", "data_json", "site_js"}
    ctx = {k: (Markup(v) if k in trusted and isinstance(v, str) else v) for k, v in context.items()}
    return _env().get_template(template).render(**ctx)
