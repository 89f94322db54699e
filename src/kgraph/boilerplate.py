"""Drop page furniture (newsletter sign-ups, cookie banners, "Read also" lines) by paragraph.

The patterns are data (`ontology/lexicon/boilerplate.txt`), so users can extend them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kgraph.resources import ontology_path

_MAX_BOILERPLATE_CHARS = 400


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    lines = ontology_path("lexicon/boilerplate.txt").read_text(encoding="utf-8").splitlines()
    return tuple(
        re.compile(line.strip(), re.I)
        for line in lines
        if line.strip() and not line.startswith("#")
    )


def is_boilerplate(paragraph: str) -> bool:
    text = " ".join(paragraph.split())
    if not text or len(text) > _MAX_BOILERPLATE_CHARS:
        return False
    return any(p.search(text) for p in _patterns())


def strip_boilerplate(text: str) -> str:
    """Remove boilerplate paragraphs; keep everything else byte for byte."""
    paragraphs = re.split(r"\n\s*\n", text)
    return "\n\n".join(p for p in paragraphs if not is_boilerplate(p))
