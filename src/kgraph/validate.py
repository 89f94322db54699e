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
    core, sparql = _split_sparql(shacl)
    conforms, results_graph, _ = pyshacl.validate(
        graph,
        shacl_graph=core,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    if not isinstance(results_graph, Graph):
        # pyshacl reports a broken shapes graph by returning its failure instead of results.
        detail = " ".join(str(results_graph).split())[:200]
        raise InputError(f"the SHACL shapes cannot be used: {detail}; fix the shapes file")
    found = set(_findings(results_graph, shacl)) | set(_sparql_findings(graph, shacl, sparql))
    return ValidationReport(conforms=bool(conforms) and not found, results=sorted(found))


# pyshacl evaluates each SPARQL-based constraint once per focus node through rdflib, whose
# NOT EXISTS evaluation scans the whole graph: minutes for a few thousand triples. The same
# constraints run here once over the whole graph in pyoxigraph, with $this left free and the
# rows kept for the shape's target nodes; SHACL forbids the constructs (VALUES, MINUS,
# sub-queries) that would make this differ from pre-binding $this.
def _split_sparql(shacl: Graph) -> tuple[Graph, list[tuple[object, object]]]:
    constraints = [
        (shape, c)
        for shape, c in shacl.subject_objects(SH.sparql)
        if shacl.value(c, SH.deactivated) != Literal(True)
    ]
    core = Graph()
    for triple in shacl:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core, constraints


def _sparql_findings(graph: Graph, shacl: Graph, constraints: list) -> list[Finding]:
    if not constraints:
        return []
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    out: list[Finding] = []
    for shape, constraint in constraints:
        targets = _targets(graph, shacl, shape)
        select = str(shacl.value(constraint, SH.select)).replace("$this", "?this")
        query = _prefix_lines(shacl, constraint) + select
        messages = [str(m) for m in shacl.objects(constraint, SH.message)] or ["violates a shape"]
        try:
            rows = store.query(query)
        except (SyntaxError, ValueError, OSError) as err:
            raise InputError(
                f"the SHACL shapes cannot be used: {err}; fix the shapes file"
            ) from err
        for row in rows:
            focus = _from_ox(row["this"])
            if focus not in targets:
                continue
            text = messages[0]
            for var in rows.variables:
                text = text.replace("{?" + var.value + "}", _short(_from_ox(row[var.value])))
            text = text.replace("{$this}", _short(focus))
            out.append(Finding(_short(focus), f"{_shorten_iris(text)} [{_short(shape)}]"))
    return out


def _targets(graph: Graph, shacl: Graph, shape: object) -> set:
    found: set = set(shacl.objects(shape, SH.targetNode))
    for cls in shacl.objects(shape, SH.targetClass):
        found.update(graph.subjects(RDF.type, cls))
    for prop in shacl.objects(shape, SH.targetSubjectsOf):
        found.update(graph.subjects(prop, None))
    for prop in shacl.objects(shape, SH.targetObjectsOf):
        found.update(graph.objects(None, prop))
    return found


def _prefix_lines(shacl: Graph, constraint: object) -> str:
    lines = []
    for source in shacl.objects(constraint, SH.prefixes):
        for decl in shacl.objects(source, SH.declare):
            prefix, ns = shacl.value(decl, SH.prefix), shacl.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(lines) + "\n"


def _from_ox(term: object) -> object:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return term


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
