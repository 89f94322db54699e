"""Normalise time expressions against the article's publication date.

dateparser reads the expressions; this module only anchors them: weekdays resolve to the
nearest matching day before the publication date (after it for future clauses), "N days
earlier" counts from the clause's other date, and "13:00 (0900 GMT) on 20 September, 2023"
becomes a UTC dateTime. Without a publication date, relative expressions stay unresolved.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE_DAY = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_NUMBER_WORDS = {
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_OFFSET = re.compile(
    r"\b(?P<n>\d+|one|a|an|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>day|days|week|weeks)\s+(?P<dir>earlier|before|later|after|ago)\b",
    re.I,
)
_UTC_TIME = re.compile(
    r"\(?\s*(?P<h>\d{1,2})[:.]?(?P<m>\d{2})\s*(?:hrs\s*)?(?P<tz>GMT|UTC|Z)\s*\)?", re.I
)
_HAS_DAY_AND_MONTH = re.compile(
    r"\b(\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?\b"
    r"|\d{4}-\d{2}-\d{2})",
    re.I,
)


def normalise_date(
    text: str, published: date | None, *, future: bool = False, anchor: date | None = None
) -> tuple[str | None, bool]:
    """Return (ISO date or dateTime, resolved?) for a time expression.

    `anchor` is another date of the same clause, for "one day earlier".
    """
    lowered = text.lower()
    offset = _OFFSET.search(lowered)
    if offset:
        base = anchor or published
        if base is None:
            return None, False
        n = _NUMBER_WORDS.get(offset["n"]) or int(offset["n"])
        days = n * (7 if offset["unit"].startswith("week") else 1)
        sign = -1 if offset["dir"] in ("earlier", "before", "ago") else 1
        return (base + timedelta(days=sign * days)).isoformat(), True
    for word, delta in _RELATIVE_DAY.items():
        if re.search(rf"\b{word}\b", lowered):
            if published is None:
                return None, False
            return (published + timedelta(days=delta)).isoformat(), True
    if _HAS_DAY_AND_MONTH.search(text):
        day = _parse_absolute(text, published)
        if day is not None:
            utc = _UTC_TIME.search(text)
            if utc:
                stamp = datetime(day.year, day.month, day.day, int(utc["h"]), int(utc["m"]))
                return stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), True
            return day.isoformat(), True
    for index, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered):
            if published is None:
                return None, False
            return _weekday(published, index, future).isoformat(), True
    return None, False


def _weekday(published: date, weekday: int, future: bool) -> date:
    delta = weekday - published.weekday()
    if future:
        return published + timedelta(days=delta % 7)
    return published - timedelta(days=(-delta) % 7)


def _parse_absolute(text: str, published: date | None) -> date | None:
    import dateparser

    cleaned = _UTC_TIME.sub(" ", text)
    cleaned = re.sub(r"\b\d{1,2}[:.]\d{2}\b", " ", cleaned)
    cleaned = re.sub(r"\b(on|from|until|since|by|of)\b", " ", cleaned, flags=re.I)
    settings: dict = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    elif not re.search(r"\b\d{4}\b", cleaned):
        return None  # no year and nothing to take it from
    parsed = dateparser.parse(" ".join(cleaned.split()), languages=["en"], settings=settings)
    return parsed.date() if parsed else None
