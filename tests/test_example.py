"""The bundled example: acceptance against its gold file, determinism, committed golden output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from tests_support import REPO, SHARED


def test_example_entities_are_typed_per_contract(example_extraction):
    classes = {e.label: e.entity_class for e in example_extraction.entities}
    assert classes["Azerbaijan"] == "Country"
    assert classes["Armenia"] == "Country"
    assert classes["Nagorno-Karabakh"] == "Region"
    assert classes["Yevlakh"] == "City"
    yevlakh = next(e for e in example_extraction.entities if e.label == "Yevlakh")
    assert yevlakh.geonames_id and yevlakh.wkt


def test_example_denial_is_a_claim_attributed_to_armenia(example_extraction):
    labels = {e.key: e.label for e in example_extraction.entities}
    denial = next(r for r in example_extraction.relations if r.predicate == "deniesPresence")
    assert labels[denial.subject] == "Armenia"
    assert labels[denial.attributed_to] == "Armenia"
    assert denial.polarity == "negative"


def test_example_mediated_agreement_has_parties_and_utc_time(example_extraction):
    events = {e.key: e for e in example_extraction.events}
    labels = {e.key: e.label for e in example_extraction.entities}
    mediated = next(r for r in example_extraction.relations if r.predicate == "mediated")
    agreement = events[mediated.object]
    assert {labels[p] for p in agreement.parties} >= {"Azerbaijan"}
    assert len(agreement.parties) == 2
    assert agreement.date == "2023-09-20T09:00:00Z"


def test_example_operation_is_dated_one_day_before_publication(example_extraction):
    operation = next(
        r for r in example_extraction.relations if r.predicate == "launchedOperationAgainst"
    )
    assert operation.date == "2023-09-19"


def test_example_talks_in_yevlakh_on_21_september(example_extraction):
    labels = {e.key: e.label for e in example_extraction.entities}
    talks = [
        r
        for r in example_extraction.relations
        if r.predicate == "holdsTalksWith" and r.place and labels[r.place] == "Yevlakh"
    ]
    assert talks and talks[0].date == "2023-09-21"


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared not present")
def test_example_reference_scorer_meets_targets(tmp_path, example_graph):
    graph_path = tmp_path / "graph.ttl"
    example_graph.serialize(graph_path, format="turtle")
    result = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            str(graph_path),
            *map(str, (SHARED / "corpus" / "seed").glob("*.gold.json")),
            "--ontology",
            str(REPO / "ontology" / "kgraph.ttl"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(result.stdout)
    assert scores["relation"]["recall"] == 1.0
    assert scores["entity"]["f1"] >= 0.9


def test_example_build_is_deterministic(example_document):
    from kgraph.graphio import serialize_graph
    from kgraph.pipeline import extract
    from kgraph.rdf import union_graph

    first = serialize_graph(union_graph([extract(example_document)]), "ttl")
    second = serialize_graph(union_graph([extract(example_document)]), "ttl")
    assert first == second


def test_example_committed_output_matches_a_fresh_build(example_graph):
    committed = Graph().parse(REPO / "output" / "graph.ttl")
    assert isomorphic(committed, example_graph), (
        "output/graph.ttl is stale: run `make demo` and commit output/"
    )
