"""Generate a deterministic, contract-shaped synthetic graph: N-Quads, one graph per article.

    python bench/gen_graph.py --triples 1000000 --out /tmp/kg-1m.nq

Articles mention actors drawn (Zipf-like) from a shared pool, so the same actor accumulates
statements across many articles, denials sometimes contradict assertions, and the bundled
queries have real work to do. Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from kgraph.model import ENTITY_CLASSES, EVENT_CLASSES, PREDICATES

KG = "https://w3id.org/kgraph/ontology#"
KGR = "https://w3id.org/kgraph/resource/"
GRAPH = KGR + "graph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
OWL = "http://www.w3.org/2002/07/owl#"
GEO = "http://www.opengis.net/ont/geosparql#"

PLACE_CLASSES = ("Country", "City", "Region")
SYLLABLES = (
    "ka",
    "ra",
    "bad",
    "zan",
    "mor",
    "vel",
    "tis",
    "lun",
    "dor",
    "ash",
    "qui",
    "pel",
    "ro",
    "sen",
    "var",
    "eth",
    "nal",
    "gor",
    "mi",
    "tan",
)
WORDS = (
    "talks",
    "ceasefire",
    "forces",
    "agreed",
    "withdraw",
    "region",
    "officials",
    "said",
    "peacekeepers",
    "border",
    "statement",
    "ministry",
    "meeting",
    "mediated",
    "troops",
)


def _h(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8]


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class _Pool:
    """The shared actors and places, chosen with Zipf-like weights."""

    def __init__(self, rng: random.Random, size: int):
        self.entities = []
        for i in range(size):
            name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
            cls = ENTITY_CLASSES[i % len(ENTITY_CLASSES)]
            iri = f"{KGR}entity/{name.lower()}-{_h(name, i)}"
            self.entities.append((iri, name, cls, i))
        self.weights = [1.0 / (rank + 1) for rank in range(size)]
        self.places = [e for e in self.entities if e[2] in PLACE_CLASSES]
        self.place_weights = [1.0 / (rank + 1) for rank in range(len(self.places))]

    def pick(self, rng: random.Random, k: int):
        return rng.choices(self.entities, self.weights, k=k)

    def place(self, rng: random.Random):
        return rng.choices(self.places, self.place_weights, k=1)[0]


def article_quads(n: int, rng: random.Random, pool: _Pool) -> Iterator[str]:
    doc_id = f"d{n:07d}"
    g = f"<{GRAPH}{doc_id}>"
    doc = f"<{KGR}document/{doc_id}>"
    day = f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}"

    def q(s: str, p: str, o: str) -> str:
        return f"{s} <{p}> {o} {g} .\n"

    yield q(doc, RDF + "type", f"<{KG}Document>")
    yield q(doc, DCT + "title", _lit(f"Report {n}: " + " ".join(rng.choices(WORDS, k=5))))
    yield q(doc, DCT + "source", _lit(f"wire-{n % 7}"))
    yield q(doc, DCT + "issued", _typed(day, "date"))
    yield q(doc, DCT + "identifier", _lit(doc_id))
    yield q(doc, KG + "contentHash", _lit(hashlib.sha256(doc_id.encode()).hexdigest()))

    sentences = []
    offset = 0
    for index in range(rng.randint(4, 8)):
        text = " ".join(rng.choices(WORDS, k=rng.randint(8, 20))).capitalize() + "."
        s = f"<{KGR}sentence/{doc_id}-{index}>"
        sentences.append((s, offset))
        yield q(s, RDF + "type", f"<{KG}Sentence>")
        yield q(s, KG + "text", _lit(text))
        yield q(s, KG + "charStart", _typed(offset, "integer"))
        yield q(s, KG + "charEnd", _typed(offset + len(text), "integer"))
        yield q(s, DCT + "isPartOf", doc)
        offset += len(text) + 1

    actors = {e[0]: e for e in pool.pick(rng, rng.randint(4, 8))}
    while len(actors) < 3:  # heavy Zipf heads can repeat; every article needs a few actors
        entity = pool.pick(rng, 1)[0]
        actors[entity[0]] = entity
    for iri, name, cls, i in actors.values():
        e = f"<{iri}>"
        yield q(e, RDF + "type", f"<{KG}{cls}>")
        yield q(e, RDFS + "label", _lit(name))
        yield q(e, SKOS + "altLabel", _lit(name))
        yield q(e, KG + "mentionedIn", doc)
        if cls in PLACE_CLASSES:
            geom = f"<{KGR}geometry/{name.lower()}-{_h(name, i)}>"
            yield q(e, OWL + "sameAs", f"<https://sws.geonames.org/{100000 + i}/>")
            yield q(e, GEO + "hasGeometry", geom)
            yield q(geom, RDF + "type", f"<{GEO}Geometry>")
            wkt = f"POINT({(i * 7) % 180 - 90}.5 {(i * 3) % 90}.25)"
            yield q(geom, GEO + "asWKT", f'"{wkt}"^^<{GEO}wktLiteral>')
    actor_list = list(actors.values())

    event = f"<{KGR}event/{_h(doc_id, 'event')}>"
    yield q(event, RDF + "type", f"<{KG}{rng.choice(EVENT_CLASSES)}>")
    yield q(event, RDFS + "label", _lit("ceasefire agreement"))
    for party in rng.sample(actor_list, 2):
        yield q(event, KG + "party", f"<{party[0]}>")
    yield q(event, KG + "date", _typed(day, "date"))
    yield q(event, KG + "place", f"<{pool.place(rng)[0]}>")
    yield q(event, PROV + "wasDerivedFrom", sentences[0][0])

    for r in range(rng.randint(3, 8)):
        subject, obj = rng.sample(actor_list, 2)
        predicate = rng.choice(PREDICATES)
        target = event if predicate == "mediated" else f"<{obj[0]}>"
        negative = rng.random() < 0.2
        if not negative or predicate in ("denies", "deniesPresence"):
            yield q(f"<{subject[0]}>", KG + predicate, target)
        sentence, start = rng.choice(sentences)
        st = f"<{KGR}statement/{_h(doc_id, r)}>"
        yield q(st, RDF + "type", f"<{KG}Statement>")
        yield q(st, RDF + "subject", f"<{subject[0]}>")
        yield q(st, RDF + "predicate", f"<{KG}{predicate}>")
        yield q(st, RDF + "object", target)
        yield q(st, KG + "date", _typed(f"{day}T09:00:00Z", "dateTime"))
        yield q(st, KG + "dateText", _lit(f"on {day}"))
        yield q(st, KG + "place", f"<{pool.place(rng)[0]}>")
        yield q(st, KG + "attributedTo", f"<{rng.choice(actor_list)[0]}>")
        yield q(st, KG + "polarity", _lit("negative" if negative else "positive"))
        yield q(st, KG + "confidence", _typed(f"0.{rng.randint(5, 9)}", "decimal"))
        yield q(st, KG + "evidenceStart", _typed(start + 3, "integer"))
        yield q(st, KG + "evidenceEnd", _typed(start + 20, "integer"))
        yield q(st, PROV + "wasDerivedFrom", sentence)


def generate(triples: int, seed: int = 7, pool_size: int | None = None) -> Iterator[str]:
    """N-Quads lines, whole articles, until at least `triples` lines were produced."""
    rng = random.Random(seed)
    pool = _Pool(rng, pool_size or max(200, triples // 500))
    produced = n = 0
    while produced < triples:
        for line in article_quads(n, rng, pool):
            produced += 1
            yield line
        n += 1


def write(path: Path, triples: int, seed: int = 7) -> int:
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        buffer = []
        for line in generate(triples, seed):
            buffer.append(line)
            if len(buffer) >= 50_000:
                out.writelines(buffer)
                count += len(buffer)
                buffer = []
        out.writelines(buffer)
        count += len(buffer)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True, help="N-Quads file to write")
    args = parser.parse_args()
    started = time.perf_counter()
    count = write(args.out, args.triples, args.seed)
    print(f"{count} quads -> {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
