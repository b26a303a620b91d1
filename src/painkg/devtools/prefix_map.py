r"""Write painkg's one prefix map (``src/painkg/prefixes.json``) from the Biolink model and bioregistry.

Run from a checkout (a development tool, never imported by the product; both packages are in the test extra)::

    python -m painkg.devtools.prefix_map            # rewrite src/painkg/prefixes.json
    python -m painkg.devtools.prefix_map --check    # exit 1 if the committed file is out of date

The file is a *curies extended prefix map* (a JSON list of records ``prefix``, ``uri_prefix``, ``prefix_synonyms``,
``uri_prefix_synonyms``, ``pattern``), the format ``curies.Converter.from_extended_prefix_map`` reads and
bioregistry publishes. :mod:`painkg.vocab` loads it into one :class:`curies.Converter`, through which the graph
mints entity IRIs, queries compact them and importers standardise the CURIEs of other sources.

**Which IRI each prefix expands to** (the scheme README.md explains):

1. painkg's own prefix ``painkg`` expands under ``https://w3id.org/painkg/id/entity/``;
2. a prefix whose bioregistry URI prefix is an OBO PURL (``http://purl.obolibrary.org/obo/CHEBI_``) keeps it;
3. otherwise the URI prefix of the Biolink model's prefix map (``biolink_model/prefixmaps``), which is what
   ``kgx`` expands the same CURIE to, when bioregistry recognises it as the same resource;
4. otherwise the URI prefix of bioregistry's converter (its preferred one).

``PMID`` keeps PubMed's own address (``https://pubmed.ncbi.nlm.nih.gov/``, recognised by bioregistry): painkg's
publications are never nodes, kgx exchanges them as ``PMID:`` CURIEs, and the evidence report links there.

**What the map holds:** first painkg's own prefixes (:data:`painkg.vocab.PAINKG_PREFIXES`, the ones curated data
may use), each with its pattern, bioregistry's prefix synonyms (``hgnc``, ``UniProt``, ``reactome``) and every URI
prefix bioregistry knows for it (so an IRI of any provider compacts back); then every other prefix of the Biolink
model's map, with its Biolink URI prefix and bioregistry's prefix synonyms (so importers give kgx's IRI to such
ids instead of minting one; no pattern, as the Biolink model's local ids may differ from bioregistry's). A
synonym or URI prefix claimed by an earlier record is not repeated. Output is sorted and byte-stable.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from painkg.vocab import ID_BASE, PAINKG_PREFIXES, PREFIX_MAP_FILE

__all__ = ["EXTRA_SYNONYMS", "KEEP_URI_PREFIX", "REGISTRY_KEY", "build_records", "main", "render"]

#: painkg prefixes that bioregistry does not resolve by name: the bioregistry key of the same resource.
REGISTRY_KEY: dict[str, str] = {"GTOPDB": "iuphar.ligand"}
#: URI prefixes painkg keeps against rule 3/4 (see the module docstring for why).
KEEP_URI_PREFIX: dict[str, str] = {"PMID": "https://pubmed.ncbi.nlm.nih.gov/"}
#: Prefix spellings of other sources that no registry lists: DrugMechDB writes DrugBank ids as ``DB:``.
EXTRA_SYNONYMS: dict[str, tuple[str, ...]] = {"DRUGBANK": ("DB",)}
#: Local ids of painkg's own prefix (the pattern validation applies to ``painkg:`` ids).
LOCAL_PATTERN = "^[a-z][a-z0-9_]*$"
OBO_PURL = "http://purl.obolibrary.org/obo/"
#: The painkg IRI prefixes before this map (identifiers.org CURIE form), kept as URI-prefix synonyms so that
#: graphs written by earlier releases still compact.
_LEGACY_IDORG = "https://identifiers.org/"


def _biolink_map() -> dict[str, str]:
    path = resources.files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _example(resource: Any) -> str:
    return resource.get_example() or "1"


def build_records() -> list[dict[str, Any]]:
    """The records of the prefix map, painkg's own prefixes first, then the rest of the Biolink model's map."""
    import bioregistry

    registry = bioregistry.get_converter()
    biolink = _biolink_map()
    biolink_ci = {k.casefold(): k for k in biolink}
    claimed_prefixes: set[str] = set()
    claimed_uris: set[str] = set()
    records: list[dict[str, Any]] = []

    def add(prefix: str, uri: str, synonyms: set[str], uris: set[str], pattern: str | None) -> None:
        claimed_prefixes.add(prefix)
        claimed_uris.add(uri)
        syn = sorted(s for s in synonyms if s and s != prefix and s not in claimed_prefixes)
        claimed_prefixes.update(syn)
        uri_syn = sorted(u for u in uris if u and u != uri and u not in claimed_uris)
        claimed_uris.update(uri_syn)
        rec: dict[str, Any] = {"prefix": prefix, "uri_prefix": uri}
        if syn:
            rec["prefix_synonyms"] = syn
        if uri_syn:
            rec["uri_prefix_synonyms"] = uri_syn
        if pattern:
            rec["pattern"] = pattern
        records.append(rec)

    def registry_uris(key: str) -> set[str]:
        """Every URI prefix bioregistry's converter knows for ``key``.

        None when it merges ``key`` into another resource (kegg.drug into kegg: its URI prefixes are then those of
        every KEGG database).
        """
        rec = registry.get_record(key)
        return {rec.uri_prefix, *rec.uri_prefix_synonyms} if rec and rec.prefix == key else set()

    def same_resource(uri: str, key: str, example: str) -> bool:
        parsed = registry.parse_uri(uri + example)
        return parsed is not None and parsed.prefix == (registry.standardize_prefix(key) or key)

    for prefix in PAINKG_PREFIXES:
        if prefix == "painkg":
            add(prefix, ID_BASE + "entity/", set(), set(), LOCAL_PATTERN)
            continue
        key = REGISTRY_KEY.get(prefix) or bioregistry.normalize_prefix(prefix)
        if key is None:
            raise SystemExit(f"bioregistry does not know painkg's prefix {prefix}: add it to REGISTRY_KEY")
        res = bioregistry.get_resource(key)
        record = registry.get_record(key)  # bioregistry's converter: the URI prefix it joins the resource on
        registry_uri = record.uri_prefix if record else bioregistry.get_uri_prefix(key) or ""
        biolink_key = biolink_ci.get(prefix.casefold()) or biolink_ci.get((res.get_mapped_prefix("biolink") or "").casefold())
        biolink_uri = biolink.get(biolink_key or "", "")
        if prefix in KEEP_URI_PREFIX:
            uri = KEEP_URI_PREFIX[prefix]
        elif registry_uri.startswith(OBO_PURL):
            uri = registry_uri
        elif biolink_uri and same_resource(biolink_uri, key, _example(res)):
            uri = biolink_uri
        else:
            uri = registry_uri
        if not uri:
            raise SystemExit(f"no URI prefix for {prefix} (bioregistry {key}, Biolink {biolink_key})")
        synonyms = {*res.get_synonyms(), key, res.get_preferred_prefix() or "", biolink_key or ""}
        synonyms |= set(EXTRA_SYNONYMS.get(prefix, ()))
        uris = registry_uris(key) | {biolink_uri, registry_uri, f"{_LEGACY_IDORG}{key}:"}
        add(prefix, uri, synonyms, uris, res.get_pattern())
    curated_keys = {REGISTRY_KEY.get(p) or bioregistry.normalize_prefix(p) for p in PAINKG_PREFIXES}
    for bprefix in sorted(biolink):
        uri = biolink[bprefix]
        if bprefix in claimed_prefixes or uri in claimed_uris or not bprefix:
            continue
        key = bioregistry.normalize_prefix(bprefix)
        if key in curated_keys:
            continue
        res = bioregistry.get_resource(key) if key else None
        same = res is not None and same_resource(uri, key, _example(res))
        synonyms = {*res.get_synonyms(), key or "", res.get_preferred_prefix() or ""} if same else set()
        # no pattern: the Biolink model's local ids may differ from bioregistry's (its PMC: has no "PMC" in them)
        add(bprefix, uri, synonyms, set(), None)
    return sorted(records, key=lambda r: r["prefix"])


def render(records: list[dict[str, Any]]) -> str:
    """The JSON text of the map: one record per line group, keys sorted, newline at the end."""
    return json.dumps(records, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the prefix map, or with ``--check`` say whether the committed one is current."""
    ap = argparse.ArgumentParser(prog="python -m painkg.devtools.prefix_map", description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed map differs from a fresh one")
    ap.add_argument("--out", type=Path, default=None, help="where to write (default: the packaged prefixes.json)")
    args = ap.parse_args(argv)
    text = render(build_records())
    target = args.out or Path(str(resources.files("painkg") / PREFIX_MAP_FILE))
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run python -m painkg.devtools.prefix_map", file=sys.stderr)
            return 1
        print(f"{target} is current")
        return 0
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    print(f"wrote {target} ({len(json.loads(text))} prefixes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
