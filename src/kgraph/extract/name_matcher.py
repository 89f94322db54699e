"""Find the gazetteer's names in a parsed article: exact token sequences, like spaCy's
PhraseMatcher over ORTH, without its start-up cost.

spaCy's PhraseMatcher wants each of the twenty thousand names as a Doc, and making those Docs
(tokenizing, creating a vocabulary entry for every new word) took more than a second at every
start of kgraph, longer than matching all the names in hundreds of articles. Here a name is
the tuple of its tokens' string hashes, filed under its first token: matching reads a doc's
token hashes once (`Doc.to_array`) and compares the few names that start with each token.
Most names are plain words ("Democratic Republic of the Congo"), which the English tokenizer
leaves whole: a word of letters only meets none of its prefix, suffix or infix rules, so only
its special cases ("Cannot" -> "Can", "not") can split it. Their tokens are their words; every
other name goes through the tokenizer.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kgraph.gazetteer import Gazetteer

# (start token hash) -> [(hashes of the remaining tokens, key hash)]
_Index = dict[int, list[tuple[list[int], int]]]


class NameMatcher:
    """Every (key hash, start, end) where a name's tokens occur, like PhraseMatcher's output:
    overlapping and nested matches included, ordered by start, then end."""

    def __init__(self, vocab: Vocab, names: Iterable[tuple[str, str]]) -> None:
        from spacy.lang.en import English

        tokenizer = English(vocab=vocab).tokenizer
        strings = vocab.strings
        index: _Index = {}
        seen: set[tuple[tuple[str, ...], str]] = set()
        for surface, key in names:
            words = tuple(pattern_words(tokenizer, surface))
            if not words or (words, key) in seen:
                continue
            seen.add((words, key))
            hashes = [strings.add(word) for word in words]
            index.setdefault(hashes[0], []).append((hashes[1:], strings.add(key)))
        self._index = index

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        orths = doc.to_array(ORTH).tolist()  # one attribute: a flat array
        found = []
        for start, orth in enumerate(orths):
            for rest, key in self._index.get(orth, ()):
                end = start + 1 + len(rest)
                if not rest or orths[start + 1 : end] == rest:
                    found.append((key, start, end))
        found.sort(key=lambda match: (match[1], match[2], match[0]))
        return found


_MATCHERS: dict[tuple[int, int], NameMatcher] = {}


def name_matcher(vocab: Vocab, gazetteer: Gazetteer) -> NameMatcher:
    """One matcher per (vocab, gazetteer); each match's label is the entry's key."""
    cache_key = (id(vocab), id(gazetteer))
    matcher = _MATCHERS.get(cache_key)
    if matcher is None:
        matcher = _MATCHERS[cache_key] = NameMatcher(vocab, gazetteer.phrase_patterns())
    return matcher


def pattern_words(tokenizer: Tokenizer, surface: str) -> list[str]:
    """The surface's tokens as the tokenizer would split it, without running it on plain words."""
    words = surface.split(" ")
    if all(word.isalpha() and word not in tokenizer.rules for word in words):
        return words
    return [token.text for token in tokenizer(surface)]
