"""The HTML view without a browser: what it reads from RDF and what the page file holds."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF, RDFS
from test_viz_fixture import (
    ARMY,
    EDGE_COUNT,
    FREEDONIA,
    FRONT,
    HELMETS,
    KG,
    NODE_COUNT,
    PAYLOADS,
    PORT,
    SYLVANIA,
    TALKS,
    TRUCE,
    VALLEY,
    contract_graph,
    xss_graph,
)

from kgraph.errors import InputError
from kgraph.viz import build_page, render_html, show, write_html
from kgraph.viz.labels import split_camel
from kgraph.viz.scene import read_scene
from kgraph.viz.synthetic import synthetic_graph


def _payload(html: str) -> dict:
    match = re.search(
        r'<script id="kgraph-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "data block missing"
    return json.loads(match.group(1))


def test_viz_scene_reads_nodes_classes_and_names() -> None:
    scene = read_scene(contract_graph())
    assert len(scene.nodes) == NODE_COUNT
    freedonia = scene.nodes[str(FREEDONIA)]
    assert (freedonia.cls, freedonia.kind) == ("Country", "entity")
    assert freedonia.names == ["Freedonia", "Freedonian side"]
    assert freedonia.geonames == ["https://sws.geonames.org/1234567/"]
    assert scene.nodes[str(PORT)].point == "POINT(10.5 20.25)"
    assert scene.nodes[str(ARMY)].part_of == ["Freedonia"]
    truce = scene.nodes[str(TRUCE)]
    assert (truce.cls, truce.kind, truce.date) == ("CeasefireAgreement", "event", "2024-03-02")
    assert "brokered by Blue Helmets" in truce.evidence[0].text


def test_viz_scene_links_carry_statements_with_relative_spans() -> None:
    scene = read_scene(contract_graph())
    assert len(scene.links) == EDGE_COUNT
    mediated = next(k for k in scene.links if k.predicate == "mediated")
    assert (mediated.source, mediated.target) == (str(HELMETS), str(TRUCE))
    (claim,) = mediated.claims
    text = claim.evidence.text
    assert text[claim.evidence.start : claim.evidence.end] == "brokered"
    assert claim.date.startswith("2024-03-02T09:00:00") and claim.date_text == "early on 2 March"
    operation = next(k for k in scene.links if k.predicate == "launchedOperationAgainst")
    span = operation.claims[0].evidence
    assert span.text[span.start : span.end] == "began an offensive"  # sentence starts at 80
    assert operation.claims[0].place == "the Valley"


def test_viz_scene_merges_symmetric_and_marks_denials() -> None:
    scene = read_scene(contract_graph())
    ceasefire = [k for k in scene.links if k.predicate == "agreedToCeasefire"]
    assert len(ceasefire) == 1 and len(ceasefire[0].claims) == 2 and ceasefire[0].symmetric
    denial = next(k for k in scene.links if k.predicate == "deniesPresence")
    assert denial.negative and denial.claims[0].said_by == "Sylvania"
    assert (denial.source, denial.target) == (str(SYLVANIA), str(VALLEY))
    # The negated "attacked" statement has no direct edge, so it draws nothing.
    assert not [k for k in scene.links if k.predicate == "attacked"]
    parties = {(k.source, k.target) for k in scene.links if k.kind == "party"}
    assert (str(TRUCE), str(FRONT)) in parties and len(parties) == 4


def test_viz_scene_draws_places_and_belongs_to_as_secondary_links() -> None:
    scene = read_scene(contract_graph())
    secondary = {(k.source, k.predicate, k.target): k for k in scene.links if k.kind != "relation"}
    talks_at = secondary[(str(TALKS), "place", str(PORT))]  # an event's kg:place
    assert (talks_at.kind, talks_at.label) == ("place", "place")
    assert "held talks in Port City" in talks_at.evidence[0].text
    # A statement's kg:place goes from its subject, with the statement's sentence and date.
    operation_at = secondary[(str(ARMY), "place", str(VALLEY))]
    (evidence,) = operation_at.evidence
    assert evidence.text[evidence.start : evidence.end] == "began an offensive"
    assert evidence.date == "2024-03-01"
    belongs = secondary[(str(ARMY), "belongsTo", str(FREEDONIA))]
    assert (belongs.kind, belongs.label, belongs.evidence) == ("belongsTo", "belongs to", [])
    kinds = sorted(k.kind for k in scene.links if k.kind != "relation")
    assert kinds == ["belongsTo", "party", "party", "party", "party", "place", "place", "place"]


def test_viz_scene_negated_statement_draws_no_place() -> None:
    g = contract_graph()
    for predicate in (KG.attacked, KG.deniesPresence):  # attacked: negated, no direct edge
        for statement in g.subjects(RDF.predicate, predicate):
            g.add((statement, KG.place, PORT))
    scene = read_scene(g)
    places = {(k.source, k.target) for k in scene.links if k.kind == "place"}
    assert (str(FREEDONIA), str(PORT)) not in places
    assert (str(SYLVANIA), str(PORT)) in places  # the denial is drawn, so is its place


def test_viz_page_secondary_links_are_a_relation_filter() -> None:
    data = _payload(render_html(contract_graph(), relations=["place", "belongs to"]))
    assert data["meta"]["defaults"]["relations"] == ["belongsTo", "place"]
    ids = [r["id"] for r in data["meta"]["relations"]]
    assert ids[-3:] == ["party", "place", "belongsTo"]  # after the relations, in this order
    place = next(e for e in data["edges"] if e["kg"]["predicate"] == "place")
    assert place["title"] == "where it took place" and place["dashes"]


def test_viz_scene_reads_a_dataset_of_named_graphs() -> None:
    ds = Dataset()
    named = ds.graph("https://w3id.org/kgraph/resource/graph/a")
    for triple in contract_graph():
        named.add(triple)
    scene = read_scene(ds)
    assert len(scene.nodes) == NODE_COUNT and len(scene.links) == EDGE_COUNT


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("deniesPresence", "denies presence"),
        ("launchedOperationAgainst", "launched operation against"),
        ("PeacekeepingForce", "peacekeeping force"),
        ("mediated", "mediated"),
    ],
)
def test_viz_labels_split_camel_case(name: str, label: str) -> None:
    assert split_camel(name) == label


def test_viz_labels_prefer_the_graphs_own_label() -> None:
    g = contract_graph()
    g.add(
        (
            HELMETS.__class__("https://w3id.org/kgraph/ontology#mediated"),
            RDFS.label,
            Literal("brokered", lang="en"),
        )
    )
    scene = read_scene(g)
    assert next(k for k in scene.links if k.predicate == "mediated").label == "brokered"


def test_viz_page_is_self_contained() -> None:
    html = render_html(contract_graph(), title="Test")
    # No element may load anything from the web: no src/href/url() pointing at http(s) or //.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"@import", html)
    assert "bootstrap" not in html.lower()
    assert "Content-Security-Policy" in html and "default-src 'none'" in unescape(html)
    assert len(re.findall(r"^<script", html, re.M)) == 3  # data block, vis-network, explorer


def test_viz_page_payload_matches_the_graph() -> None:
    data = _payload(render_html(contract_graph()))
    assert len(data["nodes"]) == NODE_COUNT and len(data["edges"]) == EDGE_COUNT
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    denial = next(e for e in data["edges"] if e["kg"]["predicate"] == "deniesPresence")
    assert denial["dashes"] and denial["color"]["color"] == "#c53030"
    legend = {c["id"] for c in data["meta"]["classes"]}
    assert {"Country", "CeasefireAgreement", "Talks", "City"} <= legend
    dates = [item["date"] for item in data["meta"]["timeline"]]
    assert dates == sorted(dates) and dates[0] == "2024-03-01"


def test_viz_page_is_deterministic() -> None:
    assert render_html(contract_graph()) == render_html(contract_graph())


def test_viz_page_escapes_markup_from_articles() -> None:
    html = render_html(xss_graph(), title="<script>window.__pwned=9</script>")
    for payload in PAYLOADS[:4]:
        assert payload not in html
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned=9" in html  # the title, escaped by the template
    data = _payload(html)
    assert any(PAYLOADS[0] in n["label"] for n in data["nodes"])  # kept as text


def test_viz_page_written_in_pieces_is_the_page_as_one_json_text() -> None:
    from kgraph.viz.page import _safe_json

    page = build_page(xss_graph(), title="Pieces")
    whole = page.head + _safe_json(page.data) + page.tail
    assert page.html == whole
    assert len(list(page.chunks())) > len(page.data["nodes"]) + len(page.data["edges"])
    assert _payload(whole)["nodes"] == page.data["nodes"]


def test_viz_page_caps_nodes_and_says_how_many_were_left_out() -> None:
    graph = synthetic_graph(300, seed=3)
    page = build_page(graph, max_nodes=120)
    assert (page.nodes, page.total_nodes, page.left_out) == (120, 300, 180)
    data = _payload(page.html)
    assert "180 left out" in data["meta"]["notice"]
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_viz_page_focus_keeps_the_neighbourhood() -> None:
    page = build_page(contract_graph(), focus="Blue Helmets", hops=1)
    data = _payload(page.html)
    assert {n["label"] for n in data["nodes"]} == {"Blue Helmets", "truce"}
    page2 = build_page(contract_graph(), focus="freedonian side", hops=1)  # an altLabel
    assert _payload(page2.html)["meta"]["focus"]["node"] == str(FREEDONIA)


@pytest.mark.parametrize(
    "options",
    [
        {"focus": "Atlantis"},
        {"classes": ["Planet"]},
        {"relations": ["invaded"]},
        {"since": "last week"},
        {"max_nodes": 0},
    ],
)
def test_viz_page_rejects_bad_options(options: dict) -> None:
    with pytest.raises(InputError):
        build_page(contract_graph(), **options)


def test_viz_page_accepts_filter_defaults_by_name_or_label() -> None:
    data = _payload(
        render_html(
            contract_graph(),
            classes=["country", "Peacekeeping force"],
            relations=["deniesPresence"],
            since="2024-03-01",
        )
    )
    assert data["meta"]["defaults"] == {
        "classes": ["Country", "PeacekeepingForce"],
        "relations": ["deniesPresence"],
        "since": "2024-03-01",
        "until": None,
    }


def test_viz_write_html_is_atomic(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    out.write_text("old page")
    with pytest.raises(InputError):
        write_html(contract_graph(), out, focus="Atlantis")
    assert out.read_text() == "old page"
    page = write_html(contract_graph(), out)
    assert out.read_text(encoding="utf-8") == page.html
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_viz_show_returns_an_inline_iframe() -> None:
    pytest.importorskip("IPython")
    shown = show(contract_graph(), height=500)
    markup = shown.data
    assert markup.startswith("<div><iframe srcdoc=") and "height:500px" in markup
    assert "<script" not in markup  # the whole page is inside the escaped attribute


def test_viz_empty_graph_renders() -> None:
    data = _payload(render_html(Graph()))
    assert data["nodes"] == [] and data["edges"] == []


def test_viz_page_sizes_by_betweenness() -> None:
    # Freedonia bridges the Valley/Sylvania side to the rest, so it is drawn largest.
    data = _payload(render_html(contract_graph(), size_by="betweenness"))
    sizes = {n["label"]: n["size"] for n in data["nodes"]}
    assert max(sizes, key=sizes.get) in {"Freedonia", "Valley Front"}
    assert sizes["Port City"] == min(sizes.values())
    assert data["meta"]["sizeBy"] == "betweenness"
