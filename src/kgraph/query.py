"""Run read-only SPARQL over a graph and render the results in the W3C formats.

Queries are checked before they run: updates are refused, and so are SERVICE clauses and
FROM / FROM NAMED (rdflib would fetch those IRIs over the network or from disk) unless
the caller allows them. Values reach a query only through initBindings, never as text.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pyparsing import ParseBaseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result
from rdflib.term import Identifier, Node, Variable

from kgraph.errors import QueryError
from kgraph.graphio import PREFIXES, to_turtle

RESULT_FORMATS = ("table", "csv", "tsv", "json")
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TABLE_CELL_MAX = 80
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# The prefixes every query may use without declaring them (rdflib's initNs).
_INIT_NS = {prefix: ns for prefix, ns in PREFIXES}


@dataclass(frozen=True)
class QueryResult:
    """A query's outcome: `kind` is SELECT, ASK, CONSTRUCT or DESCRIBE."""

    kind: str
    result: Result

    @property
    def variables(self) -> list[str]:
        return [str(v) for v in (self.result.vars or [])]

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        if self.kind != "SELECT":
            return []
        return [tuple(row) for row in self.result]  # type: ignore[arg-type]

    @property
    def boolean(self) -> bool | None:
        return bool(self.result.askAnswer) if self.kind == "ASK" else None

    @property
    def graph(self) -> Graph | None:
        return self.result.graph if self.kind in ("CONSTRUCT", "DESCRIBE") else None

    def serialize(self, fmt: str = "table") -> str:
        """Render as table/csv/tsv/json; CONSTRUCT and DESCRIBE are always Turtle."""
        if fmt not in RESULT_FORMATS:
            known = ", ".join(RESULT_FORMATS)
            raise QueryError(f"unknown result format {fmt!r}; use one of: {known}")
        if self.kind in ("CONSTRUCT", "DESCRIBE"):
            assert self.result.graph is not None
            return to_turtle(self.result.graph)
        if self.kind == "ASK":
            if fmt == "json":
                return _rdflib_text(self.result, "json")
            return "true\n" if self.boolean else "false\n"
        if fmt == "table":
            return format_table(self.variables, self.rows)
        if fmt == "tsv":
            return tsv_text(self.variables, self.rows)
        return _rdflib_text(self.result, fmt)


def run_query(
    graph: Graph,
    sparql: str,
    bindings: dict[str, str | Identifier] | None = None,
    *,
    allow_service: bool = False,
) -> QueryResult:
    """Run one read-only SPARQL query; `bindings` go in through initBindings only.

    A plain string binding becomes a literal (bundled queries match it against labels);
    pass a URIRef to bind an IRI.
    """
    prepared = _prepare(sparql, allow_service)
    init = _bindings(sparql, bindings or {})
    kind = prepared.algebra.name.removesuffix("Query").upper()
    native = _run_native(graph, sparql, init, kind, prepared, allow_service)
    if native is not None:
        return native
    try:
        result = graph.query(prepared, initBindings=init)
        if result.type == "SELECT":
            _ = result.bindings  # evaluate now, so evaluation errors surface here
    except Exception as err:  # rdflib raises assorted types while evaluating
        raise QueryError(f"the query failed while running: {_one_line(err)}") from err
    return QueryResult(kind=prepared.algebra.name.removesuffix("Query").upper(), result=result)


def _run_native(
    graph: Graph, sparql: str, init: dict, kind: str, prepared: Any, allow_service: bool
) -> QueryResult | None:
    """The answer from pyoxigraph when `graph` is backed by it (kgraph.build, kgraph.load);
    None to let rdflib answer (other graphs, an allowed SERVICE, a query pyoxigraph refuses)."""
    from kgraph.corpus import native_store

    store = native_store(graph)
    if store is None or (allow_service and _has_service(prepared.algebra)):
        return None
    from kgraph.stores.oxigraph import oxigraph_query

    try:
        answer = oxigraph_query(store, sparql, init)
    except QueryError:
        return None
    result = Result(kind)
    if answer.kind == "select":
        names = [Variable(v) for v in answer.variables]
        result.vars = names
        result.bindings = [
            {n: t for n, t in zip(names, row, strict=True) if t is not None}
            for row in answer.rows()
        ]
    elif answer.kind == "ask":
        result.askAnswer = bool(answer)
    else:
        result.graph = answer.graph()
    return QueryResult(kind=kind, result=result)


