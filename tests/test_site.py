"""The evidence site: every page type, links that resolve, deterministic bytes, escaped data, the CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace

import pytest
from rdflib import Graph

from painkg.cli import main
from painkg.graph import build_rdf
from painkg.paths import ONTOLOGY_FILE
from painkg.pipeline import Build, build, check
from painkg.site import build_site, check_links, entity_slug, site_files
from tests.conftest import FIXTURE, KETAMINE, NEUROPATHIC_PAIN, ONTOLOGY, ROOT

HOSTILE = 'ketamine <img src=x onerror="window.__pwned=1"> @@APP@@ @@VIS@@ {{ 7*7 }} {% raw %}'


@pytest.fixture(scope="module")
def fixture_build() -> Build:
    return build(FIXTURE, run_shacl=False)


@pytest.fixture(scope="module")
def files(fixture_build) -> dict[str, str]:
    return site_files(fixture_build, workers=1)[0]


def unvalidated_build(**labels: str) -> Build:
    """The fixture with entity labels replaced in memory (no validation: views must hold whatever data hold)."""
    ds, _problems = check(FIXTURE)
    ds = replace(ds, entities=[replace(e, label=labels.get(e.id, e.label)) for e in ds.entities])
    onto = Graph().parse(ONTOLOGY / ONTOLOGY_FILE, format="turtle")
    return Build(ds, build_rdf(ds, onto), None, FIXTURE)


def test_every_page_type_is_written(fixture_build, files):
    entities = [e for e in fixture_build.dataset.entities]
    for e in entities:
        assert f"entity/{entity_slug(e.id, e.label)}.html" in files
    for s in fixture_build.dataset.sources:
        assert any(name.startswith("source/") and s.id in name for name in files)
    report = f"report/{entity_slug(KETAMINE, 'ketamine')}--{entity_slug(NEUROPATHIC_PAIN, 'neuropathic pain')}.html"
    assert report in files
    assert {"index.html", "audit.html", "view/graph.html", "assets/vis-network.min.js", "assets/view.js"} <= set(files)
    assert f"view/{entity_slug(KETAMINE, 'ketamine')}.html" in files


def test_report_pages_are_linked_from_both_entities_and_reference_source_pages(files):
    report = f"{entity_slug(KETAMINE, 'ketamine')}--{entity_slug(NEUROPATHIC_PAIN, 'neuropathic pain')}.html"
    for curie, label in ((KETAMINE, "ketamine"), (NEUROPATHIC_PAIN, "neuropathic pain")):
        assert f'href="../report/{report}"' in files[f"entity/{entity_slug(curie, label)}.html"]
    page = files[f"report/{report}"]
    assert 'href="../source/guimaraes_pereira_2022.html"' in page and 'href="../index.html"' in page
    assert "Evidence report" in page or "evidence report" in page


def test_entity_pages_list_statements_with_evidence_direction_sources_and_quotes(fixture_build, files):
    page = files[f"entity/{entity_slug(KETAMINE, 'ketamine')}.html"]
    for st in fixture_build.dataset.statements:
        if st.subject == KETAMINE:
            assert f'<tr id="{st.id}">' in page
    row = page[page.index('<tr id="st_ketamine_np_no_clear_benefit">') :].split("</tr>")[0]
    assert 'class="dir-no_effect"' in row and '<span class="ev">clinical</span>' in row
    assert 'href="../source/' in row
    quotes = [q for q in fixture_build.dataset.quotes if q.record.startswith("st_ketamine")]
    for q in quotes:
        assert q.text.replace("'", "&#39;").replace('"', "&#34;") in page
    # every entity named in a table is a link to its page
    named = re.findall(r'class="entity"', page)
    assert named and not re.search(r'<a href="" class="entity"', page)


def test_condition_page_findings_carry_scope(files):
    page = files[f"entity/{entity_slug(NEUROPATHIC_PAIN, 'neuropathic pain')}.html"]
    assert "<th>Scope</th>" in page and "<td>exact</td>" in page


def test_home_page_search_index_has_labels_synonyms_and_curies(fixture_build, files):
    page = files["index.html"]
    block = re.search(r'<script type="application/json" id="search-index">(.*?)</script>', page, re.S).group(1)
    index = json.loads(block)
    by_id = {e["c"]: e for e in index["entities"]}
    assert len(by_id) == len(fixture_build.dataset.entities)
    assert by_id[KETAMINE]["l"] == "ketamine" and "Ketalar" in by_id[KETAMINE]["s"]
    assert by_id[KETAMINE]["u"] == f"entity/{entity_slug(KETAMINE, 'ketamine')}.html"
    assert "Which claims of the seed documents hold up?" in page


def test_audit_page_links_each_claim_to_its_statements(files):
    page = files["audit.html"]
    assert '<tr id="c001_01">' in page and "supported" in page
    assert f'href="entity/{entity_slug(KETAMINE, "ketamine")}.html#st_ketamine_studied_np"' in page


def test_site_is_self_contained_and_every_internal_link_resolves(fixture_build, tmp_path):
    out = tmp_path / "site"
    result = build_site(fixture_build, out, workers=1)
    assert result.files == len(list(p for p in out.rglob("*") if p.is_file() and p.name != ".painkg-site-files"))
    assert check_links(out) == []
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(
            r"""<(script|link|img|iframe)\b[^>]*\s(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I
        ), page
        assert "@import" not in text and not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    # a dead link is found
    victim = next(out.glob("source/*.html"))
    victim.unlink()
    assert any(victim.name in b for b in check_links(out))


