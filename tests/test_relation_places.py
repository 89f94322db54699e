"""Where and when a relation happened (its `place` and `date`), on sentences written for these
tests (no corpus text). Publication date of the test documents: Wednesday 2024-03-06."""

from __future__ import annotations

import pytest


def placed(extraction, predicate: str) -> set[tuple[str, str, str | None, str | None]]:
    labels = {e.key: e.label for e in extraction.entities}
    return {
        (labels[r.subject], labels.get(r.object, "event"), labels.get(r.place), r.date)
        for r in extraction.relations
        if r.predicate == predicate
    }


@pytest.mark.parametrize(
    "text, predicate, expected",
    [
        # the place of the venue: "at a ceremony in X"
        (
            "Kenya and Uganda signed a border accord on Sunday at a ceremony in Arusha.",
            "signedAgreementWith",
            ("Kenya", "Uganda", "Arusha", "2024-03-03"),
        ),
        (
            "Kenya held talks with Uganda at the State House in Entebbe on Sunday.",
            "holdsTalksWith",
            ("Kenya", "Uganda", "Entebbe", "2024-03-03"),
        ),
        # the place hung on the object noun
        (
            "Kenya and Somalia signed a peace agreement in Nairobi on Friday.",
            "signedAgreementWith",
            ("Kenya", "Somalia", "Nairobi", "2024-03-01"),
        ),
        # a clause on an event noun shares that noun's verb, its place and its date
        (
            "On Friday, the second round of talks between Kenya and Somalia, mediated by Qatar,"
            " was held in Doha.",
            "mediated",
            ("Qatar", "Kenya", "Doha", "2024-03-01"),
        ),
        # an attack's place is where its target was
        (
            "Uganda launched an offensive against ADF rebels in Ituri province.",
            "launchedOperationAgainst",
            ("Uganda", "Allied Democratic Forces", "Ituri", None),
        ),
        # "X, where A fought B": the clause's place
        (
            "Residents fled Beni, where Congolese troops have been battling the ADF.",
            "attacked",
            ("Congolese armed forces", "Allied Democratic Forces", "Beni", None),
        ),
        # a withdrawal's place is where it withdraws from
        (
            "In March, France said it would withdraw its troops deployed in Mali.",
            "agreedToWithdraw",
            ("France", "event", "Mali", None),
        ),
        (
            "Ethiopian troops left Baidoa on Monday.",
            "agreedToWithdraw",
            ("Ethiopian armed forces", "event", "Baidoa", "2024-03-04"),
        ),
        # a closing "X said on Friday" dates the report, also where the parser misplaces it
        (
            "Kenya and the Shabaab have agreed to establish a ceasefire, which will begin on"
            " May 3, the Qatari foreign minister said on Friday.",
            "agreedToCeasefire",
            ("Kenya", "Al-Shabaab", None, "2024-03-01"),
        ),
    ],
)
def test_relation_place_and_date_constructions(extract_text, text, predicate, expected):
    found = placed(extract_text(text), predicate)
    assert expected in found, found


def test_relation_place_from_the_dateline_for_signings_of_the_day(extract_text):
    text = (
        "Kenya and Uganda sign border deal\n\n"
        "NAIROBI, March 4 (Reuters) - Kenya and Uganda signed a border agreement.\n\n"
        "The two countries also signed a trade accord in 2019. Uganda shelled Kenya on Tuesday."
    )
    extraction = extract_text(text)
    signings = placed(extraction, "signedAgreementWith")
    assert ("Kenya", "Uganda", "Nairobi", None) in signings, signings
    # history is not the day's news, and a dateline says nothing of where fighting was
    attacks = placed(extraction, "attacked")
    assert attacks and all(place is None for _, _, place, _ in attacks), attacks


def test_relation_place_no_dateline_from_an_opening_place_name(extract_text):
    text = "Goma, a lakeside city, is calm. Kenya and Uganda signed a border agreement."
    signings = placed(extract_text(text), "signedAgreementWith")
    assert signings and all(place is None for _, _, place, _ in signings), signings


def test_relation_place_near_a_border_is_not_where_it_happened(extract_text):
    found = placed(
        extract_text("Kenya held talks with Uganda near the border with Tanzania on Sunday."),
        "holdsTalksWith",
    )
    assert found and all(place is None for _, _, place, _ in found), found


def test_relation_place_of_the_talks_told_elsewhere(extract_text):
    text = (
        "Kenya and Somalia reached a deal after three days of negotiations in Doha."
        " The talks were mediated by Qatar and Turkey."
    )
    mediated = placed(extract_text(text), "mediated")
    assert ("Qatar", "Kenya", "Doha", None) in mediated, mediated
    assert ("Turkey", "Somalia", "Doha", None) in mediated, mediated


def test_relation_place_of_the_talks_not_guessed_between_two_places(extract_text):
    text = (
        "Kenya and Somalia held talks in Doha in May. Kenya and Somalia held further talks in"
        " Nairobi in June. The talks were mediated by Qatar."
    )
    mediated = placed(extract_text(text), "mediated")
    assert mediated and all(place is None for _, _, place, _ in mediated), mediated


def test_relation_place_of_the_talks_is_the_most_precise_one(extract_text):
    text = (
        "Kenya and Somalia held talks in Qatar on Monday. Further talks in Doha, Qatar,"
        " followed on Tuesday. The talks were mediated by Turkey."
    )
    mediated = placed(extract_text(text), "mediated")
    assert ("Turkey", "Kenya", "Doha", None) in mediated, mediated


def test_relation_place_of_an_attack_on_something_flying_over_a_place(extract_text):
    found = placed(
        extract_text("Uganda downed a Kenyan drone that was flying over Tanzania."), "attacked"
    )
    assert ("Uganda", "Kenya", "Tanzania", None) in found, found


def test_relation_place_of_other_talks_is_not_the_articles(extract_text):
    text = (
        "Kenya and Somalia held talks in Doha on Monday. Kenya thanked Oman for hosting the"
        " talks held between the two sides in 2021."
    )
    mediated = placed(extract_text(text), "mediated")
    assert mediated and all(place is None for _, _, place, _ in mediated), mediated


def test_relation_place_from_the_dateline_only_in_the_lede(extract_text):
    text = (
        "Kenya and Uganda sign border deal\n\n"
        "NAIROBI, March 4 (Reuters) - Kenya and Uganda signed a border agreement.\n\n"
        "Officials welcomed it.\n\nMarkets rose.\n\nCrowds cheered.\n\n"
        "Kenya and Somalia also held talks, officials said."
    )
    talks = placed(extract_text(text), "holdsTalksWith")
    assert ("Kenya", "Somalia", None, None) in talks, talks
