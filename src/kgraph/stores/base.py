"""The one small interface every store implements, and what they share."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import rdflib
from rdflib.term import Literal, Node, URIRef

from kgraph.errors import QueryError, StoreError
from kgraph.stores.result import QueryResult

GRAPH_BASE = "https://w3id.org/kgraph/resource/graph/"
KG = "https://w3id.org/kgraph/ontology#"

PREFIXES = {
    "kg": KG,
    "kgr": "https://w3id.org/kgraph/resource/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
}

_MASK = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_REMOTE = re.compile(r"\b(SERVICE|FROM)\b", re.IGNORECASE)


def mask_literals(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length), for keyword scans."""
    return _MASK.sub(lambda m: " " * len(m.group(0)), sparql)


def refuse_remote(sparql: str) -> None:
    """Refuse SERVICE and FROM: an in-process engine would fetch those IRIs from the network."""
    found = _REMOTE.search(mask_literals(sparql))
    if found:
        raise QueryError(
            f"{found.group(1).upper()} clauses are refused here: they would fetch data from "
            "elsewhere; query the store's own graphs (use GRAPH ?g { ... } for one article)"
        )


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """ "select", "ask", "construct" or "describe": the query's form, read past its prologue."""
    found = _FORM.search(mask_literals(sparql))
    if not found:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return found.group(1).lower()


def where_start(sparql: str) -> int:
    """Index of the '{' that opens the query's WHERE group (past a CONSTRUCT template)."""
    masked = mask_literals(sparql)
    start = masked.find("{")
    if start >= 0 and re.search(r"\bCONSTRUCT\s*$", masked[:start], re.IGNORECASE):
        depth = 0
        for index in range(start, len(masked)):
            depth += {"{": 1, "}": -1}.get(masked[index], 0)
            if depth == 0:
                start = masked.find("{", index + 1)
                break
    if start < 0:
        raise QueryError("cannot bind variables: the query has no WHERE group")
    return start


def bind_terms(sparql: str, bindings: Mapping[str, Node | str]) -> str:
    """Pre-bind variables by writing each value, as a serialised RDF term, where the variable
    stands in the WHERE part (subqueries included: what initBindings means).

    Values go through rdflib's term serialiser and IRIs through `check_iri`, so a value cannot
    change the query's structure. A variable that the query also projects is bound with an
    inline VALUES block instead, which keeps the projection valid.
    """
    masked = mask_literals(sparql)
    start = where_start(sparql)
    head, body = sparql[: start + 1], sparql[start + 1 :]
    masked_head, masked_body = masked[: start + 1], masked[start + 1 :]
    values: dict[str, str] = {}
    for name, value in bindings.items():
        term = _term_text(name, value)
        pattern = re.compile(r"[?$]" + re.escape(name) + r"(?![A-Za-z0-9_\u00B7-\uFFFF])")
        if pattern.search(masked_head):
            values[name] = term
            continue
        pieces, last = [], 0
        for found in pattern.finditer(masked_body):
            pieces.append(body[last : found.start()] + term)
            last = found.end()
        body = "".join(pieces) + body[last:]
        masked_body = mask_literals(body)
    if values:
        names = " ".join("?" + n for n in values)
        head += f" VALUES ({names}) {{ ({' '.join(values.values())}) }} "
    return head + body


def _term_text(name: str, value: Node | str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"cannot bind {name!r}: a variable name is letters, digits and _")
    term = Literal(value) if type(value) is str else value
    if isinstance(term, URIRef):
        return f"<{check_iri(str(term))}>"
    if isinstance(term, Literal):
        return term.n3()
    raise QueryError(f"cannot bind ?{name} to {value!r}; use an IRI or a literal")


_DOCID = re.compile(r"^[A-Za-z0-9._~-]+$")


def graph_iri(doc_id: str) -> str:
    """The named graph holding one article's triples."""
    if not _DOCID.match(doc_id):
        raise StoreError(f"document id {doc_id!r} is not IRI-safe; expected letters, digits, -._~")
    return GRAPH_BASE + doc_id


_HAS_GRAPH = "ASK { GRAPH ?g { ?s ?p ?o } }"
_HASH_QUERY = "SELECT ?h WHERE { GRAPH ?g { ?d <" + KG + "contentHash> ?h } } LIMIT 1"


def check_iri(iri: str) -> str:
    """Refuse IRIs that would break out of <...> when written into SPARQL or N-Triples."""
    if not iri or any(c in iri for c in '<>"{}|^`\\ \n\r\t'):
        raise StoreError(f"not a usable graph IRI: {iri!r}")
    return iri


class Store(ABC):
    """A quad store: one named graph per article, queries over their union.

    Implementations: MemoryStore (rdflib), OxigraphStore (pyoxigraph on disk),
    SparqlHttpStore (any SPARQL 1.1 server). Open one with `kgraph.stores.open_store`.
    """

    name: str = "store"
    read_only: bool = False

    # --- writing -----------------------------------------------------------------------
    @abstractmethod
    def replace_graph(
        self, graph_iri: str, data: bytes | str, fmt: str = "application/n-triples"
    ) -> None:
        """Make `graph_iri` hold exactly the triples in `data`, in one step."""

    @abstractmethod
    def remove_graph(self, graph_iri: str) -> None:
        """Delete a named graph (no error when it is absent)."""

    @abstractmethod
    def bulk_load(self, source: str | Path | IO[bytes], fmt: str, graph_iri: str | None = None):
        """Add a (possibly huge) file or binary stream. Quads go to their graphs; triples go to
        `graph_iri` (required for triple formats, so nothing lands in the default graph)."""

    def update(self, sparql: str) -> None:
        """Run SPARQL Update. Only stores opened writable allow it."""
        self._check_writable()
        self._update(sparql)

    @abstractmethod
    def _update(self, sparql: str) -> None: ...

    # --- reading -----------------------------------------------------------------------
    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Node | str] | None = None) -> QueryResult:
        """SELECT / ASK / CONSTRUCT / DESCRIBE over the union of all graphs.

        `bindings` pre-binds variables (name without '?') to rdflib terms; never build SPARQL by
        pasting strings. Updates are refused here (use `update`).
        """

    def has_graph(self, graph_iri: str) -> bool:
        return bool(self.query(_HAS_GRAPH, {"g": URIRef(check_iri(graph_iri))}))

    def graph_hash(self, graph_iri: str) -> str | None:
        """The kg:contentHash recorded in that article's graph, or None if not stored."""
        for row in self.query(_HASH_QUERY, {"g": URIRef(check_iri(graph_iri))}).rows():
            return str(row[0])
        return None

    def graphs(self) -> list[str]:
        """IRIs of the article graphs (those under GRAPH_BASE), sorted."""
        sparql = (
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }}'
        )
        return sorted(str(row[0]) for row in self.query(sparql).rows())

    @abstractmethod
    def dump(self, path: str | Path, fmt: str | None = None) -> None:
        """Write the store: nt/ttl give the de-duplicated union, nq/trig keep the graphs."""

    @abstractmethod
    def union_graph(self) -> rdflib.Graph:
        """All triples of all graphs as one rdflib Graph (for modest graphs: views, SHACL)."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads stored."""

    def close(self) -> None:  # noqa: B027 - most stores have nothing to release
        """Release files, locks and connections."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- helpers for implementations ---------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the {self.name} store is open read-only; reopen it writable")
