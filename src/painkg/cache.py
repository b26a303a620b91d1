"""The cached build that reading commands use: built once per content of ``data/`` and ``ontology/``.

``painkg query``, ``sparql``, ``stats``, ``viz``, ``report``, ``export`` and :func:`painkg.load` do not re-read
the TSVs and rebuild the graph on every call: they read one cache file holding the build's sorted N-Triples
(the bytes of ``build/painkg.nt``), its dataset, warnings, statistics, SHACL result and entity-name index,
and load the N-Triples into Oxigraph (~10k triples in a few milliseconds).

**Key.** A SHA-256 over the *contents* of every file in the data and ontology folders (names included), the
painkg version, the source of the painkg package itself (every ``.py``, ``.rq``, ``.ttl`` and ``.json`` (the prefix map) under
``painkg/``: the code that shapes the graph) and the versions of rdflib, pyoxigraph and pyshacl. Any edit,
upgrade or different folder gives another key, so a stale entry is never read: an edit is picked up on the
very next call (the key is computed on every call; hashing the ~0.5 MB costs a few milliseconds). No file
times are trusted.

**Validated.** An entry written by ``painkg build`` or ``painkg validate`` (or by ``painkg.load()``, whose
``run_shacl`` defaults to true) records the SHACL and QC outcome; an entry written by a reading command after
an edit is built without SHACL, as reading commands always were, and is marked unvalidated. A caller that
asks for a validated build gets the SHACL check run once on an unvalidated entry, which is then replaced.

**Integrity.** Each file is ``MAGIC`` + the SHA-256 of its payload + the payload (a pickle). A truncated,
corrupt or unreadable file, or one of another format version, is rebuilt with a notice on standard error.
Entries are written to a unique temporary file beside the target and moved into place with ``os.replace``
(atomic on one filesystem), so concurrent builds cannot corrupt an entry: the last writer wins, and every
writer writes the same content. Only the newest :data:`KEEP` entries are kept.

**Where.** ``$PAINKG_CACHE_DIR`` when set; else ``build/.cache/`` in a source checkout (beside the build
outputs, ignored by git); else the user cache folder (``$XDG_CACHE_HOME/painkg``, default
``~/.cache/painkg``) for an installed, possibly read-only, package. When no folder is writable painkg
builds in memory and says so once. The payload is a Python pickle: only entries painkg wrote in that
folder are read, so the folder must not be writable by others (as for any cache of a Python tool).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from painkg.paths import data_dir, ontology_dir, package_root

__all__ = [
    "CACHE_ENV",
    "KEEP",
    "MAGIC",
    "CacheEntry",
    "cache_dir",
    "cached_build",
    "entry_path",
    "source_key",
    "store_build",
]

#: Environment variable naming the cache folder.
CACHE_ENV = "PAINKG_CACHE_DIR"
#: First bytes of every cache file; the digit is the format version (another version is rebuilt).
MAGIC = b"PAINKGC1"
#: Entries kept; older ones (by modification time) are removed when a new one is written.
KEEP = 8
_SUFFIX = ".build"
_HERE = Path(__file__).resolve().parent
_DEPENDENCIES = ("painkg", "rdflib", "pyoxigraph", "pyshacl", "pyshacl-turbo")

Notice = Callable[[str], None]


def _stderr(msg: str) -> None:
    print(f"painkg: {msg}", file=sys.stderr)


def cache_dir() -> Path | None:
    """The cache folder (created), or None when no candidate is writable."""
    env = os.environ.get(CACHE_ENV)
    candidates: list[Path] = []
    if env:
        candidates.append(Path(env))
    else:
        root = package_root()
        if (root / "pyproject.toml").is_file():  # a source checkout: beside the build outputs
            candidates.append(root / "build" / ".cache")
        xdg = os.environ.get("XDG_CACHE_HOME")
        candidates.append((Path(xdg) if xdg else Path.home() / ".cache") / "painkg")
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


def _hash_tree(h: hashlib._Hash, root: Path, suffixes: tuple[str, ...] | None = None) -> None:
    """Feed every non-hidden file under ``root`` (relative name, size, bytes) into ``h``, in sorted order."""
    h.update(b"\0tree\0")
    if not root.is_dir():
        h.update(b"missing")
        return
    files = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if suffixes is not None and path.suffix not in suffixes:
            continue
        if path.is_file():
            files.append((rel.as_posix(), path))
    for rel, path in sorted(files):
        content = path.read_bytes()
        h.update(rel.encode("utf-8") + b"\0" + str(len(content)).encode() + b"\0")
        h.update(content)


@cache
def _code_digest() -> str:
    """Digest of painkg's source (``__version__`` included) and of the versions of the libraries shaping the build.

    Computed once per process.
    """
    h = hashlib.sha256(f"python {sys.version_info[:2]}\0".encode())
    for dist in _DEPENDENCIES:
        try:
            h.update(f"{dist} {metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist} absent\0".encode())
    _hash_tree(h, _HERE, (".py", ".rq", ".ttl", ".json"))  # .json: the prefix map (prefixes.json)
    return h.hexdigest()


def source_key(data: Path | None = None, ontology: Path | None = None) -> str:
    """The cache key of a build of ``data`` with ``ontology``: SHA-256 of their contents and of the code."""
    h = hashlib.sha256(MAGIC + _code_digest().encode())
    _hash_tree(h, Path(data) if data else data_dir())
    _hash_tree(h, Path(ontology) if ontology else ontology_dir())
    return h.hexdigest()


def entry_path(key: str, folder: Path | None = None) -> Path | None:
    """Where the entry of ``key`` lives (None without a cache folder)."""
    folder = folder if folder is not None else cache_dir()
    return None if folder is None else folder / f"{key[:40]}{_SUFFIX}"


@dataclass
class CacheEntry:
    """What one cache file holds (pickled)."""

    key: str
    ntriples: str
    dataset: object
    problems: list
    shacl: object | None  # painkg.graph.ShaclResult, None when the entry was built without SHACL
    stats: dict
    names: tuple[list[str], list[tuple]]  # the entity index (entities.rq): columns and rows
    data_dir: str


class CorruptCacheError(Exception):
    """A cache file is truncated, altered or of another format."""


def _read(path: Path, key: str) -> CacheEntry:
    raw = path.read_bytes()
    if len(raw) < len(MAGIC) + 32 or not raw.startswith(MAGIC):
        raise CorruptCacheError("not a painkg cache file of this format")
    digest, payload = raw[len(MAGIC) : len(MAGIC) + 32], raw[len(MAGIC) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        raise CorruptCacheError("checksum mismatch (truncated or altered)")
    try:
        entry = pickle.loads(payload)
    except Exception as exc:  # any unpickling failure means the entry is unusable
        raise CorruptCacheError(f"cannot be read back ({type(exc).__name__})") from exc
    if not isinstance(entry, CacheEntry) or entry.key != key:
        raise CorruptCacheError("holds another build")
    return entry


def _write(path: Path, entry: CacheEntry) -> None:
    payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _prune(path.parent, keep=path)


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the newest KEEP entries, and temporary files older than an hour (crashed writers)."""
    now = time.time()
    try:
        entries = sorted(folder.glob(f"*{_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            if old != keep:
                old.unlink(missing_ok=True)
        for tmp in folder.glob(f".*{_SUFFIX}.*.tmp"):
            if now - tmp.stat().st_mtime > 3600:
                tmp.unlink(missing_ok=True)
    except OSError:  # another process pruned at the same time
        pass


def _entity_index(ntriples: str) -> tuple[list[str], list[tuple]]:
    """The entity index (the ``entities`` named query) of the graph, computed once per entry on Oxigraph."""
    from painkg.queries import get_query
    from painkg.store import OxigraphStore

    store = OxigraphStore()
    store.load_bytes(ntriples.encode("utf-8"), "nt", lenient=True)
    res = store.query(get_query("entities").sparql)
    return res.columns, res.rows


def _entry_of(build, key: str) -> CacheEntry:
    from painkg.pipeline import stats

    base = stats(build)
    return CacheEntry(
        key=key,
        ntriples=build.ntriples,
        dataset=build.dataset,
        problems=list(build.problems),
        shacl=build.shacl,
        stats=base,
        names=_entity_index(build.ntriples),
        data_dir=str(build.data_dir),
    )


def _build_of(entry: CacheEntry):
    from painkg.pipeline import Build

    b = Build(
        entry.dataset,  # type: ignore[arg-type]
        None,
        None,
        Path(entry.data_dir),
        entry.problems,
        entry.shacl,  # type: ignore[arg-type]
        ntriples=entry.ntriples,
        cached_stats=entry.stats,
    )
    b.name_index = entry.names
    return b


def store_build(build, data: Path | None = None, ontology: Path | None = None, *, key: str | None = None) -> None:
    """Write ``build`` (a :class:`painkg.pipeline.Build` of ``data`` and ``ontology``) as the cache entry.

    Called by ``painkg build``/``validate`` after a successful build so that reading commands start at once.
    Does nothing when no cache folder is writable.
    """
    key = key or source_key(data, ontology)
    path = entry_path(key)
    if path is None:
        return
    _keep(build, key, path, _stderr)


def _keep(build, key: str, path: Path, say: Callable[[str], None]) -> None:
    """Write ``build`` as the entry ``key`` at ``path`` and give it the entry's name index; a write error is a notice."""
    entry = _entry_of(build, key)
    build.name_index = entry.names
    try:
        _write(path, entry)
    except OSError as exc:
        say(f"could not write the build cache {path}: {exc}")


def cached_build(
    data: Path | None = None,
    ontology: Path | None = None,
    *,
    validated: bool = False,
    notice: Notice | None = None,
):
    """The build of ``data`` (default: the packaged data) from the cache, building and caching it on a miss.

    ``validated`` asks for a build whose SHACL shapes and QC queries were checked (run once, then cached).
    Raises :class:`painkg.pipeline.InvalidDataError` exactly as :func:`painkg.pipeline.build` does.
    The returned build has ``name_index`` (the entity index rows) besides the usual attributes.
    """
    from painkg.pipeline import build

    say = notice or _stderr
    ddir = Path(data) if data else data_dir()
    odir = Path(ontology) if ontology else ontology_dir()
    key = source_key(ddir, odir)
    path = entry_path(key)
    if path is None:
        if not getattr(cached_build, "_warned", False):
            say(f"no writable cache folder (set {CACHE_ENV}); building in memory on every call")
            cached_build._warned = True  # type: ignore[attr-defined]
        b = build(ddir, odir, run_shacl=validated)
        return b
    entry = None
    if path.exists():
        try:
            entry = _read(path, key)
        except (CorruptCacheError, OSError) as exc:
            say(f"the build cache {path} is unusable ({exc}); rebuilding it")
    if entry is not None and (entry.shacl is not None or not validated):
        return _build_of(entry)
    b = build(ddir, odir, run_shacl=validated)
    _keep(b, key, path, say)
    return b
