"""The gazetteer's name matcher: the same matches as spaCy's PhraseMatcher over the same
names, with name tokens made without the tokenizer where it would leave them whole."""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.matcher import PhraseMatcher

from kgraph.extract.name_matcher import NameMatcher, name_matcher, pattern_words
from kgraph.gazetteer import Gazetteer
from kgraph.nlp import load_nlp
from kgraph.resources import example_path

# written for overlapping, nested and repeated names, hyphens, dots, apostrophes
TEXTS = [
    "Talks between the Democratic Republic of the Congo and Guinea-Bissau began in Goma.",
    "The U.S. and the U.K. met the African Union; the Republic of the Congo stayed away.",
    "Côte d'Ivoire, Ivory Coast, Bosnia and Herzegovina and New York City sent envoys.",
    "",
]


def test_tokens_of_every_gazetteer_name_are_the_tokenizer_s():
    nlp = load_nlp()
    tokenizer = English(vocab=nlp.vocab).tokenizer
    surfaces = sorted({surface for surface, _ in Gazetteer.load().phrase_patterns()})
    assert len(surfaces) > 10_000
    ours = [pattern_words(tokenizer, s) for s in surfaces]
    assert ours == [[t.text for t in doc] for doc in tokenizer.pipe(surfaces)]


def test_words_the_tokenizer_splits_go_through_it():
    tokenizer = English().tokenizer
    assert pattern_words(tokenizer, "Cannot Valley") == ["Can", "not", "Valley"]
    assert pattern_words(tokenizer, "Guinea-Bissau") == ["Guinea", "-", "Bissau"]
    assert pattern_words(tokenizer, "U.S. Army") == ["U.S.", "Army"]


@pytest.fixture(scope="module")
def names() -> list[tuple[str, str]]:
    return list(Gazetteer.load().phrase_patterns())


def test_same_matches_as_spacys_phrase_matcher(names):
    nlp = load_nlp()
    spacy_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    tokenizer = English(vocab=nlp.vocab).tokenizer
    by_key: dict[str, list[str]] = {}
    for surface, key in names:
        by_key.setdefault(key, []).append(surface)
    for key, surfaces in by_key.items():
        spacy_matcher.add(key, list(tokenizer.pipe(surfaces)))
    ours = NameMatcher(nlp.vocab, names)
    texts = [*TEXTS, example_path().read_text(encoding="utf-8")]
    for doc in nlp.pipe(texts):
        expected = sorted(spacy_matcher(doc), key=lambda m: (m[1], m[2], m[0]))
        assert ours(doc) == expected
    doc = nlp.make_doc(TEXTS[0])
    found = {doc[s:e].text for _, s, e in ours(doc)}
    assert {"Democratic Republic of the Congo", "Republic of the Congo", "Guinea-Bissau"} <= found


def test_the_matcher_is_built_once_per_vocabulary():
    nlp = load_nlp()
    gazetteer = Gazetteer.load()
    assert name_matcher(nlp.vocab, gazetteer) is name_matcher(nlp.vocab, gazetteer)
