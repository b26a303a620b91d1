"""painkg: a knowledge graph of mechanisms, drugs and outcomes for pain pharmacology.

>>> import painkg
>>> kg = painkg.load()  # doctest: +SKIP
"""

from painkg.api import KnowledgeGraph, load
from painkg.pipeline import InvalidDataError

__all__ = ["InvalidDataError", "KnowledgeGraph", "load"]
__version__ = "0.1.0"
