"""Screenshot an HTML page kgraph wrote, in headless Chromium, for the README.

usage: python scripts/screenshot.py output/graph.html docs/graph.png [--select-relation mediated]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from kgraph.viz.headless import CHROMIUM, FLAGS

# Where the edge of a relation is drawn, so a real click opens its statements in the panel.
EDGE_MIDDLE = """predicate => {
  const e = kgraph.edges.get().find(x => x.kg && x.kg.predicate === predicate);
  if (!e) return null;
  const net = kgraph.network;
  net.fit({nodes: [e.from, e.to], animation: false});
  const pos = net.getPositions([e.from, e.to]);
  const p = net.canvasToDOM({x: (pos[e.from].x + pos[e.to].x) / 2,
                             y: (pos[e.from].y + pos[e.to].y) / 2});
  const r = document.getElementById('network').getBoundingClientRect();
  return {x: r.left + p.x, y: r.top + p.y};
}"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--select-relation", default="mediated")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as play:
        browser = play.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=list(FLAGS),
            viewport={"width": 1500, "height": 860},
        )
        page = browser.new_page()
        page.route("http*://**", lambda route: route.abort())
        page.goto(args.page.resolve().as_uri())
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)
        where = page.evaluate(EDGE_MIDDLE, args.select_relation)
        if where:
            page.mouse.click(where["x"], where["y"])
        page.evaluate("kgraph.network.fit({animation: false})")
        page.wait_for_timeout(500)
        page.screenshot(path=str(args.png))
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
