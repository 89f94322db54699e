"""Containment (`locatedIn`) on sentences written for these tests (no corpus text)."""

from __future__ import annotations

import pytest


def located(extraction) -> set[tuple[str, str]]:
    labels = {e.key: e.label for e in extraction.entities}
    return {
        (labels[r.subject], labels[r.object])
        for r in extraction.relations
        if r.predicate == "locatedIn"
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        # a comma phrase that ends with the larger place
        (
            "Talks opened in Kisumu, western Kenya's Nyanza Province, on Monday.",
            {("Kisumu", "Nyanza Province"), ("Nyanza Province", "Kenya")},
        ),
        # the comma phrase may be followed by a name that only modifies a title
        (
            "After talks in Arusha, Tanzania, Kenya President Ruto signed the accord.",
            {("Arusha", "Tanzania")},
        ),
        # a dateline's country in brackets, even where the parser ends the sentence early
        (
            "Fighting flared again.\n\nMOMBASA (Kenya): Officials from Uganda and Tanzania met.",
            {("Mombasa", "Kenya")},
        ),
        # a demonym on the place noun presupposes the country
        ("Rebels shelled the central Malian town of Mopti.", {("Mopti", "Mali")}),
        ("Fighting spread to Garoua, the northern Cameroonian city.", {("Garoua", "Cameroon")}),
        (
            "Uganda hosted the talks in the Ugandan capital, Kampala.",
            {("Kampala", "Uganda")},
        ),
        # "X is the capital of Y"
        ("Kisumu is the capital of Nyanza Province.", {("Kisumu", "Nyanza Province")}),
        # "X in Y" said of a place, also where the parser hangs "in Y" on the verb
        (
            "Aid reached Kitgum in northern Uganda's Acholi region.",
            {("Kitgum", "Acholi region"), ("Acholi region", "Uganda")},
        ),
        # "in Y" after the name's comma, hung on the verb by the parser
        (
            "Fighting erupted in the village of Kitchanga, in North Kivu.",
            {("Kitchanga", "North Kivu")},
        ),
        # a named district of a larger place
        (
            "Clashes hit the Moroto district of Karamoja, the army said.",
            {("Moroto district", "Karamoja")},
        ),
        # an apposition that places the name
        ("Rebels seized Bunia, a town in Ituri province, on Monday.", {("Bunia", "Ituri")}),
        # "Y, where X is located"
        (
            "The army patrols Ituri province, where Kisangani is located.",
            {("Kisangani", "Ituri")},
        ),
        ("Eldoret lies in Uasin Gishu County.", {("Eldoret", "Uasin Gishu County")}),
        # a possessive pronoun on a place noun joined to the place it stands for
        (
            "New roads will connect Russia and its western exclave of Kaliningrad.",
            {("Kaliningrad", "Russia")},
        ),
        # a compass word inside the country's own name is no part of it
        ("Rebels attacked Yei in South Sudan.", {("Yei", "South Sudan")}),
    ],
)
def test_places_containment_constructions(extract_text, text, expected):
    assert expected <= located(extract_text(text))


@pytest.mark.parametrize(
    "text",
    [
        "Troops gathered at Malaba, near the border with Uganda.",
        "Delegates from Mombasa, Kenya and Uganda met on Monday.",
        "Fighting near Garoua, the Cameroonian army said, had stopped.",
        # placed in a part of the country (a region of its own), not in the country's name
        "Fighting hit Gulu, a town in northern Uganda.",
        "Shelling reached Goma, eastern Congo, on Monday.",
        # a list of places
        "Envoys toured Goma, Rwanda, Uganda and Burundi.",
    ],
)
def test_places_no_containment_where_the_text_states_none(extract_text, text):
    named = ("Malaba", "Mombasa", "Garoua", "Gulu", "Goma")
    found = located(extract_text(text))
    assert not {pair for pair in found if pair[0] in named}, found


def test_places_containment_carries_no_date(extract_text):
    extraction = extract_text("Talks opened in Kisumu, western Kenya's Nyanza Province, on Monday.")
    contained = [r for r in extraction.relations if r.predicate == "locatedIn"]
    assert contained
    assert all(r.date is None for r in contained)
