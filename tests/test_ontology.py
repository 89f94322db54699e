"""ontology/kgraph.ttl: loads in rdflib, owlready2 and the OWL API; documented; OWL 2 DL;
the hierarchy, characteristics and labels the rest of kgraph relies on."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kgraph.resources import ontology_path

KG = Namespace("https://w3id.org/kgraph/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
# A plain Namespace: pytest probes module globals, and rdflib's XSD warns on unknown names.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ONTOLOGY = ontology_path("kgraph.ttl")
DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDFS.Datatype,
}
# Terms of the RDF, RDFS, OWL and XSD vocabularies need no declaration.
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _declared(graph: Graph) -> set[URIRef]:
    return {
        s
        for s, o in graph.subject_objects(RDF.type)
        if o in DECLARATION_TYPES and isinstance(s, URIRef)
    }


def test_ontology_parses_with_an_ontology_header(onto: Graph) -> None:
    header = URIRef("https://w3id.org/kgraph/ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionIRI) is not None
    assert len(onto) > 400


def test_ontology_loads_in_owlready2(onto: Graph) -> None:
    import owlready2

    world = owlready2.World()
    data = onto.serialize(format="nt", encoding="utf-8")
    loaded = world.get_ontology("https://w3id.org/kgraph/ontology").load(
        fileobj=io.BytesIO(data), format="ntriples"
    )
    names = {c.name for c in loaded.classes()}
    assert {"PeacekeepingForce", "CeasefireAgreement", "Statement", "Mediator"} <= names
    peacekeepers = world[str(KG.PeacekeepingForce)]
    assert world[str(KG.Actor)] in peacekeepers.ancestors()
    world.close()


def test_ontology_every_declared_term_has_english_label_and_comment(onto: Graph) -> None:
    missing = []
    for term in sorted(_declared(onto)):
        for prop in (RDFS.label, RDFS.comment):
            values = [v for v in onto.objects(term, prop) if isinstance(v, Literal)]
            if not any(v.language in (None, "en") and str(v).strip() for v in values):
                missing.append(f"{term} {prop}")
    assert not missing


def test_ontology_has_no_undeclared_terms(onto: Graph) -> None:
    declared = _declared(onto)
    used: set[URIRef] = set()
    for s, p, o in onto:
        if p == RDF.type and o == OWL.Ontology:
            continue
        for term in (s, p, o):
            if isinstance(term, URIRef) and not str(term).startswith(BUILT_IN):
                used.add(term)
    used.discard(URIRef("https://w3id.org/kgraph/ontology"))
    used.discard(URIRef("https://w3id.org/kgraph/ontology/1.0"))
    assert sorted(used - declared) == []


def test_ontology_declares_every_kg_term_it_uses(onto: Graph) -> None:
    kg_terms = {t for t in onto.all_nodes() if isinstance(t, URIRef) and t.startswith(str(KG))}
    assert kg_terms <= _declared(onto)


@pytest.mark.parametrize(
    ("child", "ancestor"),
    [
        (KG.PeacekeepingForce, KG.MilitaryForce),
        (KG.PeacekeepingForce, PROV.Agent),
        (KG.Person, SEM.Actor),
        (KG.Country, KG.Actor),
        (KG.Country, KG.Place),
        (KG.City, SEM.Place),
        (KG.Region, GEO.Feature),
        (KG.CeasefireAgreement, KG.Agreement),
        (KG.Talks, SEM.Event),
        (KG.Statement, PROV.Entity),
        (KG.Document, PROV.Entity),
        (KG.Sentence, PROV.Entity),
    ],
)
def test_ontology_hierarchy(onto: Graph, child: URIRef, ancestor: URIRef) -> None:
    assert ancestor in set(onto.transitive_objects(child, RDFS.subClassOf))


def test_ontology_property_characteristics(onto: Graph) -> None:
    symmetric = set(onto.subjects(RDF.type, OWL.SymmetricProperty))
    assert symmetric == {KG.holdsTalksWith, KG.signedAgreementWith, KG.agreedToCeasefire}
    assert (KG.locatedIn, RDF.type, OWL.TransitiveProperty) in onto
    assert (KG.contains, OWL.inverseOf, KG.locatedIn) in onto


def test_ontology_person_and_place_are_disjoint_but_country_is_both(onto: Graph) -> None:
    assert (KG.Person, OWL.disjointWith, KG.Place) in onto
    assert (KG.City, OWL.disjointWith, KG.Actor) in onto
    disjoint_with_country = set(onto.objects(KG.Country, OWL.disjointWith))
    assert KG.Place not in disjoint_with_country and KG.Actor not in disjoint_with_country


def test_ontology_relation_labels_are_the_ones_the_html_shows(onto: Graph) -> None:
    expected = {
        "mediated": "mediated",
        "agreedToCeasefire": "agreed to ceasefire with",
        "agreedToDisband": "agreed to disband",
        "agreedToWithdraw": "agreed to withdraw",
        "deniesPresence": "denies presence in",
        "denies": "denies",
        "holdsTalksWith": "holds talks with",
        "attacked": "attacked",
        "launchedOperationAgainst": "launched operation against",
        "signedAgreementWith": "signed agreement with",
        "deployedIn": "deployed in",
        "locatedIn": "located in",
        "controls": "controls",
        "accused": "accused",
        "supports": "supports",
        "statedThat": "stated that",
    }
    found = {name: str(onto.value(KG[name], RDFS.label)) for name in expected}
    assert found == expected


def test_ontology_date_accepts_date_and_datetime(onto: Graph) -> None:
    # OWL 2's datatype map lacks xsd:date, so a range naming it would be outside DL and a
    # range of xsd:dateTime alone would make every xsd:date value inconsistent.
    assert onto.value(KG.date, RDFS.range) == RDFS.Literal


# --- OWL 2 DL profile, checked by the OWL API that ships inside owlready2's HermiT.jar ------

_CHECKER = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;
import org.semanticweb.owlapi.io.*;

public class DLCheck {
  public static void main(String[] args) throws Exception {
    OWLOntologyManager m = OWLManager.createOWLOntologyManager();
    OWLOntology o = m.loadOntologyFromOntologyDocument(new File(args[0]));
    OWLOntologyFormat f = m.getOntologyFormat(o);
    if (f instanceof RDFOntologyFormat) {
      RDFParserMetaData md = ((RDFOntologyFormat) f).getOntologyLoaderMetaData();
      if (md != null) for (Object t : md.getUnparsedTriples()) System.out.println("UNPARSED " + t);
    }
    OWLProfileReport r = new OWL2DLProfile().checkOntology(o);
    for (OWLProfileViolation v : r.getViolations()) System.out.println("VIOLATION " + v);
    System.out.println("AXIOMS " + o.getAxiomCount());
  }
}
"""


