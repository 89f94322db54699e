"""kgraph.query: read-only SPARQL, safe bindings, W3C result formats, bundled queries."""

from __future__ import annotations

import csv
import io
import json
import sys
from importlib import resources
from pathlib import Path

import pytest
from rdflib import RDFS, SKOS, Graph, Literal, URIRef
from rdflib.query import Result

from kgraph.errors import QueryError
from kgraph.query import (
    QueryResult,
    bundled_query,
    list_bundled,
    parse_binding,
    run_bundled,
    run_query,
)

sys.path.insert(0, str(Path(__file__).parent))
from test_query_fixture import (  # noqa: E402
    ARM,
    ARM_TROOPS,
    AZE,
    KARABAKH,
    PEACEKEEPERS,
    REBELS,
    TRUCE,
    contract_graph,
)

BUNDLED = {
    "entities",
    "mediators",
    "agreements",
    "denials",
    "timeline",
    "relations-of",
    "claims",
    "contradictions",
}
KG = "https://w3id.org/kgraph/ontology#"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return contract_graph()


def columns(result: QueryResult, *names: str) -> list[tuple[str, ...]]:
    index = [result.variables.index(n) for n in names]
    return [tuple("" if row[i] is None else str(row[i]) for i in index) for row in result.rows]


# --- bundled queries -------------------------------------------------------------------------


def test_query_lists_all_bundled_queries_with_descriptions() -> None:
    listed = list_bundled()
    assert set(listed) == BUNDLED
    assert all(len(text) > 20 for text in listed.values())
    shipped = {p.name for p in (resources.files("kgraph") / "queries").iterdir()}
    assert {f"{name}.rq" for name in BUNDLED} <= shipped


def test_query_unknown_bundled_query_names_the_known_ones() -> None:
    with pytest.raises(QueryError, match="mediators"):
        bundled_query("nonesuch")


def test_query_entities_lists_each_entity_by_class(graph: Graph) -> None:
    result = run_bundled(graph, "entities")
    rows = columns(result, "class", "label")
    assert len(rows) == 8
    assert (KG + "PeacekeepingForce", "Russian peacekeepers") in rows
    assert (KG + "City", "Yevlakh") in rows
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    alts = dict(columns(result, "label", "altLabels"))
    assert set(alts["Azerbaijan"].split(" | ")) == {"Azerbaijan", "Baku"}


def test_query_mediators_gives_mediator_event_parties_date(graph: Graph) -> None:
    result = run_bundled(graph, "mediators")
    [(mediator, mediated, parties, date, evidence)] = columns(
        result, "mediator", "mediated", "parties", "date", "evidence"
    )
    assert (mediator, mediated) == (PEACEKEEPERS, TRUCE)
    assert set(parties.split(" | ")) == {"Karabakh rebels", "Azerbaijan"}
    assert date.startswith("2023-09-20T09:00:00")
    assert "brokered by Russian peacekeepers" in evidence


def test_query_agreements_gives_parties_and_agreed_edges(graph: Graph) -> None:
    rows = set(columns(run_bundled(graph, "agreements"), "party", "relation", "agreement", "date"))
    assert rows == {
        (AZE, KG + "party", TRUCE, "2023-09-20"),
        (REBELS, KG + "party", TRUCE, "2023-09-20"),
        (REBELS, KG + "agreedToCeasefire", AZE, "2023-09-20"),
        (REBELS, KG + "agreedToDisband", "https://w3id.org/kgraph/resource/event/disarm", ""),
        (REBELS, KG + "agreedToWithdraw", KARABAKH, ""),
    }


def test_query_denials_are_claims_with_their_source(graph: Graph) -> None:
    rows = columns(run_bundled(graph, "denials"), "who", "relation", "what", "claimedByLabel")
    assert rows == [(ARM, KG + "deniesPresence", KARABAKH, "Armenia")]


def test_query_timeline_is_in_date_order_without_negated_statements(graph: Graph) -> None:
    rows = columns(run_bundled(graph, "timeline"), "date", "kind", "what")
    dates = [r[0] for r in rows]
    assert dates == sorted(dates)
    assert ("2023-09-19", "event", KG + "MilitaryOperation") in rows
    assert ("2023-09-21", "statement", KG + "holdsTalksWith") in rows
    assert len(rows) == 6


