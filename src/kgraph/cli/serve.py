"""`kgraph serve` — placeholder until its owner fills it in."""

from __future__ import annotations

from kgraph.cli.app import app  # noqa: F401
