"""The embedded store for corpora: pyoxigraph on disk, used natively for load, query and dump."""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import rdflib
from filelock import FileLock, Timeout
from rdflib.term import Node

from kgraph.atomic import atomic_open
from kgraph.errors import QueryError, StoreError
from kgraph.stores.base import KG, PREFIXES, Store, bind_terms, check_iri, query_form
from kgraph.stores.formats import RdfFormat, oxigraph_format, rdf_format, rdf_format_for_path
from kgraph.stores.result import OxigraphResult, QueryResult, to_oxigraph

LOCK_NAME = "kgraph.lock"
_UNION_DISTINCT = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


class OxigraphStore(Store):
    """A pyoxigraph Store in a folder, guarded by a lock file against a second writer.

    The lock is taken for read-only opens too: oxigraph documents a reader beside a writer in
    another process as undefined behaviour. Queries see the union of all graphs.
    """

    name = "oxigraph"

    def __init__(self, path: str | Path, read_only: bool = False, lock_timeout: float = 10.0):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.is_dir():
            raise StoreError(f"no oxigraph store at {self.path}; build one first (--store PATH)")
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not an oxigraph store folder")
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(self.path / LOCK_NAME), timeout=lock_timeout)
        try:
            self._lock.acquire()
        except Timeout as err:
            raise StoreError(
                f"store {self.path} is in use by another kgraph process (waited {lock_timeout:g} s"
                f" for {self._lock.lock_file}); wait for it to finish or stop it"
            ) from err
        try:
            where = str(self.path)
            self._store = ox.Store.read_only(where) if read_only else ox.Store(where)
        except OSError as err:
            self._lock.release()
            raise StoreError(f"cannot open oxigraph store {self.path}: {err}") from err
        self._closed = False

    # --- writing -----------------------------------------------------------------------
    def replace_graph(self, graph_iri: str, data: bytes | str, fmt: str = "application/n-triples"):
        self._check_writable()
        iri = check_iri(graph_iri)
        fmt_ = rdf_format(fmt)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        try:
            triples = list(ox.parse(payload, format=oxigraph_format(fmt_)))
        except (SyntaxError, ValueError) as err:
            raise StoreError(f"cannot parse {fmt_.name} data for {iri}: {err}") from err
        body = b""
        if triples:
            if isinstance(triples[0], ox.Quad):
                triples = [q.triple for q in triples]
            # Re-serialised by oxigraph, so the text is canonical N-Triples: nothing in it can
            # close the INSERT DATA block early.
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        # One update is one transaction: readers see the old graph or the new one.
        update = f"DROP SILENT GRAPH <{iri}>"
        if body:
            update += f" ; INSERT DATA {{ GRAPH <{iri}> {{\n{body.decode('utf-8')}\n}} }}"
        self._run_update(update)

    def remove_graph(self, graph_iri: str) -> None:
        self._check_writable()
        self._run_update(f"DROP SILENT GRAPH <{check_iri(graph_iri)}>")

    def bulk_load(self, source: str | Path | IO[bytes], fmt: str, graph_iri: str | None = None):
        self._check_writable()
        fmt_ = rdf_format(fmt)
        if not fmt_.quads and graph_iri is None:
            raise StoreError(f"{fmt_.name} holds triples only; pass graph_iri= to say where")
        to_graph = ox.NamedNode(check_iri(graph_iri)) if graph_iri else None
        oxfmt = oxigraph_format(fmt_)
        try:
            if isinstance(source, str | Path) and str(source).endswith(".gz"):
                with gzip.open(source, "rb") as stream:
                    self._store.bulk_load(stream, format=oxfmt, to_graph=to_graph)
            elif isinstance(source, str | Path):
                self._store.bulk_load(path=str(source), format=oxfmt, to_graph=to_graph)
            else:
                self._store.bulk_load(source, format=oxfmt, to_graph=to_graph)
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(f"cannot bulk-load {source} as {fmt_.name}: {err}") from err
        self._store.flush()

    def _update(self, sparql: str) -> None:
        self._run_update(sparql)

    def _run_update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as err:
            raise QueryError(f"SPARQL update is malformed: {err}") from err
        except OSError as err:
            raise StoreError(f"cannot write to oxigraph store {self.path}: {err}") from err

    # --- reading -----------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Node | str] | None = None) -> QueryResult:
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        if subs and query_form(sparql) == "select":
            # oxigraph substitutes only projected variables; bind the rest in the text.
            sparql, subs = bind_terms(sparql, bindings or {}), {}
        try:
            result = self._store.query(
                sparql,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions=subs or None,
            )
        except SyntaxError as err:
            raise QueryError(f"SPARQL query is malformed: {err}") from err
        except OSError as err:
            raise StoreError(f"cannot read oxigraph store {self.path}: {err}") from err
        return OxigraphResult(result)

    def has_graph(self, graph_iri: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(check_iri(graph_iri)))

    def graph_hash(self, graph_iri: str) -> str | None:
        graph = ox.NamedNode(check_iri(graph_iri))
        has_hash = ox.NamedNode(KG + "contentHash")
        for quad in self._store.quads_for_pattern(None, has_hash, None, graph):
            return quad.object.value
        return None

    def graphs(self) -> list[str]:
        from kgraph.stores.base import GRAPH_BASE

        names = (g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))
        return sorted(n for n in names if n.startswith(GRAPH_BASE))

    def dump(self, path: str | Path, fmt: str | None = None) -> None:
        dump_oxigraph(self._store, path, rdf_format(fmt) if fmt else rdf_format_for_path(str(path)))

    def union_graph(self) -> rdflib.Graph:
        return union_of(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self.read_only:
            self._store.flush()
        del self._store
        self._lock.release()


def dump_oxigraph(store: ox.Store, path: str | Path, fmt: RdfFormat) -> None:
    """Write a pyoxigraph store natively: quads as they are, triples as the distinct union."""
    oxfmt = oxigraph_format(fmt)
    try:
        with atomic_open(path, "wb", encoding=None) as out:
            if fmt.quads:
                store.dump(out, format=oxfmt, prefixes=_prefixes(fmt.name))
            elif fmt.name == "nt":
                _union(store).serialize(out, format=oxfmt)
            else:
                ox.serialize(_union(store), out, format=oxfmt, prefixes=_prefixes(fmt.name))
    except (OSError, ValueError) as err:
        raise StoreError(f"cannot export the store to {path}: {err}") from err


def union_of(store: ox.Store) -> rdflib.Graph:
    """The distinct union of a pyoxigraph store's graphs as an rdflib Graph."""
    graph = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    # One N-Triples hand-over is much faster than converting terms one by one in Python.
    graph.parse(data=_union(store).serialize(format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def _union(store: ox.Store):
    return store.query(_UNION_DISTINCT, use_default_graph_as_union=True)


def _prefixes(fmt_name: str) -> dict[str, str] | None:
    return PREFIXES if fmt_name in ("ttl", "trig") else None
