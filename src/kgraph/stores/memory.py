"""The zero-set-up store: an rdflib Dataset in this process."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import rdflib
from rdflib.term import Node, URIRef

from kgraph.atomic import atomic_open
from kgraph.errors import QueryError, StoreError
from kgraph.stores.base import PREFIXES, Store, check_iri, refuse_remote
from kgraph.stores.formats import rdf_format, rdf_format_for_path
from kgraph.stores.result import QueryResult, RdflibResult


class MemoryStore(Store):
    """rdflib Dataset with the default graph as the union of the named graphs.

    rdflib is not safe for concurrent writers, and its SPARQL engine mutates shared state
    while it evaluates, so every call takes one lock: correct under the threaded endpoint,
    not fast. Use oxigraph for anything large.
    """

    name = "memory"

    def __init__(self, source: str | Path | None = None, read_only: bool = False):
        self._ds = rdflib.Dataset(default_union=True)
        for prefix, ns in PREFIXES.items():
            self._ds.bind(prefix, ns)
        self._lock = threading.RLock()
        self.read_only = False
        if source is not None:
            self._load_file(Path(source))
        self.read_only = read_only

    def _load_file(self, path: Path) -> None:
        fmt = rdf_format_for_path(str(path))
        if fmt.quads:
            self.bulk_load(path, fmt.name)
        else:
            # A single-graph file (graph.ttl) has no article graphs; keep it as one graph.
            self.bulk_load(path, fmt.name, graph_iri=path.resolve().as_uri())

    def replace_graph(self, graph_iri: str, data: bytes | str, fmt: str = "application/n-triples"):
        self._check_writable()
        fmt_ = rdf_format(fmt)
        fresh = rdflib.Graph()
        try:
            fresh.parse(data=data, format=fmt_.rdflib)
        except Exception as err:
            raise StoreError(f"cannot parse {fmt_.name} data for {graph_iri}: {err}") from err
        with self._lock:
            # Parse first, swap second: a bad payload leaves the old graph untouched.
            self._ds.remove_graph(URIRef(check_iri(graph_iri)))
            target = self._ds.graph(URIRef(graph_iri))
            for triple in fresh:
                target.add(triple)

    def remove_graph(self, graph_iri: str) -> None:
        self._check_writable()
        with self._lock:
            self._ds.remove_graph(URIRef(check_iri(graph_iri)))

    def bulk_load(self, source: str | Path | IO[bytes], fmt: str, graph_iri: str | None = None):
        self._check_writable()
        fmt_ = rdf_format(fmt)
        if not fmt_.quads and graph_iri is None:
            raise StoreError(f"{fmt_.name} holds triples only; pass graph_iri= to say where")
        kwargs = {"source": str(source)} if isinstance(source, str | Path) else {"file": source}
        try:
            with self._lock:
                if fmt_.quads:
                    self._ds.parse(format=fmt_.rdflib, **kwargs)
                else:
                    self._ds.graph(URIRef(check_iri(graph_iri))).parse(format=fmt_.rdflib, **kwargs)
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(f"cannot load {source}: {err}") from err

    def _update(self, sparql: str) -> None:
        with self._lock:
            try:
                self._ds.update(sparql)
            except Exception as err:
                raise QueryError(f"SPARQL update failed: {err}") from err

    def query(self, sparql: str, bindings: Mapping[str, Node | str] | None = None) -> QueryResult:
        refuse_remote(sparql)
        init = {k: _term(v) for k, v in (bindings or {}).items()}
        with self._lock:
            try:
                result = self._ds.query(sparql, initBindings=init, initNs=PREFIXES)
                # Evaluate now, under the lock; rdflib results are lazy.
                if result.type == "SELECT":
                    result.bindings = list(result.bindings)
            except Exception as err:
                raise QueryError(f"SPARQL query failed: {err}") from err
        return RdflibResult(result)

    def dump(self, path: str | Path, fmt: str | None = None) -> None:
        fmt_ = rdf_format(fmt) if fmt else rdf_format_for_path(str(path))
        with self._lock:
            source = self._ds if fmt_.quads else self.union_graph()
            with atomic_open(path, "wb", encoding=None) as out:
                source.serialize(out, format=fmt_.rdflib)

    def union_graph(self) -> rdflib.Graph:
        union = rdflib.Graph()
        for prefix, ns in PREFIXES.items():
            union.bind(prefix, ns)
        with self._lock:
            for triple in self._ds.triples((None, None, None)):
                union.add(triple)
        return union

    def __len__(self) -> int:
        with self._lock:
            return sum(len(g) for g in self._ds.graphs())


def _term(value: Node | str) -> Node:
    return rdflib.Literal(value) if type(value) is str else value
