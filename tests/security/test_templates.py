"""Template placeholders and template syntax in data stay data: views and site pages are rendered by Jinja2 once.

A former string-replacing view template let a label holding ``@@APP@@`` or ``@@VIS@@`` blank the view or put
vis.js into the heading (issue 17). Every placeholder and some Jinja syntax go through labels, titles and source
titles here; the page must keep exactly one copy of each script and show the text as text.
"""

from __future__ import annotations

import json
import re

import pytest

from painkg.viz import focus_view, load_graph, whole_view
from painkg.web import static_text, vis_js
from tests.conftest import FIXTURE, KETAMINE

PAYLOADS = ["@@APP@@", "@@VIS@@", "@@DATA@@", "@@CSS@@", "@@TITLE@@", "{{ 7*7 }}", "{% raw %}", "</script>@@APP@@"]
_DATA = re.compile(r'<script type="application/json" id="painkg-data">(.*?)</script>', re.S)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_placeholder_in_a_label_and_title_changes_nothing_else(payload):
    g = load_graph(FIXTURE)
    g.nodes[KETAMINE]["label"] = f"ketamine {payload}"
    for page in (whole_view(g, title=f"t {payload}"), focus_view(g, KETAMINE, 1)):
        assert page.count(vis_js()) == 1, "vis-network inlined once"
        assert page.count(static_text("view.js").replace("</script", "<\\/script")) == 1
        assert page.count('id="painkg-data"') == 1
        data = json.loads(_DATA.search(page).group(1))
        assert f"ketamine {payload}" in {n["name"] for n in data["nodes"]}
        head = page.split("<body", 1)[0]
        assert "vis-network" not in head and "painkg-data" not in head
    assert "49" not in re.findall(r"<title>(.*?)</title>", whole_view(g, title="{{ 7*7 }}"))[0]
