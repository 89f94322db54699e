"""A small hand-written graph that follows the RDF contract, shared by the query, export,
graphio and evaluate tests (loaded by path, so it works under any pytest import mode).

The sentences are our own, not corpus text.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

CONTRACT_TTL = """\
@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix doc: <https://w3id.org/kgraph/resource/document/> .
@prefix sen: <https://w3id.org/kgraph/resource/sentence/> .
@prefix ent: <https://w3id.org/kgraph/resource/entity/> .
@prefix evt: <https://w3id.org/kgraph/resource/event/> .
@prefix st: <https://w3id.org/kgraph/resource/statement/> .
@prefix gm: <https://w3id.org/kgraph/resource/geometry/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

doc:d1 a kg:Document ; dcterms:title "Truce in the mountains" ; dcterms:source "Test Wire" ;
    dcterms:issued "2023-09-20"^^xsd:date ; dcterms:identifier "d1" ; kg:contentHash "00ff" .

sen:d1-0 a kg:Sentence ;
    kg:text "Rebels and Azerbaijan agreed a truce on Wednesday, brokered by Russian peacekeepers." ;
    kg:charStart 0 ; kg:charEnd 84 ; dcterms:isPartOf doc:d1 .
sen:d1-1 a kg:Sentence ;
    kg:text "Azerbaijan's army had launched an offensive against the rebels on Tuesday." ;
    kg:charStart 85 ; kg:charEnd 159 ; dcterms:isPartOf doc:d1 .
sen:d1-2 a kg:Sentence ; kg:text "Armenia says it has no soldiers in Nagorno-Karabakh." ;
    kg:charStart 160 ; kg:charEnd 212 ; dcterms:isPartOf doc:d1 .
sen:d1-3 a kg:Sentence ; kg:text "Baku claims Armenian troops are stationed in Nagorno-Karabakh." ;
    kg:charStart 213 ; kg:charEnd 275 ; dcterms:isPartOf doc:d1 .
sen:d1-4 a kg:Sentence ;
    kg:text "The rebels will meet Azerbaijani officials in Yevlakh on Thursday." ;
    kg:charStart 276 ; kg:charEnd 342 ; dcterms:isPartOf doc:d1 .
sen:d1-5 a kg:Sentence ;
    kg:text "The rebels agreed to lay down arms and pull out of Nagorno-Karabakh." ;
    kg:charStart 343 ; kg:charEnd 411 ; dcterms:isPartOf doc:d1 .
sen:d1-6 a kg:Sentence ;
    kg:text "Yerevan accused Baku of shelling Armenia; Baku said it did not attack Armenia." ;
    kg:charStart 412 ; kg:charEnd 490 ; dcterms:isPartOf doc:d1 .

ent:azerbaijan-1a2b3c4d a kg:Country ; rdfs:label "Azerbaijan" ;
    skos:altLabel "Azerbaijan", "Baku" ;
    owl:sameAs <https://sws.geonames.org/587116/> ; kg:mentionedIn doc:d1 .
ent:armenia-2b3c4d5e a kg:Country ; rdfs:label "Armenia" ; skos:altLabel "Armenia", "Yerevan" ;
    kg:mentionedIn doc:d1 .
ent:rebels-3c4d5e6f a kg:ArmedGroup ; rdfs:label "Karabakh rebels" ;
    skos:altLabel "Rebels", "the rebels" ;
    kg:mentionedIn doc:d1 .
ent:russian-peacekeepers-4d5e6f70 a kg:PeacekeepingForce ; rdfs:label "Russian peacekeepers" ;
    skos:altLabel "Russian peacekeepers" ; kg:mentionedIn doc:d1 .
ent:nagorno-karabakh-5e6f7081 a kg:Region ; rdfs:label "Nagorno-Karabakh" ;
    skos:altLabel "Nagorno-Karabakh" ; kg:mentionedIn doc:d1 .
