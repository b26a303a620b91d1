"""Run the real ``kgx`` (test extra) without a network: its Biolink model comes from the biolink-model package.

kgx builds a ``bmt.Toolkit()`` when ``kgx.utils.kgx_utils`` is imported; bmt's defaults download
``biolink-model.yaml`` and ``predicate_mapping.yaml`` of a Biolink release from GitHub, and kgx's prefix handling
downloads JSON-LD contexts (``kgx/config.yml``, ``jsonld-context``). :func:`load_kgx` points all of them at files
of the installed packages before kgx is imported:

- the schema: ``biolink_model/schema/biolink_model.yaml`` (bmt's ``Toolkit`` default ``schema``);
- the Biolink JSON-LD context kgx checks CURIE prefixes against: ``biolink_model/prefixmaps/biolink-model-prefix-map.json``
  (kgx's ``jsonld_context_map["biolink"]``); the two fallback contexts kgx only uses to contract IRIs that the
  Biolink map does not cover are empty;
- bmt's predicate mapping (``Toolkit.pmap``, which only ``Toolkit.get_predicate_mapping`` reads; not used by the
  validator or transforms): the package ships none, so it is an empty mapping, read without a download.

:func:`no_network` then makes every socket connection fail, so a missed download fails the test instead of
passing on a machine that happens to be online.
"""

from __future__ import annotations

import json
import socket
from contextlib import contextmanager
from importlib import resources
from types import ModuleType
from typing import Any

_EMPTY_PREDICATE_MAP = "predicate mappings: []\n"
_OFFLINE = "painkg-offline:predicate_mapping.yaml"


def biolink_schema_path() -> str:
    """The Biolink model YAML of the installed biolink-model package."""
    return str(resources.files("biolink_model") / "schema" / "biolink_model.yaml")


def biolink_prefix_map() -> dict[str, str]:
    """The Biolink model's prefix map (the JSON-LD context kgx checks CURIE prefixes against)."""
    path = resources.files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json"
    return json.loads(path.read_text(encoding="utf-8"))


class _OfflineResponse:
    text = _EMPTY_PREDICATE_MAP


class _OfflineRequests:
    """Stands in for ``requests`` inside ``bmt.toolkit``: answers the empty predicate map, refuses anything else."""

    @staticmethod
    def get(url: str, *args: Any, **kwargs: Any) -> _OfflineResponse:
        if url == _OFFLINE:
            return _OfflineResponse()
        raise OSError(f"bmt tried to download {url} in an offline test")


@contextmanager
def no_network():
    """Make every socket connection fail inside the block."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("network access is disabled in this test")

    saved = socket.socket.connect, socket.create_connection
    socket.socket.connect, socket.create_connection = refuse, refuse  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.create_connection = saved  # type: ignore[method-assign]


def load_kgx() -> ModuleType:
    """Configure bmt and kgx for offline use, then import and return ``kgx.cli.cli_utils``."""
    import bmt.toolkit as bt

    bt.requests = _OfflineRequests  # type: ignore[attr-defined]
    defaults = list(bt.Toolkit.__init__.__defaults__ or ())
    defaults[0] = biolink_schema_path()  # schema
    defaults[1] = _OFFLINE  # predicate_map
    bt.Toolkit.__init__.__defaults__ = tuple(defaults)
    import kgx.config as kc

    kc.jsonld_context_map.update({"biolink": biolink_prefix_map(), "monarch_context": {}, "obo_context": {}})
    import kgx.cli.cli_utils as cli_utils

    return cli_utils
