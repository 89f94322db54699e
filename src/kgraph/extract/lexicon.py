"""The trigger lexicon (ontology/lexicon/triggers.ttl) as named sets of lower-case words."""

from __future__ import annotations

from functools import lru_cache

from rdflib import RDF, Graph, Namespace

from kgraph.resources import ontology_path

LEX = Namespace("https://w3id.org/kgraph/lexicon#")


class Lexicon:
    def __init__(self, sets: dict[str, frozenset[str]]):
        self._sets = sets

    def __getitem__(self, name: str) -> frozenset[str]:
        return self._sets[name]

    def has(self, name: str, word: str) -> bool:
        return word.lower() in self._sets[name]

    def names(self) -> list[str]:
        return sorted(self._sets)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    graph = Graph()
    graph.parse(ontology_path("lexicon/triggers.ttl"), format="turtle")
    sets: dict[str, frozenset[str]] = {}
    for word_set in graph.subjects(RDF.type, LEX.WordSet):
        name = str(word_set).rsplit("#", 1)[-1]
        sets[name] = frozenset(str(w).lower() for w in graph.objects(word_set, LEX.word))
    return Lexicon(sets)
