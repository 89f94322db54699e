"""Containment the text states: 'the Turkish city of Istanbul', 'Geneva, Switzerland'."""

from __future__ import annotations

from collections.abc import Iterator

from kgraph.extract.lexicon import Lexicon
from kgraph.extract.roles import PLACE_CLASSES, Found, SentenceContext


def located_in(ctx: SentenceContext, lex: Lexicon) -> Iterator[Found]:
    """Containment the text states: 'the Turkish city of Istanbul', 'Geneva, Switzerland',
    "Istanbul's Besiktas district", 'the territory inside Azerbaijan'."""
    sent = ctx.sent
    for token in ctx.tokens:
        key = ctx.entity(token)
        if key is None or ctx.cls(key) not in ("City", "Region"):
            continue
        if token.i + 1 < len(token.doc) and ctx.entity(token.doc[token.i + 1]) == key:
            continue  # only at the last token of the mention
        # "the <demonym> city of X" / "the <demonym> capital X"
        head = token.head
        container = None
        if head.dep_ == "pobj" or token.dep_ in ("pobj", "appos", "compound"):
            noun = head.head if token.dep_ == "pobj" and head.lower_ == "of" else head
            if noun.lower_ in lex["cityNoun"] | lex["regionNoun"] and ctx.entity(noun) in (
                None,
                key,
            ):
                for mod in noun.children:
                    k = ctx.entity(mod)
                    if k and k != key and ctx.cls(k) in ("Country", "Region"):
                        container = k
        # "Geneva, Switzerland": a place directly followed by ", Country".
        nxt = token.i + 1
        if container is None and nxt + 1 < sent.end and token.doc[nxt].text == ",":
            k = ctx.entity(token.doc[nxt + 1])
            after = token.doc[nxt + 1]
            end = after.i
            while end + 1 < sent.end and ctx.entity(token.doc[end + 1]) == k:
                end += 1
            follow = token.doc[end + 1].lower_ if end + 1 < sent.end else "."
            if (
                k
                and k != key
                and ctx.cls(k) in ("Country", "Region")
                and follow not in ("and", ",", "'s", "’s", "'")  # not "X, Ukraine's army said"
            ):
                container = k
        # "the Sri Lankan capital Colombo": a place noun modifying the name
        if container is None:
            for child in token.children:
                if child.dep_ in ("compound", "amod") and child.lower_ in (
                    lex["cityNoun"] | lex["regionNoun"]
                ):
                    for t in child.subtree:
                        k = ctx.entity(t)
                        if k and k != key and ctx.cls(k) in ("Country", "Region"):
                            container = k
        # "inside Azerbaijan"
        if container is None:
            for k in ctx.prep_objects(token, ("inside", "within")):
                if ctx.cls(k) in ("Country", "Region") and k != key:
                    container = k
        # "Istanbul's Besiktas district"
        if container is None:
            for child in token.children:
                k = ctx.entity(child)
                if child.dep_ == "poss" and k and k != key and ctx.cls(k) in PLACE_CLASSES:
                    container = k
        if container is not None and not key.startswith("part:"):
            yield Found(key, "locatedIn", container, token, confidence=0.8)
