"""A static, offline evidence website generated from the built graph: ``painkg site [--out build/site]``.

Pages (all relative links; nothing is fetched from the network, the site works from ``file://``):

- ``index.html`` — search over every entity (labels, synonyms, CURIEs; exact matches first), the headline
  questions, every report, and lists to browse by kind and source;
- ``entity/<name>-<curie>.html`` — one per entity: its statements (evidence level, direction, contested and
  association flags, species and model, linked sources, supporting quotes), findings (with their scope on a
  condition's page: exact, subtype or broader population), regulatory actions, interactions and cautions,
  links to its reports and its focus view (embedded);
- ``source/<key>.html`` — one per source: bibliography, design, PMID/DOI/official links, what it supports,
  disputes and reports, the reviews that pooled it and the seed claims it bears on;
- ``report/<drug>--<condition>.html`` — the evidence report (:func:`painkg.report.generate`) of every drug ×
  condition pair with at least one finding, linked from both entities' pages;
- ``view/<name>.html`` — focus views (:func:`painkg.viz.focus_view`) and ``view/graph.html`` (whole graph);
- ``audit.html`` — the seed-claim audit; ``assets/`` — CSS, JavaScript and vis-network, shipped once.

Content comes from the build (its validated records, the networkx projection and a SPARQL query for finding
scopes); the wording is fixed templates (``painkg/web/templates``). Output is deterministic: the same graph
gives the same bytes.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from painkg.graph import decimal_lexical
from painkg.pipeline import Build, atomic_write
from painkg.report import DEFAULT_PAIR, NotOfKindError, UnknownEntityError, generate, render_html
from painkg.viz import EmptyViewError, Links, ViewTooLargeError, curated_view_graph, focus_view, view_graph, whole_view
from painkg.viz.style import EVIDENCE_LABELS, KIND_LABELS, kind_style
from painkg.vocab import PREDICATES, Kind
from painkg.web import json_for_html, render, static_text, vis_js

__all__ = ["DEFAULT_OUT", "SiteResult", "build_site", "check_links", "entity_slug", "site_files"]

DEFAULT_OUT = Path("build") / "site"
#: kinds that get no focus view of their own (context, not part of the flow)
_NO_VIEW = frozenset({Kind.OntologyClass, Kind.OrganismTaxon})
_KIND_ORDER = [k.value for k in Kind]
_STATUS_LABELS = {
    "supported": "supported",
    "partly_supported": "partly supported",
    "contradicted": "contradicted",
    "unverifiable": "unverifiable",
}


@dataclass(frozen=True)
class SiteResult:
    """What :func:`build_site` wrote: the folder, page counts by type, bytes and seconds."""

    out: Path
    pages: dict[str, int]
    files: int
    bytes: int
    seconds: float
    skipped: list[str]


def _slug(text: str, limit: int = 60) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:limit].strip("-")


def entity_slug(curie: str, label: str) -> str:
    """File name stem of an entity's page: readable label, then the CURIE (unique).

    >>> entity_slug("CHEBI:6121", "ketamine")
    'ketamine-chebi-6121'
    """
    return "-".join(x for x in (_slug(label, 50), _slug(curie)) if x) or "entity"


def _fmt(value: float | None) -> str:
    return "" if value is None else decimal_lexical(value).removesuffix(".0")


class _Site:
    """Everything the pages need, indexed once."""

    def __init__(self, b: Build, notice: Callable[[str], None]):
        self.b = b
        self.ds = b.dataset
        self.say = notice
        self.g = view_graph(b)
        self.entities = {e.id: e for e in self.ds.entities}
        self.sources = {s.id: s for s in self.ds.sources}
        self.quotes: dict[str, list[str]] = defaultdict(list)
        for q in sorted(self.ds.quotes, key=lambda q: q.id):
            self.quotes[q.record].append(q.text)
        used: set[str] = set()
        self.entity_file: dict[str, str] = {}
        for e in sorted(self.ds.entities, key=lambda e: e.id):
            stem = entity_slug(e.id, e.label)
            while stem in used:
                stem += "-x"
            used.add(stem)
            self.entity_file[e.id] = f"entity/{stem}.html"
        used = set()
        self.source_file: dict[str, str] = {}
        for s in sorted(self.ds.sources, key=lambda s: s.id):
            stem = re.sub(r"[^a-z0-9_]+", "-", s.id.casefold()).strip("-")[:80] or "source"
            while stem in used:
                stem += "-x"
            used.add(stem)
            self.source_file[s.id] = f"source/{stem}.html"
        self.view_file: dict[str, str] = {}
        self.report_file: dict[tuple[str, str], str] = {}
        self.report_title: dict[tuple[str, str], str] = {}
        self.pair_findings: Counter[tuple[str, str]] = Counter(
            (f.intervention, f.condition) for f in self.ds.findings if f.intervention and f.condition
        )

    # --- links -----------------------------------------------------------------------------------------
    def ent(self, curie: str, root: str) -> dict[str, str]:
        e = self.entities.get(curie)
        label = e.label if e else curie
        return {"label": label, "url": root + self.entity_file[curie] if curie in self.entity_file else ""}

    def src(self, sid: str, root: str) -> dict[str, str]:
        s = self.sources.get(sid)
        short = sid
        if s is not None:
            year = str(s.year) if s.year else ""
            if s.first_author:
                short = " ".join(x for x in (s.first_author.split(",")[0], year) if x)
            elif s.title:
                title = s.title if len(s.title) <= 48 else s.title[:47].rsplit(" ", 1)[0] + " …"
                short = f"{title} ({year})" if year else title
        return {"short": short, "url": root + self.source_file[sid] if sid in self.source_file else ""}

    # --- rows ------------------------------------------------------------------------------------------
    def statement_rows(self, edges: Iterable[tuple[str, str, str, dict]], root: str) -> list[dict[str, Any]]:
        rows = []
        for u, v, key, d in sorted(edges, key=lambda e: (str(e[2]), e[0], e[1])):
            if d.get("record"):
                continue
            info = PREDICATES.get(str(d.get("predicate", "")))
            direction = str(d.get("direction") or "supports")
            quals = [f"{k}: {d[k]}" for k in ("route", "context") if d.get(k)]
            rows.append(
                {
                    "id": str(key),
                    "subject": self.ent(u, root),
                    "object": self.ent(v, root),
                    "predicate": info.label if info else str(d.get("predicate")),
                    "evidence": EVIDENCE_LABELS.get(str(d.get("evidence_type") or ""), str(d.get("evidence_type"))),
                    "direction": direction,
                    "direction_label": direction.replace("_", " "),
                    "contested": bool(d.get("contested")),
                    "association": bool(d.get("association_only")),
                    "species": ", ".join(self.ent(s, root)["label"] for s in d.get("species") or []),
                    "model": str(d.get("model") or ""),
                    "qualifiers": "; ".join(quals),
                    "sources": [self.src(s, root) for s in d.get("sources") or []],
                    "contested_by": [self.src(s, root) for s in d.get("contested_by") or []],
                    "quotes": list(d.get("quotes") or []),
                }
            )
        return rows

    def finding_row(self, f: Any, root: str, scope: str = "") -> dict[str, Any]:
        if f.estimate is not None:
            result = f"{f.effect_type} {_fmt(f.estimate)}"
            if f.unit:
                result += f" {f.unit}"
            if f.ci_low is not None and f.ci_high is not None:
                result += f" (95% CI {_fmt(f.ci_low)} to {_fmt(f.ci_high)})"
            if f.comparator_value is not None:
                result += f" vs {_fmt(f.comparator_value)}{' ' + f.unit if f.unit else ''}"
        else:
            result = f.result or f.effect_type
        if f.p:
            result += f", p {f.p}" if f.p[:1] in "<>=≤≥" else f", p = {f.p}"
        direction = f.direction or "not_stated"
        return {
            "id": f.id,
            "drug": self.ent(f.intervention, root),
            "condition": self.ent(f.condition, root) if f.condition else None,
            "adverse_effect": self.ent(f.adverse_effect, root) if f.adverse_effect else None,
            "scope": scope,
            "measure": f.measure,
            "timepoint": f.timepoint,
            "result": result,
            "population": f.population,
            "caveat": f.caveat,
            "direction": direction,
            "direction_label": direction.replace("_", " "),
            "certainty": (f.certainty.replace("_", " ") + " (GRADE)") if f.certainty else f.quality_rating,
            "sources": [self.src(s, root) for s in f.sources],
            "quotes": self.quotes.get(f.id, []),
        }

    def scopes(self) -> dict[str, list[tuple[str, str]]]:
        """Condition → [(finding id, scope)] for subtype and broader-population evidence (from the graph)."""
        from painkg.api import KnowledgeGraph

        text = resources.files("painkg.site").joinpath("finding-scopes.rq").read_text(encoding="utf-8")
        df = KnowledgeGraph(self.b).sparql(text, max_rows=None)
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for finding, link, condition in sorted(zip(df["finding"], df["link"], df["condition"], strict=True)):
            out[str(condition)].append(
                (str(finding), "subtype" if str(link).endswith("subtypeEvidenceFor") else "broader")
            )
        return out


def _group_kind(kind: str) -> int:
    return _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)


#: the build the report workers read (set before they are forked; never pickled) and its KnowledgeGraph
_WORKER_BUILD: Build | None = None
_WORKER_KG: tuple[Build, Any] | None = None


def _report_chunk(pairs: list[tuple[str, str]]) -> list[tuple[tuple[str, str], str, list[tuple[int, str]], str]]:
    """Generate the reports of ``pairs``: (pair, HTML, [(number, source key)], error) each."""
    global _WORKER_KG
    from painkg.api import KnowledgeGraph

    if _WORKER_KG is None or _WORKER_KG[0] is not _WORKER_BUILD:
        _WORKER_KG = (_WORKER_BUILD, KnowledgeGraph(_WORKER_BUILD))
    kg = _WORKER_KG[1]
    out = []
    for pair in pairs:
        try:
            report = generate(kg, *pair)
        except (NotOfKindError, UnknownEntityError) as exc:
            out.append((pair, "", [], str(exc)))
            continue
        out.append((pair, render_html(report), [(ref.number, ref.source.key) for ref in report.citations], ""))
    return out


class _Reports:
    """Reports generated in ``workers`` forked processes while the caller renders the other pages."""

    def __init__(self, b: Build, pairs: list[tuple[str, str]], workers: int):
        global _WORKER_BUILD
        _WORKER_BUILD = b
        self.pairs = pairs
        self.pool = None
        self.futures: list[Any] = []
        if workers > 1 and len(pairs) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            if "fork" in multiprocessing.get_all_start_methods():
                self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
                chunks = [pairs[i :: workers * 3] for i in range(workers * 3)]
                self.futures = [self.pool.submit(_report_chunk, c) for c in chunks if c]

    def results(self) -> list[tuple[tuple[str, str], str, list[tuple[int, str]], str]]:
        """Every pair's result, in the order of the pairs."""
        global _WORKER_KG
        try:
            done = [r for f in self.futures for r in f.result()] if self.pool else _report_chunk(self.pairs)
        finally:
            if self.pool:
                self.pool.shutdown()
            _WORKER_KG = None  # the store is not kept alive after the site is written
        order = {p: i for i, p in enumerate(self.pairs)}
        return sorted(done, key=lambda r: order[r[0]])


