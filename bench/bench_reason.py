"""Time OWL reasoning (owlready2 + HermiT) and SHACL validation on the example article's graph
and on synthetic graphs that follow the RDF contract.

usage: .venv/bin/python bench/bench_reason.py [--sizes 100,1000,10000] [--no-example]
       [--no-shacl] [--repeat 1]

Each synthetic graph has N entities of the ten contract classes (places nested city -> region
-> country so kg:locatedIn chains), N/10 events with parties, about N relation edges each
backed by a statement and a sentence, and N/20 documents. Prints one row per graph.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kgraph.model import ENTITY_CLASSES

KG = Namespace("https://w3id.org/kgraph/ontology#")
KGR = Namespace("https://w3id.org/kgraph/resource/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
ACTOR_CLASSES = tuple(c for c in ENTITY_CLASSES if c not in ("City", "Region"))
EVENT_CLASSES = ("CeasefireAgreement", "Agreement", "Talks", "MilitaryOperation", "Withdrawal")
# predicate -> (subject kind, object kind); kinds: actor, place, event
RELATIONS = {
    "mediated": ("actor", "event"),
    "agreedToCeasefire": ("actor", "actor"),
    "agreedToDisband": ("actor", "event"),
    "agreedToWithdraw": ("actor", "place"),
    "deniesPresence": ("actor", "place"),
    "holdsTalksWith": ("actor", "actor"),
    "attacked": ("actor", "actor"),
    "launchedOperationAgainst": ("actor", "actor"),
    "signedAgreementWith": ("actor", "actor"),
    "deployedIn": ("actor", "place"),
    "controls": ("actor", "place"),
    "accused": ("actor", "actor"),
    "supports": ("actor", "event"),
}


def synthetic_graph(n_entities: int, seed: int = 0) -> Graph:
    """A contract-shaped graph with `n_entities` entities (deterministic for a seed)."""
    rng = random.Random(seed)
    g = Graph()
    n_docs = max(1, n_entities // 20)
    docs = [KGR[f"document/d{i}"] for i in range(n_docs)]
    sentences: list[URIRef] = []
    for i, doc in enumerate(docs):
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, DCTERMS.identifier, Literal(f"d{i}")))
        g.add((doc, DCTERMS.title, Literal(f"Synthetic article {i}")))
        g.add((doc, DCTERMS.issued, Literal(f"2024-01-{1 + i % 28:02d}", datatype=XSD.date)))
        g.add((doc, KG.contentHash, Literal(hashlib.sha256(str(i).encode()).hexdigest())))
        for j in range(25):
            sent = KGR[f"sentence/d{i}-{j}"]
            sentences.append(sent)
            g.add((sent, RDF.type, KG.Sentence))
            g.add((sent, KG.text, Literal(f"Sentence {j} of synthetic article {i}.")))
            g.add((sent, KG.charStart, Literal(j * 40)))
            g.add((sent, KG.charEnd, Literal(j * 40 + 38)))
            g.add((sent, DCTERMS.isPartOf, doc))

    n_countries = max(3, n_entities // 20)
    n_regions = max(3, n_entities // 10)
    n_cities = max(3, n_entities // 5)
    n_actors = max(4, n_entities - n_countries - n_regions - n_cities)
    countries = [_entity(g, f"country{i}", "Country", rng, docs) for i in range(n_countries)]
    regions = [_entity(g, f"region{i}", "Region", rng, docs) for i in range(n_regions)]
    cities = [_entity(g, f"city{i}", "City", rng, docs) for i in range(n_cities)]
    actors = countries + [
        _entity(g, f"actor{i}", ACTOR_CLASSES[1 + i % (len(ACTOR_CLASSES) - 1)], rng, docs)
        for i in range(n_actors)
    ]
    for i, city in enumerate(cities):
        g.add((city, OWL.sameAs, URIRef(f"https://sws.geonames.org/{100000 + i}/")))
        geometry = KGR[f"geometry/city{i}"]
        g.add((city, GEO.hasGeometry, geometry))
        g.add((geometry, RDF.type, GEO.Geometry))
        point = f"POINT({rng.uniform(-180, 180):.4f} {rng.uniform(-90, 90):.4f})"
        g.add((geometry, GEO.asWKT, Literal(point, datatype=GEO.wktLiteral)))
    places = countries + regions + cities

    n_events = max(2, n_entities // 10)
    events = []
    for i in range(n_events):
        event = KGR[f"event/e{i}"]
        events.append(event)
        g.add((event, RDF.type, KG[EVENT_CLASSES[i % len(EVENT_CLASSES)]]))
        g.add((event, RDFS.label, Literal(f"event {i}")))
        for party in rng.sample(actors, 2):
            g.add((event, KG.party, party))
        g.add((event, KG.date, Literal(f"2024-02-{1 + i % 28:02d}", datatype=XSD.date)))
        g.add((event, KG.place, rng.choice(places)))
        g.add((event, PROV.wasDerivedFrom, rng.choice(sentences)))

    pools = {"actor": actors, "place": places, "event": events}
    edges = [(c, KG.locatedIn, rng.choice(regions)) for c in cities]
    edges += [(r, KG.locatedIn, rng.choice(countries)) for r in regions]
    names = sorted(RELATIONS)
    while len(edges) < n_entities:
        name = rng.choice(names)
        subject_kind, object_kind = RELATIONS[name]
        s, o = rng.choice(pools[subject_kind]), rng.choice(pools[object_kind])
        if s != o:
            edges.append((s, KG[name], o))
    for k, (s, p, o) in enumerate(edges):
        negative = p == KG.deniesPresence
        _statement(g, k, s, p, o, rng.choice(sentences), negative)
    return g


def _entity(g: Graph, slug: str, cls: str, rng: random.Random, docs: list) -> URIRef:
    node = KGR[f"entity/{slug}"]
    g.add((node, RDF.type, KG[cls]))
    g.add((node, RDFS.label, Literal(slug.title())))
    g.add((node, SKOS.altLabel, Literal(slug)))
    g.add((node, KG.mentionedIn, rng.choice(docs)))
    return node


def _statement(g: Graph, k: int, s, p, o, sentence, negative: bool) -> None:
    g.add((s, p, o))
    st = KGR[f"statement/s{k}"]
    g.add((st, RDF.type, KG.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    g.add((st, KG.polarity, Literal("negative" if negative else "positive")))
    g.add((st, KG.confidence, Literal(Decimal("0.7"), datatype=XSD.decimal)))
    g.add((st, KG.date, Literal("2024-02-03T09:00:00Z", datatype=XSD.dateTime)))
    g.add((st, KG.evidenceStart, Literal(3)))
    g.add((st, KG.evidenceEnd, Literal(9)))
    g.add((st, PROV.wasDerivedFrom, sentence))


def example_graph() -> Graph:
    from kgraph.pipeline import build_graph
    from kgraph.resources import example_path

    return build_graph([example_path()])


def _entities(graph: Graph) -> int:
    classes = {KG[c] for c in ACTOR_CLASSES} | {KG.City, KG.Region}
    return len({s for s, o in graph.subject_objects(RDF.type) if o in classes})


def _time(fn, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--no-example", action="store_true")
    parser.add_argument("--no-shacl", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    args = parser.parse_args(argv)

    from kgraph.reason import reason
    from kgraph.validate import validate_shacl

    graphs: list[tuple[str, Graph]] = []
    if not args.no_example:
        graphs.append(("example article", example_graph()))
    for size in (int(s) for s in args.sizes.split(",") if s):
        graphs.append((f"synthetic {size}", synthetic_graph(size)))

    header = f"{'graph':18} {'entities':>8} {'triples':>8} {'HermiT s':>9} {'inferred':>9}"
    header += "" if args.no_shacl else f" {'SHACL s':>8} {'conforms':>8}"
    print(header)
    print("-" * len(header))
    for name, graph in graphs:
        seconds, inferred = _time(lambda g=graph: reason(g), args.repeat)
        row = f"{name:18} {_entities(graph):>8} {len(graph):>8} {seconds:>9.2f} {len(inferred):>9}"
        if not args.no_shacl:
            shacl_s, report = _time(lambda g=graph: validate_shacl(g), args.repeat)
            row += f" {shacl_s:>8.2f} {str(report.conforms):>8}"
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
