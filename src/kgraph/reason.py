"""OWL reasoning over a built graph: owlready2 runs HermiT on ontology/kgraph.ttl plus the graph.

`reason(graph)` returns only what the axioms entail beyond what was asserted (new types,
including superclasses and the defined classes kg:Mediator, kg:ConflictParty,
kg:AgreementParty; symmetric, inverse and transitive property values), as its own Graph, so
asserted and inferred triples are never mixed. An inconsistent graph raises
InconsistentOntology naming the individuals and axioms involved: HermiT only says yes or no,
so `explain_inconsistency` replays the ontology's axiom kinds (disjoint classes, domains and
ranges, functional and enumerated data properties, datatype ranges, owl:sameAs) over the graph.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kgraph.errors import InconsistentOntology, ReasonerUnavailable
from kgraph.vocab import GEO, KG, KGR, SEM, ontology_graph

# rdf:subject/predicate/object are reserved vocabulary in OWL 2 DL (and rdf:predicate's value
# is a property); the statements keep their kg: properties, which are what the axioms talk about.
_NOT_FOR_OWL = frozenset({RDF.subject, RDF.predicate, RDF.object})
# Grouping property: every relation edge entails it, so materialising it only repeats edges.
_NOT_MATERIALISED = frozenset({KG.relatedTo})
_SKIPPED_TYPES = frozenset({OWL.Thing, OWL.NamedIndividual})
_INFERENCES_IRI = "http://inferrences/"  # where owlready2 stores what HermiT adds
# HermiT's property-value inference (-Y) tests every property on every pair of individuals and
# grows quadratically (about 90 s for 23,000 triples). Above this size the property values come
# only from the closure of the ontology's property axioms below, which covers every
# property-generating axiom kgraph.ttl has (sub-property, inverse, symmetric, transitive).
PROPERTY_VALUES_LIMIT = 5_000


def java_path() -> str:
    """The `java` executable HermiT needs, or ReasonerUnavailable saying how to get one."""
    java = shutil.which("java")
    if java is None:
        raise ReasonerUnavailable(
            "the OWL reasoner HermiT needs Java, and no `java` is on PATH: install a Java "
            "runtime (Debian: apt-get install default-jre-headless) or run without --reason"
        )
    return java


def reason(graph: Graph, ontology: Graph | None = None) -> Graph:
    """The triples HermiT entails about kgr: individuals that `graph` does not assert."""
    java = java_path()
    onto = ontology if ontology is not None else ontology_graph()
    world, consistent = _run_hermit(java, onto, graph)
    if not consistent:
        raise explain_inconsistency(graph, onto)
    try:
        entailed = _entailed_types(world, graph) | _entailed_values(world, graph, onto)
    finally:
        world.close()
    inferred = Graph()
    _bind(inferred)
    for triple in entailed:
        if triple not in graph:
            inferred.add(triple)
    return inferred


def write_inferences(graph: Graph, path: str | Path, ontology: Graph | None = None) -> Graph:
    """Reason over `graph` and write only the inferred triples to `path` as Turtle."""
    from kgraph.atomic import atomic_write_bytes
    from kgraph.graphio import canonical_graph

    inferred = reason(graph, ontology)
    data = canonical_graph(inferred).serialize(format="turtle", encoding="utf-8")
    atomic_write_bytes(path, data)
    return inferred


def _run_hermit(java: str, onto: Graph, graph: Graph):
    """Load ontology and graph into a fresh owlready2 World and run HermiT on it."""
    import owlready2
    from owlready2.base import OwlReadyInconsistentOntologyError, OwlReadyJavaError

    combined = Graph()
    for triple in onto:
        combined.add(triple)
    for s, p, o in graph:
        if p not in _NOT_FOR_OWL:
            combined.add((s, p, o))
    data = combined.serialize(format="nt", encoding="utf-8")
    owlready2.JAVA_EXE = java
    world = owlready2.World()
    world.get_ontology(str(KG)[:-1]).load(fileobj=io.BytesIO(data), format="ntriples")
    try:
        # xsd:date (dates, publication days) and geo:wktLiteral are outside the OWL 2 datatype
        # map; HermiT refuses them unless told to treat them as opaque values.
        owlready2.sync_reasoner_hermit(
            world,
            infer_property_values=len(graph) <= PROPERTY_VALUES_LIMIT,
            debug=0,
            ignore_unsupported_datatypes=True,
        )
    except OwlReadyInconsistentOntologyError:
        world.close()
        return world, False
    except OwlReadyJavaError as err:
        world.close()
        detail = " ".join(str(err).split())[:300]
        raise ReasonerUnavailable(
            f"HermiT failed to run: {detail}; check the Java installation (java -version)"
        ) from err
    return world, True


def _is_resource(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(KGR))


def _entailed_types(world, graph: Graph) -> set[tuple]:
    """rdf:type of every kgr: individual to every named superclass of its (inferred) types."""
    from owlready2 import ThingClass

    ancestors_of: dict[object, frozenset[URIRef]] = {}
    out: set[tuple] = set()
    for subject in set(graph.subjects(RDF.type, None)) | set(graph.subjects(None, None)):
        if not _is_resource(subject):
            continue
        individual = world[str(subject)]
        if individual is None or isinstance(individual, ThingClass):
            continue
        for cls in individual.is_a:
            if not isinstance(cls, ThingClass):
                continue
            if cls not in ancestors_of:
                ancestors_of[cls] = frozenset(
                    URIRef(a.iri) for a in cls.ancestors() if isinstance(a, ThingClass)
                )
            for iri in ancestors_of[cls]:
                if iri not in _SKIPPED_TYPES:
                    out.add((subject, RDF.type, iri))
    return out


def _entailed_values(world, graph: Graph, onto: Graph) -> set[tuple]:
    """Object property values HermiT found, closed under the ontology's property axioms.

    owlready2 drops HermiT's symmetric and inverse values when the mirrored triple exists, so
    the closure (sub-property, inverse, symmetric, transitive) is completed here from the
    ontology's own axioms.
    """
    axioms = _PropertyAxioms(onto)
    facts: set[tuple] = {
        (s, p, o) for s, p, o in graph if p in axioms.object_properties and isinstance(o, URIRef)
    }
    facts |= _hermit_values(world, axioms.object_properties)
    closed = axioms.close(facts)
    return {
        (s, p, o)
        for s, p, o in closed
        if _is_resource(s) and _is_resource(o) and p not in _NOT_MATERIALISED
    }


def _hermit_values(world, properties: frozenset[URIRef]) -> set[tuple]:
    inferences = world.get_ontology(_INFERENCES_IRI)
    out: set[tuple] = set()
    for s, p, o in inferences.get_triples(None, None, None):
        if not isinstance(o, int) or o < 0:
            continue
        pred = URIRef(world._unabbreviate(p))
        if pred in properties:
            out.add((URIRef(world._unabbreviate(s)), pred, URIRef(world._unabbreviate(o))))
    return out


class _PropertyAxioms:
    """The object property axioms of the ontology that generate new property values."""

    def __init__(self, onto: Graph) -> None:
        self.object_properties = frozenset(
            p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)
        )
        self.symmetric = frozenset(onto.subjects(RDF.type, OWL.SymmetricProperty))
        self.transitive = frozenset(onto.subjects(RDF.type, OWL.TransitiveProperty))
        self.inverse: dict[URIRef, set[URIRef]] = {}
        for p, q in onto.subject_objects(OWL.inverseOf):
            if isinstance(p, URIRef) and isinstance(q, URIRef):
                self.inverse.setdefault(p, set()).add(q)
                self.inverse.setdefault(q, set()).add(p)
        self.supers: dict[URIRef, set[URIRef]] = {}
        from rdflib.namespace import RDFS

        for p, q in onto.subject_objects(RDFS.subPropertyOf):
            if isinstance(p, URIRef) and isinstance(q, URIRef):
                self.supers.setdefault(p, set()).add(q)

    def _step(self, fact: tuple) -> Iterable[tuple]:
        s, p, o = fact
        if p in self.symmetric:
            yield (o, p, s)
        for q in self.inverse.get(p, ()):
            yield (o, q, s)
        for q in self.supers.get(p, ()):
            yield (s, q, o)

    def close(self, facts: set[tuple]) -> set[tuple]:
        closed = set(facts)
        frontier = list(facts)
        while frontier:
            new: list[tuple] = []
            for fact in frontier:
                for derived in self._step(fact):
                    if derived not in closed:
                        closed.add(derived)
                        new.append(derived)
            for p in self.transitive:
                new.extend(_transitive_additions(closed, p))
            frontier = new
        return closed


def _transitive_additions(closed: set[tuple], prop: URIRef) -> list[tuple]:
    succ: dict[object, set[object]] = {}
    for s, p, o in closed:
        if p == prop:
            succ.setdefault(s, set()).add(o)
    added: list[tuple] = []
    for start in succ:
        seen: set[object] = set()
        stack = list(succ[start])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(succ.get(node, ()))
        for node in seen:
            triple = (start, prop, node)
            if triple not in closed and node != start:
                closed.add(triple)
                added.append(triple)
    return added


def _bind(graph: Graph) -> None:
    graph.bind("kg", str(KG))
    graph.bind("kgr", KGR)
    graph.bind("sem", SEM)
    graph.bind("geo", GEO)
    graph.bind("prov", "http://www.w3.org/ns/prov#")


# --- Explaining an inconsistency -----------------------------------------------------------

_INTEGER_TYPES = frozenset(
    URIRef(f"http://www.w3.org/2001/XMLSchema#{n}")
    for n in [
        "integer",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DECIMAL_TYPES = _INTEGER_TYPES | {URIRef(_XSD + "decimal")}
_STRING = URIRef(_XSD + "string")


def explain_inconsistency(graph: Graph, ontology: Graph | None = None) -> InconsistentOntology:
    """An InconsistentOntology whose message names the first problem and `.problems` all."""
    problems = find_conflicts(graph, ontology)
    if not problems:
        problems = [
            "HermiT found the graph inconsistent with the ontology but no single individual "
            "breaks a disjointness, domain, range, functional or datatype axiom on its own; "
            "look for chains of owl:sameAs or for hand-added axioms in the graph"
        ]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    err = InconsistentOntology(
        f"the graph contradicts the ontology: {problems[0]}{more}; fix the extraction or the "
        "input graph (kgraph validate --reason lists every problem)"
    )
    err.problems = problems  # type: ignore[attr-defined]
    return err


def find_conflicts(graph: Graph, ontology: Graph | None = None) -> list[str]:
    """Human-readable reasons why `graph` contradicts the ontology (empty when none found)."""
    axioms = _ClassAxioms(ontology if ontology is not None else ontology_graph())
    same = _SameAs(graph)
    facts: dict[object, list[tuple[URIRef, str]]] = {}

    def note(node: object, cls: URIRef, why: str) -> None:
        facts.setdefault(same.find(node), []).append((cls, why))

    unions: list[tuple[object, list[URIRef], str]] = []
    problems: list[str] = []
    for s, p, o in sorted(graph):  # sorted: the same graph gives the same explanation
        if p in _NOT_FOR_OWL:
            continue
        if p == RDF.type and isinstance(o, URIRef):
            note(s, o, "asserted")
            continue
        for cls_list, where in ((axioms.domains(p), "subject"), (axioms.ranges(p), "object")):
            node = s if where == "subject" else o
            if isinstance(node, URIRef) or (where == "subject"):
                other = o if where == "subject" else s
                why = (
                    f"{where} of {_short(p)} {'to' if where == 'subject' else 'from'} "
                    f"{_short(other)}, whose {'domain' if where == 'subject' else 'range'} is "
                    f"{' or '.join(_short(c) for c in cls_list)}"
                )
                if len(cls_list) == 1:
                    note(node, cls_list[0], why)
                elif cls_list:
                    unions.append((node, cls_list, why))
        problems.extend(axioms.literal_problems(s, p, o))
    problems.extend(axioms.functional_problems(graph))

    for typed in facts.values():
        # Asserted types first, so an explanation cites them before derived ones.
        typed.sort(key=lambda fact: (fact[1] != "asserted", str(fact[0]), fact[1]))
    for root, typed in facts.items():
        problems.extend(axioms.disjoint_problems(same.describe(root), typed))
    for node, members, why in unions:
        typed = facts.get(same.find(node), [])
        clash = axioms.excluded_by(typed, members)
        if clash is not None:
            cls, origin = clash
            problems.append(
                f"{same.describe(same.find(node))} is the {why}, but it is a {_short(cls)} "
                f"({origin}), which is none of those"
            )
    return list(dict.fromkeys(problems))


class _ClassAxioms:
    """Class hierarchy, disjointness, domains, ranges and data ranges of the ontology."""

    def __init__(self, onto: Graph) -> None:
        from rdflib.collection import Collection
        from rdflib.namespace import RDFS

        self.onto = onto
        self.parents: dict[object, set[object]] = {}
        for c, d in onto.subject_objects(RDFS.subClassOf):
            if isinstance(d, URIRef):
                self.parents.setdefault(c, set()).add(d)
        for c, eq in onto.subject_objects(OWL.equivalentClass):
            for member in self._list(onto.value(eq, OWL.intersectionOf)):
                if isinstance(member, URIRef):
                    self.parents.setdefault(c, set()).add(member)
        self.disjoint: set[frozenset] = set()
        for a, b in onto.subject_objects(OWL.disjointWith):
            self.disjoint.add(frozenset((a, b)))
        for group in onto.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(Collection(onto, onto.value(group, OWL.members)))
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    self.disjoint.add(frozenset((a, b)))
        self.functional = frozenset(onto.subjects(RDF.type, OWL.FunctionalProperty))
        self.inverse = {p: q for p, q in onto.subject_objects(OWL.inverseOf)}
        self.inverse.update({q: p for p, q in list(self.inverse.items())})
        self.symmetric = frozenset(onto.subjects(RDF.type, OWL.SymmetricProperty))
        self._ancestors: dict[object, list[object]] = {}

    def _list(self, head: object) -> list[object]:
        from rdflib.collection import Collection

        return list(Collection(self.onto, head)) if head is not None else []

    def _classes(self, node: object) -> list[URIRef]:
        if isinstance(node, URIRef):
            return [node]
        return [m for m in self._list(self.onto.value(node, OWL.unionOf)) if isinstance(m, URIRef)]

    def _declared(self, prop: object, axis: URIRef) -> list[URIRef]:
        value = self.onto.value(prop, axis)
        return self._classes(value) if value is not None else []

    def domains(self, prop: object) -> list[URIRef]:
        from rdflib.namespace import RDFS

        found = self._declared(prop, RDFS.domain)
        if not found and prop in self.inverse:
            found = self._declared(self.inverse[prop], RDFS.range)
        return found

    def ranges(self, prop: object) -> list[URIRef]:
        from rdflib.namespace import RDFS

        if self.onto.value(prop, RDF.type) == OWL.DatatypeProperty:
            return []
        found = self._declared(prop, RDFS.range)
        if not found and prop in self.inverse:
            found = self._declared(self.inverse[prop], RDFS.domain)
        if not found and prop in self.symmetric:
            found = self.domains(prop)
        return found

    def ancestors(self, cls: object) -> list[object]:
        if cls not in self._ancestors:
            out: list[object] = []
            stack = [cls]
            while stack:
                c = stack.pop()
                if c in out:
                    continue
                out.append(c)
                stack.extend(self.parents.get(c, ()))
            self._ancestors[cls] = out
        return self._ancestors[cls]

    def disjoint_reason(self, a: object, b: object) -> tuple[object, object] | None:
        for x in self.ancestors(a):
            for y in self.ancestors(b):
                if frozenset((x, y)) in self.disjoint:
                    return x, y
        return None

    def disjoint_problems(self, who: str, typed: list[tuple[URIRef, str]]) -> list[str]:
        out: list[str] = []
        reported: set[frozenset] = set()
        for i, (a, why_a) in enumerate(typed):
            for b, why_b in typed[i + 1 :]:
                pair = self.disjoint_reason(a, b)
                if pair is None or frozenset(pair) in reported:
                    continue
                reported.add(frozenset(pair))
                x, y = pair
                via = [f"{_short(c)} is a {_short(d)}" for c, d in ((a, x), (b, y)) if c != d]
                axiom = f" ({', '.join(via)})" if via else ""
                out.append(
                    f"{who} is a {_short(a)} ({why_a}) and a {_short(b)} ({why_b}), "
                    f"but the ontology makes {_short(x)} and {_short(y)} disjoint{axiom}"
                )
        return out

    def excluded_by(
        self, typed: list[tuple[URIRef, str]], members: list[URIRef]
    ) -> tuple[URIRef, str] | None:
        """A known type of the node disjoint with every member of a union, if any."""
        for cls, origin in typed:
            if all(self.disjoint_reason(cls, m) is not None for m in members):
                return cls, origin
        return None

    def literal_problems(self, s: object, p: object, o: object) -> list[str]:
        from rdflib import Literal
        from rdflib.namespace import RDFS

        if not isinstance(o, Literal) or self.onto.value(p, RDF.type) != OWL.DatatypeProperty:
            return []
        rng = self.onto.value(p, RDFS.range)
        shown = f'"{o}"^^{_short(o.datatype)}' if o.datatype else o.n3()
        where = f"{_short(s)} {_short(p)} {shown}"
        if rng is None:
            return []
        enumerated = self._list(self.onto.value(rng, OWL.oneOf))
        if enumerated:
            allowed = {str(v) for v in enumerated}
            if str(o) not in allowed or o.language or (o.datatype not in (None, _STRING)):
                values = " or ".join(f'"{v}"' for v in sorted(allowed))
                return [f"{where}: {_short(p)} allows only {values}"]
            return []
        datatype = o.datatype or (None if o.language else _STRING)
        if rng in _DECIMAL_TYPES:
            numeric = datatype in _DECIMAL_TYPES and o.ill_typed is not True
            integral = numeric and (rng not in _INTEGER_TYPES or float(o).is_integer())
            if not integral:
                return [f"{where}: the range of {_short(p)} is {_short(rng)}"]
        elif rng == _STRING and datatype != _STRING:
            return [f"{where}: the range of {_short(p)} is xsd:string (no language tag)"]
        return []

    def functional_problems(self, graph: Graph) -> list[str]:
        out: list[str] = []
        for prop in sorted(self.functional):
            values: dict[object, set[object]] = {}
            for s, o in graph.subject_objects(prop):
                values.setdefault(s, set()).add(o.toPython() if hasattr(o, "toPython") else o)
            for s, found in values.items():
                if len(found) > 1:
                    shown = ", ".join(sorted(repr(v) for v in found))
                    out.append(
                        f"{_short(s)} has {len(found)} values for {_short(prop)} ({shown}), "
                        "but it is functional (one value at most)"
                    )
        return out


class _SameAs:
    """owl:sameAs groups: what is said of one member is said of all."""

    def __init__(self, graph: Graph) -> None:
        self.parent: dict[object, object] = {}
        for a, b in graph.subject_objects(OWL.sameAs):
            ra, rb = self.find(a), self.find(b)
            if ra != rb:
                # Name groups after our own individual rather than the GeoNames IRI.
                keep, drop = sorted((ra, rb), key=lambda n: (not _is_resource(n), str(n)))
                self.parent[drop] = keep

    def find(self, node: object) -> object:
        while node in self.parent:
            node = self.parent[node]
        return node

    def describe(self, root: object) -> str:
        members = sorted(str(n) for n in self.parent if self.find(n) == root)
        if not members:
            return _short(root)
        return f"{_short(root)} (owl:sameAs {', '.join(_short(URIRef(m)) for m in members)})"


_PREFIXES = (
    (str(KGR), "kgr:"),
    (str(KG), "kg:"),
    (str(SEM), "sem:"),
    (str(GEO), "geo:"),
    ("http://www.w3.org/ns/prov#", "prov:"),
    ("http://www.w3.org/2001/XMLSchema#", "xsd:"),
    ("http://www.w3.org/2002/07/owl#", "owl:"),
)


def _short(term: object) -> str:
    text = str(term)
    for ns, prefix in _PREFIXES:
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return f"<{text}>" if isinstance(term, URIRef) else text