def _report_pages(site: _Site, reports: _Reports, say: Callable[[str], None]) -> dict[str, str]:
    """Report pages of every drug × condition pair with a finding; keys are file names."""
    pages: dict[str, str] = {}
    for (drug, cond), html, refs, error in reports.results():
        if error:
            say(f"no report for {drug} × {cond}: {error}")
            continue
        name = f"report/{entity_slug(drug, site.entities[drug].label)}--{entity_slug(cond, site.entities[cond].label)}.html"
        site.report_file[(drug, cond)] = name
        site.report_title[(drug, cond)] = f"{site.entities[drug].label} for {site.entities[cond].label}"
        pages[name] = _wrap_report(site, html, refs)
    return pages


def _wrap_report(site: _Site, html: str, refs: list[tuple[int, str]]) -> str:
    """The report's own page plus the site's navigation bar and links from its references to source pages.

    The report is rendered by :func:`painkg.report.render_html` unchanged; the bar goes after ``<body>`` and
    the source list before ``</main>`` (markup of the report's skeleton: data in it are escaped, so neither
    string can come from the data).
    """
    nav = render("report_nav.html", root="../", counts="")
    items = render(
        "report_sources.html",
        sources=[{**site.src(key, "../"), "n": n} for n, key in refs if key in site.sources],
    )
    head = html.replace("</head>", '<link rel="stylesheet" href="../assets/painkg.css">\n</head>', 1)
    head = head.replace("<body>", "<body>\n" + nav, 1)
    at = head.rfind("</main>")
    return head[:at] + items + head[at:] if at >= 0 else head + items


