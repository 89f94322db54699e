"""Conventions for acts one side does: launching an operation, taking a place, denying, and
committing to a ceasefire, a withdrawal or disbandment.

Each function reads a filled frame (kgraph.extract.frames) whose trigger word set names it in
`ontology/lexicon/triggers.ttl` (`lex:convention`, or the predicate itself) and yields `Found`
records; kgraph.extract.conventions registers them. No trigger word is written here.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from spacy.tokens import Token

from kgraph.extract.claims import commitment_status, polarity
from kgraph.extract.conflict import of_targets
from kgraph.extract.frames import Frame, object_word
from kgraph.extract.lexicon import Lexicon
from kgraph.extract.roles import (
    PLACE_CLASSES,
    Found,
    SentenceContext,
    actors,
    first,
    lemma_of,
    negated,
)

_FORCES = frozenset({"MilitaryForce", "PeacekeepingForce", "ArmedGroup"})
# Prepositions that name the target of an act outright; a frame's other target prepositions
# ("pressed its offensive into Y") name it only when these are absent.
_DIRECT_TARGET = ("against", "on")


# --- operations ----------------------------------------------------------------------------


def operation(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """'X launched an operation against Y', 'an operation launched by X', 'an offensive was
    begun by X'; 'X pressed its offensive into Y' (an attack on Y)."""
    verb = frame.token
    op = object_word(verb, lex[frame.trigger.attrs.needs_object or "operationNoun"])
    if op is None:
        return
    if verb.dep_ == "acl" and op is verb.head:
        agents = actors(ctx, ctx.prep_objects(verb, ("by",)))
    else:
        agents = actors(ctx, ctx.subjects(verb))
    if not agents:
        return
    targets = ctx.prep_objects(op, _DIRECT_TARGET) + ctx.prep_objects(verb, _DIRECT_TARGET)
    targets += [t for t in of_targets(ctx, lex, op) if t not in agents]  # "its invasion of Y"
    place = first(ctx.places(verb) + ctx.places(op))
    event_class = frame.trigger.attrs.event_class
    if event_class is None:  # an operation under way: an act on each named target
        further = tuple(p for p in frame.trigger.attrs.target_preps if p not in _DIRECT_TARGET)
        targets = targets or ctx.prep_objects(verb, further)
        for a in agents:
            for t in targets:
                if t != a:
                    yield Found(a, frame.trigger.predicate, t, verb, place=place, extra_tokens=[op])
        return
    targets = targets or _opponents(ctx, agents)
    for a in agents:
        for t in targets or [None]:  # without a target, the operation itself
            yield Found(
                a,
                frame.trigger.predicate,
                t,
                verb,
                place=place,
                event_class=event_class,
                extra_tokens=[op],
            )


def _opponents(ctx: SentenceContext, agents: list[str]) -> list[str]:
    """Without an explicit target, the sentence's only non-state armed actor opposing the agent."""
    sides = set(agents) | {ctx.classes.get("country:" + a, "") for a in agents}
    candidates = []
    for key in dict.fromkeys(ctx.token_entity.get(t.i) for t in ctx.tokens):
        if key and key not in sides and ctx.cls(key) == "ArmedGroup":
            candidates.append(key)
    return candidates if len(candidates) == 1 else []


# --- control -------------------------------------------------------------------------------


def control_verb(ctx: SentenceContext, lex: Lexicon, frame: Frame) -> Iterator[Found]:
    """'X seized Y', 'X took control of Y', 'Y is held by X', 'the territory policed by X'."""
    verb = frame.token
    passive = (
        any(c.dep_ in ("auxpass", "agent") for c in verb.children)
        or verb.tag_ == "VBN"
        and verb.dep_ in ("acl", "relcl", "conj")
    )
    if passive:
        holders = actors(ctx, ctx.prep_objects(verb, ("by",)))
        territory = ctx.passive_subject(verb)
        if not territory and verb.dep_ == "conj":
            territory = ctx.passive_subject(verb.head)
        if not any(ctx.cls(t) in PLACE_CLASSES for t in territory):
            # "a dispute over the territory that is policed by X": the nearest place
            anchor = verb.head if verb.dep_ == "conj" else verb
            if anchor.dep_ in ("relcl", "acl"):
                territory = [
                    k for k in ctx.entities_within(anchor.head) if ctx.cls(k) in PLACE_CLASSES
                ][:1]
    else:
        holders = actors(ctx, ctx.subjects(verb))
        territory = ctx.objects(verb)
        for child in verb.children:  # "took control of X"
            if child.dep_ == "dobj" and child.lower_ in lex["controlNoun"]:
                territory = ctx.prep_objects(child, ("of", "over"))
    yield from holdings(ctx, holders, territory, verb)


def holdings(
    ctx: SentenceContext, holders: list[str], territory: list[str], token: Token
) -> Iterator[Found]:
    """One `controls` edge per holder and place held (not the holder itself)."""
    for h in holders:
        for t in dict.fromkeys(territory):
            if ctx.cls(t) in PLACE_CLASSES and t != h:
                yield Found(h, "controls", t, token, polarity=polarity(token))