def _prepare(sparql: str, allow_service: bool) -> Any:
    if not sparql or not sparql.strip():
        raise QueryError("the query is empty; give SPARQL text, a .rq file or --name NAME")
    try:
        tree = parseQuery(sparql)
    except ParseBaseException as err:
        if _is_update(sparql):
            raise QueryError(
                "SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ...) are refused: "
                "kgraph query is read-only; use SELECT, ASK, CONSTRUCT or DESCRIBE"
            ) from err
        raise QueryError(
            f"malformed SPARQL at line {err.lineno}, column {err.col}: {err.msg} "
            f"(near {_near(sparql, err.loc)!r})"
        ) from err
    try:
        query = translateQuery(tree, initNs=_INIT_NS)
    except Exception as err:  # e.g. an undeclared prefix
        raise QueryError(f"invalid SPARQL: {_one_line(err)}") from err
    if query.algebra.get("datasetClause"):
        raise QueryError(
            "FROM / FROM NAMED clauses are refused: they would load graphs from the network "
            "or disk; query the graph given with --graph instead"
        )
    if not allow_service and _has_service(query.algebra):
        raise QueryError(
            "SERVICE clauses are refused: they send the query to another server; "
            "pass --allow-service if you mean it"
        )
    return query


def check_read_only(sparql: str, *, allow_service: bool = False) -> None:
    """Raise QueryError unless `sparql` is a well-formed read-only query (for stores too)."""
    _prepare(sparql, allow_service)


def _is_update(sparql: str) -> bool:
    try:
        parseUpdate(sparql)
    except ParseBaseException:
        return False
    return True


def _has_service(node: Any) -> bool:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_has_service(value) for value in node.values())
    if isinstance(node, dict):
        return any(_has_service(value) for value in node.values())
    if isinstance(node, list | tuple):
        return any(_has_service(item) for item in node)
    return False


def check_bindings(sparql: str, bindings: dict[str, str | Identifier]) -> None:
    """Raise QueryError unless every binding names a variable of the query."""
    _bindings(sparql, bindings)


def uses_service(sparql: str) -> bool:
    """Whether a (well-formed) query has a SERVICE clause."""
    try:
        return _has_service(translateQuery(parseQuery(sparql), initNs=_INIT_NS).algebra)
    except Exception:  # malformed: the engine's own checks report it
        return False


def _bindings(sparql: str, bindings: dict[str, str | Identifier]) -> dict[str, Identifier]:
    init: dict[str, Identifier] = {}
    for name, value in bindings.items():
        if not _VAR_NAME.match(name):
            raise QueryError(f"--bind {name!r}: a variable name is letters, digits and _ only")
        if not re.search(rf"[?$]{re.escape(name)}\b", sparql):
            raise QueryError(f"--bind {name}: the query has no variable ?{name}")
        init[name] = value if isinstance(value, Identifier) else Literal(str(value))
    return init


def parse_binding(text: str) -> tuple[str, Identifier]:
    """`name=value` from the command line: `<iri>` binds an IRI, anything else a literal."""
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name:
        raise QueryError(f"--bind {text!r}: write it as name=value, e.g. entity=Armenia")
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        iri = value[1:-1]
        if re.search(r"[\s<>\"{}|\\^`]", iri):
            raise QueryError(f"--bind {name}: {value!r} is not a valid IRI")
        return name, URIRef(iri)
    return name, Literal(value)


def _near(text: str, loc: int) -> str:
    return text[max(0, loc - 10) : loc + 20].replace("\n", " ")


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _rdflib_text(result: Result, fmt: str) -> str:
    data = result.serialize(format=fmt, encoding="utf-8")
    assert data is not None
    return data.decode("utf-8")


