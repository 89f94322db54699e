"""Stores: one small interface over rdflib (memory), pyoxigraph (on disk) and SPARQL servers.

with open_store("output/store") as store:        # oxigraph folder (created if absent)
    store.replace_graph(graph_iri(doc_id), ntriples)
    for row in store.query("SELECT ?s WHERE { ?s a kg:Country }").rows(): ...
"""

from __future__ import annotations

from pathlib import Path

from kgraph.errors import StoreError
from kgraph.stores.base import GRAPH_BASE, PREFIXES, Store, graph_iri
from kgraph.stores.result import QueryResult

__all__ = ["GRAPH_BASE", "PREFIXES", "QueryResult", "Store", "graph_iri", "open_store"]

_RDF_FILE_SUFFIXES = {".ttl", ".nt", ".nq", ".trig", ".gz", ".rdf", ".owl", ".xml", ".jsonld"}


def open_store(
    spec: str | Path | None = None, *, read_only: bool = False, lock_timeout: float = 10.0
) -> Store:
    """Open a store by name or URL.

    - None or "memory": an empty in-process rdflib store;
    - an existing RDF file (graph.ttl, dump.nq, ...): an in-process store loaded from it;
    - "oxigraph:PATH" or any other path: a pyoxigraph store in that folder (created if absent
      unless read_only), locked against a second writer for `lock_timeout` seconds;
    - "sparql+http://host:port/sparql[?gsp=/graph-store-path]" (or sparql+https): a server.
    """
    if spec is None or str(spec) == "memory":
        from kgraph.stores.memory import MemoryStore

        return MemoryStore(read_only=read_only)
    text = str(spec)
    if text.startswith(("sparql+http://", "sparql+https://")):
        from kgraph.stores.sparql_http import SparqlHttpStore

        return SparqlHttpStore(text, read_only=read_only)
    if text.startswith(("http://", "https://")):
        raise StoreError(f"store URL {text!r} needs the sparql+ prefix: sparql+{text}")
    if text.startswith("oxigraph:"):
        text = text.removeprefix("oxigraph:")
    elif text.startswith("memory:"):
        raise StoreError("use 'memory' alone, or the path of an RDF file to load into memory")
    path = Path(text).expanduser()
    if path.is_file():
        if path.suffix.lower() not in _RDF_FILE_SUFFIXES:
            raise StoreError(f"{path} is neither an oxigraph store folder nor an RDF file")
        from kgraph.stores.memory import MemoryStore

        return MemoryStore(path, read_only=read_only)
    from kgraph.stores.oxigraph import OxigraphStore

    return OxigraphStore(path, read_only=read_only, lock_timeout=lock_timeout)
