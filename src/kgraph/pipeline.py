"""The extraction pipeline: documents -> parse -> mentions -> entities -> relations -> RDF."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Graph

from kgraph.documents import read_inputs
from kgraph.extract.facts import find_relations, sentences_of
from kgraph.extract.lexicon import load_lexicon
from kgraph.extract.mentions import detect
from kgraph.extract.resolve import resolve
from kgraph.gazetteer import Gazetteer
from kgraph.model import Document, Extraction
from kgraph.nlp import load_nlp

# spaCy's parser is quadratic in neither time nor memory, but very long texts are split
# into paragraph batches to bound memory; offsets are shifted back afterwards.
MAX_CHARS_PER_PARSE = 200_000


def extract(document: Document, *, model: str | None = None) -> Extraction:
    """Everything kgraph extracts from one document."""
    nlp = load_nlp(model)
    return extract_parsed(document, nlp(document.text))


def extract_many(
    documents: Iterable[Document], *, model: str | None = None, batch_size: int = 16
) -> Iterable[Extraction]:
    """Extract from many documents, parsing them in batches with `nlp.pipe`."""
    nlp = load_nlp(model)
    docs = list(documents)
    for document, parsed in zip(
        docs, nlp.pipe((d.text for d in docs), batch_size=batch_size), strict=True
    ):
        yield extract_parsed(document, parsed)


def extract_parsed(document: Document, parsed) -> Extraction:
    gazetteer = Gazetteer.load()
    lexicon = load_lexicon()
    candidates = detect(parsed, gazetteer, lexicon)
    resolution = resolve(parsed, candidates, gazetteer, document.doc_id)
    sentences = sentences_of(parsed)
    events, relations = find_relations(
        parsed, sentences, resolution, lexicon, document.published, document.doc_id
    )
    return Extraction(
        document=document,
        sentences=tuple(sentences),
        entities=tuple(sorted(resolution.entities.values(), key=lambda e: e.key)),
        events=tuple(sorted(events, key=lambda e: e.key)),
        relations=tuple(relations),
    )


def build_graph(inputs: Sequence[str | Path], *, model: str | None = None) -> Graph:
    """Read, extract and convert every input article; return the union graph."""
    from kgraph.rdf import union_graph

    documents = read_inputs(inputs)
    return union_graph(extract_many(documents, model=model))
