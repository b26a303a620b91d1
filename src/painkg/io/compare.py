"""Compare a public graph's edges for one drug with painkg's statements: has, lacks, contradicts, extra.

``compare(kg, "hetionet", file, "ketamine")`` returns one row per edge of the drug in the file and one row
per painkg statement the file has no counterpart for:

- ``has`` — painkg has a *supporting* statement between the same two entities with a predicate of the
  matching family (below), and no sign conflict;
- ``contradicts`` — painkg's statements between the two say otherwise: they only refute it or found no
  effect, or every supporting one has the opposite sign (Hetionet ``agonist`` vs painkg ``antagonist_of``);
- ``lacks`` — painkg has no statement for the pair, or cannot name the other entity (its id maps to no
  painkg entity; the ``match`` column says why);
- ``extra`` — a supporting painkg statement of the drug, of a compared family, that the file does not have.

**Gene-level edges against complex-level targets.** Hetionet links compounds to genes (GRIN1, GRIN2A, …)
where painkg often states the target as a protein complex (ketamine ``channel_blocker_of`` the NMDA
receptor, GO:0017146). A gene edge counts as ``has`` through a complex only when painkg *says* the gene is
part of it: a supporting ``part_of`` statement ``gene → complex`` plus a supporting target statement
``drug → complex`` (``match`` = ``via part_of <complex>``). Without such a ``part_of`` statement in the
data, the gene edge is reported as ``lacks`` — the comparison never assumes subunit membership.

Predicate families compared per Hetionet metaedge (:data:`HETIONET_FAMILIES`): ``CbG`` (binds) with
painkg's target predicates and ``metabolized_by``; ``CcSE`` (causes side effect) with the harm predicates;
``CtD`` (treats) / ``CpD`` (palliates) with ``treats`` and ``ameliorates``; ``PCiC`` (class includes
compound) with ``subclass_of`` read backwards. Signs: Hetionet actions and painkg predicates are read as
increasing (+1), decreasing (−1) or neither (:data:`ACTION_SIGN`, :data:`PREDICATE_SIGN`).

DrugMechDB has no ketamine (nor esketamine) path: for such a drug the table is empty and
``df.attrs["note"]`` says so, naming the ids that were looked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from painkg.api import KnowledgeGraph
from painkg.io.export import UnknownFormatError
from painkg.io.importers import IdMapper, hetionet_id, load_yaml, normalise_curie, tsv_rows
from painkg.model import Dataset, Entity, Statement
from painkg.pipeline import Build
from painkg.queries import UnknownEntityError
from painkg.vocab import PAINKG_PREFIXES, PREDICATES, Direction, standardize_curie

__all__ = [
    "ACTION_SIGN",
    "COLUMNS",
    "COMPARERS",
    "DRUGMECHDB_KEY_SIGN",
    "HETIONET_FAMILIES",
    "PREDICATE_SIGN",
    "UnknownPrefixError",
    "compare",
    "resolve_entity",
]

COLUMNS = [
    "status",
    "edge",
    "source_subject",
    "source_object",
    "source_object_name",
    "source_detail",
    "painkg_subject",
    "painkg_object",
    "painkg_object_label",
    "painkg_predicates",
    "painkg_statements",
    "match",
    "note",
]

_TARGET = frozenset(n for n, p in PREDICATES.items() if p.family == "target")
_HARM = frozenset(n for n, p in PREDICATES.items() if p.family == "harm")

_CLINICAL = frozenset({"treats", "ameliorates"})

#: Hetionet metaedge → (name of the compared family, painkg predicates it is compared with, whether painkg
#: states it drug → other). ``extra`` rows name the family's metaedges.
HETIONET_FAMILIES: dict[str, tuple[str, frozenset[str], bool]] = {
    "CbG": ("CbG", _TARGET | {"metabolized_by"}, True),
    "CcSE": ("CcSE", _HARM, True),
    "CtD": ("CtD|CpD", _CLINICAL, True),
    "CpD": ("CtD|CpD", _CLINICAL, True),
    "PCiC": ("PCiC", frozenset({"subclass_of"}), False),
}

#: Sign of a Hetionet CbG action (the values that occur in the file); other actions are 0.
ACTION_SIGN: dict[str, int] = {
    "agonist": 1,
    "partial agonist": 1,
    "activator": 1,
    "antagonist": -1,
    "blocker": -1,
    "inhibitor": -1,
    "negative allosteric modulator": -1,
}

#: Sign of painkg predicates (0 for the rest).
PREDICATE_SIGN: dict[str, int] = {
    "agonist_of": 1,
    "increases_activity_of": 1,
    "increases_process": 1,
    "positively_regulates": 1,
    "acts_upstream_of_positive_effect": 1,
    "antagonist_of": -1,
    "inhibits": -1,
    "decreases_activity_of": -1,
    "channel_blocker_of": -1,
    "negative_allosteric_modulator_of": -1,
    "decreases_process": -1,
    "negatively_regulates": -1,
    "acts_upstream_of_negative_effect": -1,
}

#: Sign of DrugMechDB link keys that state a direction (others are 0).
DRUGMECHDB_KEY_SIGN: dict[str, int] = {
    "increases activity of": 1,
    "positively regulates": 1,
    "increases abundance of": 1,
    "increases expression of": 1,
    "decreases activity of": -1,
    "negatively regulates": -1,
    "decreases abundance of": -1,
    "decreases expression of": -1,
    "disrupts": -1,
}


class UnknownPrefixError(ValueError):
    """A CURIE whose prefix painkg does not know; the message names the prefix."""


GraphLike = KnowledgeGraph | Build | Dataset


def _dataset(kg: GraphLike) -> Dataset:
    if isinstance(kg, KnowledgeGraph):
        return kg.dataset
    if isinstance(kg, Build):
        return kg.dataset
    if isinstance(kg, Dataset):
        return kg
    raise TypeError(f"expected a KnowledgeGraph, Build or Dataset, got {type(kg).__name__}")


def resolve_entity(ds: Dataset, name: str) -> Entity:
    """The entity a user means: its CURIE, one of its xrefs, its label or a synonym (case-insensitive).

    A CURIE-looking name with a prefix painkg does not know raises :class:`UnknownPrefixError` naming it;
    anything else unknown raises :class:`painkg.queries.UnknownEntityError` with suggestions.
    """
    text = name.strip()
    key = text.casefold()
    ents = list(ds.entities)
    for e in ents:
        if e.id.casefold() == key:
            return e
    for getter in (lambda e: [e.label], lambda e: list(e.synonyms), lambda e: [normalise_curie(x) for x in e.xrefs]):
        hits = [e for e in ents if any(v.casefold() == key for v in getter(e))]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise UnknownEntityError(name, [f"{e.label} ({e.id})" for e in hits])
    if ":" in text and " " not in text:
        prefix = text.split(":", 1)[0]
        if standardize_curie(text) is None:
            raise UnknownPrefixError(
                f"unknown prefix '{prefix}' in '{name}'; painkg's prefixes: {', '.join(PAINKG_PREFIXES)}"
            )
    import difflib

    labels = {e.label.casefold(): e for e in ents}
    close = difflib.get_close_matches(key, list(labels), n=5, cutoff=0.6)
    raise UnknownEntityError(name, [f"{labels[c].label} ({labels[c].id})" for c in close])


def _xrefs(e: Entity, prefix: str) -> list[str]:
    out = [e.id] if e.id.startswith(prefix + ":") else []
    return out + [x for x in e.xrefs if x.startswith(prefix + ":")]


@dataclass
class _Index:
    """painkg statements by (subject, object), and part_of links gene → complexes."""

    ds: Dataset

    def __post_init__(self) -> None:
        self.by_pair: dict[tuple[str, str], list[Statement]] = {}
        self.part_of: dict[str, list[Statement]] = {}
        self.labels = {e.id: e.label for e in self.ds.entities}
        for st in self.ds.statements:
            self.by_pair.setdefault((st.subject, st.object), []).append(st)
            if st.predicate == "part_of" and st.direction == Direction.supports:
                self.part_of.setdefault(st.subject, []).append(st)

    def between(self, s: str, o: str, family: Iterable[str] | None) -> list[Statement]:
        fam = None if family is None else set(family)
        return [st for st in self.by_pair.get((s, o), []) if fam is None or st.predicate in fam]


def _judge(statements: list[Statement], sign: int) -> tuple[str, str]:
    """``(status, note)`` for the painkg statements found for one source edge of the given sign."""
    if not statements:
        return "lacks", ""
    supporting = [st for st in statements if st.direction == Direction.supports]
    notes = []
    if any(st.contested == "true" for st in statements):
        notes.append("contested in painkg")
    others = [st for st in statements if st.direction != Direction.supports]
    if others:
        notes.append("painkg also has " + ", ".join(f"{st.id} ({st.direction})" for st in others))
    if not supporting:
        return "contradicts", "painkg only has non-supporting statements (" + ", ".join(
            f"{st.direction}" for st in others
        ) + ")"
    if sign:
        signs = {PREDICATE_SIGN.get(st.predicate, 0) for st in supporting}
        if signs == {-sign}:
            return "contradicts", f"opposite sign: source {'+' if sign > 0 else '−'}, painkg " + ", ".join(
                sorted({st.predicate for st in supporting})
            )
    return "has", "; ".join(notes)


def _row(**kw: object) -> dict[str, object]:
    return {c: kw.get(c, "") for c in COLUMNS}


def _statements_cells(sts: list[Statement]) -> dict[str, str]:
    return {
        "painkg_predicates": "|".join(dict.fromkeys(st.predicate for st in sts)),
        "painkg_statements": "|".join(st.id for st in sts),
    }


def compare_hetionet(kg: GraphLike, file: Path, drug: str) -> pd.DataFrame:
    """Hetionet edges of ``drug`` (edge table of the ketamine subgraph format) against painkg."""
    ds = _dataset(kg)
    d = resolve_entity(ds, drug)
    idx, mapper = _Index(ds), IdMapper(ds)
    drugbank = [x.split(":", 1)[1] for x in _xrefs(d, "DRUGBANK")]
    wanted = {f"Compound::{db}" for db in drugbank}
    rows: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()  # (family key, painkg object) covered by a source edge
    n_file = 0
    for n, row in tsv_rows(file, None, None, 50_000):
        n_file += 1
        s_id, o_id, metaedge = row.get("source_id", ""), row.get("target_id", ""), row.get("metaedge", "")
        if s_id not in wanted and o_id not in wanted:
            continue
        other, other_name = (o_id, row.get("target_name", "")) if s_id in wanted else (s_id, row.get("source_name", ""))
        _kind, curie = hetionet_id(file, n, other)
        pid = mapper.map(other, curie)
        actions = [a for a in row.get("actions", "").split("|") if a]
        sign = next((ACTION_SIGN[a] for a in actions if a in ACTION_SIGN), 0)
        detail = "|".join(actions) + (f" ({row['pubmed_ids']})" if row.get("pubmed_ids") else "")
        base = {
            "edge": metaedge,
            "source_subject": s_id,
            "source_object": o_id,
            "source_object_name": other_name,
            "source_detail": detail,
            "painkg_subject": d.id,
        }
        if metaedge not in HETIONET_FAMILIES:
            rows.append(_row(status="lacks", match="painkg has no predicate for this metaedge", **base))
            continue
        fam_name, family, forward = HETIONET_FAMILIES[metaedge]
        if pid is None:
            rows.append(_row(status="lacks", match=f"not mapped: {mapper.unmapped[other]}", **base))
            continue
        sts = idx.between(d.id, pid, family) if forward else idx.between(pid, d.id, family)
        match = "direct"
        if not [st for st in sts if st.direction == Direction.supports] and metaedge == "CbG":
            for part in idx.part_of.get(pid, []):
                via = [st for st in idx.between(d.id, part.object, family) if st.direction == Direction.supports]
                if via:
                    sts, match = [part, *via], f"via part_of {part.object} ({idx.labels.get(part.object, '')})"
                    break
        status, note = _judge([st for st in sts if st.predicate != "part_of"], sign)
        for st in sts:
            seen.add((fam_name, st.object if forward else st.subject))
        rows.append(
            _row(
                status=status,
                painkg_object=pid,
                painkg_object_label=idx.labels.get(pid, ""),
                match=match if sts else "no painkg statement",
                note=note,
                **base,
                **_statements_cells(sts),
            )
        )
    families = {name: fam for name, fam, fwd in HETIONET_FAMILIES.values() if fwd}
    for st in sorted(ds.statements, key=lambda s: s.id):
        if st.subject != d.id or st.direction != Direction.supports:
            continue
        for key, fam in families.items():
            if st.predicate in fam and (key, st.object) not in seen:
                rows.append(
                    _row(
                        status="extra",
                        edge=key,
                        painkg_subject=d.id,
                        painkg_object=st.object,
                        painkg_object_label=idx.labels.get(st.object, ""),
                        match="no Hetionet edge",
                        **_statements_cells([st]),
                    )
                )
    df = pd.DataFrame(rows, columns=COLUMNS)
    counts = df["status"].value_counts().to_dict() if not df.empty else {}
    if not wanted:
        df.attrs["note"] = f"{d.label} ({d.id}) has no DRUGBANK xref in painkg, so no Hetionet Compound id to look up"
    elif not (df["status"] != "extra").any():
        df.attrs["note"] = (
            f"Hetionet file {file.name} ({n_file} edges) has no edge of {d.label} "
            f"(looked for {', '.join(sorted(wanted))}); rows are painkg statements only"
        )
    else:
        df.attrs["note"] = f"Hetionet edges of {d.label} ({', '.join(sorted(wanted))}) vs painkg: " + ", ".join(
            f"{k} {counts.get(k, 0)}" for k in ("has", "lacks", "contradicts", "extra")
        )
    return df


def compare_drugmechdb(kg: GraphLike, file: Path, drug: str) -> pd.DataFrame:
    """DrugMechDB links on the paths of ``drug`` against painkg statements between the same entities."""
    ds = _dataset(kg)
    d = resolve_entity(ds, drug)
    idx, mapper = _Index(ds), IdMapper(ds)
    data, _lines = load_yaml(file, None, 50_000)
    paths = data if isinstance(data, list) else []
    drugbank = {f"DB:{x.split(':', 1)[1]}" for x in _xrefs(d, "DRUGBANK")}
    mesh = set(_xrefs(d, "MESH"))
    mine = []
    for p in paths:
        meta = p.get("graph", {}) if isinstance(p, dict) else {}
        if meta.get("drugbank") in drugbank or meta.get("drug_mesh") in mesh:
            mine.append(p)
    links: dict[tuple[str, str, str], list[str]] = {}
    names: dict[str, str] = {}
    for p in mine:
        names.update({str(nd["id"]): str(nd.get("name", "")) for nd in p.get("nodes", [])})
        for lk in p.get("links", []):
            links.setdefault((str(lk["source"]), str(lk["key"]), str(lk["target"])), []).append(str(p["graph"]["_id"]))
    rows: list[dict[str, object]] = []
    covered: set[str] = set()
    for (s_src, key, o_src), path_ids in links.items():
        s_pid, o_pid = mapper.map(s_src, s_src), mapper.map(o_src, o_src)
        base = {
            "edge": key,
            "source_subject": s_src,
            "source_object": o_src,
            "source_object_name": names.get(o_src, ""),
            "source_detail": "|".join(path_ids),
            "painkg_subject": s_pid or "",
            "painkg_object": o_pid or "",
            "painkg_object_label": idx.labels.get(o_pid or "", ""),
        }
        if s_pid is None or o_pid is None:
            why = "; ".join(f"{x}: {mapper.unmapped[x]}" for x in (s_src, o_src) if x in mapper.unmapped)
            rows.append(_row(status="lacks", match=f"not mapped: {why}", **base))
            continue
        sts = idx.between(s_pid, o_pid, None)
        status, note = _judge(sts, DRUGMECHDB_KEY_SIGN.get(key, 0))
        if s_pid == d.id:
            covered.update(st.object for st in sts)
            covered.add(o_pid)
        rows.append(
            _row(
                status=status,
                match="direct" if sts else "no painkg statement",
                note=note,
                **base,
                **_statements_cells(sts),
            )
        )
    if mine:
        for st in sorted(ds.statements, key=lambda s: s.id):
            if st.subject == d.id and st.direction == Direction.supports and st.object not in covered:
                if PREDICATES[st.predicate].family in ("target", "mechanism"):
                    rows.append(
                        _row(
                            status="extra",
                            edge=PREDICATES[st.predicate].label,
                            painkg_subject=d.id,
                            painkg_object=st.object,
                            painkg_object_label=idx.labels.get(st.object, ""),
                            match="no DrugMechDB link from the drug",
                            **_statements_cells([st]),
                        )
                    )
    df = pd.DataFrame(rows, columns=COLUMNS)
    looked = ", ".join(sorted(drugbank | mesh)) or "no DRUGBANK or MESH xref"
    if not mine:
        df.attrs["note"] = (
            f"DrugMechDB has no path for {d.label} ({d.id}): none of the {len(paths):,} paths in {file.name} "
            f"has drugbank or drug_mesh {looked}. Nothing to compare."
        )
    else:
        counts = df["status"].value_counts().to_dict()
        df.attrs["note"] = f"DrugMechDB: {len(mine)} path(s) of {d.label} ({looked}) vs painkg: " + ", ".join(
            f"{k} {counts.get(k, 0)}" for k in ("has", "lacks", "contradicts", "extra")
        )
    return df


#: Comparers by source name (the same names as the importers).
COMPARERS = {"hetionet": compare_hetionet, "drugmechdb": compare_drugmechdb}


def compare(kg: GraphLike, source: str, file: Path | str, drug: str) -> pd.DataFrame:
    """Compare the edges of ``drug`` in ``file`` (a ``source`` file) with painkg; see the module docstring.

    The result has the columns :data:`COLUMNS`; ``df.attrs["note"]`` summarises it (and explains an empty table).
    """
    if source not in COMPARERS:
        raise UnknownFormatError(f"unknown comparison source '{source}'; known sources: {', '.join(COMPARERS)}")
    return COMPARERS[source](kg, Path(file), drug)
