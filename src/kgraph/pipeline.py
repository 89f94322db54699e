"""The extraction pipeline: documents -> parse -> mentions -> entities -> relations -> RDF."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from rdflib import Graph

from kgraph.documents import read_inputs
from kgraph.extract.facts import find_relations, sentences_of
from kgraph.extract.lexicon import load_lexicon
from kgraph.extract.mentions import detect
from kgraph.extract.resolve import resolve
from kgraph.gazetteer import Gazetteer
from kgraph.model import Document, Entity, Evidence, Extraction, Sentence
from kgraph.nlp import load_nlp

# spaCy refuses texts over nlp.max_length and its memory grows with the text, so very long
# articles are parsed a slice at a time; offsets are shifted back afterwards.
MAX_CHARS_PER_PARSE = 200_000


def prepare_extraction(model: str | None = None) -> None:
    """Load what extraction keeps for every article: the parse model, the gazetteer, the word
    sets and trigger index, the name matcher."""
    from kgraph.extract.name_matcher import name_matcher
    from kgraph.extract.triggers import load_trigger_index

    nlp = load_nlp(model)
    load_lexicon()
    load_trigger_index()
    name_matcher(nlp.vocab, Gazetteer.load())


def freeze_loaded_data() -> None:
    """Leave what is loaded now out of every later garbage collection.

    The model, gazetteer and indexes are a few hundred thousand long-lived objects; the
    collector would walk them again each time extraction's short-lived objects start a full
    collection. For processes that only extract (the build command, its workers); undone by
    `gc.unfreeze()`.
    """
    import gc

    gc.collect()
    gc.freeze()


def extract(document: Document, *, model: str | None = None) -> Extraction:
    """Everything kgraph extracts from one document."""
    return next(iter(extract_many([document], model=model)))


def extract_many(
    documents: Iterable[Document], *, model: str | None = None, batch_size: int = 16
) -> Iterator[Extraction]:
    """Extract from many documents, parsing them in batches with `nlp.pipe`.

    Articles longer than MAX_CHARS_PER_PARSE are parsed a slice of paragraphs at a time,
    so memory stays bounded; coreference then works within each slice.
    """
    nlp = load_nlp(model)
    batch: list[Document] = []
    for document in documents:
        if len(document.text) > MAX_CHARS_PER_PARSE:
            yield from _extract_batch(nlp, batch, batch_size)
            batch = []
            yield _extract_long(nlp, document)
            continue
        batch.append(document)
        if len(batch) >= batch_size:
            yield from _extract_batch(nlp, batch, batch_size)
            batch = []
    yield from _extract_batch(nlp, batch, batch_size)


def _extract_batch(nlp, batch: list[Document], batch_size: int) -> Iterator[Extraction]:
    parsed = nlp.pipe((d.text for d in batch), batch_size=batch_size)
    for document, doc in zip(batch, parsed, strict=True):
        yield extract_parsed(document, doc)


def _extract_long(nlp, document: Document) -> Extraction:
    from tqdm import tqdm

    parts: list[Extraction] = []
    slices = list(_slices(document.text, MAX_CHARS_PER_PARSE))
    # A progress bar on stderr for articles that take minutes (hidden when not a terminal).
    progress = tqdm(
        slices, desc=f"{document.origin or 'article'}", unit="slice", disable=None, leave=False
    )
    for number, (start, text) in enumerate(progress):
        piece = replace(document, text=text)
        extraction = extract_parsed(piece, nlp(text))
        parts.append(_shift(extraction, start, number, sum(len(p.sentences) for p in parts)))
    return _merge(document, parts)


def _slices(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Cut at paragraph breaks (else sentence ends, else anywhere) into pieces <= limit."""
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            # the break stays with the slice before it, so each slice starts with text
            cut = text.rfind("\n\n", start, end - 1) + 2
            if cut <= start + 1:
                cut = text.rfind(". ", start, end - 1) + 2
            end = cut if cut > start + 1 else end
        yield start, text[start:end]
        start = end


def _shift(extraction: Extraction, offset: int, number: int, sentence_base: int) -> Extraction:
    def sentence(s: Sentence) -> Sentence:
        return Sentence(s.index + sentence_base, s.start + offset, s.end + offset, s.text)

    def evidence(e: Evidence | None) -> Evidence | None:
        if e is None:
            return None
        return Evidence(sentence(e.sentence), e.span_start + offset, e.span_end + offset)

    rekey = {ev.key: f"{ev.key}-{number}" for ev in extraction.events}
    return Extraction(
        document=extraction.document,
        sentences=tuple(sentence(s) for s in extraction.sentences),
        entities=tuple(
            replace(
                e,
                mentions=tuple(
                    replace(
                        m,
                        start=m.start + offset,
                        end=m.end + offset,
                        sentence=m.sentence + sentence_base,
                    )
                    for m in e.mentions
                ),
            )
            for e in extraction.entities
        ),
        events=tuple(
            replace(ev, key=rekey[ev.key], evidence=evidence(ev.evidence))
            for ev in extraction.events
        ),
        relations=tuple(
            replace(r, object=rekey.get(r.object, r.object), evidence=evidence(r.evidence))
            for r in extraction.relations
        ),
    )


def _merge(document: Document, parts: list[Extraction]) -> Extraction:
    entities: dict[str, Entity] = {}
    for part in parts:
        for entity in part.entities:
            seen = entities.get(entity.key)
            if seen is None:
                entities[entity.key] = entity
                continue
            names = tuple(dict.fromkeys((*seen.alt_labels, *entity.alt_labels, entity.label)))
            entities[entity.key] = replace(
                seen,
                alt_labels=tuple(n for n in names if n != seen.label),
                mentions=seen.mentions + entity.mentions,
            )
    return Extraction(
        document=document,
        sentences=tuple(s for p in parts for s in p.sentences),
        entities=tuple(sorted(entities.values(), key=lambda e: e.key)),
        events=tuple(ev for p in parts for ev in p.events),
        relations=tuple(r for p in parts for r in p.relations),
    )


def extract_parsed(document: Document, parsed) -> Extraction:
    gazetteer = Gazetteer.load()
    lexicon = load_lexicon()
    candidates = detect(parsed, gazetteer, lexicon)
    resolution = resolve(parsed, candidates, gazetteer, document.doc_id)
    sentences = sentences_of(parsed)
    events, relations = find_relations(
        parsed, sentences, resolution, lexicon, document.published, document.doc_id
    )
    for cached in ("kg_tokens", "kg_text", "kg_sentence_starts"):  # per-stage caches, not Doc data
        parsed.user_data.pop(cached, None)
    return Extraction(
        document=document,
        sentences=tuple(sentences),
        entities=tuple(sorted(resolution.entities.values(), key=lambda e: e.key)),
        events=tuple(sorted(events, key=lambda e: e.key)),
        relations=tuple(relations),
    )


def build_graph(inputs: Sequence[str | Path], *, model: str | None = None) -> Graph:
    """Read, extract and convert every input article; return the union graph: an rdflib Graph
    backed by pyoxigraph (through oxrdflib), so a large corpus stays compact and
    `kgraph.query` runs on pyoxigraph's engine."""
    from kgraph.corpus import CorpusGraph
    from kgraph.registry import identify

    documents = read_inputs(inputs)
    return (
        CorpusGraph().add_all(identify(extract_many(documents, model=model))).finish().rdflib_view()
    )
