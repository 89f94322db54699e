"""Score a graph against gold annotations: typed entities, relations, dates and places.

The counting rules are those of the reference scorer shipped with the corpus
(`../shared/eval/score.py`), so the numbers agree with it on the same graph:

* a system node matches a gold entity when one of its labels (rdfs:label, skos:prefLabel,
  skos:altLabel), normalised, equals the gold label or a gold mention; it is right when it
  also carries the gold type, counting superclasses from rdfs:subClassOf;
* entity recall counts gold entities with a rightly typed match; entity precision counts the
  system entities whose name occurs in the document text;
* a gold relation is found when an edge ?s kg:P ?o has a matching subject and a matching
  object, where an event object matches through its participants (kg:party ...), a null gold
  object matches any object, and symmetric predicates match either way round;
* relation precision counts system edges whose subject is an entity of the document.

On top, for the gold relations found: date accuracy (a backing statement's or the event's
kg:date has the gold day) and place accuracy (its kg:place matches the gold place entity).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import SKOS
from rdflib.term import Node

from kgraph.errors import InputError, KGraphError
from kgraph.graphio import KG, load_graph
from kgraph.model import ENTITY_CLASSES, PREDICATES, SYMMETRIC_PREDICATES

ENTITY_TYPES = ENTITY_CLASSES
SYMMETRIC = SYMMETRIC_PREDICATES
# Properties linking an event node to the actors taking part in it.
PARTICIPANT_PROPS = ("party", "participant", "agent", "target", "mediator", "hasActor")
_NAME_PROPS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
_KG = str(KG)

_QUOTES = re.compile(r"[\u2018\u2019\u201c\u201d'\"`]")
_ARTICLE = re.compile(r"^(the|a|an)\s+")
_PUNCT = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The comparison form of a name: case-folded, no quotes, no leading article or
    punctuation, single spaces."""
    folded = _QUOTES.sub("", unicodedata.normalize("NFKC", str(text)).casefold())
    folded = _ARTICLE.sub("", folded.strip())
    return _SPACES.sub(" ", _PUNCT.sub(" ", folded)).strip()


# --- gold files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    id: str
    label: str
    type: str
    mentions: tuple[str, ...]

    def names(self) -> set[str]:
        names = {normalise(self.label)} | {normalise(m) for m in self.mentions}
        names.discard("")
        return names


@dataclass(frozen=True)
class GoldRelation:
    subject: str
    predicate: str
    object: str | None
    place: str | None
    date: str | None


@dataclass(frozen=True)
class GoldDocument:
    path: Path
    doc: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]

    @property
    def doc_path(self) -> Path:
        return self.path.with_name(self.doc)

    def text(self) -> str:
        """The article text next to the gold file, or "" when it is missing (as score.py)."""
        try:
            return self.doc_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"{self.doc_path}: cannot read the article: {err}") from err


