"""A build's graph held by pyoxigraph: same triples as rdflib's, written deterministically."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
from rdflib import RDF, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, SKOS

from kgraph.corpus import CorpusGraph, native_store
from kgraph.graphio import load_graph, write_store
from kgraph.model import ENTITY_CLASSES, PREDICATES
from kgraph.rdf import entity_iri, keep_one_label, union_graph


def _second_article(extraction):
    """The same article under another id."""
    document = replace(extraction.document, doc_id="second-copy", origin="second.txt")
    return replace(extraction, document=document)


def test_corpus_holds_what_the_rdflib_union_holds(example_extraction) -> None:
    second = _second_article(example_extraction)
    corpus = CorpusGraph().add_all([example_extraction, second]).finish()
    expected = union_graph([example_extraction, second])
    assert isomorphic(corpus.rdflib_graph(), expected)
    assert len(corpus) == len(expected)


def test_corpus_keeps_one_label_per_entity(example_extraction) -> None:
    # Two articles spelling one entity three ways: the first in code-point order stays the
    # label, the others become altLabels, as kgraph.rdf.keep_one_label does in rdflib.
    corpus = CorpusGraph().add_all([example_extraction])
    entity = example_extraction.entities[0]
    node = entity_iri(entity)
    graph = union_graph([example_extraction])
    for spelling in ("AAA first spelling", "zzz last spelling"):
        corpus.store.add(ox.Quad(ox.NamedNode(str(node)), ox.NamedNode(str(RDFS.label)),
                                 ox.Literal(spelling)))  # fmt: skip
        graph.add((node, RDFS.label, Literal(spelling)))
    keep_one_label(graph)
    corpus.finish()
    view = corpus.rdflib_view()
    assert list(view.objects(node, RDFS.label)) == [Literal("AAA first spelling")]
    assert {Literal(entity.label), Literal("zzz last spelling")} <= set(
        view.objects(node, SKOS.altLabel)
    )
    assert isomorphic(corpus.rdflib_graph(), graph)


def test_corpus_counts_match_the_graph(example_extraction, example_graph) -> None:
    corpus = CorpusGraph().add_all([example_extraction]).finish()
    entities, relations = corpus.counts(ENTITY_CLASSES, PREDICATES)
    assert sum(relations.values()) > 0 and sum(entities.values()) > 0
    kg = "https://w3id.org/kgraph/ontology#"
    for name, count in relations.items():
        assert count == len(list(example_graph.triples((None, URIRef(kg + name), None))))
    for name, count in entities.items():
        assert count == len(set(example_graph.subjects(RDF.type, URIRef(kg + name))))
    assert len(corpus) == len(example_graph)


def test_corpus_writes_the_same_bytes_whatever_the_order(example_extraction, tmp_path) -> None:
    second = _second_article(example_extraction)
    one = CorpusGraph(named_graphs=True).add_all([example_extraction, second]).finish()
    two = CorpusGraph(named_graphs=True).add_all([second, example_extraction]).finish()
    for fmt in ("ttl", "nt", "nq"):
        a = write_store(one.store, tmp_path / f"a.{fmt}", fmt).read_bytes()
        b = write_store(two.store, tmp_path / f"b.{fmt}", fmt).read_bytes()
        assert a == b, fmt
    assert isomorphic(load_graph(tmp_path / "a.ttl"), one.rdflib_graph())
    quads = list(ox.parse(path=str(tmp_path / "a.nq"), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {
        "https://w3id.org/kgraph/resource/graph/" + d
        for d in (example_extraction.document.doc_id, "second-copy")
    }
    assert not list(tmp_path.glob(".*"))  # atomic writes leave no temporary files


def test_corpus_view_is_rdflib_over_the_same_store(example_extraction) -> None:
    corpus = CorpusGraph().add_all([example_extraction]).finish()
    view = corpus.rdflib_view()
    assert native_store(view) is corpus.store
    assert len(view) == len(corpus)
    # Plain strings read back as rdflib's parsers make them (no explicit xsd:string).
    labels = list(view.objects(None, RDFS.label))
    assert labels and all(label.datatype is None for label in labels)
