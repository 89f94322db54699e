"""Query results that keep the engine's own terms until someone asks for rdflib ones.

Over oxigraph the results stay pyoxigraph objects and serialise natively, so the endpoint
never converts a million terms into rdflib; `rows()` converts lazily for tables and tests.
A result is single-pass: iterate it or serialise it once.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal as TypingLiteral

import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from kgraph.errors import QueryError
from kgraph.stores.formats import rdf_format, result_format

Kind = TypingLiteral["select", "ask", "graph"]
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class QueryResult(ABC):
    """The answer to one SPARQL query.

    `kind` is "select", "ask" or "graph" (CONSTRUCT / DESCRIBE). For select, iterate `rows()`
    (tuples of rdflib terms or None, in `variables` order); for ask, `bool(result)`; for graph,
    `triples()`. `serialize(fmt)` writes a W3C format: json/xml/csv/tsv for select and ask,
    an RDF syntax name (ttl, nt, ...) for graph results.
    """

    kind: Kind
    variables: list[str]

    @abstractmethod
    def rows(self) -> Iterator[tuple[Node | None, ...]]: ...

    @abstractmethod
    def triples(self) -> Iterator[tuple[Node, Node, Node]]: ...

    @abstractmethod
    def __bool__(self) -> bool: ...

    @abstractmethod
    def serialize(self, fmt: str) -> bytes: ...

    def graph(self) -> rdflib.Graph:
        """A graph result as an rdflib Graph."""
        graph = rdflib.Graph()
        for triple in self.triples():
            graph.add(triple)
        return graph

    def _require(self, *kinds: str) -> None:
        if self.kind not in kinds:
            raise QueryError(f"this is a {self.kind.upper()} result, not {'/'.join(kinds)}")


class RdflibResult(QueryResult):
    """Wraps rdflib's `Result` (the memory store and parsed HTTP answers)."""

    def __init__(self, result: rdflib.query.Result):
        self._result = result
        self.kind = {"SELECT": "select", "ASK": "ask"}.get(result.type, "graph")  # type: ignore[assignment]
        self.variables = [str(v) for v in (result.vars or [])] if self.kind == "select" else []

    def rows(self) -> Iterator[tuple[Node | None, ...]]:
        self._require("select")
        for row in self._result:
            yield tuple(row)

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        self._require("graph")
        yield from self._result  # type: ignore[misc]

    def __bool__(self) -> bool:
        self._require("ask")
        return bool(self._result.askAnswer)

    def serialize(self, fmt: str) -> bytes:
        if self.kind == "graph":
            graph = self._result.graph if self._result.graph is not None else self.graph()
            return graph.serialize(format=rdf_format(fmt).rdflib, encoding="utf-8")
        short = result_format(fmt)
        if short == "tsv":
            return _tsv(self)
        out = io.BytesIO()
        self._result.serialize(out, format=short, encoding="utf-8")
        return out.getvalue()


class OxigraphResult(QueryResult):
    """Wraps pyoxigraph's QuerySolutions / QueryBoolean / QueryTriples."""

    def __init__(self, result):
        import pyoxigraph as ox

        self._result = result
        if isinstance(result, ox.QuerySolutions):
            self.kind = "select"
            self.variables = [v.value for v in result.variables]
        elif isinstance(result, ox.QueryBoolean):
            self.kind = "ask"
            self.variables = []
        else:
            self.kind = "graph"
            self.variables = []

    def rows(self) -> Iterator[tuple[Node | None, ...]]:
        self._require("select")
        width = len(self.variables)
        for solution in self._result:
            yield tuple(to_rdflib(solution[i]) for i in range(width))

    def native_rows(self) -> Iterator[tuple]:
        """Rows of pyoxigraph terms (None where unbound): the engine's exact lexical forms,
        which rdflib would normalise ("...T09:00:00Z" becomes "...+00:00")."""
        self._require("select")
        width = len(self.variables)
        for solution in self._result:
            yield tuple(solution[i] for i in range(width))

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        self._require("graph")
        for t in self._result:
            yield (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))

    def __bool__(self) -> bool:
        self._require("ask")
        return bool(self._result)

    def serialize(self, fmt: str) -> bytes:
        import pyoxigraph as ox

        if self.kind == "graph":
            media = rdf_format(fmt).media_type
            return self._result.serialize(format=ox.RdfFormat.from_media_type(media))
        media = {
            "json": "application/sparql-results+json",
            "xml": "application/sparql-results+xml",
            "csv": "text/csv",
            "tsv": "text/tab-separated-values",
        }[result_format(fmt)]
        return self._result.serialize(format=ox.QueryResultsFormat.from_media_type(media))


def to_rdflib(term) -> Node | None:
    """A pyoxigraph term as the equal rdflib term (None stays None for unbound variables)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else _iri(datatype))
    raise QueryError(f"unsupported RDF term in result: {term!r}")


@lru_cache(maxsize=256)
def _iri(value: str) -> URIRef:
    """A datatype IRI: a handful of them stand on every literal of a big graph."""
    return URIRef(value)


def to_oxigraph(term: Node | str):
    """An rdflib term (or a plain string, taken as a literal) as a pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, str):
        return ox.Literal(term)
    raise QueryError(f"cannot bind a {type(term).__name__} in a SPARQL query; use rdflib terms")


def _tsv(result: QueryResult) -> bytes:
    """SPARQL 1.1 TSV (rdflib has no serializer for it): terms in Turtle syntax."""
    if result.kind == "ask":
        return b"?_askResult\n" + (b"true\n" if result else b"false\n")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows():
        cells = ["" if t is None else t.n3().replace("\t", "\\t") for t in row]
        lines.append("\t".join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")
