"""Identity across the articles of one build or store: the merges a canonical key cannot make.

Canonical keys (kgraph.identity, kgraph.events_identity) already give the same actor and the
same dated event one IRI in every article. `IdentityRegistry` remembers what a build has seen
and rewrites each new extraction before it becomes RDF, for the remaining cases:

* a person spelled one letter apart with the same given name ("Mohamed Daglo" and "Mohamed
  Dagalo"; surnames of five letters or more);
* an acronym in one article and its expansion in another ("SPA" / "Saudi Press Agency"),
  and any name an article gave as another's alias ("Rapid Support Forces (RSF)");
* an organisation or armed group typed differently in two articles keeps its first class,
  so the node has one type;
* an event reported a day apart or undated in another article (`events_identity.same_event`).

It works one extraction at a time, so it fits a streaming build: `identify(extractions)`
is the one call a build makes. For `kgraph build --store`, `IdentityRegistry.from_store`
seeds it from the actors and events the store already holds, so an added article that
reports a known event attaches to the existing node.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from kgraph.events_identity import EventSignature, same_event, signature
from kgraph.extract.resolve import is_generic_label
from kgraph.gazetteer import Gazetteer
from kgraph.identity import canonical_name, initials, looks_like_acronym, person_key
from kgraph.model import Entity, Event, Extraction
from kgraph.rdf import entity_iri, event_iri

_ACTOR_CLASSES = frozenset(
    {
        "Organization",
        "ArmedGroup",
        "InternationalOrganization",
        "MilitaryForce",
        "PeacekeepingForce",
        "Government",
    }
)


@dataclass
class _Person:
    key: str
    given: str
    surname: str
    middle: tuple[str, ...] = ()


@dataclass
class _KnownEvent:
    key: str
    sig: EventSignature


@dataclass
class IdentityRegistry:
    """What a build has seen so far; `apply` rewrites the next extraction to match it."""

    people: dict[str, list[_Person]] = field(default_factory=dict)  # by canonical given name
    aliases: dict[str, str] = field(default_factory=dict)  # "name:<canonical>" -> key
    acronyms: dict[str, str] = field(default_factory=dict)  # acronym an article gave -> key
    acronym_only: dict[str, str] = field(default_factory=dict)  # acronym used as the name
    by_initials: dict[str, set[str]] = field(default_factory=dict)  # "rsf" -> expansions
    actor_class: dict[str, str] = field(default_factory=dict)  # key -> first class seen
    events: dict[str, list[_KnownEvent]] = field(default_factory=dict)  # by class
    days: dict[str, str] = field(default_factory=dict)  # event node -> its day, when merged
    # key -> the label it was first seen with: an IRI minted from a gazetteer or description
    # key takes its slug from the label, so a renamed entity must carry the same one
    labels: dict[str, str] = field(default_factory=dict)

    def apply(self, extraction: Extraction) -> Extraction:
        renamed = self._actors(extraction.entities)
        entities = _rename_entities(extraction.entities, renamed, self.actor_class, self.labels)
        events = tuple(_rename_event(ev, renamed) for ev in extraction.events)
        iri_of = {e.key: str(entity_iri(e)) for e in entities}
        event_renamed = self._events(
            events, extraction.document.published, iri_of, extraction.document.doc_id
        )
        events = _merge_events(events, event_renamed, self.days)
        relations = tuple(
            replace(
                r,
                subject=renamed.get(r.subject, r.subject),
                object=event_renamed.get(r.object, renamed.get(r.object, r.object)),
                place=renamed.get(r.place, r.place) if r.place else None,
                attributed_to=(
                    renamed.get(r.attributed_to, r.attributed_to) if r.attributed_to else None
                ),
            )
            for r in extraction.relations
        )
        return replace(extraction, entities=entities, events=events, relations=relations)

    # -- actors -------------------------------------------------------------------------------

    def _actors(self, entities: Iterable[Entity]) -> dict[str, str]:
        renamed: dict[str, str] = {}
        for entity in entities:
            if entity.key.startswith("person:"):
                target = self._person(entity.key)
            elif entity.entity_class in _ACTOR_CLASSES and not entity.key.startswith("doc:"):
                target = self._actor(entity)
            else:
                continue
            if target != entity.key:
                renamed[entity.key] = target
        return renamed

    def _person(self, key: str) -> str:
        words = key.split(":", 1)[1].split()
        if len(words) < 2:
            return key  # a lone surname stays apart: two people may share it
        given, surname, middle = words[0], words[-1], tuple(words[1:-1])
        known = self.people.setdefault(given, [])
        for person in known:
            if person.key == key:
                return key
        close = [
            p
            for p in known
            if len(surname) >= 5
            and len(p.surname) >= 5
            and p.surname[0] == surname[0]
            and _one_edit_apart(p.surname, surname)
            and not (p.middle and middle and p.middle != middle)  # "George H. W." != "George W."
        ]
        if len(close) == 1:
            return close[0].key
        known.append(_Person(key, given, surname, middle))
        return key

    def _actor(self, entity: Entity) -> str:
        names = [entity.label, *entity.alt_labels]
        gazetteer = Gazetteer.load()
        acronyms = {_acronym(n) for n in names if looks_like_acronym(n)}
        forms = {
            "name:" + canonical_name(n)
            for n in names
            if not looks_like_acronym(n) and _is_name(n) and not is_generic_label(n, gazetteer)
        }
        expansion = None if looks_like_acronym(entity.label) else initials(entity.label)
        hits = {self.aliases[f] for f in forms if f in self.aliases}
        hits |= {self.acronyms[a] for a in acronyms if a in self.acronyms}
        if expansion and len(expansion) >= 2 and expansion in self.acronym_only:
            hits.add(self.acronym_only[expansion])  # "Saudi Press Agency" after "SPA"
        if not expansion:
            spelled = self.by_initials.get(_acronym(entity.label), set())
            if len(spelled) == 1:
                hits |= spelled  # "SPA" after "Saudi Press Agency"
        hits.discard(entity.key)
        own = entity.key in self.actor_class or not entity.key.startswith(
            ("actor:", "name:", "desc:")
        )
        target = entity.key if own or len(hits) != 1 else hits.pop()
        for form in forms:
            self.aliases.setdefault(form, target)
        for acronym in acronyms:
            self.acronyms.setdefault(acronym, target)
        if expansion and len(expansion) >= 2:
            self.by_initials.setdefault(expansion, set()).add(target)
        else:
            self.acronym_only.setdefault(_acronym(entity.label), target)
        self.actor_class.setdefault(target, entity.entity_class)
        self.labels.setdefault(target, entity.label)
        return target

    # -- events -------------------------------------------------------------------------------

    def _events(
        self, events: Iterable[Event], published: date | None, iri_of: dict[str, str], doc_id: str
    ) -> dict[str, str]:
        """Event key -> 'iri:<the node it is>' for events an earlier article reported."""
        renamed: dict[str, str] = {}
        for event in events:
            sig = signature(event, published)
            sig = replace(
                sig,
                parties=frozenset(iri_of.get(p, p) for p in sig.parties),
                place=iri_of.get(sig.place, sig.place) if sig.place else None,
            )
            iri = "iri:" + str(event_iri(doc_id, event.key))
            known = self.events.setdefault(event.event_class, [])
            if any(k.key == iri for k in known):
                continue
            matches = [k for k in known if same_event(k.sig, sig)]
            exact = [k for k in matches if not k.sig.approximate and not sig.approximate]
            if exact:
                matches = exact
            if len(matches) == 1 or (matches and not sig.approximate):
                renamed[event.key] = matches[0].key
                if matches[0].sig.day and not matches[0].sig.approximate:
                    self.days[matches[0].key] = matches[0].sig.day.isoformat()
                continue
            known.append(_KnownEvent(iri, sig))
        return renamed

    # -- seeding from a store -----------------------------------------------------------------

    @classmethod
    def from_store(cls, store) -> IdentityRegistry:
        """A registry that knows the actors and events a store holds (two SPARQL queries)."""
        registry = cls()
        registry._seed_actors(store)
        rows = store.query(_STORE_EVENTS).rows()
        found: dict[str, dict] = {}
        for row in rows:
            event, event_class, party, day, place = (str(v) if v is not None else None for v in row)
            info = found.setdefault(
                event, {"class": event_class, "parties": set(), "day": day, "place": place}
            )
            if party:
                info["parties"].add(party)
        for iri, info in found.items():
            sig = EventSignature(
                info["class"].rsplit("#", 1)[-1],
                frozenset(info["parties"]),
                _to_day(info["day"]),
                info["place"],
            )
            registry.events.setdefault(sig.event_class, []).append(_KnownEvent("iri:" + iri, sig))
        return registry

    def _seed_actors(self, store) -> None:
        labels: dict[str, tuple[str, list[str], list[str]]] = {}
        for iri, cls, prop, label in store.query(_STORE_ACTORS).rows():
            entry = labels.setdefault(str(iri), (str(cls).rsplit("#", 1)[-1], [], []))
            entry[1 if str(prop).endswith("#label") else 2].append(str(label))
        for iri, (cls, names, alts) in sorted(labels.items()):
            if not names:
                continue
            key = "iri:" + iri
            if cls == "Person":
                words = person_key(names[0]).split(":", 1)[1].split()
                if len(words) >= 2:
                    self.people.setdefault(words[0], []).append(
                        _Person(key, words[0], words[-1], tuple(words[1:-1]))
                    )
            elif cls in _ACTOR_CLASSES:
                self._actor(Entity(key, names[0], cls, alt_labels=tuple(names[1:] + alts)))


_STORE_ACTORS = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?class ?property ?label WHERE {
  VALUES ?class { kg:Person kg:Organization kg:ArmedGroup kg:InternationalOrganization
                  kg:MilitaryForce kg:PeacekeepingForce kg:Government }
  VALUES ?property { rdfs:label skos:altLabel }
  ?entity a ?class ; ?property ?label .
}
"""

