"""Where a command reads its graph from: a file (`--graph`) or a store (`--store`)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kgraph.errors import InputError

STORE_HELP = "Read from a store instead: a folder (oxigraph), memory, or sparql+http(s)://..."


def require_one(graph: Path | None, store: str | None) -> None:
    if (graph is None) == (store is None):
        raise InputError("give exactly one of --graph FILE or --store STORE")


def load_source(graph: Path | None, store: str | None, *, allow_remote: bool = False) -> Graph:
    """The whole graph as rdflib, from a file or from a store's union of articles."""
    require_one(graph, store)
    if store is not None:
        from kgraph.stores import open_store

        with open_store(store, read_only=True) as opened:
            return opened.union_graph()
    from kgraph.graphio import load_graph

    assert graph is not None
    return load_graph(graph, allow_remote=allow_remote)
