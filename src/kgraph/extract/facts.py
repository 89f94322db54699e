"""Run the relation rules over a parsed article and turn their findings into Relation records."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Token

from kgraph.events_identity import merge_article_events
from kgraph.extract.context import Attribution, date_for, dated_phrases
from kgraph.extract.lexicon import Lexicon, load_lexicon
from kgraph.extract.mentions import text_of
from kgraph.extract.places import (
    about_the_talks,
    clause_chain,
    dateline_entity,
    event_noun_verbs,
    place_near,
    places_of_talks,
)
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
    talk_places: set[str] = set()  # every place the article gives its talks
    anaphoric: set[tuple] = set()  # relations about "the talks", with no place of their own
    ents_by_sentence: dict[int, list] = {}
    starts = [sent.start for sent in doc.sents]
    for ent in doc.ents:  # once per doc: Span.ents and Span.sent rescan the whole doc
        if ent.label_ in ("DATE", "TIME"):
            start = starts[bisect_right(starts, ent.start) - 1]
            ents_by_sentence.setdefault(start, []).append(ent)
    for sent, sentence in zip(doc.sents, sentences, strict=True):
        ctx = SentenceContext(sent, resolution.token_entity, classes, previous, memory)
        phrases = _DatedPhrases(sent, published, lexicon, ents_by_sentence.get(sent.start, []))
        _continue_events(ctx, phrases, sentence.index, events, relations)
        talk_places.update(places_of_talks(ctx))
        for found in extract_sentence(ctx, lexicon):
            relation, event = _relation(
                found, ctx, sentence, attribution, phrases, doc_id, resolution.entities
            )
            if relation is None:
                continue
            if event is not None:
                _add_event(events, event)
            key = (relation.subject, relation.predicate, relation.object, sentence.index)
            relations.setdefault(key, relation)
            if relation.place is None and about_the_talks(found.trigger):
                anaphoric.add(key)
        attribution.observe(ctx)
        root = sent.root
        subjects = ctx.subjects(root) if root.pos_ in ("VERB", "AUX") else []
        if subjects:
            previous = subjects
    _the_talks_place(talk_places, anaphoric, events, relations)
    _merge_agreements(events, relations)
    _drop_unnamed_mediations(events, relations)
    _dateline_places(doc, resolution, events, relations, published)
    merge_article_events(events, relations)
    return list(events.values()), list(relations.values())


class _DatedPhrases(Sequence):
    """The sentence's date expressions, resolved on first use: most sentences that name a date
    give no relation, and resolving a date is the costly part."""

    def __init__(self, sent, published: date | None, lexicon: Lexicon, ents: list) -> None:
        self._args = (sent, published, lexicon, ents)
        self._phrases: list | None = [] if not ents else None

    def _resolved(self) -> list:
        if self._phrases is None:
            self._phrases = dated_phrases(*self._args)
        return self._phrases

    def __getitem__(self, index):
        return self._resolved()[index]

    def __len__(self) -> int:
        return len(self._resolved())


def _add_event(events: dict[str, Event], event: Event) -> None:
    """One trigger makes one event; each pair its frame yields ("A, B and C held talks": A-B,
    A-C, B-C) adds its parties to it."""
    known = events.get(event.key)
    if known is None:
        events[event.key] = event
    elif set(event.parties) - set(known.parties):
        parties = tuple(dict.fromkeys(known.parties + event.parties))
        events[event.key] = replace(known, parties=parties)


def _the_talks_place(
    places: set[str],
    anaphoric: set[tuple],
    events: dict[str, Event],
    relations: dict[tuple, Relation],
) -> None:
    """'The talks were mediated by X' took place where the article says its talks were, when
    it names exactly one place for them (the most precise one: talks 'in Sri Lanka' and 'in
    Colombo, Sri Lanka' were in Colombo)."""
    inside = {(r.subject, r.object) for r in relations.values() if r.predicate == "locatedIn"}
    precise = {p for p in places if not any((q, p) in inside for q in places)}
    if len(precise) != 1:
        return
    (place,) = precise
    for key in anaphoric:
        relation = relations.get(key)
        if relation is None or place in (relation.subject, relation.object):
            continue
        relations[key] = replace(relation, place=place)
        event = events.get(relation.object)
        if event is not None and event.place is None:
            events[relation.object] = replace(event, place=place)


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
    doc: Doc,
    resolution: Resolution,
    events: dict[str, Event],
    relations: dict[tuple, Relation],
    published: date | None,
) -> None:
    """Talks and signings reported under a dateline ('KATHMANDU, Nov 21 (Reuters)') took
    place there unless the text says otherwise. Attacks and withdrawals do not: a dateline
    says where the reporter is, and fighting is rarely in the reporter's city. Only the lede
    (the dateline's paragraph and the two after it) tells the day's news: later paragraphs
    give background, and a report of something weeks from the publication date is history."""
    classes = {k: e.entity_class for k, e in resolution.entities.items()}
    dateline = dateline_entity(doc, resolution.token_entity, classes)
    if dateline is None:
        return
    key, start = dateline
    lede_end = _paragraphs_end(text_of(doc), start, _LEDE_PARAGRAPHS)
    placed: set[str] = set()
    for rkey, relation in list(relations.items()):
        if relation.predicate not in _DATELINE_PREDICATES or relation.place is not None:
            continue
        if relation.evidence.sentence.start >= lede_end:
            continue  # later paragraphs give background, told from anywhere
        if key in (relation.subject, relation.object):
            continue
        if not _news_of_the_day(relation.date, published, relation.date_text):
            continue
        relations[rkey] = replace(relation, place=key)
        placed.add(relation.object)
    for event_key, event in list(events.items()):
        in_lede = event.evidence is not None and event.evidence.sentence.start < lede_end
        wanted = event_key in placed or (event.event_class == "Talks" and in_lede)
        if wanted and event.place is None and _news_of_the_day(event.date, published):
            events[event_key] = replace(event, place=key)


