"""The pipeline over long articles: parsed a slice at a time, offsets still exact."""

from __future__ import annotations

from kgraph import pipeline
from kgraph.documents import document_from_text


def test_pipeline_long_article_is_sliced_and_offsets_stay_exact(monkeypatch, nlp):
    paragraph = (
        "Kenya mediated talks between Ethiopia and Eritrea in Nairobi on Monday. "
        "The rebels agreed to withdraw from the town of Bunia."
    )
    document = document_from_text(
        "\n\n".join([paragraph] * 12), origin="long.txt", meta={"published": "2024-03-06"}
    )
    monkeypatch.setattr(pipeline, "MAX_CHARS_PER_PARSE", 400)
    sliced = pipeline.extract(document)
    assert len(sliced.sentences) == 24
    assert [s.index for s in sliced.sentences] == list(range(24))
    for relation in sliced.relations:
        sentence = relation.evidence.sentence
        assert document.text[sentence.start : sentence.end] == sentence.text
        assert document.text[relation.evidence.span_start : relation.evidence.span_end] in (
            sentence.text
        )
    kenya = [e for e in sliced.entities if e.label == "Kenya"]
    assert len(kenya) == 1 and len(kenya[0].mentions) == 12
    mediated = [r for r in sliced.relations if r.predicate == "mediated"]
    assert len({r.evidence.sentence.index for r in mediated}) == 12


def test_pipeline_slices_cut_at_paragraphs():
    text = "a" * 10 + "\n\n" + "b" * 10 + "\n\n" + "c" * 10
    pieces = list(pipeline._slices(text, 15))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 15 for _, p in pieces)
    assert [start for start, _ in pieces] == [0, 12, 24]
