"""Time anchoring against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from kgraph.extract.time import normalise_date

WEDNESDAY = date(2024, 3, 6)


@pytest.mark.parametrize(
    "text, future, expected",
    [
        ("Wednesday", False, "2024-03-06"),
        ("on Monday", False, "2024-03-04"),
        ("Thursday", True, "2024-03-07"),
        ("yesterday", False, "2024-03-05"),
        ("tomorrow", False, "2024-03-07"),
        ("March 21", True, "2024-03-21"),
        ("13:00 (0900 GMT) on 5 March, 2024", False, "2024-03-05T09:00:00Z"),
        ("2 January 2022", False, "2022-01-02"),
    ],
)
def test_time_normalise_against_publication_date(text, future, expected):
    assert normalise_date(text, WEDNESDAY, future=future) == (expected, True)


def test_time_offset_counts_from_anchor():
    assert normalise_date("one day earlier", WEDNESDAY, anchor=date(2024, 3, 4)) == (
        "2024-03-03",
        True,
    )


@pytest.mark.parametrize("text", ["Wednesday", "yesterday", "two days later", "March 21"])
def test_time_relative_without_publication_date_stays_unresolved(text):
    assert normalise_date(text, None) == (None, False)


@pytest.mark.parametrize("text", ["2020", "in October", "decades"])
def test_time_vague_expressions_are_not_guessed(text):
    assert normalise_date(text, WEDNESDAY) == (None, False)


def test_time_relation_date_from_weekday_in_sentence(extract_text):
    ex = extract_text("Egypt held talks with Qatar on Monday.", published="2024-03-06")
    talks = next(r for r in ex.relations if r.predicate == "holdsTalksWith")
    assert talks.date == "2024-03-04"
