"""`kgraph query --graph FILE` runs on pyoxigraph: answers, quad files, cache, safety."""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kgraph.cli  # noqa: F401 - registers every command on the app
from kgraph.cli.app import app
from kgraph.errors import InputError, QueryError
from kgraph.paging import Page, file_answer
from kgraph.stores import graphfile

sys.path.insert(0, str(Path(__file__).parent))
from test_query_fixture import ARM, AZE, write_contract  # noqa: E402

runner = CliRunner()
KG = "https://w3id.org/kgraph/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_query_file_group_concat_over_optional_runs(tmp_path: Path) -> None:
    # rdflib's engine stops on this standard query ("Variable l is not bound").
    path = tmp_path / "g.ttl"
    path.write_text(
        f'<http://e/a> a <{KG}Country> ; <{LABEL}> "Aland", "Ahvenanmaa" .\n'
        f"<http://e/b> a <{KG}Country> .\n",
        encoding="utf-8",
    )
    sparql = (
        'SELECT ?c (GROUP_CONCAT(DISTINCT ?l; separator="|") AS ?names) '
        "WHERE { ?c a kg:Country OPTIONAL { ?c rdfs:label ?l } } GROUP BY ?c ORDER BY ?c"
    )
    result = runner.invoke(app, ["query", sparql, "--graph", str(path), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout)
    assert [r["c"] for r in rows] == ["http://e/a", "http://e/b"]
    assert sorted(rows[0]["names"].split("|")) == ["Ahvenanmaa", "Aland"]
    assert rows[1]["names"] == ""


def test_query_file_answers_match_in_every_format(tmp_path: Path) -> None:
    path = write_contract(tmp_path)
    sparql = "SELECT ?e ?l WHERE { ?e a kg:Country ; rdfs:label ?l } ORDER BY ?l"
    page = Page(None, 0, explicit=False)
    text, _ = file_answer(path, sparql, {}, "csv", page=page)
    assert [r["e"] for r in csv_rows(text)] == [ARM, AZE]
    tsv, _ = file_answer(path, sparql, {}, "tsv", page=page)
    assert tsv.splitlines()[0] == "?e\t?l"
    assert tsv.splitlines()[1].startswith(f"<{ARM}>\t")
    table, note = file_answer(path, sparql, {}, "table", page=Page(1, 0, explicit=True))
    assert "(1 row)" in table and note is not None and "--offset 1" in note
    ask, _ = file_answer(path, "ASK { ?e a kg:Country }", {}, "table", page=page)
    assert ask == "true\n"
    turtle, _ = file_answer(path, "CONSTRUCT WHERE { ?e a kg:Country }", {}, "table", page=page)
    assert turtle.startswith("@prefix kg:") and "kg:Country" in turtle


def test_query_file_bindings_are_values(tmp_path: Path) -> None:
    path = write_contract(tmp_path)
    sparql = "SELECT ?e WHERE { ?e rdfs:label ?name }"
    page = Page(None, 0, explicit=False)
    text, _ = file_answer(path, sparql, {"name": "Armenia"}, "csv", page=page)
    assert [r["e"] for r in csv_rows(text)] == [ARM]
    hostile = 'Armenia" } ?x ?y ?z . FILTER("1'
    text, _ = file_answer(path, sparql, {"name": hostile}, "csv", page=page)
    assert csv_rows(text) == []
    with pytest.raises(QueryError, match="no variable"):
        file_answer(path, sparql, {"missing": "x"}, "csv", page=page)


def test_query_file_stays_read_only(tmp_path: Path) -> None:
    path = write_contract(tmp_path)
    before = path.read_bytes()
    page = Page(None, 0, explicit=False)
    with pytest.raises(QueryError, match="updates"):
        file_answer(path, "DELETE WHERE { ?s ?p ?o }", {}, "csv", page=page)
    with pytest.raises(QueryError, match="FROM"):
        file_answer(path, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", {}, "csv")
    with pytest.raises(QueryError, match="SERVICE"):
        file_answer(path, "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", {}, "csv")
    assert path.read_bytes() == before


def test_query_file_nquads_answer_the_union_once(tmp_path: Path) -> None:
    path = tmp_path / "g.nq"
    triple = f'<http://e/a> <{LABEL}> "A"'
    path.write_text(
        f"{triple} <http://g/1> .\n{triple} <http://g/2> .\n{triple} .\n", encoding="utf-8"
    )
    text, _ = file_answer(path, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}, "csv")
    assert csv_rows(text) == [{"n": "1"}]


def test_query_file_refuses_unsafe_rdf_xml(tmp_path: Path) -> None:
    path = tmp_path / "g.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY a "aaaa"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="DOCTYPE"):
        file_answer(path, "ASK { ?s ?p ?o }", {}, "csv")


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "is empty"), ("<http://e/a> <http://e/p> .\n", "not valid turtle")],
)
def test_query_file_bad_files_are_one_line_errors(tmp_path: Path, content: str, message: str):
    path = tmp_path / "g.ttl"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["query", "ASK { ?s ?p ?o }", "--graph", str(path)])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_query_file_cache_is_reused_and_follows_changes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KGRAPH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(graphfile, "CACHE_MIN_BYTES", 0)
    path = write_contract(tmp_path)
    count = "SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Country }"
    assert csv_rows(file_answer(path, count, {}, "csv")[0]) == [{"n": "2"}]
    kept = list((tmp_path / "cache" / "graphs").iterdir())
    assert len(kept) == 1 and kept[0].is_dir()
    assert csv_rows(file_answer(path, count, {}, "csv")[0]) == [{"n": "2"}]
    assert list((tmp_path / "cache" / "graphs").iterdir()) == kept
    # A changed file is loaded again, and the copy of its old version goes.
    with path.open("a", encoding="utf-8") as out:
        out.write(f"\n<http://e/c> a <{KG}Country> .\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert csv_rows(file_answer(path, count, {}, "csv")[0]) == [{"n": "3"}]
    now = list((tmp_path / "cache" / "graphs").iterdir())
    assert len(now) == 1 and now != kept
