"""Conflict constructions (docs/relations.md, "Conflict constructions"), on sentences written
for these tests, through the whole extraction with the real spaCy model."""

from __future__ import annotations


def _edges(extract_text, facts, text: str) -> set[tuple[str, str, str]]:
    return facts(extract_text(text))


# --- attacked: what was hit --------------------------------------------------------------------


def test_fired_at_targets_in_a_city_attacks_the_city(extract_text, facts):
    found = _edges(extract_text, facts, "Russia fired shells at targets in Kharkiv overnight.")
    assert ("Russia", "attacked", "Kharkiv") in found


def test_place_of_the_building_struck_is_attacked(extract_text, facts):
    found = _edges(
        extract_text, facts, "Israel struck the entrance to the army headquarters in Damascus."
    )
    assert ("Israel", "attacked", "Damascus") in found


def test_a_place_the_target_only_heads_for_is_not_attacked(extract_text, facts):
    found = _edges(extract_text, facts, "Russian jets struck a convoy heading to Aleppo.")
    assert not any(p == "attacked" and o == "Aleppo" for _, p, o in found)
    found = _edges(extract_text, facts, "Russian jets struck the road to Aleppo.")
    assert not any(p == "attacked" and o == "Aleppo" for _, p, o in found)


def test_invasion_of_a_country_attacks_it(extract_text, facts):
    found = _edges(extract_text, facts, "Russia's invasion of Ukraine began in February 2022.")
    assert ("Russia", "attacked", "Ukraine") in found
    assert ("Ukraine", "attacked", "Russia") not in found


def test_attacker_of_in_an_attack_is_the_clause_subject(extract_text, facts):
    found = _edges(
        extract_text,
        facts,
        "Russian aircraft killed twelve civilians in an attack on a village near Herat.",
    )
    assert any(s == "Russia" and p == "attacked" and o.startswith("Her") for s, p, o in found)


def test_condemning_an_attack_is_not_attacking(extract_text, facts):
    found = _edges(extract_text, facts, "Ukraine condemned the attack on Odesa.")
    assert not any(p == "attacked" for _, p, _o in found)


# --- accused --------------------------------------------------------------------------------


def test_blamed_the_attack_on_an_actor_is_an_accusation(extract_text, facts):
    found = _edges(extract_text, facts, "The Houthis blamed the attack on the United States.")
    assert ("Houthis", "accused", "United States") in found
    assert not any(p == "attacked" for _, p, _o in found)


def test_passive_accusation_and_the_accused_act(extract_text, facts):
    found = _edges(extract_text, facts, "Russia was accused by Ukraine of shelling Kharkiv.")
    assert ("Ukraine", "accused", "Russia") in found
    assert ("Russia", "attacked", "Kharkiv") in found
    assert ("Ukraine", "attacked", "Kharkiv") not in found


def test_nominal_accusation_that_clause(extract_text, facts):
    found = _edges(
        extract_text, facts, "Ethiopia's accusation that Eritrea armed the rebels strained ties."
    )
    assert ("Ethiopia", "accused", "Eritrea") in found


def test_accusations_by_against(extract_text, facts):
    found = _edges(
        extract_text, facts, "The accusations by Armenia against Azerbaijan were detailed."
    )
    assert ("Armenia", "accused", "Azerbaijan") in found


def test_allegations_against_with_a_light_verb(extract_text, facts):
    found = _edges(extract_text, facts, "Sudan made new allegations against Chad on Monday.")
    assert ("Sudan", "accused", "Chad") in found


def test_rejected_accusation_is_no_accusation(extract_text, facts):
    found = _edges(
        extract_text, facts, "Chad rejected Sudan's accusation that it armed the rebels."
    )
    assert ("Sudan", "accused", "Chad") not in found


# --- controls -------------------------------------------------------------------------------


def test_retook_the_town_of(extract_text, facts):
    found = _edges(extract_text, facts, "The Taliban retook the town of Musa Qala on Friday.")
    assert ("Taliban", "controls", "Musa Qala") in found


def test_named_group_possessed_by_its_country_is_the_actor(extract_text, facts):
    found = _edges(
        extract_text, facts, "Nigeria's Boko Haram insurgents seized the town of Monguno."
    )
    assert ("Boko Haram", "controls", "Monguno") in found
    assert ("Nigeria", "controls", "Monguno") not in found


def test_mounted_its_invasion_of_a_region(extract_text, facts):
    found = _edges(
        extract_text, facts, "Israel mounted its long-planned invasion of Lebanon on Sunday."
    )
    assert ("Israel", "launchedOperationAgainst", "Lebanon") in found


def test_speaker_who_says_another_was_responsible_accuses_it(extract_text, facts):
    found = _edges(
        extract_text, facts, "Turkey claimed that the PKK was responsible for the bombing."
    )
    assert ("Turkey", "accused", "Kurdistan Workers' Party") in found


def test_held_responsible_is_an_accusation(extract_text, facts):
    found = _edges(extract_text, facts, "Kenya held al-Shabaab responsible for the bombing.")
    assert ("Kenya", "accused", "Al-Shabaab") in found


