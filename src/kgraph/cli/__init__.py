"""The `kgraph` command line: parses arguments, calls the library, prints. No logic here.

Each command lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

from kgraph.cli import build, evaluate, export, query, serve, validate, viz  # noqa: F401
from kgraph.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="kgraph")
