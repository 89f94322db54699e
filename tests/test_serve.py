"""The SPARQL endpoint over loopback, driven by a real client (SPARQLWrapper) and raw HTTP."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from test_store import KGR, article
from typer.testing import CliRunner

from kgraph.serve import bundled_queries, make_server, negotiate, serve_in_thread
from kgraph.stores import graph_iri, open_store

pytestmark = pytest.mark.server
N_ENTITIES = 40


def _fill(store) -> None:
    store.replace_graph(graph_iri("w1"), article("w1", "hw1", "Talks resume"), "ttl")
    lines = [
        f'<{KGR}entity/e{i}> <http://www.w3.org/2000/01/rdf-schema#label> "Entity {i}" .'
        for i in range(N_ENTITIES)
    ]
    store.replace_graph(graph_iri("w2"), "\n".join(lines), "nt")


@pytest.fixture
def oxigraph_store(tmp_path):
    store = open_store(tmp_path / "store")
    _fill(store)
    yield store
    store.close()


def _start(store, **options):
    server = make_server(store, "127.0.0.1", 0, quiet=True, **options)
    serve_in_thread(server)
    return server, f"http://127.0.0.1:{server.server_port}/sparql"


@pytest.fixture
def endpoint(oxigraph_store):
    server, url = _start(oxigraph_store)
    yield url
    server.shutdown()
    server.server_close()


def _http(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


LABELS = "SELECT ?x ?label WHERE { ?x a kg:Country ; rdfs:label ?label } ORDER BY ?label"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_serve_sparqlwrapper_get_and_post_json(endpoint, method):
    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setQuery(LABELS)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    assert labels == ["Freedonia", "Sylvania"]


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        (XML, "application/sparql-results+xml"),
        (CSV, "text/csv"),
        (TSV, "text/tab-separated-values"),
    ],
)
def test_serve_negotiates_w3c_result_formats(endpoint, fmt, media):
    client = SPARQLWrapper(endpoint)
    client.setQuery(LABELS)
    client.setReturnFormat(fmt)
    response = client.query()
    assert response.response.headers["Content-Type"].startswith(media)
    body = response.response.read()
    if fmt == XML:
        parsed = rdflib.query.Result.parse(io.BytesIO(body), format="xml")
        assert sorted(str(row[1]) for row in parsed) == ["Freedonia", "Sylvania"]
    elif fmt == CSV:
        rows = list(csv.reader(io.StringIO(body.decode())))
        assert rows[0] == ["x", "label"] and [r[1] for r in rows[1:]] == ["Freedonia", "Sylvania"]
    else:
        lines = body.decode().splitlines()
        assert lines[0] == "?x\t?label"
        assert lines[1] == f'<{KGR}entity/freedonia-0a1b2c3d>\t"Freedonia"'


def test_serve_construct_as_turtle_and_ntriples(endpoint):
    sparql = "CONSTRUCT { ?x rdfs:label ?l } WHERE { ?x a kg:Country ; rdfs:label ?l }"
    client = SPARQLWrapper(endpoint)
    client.setQuery(sparql)
    client.setReturnFormat(TURTLE)
    graph = client.query().convert()
    graph = rdflib.Graph().parse(data=graph, format="turtle") if isinstance(graph, bytes) else graph
    assert {str(o) for o in graph.objects()} == {"Freedonia", "Sylvania"}
    query = urllib.parse.urlencode({"query": sparql})
    status, headers, body = _http(
        f"{endpoint}?{query}", headers={"Accept": "application/n-triples"}
    )
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(rdflib.Graph().parse(data=body, format="nt")) == 2


def test_serve_ask_and_sparql_query_body(endpoint):
    status, headers, body = _http(
        endpoint,
        data=b'ASK { ?x rdfs:label "Entity 7" }',
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


def test_serve_accept_and_format_parameter(endpoint):
    query = urllib.parse.urlencode({"query": LABELS})
    status, headers, _ = _http(
        f"{endpoint}?{query}", headers={"Accept": "text/html;q=0.9, text/csv;q=0.5, */*;q=0.1"}
    )
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, headers, _ = _http(f"{endpoint}?{query}&format=tsv")
    assert headers["Content-Type"].startswith("text/tab-separated-values")
    status, _, body = _http(f"{endpoint}?{query}", headers={"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body
    assert negotiate(None, "select") == ("json", "application/sparql-results+json")
    assert negotiate("*/*", "construct") == ("ttl", "text/turtle")


def test_serve_is_read_only_by_default(endpoint, oxigraph_store):
    size = len(oxigraph_store)
    update = f"INSERT DATA {{ GRAPH <{graph_iri('x')}> {{ <{KGR}a> <{KGR}b> <{KGR}c> }} }}"
    form = urllib.parse.urlencode({"update": update}).encode()
    status, _, body = _http(
        endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403 and b"--enable-update" in body
    status, _, _ = _http(
        endpoint, data=update.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert status == 403
    # an update smuggled in as a query is a malformed query, not a write
    status, _, _ = _http(f"{endpoint}?{urllib.parse.urlencode({'query': update})}")
    assert status == 400
    assert len(oxigraph_store) == size


def test_serve_updates_when_enabled(oxigraph_store):
    server, url = _start(oxigraph_store, enable_update=True)
    try:
        update = f'INSERT DATA {{ GRAPH <{graph_iri("x")}> {{ <{KGR}a> <{KGR}b> "new" }} }}'
        status, _, _ = _http(
            url, data=update.encode(), headers={"Content-Type": "application/sparql-update"}
        )
        assert status == 204
        client = SPARQLWrapper(url)
        client.setQuery('ASK { ?s ?p "new" }')
        client.setReturnFormat(JSON)
        assert client.query().convert()["boolean"] is True
    finally:
        server.shutdown()
        server.server_close()


def test_serve_cors_only_when_asked(endpoint, oxigraph_store):
    query = urllib.parse.urlencode({"query": "ASK {}"})
    _, headers, _ = _http(f"{endpoint}?{query}", headers={"Origin": "http://app.test"})
    assert not any(k.lower().startswith("access-control") for k in headers)
    server, url = _start(oxigraph_store, cors="http://app.test")
    try:
        _, headers, _ = _http(f"{url}?{query}", headers={"Origin": "http://app.test"})
        assert headers["Access-Control-Allow-Origin"] == "http://app.test"
        status, headers, _ = _http(url, method="OPTIONS")
        assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
    finally:
        server.shutdown()
        server.server_close()


def test_serve_errors_are_plain_http_statuses(endpoint):
    status, _, body = _http(f"{endpoint}?{urllib.parse.urlencode({'query': 'SELECT ?x {'})}")
    assert status == 400 and body
    status, _, _ = _http(endpoint, data=b"x", headers={"Content-Type": "text/plain"})
    assert status == 415
    status, _, _ = _http(endpoint.replace("/sparql", "/nothing"))
    assert status == 404
    status, _, _ = _http(f"{endpoint}?query=ASK%7B%7D&default-graph-uri=http://x/")
    assert status == 400


def test_serve_query_page_lists_bundled_queries_without_cdn(endpoint):
    status, headers, body = _http(endpoint.replace("/sparql", "/"))
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    names = [q["name"] for q in bundled_queries()]
    folder = Path(__file__).parents[1] / "src" / "kgraph" / "queries"
    assert sorted(names) == sorted(p.stem for p in folder.glob("*.rq"))
    for name in names:
        assert f">{name}</option>" in page
    assert "src=" not in page and "<link" not in page and "@import" not in page


def _hammer(url: str, clients: int, per_client: int) -> list[str]:
    problems: list[str] = []

    def worker(number: int) -> None:
        client = SPARQLWrapper(url)
        client.setReturnFormat(JSON)
        for round_ in range(per_client):
            i = (number * 7 + round_) % N_ENTITIES
            client.setQuery(f"SELECT ?l WHERE {{ <{KGR}entity/e{i}> rdfs:label ?l }}")
            try:
                rows = client.query().convert()["results"]["bindings"]
                got = [r["l"]["value"] for r in rows]
                if got != [f"Entity {i}"]:
                    problems.append(f"client {number} round {round_}: {got}")
            except Exception as err:  # collected, so one failure does not hide the others
                problems.append(f"client {number} round {round_}: {err!r}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return problems


@pytest.mark.slow
def test_serve_concurrent_clients_all_answered_correctly(endpoint):
    problems = _hammer(endpoint, clients=8, per_client=200)
    assert problems == []


def test_serve_concurrent_clients_on_memory_store():
    store = open_store("memory")
    _fill(store)
    server, url = _start(store)
    try:
        assert _hammer(url, clients=8, per_client=25) == []
    finally:
        server.shutdown()
        server.server_close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_cli_subprocess_answers_and_stops(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as store:
        _fill(store)
    kgraph = shutil.which("kgraph", path=str(Path(sys.executable).parent))
    assert kgraph, "the kgraph command is installed in the virtualenv"
    port = _free_port()
    process = subprocess.Popen(
        [kgraph, "serve", "--store", str(path), "--port", str(port), "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, _, body = _http(url, headers={"Accept": "application/json"})
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        os.kill(process.pid, signal.SIGINT)
        process.wait(timeout=20)
    assert "read-only" in process.stderr.read()
    with open_store(path, lock_timeout=1) as reopened:  # the server released its lock
        assert reopened.has_graph(graph_iri("w1"))


def test_serve_cli_reports_bad_store_in_one_line(tmp_path):
    from kgraph.cli import app

    result = CliRunner().invoke(app, ["serve", "--store", "http://127.0.0.1:9/sparql"])
    assert result.exit_code == 1
    assert "sparql+" in result.output
    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "absent")])
    assert result.exit_code == 1 and "no oxigraph store" in result.output