@pytest.fixture(scope="module")
def dl_checker(tmp_path_factory: pytest.TempPathFactory):
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("the OWL 2 DL check compiles a small OWL API program: needs a JDK (javac)")
    import owlready2.reasoning

    jar = Path(owlready2.reasoning._HERMIT_CLASSPATH.split(":")[-1])
    folder = tmp_path_factory.mktemp("dlcheck")
    (folder / "DLCheck.java").write_text(_CHECKER)
    subprocess.run(
        ["javac", "-nowarn", "-cp", str(jar), "DLCheck.java"],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=120,
    )

    def check(path: Path) -> list[str]:
        out = subprocess.run(
            ["java", "-cp", f"{jar}:{folder}", "DLCheck", str(path)],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        assert "AXIOMS" in out
        return [line for line in out.splitlines() if line.startswith(("VIOLATION", "UNPARSED"))]

    return check


@pytest.mark.java
def test_ontology_is_in_the_owl2_dl_profile(dl_checker) -> None:
    assert dl_checker(ONTOLOGY) == []


@pytest.mark.java
def test_ontology_dl_check_catches_violations(dl_checker, onto: Graph, tmp_path: Path) -> None:
    broken = Graph()
    for triple in onto:
        broken.add(triple)
    # A transitive property in a cardinality restriction is outside OWL 2 DL.
    restriction = BNode()
    broken.add((KG.Region, RDFS.subClassOf, restriction))
    broken.add((restriction, RDF.type, OWL.Restriction))
    broken.add((restriction, OWL.onProperty, KG.locatedIn))
    broken.add((restriction, OWL.maxCardinality, Literal(1, datatype=XSD.nonNegativeInteger)))
    path = tmp_path / "broken.ttl"
    broken.serialize(path, format="turtle")
    problems = dl_checker(path)
    assert any("locatedIn" in p for p in problems)


@pytest.mark.java
def test_ontology_every_class_is_satisfiable_under_hermit(onto: Graph) -> None:
    if shutil.which("java") is None:
        pytest.skip("HermiT needs a Java runtime (`java` not on PATH)")
    import owlready2

    world = owlready2.World()
    world.get_ontology("https://w3id.org/kgraph/ontology").load(
        fileobj=io.BytesIO(onto.serialize(format="nt", encoding="utf-8")), format="ntriples"
    )
    owlready2.sync_reasoner_hermit(world, debug=0)
    assert list(world.inconsistent_classes()) == []
    world.close()
