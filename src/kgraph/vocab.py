"""The kg: vocabulary as Python names, checked against ontology/kgraph.ttl.

`KG` lists every term the ontology declares; a misspelt term raises instead of minting a new
IRI. tests/test_vocab.py keeps this file, `kgraph.model` and the ontology in step.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, DefinedNamespace

from kgraph import model
from kgraph.resources import ontology_path


class KG(DefinedNamespace):
    """Classes and properties of https://w3id.org/kgraph/ontology# (ontology/kgraph.ttl)."""

    _NS = Namespace("https://w3id.org/kgraph/ontology#")
    _fail = True

    # Actors and places
    Actor: URIRef
    Country: URIRef
    Government: URIRef
    ArmedGroup: URIRef
    MilitaryForce: URIRef
    PeacekeepingForce: URIRef
    InternationalOrganization: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    City: URIRef
    Region: URIRef
    # Events
    Event: URIRef
    Agreement: URIRef
    CeasefireAgreement: URIRef
    Talks: URIRef
    MilitaryOperation: URIRef
    Withdrawal: URIRef
    Disbandment: URIRef
    # Provenance
    Document: URIRef
    Sentence: URIRef
    Statement: URIRef
    # Defined classes (inferred by the reasoner, never asserted)
    Mediator: URIRef
    ConflictParty: URIRef
    AgreementParty: URIRef
    # Relations: the contract predicates are the sub-properties of relatedTo
    relatedTo: URIRef
    mediated: URIRef
    agreedToCeasefire: URIRef
    agreedToDisband: URIRef
    agreedToWithdraw: URIRef
    deniesPresence: URIRef
    denies: URIRef
    holdsTalksWith: URIRef
    attacked: URIRef
    launchedOperationAgainst: URIRef
    signedAgreementWith: URIRef
    deployedIn: URIRef
    locatedIn: URIRef
    controls: URIRef
    accused: URIRef
    supports: URIRef
    statedThat: URIRef
    contains: URIRef  # inverse of locatedIn
    # Roles, background links, provenance
    party: URIRef
    participant: URIRef
    belongsTo: URIRef
    mentionedIn: URIRef
    attributedTo: URIRef
    place: URIRef
    date: URIRef
    dateText: URIRef
    polarity: URIRef
    confidence: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    text: URIRef
    charStart: URIRef
    charEnd: URIRef
    contentHash: URIRef


KGR = Namespace("https://w3id.org/kgraph/resource/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
GN = Namespace("https://sws.geonames.org/")
GNO = Namespace("https://www.geonames.org/ontology#")

ONTOLOGY_IRI = URIRef("https://w3id.org/kgraph/ontology")

# IRIs of the contract's names in kgraph.model; KG[...] raises here, at import, if they drift.
ENTITY_CLASSES: tuple[URIRef, ...] = tuple(KG[name] for name in model.ENTITY_CLASSES)
EVENT_CLASSES: tuple[URIRef, ...] = (KG.Event,) + tuple(KG[n] for n in model.EVENT_CLASSES)
PREDICATES: tuple[URIRef, ...] = tuple(KG[name] for name in model.PREDICATES)
SYMMETRIC_PREDICATES: frozenset[URIRef] = frozenset(
    {KG.holdsTalksWith, KG.signedAgreementWith, KG.agreedToCeasefire}
)
DEFINED_CLASSES: tuple[URIRef, ...] = (KG.Mediator, KG.ConflictParty, KG.AgreementParty)


@cache
def ontology_graph() -> Graph:
    """The bundled ontology, parsed once per process (about 15 ms)."""
    return Graph().parse(ontology_path("kgraph.ttl"), format="turtle")


def _labels() -> dict[str, str]:
    graph = ontology_graph()
    ns = str(KG)
    out: dict[str, str] = {}
    for term, label in graph.subject_objects(RDFS.label):
        if isinstance(term, URIRef) and str(term).startswith(ns):
            out[str(term)[len(ns) :]] = str(label)
    return out


def term_labels() -> dict[str, str]:
    """Local name -> English rdfs:label for every kg: class and property."""
    return dict(_LABELS)


_LABELS = _labels()
# Local name -> label of the 16 contract predicates ("deniesPresence" -> "denies presence in").
RELATION_LABELS: dict[str, str] = {name: _LABELS[name] for name in model.PREDICATES}
CLASS_LABELS: dict[str, str] = {
    str(c)[len(str(KG)) :]: _LABELS[str(c)[len(str(KG)) :]]
    for c in ontology_graph().subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
    if str(c).startswith(str(KG))
}


def local_name(term: URIRef | str) -> str:
    """`kg:deniesPresence` -> "deniesPresence"; other IRIs: the part after the last # or /."""
    text = str(term)
    if text.startswith(str(KG)):
        return text[len(str(KG)) :]
    return text.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text
