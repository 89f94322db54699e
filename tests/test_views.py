"""Kept answers of the bundled queries beside an oxigraph store, and paged query output."""

from __future__ import annotations

import json
import shutil

import pytest
from rdflib import Literal
from typer.testing import CliRunner

from kgraph.cli import app
from kgraph.query import bundled_query, list_bundled
from kgraph.stores import open_store
from kgraph.views import VIEWS_FOLDER, per_node, read_entity_view, read_view, refresh_views

runner = CliRunner()
PARAMETER_FREE = [n for n in list_bundled() if not bundled_query(n).requires]
KEPT = [*PARAMETER_FREE, "relations-of"]  # relations-of is kept per entity

ANOTHER_ARTICLE = """<https://w3id.org/kgraph/resource/entity/freedonia-0001> \
<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kgraph/ontology#Country> .
<https://w3id.org/kgraph/resource/entity/freedonia-0001> \
<http://www.w3.org/2000/01/rdf-schema#label> "Freedonia" .
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("views")
    result = runner.invoke(
        app,
        ["build", "--example", "--out", str(root / "out"), "--no-html", "--store", str(root / "s")],
    )
    assert result.exit_code == 0, result.output
    assert f"answers of {len(KEPT)} bundled queries kept" in result.output
    return root


@pytest.fixture()
def store_copy(built, tmp_path):
    shutil.copytree(built / "s", tmp_path / "s")
    return tmp_path / "s"


def _live_json(store_path, name: str, suffix: str = "") -> dict:
    with open_store(store_path, read_only=True) as store:
        text = bundled_query(name).text + suffix
        return json.loads(store.query(text).serialize("json"))


def _cli_json(store_path, name: str, *extra: str) -> dict:
    result = runner.invoke(
        app, ["query", "--name", name, "--store", str(store_path), "-f", "json", *extra]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_views_build_keeps_one_answer_per_parameter_free_query(built):
    kept = sorted(p.name for p in (built / "s" / VIEWS_FOLDER).glob("*.jsonl"))
    assert kept == sorted(f"{name}.jsonl" for name in KEPT)
    assert (built / "s" / VIEWS_FOLDER / "relations-of.index.json").is_file()


def _live_entity_json(store_path, entity) -> dict:
    with open_store(store_path, read_only=True) as store:
        text = bundled_query("relations-of").text
        return json.loads(store.query(text, {"entity": entity}).serialize("json"))


@pytest.mark.parametrize(
    "entity",
    [
        "Armenia",
        "azerbaijan",  # labels match case-insensitively
        "Russian peacekeeping force",
        "separatist forces",  # an alternative label
        "Nobody Of That Name",
    ],
)
def test_views_relations_of_is_kept_per_entity(built, entity):
    with open_store(built / "s", read_only=True) as store:
        kept = read_entity_view(
            store, "relations-of", bundled_query("relations-of").text, Literal(entity)
        )
    assert kept is not None
    answer = _cli_json(built / "s", "relations-of", "--bind", f"entity={entity}")
    assert answer == _live_entity_json(built / "s", Literal(entity))
    assert kept[1] == len(answer["results"]["bindings"])
    if entity != "Nobody Of That Name":
        assert kept[1] > 0


def test_views_relations_of_by_iri_and_paged(built):
    with open_store(built / "s", read_only=True) as store:
        rows = store.query("SELECT ?e WHERE { ?e rdfs:label 'Azerbaijan' }").rows()
        [iri] = [row[0] for row in rows]
    whole = _live_entity_json(built / "s", iri)["results"]["bindings"]
    assert len(whole) > 3
    page = _cli_json(built / "s", "relations-of", "--bind", f"entity=<{iri}>", "--limit", "2")
    assert page["results"]["bindings"] == whole[:2]
    page = _cli_json(
        built / "s", "relations-of", "--bind", f"entity=<{iri}>", "--limit", "2", "--offset", "2"
    )
    assert page["results"]["bindings"] == whole[2:4]


def test_views_a_name_of_several_nodes_merges_their_kept_rows(store_copy):
    twin = ANOTHER_ARTICLE.replace('"Freedonia"', '"Armenia"') + (
        "<https://w3id.org/kgraph/resource/event/twin-talks> "
        "<https://w3id.org/kgraph/ontology#party> "
        "<https://w3id.org/kgraph/resource/entity/freedonia-0001> .\n"
        "<https://w3id.org/kgraph/resource/event/twin-talks> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "talks" .\n'
    )
    with open_store(store_copy) as store:
        store.replace_graph("https://w3id.org/kgraph/resource/graph/twin", twin)
        refresh_views(store)  # type: ignore[arg-type]
        text = bundled_query("relations-of").text
        kept = read_entity_view(store, "relations-of", text, Literal("Armenia"))
    live = _live_entity_json(store_copy, Literal("Armenia"))
    assert kept is not None and kept[1] == len(live["results"]["bindings"])
    assert "freedonia" not in json.dumps(live) and '"talks"' in json.dumps(live)
    assert _cli_json(store_copy, "relations-of", "--bind", "entity=Armenia") == live
    page = _cli_json(
        store_copy, "relations-of", "--bind", "entity=Armenia", "--limit", "2", "--offset", "1"
    )
    assert page["results"]["bindings"] == live["results"]["bindings"][1:3]


def test_views_per_node_split_of_the_bundled_query():
    lookup, every = per_node(bundled_query("relations-of").text)
    assert "?entity" in lookup and "?entity" not in every[every.index("WHERE") :]
    assert "SELECT DISTINCT ?node ?direction" in every
    assert "ORDER BY ?node ?direction" in every
    assert per_node(bundled_query("claims").text) is None


@pytest.mark.parametrize("name", PARAMETER_FREE)
def test_views_kept_answer_equals_the_live_answer(built, name):
    assert read_view(built / "s", name, bundled_query(name).text) is not None
    assert _cli_json(built / "s", name) == _live_json(built / "s", name)


def test_views_pages_equal_live_limit_and_offset(built):
    kept = _cli_json(built / "s", "claims", "--limit", "3", "--offset", "2")
    live = _live_json(built / "s", "claims", "\nLIMIT 3 OFFSET 2")
    assert len(live["results"]["bindings"]) == 3
    assert kept == live


def test_views_table_page_tells_where_the_next_page_starts(built):
    total = len(_live_json(built / "s", "claims")["results"]["bindings"])
    assert total > 3
    result = runner.invoke(
        app, ["query", "-n", "claims", "--store", str(built / "s"), "--limit", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "(2 rows)" in result.stdout
    assert f"rows 1-2 of {total}; next page: --offset 2" in result.stderr


def test_views_every_write_drops_them_and_queries_answer_live(store_copy):
    with open_store(store_copy) as store:
        store.replace_graph("https://w3id.org/kgraph/resource/graph/freedonia", ANOTHER_ARTICLE)
    assert not (store_copy / VIEWS_FOLDER).exists()
    assert read_view(store_copy, "entities", bundled_query("entities").text) is None
    answer = runner.invoke(
        app, ["query", "-n", "entities", "--store", str(store_copy), "-f", "csv"]
    )
    assert answer.exit_code == 0 and "Freedonia" in answer.stdout
    with open_store(store_copy) as store:
        counts = refresh_views(store)  # type: ignore[arg-type]
    assert set(counts) == set(KEPT)
    assert _cli_json(store_copy, "entities") == _live_json(store_copy, "entities")
    assert "Freedonia" in json.dumps(_cli_json(store_copy, "entities"))


def test_views_a_changed_query_text_or_a_damaged_file_is_never_served(store_copy):
    text = bundled_query("claims").text
    assert read_view(store_copy, "claims", text) is not None
    assert read_view(store_copy, "claims", text + "\n# edited") is None
    (store_copy / VIEWS_FOLDER / "claims.jsonl").write_text("not json\n", encoding="utf-8")
    assert read_view(store_copy, "claims", text) is None
    assert _cli_json(store_copy, "claims") == _live_json(store_copy, "claims")


def test_views_rebuild_with_nothing_changed_keeps_them(built, tmp_path):
    marker = built / "s" / VIEWS_FOLDER / "fresh.json"
    before = marker.stat().st_mtime_ns
    result = runner.invoke(
        app,
        ["build", "--example", "--out", str(tmp_path), "--no-html", "--store", str(built / "s")],
    )
    assert result.exit_code == 0, result.output
    assert "1 unchanged skipped" in result.output
    assert marker.stat().st_mtime_ns == before


# --- paging any query, on a graph file ------------------------------------------------------
ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


def _graph_query(graph, *args: str):
    return runner.invoke(app, ["query", ALL_TRIPLES, "--graph", str(graph), *args])


def test_paging_table_shows_one_screen_and_csv_shows_all(built):
    graph = built / "out" / "graph.ttl"
    csv_all = _graph_query(graph, "-f", "csv")
    assert csv_all.exit_code == 0
    rows = csv_all.stdout.strip().splitlines()[1:]
    assert len(rows) > 150
    table = _graph_query(graph)
    assert "(100 rows)" in table.stdout
    assert "rows 1-100; next page: --offset 100" in table.stderr
    second = _graph_query(graph, "-f", "csv", "--limit", "1", "--offset", "1")
    assert second.stdout.strip().splitlines()[1:] == rows[1:2]
    everything = _graph_query(graph, "--limit", "0")
    assert f"({len(rows)} rows)" in everything.stdout
    assert everything.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--limit", "-1"], "--limit must be 0"),
        (["--offset", "-5"], "--offset must be 0"),
    ],
)
def test_paging_rejects_negative_pages(built, args, message):
    result = _graph_query(built / "out" / "graph.ttl", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_paging_a_query_with_its_own_limit(built):
    graph = built / "out" / "graph.ttl"
    own = "SELECT ?s WHERE { ?s a kg:Country } LIMIT 1"
    kept = runner.invoke(app, ["query", own, "--graph", str(graph)])
    assert kept.exit_code == 0 and "(1 row)" in kept.stdout
    clash = runner.invoke(app, ["query", own, "--graph", str(graph), "--limit", "5"])
    assert clash.exit_code == 2
    assert "has its own LIMIT/OFFSET" in clash.output
