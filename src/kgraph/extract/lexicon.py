"""The trigger lexicon (ontology/lexicon/triggers.ttl) as named sets of lower-case words.

A word set annotated with `lex:frame` and `lex:pos` triggers that predicate's event frame
(kgraph.extract.frames); `frame_sets()` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDF, Graph, Namespace

from kgraph.resources import ontology_path

LEX = Namespace("https://w3id.org/kgraph/lexicon#")


@dataclass(frozen=True)
class FrameSet:
    """A word set that triggers one predicate's frame."""

    name: str
    predicate: str
    pos: str  # VERB, NOUN or COMPOUND
    needs_parties: bool = False
    mutual: bool = False
    needs_object: str | None = None  # a word set the verb's object must belong to


class Lexicon:
    def __init__(self, sets: dict[str, frozenset[str]], frames: tuple[FrameSet, ...] = ()):
        self._sets = sets
        self._frames = frames
        self._index: dict[str, tuple[FrameSet, ...]] | None = None

    def __getitem__(self, name: str) -> frozenset[str]:
        return self._sets[name]

    def has(self, name: str, word: str) -> bool:
        return word.lower() in self._sets[name]

    def names(self) -> list[str]:
        return sorted(self._sets)

    def frame_sets(self) -> tuple[FrameSet, ...]:
        return self._frames

    def frame_index(self) -> dict[str, tuple[FrameSet, ...]]:
        """Each trigger word and the frame sets it belongs to (built once)."""
        if self._index is None:
            index: dict[str, list[FrameSet]] = {}
            for frame_set in self._frames:
                for word in self._sets[frame_set.name]:
                    index.setdefault(word, []).append(frame_set)
            self._index = {word: tuple(sets) for word, sets in index.items()}
        return self._index


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    graph = Graph()
    graph.parse(ontology_path("lexicon/triggers.ttl"), format="turtle")
    sets: dict[str, frozenset[str]] = {}
    frames: list[FrameSet] = []
    for word_set in graph.subjects(RDF.type, LEX.WordSet):
        name = str(word_set).rsplit("#", 1)[-1]
        sets[name] = frozenset(str(w).lower() for w in graph.objects(word_set, LEX.word))
        predicate = graph.value(word_set, LEX.frame)
        if predicate is not None:
            needs = str(graph.value(word_set, LEX.needsParties) or "false") == "true"
            mutual = str(graph.value(word_set, LEX.mutual) or "false") == "true"
            pos = str(graph.value(word_set, LEX.pos) or "VERB")
            needs_object = graph.value(word_set, LEX.needsObject)
            frames.append(
                FrameSet(
                    name,
                    str(predicate),
                    pos,
                    needs,
                    mutual,
                    str(needs_object) if needs_object is not None else None,
                )
            )
    return Lexicon(sets, tuple(sorted(frames, key=lambda f: f.name)))