def test_claiming_responsibility_oneself_accuses_nobody(extract_text, facts):
    found = _edges(extract_text, facts, "Al-Shabaab said it was responsible for the attack.")
    assert not any(p == "accused" for _, p, _o in found)


# --- attacked: fighting ------------------------------------------------------------------------


def test_fighting_with_after_a_coordinated_clause_is_the_first_subjects(extract_text, facts):
    found = _edges(
        extract_text,
        facts,
        "Azerbaijan launched an offensive on Monday, and fierce fighting with Armenia followed.",
    )
    assert ("Azerbaijan", "attacked", "Armenia") in found
    assert ("Armenia", "attacked", "Azerbaijan") in found


def test_fighting_with_in_a_subordinate_clause(extract_text, facts):
    found = _edges(
        extract_text,
        facts,
        "Ethiopia moved troops to the border as heavy fighting with Eritrea broke out.",
    )
    assert ("Ethiopia", "attacked", "Eritrea") in found


def test_fighting_with_and_no_named_side_gives_nothing(extract_text, facts):
    found = _edges(extract_text, facts, "Talks collapsed, and fighting with Hamas resumed.")
    assert not any(p == "attacked" for _, p, _o in found)


def test_taking_a_town_from_a_side_is_fighting_it(extract_text, facts):
    found = _edges(
        extract_text, facts, "Kenyan forces captured the port of Kismayo from al-Shabaab in 2012."
    )
    assert ("Kenyan armed forces", "controls", "Kismayo") in found
    assert ("Kenyan armed forces", "attacked", "Al-Shabaab") in found


def test_taking_goods_from_a_side_is_no_fight(extract_text, facts):
    found = _edges(extract_text, facts, "Israel seized weapons from Hezbollah.")
    assert not any(p == "attacked" for _, p, _o in found)


def test_driven_out_by_is_an_attack_by_the_agent(extract_text, facts):
    found = _edges(
        extract_text,
        facts,
        "Boko Haram has been driven out of its strongholds in Borno"
        " by Chadian and Nigerian forces.",
    )
    assert ("Chadian armed forces", "attacked", "Boko Haram") in found


def test_pushed_back_is_an_attack(extract_text, facts):
    found = _edges(extract_text, facts, "Ukraine pushed Russian forces back from Kharkiv.")
    assert ("Ukraine", "attacked", "Russian armed forces") in found


# --- deployedIn -----------------------------------------------------------------------------


def test_a_bloc_that_sends_forces_deploys(extract_text, facts):
    found = _edges(extract_text, facts, "NATO sent troops to Kosovo.")
    assert ("North Atlantic Treaty Organization", "deployedIn", "Kosovo") in found


def test_sending_aid_is_no_deployment(extract_text, facts):
    found = _edges(extract_text, facts, "The UN sent aid workers to Gaza.")
    assert not any(p == "deployedIn" for _, p, _o in found)
    found = _edges(extract_text, facts, "The shelling sent Sudanese soldiers' families to Kosti.")
    assert not any(p == "deployedIn" for _, p, _o in found)


def test_troops_that_entered_a_city_are_deployed_there(extract_text, facts):
    found = _edges(extract_text, facts, "Russian troops entered Kherson on Wednesday.")
    assert ("Russian armed forces", "deployedIn", "Kherson") in found


def test_war_between_parsed_with_the_second_side_as_subject(extract_text, facts):
    found = _edges(
        extract_text, facts, "The war between Ethiopia and the TPLF has killed thousands."
    )
    assert ("Ethiopia", "attacked", "Tigray People's Liberation Front") in found
    assert ("Tigray People's Liberation Front", "attacked", "Ethiopia") in found


def test_conflict_between_a_possessed_army_with_its_acronym(extract_text, facts):
    found = _edges(
        extract_text,
        facts,
        "The conflict between Sudan's army (SAF) and the RSF has displaced millions.",
    )
    assert ("Sudanese Armed Forces", "attacked", "Rapid Support Forces") in found


def test_plural_demonyms_between_stand_for_the_named_countries(extract_text, facts):
    found = _edges(
        extract_text,
        facts,
        "Armenia and Azerbaijan traded blame on Monday. Fighting between Armenians and"
        " Azerbaijanis erupted again in the mountains.",
    )
    assert ("Armenia", "attacked", "Azerbaijan") in found
    assert ("Azerbaijan", "attacked", "Armenia") in found


def test_plural_demonyms_between_are_sides_though_the_article_names_no_state(extract_text, facts):
    # the two sides of a "between" phrase are actors, as a plural demonym subject is
    # ("the Palestinians rejected"); an "ethnic" or counted plural stays people
    found = _edges(
        extract_text, facts, "Fighting between Armenians and Azerbaijanis erupted in the hills."
    )
    assert ("Armenia", "attacked", "Azerbaijan") in found
    found = _edges(
        extract_text,
        facts,
        "Fighting between ethnic Armenians and ten Azerbaijanis erupted in the hills.",
    )
    assert not any(p == "attacked" for _, p, _o in found)


