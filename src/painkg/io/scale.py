"""Scale: the curated graph merged with DrugMechDB and a Hetionet-sized generated graph in on-disk Oxigraph.

DESIGN.md §7: users merge painkg with public graphs of millions of edges. This module builds such a
merged store so it can be measured (``benchmarks/bench_scale.py``) and used:

1. the curated graph in the store's default graph;
2. the full DrugMechDB file, through :func:`painkg.io.importers.import_file`, in its own named graph;
3. a *generated* graph with Hetionet v1.0's node list (the real ``hetionet-v1.0-nodes.tsv.gz``: ids, names,
   kinds), its metagraph and its per-metaedge edge counts (``*_metaedges.tsv``), whose edges are drawn by
   a seeded RNG — Hetionet's edge file is not available here (../shared/external/README.md), so these
   edges are **synthetic**: they have Hetionet's shape and size, not its facts. They live in the named
   graph ``…/graph/hetionet-synthetic``, whose record says so.

Long loads report progress: the generated N-Triples file is loaded in chunks (``chunk`` lines each) with
Oxigraph's bulk loader, and a line is printed after each chunk.

Queries on the merged store see every graph (:class:`UnionOxigraphStore` queries the union of the default
and the named graphs). Imports never use painkg's predicates, ``rdfs:label``, ``dcterms:identifier`` or
``rdfs:subClassOf``, so the competency questions return the curated answers there too — the benchmark
checks this.

networkx views are built only for the subgraph a question needs: :func:`focus_subgraph` fetches the edges
around one node with SPARQL and builds a small MultiDiGraph from them, never the millions of edges.
"""

from __future__ import annotations

import gzip
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import networkx as nx

from painkg.io.importers import (
    IMP,
    IdMapper,
    ImportReport,
    graph_iri,
    hetionet_id,
    import_file,
    node_iri,
)
from painkg.pipeline import Build
from painkg.store import OxigraphStore

__all__ = [
    "PAINKG_SYNTHETIC_GRAPH",
    "SYNTHETIC_GRAPH",
    "GeneratedGraph",
    "MergedStore",
    "UnionOxigraphStore",
    "build_merged_store",
    "bulk_load_ntriples",
    "focus_subgraph",
    "generate_hetionet_like",
    "generate_painkg_like",
    "read_metaedges",
]

#: Name of the named graph that holds the generated Hetionet-shaped edges.
SYNTHETIC_GRAPH = "hetionet-synthetic"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DCT = "http://purl.org/dc/terms/"

Progress = Callable[[str], None]


class UnionOxigraphStore(OxigraphStore):
    """An :class:`OxigraphStore` whose SPARQL queries see the default graph *and* every named graph."""

    name = "oxigraph-union"

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False):
        super().__init__(path, read_only=read_only, union=True)