def test_site_is_deterministic_across_workers_and_hash_seeds(fixture_build, tmp_path):
    one = site_files(fixture_build, workers=1)[0]
    two = site_files(fixture_build, workers=2)[0]
    assert one == two
    digests = set()
    for seed in ("0", "123"):
        code = (
            "import hashlib, sys; from painkg.pipeline import build; from painkg.site import site_files;"
            f"files = site_files(build({str(FIXTURE)!r}, run_shacl=False), workers=1)[0];"
            "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())"
        )
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
        )
        assert proc.returncode == 0, proc.stderr
        digests.add(proc.stdout.strip())
    assert len(digests) == 1


def test_hostile_label_is_text_on_every_page_type():
    files = site_files(unvalidated_build(**{KETAMINE: HOSTILE}), workers=1)[0]
    kinds = set()
    for name, text in files.items():
        if not name.endswith(".html"):
            continue
        assert "<img src=x" not in text, name
        assert "{{ 7*7 }}" not in text or name.startswith("view/") or "&#" in text, name
        if "ketamine &lt;img src=x onerror=" in text or "ketamine \\u003cimg src=x onerror=" in text:
            kinds.add(name.split("/")[0] if "/" in name else name)
    assert kinds >= {"index.html", "entity", "source", "report", "view", "audit.html"}
    # the view templates are rendered once: a label holding their former placeholders changes nothing else
    view = files[f"view/{entity_slug(KETAMINE, HOSTILE)}.html"]
    assert view.count('<script src="../assets/vis-network.min.js">') == 1
    assert view.count('id="painkg-data"') == 1


def test_cli_site_writes_checks_and_removes_stale_pages(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["site", "--data", str(FIXTURE), "--out", str(out), "--workers", "1", "--check"]) == 0
    printed = capsys.readouterr().out
    assert f"to {out}" in printed and "all internal links resolve" in printed
    stale = out / "entity" / "gone.html"
    stale.write_text("old", encoding="utf-8")
    (out / ".painkg-site-files").write_text("entity/gone.html\n", encoding="utf-8")
    mine = out / "notes.txt"
    mine.write_text("kept", encoding="utf-8")
    assert main(["site", "--data", str(FIXTURE), "--out", str(out), "--workers", "1"]) == 0
    assert not stale.exists() and mine.read_text(encoding="utf-8") == "kept"


def test_build_site_flag(mini, tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["build", "--data", str(mini), "--out", str(out), "--site"]) == 0
    assert (out / "site" / "index.html").is_file()
    assert "evidence site" in capsys.readouterr().out


def test_curated_site_has_a_report_for_every_condition_pair_and_no_dead_link(curated_site):
    out, b = curated_site
    pairs = {
        (f.intervention, f.condition)
        for f in b.dataset.findings
        if f.condition and {e.id: e.kind for e in b.dataset.entities}.get(f.condition) == "Condition"
    }
    labels = {e.id: e.label for e in b.dataset.entities}
    for drug, cond in pairs:
        name = f"{entity_slug(drug, labels[drug])}--{entity_slug(cond, labels[cond])}.html"
        assert (out / "report" / name).is_file(), name
    assert check_links(out) == []


def test_frontend_files_parse():
    esprima = pytest.importorskip("esprima", reason="pip install -e '.[test]' (esprima parses the shipped JavaScript)")
    from importlib import resources

    static = resources.files("painkg.web") / "static"
    for name in ("view.js", "site.js"):
        esprima.parseScript(static.joinpath(name).read_text(encoding="utf-8"))
    css = static.joinpath("painkg.css").read_text(encoding="utf-8")
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert body.count("{") == body.count("}") and "http" not in body
