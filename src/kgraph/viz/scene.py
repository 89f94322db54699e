"""Read a kgraph RDF graph into the records the HTML view draws: nodes, links and their claims.

Nodes are the entities and events; links are the direct relation edges (with every
kg:Statement that backs them) and secondary links: kg:party from events to their parties,
kg:place from an event (or from a statement's subject) to where it happened, and kg:belongsTo
from a force, government or city to its country.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef, namespace
from rdflib.graph import ConjunctiveGraph

from kgraph.viz import terms
from kgraph.viz.labels import Vocabulary
from kgraph.viz.terms import (
    BELONGS_LINK,
    ENTITY_CLASSES,
    EVENT_CLASSES,
    KNOWN_CLASSES,
    PARTY_LINKS,
    PLACE_LINK,
    RELATIONS,
    SYMMETRIC,
    local_name,
)


class _Terms:
    """A namespace whose terms are made once: rdflib makes a new URIRef on every attribute
    access, and the reader names a term hundreds of thousands of times on a big graph."""

    def __init__(self, ns) -> None:
        self._ns = ns
        self._made: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        return self[name]

    def __getitem__(self, name: str) -> URIRef:
        term = self._made.get(name)
        if term is None:
            term = self._made[name] = URIRef(self._ns[name])
        return term

    def __str__(self) -> str:
        return str(self._ns)


DCTERMS, OWL, PROV = _Terms(namespace.DCTERMS), _Terms(namespace.OWL), _Terms(namespace.PROV)
RDF, RDFS, SKOS = _Terms(namespace.RDF), _Terms(namespace.RDFS), _Terms(namespace.SKOS)
GEO, KG = _Terms(terms.GEO), _Terms(terms.KG)

_NOT_NODES = frozenset({KG.Statement, KG.Document, KG.Sentence, GEO.Geometry})
_DESCRIBED_LIMIT = 20_000  # subjects whose triples the reader keeps at once
_GEONAMES = ("https://sws.geonames.org/", "http://sws.geonames.org/")


@dataclass(slots=True)
class Document:
    id: str
    title: str
    source: str | None
    issued: str | None


@dataclass(slots=True)
class Evidence:
    """A sentence, and the triggering span in it (offsets relative to the sentence)."""

    text: str
    start: int | None
    end: int | None
    document: str | None
    date: str | None = None  # of the statement read from it, when a secondary link has one


@dataclass(slots=True)
class Claim:
    """One kg:Statement backing a link."""

    id: str
    date: str | None
    date_text: str | None
    place: str | None
    said_by: str | None
    polarity: str | None
    confidence: str | None
    evidence: Evidence | None


@dataclass(slots=True)
class Node:
    id: str
    label: str
    cls: str
    cls_label: str
    kind: str  # "entity", "event" or "other"
    names: list[str] = field(default_factory=list)
    geonames: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    point: str | None = None
    part_of: list[str] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)
    date: str | None = None
    place: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Link:
    id: str
    source: str
    target: str
    predicate: str  # local name: "mediated", ... or "party", "place", "belongsTo"
    label: str
    kind: str  # "relation", or a secondary link: "party", "place" or "belongsTo"
    symmetric: bool = False
    claims: list[Claim] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def negative(self) -> bool:
        return any((c.polarity or "").lower() == "negative" for c in self.claims)

    @property
    def documents(self) -> set[str]:
        found = {c.evidence.document for c in self.claims if c.evidence and c.evidence.document}
        found.update(e.document for e in self.evidence if e.document)
        return found


@dataclass(slots=True)
class Scene:
    nodes: dict[str, Node]
    links: list[Link]
    documents: dict[str, Document]


def union_graph(graph: Graph) -> Graph:
    """Named graphs flattened into one, so a Dataset of one graph per article reads whole."""
    if isinstance(graph, ConjunctiveGraph):  # Dataset is one too
        flat = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            flat.add((s, p, o))
        return flat
    return graph


def _pick(about: dict, predicate):
    """One value of the predicate among a subject's triples (None when it has none)."""
    values = about.get(predicate)
    if not values:
        return None
    # Several values: the same one whatever order the store returns them in.
    return values[0] if len(values) == 1 else min(values, key=_order)


def read_scene(graph: Graph) -> Scene:
    """Everything the view shows, read from a graph that follows the kgraph RDF contract."""
    graph = union_graph(graph)
    reader = _Reader(graph)
    return reader.scene()