@pytest.mark.parametrize("value", ["Armenia", "ARMENIA", "yerevan", f"<{ARM}>"])
def test_query_relations_of_matches_labels_alt_labels_and_iris(graph: Graph, value: str) -> None:
    name, term = parse_binding(f"entity={value}")
    rows = set(columns(run_bundled(graph, "relations-of", {name: term}), "direction", "relation"))
    assert rows == {
        ("out", KG + "deniesPresence"),
        ("out", KG + "accused"),
        ("in", KG + "attacked"),
    }


def test_query_relations_of_includes_events_the_entity_is_party_to(graph: Graph) -> None:
    rows = columns(run_bundled(graph, "relations-of", {"entity": "the rebels"}), "relation")
    assert (KG + "party",) in rows
    assert (KG + "holdsTalksWith",) in rows


def test_query_relations_of_needs_the_entity_binding(graph: Graph) -> None:
    with pytest.raises(QueryError, match="--bind entity="):
        run_bundled(graph, "relations-of")


def test_query_claims_say_who_claims_what(graph: Graph) -> None:
    rows = set(columns(run_bundled(graph, "claims"), "claimantLabel", "relation", "polarity"))
    assert rows == {
        ("Armenia", KG + "accused", "positive"),
        ("Armenia", KG + "deniesPresence", "negative"),
        ("Armenia", KG + "attacked", "positive"),
        ("Azerbaijan", KG + "deployedIn", "positive"),
        ("Azerbaijan", KG + "attacked", "negative"),
    }


def test_query_contradictions_pair_denials_with_assertions(graph: Graph) -> None:
    rows = set(
        columns(
            run_bundled(graph, "contradictions"),
            "subjectLabel",
            "denial",
            "assertion",
            "objectLabel",
        )
    )
    assert rows == {
        ("Armenia", KG + "deniesPresence", KG + "deployedIn", "Nagorno-Karabakh"),
        ("Azerbaijan", "negative statement", KG + "attacked", "Armenia"),
    }


def test_query_contradictions_catch_denies_against_an_edge() -> None:
    graph = contract_graph()
    graph.add((URIRef(AZE), URIRef(KG + "denies"), URIRef(ARM)))
    rows = set(columns(run_bundled(graph, "contradictions"), "subjectLabel", "assertion"))
    assert ("Azerbaijan", KG + "attacked") in rows


def test_query_contradictions_empty_when_nothing_conflicts() -> None:
    graph = contract_graph()
    graph.remove((URIRef(ARM_TROOPS), URIRef(KG + "deployedIn"), None))
    graph.remove((None, URIRef(KG + "polarity"), Literal("negative")))
    graph.remove((URIRef(ARM), URIRef(KG + "deniesPresence"), None))
    assert run_bundled(graph, "contradictions").rows == []


@pytest.mark.parametrize("name", sorted(BUNDLED - {"relations-of"}))
def test_query_bundled_queries_run_on_an_empty_graph(name: str) -> None:
    assert run_bundled(Graph(), name).rows == []


# --- safety ----------------------------------------------------------------------------------

INJECTIONS = [
    'x" } ; DROP ALL ; #',
    "Armenia' } UNION { ?s ?p ?o } #",
    "> } DELETE WHERE { ?s ?p ?o",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_query_bind_values_are_not_injectable(value: str) -> None:
    graph = contract_graph()
    before = len(graph)
    assert run_bundled(graph, "relations-of", {"entity": value}).rows == []
    plain = run_query(graph, "SELECT ?s WHERE { ?s rdfs:label ?name }", {"name": value})
    assert plain.rows == []
    assert len(graph) == before


@pytest.mark.parametrize(
    "update",
    [
        "DROP ALL",
        "CLEAR DEFAULT",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "INSERT DATA { <urn:x:a> <urn:x:p> <urn:x:b> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CREATE GRAPH <urn:x:g>",
        "PREFIX kg: <urn:x:> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    ],
)
def test_query_refuses_updates(update: str) -> None:
    graph = contract_graph()
    before = len(graph)
    with pytest.raises(QueryError, match="read-only"):
        run_query(graph, update)
    assert len(graph) == before


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?q ?r } } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
        "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    ],
)
def test_query_refuses_service_clauses(graph: Graph, sparql: str) -> None:
    with pytest.raises(QueryError, match="--allow-service"):
        run_query(graph, sparql)


