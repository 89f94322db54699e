"""Relation precision and recall per predicate, each article built on its own (as `kgraph
evaluate` does), printed as a Markdown table.

usage: python bench/bench_relations.py GOLD.json [GOLD.json ...]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

from kgraph.evaluate import (
    ScoredGraph,
    _build,
    normalise,
    read_gold,
    score_document,
    with_ontology,
)
from kgraph.model import PREDICATES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+")
    args = parser.parse_args(argv)
    gold_n: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    system: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for path in args.gold:
        gold = read_gold(path)
        graph = ScoredGraph(with_ontology(_build(gold.doc_path)))
        score = score_document(graph, gold, gold.text())
        gold_n.update(r.predicate for r in gold.relations)
        missed.update(line.split()[1] for line in score.missed)
        text = normalise(gold.text())
        here = {
            n
            for n in graph.entities
            if any(
                name and re.search(r"\b" + re.escape(name) + r"\b", text) for name in graph.names(n)
            )
        }
        for predicate in PREDICATES:
            system[predicate] += sum(1 for s, _ in graph.edges[predicate] if s in here)
        for line in score.spurious:
            spurious.update(w for w in line.split() if w in PREDICATES)
    print("| predicate | gold | found | recall | system edges | right | precision |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    totals = [0, 0, 0, 0]
    for predicate in sorted(set(gold_n) | {p for p in system if system[p]}):
        found = gold_n[predicate] - missed[predicate]
        right = system[predicate] - spurious[predicate]
        recall = found / gold_n[predicate] if gold_n[predicate] else 0.0
        precision = right / system[predicate] if system[predicate] else 0.0
        print(
            f"| {predicate} | {gold_n[predicate]} | {found} | {recall:.2f} | "
            f"{system[predicate]} | {right} | {precision:.2f} |"
        )
        for i, value in enumerate((gold_n[predicate], found, system[predicate], right)):
            totals[i] += value
    g, f, s, r = totals
    print(f"| all | {g} | {f} | {f / g:.2f} | {s} | {r} | {r / s:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
