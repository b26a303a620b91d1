"""The report's sections, one module each, built from :class:`painkg.report.data.PairData`.

Each module has one public function ``build(ctx) -> Section`` (the seed audit may return None); shared pieces
(effect texts, source labels, scope words, the ordering by strength of evidence) live in :mod:`.pieces`. Section
modules import only :mod:`painkg.report.model`, :mod:`painkg.report.templates`, :mod:`painkg.report.data` and
:mod:`.pieces`, never each other.
"""

from painkg.report.sections import (
    cautions,
    contested,
    durability,
    efficacy,
    forest,
    gaps,
    guidelines,
    harms,
    interactions,
    mechanism,
    regimens,
    regulatory,
    seed_audit,
    summary,
)

__all__ = ["ORDER"]

#: the sections in document order (the gaps, seed audit and disclaimer are added by the generator)
ORDER = (
    summary,
    regulatory,
    guidelines,
    mechanism,
    efficacy,
    forest,
    durability,
    harms,
    interactions,
    cautions,
    regimens,
    contested,
)
__all__ += ["gaps", "seed_audit"]
