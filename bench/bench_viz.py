"""Time the HTML explorer against plain pyvis in headless Chromium.

For synthetic contract graphs of 100 / 1,000 / 5,000 nodes, measure the time from navigation
to "ready": for kgraph, `document.body.dataset.ready` (layout precomputed, physics off); for
pyvis defaults (physics on, pyvis's own template, inline vis-network, Bootstrap CDN tags
removed), vis-network's `stabilizationIterationsDone`, capped at --cap seconds.

    .venv/bin/python bench/bench_viz.py                 # the table (about 4-5 minutes)
    .venv/bin/python bench/bench_viz.py --sizes 100 1000 --cap 60
    .venv/bin/python bench/bench_viz.py --screenshot docs/graph.png
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from pyvis.network import Network
from rdflib import Graph

from kgraph.viz import build_page
from kgraph.viz.headless import CHROMIUM, FLAGS
from kgraph.viz.scene import read_scene
from kgraph.viz.synthetic import synthetic_graph

_HOOK = (
    "network.once('stabilizationIterationsDone', function () {"
    " window.__readyAt = performance.now(); document.body.dataset.ready = 'true'; });"
)


def pyvis_default_html(graph: Graph) -> str:
    """What a user gets from pyvis out of the box, minus its CDN tags (we stay offline)."""
    scene = read_scene(graph)
    net = Network(directed=True, cdn_resources="in_line")
    for node in scene.nodes.values():
        net.add_node(node.id, label=node.label, title=node.cls_label)
    for link in scene.links:
        net.add_edge(link.source, link.target, title=link.label, label=link.label)
    html = net.generate_html()
    html = re.sub(r"<link[^>]*https?://[^>]*>", "", html)
    html = re.sub(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", html, flags=re.S)
    marker = "network = new vis.Network(container, data, options);"
    assert marker in html, "pyvis template changed; cannot hook its ready event"
    return html.replace(marker, marker + "\n" + _HOOK, 1)


def open_and_wait(context, path: Path, cap_s: float, expression: str) -> tuple[float | None, float]:
    """(in-page ms from navigation start to ready or None on timeout, wall seconds)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = context.new_page()
    page.route(
        "**/*",
        lambda r: r.abort() if r.request.url.startswith(("http:", "https:")) else r.continue_(),
    )
    started = time.perf_counter()
    try:
        page.goto(path.as_uri(), wait_until="domcontentloaded", timeout=cap_s * 1000)
        page.wait_for_function(
            "document.body && document.body.dataset.ready === 'true'",
            timeout=cap_s * 1000,
            polling=50,
        )
        wall = time.perf_counter() - started
        return page.evaluate(expression), wall
    except PlaywrightTimeout:
        return None, time.perf_counter() - started
    finally:
        page.close()


def run(sizes: list[int], cap_s: float, max_nodes: int) -> None:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=list(FLAGS),
            viewport={"width": 1400, "height": 900},
        )
        for n in sizes:
            graph = synthetic_graph(n, seed=0)
            variants = [("kgraph", max_nodes)]
            if n > max_nodes:
                variants.append(("kgraph, all nodes", n))
            for name, limit in variants:
                t0 = time.perf_counter()
                page = build_page(graph, max_nodes=limit, title=f"bench {n}")
                render = time.perf_counter() - t0
                path = Path(tmp) / f"kgraph-{n}-{limit}.html"
                path.write_text(page.html, encoding="utf-8")
                ready, wall = open_and_wait(context, path, cap_s, "window.kgraph.readyAt")
                rows.append((n, name, page.nodes, page.edges, render, len(page.html), ready, wall))
                print(_row(rows[-1], cap_s), flush=True)
            t0 = time.perf_counter()
            html = pyvis_default_html(graph)
            render = time.perf_counter() - t0
            path = Path(tmp) / f"pyvis-{n}.html"
            path.write_text(html, encoding="utf-8")
            scene = read_scene(graph)
            ready, wall = open_and_wait(context, path, cap_s, "window.__readyAt")
            row = (n, "pyvis defaults", len(scene.nodes), len(scene.links), render, len(html))
            rows.append((*row, ready, wall))
            print(_row(rows[-1], cap_s), flush=True)
        context.close()
    print()
    print("| graph nodes | page | nodes drawn | edges | Python render s | HTML MB | ready s |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(_row(row, cap_s))


def _row(row, cap_s: float) -> str:
    n, name, nodes, edges, render, size, ready, _wall = row
    shown = f"{ready / 1000:.2f}" if ready is not None else f"> {cap_s:.0f} (cap)"
    return f"| {n:,} | {name} | {nodes:,} | {edges:,} | {render:.2f} | {size / 1e6:.1f} | {shown} |"


def screenshot(out: Path) -> None:
    """A picture of the example article's page (or the test graph until the pipeline lands)."""
    from playwright.sync_api import sync_playwright

    try:
        from kgraph.pipeline import build_graph
        from kgraph.resources import example_path

        graph, title = build_graph([example_path()]), "kgraph: example article"
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from test_viz_fixture import contract_graph

        graph, title = contract_graph(), "kgraph: hand-made test graph"
    page_html = build_page(graph, title=title).html
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        path = Path(tmp) / "graph.html"
        path.write_text(page_html, encoding="utf-8")
        context = pw.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=list(FLAGS),
            viewport={"width": 1500, "height": 860},
        )
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_function("document.body.dataset.ready === 'true'")
        # Show provenance in the panel: the first mediated (else first relation) edge.
        page.evaluate(
            """() => {
              const all = kgraph.edges.get().filter(e => e.kg.kind === 'relation');
              const e = all.find(x => x.kg.predicate === 'mediated') || all[0];
              if (e) { kgraph.network.selectEdges([e.id]); kgraph.showEdge(e.id); }
            }"""
        )
        page.wait_for_timeout(300)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        context.close()
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--cap", type=float, default=120.0, help="seconds to wait for pyvis")
    parser.add_argument("--max-nodes", type=int, default=1500, help="kgraph's node cap")
    parser.add_argument("--screenshot", type=Path, help="only write a screenshot to this path")
    args = parser.parse_args()
    if args.screenshot:
        screenshot(args.screenshot)
    else:
        run(args.sizes, args.cap, args.max_nodes)


if __name__ == "__main__":
    main()
