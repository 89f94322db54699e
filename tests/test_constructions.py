"""Constructions added to the event frames (docs/relations.md, "Constructions added"): relative
clauses headed by the event, possessive pronouns resolved to the speaker, representatives for
their principals, and phrasal or multiword triggers. Sentences written for these tests; each
runs the real spaCy model through the whole extraction.
"""

from __future__ import annotations


def _linked(found, predicate, a, b):
    return (a, predicate, b) in found or (b, predicate, a) in found


def _relations(extraction, predicate):
    return [r for r in extraction.relations if r.predicate == predicate]


# --- relative clause headed by the event ----------------------------------------------------


def test_relative_clause_deal_signed_by_its_subjects(extract_text, facts):
    found = facts(
        extract_text("The accord that Chad and Niger signed in Niamey on Friday was praised.")
    )
    assert _linked(found, "signedAgreementWith", "Chad", "Niger")


def test_relative_clause_truce_agreed_is_a_ceasefire(extract_text, facts):
    found = facts(
        extract_text("The truce that Armenia and Azerbaijan agreed in Moscow broke down in May.")
    )
    assert _linked(found, "agreedToCeasefire", "Armenia", "Azerbaijan")
    assert not _linked(found, "signedAgreementWith", "Armenia", "Azerbaijan")


def test_relative_clause_refused_deal_is_not_signed(extract_text, facts):
    found = facts(
        extract_text("The accord that Chad and Niger refused to sign in Niamey was shelved.")
    )
    assert not _linked(found, "signedAgreementWith", "Chad", "Niger")


def test_reduced_relative_clause_without_a_relative_word(extract_text, facts):
    found = facts(extract_text("The accord Chad and Niger signed in Niamey was praised."))
    assert _linked(found, "signedAgreementWith", "Chad", "Niger")


def test_relative_clause_deal_they_hope_to_sign_is_a_hope(extract_text, facts):
    found = facts(
        extract_text("The peace deal that Sudan and South Sudan hope to sign was delayed.")
    )
    assert not any(p == "signedAgreementWith" for _, p, _ in found)


def test_relative_clause_about_something_else_is_not_a_signing(extract_text, facts):
    found = facts(extract_text("The day that Chad and Niger signed nothing was a Friday."))
    assert not _linked(found, "signedAgreementWith", "Chad", "Niger")


# --- possessive pronoun owned by the speaker -------------------------------------------------


def test_possessive_pronoun_is_the_reporting_subject(extract_text, facts):
    found = facts(
        extract_text("The Nigerian army said its operation against Boko Haram would go on.")
    )
    assert ("Nigerian armed forces", "launchedOperationAgainst", "Boko Haram") in found


def test_possessive_pronoun_of_an_object_is_the_clause_subject(extract_text, facts):
    found = facts(
        extract_text("Officials said Colombia had resumed its campaign against the ELN in Arauca.")
    )
    assert ("Colombia", "launchedOperationAgainst", "National Liberation Army (Colombia)") in found


def test_operation_noun_under_a_denial_is_negative(extract_text):
    extraction = extract_text("Turkey denied that its operation against the PKK had resumed.")
    operations = _relations(extraction, "launchedOperationAgainst")
    assert operations and all(r.polarity == "negative" for r in operations)


def test_possessive_pronoun_of_an_object_is_not_the_speaker(extract_text, facts):
    found = facts(extract_text("Egypt said Israel had resumed its operation against Hamas."))
    assert ("Israel", "launchedOperationAgainst", "Hamas") in found
    assert not any(s == "Egypt" and p == "launchedOperationAgainst" for s, p, _ in found)


def test_an_operation_without_a_named_target_gives_no_edge(extract_text):
    extraction = extract_text("The army said its operation in the north would continue.")
    assert not _relations(extraction, "launchedOperationAgainst")


# --- representatives stand for their principals ----------------------------------------------


def test_negotiators_for_two_sides_hold_talks(extract_text, facts):
    found = facts(extract_text("Negotiators for Armenia and Azerbaijan held talks in Vienna."))
    assert _linked(found, "holdsTalksWith", "Armenia", "Azerbaijan")


def test_envoys_of_two_states_met(extract_text, facts):
    found = facts(extract_text("Envoys of Serbia and Kosovo met in Brussels on Monday."))
    assert _linked(found, "holdsTalksWith", "Serbia", "Kosovo")


def test_delegations_from_two_sides_held_talks(extract_text, facts):
    found = facts(
        extract_text("Delegations from Ethiopia and Eritrea held a round of talks in Nairobi.")
    )
    assert _linked(found, "holdsTalksWith", "Ethiopia", "Eritrea")


