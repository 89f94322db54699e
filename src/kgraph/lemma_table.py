"""spaCy's rule lemmatizer, remembered per (word, part of speech, morphology).

A rule or lookup lemmatizer gives a word's lemma from the word, its part of speech and its
morphology alone, yet spaCy asks it again for every token, through several Python calls each,
which costs about a twentieth of the whole parse. Here the answer for each triple is kept, the
triples are read in one pass (`Doc.to_array`) and the lemmas written back in one
(`Doc.from_array`); a lemma is only asked of spaCy's own lemmatizer the first time its triple
is seen, so the lemmas are spaCy's. Tokens that already have a lemma (set by the attribute
ruler's exceptions) keep it, as spaCy's lemmatizer does unless told to overwrite.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

# lemmatizer modes whose answer depends only on the word, its part of speech and morphology
_PURE_MODES = frozenset({"rule", "lookup"})


class LemmaTable:
    """Wraps a Lemmatizer; the lemma of each (word, POS, morphology) is asked of it once."""

    def __init__(self, lemmatizer: Lemmatizer | None = None) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if lemmatizer is None or lemmatizer.overwrite or not len(doc):
            return lemmatizer(doc) if lemmatizer is not None else doc
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = columns[:, 3].copy()
        known = self._lemmas
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            value = known.get(key)
            if value is None:
                value = known[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(numpy.uint64))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("kg_lemma_table")
def _make_table(nlp: Language, name: str) -> LemmaTable:
    """Empty until `use_lemma_table` gives it the lemmatizer it replaces."""
    return LemmaTable()


def use_lemma_table(nlp: Language) -> bool:
    """Wrap the pipeline's lemmatizer in a LemmaTable; False where its answers may depend on
    more than the word, its part of speech and morphology."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode not in _PURE_MODES:
        return False
    lemmatizer._validate_tables()  # spaCy checks its tables on the first call: do it now
    table = nlp.replace_pipe("lemmatizer", "kg_lemma_table")
    table.lemmatizer = lemmatizer
    return True
