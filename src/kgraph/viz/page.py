"""Assemble the page: scene -> pyvis Network (nodes, edges, options) -> our offline template.

pyvis builds the node and edge records and the vis-network options; we render them with our
own Jinja template (autoescaped) instead of pyvis's, which pulls Bootstrap from a CDN and
switches to innerHTML tooltips when a title contains "href".
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from importlib import resources
from typing import IO

import jinja2
import networkx as nx
from pyvis.network import Network
from rdflib import Graph

from kgraph.errors import InputError
from kgraph.viz import layout, style
from kgraph.viz.labels import split_camel
from kgraph.viz.scene import Claim, Evidence, Link, Node, Scene, read_scene
from kgraph.viz.terms import (
    BELONGS_LINK,
    ENTITY_CLASSES,
    EVENT_CLASSES,
    PARTY_LINKS,
    PLACE_LINK,
    RELATIONS,
    SECONDARY_LINKS,
)

DEFAULT_MAX_NODES = 1500
_MIN_SIZE, _MAX_SIZE = 10.0, 32.0
_BIG = 800  # above this many edges: straight edges and no edge labels until zoomed in


@dataclass(frozen=True, slots=True)
class Page:
    """The rendered page and what it holds. Its data stays objects until written: a big
    graph's page is tens of MB of text, and each whole copy of it (the JSON, its escaped form,
    the template filled in) would add to the build's peak memory."""

    head: str  # the page up to its data
    data: dict  # nodes, edges, options and meta, as the page's JSON holds them
    tail: str  # the page after its data
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int

    @property
    def left_out(self) -> int:
        return self.total_nodes - self.nodes

    @property
    def html(self) -> str:
        return "".join(self.chunks())

    def chunks(self) -> Iterator[str]:
        """The page's text in pieces, a node or edge of its data at a time."""
        yield self.head
        yield from _json_chunks(self.data)
        yield self.tail

    def write(self, handle: IO[str]) -> None:
        for chunk in self.chunks():
            handle.write(chunk)


def build_page(
    graph: Graph,
    *,
    title: str = "kgraph",
    max_nodes: int = DEFAULT_MAX_NODES,
    focus: str | None = None,
    hops: int = 1,
    size_by: str = "degree",
    classes: Sequence[str] | None = None,
    relations: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    height: str = "100vh",
) -> Page:
    """Render `graph` (kgraph RDF contract) as one self-contained HTML page."""
    if max_nodes < 1:
        raise InputError(f"max_nodes must be at least 1, got {max_nodes}")
    if hops < 0:
        raise InputError(f"hops must be 0 or more, got {hops}")
    if size_by not in ("degree", "betweenness"):
        raise InputError(f"size_by must be 'degree' or 'betweenness', got {size_by!r}")
    kept = None if focus else _kept_only(graph, max_nodes, size_by)
    if kept is not None:
        # A big graph read in pyoxigraph: only the kept nodes' part of it is read as a scene.
        scene = read_scene(kept.graph)
        total_nodes, total_edges = kept.totals
    else:
        scene = read_scene(graph)
        total_nodes, total_edges = len(scene.nodes), len(scene.links)
    full = layout.build_graph(scene.nodes, ((k.source, k.target) for k in scene.links))

    focus_id = None
    if focus:
        focus_id = _find_node(scene, focus)
        keep = set(nx.ego_graph(full, focus_id, radius=hops))
        scene = _restrict(scene, keep)
        full = full.subgraph(keep).copy()

    if kept is not None:
        # Sizes and the notice follow the whole graph's ranking, as on the path below.
        scores = {node: kept.scores.get(node, 0.0) for node in scene.nodes}
        notice: str | None = _notice(max_nodes, total_nodes - max_nodes, size_by)
    else:
        scores = layout.centrality(full, size_by)
        notice = None
    if len(scene.nodes) > max_nodes:
        top = set(layout.top_nodes(scores, max_nodes))
        if focus_id:
            top.add(focus_id)
        dropped = len(scene.nodes) - len(top)
        scene = _restrict(scene, top)
        full = full.subgraph(top).copy()
        if kept is None:  # else the kept part's neighbours were cut, not the graph's nodes
            notice = _notice(len(top), dropped, size_by)
    elif focus_id:
        notice = None

    positions = layout.layout(full)
    net = _network(scene, scores, positions, height)
    nodes, edges, _, _, _, options_json = net.get_network_data()
    meta = _meta(
        scene,
        title=title,
        notice=notice,
        totals=(total_nodes, total_edges),
        focus=(focus_id, hops) if focus_id else None,
        defaults={
            "classes": _check_names(classes, ENTITY_CLASSES + EVENT_CLASSES, "class"),
            "relations": _check_names(relations, RELATIONS + SECONDARY_LINKS, "relation"),
            "since": _check_date(since, "since"),
            "until": _check_date(until, "until"),
        },
        size_by=size_by,
    )
    payload = {"nodes": nodes, "edges": edges, "options": json.loads(options_json), "meta": meta}
    head, tail = _render(title)
    return Page(head, payload, tail, len(nodes), len(edges), total_nodes, total_edges)


