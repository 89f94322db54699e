"""Run the relation rules over a parsed article and turn their findings into Relation records."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from kgraph.events_identity import merge_article_events
from kgraph.extract.context import Attribution, date_for, dated_phrases
from kgraph.extract.lexicon import Lexicon, load_lexicon
from kgraph.extract.mentions import dateline_place, text_of
from kgraph.extract.relations import ArticleMemory, Found, SentenceContext, extract_sentence
from kgraph.extract.resolve import Resolution
from kgraph.model import Entity, Event, Evidence, Relation, Sentence

_EVENT_LABELS = {
    "Agreement": "agreement",
    "CeasefireAgreement": "ceasefire agreement",
    "Talks": "talks",
    "MilitaryOperation": "military operation",
    "Withdrawal": "withdrawal",
    "Disbandment": "disbandment",
}


def sentences_of(doc: Doc) -> list[Sentence]:
    out = []
    for index, sent in enumerate(doc.sents):
        text = sent.text.rstrip()
        out.append(Sentence(index, sent.start_char, sent.start_char + len(text), text))
    return out


def find_relations(
    doc: Doc,
    sentences: list[Sentence],
    resolution: Resolution,
    lexicon: Lexicon,
    published: date | None,
    doc_id: str,
) -> tuple[list[Event], list[Relation]]:
    classes = {k: e.entity_class for k, e in resolution.entities.items()}
    attribution = Attribution(lexicon)
    events: dict[str, Event] = {}
    relations: dict[tuple, Relation] = {}
    previous: list[str] = []
    memory = ArticleMemory()
    ents_by_sentence: dict[int, list] = {}
    starts = [sent.start for sent in doc.sents]
    for ent in doc.ents:  # once per doc: Span.ents and Span.sent rescan the whole doc
        if ent.label_ in ("DATE", "TIME"):
            start = starts[bisect_right(starts, ent.start) - 1]
            ents_by_sentence.setdefault(start, []).append(ent)
    for sent, sentence in zip(doc.sents, sentences, strict=True):
        ctx = SentenceContext(sent, resolution.token_entity, classes, previous, memory)
        phrases = dated_phrases(sent, published, lexicon, ents_by_sentence.get(sent.start, []))
        _continue_events(ctx, phrases, sentence.index, events, relations)
        for found in extract_sentence(ctx, lexicon):
            relation, event = _relation(
                found, ctx, sentence, attribution, phrases, doc_id, resolution.entities
            )
            if relation is None:
                continue
            if event is not None:
                events.setdefault(event.key, event)
            key = (relation.subject, relation.predicate, relation.object, sentence.index)
            relations.setdefault(key, relation)
        attribution.observe(ctx)
        root = sent.root
        subjects = ctx.subjects(root) if root.pos_ in ("VERB", "AUX") else []
        if subjects:
            previous = subjects
    _merge_agreements(events, relations)
    _drop_unnamed_mediations(events, relations)
    _dateline_places(doc, resolution, events, relations)
    merge_article_events(events, relations)
    return list(events.values()), list(relations.values())


def _drop_unnamed_mediations(events: dict[str, Event], relations: dict[tuple, Relation]) -> None:
    """A mediator's edge to an unnamed event says less than its edges to the parties: when the
    article names the parties it mediated between, the event-only edges go."""
    named = {
        r.subject
        for r in relations.values()
        if r.predicate == "mediated" and r.object not in events
    }
    dropped: set[str] = set()
    for key, relation in list(relations.items()):
        if (
            relation.predicate == "mediated"
            and relation.subject in named
            and relation.object in events
        ):
            dropped.add(relation.object)
            del relations[key]
    used = {r.object for r in relations.values()}
    for event_key in dropped - used:
        del events[event_key]


def _dateline_places(
    doc: Doc, resolution: Resolution, events: dict[str, Event], relations: dict[tuple, Relation]
) -> None:
    """Talks reported under a dateline ('GENEVA, May 2 -') took place there unless the
    text says otherwise."""
    text = text_of(doc)
    place_text = dateline_place(text)
    if not place_text:
        return
    start = text.find(place_text)
    key = resolution.token_entity.get(
        doc.char_span(start, start + len(place_text), alignment_mode="expand")[0].i
    )
    if key is None or resolution.entities[key].entity_class not in ("City", "Region"):
        return
    for event_key, event in list(events.items()):
        if event.event_class == "Talks" and event.place is None:
            events[event_key] = replace(event, place=key)
    for rkey, relation in list(relations.items()):
        if relation.predicate == "holdsTalksWith" and relation.place is None:
            relations[rkey] = replace(relation, place=key)


def _continue_events(
    ctx: SentenceContext,
    phrases,
    index: int,
    events: dict[str, Event],
    relations: dict[tuple, Relation],
) -> None:
    """'They will take place in Mosul on 3 May': a pronoun-led sentence that gives
    the time and place of the previous sentence's event."""
    root = ctx.sent.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ not in ("they", "it", "these", "this"):
        return
    if root.lemma_.lower() not in load_lexicon()["continuationVerb"]:
        return
    places = ctx.places(root)
    dated = date_for(root, phrases)
    place = places[0] if places else None
    value = dated.value if dated and dated.resolved else None
    if place is None and value is None:
        return
    for key, event in list(events.items()):
        if event.evidence and event.evidence.sentence.index == index - 1:
            events[key] = replace(event, place=event.place or place, date=event.date or value)
    for rkey, relation in list(relations.items()):
        if (
            relation.evidence.sentence.index == index - 1
            and relation.object in events
            or (
                relation.evidence.sentence.index == index - 1
                and relation.predicate == "holdsTalksWith"
            )
        ):
            relations[rkey] = replace(
                relation,
                place=relation.place or place,
                date=relation.date or value,
                date_text=relation.date_text or (dated.text if dated else None),
            )