def test_listing_a_group_as_terrorist_is_an_accusation(extract_text, facts):
    found = _edges(extract_text, facts, "Canada listed the Houthis as a terrorist entity in 2024.")
    assert ("Canada", "accused", "Houthis") in found


def test_a_terrorist_designation_of_two_states_together(extract_text, facts):
    found = _edges(
        extract_text, facts, "Japan and Australia branded the PKK a terrorist group last year."
    )
    assert ("Japan", "accused", "Kurdistan Workers' Party") in found
    assert ("Australia", "accused", "Kurdistan Workers' Party") in found


def test_control_over_attached_to_the_verb(extract_text, facts):
    found = _edges(
        extract_text,
        facts,
        "The talks began in 2021, after Moscow established full control over Crimea.",
    )
    assert ("Russia", "controls", "Crimea") in found


def test_fighting_that_broke_out_as_one_side_attacked_another(extract_text, facts):
    found = _edges(
        extract_text,
        facts,
        "Heavy fighting broke out as Nigeria's army launched an offensive against Boko Haram.",
    )
    assert ("Boko Haram", "attacked", "Nigerian armed forces") in found
    assert ("Nigerian armed forces", "attacked", "Boko Haram") in found


def test_fighting_while_a_third_party_speaks_has_no_sides(extract_text, facts):
    found = _edges(extract_text, facts, "Fighting continued as the UN called for calm.")
    assert not any(p == "attacked" for _, p, _o in found)


def test_a_military_presence_on_a_countrys_soil(extract_text, facts):
    found = _edges(extract_text, facts, "Turkey's military presence on Iraqi soil has grown.")
    assert ("Turkey", "deployedIn", "Iraq") in found


def test_came_under_attack_from(extract_text, facts):
    found = _edges(
        extract_text, facts, "Kenyan troops came under attack from al-Shabaab near Lamu."
    )
    assert ("Al-Shabaab", "attacked", "Kenyan armed forces") in found
    assert ("Kenyan armed forces", "attacked", "Al-Shabaab") not in found


def test_exchanged_fire_is_mutual(extract_text, facts):
    found = _edges(extract_text, facts, "India traded artillery fire with Pakistan on Friday.")
    assert ("India", "attacked", "Pakistan") in found
    assert ("Pakistan", "attacked", "India") in found


def test_exchanging_prisoners_is_no_fight(extract_text, facts):
    found = _edges(extract_text, facts, "Russia and Ukraine exchanged prisoners on Friday.")
    assert not any(p == "attacked" for _, p, _o in found)


def test_claiming_responsibility_for_an_attack_makes_the_attacker(extract_text, facts):
    found = _edges(
        extract_text,
        facts,
        "Al-Shabaab claimed responsibility for the attack on the Kenyan base in Lamu.",
    )
    assert ("Al-Shabaab", "attacked", "Kenya") in found


def test_denying_responsibility_for_an_attack_is_no_attack(extract_text, facts):
    found = _edges(extract_text, facts, "Hamas denied responsibility for the attack on Israel.")
    assert ("Hamas", "attacked", "Israel") not in found


def test_a_siege_of_a_town_by_the_named_group(extract_text, facts):
    found = _edges(extract_text, facts, "The RSF siege of Kadugli continued for months.")
    assert ("Rapid Support Forces", "attacked", "Kadugli") in found


def test_launching_drones_at_a_city_attacks_it(extract_text, facts):
    found = _edges(extract_text, facts, "Ukraine launched drones at Moscow overnight.")
    assert ("Ukraine", "attacked", "Moscow") in found


def test_firing_missiles_into_a_country(extract_text, facts):
    found = _edges(extract_text, facts, "Iran fired missiles into Israel on Tuesday.")
    assert ("Iran", "attacked", "Israel") in found


def test_sending_drones_to_an_ally_is_no_attack(extract_text, facts):
    found = _edges(extract_text, facts, "Kenya sent drones to Somalia.")
    assert not any(p == "attacked" for _, p, _o in found)


def test_advancing_on_a_city(extract_text, facts):
    found = _edges(extract_text, facts, "M23 rebels advanced on Goma.")
    assert ("M23", "attacked", "Goma") in found


def test_firing_on_people_in_a_region_does_not_attack_the_region(extract_text, facts):
    found = _edges(extract_text, facts, "Russia fired on militants in Chechnya.")
    assert not any(p == "attacked" for _, p, _o in found)


def test_a_passive_agent_is_not_the_attacker_of_a_fight_it_judges(extract_text, facts):
    found = _edges(
        extract_text,
        facts,
        "The general was indicted by the UN for atrocities during the fight against Serb forces.",
    )
    assert not any(s == "United Nations" and p == "attacked" for s, p, _o in found)


def test_forcing_an_agency_out_is_no_attack(extract_text, facts):
    found = _edges(extract_text, facts, "Indonesia forced the UNHCR out of the country.")
    assert not any(p == "attacked" for _, p, _o in found)
