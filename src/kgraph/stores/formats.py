"""RDF and SPARQL-results format names, media types and their rdflib / pyoxigraph spellings."""

from __future__ import annotations

from dataclasses import dataclass

from kgraph.errors import InputError


@dataclass(frozen=True)
class RdfFormat:
    name: str  # our short name: "nt", "ttl", "nq", "trig"
    media_type: str
    rdflib: str
    quads: bool  # True when the syntax carries named graphs


RDF_FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("nt", "application/n-triples", "nt", False),
        RdfFormat("ttl", "text/turtle", "turtle", False),
        RdfFormat("nq", "application/n-quads", "nquads", True),
        RdfFormat("trig", "application/trig", "trig", True),
        RdfFormat("xml", "application/rdf+xml", "xml", False),
        RdfFormat("jsonld", "application/ld+json", "json-ld", False),
    )
}

_ALIASES = {
    "ntriples": "nt",
    "n-triples": "nt",
    "turtle": "ttl",
    "nquads": "nq",
    "n-quads": "nq",
    "rdf": "xml",
    "rdfxml": "xml",
    "json-ld": "jsonld",
    "text/plain": "nt",  # what some servers answer for N-Triples
    "application/x-turtle": "ttl",
}


def rdf_format(name: str) -> RdfFormat:
    """Look up an RDF syntax by short name, file extension or media type."""
    key = name.strip().lower().lstrip(".").split(";")[0].strip()
    key = _ALIASES.get(key, key)
    for fmt in RDF_FORMATS.values():
        if key in (fmt.name, fmt.media_type):
            return fmt
    known = ", ".join(RDF_FORMATS)
    raise InputError(f"unknown RDF format {name!r}; use one of {known}")


def rdf_format_for_path(path: str) -> RdfFormat:
    suffix = path.rsplit(".", 1)[-1] if "." in path else ""
    if suffix == "gz":
        suffix = path[: -len(".gz")].rsplit(".", 1)[-1]
    return rdf_format(suffix)


def oxigraph_format(fmt: RdfFormat):
    import pyoxigraph

    return pyoxigraph.RdfFormat.from_media_type(fmt.media_type)


# SPARQL results formats for SELECT / ASK, keyed by our short name.
RESULT_MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


def result_format(name: str) -> str:
    """Short results-format name from a short name or a media type."""
    key = name.strip().lower().split(";")[0].strip()
    for short, media in RESULT_MEDIA_TYPES.items():
        if key in (short, media):
            return short
    if key == "application/json":
        return "json"
    if key == "application/xml":
        return "xml"
    known = ", ".join(RESULT_MEDIA_TYPES)
    raise InputError(f"unknown SPARQL results format {name!r}; use one of {known}")
