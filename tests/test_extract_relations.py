"""Relation rules on sentences written for these tests (no corpus text)."""

from __future__ import annotations

import pytest


def test_relations_mediated_active_with_parties(extract_text, facts):
    ex = extract_text("Kenya mediated talks between Ethiopia and Eritrea in Nairobi on Monday.")
    found = facts(ex)
    assert ("Kenya", "mediated", "Ethiopia") in found
    assert ("Kenya", "mediated", "Eritrea") in found
    assert ("Ethiopia", "holdsTalksWith", "Eritrea") in found or (
        "Eritrea",
        "holdsTalksWith",
        "Ethiopia",
    ) in found


def test_relations_mediated_passive_by_agent(extract_text, facts):
    ex = extract_text("The truce was brokered by Egypt between Israel and Lebanon.")
    found = facts(ex)
    assert ("Egypt", "mediated", "Israel") in found
    assert ("Egypt", "mediated", "Lebanon") in found


def test_relations_mediation_noun_without_parties_points_to_an_event(extract_text, facts):
    ex = extract_text(
        "Through the mediation of Norway, an agreement was reached on Tuesday, the ministry said."
    )
    mediated = [r for r in ex.relations if r.predicate == "mediated"]
    assert mediated, facts(ex)
    events = {e.key for e in ex.events}
    assert mediated[0].object in events


def test_relations_control_verb_agreed_to_disband_and_withdraw(extract_text, facts):
    ex = extract_text(
        "The M23 rebels agreed to disband and withdraw their fighters from the town of Bunia."
    )
    predicates = {r.predicate for r in ex.relations}
    assert {"agreedToDisband", "agreedToWithdraw"} <= predicates


def test_relations_refused_withdrawal_is_not_an_agreement(extract_text, facts):
    ex = extract_text("The militia refused to withdraw from the city of Kherson.")
    assert "agreedToWithdraw" not in {r.predicate for r in ex.relations}


def test_relations_proposed_ceasefire_is_not_agreed(extract_text, facts):
    ex = extract_text("France proposed a ceasefire between Armenia and Azerbaijan.")
    assert "agreedToCeasefire" not in {r.predicate for r in ex.relations}


def test_relations_reported_future_ceasefire_gives_both_parties(extract_text, facts):
    ex = extract_text("Sudan and Chad announced on Monday that they would cease hostilities.")
    pairs = {(s, o) for s, p, o in facts(ex) if p == "agreedToCeasefire"}
    assert pairs & {("Sudan", "Chad"), ("Chad", "Sudan")}


def test_relations_denial_of_presence_is_a_negative_claim_by_the_speaker(extract_text, facts):
    ex = extract_text("Serbia has said it has no troops deployed in Montenegro.")
    denials = [r for r in ex.relations if r.predicate == "deniesPresence"]
    assert denials, facts(ex)
    labels = {e.key: e.label for e in ex.entities}
    assert labels[denials[0].subject] == "Serbia"
    assert labels[denials[0].object] == "Montenegro"
    assert denials[0].polarity == "negative"
    assert labels[denials[0].attributed_to] == "Serbia"


def test_relations_denied_having_troops(extract_text, facts):
    ex = extract_text("Rwanda denied having troops in Burundi.")
    assert ("Rwanda", "deniesPresence", "Burundi") in facts(ex)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Fighting between Ethiopia and Eritrea resumed in March.",
            {("Ethiopia", "Eritrea"), ("Eritrea", "Ethiopia")},
        ),
        ("Ukraine attacked Russia on Friday.", {("Ukraine", "Russia")}),
    ],
)
def test_relations_attacks_mutual_and_directed(extract_text, facts, text, expected):
    found = {(s, o) for s, p, o in facts(extract_text(text)) if p == "attacked"}
    assert expected <= found


def test_relations_talks_with_and_met(extract_text, facts):
    found = facts(
        extract_text("Egypt held talks with Qatar in Cairo. Germany met Poland on Sunday.")
    )
    assert ("Egypt", "holdsTalksWith", "Qatar") in found
    assert ("Germany", "holdsTalksWith", "Poland") in found


def test_relations_accused(extract_text, facts):
    assert ("Kenya", "accused", "Somalia") in facts(
        extract_text("Kenya accused Somalia of harbouring fighters.")
    )


def test_relations_located_in_from_demonym_city(extract_text, facts):
    found = facts(extract_text("Delegates met in the Egyptian city of Alexandria."))
    assert ("Alexandria", "locatedIn", "Egypt") in found


def test_relations_took_control_of_a_city(extract_text, facts):
    found = facts(extract_text("The Iraqi army took control of the city of Mosul on Friday."))
    assert any(p == "controls" and o == "Mosul" for s, p, o in found)


def test_relations_statements_keep_sentence_offsets(extract_text, facts):
    text = "Nothing happened here.\n\nKenya mediated talks between Ethiopia and Eritrea."
    ex = extract_text(text)
    relation = next(r for r in ex.relations if r.predicate == "mediated")
    sentence = relation.evidence.sentence
    assert ex.document.text[sentence.start : sentence.end] == sentence.text
    span = ex.document.text[relation.evidence.span_start : relation.evidence.span_end]
    assert span == "mediated"


def test_relations_capital_acting_for_its_state(extract_text, facts):
    found = facts(extract_text("Kyiv accused Moscow of shelling the port."))
    assert ("Ukraine", "accused", "Russia") in found


def test_relations_dateline_is_not_the_subject(extract_text, facts):
    ex = extract_text("DOHA, Jan 15 (Reuters) - Qatar held talks with Egypt on Monday.")
    talks = [r for r in ex.relations if r.predicate == "holdsTalksWith"]
    labels = {e.key: e.label for e in ex.entities}
    assert talks and labels[talks[0].subject] == "Qatar"
    assert labels[talks[0].place] == "Doha"


def test_relations_dateline_with_country_and_day_is_not_the_subject(extract_text, facts):
    text = "NAIROBI, Kenya, Oct. 3 (UPI) -- Sudan and South Sudan signed a border deal."
    found = facts(extract_text(text))
    assert ("Sudan", "signedAgreementWith", "South Sudan") in found or (
        "South Sudan",
        "signedAgreementWith",
        "Sudan",
    ) in found
    assert not any("Kenya" in (s, o) for s, p, o in found if p == "signedAgreementWith")
    assert ("Nairobi", "locatedIn", "Kenya") in found  # the dateline states where it is


def test_relations_governments_of_two_states_sign(extract_text, facts):
    found = facts(extract_text("The governments of Serbia and Kosovo signed a deal in Brussels."))
    assert {
        ("Serbia", "signedAgreementWith", "Kosovo"),
        ("Kosovo", "signedAgreementWith", "Serbia"),
    } & found


def test_relations_reported_backing_is_an_accusation(extract_text, facts):
    found = facts(extract_text("Human Rights Watch says the rebels are backed by Uganda."))
    assert not any(p == "supports" for _, p, _ in found)
    assert any(p == "accused" and o == "Uganda" for _, p, o in found)


def test_relations_both_sides_resolve_to_the_last_named_pair(extract_text, facts):
    ex = extract_text(
        "Talks between Ethiopia and Eritrea stalled. "
        "Kenya mediated a truce between the two sides on Friday."
    )
    found = facts(ex)
    assert ("Kenya", "mediated", "Ethiopia") in found
    assert ("Kenya", "mediated", "Eritrea") in found