def read_metaedges(path: Path) -> list[dict[str, object]]:
    """Rows of Hetionet's ``metaedges.tsv`` with ``source_kind``/``target_kind`` split out of the metaedge name."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            if not line.strip():
                continue
            rec = dict(zip(header, line.rstrip("\n").split("\t"), strict=True))
            sep = " - " if " - " in rec["metaedge"] else " > "
            src, _verb, tgt = rec["metaedge"].split(sep)
            rows.append(
                {
                    "metaedge": rec["metaedge"],
                    "abbreviation": rec["abbreviation"],
                    "edges": int(rec["edges"]),
                    "source_nodes": int(rec["source_nodes"]),
                    "target_nodes": int(rec["target_nodes"]),
                    "source_kind": src,
                    "target_kind": tgt,
                }
            )
    return rows


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


@dataclass
class GeneratedGraph:
    """What :func:`generate_hetionet_like` wrote."""

    path: Path
    nodes: int
    edges: int
    triples: int
    by_metaedge: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def generate_hetionet_like(
    out: Path,
    nodes_file: Path,
    metaedges_file: Path,
    mapper: IdMapper,
    *,
    seed: int = 20240601,
    fraction: float = 1.0,
    graph: str | None = None,
    progress: Progress | None = None,
) -> GeneratedGraph:
    """Stream a Hetionet-shaped graph as N-Triples to ``out``.

    Nodes: every row of ``hetionet-v1.0-nodes.tsv.gz`` (ids mapped to painkg's like the Hetionet importer:
    ``imp:sourceId``, ``skos:prefLabel``, ``imp:category``). Edges: for each metaedge of
    ``hetionet-v1.0_metaedges.tsv``, exactly ``edges`` distinct (source, target) pairs drawn with
    ``random.Random(seed)`` among ``source_nodes`` sources and ``target_nodes`` targets of the metaedge's kinds,
    written as plain triples with predicate ``imp:hetionet/<abbreviation>``. Plus a graph record stating it is
    synthetic. ``fraction`` scales every edge count down (for tests on a slice of the node list); pools and
    counts are capped by the nodes the file has.
    """
    t0 = time.perf_counter()
    rng = random.Random(seed)
    graph = graph or graph_iri(SYNTHETIC_GRAPH)
    by_kind: dict[str, list[str]] = {}
    n_nodes = triples = 0
    with open(out, "w", encoding="utf-8") as fh:
        opener = gzip.open if nodes_file.suffix == ".gz" else open
        with opener(nodes_file, "rt", encoding="utf-8") as nodes:  # type: ignore[operator]
            nodes.readline()
            for n, line in enumerate(nodes, start=2):
                if not line.strip():
                    continue
                hid, name, kind = line.rstrip("\n").split("\t")
                _kind, curie = hetionet_id(nodes_file, n, hid)
                pid = mapper.map(hid, curie)
                ref = f"<{node_iri(curie, pid, 'hetionet', hid)}>"
                by_kind.setdefault(kind, []).append(ref)
                fh.write(f'{ref} <{IMP}sourceId> "{_esc(hid)}" .\n')
                fh.write(f'{ref} <{_SKOS_PREF}> "{_esc(name)}" .\n')
                fh.write(f'{ref} <{IMP}category> "{_esc(kind)}" .\n')
                n_nodes += 1
                triples += 3
        if progress:
            progress(f"generated {n_nodes:,} Hetionet nodes ({len(by_kind)} kinds)")
        counts: dict[str, int] = {}
        for me in read_metaedges(metaedges_file):
            src_pool = by_kind.get(str(me["source_kind"]), [])
            tgt_pool = by_kind.get(str(me["target_kind"]), [])
            srcs = rng.sample(src_pool, min(int(me["source_nodes"]), len(src_pool)))
            tgts = rng.sample(tgt_pool, min(int(me["target_nodes"]), len(tgt_pool)))
            same = me["source_kind"] == me["target_kind"]
            possible = len(srcs) * len(tgts) - (min(len(srcs), len(tgts)) if same else 0)
            want = min(max(1, round(int(me["edges"]) * fraction)) if possible else 0, possible)
            pred = f"<{IMP}hetionet/{quote(str(me['abbreviation']), safe='')}>"
            seen: set[int] = set()
            ns, nt = len(srcs), len(tgts)
            while len(seen) < want:
                i, j = rng.randrange(ns), rng.randrange(nt)
                key = i * nt + j
                if key in seen or (same and srcs[i] == tgts[j]):
                    continue
                seen.add(key)
                fh.write(f"{srcs[i]} {pred} {tgts[j]} .\n")
            counts[str(me["abbreviation"])] = want
            triples += want
            if progress:
                progress(f"generated {want:>9,} {me['metaedge']} edges ({sum(counts.values()):,} so far)")
        g = f"<{graph}>"
        record = [
            f"{g} <{_RDF_TYPE}> <{IMP}ImportedGraph> .",
            f'{g} <{_DCT}license> "synthetic edges (no licence needed); node ids and names from Hetionet v1.0, '
            f'CC0 1.0" .',
            f'{g} <{_DCT}source> "SYNTHETIC: edges drawn with random.Random({seed}) to match Hetionet v1.0 '
            f"metaedge counts (hetionet-v1.0_metaedges.tsv) over its real node list; not Hetionet's facts\" .",
            f'{g} <{IMP}format> "hetionet-synthetic" .',
        ]
        fh.write("\n".join(record) + "\n")
        triples += len(record)
    return GeneratedGraph(out, n_nodes, sum(counts.values()), triples, counts, time.perf_counter() - t0)


#: Name of the named graph that holds the generated graph in painkg's own vocabulary.
PAINKG_SYNTHETIC_GRAPH = "painkg-synthetic"
_PAINKG_NS = "https://w3id.org/painkg/"
_ID_BASE = _PAINKG_NS + "id/"
_LABELS = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel"}
_IDENT = _DCT + "identifier"
_DIRECTION = _PAINKG_NS + "direction"
_REIFY = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#object",
)


def _zipf_cum(n: int, exponent: float) -> list[float]:
    """Cumulative weights 1/(i+1)^exponent for i < n: a few hubs, a long tail (as citations and targets are)."""
    total, out = 0.0, []
    for i in range(n):
        total += 1.0 / (i + 1) ** exponent
        out.append(total)
    return out


#: painkg classes whose curated instances are never templates (see :func:`generate_painkg_like`)
_NOT_COPIED = frozenset({_PAINKG_NS + "SeedClaim"})


def generate_painkg_like(
    out: Path,
    ntriples: str,
    *,
    triples: int = 2_000_000,
    seed: int = 20240601,
    exponent: float = 1.0,
    graph: str | None = None,
    progress: Progress | None = None,
) -> GeneratedGraph:
    """Stream a graph in painkg's own vocabulary and shapes, about ``triples`` triples, to ``out`` (N-Triples).

    Every curated instance node (a node typed with a painkg class: drugs, genes, conditions, … and records:
    statements, findings, sources, regimens, …) is a *template*, whatever the record types are. The curated
    graph's class mix is scaled up ``k`` times: each generated node copies the triples of a template of its
    class (chosen with ``random.Random(seed)``) under a new IRI, identifier and label (``"<label> #<i>"``), and
    every reference to another instance node is redrawn among the generated nodes of that node's class with
    Zipf weights ``1/(rank+1)^exponent`` — some drugs, targets and sources get many statements, most get a few.
    A reference to a node of the subject's own class (``rdfs:subClassOf``, ``has_metabolite``) goes to an earlier
    node, so such chains stay acyclic. A generated statement is asserted as a plain triple when it supports its
    claim, as painkg asserts curated ones (DESIGN §4). The generated part never references a curated node, so every question about a curated entity has the
    curated answer on the merged graph, while each query meets millions of painkg-shaped triples. The graph
    record in ``graph`` says the part is synthetic. Seed claims are not copied: each audits one sentence of one of
    the two seed documents (``painkg:seedFile``), so a copy would claim to come from those documents and join
    their audit — 2,585 synthetic rows in the ketamine × neuropathic-pain report's seed-claim section, which
    answers for the curated documents only; nothing references a seed claim, and their class is 1% of the triples.
    """
    import pyoxigraph as ox

    t0 = time.perf_counter()
    rng = random.Random(seed)
    graph = graph or graph_iri(PAINKG_SYNTHETIC_GRAPH)
    outgoing: dict[str, list[tuple[str, object]]] = {}
    types: dict[str, set[str]] = {}
    asserted: set[tuple[str, str, str]] = set()
    for t in ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        s, p, o = t.subject.value, t.predicate.value, t.object
        outgoing.setdefault(s, []).append((p, o))
        if isinstance(o, ox.NamedNode):
            asserted.add((s, p, o.value))
            if p == _RDF_TYPE and o.value.startswith(_PAINKG_NS):
                types.setdefault(s, set()).add(o.value)
    # instance node -> its class key; seed claims are never copied (_NOT_COPIED)
    klass = {s: "|".join(sorted(ts)) for s, ts in types.items() if not ts & _NOT_COPIED}
    reified = set()  # the plain triples that statements stand behind: written with the generated statements only
    for props in outgoing.values():
        spo = dict(props)
        if all(isinstance(spo.get(r), ox.NamedNode) for r in _REIFY):
            reified.add(tuple(spo[r].value for r in _REIFY))  # type: ignore[union-attr]
    templates: dict[str, list[str]] = {}
    for s in sorted(klass):
        templates.setdefault(klass[s], []).append(s)
    # the lines one copy of the curated records writes: its triples but those a statement stands behind
    per_copy = sum(1 for s in klass for p, o in outgoing[s] if (s, p, getattr(o, "value", None)) not in reified)
    k = max(1, -(-triples // max(per_copy, 1)))
    sizes = {c: len(nodes) * k for c, nodes in templates.items()}

    def slug(c: str) -> str:
        return "_".join(part.rsplit("/", 1)[-1].lower() for part in c.split("|"))

    def new_iri(c: str, template: str, i: int) -> str:
        if template.startswith(_ID_BASE) and not template.startswith(_ID_BASE + "entity/"):
            folder = template[len(_ID_BASE) :].split("/", 1)[0]
            return f"{_ID_BASE}{folder}/syn_{slug(c)}_{i}"
        return f"{_ID_BASE}entity/syn_{slug(c)}_{i}"

    def new_id(c: str, template: str, i: int) -> str:
        is_entity = not template.startswith(_ID_BASE) or template.startswith(_ID_BASE + "entity/")
        return f"painkg:syn_{slug(c)}_{i}" if is_entity else f"syn_{slug(c)}_{i}"

    # choose every generated node's template first, so references can be drawn before the nodes are written
    chosen = {c: [rng.choice(templates[c]) for _ in range(n)] for c, n in sizes.items()}
    cum = {c: _zipf_cum(n, exponent) for c, n in sizes.items()}
    order = {c: rng.sample(range(n), n) for c, n in sizes.items()}  # hubs spread over the index range

    def pick(c: str, below: int | None = None) -> int | None:
        n = sizes[c] if below is None else below
        if n <= 0:
            return None
        if below is None:
            return order[c][rng.choices(range(n), cum_weights=cum[c])[0]]
        return rng.randrange(n)

    written = nodes = 0
    with open(out, "w", encoding="utf-8") as fh:
        for c in sorted(sizes):
            for i, template in enumerate(chosen[c]):
                me = new_iri(c, template, i)
                refs: dict[str, str] = {}
                lines = []
                for p, o in outgoing[template]:
                    if (template, p, getattr(o, "value", None)) in reified:
                        continue
                    if isinstance(o, ox.NamedNode) and o.value in klass and p != _RDF_TYPE:
                        oc = klass[o.value]
                        if (template, p, o.value) in asserted and oc == c and p not in _REIFY:
                            j = pick(oc, below=i)  # a chain within one class: only to earlier nodes
                        else:
                            j = pick(oc)
                        if j is None:
                            continue
                        target = refs.setdefault(o.value, new_iri(oc, chosen[oc][j], j))
                        lines.append(f"<{me}> <{p}> <{target}> .")
                    elif isinstance(o, ox.Literal) and p == _IDENT:
                        lines.append(f'<{me}> <{p}> "{new_id(c, template, i)}" .')
                    elif isinstance(o, ox.Literal) and p in _LABELS:
                        lines.append(f"<{me}> <{p}> {ox.Literal(f'{o.value} #{i}')} .")
                    else:
                        lines.append(f"<{me}> <{p}> {o} .")
                spo = dict(outgoing[template])
                subj, pred, obj = (spo.get(r) for r in _REIFY)
                if isinstance(subj, ox.NamedNode) and isinstance(pred, ox.NamedNode) and isinstance(obj, ox.NamedNode):
                    supports = str(spo.get(_DIRECTION, "")) == '"supports"'  # painkg asserts supporting ones only
                    if supports and subj.value in refs and obj.value in refs:
                        lines.append(f"<{refs[subj.value]}> <{pred.value}> <{refs[obj.value]}> .")
                fh.write("\n".join(lines) + "\n")
                written += len(lines)
                nodes += 1
            if progress:
                progress(f"generated {sizes[c]:>8,} {slug(c)} nodes ({written:,} triples so far)")
        g = f"<{graph}>"
        record = [
            f"{g} <{_RDF_TYPE}> <{IMP}ImportedGraph> .",
            f'{g} <{_DCT}license> "synthetic (no licence needed)" .',
            f'{g} <{_DCT}source> "SYNTHETIC: painkg-shaped records drawn with random.Random({seed}) from the curated '
            f"graph's own records as templates, {k} times its class mix, Zipf-distributed references; not facts\" .",
            f'{g} <{IMP}format> "painkg-synthetic" .',
        ]
        fh.write("\n".join(record) + "\n")
        written += len(record)
    return GeneratedGraph(out, nodes, 0, written, {slug(c): n for c, n in sizes.items()}, time.perf_counter() - t0)


def _chunks(path: Path, lines: int) -> Iterator[tuple[bytes, int]]:
    buf: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            buf.append(line)
            if len(buf) >= lines:
                yield "".join(buf).encode("utf-8"), len(buf)
                buf = []
    if buf:
        yield "".join(buf).encode("utf-8"), len(buf)


def bulk_load_ntriples(
    store: OxigraphStore, path: Path, graph: str, *, chunk: int = 250_000, progress: Progress | None = None
) -> int:
    """Load a big N-Triples file into ``graph`` with Oxigraph's bulk loader, ``chunk`` lines at a time.

    Not transactional (bulk loading never is) and lenient (no per-term syntax checks): used for the graph
    painkg generates itself, never for imports. Chunks exist to report progress. Returns the lines loaded.
    """
    import pyoxigraph as ox

    done = 0
    t0 = time.perf_counter()
    for data, n in _chunks(path, chunk):
        store.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph), lenient=True)
        done += n
        if progress:
            rate = done / max(time.perf_counter() - t0, 1e-9)
            progress(f"loaded {done:,} triples into <{graph}> ({rate:,.0f} triples/s)")
    return done


@dataclass
class MergedStore:
    """The merged on-disk store and what went into it (triples and seconds per part)."""

    store: UnionOxigraphStore
    parts: dict[str, dict[str, float]]
    drugmechdb: ImportReport | None = None

    @property
    def triples(self) -> int:
        """Triples (quads) in the store."""
        return len(self.store)


def build_merged_store(
    path: Path,
    build: Build,
    *,
    drugmechdb_file: Path | None,
    hetionet_dir: Path | None,
    painkg_like: int = 0,
    seed: int = 20240601,
    chunk: int = 250_000,
    progress: Progress | None = None,
) -> MergedStore:
    """Create (or reopen) the merged store at ``path``: curated graph + DrugMechDB + generated parts.

    Generated parts: a Hetionet-shaped graph (with ``hetionet_dir``) and, with ``painkg_like`` > 0, about that
    many triples in painkg's own vocabulary (:func:`generate_painkg_like`). A part already present (its named
    graph exists) is not loaded again, so a second call is cheap.
    """
    import pyoxigraph as ox

    say = progress or (lambda _m: None)
    store = UnionOxigraphStore(path)
    parts: dict[str, dict[str, float]] = {}
    mapper = IdMapper(build.dataset)
    before = len(store)
    if not any(True for _ in store.store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        t = time.perf_counter()
        store.load_bytes(build.ntriples.encode("utf-8"), "nt", lenient=True)
        parts["curated"] = {"triples": build.triples, "seconds": time.perf_counter() - t}
        say(f"loaded the curated graph: {build.triples:,} triples")
    report = None
    if drugmechdb_file is not None and not store.store.contains_named_graph(ox.NamedNode(graph_iri("drugmechdb"))):
        t = time.perf_counter()
        report = import_file(store, "drugmechdb", [drugmechdb_file], build.dataset, progress=say)
        parts["drugmechdb"] = {"triples": report.triples, "seconds": time.perf_counter() - t}
        say(report.summary().splitlines()[0])
    synthetic = graph_iri(SYNTHETIC_GRAPH)
    if hetionet_dir is not None and not store.store.contains_named_graph(ox.NamedNode(synthetic)):
        nt = Path(path).parent / f"{Path(path).name}-hetionet-synthetic.nt"
        gen = generate_hetionet_like(
            nt,
            hetionet_dir / "hetionet-v1.0-nodes.tsv.gz",
            hetionet_dir / "hetionet-v1.0_metaedges.tsv",
            mapper,
            seed=seed,
            graph=synthetic,
            progress=say,
        )
        parts["generate hetionet-synthetic"] = {"triples": gen.triples, "seconds": gen.seconds}
        t = time.perf_counter()
        n = bulk_load_ntriples(store, nt, synthetic, chunk=chunk, progress=say)
        parts["hetionet-synthetic"] = {"triples": n, "seconds": time.perf_counter() - t}
        nt.unlink()
    ours = graph_iri(PAINKG_SYNTHETIC_GRAPH)
    if painkg_like > 0 and not store.store.contains_named_graph(ox.NamedNode(ours)):
        nt = Path(path).parent / f"{Path(path).name}-painkg-synthetic.nt"
        gen = generate_painkg_like(nt, build.ntriples, triples=painkg_like, seed=seed, graph=ours, progress=say)
        parts["generate painkg-synthetic"] = {"triples": gen.triples, "seconds": gen.seconds}
        t = time.perf_counter()
        n = bulk_load_ntriples(store, nt, ours, chunk=chunk, progress=say)
        parts["painkg-synthetic"] = {"triples": n, "seconds": time.perf_counter() - t}
        nt.unlink()
    store.store.flush()
    say(f"merged store at {path}: {len(store):,} triples ({len(store) - before:,} added)")
    return MergedStore(store, parts, report)


# --- focus views ------------------------------------------------------------------------------------------

_FOCUS_FILTER = """
  FILTER(isIRI(?o) && isIRI(?s) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>
         && !STRSTARTS(STR(?p), "https://w3id.org/painkg/import/")
         && !STRSTARTS(STR(?s), "https://w3id.org/painkg/id/graph/")
         && !STRSTARTS(STR(?s), "https://w3id.org/painkg/id/statement/")
         && !STRSTARTS(STR(?o), "https://w3id.org/painkg/id/statement/")
         && !STRSTARTS(STR(?o), "https://w3id.org/painkg/id/source/"))
