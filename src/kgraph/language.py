"""Tell English articles from others, so a French or Russian article is skipped, not mined.

The extractor's rules, lexicon and spaCy model are English-only: run on another language they
yield garbage entities rather than nothing. Detection uses py3langid (a bundled n-gram model,
no network). Short texts carry too little signal to judge, so they pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Below this many characters a guess is noise (a headline with two names reads as anything).
MIN_CHARS = 200
# Long articles are judged on evenly spaced slices, which keeps a 50 MB file cheap.
_SAMPLE_CHARS = 4_000
_SAMPLES = 5
# Skip only when the model is sure: English news quoting a foreign phrase must still pass.
_MIN_CONFIDENCE = 0.9
_MAX_ENGLISH = 0.05


@dataclass(frozen=True)
class Guess:
    language: str  # ISO 639-1 code, as py3langid names it
    confidence: float  # probability of `language`, 0..1
    english: float  # probability of English, 0..1


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS * _SAMPLES:
        return text
    step = len(text) // _SAMPLES
    return "\n".join(text[i * step : i * step + _SAMPLE_CHARS] for i in range(_SAMPLES))


def guess_language(text: str) -> Guess | None:
    """The most likely language of `text`, or None when it is too short to judge."""
    if len(text.strip()) < MIN_CHARS:
        return None
    ranking = dict(_identifier().rank(_sample(text)))
    language = max(ranking, key=ranking.__getitem__)
    return Guess(language, float(ranking[language]), float(ranking.get("en", 0.0)))


def not_english(text: str) -> Guess | None:
    """The guess when `text` is confidently not English; None for English or unsure."""
    guess = guess_language(text)
    if guess is None or guess.language == "en":
        return None
    if guess.confidence < _MIN_CONFIDENCE or guess.english > _MAX_ENGLISH:
        return None
    return guess
