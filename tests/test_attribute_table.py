"""The attribute ruler and the lemmatizer as table lookups give exactly spaCy's annotations,
only sooner."""

from __future__ import annotations

import spacy
from spacy.lang.en import English
from spacy.pipeline import AttributeRuler

from kgraph.attribute_table import AttributeTable, compile_rules, use_attribute_table
from kgraph.nlp import load_nlp
from kgraph.resources import example_path

# Written for the ruler's exceptions: contractions, dialect spellings, "there is", object
# pronouns, auxiliaries, determiners that are not determiners, blank lines.
SENTENCES = [
    "Y'all ain't seen nothin' yet, whom did they call?",
    "There is a truce, and there are talks; there's hope but there're doubts.",
    "I gave it to you and you gave it to me, didn't you?",
    "Did he sign? He did, and he has done so since Monday.",
    "That's the deal that they'd said wasn't over, though it isn't signed.",
    "Don't go.\n\n   It's 5 o'clock in Geneva and we've been waiting; I'm tired.",
    "The U.S.-brokered accord's terms, which both sides accepted, were not published.",
    "Whether or not the rebels withdraw, the army will have had its way by then.",
    "Those who fought said this was that, and all of it was theirs.",
]


def _annotations(doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_the_shipped_model_runs_its_rules_as_a_table():
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeTable)
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")


def test_same_annotations_as_spacys_ruler():
    spacy_nlp = spacy.load(load_nlp().path)
    assert isinstance(spacy_nlp.get_pipe("attribute_ruler"), AttributeRuler)
    table_nlp = spacy.load(load_nlp().path)
    assert use_attribute_table(table_nlp)
    texts = [*SENTENCES, example_path().read_text(encoding="utf-8")]
    for ours, theirs in zip(table_nlp.pipe(texts), spacy_nlp.pipe(texts), strict=True):
        assert _annotations(ours) == _annotations(theirs)


def _ruler(patterns: list[dict]) -> English:
    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp


def test_rule_order_sets_indices_and_predicates_follow_spacy():
    patterns = [
        {"patterns": [[{"LOWER": {"IN": ["peace", "truce"]}}]], "attrs": {"NORM": "first"}},
        # a later rule overrides an earlier one on the same token
        {"patterns": [[{"LOWER": "truce"}]], "attrs": {"NORM": "second"}},
        # two tokens, the attributes go to the last
        {"patterns": [[{"LOWER": "cease"}, {"ORTH": "fire"}]], "attrs": {"NORM": "cf"},
         "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^talk"}}]], "attrs": {"NORM": "talkish"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["the", "a"]}, "IS_SPACE": False}]],
         "attrs": {"LEMMA": "x"}},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"LEMMA": "space"}},
    ]  # fmt: skip
    text = "The truce and a peace: cease fire, then talks and talking.  Cease Fire."
    expected = _ruler(patterns)(text)
    table_nlp = _ruler(patterns)
    assert use_attribute_table(table_nlp)
    got = table_nlp(text)
    assert [(t.norm_, t.lemma_) for t in got] == [(t.norm_, t.lemma_) for t in expected]
    assert [t.norm_ for t in got][:5] == ["the", "second", "and", "a", "first"]
    assert got[7].norm_ == "cf" and got[6].norm_ == "cease"


def test_a_rule_the_table_cannot_express_keeps_spacys_ruler():
    nlp = _ruler([{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"NORM": "v"}}])
    assert compile_rules(nlp.get_pipe("attribute_ruler")) is None
    assert not use_attribute_table(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)
    assert nlp("very very good")[0].norm_ == "v"


def test_lemmas_are_spacys_lemmatizer_s():
    from kgraph.lemma_table import LemmaTable, use_lemma_table

    spacy_nlp = spacy.load(load_nlp().path)
    table_nlp = spacy.load(load_nlp().path)
    assert use_lemma_table(table_nlp)
    assert isinstance(load_nlp().get_pipe("lemmatizer"), LemmaTable)
    texts = [*SENTENCES, example_path().read_text(encoding="utf-8")]
    for ours, theirs in zip(table_nlp.pipe(texts), spacy_nlp.pipe(texts), strict=True):
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
    # words seen before come from the table, and still agree
    again = table_nlp("The rebels were withdrawing; they had withdrawn and are withdrawn.")
    assert [t.lemma_ for t in again][1:4] == ["rebel", "be", "withdraw"]
