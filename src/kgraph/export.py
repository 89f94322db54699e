"""Export a graph for other tools: RDF serialisations, and GraphML for Gephi.

GraphML keeps what a network tool can draw: entities and events become nodes (label, class),
contract relations become edges labelled with the property's English label, and events link
to their parties (kg:party) and places (kg:place).
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef

from kgraph.atomic import atomic_write_bytes
from kgraph.errors import InputError
from kgraph.graphio import FORMATS, KG, union_graph, write_graph
from kgraph.model import EVENT_CLASSES as MODEL_EVENT_CLASSES
from kgraph.model import PREDICATES

ENTITY_CLASSES = (
    "Country", "Government", "ArmedGroup", "MilitaryForce", "PeacekeepingForce",
    "InternationalOrganization", "Organization", "Person", "City", "Region",
)  # fmt: skip
EVENT_CLASSES = ("Event", *MODEL_EVENT_CLASSES)
# Links from an event to the actors and places taking part; drawn as edges too.
ROLE_PREDICATES = ("party", "place")


def export_graph(graph: Graph | Dataset, path: str | Path, fmt: str) -> Path:
    """Write `graph` to `path` in one of FORMATS, atomically."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if fmt == "graphml":
        path = Path(path)
        atomic_write_bytes(path, graphml_bytes(graph))
        return path
    return write_graph(graph, path, fmt)


def to_networkx(graph: Graph | Dataset) -> nx.MultiDiGraph:
    """Entities and events as nodes, relations and roles as labelled edges."""
    if isinstance(graph, Dataset):
        graph = union_graph(graph)
    labels = _property_labels(graph)
    net = nx.MultiDiGraph()
    for node, cls, kind in sorted(_typed_nodes(graph)):
        net.add_node(
            str(node), label=_label(graph, node), **{"class": cls}, kind=kind, iri=str(node)
        )
    edges = []
    for name in PREDICATES + ROLE_PREDICATES:
        for s, o in graph.subject_objects(KG[name]):
            if name in ROLE_PREDICATES and str(s) not in net:
                continue  # a statement's kg:place is provenance, not a network edge
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                edges.append((str(s), str(o), name))
    for s, o, name in sorted(edges):
        for node in (s, o):
            if node not in net:
                ref = URIRef(node)
                net.add_node(
                    node, label=_label(graph, ref), **{"class": ""}, kind="other", iri=node
                )
        net.add_edge(s, o, key=name, label=labels[name], predicate=str(KG[name]))
    return net


def graphml_bytes(graph: Graph | Dataset) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _typed_nodes(graph: Graph) -> set[tuple[URIRef, str, str]]:
    found: dict[URIRef, tuple[str, str]] = {}
    for kind, classes in (("event", EVENT_CLASSES), ("entity", ENTITY_CLASSES)):
        for cls in classes:
            for node in graph.subjects(RDF.type, KG[cls]):
                if isinstance(node, URIRef):
                    # The most specific class wins: later tuples and later names are narrower.
                    found[node] = (cls, kind)
    return {(node, cls, kind) for node, (cls, kind) in found.items()}


def _label(graph: Graph, node: URIRef) -> str:
    labels = sorted(str(o) for o in graph.objects(node, RDFS.label) if isinstance(o, Literal))
    if labels:
        return labels[0]
    return re.split(r"[/#]", str(node).rstrip("/"))[-1]


def _property_labels(graph: Graph) -> dict[str, str]:
    """English labels: from the graph, else the bundled ontology, else from the name."""
    out = {}
    ontology = _ontology()
    for name in PREDICATES + ROLE_PREDICATES:
        english = _english_labels(graph, KG[name]) or _english_labels(ontology, KG[name])
        out[name] = english[0] if english else _words(name)
    return out


def _english_labels(graph: Graph, term: URIRef) -> list[str]:
    return sorted(
        str(o)
        for o in graph.objects(term, RDFS.label)
        if isinstance(o, Literal) and o.language in (None, "en")
    )


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    from kgraph.resources import ontology_path

    path = ontology_path("kgraph.ttl")
    graph = Graph()
    if path.is_file():
        try:
            graph.parse(path, format="turtle")
        except Exception:  # a broken ontology must not stop an export; names still work
            return Graph()
    return graph


def _words(camel: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", camel).lower()


__all__ = ["export_graph", "graphml_bytes", "to_networkx"]
