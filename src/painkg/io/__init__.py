"""Getting painkg out to other tools and other graphs in: exports, imports, comparisons and scale.

- :mod:`painkg.io.export` — ``EXPORTERS``: Turtle, N-Triples, JSON-LD, KGX TSV, GraphML, DrugMechDB YAML, CSV.
- :mod:`painkg.io.drugmechdb` — DrugMechDB's path vocabulary and painkg's mapping onto it (used by the export).
- :mod:`painkg.io.importers` — ``IMPORTERS``: DrugMechDB, Hetionet and KGX files into their own named graph of an
  Oxigraph store, identifiers standardised through the one prefix map and mapped to painkg's through the curated
  xrefs, all or nothing.
- :mod:`painkg.io.compare` — which of a public graph's edges for a drug painkg has, lacks or contradicts.
- :mod:`painkg.io.scale` — a Hetionet-sized generated graph plus DrugMechDB in an on-disk Oxigraph store,
  and networkx views of only the subgraph a question needs.

Submodules are imported on demand (``from painkg.io.export import EXPORTERS``) so that ``painkg`` does
not pay for YAML, GraphML or Oxigraph when it only builds the graph.
"""

from __future__ import annotations

__all__: list[str] = []
