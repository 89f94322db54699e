"""The gazetteer's PhraseMatcher: names made into token patterns without the tokenizer where
the tokenizer would leave them whole, and the same patterns as the tokenizer's everywhere."""

from __future__ import annotations

from spacy.lang.en import English

from kgraph.extract.name_matcher import name_matcher, pattern_docs
from kgraph.gazetteer import Gazetteer
from kgraph.nlp import load_nlp


def _words(docs) -> list[list[str]]:
    return [[t.text for t in doc] for doc in docs]


def test_patterns_split_every_gazetteer_name_as_the_tokenizer_does():
    nlp = load_nlp()
    tokenizer = English(vocab=nlp.vocab).tokenizer
    surfaces = sorted({surface for surface, _ in Gazetteer.load().phrase_patterns()})
    assert len(surfaces) > 10_000
    assert _words(pattern_docs(tokenizer, surfaces)) == _words(tokenizer.pipe(surfaces))


def test_words_the_tokenizer_splits_go_through_it():
    tokenizer = English().tokenizer
    # special cases ("Cannot"), punctuation, hyphens, apostrophes, accents, digits
    names = ["Cannot Valley", "U.S. Army", "Guinea-Bissau", "Côte d'Ivoire", "M23", "Gonna"]
    assert _words(pattern_docs(tokenizer, names)) == _words(tokenizer.pipe(names))
    assert _words(pattern_docs(tokenizer, ["Cannot Valley"])) == [["Can", "not", "Valley"]]


def test_the_matcher_finds_names_and_is_built_once():
    nlp = load_nlp()
    gazetteer = Gazetteer.load()
    matcher = name_matcher(nlp.vocab, gazetteer)
    assert name_matcher(nlp.vocab, gazetteer) is matcher
    doc = nlp.make_doc("Talks between the Democratic Republic of the Congo and Guinea-Bissau.")
    found = {doc[s:e].text for _, s, e in matcher(doc)}
    assert {"Democratic Republic of the Congo", "Guinea-Bissau"} <= found
