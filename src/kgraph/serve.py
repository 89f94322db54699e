"""A SPARQL 1.1 Protocol endpoint over any kgraph store, on the standard library's HTTP server.

    server = make_server(open_store("output/store"), port=7878)
    server.serve_forever()

GET /sparql?query=..., POST form-encoded (query= / update=) or application/sparql-query /
application/sparql-update bodies. Results by content negotiation (Accept, or ?format=json|xml|
csv|tsv|ttl|nt). Updates answer 403 unless the server was made with enable_update=True. CORS
headers only when an origin is given. GET / is a small query page listing the bundled queries.
"""

from __future__ import annotations

import html
import json
import re
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

from kgraph.errors import KGraphError, QueryError, StoreError
from kgraph.stores import Store
from kgraph.stores.base import query_form

MAX_QUERY_BYTES = 1 << 20
MAX_UPDATE_BYTES = 64 << 20

# (short name, media type) in order of preference when the client accepts anything.
RESULT_TYPES = [
    ("json", "application/sparql-results+json"),
    ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"),
    ("tsv", "text/tab-separated-values"),
]
GRAPH_TYPES = [
    ("ttl", "text/turtle"),
    ("nt", "application/n-triples"),
    ("xml", "application/rdf+xml"),
    ("jsonld", "application/ld+json"),
]
_FORMAT_ALIASES = {
    "turtle": "ttl",
    "n-triples": "nt",
    "ntriples": "nt",
    "rdf": "xml",
    "rdfxml": "xml",
    "json-ld": "jsonld",
    "application/json": "json",
    "application/xml": "xml",
}
_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
}


class HttpError(Exception):
    def __init__(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


@dataclass(frozen=True)
class EndpointConfig:
    store: Store
    enable_update: bool = False
    cors: str | None = None
    quiet: bool = False


def negotiate(accept: str | None, form: str, fmt: str | None = None) -> tuple[str, str]:
    """(short name, media type) for a query form given the Accept header or a ?format= name."""
    offers = GRAPH_TYPES if form in ("construct", "describe") else RESULT_TYPES
    if fmt:
        # Clients spell it many ways (SPARQLWrapper sends format=turtle, format=tsv twice ...).
        for value in fmt.lower().split(","):
            key = _FORMAT_ALIASES.get(value.strip(), value.strip())
            for short, media in offers:
                if key in (short, media):
                    return short, media
        names = ", ".join(short for short, _ in offers)
        raise HttpError(HTTPStatus.BAD_REQUEST, f"format {fmt!r} is not offered; use {names}")
    wanted = _parse_accept(accept or "*/*")
    for media_range, _q in wanted:
        media_range = _ALIASES.get(media_range, media_range)
        for short, media in offers:
            if media_range in (media, "*/*") or (
                media_range.endswith("/*") and media.startswith(media_range[:-1])
            ):
                return short, media
    offered = ", ".join(media for _, media in offers)
    raise HttpError(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer {accept!r}; this offers {offered}")


def _parse_accept(header: str) -> list[tuple[str, float]]:
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((fields[0].lower(), q, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, q) for media, q, _ in ranges]


def bundled_queries() -> list[dict[str, str]]:
    """The .rq files of kgraph/queries, read now: name, description (leading comments), text."""
    folder = resources.files("kgraph") / "queries"
    found = []
    if not folder.is_dir():
        return found
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("#").strip())
        found.append({"name": entry.name[:-3], "description": " ".join(comments), "query": text})
    return found


class SparqlHandler(BaseHTTPRequestHandler):
    server_version = "kgraph-sparql/1"
    protocol_version = "HTTP/1.1"
    config: EndpointConfig  # set on the subclass made by make_server

    # --- routing -----------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - the http.server naming
        self._guard(self._get)

    def do_HEAD(self) -> None:  # noqa: N802
        self._guard(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._guard(self._post)

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._send(HTTPStatus.NO_CONTENT, b"", None, {"Allow": "GET, HEAD, POST, OPTIONS"})

    def _get(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/", "/sparql"):
            raise HttpError(
                HTTPStatus.NOT_FOUND, f"no such page {url.path}; the endpoint is /sparql"
            )
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            raise HttpError(HTTPStatus.BAD_REQUEST, "updates must be POSTed (SPARQL 1.1 Protocol)")
        if "query" not in params:
            self._send(HTTPStatus.OK, _page().encode("utf-8"), "text/html; charset=utf-8")
            return
        self._query(_one(params, "query"), params)

    def _post(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/", "/sparql"):
            raise HttpError(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}; use /sparql")
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        limit = MAX_UPDATE_BYTES if self.config.enable_update else MAX_QUERY_BYTES
        body = self._body(limit)
        if media == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
            params = {**params, **form}
            if "update" in form:
                self._update(_one(form, "update"))
            elif "query" in form:
                self._query(_one(form, "query"), params)
            else:
                raise HttpError(HTTPStatus.BAD_REQUEST, "the form has neither query= nor update=")
        elif media == "application/sparql-query":
            self._query(body.decode("utf-8"), params)
        elif media == "application/sparql-update":
            self._update(body.decode("utf-8"))
        else:
            raise HttpError(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "POST application/x-www-form-urlencoded, application/sparql-query "
                "or application/sparql-update",
            )

    # --- work --------------------------------------------------------------------------
    def _query(self, sparql: str, params: dict[str, list[str]]) -> None:
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise HttpError(
                HTTPStatus.BAD_REQUEST,
                "default-graph-uri / named-graph-uri are not supported: the default graph is "
                "the union of all article graphs; use GRAPH <...> { } for one article",
            )
        form = query_form(sparql)
        short, media = negotiate(
            self.headers.get("Accept"), form, ",".join(params.get("format", [])) or None
        )
        result = self.config.store.query(sparql)
        body = result.serialize(short)
        text_like = media.startswith("text/") or media.endswith(("json", "xml"))
        self._send(HTTPStatus.OK, body, media + ("; charset=utf-8" if text_like else ""))

    def _update(self, sparql: str) -> None:
        if not self.config.enable_update:
            raise HttpError(
                HTTPStatus.FORBIDDEN,
                "this endpoint is read-only; restart kgraph serve with --enable-update "
                "to allow updates",
            )
        self.config.store.update(sparql)
        self._send(HTTPStatus.NO_CONTENT, b"", None)

    def _body(self, limit: int) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            raise HttpError(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length header")
        try:
            size = int(length)
        except ValueError as err:
            raise HttpError(HTTPStatus.BAD_REQUEST, "Content-Length is not a number") from err
        if size > limit:
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body over {limit} bytes")
        return self.rfile.read(size)

    # --- plumbing ----------------------------------------------------------------------
    def _guard(self, action) -> None:
        try:
            action()
        except HttpError as err:
            self._error(err.status, str(err), err.headers)
        except QueryError as err:
            self._error(HTTPStatus.BAD_REQUEST, str(err))
        except StoreError as err:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(err))
        except KGraphError as err:
            self._error(HTTPStatus.BAD_REQUEST, str(err))
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "the request is not UTF-8")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as err:  # one bad request must not take the server down
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(err).__name__}: {err}")

    def _error(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None):
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        if self.config.cors:
            self.send_header("Access-Control-Allow-Origin", self.config.cors)
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD" and status != HTTPStatus.NO_CONTENT:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if not self.config.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _one(params: dict[str, list[str]], key: str, required: bool = True) -> str | None:
    values = params.get(key)
    if not values:
        if required:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"missing {key}=")
        return None
    if len(values) > 1:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"give {key}= once")
    return values[0]


