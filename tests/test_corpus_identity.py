"""One node per real thing when many articles are built together (and into a store).

The articles are written for these tests: the same talks reported twice, two ceasefires
between the same states six months apart, one person spelled three ways, descriptions with
and without a clear referent. The graph is queried with pyoxigraph's SPARQL engine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest

from kgraph.build_job import BuildOptions, run_build
from kgraph.extract.resolve import is_generic_label
from kgraph.gazetteer import Gazetteer

ARTICLES = {
    "talks_first.txt": (
        "2024-05-10",
        "Sudan and South Sudan held talks in Geneva on Thursday over the disputed border, "
        "officials said.\n\nSudanese Foreign Minister Ali Youssef Ahmed said the talks in "
        "Geneva were constructive. The government wants a quick deal, he said.",
    ),
    "talks_second.txt": (
        "2024-05-11",
        "Delegations from Sudan and South Sudan held talks in Geneva on Thursday, diplomats "
        "said.\n\nForeign Minister Ali Yousef Ahmed told reporters the talks would resume "
        "next month.",
    ),
    "talks_third.txt": (
        "2024-05-12",
        "South Sudan and Sudan held talks in Geneva on Friday, a day after their foreign "
        "ministers met, according to Sudanese Foreign Minister Ali Yusuf Ahmed.",
    ),
    "ceasefire_march.txt": (
        "2024-03-02",
        "Ethiopia and Eritrea agreed to a ceasefire on Friday after weeks of clashes along "
        "their border, the African Union said.",
    ),
    "ceasefire_september.txt": (
        "2024-09-14",
        "Ethiopia and Eritrea agreed to a ceasefire on Friday, six months after an earlier "
        "truce collapsed, the African Union said. The rebels in the border area were not "
        "part of the deal.",
    ),
}

PREFIXES = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def _write(folder: Path, names: list[str]) -> list[Path]:
    paths = []
    for name in names:
        published, text = ARTICLES[name]
        path = folder / name
        path.write_text(f"---\npublished: {published}\n---\n{text}\n", encoding="utf-8")
        paths.append(path)
    return paths


def _store(graph_path: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(graph_path), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def _select(store: pyoxigraph.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in store.query(PREFIXES + query)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> pyoxigraph.Store:
    folder = tmp_path_factory.mktemp("corpus")
    paths = _write(folder, sorted(ARTICLES))
    run_build(paths, BuildOptions(out=folder / "out", html=False))
    return _store(folder / "out" / "graph.ttl")


def _events(store: pyoxigraph.Store, cls: str) -> list[tuple[str, ...]]:
    return _select(
        store,
        f"SELECT ?e (MAX(?d) AS ?day) (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?e a kg:{cls} . "
        "OPTIONAL { ?e kg:date ?d } OPTIONAL { ?e prov:wasDerivedFrom ?s } } GROUP BY ?e",
    )


def test_the_same_talks_reported_three_times_are_one_node(corpus):
    talks = _events(corpus, "Talks")
    assert len(talks) == 1
    _, day, sentences = talks[0]
    assert day == "2024-05-09"  # the first report's day; one date per node
    assert int(sentences) >= 3  # each report still points to its own sentence


def test_each_statement_keeps_its_own_sentence(corpus):
    rows = _select(
        corpus,
        "SELECT DISTINCT ?sentence WHERE { ?st a kg:Statement ; "
        "rdf:predicate kg:holdsTalksWith ; prov:wasDerivedFrom ?sentence }",
    )
    assert len(rows) >= 3


def test_two_ceasefires_months_apart_stay_two_nodes(corpus):
    ceasefires = _events(corpus, "CeasefireAgreement")
    days = sorted(day for _, day, _ in ceasefires)
    assert days == ["2024-03-01", "2024-09-13"]


def test_no_entity_is_labelled_with_a_bare_common_noun(corpus):
    gazetteer = Gazetteer.load()
    labels = _select(
        corpus,
        "SELECT ?label WHERE { ?e rdfs:label ?label ; kg:mentionedIn ?doc }",
    )
    generic = [label for (label,) in labels if is_generic_label(label, gazetteer)]
    assert generic == []


def test_no_name_is_split_across_nodes(corpus):
    rows = _select(corpus, "SELECT ?e ?label WHERE { ?e rdfs:label ?label ; kg:mentionedIn ?d }")
    nodes: dict[str, set[str]] = {}
    for node, label in rows:
        nodes.setdefault(re.sub(r"\W+", " ", label.lower()).strip(), set()).add(node)
    assert {name: n for name, n in nodes.items() if len(n) > 1} == {}


def test_one_person_spelled_three_ways_is_one_node(corpus):
    people = _select(corpus, "SELECT DISTINCT ?p WHERE { ?p a kg:Person }")
    assert len(people) == 1


def test_an_added_article_attaches_to_the_event_a_store_holds(tmp_path):
    first = _write(tmp_path, ["talks_first.txt"])
    second = _write(tmp_path, ["talks_third.txt"])
    store = f"oxigraph:{tmp_path / 'store'}"
    run_build(first, BuildOptions(out=tmp_path / "out1", html=False, store=store))
    run_build(second, BuildOptions(out=tmp_path / "out2", html=False, store=store))
    talks = _events(_store(tmp_path / "out2" / "graph.ttl"), "Talks")
    assert len(talks) == 1


def test_an_added_article_joins_the_people_and_groups_a_store_holds(tmp_path):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(
        "General Yasir Dagalo of the Northern Liberation Front (NLF) met the envoy in "
        "Khartoum on Monday.\n",
        encoding="utf-8",
    )
    second.write_text(
        "General Yasir Daglo said on Tuesday that the NLF would attend the next meeting.\n",
        encoding="utf-8",
    )
    store = f"oxigraph:{tmp_path / 'store'}"
    run_build([first], BuildOptions(out=tmp_path / "out1", html=False, store=store))
    run_build([second], BuildOptions(out=tmp_path / "out2", html=False, store=store))
    graph = _store(tmp_path / "out2" / "graph.ttl")
    assert len(_select(graph, "SELECT DISTINCT ?p WHERE { ?p a kg:Person }")) == 1
    groups = _select(
        graph,
        "SELECT DISTINCT ?g WHERE { ?g rdfs:label|<http://www.w3.org/2004/02/skos/core#altLabel>"
        ' "NLF" }',
    )
    assert len(groups) == 1
