"""Relations and events from the dependency parse, driven by the trigger lexicon.

Each rule reads one construction (active or passive verb, nominal "talks between X and Y",
"X-brokered", control verbs such as "agreed to disband") and yields `Found` records; the
caller attaches attribution, time, place and evidence. Rules never look at particular names.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from spacy.tokens import Token

from kgraph.extract.claims import commitment_status, polarity
from kgraph.extract.frames import extract_frames
from kgraph.extract.lexicon import Lexicon
from kgraph.extract.places import located_in
from kgraph.extract.roles import (
    PLACE_CLASSES,
    ArticleMemory,
    Found,
    SentenceContext,
    actors,
    first,
    lemma_of,
    negated,
    phrasal,
)

_FORCES = frozenset({"MilitaryForce", "PeacekeepingForce", "ArmedGroup"})

__all__ = ["ArticleMemory", "Found", "SentenceContext", "actors", "extract_sentence"]


def extract_sentence(ctx: SentenceContext, lex: Lexicon) -> Iterator[Found]:
    for token in ctx.tokens:
        lemma = lemma_of(token)
        if token.pos_ in ("VERB", "AUX"):
            yield from _verb_rules(ctx, lex, token, lemma)
    yield from extract_frames(ctx, lex)
    yield from located_in(ctx, lex)


# --- verbs ---------------------------------------------------------------------------------


def _verb_rules(ctx: SentenceContext, lex: Lexicon, verb: Token, lemma: str) -> Iterator[Found]:
    phrase = phrasal(verb)
    if lemma in lex["launchVerb"]:
        yield from _operation(ctx, lex, verb)
    if lemma in lex["controlVerb"]:
        yield from _controls(ctx, lex, verb)
    if lemma in lex["denyVerb"]:
        yield from _denies(ctx, lex, verb)
    if lemma == "have" or lemma == "deploy" or lemma == "station":
        yield from _no_presence(ctx, lex, verb)
    # Commitments: ceasefire, disband, withdraw.
    if lemma in lex["ceasefireVerb"] and any(
        lemma_of(c) in lex["fightNoun"] or c.lower_ in lex["fightNoun"]
        for c in verb.children
        if c.dep_ == "dobj"
    ):
        yield from _commitment(ctx, lex, verb, "agreedToCeasefire", "CeasefireAgreement")
    if phrase in lex["disbandVerb"] or (lemma == "lay" and "down" in phrase):
        yield from _commitment(ctx, lex, verb, "agreedToDisband", "Disbandment")
    withdraw = phrase in lex["withdrawVerb"] or lemma in lex["withdrawVerb"]
    if withdraw and not any(c.dep_ == "auxpass" for c in verb.children):
        yield from _commitment(ctx, lex, verb, "agreedToWithdraw", "Withdrawal")
    if lemma in lex["commitVerb"]:
        # "agreed to a truce", "abide by the ceasefire", "agreed to extend the truce"
        extended = [
            g for c in verb.children if c.dep_ == "xcomp" for g in c.children if g.dep_ == "dobj"
        ]
        for child in [*verb.children, *extended]:
            if child.dep_ in ("dobj", "pobj", "prep"):
                targets = (
                    [child]
                    if child.dep_ == "dobj"
                    else [p for p in child.children if p.dep_ == "pobj"]
                )
                for target in targets:
                    if (
                        lemma_of(target) in lex["ceasefireNoun"]
                        or target.lower_ in lex["ceasefireNoun"]
                    ):
                        yield from _commitment(
                            ctx,
                            lex,
                            verb,
                            "agreedToCeasefire",
                            "CeasefireAgreement",
                            self_commit=True,
                            trigger=target,
                        )


def _operation(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
    """'X launched an operation against Y', 'an operation launched by X', 'X pressed its
    offensive into Y'."""
    if verb.dep_ == "acl" and (lemma_of(verb.head) in lex["operationNoun"]):
        op = verb.head
        agents = actors(ctx, ctx.prep_objects(verb, ("by",)))
    else:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        objects += [x for c in objects for x in c.conjuncts]  # "an air and ground offensive"
        op = next((c for c in objects if lemma_of(c) in lex["operationNoun"]), None)
        agents = actors(ctx, ctx.subjects(verb))
    if op is None or not agents:
        return
    targets = ctx.prep_objects(op, ("against", "on")) + ctx.prep_objects(verb, ("against", "on"))
    place = first(ctx.places(verb) + ctx.places(op))
    if lemma_of(verb) in ("launch", "begin", "start", "mount", "open", "conduct"):
        if not targets:
            targets = _opponents(ctx, agents)
        for a in agents:
            if targets:
                for t in targets:
                    yield Found(
                        a,
                        "launchedOperationAgainst",
                        t,
                        verb,
                        place=place,
                        event_class="MilitaryOperation",
                        extra_tokens=[op],
                    )
            else:
                yield Found(
                    a,
                    "launchedOperationAgainst",
                    None,
                    verb,
                    place=place,
                    event_class="MilitaryOperation",
                    extra_tokens=[op],
                )
    else:
        targets = targets or ctx.prep_objects(verb, ("into", "in"))
        for a in agents:
            for t in targets:
                if t != a:
                    yield Found(a, "attacked", t, verb, place=place, extra_tokens=[op])


