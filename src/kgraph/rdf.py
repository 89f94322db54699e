"""Extraction records -> RDF triples: ontology-typed entities, events, statements, provenance.

IRIs are minted from slugs plus a short hash of a stable key, never from raw text, so the
same input always gives the same IRIs and article text cannot break the syntax.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS

from kgraph.documents import content_hash
from kgraph.model import Entity, Event, Extraction, Relation, Sentence
from kgraph.vocab import GEO, GN, KG, KGR, SEM

DENIAL_PREDICATES = frozenset({"denies", "deniesPresence"})
PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "kgr": KGR,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "geo": GEO,
    "sem": SEM,
    "schema": SDO,
    "xsd": XSD,
    "rdfs": RDFS,
    "rdf": RDF,
}


def slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-") or "x"


def short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def entity_iri(entity: Entity) -> URIRef:
    if entity.key.startswith("iri:"):  # a node a store already holds (kgraph.registry)
        return URIRef(entity.key[4:])
    return _minted_entity_iri(entity)


def _minted_entity_iri(entity: Entity) -> URIRef:
    # The slug comes from the key where the key carries the name, so every article that
    # names the same actor mints the same IRI even if it spells the label differently.
    source = (
        entity.key.split(":", 2)[-1]
        if entity.key.startswith(("person:", "name:", "actor:"))
        else entity.label
    )
    return KGR[f"entity/{slug(source)}-{short_hash(entity.key)}"]


def event_iri(doc_id: str, key: str) -> URIRef:
    """An event's IRI: from its canonical key alone ('evt:...', see kgraph.events_identity)
    so every article reporting the event mints the same node; an IRI a store already holds
    ('iri:...'); else scoped to its article."""
    if key.startswith("iri:"):
        return URIRef(key[4:])
    if key.startswith("evt:"):
        return KGR[f"event/{short_hash(key)}"]
    return KGR[f"event/{short_hash(doc_id, key)}"]


def document_iri(doc_id: str) -> URIRef:
    return KGR[f"document/{doc_id}"]


def graph_iri(doc_id: str) -> URIRef:
    """The named graph that holds one article's triples."""
    return KGR[f"graph/{doc_id}"]


def sentence_iri(doc_id: str, index: int) -> URIRef:
    return KGR[f"sentence/{doc_id}-{index}"]


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def extraction_graph(extraction: Extraction) -> Graph:
    """One article's triples."""
    graph = new_graph()
    add_extraction(graph, extraction)
    return graph


class _QuadSink:
    """Takes what `add_extraction` emits (rdflib terms) and keeps pyoxigraph quads, so a build
    can stream articles into pyoxigraph without an rdflib Graph in between."""

    def __init__(self, graph_name: str | None = None) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self._graph = ox.NamedNode(graph_name) if graph_name else ox.DefaultGraph()
        self._nodes: dict[URIRef, object] = {}
        self.quads: list = []

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        self.quads.append(self._ox.Quad(self._term(s), self._term(p), self._term(o), self._graph))

    def _term(self, term):
        if isinstance(term, Literal):
            if term.language:
                return self._ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return self._ox.Literal(str(term), datatype=self._node(term.datatype))
            return self._ox.Literal(str(term))
        return self._node(term)

    def _node(self, iri: URIRef):
        node = self._nodes.get(iri)
        if node is None:
            node = self._nodes[iri] = self._ox.NamedNode(str(iri))
        return node


def extraction_quads(extraction: Extraction, graph_name: str | None = None) -> list:
    """One article's triples as pyoxigraph quads, in the default graph or in `graph_name`."""
    sink = _QuadSink(graph_name)
    add_extraction(sink, extraction)  # type: ignore[arg-type]
    return sink.quads


def union_graph(extractions: Iterable[Extraction]) -> Graph:
    graph = new_graph()
    for extraction in extractions:
        add_extraction(graph, extraction)
    keep_one_label(graph)
    return graph


def keep_one_label(graph: Graph) -> None:
    """Articles may spell a merged entity differently: keep one label, the rest as altLabels."""
    for subject in set(graph.subjects(RDFS.label)):
        labels = sorted(graph.objects(subject, RDFS.label), key=str)
        for extra in labels[1:]:
            graph.remove((subject, RDFS.label, extra))
            graph.add((subject, SKOS.altLabel, extra))


