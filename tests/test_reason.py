"""kgraph.reason: real HermiT runs (owlready2) on contract-shaped graphs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF
from test_validate_sample import graph_with, sample_graph

from kgraph.errors import InconsistentOntology, ReasonerUnavailable
from kgraph.reason import find_conflicts, reason, write_inferences

KG = Namespace("https://w3id.org/kgraph/ontology#")
ENT = Namespace("https://w3id.org/kgraph/resource/entity/")
EV = Namespace("https://w3id.org/kgraph/resource/event/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
KGR = "https://w3id.org/kgraph/resource/"

needs_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="HermiT needs a Java runtime and `java` is not on PATH"
)
pytestmark = pytest.mark.java

HELMETS = ENT["blue-helmets-3a1b2c3d"]
NORLAND = ENT["norland-0a1b2c3d"]
FRONT = ENT["eastern-front-2a1b2c3d"]
ARMY = ENT["norland-army-4a1b2c3d"]
RIVERTON = ENT["riverton-5a1b2c3d"]
HILLS = ENT["hill-province-6a1b2c3d"]


@pytest.fixture(scope="module")
def inferred() -> Graph:
    if shutil.which("java") is None:
        pytest.skip("HermiT needs a Java runtime and `java` is not on PATH")
    return reason(sample_graph())


@needs_java
@pytest.mark.parametrize(
    "cls", [KG.MilitaryForce, KG.Actor, PROV.Agent, SEM.Actor], ids=lambda c: str(c)[-12:]
)
def test_reason_infers_superclasses(inferred: Graph, cls) -> None:
    assert (HELMETS, RDF.type, cls) in inferred


@needs_java
def test_reason_infers_symmetric_talks(inferred: Graph) -> None:
    assert (FRONT, KG.holdsTalksWith, NORLAND) in inferred


@needs_java
def test_reason_infers_transitive_located_in_and_its_inverse(inferred: Graph) -> None:
    assert (RIVERTON, KG.locatedIn, NORLAND) in inferred
    assert (NORLAND, KG.contains, RIVERTON) in inferred
    assert (HILLS, KG.contains, RIVERTON) in inferred


@needs_java
def test_reason_infers_defined_classes(inferred: Graph) -> None:
    assert (HELMETS, RDF.type, KG.Mediator) in inferred
    assert (ARMY, RDF.type, KG.ConflictParty) in inferred
    assert (FRONT, RDF.type, KG.ConflictParty) in inferred  # the target of an operation
    assert (NORLAND, RDF.type, KG.AgreementParty) in inferred
    assert (HELMETS, RDF.type, KG.AgreementParty) not in inferred
    assert (RIVERTON, RDF.type, KG.Mediator) not in inferred


@needs_java
def test_reason_infers_sub_property_values(inferred: Graph) -> None:
    assert (EV.e1, KG.participant, NORLAND) in inferred
    assert (EV.e1, RDF.type, KG.Agreement) in inferred


@needs_java
def test_reason_returns_only_new_triples_about_our_individuals(inferred: Graph) -> None:
    asserted = sample_graph()
    assert len(inferred) > 30
    assert not [t for t in inferred if t in asserted]
    assert all(str(s).startswith(KGR) for s in inferred.subjects())
    assert not list(inferred.triples((None, KG.relatedTo, None)))
    # Inferences are absent from the asserted graph until reasoning adds them separately.
    assert (FRONT, KG.holdsTalksWith, NORLAND) not in asserted
    assert (HELMETS, RDF.type, KG.Mediator) not in asserted


# Each crafted graph breaks one axiom; the explanation names the individual and the axiom.
INCONSISTENT = {
    "city-and-person": (
        "ent:riverton-5a1b2c3d a kg:Person .",
        ["kgr:entity/riverton-5a1b2c3d", "kg:City (asserted)", "kg:Person (asserted)", "disjoint"],
    ),
    "place-mediates": (
        "ent:riverton-5a1b2c3d kg:mediated ev:e1 .",
        ["kgr:entity/riverton-5a1b2c3d", "subject of kg:mediated", "kg:City", "kg:Actor"],
    ),
    "person-as-place": (
        'ent:p a kg:Person ; rdfs:label "P" . st:s1 kg:place ent:p .',
        ["kgr:entity/p", "object of kg:place", "kg:Person", "kg:Place", "disjoint"],
    ),
    "bad-polarity": ('st:s1 kg:polarity "maybe" .', ["kgr:statement/s1", '"maybe"']),
    "double-confidence": (
        'st:s2 kg:confidence "0.5"^^xsd:double .',
        ["kgr:statement/s2", "xsd:double", "xsd:decimal"],
    ),
    "two-offsets": ("sen:d1-0 kg:charStart 5 .", ["kgr:sentence/d1-0", "kg:charStart", "func"]),
    "same-geonames-city-and-region": (
        "ent:hill-province-6a1b2c3d owl:sameAs <https://sws.geonames.org/1234567/> .",
        ["owl:sameAs", "kg:City (asserted)", "kg:Region (asserted)"],
    ),
    "statement-withdrawn": (
        "ent:eastern-front-2a1b2c3d kg:agreedToWithdraw st:s1 .",
        ["kgr:statement/s1", "object of kg:agreedToWithdraw", "kg:Statement"],
    ),
}


@needs_java
@pytest.mark.parametrize("case", sorted(INCONSISTENT))
def test_reason_explains_inconsistent_graphs(case: str) -> None:
    extra, expected = INCONSISTENT[case]
    with pytest.raises(InconsistentOntology) as caught:
        reason(graph_with(extra))
    message = str(caught.value)
    assert "\n" not in message
    for fragment in expected:
        assert fragment in message, message
    assert caught.value.problems  # type: ignore[attr-defined]


def test_reason_finds_no_conflicts_in_a_consistent_graph() -> None:
    assert find_conflicts(sample_graph()) == []


def test_reason_conflict_finder_sees_range_clash_without_java() -> None:
    problems = find_conflicts(graph_with("ent:norland-army-4a1b2c3d kg:deployedIn ev:e1 ."))
    assert any("kgr:event/e1" in p and "kg:Place" in p and "kg:Event" in p for p in problems)


def test_reason_without_java_raises_reasoner_unavailable(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReasonerUnavailable, match="Java"):
        reason(sample_graph())


@needs_java
def test_reason_write_inferences_writes_a_separate_file(tmp_path: Path) -> None:
    asserted = sample_graph()
    before = len(asserted)
    target = tmp_path / "out" / "inferred.ttl"
    returned = write_inferences(asserted, target)
    written = Graph().parse(target, format="turtle")
    assert len(written) == len(returned) > 0
    assert (HELMETS, RDF.type, KG.Mediator) in written
    assert len(asserted) == before
    assert [p.name for p in target.parent.iterdir()] == ["inferred.ttl"]


@needs_java
def test_reason_example_graph_is_consistent(example_graph: Graph) -> None:
    inferred = reason(example_graph)
    assert not [t for t in inferred if t in example_graph]
    mediators = set(inferred.subjects(RDF.type, KG.Mediator))
    assert mediators
    assert mediators == set(example_graph.subjects(KG.mediated, None))
    actors = set(inferred.subjects(RDF.type, KG.Actor))
    assert actors >= set(example_graph.subjects(RDF.type, KG.Country))


@needs_java
def test_reason_large_graph_path_gives_the_same_inferences(monkeypatch, inferred: Graph) -> None:
    import kgraph.reason

    # Above the limit HermiT skips property-value inference; the axiom closure must agree.
    monkeypatch.setattr(kgraph.reason, "PROPERTY_VALUES_LIMIT", 0)
    assert set(reason(sample_graph())) == set(inferred)
