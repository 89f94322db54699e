"""Store round trips on the real engines: rdflib, pyoxigraph on disk, and Virtuoso over HTTP."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time

import pytest
import rdflib
from rdflib.compare import isomorphic
from virtuoso import VirtuosoServer, unavailable_reason

from kgraph.errors import QueryError, StoreError
from kgraph.stores import GRAPH_BASE, graph_iri, open_store

KG = "https://w3id.org/kgraph/ontology#"
KGR = "https://w3id.org/kgraph/resource/"


def article(doc_id: str, content_hash: str, title: str, country: str = "Freedonia") -> str:
    """A contract-shaped article graph in Turtle, written by hand for these tests."""
    slug = country.lower()
    return f"""
@prefix kg: <{KG}> . @prefix kgr: <{KGR}> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
kgr:document\\/{doc_id} a kg:Document ; dcterms:title {json.dumps(title)}@en ;
    dcterms:identifier "{doc_id}" ; dcterms:issued "2024-03-01"^^xsd:date ;
    kg:contentHash "{content_hash}" .
kgr:sentence\\/{doc_id}-0 a kg:Sentence ; kg:text "Talks were held in the capital." ;
    kg:charStart 0 ; kg:charEnd 31 ; dcterms:isPartOf kgr:document\\/{doc_id} .
kgr:entity\\/{slug}-0a1b2c3d a kg:Country ; rdfs:label "{country}" ;
    kg:mentionedIn kgr:document\\/{doc_id} .
kgr:entity\\/sylvania-9f8e7d6c a kg:Country ; rdfs:label "Sylvania" .
kgr:entity\\/{slug}-0a1b2c3d kg:holdsTalksWith kgr:entity\\/sylvania-9f8e7d6c .
kgr:statement\\/{doc_id}-s1 a kg:Statement ; rdf:subject kgr:entity\\/{slug}-0a1b2c3d ;
    rdf:predicate kg:holdsTalksWith ; rdf:object kgr:entity\\/sylvania-9f8e7d6c ;
    kg:polarity "positive" ; kg:confidence "0.8"^^xsd:decimal ;
    prov:wasDerivedFrom kgr:sentence\\/{doc_id}-0 .