def read_gold(path: str | Path) -> GoldDocument:
    """Read and validate one gold file; any problem is an InputError naming the field."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such gold file") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: gold file is not UTF-8 text") from err
    except json.JSONDecodeError as err:
        raise InputError(
            f"{path}: gold file is not valid JSON: {err.msg} at line {err.lineno}, "
            f"column {err.colno}"
        ) from err
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from err
    return _parse_gold(path, raw)


def _parse_gold(path: Path, raw: Any) -> GoldDocument:
    where = str(path)
    if not isinstance(raw, dict):
        raise InputError(f"{where}: a gold file is a JSON object with doc, entities, relations")
    doc = _string(raw, "doc", where)
    if not doc or Path(doc).name != doc or doc in (".", ".."):
        raise InputError(f"{where}: 'doc' must be the article's file name next to the gold file")
    entities = []
    for i, item in enumerate(_list(raw, "entities", where)):
        at = f"{where}: entities[{i}]"
        if not isinstance(item, dict):
            raise InputError(f"{at} is not an object")
        etype = _string(item, "type", at)
        if etype not in ENTITY_TYPES:
            raise InputError(f"{at}: type {etype!r} is not one of {', '.join(ENTITY_TYPES)}")
        mentions = item.get("mentions", [])
        if not isinstance(mentions, list) or not all(isinstance(m, str) for m in mentions):
            raise InputError(f"{at}: 'mentions' must be a list of strings")
        entities.append(GoldEntity(_string(item, "id", at), _string(item, "label", at), etype,
                                   tuple(mentions)))  # fmt: skip
    ids = [e.id for e in entities]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(f"{where}: entity id {duplicates[0]!r} is used twice")
    known = set(ids)
    relations = []
    for i, item in enumerate(_list(raw, "relations", where)):
        at = f"{where}: relations[{i}]"
        if not isinstance(item, dict):
            raise InputError(f"{at} is not an object")
        predicate = _string(item, "predicate", at)
        if predicate not in PREDICATES:
            raise InputError(f"{at}: predicate {predicate!r} is not a kgraph relation")
        subject = _string(item, "subject", at)
        obj = _optional(item, "object", at)
        place = _optional(item, "place", at)
        for role, ref in (("subject", subject), ("object", obj), ("place", place)):
            if ref is not None and ref not in known:
                raise InputError(f"{at}: {role} {ref!r} is not an entity id of this file")
        date = _optional(item, "date", at)
        if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise InputError(f"{at}: date {date!r} is not YYYY-MM-DD")
        relations.append(GoldRelation(subject, predicate, obj, place, date))
    return GoldDocument(path, doc, tuple(entities), tuple(relations))


def _string(item: dict, key: str, where: str) -> str:
    if key not in item:
        raise InputError(f"{where}: missing key {key!r}")
    value = item[key]
    if not isinstance(value, str):
        raise InputError(f"{where}: {key!r} must be a string")
    return value


def _optional(item: dict, key: str, where: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{where}: {key!r} must be a string or null")
    return value


def _list(item: dict, key: str, where: str) -> list:
    if key not in item:
        raise InputError(f"{where}: missing key {key!r}")
    if not isinstance(item[key], list):
        raise InputError(f"{where}: {key!r} must be a list")
    return item[key]


# --- the system graph as the scorer sees it ------------------------------------------------


class ScoredGraph:
    """Indexes of a graph: kg types with superclasses, normalised names, edges."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self._ancestors = _class_ancestors(graph)
        self._types: dict[Node, frozenset[str]] = {}
        self._names: dict[Node, frozenset[str]] = {}
        self.entities = [node for node in set(graph.subjects(RDF.type, None))
                         if self.types(node) & set(ENTITY_TYPES)]  # fmt: skip
        self.edges = {p: list(graph.subject_objects(KG[p])) for p in PREDICATES}

    def types(self, node: Node) -> frozenset[str]:
        if node not in self._types:
            out = set()
            for cls in self.graph.objects(node, RDF.type):
                for ancestor in self._ancestors.get(cls, {cls}):
                    if str(ancestor).startswith(_KG):
                        out.add(str(ancestor)[len(_KG) :])
            self._types[node] = frozenset(out)
        return self._types[node]

    def names(self, node: Node) -> frozenset[str]:
        if node not in self._names:
            names = {normalise(o) for p in _NAME_PROPS for o in self.graph.objects(node, p)}
            names.discard("")
            self._names[node] = frozenset(names)
        return self._names[node]

    def participants(self, node: Node) -> set[Node]:
        return {o for prop in PARTICIPANT_PROPS for o in self.graph.objects(node, KG[prop])}

    def statement_values(self, s: Node, predicate: str, o: Node, prop: str) -> set[Node]:
        """kg:<prop> of the statements backing (s, predicate, o), and of an event object."""
        values: set[Node] = set(self.graph.objects(o, KG[prop]))
        for statement in self.graph.subjects(RDF.subject, s):
            graph = self.graph
            if (statement, RDF.predicate, KG[predicate]) in graph and (
                statement,
                RDF.object,
                o,
            ) in graph:
                values |= set(graph.objects(statement, KG[prop]))
        return values


def _class_ancestors(graph: Graph) -> dict[Node, set[Node]]:
    """Each class with a declared superclass -> itself and all its ancestors."""
    parents: dict[Node, set[Node]] = defaultdict(set)
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        parents[child].add(parent)
    ancestors: dict[Node, set[Node]] = {}
    for cls in parents:
        seen = {cls}
        todo = [cls]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        ancestors[cls] = seen
    return ancestors


# --- scores ----------------------------------------------------------------------------------


@dataclass
class DocumentScore:
    ent_gold: int = 0
    ent_tp: int = 0
    ent_found_untyped: int = 0
    ent_sys: int = 0
    ent_sys_ok: int = 0
    rel_gold: int = 0
    rel_tp: int = 0
    rel_sys: int = 0
    rel_sys_ok: int = 0
    date_gold: int = 0  # found relations whose gold has a date
    date_ok: int = 0
    place_gold: int = 0  # found relations whose gold has a place
    place_ok: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    entities_missed: list[str] = field(default_factory=list)

    COUNTS = ("ent_gold", "ent_tp", "ent_found_untyped", "ent_sys", "ent_sys_ok", "rel_gold",
              "rel_tp", "rel_sys", "rel_sys_ok", "date_gold", "date_ok", "place_gold",
              "place_ok")  # fmt: skip

    def counts(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in self.COUNTS}