class _Reader:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.vocab = Vocabulary(graph)
        self.nodes: dict[str, Node] = {}
        self.links: dict[tuple[str, str, str], Link] = {}
        self.documents: dict[str, Document] = {}
        self._labels: dict[URIRef, str] = {}
        self._described: dict = {}
        self._triples_of = _native_reader(graph) or graph.predicate_objects

    # --- what the graph says about one subject ------------------------------------------------
    # The reader asks a dozen questions about each statement, sentence and node. Each answered
    # by its own lookup costs a round trip through the store (slow through oxrdflib on a big
    # graph); one read of the subject's triples answers them all.

    def _read(self, subject) -> dict:
        found: dict = {}
        for predicate, value in self._triples_of(subject):
            found.setdefault(predicate, []).append(value)
        return found

    def _about(self, subject) -> dict:
        """The subject's triples, kept for the next question (sentences and nodes are asked
        about many times)."""
        found = self._described.get(subject)
        if found is None:
            if len(self._described) >= _DESCRIBED_LIMIT:  # memory stays bounded on big graphs
                self._described.clear()
            found = self._described[subject] = self._read(subject)
        return found

    def _objects(self, subject, predicate) -> list:
        return self._about(subject).get(predicate, [])

    def _value(self, subject, predicate):
        return _pick(self._about(subject), predicate)

    def scene(self) -> Scene:
        # Types in one pass: most typed subjects are statements and sentences, not nodes.
        types: dict[URIRef, set[URIRef]] = {}
        for subject, cls in self.g.subject_objects(RDF.type):
            if isinstance(subject, URIRef) and isinstance(cls, URIRef):
                types.setdefault(subject, set()).add(cls)
        for subject in sorted(types):
            cls = self._class_of(types[subject])
            if cls is not None:
                self._add_node(subject, cls)
        self._read_relations()
        self._read_parties()
        self._read_statements()
        self._read_places()
        self._read_belongs_to()
        for link in self.links.values():
            for end in (link.source, link.target):
                self.nodes[end].documents.update(link.documents)
        links = sorted(self.links.values(), key=lambda k: (k.source, k.predicate, k.target))
        return Scene(dict(sorted(self.nodes.items())), links, dict(sorted(self.documents.items())))

    # --- nodes -------------------------------------------------------------------------------

    def _class_of(self, types: set[URIRef]) -> URIRef | None:
        if types & _NOT_NODES:
            return None
        known: set[URIRef] = set()
        for t in types:
            if _is_known(t):
                known.add(t)
            else:
                known.update(a for a in self.vocab.ancestors(t) if _is_known(a))
        if not known:
            return None
        # The most specific class wins (a CeasefireAgreement is also an Agreement).
        specific = [c for c in known if not any(c in self.vocab.ancestors(o) for o in known)]
        return sorted(specific or known)[0]

    def _add_node(self, subject: URIRef, cls: URIRef | None) -> Node:
        key = str(subject)
        if key in self.nodes:
            return self.nodes[key]
        cls_name = local_name(cls) if cls is not None else "Thing"
        kind = "event" if cls_name in EVENT_CLASSES else "entity" if cls is not None else "other"
        label = self._label(subject)
        names = {label}
        names.update(str(x) for x in self._objects(subject, SKOS.altLabel) if _is_text(x))
        names.update(str(x) for x in self._objects(subject, SKOS.prefLabel) if _is_text(x))
        same = sorted(str(x) for x in self._objects(subject, OWL.sameAs) if isinstance(x, URIRef))
        node = Node(
            id=key,
            label=label,
            cls=cls_name,
            cls_label=self.vocab.label(cls) if cls is not None else "thing",
            kind=kind,
            names=sorted(names, key=lambda n: (n != label, n.lower(), n)),
            geonames=[s for s in same if s.startswith(_GEONAMES)],
            same_as=[s for s in same if not s.startswith(_GEONAMES)],
            point=self._point(subject),
            part_of=sorted(self._label(x) for x in self._objects(subject, KG.belongsTo)),
            documents={self._document(d) for d in self._objects(subject, KG.mentionedIn)},
            date=_text(self._value(subject, KG.date)),
            place=self._optional_label(self._value(subject, KG.place)),
            evidence=[
                e
                for s in sorted(self._objects(subject, PROV.wasDerivedFrom))
                if (e := self._evidence(s, None, None)) is not None
            ],
        )
        node.documents.update(e.document for e in node.evidence if e.document)
        node.documents.discard("")
        self.nodes[key] = node
        return node

    def _point(self, subject: URIRef) -> str | None:
        for geometry in sorted(self._objects(subject, GEO.hasGeometry)):
            wkt = self._value(geometry, GEO.asWKT)
            if wkt is not None:
                return str(wkt)
        return None

    # --- links -------------------------------------------------------------------------------

    def _read_relations(self) -> None:
        for name in RELATIONS:
            predicate = KG[name]
            label = self.vocab.label(predicate)
            for s, o in sorted(self.g.subject_objects(predicate)):
                if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                    continue
                self._add_node(s, None)
                self._add_node(o, None)
                key = _link_key(str(s), name, str(o))
                if key not in self.links:
                    self.links[key] = Link(
                        id=_link_id(*key),
                        source=str(s),
                        target=str(o),
                        predicate=name,
                        label=label,
                        kind="relation",
                        symmetric=name in SYMMETRIC,
                    )

    def _read_parties(self) -> None:
        for name in PARTY_LINKS:
            for event, actor in sorted(self.g.subject_objects(KG[name])):
                if isinstance(event, URIRef) and isinstance(actor, URIRef):
                    source = self._add_node(event, None)
                    self._add_secondary(event, name, actor, "party", source.evidence)

    def _read_places(self) -> None:
        """kg:place of events, and of statements drawn as a relation (from their subject)."""
        for holder, place in sorted(self.g.subject_objects(KG[PLACE_LINK])):
            if not isinstance(place, URIRef):
                continue
            if KG.Statement in self._objects(holder, RDF.type):
                drawn = self._drawn_statement(holder)
                if drawn is not None:
                    subject, evidence = drawn
                    self._add_secondary(subject, PLACE_LINK, place, "place", evidence)
            elif isinstance(holder, URIRef) and str(holder) in self.nodes:
                evidence = self.nodes[str(holder)].evidence
                self._add_secondary(holder, PLACE_LINK, place, "place", evidence)

    def _drawn_statement(self, statement) -> tuple[URIRef, list[Evidence]] | None:
        """The subject and sentence of a statement whose relation is drawn, else None (a
        negated claim has no edge: what did not happen has no place to show)."""
        s, p, o = (self._value(statement, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if not (isinstance(s, URIRef) and isinstance(p, URIRef)):
            return None
        if _link_key(str(s), local_name(p), str(o)) not in self.links:
            return None
        start = _int(self._value(statement, KG.evidenceStart))
        end = _int(self._value(statement, KG.evidenceEnd))
        sentence = self._value(statement, PROV.wasDerivedFrom)
        found = self._evidence(sentence, start, end) if sentence is not None else None
        if found is None:
            return s, []
        found.date = _text(self._value(statement, KG.date))
        return s, [found]

    def _read_belongs_to(self) -> None:
        for part, country in sorted(self.g.subject_objects(KG[BELONGS_LINK])):
            if isinstance(part, URIRef) and isinstance(country, URIRef):
                self._add_node(part, None)
                self._add_secondary(part, BELONGS_LINK, country, BELONGS_LINK, [])

    def _add_secondary(
        self, source: URIRef, name: str, target: URIRef, kind: str, evidence: list[Evidence]
    ) -> None:
        if source == target:
            return
        self._add_node(target, None)
        key = (str(source), name, str(target))
        link = self.links.get(key)
        if link is None:
            label = name if kind == "party" else self.vocab.label(KG[name])
            link = self.links[key] = Link(
                id=_link_id(*key),
                source=str(source),
                target=str(target),
                predicate=name,
                label=label,
                kind=kind,
            )
        link.evidence.extend(e for e in evidence if e not in link.evidence)

    def _read_statements(self) -> None:
        for statement in sorted(self.g.subjects(RDF.type, KG.Statement)):
            # read once and not kept: most subjects of a big graph are statements, and each
            # is asked about here only
            about = self._read(statement)
            s = _pick(about, RDF.subject)
            p = _pick(about, RDF.predicate)
            o = _pick(about, RDF.object)
            if not (isinstance(p, URIRef) and str(p).startswith(str(KG))):
                continue
            link = self.links.get(_link_key(str(s), local_name(p), str(o)))
            if link is None:
                # A negated claim without a direct edge: the text said it did not happen.
                continue
            start = _int(_pick(about, KG.evidenceStart))
            end = _int(_pick(about, KG.evidenceEnd))
            sentence = _pick(about, PROV.wasDerivedFrom)
            link.claims.append(
                Claim(
                    id=str(statement),
                    date=_text(_pick(about, KG.date)),
                    date_text=_text(_pick(about, KG.dateText)),
                    place=self._optional_label(_pick(about, KG.place)),
                    said_by=self._optional_label(_pick(about, KG.attributedTo)),
                    polarity=_text(_pick(about, KG.polarity)),
                    confidence=_text(_pick(about, KG.confidence)),
                    evidence=self._evidence(sentence, start, end) if sentence else None,
                )
            )
        for link in self.links.values():
            link.claims.sort(key=lambda c: (c.date or "9999", c.id))

    # --- provenance --------------------------------------------------------------------------

    def _evidence(self, sentence, start: int | None, end: int | None) -> Evidence | None:
        text = self._value(sentence, KG.text)
        if text is None:
            return None
        offset = _int(self._value(sentence, KG.charStart))
        if offset is not None and start is not None and end is not None:
            start, end = start - offset, end - offset
        else:
            start = end = None
        doc = self._value(sentence, DCTERMS.isPartOf)
        return Evidence(str(text), start, end, self._document(doc) if doc is not None else None)

    def _document(self, doc) -> str:
        key = str(doc)
        if key not in self.documents:
            title = _text(self._value(doc, DCTERMS.title))
            ident = _text(self._value(doc, DCTERMS.identifier))
            source = _text(self._value(doc, DCTERMS.source))
            self.documents[key] = Document(
                id=key,
                # An untitled article is best known by where it came from, not by its hash.
                title=title or source or ident or local_name(key),
                source=source if title else None,
                issued=_text(self._value(doc, DCTERMS.issued)),
            )
        return key

    def _label(self, term) -> str:
        if term not in self._labels:
            label = None
            for predicate in (RDFS.label, SKOS.prefLabel):
                values = sorted(str(x) for x in self._objects(term, predicate) if _is_text(x))
                if values:
                    label = values[0]
                    break
            self._labels[term] = label or local_name(term)
        return self._labels[term]

    def _optional_label(self, term) -> str | None:
        if term is None:
            return None
        return str(term) if isinstance(term, Literal | _Text) else self._label(term)


_XSD = "http://www.w3.org/2001/XMLSchema#"
# Literals whose text the view shows as written (counts only pass through int()).
_AS_TEXT = frozenset(
    {
        _XSD + "string",
        _XSD + "integer",
        _XSD + "nonNegativeInteger",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
    }
)


class _Text(str):
    """A literal read straight from pyoxigraph: its text and language tag are all the view
    shows, and an rdflib Literal costs far more to make (it parses its value)."""

    def __new__(cls, value: str, language: str | None) -> _Text:
        text = super().__new__(cls, value)
        text.language = language
        return text


def _native_reader(graph: Graph):
    """For a graph held by pyoxigraph: (predicate, object) pairs of a subject read from the
    store itself, without rdflib's per-triple layers (most of the reader's time on a big
    graph). None for other graphs."""
    from kgraph.corpus import native_store

    store = native_store(graph)
    if store is None:
        return None
    import pyoxigraph as ox

    from kgraph.stores.result import to_rdflib

    default = ox.DefaultGraph()
    iris: dict[str, URIRef] = {}

    def term(node):
        if type(node) is ox.NamedNode:
            found = iris.get(node.value)
            if found is None:
                found = iris[node.value] = URIRef(node.value)
            return found
        if type(node) is ox.Literal and node.datatype.value in _AS_TEXT:
            return _Text(node.value, node.language)
        return to_rdflib(node)  # dates as rdflib spells them, as for any other graph

    def pairs(subject):
        if isinstance(subject, URIRef):
            key = ox.NamedNode(subject)
        elif isinstance(subject, BNode):
            key = ox.BlankNode(subject)
        else:
            return
        for quad in store.quads_for_pattern(key, None, None, default):
            yield term(quad.predicate), term(quad.object)

    return pairs


def _order(term) -> tuple[str, str]:
    return (type(term).__name__, str(term))


def _is_known(cls: URIRef) -> bool:
    return str(cls).startswith(str(KG)) and local_name(cls) in KNOWN_CLASSES


def _is_text(value) -> bool:
    return isinstance(value, Literal | _Text) and (
        value.language is None or value.language.startswith("en")
    )


def _link_key(s: str, predicate: str, o: str) -> tuple[str, str, str]:
    # A symmetric relation stated both ways is one link.
    if predicate in SYMMETRIC and o < s:
        return (o, predicate, s)
    return (s, predicate, o)


def _link_id(s: str, predicate: str, o: str) -> str:
    return "e" + hashlib.sha1(f"{s}\x00{predicate}\x00{o}".encode()).hexdigest()[:16]


def _text(value) -> str | None:
    return None if value is None or isinstance(value, BNode) else str(value)


def _int(value) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


__all__ = ["Claim", "Document", "Evidence", "Link", "Node", "Scene", "read_scene", "ENTITY_CLASSES"]
