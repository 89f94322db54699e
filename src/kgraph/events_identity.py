"""One node per real event: when two event mentions are the same talks, ceasefire or operation.

Two mentions are the same event when (`same_event`):

* they have the same class (Talks, CeasefireAgreement, Agreement, MilitaryOperation, ...);
* their parties overlap: they share a party, and at least two when both name two or more
  ("talks between A and B" and "talks between A and C" are different talks);
* their dates are compatible: equal within `WINDOW_DAYS` of the class (3 days for talks and
  operations, which last days; 2 days for agreements, ceasefires, withdrawals), or one of
  them undated — within an article only, or across articles when the undated one's article
  was published within `UNDATED_WINDOW_DAYS` of the dated one;
* their places are compatible: equal, or at least one of them unknown.

Within one article every mention of an event merges into the first compatible one
(`merge_article_events`). A dated event with parties gets a key from its class, sorted
parties, day and place (`canonical_key`), so two articles reporting the same talks on the same
day mint the same IRI with no shared state at all; the cases a key cannot catch (a day apart,
an undated report) are merged by `kgraph.registry.IdentityRegistry` across a build or store.
A March ceasefire and a September ceasefire between the same parties stay two events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kgraph.model import Event, Relation

WINDOW_DAYS = {
    "Talks": 3,
    "MilitaryOperation": 3,
    "Agreement": 2,
    "CeasefireAgreement": 2,
    "Withdrawal": 2,
    "Disbandment": 2,
}
UNDATED_WINDOW_DAYS = 30


@dataclass(frozen=True)
class EventSignature:
    event_class: str
    parties: frozenset[str]
    day: date | None
    place: str | None
    approximate: bool = False  # the day is the article's publication date, not the event's


def signature(event: Event, published: date | None = None) -> EventSignature:
    day = _day(event.date)
    approximate = day is None and published is not None
    return EventSignature(
        event.event_class,
        frozenset(event.parties),
        day or published,
        event.place,
        approximate,
    )


def same_event(a: EventSignature, b: EventSignature, *, same_article: bool = False) -> bool:
    if a.event_class != b.event_class:
        return False
    if not _parties_overlap(a.parties, b.parties, same_article):
        return False
    if a.place and b.place and a.place != b.place:
        return False
    return _dates_compatible(a, b, same_article)


def _parties_overlap(a: frozenset[str], b: frozenset[str], same_article: bool) -> bool:
    if not a or not b:
        return same_article  # "the talks" with no parties: only the article's own talks
    shared = len(a & b)
    return shared >= min(2, len(a), len(b))


def _dates_compatible(a: EventSignature, b: EventSignature, same_article: bool) -> bool:
    if a.day is None or b.day is None:
        return same_article
    window = WINDOW_DAYS.get(a.event_class, 2)
    if a.approximate or b.approximate:
        if a.approximate and b.approximate:
            return False  # two undated reports: nothing says they are one event
        window = UNDATED_WINDOW_DAYS
    return abs((a.day - b.day).days) <= window


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def canonical_key(event: Event) -> str | None:
    """'evt:<class>|<parties>|<day>|<place>' for a dated event with parties, else None.

    The place is part of the key so that same-day events at two places never share a node;
    a report that names no place is joined to one that does by the registry."""
    day = _day(event.date)
    if day is None or not event.parties:
        return None
    parties = ",".join(sorted(set(event.parties)))
    return f"evt:{event.event_class}|{parties}|{day.isoformat()}|{event.place or ''}"


def merge_article_events(events: dict[str, Event], relations: dict[tuple, Relation]) -> None:
    """Merge the mentions of one event within an article, in place; relations follow."""
    ordered = sorted(
        events.values(), key=lambda e: (e.evidence.sentence.index if e.evidence else -1, e.key)
    )
    kept: list[Event] = []
    renamed: dict[str, str] = {}
    for event in ordered:
        sig = signature(event)
        target = None
        same_class = [k for k in kept if k.event_class == event.event_class]
        for index, other in enumerate(kept):
            if not same_event(signature(other), sig, same_article=True):
                continue
            if (not other.parties or not event.parties) and len(same_class) != 1:
                continue  # a party-less mention joins only the article's one event of its class
            target = index
            break
        if target is None:
            kept.append(event)
            continue
        kept[target] = combine(kept[target], event)
        renamed[event.key] = kept[target].key
    final: dict[str, Event] = {}
    for event in kept:
        key = canonical_key(event) or event.key
        if key in final:
            key = event.key  # same class, parties and day but another place: another event
        final[key] = replace(event, key=key)
        renamed[event.key] = key
    for old, new in list(renamed.items()):
        renamed[old] = renamed.get(new, new)
    events.clear()
    events.update(final)
    for rkey, relation in list(relations.items()):
        if relation.object in renamed:
            relations[rkey] = replace(relation, object=renamed[relation.object])


def combine(first: Event, other: Event) -> Event:
    """One event from two mentions: parties joined; the precise date and a known place kept."""
    parties = tuple(dict.fromkeys((*first.parties, *other.parties)))
    when = first.date
    if other.date and (not when or ("T" in other.date and "T" not in when)):
        when = other.date if not when or other.date[:10] == when[:10] else when
    return replace(first, parties=parties, date=when, place=first.place or other.place)
