"""Claims are not facts: negation, denial, refusal, proposals and reported allegations.

Each function looks up the governors of a trigger and says whether what it describes is
asserted, denied, only proposed or demanded, or reported by a third party.
"""

from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.lexicon import Lexicon
from kgraph.extract.roles import SentenceContext, actors, lemma_of, load_words, negated


def polarity(verb: Token) -> str:
    """'negative' when negated, or when a denial governs it ("rejected claims that X attacked")."""
    if negated(verb):
        return "negative"
    deny = load_words()["denyVerb"]
    node = verb
    for _ in range(4):
        if node.head == node or node.dep_ in ("conj", "parataxis"):
            break  # "denied X and accused Y": a coordinated clause is not under the denial
        node = node.head
        if node.pos_ == "VERB" and lemma_of(node) in deny:
            return "negative"
    return "positive"


def reporters(ctx: SentenceContext, verb: Token) -> list[str]:
    """Subjects of the speech verb a clause is reported under."""
    node = verb
    for _ in range(4):
        if node.head == node:
            return []
        node = node.head
        if node.pos_ == "VERB" and lemma_of(node) in load_words()["allegationVerb"]:
            subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
            return actors(ctx, ctx.entities(subject)) if subject is not None else []
    return []


def commitment_status(lex: Lexicon, act: Token) -> str:
    """'commit' when the act is agreed or announced as what will happen; 'blocked' if refused
    or only proposed; 'none' if it is merely narrated."""
    node = act
    for _ in range(5):
        if node.head == node:
            break
        parent = node.head
        lemma = lemma_of(parent)
        if parent.pos_ in ("VERB", "AUX"):
            if (lemma in lex["blockVerb"] or lemma in lex["denyVerb"]) and not agreement_subject(
                lex, parent
            ):
                return "blocked"
            if lemma in lex["commitVerb"] or agreement_subject(lex, parent):
                return "blocked" if negated(parent) else "commit"
        elif lemma in lex["blockNoun"]:
            return "blocked"  # "guarantees that X would respect", "calls for X to leave"
        node = parent
    if any(c.lower_ in ("will", "would", "shall") for c in act.children if c.dep_ == "aux"):
        return "commit"  # "X said they would pull out"
    return "none"


def agreement_subject(lex: Lexicon, verb: Token) -> bool:
    """'The agreement calls for X to withdraw': terms of an agreement commit its parties."""
    return any(c.dep_ == "nsubj" and lemma_of(c) in lex["agreementNoun"] for c in verb.children)


# Dependencies through which a governor's modality reaches the phrase below it ("proposed
# talks", "offered to mediate", "called for a truce"); a subject or relative clause is its own.
_GOVERNED = frozenset(
    {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "compound", "amod", "acl", "nmod", "attr"}
)


def only_claimed(lex: Lexicon, trigger: Token) -> bool:
    """True when the frame is negated, refused, proposed, demanded or hoped for, not stated."""
    if negated(trigger):
        return True
    node = trigger
    for _ in range(5):
        if node.dep_ not in _GOVERNED or node.head == node:
            return False
        parent = node.head
        lemma = lemma_of(parent)
        if parent.pos_ in ("VERB", "AUX"):
            if lemma in lex["claimVerb"] and not agreement_subject(lex, parent):
                return True
            if negated(parent):
                return True
        elif lemma in lex["blockNoun"]:
            return True
        node = parent
    return False
