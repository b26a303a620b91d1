"""The build cache: never stale, an edit picked up at once, corrupt entries rebuilt, concurrent builds safe.

Also: ``import painkg`` loads no heavy module, and what reading commands get from the cache is what a fresh
build gives (same N-Triples, Turtle, statistics and answers).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import painkg.cache as cache
from painkg import pipeline
from painkg.cache import MAGIC, cached_build, entry_path, source_key, store_build
from painkg.graph import serialize_turtle
from painkg.queries import EntityResolver, UnknownEntityError, run_query
from painkg.store import OxigraphStore
from tests.conftest import FIXTURE, ONTOLOGY, ROOT

HEAVY = ("pandas", "networkx", "matplotlib", "pyvis", "pyshacl", "pyshacl_turbo", "jinja2", "IPython", "numpy")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


class Counting:
    """Wraps :func:`painkg.pipeline.build` to count real builds (and their SHACL runs)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.calls: list[bool] = []
        real = pipeline.build

        def counted(*args, run_shacl: bool = True, **kwargs):
            self.calls.append(run_shacl)
            return real(*args, run_shacl=run_shacl, **kwargs)

        monkeypatch.setattr(pipeline, "build", counted)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.build"))


def test_missing_cache_is_built_once_then_read(mini, cache_dir, monkeypatch):
    builds = Counting(monkeypatch)
    first = cached_build(mini)
    assert len(_entries(cache_dir)) == 1 and builds.calls == [False]
    again = cached_build(mini)
    assert builds.calls == [False], "a second call must read the cache, not rebuild"
    assert again.ntriples == first.ntriples and again.dataset == first.dataset
    assert again.name_index == first.name_index and again.name_index[1]


def test_an_edit_is_picked_up_at_once_and_the_old_entry_is_never_read(mini, cache_dir):
    before = cached_build(mini)
    assert "ketamine" in before.ntriples
    ents = mini / "entities.tsv"
    ents.write_text(ents.read_text(encoding="utf-8").replace("\tketamine\t", "\tketamine-edited\t"), encoding="utf-8")
    after = cached_build(mini)
    assert '"ketamine-edited"' in after.ntriples and '"ketamine"' not in after.ntriples
    assert len(_entries(cache_dir)) == 2
    # the edit is undone: the first entry applies again, byte for byte
    ents.write_text(ents.read_text(encoding="utf-8").replace("\tketamine-edited\t", "\tketamine\t"), encoding="utf-8")
    assert cached_build(mini).ntriples == before.ntriples


def test_key_covers_data_ontology_and_code(mini, tmp_path, monkeypatch):
    key = source_key(mini, ONTOLOGY)
    onto = tmp_path / "onto"
    shutil.copytree(ONTOLOGY, onto)  # the ontology and its import modules
    assert source_key(mini, onto) == key, "the key depends on contents, not on where the files are"
    (onto / "shapes.ttl").write_text((onto / "shapes.ttl").read_text(encoding="utf-8") + "\n# edited\n")
    assert source_key(mini, onto) != key
    (mini / "new.tsv").write_text("x\n")
    assert source_key(mini, ONTOLOGY) != key
    (mini / "new.tsv").unlink()
    assert source_key(mini, ONTOLOGY) == key
    monkeypatch.setattr(cache, "_code_digest", lambda: "another painkg version")
    assert source_key(mini, ONTOLOGY) != key, "an upgrade of painkg must invalidate the cache"


