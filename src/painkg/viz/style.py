"""How the views draw things: kind → shape, colour and column; predicate family → colour; evidence → width.

Every style of an edge that is not plain support (contested, association only, mixed, insufficient, refuting,
no effect) has its own dash pattern or end marker and its own legend row (see :data:`EDGE_STYLES`).
"""

from __future__ import annotations

from typing import Any

from painkg.vocab import PREDICATES, Direction, EvidenceType, Kind

__all__ = [
    "COLUMNS",
    "EDGE_STYLES",
    "EVIDENCE_LABELS",
    "EVIDENCE_WIDTH",
    "FAMILY_COLOURS",
    "FAMILY_LABELS",
    "KIND_LABELS",
    "KIND_STYLES",
    "column_of",
    "edge_style",
    "edge_style_key",
    "kind_style",
]

#: kind -> (colour, vis shape). Only shapes that draw their label below the node (no text inside a box).
KIND_STYLES: dict[str, tuple[str, str]] = {
    Kind.Drug: ("#d95f02", "diamond"),
    Kind.DrugClass: ("#e6ab02", "hexagon"),
    Kind.Metabolite: ("#a6761d", "triangleDown"),
    Kind.Procedure: ("#666666", "square"),
    Kind.Gene: ("#1f78b4", "dot"),
    Kind.ProteinComplex: ("#6a9fd4", "square"),
    Kind.PhysiologicalMechanism: ("#1b9e77", "star"),
    Kind.BiologicalProcess: ("#66c2a5", "triangle"),
    Kind.Condition: ("#7570b3", "square"),
    Kind.Phenotype: ("#b3a9e0", "hexagon"),
    Kind.AdverseEffect: ("#e7298a", "triangleDown"),
    Kind.OrganismTaxon: ("#9e9e9e", "dot"),
    Kind.OntologyClass: ("#bdbdbd", "dot"),
}
_OTHER_KIND = ("#9e9e9e", "dot")

#: kind -> words in the legend
KIND_LABELS: dict[str, str] = {
    Kind.Drug: "drug",
    Kind.DrugClass: "drug class",
    Kind.Metabolite: "metabolite",
    Kind.Procedure: "procedure",
    Kind.Gene: "gene / gene product",
    Kind.ProteinComplex: "protein complex (receptor)",
    Kind.PhysiologicalMechanism: "physiological mechanism",
    Kind.BiologicalProcess: "biological process",
    Kind.Condition: "condition",
    Kind.Phenotype: "phenotype (incl. animal models)",
    Kind.AdverseEffect: "adverse effect",
    Kind.OrganismTaxon: "species",
    Kind.OntologyClass: "ontology class (imported)",
}

#: The columns of a view, left to right: the flow drug → target → process/mechanism → condition/outcome.
#: Within a column, kinds come in this order.
COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("drugs", (Kind.Drug, Kind.Metabolite, Kind.DrugClass, Kind.Procedure)),
    ("targets", (Kind.ProteinComplex, Kind.Gene)),
    ("mechanisms", (Kind.PhysiologicalMechanism, Kind.BiologicalProcess)),
    ("conditions, harms", (Kind.Condition, Kind.Phenotype, Kind.AdverseEffect, Kind.OntologyClass)),
]
_COLUMN_OF = {k: (i, j) for i, (_name, kinds) in enumerate(COLUMNS) for j, k in enumerate(kinds)}


def column_of(kind: str) -> tuple[int, int]:
    """(column, order within the column) of a kind; unknown kinds go last in the last column."""
    return _COLUMN_OF.get(kind, (len(COLUMNS) - 1, 99))


def kind_style(kind: str) -> tuple[str, str]:
    """(colour, shape) of a kind."""
    return KIND_STYLES.get(kind, _OTHER_KIND)