ent:yevlakh-6f708192 a kg:City ; rdfs:label "Yevlakh" ; skos:altLabel "Yevlakh" ;
    owl:sameAs <https://sws.geonames.org/584923/> ; geo:hasGeometry gm:yevlakh-6f708192 ;
    kg:mentionedIn doc:d1 .
gm:yevlakh-6f708192 a geo:Geometry ; geo:asWKT "POINT(47.14 40.61)"^^geo:wktLiteral .
ent:azerbaijani-army-708192a3 a kg:MilitaryForce ; rdfs:label "Azerbaijani army" ;
    skos:altLabel "Azerbaijan's army" ; kg:belongsTo ent:azerbaijan-1a2b3c4d ;
    kg:mentionedIn doc:d1 .
ent:armenian-troops-8192a3b4 a kg:MilitaryForce ; rdfs:label "Armenian troops" ;
    skos:altLabel "Armenian troops" ; kg:belongsTo ent:armenia-2b3c4d5e ; kg:mentionedIn doc:d1 .

evt:truce a kg:CeasefireAgreement ; rdfs:label "truce" ;
    kg:party ent:rebels-3c4d5e6f, ent:azerbaijan-1a2b3c4d ;
    kg:date "2023-09-20"^^xsd:date ; prov:wasDerivedFrom sen:d1-0 .
evt:offensive a kg:MilitaryOperation ; rdfs:label "offensive" ;
    kg:party ent:azerbaijani-army-708192a3 ; kg:date "2023-09-19"^^xsd:date ;
    kg:place ent:nagorno-karabakh-5e6f7081 ; prov:wasDerivedFrom sen:d1-1 .
evt:disarm a kg:Disbandment ; rdfs:label "disbandment" ; kg:party ent:rebels-3c4d5e6f ;
    prov:wasDerivedFrom sen:d1-5 .

ent:russian-peacekeepers-4d5e6f70 kg:mediated evt:truce .
st:m1 a kg:Statement ; rdf:subject ent:russian-peacekeepers-4d5e6f70 ; rdf:predicate kg:mediated ;
    rdf:object evt:truce ; kg:date "2023-09-20T09:00:00Z"^^xsd:dateTime ;
    kg:dateText "on Wednesday" ;
    kg:polarity "positive" ; kg:confidence "0.8"^^xsd:decimal ; kg:evidenceStart 60 ;
    kg:evidenceEnd 71 ;
    prov:wasDerivedFrom sen:d1-0 .

ent:rebels-3c4d5e6f kg:agreedToCeasefire ent:azerbaijan-1a2b3c4d .
st:c1 a kg:Statement ; rdf:subject ent:rebels-3c4d5e6f ; rdf:predicate kg:agreedToCeasefire ;
    rdf:object ent:azerbaijan-1a2b3c4d ; kg:date "2023-09-20"^^xsd:date ; kg:polarity "positive" ;
    prov:wasDerivedFrom sen:d1-0 .

ent:azerbaijani-army-708192a3 kg:launchedOperationAgainst ent:rebels-3c4d5e6f .
st:o1 a kg:Statement ; rdf:subject ent:azerbaijani-army-708192a3 ;
    rdf:predicate kg:launchedOperationAgainst ;
    rdf:object ent:rebels-3c4d5e6f ; kg:date "2023-09-19"^^xsd:date ;
    kg:place ent:nagorno-karabakh-5e6f7081 ; kg:polarity "positive" ; prov:wasDerivedFrom sen:d1-1 .

ent:armenia-2b3c4d5e kg:deniesPresence ent:nagorno-karabakh-5e6f7081 .
st:d1 a kg:Statement ; rdf:subject ent:armenia-2b3c4d5e ; rdf:predicate kg:deniesPresence ;
    rdf:object ent:nagorno-karabakh-5e6f7081 ; kg:attributedTo ent:armenia-2b3c4d5e ;
    kg:polarity "negative" ; prov:wasDerivedFrom sen:d1-2 .

