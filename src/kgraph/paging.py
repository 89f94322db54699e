"""Pages of a SELECT answer: LIMIT and OFFSET added to the query text, and the note that tells
a reader of a table where the next page starts."""

from __future__ import annotations

import re

from kgraph.errors import QueryError
from kgraph.stores.base import mask_literals, query_form

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
