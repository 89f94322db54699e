"""Read and write RDF files safely and deterministically.

Reading treats every file as untrusted: RDF/XML with a DOCTYPE is refused before any XML
parser sees it (no entity expansion, no local file read), and JSON-LD that names a remote
context is refused unless the caller opts in, because rdflib would fetch it.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kgraph.atomic import atomic_write_bytes
from kgraph.errors import InputError

KG = Namespace("https://w3id.org/kgraph/ontology#")
KGR = Namespace("https://w3id.org/kgraph/resource/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

# The prefixes every Turtle file we write declares, in this order, so output is stable.
PREFIXES: tuple[tuple[str, Namespace], ...] = (
    ("kg", KG),
    ("kgr", KGR),
    ("prov", PROV),
    ("dcterms", DCTERMS),
    ("skos", SKOS),
    ("owl", OWL),
    ("geo", GEO),
    ("sem", SEM),
    ("xsd", XSD),
    ("rdfs", RDFS),
    ("rdf", RDF),
)

# name -> (rdflib format, file suffix); graphml is ours (see kgraph.export), not an rdflib plugin.
FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("turtle", ".ttl"),
    "nt": ("nt", ".nt"),
    "nq": ("nquads", ".nq"),
    "trig": ("trig", ".trig"),
    "jsonld": ("json-ld", ".jsonld"),
    "xml": ("xml", ".rdf"),
    "graphml": ("graphml", ".graphml"),
}

_SUFFIX_PARSERS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}
_QUAD_FORMATS = {"nquads", "trig", "json-ld"}
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parser_format(path: str | Path) -> str:
    """The rdflib parser for a file, chosen by its suffix."""
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIX_PARSERS[suffix]
    except KeyError:
        known = " ".join(sorted(_SUFFIX_PARSERS))
        raise InputError(
            f"{path}: unknown RDF file suffix {suffix or '(none)'!r}; use one of: {known}"
        ) from None


def load_dataset(path: str | Path, *, allow_remote: bool = False) -> Dataset:
    """Parse an RDF file into a Dataset, keeping named graphs of quad formats."""
    path = Path(path)
    fmt = parser_format(path)
    data = _read_bytes(path)
    if fmt == "xml":
        _refuse_dtd(path, data)
    elif fmt == "json-ld":
        _check_jsonld(path, data, allow_remote)
    ds = Dataset()
    try:
        if fmt in _QUAD_FORMATS:
            ds.parse(data=data, format=fmt)
        else:
            ds.default_graph.parse(data=data, format=fmt)
    except Exception as err:  # rdflib's parsers raise many unrelated types
        raise InputError(f"{path}: not valid {fmt} RDF: {_one_line(err)}") from err
    if not any(True for _ in ds.quads((None, None, None, None))):
        raise InputError(f"{path}: holds no triples; point --graph at a graph kgraph wrote")
    return ds


def load_graph(path: str | Path, *, allow_remote: bool = False) -> Graph:
    """Parse an RDF file into one Graph (the union of all named graphs for quad formats)."""
    return union_graph(load_dataset(path, allow_remote=allow_remote))


def union_graph(ds: Dataset) -> Graph:
    """All triples of a Dataset, whatever graph they are in, as one Graph."""
    graph = Graph()
    for prefix, ns in ds.namespaces():
        graph.bind(prefix, ns, override=False)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def check_readable(path: Path) -> int:
    """The size of a graph file that exists, is a file and is not blank (else InputError)."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path given to --graph")
    if not path.is_file():
        raise InputError(f"{path}: is not a file")
    try:
        size = path.stat().st_size
        blank = size < 65536 and not path.read_bytes().strip()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from err
    if blank:
        raise InputError(f"{path}: is empty; point --graph at a graph kgraph wrote")
    return size