ent:armenian-troops-8192a3b4 kg:deployedIn ent:nagorno-karabakh-5e6f7081 .
st:p1 a kg:Statement ; rdf:subject ent:armenian-troops-8192a3b4 ; rdf:predicate kg:deployedIn ;
    rdf:object ent:nagorno-karabakh-5e6f7081 ; kg:attributedTo ent:azerbaijan-1a2b3c4d ;
    kg:polarity "positive" ; prov:wasDerivedFrom sen:d1-3 .

ent:rebels-3c4d5e6f kg:holdsTalksWith ent:azerbaijan-1a2b3c4d .
st:t1 a kg:Statement ; rdf:subject ent:rebels-3c4d5e6f ; rdf:predicate kg:holdsTalksWith ;
    rdf:object ent:azerbaijan-1a2b3c4d ; kg:date "2023-09-21"^^xsd:date ;
    kg:place ent:yevlakh-6f708192 ;
    kg:polarity "positive" ; prov:wasDerivedFrom sen:d1-4 .

ent:rebels-3c4d5e6f kg:agreedToDisband evt:disarm .
st:b1 a kg:Statement ; rdf:subject ent:rebels-3c4d5e6f ; rdf:predicate kg:agreedToDisband ;
    rdf:object evt:disarm ; kg:polarity "positive" ; prov:wasDerivedFrom sen:d1-5 .

ent:rebels-3c4d5e6f kg:agreedToWithdraw ent:nagorno-karabakh-5e6f7081 .
st:w1 a kg:Statement ; rdf:subject ent:rebels-3c4d5e6f ; rdf:predicate kg:agreedToWithdraw ;
    rdf:object ent:nagorno-karabakh-5e6f7081 ; kg:polarity "positive" ;
    prov:wasDerivedFrom sen:d1-5 .

ent:nagorno-karabakh-5e6f7081 kg:locatedIn ent:azerbaijan-1a2b3c4d .

ent:armenia-2b3c4d5e kg:accused ent:azerbaijan-1a2b3c4d .
st:a1 a kg:Statement ; rdf:subject ent:armenia-2b3c4d5e ; rdf:predicate kg:accused ;
    rdf:object ent:azerbaijan-1a2b3c4d ; kg:attributedTo ent:armenia-2b3c4d5e ;
    kg:polarity "positive" ; prov:wasDerivedFrom sen:d1-6 .

ent:azerbaijan-1a2b3c4d kg:attacked ent:armenia-2b3c4d5e .
st:a2 a kg:Statement ; rdf:subject ent:azerbaijan-1a2b3c4d ; rdf:predicate kg:attacked ;
    rdf:object ent:armenia-2b3c4d5e ; kg:attributedTo ent:armenia-2b3c4d5e ;
    kg:polarity "positive" ; prov:wasDerivedFrom sen:d1-6 .
st:a3 a kg:Statement ; rdf:subject ent:azerbaijan-1a2b3c4d ; rdf:predicate kg:attacked ;
    rdf:object ent:armenia-2b3c4d5e ; kg:attributedTo ent:azerbaijan-1a2b3c4d ;
    kg:polarity "negative" ; prov:wasDerivedFrom sen:d1-6 .
"""

KGR = "https://w3id.org/kgraph/resource/"
ENT = KGR + "entity/"
AZE = ENT + "azerbaijan-1a2b3c4d"
ARM = ENT + "armenia-2b3c4d5e"
REBELS = ENT + "rebels-3c4d5e6f"
PEACEKEEPERS = ENT + "russian-peacekeepers-4d5e6f70"
KARABAKH = ENT + "nagorno-karabakh-5e6f7081"
YEVLAKH = ENT + "yevlakh-6f708192"
AZE_ARMY = ENT + "azerbaijani-army-708192a3"
ARM_TROOPS = ENT + "armenian-troops-8192a3b4"
TRUCE = KGR + "event/truce"


def contract_graph() -> Graph:
    return Graph().parse(data=CONTRACT_TTL, format="turtle")


def write_contract(folder: Path, name: str = "graph.ttl") -> Path:
    path = folder / name
    path.write_text(CONTRACT_TTL, encoding="utf-8")
    return path