# --- denials -------------------------------------------------------------------------------


def denies(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """'X denied attacking Y' (X denies Y); 'X denied having troops in Y' (deniesPresence)."""
    verb = frame.token
    speakers = actors(ctx, ctx.subjects(verb))
    if not speakers:
        return
    presence = [t for t in verb.subtree if t.lower_ in lex["presenceNoun"]]
    if presence:
        places: list[str] = []
        for t in presence:
            places += [p for p in ctx.places(t) if p not in places]
            places += [p for p in ctx.places(t.head) if p not in places]
        for s in speakers:
            for p in places:
                yield Found(s, "deniesPresence", p, verb, polarity="negative")
        if places:
            return
    objects = [k for k in ctx.objects(verb) if k not in speakers]
    if not objects:
        # "denied doing a deal with X": the other actor of the denied act
        for clause in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "dobj")):
            if clause.pos_ == "VERB":
                objects += [
                    k for k in actors(ctx, ctx.entities_within(clause)) if k not in speakers
                ]
    for s in speakers:
        for o in objects:
            yield Found(s, "denies", o, verb, polarity="negative")


def no_presence(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """'X has said it has no troops deployed in Y': a denial of presence by X."""
    verb = frame.token
    held = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if held is None or held.lower_ not in lex["presenceNoun"] or not negated(verb):
        return
    speaker_verb = verb.head if verb.dep_ == "ccomp" else None
    if speaker_verb is None or lemma_of(speaker_verb) not in lex["speechVerb"]:
        return
    subjects = actors(ctx, ctx.subjects(verb)) or actors(ctx, ctx.subjects(speaker_verb))
    places: list[str] = []
    for t in held.subtree:
        places += [p for p in ctx.places(t) if p not in places]
    for s in subjects:
        for p in places:
            yield Found(
                s, "deniesPresence", p, speaker_verb, polarity="negative", extra_tokens=[held]
            )


# --- commitments ---------------------------------------------------------------------------


def commitment(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """An act (cease hostilities, disband, withdraw) the subject committed to: agreed or
    announced, or a commitment in itself ("agreed to a truce"); a withdrawal of forces the text
    narrates counts too. Refused, proposed or demanded acts do not (claims.commitment_status)."""
    act = frame.token
    predicate = frame.trigger.predicate
    if any(c.dep_ == "auxpass" for c in act.children):
        return  # "the militia was disbanded": the passive's agent did not commit to it
    trigger = act
    if frame.trigger.attrs.commits:
        target = object_word(act, lex[frame.trigger.attrs.needs_object or "ceasefireNoun"])
        trigger = target if target is not None else act
    status = commitment_status(lex, act)
    if status == "blocked" or negated(act):
        return
    subjects = actors(ctx, ctx.subjects(act))
    if not subjects and act.dep_ in ("acl", "relcl", "xcomp"):
        holder = act.head
        while holder.pos_ not in ("VERB", "AUX") and holder.head != holder:
            holder = holder.head
        subjects = actors(ctx, ctx.subjects(holder))
    if not subjects:
        return
    # A withdrawal of forces the text narrates ("the foreign forces left the town", "X pulled
    # its troops out of Y") happened; other acts count only when agreed or announced.
    narrated = frame.trigger.attrs.narrated_forces and (
        all(ctx.cls(k) in _FORCES for k in subjects)
        or object_word(act, lex["troopNoun"]) is not None
    )
    if status == "none" and not frame.trigger.attrs.commits and not narrated:
        return
    if len(subjects) > 1:  # leaders agreeing together agree for their sides
        subjects = list(dict.fromkeys(ctx.represented(k) for k in subjects))
    event_class = frame.trigger.attrs.event_class
    if frame.trigger.attrs.mutual and len(subjects) > 1:
        for a, b in combinations(subjects, 2):  # a truce binds its sides to each other
            yield Found(
                a, predicate, b, trigger, event_class=event_class, event_parties=tuple(subjects)
            )
        return
    place = first(ctx.places(act, ("from", "out", "of", "in")) + _out_of(ctx, act))
    for s in subjects:
        yield Found(
            s,
            predicate,
            None,
            trigger,
            event_class=event_class,
            event_parties=(s,),
            place=place,
        )


def _out_of(ctx: SentenceContext, act: Token) -> list[str]:
    """'pulled out of Y', 'withdrew from Y': the place left."""
    out = []
    for child in act.children:
        if child.dep_ == "prt" and child.lower_ == "out":
            for prep in child.children:
                out += [
                    k for k in ctx.prep_objects(prep.head, ("of",)) if ctx.cls(k) in PLACE_CLASSES
                ]
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            out += [
                k for k in ctx.prep_objects(act, (child.lower_,)) if ctx.cls(k) in PLACE_CLASSES
            ]
    return out