def test_negotiators_for_two_sides_who_refused_talks(extract_text, facts):
    found = facts(
        extract_text("Negotiators for Armenia and Azerbaijan refused to hold talks in Vienna.")
    )
    assert not _linked(found, "holdsTalksWith", "Armenia", "Azerbaijan")


# --- phrasal and multiword triggers ----------------------------------------------------------


def test_agreed_to_pull_out_of_a_town_is_a_withdrawal_from_it(extract_text):
    extraction = extract_text("The FDLR rebels agreed to pull out of Bukavu by Friday.")
    labels = {e.key: e.label for e in extraction.entities}
    withdrawals = _relations(extraction, "agreedToWithdraw")
    assert withdrawals
    assert {labels.get(r.place) for r in withdrawals} == {"Bukavu"}


def test_a_bracketed_credit_is_not_the_speaker_a_pronoun_stands_for(extract_text):
    extraction = extract_text(
        "(Reuters) – Rebels of the FDLR in Congo said on Monday they would pull out of Bukavu."
    )
    labels = {e.key: e.label for e in extraction.entities}
    subjects = {labels[r.subject] for r in _relations(extraction, "agreedToWithdraw")}
    assert subjects and "Reuters" not in subjects


def test_urged_to_pull_out_is_not_a_withdrawal(extract_text):
    extraction = extract_text("Kenya urged the FDLR rebels to pull out of Bukavu by Friday.")
    assert not _relations(extraction, "agreedToWithdraw")


def test_talks_hosted_by_a_third_state_that_brought_together_two_sides(extract_text, facts):
    found = facts(
        extract_text(
            "The talks, hosted by Oman, brought together delegations from Iran and Saudi Arabia."
        )
    )
    assert _linked(found, "holdsTalksWith", "Iran", "Saudi Arabia")
    assert ("Oman", "mediated", "Iran") in found
    assert ("Oman", "mediated", "Saudi Arabia") in found
    assert not _linked(found, "holdsTalksWith", "Oman", "Iran")


def test_a_host_whose_talks_gathered_no_named_sides_did_not_mediate(extract_text, facts):
    found = facts(extract_text("The talks, hosted by Oman, brought together dozens of diplomats."))
    assert not any(p == "mediated" for _, p, _ in found)


def test_supplying_weapons_to_a_group_is_support(extract_text, facts):
    found = facts(extract_text("Eritrea has supplied weapons to the OLF rebels since 2020."))
    assert [(s, o) for s, p, o in found if p == "supports"] == [("Eritrea", "OLF")]


def test_a_report_that_weapons_were_supplied_is_the_reporters_accusation(extract_text, facts):
    found = facts(extract_text("Eritrea has supplied weapons to the OLF, a UN report said."))
    assert ("United Nations", "accused", "Eritrea") in found


def test_sending_weapons_to_a_group_is_support_not_deployment(extract_text, facts):
    found = facts(extract_text("Iran sent weapons to the Houthis in 2019."))
    assert ("Iran", "supports", "Houthis") in found
    assert not any(p == "deployedIn" for _, p, _ in found)


def test_supplying_weapons_reported_by_a_third_state_is_an_accusation(extract_text, facts):
    found = facts(extract_text("Ethiopia said Eritrea had supplied weapons to the OLF rebels."))
    assert ("Ethiopia", "accused", "Eritrea") in found
    assert not any(s == "Eritrea" and p == "supports" for s, p, _ in found)


def test_troops_of_a_state_arriving_in_a_country_are_deployed_there(extract_text, facts):
    found = facts(
        extract_text("Rwandan police officers arrived in Mozambique as part of a mission.")
    )
    # The state, or its force when the mention is read as one ("Rwandan armed forces")
    deployed = {s for s, p, o in found if p == "deployedIn" and o == "Mozambique"}
    assert deployed and all(s.startswith("Rwanda") for s in deployed)


def test_a_minister_arriving_is_not_a_deployment(extract_text, facts):
    found = facts(extract_text("The Rwandan foreign minister arrived in Mozambique on Monday."))
    assert not any(p == "deployedIn" for _, p, _ in found)


# --- coordinated demonyms --------------------------------------------------------------------


def test_coordinated_demonyms_both_name_their_country(extract_text, facts):
    found = facts(extract_text("Serbian and Croatian negotiators met in Brussels on Tuesday."))
    assert _linked(found, "holdsTalksWith", "Serbia", "Croatia")
    found = facts(extract_text("Ethiopian and Eritrean officials held talks in Jeddah."))
    assert _linked(found, "holdsTalksWith", "Ethiopia", "Eritrea")


# --- events of a multi-party frame -----------------------------------------------------------