def make_server(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    enable_update: bool = False,
    cors: str | None = None,
    quiet: bool = False,
) -> ThreadingHTTPServer:
    """A ready (bound, not yet serving) endpoint; port 0 picks a free port (server.server_port)."""
    if cors is not None and (not cors or re.search(r"[\r\n]", cors)):
        raise KGraphError(f"--cors {cors!r}: give one origin such as http://localhost:3000, or *")
    config = EndpointConfig(store, enable_update, cors, quiet)
    handler = type("BoundSparqlHandler", (SparqlHandler,), {"config": config})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as err:
        raise StoreError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
    server.daemon_threads = True
    return server


def serve(store: Store, host: str = "127.0.0.1", port: int = 7878, **options) -> None:
    """Serve until interrupted, then close the store."""
    server = make_server(store, host, port, **options)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """Run a made server in a daemon thread (tests, notebooks); stop with server.shutdown()."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def _page() -> str:
    queries = json.dumps(bundled_queries()).replace("<", "\\u003c")
    options = "".join(
        f'<option value="{i}">{html.escape(q["name"])}</option>'
        for i, q in enumerate(bundled_queries())
    )
    return _PAGE.replace("{{OPTIONS}}", options).replace("{{QUERIES}}", queries)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kgraph SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:1.5rem;max-width:70rem;color:#222}
textarea{width:100%;height:16rem;font:13px/1.35 ui-monospace,monospace}
table{border-collapse:collapse;margin-top:1rem;font-size:13px}
td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}#status{color:#555;margin-left:1rem}#desc{color:#555}
pre{background:#f7f7f7;padding:.5rem;overflow:auto}
</style></head><body>
<h1>kgraph SPARQL endpoint</h1>
<p>POST or GET <code>/sparql</code> (SPARQL 1.1 Protocol). Bundled queries:
<select id="pick"><option value="">(choose)</option>{{OPTIONS}}</select></p>
<p id="desc"></p>
<form id="form"><textarea id="query" name="query" spellcheck="false">
SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 25</textarea>
<p><button type="submit">Run</button><span id="status"></span></p></form>
<div id="out"></div>
<script type="application/json" id="queries">{{QUERIES}}</script>
<script>
"use strict";
const queries = JSON.parse(document.getElementById("queries").textContent);
const q = document.getElementById("query"), out = document.getElementById("out");
const status = document.getElementById("status");
document.getElementById("pick").addEventListener("change", (e) => {
  const chosen = queries[e.target.value];
  if (!chosen) return;
  q.value = chosen.query;
  document.getElementById("desc").textContent = chosen.description;
});
function cell(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return term.value + " @" + term["xml:lang"];
  return term.value;
}
document.getElementById("form").addEventListener("submit", async (e) => {
  e.preventDefault();
  status.textContent = "running...";
  out.replaceChildren();
  const started = performance.now();
  const response = await fetch("sparql", {method: "POST",
    headers: {"Content-Type": "application/x-www-form-urlencoded",
              "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
    body: new URLSearchParams({query: q.value})});
  const text = await response.text();
  const took = ((performance.now() - started) / 1000).toFixed(2) + " s";
  if (!response.ok) { status.textContent = response.status + " " + text; return; }
  if (!(response.headers.get("Content-Type") || "").includes("sparql-results+json")) {
    const pre = document.createElement("pre"); pre.textContent = text; out.append(pre);
    status.textContent = took; return;
  }
  const data = JSON.parse(text);
  if ("boolean" in data) { status.textContent = String(data.boolean) + " (" + took + ")"; return; }
  const table = document.createElement("table"), head = table.insertRow();
  for (const v of data.head.vars) {
    const th = document.createElement("th"); th.textContent = v; head.append(th);
  }
  for (const b of data.results.bindings) {
    const row = table.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = cell(b[v]);
  }
  out.append(table);
  status.textContent = data.results.bindings.length + " rows (" + took + ")";
});
</script></body></html>
"""
