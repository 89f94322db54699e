"""Frozen records passed between pipeline stages.

Stages exchange these instead of spaCy or rdflib objects, so an extractor can be swapped
without touching the RDF writer or the views, and each stage is testable alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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

PREDICATES: tuple[str, ...] = (
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

# Symmetric predicates: (a p b) states the same as (b p a).
SYMMETRIC_PREDICATES: frozenset[str] = frozenset(
    {"holdsTalksWith", "signedAgreementWith", "agreedToCeasefire"}
)

# Event classes minted for relation objects that are happenings rather than actors.
EVENT_CLASSES: tuple[str, ...] = (
    "Agreement",
    "CeasefireAgreement",
    "Talks",
    "MilitaryOperation",
    "Withdrawal",
    "Disbandment",
)


@dataclass(frozen=True)
class Document:
    """One article, its cleaned text and metadata."""

    doc_id: str  # stable id from the content hash
    text: str  # cleaned text; all offsets below index into it
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None  # file name or "<stdin>", for messages
    dateline_place: str | None = None  # "DOHA" in "DOHA, Jan 15 (Reuters) -"


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # char offsets in Document.text
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A span of text that names an actor or place."""

    text: str
    start: int
    end: int
    sentence: int
    entity_class: str  # one of ENTITY_CLASSES
    source: str  # "gazetteer", "ner", "rule", "coref" — for explanation


@dataclass(frozen=True)
class Entity:
    """A resolved actor or place: one per real-world referent per document."""

    key: str  # merge key: "gn:587084", "phx:IGOUNO", or "label:<class>:<normalised label>"
    label: str
    entity_class: str
    alt_labels: tuple[str, ...] = ()
    geonames_id: int | None = None
    wkt: str | None = None  # "POINT(lon lat)"
    country: str | None = None  # key of the country a force/government/city belongs to
    mentions: tuple[Mention, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Evidence:
    sentence: Sentence
    span_start: int  # char offsets in Document.text of the trigger/phrase
    span_end: int


@dataclass(frozen=True)
class Event:
    """A happening used as the object of a relation: an agreement, talks, an operation."""

    key: str
    event_class: str  # one of EVENT_CLASSES
    label: str
    parties: tuple[str, ...] = ()  # entity keys
    date: str | None = None  # ISO date or dateTime
    place: str | None = None  # entity key
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Relation:
    subject: str  # entity key
    predicate: str  # one of PREDICATES
    object: str  # entity key or event key
    evidence: Evidence
    date: str | None = None  # "2023-09-20" or "2023-09-20T09:00:00Z"
    date_text: str | None = None  # the phrase the date came from, kept when unresolved
    place: str | None = None  # entity key
    attributed_to: str | None = None  # entity key of who said it
    polarity: str = "positive"  # "negative" for denials and negated claims
    confidence: float = 0.7


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
