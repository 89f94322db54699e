"""Answers of the bundled queries, computed once after a store changes and kept beside it.

A corpus store of a million triples takes seconds to answer a bundled query (each touches
tens of thousands of statements, and sorting them needs a label lookup for every row), while an
analyst paging through `kgraph query --name claims` expects the first screen at once. So after
`kgraph build --store` loads articles, every bundled query is run once and its sorted rows are
written to `<store>/kgraph-views/<name>.jsonl`; a page is then read from that file. A query
that takes ?entity (relations-of) is run once for every node at the same time, without its
`# entity:` block, and kept with `<name>.index.json`: where each node's rows start. Every write
to the store deletes the views first (the store's lock keeps other processes out meanwhile),
so a view is never older than the store: without one, the query runs live. A view also
records the query text it answers, so a changed query is never served from an old answer.

File layout: line 1 is a JSON header {"variables": [...], "rows": N}; each further line is one
row, a JSON list with one cell per variable: null, ["u", iri], ["b", id] or
["l", text, language or null, datatype or null].
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Where views live, and forgetting them on every write, belong to the store's own layout: the
# store module defines them and this module builds on it (never the other way round).
from kgraph.stores.oxigraph import VIEWS_FOLDER, drop_views, views_dir
from kgraph.stores.oxigraph import VIEWS_FRESH as _FRESH

if TYPE_CHECKING:
    from rdflib.term import Node

    from kgraph.stores.oxigraph import OxigraphStore
    from kgraph.stores.result import QueryResult


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def refresh_views(store: OxigraphStore) -> dict[str, int]:
    """Run every bundled query that takes no parameters, or only ?entity, on the store and
    keep its rows; returns the row count per query. Views already fresh for the same query
    texts are left as they are."""
    from kgraph.atomic import atomic_open
    from kgraph.query import bundled_query, list_bundled

    folder = views_dir(store.path)
    wanted = {}  # name -> (query, its per-node split when it takes ?entity)
    for name in list_bundled():
        query = bundled_query(name)
        parts = per_node(query.text) if query.requires == ("entity",) else None
        if not query.requires or parts:
            wanted[name] = (query, parts)
    fresh = _read_fresh(folder)
    if fresh and all(fresh.get(n) == _fingerprint(q.text) for n, (q, _) in wanted.items()):
        return {name: _total(folder / f"{name}.jsonl") for name in wanted}
    drop_views(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name, (query, parts) in wanted.items():
        variables, rows = _native_rows(store, parts[1] if parts else query.text)
        index: dict[str, list[int]] = {}
        with atomic_open(folder / f"{name}.jsonl", "wb") as out:
            header = {"variables": variables[1:] if parts else variables, "rows": len(rows)}
            position = out.write(json.dumps(header).encode("utf-8") + b"\n")
            for row in rows:
                cells = [_encode(term) for term in row]
                if parts:  # rows come sorted by ?node: note where each node's rows start
                    node = cells.pop(0)
                    key = node[1] if node else ""
                    index.setdefault(key, [position, 0])[1] += 1
                position += out.write(json.dumps(cells, ensure_ascii=False).encode("utf-8") + b"\n")
        if parts:
            with atomic_open(folder / f"{name}.index.json") as out:
                json.dump(index, out)
        counts[name] = len(rows)
    with atomic_open(folder / _FRESH) as out:
        json.dump({name: _fingerprint(q.text) for name, (q, _) in wanted.items()}, out)
    return counts


def _native_rows(store: OxigraphStore, text: str) -> tuple[list[str], list[tuple]]:
    from kgraph.stores.result import OxigraphResult

    result = store.query(text)
    assert isinstance(result, OxigraphResult)
    return result.variables, list(result.native_rows())


_ENTITY_BLOCK = re.compile(r"^[ \t]*# entity:.*?^[ \t]*# end entity[^\n]*\n", re.M | re.S)
_SELECT = re.compile(r"^SELECT DISTINCT ", re.M)


def per_node(text: str) -> tuple[str, str] | None:
    """For a query whose `# entity:` ... `# end entity` block binds ?node from ?entity: the
    query that finds the nodes ?entity names, and the query for every node at once (?node
    projected and sorted first). None for queries without that block."""
    block = _ENTITY_BLOCK.search(text)
    select = _SELECT.search(text)
    if block is None or select is None or "ORDER BY " not in text[block.end() :]:
        return None
    prologue = text[: select.start()]
    lookup = f"{prologue}SELECT DISTINCT ?node WHERE {{\n{block.group(0)}}}\n"
    every = text[: block.start()] + text[block.end() :]
    every = _SELECT.sub("SELECT DISTINCT ?node ", every, count=1)
    cut = every.rindex("ORDER BY ")
    every = every[:cut] + "ORDER BY ?node " + every[cut + len("ORDER BY ") :]
    return lookup, every


def read_view(
    store_path: str | Path, name: str, text: str, offset: int = 0, limit: int | None = None
) -> tuple[QueryResult, int] | None:
    """Rows offset .. offset+limit of a fresh view of the bundled query `name` (whose text is
    `text`), with the total row count; None when there is no fresh view."""
    folder = views_dir(store_path)
    if _read_fresh(folder).get(name) != _fingerprint(text):
        return None
    try:
        with (folder / f"{name}.jsonl").open(encoding="utf-8") as lines:
            header = json.loads(next(lines))
            stop = None if limit is None else offset + limit
            rows = [
                tuple(_decode(cell) for cell in json.loads(line))
                for line in islice(lines, offset, stop)
            ]
    except (OSError, StopIteration, ValueError):
        return None  # unreadable: answer live instead
    return _as_result(header["variables"], rows), int(header["rows"])


def read_entity_view(
    store: OxigraphStore,
    name: str,
    text: str,
    entity: Node,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[QueryResult, int] | None:
    """Like read_view, for a query that takes ?entity: the kept rows of the node(s) ?entity
    names, with their total. One node's rows are read as the engine sorted them; the rows of
    several nodes (a name two entities share) are merged, de-duplicated and sorted again in
    SPARQL's order of terms. None when there is no fresh view."""
    folder = views_dir(store.path)
    parts = per_node(text)
    if parts is None or _read_fresh(folder).get(name) != _fingerprint(text):
        return None
    nodes = [str(row[0]) for row in store.query(parts[0], {"entity": entity}).rows()]
    stop = None if limit is None else offset + limit
    try:
        index = json.loads((folder / f"{name}.index.json").read_text(encoding="utf-8"))
        spans = [index.get(node, [0, 0]) for node in nodes] or [[0, 0]]
        with (folder / f"{name}.jsonl").open("rb") as lines:
            variables = json.loads(lines.readline())["variables"]
            if len(spans) == 1:  # read just the page
                start, total = spans[0]
                cells = _run(lines, start, offset, min(total, stop or total))
            else:
                runs = [row for start, count in spans for row in _run(lines, start, 0, count)]
    except (OSError, ValueError, TypeError):
        return None
    if len(spans) > 1:  # DISTINCT and ORDER BY over every projected variable, as live
        unique = {json.dumps(row): row for row in runs}
        ordered = sorted(unique.values(), key=lambda row: [_order_key(cell) for cell in row])
        total, cells = len(ordered), ordered[offset:stop]
    rows = [tuple(_decode(cell) for cell in row) for row in cells]
    return _as_result(variables, rows), total