def site_files(
    b: Build, *, notice: Callable[[str], None] | None = None, views: bool = True, workers: int = 2
) -> tuple[dict[str, str], list[str]]:
    """Every file of the site (relative path → text) and the notices of pages skipped (a pair with no report).

    Reports are generated in ``workers`` processes (forked, where the platform can) while this one renders
    the views and pages; ``workers=1`` does everything here. The output does not depend on ``workers``.
    """
    skipped: list[str] = []

    def say(msg: str) -> None:
        skipped.append(msg)
        if notice:
            notice(msg)

    pairs = sorted({(f.intervention, f.condition) for f in b.dataset.findings if f.intervention and f.condition})
    reports = _Reports(b, pairs, workers)  # started first: forked before this process opens any store
    site = _Site(b, say)
    files: dict[str, str] = {}
    stats = f"{len(site.ds.entities)} entities, {len(site.ds.statements)} statements, {len(site.ds.findings)} findings, {len(site.ds.sources)} sources"

    # views: the whole graph and a focus view of every entity with an edge
    g = site.g
    curated = curated_view_graph(g)

    def links_for(curie: str | None) -> Links:
        return Links(
            entity=lambda c: "../" + site.entity_file[c] if c in site.entity_file else None,
            source=lambda s: "../" + site.source_file[s] if s in site.source_file else None,
            assets="../assets/",
            home="../index.html",
            entity_page=("../" + site.entity_file[curie]) if curie else None,
            embedded=True,
        )

    try:
        files["view/graph.html"] = whole_view(g, links=links_for(None))
    except (ViewTooLargeError, EmptyViewError) as exc:
        say(f"no whole-graph view: {exc}")
    if views:
        for curie in sorted(curated.nodes, key=str):
            if curated.degree(curie) == 0:
                continue
            name = f"view/{site.entity_file[curie].removeprefix('entity/')}"
            try:
                files[name] = focus_view(curated, curie, 2, links=links_for(curie))
            except (ViewTooLargeError, EmptyViewError) as exc:
                say(f"no focus view for {curie}: {exc}")
                continue
            site.view_file[curie] = name

    files.update(_report_pages(site, reports, say))  # entity pages link to the reports
    scopes = site.scopes()
    findings_by_id = {f.id: f for f in site.ds.findings}
    # entity pages
    for e in sorted(site.ds.entities, key=lambda e: e.id):
        root = "../"
        out_edges = [(u, v, k, d) for u, v, k, d in g.out_edges(e.id, keys=True, data=True)] if e.id in g else []
        in_edges = (
            [(u, v, k, d) for u, v, k, d in g.in_edges(e.id, keys=True, data=True) if u != v] if e.id in g else []
        )
        fr = []
        show_scope = False
        for f in site.ds.findings:
            if e.id in (f.intervention, f.condition, f.adverse_effect):
                fr.append(site.finding_row(f, root, "exact" if e.id == f.condition else ""))
        for fid, scope in scopes.get(e.id, []):
            if fid in findings_by_id:
                fr.append(site.finding_row(findings_by_id[fid], root, scope))
                show_scope = True
        fr.sort(
            key=lambda r: ({"exact": 0, "": 0, "subtype": 1, "broader": 2}[r["scope"]], r["drug"]["label"], r["id"])
        )
        reports = [
            {"url": root + name, "title": site.report_title[pair], "findings": site.pair_findings[pair]}
            for pair, name in sorted(site.report_file.items(), key=lambda kv: site.report_title[kv[0]].casefold())
            if e.id in pair
        ]
        regulatory = [
            {
                "id": r.id,
                "agency": r.agency,
                "action": r.action.replace("_", " "),
                "drug": site.ent(r.drug, root),
                "product": r.product,
                "indication": site.ent(r.indication, root) if r.indication else None,
                "scope": r.indication_scope,
                "schedule": r.schedule,
                "date": r.date,
                "sources": [site.src(s, root) for s in r.sources],
            }
            for r in sorted(site.ds.regulatory, key=lambda r: (r.date, r.id))
            if e.id in (r.drug, r.indication)
        ]
        interactions = [
            {
                "id": i.id,
                "perpetrator": site.ent(i.perpetrator, root),
                "victim": site.ent(i.victim, root),
                "kind": i.kind,
                "enzyme": site.ent(i.enzyme, root) if i.enzyme else None,
                "direction": i.direction,
                "effect": i.effect,
                "sources": [site.src(s, root) for s in i.sources],
            }
            for i in sorted(site.ds.interactions, key=lambda i: i.id)
            if e.id in (i.perpetrator, i.victim, i.enzyme)
        ]
        cautions = [
            {
                "id": c.id,
                "type": c.type,
                "drug": site.ent(c.drug, root),
                "text": c.text,
                "condition": site.ent(c.condition, root) if c.condition else None,
                "sources": [site.src(s, root) for s in c.sources],
            }
            for c in sorted(site.ds.cautions, key=lambda c: c.id)
            if e.id in (c.drug, c.condition)
        ]
        colour, _shape = kind_style(e.kind)
        page = {
            "label": e.label,
            "curie": e.id,
            "kind_label": KIND_LABELS.get(e.kind, e.kind),
            "colour": colour,
            "synonyms": list(e.synonyms),
            "related": list(e.related_synonyms),
            "xrefs": list(e.xrefs),
            "description": e.description,
            "note": e.note,
            "parents": [],
            "children": [],
            "reports": reports,
            "view": root + site.view_file[e.id] if e.id in site.view_file else "",
            "outgoing": site.statement_rows(out_edges, root),
            "incoming": site.statement_rows(in_edges, root),
            "findings": fr,
            "show_scope": show_scope or any(r["scope"] for r in fr),
            "scope_note": (
                "Scope says how a finding bears on this condition: exact (studied in it), subtype (studied in a "
                "narrower condition) or broader (a population that includes it). Broader evidence is not evidence "
                "for this condition alone."
                if show_scope
                else ""
            ),
            "regulatory": regulatory,
            "interactions": interactions,
            "cautions": cautions,
        }
        files[site.entity_file[e.id]] = render(
            "entity.html", title=e.label, root=root, page_class="entity", counts=stats, e=page
        )

    # source pages
    pooled: dict[str, list[str]] = defaultdict(list)
    for s in site.ds.sources:
        for review in s.included_in:
            pooled[review].append(s.id)
    claims_by_source: dict[str, list[Any]] = defaultdict(list)
    for c in site.ds.seed_claims:
        for sid in c.sources:
            claims_by_source[sid].append(c)
    statement_edges = [(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if not d.get("record")]
    for s in sorted(site.ds.sources, key=lambda s: s.id):
        root = "../"
        links = []
        if s.pmid:
            links.append({"label": f"PubMed {s.pmid}", "url": f"https://pubmed.ncbi.nlm.nih.gov/{s.pmid}/"})
        if s.pmcid:
            links.append(
                {
                    "label": f"PMC {s.pmcid.removeprefix('PMC')}",
                    "url": f"https://www.ncbi.nlm.nih.gov/pmc/articles/{s.pmcid if s.pmcid.startswith('PMC') else 'PMC' + s.pmcid}/",
                }
            )
        if s.doi:
            links.append({"label": f"DOI {s.doi}", "url": f"https://doi.org/{s.doi}"})
        if s.url:
            links.append({"label": "official page", "url": s.url})
        if s.nct:
            links.append({"label": s.nct, "url": f"https://clinicaltrials.gov/study/{s.nct}"})
        design = [
            f"{k}: {v}"
            for k, v in (
                ("studies", s.n_studies),
                ("participants", s.n_participants),
                ("randomised", s.randomized),
                ("blinding", s.blinding.replace("_", " ")),
                ("allocation", s.allocation),
                ("control", s.control.replace("_", " ")),
            )
            if v not in (None, "")
        ]
        records = []
        for r in site.ds.regulatory:
            if s.id in r.sources:
                records.append(
                    {
                        "what": f"regulatory action {r.id}",
                        "entities": [site.ent(x, root) for x in (r.drug, r.indication) if x],
                        "text": f"{r.agency} {r.action.replace('_', ' ')} {r.product} {r.date}",
                    }
                )
        for i in site.ds.interactions:
            if s.id in i.sources:
                records.append(
                    {
                        "what": f"interaction {i.id}",
                        "entities": [site.ent(x, root) for x in (i.perpetrator, i.victim)],
                        "text": i.effect,
                    }
                )
        for c in site.ds.cautions:
            if s.id in c.sources:
                records.append({"what": f"{c.type} {c.id}", "entities": [site.ent(c.drug, root)], "text": c.text})
        for r in site.ds.recommendations:
            if s.id in r.sources:
                records.append(
                    {
                        "what": f"recommendation {r.id}",
                        "entities": [site.ent(x, root) for x in (r.drug, r.condition) if x],
                        "text": f"{r.line_of_therapy.replace('_', ' ')} line; {r.strength}",
                    }
                )
        for r in site.ds.regimens:
            if s.id in r.sources:
                records.append(
                    {
                        "what": f"regimen {r.id}",
                        "entities": [site.ent(x, root) for x in (r.drug, r.condition) if x],
                        "text": " ".join(x for x in (r.route, r.dose, r.unit, r.schedule, r.duration) if x),
                    }
                )
        records.sort(key=lambda r: r["what"])
        page = {
            "title": s.title or f"(title not recorded: {s.id})",
            "byline": " · ".join(x for x in (s.first_author, str(s.year) if s.year else "", s.journal) if x)
            or "author, year and journal not recorded",
            "design": s.type.replace("_", " "),
            "verified": s.verified == "true",
            "links": links,
            "population": s.population,
            "design_facts": "; ".join(design),
            "included_in": [site.src(x, root) for x in s.included_in],
            "includes": [site.src(x, root) for x in sorted(pooled.get(s.id, []))],
            "duplicates": [site.src(x, root) for x in s.possible_duplicate_of],
            "aliases": list(s.aliases),
            "note": s.note,
            "statements": site.statement_rows(
                [e for e in statement_edges if s.id in (e[3].get("sources") or [])], root
            ),
            "disputes": site.statement_rows(
                [e for e in statement_edges if s.id in (e[3].get("contested_by") or [])], root
            ),
            "findings": [
                site.finding_row(f, root) for f in sorted(site.ds.findings, key=lambda f: f.id) if s.id in f.sources
            ],
            "records": records,
            "claims": [
                {
                    "id": c.id,
                    "url": "../audit.html#" + c.id,
                    "status": c.status,
                    "status_label": _STATUS_LABELS.get(c.status, c.status),
                    "claim": c.claim,
                }
                for c in sorted(claims_by_source.get(s.id, []), key=lambda c: c.id)
            ],
        }
        files[site.source_file[s.id]] = render(
            "source.html", title=page["title"], root=root, page_class="source", counts=stats, s=page
        )

    # seed-claim audit
    subject_of = {st.id: st for st in site.ds.statements}
    docs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in sorted(site.ds.seed_claims, key=lambda c: c.id):
        sts = []
        for sid in c.statements:
            st = subject_of.get(sid)
            if st is None:
                continue
            info = PREDICATES.get(st.predicate)
            text = f"{site.ent(st.subject, '')['label']} {info.label if info else st.predicate} {site.ent(st.object, '')['label']}"
            sts.append(
                {
                    "url": site.entity_file[st.subject] + "#" + st.id,
                    "text": f"{text} ({st.direction.replace('_', ' ')}, {st.evidence_type.replace('_', ' ')})",
                }
            )
        docs[c.seed_file].append(
            {
                "id": c.id,
                "claim": c.claim,
                "status": c.status,
                "status_label": _STATUS_LABELS.get(c.status, c.status),
                "statements": sts,
                "sources": [site.src(x, "") for x in c.sources],
                "note": c.note,
            }
        )
    status_counts = Counter(c.status for c in site.ds.seed_claims)
    files["audit.html"] = render(
        "audit.html",
        title="Seed-claim audit",
        root="",
        page_class="audit",
        counts=stats,
        intro=(
            f"Each concrete claim of the {len(docs)} seed document(s) painkg started from, with the verdict the "
            "curated evidence gives it and the statements and sources behind that verdict. A contradicted claim "
            "is kept here only: it is never stored as a fact of the graph."
        ),
        summary=[
            {"status": k, "label": _STATUS_LABELS.get(k, k), "count": status_counts[k]}
            for k in _STATUS_LABELS
            if status_counts[k]
        ],
        documents=[
            {"name": name, "anchor": _slug(name) or "seed", "claims": rows} for name, rows in sorted(docs.items())
        ],
    )

    # home
    files["index.html"] = _home(site, stats)
    # assets
    files["assets/painkg.css"] = static_text("painkg.css")
    files["assets/view.js"] = static_text("view.js")
    files["assets/site.js"] = static_text("site.js")
    files["assets/vis-network.min.js"] = vis_js()
    return dict(sorted(files.items())), skipped


def _home(site: _Site, stats: str) -> str:
    root = ""
    groups = defaultdict(list)
    for e in site.ds.entities:
        groups[e.kind].append(e)
    entity_groups = [
        {
            "kind": kind,
            "label": KIND_LABELS.get(kind, kind),
            "entities": [site.ent(e.id, root) for e in sorted(es, key=lambda e: (e.label.casefold(), e.id))],
        }
        for kind, es in sorted(groups.items(), key=lambda kv: _group_kind(kv[0]))
    ]
    index = {
        "kinds": {k: KIND_LABELS.get(k, k) for k in sorted(groups)},
        "entities": [
            {
                "l": e.label,
                "s": [*e.synonyms, *e.related_synonyms, *e.xrefs],
                "c": e.id,
                "k": e.kind,
                "u": site.entity_file[e.id],
            }
            for e in sorted(site.ds.entities, key=lambda e: e.id)
        ],
    }
    questions = []
    drug, cond = DEFAULT_PAIR
    d = site.entities.get(drug)
    c = site.entities.get(cond)
    if d and c and (drug, cond) in site.report_file:
        questions.append(
            {
                "text": f"Does {d.label} relieve {c.label}, for whom, for how long and at what harm?",
                "url": site.report_file[(drug, cond)],
                "note": "(evidence report)",
            }
        )
    if d:
        questions.append(
            {
                "text": f"How is {d.label} supposed to work, and how good is each link?",
                "url": site.entity_file[drug] + "#statements",
                "note": "",
            }
        )
        if drug in site.view_file:
            questions.append(
                {
                    "text": f"What sits around {d.label} in the graph, strongest evidence first?",
                    "url": site.view_file[drug],
                    "note": "(network view)",
                }
            )
    targets = (
        sorted(
            {
                v
                for u, v, k, dd in site.g.out_edges(drug, keys=True, data=True)
                if PREDICATES.get(str(dd.get("predicate", ""))) and PREDICATES[str(dd["predicate"])].family == "target"
            }
        )
        if drug in site.g
        else []
    )
    for t in targets[:1]:
        questions.append(
            {
                "text": f"Which other drugs act on the {site.entities[t].label}?",
                "url": site.entity_file[t] + "#acted-on",
                "note": "",
            }
        )
    if c:
        questions.append(
            {
                "text": f"What has been studied for {c.label}, and with what result?",
                "url": site.entity_file[cond] + "#findings",
                "note": "",
            }
        )
    questions.append({"text": "Which claims of the seed documents hold up?", "url": "audit.html", "note": ""})
    reports = [
        {"url": name, "title": site.report_title[pair]}
        for pair, name in sorted(site.report_file.items(), key=lambda kv: site.report_title[kv[0]].casefold())
    ]
    sources = [
        site.src(s.id, root)
        for s in sorted(site.ds.sources, key=lambda s: (site.src(s.id, root)["short"].casefold(), s.id))
    ]
    return render(
        "home.html",
        title="painkg evidence",
        root=root,
        page_class="home",
        counts=stats,
        intro=(
            f"A knowledge graph of {stats}. Every statement carries its evidence level (clinical, label, guideline, "
            "human experimental, review, animal, in vitro), its direction (supports, refutes, no effect, mixed, "
            "insufficient), whether it is contested or shows association only, and the sources with their "
            "supporting quotes."
        ),
        questions=questions,
        reports=reports,
        groups=entity_groups,
        sources=sources,
        data_json=json_for_html(index),
    )


def build_site(
    b: Build,
    out: Path = DEFAULT_OUT,
    *,
    notice: Callable[[str], None] | None = None,
    views: bool = True,
    workers: int = 2,
) -> SiteResult:
    """Write the site into ``out`` (created; replaced atomically page by page; stale pages removed)."""
    start = time.perf_counter()
    files, skipped = site_files(b, notice=notice, views=views, workers=workers)
    out = Path(out)
    manifest = out / ".painkg-site-files"
    old = manifest.read_text(encoding="utf-8").splitlines() if manifest.is_file() else []
    atomic_write({**files, ".painkg-site-files": "\n".join(files) + "\n"}, out)
    for name in old:
        if name and name not in files and ".." not in Path(name).parts and (out / name).is_file():
            (out / name).unlink()
    kinds = Counter(name.split("/")[0] if "/" in name else "top" for name in files)
    size = sum(len(t.encode("utf-8")) for t in files.values())
    return SiteResult(out, dict(sorted(kinds.items())), len(files), size, time.perf_counter() - start, skipped)


_LINK = re.compile(r"""\s(?:href|src)="([^"]*)\"""")
_ID = re.compile(r"""\sid="([^"]*)\"""")


def check_links(folder: Path) -> list[str]:
    """Every internal link of the site that leads nowhere (a missing file or anchor), as ``page: link``.

    External links (``http(s):``) are not followed; anything else must resolve inside ``folder``.
    """
    folder = Path(folder).resolve()
    pages = {p: p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.html"))}
    ids = {p: set(_ID.findall(text)) for p, text in pages.items()}
    broken = []
    for page, text in pages.items():
        for raw in _LINK.findall(text):
            link = raw.replace("&amp;", "&")
            if re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I):
                if not link.startswith(("http://", "https://")):
                    broken.append(f"{page.relative_to(folder)}: {link} (not a web or relative link)")
                continue
            path, _, anchor = link.partition("#")
            target = (page.parent / path).resolve() if path else page
            if folder not in target.parents and target != folder:
                broken.append(f"{page.relative_to(folder)}: {link} (outside the site)")
            elif not target.is_file():
                broken.append(f"{page.relative_to(folder)}: {link} (no such file)")
            elif anchor and target in ids and anchor not in ids[target]:
                broken.append(f"{page.relative_to(folder)}: {link} (no such anchor)")
    return broken