def test_query_allowed_service_reaches_only_the_named_server(graph: Graph) -> None:
    # Port 9 on loopback is closed: rdflib tries it and the failure is our error, not a crash.
    sparql = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="failed while running"):
        run_query(graph, sparql, allow_service=True)


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_query_refuses_dataset_clauses(graph: Graph, sparql: str) -> None:
    with pytest.raises(QueryError, match="FROM"):
        run_query(graph, sparql)


def test_query_malformed_sparql_reports_line_and_column(graph: Graph) -> None:
    sparql = "SELECT ?s\nWHERE {\n  ?s ?p ?o ..\n}"
    with pytest.raises(QueryError, match=r"line \d+, column \d+") as info:
        run_query(graph, sparql)
    assert "malformed SPARQL" in str(info.value)
    assert "\n" not in str(info.value)


def test_query_undeclared_prefix_is_query_error(graph: Graph) -> None:
    with pytest.raises(QueryError):
        run_query(graph, "SELECT * WHERE { ?s nope:thing ?o }")


@pytest.mark.parametrize("sparql", ["", "   \n"])
def test_query_empty_query_is_query_error(graph: Graph, sparql: str) -> None:
    with pytest.raises(QueryError, match="empty"):
        run_query(graph, sparql)


def test_query_binding_for_absent_variable_is_refused(graph: Graph) -> None:
    with pytest.raises(QueryError, match="no variable"):
        run_query(graph, "SELECT ?s WHERE { ?s ?p ?o }", {"entity": "x"})
    with pytest.raises(QueryError, match="letters, digits"):
        run_query(graph, "SELECT ?s WHERE { ?s ?p ?o }", {"s o": "x"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("entity=Armenia", ("entity", Literal("Armenia"))),
        ("?entity=a=b", ("entity", Literal("a=b"))),
        ("entity=<urn:x:a>", ("entity", URIRef("urn:x:a"))),
        ("entity=", ("entity", Literal(""))),
    ],
)
def test_query_parse_binding(text: str, expected: tuple) -> None:
    assert parse_binding(text) == expected


@pytest.mark.parametrize("text", ["entity", "=x", "entity=<urn:x a>", 'e=<urn:x">'])
def test_query_parse_binding_rejects_bad_input(text: str) -> None:
    with pytest.raises(QueryError):
        parse_binding(text)


# --- result formats --------------------------------------------------------------------------

SELECT_LABELS = (
    "SELECT ?entity ?label WHERE { ?entity a kg:Country ; rdfs:label ?label } ORDER BY ?label"
)


