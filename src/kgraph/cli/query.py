"""`kgraph query` — run SPARQL (text, a .rq file or a bundled query) over a graph file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgraph.cli.app import app
from kgraph.cli.sources import STORE_HELP, require_one
from kgraph.errors import InputError, QueryError
from kgraph.paging import Page, answer, file_answer, page_size
from kgraph.query import RESULT_FORMATS, bundled_query, list_bundled, parse_binding


@app.command("query")
def query_command(
    query: Annotated[
        str | None,
        typer.Argument(help="SPARQL text, or the path of a .rq file.", metavar="QUERY"),
    ] = None,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", "-g", help="RDF file to query (.ttl .nt .nq .trig .jsonld .rdf)."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Run a bundled query by name.")
    ] = None,
    bind: Annotated[
        list[str] | None,
        typer.Option(
            "--bind", "-b", help="name=value: bind ?name to a literal (or <IRI>). Repeatable."
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="table, csv, tsv or json (CONSTRUCT prints Turtle)."),
    ] = "table",
    allow_service: Annotated[
        bool, typer.Option("--allow-service", help="Let SERVICE clauses query other servers.")
    ] = False,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Let a JSON-LD graph fetch its remote @context.")
    ] = False,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the bundled queries and exit.")
    ] = False,
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            help="Rows to return, 0 for all. Default: 100 in a table, all in csv, tsv and json.",
        ),
    ] = None,
    offset: Annotated[
        int, typer.Option("--offset", help="Skip this many rows first (the next page).")
    ] = 0,
) -> None:
    """Run a read-only SPARQL query and print the results."""
    if list_queries:
        for query_name, description in list_bundled().items():
            typer.echo(f"{query_name:16} {description}")
        return
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown --format {fmt!r}; use one of: {', '.join(RESULT_FORMATS)}")
    if (query is None) == (name is None):
        raise QueryError("give either a QUERY (SPARQL text or a .rq file) or --name NAME")
    require_one(graph, store)
    if name is not None:
        bundled = bundled_query(name)
        text = bundled.text
        required = bundled.requires
    else:
        assert query is not None
        text = _query_text(query)
        required = ()
    bindings = dict(parse_binding(item) for item in bind or [])
    missing = [v for v in required if v not in bindings]
    if missing:
        raise QueryError(f"the bundled query {name!r} needs --bind {missing[0]}=VALUE")
    page = Page(page_size(limit, fmt), offset, explicit=limit is not None or offset > 0)
    if store is not None:
        output, note = run_on_store(
            store, text, bindings, fmt, allow_service=allow_service, page=page, view=name
        )
    else:
        output, note = file_answer(
            graph,
            text,
            bindings,
            fmt,
            allow_service=allow_service,
            allow_remote=allow_remote,
            page=page,
        )
    typer.echo(output, nl=False)
    if note:
        typer.echo(note, err=True)


def run_on_store(
    store: str,
    text: str,
    bindings: dict,
    fmt: str,
    *,
    allow_service: bool,
    page: Page | None = None,
    view: str | None = None,
) -> tuple[str, str | None]:
    """Run the query on the store's own engine (oxigraph, a SPARQL server): read-only."""
    from kgraph.query import check_read_only
    from kgraph.stores import open_store

    check_read_only(text, allow_service=allow_service)
    with open_store(store, read_only=True) as opened:
        return answer(opened, text, bindings, fmt, page=page, view=view)


def _query_text(query: str) -> str:
    """QUERY is a file when it ends in .rq or names an existing file, else SPARQL text."""
    if not (_ends_in_rq(query) or _names_a_file(query)):
        return query
    if not _names_a_file(query):
        raise InputError(f"{query}: no such query file")
    try:
        return Path(query).read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{query}: the query file is not UTF-8 text") from err
    except OSError as err:
        raise InputError(f"{query}: cannot read: {err.strerror or err}") from err


def _ends_in_rq(query: str) -> bool:
    return "\n" not in query and query.rstrip().lower().endswith(".rq")


def _names_a_file(query: str) -> bool:
    if "\n" in query or not query.strip():
        return False
    try:
        return Path(query).is_file()
    except (OSError, ValueError):
        # Too long for a file name, or a NUL byte: SPARQL text, never a path.
        return False
