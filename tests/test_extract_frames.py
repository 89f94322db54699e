"""Event frames: each construction the frame roles read, on sentences written for these tests.

Every test runs the real spaCy model through the whole extraction (mentions, resolution,
frames, conventions) and checks the edges that come out.
"""

from __future__ import annotations


def _pairs(found, predicate):
    return {(s, o) for s, p, o in found if p == predicate}


def _linked(found, predicate, a, b):
    pairs = _pairs(found, predicate)
    return (a, b) in pairs or (b, a) in pairs


# --- mediation ------------------------------------------------------------------------------


def test_frames_compound_brokered_with_between_parties(extract_text, facts):
    found = facts(extract_text("A Qatar-brokered truce between Israel and Hamas began on Sunday."))
    assert ("Qatar", "mediated", "Israel") in found
    assert ("Qatar", "mediated", "Hamas") in found


def test_frames_under_the_auspices_of_makes_the_signers_parties(extract_text, facts):
    found = facts(
        extract_text("Ethiopia and Eritrea signed a peace accord under the auspices of Norway.")
    )
    assert ("Norway", "mediated", "Ethiopia") in found
    assert ("Norway", "mediated", "Eritrea") in found
    assert not _linked(found, "signedAgreementWith", "Norway", "Ethiopia")


def test_frames_talks_hosted_by_a_third_country(extract_text, facts):
    found = facts(extract_text("The talks between Iran and Saudi Arabia were hosted by Oman."))
    assert ("Oman", "mediated", "Iran") in found
    assert ("Oman", "mediated", "Saudi Arabia") in found
    assert _linked(found, "holdsTalksWith", "Iran", "Saudi Arabia")
    assert not _linked(found, "holdsTalksWith", "Oman", "Iran")


def test_frames_relative_clause_mediator(extract_text, facts):
    found = facts(
        extract_text("Egypt, which mediated the talks between Israel and Hamas, said on Monday.")
    )
    assert ("Egypt", "mediated", "Israel") in found
    assert ("Egypt", "mediated", "Hamas") in found


def test_frames_possessive_nominal_mediation_modifies_the_clause(extract_text, facts):
    found = facts(
        extract_text("With Turkey's mediation, Russia and Ukraine held talks in Istanbul.")
    )
    assert ("Turkey", "mediated", "Russia") in found
    assert ("Turkey", "mediated", "Ukraine") in found
    assert _linked(found, "holdsTalksWith", "Russia", "Ukraine")


def test_frames_mediation_efforts_of_several_between_two(extract_text, facts):
    found = facts(
        extract_text(
            "The mediation efforts of Qatar and Egypt between Israel and Hamas continued on Friday."
        )
    )
    for mediator in ("Qatar", "Egypt"):
        for party in ("Israel", "Hamas"):
            assert (mediator, "mediated", party) in found


def test_frames_object_control_thanked_for_helping_broker(extract_text, facts):
    found = facts(
        extract_text(
            "Iran thanked Iraq and Oman for helping broker the agreement between Iran and "
            "Saudi Arabia."
        )
    )
    for mediator in ("Iraq", "Oman"):
        assert (mediator, "mediated", "Saudi Arabia") in found


def test_frames_participle_hanging_off_a_party_reaches_the_talks(extract_text, facts):
    found = facts(
        extract_text(
            "The hostages were freed after negotiations between Boko Haram and Nigeria "
            "brokered by Switzerland."
        )
    )
    assert ("Switzerland", "mediated", "Boko Haram") in found
    assert ("Switzerland", "mediated", "Nigeria") in found


def test_frames_acting_as_guarantor_is_mediation_without_named_parties(extract_text, facts):
    ex = extract_text("Norway and Cuba acted as guarantors in the negotiations.")
    mediated = {r.subject for r in ex.relations if r.predicate == "mediated"}
    labels = {e.key: e.label for e in ex.entities}
    assert {labels[k] for k in mediated} == {"Norway", "Cuba"}


# --- claims stay claims ---------------------------------------------------------------------


def test_frames_offer_to_mediate_is_not_mediation(extract_text, facts):
    found = facts(extract_text("Turkey offered to mediate between Russia and Ukraine."))
    assert not _pairs(found, "mediated")


def test_frames_proposed_talks_are_not_talks(extract_text, facts):
    found = facts(extract_text("Kenya proposed talks between Ethiopia and Eritrea."))
    assert not _pairs(found, "holdsTalksWith")


def test_frames_refusal_to_sign_is_not_a_signing(extract_text, facts):
    found = facts(extract_text("Serbia refused to sign the agreement with Kosovo."))
    assert not _pairs(found, "signedAgreementWith")


