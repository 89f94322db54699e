"""Check a graph against the RDF contract's SHACL shapes (ontology/shapes.ttl) with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kgraph.errors import InputError
from kgraph.resources import ontology_path

_PREFIXES = (
    ("https://w3id.org/kgraph/resource/", "kgr:"),
    ("https://w3id.org/kgraph/ontology#", "kg:"),
    ("https://w3id.org/kgraph/shapes#", "kgsh:"),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
    ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
    ("http://www.w3.org/2002/07/owl#", "owl:"),
    ("http://www.w3.org/2001/XMLSchema#", "xsd:"),
    ("http://www.w3.org/ns/prov#", "prov:"),
    ("http://purl.org/dc/terms/", "dcterms:"),
    ("http://www.opengis.net/ont/geosparql#", "geo:"),
    ("http://www.w3.org/2004/02/skos/core#", "skos:"),
)


class Finding(NamedTuple):
    """One violation: the node that failed and what is wrong with it."""

    focus: str  # the focus node, shortened (kgr:entity/...)
    message: str  # "<path>: <message> (value ...) [shape]"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: list[Finding] = field(default_factory=list)

    def text(self, limit: int | None = None) -> str:
        """A report for people: one line per finding, sorted by focus node."""
        if self.conforms:
            return "conforms: the graph satisfies every shape"
        shown = self.results if limit is None else self.results[:limit]
        lines = [f"does not conform: {len(self.results)} violation(s)"]
        lines += [f"  {focus}  {message}" for focus, message in shown]
        if len(shown) < len(self.results):
            lines.append(f"  ... and {len(self.results) - len(shown)} more")
        return "\n".join(lines)


def shapes_graph(shapes: Graph | str | Path | None = None) -> Graph:
    """The shapes to use: a Graph as given, a Turtle file, or the bundled ontology/shapes.ttl."""
    if isinstance(shapes, Graph):
        return shapes
    path = Path(shapes) if shapes is not None else ontology_path("shapes.ttl")
    if not path.is_file():
        raise InputError(f"{path}: no such shapes file; pass a SHACL Turtle file to --shapes")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as err:  # rdflib's parsers raise many unrelated types
        detail = " ".join(str(err).split())[:200]
        raise InputError(f"{path}: not valid Turtle SHACL shapes: {detail}") from err


def validate_shacl(graph: Graph, shapes: Graph | str | Path | None = None) -> ValidationReport:
    """Validate `graph` (asserted triples only) against the contract shapes."""
    import pyshacl

    shacl = shapes_graph(shapes)
    conforms, results_graph, _ = pyshacl.validate(
        graph,
        shacl_graph=shacl,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    if not isinstance(results_graph, Graph):
        # pyshacl reports a broken shapes graph by returning its failure instead of results.
        detail = " ".join(str(results_graph).split())[:200]
        raise InputError(f"the SHACL shapes cannot be used: {detail}; fix the shapes file")
    findings = sorted(set(_findings(results_graph, shacl)))
    return ValidationReport(conforms=bool(conforms), results=findings)


def _findings(results: Graph, shacl: Graph) -> list[Finding]:
    out: list[Finding] = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        message = _shorten_iris(messages[0]) if messages else "violates a shape"
        parts = []
        if isinstance(path, URIRef):
            parts.append(f"{_short(path)}:")
        parts.append(message)
        if value is not None and value != focus and not _mentions(message, value):
            parts.append(f"(value {_short(value)})")
        named = _named_shape(shacl, shape)
        if named:
            parts.append(f"[{named}]")
        out.append(Finding(_short(focus), " ".join(parts)))
    return out


def _named_shape(shacl: Graph, shape: object) -> str | None:
    """The name of the node shape a finding came from (property shapes are blank nodes)."""
    if isinstance(shape, URIRef):
        return _short(shape)
    parent = shacl.value(None, SH.property, shape)
    return _short(parent) if isinstance(parent, URIRef) else None


def _mentions(message: str, value: object) -> bool:
    return str(value) in message or _short(value) in message


def _shorten_iris(text: str) -> str:
    for ns, prefix in _PREFIXES:
        text = text.replace(ns, prefix)
    return text


def _short(term: object) -> str:
    if isinstance(term, Literal):
        if term.datatype is not None:
            return f'"{term}"^^{_short(term.datatype)}'
        return term.n3()
    text = str(term)
    for ns, prefix in _PREFIXES:
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return f"<{text}>" if isinstance(term, URIRef) else text