def _read_bytes(path: Path) -> bytes:
    check_readable(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from err
    if not data.strip():
        raise InputError(f"{path}: is empty; point --graph at a graph kgraph wrote")
    return data


def _refuse_dtd(path: Path, data: bytes) -> None:
    """Refuse any DTD before parsing: entity expansion and external entities live there."""
    # The regex catches the common case cheaply; defusedxml catches encodings it cannot see.
    if _DOCTYPE.search(data):
        raise InputError(
            f"{path}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
            "(entity expansion and external entities are unsafe); remove the DTD"
        )
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise InputError(f"{path}: unsafe RDF/XML refused: {_one_line(err)}") from err
    except ParseError as err:
        raise InputError(f"{path}: not valid XML: {_one_line(err)}") from err


def _check_jsonld(path: Path, data: bytes, allow_remote: bool) -> None:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: JSON-LD is not UTF-8: {err.reason}") from err
    except json.JSONDecodeError as err:
        raise InputError(
            f"{path}: not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}"
        ) from err
    if allow_remote:
        return
    remote = _context_references(doc)
    if remote:
        raise InputError(
            f"{path}: JSON-LD names a context to fetch ({remote[0]}); kgraph does not reach "
            "the network by default: inline the context or pass --allow-remote"
        )


def _context_references(node: Any) -> list[str]:
    """Every @context or @import given as a reference (URL or file) rather than inline."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                items = value if isinstance(value, list) else [value]
                found.extend(str(item) for item in items if isinstance(item, str))
            found.extend(_context_references(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_context_references(item))
    return found


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__


class _SortedGraph(Graph):
    """A Graph whose triple iteration is sorted.

    rdflib's serializers walk subjects in the store's hash order, which changes between runs;
    iterating in sorted order makes their output depend only on the triples.
    """

    def triples(self, triple):  # type: ignore[override]
        yield from sorted(super().triples(triple))


def canonical_graph(graph: Graph) -> Graph:
    """A copy with our fixed prefixes only (not the source's) iterating in sorted order."""
    out = _SortedGraph(bind_namespaces="none")
    for prefix, ns in PREFIXES:
        out.bind(prefix, ns, override=True, replace=True)
    for triple in graph.triples((None, None, None)):
        out.add(triple)
    return out


def serialize_graph(graph: Graph | Dataset, fmt: str) -> bytes:
    """Serialize deterministically in one of FORMATS (not graphml: see kgraph.export)."""
    rdf_format = _rdf_format(fmt)
    if rdf_format in ("nquads", "trig"):
        return _serialize_quads(graph, rdf_format)
    if isinstance(graph, Dataset):
        graph = union_graph(graph)
    if rdf_format in ("nt", "turtle"):
        native = _sorted_ntriples(graph)
        if native is not None:
            return native if rdf_format == "nt" else turtle_of_ntriples(native)
    data = canonical_graph(graph).serialize(format=rdf_format, encoding="utf-8")
    if rdf_format == "nt":
        data = _sorted_lines(data)
    elif rdf_format == "turtle":
        data = _fixed_prefix_header(data)
    elif rdf_format == "json-ld":
        data = _sorted_jsonld(data)
    return data


# --- writing with pyoxigraph -----------------------------------------------------------------
# Turtle and N-Triples are written by pyoxigraph from N-Triples lines in sorted order: the same
# triples give the same bytes, whatever order they were added in, and no rdflib serializer
# (several times slower) runs. kgr's IRIs have a slash after the namespace ("kgr:entity/x"),
# which Turtle allows only escaped (kgr:entity\/x), so they are written whole instead.
_TURTLE_NAMES = {prefix: str(ns) for prefix, ns in PREFIXES if prefix != "kgr"}


def store_ntriples(store, graph=None) -> bytes:
    """One graph of a pyoxigraph store (the default graph unless named) as sorted N-Triples."""
    import pyoxigraph as ox

    return _sorted_lines(
        store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph or ox.DefaultGraph())
    )


def store_nquads(store) -> bytes:
    """Every named graph of a pyoxigraph store as sorted N-Quads (the default graph left out:
    in kgraph's layout it is the union of the others)."""
    import pyoxigraph as ox

    chunks = [
        ox.serialize(store.quads_for_pattern(None, None, None, name), format=ox.RdfFormat.N_QUADS)
        for name in store.named_graphs()
    ]
    return _sorted_lines(b"".join(chunks))


def turtle_of_ntriples(ntriples: bytes) -> bytes:
    """Turtle with our fixed prefix header, triples in the order of the N-Triples given."""
    import pyoxigraph as ox

    body = ox.serialize(
        ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES),
        format=ox.RdfFormat.TURTLE,
        prefixes=_TURTLE_NAMES,
    )
    # A blank line after each subject's block, for people reading the file (pyoxigraph escapes
    # line breaks inside literals, so " .\n" only ever ends a statement).
    body = body.replace(b" .\n", b" .\n\n").rstrip(b"\n") + b"\n"
    return _fixed_prefix_header(body)


def write_store(store, path: str | Path, fmt: str | None = None) -> Path:
    """Write a pyoxigraph store laid out as kgraph's (default graph = the union, one named
    graph per article) atomically: triple formats get the union, quad formats the articles."""
    path = Path(path)
    fmt = fmt or format_for_path(path)
    rdf_format = _rdf_format(fmt)
    if rdf_format == "nt":
        data = store_ntriples(store)
    elif rdf_format == "turtle":
        data = turtle_of_ntriples(store_ntriples(store))
    elif rdf_format == "nquads":
        data = store_nquads(store)
    elif rdf_format == "trig":
        ds = Dataset()
        ds.parse(data=store_nquads(store), format="nquads")
        data = serialize_graph(ds, fmt)
    else:
        graph = Graph()
        graph.parse(data=store_ntriples(store), format="nt")
        data = serialize_graph(graph, fmt)
    atomic_write_bytes(path, data)
    return path


def _sorted_ntriples(graph: Graph) -> bytes | None:
    """The graph as sorted N-Triples, when pyoxigraph can read every term back (else None)."""
    from kgraph.corpus import native_store

    store = native_store(graph)
    if store is not None:
        return store_ntriples(store)
    data = _sorted_lines(graph.serialize(format="nt", encoding="utf-8"))
    try:
        import pyoxigraph as ox

        for _ in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            pass
    except (SyntaxError, ValueError):
        return None  # e.g. an IRI rdflib tolerated; rdflib's own writer handles it
    return data