def tsv_text(variables: list[str], rows: list[tuple[Node | None, ...]]) -> str:
    """SPARQL 1.1 TSV: a `?var` header and terms in Turtle syntax (rdflib has no writer)."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if term is None else _tsv_term(term) for term in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Node) -> str:
    if isinstance(term, Literal):
        # Short-string form with escapes: a raw tab or newline would break the row.
        text = str(term)
        for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"),
                             ("\t", "\\t")):  # fmt: skip
            text = text.replace(raw, escaped)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and str(term.datatype) != _XSD_STRING:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    if isinstance(term, URIRef | BNode):
        return term.n3()
    return str(term)


# Longest namespace first, so kgr:entity/x wins over a shorter prefix of the same IRI.
_SHORT = sorted(((str(ns), prefix) for prefix, ns in PREFIXES), key=lambda p: -len(p[0]))


def _shorten(iri: str) -> str:
    # For reading only: kgr:entity/x is not a valid Turtle name, but people read it easily.
    for ns, prefix in _SHORT:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def table_cell(term: Node | None) -> str:
    """A term as people read it: prefixed IRIs, bare literal values, one line."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = _shorten(str(term))
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = str(term)
    text = " ".join(text.split())
    if len(text) > _TABLE_CELL_MAX:
        text = text[: _TABLE_CELL_MAX - 1] + "…"
    return text


def format_table(variables: list[str], rows: list[tuple[Node | None, ...]]) -> str:
    """Aligned plain-text columns for a terminal."""
    cells = [[table_cell(term) for term in row] for row in rows]
    widths = [len(v) for v in variables]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(variables), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    noun = "row" if len(rows) == 1 else "rows"
    out.append(f"({len(rows)} {noun})")
    return "\n".join(out) + "\n"


def parse_csv_result(text: str) -> list[dict[str, str]]:
    """Read our CSV output back (used by tests and the notebook)."""
    return list(csv.DictReader(io.StringIO(text)))


# --- bundled queries -------------------------------------------------------------------------


@dataclass(frozen=True)
class BundledQuery:
    name: str
    description: str
    text: str
    requires: tuple[str, ...]  # variables the caller must bind


def _query_files() -> dict[str, Any]:
    folder = resources.files("kgraph") / "queries"
    return {
        entry.name.removesuffix(".rq"): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    }


def bundled_query(name: str) -> BundledQuery:
    files = _query_files()
    if name not in files:
        raise QueryError(
            f"no bundled query named {name!r}; `kgraph query --list` shows: "
            + ", ".join(sorted(files))
        )
    text = files[name].read_text(encoding="utf-8")
    description: list[str] = []
    requires: list[str] = []
    for raw in text.splitlines():
        if not raw.startswith("#"):
            break
        body = raw.lstrip("#").strip()
        if body.lower().startswith("requires:"):
            requires.extend(v.strip().lstrip("?") for v in body[9:].split(",") if v.strip())
        elif body:
            description.append(body)
    return BundledQuery(name, " ".join(description), text, tuple(requires))


def list_bundled() -> dict[str, str]:
    """Bundled query names and their one-paragraph descriptions."""
    return {name: bundled_query(name).description for name in sorted(_query_files())}


def run_bundled(
    graph: Graph,
    name: str,
    bindings: dict[str, str | Identifier] | None = None,
    *,
    allow_service: bool = False,
) -> QueryResult:
    query = bundled_query(name)
    missing = [v for v in query.requires if v not in (bindings or {})]
    if missing:
        raise QueryError(
            f"the bundled query {name!r} needs --bind {missing[0]}=VALUE "
            f"(e.g. --bind {missing[0]}=Armenia)"
        )
    return run_query(graph, query.text, bindings, allow_service=allow_service)


__all__ = [
    "RESULT_FORMATS",
    "check_bindings",
    "check_read_only",
    "BundledQuery",
    "QueryResult",
    "bundled_query",
    "format_table",
    "list_bundled",
    "parse_binding",
    "run_bundled",
    "run_query",
    "table_cell",
    "tsv_text",
    "uses_service",
]
