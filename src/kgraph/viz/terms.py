"""The RDF terms the view reads, and the contract's class and relation lists.

Kept local (rather than importing a generated vocabulary) so the view only depends on the
contract; the names below are exactly those of DESIGN.md.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

KG = Namespace("https://w3id.org/kgraph/ontology#")
KGR = Namespace("https://w3id.org/kgraph/resource/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

ENTITY_CLASSES: tuple[str, ...] = (
    "Country",
    "Government",
    "ArmedGroup",
    "MilitaryForce",
    "PeacekeepingForce",
    "InternationalOrganization",
    "Organization",
    "Person",
    "City",
    "Region",
)
EVENT_CLASSES: tuple[str, ...] = (
    "Event",
    "Agreement",
    "CeasefireAgreement",
    "Talks",
    "MilitaryOperation",
    "Withdrawal",
    "Disbandment",
)
# Used when the ontology is absent: the contract's event hierarchy, child -> parent.
EVENT_PARENTS: dict[str, str] = {
    "Agreement": "Event",
    "CeasefireAgreement": "Agreement",
    "Talks": "Event",
    "MilitaryOperation": "Event",
    "Withdrawal": "Event",
    "Disbandment": "Event",
}
RELATIONS: tuple[str, ...] = (
    "mediated",
    "agreedToCeasefire",
    "agreedToDisband",
    "agreedToWithdraw",
    "deniesPresence",
    "denies",
    "holdsTalksWith",
    "attacked",
    "launchedOperationAgainst",
    "signedAgreementWith",
    "deployedIn",
    "locatedIn",
    "controls",
    "accused",
    "supports",
    "statedThat",
)
SYMMETRIC: frozenset[str] = frozenset(
    {"holdsTalksWith", "signedAgreementWith", "agreedToCeasefire"}
)
# Links from an event to the actors taking part; drawn as thin edges labelled by role.
PARTY_LINKS: tuple[str, ...] = ("party", "participant")

KNOWN_CLASSES: frozenset[str] = frozenset(ENTITY_CLASSES + EVENT_CLASSES)


def local_name(iri: URIRef | str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1] or text
    return text
