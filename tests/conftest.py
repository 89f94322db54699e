"""Shared fixtures: the spaCy model and the example article's extraction, loaded once per run."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from kgraph.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def example_document():
    from kgraph.documents import read_inputs
    from kgraph.resources import example_path

    return read_inputs([example_path()])[0]


@pytest.fixture(scope="session")
def example_extraction(example_document, nlp):
    from kgraph.pipeline import extract

    return extract(example_document)


@pytest.fixture(scope="session")
def example_graph(example_extraction):
    from kgraph.rdf import union_graph

    return union_graph([example_extraction])


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Extract from a text written in a test: returns (extraction, {key: label})."""
    from kgraph.documents import document_from_text
    from kgraph.pipeline import extract

    def run(text: str, published: str | None = "2024-03-06"):
        meta = {"published": published} if published else {}
        document = document_from_text(text, origin="test.txt", meta=meta)
        extraction = extract(document)
        return extraction

    return run


@pytest.fixture(scope="session")
def facts():
    """(subject label, predicate, object label or event class) for each relation."""

    def triples(extraction) -> set[tuple[str, str, str]]:
        labels = {e.key: e.label for e in extraction.entities}
        events = {e.key: e.event_class for e in extraction.events}
        return {
            (labels[r.subject], r.predicate, labels.get(r.object) or events.get(r.object, "?"))
            for r in extraction.relations
        }

    return triples
