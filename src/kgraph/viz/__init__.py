"""The offline, interactive HTML view of a kgraph RDF graph.

    from kgraph.viz import render_html, write_html, show
    write_html(graph, "output/graph.html", max_nodes=1500)

The page is one self-contained file (vis-network inlined, no network access), coloured by
ontology class, with filters, search, a neighbourhood mode, a timeline and a provenance panel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph

from kgraph.atomic import atomic_open
from kgraph.viz.page import DEFAULT_MAX_NODES, Page, build_page

__all__ = ["DEFAULT_MAX_NODES", "Page", "build_page", "render_html", "show", "write_html"]


def render_html(graph: Graph, **options: Any) -> str:
    """The page as a string. Options: title, max_nodes, focus, hops, size_by ('degree' or
    'betweenness'), classes, relations, since, until (the filters' initial values)."""
    return build_page(graph, **options).html


def write_html(graph: Graph, path: str | Path, **options: Any) -> Page:
    """Write the page to `path` atomically; returns what it holds (counts, left-out nodes)."""
    page = build_page(graph, **options)
    with atomic_open(path) as handle:
        page.write(handle)
    return page


def show(graph: Graph, *, height: int = 720, **options: Any):
    """Display the page inline in Jupyter (an iframe whose srcdoc is the whole page)."""
    from kgraph.viz.notebook import inline

    return inline(build_page(graph, **options).html, height=height)
