"""Locate files shipped with the package: the ontology folder and the bundled example."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _data_dir() -> Path:
    return Path(str(resources.files("kgraph") / "data"))


def ontology_path(name: str = "kgraph.ttl") -> Path:
    """A file of the `ontology/` folder (shipped inside the package as data/ontology)."""
    return _data_dir() / "ontology" / name


def example_path() -> Path:
    """The bundled example article (the seed article of the project, with its front matter)."""
    return _data_dir() / "example" / "seed_article.txt"
