"""`kgraph export` — write a graph in another RDF format or as GraphML for Gephi."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgraph.cli.app import app
from kgraph.cli.sources import STORE_HELP, load_source, require_one
from kgraph.errors import InputError
from kgraph.export import export_graph
from kgraph.graphio import FORMATS, load_dataset

# Output formats that hold one graph (a quad file's named graphs merged), written from the union.
_FROM_UNION = ("ttl", "nt", "graphml")


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (replaced atomically).")],
    graph: Annotated[Path | None, typer.Option("--graph", "-g", help="RDF file to read.")] = None,
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Let a JSON-LD graph fetch its remote @context.")
    ] = False,
) -> None:
    """Export a graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML or GraphML."""
    if fmt not in FORMATS:
        raise InputError(f"unknown --format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if out.is_dir():
        raise InputError(f"{out}: is a folder; --out takes a file name")
    require_one(graph, store)
    if store is not None:
        export_graph(load_source(None, store), out, fmt)
    elif fmt in _FROM_UNION:
        # The union is all these formats hold: pyoxigraph reads and writes it (the file loaded
        # once, or opened from its cache), several times faster than rdflib on a big graph.
        from kgraph.corpus import rdflib_view
        from kgraph.graphio import write_store
        from kgraph.stores.graphfile import open_graph_file

        assert graph is not None
        loaded = open_graph_file(graph, allow_remote=allow_remote)
        if fmt == "graphml":
            export_graph(rdflib_view(loaded.native()), out, fmt)
        else:
            write_store(loaded.native(), out, fmt)
    else:
        assert graph is not None
        export_graph(load_dataset(graph, allow_remote=allow_remote), out, fmt)
    typer.echo(f"wrote {out} ({fmt})")
