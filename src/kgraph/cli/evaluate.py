"""`kgraph evaluate` — precision, recall and F1 of a graph against gold annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgraph.cli.app import app
from kgraph.evaluate import evaluate


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (*.gold.json).", metavar="GOLD")],
    graph: Annotated[
        Path | None,
        typer.Option(
            "--graph", "-g", help="Graph to score; without it each article is built on its own."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List missed and spurious relations.")
    ] = False,
) -> None:
    """Score typed entities, relations, dates and places against gold files."""
    report = evaluate(gold, graph)
    typer.echo(report.to_json() if as_json else report.to_text(verbose), nl=False)