_DATELINE_PREDICATES = ("holdsTalksWith", "signedAgreementWith")
_LEDE_PARAGRAPHS = 3  # the dateline's paragraph and the two after it tell the day's news


def _paragraphs_end(text: str, start: int, count: int) -> int:
    """Where the `count`-th paragraph from `start` ends."""
    end = start
    for _ in range(count):
        found = text.find("\n\n", end + 1)
        if found < 0:
            return len(text)
        end = found
    return end


def _news_of_the_day(value: str | None, published: date | None, text: str | None = None) -> bool:
    """Within a week of publication, or undated; 'in 2019' in a 2024 article is history."""
    if value is None:
        year = re.search(r"\b(?:1[89]|20)\d\d\b", text or "")
        return year is None or (published is not None and int(year[0]) == published.year)
    if published is None:
        return True
    return abs((date.fromisoformat(value[:10]) - published).days) <= 7


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


def _date_of(trigger: Token, phrases):
    """The trigger clause's date or, for a clause on an event noun ('talks, mediated by Z,
    were held on Friday'), the date of the noun's verb."""
    dated = date_for(trigger, phrases)
    if dated is None:
        for verb in event_noun_verbs(clause_chain(trigger)[-1]):
            dated = date_for(verb, phrases)
    if dated is None:
        dated = _trailing_report_date(trigger, phrases)
    return dated


def _trailing_report_date(trigger: Token, phrases):
    """'X and Y agreed to a truce, which begins on 3 May, the minister said on Friday': the
    parser may hang the closing 'said' on a noun, out of reach of the clause walk; a
    reporting verb after the trigger that has no clause of its own still dates the report."""
    report_verbs = load_lexicon()["reportDateVerb"]
    found = [
        phrase
        for phrase in phrases
        if phrase.verb.i > trigger.i
        and phrase.verb.lemma_.lower() in report_verbs
        and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in phrase.verb.children)
        and any(c.dep_ == "nsubj" for c in phrase.verb.children)
    ]
    return found[0] if len(found) == 1 else None


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
    dated = None if found.predicate == "locatedIn" else _date_of(found.trigger, phrases)
    date_value = dated.value if dated and dated.resolved else None
    date_text = dated.text if dated else None
    speaker = attribution.speaker(ctx, found.trigger)
    if found.place is None:
        found.place = place_near(ctx, found)
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