def test_three_parties_to_talks_are_all_parties_of_the_event(extract_text):
    extraction = extract_text("Armenia, Azerbaijan and Georgia held talks in Tbilisi on Monday.")
    labels = {e.key: e.label for e in extraction.entities}
    talks = [e for e in extraction.events if e.event_class == "Talks"]
    assert len(talks) == 1
    assert {labels[p] for p in talks[0].parties} == {"Armenia", "Azerbaijan", "Georgia"}


# --- meetings: "with Y" on the light verb, hosts of a meal --------------------------------------


def test_meeting_with_partner_attached_to_the_light_verb(extract_text, facts):
    found = facts(
        extract_text("A group of Peruvian diplomats held a meeting with President Obama.")
    )
    assert _linked(found, "holdsTalksWith", "Peru", "Obama")


def test_helper_before_the_light_verb_is_no_partner(extract_text, facts):
    found = facts(
        extract_text("With Norway's help, Peruvian diplomats held a meeting with Bolivia's envoy.")
    )
    assert _linked(found, "holdsTalksWith", "Peru", "Bolivia")
    assert not _linked(found, "holdsTalksWith", "Peru", "Norway")


def test_a_welcome_given_or_received_is_a_meeting(extract_text, facts):
    given = facts(
        extract_text(
            "Chancellor Olaf Scholz gave a warm welcome on Friday to President Emmanuel Macron."
        )
    )
    assert _linked(given, "holdsTalksWith", "Olaf Scholz", "Emmanuel Macron"), given
    received = facts(
        extract_text("Emmanuel Macron received a warm welcome from Olaf Scholz in Berlin.")
    )
    assert _linked(received, "holdsTalksWith", "Olaf Scholz", "Emmanuel Macron"), received
    dative = facts(extract_text("Olaf Scholz gave Emmanuel Macron a warm welcome."))
    assert _linked(dative, "holdsTalksWith", "Olaf Scholz", "Emmanuel Macron"), dative


def test_a_welcome_for_a_decision_is_no_meeting(extract_text, facts):
    found = facts(extract_text("Kenya gave a warm welcome to the decision of Uganda."))
    assert not _linked(found, "holdsTalksWith", "Kenya", "Uganda")
    found = facts(extract_text("The plan received a warm welcome from Kenya."))
    assert not any(p == "holdsTalksWith" for _, p, _ in found)


def test_host_of_a_meal_is_no_mediator_and_stays_a_side(extract_text, facts):
    found = facts(
        extract_text(
            "Chilean diplomats held a meeting with Bolivia's foreign minister at a dinner "
            "hosted by the ambassador of Chile."
        )
    )
    assert _linked(found, "holdsTalksWith", "Chile", "Bolivia")
    assert not any(p == "mediated" for _, p, _ in found)


def test_host_of_talks_between_named_sides_still_mediates(extract_text, facts):
    found = facts(extract_text("Oman hosted talks in Muscat, where Iran met Saudi Arabia."))
    assert not _linked(found, "holdsTalksWith", "Oman", "Iran")


# --- a state carrying out the withdrawal of troops ----------------------------------------------


def _withdrawers(found):
    return {s for s, p, _ in found if p == "agreedToWithdraw"}


def test_state_that_sped_up_the_withdrawal_of_forces_withdraws(extract_text, facts):
    found = facts(
        extract_text("Canada sped up the withdrawal of some combat forces from Haiti on Monday.")
    )
    assert _withdrawers(found) == {"Canada"}


def test_state_that_welcomed_a_withdrawal_does_not_withdraw(extract_text, facts):
    found = facts(extract_text("Chad welcomed the withdrawal of some combat forces from Niger."))
    assert "Chad" not in _withdrawers(found)


def test_state_that_began_the_withdrawal_of_another_states_troops_does_not_withdraw(
    extract_text, facts
):
    found = facts(extract_text("Kenya began the withdrawal of Ugandan troops from Somalia."))
    assert "Kenya" not in _withdrawers(found)


def test_refused_withdrawal_of_forces_is_no_withdrawal(extract_text, facts):
    found = facts(extract_text("Canada refused to begin the withdrawal of forces from Haiti."))
    assert not _withdrawers(found)


def test_welcoming_an_act_is_no_meeting(extract_text, facts):
    found = facts(extract_text("Chad welcomed the withdrawal of troops from Niger."))
    assert not _linked(found, "holdsTalksWith", "Chad", "Niger")
    found = facts(extract_text("Chad received the foreign minister of Niger on Monday."))
    assert _linked(found, "holdsTalksWith", "Chad", "Niger")
    found = facts(extract_text("Russia discussed the withdrawal of troops with Ukraine."))
    assert _linked(found, "holdsTalksWith", "Russia", "Ukraine")