def _run(lines, start: int, first: int, stop: int) -> list[list[Any]]:
    """Rows first .. stop-1 of the run of rows that begins at byte `start`."""
    if stop <= first:
        return []
    lines.seek(start)
    return [json.loads(line) for line in islice(lines, first, stop)]


def _order_key(cell: list[Any] | None) -> tuple:
    """SPARQL ORDER BY: unbound, then blank nodes, then IRIs, then literals (by their text;
    ISO dates of one type sort as text)."""
    if cell is None:
        return (0,)
    if cell[0] == "b":
        return (1, cell[1])
    if cell[0] == "u":
        return (2, cell[1])
    return (3, cell[1], cell[2] or "", cell[3] or "")


def _read_fresh(folder: Path) -> dict[str, str]:
    try:
        return json.loads((folder / _FRESH).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _total(path: Path) -> int:
    with path.open(encoding="utf-8") as lines:
        return int(json.loads(next(lines))["rows"])


def _encode(term: Any) -> list[Any] | None:
    """A pyoxigraph term (or None) as a JSON cell."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = None if term.language else term.datatype.value
        return ["l", term.value, term.language, None if datatype == _XSD_STRING else datatype]
    if isinstance(term, ox.BlankNode):
        return ["b", term.value]
    return ["u", term.value]


def _decode(cell: list[Any] | None) -> Node | None:
    from rdflib.term import BNode, Literal, URIRef

    if cell is None:
        return None
    if cell[0] == "l":
        # normalize=False: the engine's lexical form ("...T09:00:00Z") comes back unchanged.
        datatype = URIRef(cell[3]) if cell[3] else None
        return Literal(cell[1], lang=cell[2], datatype=datatype, normalize=False)
    if cell[0] == "b":
        return BNode(cell[1])
    return URIRef(cell[1])


def _as_result(variables: list[str], rows: Iterable[tuple[Node | None, ...]]) -> QueryResult:
    """The rows as a select result that serialises like any other (json, csv, tsv, xml)."""
    from rdflib.query import Result
    from rdflib.term import Variable

    from kgraph.stores.result import RdflibResult

    names = [Variable(v) for v in variables]
    result = Result("SELECT")
    result.vars = names
    result.bindings = [
        {n: t for n, t in zip(names, row, strict=True) if t is not None} for row in rows
    ]
    return RdflibResult(result)


__all__ = [
    "VIEWS_FOLDER",
    "drop_views",
    "per_node",
    "read_entity_view",
    "read_view",
    "refresh_views",
    "views_dir",
]
