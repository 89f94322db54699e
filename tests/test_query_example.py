"""Bundled queries, exports and evaluation on the real graph of the bundled example article
(built by the pipeline), checking what issue 2 requires the graph to hold."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kgraph.export import to_networkx
from kgraph.graphio import FORMATS, load_graph, write_graph
from kgraph.query import run_bundled, run_query

pytestmark = pytest.mark.slow
KG = "https://w3id.org/kgraph/ontology#"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def example() -> Graph:
    pipeline = pytest.importorskip("kgraph.pipeline")
    from kgraph.resources import example_path

    return pipeline.build_graph([example_path()])


def labels(result, column: str) -> set[str]:
    i = result.variables.index(column)
    return {str(row[i]) for row in result.rows if row[i] is not None}


def test_query_example_entities_have_the_contract_classes(example: Graph) -> None:
    result = run_bundled(example, "entities")
    by_class = {}
    for cls, _, label, _ in result.rows:
        by_class.setdefault(str(cls)[len(KG) :], set()).add(str(label))
    assert {"Armenia", "Azerbaijan"} <= by_class["Country"]
    assert "Yevlakh" in by_class["City"]
    assert "Nagorno-Karabakh" in by_class["Region"]
    assert by_class["PeacekeepingForce"]


def test_query_example_mediators_name_the_peacekeepers(example: Graph) -> None:
    result = run_bundled(example, "mediators")
    assert any("Russian" in label for label in labels(result, "mediatorLabel"))
    assert {"Azerbaijan"} <= set(" | ".join(labels(result, "parties")).split(" | "))


def test_query_example_denial_is_armenias_claim(example: Graph) -> None:
    result = run_bundled(example, "denials")
    rows = {(str(r[1]), str(r[2]), str(r[4])) for r in result.rows}
    assert ("Armenia", KG + "deniesPresence", "Nagorno-Karabakh") in rows
    claims = run_bundled(example, "claims")
    i, j = claims.variables.index("claimantLabel"), claims.variables.index("polarity")
    assert ("Armenia", "negative") in {(str(r[i]), str(r[j])) for r in claims.rows}


def test_query_example_timeline_is_ordered(example: Graph) -> None:
    result = run_bundled(example, "timeline")
    dates = [str(row[0]) for row in result.rows]
    assert dates == sorted(dates)
    assert dates[0].startswith("2023-09-19")
    assert any(d.startswith("2023-09-21") for d in dates)


def test_query_example_relations_of_armenia(example: Graph) -> None:
    result = run_bundled(example, "relations-of", {"entity": "armenia"})
    relations = {str(row[result.variables.index("relation")]) for row in result.rows}
    assert KG + "deniesPresence" in relations


def test_query_example_agreements_have_parties(example: Graph) -> None:
    result = run_bundled(example, "agreements")
    assert "Azerbaijan" in labels(result, "partyLabel")
    i = result.variables.index("relation")
    assert {KG + "agreedToDisband", KG + "agreedToWithdraw"} <= {str(r[i]) for r in result.rows}


def test_query_example_every_edge_has_a_statement(example: Graph) -> None:
    sparql = """
        SELECT ?s ?p ?o WHERE {
          ?s ?p ?o .
          FILTER(?p IN (kg:mediated, kg:agreedToDisband, kg:deniesPresence, kg:holdsTalksWith))
          FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
        }"""
    assert run_query(example, sparql).rows == []


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "graphml"])
def test_query_example_exports_parse_in_rdflib_and_pyoxigraph(
    example: Graph, tmp_path: Path, fmt: str
) -> None:
    path = write_graph(example, tmp_path / f"example{FORMATS[fmt][1]}", fmt)
    assert isomorphic(load_graph(path), example)
    assert len(list(pyoxigraph.parse(path=str(path)))) == len(example)


def test_query_example_graphml_has_the_network(example: Graph) -> None:
    net = to_networkx(example)
    predicates = {d["predicate"] for _, _, d in net.edges(data=True)}
    assert {KG + "mediated", KG + "deniesPresence", KG + "party"} <= predicates
    assert all(net.nodes[n]["label"] for n in net.nodes)


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").is_file(), reason="../shared missing")
def test_query_example_evaluate_agrees_with_reference(example: Graph, tmp_path: Path) -> None:
    from kgraph.evaluate import evaluate
    from kgraph.resources import ontology_path

    for item in (SHARED / "corpus" / "seed").iterdir():
        shutil.copy(item, tmp_path / item.name)
    [gold] = sorted(tmp_path.glob("*.gold.json"))
    graph_path = write_graph(example, tmp_path / "example.ttl")
    ours = evaluate([gold], graph_path).as_dict()
    done = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(graph_path), str(gold),
         "--ontology", str(ontology_path("kgraph.ttl")), "--json"],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    reference = json.loads(done.stdout)
    for part in ("entity", "relation"):
        for key in ("precision", "recall", "f1"):
            assert ours[part][key] == pytest.approx(reference[part][key])
