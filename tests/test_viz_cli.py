"""`kgraph viz` through typer's CliRunner and once as a real subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_viz_fixture import EDGE_COUNT, NODE_COUNT, contract_graph
from typer.testing import CliRunner

import kgraph.cli  # noqa: F401  (registers every command)
from kgraph.cli.app import app

runner = CliRunner()


def _payload(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    match = re.search(r'<script id="kgraph-data"[^>]*>(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    contract_graph().serialize(path, format="turtle")
    return path


def test_viz_cli_writes_the_page(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "graph.html"
    result = runner.invoke(app, ["viz", "--graph", str(graph_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{NODE_COUNT} nodes, {EDGE_COUNT} edges" in result.output
    data = _payload(out)
    assert len(data["nodes"]) == NODE_COUNT and data["meta"]["title"] == "kgraph: graph.ttl"


def test_viz_cli_options_reach_the_page(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "focus.html"
    args = ["viz", "-g", str(graph_file), "-o", str(out), "--focus", "Valley Front", "--hops", "1"]
    args += ["--class", "Country", "--class", "armed group", "--relation", "holdsTalksWith"]
    args += ["--since", "2024-03-01", "--until", "2024-03-31", "--title", "Front"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = _payload(out)
    assert data["meta"]["focus"]["hops"] == 1
    assert data["meta"]["defaults"]["classes"] == ["ArmedGroup", "Country"]
    assert data["meta"]["defaults"]["until"] == "2024-03-31"
    assert "Freedonia" in {n["label"] for n in data["nodes"]}
    assert "Sylvania" not in {n["label"] for n in data["nodes"]}


def test_viz_cli_max_nodes_reports_what_was_left_out(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "small.html"
    result = runner.invoke(app, ["viz", "-g", str(graph_file), "-o", str(out), "--max-nodes", "4"])
    assert result.exit_code == 0, result.output
    assert "4 nodes" in result.output and f"{NODE_COUNT - 4} left out" in result.output


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (None, ".ttl", "no such file"),
        ("", ".ttl", "empty"),
        ("this is not turtle <<<", ".ttl", "not valid"),
        ("x", ".docx", "unknown RDF file suffix"),
    ],
)
def test_viz_cli_bad_graph_is_one_line_exit_2(
    tmp_path: Path, content: str | None, suffix: str, message: str
) -> None:
    path = tmp_path / f"graph{suffix}"
    if content is not None:
        path.write_text(content)
    out = tmp_path / "out.html"
    result = runner.invoke(app, ["viz", "--graph", str(path), "--out", str(out)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output
    assert not out.exists()


def test_viz_cli_unknown_focus_is_exit_2(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    result = runner.invoke(app, ["viz", "-g", str(graph_file), "-o", str(out), "--focus", "Mars"])
    assert result.exit_code == 2 and "no node named 'Mars'" in result.output
    assert not out.exists()


def test_viz_cli_real_subprocess(graph_file: Path, tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("kgraph")
    if not exe.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    out = tmp_path / "graph.html"
    done = subprocess.run(
        [str(exe), "viz", "--graph", str(graph_file), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    missing = subprocess.run(
        [str(exe), "viz", "--graph", str(tmp_path / "nope.ttl"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert "Traceback" not in missing.stderr
