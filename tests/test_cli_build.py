"""`kgraph build` through typer's runner and as a real installed command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kgraph.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(
        app,
        [
            "build",
            "--example",
            "--validate",
            "--out",
            str(out),
            "--format",
            "nt",
            "--format",
            "jsonld",
            "--format",
            "nq",
        ],
    )
    assert result.exit_code == 0, result.output
    return out, result.output


def test_build_writes_turtle_html_and_extra_formats(built):
    out, _ = built
    for name in ("graph.ttl", "graph.html", "graph.nt", "graph.jsonld", "graph.nq"):
        assert (out / name).stat().st_size > 0
    ttl = Graph().parse(out / "graph.ttl")
    assert len(ttl) == len(Graph().parse(out / "graph.nt"))
    assert len(ttl) == len(Graph().parse(out / "graph.jsonld", format="json-ld"))


def test_build_prints_a_summary(built):
    _, output = built
    assert "documents: 1" in output
    assert "Country" in output and "mediated" in output
    assert "triples:" in output and "seconds:" in output
    assert "shacl: conforms" in output  # the build checks its own output against the shapes


def test_build_html_has_no_remote_resources(built):
    out, _ = built
    html = (out / "graph.html").read_text(encoding="utf-8")
    # Licence comments inside the inlined library may name URLs; nothing may load one.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert not re.search(r"""@import|url\(\s*["']?(https?:)?//""", html, re.I)


def test_build_stdin(tmp_path):
    result = runner.invoke(
        app,
        ["build", "-", "--out", str(tmp_path), "--no-html"],
        input="Kenya mediated talks between Ethiopia and Eritrea.\n",
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.ttl").exists()


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: (d / "e.txt").write_text("") and d / "e.txt" or d / "e.txt", "empty"),
        (lambda d: (d / "b.txt").write_bytes(b"%PDF-1.7\x00\x01") and d / "b.txt", "binary"),
    ],
)
def test_build_bad_input_exits_2_with_one_line_and_no_output(tmp_path, setup, message):
    source = setup(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), "--out", str(out)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (out / "graph.ttl").exists()


def test_build_unknown_format_exits_2(tmp_path):
    result = runner.invoke(app, ["build", "--example", "--out", str(tmp_path), "--format", "docx"])
    assert result.exit_code == 2
    assert "unknown format" in result.output


def test_build_real_command_subprocess(tmp_path):
    exe = shutil.which("kgraph") or str(Path(sys.executable).with_name("kgraph"))
    done = subprocess.run(
        [exe, "build", "--example", "--out", str(tmp_path), "--no-html"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "graph.ttl").exists()
    bad = subprocess.run(
        [exe, "build", str(tmp_path / "nope.txt"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "Traceback" not in bad.stderr


@pytest.mark.parametrize("value", ["null", "unknown", "0023-03-06"])
def test_build_article_with_unreadable_date_is_built_with_one_warning(tmp_path, value):
    article = tmp_path / "talks.txt"
    article.write_text(
        f"---\ntitle: Talks\npublished: {value}\n---\n"
        "Kenya mediated talks between Ethiopia and Eritrea in Nairobi last week.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(article), "--out", str(out), "--no-html"])
    assert result.exit_code == 0, result.output
    [warning] = [line for line in result.stderr.splitlines() if line.strip()]
    assert warning.startswith("warning: talks.txt: ") and repr(value) in warning
    graph = Graph().parse(out / "graph.ttl")
    assert len(graph) > 0
    issued = "http://purl.org/dc/terms/issued"
    assert not [t for t in graph if str(t[1]) == issued]
