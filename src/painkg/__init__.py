"""painkg: a knowledge graph of mechanisms, drugs and outcomes for pain pharmacology.

>>> import painkg
>>> kg = painkg.load()  # doctest: +SKIP

``import painkg`` loads nothing heavy: the API (rdflib, Oxigraph), pandas, networkx, the views and the
reports are imported on first use — ``painkg.load``, ``painkg.viz.show_inline``, ``painkg.report.generate``
and every other submodule are reachable as attributes (PEP 562 module ``__getattr__``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from painkg.api import KnowledgeGraph, load
    from painkg.pipeline import InvalidDataError

__all__ = ["InvalidDataError", "KnowledgeGraph", "load"]
__version__ = "0.1.0"

#: public names → the module that defines them (imported on first access)
_LAZY = {"KnowledgeGraph": "painkg.api", "load": "painkg.api", "InvalidDataError": "painkg.pipeline"}


def __getattr__(name: str) -> Any:
    """Import ``painkg.load`` & co. and submodules (``painkg.viz``, ``painkg.report``, …) on first access."""
    if name.startswith("__"):
        raise AttributeError(f"module 'painkg' has no attribute {name!r}")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        try:
            value = importlib.import_module(f"painkg.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"painkg.{name}":
                raise
            raise AttributeError(f"module 'painkg' has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "api", "cache", "io", "queries", "report", "store", "viz"})
