"""The facade users hold: ``painkg.load()`` returns a :class:`KnowledgeGraph`.

It keeps the dataset, the rdflib graph and the networkx view of one build together (the graph and the view
are made on first use: a build read from :mod:`painkg.cache` holds only its N-Triples), runs named queries on
a store (Oxigraph in memory by default; rdflib, Oxigraph on disk or a remote endpoint on request) and answers
each competency question with a pandas DataFrame (pandas is imported on the first answer, not with painkg). Rows that a query returns once per source are
collapsed to one row per record with ``sources`` (reference keys), ``citations`` (``PMID:…`` /
``DOI:…`` / source key) and ``verified`` (``true`` only when every source is fully verified).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from painkg.cache import cached_build
from painkg.guard import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, QueryLimits
from painkg.pipeline import Build
from painkg.queries import DEFAULT_LIMIT, EntityResolver, iri_to_curie, run_query
from painkg.store import OxigraphStore, QueryResult, RemoteStore, Store, open_store

if TYPE_CHECKING:  # pandas and networkx load when an answer or a projection is asked for, not on import
    import networkx as nx
    import pandas as pd
    from rdflib import Graph

    from painkg.model import Dataset

__all__ = ["KnowledgeGraph", "collapse_sources", "load"]

_SOURCE_COLS = ("source", "source_type", "pmid", "doi", "url", "verified")


def _citation(row: pd.Series | dict) -> str:
    pmid, doi = row.get("pmid"), row.get("doi")
    if isinstance(pmid, str) and pmid:
        return f"PMID:{pmid}"
    if isinstance(doi, str) and doi:
        return f"DOI:{doi}"
    return str(row.get("source", ""))


def _missing(value: object) -> bool:
    """True for the values pandas' ``dropna`` drops (None, NaN, NA, NaT)."""
    import pandas as pd

    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def collapse_sources(df: pd.DataFrame, key: str | list[str]) -> pd.DataFrame:
    """One row per ``key`` with its sources joined: ``sources``, ``citations`` and ``verified`` columns.

    Columns that vary with the source (pmid, doi, url, source_type) are folded into ``citations``; any other
    column holding several values for one key (a multi-valued property) keeps them all, joined by ``|``.
    Groups keep the order of their first row. Works on plain rows (a pandas ``groupby`` with per-cell
    ``dropna`` cost the report most of its time).
    """
    import pandas as pd

    keys = [key] if isinstance(key, str) else list(key)
    if df.empty:
        cols = [c for c in df.columns if c not in _SOURCE_COLS]
        return pd.DataFrame(columns=[*cols, "sources", "citations", "verified"])
    if "source" not in df.columns:
        return df.copy()
    keep = [c for c in df.columns if c not in _SOURCE_COLS]
    has_verified = "verified" in df.columns
    groups: dict[tuple, list[dict]] = {}
    nan_key = object()
    for row in df.to_dict("records"):
        k = tuple(nan_key if _missing(row[c]) else row[c] for c in keys)
        groups.setdefault(k, []).append(row)
    rows = []
    for group in groups.values():
        rec = {c: group[0][c] for c in keep}
        for c in keep:  # a multi-valued column (e.g. co-interventions) comes back once per value: join them
            values = [v for v in dict.fromkeys(r[c] for r in group if not _missing(r[c])) if v != ""]
            if len(values) > 1:
                rec[c] = "|".join(str(v) for v in values)
        rec["sources"] = "|".join(
            s for s in dict.fromkeys(r["source"] for r in group if not _missing(r["source"])) if s
        )
        rec["citations"] = "|".join(dict.fromkeys(c for c in (_citation(r) for r in group) if c))
        if has_verified:
            flags = {r["verified"] for r in group if not _missing(r["verified"])}
            rec["verified"] = "true" if flags == {"true"} else ("partial" if flags else "")
        rows.append(rec)
    return pd.DataFrame(rows).reset_index(drop=True)