def prf(tp_precision: int, n_system: int, tp_recall: int, n_gold: int) -> dict[str, float]:
    precision = tp_precision / n_system if n_system else 0.0
    recall = tp_recall / n_gold if n_gold else 0.0
    total = precision + recall
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / total if total else 0.0}  # fmt: skip


def _ratio(ok: int, total: int) -> float | None:
    return ok / total if total else None


@dataclass
class Report:
    per_document: dict[str, DocumentScore]

    def total(self) -> DocumentScore:
        out = DocumentScore()
        for score in self.per_document.values():
            for key in DocumentScore.COUNTS:
                setattr(out, key, getattr(out, key) + getattr(score, key))
        return out

    def entity(self) -> dict[str, float]:
        t = self.total()
        return prf(t.ent_sys_ok, t.ent_sys, t.ent_tp, t.ent_gold)

    def relation(self) -> dict[str, float]:
        t = self.total()
        return prf(t.rel_sys_ok, t.rel_sys, t.rel_tp, t.rel_gold)

    def as_dict(self) -> dict[str, Any]:
        t = self.total()
        return {
            "documents": len(self.per_document),
            "entity": self.entity(),
            "relation": self.relation(),
            "date": {"accuracy": _ratio(t.date_ok, t.date_gold), "correct": t.date_ok,
                     "total": t.date_gold},
            "place": {"accuracy": _ratio(t.place_ok, t.place_gold), "correct": t.place_ok,
                      "total": t.place_gold},
            "per_document": {
                doc: {**s.counts(),
                      "entity": prf(s.ent_sys_ok, s.ent_sys, s.ent_tp, s.ent_gold),
                      "relation": prf(s.rel_sys_ok, s.rel_sys, s.rel_tp, s.rel_gold)}
                for doc, s in self.per_document.items()
            },
        }  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2) + "\n"

    def to_text(self, verbose: bool = False) -> str:
        lines = []
        for doc, s in self.per_document.items():
            ent = prf(s.ent_sys_ok, s.ent_sys, s.ent_tp, s.ent_gold)
            rel = prf(s.rel_sys_ok, s.rel_sys, s.rel_tp, s.rel_gold)
            lines.append(
                f"{doc}: entities {s.ent_tp}/{s.ent_gold} typed (F1 {ent['f1']:.3f}), "
                f"relations {s.rel_tp}/{s.rel_gold} found, {s.rel_sys_ok}/{s.rel_sys} system "
                f"edges right (F1 {rel['f1']:.3f})"
            )
            if verbose:
                lines.append(f"  missed relations ({len(s.missed)}):")
                lines.extend(f"    {m}" for m in s.missed)
                lines.append(f"  unmatched system edges ({len(s.spurious)}):")
                lines.extend(f"    {m}" for m in s.spurious)
                lines.append("  gold entities not found: " + ", ".join(s.entities_missed))
        t = self.total()
        for name, scores in (("entity", self.entity()), ("relation", self.relation())):
            lines.append(f"{name:8} P={scores['precision']:.3f} R={scores['recall']:.3f} "
                         f"F1={scores['f1']:.3f}")  # fmt: skip
        for name, ok, total in (("date", t.date_ok, t.date_gold),
                                ("place", t.place_ok, t.place_gold)):  # fmt: skip
            ratio = _ratio(ok, total)
            shown = "n/a" if ratio is None else f"{ratio:.3f}"
            lines.append(
                f"{name:8} accuracy={shown} ({ok}/{total} found relations with a gold {name})"
            )
        return "\n".join(lines) + "\n"