def _fixed_prefix_header(data: bytes) -> bytes:
    """Declare all our prefixes, in our order, whether or not the serializer used them.

    Serializers write their prefixes first, so only the lines up to the first statement are
    read: splitting a big graph's whole Turtle into lines would cost more than the file."""
    fixed = [f"@prefix {prefix}: <{ns}> .".encode() for prefix, ns in PREFIXES]
    declared = []
    position = 0
    while position < len(data):
        end = data.find(b"\n", position)
        end = len(data) if end < 0 else end
        line = data[position:end]
        if line.startswith(b"@prefix "):
            declared.append(line)
        elif line.strip():
            break  # the first statement
        position = end + 1
    extra = [line for line in declared if line not in fixed]
    body = data[position:]
    return b"\n".join(fixed + extra + [b""]) + (b"\n" + body if body else b"")


def _sorted_jsonld(data: bytes) -> bytes:
    """Order JSON-LD's top-level nodes by @id (rdflib emits them in hash order)."""
    doc = json.loads(data)
    nodes = doc.get("@graph") if isinstance(doc, dict) else doc
    if isinstance(nodes, list):
        nodes.sort(key=lambda node: json.dumps(node, sort_keys=True, ensure_ascii=False))
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _serialize_quads(graph: Graph | Dataset, rdf_format: str) -> bytes:
    ds = Dataset()
    for prefix, ns in PREFIXES:
        ds.bind(prefix, ns, override=True, replace=True)
    if isinstance(graph, Dataset):
        quads = sorted(
            (s, p, o, c.identifier if isinstance(c, Graph) else c)
            for s, p, o, c in graph.quads((None, None, None, None))
        )
        for s, p, o, ctx in quads:
            ds.graph(ctx).add((s, p, o))
    else:
        # A plain graph has no names for its parts: its triples go to the default graph.
        for triple in sorted(graph.triples((None, None, None))):
            ds.default_graph.add(triple)
    if rdf_format == "trig":
        return _trig(ds)
    return _sorted_lines(ds.serialize(format=rdf_format, encoding="utf-8"))


def _trig(ds: Dataset) -> bytes:
    """TriG with the graphs in name order (rdflib writes them in hash order)."""
    from rdflib.plugins.serializers.trig import TrigSerializer

    serializer = TrigSerializer(ds)
    serializer.contexts = sorted(serializer.contexts, key=lambda g: (
        g.identifier != ds.default_graph.identifier, str(g.identifier)))  # fmt: skip
    buffer = io.BytesIO()
    serializer.serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


def _sorted_lines(data: bytes) -> bytes:
    lines = data.splitlines()
    del data  # the caller passes what it no longer needs: a big graph's text, freed early
    lines = [line for line in lines if line.strip()]
    lines.sort()
    return b"\n".join(lines) + b"\n" if lines else b""


def _rdf_format(fmt: str) -> str:
    if fmt not in FORMATS or fmt == "graphml":
        known = ", ".join(name for name in FORMATS if name != "graphml")
        raise InputError(f"unknown RDF format {fmt!r}; use one of: {known}")
    return FORMATS[fmt][0]


def format_for_path(path: str | Path) -> str:
    """The FORMATS name for an output path's suffix."""
    suffix = Path(path).suffix.lower()
    for name, (_, known_suffix) in FORMATS.items():
        if suffix == known_suffix:
            return name
    if suffix in _SUFFIX_PARSERS:
        rdf_format = _SUFFIX_PARSERS[suffix]
        return next(name for name, (f, _) in FORMATS.items() if f == rdf_format)
    known = " ".join(sorted({s for _, s in FORMATS.values()}))
    raise InputError(f"{path}: cannot tell the format from suffix {suffix!r}; use one of: {known}")


def write_graph(graph: Graph | Dataset, path: str | Path, fmt: str | None = None) -> Path:
    """Write `graph` to `path` atomically; the format comes from `fmt` or the suffix."""
    path = Path(path)
    fmt = fmt or format_for_path(path)
    if fmt == "graphml":
        raise InputError("graphml is not an RDF format; write it with kgraph.export.export_graph")
    data = serialize_graph(graph, fmt)
    atomic_write_bytes(path, data)
    return path


def to_turtle(graph: Graph) -> str:
    """Deterministic Turtle text with our prefixes (for printing CONSTRUCT results)."""
    return serialize_graph(graph, "ttl").decode("utf-8")


__all__ = [
    "FORMATS",
    "PREFIXES",
    "canonical_graph",
    "check_readable",
    "format_for_path",
    "load_dataset",
    "load_graph",
    "union_graph",
    "parser_format",
    "serialize_graph",
    "store_nquads",
    "store_ntriples",
    "turtle_of_ntriples",
    "write_store",
    "to_turtle",
    "write_graph",
]
