"""Pages of a query's answer: LIMIT and OFFSET added to the query text (or a page read from a
store's kept answer), and the note that tells a reader of a table where the next page starts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from typing import NamedTuple

from kgraph.errors import QueryError
from kgraph.stores.base import Store, mask_literals, query_form

TABLE_PAGE = 100  # rows a table shows unless --limit says otherwise

_OWN_PAGE = re.compile(r"\b(LIMIT|OFFSET)\s+\d+", re.IGNORECASE)


def has_own_page(sparql: str) -> bool:
    """Whether the query already ends with its own LIMIT or OFFSET."""
    masked = mask_literals(sparql)
    return bool(_OWN_PAGE.search(masked[masked.rfind("}") + 1 :]))


def page_size(limit: int | None, fmt: str) -> int | None:
    """Rows to return: --limit when given (0 means all), else one screen for a table and
    everything for csv, tsv and json (scripts expect whole answers)."""
    if limit is not None and limit < 0:
        raise QueryError(f"--limit must be 0 (all rows) or more, not {limit}")
    if limit is None:
        return TABLE_PAGE if fmt == "table" else None
    return limit or None


def paged(sparql: str, limit: int | None, offset: int, explicit: bool) -> tuple[str, bool]:
    """The query with LIMIT/OFFSET appended, and whether they were. A SELECT with its own LIMIT
    or OFFSET is left as it is, unless the caller asked for a page explicitly (an error)."""
    if offset < 0:
        raise QueryError(f"--offset must be 0 or more, not {offset}")
    try:
        form = query_form(sparql)
    except QueryError:
        return sparql, False  # not a query at all: the engine's checks give the right message
    if form != "select" or (limit is None and not offset):
        return sparql, False
    if has_own_page(sparql):
        if explicit:
            raise QueryError(
                "the query has its own LIMIT/OFFSET; drop --limit/--offset or edit the query"
            )
        return sparql, False
    tail = f"\nLIMIT {limit}" if limit is not None else ""
    return sparql.rstrip() + tail + (f"\nOFFSET {offset}" if offset else "") + "\n", True


def page_note(offset: int, shown: int, more: bool, total: int | None = None) -> str | None:
    """'rows 101-200 of 36,789; next page: --offset 200' — None when the table shows it all."""
    if not more and not offset:
        return None
    if not shown:
        span = f"no rows at offset {offset:,}"
    elif shown == 1:
        span = f"row {offset + 1:,}"
    else:
        span = f"rows {offset + 1:,}-{offset + shown:,}"
    of = f" of {total:,}" if total is not None else ""
    nxt = f"; next page: --offset {offset + shown}" if more else ""
    return f"{span}{of}{nxt}; --limit 0 shows all"


class Page(NamedTuple):
    size: int | None  # rows wanted; None for all
    offset: int
    explicit: bool  # asked for with --limit/--offset

    def query(self, text: str, fmt: str) -> tuple[str, bool]:
        """The text to run, and whether the table must be cut to size (one row more is
        fetched, to know whether another page follows)."""
        if fmt == "table" and self.size is not None:
            return paged(text, self.size + 1, self.offset, self.explicit)
        return paged(text, self.size, self.offset, self.explicit)[0], False


def _table(
    variables: list[str], rows: Iterable, page: Page, cut: bool, total: int | None = None
) -> tuple[str, str | None]:
    from kgraph.query import format_table

    shown = list(islice(rows, page.size + 1)) if cut and page.size is not None else list(rows)
    more = cut and page.size is not None and len(shown) > page.size
    shown = shown[: page.size] if cut else shown
    if total is not None:
        more = page.offset + len(shown) < total
    note = page_note(page.offset, len(shown), more, total) if cut or total is not None else None
    return format_table(variables, shown), note


def graph_answer(
    graph, text: str, bindings: dict, fmt: str, *, allow_service: bool, page: Page
) -> tuple[str, str | None]:
    """The query's answer over an rdflib graph, in `fmt`, and the note for the reader."""
    from kgraph.query import run_query

    sparql, cut = page.query(text, fmt)
    result = run_query(graph, sparql, bindings, allow_service=allow_service)
    if fmt == "table" and result.kind == "SELECT":
        return _table(result.variables, iter(result.rows), page, cut)
    return result.serialize(fmt), None