"""


def _edges_around(store: OxigraphStore, iris: list[str], limit: int) -> list[tuple[str, str, str]]:
    """Edges with one end in ``iris`` (VALUES-bound in batches of 200), at most ``limit`` + 1."""
    out: list[tuple[str, str, str]] = []
    for start in range(0, len(iris), 200):
        values = " ".join(f"<{i}>" for i in iris[start : start + 200])
        q = (
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?node {{ {values} }}\n"
            "  { ?node ?p ?o . BIND(?node AS ?s) } UNION { ?s ?p ?node . BIND(?node AS ?o) }"
            f"{_FOCUS_FILTER}}} LIMIT {limit - len(out) + 1}"
        )
        out += [tuple(r) for r in store.query(q).rows]  # type: ignore[misc]
        if len(out) > limit:
            break
    return out


def _labels(store: OxigraphStore, iris: list[str]) -> dict[str, tuple[str, str]]:
    """``iri → (label, kind)``: rdfs:label / skos:prefLabel and the painkg kind or imported category."""
    out: dict[str, tuple[str, str]] = {}
    for start in range(0, len(iris), 500):
        values = " ".join(f"<{i}>" for i in iris[start : start + 500])
        q = f"""SELECT ?n (SAMPLE(?l) AS ?label) (SAMPLE(?k) AS ?kind) WHERE {{
          VALUES ?n {{ {values} }}
          OPTIONAL {{ ?n <{_RDFS_LABEL}>|<{_SKOS_PREF}> ?l }}
          OPTIONAL {{ {{ ?n a ?c . FILTER(STRSTARTS(STR(?c), "https://w3id.org/painkg/"))
                       BIND(STRAFTER(STR(?c), "https://w3id.org/painkg/") AS ?k) }}
                     UNION {{ ?n <{IMP}category> ?k }} }}
        }} GROUP BY ?n"""
        for n, label, kind in store.query(q).rows:
            out[str(n)] = (str(label or n), str(kind or "Imported"))
    return out


def focus_subgraph(store: OxigraphStore, node: str, *, depth: int = 1, limit: int = 2_000) -> nx.MultiDiGraph:
    """The neighbourhood of ``node`` (an IRI) up to ``depth`` hops, fetched with SPARQL, as a small MultiDiGraph.

    Only the edges around the node are read (bookkeeping triples of imports and statements are left out),
    at most ``limit`` of them; nodes carry ``label`` and ``kind`` (painkg kind, or the imported category),
    edges ``predicate`` (the predicate IRI's last segment) and ``iri``. Raises ValueError past ``limit``.
    """
    frontier, seen = [node], {node}
    edges: set[tuple[str, str, str]] = set()
    for _hop in range(depth):
        found = _edges_around(store, frontier, limit - len(edges))
        if len(edges) + len(found) > limit:
            raise ValueError(f"the {depth}-hop neighbourhood of {node} has more than {limit} edges; lower depth")
        edges.update(found)
        nxt = {x for s, _p, o in found for x in (s, o)} - seen
        seen |= nxt
        frontier = sorted(nxt)
        if not frontier:
            break
    info = _labels(store, sorted(seen))
    g = nx.MultiDiGraph()
    for n in sorted(seen):
        label, kind = info.get(n, (n, "Imported"))
        g.add_node(n, label=label, kind=kind, iri=n)
    for s, p, o in sorted(edges):
        g.add_edge(s, o, key=p, predicate=p.rstrip("/").rsplit("/", 1)[-1], iri=p, direction="supports")
    return g
