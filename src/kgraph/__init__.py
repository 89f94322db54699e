"""kgraph: news articles to an OWL-typed, provenance-tracked RDF knowledge graph.

The public API, for notebooks and scripts (the CLI calls the same functions):

    graph = kgraph.build(["articles/"])          # rdflib.Graph of everything extracted
    graph = kgraph.load("output/graph.ttl")      # read a graph kgraph (or anyone) wrote
    rows = kgraph.query(graph, "SELECT ...")     # read-only SPARQL; or a bundled query name
    kgraph.show(graph)                           # the interactive explorer, inline in Jupyter
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from rdflib import Graph

    from kgraph.query import QueryResult


def build(inputs: Sequence[str | Path], *, model: str | None = None) -> Graph:
    """Read and extract every article named by `inputs`; return the union graph."""
    from kgraph.pipeline import build_graph

    return build_graph(inputs, model=model)


def load(path: str | Path) -> Graph:
    """Load an RDF file safely (no entity expansion, no remote contexts) into an rdflib Graph
    backed by pyoxigraph; a quad file's named graphs are merged into one graph."""
    from kgraph.corpus import rdflib_view
    from kgraph.stores.graphfile import load_into_memory

    return rdflib_view(load_into_memory(path))


# The submodule kgraph.query must be loaded before the function below is defined: Python sets a
# package attribute when a submodule is first imported, which would otherwise replace
# `kgraph.query` the function with the module the first time it runs.
import kgraph.query as _query_module  # noqa: E402, F401


def query(graph: Graph, sparql_or_name: str, bindings: dict[str, str] | None = None) -> QueryResult:
    """Run read-only SPARQL, or a bundled query by name (see `kgraph query --list`)."""
    from kgraph.query import list_bundled, run_bundled, run_query

    if sparql_or_name in list_bundled():
        return run_bundled(graph, sparql_or_name, bindings)
    return run_query(graph, sparql_or_name, bindings)


def show(graph: Graph, **options: Any):
    """The interactive HTML explorer as an inline Jupyter display object."""
    from kgraph.viz import show as show_html

    return show_html(graph, **options)


__all__ = ["build", "load", "query", "show", "__version__"]
