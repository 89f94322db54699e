"""Containment the text states: 'the Turkish city of Istanbul', 'Geneva, Switzerland'."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

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
            listed = follow == "," and _place_at(ctx, end + 2, sent.end)  # "A, B, C"
            if (
                k
                and k != key
                and ctx.cls(k) in ("Country", "Region")
                and follow not in ("and", "'s", "’s", "'")  # not "X, Ukraine's army said"
                and not listed
                and not _place_at(ctx, token.i - 2, sent.end)
            ):
                container = k
        # "El Bur, a town in Galmudug"; "Kunming, China's Yunnan Province"; "X, the capital
        # of Y": an apposition that places the name
        if container is None:
            container = _appositive_container(ctx, lex, token, key)
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


def _place_at(ctx: SentenceContext, index: int, end: int) -> bool:
    if index < 0 or index >= end:
        return False
    key = ctx.token_entity.get(index)
    return key is not None and ctx.cls(key) in PLACE_CLASSES


def _appositive_container(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    place_nouns = lex["cityNoun"] | lex["regionNoun"]
    for appos in (c for c in token.children if c.dep_ == "appos"):
        k = ctx.entity(appos)
        if k and k != key and _contains(ctx, k, key):
            return k  # "Kunming, Yunnan Province"
        if k is None and appos.lemma_.lower() in place_nouns:
            for prep in (
                c for c in appos.children if c.dep_ == "prep" and c.lower_ in ("in", "of")
            ):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    found = ctx.entity(pobj) or next(
                        (
                            ctx.entity(c)
                            for c in pobj.children
                            if c.dep_ in ("compound", "poss") and ctx.entity(c)
                        ),
                        None,
                    )
                    if found and found != key and _contains(ctx, found, key):
                        return found
    return None


def _contains(ctx: SentenceContext, outer: str, inner: str) -> bool:
    """A Country holds Regions and Cities; a Region holds Cities."""
    rank = {"City": 0, "Region": 1, "Country": 2}
    a, b = ctx.cls(outer), ctx.cls(inner)
    return a in rank and b in rank and rank[a] > rank[b] or (a == b == "Region")
