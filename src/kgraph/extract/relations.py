"""Relations and events of one sentence: the event frames (kgraph.extract.frames) and
containment of places (kgraph.extract.places).

Every relation between actors comes from the frames mechanism: triggers from the lexicon
(ontology/lexicon/), roles from the parse, edges from each predicate's conventions. This
module is the entry point the pipeline calls (kgraph.extract.facts); the caller attaches
attribution, time, place and evidence.
"""

from __future__ import annotations

from collections.abc import Iterator

from kgraph.extract.frames import extract_frames
from kgraph.extract.lexicon import Lexicon
from kgraph.extract.places import located_in
from kgraph.extract.roles import ArticleMemory, Found, SentenceContext, actors

__all__ = ["ArticleMemory", "Found", "SentenceContext", "actors", "extract_sentence"]


def extract_sentence(ctx: SentenceContext, lex: Lexicon) -> Iterator[Found]:
    yield from extract_frames(ctx, lex)
    yield from located_in(ctx, lex)
