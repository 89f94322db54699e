"""A big graph read through pyoxigraph: the page reads only the kept nodes' part of it, and
shows what reading the whole graph shows."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kgraph.corpus import rdflib_view
from kgraph.viz import build_page
from kgraph.viz.synthetic import synthetic_graph
from kgraph.viz.terms import KG, KGR


def _payload(html: str) -> dict:
    import json

    match = re.search(
        r'<script id="kgraph-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match
    return json.loads(match.group(1))


def _on_pyoxigraph(graph):
    store = ox.Store()
    data = graph.serialize(format="nt", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return rdflib_view(store)


def _with_places(graph):
    """The synthetic graph plus the secondary links the scene reads: where events and stated
    relations happened, and what belongs to what."""
    for i in range(0, 40, 2):
        graph.add((KGR[f"event/v{i}"], KG.place, KGR[f"entity/e{3 * i + 1}"]))
    for i in range(0, 300, 3):
        graph.add((KGR[f"statement/st{i}"], KG.place, KGR[f"entity/e{(7 * i) % 300}"]))
    for i in range(100, 160):
        graph.add((KGR[f"entity/e{i}"], KG.belongsTo, KGR[f"entity/e{i % 9}"]))
    return graph


@pytest.mark.parametrize("size_by", ["degree", "betweenness"])
def test_viz_large_kept_part_draws_the_same_page(size_by: str) -> None:
    graph = _with_places(synthetic_graph(400, seed=5))
    whole = build_page(graph, max_nodes=60, size_by=size_by)
    kept = build_page(_on_pyoxigraph(graph), max_nodes=60, size_by=size_by)
    assert (kept.nodes, kept.edges) == (whole.nodes, whole.edges) == (60, kept.edges)
    assert (kept.total_nodes, kept.total_edges) == (whole.total_nodes, whole.total_edges)
    ours, theirs = _payload(kept.html), _payload(whole.html)
    assert ours["meta"]["notice"] == theirs["meta"]["notice"]
    # A node lists the articles of its links; links to nodes left out are not read, so only the
    # articles it is mentioned in or linked in to kept nodes show (kgraph's own graphs record
    # kg:mentionedIn for every article an entity appears in, so they lose nothing).
    for mine, whole_node in zip(ours["nodes"], theirs["nodes"], strict=True):
        assert set(mine["kg"].pop("docs")) <= set(whole_node["kg"].pop("docs"))
    assert ours["nodes"] == theirs["nodes"]  # ids, labels, sizes, positions, provenance
    assert ours["edges"] == theirs["edges"]  # claims and their evidence included


def test_viz_large_small_graph_reads_everything() -> None:
    graph = synthetic_graph(40, seed=2)
    page = build_page(_on_pyoxigraph(graph), max_nodes=100)
    assert page.nodes == page.total_nodes == 40
    assert _payload(page.html)["meta"]["notice"] is None


def test_viz_large_layout_is_the_same_in_every_process() -> None:
    # A component above the size networkx lays out goes to kgraph's own force layout, whose
    # float sums once followed the edge order of the kept nodes' set, which Python changes
    # per process.
    import os
    import subprocess
    import sys

    from kgraph.viz import layout

    script = (
        "import sys\n"
        "from kgraph.viz import build_page\n"
        "from kgraph.viz.synthetic import synthetic_graph\n"
        "graph = synthetic_graph(2 * int(sys.argv[1]) + 100, seed=3)\n"
        "page = build_page(graph, max_nodes=int(sys.argv[1]))\n"
        "sys.stdout.write(page.html)\n"
    )
    size = layout._SMALL + 50  # kept: under half the graph, so networkx walks the kept set
    pages = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", script, str(size)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        pages.add(done.stdout)
    assert len(pages) == 1
    positions = [(n["x"], n["y"]) for n in _payload(pages.pop())["nodes"]]
    assert len(set(positions)) == len(positions)  # laid out, not stacked