_STORE_EVENTS = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
SELECT ?event ?class ?party ?date ?place WHERE {
  VALUES ?class { kg:Agreement kg:CeasefireAgreement kg:Talks kg:MilitaryOperation
                  kg:Withdrawal kg:Disbandment }
  ?event a ?class .
  OPTIONAL { ?event kg:party ?party }
  OPTIONAL { ?event kg:date ?date }
  OPTIONAL { ?event kg:place ?place }
}
"""


def identify(
    extractions: Iterable[Extraction], registry: IdentityRegistry | None = None
) -> Iterator[Extraction]:
    """Each extraction rewritten so that what earlier ones named is the same node."""
    registry = registry or IdentityRegistry()
    for extraction in extractions:
        yield registry.apply(extraction)


def _to_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _is_name(text: str) -> bool:
    return any(w[:1].isupper() for w in text.split())


def _acronym(name: str) -> str:
    return name.replace(".", "").replace("-", "").lower()


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _rename_entities(
    entities: tuple[Entity, ...],
    renamed: dict[str, str],
    classes: dict[str, str],
    labels: dict[str, str],
) -> tuple[Entity, ...]:
    merged: dict[str, Entity] = {}
    for entity in entities:
        key = renamed.get(entity.key, entity.key)
        if key != entity.key and labels.get(key, entity.label) != entity.label:
            names = dict.fromkeys((entity.label, *entity.alt_labels))
            entity = replace(entity, label=labels[key], alt_labels=tuple(names))
        cls = (
            classes.get(key, entity.entity_class)
            if entity.entity_class in _ACTOR_CLASSES
            else (entity.entity_class)
        )
        country = renamed.get(entity.country, entity.country) if entity.country else None
        entity = replace(entity, key=key, entity_class=cls, country=country)
        seen = merged.get(key)
        if seen is None:
            merged[key] = entity
            continue
        names = dict.fromkeys((*seen.alt_labels, entity.label, *entity.alt_labels))
        merged[key] = replace(
            seen,
            alt_labels=tuple(n for n in names if n != seen.label),
            mentions=seen.mentions + entity.mentions,
        )
    return tuple(merged.values())


def _rename_event(event: Event, renamed: dict[str, str]) -> Event:
    parties = tuple(dict.fromkeys(renamed.get(p, p) for p in event.parties))
    place = renamed.get(event.place, event.place) if event.place else None
    return replace(event, parties=parties, place=place)


def _merge_events(
    events: tuple[Event, ...], renamed: dict[str, str], days: dict[str, str]
) -> tuple[Event, ...]:
    """Events renamed to a known node take that node's day, so a node keeps one date (the
    statements keep the date their own article gave)."""
    out: dict[str, Event] = {}
    for event in events:
        key = renamed.get(event.key, event.key)
        when = days.get(key, event.date) if key != event.key else event.date
        if when and event.date and "T" in event.date and event.date[:10] == when[:10]:
            when = event.date
        out.setdefault(key, replace(event, key=key, date=when))
    return tuple(out.values())
