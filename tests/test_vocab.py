"""kgraph.vocab, kgraph.model's contract names and ontology/kgraph.ttl never drift apart."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kgraph import model, vocab
from kgraph.resources import ontology_path
from kgraph.vocab import KG

NS = str(KG)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path("kgraph.ttl"), format="turtle")


def _local(term: URIRef) -> str:
    return str(term)[len(NS) :]


def _kg_subjects(graph: Graph, kind: URIRef) -> set[str]:
    return {_local(s) for s in graph.subjects(RDF.type, kind) if str(s).startswith(NS)}


def test_vocab_lists_exactly_the_ontology_terms(onto: Graph) -> None:
    in_ontology = {_local(t) for t in onto.all_nodes() if str(t).startswith(NS)}
    in_vocab = set(KG.__annotations__)
    assert in_vocab == in_ontology


def test_vocab_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = KG.mediatd
    with pytest.raises(AttributeError):
        _ = KG["deniesPresense"]
    assert KG.deniesPresence == URIRef(NS + "deniesPresence")


def test_vocab_model_entity_classes_are_ontology_classes(onto: Graph) -> None:
    classes = _kg_subjects(onto, OWL.Class)
    assert set(model.ENTITY_CLASSES) <= classes
    assert len(model.ENTITY_CLASSES) == 10
    assert tuple(KG[n] for n in model.ENTITY_CLASSES) == vocab.ENTITY_CLASSES


def test_vocab_model_event_classes_are_events_in_the_ontology(onto: Graph) -> None:
    events = {_local(c) for c in onto.transitive_subjects(RDFS.subClassOf, KG.Event)}
    assert set(model.EVENT_CLASSES) | {"Event"} == events


def test_vocab_model_predicates_are_the_ontology_relations(onto: Graph) -> None:
    relations = {_local(p) for p in onto.subjects(RDFS.subPropertyOf, KG.relatedTo)}
    assert relations == set(model.PREDICATES)
    assert len(model.PREDICATES) == 16
    assert set(vocab.PREDICATES) == {KG[p] for p in relations}


def test_vocab_symmetric_predicates_match_the_ontology(onto: Graph) -> None:
    assert set(onto.subjects(RDF.type, OWL.SymmetricProperty)) == vocab.SYMMETRIC_PREDICATES


def test_vocab_relation_labels_come_from_the_ontology(onto: Graph) -> None:
    assert set(vocab.RELATION_LABELS) == set(model.PREDICATES)
    for name, label in vocab.RELATION_LABELS.items():
        assert label == str(onto.value(KG[name], RDFS.label))
    assert vocab.RELATION_LABELS["deniesPresence"] == "denies presence in"
    assert vocab.CLASS_LABELS["PeacekeepingForce"] == "peacekeeping force"


def test_vocab_local_name() -> None:
    assert vocab.local_name(KG.holdsTalksWith) == "holdsTalksWith"
    assert vocab.local_name("https://sws.geonames.org/587116/") == "587116"


def test_vocab_import_is_cheap() -> None:
    code = (
        "import time, kgraph.model, rdflib; t = time.perf_counter(); import kgraph.vocab; "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # 0.3 s is the budget on an idle machine; the bound leaves room for a busy test runner.
    assert float(out.stdout.strip()) < 1.0
