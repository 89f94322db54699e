"""How to start Debian's Chromium headless here: offline, no sandbox (root), no background calls.

Shared by the browser tests, the viz benchmark and the README screenshot script.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium tries to reach Google's servers, which this machine refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
