"""The RDF terms the view reads, and the contract's class and relation lists.

The class and relation names come from kgraph.model, which a test keeps in step with the
ontology, so the view and the extractor never disagree.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

from kgraph.model import ENTITY_CLASSES, PREDICATES, SYMMETRIC_PREDICATES
from kgraph.model import EVENT_CLASSES as MODEL_EVENT_CLASSES

KG = Namespace("https://w3id.org/kgraph/ontology#")
KGR = Namespace("https://w3id.org/kgraph/resource/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

EVENT_CLASSES: tuple[str, ...] = ("Event", *MODEL_EVENT_CLASSES)
# Used when the ontology is absent: the contract's event hierarchy, child -> parent.
EVENT_PARENTS: dict[str, str] = {
    "Agreement": "Event",
    "CeasefireAgreement": "Agreement",
    "Talks": "Event",
    "MilitaryOperation": "Event",
    "Withdrawal": "Event",
    "Disbandment": "Event",
}
RELATIONS: tuple[str, ...] = PREDICATES
SYMMETRIC: frozenset[str] = SYMMETRIC_PREDICATES
# Links from an event to the actors taking part; drawn as thin edges labelled by role.
PARTY_LINKS: tuple[str, ...] = ("party", "participant")
# Where an event or a stated relation happened (from the statement's subject), and the
# country a force, government or city belongs to: thin edges like the party links, so what
# an article connects is connected on screen.
PLACE_LINK = "place"
BELONGS_LINK = "belongsTo"
SECONDARY_LINKS: tuple[str, ...] = (*PARTY_LINKS, PLACE_LINK, BELONGS_LINK)

KNOWN_CLASSES: frozenset[str] = frozenset(ENTITY_CLASSES + EVENT_CLASSES)


def local_name(iri: URIRef | str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1] or text
    return text
