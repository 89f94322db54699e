"""Any SPARQL 1.1 server: queries and updates over the SPARQL Protocol, article graphs over the
Graph Store HTTP Protocol when the server has one (Virtuoso, Fuseki, GraphDB), else Update."""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from kgraph.errors import QueryError, StoreError
from kgraph.stores.base import (
    GRAPH_BASE,
    PREFIXES,
    Store,
    bind_terms,
    check_iri,
    mask_literals,
    query_form,
)
from kgraph.stores.formats import oxigraph_format, rdf_format, rdf_format_for_path
from kgraph.stores.result import QueryResult, RdflibResult

_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.8"
BATCH_TRIPLES = 50_000
# The de-duplicated union of the article graphs, kept beside them and used as the default graph
# of every query (default-graph-uri): servers such as Virtuoso otherwise match a triple once
# per graph holding it, and the bundled queries' joins explode at corpus scale.
UNION_GRAPH = "https://w3id.org/kgraph/resource/union"


class SparqlHttpStore(Store):
    """A remote store reached at `sparql+http(s)://[user:pass@]host:port/path[?gsp=/path]`.

    `path` is the SPARQL query/update endpoint. `gsp=` names the Graph Store endpoint on the same
    server (Virtuoso: /sparql-graph-crud); without it article graphs are written with SPARQL
    Update. Credentials in the URL are offered for Basic and Digest authentication.
    Besides one graph per article the store keeps their de-duplicated union in UNION_GRAPH,
    the default graph of every query it sends without a GRAPH clause. Writes are several
    requests, not one transaction: a failure midway can leave the union stale (any update()
    rebuilds it).
    """

    name = "sparql+http"

    def __init__(self, spec: str, read_only: bool = False, timeout: float = 120.0):
        parsed = urllib.parse.urlsplit(spec)
        scheme = parsed.scheme.removeprefix("sparql+")
        if scheme not in ("http", "https") or not parsed.hostname:
            raise StoreError(f"bad store URL {spec!r}; expected sparql+http://host:port/sparql")
        netloc = parsed.hostname + (f":{parsed.port}" if parsed.port else "")
        base = f"{scheme}://{netloc}"
        params = urllib.parse.parse_qs(parsed.query)
        self.endpoint = base + (parsed.path or "/sparql")
        gsp = params.get("gsp", [None])[0]
        self.gsp = (base + gsp if gsp.startswith("/") else gsp) if gsp else None
        self.read_only = read_only
        self.timeout = timeout
        handlers: list[urllib.request.BaseHandler] = []
        if parsed.username:
            user = urllib.parse.unquote(parsed.username)
            password = urllib.parse.unquote(parsed.password or "")
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, base, user, password)
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
            handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
        self._opener = urllib.request.build_opener(*handlers)

    # --- HTTP --------------------------------------------------------------------------
    def _request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        missing_ok: bool = False,
    ) -> tuple[str, bytes]:
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip().splitlines()
            first = next((line for line in detail if line.strip()), err.reason)
            if missing_ok and err.code == 404:
                return "", b""
            if err.code in (400, 422):
                raise QueryError(f"the SPARQL server refused the request: {first}") from err
            raise StoreError(
                f"{method} {url} answered {err.code}: {first}"
                + ("; check the account's SPARQL update rights" if err.code in (401, 403) else "")
            ) from err
        except TimeoutError as err:
            message = f"the SPARQL server at {url} did not answer within {self.timeout:g} s"
            raise StoreError(message) from err
        except (urllib.error.URLError, OSError) as err:
            message = f"cannot reach the SPARQL server at {url}: {err}; is it running?"
            raise StoreError(message) from err

    def _form(self, key: str, text: str, accept: str) -> tuple[str, bytes]:
        fields = {key: text}
        # Naming a default graph empties the named-graph set (SPARQL Protocol), so a query that
        # asks for GRAPH ... gets the server's own dataset instead.
        if key == "query" and not re.search(r"\bGRAPH\b", mask_literals(text), re.IGNORECASE):
            fields["default-graph-uri"] = UNION_GRAPH
        body = urllib.parse.urlencode(fields).encode("utf-8")
        return self._request(
            "POST",
            self.endpoint,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )

    # --- writing -----------------------------------------------------------------------
    def replace_graph(self, graph_iri: str, data: bytes | str, fmt: str = "application/n-triples"):
        self._check_writable()
        iri = check_iri(graph_iri)
        body = _ntriples(data, fmt)
        self._forget(iri)
        if self.gsp:
            if body:
                self._request("PUT", self._gsp_url(iri), body, _nt_header())
        else:
            update = f"DROP SILENT GRAPH <{iri}>"
            if body:
                update += f" ; {_insert(iri, body)}"
            self._form("update", update, "*/*")
        if body:
            self._post(UNION_GRAPH, body)

    def remove_graph(self, graph_iri: str) -> None:
        self._check_writable()
        self._forget(check_iri(graph_iri))

    def _forget(self, iri: str) -> None:
        """Drop an article and the union triples that only it held."""
        self._form(
            "update",
            f"DELETE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{iri}> "
            f"{{ ?s ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} "
            f"FILTER(?other != <{iri}> && ?other != <{UNION_GRAPH}>) }} }}",
            "*/*",
        )
        if self.gsp:
            self._request("DELETE", self._gsp_url(iri), missing_ok=True)
        else:
            self._form("update", f"DROP SILENT GRAPH <{iri}>", "*/*")

    def _post(self, iri: str, ntriples: bytes) -> None:
        """Append triples to a graph."""
        if self.gsp:
            self._request("POST", self._gsp_url(iri), ntriples, _nt_header())
        else:
            self._form("update", _insert(iri, ntriples), "*/*")

    def bulk_load(self, source: str | Path | IO[bytes], fmt: str, graph_iri: str | None = None):
        self._check_writable()
        fmt_ = rdf_format(fmt)
        if not fmt_.quads and graph_iri is None:
            raise StoreError(f"{fmt_.name} holds triples only; pass graph_iri= to say where")
        target = ox.NamedNode(check_iri(graph_iri)) if graph_iri else None
        try:
            if isinstance(source, str | Path) and str(source).endswith(".gz"):
                import gzip

                with gzip.open(source, "rb") as stream:
                    self._post_batches(ox.parse(stream, format=oxigraph_format(fmt_)), target)
            elif isinstance(source, str | Path):
                parsed = ox.parse(path=str(source), format=oxigraph_format(fmt_))
                self._post_batches(parsed, target)
            else:
                self._post_batches(ox.parse(source, format=oxigraph_format(fmt_)), target)
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(f"cannot bulk-load {source} as {fmt_.name}: {err}") from err

    def _post_batches(self, items: Iterable, target) -> None:
        """Send quads in batches of one graph each, appending (GSP POST or INSERT DATA)."""
        batches: dict[str, list] = {}
        count = 0
        for item in items:
            graph = target if target is not None else getattr(item, "graph_name", None)
            if not isinstance(graph, ox.NamedNode):
                raise StoreError("bulk load data has triples outside a named graph; name a graph")
            batches.setdefault(graph.value, []).append(getattr(item, "triple", item))
            count += 1
            if count >= BATCH_TRIPLES:
                self._flush(batches)
                batches, count = {}, 0
        self._flush(batches)

    def _flush(self, batches: dict[str, list]) -> None:
        union = []
        for iri, triples in batches.items():
            self._post(iri, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
            union.extend(triples)
        if union:
            self._post(UNION_GRAPH, ox.serialize(union, format=ox.RdfFormat.N_TRIPLES))

    def _update(self, sparql: str) -> None:
        # A free-form update may touch any article; rebuild the union graph after it.
        self._form("update", sparql, "*/*")
        self._form(
            "update",
            f"DROP SILENT GRAPH <{UNION_GRAPH}> ; INSERT {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}"
            f' WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }}',
            "*/*",
        )

    def _gsp_url(self, iri: str) -> str:
        return f"{self.gsp}?{urllib.parse.urlencode({'graph': iri})}"

    # --- reading -----------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Node | str] | None = None) -> QueryResult:
        form = query_form(sparql)
        if bindings:
            sparql = bind_terms(sparql, bindings)
        # Our prefixes first; the query's own declarations, coming later, win.
        sparql = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + sparql
        accept = _ACCEPT_GRAPH if form in ("construct", "describe") else _ACCEPT_RESULTS
        content_type, body = self._form("query", sparql, accept)
        media = content_type.split(";")[0].strip().lower()
        try:
            if media in ("application/sparql-results+json", "application/json"):
                return RdflibResult(rdflib.query.Result.parse(io.BytesIO(body), format="json"))
            if media in ("application/sparql-results+xml", "application/xml"):
                return RdflibResult(rdflib.query.Result.parse(io.BytesIO(body), format="xml"))
            graph = rdflib.Graph()
            graph.parse(data=body, format=rdf_format(media or "nt").rdflib)
        except Exception as err:
            what = media or "untyped"
            raise StoreError(f"cannot read the server's {what} answer: {err}") from err
        result = rdflib.query.Result("CONSTRUCT")
        result.graph = graph
        return RdflibResult(result)

    def _graph_ntriples(self, iri: str) -> bytes:
        if self.gsp:
            _, body = self._request(
                "GET", self._gsp_url(iri), headers={"Accept": "application/n-triples"}
            )
            return body
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        _, body = self._form("query", sparql, "application/n-triples")
        return body

    def _local_copy(self) -> ox.Store:
        """Every article graph fetched into an in-memory oxigraph store laid out like
        OxigraphStore (articles in named graphs, their union in the default graph)."""
        copy = ox.Store()
        for iri in self.graphs():
            data = self._graph_ntriples(iri)
            for target in (ox.NamedNode(iri), ox.DefaultGraph()):  # the article, and the union
                copy.load(data, format=_guess_rdf(data), to_graph=target)
        return copy

    def dump(self, path: str | Path, fmt: str | None = None) -> None:
        from kgraph.stores.oxigraph import dump_oxigraph

        fmt_ = rdf_format(fmt) if fmt else rdf_format_for_path(str(path))
        dump_oxigraph(self._local_copy(), path, fmt_)

    def union_graph(self) -> rdflib.Graph:
        from kgraph.stores.oxigraph import union_of

        return union_of(self._local_copy())

    def __len__(self) -> int:
        sparql = (
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }}'
        )
        for row in self.query(sparql).rows():
            return int(row[0])
        return 0


def _ntriples(data: bytes | str, fmt: str) -> bytes:
    """Data in any RDF syntax as canonical N-Triples (so nothing in it escapes a SPARQL block)."""
    fmt_ = rdf_format(fmt)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        items = list(ox.parse(payload, format=oxigraph_format(fmt_)))
    except (SyntaxError, ValueError) as err:
        raise StoreError(f"cannot parse {fmt_.name} data: {err}") from err
    triples = [getattr(item, "triple", item) for item in items]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""


def _insert(iri: str, ntriples: bytes) -> str:
    # INSERT ... WHERE {} rather than INSERT DATA: Virtuoso refuses blank nodes in DATA blocks.
    return f"INSERT {{ GRAPH <{iri}> {{\n{ntriples.decode('utf-8')}\n}} }} WHERE {{}}"


def _nt_header() -> dict[str, str]:
    return {"Content-Type": "application/n-triples"}


def _guess_rdf(data: bytes):
    # Servers answer N-Triples as text/plain or Turtle; Turtle parses both.
    return ox.RdfFormat.TURTLE
