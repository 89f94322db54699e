"""The gazetteer's names as one spaCy PhraseMatcher, built once per vocabulary.

Building it means turning some twenty thousand names into token sequences. Running the
tokenizer over each costs more than a second at every start, yet most names are plain words
("Democratic Republic of the Congo"), which the English tokenizer leaves whole: a word of
letters only meets none of its prefix, suffix or infix rules, so only its special cases
("Cannot" -> "Can", "not") can split it. Those names are made into Docs from their words
directly; every other name goes through the tokenizer.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kgraph.gazetteer import Gazetteer

_MATCHERS: dict[tuple[int, int], PhraseMatcher] = {}


def name_matcher(vocab: Vocab, gazetteer: Gazetteer) -> PhraseMatcher:
    """One PhraseMatcher per (vocab, gazetteer): each pattern's label is the entry's key."""
    cache_key = (id(vocab), id(gazetteer))
    matcher = _MATCHERS.get(cache_key)
    if matcher is None:
        from spacy.lang.en import English

        tokenizer = English(vocab=vocab).tokenizer
        by_key: dict[str, set[str]] = {}
        for surface, key in gazetteer.phrase_patterns():
            by_key.setdefault(key, set()).add(surface)
        matcher = PhraseMatcher(vocab, attr="ORTH")
        for key, surfaces in sorted(by_key.items()):
            matcher.add(key, pattern_docs(tokenizer, sorted(surfaces)))
        _MATCHERS[cache_key] = matcher
    return matcher


def pattern_docs(tokenizer: Tokenizer, surfaces: Iterable[str]) -> list[Doc]:
    """Each surface as the tokenizer would split it, without running it on plain words."""
    docs: list[Doc] = []
    for surface in surfaces:
        words = surface.split(" ")
        if all(_stays_whole(word, tokenizer) for word in words):
            docs.append(Doc(tokenizer.vocab, words=words))
        else:
            docs.append(tokenizer(surface))
    return docs


def _stays_whole(word: str, tokenizer: Tokenizer) -> bool:
    return word.isalpha() and word not in tokenizer.rules