def test_stale_entry_under_the_wrong_key_is_rebuilt(mini, cache_dir, capsys):
    old = cached_build(mini)
    old_path = _entries(cache_dir)[0]
    ents = mini / "entities.tsv"
    ents.write_text(ents.read_text(encoding="utf-8").replace("\tketamine\t", "\tketamine-2\t"), encoding="utf-8")
    new_path = entry_path(source_key(mini), cache_dir)
    new_path.write_bytes(old_path.read_bytes())  # another build's file where this build's entry belongs
    capsys.readouterr()
    fresh = cached_build(mini)
    assert "holds another build" in capsys.readouterr().err
    assert '"ketamine-2"' in fresh.ntriples and fresh.ntriples != old.ntriples


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "other-format"])
def test_corrupt_entry_is_rebuilt_with_a_notice(mini, cache_dir, capsys, damage):
    good = cached_build(mini)
    path = _entries(cache_dir)[0]
    raw = path.read_bytes()
    broken = {
        "truncate": raw[: len(raw) // 2],
        "flip": raw[:-10] + bytes([raw[-10] ^ 0xFF]) + raw[-9:],
        "garbage": b"\x00" * 100,
        "empty": b"",
        "other-format": b"PAINKGC0" + raw[len(MAGIC) :],
    }[damage]
    path.write_bytes(broken)
    capsys.readouterr()
    again = cached_build(mini)
    err = capsys.readouterr().err
    assert "unusable" in err and "rebuilding" in err and str(path) in err
    assert again.ntriples == good.ntriples
    assert path.read_bytes() == raw or cache._read(path, source_key(mini)).ntriples == good.ntriples


def test_validated_build_runs_shacl_once_and_upgrades_the_entry(mini, cache_dir, monkeypatch):
    builds = Counting(monkeypatch)
    assert cached_build(mini).shacl is None
    checked = cached_build(mini, validated=True)
    assert checked.shacl is not None and checked.shacl.conforms
    assert cached_build(mini, validated=True).shacl == checked.shacl
    assert cached_build(mini).shacl == checked.shacl, "a validated entry serves unvalidated readers too"
    assert builds.calls == [False, True]
    assert len(_entries(cache_dir)) == 1


def test_invalid_data_is_never_cached(mini, cache_dir):
    (mini / "statements.tsv").write_text(
        (mini / "statements.tsv").read_text(encoding="utf-8").replace("enantiomer_of", "mirror_of")
    )
    with pytest.raises(pipeline.InvalidDataError):
        cached_build(mini)
    assert _entries(cache_dir) == []


def test_no_writable_cache_folder_builds_in_memory(mini, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.setattr(cache, "_warned", False, raising=False)
    b = cached_build(mini)
    assert "ketamine" in b.ntriples
    assert "no writable cache folder" in capsys.readouterr().err


def test_cached_build_gives_the_fresh_build_bytes_and_stats(mini, cache_dir):
    fresh = pipeline.build(mini)
    cached_build(mini, validated=True)  # write
    cached = cached_build(mini)  # read back
    assert cached._rdf is None, "the entry must come from the cache file"
    assert cached.ntriples == fresh.ntriples
    assert serialize_turtle(cached.rdf) == serialize_turtle(fresh.rdf)
    assert pipeline.stats(cached) == pipeline.stats(fresh)
    assert cached.nx.number_of_edges() == fresh.nx.number_of_edges()


def test_build_and_validate_commands_write_a_validated_entry(mini, cache_dir, tmp_path, monkeypatch):
    from painkg.cli import main

    assert main(["build", "--data", str(mini), "--out", str(tmp_path / "out")]) == 0
    entry = cache._read(_entries(cache_dir)[0], source_key(mini))
    assert entry.shacl is not None
    assert entry.ntriples == (tmp_path / "out" / "painkg.nt").read_text(encoding="utf-8")
    builds = Counting(monkeypatch)
    assert main(["query", "targets", "--data", str(mini), "--param", "drug=ketamine", "--format", "csv"]) == 0
    assert main(["stats", "--data", str(mini), "--json"]) == 0
    assert builds.calls == [], "reading commands must use the entry painkg build wrote"


CONCURRENT = """
import sys
from painkg.cache import cached_build
from painkg.api import KnowledgeGraph
b = cached_build(sys.argv[1], validated=sys.argv[2] == "1")
kg = KnowledgeGraph(b)
print(len(b.ntriples), sorted(kg.targets("ketamine")["statement"]))
"""


def test_concurrent_builds_in_real_processes_never_corrupt_the_entry(mini, cache_dir):
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT, str(mini), str(i % 2)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for i in range(6)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [err for _out, err in outs]
    assert len({out for out, _err in outs}) == 1, "every process must see the same graph"
    assert not any("unusable" in err for _out, err in outs), "no process may read a half-written entry"
    entries = _entries(cache_dir)
    assert len(entries) == 1
    assert cache._read(entries[0], source_key(mini)).ntriples == cached_build(mini).ntriples
    assert not list(cache_dir.glob(".*.tmp")), "temporary files are moved into place or removed"


def test_store_build_then_cached_build_reads_without_building(mini, cache_dir, monkeypatch):
    store_build(pipeline.build(mini), mini)
    builds = Counting(monkeypatch)
    assert cached_build(mini, validated=True).shacl is not None
    assert builds.calls == []


def test_old_entries_are_pruned(mini, cache_dir, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 2)
    ents = mini / "entities.tsv"
    text = ents.read_text(encoding="utf-8")
    for i in range(4):
        ents.write_text(text.replace("\tketamine\t", f"\tketamine-{i}\t"), encoding="utf-8")
        cached_build(mini)
    assert len(_entries(cache_dir)) == 2


# --- name resolution ------------------------------------------------------------------------------------


def test_exact_lookups_resolve_every_name_as_the_index_does(mini, cache_dir):
    b = cached_build(mini)
    store = OxigraphStore()
    store.load_bytes(b.ntriples.encode(), "nt", lenient=True)
    indexed = EntityResolver(store, b.name_index)
    cols, rows = b.name_index
    names = set()
    for row in rows:
        rec = dict(zip(cols, row, strict=True))
        for v in (rec["curie"], rec["entity"], rec["label"], rec["synonym"]):
            if v:
                names |= {v, v.upper(), v.lower(), v.title(), f"  {v} "}
    for name in sorted(names):
        assert EntityResolver(store).resolve(name) == indexed.resolve(name), name
    with pytest.raises(UnknownEntityError) as exc_info:
        EntityResolver(store).resolve("ketamin")
    assert "ketamine" in exc_info.value.suggestions


def test_exact_lookup_does_not_read_the_whole_index(mini, cache_dir):
    b = cached_build(mini)
    store = OxigraphStore()
    store.load_bytes(b.ntriples.encode(), "nt", lenient=True)
    asked: list[str] = []
    real = store.query
    store.query = lambda text, bindings=None: (asked.append(text), real(text, bindings))[1]  # type: ignore[method-assign]
    resolver = EntityResolver(store)
    resolver.resolve("Ketamine")
    assert asked and not any("Entity index" in q or "?synonym" in q for q in asked)


# --- stores ----------------------------------------------------------------------------------------------


def test_union_option_asks_every_graph_of_a_merged_store(mini, cache_dir, tmp_path):
    b = cached_build(mini)
    path = tmp_path / "ox"
    st = OxigraphStore(path)
    assert st.is_empty()
    st.load_bytes(b.ntriples.encode(), "nt", named_graph="https://w3id.org/painkg/graph/curated", lenient=True)
    assert not st.is_empty()
    del st
    plain = OxigraphStore(path)
    with pytest.raises(UnknownEntityError):  # the default graph is empty
        run_query(plain, "targets", {"drug": "ketamine"})
    del plain
    union = OxigraphStore(path, union=True)
    assert run_query(union, "targets", {"drug": "ketamine"})[0].rows


def test_cli_query_and_report_on_a_named_graph_need_union(mini, cache_dir, tmp_path, capsys):
    from painkg.cli import main

    b = cached_build(mini)
    path = tmp_path / "ox"
    st = OxigraphStore(path)
    st.load_bytes(b.ntriples.encode(), "nt", named_graph="https://w3id.org/painkg/graph/curated", lenient=True)
    del st
    args = ["query", "targets", "--data", str(mini), "--store", f"oxigraph:{path}", "--param", "drug=ketamine"]
    assert main([*args, "--format", "json"]) == 2  # the default graph is empty: ketamine is unknown there
    capsys.readouterr()
    assert main([*args, "--union", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["statement"] for r in rows} == set(run_query_targets(b))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    out = tmp_path / "a" / "r.md"
    report = ["report", "--data", str(mini), "--drug", "ketamine", "--condition", "neuropathic pain", "--format", "md"]
    assert main([*report, "--store", f"oxigraph:{path}", "--union", "--out", str(out)]) == 0
    default = tmp_path / "b" / "r.md"
    assert main([*report, "--out", str(default)]) == 0
    assert out.read_text(encoding="utf-8") == default.read_text(encoding="utf-8")


def run_query_targets(b) -> list[str]:
    from painkg.api import KnowledgeGraph

    return list(KnowledgeGraph(b).targets("ketamine")["statement"])


# --- imports ---------------------------------------------------------------------------------------------

PROBE = """
import sys
{code}
heavy = {heavy!r}
print(",".join(sorted(m for m in heavy if m in sys.modules)))
"""


def _loaded(code: str, env: dict | None = None) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code, heavy=HEAVY)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return {m for m in proc.stdout.strip().split(",") if m}


def test_import_painkg_loads_no_heavy_module():
    assert _loaded("import painkg") == set()


def test_load_and_a_query_load_neither_shacl_nor_views(cache_dir):
    env = {cache.CACHE_ENV: str(cache_dir)}
    _loaded(f"import painkg; painkg.load({str(FIXTURE)!r})", env)  # fills the cache (runs SHACL once)
    loaded = _loaded(f"import painkg; painkg.load({str(FIXTURE)!r})", env)
    assert (
        loaded & {"pyshacl", "pyshacl_turbo", "networkx", "pandas", "matplotlib", "pyvis", "jinja2", "IPython"} == set()
    )
    cli = f"from painkg.cli import main; main(['query', 'targets', '--data', {str(FIXTURE)!r}, '--param', 'drug=ketamine'])"
    assert (
        _loaded(cli, env) & {"pyshacl", "pyshacl_turbo", "networkx", "matplotlib", "pyvis", "jinja2", "IPython"}
        == set()
    )


def test_submodules_are_reachable_as_attributes():
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import painkg; print(callable(painkg.viz.show_inline), painkg.report.generate.__name__)",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.stdout.split() == ["True", "generate"], proc.stderr
    import painkg

    with pytest.raises(AttributeError):
        painkg.no_such_thing  # noqa: B018