#: predicate family -> edge colour; see vocab.PredicateInfo.family. ``record`` is an interaction or a
#: regulatory action drawn as an edge (an n-ary record, not a statement).
FAMILY_COLOURS: dict[str, str] = {
    "target": "#1f77b4",
    "mechanism": "#2ca02c",
    "clinical": "#9467bd",
    "harm": "#ff7f0e",
    "metabolism": "#8c564b",
    "structure": "#7f7f7f",
    "association": "#17becf",
    "interaction": "#bc5090",
    "regulatory": "#003f5c",
    "other": "#bcbd22",
}
FAMILY_LABELS: dict[str, str] = {
    "target": "acts on a target",
    "mechanism": "mechanism (process, pathway)",
    "clinical": "clinical effect (treats, studied for)",
    "harm": "harm (adverse effect)",
    "metabolism": "metabolism",
    "structure": "structure (class, component, enantiomer)",
    "association": "association (not cause)",
    "interaction": "drug interaction",
    "regulatory": "regulatory approval",
    "other": "other",
}

#: evidence type -> edge width, strongest first (the order of the legend and of the filter)
EVIDENCE_WIDTH: dict[str, float] = {
    EvidenceType.clinical: 3.6,
    EvidenceType.guideline: 3.3,
    EvidenceType.label: 3.0,
    EvidenceType.human_experimental: 2.6,
    EvidenceType.review: 2.0,
    EvidenceType.animal: 1.6,
    EvidenceType.in_vitro: 1.2,
    EvidenceType.ontology: 1.2,
    "": 1.0,
}
EVIDENCE_LABELS: dict[str, str] = {
    EvidenceType.clinical: "clinical",
    EvidenceType.guideline: "guideline",
    EvidenceType.label: "drug label",
    EvidenceType.human_experimental: "human experimental",
    EvidenceType.review: "review",
    EvidenceType.animal: "animal",
    EvidenceType.in_vitro: "in vitro",
    EvidenceType.ontology: "ontology (is_a)",
    "": "not stated (record)",
}

#: style key -> (legend words, colour or None for the family colour, dashes, arrow end). First match wins in
#: :func:`edge_style_key`: a direction other than supports, then contested, then association only.
EDGE_STYLES: dict[str, tuple[str, str | None, list[int] | bool, str]] = {
    "supports": ("supports (solid, arrow)", None, False, "arrow"),
    "association": ("association only (no arrow: not a cause)", None, [2, 4], "none"),
    "contested": ("contested (dashed)", None, [10, 6], "arrow"),
    Direction.mixed: ("mixed evidence (dash-dot, diamond end)", "#b8860b", [10, 4, 2, 4], "diamond"),
    Direction.insufficient: ("insufficient evidence (dotted grey, box end)", "#8c8c8c", [1, 5], "box"),
    Direction.refutes: ("refutes (red dotted, bar end)", "#d62728", [3, 6], "bar"),
    Direction.no_effect: ("no effect (dark grey dotted, circle end)", "#4d4d4d", [3, 6], "circle"),
}


def edge_family(d: dict[str, Any]) -> str:
    """The colour family of an edge: its predicate's family, or the record kind of an n-ary record edge."""
    if d.get("record"):
        return str(d["record"])
    info = PREDICATES.get(str(d.get("predicate", "")))
    return info.family if info else "other"


def edge_style_key(d: dict[str, Any]) -> str:
    """Which row of :data:`EDGE_STYLES` an edge belongs to."""
    direction = str(d.get("direction") or Direction.supports)
    if direction != Direction.supports and direction in EDGE_STYLES:
        return direction
    if d.get("contested"):
        return "contested"
    if d.get("association_only"):
        return "association"
    return "supports"


def edge_style(d: dict[str, Any]) -> dict[str, Any]:
    """Colour, width, dashes and arrow end of an edge (see the module docstring)."""
    family = edge_family(d)
    key = edge_style_key(d)
    _words, colour, dashes, arrow = EDGE_STYLES[key]
    if d.get("association_only") and key != "association":
        arrow = "none" if key == "contested" else arrow
    return {
        "family": family,
        "style": key,
        "color": colour or FAMILY_COLOURS.get(family, FAMILY_COLOURS["other"]),
        "dashes": dashes,
        "arrow": arrow,
        "width": EVIDENCE_WIDTH.get(str(d.get("evidence_type") or ""), 1.0),
    }
