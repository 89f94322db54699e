"""kgraph.validate and `kgraph validate`: the contract's SHACL shapes, one case per rule."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from test_validate_sample import graph_with, sample_graph
from typer.testing import CliRunner

from kgraph.errors import InputError
from kgraph.validate import ValidationReport, validate_shacl

KG = Namespace("https://w3id.org/kgraph/ontology#")
ENT = Namespace("https://w3id.org/kgraph/resource/entity/")
ST = Namespace("https://w3id.org/kgraph/resource/statement/")
SEN = Namespace("https://w3id.org/kgraph/resource/sentence/")
EV = Namespace("https://w3id.org/kgraph/resource/event/")
DOC = Namespace("https://w3id.org/kgraph/resource/document/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
VENV_KGRAPH = Path(sys.executable).parent / "kgraph"


def _add(turtle: str) -> Callable[[], Graph]:
    return lambda: graph_with(turtle)


def _drop(subject, predicate=None) -> Callable[[], Graph]:
    def mutate() -> Graph:
        graph = sample_graph()
        graph.remove((subject, predicate, None))
        return graph

    return mutate


# shape that must report it -> (how to break the sample, a fragment of the message)
CASES: dict[str, tuple[str, Callable[[], Graph], str]] = {
    "entity-two-labels": (
        "kgsh:EntityShape",
        _add('ent:riverton-5a1b2c3d rdfs:label "River Town" .'),
        "exactly one rdfs:label",
    ),
    "entity-no-label": ("kgsh:EntityShape", _drop(ENT["norland-0a1b2c3d"], RDFS.label), "label"),
    "entity-no-class": (
        "kgsh:EntityShape",
        _drop(ENT["norland-army-4a1b2c3d"], RDF.type),
        "contract class",
    ),
    "entity-two-classes": (
        "kgsh:EntityShape",
        _add("ent:riverton-5a1b2c3d a kg:Region ."),
        "contract class",
    ),
    "relation-object-untyped": (
        "kgsh:RelationObjectShape",
        _add(
            "ent:norland-army-4a1b2c3d kg:controls ent:nowhere . "
            "st:s9 a kg:Statement ; rdf:subject ent:norland-army-4a1b2c3d ; "
            "rdf:predicate kg:controls ; rdf:object ent:nowhere ; kg:polarity 'positive' ; "
            "prov:wasDerivedFrom sen:d1-0 ."
        ),
        "object of a relation",
    ),
    "geonames-malformed": (
        "kgsh:GeoNamesShape",
        _add("ent:hill-province-6a1b2c3d owl:sameAs <http://sws.geonames.org/12> ."),
        "malformed GeoNames IRI",
    ),
    "geometry-untyped-wkt": (
        "kgsh:GeometryShape",
        _add('ent:hill-province-6a1b2c3d geo:hasGeometry geom:h . geom:h geo:asWKT "POINT(1 2)" .'),
        "geo:wktLiteral",
    ),
    "edge-without-statement": (
        "kgsh:BackedEdgeShape",
        _drop(ST.s5),
        "edge kg:launchedOperationAgainst kgr:entity/eastern-front-2a1b2c3d has no kg:Statement",
    ),
    "edge-statement-without-sentence-text": (
        "kgsh:BackedEdgeShape",
        _drop(SEN["d1-1"], KG.text),
        "has no kg:Statement",
    ),
    "statement-no-polarity": (
        "kgsh:StatementShape",
        _drop(ST.s3, KG.polarity),
        "exactly one kg:polarity",
    ),
    "statement-unknown-predicate": (
        "kgsh:StatementShape",
        _add("st:s3 rdf:predicate kg:belongsTo ."),
        "16 contract predicates",
    ),
    "statement-no-sentence": (
        "kgsh:StatementShape",
        _drop(ST.s4, PROV.wasDerivedFrom),
        "prov:wasDerivedFrom a kg:Sentence",
    ),
    "statement-evidence-reversed": (
        "kgsh:StatementShape",
        _add("st:s7 a kg:Statement ; kg:evidenceStart 50 ; kg:evidenceEnd 40 ."),
        "not after kg:evidenceEnd",
    ),
    "negated-claim-with-edge": (
        "kgsh:NegatedClaimShape",
        _add(
            "ent:southland-1a1b2c3d kg:attacked ent:norland-0a1b2c3d . "
            "st:s8 a kg:Statement ; rdf:subject ent:southland-1a1b2c3d ; "
            "rdf:predicate kg:attacked ; rdf:object ent:norland-0a1b2c3d ; "
            "kg:polarity 'negative' ; prov:wasDerivedFrom sen:d1-1 ."
        ),
        "drop the direct edge",
    ),
    "denial-positive": (
        "kgsh:NegatedClaimShape",
        lambda: _set(ST.s6, KG.polarity, "positive"),
        "must have kg:polarity",
    ),
    "date-not-a-date": (
        "kgsh:DateShape",
        lambda: _set(ST.s5, KG.date, "yesterday"),
        "xsd:date",
    ),
    "date-two-values": (
        "kgsh:DateShape",
        _add('ev:e1 kg:date "2024-03-05"^^xsd:date .'),
        "at most one kg:date",
    ),
    "confidence-above-one": (
        "kgsh:ConfidenceShape",
        lambda: _set(ST.s2, KG.confidence, "1.5", "http://www.w3.org/2001/XMLSchema#decimal"),
        "between 0 and 1",
    ),
    "confidence-double": (
        "kgsh:ConfidenceShape",
        lambda: _set(ST.s2, KG.confidence, "0.5", "http://www.w3.org/2001/XMLSchema#double"),
        "xsd:decimal",
    ),
    "polarity-unknown": (
        "kgsh:PolarityShape",
        lambda: _set(ST.s2, KG.polarity, "maybe"),
        '"positive" or "negative"',
    ),
    "place-literal": ("kgsh:PlaceValueShape", _add('st:s2 kg:place "Riverton" .'), "kg:place"),
    "event-no-label": ("kgsh:EventShape", _drop(EV.e1, RDFS.label), "rdfs:label"),
    "event-party-literal": ("kgsh:EventShape", _add('ev:e1 kg:party "Norland" .'), "kg:party"),
    "sentence-no-text": ("kgsh:SentenceShape", _drop(SEN["d1-0"], KG.text), "kg:text"),
    "sentence-offsets-reversed": (
        "kgsh:SentenceShape",
        lambda: _set(SEN["d1-0"], KG.charEnd, "-3", "http://www.w3.org/2001/XMLSchema#integer"),
        "kg:charEnd",
    ),
    "sentence-no-document": (
        "kgsh:SentenceShape",
        _drop(SEN["d1-1"], DCTERMS.isPartOf),
        "isPartOf",
    ),
    "document-bad-hash": (
        "kgsh:DocumentShape",
        lambda: _set(DOC.d1, KG.contentHash, "AB12"),
        "SHA-256",
    ),
}


def _set(subject, predicate, value: str, datatype: str | None = None) -> Graph:
    graph = sample_graph()
    graph.set((subject, predicate, Literal(value, datatype=URIRef(datatype) if datatype else None)))
    return graph


@pytest.fixture(scope="module")
def sample_report() -> ValidationReport:
    return validate_shacl(sample_graph())


def test_validate_sample_conforms(sample_report: ValidationReport) -> None:
    assert sample_report.conforms, sample_report.text()
    assert sample_report.results == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_each_shape_catches_its_violation(case: str) -> None:
    shape, make, fragment = CASES[case]
    report = validate_shacl(make())
    assert not report.conforms
    hits = [message for _, message in report.results if shape in message]
    assert hits, report.text()
    assert any(fragment in message for message in hits), report.text()


def test_validate_symmetric_edge_may_be_backed_in_either_direction() -> None:
    graph = sample_graph()
    graph.remove((ENT["norland-0a1b2c3d"], KG.holdsTalksWith, ENT["eastern-front-2a1b2c3d"]))
    graph.add((ENT["eastern-front-2a1b2c3d"], KG.holdsTalksWith, ENT["norland-0a1b2c3d"]))
    report = validate_shacl(graph)
    assert report.conforms, report.text()


def test_validate_report_names_focus_nodes_readably() -> None:
    report = validate_shacl(graph_with('ent:riverton-5a1b2c3d rdfs:label "River Town" .'))
    assert report.results[0].focus == "kgr:entity/riverton-5a1b2c3d"
    text = report.text()
    assert text.startswith("does not conform: 1 violation(s)")
    assert "kgr:entity/riverton-5a1b2c3d" in text


def test_validate_bad_shapes_file_is_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "shapes.ttl"
    bad.write_text("this is not turtle")
    with pytest.raises(InputError, match="shapes"):
        validate_shacl(sample_graph(), bad)
    with pytest.raises(InputError, match="no such shapes file"):
        validate_shacl(sample_graph(), tmp_path / "missing.ttl")


def test_validate_custom_shapes_are_used(tmp_path: Path) -> None:
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . "
        "@prefix kg: <https://w3id.org/kgraph/ontology#> . "
        "<urn:s> a sh:NodeShape ; sh:targetClass kg:Country ; "
        "sh:property [ sh:path kg:population ; sh:minCount 1 ] ."
    )
    assert not validate_shacl(sample_graph(), shapes).conforms


# --- `kgraph validate` ------------------------------------------------------------------------


@pytest.fixture()
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    sample_graph().serialize(path, format="turtle")
    return path


def _invoke(*args: str):
    from kgraph.cli import app

    return CliRunner().invoke(app, ["validate", *args])


def test_validate_cli_conforming_graph_exits_0(sample_file: Path) -> None:
    result = _invoke("--graph", str(sample_file))
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_cli_violations_exit_1_with_report(tmp_path: Path) -> None:
    path = tmp_path / "bad.nt"
    graph_with('ent:riverton-5a1b2c3d rdfs:label "River Town" .').serialize(path, format="nt")
    result = _invoke("--graph", str(path))
    assert result.exit_code == 1, result.output
    assert "kgr:entity/riverton-5a1b2c3d" in result.output
    assert "exactly one rdfs:label" in result.output


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("missing.ttl", None),
        ("broken.ttl", "kgr:x kgr:y ."),
        ("empty.ttl", ""),
        (
            "dtd.rdf",
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
        ),
        ("graph.csv", "a,b,c"),
    ],
)
def test_validate_cli_bad_input_exits_2(tmp_path: Path, name: str, content: str | None) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    result = _invoke("--graph", str(path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_validate_cli_bad_shapes_exits_2(sample_file: Path, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix : <")
    result = _invoke("--graph", str(sample_file), "--shapes", str(shapes))
    assert result.exit_code == 2, result.output


@pytest.mark.java
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs `java` on PATH")
def test_validate_cli_reason_reports_consistency_and_writes_inferences(
    sample_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "inferred.ttl"
    result = _invoke("--graph", str(sample_file), "--reason", "--inferred", str(out))
    assert result.exit_code == 0, result.output
    assert "consistent under HermiT" in result.output
    assert (ENT["blue-helmets-3a1b2c3d"], RDF.type, KG.Mediator) in Graph().parse(out)


@pytest.mark.java
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs `java` on PATH")
def test_validate_cli_reason_inconsistent_exits_1_with_explanation(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    graph_with("ent:riverton-5a1b2c3d a kg:Person .").serialize(path, format="turtle")
    result = _invoke("--graph", str(path), "--reason")
    assert result.exit_code == 1, result.output
    assert "inconsistent with the ontology" in result.output
    assert "kgr:entity/riverton-5a1b2c3d" in result.output
    assert "kg:City (asserted)" in result.output and "kg:Person (asserted)" in result.output


def test_validate_cli_real_subprocess(sample_file: Path) -> None:
    kgraph = VENV_KGRAPH if VENV_KGRAPH.exists() else Path(shutil.which("kgraph") or "kgraph")
    done = subprocess.run(
        [str(kgraph), "validate", "--graph", str(sample_file)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "SHACL: conforms" in done.stdout


def test_validate_example_graph_conforms(example_graph: Graph) -> None:
    report = validate_shacl(example_graph)
    assert report.conforms, report.text()