def test_query_csv_parses_back(graph: Graph) -> None:
    text = run_query(graph, SELECT_LABELS).serialize("csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [{"entity": ARM, "label": "Armenia"}, {"entity": AZE, "label": "Azerbaijan"}]


def test_query_tsv_parses_back_with_rdflib(graph: Graph) -> None:
    text = run_query(graph, SELECT_LABELS).serialize("tsv")
    assert text.splitlines()[0] == "?entity\t?label"
    parsed = Result.parse(io.StringIO(text), format="tsv")
    assert [(row[0], row[1]) for row in parsed] == [
        (URIRef(ARM), Literal("Armenia")),
        (URIRef(AZE), Literal("Azerbaijan")),
    ]


def test_query_tsv_keeps_tabs_and_newlines_inside_one_cell() -> None:
    graph = Graph()
    graph.add((URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("one\ttwo\nthree")))
    text = run_query(graph, "SELECT ?o WHERE { ?s ?p ?o }").serialize("tsv")
    assert len(text.splitlines()) == 2
    [row] = list(Result.parse(io.StringIO(text), format="tsv"))
    assert str(row[0]) == "one\ttwo\nthree"


def test_query_json_is_w3c_sparql_results(graph: Graph) -> None:
    text = run_query(graph, SELECT_LABELS).serialize("json")
    doc = json.loads(text)
    assert doc["head"]["vars"] == ["entity", "label"]
    assert doc["results"]["bindings"][0]["entity"] == {"type": "uri", "value": ARM}
    parsed = Result.parse(io.StringIO(text), format="json")
    assert len(list(parsed)) == 2


def test_query_unbound_cells_are_empty(graph: Graph) -> None:
    sparql = "SELECT ?s ?x WHERE { ?s a kg:City OPTIONAL { ?s kg:nothing ?x } }"
    result = run_query(graph, sparql)
    assert list(csv.reader(io.StringIO(result.serialize("csv"))))[1][1] == ""
    assert json.loads(result.serialize("json"))["results"]["bindings"][0].keys() == {"s"}


def test_query_table_is_aligned_and_shortens_iris(graph: Graph) -> None:
    text = run_query(graph, SELECT_LABELS).serialize("table")
    lines = text.splitlines()
    assert lines[0].split() == ["entity", "label"]
    assert lines[2].startswith("kgr:entity/armenia-2b3c4d5e")
    assert lines[2].index("Armenia") == lines[0].index("label")
    assert lines[-1] == "(2 rows)"


def test_query_table_truncates_long_cells_to_one_line() -> None:
    graph = Graph()
    graph.add((URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("word " * 50 + "\nnext line")))
    text = run_query(graph, "SELECT ?o WHERE { ?s ?p ?o }").serialize("table")
    assert len(text.splitlines()) == 4
    assert "…" in text


def test_query_ask_gives_true_or_false(graph: Graph) -> None:
    assert run_query(graph, "ASK { ?s a kg:City }").serialize("table") == "true\n"
    assert run_query(graph, "ASK { ?s a kg:Person }").serialize("csv") == "false\n"
    assert json.loads(run_query(graph, "ASK { ?s a kg:City }").serialize("json"))["boolean"]


def test_query_construct_and_describe_print_turtle(graph: Graph) -> None:
    construct = "CONSTRUCT { ?s a kg:Country } WHERE { ?s a kg:Country }"
    text = run_query(graph, construct).serialize("table")
    assert "@prefix kg: <https://w3id.org/kgraph/ontology#> ." in text
    assert len(Graph().parse(data=text, format="turtle")) == 2
    described = run_query(graph, f"DESCRIBE <{AZE}>")
    assert described.kind == "DESCRIBE"
    assert (URIRef(AZE), None, None) in Graph().parse(
        data=described.serialize("csv"), format="turtle"
    )


def test_query_unknown_result_format_is_query_error(graph: Graph) -> None:
    with pytest.raises(QueryError, match="unknown result format"):
        run_query(graph, SELECT_LABELS).serialize("yaml")


def test_query_kind_and_boolean(graph: Graph) -> None:
    assert run_query(graph, SELECT_LABELS).kind == "SELECT"
    ask = run_query(graph, "ASK { ?s a kg:City }")
    assert (ask.kind, ask.boolean, ask.rows) == ("ASK", True, [])


SPARSE_ROWS = {
    "entities": 8,
    "mediators": 1,
    "agreements": 5,
    "denials": 1,
    "timeline": 0,
    "relations-of": 3,
    "claims": 5,
    "contradictions": 2,
}


@pytest.mark.parametrize(("name", "expected"), sorted(SPARSE_ROWS.items()))
def test_query_bundled_queries_survive_missing_labels_and_evidence(
    name: str, expected: int
) -> None:
    # Unbound values in ORDER BY and GROUP_CONCAT trip rdflib when a query is careless.
    graph = contract_graph()
    for prop in (RDFS.label, SKOS.altLabel, URIRef(KG + "text"), URIRef(KG + "date")):
        graph.remove((None, prop, None))
    bindings = {"entity": URIRef(ARM)} if name == "relations-of" else None
    result = run_bundled(graph, name, bindings)
    assert len(result.rows) == expected
    for fmt in ("table", "csv", "tsv", "json"):
        assert result.serialize(fmt)


def test_query_entities_without_alt_labels(graph: Graph) -> None:
    sparse = contract_graph()
    sparse.remove((URIRef(ARM), SKOS.altLabel, None))
    alts = dict(columns(run_bundled(sparse, "entities"), "label", "altLabels"))
    assert alts["Armenia"] == ""
    assert alts["Azerbaijan"] == "Azerbaijan | Baku"