"""


def as_graph(turtle: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=turtle, format="turtle")


@pytest.fixture(scope="module")
def virtuoso():
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"Virtuoso tests skipped: {reason}")
    with VirtuosoServer() as server:
        yield server


@pytest.fixture(params=["memory", "oxigraph", "virtuoso", "virtuoso-update"])
def store(request, tmp_path):
    if request.param == "memory":
        handle = open_store("memory")
    elif request.param == "oxigraph":
        handle = open_store(f"oxigraph:{tmp_path / 'store'}")
    else:
        server = request.getfixturevalue("virtuoso")
        spec = server.store_spec if request.param == "virtuoso" else server.update_only_spec
        handle = open_store(spec)
        for iri in handle.graphs():  # the server is shared by the module's tests
            handle.remove_graph(iri)
    yield handle
    if request.param.startswith("virtuoso"):
        for iri in handle.graphs():
            handle.remove_graph(iri)
    handle.close()


def test_store_replace_graph_replaces_exactly_one_article(store):
    store.replace_graph(graph_iri("a1"), article("a1", "h1", "First"), "ttl")
    store.replace_graph(graph_iri("a2"), article("a2", "h2", "Second", "Ruritania"), "ttl")
    before_a2 = len(store)
    assert store.graphs() == [GRAPH_BASE + "a1", GRAPH_BASE + "a2"]

    store.replace_graph(graph_iri("a1"), article("a1", "h1b", "First, revised"), "text/turtle")

    titles = {str(r[0]) for r in store.query("SELECT ?t WHERE { ?d dcterms:title ?t }").rows()}
    assert titles == {"First, revised", "Second"}
    assert store.graph_hash(graph_iri("a1")) == "h1b"
    assert store.graph_hash(graph_iri("a2")) == "h2"
    assert len(store) == before_a2  # same shape: one article swapped for its new version
    ask = "ASK { GRAPH ?g { ?d dcterms:title ?t } }"
    assert bool(
        store.query(
            ask, {"g": rdflib.URIRef(graph_iri("a2")), "t": rdflib.Literal("Second", lang="en")}
        )
    )
    assert not bool(
        store.query(
            ask, {"g": rdflib.URIRef(graph_iri("a1")), "t": rdflib.Literal("First", lang="en")}
        )
    )


def test_store_reload_same_article_is_idempotent(store, tmp_path):
    data = article("b1", "hb", "Same")
    store.replace_graph(graph_iri("b1"), data, "ttl")
    first = len(store)
    store.dump(tmp_path / "one.nq")
    store.replace_graph(graph_iri("b1"), data, "ttl")
    store.dump(tmp_path / "two.nq")
    assert len(store) == first == len(as_graph(data))
    one = rdflib.Dataset().parse(tmp_path / "one.nq", format="nquads")
    two = rdflib.Dataset().parse(tmp_path / "two.nq", format="nquads")
    assert sorted(one.quads()) == sorted(two.quads())


def test_store_has_graph_hash_and_remove(store):
    iri = graph_iri("c1")
    assert not store.has_graph(iri)
    assert store.graph_hash(iri) is None
    store.replace_graph(iri, as_graph(article("c1", "hc", "C")).serialize(format="nt"))
    assert store.has_graph(iri)
    assert store.graph_hash(iri) == "hc"
    store.remove_graph(iri)
    store.remove_graph(iri)  # absent: no error
    assert not store.has_graph(iri)
    assert len(store) == 0


def test_store_query_results_convert_to_w3c_formats(store):
    store.replace_graph(graph_iri("d1"), article("d1", "hd", 'Quote "and" tab\there'), "ttl")
    sparql = "SELECT ?d ?t WHERE { ?d a kg:Document ; dcterms:title ?t }"
    as_json = json.loads(store.query(sparql).serialize("json"))
    assert as_json["head"]["vars"] == ["d", "t"]
    (binding,) = as_json["results"]["bindings"]
    assert binding["d"]["value"] == KGR + "document/d1"
    assert binding["t"] == {"type": "literal", "value": 'Quote "and" tab\there', "xml:lang": "en"}
    csv_text = store.query(sparql).serialize("text/csv").decode()
    assert csv_text.splitlines()[0] == "d,t"
    tsv_lines = store.query(sparql).serialize("tsv").decode().splitlines()
    assert tsv_lines[0] == "?d\t?t"
    assert tsv_lines[1].startswith(f"<{KGR}document/d1>\t") and tsv_lines[1].endswith("@en")
    xml = store.query(sparql).serialize("application/sparql-results+xml")
    parsed = rdflib.query.Result.parse(io.BytesIO(xml), format="xml")
    assert [str(v) for v in parsed.vars] == ["d", "t"]

    result = store.query("CONSTRUCT { ?d dcterms:title ?t } WHERE { ?d dcterms:title ?t }")
    assert result.kind == "graph"
    graph = rdflib.Graph().parse(data=result.serialize("nt"), format="nt")
    assert len(graph) == 1
    assert bool(store.query("ASK { ?x a kg:Country }")) is True
    assert bool(store.query("ASK { ?x a kg:City }")) is False


def test_store_bindings_are_values_not_text(store):
    store.replace_graph(graph_iri("e1"), article("e1", "he", "E"), "ttl")
    sparql = "SELECT ?x WHERE { ?x rdfs:label ?name }"
    rows = list(store.query(sparql, {"name": "Freedonia"}).rows())
    assert rows == [(rdflib.URIRef(KGR + "entity/freedonia-0a1b2c3d"),)]
    # A value that would be an injection if pasted into the text stays a literal.
    assert list(store.query(sparql, {"name": '" } ?x ?p ?o { "'}).rows()) == []


def test_store_dump_and_bulk_load_round_trip(store, tmp_path):
    store.replace_graph(graph_iri("f1"), article("f1", "hf1", "F1"), "ttl")
    store.replace_graph(graph_iri("f2"), article("f2", "hf2", "F2", "Ruritania"), "ttl")
    union = store.union_graph()
    # The union de-duplicates what two articles both say (Sylvania is a Country).
    assert len(union) < len(store)
    store.dump(tmp_path / "all.nq")
    store.dump(tmp_path / "all.ttl")
    store.dump(tmp_path / "all.nt", "nt")
    assert isomorphic(rdflib.Graph().parse(tmp_path / "all.ttl"), union)
    assert isomorphic(rdflib.Graph().parse(tmp_path / "all.nt", format="nt"), union)

    with open_store(f"oxigraph:{tmp_path / 'copy'}") as copy:
        copy.bulk_load(tmp_path / "all.nq", "nq")
        assert copy.graphs() == store.graphs()
        assert len(copy) == len(store)
        assert copy.graph_hash(graph_iri("f2")) == "hf2"
        assert isomorphic(copy.union_graph(), union)


def test_store_bulk_load_triples_needs_a_graph(store, tmp_path):
    path = tmp_path / "one.nt"
    path.write_text(as_graph(article("g1", "hg", "G")).serialize(format="nt"))
    with pytest.raises(StoreError, match="graph_iri"):
        store.bulk_load(path, "nt")
    store.bulk_load(path, "nt", graph_iri=graph_iri("g1"))
    assert store.graph_hash(graph_iri("g1")) == "hg"


def test_store_malformed_data_keeps_the_old_graph(store):
    store.replace_graph(graph_iri("h1"), article("h1", "hh", "H"), "ttl")
    size = len(store)
    with pytest.raises(StoreError, match="cannot parse"):
        store.replace_graph(graph_iri("h1"), "<broken", "nt")
    assert len(store) == size
    assert store.graph_hash(graph_iri("h1")) == "hh"


def test_store_malformed_query_is_a_query_error(store):
    with pytest.raises(QueryError):
        store.query("SELECT ?x WHERE { ?x ")


def test_store_update_runs_only_on_writable_stores(store, tmp_path):
    store.update(f'INSERT DATA {{ GRAPH <{GRAPH_BASE}u1> {{ <{KGR}x> <{KG}p> "1" }} }}')
    assert store.has_graph(GRAPH_BASE + "u1")
    store.close()
    if store.name == "oxigraph":
        with open_store(f"oxigraph:{tmp_path / 'store'}", read_only=True) as ro:
            assert ro.has_graph(GRAPH_BASE + "u1")
            with pytest.raises(StoreError, match="read-only"):
                ro.update(f"DROP GRAPH <{GRAPH_BASE}u1>")
            with pytest.raises(StoreError, match="read-only"):
                ro.replace_graph(GRAPH_BASE + "u1", "")


def test_store_oxigraph_persists_after_close(tmp_path):
    path = tmp_path / "persist"
    with open_store(str(path)) as store:
        store.replace_graph(graph_iri("p1"), article("p1", "hp", "P"), "ttl")
    with open_store(str(path)) as again:
        assert again.graph_hash(graph_iri("p1")) == "hp"
        assert again.name == "oxigraph"


def test_store_oxigraph_second_writer_waits_then_fails(tmp_path):
    path = tmp_path / "locked"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from kgraph.stores import open_store\n"
            "s = open_store(sys.argv[1]); print('open', flush=True); time.sleep(30)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        with pytest.raises(StoreError, match="in use by another kgraph process"):
            open_store(str(path), lock_timeout=1.0)
        assert time.monotonic() - started >= 0.9
    finally:
        holder.kill()
        holder.wait(timeout=10)
    with open_store(str(path), lock_timeout=5.0) as store:  # released when the holder died
        assert len(store) == 0


def test_store_open_store_chooses_by_name_or_url(tmp_path):
    assert open_store(None).name == "memory"
    assert open_store("memory").name == "memory"
    with open_store(tmp_path / "plain") as plain:
        assert plain.name == "oxigraph"
    ttl = tmp_path / "graph.ttl"
    ttl.write_text(article("m1", "hm", "M"))
    loaded = open_store(str(ttl))
    assert loaded.name == "memory" and len(loaded) == len(as_graph(article("m1", "hm", "M")))
    remote = open_store("sparql+http://127.0.0.1:9/sparql?gsp=/crud")
    assert (
        remote.endpoint == "http://127.0.0.1:9/sparql" and remote.gsp == "http://127.0.0.1:9/crud"
    )
    with pytest.raises(StoreError, match="cannot reach"):
        len(remote)
    with pytest.raises(StoreError, match="sparql\\+"):
        open_store("http://127.0.0.1:9/sparql")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(StoreError, match="neither"):
        open_store(str(tmp_path / "notes.txt"))


def test_store_memory_refuses_remote_clauses():
    store = open_store("memory")
    with pytest.raises(QueryError, match="SERVICE"):
        store.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="FROM"):
        store.query("SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }")
    # the words inside literals are fine
    assert list(store.query('SELECT ?s WHERE { ?s ?p "FROM SERVICE" }').rows()) == []


def test_store_graph_iri_rejects_unsafe_ids():
    assert graph_iri("abc-1.2_x") == GRAPH_BASE + "abc-1.2_x"
    with pytest.raises(StoreError):
        graph_iri("a b>")


def test_store_gzip_bulk_load(tmp_path):
    import gzip

    data = as_graph(article("z1", "hz", "Z")).serialize(format="nt").encode()
    path = tmp_path / "a.nt.gz"
    path.write_bytes(gzip.compress(data))
    with open_store(tmp_path / "gz") as store:
        store.bulk_load(path, "nt", graph_iri=graph_iri("z1"))
        assert store.graph_hash(graph_iri("z1")) == "hz"


def test_store_bindings_reach_subqueries_and_projections(store):
    store.replace_graph(graph_iri("s1"), article("s1", "hs", "S"), "ttl")
    inner = """SELECT ?node WHERE {
      { SELECT DISTINCT ?node WHERE {
          ?node rdfs:label ?name . FILTER(LCASE(STR(?name)) = LCASE(STR(?entity))) } }
    }"""
    rows = list(store.query(inner, {"entity": "FREEDONIA"}).rows())
    assert rows == [(rdflib.URIRef(KGR + "entity/freedonia-0a1b2c3d"),)]
    projected = "SELECT ?x ?name WHERE { ?x rdfs:label ?name }"
    rows = list(store.query(projected, {"name": "Sylvania"}).rows())
    assert rows == [(rdflib.URIRef(KGR + "entity/sylvania-9f8e7d6c"), rdflib.Literal("Sylvania"))]


def test_store_union_counts_a_shared_triple_once(store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?x rdfs:label ?name }"
    sylvania = {"name": rdflib.Literal("Sylvania")}
    store.replace_graph(graph_iri("u1"), article("u1", "h1", "U1"), "ttl")
    store.replace_graph(graph_iri("u2"), article("u2", "h2", "U2", "Ruritania"), "ttl")
    assert int(next(store.query(count, sylvania).rows())[0]) == 1
    store.remove_graph(graph_iri("u1"))
    assert int(next(store.query(count, sylvania).rows())[0]) == 1  # u2 still says it
    store.replace_graph(graph_iri("u2"), article("u2", "h2", "U2", "Ruritania"), "ttl")
    assert int(next(store.query(count, sylvania).rows())[0]) == 1
    store.remove_graph(graph_iri("u2"))
    assert int(next(store.query(count, sylvania).rows())[0]) == 0
    assert len(store.union_graph()) == 0
