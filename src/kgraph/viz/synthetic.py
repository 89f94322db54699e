"""Synthetic graphs that follow the kgraph RDF contract, for benchmarks and browser tests.

Shaped like a news corpus: a few hubs (countries, big organisations) many actors attach to,
events with their parties, statements with sentences, dates, places and some denials.
"""

from __future__ import annotations

import datetime as dt
import random

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kgraph.viz.terms import ENTITY_CLASSES, EVENT_CLASSES, KG, KGR, RELATIONS

_EVENTS = [c for c in EVENT_CLASSES if c != "Event"]
_ACTOR_RELATIONS = [r for r in RELATIONS if r not in ("deniesPresence", "denies")]


def synthetic_graph(n_nodes: int, *, seed: int = 0, edges_per_node: float = 1.5) -> Graph:
    """A contract graph with exactly `n_nodes` entity and event nodes."""
    rng = random.Random(seed)
    g = Graph()
    n_docs = max(1, n_nodes // 25)
    start = dt.date(2023, 1, 1)
    docs = []
    for d in range(n_docs):
        doc = KGR[f"document/doc{d}"]
        issued = start + dt.timedelta(days=rng.randrange(365))
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, DCTERMS.title, Literal(f"Synthetic article {d}")))
        g.add((doc, DCTERMS.source, Literal("synthetic")))
        g.add((doc, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
        g.add((doc, DCTERMS.identifier, Literal(f"doc{d}")))
        docs.append((doc, issued))
    sentence_count = 0

    def sentence(text: str) -> tuple:
        nonlocal sentence_count
        doc, issued = docs[rng.randrange(n_docs)]
        node = KGR[f"sentence/s{sentence_count}"]
        offset = sentence_count * 200
        sentence_count += 1
        g.add((node, RDF.type, KG.Sentence))
        g.add((node, KG.text, Literal(text)))
        g.add((node, KG.charStart, Literal(offset)))
        g.add((node, KG.charEnd, Literal(offset + len(text))))
        g.add((node, DCTERMS.isPartOf, doc))
        return node, offset, doc, issued

    n_events = max(1, n_nodes * 15 // 100) if n_nodes > 3 else 0
    entities, events = [], []
    for i in range(n_nodes - n_events):
        cls = ENTITY_CLASSES[rng.randrange(len(ENTITY_CLASSES))]
        node = KGR[f"entity/e{i}"]
        g.add((node, RDF.type, KG[cls]))
        g.add((node, RDFS.label, Literal(f"{cls} {i}")))
        g.add((node, SKOS.altLabel, Literal(f"{cls} {i}")))
        g.add((node, SKOS.altLabel, Literal(f"the {cls.lower()} number {i}")))
        g.add((node, KG.mentionedIn, docs[rng.randrange(n_docs)][0]))
        entities.append(node)
    for i in range(n_events):
        cls = _EVENTS[rng.randrange(len(_EVENTS))]
        node = KGR[f"event/v{i}"]
        sent, _, _, issued = sentence(f"Event {i} of type {cls} was reported.")
        g.add((node, RDF.type, KG[cls]))
        g.add((node, RDFS.label, Literal(f"{cls} {i}")))
        g.add((node, KG.date, Literal(issued.isoformat(), datatype=XSD.date)))
        g.add((node, PROV.wasDerivedFrom, sent))
        for party in rng.sample(entities, k=min(2, len(entities))):
            g.add((node, KG.party, party))
        events.append(node)

    # Preferential attachment: early entities become hubs, as countries do in the news.
    weights = [1.0 / (i + 1) ** 0.7 for i in range(len(entities))]
    n_relations = int(n_nodes * edges_per_node) - 2 * n_events
    for r in range(max(0, n_relations)):
        subject = rng.choices(entities, weights)[0] if entities else events[0]
        predicate = rng.choice(_ACTOR_RELATIONS) if rng.random() > 0.05 else "deniesPresence"
        target_pool = events if predicate == "mediated" and events else entities
        obj = rng.choice(target_pool)
        if obj == subject:
            continue
        g.add((subject, KG[predicate], obj))
        text = f"Actor {r} said that one side {predicate} the other on that day."
        sent, offset, _, issued = sentence(text)
        statement = KGR[f"statement/st{r}"]
        g.add((statement, RDF.type, KG.Statement))
        g.add((statement, RDF.subject, subject))
        g.add((statement, RDF.predicate, KG[predicate]))
        g.add((statement, RDF.object, obj))
        g.add((statement, PROV.wasDerivedFrom, sent))
        g.add((statement, KG.evidenceStart, Literal(offset + 20)))
        g.add((statement, KG.evidenceEnd, Literal(offset + 29)))
        g.add((statement, KG.date, Literal(issued.isoformat(), datatype=XSD.date)))
        polarity = "negative" if predicate == "deniesPresence" else "positive"
        g.add((statement, KG.polarity, Literal(polarity)))
        g.add((statement, KG.confidence, Literal("0.8", datatype=XSD.decimal)))
    return g