def test_frames_negated_meeting_is_not_talks(extract_text, facts):
    found = facts(extract_text("Armenia did not meet Azerbaijan in Brussels."))
    assert not _pairs(found, "holdsTalksWith")


# --- signing --------------------------------------------------------------------------------


def test_frames_multi_party_signing_gives_every_pair(extract_text, facts):
    found = facts(extract_text("Sudan, Chad and Libya signed a security pact on Tuesday."))
    assert _linked(found, "signedAgreementWith", "Sudan", "Chad")
    assert _linked(found, "signedAgreementWith", "Sudan", "Libya")
    assert _linked(found, "signedAgreementWith", "Chad", "Libya")


def test_frames_passive_signing_by_agents(extract_text, facts):
    found = facts(extract_text("The accord was signed by Sudan and South Sudan in Addis Ababa."))
    assert _linked(found, "signedAgreementWith", "Sudan", "South Sudan")


def test_frames_separate_agreements_do_not_pair_the_cosigners(extract_text, facts):
    found = facts(
        extract_text("Russia and Ukraine signed separate agreements with Turkey on Friday.")
    )
    assert _linked(found, "signedAgreementWith", "Russia", "Turkey")
    assert _linked(found, "signedAgreementWith", "Ukraine", "Turkey")
    assert not _linked(found, "signedAgreementWith", "Russia", "Ukraine")


def test_frames_guarantor_is_not_a_signing_party(extract_text, facts):
    found = facts(
        extract_text("Sudan and South Sudan signed the accord with Ethiopia as guarantor.")
    )
    assert _linked(found, "signedAgreementWith", "Sudan", "South Sudan")
    assert not _linked(found, "signedAgreementWith", "Sudan", "Ethiopia")


def test_frames_pressured_into_signing(extract_text, facts):
    found = facts(extract_text("Ukraine was pressured into signing a deal with Russia."))
    assert _linked(found, "signedAgreementWith", "Ukraine", "Russia")


def test_frames_agreeing_on_a_ceasefire_deal_nested_in_a_phrase(extract_text, facts):
    found = facts(
        extract_text("Israel and Hamas agreed on the first phase of a ceasefire deal for Gaza.")
    )
    assert _linked(found, "agreedToCeasefire", "Israel", "Hamas")


def test_frames_coordinated_possessors_agree(extract_text, facts):
    found = facts(extract_text("Thailand and Cambodia's leaders agreed to an immediate ceasefire."))
    assert _linked(found, "agreedToCeasefire", "Thailand", "Cambodia")


def test_frames_the_two_sides_resolve_to_the_articles_pair(extract_text, facts):
    found = facts(
        extract_text(
            "Ethiopia and Eritrea held talks in Jeddah on Sunday. "
            "The two sides signed an agreement on Monday."
        )
    )
    assert _linked(found, "signedAgreementWith", "Ethiopia", "Eritrea")


# --- talks ----------------------------------------------------------------------------------


def test_frames_talks_with_after_a_speech_verb(extract_text, facts):
    found = facts(
        extract_text("Blinken said after winding up talks with Kenya and Ethiopia on Friday.")
    )
    assert _linked(found, "holdsTalksWith", "Blinken", "Kenya")
    assert _linked(found, "holdsTalksWith", "Blinken", "Ethiopia")


def test_frames_a_long_attendee_list_gives_no_talks_pairs(extract_text, facts):
    found = facts(
        extract_text(
            "Kenya, Uganda, Rwanda, Burundi and Tanzania all took part in the sessions in Arusha."
        )
    )
    assert not _pairs(found, "holdsTalksWith")


# --- fighting, attacks, deployment, control, support ----------------------------------------


def test_frames_fighting_between_is_mutual(extract_text, facts):
    found = facts(extract_text("Heavy fighting broke out between Ethiopia and Eritrea in May."))
    assert ("Ethiopia", "attacked", "Eritrea") in found
    assert ("Eritrea", "attacked", "Ethiopia") in found


def test_frames_pitting_a_against_b_is_mutual(extract_text, facts):
    found = facts(extract_text("The war began in 2023, pitting Sudan against South Sudan."))
    assert ("Sudan", "attacked", "South Sudan") in found
    assert ("South Sudan", "attacked", "Sudan") in found


def test_frames_nominal_attack_with_possessor_and_target(extract_text, facts):
    found = facts(extract_text("Russia's strikes on Ukraine continued overnight."))
    assert ("Russia", "attacked", "Ukraine") in found


def test_frames_verbal_attack_is_not_an_attack(extract_text, facts):
    found = facts(extract_text("Sudan launched a verbal attack on Chad at the United Nations."))
    assert not _pairs(found, "attacked")


