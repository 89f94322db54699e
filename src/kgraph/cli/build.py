"""`kgraph build`: read articles, extract, write graph.ttl and graph.html (and more formats)."""

from __future__ import annotations

from pathlib import Path

import typer

from kgraph.cli.app import app


@app.command()
def build(
    inputs: list[str] = typer.Argument(None, help="Files, folders or - (stdin) to read."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    example: bool = typer.Option(False, "--example", help="Build the bundled example article."),
    formats: list[str] = typer.Option(
        [], "--format", "-f", help="Extra serialisations: nt, nq, trig, jsonld, xml, graphml."
    ),
    model: str = typer.Option(None, "--model", help="spaCy model name (default en_core_web_sm)."),
    html: bool = typer.Option(True, "--html/--no-html", help="Write graph.html."),
    reason: bool = typer.Option(
        False, "--reason", help="Also write OWL inferences to inferred.ttl."
    ),
    validate: bool = typer.Option(
        False, "--validate", help="Check the output against SHACL shapes."
    ),
    store: str = typer.Option(None, "--store", help="Also load into a store (path or URL)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for extraction."),
    dask: str = typer.Option(None, "--dask", help="Run extraction on a Dask scheduler address."),
    keep_going: bool = typer.Option(
        False,
        "--keep-going",
        help="Also skip unreadable files named directly (bad files inside a folder and "
        "non-English articles are always skipped and listed at the end; exit code 1).",
    ),
    wait: float = typer.Option(
        0.0,
        "--wait",
        min=0.0,
        help="Seconds to wait while another build writes the same --out folder.",
    ),
) -> None:
    """Build the knowledge graph from news articles.

    Skipped inputs are listed on stderr, one line each, after the summary (exit code 1).

    Bad input with nothing left to build exits with 2.
    """
    from kgraph.build_job import BuildOptions, run_build
    from kgraph.errors import InputError
    from kgraph.resources import example_path

    sources = list(inputs or [])
    if example:
        sources.append(str(example_path()))
    if not sources:
        raise InputError("nothing to build: pass articles, a folder, - for stdin, or --example")
    options = BuildOptions(
        out=out,
        formats=tuple(formats),
        model=model,
        html=html,
        reason=reason,
        validate=validate,
        store=store,
        jobs=jobs,
        dask=dask,
        keep_going=keep_going,
        wait=wait,
    )
    summary = run_build(sources, options)
    typer.echo(summary.render())
    if summary.problems:
        for line in summary.problems:
            typer.secho(f"skipped: {line}", fg=typer.colors.YELLOW, err=True)
        raise typer.Exit(1)