def _merge_agreements(events: dict[str, Event], relations: dict[tuple, Relation]) -> None:
    """An agreement named without its parties ("an agreement was reached") is the article's
    agreement whose parties are known, when exactly one such agreement fits its date."""
    kinds = ("CeasefireAgreement", "Agreement")
    known = [e for e in events.values() if e.event_class in kinds and len(e.parties) >= 2]
    for key, event in list(events.items()):
        if event.event_class not in kinds or len(event.parties) >= 2:
            continue
        users = [r for r in relations.values() if r.object == key]
        if not users or any(r.predicate != "mediated" for r in users):
            continue
        fits = [
            e
            for e in known
            if e.event_class == event.event_class or event.event_class == "Agreement"
        ]
        if len(fits) > 1 and event.date:
            fits = [e for e in fits if e.date and e.date[:10] == event.date[:10]]
        if len(fits) != 1:
            continue
        target = fits[0]
        precise = event.date if event.date and "T" in event.date else None
        events[target.key] = replace(target, date=precise or target.date or event.date)
        del events[key]
        for rkey, relation in list(relations.items()):
            if relation.object == key:
                relations[rkey] = replace(relation, object=target.key)


_LOCATIVE = ("in", "at", "inside")


def _place_near(ctx: SentenceContext, found: Found) -> str | None:
    """Where it happened: 'in X' on the trigger, its clause, or the talks it mentions."""
    if found.predicate in ("locatedIn", "controls", "deployedIn", "deniesPresence"):
        return None  # the place is already the object
    parties = {found.subject, found.object}
    node = found.trigger
    seen = []
    for _ in range(4):
        seen.append(node)
        if node.pos_ in ("VERB", "AUX") or node.head == node:
            break
        node = node.head
    for token in seen:
        for key in ctx.places(token, _LOCATIVE):
            if key not in parties:
                return key
    verb = seen[-1]
    for token in verb.subtree:  # "acting as intermediaries during the talks in Jeddah"
        if token.lemma_.lower() in ("talk", "talks", "negotiation", "meeting", "summit"):
            for key in ctx.places(token, _LOCATIVE):
                if key not in parties:
                    return key
    return None


def _relation(
    found: Found,
    ctx: SentenceContext,
    sentence: Sentence,
    attribution: Attribution,
    phrases,
    doc_id: str,
    entities: dict[str, Entity],
) -> tuple[Relation | None, Event | None]:
    if found.subject not in entities or (found.object and found.object not in entities):
        return None, None
    if found.object == found.subject:
        return None, None
    tokens = [found.trigger, *found.extra_tokens]
    span_start = min(t.idx for t in tokens)
    span_end = max(t.idx + len(t.text) for t in tokens)
    evidence = Evidence(sentence, span_start, span_end)
    # containment holds whatever the day; the sentence's date belongs to its other facts
    dated = None if found.predicate == "locatedIn" else date_for(found.trigger, phrases)
    date_value = dated.value if dated and dated.resolved else None
    date_text = dated.text if dated else None
    speaker = attribution.speaker(ctx, found.trigger)
    if found.place is None:
        found.place = _place_near(ctx, found)
    event = None
    obj = found.object
    if obj is None or found.event_class:
        event_class = found.event_class or "Agreement"
        raw = f"{doc_id}|{sentence.index}|{found.trigger.i}|{event_class}"
        key = "event:" + hashlib.sha256(raw.encode()).hexdigest()[:16]
        default = (found.subject,) if obj is None else (found.subject, obj)
        if found.predicate == "mediated":
            default = () if obj is None else (obj,)
        parties = tuple(p for p in (found.event_parties or default) if p in entities)
        label = _EVENT_LABELS.get(event_class, event_class.lower())
        event = Event(key, event_class, label, parties, date_value, found.place, evidence)
        if obj is None:
            obj = key
    relation = Relation(
        subject=found.subject,
        predicate=found.predicate,
        object=obj,
        evidence=evidence,
        date=date_value,
        date_text=date_text,
        place=found.place,
        attributed_to=speaker,
        polarity=found.polarity,
        confidence=found.confidence,
    )
    return relation, event
