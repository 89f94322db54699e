"""The trigger lexicon (ontology/lexicon/triggers.ttl) as named sets of lower-case words.

A word set annotated with `lex:frame` and `lex:pos` triggers that predicate's event frame
(kgraph.extract.frames); `frame_sets()` lists them, with the role and convention attributes
declared in ontology/lexicon/trigger_schema.ttl. A word set with `lex:eventClass` names a kind
of event; a `lex:ClassOrder` says which class wins when a phrase has words of several.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

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
    convention: str | None = None  # the convention that reads the frame (default: predicate's)
    agent_prep: str | None = None  # "Y fell to X": the agent is this preposition's object
    target_preps: tuple[str, ...] = ()  # prepositions that introduce what the act is aimed at
    commits: bool = False  # the trigger itself commits its subject ("agreed to a truce")
    needs_negation: bool = False  # the frame is a denial: it counts only negated
    event_class: str | None = None  # the event the frame makes ("launched an offensive")
    objects_meet: bool = False  # "brought together A and B": the objects are the sides
    narrated_forces: bool = False  # narrated of armed forces, the act happened ("troops left")


class Lexicon:
    def __init__(
        self,
        sets: dict[str, frozenset[str]],
        frames: tuple[FrameSet, ...] = (),
        orders: dict[str, tuple[str, ...]] | None = None,
        classes: dict[str, str] | None = None,
    ):
        self._sets = sets
        self._frames = frames
        self._orders = orders or {}  # lex:ClassOrder name -> word set names, first wins
        self._classes = classes or {}  # word set name -> the event class its nouns name
        self._index: dict[str, tuple[FrameSet, ...]] | None = None
        self._phrasal: frozenset[str] | None = None

    def __getitem__(self, name: str) -> frozenset[str]:
        return self._sets[name]

    def has(self, name: str, word: str) -> bool:
        return word.lower() in self._sets[name]

    def names(self) -> list[str]:
        return sorted(self._sets)

    def frame_sets(self) -> tuple[FrameSet, ...]:
        return self._frames

    def event_class_of(self, name: str) -> str | None:
        """The event class (lex:eventClass) a word set's nouns or frame name."""
        return self._classes.get(name)

    def first_class(self, order: str, words: set[str]) -> str | None:
        """The event class of the first word set of the lex:ClassOrder `order` that shares a
        word with `words` ('ceasefire talks' is a ceasefire before it is talks)."""
        for name in self._orders[order]:
            if words & self._sets[name]:
                return self._classes[name]
        return None

    def frame_index(self) -> dict[str, tuple[FrameSet, ...]]:
        """Each trigger word and the frame sets it belongs to (built once)."""
        if self._index is None:
            index: dict[str, list[FrameSet]] = {}
            for frame_set in self._frames:
                for word in self._sets[frame_set.name]:
                    index.setdefault(word, []).append(frame_set)
            self._index = {word: tuple(sets) for word, sets in index.items()}
        return self._index

    def phrasal_verbs(self) -> frozenset[str]:
        """The verbs that start a multiword trigger ("pull" of "pull out")."""
        if self._phrasal is None:
            self._phrasal = frozenset(w.split(" ", 1)[0] for w in self.frame_index() if " " in w)
        return self._phrasal


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    graph = Graph()
    graph.parse(ontology_path("lexicon/triggers.ttl"), format="turtle")
    sets: dict[str, frozenset[str]] = {}
    classes: dict[str, str] = {}
    frames: list[FrameSet] = []
    for word_set in graph.subjects(RDF.type, LEX.WordSet):
        name = _local(word_set)
        sets[name] = frozenset(str(w).lower() for w in graph.objects(word_set, LEX.word))
        event_class = graph.value(word_set, LEX.eventClass)
        if event_class is not None:
            classes[name] = str(event_class)
        predicate = graph.value(word_set, LEX.frame)
        if predicate is not None:
            frames.append(_frame_set(graph, word_set, name, str(predicate)))
    orders = {
        _local(order): tuple(_local(item) for item in Collection(graph, head))
        for order, head in graph.subject_objects(LEX.classOrder)
    }
    return Lexicon(sets, tuple(sorted(frames, key=lambda f: f.name)), orders, classes)


def _local(node) -> str:
    return str(node).rsplit("#", 1)[-1]


def _frame_set(graph: Graph, word_set, name: str, predicate: str) -> FrameSet:
    def text(prop) -> str | None:
        value = graph.value(word_set, prop)
        return str(value) if value is not None else None

    def flag(prop) -> bool:
        return text(prop) == "true"

    return FrameSet(
        name,
        predicate,
        text(LEX.pos) or "VERB",
        needs_parties=flag(LEX.needsParties),
        mutual=flag(LEX.mutual),
        needs_object=text(LEX.needsObject),
        convention=text(LEX.convention),
        agent_prep=text(LEX.agentPrep),
        target_preps=tuple(sorted(str(p).lower() for p in graph.objects(word_set, LEX.targetPrep))),
        commits=flag(LEX.commits),
        needs_negation=flag(LEX.needsNegation),
        event_class=text(LEX.eventClass),
        objects_meet=flag(LEX.objectsMeet),
        narrated_forces=flag(LEX.narratedForces),
    )