def add_extraction(graph: Graph, extraction: Extraction) -> None:
    doc = extraction.document
    doc_node = document_iri(doc.doc_id)
    add = graph.add
    add((doc_node, RDF.type, KG.Document))
    add((doc_node, DCTERMS.identifier, Literal(doc.doc_id)))
    add((doc_node, KG.contentHash, Literal(content_hash(doc))))
    if doc.title:
        add((doc_node, DCTERMS.title, Literal(doc.title)))
    if doc.source or doc.origin:
        add((doc_node, DCTERMS.source, Literal(doc.source or doc.origin)))
    if doc.url:
        add((doc_node, SDO.url, Literal(doc.url, datatype=XSD.anyURI)))
    if doc.published:
        add((doc_node, DCTERMS.issued, Literal(doc.published.isoformat(), datatype=XSD.date)))

    entity_nodes = {e.key: entity_iri(e) for e in extraction.entities}
    for entity in extraction.entities:
        _add_entity(graph, entity, entity_nodes, doc_node)
    event_nodes = {ev.key: event_iri(doc.doc_id, ev.key) for ev in extraction.events}
    nodes = {**entity_nodes, **event_nodes}
    used_sentences: set[int] = set()
    for event in extraction.events:
        _add_event(graph, event, event_nodes[event.key], nodes, doc.doc_id)
        if event.evidence:
            used_sentences.add(event.evidence.sentence.index)
    for relation in extraction.relations:
        _add_relation(graph, relation, nodes, doc.doc_id)
        used_sentences.add(relation.evidence.sentence.index)
    for sentence in extraction.sentences:
        if sentence.index in used_sentences:
            _add_sentence(graph, sentence, doc.doc_id, doc_node)


def _add_entity(graph: Graph, entity: Entity, nodes: dict[str, URIRef], doc_node: URIRef) -> None:
    node = nodes[entity.key]
    graph.add((node, RDF.type, KG[entity.entity_class]))
    graph.add((node, RDFS.label, Literal(entity.label)))
    for alt in entity.alt_labels:
        graph.add((node, SKOS.altLabel, Literal(alt)))
    graph.add((node, KG.mentionedIn, doc_node))
    if entity.geonames_id:
        graph.add((node, OWL.sameAs, GN[f"{entity.geonames_id}/"]))
    if entity.wkt:
        geometry = KGR[f"geometry/{str(node).rsplit('/', 1)[-1]}"]
        graph.add((node, GEO.hasGeometry, geometry))
        graph.add((geometry, RDF.type, GEO.Geometry))
        graph.add((geometry, GEO.asWKT, Literal(entity.wkt, datatype=GEO.wktLiteral)))
    if entity.country and entity.country in nodes and entity.country != entity.key:
        graph.add((node, KG.belongsTo, nodes[entity.country]))


def _add_event(
    graph: Graph, event: Event, node: URIRef, nodes: dict[str, URIRef], doc_id: str
) -> None:
    graph.add((node, RDF.type, KG[event.event_class]))
    graph.add((node, RDFS.label, Literal(event.label)))
    for party in event.parties:
        if party in nodes:
            graph.add((node, KG.party, nodes[party]))
    if event.date:
        graph.add((node, KG.date, date_literal(event.date)))
    if event.place and event.place in nodes:
        graph.add((node, KG.place, nodes[event.place]))
    if event.evidence:
        graph.add((node, PROV.wasDerivedFrom, sentence_iri(doc_id, event.evidence.sentence.index)))


def _add_relation(graph: Graph, relation: Relation, nodes: dict[str, URIRef], doc_id: str) -> None:
    subject, obj = nodes[relation.subject], nodes[relation.object]
    predicate = KG[relation.predicate]
    # A negated claim ("refused to withdraw") is recorded as a statement but is not a fact.
    if relation.polarity == "positive" or relation.predicate in DENIAL_PREDICATES:
        graph.add((subject, predicate, obj))
    sentence = relation.evidence.sentence
    statement = KGR[
        "statement/"
        + short_hash(
            doc_id,
            relation.subject,
            relation.predicate,
            relation.object,
            str(sentence.index),
            str(relation.evidence.span_start),
        )
    ]
    graph.add((statement, RDF.type, KG.Statement))
    graph.add((statement, RDF.subject, subject))
    graph.add((statement, RDF.predicate, predicate))
    graph.add((statement, RDF.object, obj))
    graph.add((statement, KG.polarity, Literal(relation.polarity)))
    graph.add(
        (statement, KG.confidence, Literal(Decimal(str(relation.confidence)), datatype=XSD.decimal))
    )
    graph.add((statement, KG.evidenceStart, Literal(relation.evidence.span_start)))
    graph.add((statement, KG.evidenceEnd, Literal(relation.evidence.span_end)))
    graph.add((statement, PROV.wasDerivedFrom, sentence_iri(doc_id, sentence.index)))
    if relation.date:
        graph.add((statement, KG.date, date_literal(relation.date)))
    if relation.date_text:
        graph.add((statement, KG.dateText, Literal(relation.date_text)))
    if relation.place and relation.place in nodes:
        graph.add((statement, KG.place, nodes[relation.place]))
    if relation.attributed_to and relation.attributed_to in nodes:
        graph.add((statement, KG.attributedTo, nodes[relation.attributed_to]))


def _add_sentence(graph: Graph, sentence: Sentence, doc_id: str, doc_node: URIRef) -> None:
    node = sentence_iri(doc_id, sentence.index)
    graph.add((node, RDF.type, KG.Sentence))
    graph.add((node, KG.text, Literal(sentence.text)))
    graph.add((node, KG.charStart, Literal(sentence.start)))
    graph.add((node, KG.charEnd, Literal(sentence.end)))
    graph.add((node, DCTERMS.isPartOf, doc_node))


def date_literal(value: str) -> Literal:
    return Literal(value, datatype=XSD.dateTime if "T" in value else XSD.date)
