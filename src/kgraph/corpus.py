"""The graph of a whole build, held by pyoxigraph: articles are streamed in one at a time.

An rdflib Graph of a corpus costs about 2 kB per triple and grows with every article; pyoxigraph
keeps the same triples in a fraction of that, outside Python's heap, and writes them back out
in Rust. The default graph holds the union of all articles (what graph.ttl shows); with
`named_graphs` each article's triples are also kept in their own graph (for graph.nq / .trig).

    corpus = CorpusGraph()
    for extraction in extractions:
        corpus.add(extraction)
    corpus.finish()                 # one rdfs:label per entity, the other spellings as altLabel
    graph = corpus.rdflib_view()    # an rdflib Graph reading the same store (no copy)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox
import rdflib

from kgraph.model import Extraction

_KG = "https://w3id.org/kgraph/ontology#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# Articles may spell a merged entity differently: the first label in code-point order stays
# rdfs:label, the others become skos:altLabel (what kgraph.rdf.keep_one_label does in rdflib).
_KEEP_ONE_LABEL = """
DELETE { ?s rdfs:label ?l } INSERT { ?s skos:altLabel ?l }
WHERE {
  { SELECT ?s (MIN(STR(?x)) AS ?keep) WHERE { ?s rdfs:label ?x } GROUP BY ?s
    HAVING (COUNT(?x) > 1) }
  ?s rdfs:label ?l
  FILTER (STR(?l) != ?keep)
}
"""
_PREFIXES = {
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


class CorpusGraph:
    """Extractions streamed into a pyoxigraph store (in memory unless one is given)."""

    def __init__(self, store: ox.Store | None = None, *, named_graphs: bool = False) -> None:
        self.store = store if store is not None else ox.Store()
        self.named_graphs = named_graphs
        self.documents = 0

    def add(self, extraction: Extraction) -> None:
        from kgraph.rdf import extraction_quads, graph_iri

        quads = extraction_quads(extraction)
        self.store.extend(quads)
        if self.named_graphs:
            name = ox.NamedNode(str(graph_iri(extraction.document.doc_id)))
            self.store.extend(ox.Quad(q.subject, q.predicate, q.object, name) for q in quads)
        self.documents += 1

    def add_all(self, extractions: Iterable[Extraction]) -> CorpusGraph:
        for extraction in extractions:
            self.add(extraction)
        return self

    def finish(self) -> CorpusGraph:
        """Settle what only the whole corpus decides (the one label each entity keeps)."""
        self.store.update(_KEEP_ONE_LABEL, prefixes=_PREFIXES)
        return self

    # --- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        """Triples in the union (the default graph)."""
        for row in self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
            return int(row[0].value)
        return 0

    def subjects_of_class(self, class_iri: str) -> int:
        found = self.store.quads_for_pattern(
            None, _RDF_TYPE, ox.NamedNode(class_iri), ox.DefaultGraph()
        )
        return len({q.subject for q in found})

    def count_predicate(self, predicate_iri: str) -> int:
        found = self.store.quads_for_pattern(
            None, ox.NamedNode(predicate_iri), None, ox.DefaultGraph()
        )
        return sum(1 for _ in found)

    def counts(self, classes: Iterable[str], predicates: Iterable[str]) -> tuple[Counter, Counter]:
        """Entities per kg: class and triples per kg: predicate (local names; zeros left out)."""
        entities = Counter({c: n for c in classes if (n := self.subjects_of_class(_KG + c))})
        relations = Counter({p: n for p in predicates if (n := self.count_predicate(_KG + p))})
        return entities, relations

    def rdflib_view(self) -> rdflib.Graph:
        """An rdflib Graph over the union, read through oxrdflib: no copy of the triples."""
        return rdflib_view(self.store)

    def rdflib_graph(self) -> rdflib.Graph:
        """A copy of the union in an ordinary rdflib Graph (for tools that walk it heavily)."""
        from kgraph.stores.oxigraph import union_of

        return union_of(self.store)


def _plugin():
    """oxrdflib's rdflib store, reading terms the way rdflib's own parsers make them."""
    from oxrdflib import OxigraphStore
    from oxrdflib._converter import to_ox_term_pattern
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from kgraph.stores.result import to_rdflib

    class PlainStore(OxigraphStore):
        # oxrdflib gives every plain string an explicit xsd:string datatype, so Literal("x")
        # read from a file would not equal the same literal read through it, and it builds an
        # rdflib Graph per triple for the context; rdflib's Graph reads neither. IRIs are
        # converted once each way: the explorer asks about the same nodes many times.
        def triples(self, triple_pattern, context=None):
            cache = self.__dict__.setdefault("_iris", ({}, {}))
            if len(cache[0]) > 1_000_000:
                cache[0].clear()
                cache[1].clear()
            to_ox, to_rdf = cache

            def pattern(term):
                if term is None:
                    return None
                if type(term) is rdflib.URIRef:
                    found = to_ox.get(term)
                    if found is None:
                        found = to_ox[term] = ox.NamedNode(term)
                    return found
                return to_ox_term_pattern(term)

            def term(node):
                if type(node) is ox.NamedNode:
                    found = to_rdf.get(node.value)
                    if found is None:
                        found = to_rdf[node.value] = rdflib.URIRef(node.value)
                    return found
                return to_rdflib(node)

            s, p, o = triple_pattern
            if context is None or context.identifier == DATASET_DEFAULT_GRAPH_ID:
                graph = ox.DefaultGraph()
            else:
                graph = to_ox_term_pattern(context)
            try:
                quads = self._inner.quads_for_pattern(pattern(s), pattern(p), pattern(o), graph)
            except (TypeError, ValueError):
                return iter(())
            return (
                ((term(q.subject), term(q.predicate), term(q.object)), iter((context,)))
                for q in quads
            )

    return PlainStore


def rdflib_view(store: ox.Store) -> rdflib.Graph:
    """The default graph of a pyoxigraph store as an rdflib Graph (oxrdflib's store plugin)."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from kgraph.rdf import PREFIXES

    graph = rdflib.Graph(
        store=_plugin()(store=store),
        identifier=DATASET_DEFAULT_GRAPH_ID,
        bind_namespaces="none",
    )
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def native_store(graph: rdflib.Graph) -> ox.Store | None:
    """The pyoxigraph store behind an rdflib Graph made by `rdflib_view`, else None."""
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if isinstance(graph.store, OxigraphStore) and graph.identifier == DATASET_DEFAULT_GRAPH_ID:
        return graph.store._inner
    return None


__all__ = ["CorpusGraph", "native_store", "rdflib_view"]