def _notice(kept: int, dropped: int, size_by: str) -> str:
    return (
        f"Showing the {kept:,} most connected of {kept + dropped:,} nodes "
        f"({dropped:,} left out, ranked by {size_by}). Raise --max-nodes to see more."
    )


# --- big graphs: read only what is kept -------------------------------------------------------


@dataclass(frozen=True)
class _Kept:
    graph: Graph  # the kept nodes' part of the graph
    totals: tuple[int, int]  # nodes and links of the whole graph
    scores: dict[str, float]  # centrality over the whole graph


def _kept_only(graph: Graph, max_nodes: int, size_by: str) -> _Kept | None:
    """For a graph backed by pyoxigraph with more nodes than `max_nodes`: rank the nodes on the
    links alone (one query), then copy out only what the scene reads about the kept ones (their
    triples, the statements between them, the sentences and articles those cite, the labels of
    what they point at). Reading the scene then costs the kept part, not the whole graph.
    None for other graphs, and when every node is kept anyway."""
    from kgraph.corpus import native_store, rdflib_view

    store = native_store(graph)
    if store is None:
        return None
    pairs, nodes = _links_and_nodes(store)
    if len(nodes) <= max_nodes:
        return None
    full = layout.build_graph(nodes, ((s, o) for s, _, o in pairs))
    scores = layout.centrality(full, size_by)
    kept = set(layout.top_nodes(scores, max_nodes))
    sub = _kept_part(store, kept)
    return _Kept(rdflib_view(sub), (len(nodes), len(pairs)), scores)


_KG = "https://w3id.org/kgraph/ontology#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
)
# What a kept node, statement or sentence points at whose own description the scene reads.
_DESCRIBED = (
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    "http://purl.org/dc/terms/isPartOf",
    _KG + "mentionedIn",
    "http://www.opengis.net/ont/geosparql#hasGeometry",
)


def _links_and_nodes(store) -> tuple[set[tuple[str, str, str]], set[str]]:
    """The scene's links and nodes as kgraph.viz.scene reads them, from four queries: relation,
    party and belongsTo links between IRIs; the kg:place of a node; the kg:place of a statement
    whose relation is drawn (a link from its subject); every subject of a class the view
    draws."""

    def iris(names) -> str:
        return " ".join(f"<{_KG}{name}>" for name in names)

    direct = (*RELATIONS, *PARTY_LINKS, BELONGS_LINK)
    pairs = {
        (s.value, p.value, o.value)
        for s, p, o in store.query(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {iris(direct)} }} ?s ?p ?o "
            f"FILTER(isIRI(?s) && isIRI(?o) && (?s != ?o || ?p IN ({_commas(RELATIONS)}))) }}"
        )
    }
    typed = store.query(
        f"SELECT DISTINCT ?s WHERE {{ VALUES ?c {{ {iris(ENTITY_CLASSES + EVENT_CLASSES)} }} "
        "?s a ?c FILTER(isIRI(?s)) }"
    )
    nodes = {row[0].value for row in typed}
    nodes.update(end for s, _, o in pairs for end in (s, o))
    place = _KG + PLACE_LINK
    held = store.query(
        f"SELECT ?h ?at WHERE {{ ?h <{place}> ?at FILTER(isIRI(?h) && isIRI(?at) && ?h != ?at) "
        f"FILTER NOT EXISTS {{ ?h a <{_KG}Statement> }} }}"
    )
    stated = store.query(
        f"SELECT DISTINCT ?h ?at WHERE {{ ?st a <{_KG}Statement> ; <{_RDF}subject> ?h ; "
        f"<{_RDF}predicate> ?p ; <{_RDF}object> ?o ; <{place}> ?at . "
        f"VALUES ?p {{ {iris(RELATIONS)} }} {{ ?h ?p ?o }} UNION {{ ?o ?p ?h }} "
        "FILTER(isIRI(?h) && isIRI(?at) && ?h != ?at) }"
    )
    places = {(h.value, place, at.value) for h, at in held if h.value in nodes}
    places.update((h.value, place, at.value) for h, at in stated)
    pairs |= places
    nodes.update(end for s, _, o in places for end in (s, o))
    return pairs, nodes