def _opponents(ctx: SentenceContext, agents: list[str]) -> list[str]:
    """Without an explicit target, the sentence's only non-state armed actor opposing the agent."""
    sides = {a for a in agents} | {ctx.classes.get("country:" + a, "") for a in agents}
    candidates = []
    for key in dict.fromkeys(ctx.token_entity.get(t.i) for t in ctx.tokens):
        if key and key not in sides and ctx.cls(key) == "ArmedGroup":
            candidates.append(key)
    return candidates if len(candidates) == 1 else []


def _controls(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
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
        # "took control of X"
        for child in verb.children:
            if child.dep_ == "dobj" and child.lower_ in lex["controlNoun"]:
                territory = ctx.prep_objects(child, ("of", "over"))
    for h in holders:
        for t in territory:
            if ctx.cls(t) in PLACE_CLASSES and t != h:
                yield Found(h, "controls", t, verb, polarity=polarity(verb))


def _denies(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
    speakers = actors(ctx, ctx.subjects(verb))
    if not speakers:
        return
    presence = [t for t in verb.subtree if t.lower_ in lex["presenceNoun"]]
    if presence:
        places = []
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
        if objects:
            for o in objects:
                yield Found(s, "denies", o, verb, polarity="negative")


def _no_presence(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
    """'X has said it has no troops deployed in Y': a denial of presence by X."""
    dobj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if dobj is None or dobj.lower_ not in lex["presenceNoun"]:
        return
    if not (negated(verb) or any(d.lower_ == "no" for d in dobj.children if d.dep_ == "det")):
        return
    speaker_verb = verb.head if verb.dep_ == "ccomp" else None
    if speaker_verb is None or lemma_of(speaker_verb) not in lex["speechVerb"]:
        return
    subjects = actors(ctx, ctx.subjects(verb)) or actors(ctx, ctx.subjects(speaker_verb))
    places = []
    for t in dobj.subtree:
        places += [p for p in ctx.places(t) if p not in places]
    for s in subjects:
        for p in places:
            yield Found(
                s, "deniesPresence", p, speaker_verb, polarity="negative", extra_tokens=[dobj]
            )


def _commitment(
    ctx: SentenceContext,
    lex: Lexicon,
    act: Token,
    predicate: str,
    event_class: str,
    *,
    self_commit: bool = False,
    trigger: Token | None = None,
) -> Iterator[Found]:
    """An act (cease hostilities, disband, withdraw) the subject committed to."""
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
    # A withdrawal the text narrates ("the foreign forces left the town") happened; other
    # acts count only when agreed or announced.
    narrated = predicate == "agreedToWithdraw" and all(ctx.cls(k) in _FORCES for k in subjects)
    if status == "none" and not self_commit and not narrated:
        return
    if len(subjects) > 1:  # leaders agreeing together agree for their sides
        subjects = list(dict.fromkeys(ctx.represented(k) for k in subjects))
    place = first(ctx.places(act, ("from", "out", "of", "in")) + _out_of(ctx, act))
    if predicate == "agreedToCeasefire" and len(subjects) > 1:
        for a, b in combinations(subjects, 2):
            yield Found(
                a,
                predicate,
                b,
                trigger or act,
                event_class=event_class,
                event_parties=tuple(subjects),
            )
        return
    for s in subjects:
        yield Found(
            s,
            predicate,
            None,
            trigger or act,
            event_class=event_class,
            event_parties=(s,),
            place=place,
        )


def _out_of(ctx: SentenceContext, act: Token) -> list[str]:
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
