"""A graph file (graph.ttl, graph.nq, ...) loaded once into pyoxigraph, for fast read-only
queries: rdflib parses a 500,000-triple Turtle file in tens of seconds, pyoxigraph in a few.

The file's triples, whatever named graph a quad format puts them in, land in the default graph
once each (the union `kgraph.graphio.load_graph` gives). Turtle, N-Triples, N-Quads and TriG
are parsed by pyoxigraph itself; RDF/XML and JSON-LD go through `kgraph.graphio.load_graph`
first, which refuses DTDs and remote contexts, and reach pyoxigraph as N-Triples.

With `KGRAPH_CACHE=DIR`, a big file is loaded once into an on-disk store in DIR, keyed by the
file's path, size and modification time, and later commands open that store instead of parsing
the file again. It is off by default: pyoxigraph parses a 400,000-triple Turtle file in about
two seconds, while a heavy query runs about twice as long on the on-disk store as in memory, so
the cache pays only for very large files and light queries.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from kgraph.errors import InputError
from kgraph.stores.base import Store
from kgraph.stores.oxigraph import PyoxigraphBacked, oxigraph_query
from kgraph.stores.result import QueryResult

# Files smaller than this load in well under a second: the on-disk cache would not pay.
CACHE_MIN_BYTES = 8_000_000
_NATIVE = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
}
_CACHE_VERSION = "1"  # bump when the cached layout changes


class GraphFile(PyoxigraphBacked, Store):
    """A read-only store over one RDF file's triples (open it with `open_graph_file`); its
    default graph holds the file's triples."""

    name = "graph file"
    read_only = True

    def __init__(self, store: ox.Store, path: Path):
        self._store = store
        self.path = path

    def query(self, sparql: str, bindings: Mapping[str, Node | str] | None = None) -> QueryResult:
        return oxigraph_query(self._store, sparql, bindings)

    def replace_graph(self, graph_iri, data, fmt="application/n-triples"):
        self._check_writable()

    def remove_graph(self, graph_iri: str) -> None:
        self._check_writable()

    def bulk_load(self, source, fmt, graph_iri=None):
        self._check_writable()

    def _update(self, sparql: str) -> None:
        self._check_writable()

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store = None  # type: ignore[assignment]


def open_graph_file(path: str | Path, *, allow_remote: bool = False) -> GraphFile:
    """Load `path` (read safely: see the module notes) into pyoxigraph, or open its cache."""
    from kgraph.graphio import check_readable

    path = Path(path)
    size = check_readable(path)
    folder = _cache_folder(path, size) if size >= CACHE_MIN_BYTES else None
    if folder is not None and folder.is_dir():
        try:
            return GraphFile(ox.Store.read_only(str(folder)), path)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)  # damaged: build it again
    if folder is not None:
        cached = _build_cache(path, folder, allow_remote)
        if cached is not None:
            return cached
    store = ox.Store()
    _load(store, path, allow_remote)
    return GraphFile(store, path)


def load_into_memory(path: str | Path, *, allow_remote: bool = False) -> ox.Store:
    """A fresh in-memory pyoxigraph store holding the file's triples in its default graph."""
    from kgraph.graphio import check_readable

    path = Path(path)
    check_readable(path)
    store = ox.Store()
    _load(store, path, allow_remote)
    return store


def _load(store: ox.Store, path: Path, allow_remote: bool) -> None:
    fmt = _NATIVE.get(path.suffix.lower())
    if fmt is None:
        # RDF/XML and JSON-LD: rdflib's safe reader, then one N-Quads hand-over.
        from kgraph.graphio import load_graph

        data = load_graph(path, allow_remote=allow_remote).serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        return
    try:
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            quads = ox.parse(path=str(path), format=fmt)
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        else:
            store.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
    except (SyntaxError, ValueError) as err:
        raise InputError(f"{path}: not valid {_NAMES[fmt]} RDF: {_one_line(err)}") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from err
    if len(store) == 0:
        raise InputError(f"{path}: holds no triples; point --graph at a graph kgraph wrote")


_NAMES = {
    ox.RdfFormat.TURTLE: "turtle",
    ox.RdfFormat.N_TRIPLES: "nt",
    ox.RdfFormat.N_QUADS: "nquads",
    ox.RdfFormat.TRIG: "trig",
}


def cache_root() -> Path | None:
    """Where loaded graph files are kept: KGRAPH_CACHE, else None (no cache)."""
    setting = os.environ.get("KGRAPH_CACHE", "")
    if not setting or setting.lower() == "off":
        return None
    return Path(setting).expanduser()


def _cache_folder(path: Path, size: int) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    stat = path.stat()
    where = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]
    return root / "graphs" / f"{where}-{size}-{stat.st_mtime_ns}-v{_CACHE_VERSION}"


def _build_cache(path: Path, folder: Path, allow_remote: bool) -> GraphFile | None:
    """Load the file into a fresh on-disk store beside `folder`, then rename it into place (a
    reader never sees a half-built cache). None when the cache folder is not writable."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    except OSError:
        return None
    try:
        store = ox.Store(str(building))
        _load(store, path, allow_remote)
        store.flush()
        del store
        # Older versions of the same file are now stale.
        for old in folder.parent.glob(folder.name.split("-", 1)[0] + "-*"):
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)
        # An OSError here: another process put its copy there first; use that one.
        with contextlib.suppress(OSError):
            os.replace(building, folder)
        return GraphFile(ox.Store.read_only(str(folder)), path)
    except OSError:
        return None
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


__all__ = [
    "CACHE_MIN_BYTES",
    "GraphFile",
    "cache_root",
    "load_into_memory",
    "open_graph_file",
]
