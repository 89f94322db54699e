"""The endpoint's query page in a real headless Chromium: pick a bundled query, run it, see rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_serve import _fill, _start

from kgraph.stores import open_store

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]


def test_serve_browser_query_page_runs_a_bundled_query(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    store = open_store(tmp_path / "store")
    _fill(store)
    server, url = _start(store)
    requests: list[str] = []
    errors: list[str] = []
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url.removesuffix("sparql"))
            page.select_option("#pick", label="entities")
            assert "GROUP BY" in page.input_value("#query")
            page.click("button[type=submit]")
            page.wait_for_selector("#out table", timeout=30_000)
            headers = page.locator("#out th").all_text_contents()
            cells = page.locator("#out td").all_text_contents()
            status = page.text_content("#status")
            page.fill("#query", "SELECT ?x WHERE { ?x ")
            page.click("button[type=submit]")
            page.wait_for_function(
                "document.getElementById('status').textContent.startsWith('400')"
            )
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        store.close()
    assert headers[:3] == ["class", "entity", "label"]
    assert "Freedonia" in cells and "Sylvania" in cells
    assert status.endswith(")") and "rows" in status
    assert errors == []
    origin = url.removesuffix("/sparql")
    assert all(u.startswith(origin) for u in requests), requests  # nothing from elsewhere
