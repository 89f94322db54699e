"""Hand-made graphs that follow the RDF contract, for the HTML view's tests (no tests here).

Two articles, eight entities, two events; our own sentences. `xss_graph` puts markup payloads
in every place article text reaches the page.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/kgraph/ontology#")
KGR = Namespace("https://w3id.org/kgraph/resource/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

DOC_A = KGR["document/a"]
DOC_B = KGR["document/b"]
FREEDONIA = KGR["entity/freedonia-00000001"]
SYLVANIA = KGR["entity/sylvania-00000002"]
FRONT = KGR["entity/valley-front-00000003"]
HELMETS = KGR["entity/blue-helmets-00000004"]
VALLEY = KGR["entity/the-valley-00000005"]
PORT = KGR["entity/port-city-00000006"]
ARMY = KGR["entity/freedonian-army-00000007"]
ANN = KGR["entity/ann-example-00000008"]
TRUCE = KGR["event/truce-0001"]
TALKS = KGR["event/talks-0002"]

SENTENCES = {
    "a-0": (
        DOC_A,
        0,
        "The truce between the Front and Freedonia was brokered by Blue Helmets.",
    ),
    "a-1": (DOC_A, 80, "Freedonia's army began an offensive against the Front on Friday."),
    "a-2": (DOC_A, 150, "Sylvania says none of its soldiers are in the Valley."),
    "b-0": (DOC_B, 0, "The Front and Freedonia held talks in Port City on Tuesday."),
    "b-1": (DOC_B, 70, "Ann Example backed the Front in a speech."),
}

NODE_COUNT = 10
# 7 relation edges (the two-way agreedToCeasefire is one edge) + 4 party links + 3 place links
# (the talks, and the subjects of the two statements with a place) + 1 belongsTo (the army)
EDGE_COUNT = 15


def _sentence(g: Graph, key: str) -> URIRef:
    doc, start, text = SENTENCES[key]
    node = KGR[f"sentence/{key}"]
    g.add((node, RDF.type, KG.Sentence))
    g.add((node, KG.text, Literal(text)))
    g.add((node, KG.charStart, Literal(start)))
    g.add((node, KG.charEnd, Literal(start + len(text))))
    g.add((node, DCTERMS.isPartOf, doc))
    return node


def _statement(g, name, s, p, o, sentence, phrase, *, date=None, polarity="positive", **extra):
    st = KGR[f"statement/{name}"]
    doc, start, text = SENTENCES[sentence]
    g.add((st, RDF.type, KG.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    g.add((st, PROV.wasDerivedFrom, _sentence(g, sentence)))
    if phrase:
        offset = text.index(phrase)
        g.add((st, KG.evidenceStart, Literal(start + offset)))
        g.add((st, KG.evidenceEnd, Literal(start + offset + len(phrase))))
    if date:
        kind = XSD.dateTime if "T" in date else XSD.date
        g.add((st, KG.date, Literal(date, datatype=kind)))
    g.add((st, KG.polarity, Literal(polarity)))
    g.add((st, KG.confidence, Literal("0.8", datatype=XSD.decimal)))
    for key, value in extra.items():
        g.add((st, KG[key], value))
    return st


def _entity(g, node, cls, label, *alts, doc=DOC_A):
    g.add((node, RDF.type, KG[cls]))
    g.add((node, RDFS.label, Literal(label)))
    for alt in (label, *alts):
        g.add((node, SKOS.altLabel, Literal(alt)))
    g.add((node, KG.mentionedIn, doc))


def contract_graph() -> Graph:
    g = Graph()
    for doc, ident, title, issued in (
        (DOC_A, "a", "Truce reached in the valley", "2024-03-02"),
        (DOC_B, "b", "Talks resume in Port City", "2024-03-05"),
    ):
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, DCTERMS.title, Literal(title)))
        g.add((doc, DCTERMS.source, Literal("Example Wire")))
        g.add((doc, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
        g.add((doc, DCTERMS.identifier, Literal(ident)))
    _entity(g, FREEDONIA, "Country", "Freedonia", "Freedonian side")
    g.add((FREEDONIA, OWL.sameAs, URIRef("https://sws.geonames.org/1234567/")))
    _entity(g, SYLVANIA, "Country", "Sylvania")
    _entity(g, FRONT, "ArmedGroup", "Valley Front", "the Front")
    _entity(g, HELMETS, "PeacekeepingForce", "Blue Helmets")
    _entity(g, VALLEY, "Region", "the Valley")
    _entity(g, PORT, "City", "Port City", doc=DOC_B)
    g.add((PORT, OWL.sameAs, URIRef("https://sws.geonames.org/7654321/")))
    g.add((PORT, GEO.hasGeometry, KGR["geometry/port-city"]))
    g.add((KGR["geometry/port-city"], RDF.type, GEO.Geometry))
    g.add((KGR["geometry/port-city"], GEO.asWKT, Literal("POINT(10.5 20.25)")))
    _entity(g, ARMY, "MilitaryForce", "Freedonian army", "Freedonia's army")
    g.add((ARMY, KG.belongsTo, FREEDONIA))
    _entity(g, ANN, "Person", "Ann Example", doc=DOC_B)

    g.add((TRUCE, RDF.type, KG.CeasefireAgreement))
    g.add((TRUCE, RDFS.label, Literal("truce")))
    g.add((TRUCE, KG.date, Literal("2024-03-02", datatype=XSD.date)))
    g.add((TRUCE, PROV.wasDerivedFrom, _sentence(g, "a-0")))
    g.add((TALKS, RDF.type, KG.Talks))
    g.add((TALKS, RDFS.label, Literal("Port City talks")))
    g.add((TALKS, KG.date, Literal("2024-03-05", datatype=XSD.date)))
    g.add((TALKS, KG.place, PORT))
    g.add((TALKS, PROV.wasDerivedFrom, _sentence(g, "b-0")))
    for event, party in ((TRUCE, FRONT), (TRUCE, FREEDONIA), (TALKS, FRONT), (TALKS, FREEDONIA)):
        g.add((event, KG.party, party))

    g.add((HELMETS, KG.mediated, TRUCE))
    _statement(
        g,
        "m1",
        HELMETS,
        KG.mediated,
        TRUCE,
        "a-0",
        "brokered",
        date="2024-03-02T09:00:00Z",
        dateText=Literal("early on 2 March"),
    )
    g.add((FRONT, KG.agreedToCeasefire, FREEDONIA))
    g.add((FREEDONIA, KG.agreedToCeasefire, FRONT))
    _statement(g, "c1", FRONT, KG.agreedToCeasefire, FREEDONIA, "a-0", "truce", date="2024-03-02")
    _statement(g, "c2", FREEDONIA, KG.agreedToCeasefire, FRONT, "a-0", "truce", date="2024-03-02")
    g.add((ARMY, KG.launchedOperationAgainst, FRONT))
    _statement(
        g,
        "o1",
        ARMY,
        KG.launchedOperationAgainst,
        FRONT,
        "a-1",
        "began an offensive",
        date="2024-03-01",
        place=VALLEY,
    )
    g.add((SYLVANIA, KG.deniesPresence, VALLEY))
    _statement(
        g,
        "d1",
        SYLVANIA,
        KG.deniesPresence,
        VALLEY,
        "a-2",
        "none of its soldiers",
        polarity="negative",
        attributedTo=SYLVANIA,
    )
    g.add((FRONT, KG.holdsTalksWith, FREEDONIA))
    _statement(
        g,
        "t1",
        FRONT,
        KG.holdsTalksWith,
        FREEDONIA,
        "b-0",
        "held talks",
        date="2024-03-05",
        place=PORT,
    )
    g.add((ANN, KG.supports, FRONT))
    _statement(g, "s1", ANN, KG.supports, FRONT, "b-1", "backed", date="2024-03-05")
    g.add((VALLEY, KG.locatedIn, FREEDONIA))
    # A negated claim: the text says it did not happen, so there is no direct edge to draw.
    _statement(g, "n1", FREEDONIA, KG.attacked, SYLVANIA, "a-2", None, polarity="negative")
    return g


PAYLOADS = (
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    "</script><script>window.__pwned=3</script>",
    '"><svg onload="window.__pwned=4">',
    "javascript:window.__pwned=5",
)


def xss_graph() -> Graph:
    """The contract graph with markup payloads in labels, names, text, titles and links."""
    g = contract_graph()
    evil = " | ".join(PAYLOADS)
    g.set((FREEDONIA, RDFS.label, Literal(f"Freedonia {PAYLOADS[0]}")))
    g.add((FREEDONIA, SKOS.altLabel, Literal(PAYLOADS[1])))
    g.add((FREEDONIA, OWL.sameAs, URIRef("javascript:window.__pwned=6")))
    g.set((TRUCE, RDFS.label, Literal(f"truce {PAYLOADS[2]}")))
    g.set((KGR["sentence/a-0"], KG.text, Literal(SENTENCES["a-0"][2] + " " + evil)))
    g.set((DOC_A, DCTERMS.title, Literal(f"Title {PAYLOADS[3]}")))
    g.set((DOC_A, DCTERMS.source, Literal(PAYLOADS[4])))
    g.set((KGR["statement/m1"], KG.dateText, Literal(PAYLOADS[0])))
    g.set((ANN, RDFS.label, Literal(PAYLOADS[3])))
    return g
