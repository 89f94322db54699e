"""Count what an analyst would trip over in a corpus graph: generic labels, splits, events.

    python scripts/identity_report.py /tmp/corpus/graph.ttl [--gold ../shared/corpus/dev]

Prints the number of entities whose label is a bare common noun, the names held by more than
one node (compared in canonical form, kgraph.identity), people whose canonical surname and
given name are shared by several nodes, and the event nodes per class. With --gold, also the
gold entities split over several nodes inside one article, and how many actors named (and
found) in two or more articles are one node.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import SKOS

from kgraph.documents import read_inputs
from kgraph.evaluate import normalise
from kgraph.extract.resolve import is_generic_label
from kgraph.gazetteer import Gazetteer
from kgraph.identity import canonical_name, person_key
from kgraph.model import ENTITY_CLASSES, EVENT_CLASSES
from kgraph.rdf import document_iri
from kgraph.vocab import KG


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("--gold", type=Path, help="folder of NN_slug.txt + .gold.json files")
    args = parser.parse_args()
    graph = Graph().parse(args.graph)
    gazetteer = Gazetteer.load()
    nodes = {n for cls in ENTITY_CLASSES for n in graph.subjects(RDF.type, KG[cls])}
    labels = {n: str(graph.value(n, RDFS.label)) for n in nodes}
    generic = sorted(label for label in labels.values() if is_generic_label(label, gazetteer))
    by_name: dict[str, set] = defaultdict(set)
    people: dict[str, set] = defaultdict(set)
    for node, label in labels.items():
        by_name[canonical_name(label)].add(node)
        if (node, RDF.type, KG.Person) in graph:
            people[person_key(label)].add(node)
    splits = {name: len(n) for name, n in by_name.items() if len(n) > 1}
    events = {cls: len(set(graph.subjects(RDF.type, KG[cls]))) for cls in EVENT_CLASSES}
    print(f"entities: {len(nodes)}")
    print(f"generic-label entities: {len(generic)} {generic}")
    print(f"names on several nodes: {len(splits)} {sorted(splits)}")
    print(f"people on several nodes: {sum(len(v) > 1 for v in people.values())}")
    print("event nodes: " + ", ".join(f"{k} {v}" for k, v in events.items()))
    if args.gold:
        _gold_report(graph, nodes, args.gold)


def _gold_report(graph: Graph, nodes: set, folder: Path) -> None:
    docs = {
        Path(str(d.origin)).name: document_iri(d.doc_id)
        for d in read_inputs(sorted(folder.glob("*.txt")))
    }
    names = {
        n: {normalise(str(v)) for p in (RDFS.label, SKOS.altLabel) for v in graph.objects(n, p)}
        for n in nodes
    }
    found_in: dict[str, dict[str, set]] = defaultdict(dict)
    inside = []
    for path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc = docs.get(gold["doc"])
        for entity in gold["entities"]:
            wanted = {normalise(entity["label"])}
            hit = {n for n in nodes if names[n] & wanted and (n, KG.mentionedIn, doc) in graph}
            if hit:
                found_in[normalise(entity["label"])][gold["doc"]] = hit
            if len(hit) > 1:
                inside.append(f"{gold['doc'][:2]}:{entity['label']}")
    shared = {k: v for k, v in found_in.items() if len(v) >= 2}
    one = sum(len(set().union(*v.values())) == 1 for v in shared.values())
    print(f"gold entities split inside an article: {len(inside)} {inside}")
    print(f"actors named in 2+ articles that are one node: {one}/{len(shared)}")


if __name__ == "__main__":
    main()