def test_frames_sending_troops_is_deployment_not_support(extract_text, facts):
    found = facts(extract_text("Kenya said it will send 1,000 troops to Somalia."))
    assert ("Kenya", "deployedIn", "Somalia") in found
    assert not _pairs(found, "supports")


def test_frames_place_that_fell_to_a_group_is_controlled(extract_text, facts):
    # A named group: an unnamed "the rebels" with no country to resolve to mints no node.
    found = facts(extract_text("The city of Kadugli fell to the M23 rebels on Tuesday."))
    assert ("M23", "controls", "Kadugli") in found


def test_frames_compound_backed_is_support(extract_text, facts):
    found = facts(extract_text("The Iran-backed Houthis fired missiles at ships on Monday."))
    assert ("Iran", "supports", "Houthis") in found


def test_frames_fronted_passive_participle_backs_the_subject(extract_text, facts):
    found = facts(extract_text("Backed by Uganda, the M23 rebels seized the town of Bunagana."))
    assert ("Uganda", "supports", "M23") in found or ("Uganda", "supports", "M23 rebels") in found


# --- the article's pair ---------------------------------------------------------------------


def test_frames_years_of_war_between_the_two_countries_after_the_leaders_signed(
    extract_text, facts
):
    found = facts(
        extract_text(
            "Eritrea and Ethiopia signed a peace deal on Sunday. President Isaias Afwerki and "
            "Prime Minister Abiy Ahmed signed the agreement in Jeddah. The agreement ends "
            "more than 20 years of war between the two countries."
        )
    )
    assert ("Eritrea", "attacked", "Ethiopia") in found
    assert ("Ethiopia", "attacked", "Eritrea") in found


def test_frames_truce_without_named_sides_is_the_articles_pair(extract_text, facts):
    found = facts(
        extract_text(
            "Fighting between Israel and Hezbollah lasted 34 days. "
            "A UN-backed truce halted the fighting on Monday."
        )
    )
    assert _linked(found, "agreedToCeasefire", "Israel", "Hezbollah")


def test_frames_mediation_of_years_of_talks_reaches_the_talks(extract_text, facts):
    found = facts(extract_text("Norway brokered two years of talks between Colombia and the ELN."))
    assert ("Norway", "mediated", "Colombia") in found


def test_frames_denied_act_names_the_other_actor(extract_text, facts):
    found = facts(extract_text("The Kenyan government denied making a deal with Al-Shabaab."))
    denied = {(s, o) for s, p, o in found if p == "denies"}
    assert any(o == "Al-Shabaab" for _, o in denied), found


def test_frames_listed_guarantors_when_the_verb_is_misparsed(extract_text, facts):
    # spaCy's small model reads "act" here as a noun in apposition to the list
    found = facts(
        extract_text("Brazil, Chile, Mexico and Norway act as guarantor countries in the talks.")
    )
    mediators = {s for s, p, _ in found if p == "mediated"}
    assert {"Brazil", "Chile", "Mexico", "Norway"} <= mediators


def test_frames_leaders_signing_for_their_sides_give_both_pairs(extract_text, facts):
    found = facts(
        extract_text(
            "Salva Kiir, President of South Sudan, and Riek Machar, head of the SPLM-IO, "
            "signed the peace agreement on Sunday."
        )
    )
    signed = _pairs(found, "signedAgreementWith")
    assert ("Salva Kiir", "Riek Machar") in signed or ("Riek Machar", "Salva Kiir") in signed


def test_frames_named_apposition_replaces_the_description(extract_text, facts):
    found = facts(
        extract_text(
            "Ashton said after talks with Serbian Prime Minister Ivica Dacic and his Kosovo "
            "counterpart Hashim Thaci."
        )
    )
    partners = {o for s, p, o in found if p == "holdsTalksWith" and s == "Ashton"}
    assert {"Ivica Dacic", "Hashim Thaci"} <= partners
    assert "Kosovo" not in partners


def test_frames_accused_of_backing_is_an_accusation_of_the_object(extract_text, facts):
    found = facts(extract_text("Sudan has accused the UAE of supporting the RSF."))
    assert not any(s == "Sudan" and p == "supports" for s, p, _ in found)
    assert any(s == "Sudan" and p == "accused" for s, p, _ in found)


# --- acts of one side: frames read by extract/acts.py (once dedicated rules) ----------------


def test_frames_launched_offensive_against_a_named_target(extract_text, facts):
    found = facts(
        extract_text("The Nigerian army launched an offensive against Boko Haram on Friday.")
    )
    assert ("Nigerian armed forces", "launchedOperationAgainst", "Boko Haram") in found, found


