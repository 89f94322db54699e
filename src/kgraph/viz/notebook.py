"""Jupyter display: the page inside an iframe's srcdoc, so its script and CSP stay isolated."""

from __future__ import annotations

import html

from kgraph.errors import KGraphError


def iframe(page: str, *, height: int = 720) -> str:
    # Wrapped in a div: IPython warns about bare iframes in HTML() and suggests IFrame(src=...),
    # which would need a file or a server.
    return (
        f'<div><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        'title="kgraph explorer"></iframe></div>'
    )


def inline(page: str, *, height: int = 720):
    try:
        from IPython.display import HTML
    except ImportError as err:
        raise KGraphError(
            "showing the graph inline needs IPython (run it in Jupyter); use write_html instead"
        ) from err
    return HTML(iframe(page, height=height))