def _commas(names) -> str:
    return ", ".join(f"<{_KG}{name}>" for name in names)


def _kept_part(store, kept: set[str]):
    """A small in-memory store with what the scene reads about the kept nodes.

    Quads go into it a subject at a time: the kept part of a big graph is most of its
    statements and sentences, and a list of them all as Python objects would double the page's
    peak memory."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    sub = ox.Store()
    described: set = set()  # sentences, articles, geometries: copied whole
    named: set = set()  # anything else pointed at (a neighbour left out): its labels only
    rdf_type = _RDF + "type"
    types: set = set()  # the classes of what was copied

    def take(subject) -> None:
        quads = list(store.quads_for_pattern(subject, None, None, default))
        for quad in quads:
            if isinstance(quad.object, ox.NamedNode):
                predicate = quad.predicate.value
                if predicate == rdf_type:
                    types.add(quad.object)
                (described if predicate in _DESCRIBED else named).add(quad.object)
        sub.extend(quads)

    # The kept nodes with their links out (a neighbour left out becomes a bare node that the
    # page then leaves out again, so the links a node's own statements place stay right), and
    # the statements made about them that show: those about two kept nodes, and those with a
    # place (drawn as a link from their subject).
    subject_of = ox.NamedNode(_RDF + "subject")
    object_of = ox.NamedNode(_RDF + "object")
    place = ox.NamedNode(_KG + PLACE_LINK)
    for iri in sorted(kept):
        node = ox.NamedNode(iri)
        take(node)
        for claim in store.quads_for_pattern(None, subject_of, node, default):
            ends = store.quads_for_pattern(claim.subject, object_of, None, default)
            between = any(
                e.object.value in kept for e in ends if isinstance(e.object, ox.NamedNode)
            )
            if between or next(store.quads_for_pattern(claim.subject, place, None, default), None):
                take(claim.subject)
    done: set = set()
    while described - done:  # a sentence names its article
        batch = described - done
        done |= batch
        for subject in batch:
            take(subject)
    labels = [ox.NamedNode(iri) for iri in _LABELS]
    for subject in named - done:
        if subject.value in kept:
            continue
        for predicate in labels:
            sub.extend(list(store.quads_for_pattern(subject, predicate, None, default)))
    # Classes and properties the graph itself describes (labels, parents): copied whole.
    terms = types | {ox.NamedNode(_KG + name) for name in RELATIONS + SECONDARY_LINKS}
    seen: set = set()
    while terms - seen:
        term = (terms - seen).pop()
        seen.add(term)
        for quad in store.quads_for_pattern(term, None, None, default):
            sub.add(quad)
            if isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(_KG):
                terms.add(quad.object)
    return sub


# --- pyvis -----------------------------------------------------------------------------------


def _network(
    scene: Scene,
    scores: dict[str, float],
    positions: dict[str, tuple[float, float]],
    height: str,
) -> Network:
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    top = max(scores.values(), default=0.0) or 1.0
    for node in scene.nodes.values():
        look = style.look_for(node.cls)
        x, y = positions[node.id]
        size = _MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * (scores.get(node.id, 0.0) / top) ** 0.5
        border = style.EVENT_BORDER if node.kind == "event" else look.color
        net.add_node(
            node.id,
            label=node.label,
            shape=look.shape,
            color={
                "background": look.color,
                "border": border,
                "highlight": {"background": look.color, "border": "#1a202c"},
                "hover": {"background": look.color, "border": "#1a202c"},
            },
            size=round(size, 1),
            x=x,
            y=y,
            borderWidth=3 if node.kind == "event" else 1,
            title=f"{node.label} ({node.cls_label})",
            kg=_node_details(node),
        )
    pairs: Counter[tuple[str, str]] = Counter()
    many = len(scene.links) > _BIG
    for link in scene.links:
        pair = (min(link.source, link.target), max(link.source, link.target))
        index = pairs[pair]
        pairs[pair] += 1
        net.add_edge(link.source, link.target, **_edge_options(link, index))
    net.options = _vis_options(many)
    return net


def _edge_options(link: Link, index: int) -> dict:
    options: dict = {
        "id": link.id,
        "label": link.label,
        "title": _edge_title(link),
        "kg": _link_details(link),
    }
    if link.kind != "relation":  # party, place, belongsTo: thin secondary links
        options.update(color={"color": style.PARTY_EDGE}, dashes=style.dashes(link.kind), width=1)
        options["font"] = {"size": 9, "color": "#718096"}
    elif link.negative:
        options.update(color={"color": style.NEGATIVE_EDGE, "highlight": "#822727"})
        options.update(dashes=[8, 6], width=2)
        options["font"] = {"color": style.NEGATIVE_EDGE}
    else:
        options.update(width=2)
    if link.symmetric:
        options["arrows"] = "to, from"
    if index:
        # Parallel links between one pair fan out instead of drawing on top of each other.
        options["smooth"] = {
            "enabled": True,
            "type": "curvedCW" if index % 2 else "curvedCCW",
            "roundness": 0.2 * ((index + 1) // 2),
        }
    return options


def _edge_title(link: Link) -> str:
    n = len(link.claims)
    if link.kind != "relation":
        return style.secondary_title(link.kind, link.label)
    claim = "claim, disputed or denied" if link.negative else "statement"
    return f"{link.label}: {n} {claim}{'s' if n != 1 else ''}"


def _vis_options(many: bool) -> dict:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": layout.SEED},
        "interaction": {
            "hover": not many,
            "tooltipDelay": 250,
            "hideEdgesOnDrag": many,
            "hideEdgesOnZoom": many,
            "multiselect": False,
            "navigationButtons": False,
        },
        "nodes": {
            "font": {"size": 16, "color": "#1a202c", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "widthConstraint": {"maximum": 180},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"color": style.RELATION_EDGE, "highlight": "#1a202c", "hover": "#1a202c"},
            "font": {
                "size": 13,
                "color": "#2d3748",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
            "selectionWidth": 2,
        },
    }


# --- data for the page's script --------------------------------------------------------------


def _node_details(node: Node) -> dict:
    return {
        "cls": node.cls,
        "clsLabel": node.cls_label,
        "kind": node.kind,
        "names": node.names,
        "geonames": node.geonames,
        "sameAs": node.same_as,
        "point": node.point,
        "partOf": node.part_of,
        "docs": sorted(node.documents),
        "date": node.date,
        "place": node.place,
        "evidence": [_evidence_dict(e) for e in node.evidence],
    }


def _link_details(link: Link) -> dict:
    return {
        "predicate": link.predicate,
        "kind": link.kind,
        "negative": link.negative,
        "symmetric": link.symmetric,
        "claims": [_claim_dict(c) for c in link.claims],
        "evidence": [_evidence_dict(e) for e in link.evidence],
        "docs": sorted(link.documents),
        "dates": sorted({c.date[:10] for c in link.claims if c.date}),
    }


# dataclasses.asdict deep-copies every value: a tenth of the page's time on a big graph
def _evidence_dict(evidence: Evidence) -> dict:
    return {name: getattr(evidence, name) for name in _EVIDENCE_FIELDS}


def _claim_dict(claim: Claim) -> dict:
    out = {name: getattr(claim, name) for name in _CLAIM_FIELDS}
    if claim.evidence is not None:
        out["evidence"] = _evidence_dict(claim.evidence)
    return out


_EVIDENCE_FIELDS = tuple(f.name for f in fields(Evidence))
_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


def _meta(scene: Scene, *, title, notice, totals, focus, defaults, size_by) -> dict:
    class_counts = Counter(n.cls for n in scene.nodes.values())
    labels = {n.cls: n.cls_label for n in scene.nodes.values()}
    order = {name: i for i, name in enumerate(ENTITY_CLASSES + EVENT_CLASSES)}
    classes = [
        {
            "id": cls,
            "label": labels[cls],
            "color": style.look_for(cls).color,
            "shape": style.look_for(cls).shape,
            "glyph": style.look_for(cls).glyph,
            "kind": "event" if cls in EVENT_CLASSES else "entity",
            "count": count,
        }
        for cls, count in sorted(class_counts.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
    ]
    rel_counts = Counter(k.predicate for k in scene.links)
    rel_labels = {k.predicate: k.label for k in scene.links}
    rel_order = {name: i for i, name in enumerate(RELATIONS + SECONDARY_LINKS)}
    relations = [
        {"id": rel, "label": rel_labels[rel], "count": count}
        for rel, count in sorted(
            rel_counts.items(), key=lambda kv: (rel_order.get(kv[0], 99), kv[0])
        )
    ]
    return {
        "title": title,
        "notice": notice,
        "totals": {"nodes": totals[0], "edges": totals[1]},
        "classes": classes,
        "relations": relations,
        "documents": [asdict(d) for d in scene.documents.values()],
        "timeline": _timeline(scene),
        "focus": {"node": focus[0], "hops": focus[1]} if focus else None,
        "defaults": defaults,
        "sizeBy": size_by,
    }


def _timeline(scene: Scene) -> list[dict]:
    items = []
    for node in scene.nodes.values():
        if node.date:
            items.append({"date": node.date, "text": node.label, "node": node.id, "kind": "event"})
    for link in scene.links:
        source, target = scene.nodes[link.source].label, scene.nodes[link.target].label
        for claim in link.claims:
            if claim.date:
                items.append(
                    {
                        "date": claim.date,
                        "text": f"{source} {link.label} {target}",
                        "edge": link.id,
                        "kind": "negative" if link.negative else "statement",
                    }
                )
    unique = {json.dumps(i, sort_keys=True): i for i in items}
    return sorted(unique.values(), key=lambda i: (i["date"], i["text"]))


def _restrict(scene: Scene, keep: set[str]) -> Scene:
    nodes = {k: v for k, v in scene.nodes.items() if k in keep}
    links = [k for k in scene.links if k.source in keep and k.target in keep]
    return Scene(nodes, links, scene.documents)


def _find_node(scene: Scene, wanted: str) -> str:
    """A node by IRI, label or any of its names (case-insensitive)."""
    if wanted in scene.nodes:
        return wanted
    key = wanted.casefold().strip()
    for attr in ("label", "names"):
        hits = [
            n
            for n in scene.nodes.values()
            if (n.label.casefold() == key if attr == "label" else key in map(str.casefold, n.names))
        ]
        if hits:
            return min(hits, key=lambda n: (n.kind != "entity", n.id)).id
    raise InputError(
        f"no node named {wanted!r} in the graph; give an entity's label (e.g. as shown in the "
        "HTML) or its IRI"
    )


def _check_names(names: Sequence[str] | None, known: Sequence[str], what: str) -> list[str] | None:
    if not names:
        return None
    lookup = {k.casefold(): k for k in known}
    lookup.update({split_camel(k).casefold(): k for k in known})
    chosen = []
    for name in names:
        hit = lookup.get(name.casefold().strip())
        if hit is None:
            raise InputError(f"unknown {what} {name!r}; choose from: {', '.join(known)}")
        chosen.append(hit)
    return sorted(set(chosen))


def _check_date(value: str | None, what: str) -> str | None:
    if not value:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError as err:
        raise InputError(f"--{what} must be a date like 2023-09-20, got {value!r}") from err


# --- template --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kgraph.viz", "assets"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> str:
    return (resources.files("kgraph.viz") / "assets" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _scripts() -> tuple[str, str, str]:
    """vis-network (from the installed pyvis) and our explorer, with their CSP hashes."""
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    vis_js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (lib / "vis-network.css").read_text(encoding="utf-8")
    explorer = _asset("explorer.js")
    for code in (vis_js, explorer):
        if "</script" in code.lower():
            raise RuntimeError("inline script contains '</script'; cannot embed it safely")
    return vis_js, vis_css, explorer


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def _safe_json(value) -> str:
    """JSON that cannot end its <script> element early, whatever the article text holds."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_chunks(data: dict) -> Iterator[str]:
    """`_safe_json(data)` in pieces: the lists of the top-level object an item at a time (the
    escaping replaces single characters, so escaping the pieces escapes the whole)."""
    yield "{"
    for number, (key, value) in enumerate(data.items()):
        yield ("," if number else "") + _safe_json(key) + ":"
        if isinstance(value, list):
            yield "["
            for index, item in enumerate(value):
                yield ("," if index else "") + _safe_json(item)
            yield "]"
        else:
            yield _safe_json(value)
    yield "}"


# Stands where the data goes while the template is filled in; then the page is cut there.
_DATA_MARK = "kgraph-page-data-0b6c2f"


def _render(title: str) -> tuple[str, str]:
    """The page's text before and after its data."""
    vis_js, vis_css, explorer = _scripts()
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(explorer)}; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    page = (
        _environment()
        .get_template("template.html")
        .render(
            title=title,
            csp=csp,
            vis_js=vis_js,
            vis_css=vis_css,
            explorer_js=explorer,
            explorer_css=_asset("explorer.css"),
            data_json=_DATA_MARK,
        )
    )
    head, mark, tail = page.partition(_DATA_MARK)
    if not mark or _DATA_MARK in tail:
        raise RuntimeError("the page template must hold its data exactly once")
    return head, tail
