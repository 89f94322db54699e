"""Who said it and when: attribution and the date of each relation in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from kgraph.extract.lexicon import Lexicon, load_lexicon
from kgraph.extract.relations import SentenceContext, actors
from kgraph.extract.time import normalise_date

_UTC_NEARBY = re.compile(r"\(\s*\d{3,4}\s*(GMT|UTC)\s*\)|\b\d{1,2}[:.]\d{2}\s*(GMT|UTC)\b", re.I)


@dataclass
class DatedPhrase:
    text: str
    verb: Token  # the verb the expression attaches to
    value: str | None
    resolved: bool


class Attribution:
    """Tracks the last speaker, so 'the statement said' can point back to who made it."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.last_speaker: str | None = None

    def speaker(self, ctx: SentenceContext, trigger: Token) -> str | None:
        node = trigger
        for _ in range(8):
            if node.head == node:
                break
            node = node.head
            if node.lemma_.lower() in self.lex["speechVerb"] and node.pos_ in ("VERB", "AUX"):
                found = self._subject_speaker(ctx, node)
                if found:
                    return found
        according = self._according_to(ctx)
        if according:
            return according
        if trigger.lemma_.lower() in self.lex["speechVerb"] and trigger.pos_ in ("VERB", "AUX"):
            return self._subject_speaker(ctx, trigger)
        return None

    def observe(self, ctx: SentenceContext) -> None:
        root = ctx.sent.root
        if root.lemma_.lower() in self.lex["speechVerb"]:
            found = self._subject_speaker(ctx, root)
            if found:
                self.last_speaker = found

    def _subject_speaker(self, ctx: SentenceContext, verb: Token) -> str | None:
        for child in verb.children:
            if child.dep_ != "nsubj":
                continue
            keys = actors(ctx, ctx.entities(child, follow_of=False))
            if keys:
                return keys[0]
            if child.lemma_.lower() in self.lex["speechNoun"]:
                # "The ministry's statement said": the statement's owner; else the last speaker.
                for poss in child.children:
                    if poss.dep_ == "poss":
                        keys = actors(ctx, ctx.entities(poss))
                        if keys:
                            return keys[0]
                return self.last_speaker
        return None

    def _according_to(self, ctx: SentenceContext) -> str | None:
        for token in ctx.tokens:
            if token.lower_ == "according" and token.i + 1 < ctx.sent.end:
                to = token.doc[token.i + 1]
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        keys = actors(ctx, ctx.entities(pobj))
                        if keys:
                            return keys[0]
        return None


def dated_phrases(
    sent: Span, published: date | None, lexicon: Lexicon, ents: list[Span] | None = None
) -> list[DatedPhrase]:
    """Every date or time expression of the sentence, resolved where possible.

    `ents` are the sentence's entities when the caller has them (Span.ents rescans the doc).
    """
    phrases: list[DatedPhrase] = []
    for ent in sent.ents if ents is None else ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        text = ent.text
        # sent.text, not doc.text: the doc's text is rebuilt on every access
        sentence_text = sent.text
        offset = sent.start_char
        window = sentence_text[max(0, ent.start_char - 40 - offset) : ent.start_char - offset]
        utc = _UTC_NEARBY.search(window)
        if utc:
            start = window.rfind(" ", 0, utc.start())
            text = (window[start + 1 :] if start >= 0 else window) + ent.text
        verb = _attached_verb(ent.root)
        phrases.append(DatedPhrase(text.strip(), verb, None, False))
    anchor = None
    for phrase in phrases:  # absolute dates first, so "one day earlier" can lean on them
        if not re.search(r"\b(earlier|before|later|after|ago)\b", phrase.text, re.I):
            phrase.value, phrase.resolved = normalise_date(
                phrase.text, published, future=_is_future(phrase.verb, lexicon)
            )
            if phrase.resolved and anchor is None and phrase.value:
                anchor = date.fromisoformat(phrase.value[:10])
    for phrase in phrases:
        if not phrase.resolved and phrase.value is None:
            phrase.value, phrase.resolved = normalise_date(
                phrase.text, published, future=_is_future(phrase.verb, lexicon), anchor=anchor
            )
    return phrases


def date_for(trigger: Token, phrases: list[DatedPhrase]) -> DatedPhrase | None:
    """The date expression attached to the trigger's clause, or to the nearest governing one."""
    if not phrases:
        return None
    node = trigger
    for _ in range(8):
        for phrase in phrases:
            if phrase.verb == node:
                return phrase
        if node.head == node or (node.pos_ in ("VERB", "AUX") and node.dep_ in ("acl", "relcl")):
            break  # a clause inside a noun phrase does not inherit the sentence's date
        node = node.head
    if node.head == node:
        # "X agreed to a truce, officials said on Wednesday": the report's date
        for child in node.children:
            if (
                child.dep_ in ("parataxis", "ccomp", "advcl")
                and child.lemma_.lower() in (load_lexicon()["reportDateVerb"])
            ):
                for phrase in phrases:
                    if phrase.verb == child:
                        return phrase
    return None


def _attached_verb(token: Token) -> Token:
    node = token.head
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.head == node:
            return node
        node = node.head
    return node


def _is_future(verb: Token, lexicon: Lexicon) -> bool:
    node = verb
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in lexicon["futureMarker"] for c in node.children):
            return True
        if node.lemma_.lower() in lexicon["futureMarker"] or (
            node.dep_ == "xcomp" and node.head.lemma_.lower() in lexicon["futureMarker"]
        ):
            return True
        if node.head == node:
            break
        node = node.head
    return False
