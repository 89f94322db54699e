"""`kgraph serve`: a SPARQL 1.1 Protocol endpoint over a store."""

from __future__ import annotations

import typer

from kgraph.cli.app import app


@app.command()
def serve(
    store: str = typer.Option(
        ...,
        "--store",
        "-s",
        help="Store to serve: an oxigraph folder, an RDF file (loaded into memory), "
        "'memory', or sparql+http://host:port/path.",
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(7878, "--port", "-p", min=0, max=65535, help="TCP port."),
    enable_update: bool = typer.Option(
        False, "--enable-update", help="Accept SPARQL Update (refused with 403 otherwise)."
    ),
    cors: str = typer.Option(
        None, "--cors", help="Send CORS headers allowing this origin (e.g. http://localhost:3000)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not log each request."),
) -> None:
    """Answer SPARQL queries over HTTP (GET/POST /sparql), with a query page at /."""
    from kgraph.serve import make_server
    from kgraph.stores import open_store

    handle = open_store(store, read_only=not enable_update)
    try:
        server = make_server(
            handle, host, port, enable_update=enable_update, cors=cors, quiet=quiet
        )
    except BaseException:
        handle.close()
        raise
    mode = "read-write" if enable_update else "read-only"
    typer.echo(
        f"kgraph: serving {handle.name} store {store} ({len(handle)} quads, {mode}) at "
        f"http://{host}:{server.server_port}/sparql — Ctrl-C to stop",
        err=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        handle.close()
