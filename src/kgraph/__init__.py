"""kgraph: news articles to an OWL-typed, provenance-tracked RDF knowledge graph."""

from __future__ import annotations

__version__ = "0.1.0"
