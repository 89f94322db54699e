"""query, export and viz read a store as well as a file."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kgraph.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    result = runner.invoke(
        app,
        [
            "build",
            "--example",
            "--out",
            str(root / "out"),
            "--no-html",
            "--store",
            str(root / "store"),
        ],
    )
    assert result.exit_code == 0, result.output
    return root


def test_cli_store_query_runs_on_the_store(store):
    result = runner.invoke(
        app, ["query", "--name", "mediators", "--store", str(store / "store"), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "Russian peacekeeping" in result.output


def test_cli_store_query_refuses_updates(store):
    result = runner.invoke(
        app, ["query", "DELETE WHERE { ?s ?p ?o }", "--store", str(store / "store")]
    )
    assert result.exit_code == 2
    assert "read-only" in result.output


def test_cli_store_export_matches_the_built_graph(store, tmp_path):
    out = tmp_path / "g.nt"
    result = runner.invoke(
        app, ["export", "--store", str(store / "store"), "--format", "nt", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert isomorphic(Graph().parse(out), Graph().parse(store / "out" / "graph.ttl"))


def test_cli_store_viz_and_exactly_one_source(store, tmp_path):
    page = tmp_path / "g.html"
    result = runner.invoke(app, ["viz", "--store", str(store / "store"), "--out", str(page)])
    assert result.exit_code == 0, result.output
    assert page.stat().st_size > 0
    both = runner.invoke(
        app,
        [
            "viz",
            "--store",
            str(store / "store"),
            "--graph",
            str(store / "out" / "graph.ttl"),
            "--out",
            str(page),
        ],
    )
    assert both.exit_code == 2


def test_cli_store_rebuild_skips_unchanged_articles_before_extraction(store, tmp_path):
    result = runner.invoke(
        app,
        [
            "build",
            "--example",
            "--out",
            str(tmp_path),
            "--no-html",
            "--store",
            str(store / "store"),
            "--format",
            "nq",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "0 articles extracted and loaded, 1 unchanged skipped" in result.output
    quads = (tmp_path / "graph.nq").read_text(encoding="utf-8")
    assert "https://w3id.org/kgraph/resource/graph/" in quads  # named graph per article
    assert isomorphic(
        Graph().parse(tmp_path / "graph.ttl"), Graph().parse(store / "out" / "graph.ttl")
    )
