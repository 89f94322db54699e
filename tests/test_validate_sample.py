"""A small hand-written graph that follows the RDF contract, shared by the validation,
reasoning and CLI tests (the sentences are invented for the tests)."""

from __future__ import annotations

from rdflib import Graph

PREFIXES = """\
@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix kgr: <https://w3id.org/kgraph/resource/> .
@prefix doc: <https://w3id.org/kgraph/resource/document/> .
@prefix sen: <https://w3id.org/kgraph/resource/sentence/> .
@prefix ent: <https://w3id.org/kgraph/resource/entity/> .
@prefix ev: <https://w3id.org/kgraph/resource/event/> .
@prefix st: <https://w3id.org/kgraph/resource/statement/> .
@prefix geom: <https://w3id.org/kgraph/resource/geometry/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
"""

SAMPLE_TTL = (
    PREFIXES
    + """
doc:d1 a kg:Document ; dcterms:title "Truce in the hills" ; dcterms:source "Test Wire" ;
    dcterms:issued "2024-03-05"^^xsd:date ; dcterms:identifier "d1" ;
    kg:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" .
sen:d1-0 a kg:Sentence ;
    kg:text "Blue helmets brokered a truce between Norland and the Eastern Front in Riverton." ;
    kg:charStart 0 ; kg:charEnd 81 ; dcterms:isPartOf doc:d1 .
sen:d1-1 a kg:Sentence ;
    kg:text "Southland said it has no troops in Hill Province." ;
    kg:charStart 82 ; kg:charEnd 131 ; dcterms:isPartOf doc:d1 .

ent:norland-0a1b2c3d a kg:Country ; rdfs:label "Norland" ; skos:altLabel "Norland" ;
    kg:mentionedIn doc:d1 .
ent:southland-1a1b2c3d a kg:Country ; rdfs:label "Southland" ;
    kg:mentionedIn doc:d1 .
ent:eastern-front-2a1b2c3d a kg:ArmedGroup ; rdfs:label "Eastern Front" ;
    skos:altLabel "the Eastern Front" ; kg:mentionedIn doc:d1 .
ent:blue-helmets-3a1b2c3d a kg:PeacekeepingForce ; rdfs:label "Blue helmets" ;
    kg:mentionedIn doc:d1 .
ent:norland-army-4a1b2c3d a kg:MilitaryForce ; rdfs:label "Norland army" ;
    kg:belongsTo ent:norland-0a1b2c3d ; kg:mentionedIn doc:d1 .
ent:riverton-5a1b2c3d a kg:City ; rdfs:label "Riverton" ;
    owl:sameAs <https://sws.geonames.org/1234567/> ;
    geo:hasGeometry geom:riverton-5a1b2c3d ;
    kg:belongsTo ent:norland-0a1b2c3d ; kg:mentionedIn doc:d1 .
geom:riverton-5a1b2c3d a geo:Geometry ; geo:asWKT "POINT(47.14 40.61)"^^geo:wktLiteral .
ent:hill-province-6a1b2c3d a kg:Region ; rdfs:label "Hill Province" ;
    kg:mentionedIn doc:d1 .

ev:e1 a kg:CeasefireAgreement ; rdfs:label "ceasefire agreement" ;
    kg:party ent:norland-0a1b2c3d , ent:eastern-front-2a1b2c3d ;
    kg:date "2024-03-04T09:00:00Z"^^xsd:dateTime ; kg:place ent:riverton-5a1b2c3d ;
    prov:wasDerivedFrom sen:d1-0 .

ent:blue-helmets-3a1b2c3d kg:mediated ev:e1 .
st:s1 a kg:Statement ; rdf:subject ent:blue-helmets-3a1b2c3d ;
    rdf:predicate kg:mediated ; rdf:object ev:e1 ;
    kg:date "2024-03-04T09:00:00Z"^^xsd:dateTime ; kg:dateText "09:00 GMT on Monday" ;
    kg:place ent:riverton-5a1b2c3d ; kg:polarity "positive" ;
    kg:confidence "0.8"^^xsd:decimal ; kg:evidenceStart 13 ; kg:evidenceEnd 21 ;
    prov:wasDerivedFrom sen:d1-0 .

ent:norland-0a1b2c3d kg:holdsTalksWith ent:eastern-front-2a1b2c3d .
st:s2 a kg:Statement ; rdf:subject ent:norland-0a1b2c3d ;
    rdf:predicate kg:holdsTalksWith ; rdf:object ent:eastern-front-2a1b2c3d ;
    kg:date "2024-03-04"^^xsd:date ; kg:polarity "positive" ; kg:confidence 0.7 ;
    kg:evidenceStart 22 ; kg:evidenceEnd 29 ; prov:wasDerivedFrom sen:d1-0 .

ent:riverton-5a1b2c3d kg:locatedIn ent:hill-province-6a1b2c3d .
st:s3 a kg:Statement ; rdf:subject ent:riverton-5a1b2c3d ;
    rdf:predicate kg:locatedIn ; rdf:object ent:hill-province-6a1b2c3d ;
    kg:polarity "positive" ; kg:confidence 0.6 ; prov:wasDerivedFrom sen:d1-0 .

ent:hill-province-6a1b2c3d kg:locatedIn ent:norland-0a1b2c3d .
st:s4 a kg:Statement ; rdf:subject ent:hill-province-6a1b2c3d ;
    rdf:predicate kg:locatedIn ; rdf:object ent:norland-0a1b2c3d ;
    kg:polarity "positive" ; kg:confidence 0.6 ; prov:wasDerivedFrom sen:d1-1 .

ent:norland-army-4a1b2c3d kg:launchedOperationAgainst ent:eastern-front-2a1b2c3d .
st:s5 a kg:Statement ; rdf:subject ent:norland-army-4a1b2c3d ;
    rdf:predicate kg:launchedOperationAgainst ; rdf:object ent:eastern-front-2a1b2c3d ;
    kg:date "2024-03-03"^^xsd:date ; kg:polarity "positive" ; kg:confidence 0.7 ;
    prov:wasDerivedFrom sen:d1-0 .

ent:southland-1a1b2c3d kg:deniesPresence ent:hill-province-6a1b2c3d .
st:s6 a kg:Statement ; rdf:subject ent:southland-1a1b2c3d ;
    rdf:predicate kg:deniesPresence ; rdf:object ent:hill-province-6a1b2c3d ;
    kg:attributedTo ent:southland-1a1b2c3d ; kg:polarity "negative" ;
    kg:confidence 0.9 ; kg:evidenceStart 98 ; kg:evidenceEnd 112 ;
    prov:wasDerivedFrom sen:d1-1 .
"""
)


def sample_graph() -> Graph:
    """A fresh copy of the sample (tests mutate it)."""
    return Graph().parse(data=SAMPLE_TTL, format="turtle")


def graph_with(extra_turtle: str, base: Graph | None = None) -> Graph:
    """The sample (or `base`) plus some Turtle written with the sample's prefixes."""
    graph = sample_graph() if base is None else base
    graph.parse(data=PREFIXES + extra_turtle, format="turtle")
    return graph


def test_validate_sample_parses() -> None:
    graph = sample_graph()
    assert len(graph) > 80
