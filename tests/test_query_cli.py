"""`kgraph query` on the command line: output, options and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kgraph.cli  # noqa: F401 - registers every command on the app
from kgraph.cli.app import app

sys.path.insert(0, str(Path(__file__).parent))
from test_query_fixture import ARM, AZE, write_contract  # noqa: E402

runner = CliRunner()
KGRAPH = Path(sys.executable).with_name("kgraph")


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    return write_contract(tmp_path)


def test_query_cli_lists_bundled_queries() -> None:
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert {"entities", "mediators", "relations-of", "contradictions"} <= set(names)


def test_query_cli_runs_sparql_text_as_csv(graph_file: Path) -> None:
    sparql = "SELECT ?e ?l WHERE { ?e a kg:Country ; rdfs:label ?l } ORDER BY ?l"
    result = runner.invoke(app, ["query", sparql, "--graph", str(graph_file), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["e"] for r in rows] == [ARM, AZE]


def test_query_cli_runs_a_rq_file(graph_file: Path, tmp_path: Path) -> None:
    rq = tmp_path / "countries.rq"
    rq.write_text("SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Country }", encoding="utf-8")
    result = runner.invoke(app, ["query", str(rq), "--graph", str(graph_file), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == "2"


def test_query_cli_named_query_with_bind(graph_file: Path) -> None:
    args = ["query", "--name", "relations-of", "--graph", str(graph_file)]
    result = runner.invoke(app, [*args, "--bind", "entity=Armenia", "-f", "tsv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("?direction")
    assert len(lines) == 4


def test_query_cli_table_is_default(graph_file: Path) -> None:
    result = runner.invoke(app, ["query", "--name", "denials", "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    assert "Armenia" in result.stdout
    assert result.stdout.rstrip().endswith("(1 row)")


def _assert_input_error(result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    [line] = [ln for ln in result.output.splitlines() if ln.strip()]
    assert line.startswith("error:")
    assert fragment in line


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["DROP ALL"], "read-only"),
        (["INSERT DATA { <urn:x:a> <urn:x:p> 1 }"], "read-only"),
        (["SELECT * {\n ?s ?p \n}"], "line"),
        (["SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "--allow-service"),
        (["--name", "relations-of"], "--bind entity="),
        (["--name", "nonesuch"], "no bundled query"),
        (["SELECT * { ?s ?p ?o }", "--format", "yaml"], "unknown --format"),
        (["SELECT * { ?s ?p ?o }", "--bind", "nope"], "name=value"),
        (["missing.rq"], "no such query file"),
        ([], "either a QUERY"),
    ],
)
def test_query_cli_errors_exit_2_with_one_line(graph_file: Path, args: list, fragment: str) -> None:
    result = runner.invoke(app, ["query", *args, "--graph", str(graph_file)])
    _assert_input_error(result, fragment)


def test_query_cli_missing_graph_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "ASK {}", "--graph", str(tmp_path / "nope.ttl")])
    _assert_input_error(result, "no such file")


def test_query_cli_graph_is_required() -> None:
    result = runner.invoke(app, ["query", "ASK {}"])
    _assert_input_error(result, "--graph")


def test_query_cli_injection_through_bind_matches_nothing(graph_file: Path) -> None:
    before = graph_file.read_bytes()
    args = ["query", "--name", "relations-of", "--graph", str(graph_file), "-f", "csv"]
    result = runner.invoke(app, [*args, "--bind", 'entity=x" } ; DROP ALL ; #'])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1  # the header only
    assert graph_file.read_bytes() == before


def test_query_cli_real_subprocess(graph_file: Path) -> None:
    ok = subprocess.run(
        [str(KGRAPH), "query", "--name", "mediators", "--graph", str(graph_file), "-f", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert "Russian peacekeepers" in ok.stdout
    refused = subprocess.run(
        [str(KGRAPH), "query", "CLEAR ALL", "--graph", str(graph_file)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2
    assert refused.stderr.strip().startswith("error:")
    assert "Traceback" not in refused.stderr


def _long_inline_query() -> str:
    """One line, no slash, well past the 255 bytes a file name may have."""
    padding = " ".join(f"FILTER(?l != 'not a country {n}')" for n in range(12))
    query = f"SELECT ?e ?l WHERE {{ ?e a kg:Country ; rdfs:label ?l . {padding} }} ORDER BY ?l"
    assert len(query) > 300 and "/" not in query
    return query


def test_query_cli_long_inline_query_is_sparql_not_a_path(graph_file: Path) -> None:
    done = subprocess.run(
        [str(KGRAPH), "query", _long_inline_query(), "--graph", str(graph_file), "-f", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "unexpected" not in done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["e"] for r in rows] == [ARM, AZE]


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("x" * 300 + ".rq", "no such query file"),  # too long to be a file: still one clear line
        ("SELECT * WHERE { ?s ?p ?o \x00 }", "line"),  # a NUL byte is no path either
        (".", "line"),  # a folder is not a query file: parsed as SPARQL and refused
    ],
)
def test_query_cli_odd_query_argument_is_never_an_unexpected_error(
    graph_file: Path, query: str, fragment: str
) -> None:
    result = runner.invoke(app, ["query", query, "--graph", str(graph_file)])
    assert "unexpected" not in result.output
    _assert_input_error(result, fragment)
