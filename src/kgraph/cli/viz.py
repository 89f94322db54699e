"""`kgraph viz` — draw the offline HTML explorer from a graph file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rdflib import Graph

from kgraph.cli.app import app
from kgraph.cli.sources import STORE_HELP, require_one
from kgraph.viz import DEFAULT_MAX_NODES, write_html


@app.command("viz")
def viz_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")],
    graph: Annotated[
        Path | None,
        typer.Option("--graph", "-g", help="RDF file kgraph wrote (.ttl .nt .nq .jsonld ...)."),
    ] = None,
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    max_nodes: Annotated[
        int,
        typer.Option(
            "--max-nodes", min=1, help="Keep at most this many nodes, most central first."
        ),
    ] = DEFAULT_MAX_NODES,
    focus: Annotated[
        str | None,
        typer.Option("--focus", help="Only draw the neighbourhood of this entity (label or IRI)."),
    ] = None,
    hops: Annotated[int, typer.Option("--hops", min=0, help="Radius around --focus.")] = 1,
    classes: Annotated[
        list[str] | None,
        typer.Option("--class", help="Classes ticked when the page opens (repeatable)."),
    ] = None,
    relations: Annotated[
        list[str] | None,
        typer.Option("--relation", help="Relations ticked when the page opens (repeatable)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Date filter start, YYYY-MM-DD.")
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="Date filter end.")] = None,
    size_by: Annotated[
        str, typer.Option("--size-by", help="Node size and ranking: degree or betweenness.")
    ] = "degree",
    title: Annotated[str | None, typer.Option("--title", help="Page title.")] = None,
) -> None:
    """Write a self-contained, offline HTML explorer of a kgraph graph."""
    with _graph_of(graph, store) as rdf:
        page = write_html(
            rdf,
            out,
            title=title or f"kgraph: {graph.name if graph else store}",
            max_nodes=max_nodes,
            focus=focus,
            hops=hops,
            classes=classes,
            relations=relations,
            since=since,
            until=until,
            size_by=size_by,
        )
    left = f", {page.left_out} left out (--max-nodes)" if page.left_out and not focus else ""
    typer.echo(f"wrote {out}: {page.nodes} nodes, {page.edges} edges{left}")


@contextmanager
def _graph_of(graph: Path | None, store: str | None) -> Iterator[Graph]:
    """The graph to draw as rdflib reads it; over pyoxigraph (a graph file loaded once or its
    cache, an oxigraph store's union) the triples are read in place, not copied into rdflib."""
    from kgraph.corpus import rdflib_view

    require_one(graph, store)
    if graph is not None:
        from kgraph.stores.graphfile import open_graph_file

        yield rdflib_view(open_graph_file(graph).native())
        return
    from kgraph.stores import open_store
    from kgraph.stores.oxigraph import OxigraphStore

    with open_store(store, read_only=True) as opened:
        if isinstance(opened, OxigraphStore):
            yield rdflib_view(opened.native())
        else:
            yield opened.union_graph()