def score_document(sg: ScoredGraph, gold: GoldDocument, text: str) -> DocumentScore:
    """Count matches of one gold document against the graph (see the module docstring)."""
    score = DocumentScore(ent_gold=len(gold.entities), rel_gold=len(gold.relations))
    matches: dict[str, set[Node]] = {}
    for entity in gold.entities:
        wanted = entity.names()
        matches[entity.id] = {n for n in sg.entities if sg.names(n) & wanted}
    right: set[Node] = set()
    for entity in gold.entities:
        typed = {n for n in matches[entity.id] if entity.type in sg.types(n)}
        right |= typed
        score.ent_tp += bool(typed)
        score.ent_found_untyped += bool(matches[entity.id])
        if not typed:
            score.entities_missed.append(f"{entity.id}({entity.type})")

    in_text = normalise(text)
    here = [n for n in sg.entities if any(_occurs(name, in_text) for name in sg.names(n))]
    here_set = set(here)
    score.ent_sys = len(here)
    score.ent_sys_ok = sum(1 for n in here if n in right)

    def object_ok(o: Node, gold_id: str | None) -> bool:
        if gold_id is None:
            return True
        wanted = matches[gold_id]
        return o in wanted or bool(sg.participants(o) & wanted)

    def pairs_for(rel: GoldRelation) -> list[tuple[Node, Node]]:
        """System (subject, object) pairs, as stored, that realise a gold relation."""
        subjects = matches[rel.subject]
        found = []
        for s, o in sg.edges[rel.predicate]:
            forward = s in subjects and object_ok(o, rel.object)
            backward = (rel.predicate in SYMMETRIC and rel.object is not None
                        and o in subjects and s in matches[rel.object])  # fmt: skip
            if forward or backward:
                found.append((s, o))
        return found

    for rel in gold.relations:
        pairs = pairs_for(rel)
        if not pairs:
            score.missed.append(f"{rel.subject} {rel.predicate} {rel.object}")
            continue
        score.rel_tp += 1
        if rel.date is not None:
            score.date_gold += 1
            dates = {v for s, o in pairs for v in sg.statement_values(s, rel.predicate, o, "date")}
            score.date_ok += any(str(d)[:10] == rel.date for d in dates if isinstance(d, Literal))
        if rel.place is not None:
            score.place_gold += 1
            places = {
                v for s, o in pairs for v in sg.statement_values(s, rel.predicate, o, "place")
            }
            score.place_ok += bool(places & matches[rel.place])

    gold_by_predicate: dict[str, list[GoldRelation]] = defaultdict(list)
    for rel in gold.relations:
        gold_by_predicate[rel.predicate].append(rel)
    for predicate in PREDICATES:
        for s, o in sg.edges[predicate]:
            if s not in here_set:
                continue
            score.rel_sys += 1
            if any(_edge_ok(predicate, s, o, rel, matches, object_ok)
                   for rel in gold_by_predicate[predicate]):  # fmt: skip
                score.rel_sys_ok += 1
            else:
                score.spurious.append(
                    f"{_first(sg.names(s), s)} {predicate} {_first(sg.names(o), o)}"
                )
    return score


def _edge_ok(predicate, s, o, rel: GoldRelation, matches, object_ok) -> bool:
    if s in matches[rel.subject] and object_ok(o, rel.object):
        return True
    return (predicate in SYMMETRIC and rel.object is not None
            and o in matches[rel.subject] and s in matches[rel.object])  # fmt: skip


def _occurs(name: str, text: str) -> bool:
    return bool(name) and re.search(r"\b" + re.escape(name) + r"\b", text) is not None


def _first(names: Iterable[str], node: Node) -> str:
    ordered = sorted(names)
    return ordered[0] if ordered else str(node)


# --- entry points ----------------------------------------------------------------------------


def with_ontology(graph: Graph) -> Graph:
    """The graph plus the bundled ontology, whose rdfs:subClassOf gives the class hierarchy."""
    from kgraph.resources import ontology_path

    path = ontology_path("kgraph.ttl")
    if not path.is_file():
        return graph
    combined = Graph()
    combined += graph
    combined += load_graph(path)
    return combined


def evaluate_graph(graph: Graph, golds: Sequence[GoldDocument]) -> Report:
    """Score every gold document against one graph (the graph already holds the ontology)."""
    sg = ScoredGraph(graph)
    return Report({gold.doc: score_document(sg, gold, gold.text()) for gold in golds})


def evaluate(gold_paths: Sequence[str | Path], graph_path: str | Path | None = None) -> Report:
    """Score gold files against `graph_path`, or build each gold file's article on its own."""
    if not gold_paths:
        raise InputError("give at least one gold file (*.gold.json)")
    golds = [read_gold(p) for p in gold_paths]
    if graph_path is not None:
        return evaluate_graph(with_ontology(load_graph(graph_path)), golds)
    per_document: dict[str, DocumentScore] = {}
    for gold in golds:
        if not gold.doc_path.is_file():
            raise InputError(
                f"{gold.path}: its article {gold.doc!r} is not next to it; "
                "put it there or pass --graph"
            )
        graph = with_ontology(_build(gold.doc_path))
        per_document[gold.doc] = score_document(ScoredGraph(graph), gold, gold.text())
    return Report(per_document)


def _build(article: Path) -> Graph:
    try:
        from kgraph.pipeline import build_graph
    except ModuleNotFoundError as err:
        if err.name != "kgraph.pipeline":
            raise  # a broken install, not a missing pipeline: let it show
        raise KGraphError(
            "building on the fly needs kgraph.pipeline, which this install lacks; "
            "pass --graph FILE instead"
        ) from err
    return build_graph([article])


__all__ = [
    "GoldDocument",
    "Report",
    "ScoredGraph",
    "evaluate",
    "evaluate_graph",
    "normalise",
    "read_gold",
    "score_document",
]