def test_frames_operation_launched_by_in_a_participle_or_a_passive(extract_text, facts):
    participle = facts(
        extract_text("A military operation launched by Kenya against Al-Shabaab ended in March.")
    )
    assert ("Kenya", "launchedOperationAgainst", "Al-Shabaab") in participle, participle
    passive = facts(
        extract_text("An offensive was launched by the Ethiopian army against the TPLF in Tigray.")
    )
    assert any(
        p == "launchedOperationAgainst" and s == "Ethiopian armed forces" for s, p, _ in passive
    ), passive


def test_frames_pressing_an_offensive_into_a_place_attacks_it(extract_text, facts):
    found = facts(extract_text("The Sudanese army pressed its offensive into Khartoum on Tuesday."))
    assert ("Sudanese Armed Forces", "attacked", "Khartoum") in found, found


def test_frames_threatened_offensive_is_not_launched(extract_text, facts):
    found = facts(
        extract_text("The Sudanese army threatened to launch an offensive against the RSF.")
    )
    assert not _pairs(found, "launchedOperationAgainst"), found


def test_frames_control_verbs_active_took_control_of_and_passive(extract_text, facts):
    seized = facts(extract_text("The M23 rebels seized the town of Goma on Sunday."))
    assert ("M23", "controls", "Goma") in seized, seized
    took = facts(extract_text("The M23 rebels took control of Goma in April."))
    assert ("M23", "controls", "Goma") in took, took
    held = facts(extract_text("The town of Kidal is held by the Tuareg rebels."))
    assert ("Tuareg rebels", "controls", "Kidal") in held, held


def test_frames_vowed_or_negated_capture_is_no_control(extract_text, facts):
    vowed = facts(extract_text("The Houthis vowed to capture Marib."))
    negated = facts(extract_text("The Taliban did not seize Kabul in 2020."))
    assert not _pairs(vowed, "controls") and not _pairs(negated, "controls"), (vowed, negated)


def test_frames_denial_is_negative_and_a_negated_denial_is_none(extract_text):
    denied = extract_text("Ukraine denied attacking Russia.")
    edges = [r for r in denied.relations if r.predicate == "denies"]
    assert edges and edges[0].polarity == "negative"
    undenied = extract_text("Ukraine did not deny attacking Russia.")
    assert not [r for r in undenied.relations if r.predicate == "denies"]


def test_frames_no_soldiers_stationed_said_by_a_state_is_a_denial_of_presence(extract_text, facts):
    found = facts(extract_text("Belgium has said it has no soldiers stationed in Mali."))
    assert ("Belgium", "deniesPresence", "Mali") in found, found
    assert not _pairs(found, "deployedIn"), found


def test_frames_commitments_lay_down_arms_stop_fighting_abide_by_truce(extract_text, facts):
    disband = facts(extract_text("The ELN agreed to lay down arms in Colombia."))
    assert any(p == "agreedToDisband" for _, p, _ in disband), disband
    stop = facts(extract_text("Hamas and Israel agreed to stop the fighting on Sunday."))
    assert _linked(stop, "agreedToCeasefire", "Hamas", "Israel"), stop
    abide = facts(extract_text("The RSF pledged to abide by the ceasefire."))
    assert ("Rapid Support Forces", "agreedToCeasefire", "CeasefireAgreement") in abide, abide
    extend = facts(extract_text("Armenia and Azerbaijan agreed to extend the truce."))
    assert _linked(extend, "agreedToCeasefire", "Armenia", "Azerbaijan"), extend


def test_frames_narrated_withdrawal_of_forces_and_passive_disbandment(extract_text, facts):
    left = facts(extract_text("The French troops left Mali in August."))
    assert ("French armed forces", "agreedToWithdraw", "Withdrawal") in left, left
    disbanded = facts(extract_text("The militia was disbanded by the government of Iraq."))
    assert not any(p == "agreedToDisband" for _, p, _ in disbanded), disbanded


def test_frames_state_withdrawing_its_troops_is_a_narrated_withdrawal(extract_text, facts):
    found = facts(extract_text("Ethiopia withdrew its troops from Somalia on Friday."))
    assert ("Ethiopia", "agreedToWithdraw", "Withdrawal") in found, found
    refused = facts(extract_text("Ethiopia refused to withdraw its troops from Somalia."))
    assert not any(p == "agreedToWithdraw" for _, p, _ in refused), refused


def test_frames_compound_occupied_names_the_holder_of_the_place(extract_text, facts):
    found = facts(extract_text("Russian-occupied Melitopol was shelled by Ukraine on Monday."))
    assert ("Russia", "controls", "Melitopol") in found, found