def _curies(df: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for c in cols:
        if c in df.columns:
            df[c] = df[c].map(lambda v: iri_to_curie(v) if isinstance(v, str) else v)
    return df


class KnowledgeGraph:
    """One painkg graph: ``.rdf`` (rdflib), ``.nx`` (networkx MultiDiGraph), ``.dataset`` (records), ``.store``.

    Every competency-question method takes drug/condition names as CURIE, IRI, label or synonym
    (case-insensitive); an unknown name raises :class:`painkg.queries.UnknownEntityError` with suggestions.
    """

    def __init__(
        self, built: Build | None = None, store: Store | None = None, *, resolver: EntityResolver | None = None
    ):
        if built is None and store is None:
            raise ValueError("a KnowledgeGraph needs a build or a store")
        self._build = built
        own = store is None
        if store is None:  # Oxigraph in memory, loaded with the build's N-Triples
            store = OxigraphStore()
            store.load_bytes(built.ntriples.encode("utf-8"), "nt", lenient=True)  # type: ignore[union-attr]
        self.store: Store = store
        #: the entity index of the build, usable only when the store holds exactly that build
        self._index = built.name_index if (own and built is not None) else None
        self._resolver: EntityResolver | None = resolver

    # -- the pieces -------------------------------------------------------------------------------
    @property
    def build_result(self) -> Build:
        """The underlying :class:`painkg.pipeline.Build` (checks, warnings, data directory)."""
        if self._build is None:
            raise RuntimeError("this KnowledgeGraph reads a remote store and has no local build")
        return self._build

    @property
    def rdf(self) -> Graph:
        """The RDF graph: curated data plus the ontology."""
        return self.build_result.rdf

    @property
    def nx(self) -> nx.MultiDiGraph:
        """The networkx projection: entities as nodes, statements as keyed edges."""
        return self.build_result.nx

    @property
    def dataset(self) -> Dataset:
        """The curated records the graph was built from."""
        return self.build_result.dataset

    def __repr__(self) -> str:
        where = self._build.data_dir if self._build else getattr(self.store, "endpoint", self.store.name)
        return f"<KnowledgeGraph on {self.store.name} from {where}>"

    @classmethod
    def from_endpoint(cls, endpoint: str, *, timeout: float = 30.0, default_graph: str | None = None) -> KnowledgeGraph:
        """Query a remote SPARQL endpoint that already holds the painkg graph (no local build).

        ``default_graph`` names the graph holding painkg when the server keeps it in a named graph (Virtuoso).
        """
        return cls(None, RemoteStore(endpoint, timeout=timeout, default_graph=default_graph))

    def with_store(self, store: Store) -> KnowledgeGraph:
        """The same graph answered by another store (e.g. ``OxigraphStore`` loaded with ``self.rdf``)."""
        return KnowledgeGraph(self._build, store)

    def on_oxigraph(self, path: str | Path | None = None, *, union: bool = False) -> KnowledgeGraph:
        """A copy answered by Oxigraph (in memory, or on disk at ``path``), loaded with this graph when empty.

        ``union`` makes queries read the union of the store's graphs (a merged store with imports).
        """
        store = OxigraphStore(path, union=union)
        if store.is_empty():
            store.load_bytes(self.build_result.ntriples.encode("utf-8"), "nt", lenient=True)
        return self.with_store(store)

    @property
    def resolver(self) -> EntityResolver:
        """Name → IRI resolution for this graph's entities (the cached index, else exact lookups first)."""
        if self._resolver is None:
            self._resolver = EntityResolver(self.store, self._index)
        return self._resolver

    # -- generic query access ---------------------------------------------------------------------
    def query(self, name: str, *, limit: int | None = DEFAULT_LIMIT, offset: int = 0, **params) -> pd.DataFrame:
        """Run a named query (see ``painkg query --list``) with parameters; returns its raw rows."""
        result, cut = run_query(self.store, name, params, resolver=self.resolver, limit=limit, offset=offset)
        df = result.to_dataframe()
        df.attrs["truncated"] = cut
        return df

    def sparql(
        self,
        text: str,
        *,
        timeout: float | None = DEFAULT_TIMEOUT_S,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        allow_service: Collection[str] = (),
        **bindings,
    ) -> pd.DataFrame:
        """Run free SPARQL (PREFIXes of painkg predeclared); other keyword arguments are bound as variables.

        rdflib terms (``URIRef``, ``Literal`` with its datatype or language) are bound as they are; strings that look
        like IRIs (``http…``) are bound as IRIs, other values as literals. The query may run
        ``timeout`` seconds and return ``max_rows`` rows (``None``: no limit), else
        :class:`painkg.store.QueryTimeoutError` / :class:`painkg.store.ResultTooLargeError`; a federated query
        (``SERVICE``) raises :class:`painkg.store.QueryRefusedError` unless its host is in ``allow_service``.
        """
        from rdflib import Literal, URIRef
        from rdflib.term import Node

        from painkg.store import PREFIX_HEADER

        terms = {
            k: v
            if isinstance(v, Node)
            else URIRef(v)
            if isinstance(v, str) and v.startswith(("http://", "https://"))
            else Literal(v)
            for k, v in bindings.items()
        }
        limits = QueryLimits.free(timeout_s=timeout, max_rows=max_rows, allow_service=allow_service)
        result: QueryResult = self.store.query(PREFIX_HEADER + text, terms, limits=limits)
        return result.to_dataframe()

    # -- competency questions (DESIGN.md §5) ------------------------------------------------------
    def targets(self, drug: str) -> pd.DataFrame:
        """CQ1 — targets with action, potency context, evidence level, direction, contested flag and sources."""
        df = collapse_sources(self.query("targets", drug=drug, limit=None), "statement")
        return _curies(df, "target")

    def mechanism_paths(self, drug: str, condition: str) -> pd.DataFrame:
        """CQ2 — paths drug → condition (≤ 4 hops), one row per hop with that hop's evidence and citations.

        Each hop keeps its own evidence type, species, model and association flag; ``path_evidence`` is the
        weakest evidence type on the path (``vocab.EVIDENCE_RANK``: a path is never stronger than its weakest hop)
        and ``path_association_only`` is true when any hop shows association only.
        """
        import pandas as pd

        from painkg.vocab import EVIDENCE_RANK

        paths = self.query("mechanism-paths", drug=drug, condition=condition, limit=None).to_dict("records")
        hops = [
            [sid for sid in (p["st1"], p["st2"], p["st3"], p["st4"]) if isinstance(sid, str) and sid] for p in paths
        ]
        # the evidence of the statements on the paths only (one bound query each), never of the whole graph
        wanted = list(dict.fromkeys(sid for path in hops for sid in path))
        by_id: dict[str, dict] = {}
        columns: list[str] = []
        for sid in wanted or [" "]:  # " " is no statement's id: it gives the columns of an empty answer
            ev = self.statement_evidence(sid)
            columns = list(ev.columns)
            by_id.update({r["statement"]: r for r in ev.to_dict("records")})
        rows = []
        for i, path in enumerate(hops, start=1):
            evidence = [by_id[sid] for sid in path]
            weakest = max(
                (h["evidence_type"] for h in evidence), key=lambda e: EVIDENCE_RANK.get(e, len(EVIDENCE_RANK))
            )
            association = any(str(h.get("association_only")).lower() == "true" for h in evidence)
            for hop, h in enumerate(evidence, start=1):
                rows.append(
                    {"path": i, "hop": hop, "path_evidence": weakest, "path_association_only": association, **h}
                )
        return pd.DataFrame(rows, columns=["path", "hop", "path_evidence", "path_association_only", *columns])

    def statement_evidence(self, statement: str | None = None) -> pd.DataFrame:
        """Every statement (or one) with subject, predicate, object, evidence type, direction and citations."""
        params = {"statement": statement} if statement else {}
        df = collapse_sources(self.query("statement-evidence", limit=None, **params), "statement")
        return _curies(df, "subject", "object")

    def findings(self, drug: str, condition: str) -> pd.DataFrame:
        """CQ3 — findings for drug × condition (subtypes included): effect, CI, timepoint, certainty, source."""
        return _curies(
            collapse_sources(self.query("findings", drug=drug, condition=condition, limit=None), "finding"),
            "condition_studied",
            "adverse_effect",
        )

    def durability(self, drug: str, condition: str) -> pd.DataFrame:
        """CQ4 — non-harm findings with a timepoint in days, ordered by source, effect type and time."""
        return self.query("durability", drug=drug, condition=condition, limit=None)

    def adverse_effects(self, drug: str) -> pd.DataFrame:
        """CQ5 — harm statements and harm findings (RR, NNH, proportions) with exposure (acute/repeated)."""
        return _curies(
            collapse_sources(self.query("adverse-effects", drug=drug, limit=None), ["kind", "record"]), "effect"
        )

    def regulatory(self, drug: str) -> pd.DataFrame:
        """CQ6 — regulatory actions for the drug and the enantiomers it is made of (agency, product, scope, date).

        One row per action and source (an action may rest on several sources).
        """
        return _curies(self.query("regulatory", drug=drug, limit=None), "drug_acted_on", "indication")

    def approved_for(self, drug: str, condition: str) -> pd.DataFrame:
        """CQ6 — the approvals of the drug (or its enantiomers) whose indication is the condition or a subtype."""
        reg = self.regulatory(drug)
        if reg.empty:
            return reg
        cond = iri_to_curie(str(self.resolver.resolve(condition)))
        subtypes = set(self.sparql("SELECT ?c WHERE { ?c rdfs:subClassOf* ?top }", top=self._iri(cond))["c"])
        subtypes = {iri_to_curie(c) for c in subtypes} | {cond}
        mask = reg["action"].str.contains("approval", na=False) & reg["indication"].isin(subtypes)
        return reg[mask].reset_index(drop=True)

    def interactions(self, drug: str) -> pd.DataFrame:
        """CQ7 — drugs that change the drug's exposure, through which enzyme, by how much (linked findings)."""
        df = self.query("interactions", drug=drug, limit=None)
        return _curies(collapse_sources(df, ["interaction", "finding"]), "perpetrator", "enzyme")

    def cautions(self, drug: str) -> pd.DataFrame:
        """CQ8 — sourced contraindications, warnings, monitoring requirements and restrictions."""
        return collapse_sources(self.query("cautions", drug=drug, limit=None), "caution")

    def regimens(self, drug: str) -> pd.DataFrame:
        """CQ9 — regimens studied (route, dose, unit, schedule, duration) with their linked findings."""
        return self.query("regimens", drug=drug, limit=None)

    def contested(self, about: str | None = None) -> pd.DataFrame:
        """CQ10 — contested/refuted/no-effect statements with the statements and sources on each side."""
        params = {"about": about} if about else {}
        return collapse_sources(self.query("contested", limit=None, **params), "statement")

    def same_class(self, drug: str, condition: str, target: str = "GO:0017146") -> pd.DataFrame:
        """CQ11 — other drugs acting on the same target (default NMDA receptor) and their results in the condition."""
        df = self.query("same-class", drug=drug, condition=condition, target=target, limit=None)
        return _curies(collapse_sources(df, ["other", "kind", "record"]), "other")

    def guideline_landscape(self, condition: str, drug: str) -> pd.DataFrame:
        """CQ12 — line of therapy, strength, NNT/NNH (with CIs) per drug; ``is_drug`` marks the given drug."""
        df = self.query("guideline-landscape", condition=condition, drug=drug, limit=None)
        return _curies(collapse_sources(df, ["recommendation", "measure", "finding"]), "rec_drug")

    def shared_targets(self, drug: str) -> pd.DataFrame:
        """CQ13 — targets of the drug and the other drugs on each; rows with no ``other`` are unique targets."""
        return _curies(self.query("shared-targets", drug=drug, limit=None), "target", "other")

    def seed_audit(self, status: str | None = None) -> pd.DataFrame:
        """CQ14 — each seed-document claim with its status, note and sources."""
        params = {"status": status} if status else {}
        return collapse_sources(self.query("seed-audit", limit=None, **params), "claim_id")

    def provenance(self, subject: str, object: str) -> pd.DataFrame:
        """CQ15 — publications behind each statement on a subject–object pair: design, ids, verification."""
        return self.query("provenance", subject=subject, object=object, limit=None)

    def enantiomers_metabolites(self, drug: str) -> pd.DataFrame:
        """CQ16 — the drug's enantiomers and metabolites with their targets, potency context and evidence."""
        return _curies(self.query("enantiomers-metabolites", drug=drug, limit=None), "form", "target")

    def _iri(self, curie: str) -> str:
        return str(self.resolver.resolve(curie))


def load(
    path: str | Path | None = None,
    *,
    run_shacl: bool = True,
    store: str | None = None,
    union: bool = False,
    ontology: str | Path | None = None,
) -> KnowledgeGraph:
    """The graph of the packaged data, or of the data directory ``path``, from the build cache.

    The first call after an edit builds and caches the graph (:mod:`painkg.cache`); later calls read the
    cache (a few milliseconds). ``run_shacl`` (default) asks for a build whose SHACL shapes and QC queries
    passed: checked once per content and remembered. ``store`` chooses where queries run: ``None`` or
    ``"oxigraph"`` (memory, default), ``"rdflib"`` (memory), ``"oxigraph:PATH"`` (on disk; loaded with the
    graph when empty) or an http(s) SPARQL endpoint URL; ``union`` makes an on-disk store answer from the
    union of its graphs (a merged store). Raises :class:`painkg.pipeline.InvalidDataError` on invalid data.
    """
    b = cached_build(Path(path) if path else None, Path(ontology) if ontology else None, validated=run_shacl)
    if store in (None, "", "oxigraph"):
        return KnowledgeGraph(b)
    if not (store == "rdflib" or store.startswith(("oxigraph:", "http://", "https://"))):
        raise ValueError(f"unknown store {store!r}: use oxigraph, oxigraph:PATH, rdflib or an http(s) endpoint URL")
    return KnowledgeGraph(b, open_store(store, lambda: b.rdf, union=union, ntriples_factory=lambda: b.ntriples))