def file_answer(
    path,
    text: str,
    bindings: dict,
    fmt: str,
    *,
    allow_service: bool = False,
    allow_remote: bool = False,
    page: Page | None = None,
) -> tuple[str, str | None]:
    """The query's answer over an RDF file, run by pyoxigraph (the file loaded once, or opened
    from its cache: see kgraph.stores.graphfile), in today's formats; rdflib answers only what
    pyoxigraph cannot run (a SERVICE clause the caller allowed, rdflib's own extensions)."""
    from kgraph.query import check_bindings, check_read_only, uses_service
    from kgraph.stores.graphfile import open_graph_file

    page = page or Page(None, 0, explicit=False)
    check_read_only(text, allow_service=allow_service)
    check_bindings(text, bindings)
    if not (allow_service and uses_service(text)):
        graph = open_graph_file(path, allow_remote=allow_remote)
        sparql, cut = page.query(text, fmt)
        try:
            result = graph.query(sparql, bindings)
        except QueryError:
            result = None  # rdflib accepted the query (checked above) but pyoxigraph did not
        finally:
            graph.close()
        if result is not None:
            return _file_text(result, fmt, page, cut)
    from kgraph.graphio import load_graph

    graph = load_graph(path, allow_remote=allow_remote)
    return graph_answer(graph, text, bindings, fmt, allow_service=allow_service, page=page)


def _file_text(result, fmt: str, page: Page, cut: bool) -> tuple[str, str | None]:
    """A pyoxigraph answer written the way `graph_answer` writes rdflib's."""
    from kgraph.graphio import to_turtle
    from kgraph.query import tsv_text

    if result.kind == "graph":
        return to_turtle(result.graph()), None
    if result.kind == "ask":
        if fmt == "json":
            return result.serialize("json").decode("utf-8"), None
        return ("true\n" if bool(result) else "false\n"), None
    if fmt == "table":
        return _table(result.variables, result.rows(), page, cut)
    if fmt == "tsv":
        return tsv_text(result.variables, list(result.rows())), None
    return result.serialize(fmt).decode("utf-8"), None


def answer(
    store: Store,
    text: str,
    bindings: dict,
    fmt: str,
    *,
    page: Page | None = None,
    view: str | None = None,
) -> tuple[str, str | None]:
    """The query's answer in `fmt` and the note for the reader. The bundled query `view` is
    read from the store's kept answer when that is fresh (see kgraph.views)."""
    from kgraph.stores.oxigraph import OxigraphStore
    from kgraph.views import read_entity_view, read_view

    page = page or Page(None, 0, explicit=False)
    kept = None
    if view is not None and isinstance(store, OxigraphStore):
        if not bindings:
            kept = read_view(store.path, view, text, page.offset, page.size)
        elif set(bindings) == {"entity"}:
            kept = read_entity_view(store, view, text, bindings["entity"], page.offset, page.size)
    if kept is not None:
        result, total = kept
        if fmt == "table":
            return _table(result.variables, result.rows(), page, True, total)
        return result.serialize(fmt).decode("utf-8"), None
    sparql, cut = page.query(text, fmt)
    result = store.query(sparql, bindings)
    if result.kind == "graph":
        return result.serialize("ttl").decode("utf-8"), None
    if fmt == "table":
        if result.kind == "ask":
            return ("true\n" if bool(result) else "false\n"), None
        return _table(result.variables, result.rows(), page, cut)
    return result.serialize(fmt).decode("utf-8"), None
