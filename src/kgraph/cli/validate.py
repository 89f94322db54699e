"""`kgraph validate` — check a graph against the SHACL shapes and, with --reason, the ontology."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgraph.cli.app import app
from kgraph.errors import InconsistentOntology
from kgraph.graphio import load_graph


@app.command("validate")
def validate_command(
    graph: Annotated[
        Path,
        typer.Option("--graph", "-g", help="RDF file to check (.ttl .nt .nq .trig .jsonld .rdf)."),
    ],
    reason: Annotated[
        bool,
        typer.Option("--reason", help="Also check consistency with the OWL ontology (HermiT)."),
    ] = False,
    shapes: Annotated[
        Path | None,
        typer.Option("--shapes", help="SHACL shapes (Turtle) instead of the bundled ones."),
    ] = None,
    inferred: Annotated[
        Path | None,
        typer.Option("--inferred", help="With --reason: write the inferred triples here (Turtle)."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", help="Show at most this many SHACL violations.")
    ] = 200,
) -> None:
    """Exit 0 when the graph conforms, 1 with a report when it does not, 2 on bad input."""
    from kgraph.validate import shapes_graph, validate_shacl

    shacl = shapes_graph(shapes)  # a bad shapes file is bad input: fail before the graph work
    data = load_graph(graph)
    report = validate_shacl(data, shacl)
    typer.echo(f"SHACL: {report.text(limit=limit)}")
    ok = report.conforms
    if reason:
        ok = _reason(data, inferred) and ok
    if not ok:
        raise typer.Exit(1)


def _reason(data, inferred: Path | None) -> bool:
    from kgraph.reason import reason, write_inferences

    try:
        found = write_inferences(data, inferred) if inferred else reason(data)
    except InconsistentOntology as err:
        problems = getattr(err, "problems", [str(err)])
        typer.echo(f"OWL: inconsistent with the ontology: {len(problems)} problem(s)")
        for problem in problems:
            typer.echo(f"  {problem}")
        return False
    where = f", written to {inferred}" if inferred else ""
    typer.echo(f"OWL: consistent under HermiT; {len(found)} inferred triple(s){where}")
    return True
