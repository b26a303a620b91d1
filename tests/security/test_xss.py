"""Script injection through curated text into the views, the report (HTML, Markdown) and the forest SVG."""

from __future__ import annotations

import shutil

from painkg.pipeline import build
from painkg.report import default_reports
from painkg.viz import default_views
from tests.conftest import FIXTURE

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</script><svg onload=alert(1)>"]


def test_payloads_in_labels_titles_and_measures_never_become_markup(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    for name, old, payload in (
        ("entities.tsv", "\tpsychotomimetic effects\t", PAYLOADS[0]),
        ("entities.tsv", "\tcentral sensitization\t", PAYLOADS[1]),
        ("findings.tsv", "\tpain intensity\t", PAYLOADS[2]),
        ("sources.tsv", "\tStructural basis of ketamine action on human NMDA receptors\t", PAYLOADS[1]),
    ):
        path = data / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, f"\t{payload}\t"), encoding="utf-8")
    b = build(data, run_shacl=False)
    files = {**default_views(b), **default_reports(b)}
    assert any(n.endswith(".svg") for n in files) and any(n.endswith(".html") for n in files)
    for name, content in files.items():
        text = content if isinstance(content, str) else content.decode("utf-8")
        if name.endswith(".md"):
            continue  # Markdown is checked below: its HTML rendering is the renderer's job, but raw tags are not
        for payload in PAYLOADS:
            assert payload not in text, f"{name} carries {payload!r} unescaped"
    md = next(c for n, c in files.items() if n.endswith(".md"))
    for payload in PAYLOADS:
        assert payload not in md, f"the Markdown report carries {payload!r} as raw HTML"
