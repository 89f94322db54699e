"""English labels for classes and properties, and the class hierarchy the view needs.

Labels come from the graph itself, then from the bundled ontology, then from splitting the
camelCase local name, so a graph without the ontology still reads as English.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kgraph.viz.terms import EVENT_PARENTS, KG, local_name

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def split_camel(name: str) -> str:
    """'deniesPresence' -> 'denies presence'; 'PeacekeepingForce' -> 'peacekeeping force'."""
    words = _CAMEL.sub(" ", name).split()
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    # The view must render even where the ontology is missing or being rewritten, so any
    # failure here only costs the nicer labels.
    graph = Graph()
    try:
        from kgraph.resources import ontology_path

        path = ontology_path("kgraph.ttl")
        if path.is_file():
            graph.parse(path, format="turtle")
    except Exception:  # noqa: BLE001 - see comment above
        return Graph()
    return graph


def english_label(graph: Graph, term: URIRef) -> str | None:
    """The term's rdfs:label (English or untagged), preferring the graph over the ontology."""
    for source in (graph, _ontology()):
        labels = [lit for lit in source.objects(term, RDFS.label) if isinstance(lit, Literal)]
        ranked = sorted(
            (_language_rank(lit.language), str(lit))
            for lit in labels
            if _language_rank(lit.language) < 3
        )
        if ranked:
            return ranked[0][1]
    return None


def _language_rank(language: str | None) -> int:
    if language is None:
        return 1
    lang = language.lower()
    if lang == "en":
        return 0
    return 2 if lang.startswith("en-") else 3


class Vocabulary:
    """Labels and parent classes for kg: terms, memoised per graph."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._labels: dict[URIRef, str] = {}
        self._ancestors: dict[URIRef, frozenset[URIRef]] = {}

    def label(self, term: URIRef) -> str:
        if term not in self._labels:
            self._labels[term] = english_label(self._graph, term) or split_camel(local_name(term))
        return self._labels[term]

    def parents(self, cls: URIRef) -> list[URIRef]:
        found = {
            p
            for source in (self._graph, _ontology())
            for p in source.objects(cls, RDFS.subClassOf)
            if isinstance(p, URIRef)
        }
        fallback = EVENT_PARENTS.get(local_name(cls)) if str(cls).startswith(str(KG)) else None
        if fallback:
            found.add(KG[fallback])
        return sorted(found)

    def ancestors(self, cls: URIRef) -> frozenset[URIRef]:
        if cls not in self._ancestors:
            self._ancestors[cls] = frozenset(self._walk_up(cls))
        return self._ancestors[cls]

    def _walk_up(self, cls: URIRef) -> set[URIRef]:
        seen: set[URIRef] = set()
        todo = [cls]
        while todo:
            for parent in self.parents(todo.pop()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen
