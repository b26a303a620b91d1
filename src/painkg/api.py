"""The facade users hold: ``painkg.load()`` returns a :class:`KnowledgeGraph`.

It keeps the dataset, the rdflib graph and the networkx view of one build together, and is the place
where the competency-question methods live (queries layer).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Graph

from painkg.model import Dataset
from painkg.pipeline import Build, build

__all__ = ["KnowledgeGraph", "load"]


class KnowledgeGraph:
    """One built painkg graph: ``.rdf`` (rdflib), ``.nx`` (networkx MultiDiGraph), ``.dataset`` (records)."""

    def __init__(self, built: Build):
        self._build = built

    @property
    def build_result(self) -> Build:
        """The underlying :class:`painkg.pipeline.Build` (checks, warnings, data directory)."""
        return self._build

    @property
    def rdf(self) -> Graph:
        """The RDF graph: curated data plus the ontology."""
        return self._build.rdf

    @property
    def nx(self) -> nx.MultiDiGraph:
        """The networkx projection: entities as nodes, statements as keyed edges."""
        return self._build.nx

    @property
    def dataset(self) -> Dataset:
        """The curated records the graph was built from."""
        return self._build.dataset

    def __repr__(self) -> str:
        return (
            f"<KnowledgeGraph {len(self.rdf)} triples, {self.nx.number_of_nodes()} nodes from {self._build.data_dir}>"
        )


def load(path: str | Path | None = None, *, run_shacl: bool = True) -> KnowledgeGraph:
    """Build the graph from the packaged data, or from the data directory ``path``.

    Raises :class:`painkg.pipeline.InvalidDataError` (with ``.problems``) when the data break a rule.
    """
    return KnowledgeGraph(build(Path(path) if path else None, run_shacl=run_shacl))
