"""Descriptions resolve to the actor they refer to; no entity is a bare common noun.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from kgraph.extract.resolve import is_generic_label
from kgraph.gazetteer import Gazetteer


def _labels(extraction) -> dict[str, str]:
    return {e.label: e.entity_class for e in extraction.entities}


def test_generic_labels_are_bare_common_nouns():
    gazetteer = Gazetteer.load()
    for label in ("rebels", "the army", "Troops", "regular military", "government forces"):
        assert is_generic_label(label, gazetteer), label
    for label in ("Tamil rebels", "Government of Sudan", "M23", "Lebanese troops", "U.N. experts"):
        assert not is_generic_label(label, gazetteer), label


def test_the_government_of_an_article_about_one_country_is_that_countrys(extract_text):
    ex = extract_text(
        "Malawi's opposition called a strike in Blantyre on Monday. Malawi has been in "
        "crisis for weeks, and police in Lilongwe, Malawi's capital, closed roads. "
        "The government said the strike was illegal."
    )
    labels = _labels(ex)
    assert labels.get("Government of Malawi") == "Government"
    assert "government" not in labels


def test_descriptions_without_a_clear_referent_mint_no_node(extract_text):
    ex = extract_text(
        "Kenya and Ethiopia sent envoys. The rebels attacked the army near the border, "
        "and the army said fighters had been killed."
    )
    gazetteer = Gazetteer.load()
    assert not [e.label for e in ex.entities if is_generic_label(e.label, gazetteer)]
    assert {"Kenya", "Ethiopia"} <= set(_labels(ex))


def test_a_description_with_a_name_in_it_keeps_that_name(extract_text):
    ex = extract_text("The Kachin rebels shelled a base near the border on Friday.")
    groups = [e for e in ex.entities if e.entity_class == "ArmedGroup"]
    assert len(groups) == 1
    assert "Kachin rebels" in (groups[0].label, *groups[0].alt_labels)


def test_the_rebels_join_the_named_group_of_the_article(extract_text):
    ex = extract_text("The Allied Democratic Forces attacked a village. The rebels later withdrew.")
    groups = [e for e in ex.entities if e.entity_class == "ArmedGroup"]
    assert len(groups) == 1
    assert "rebels" in groups[0].alt_labels


def test_a_possessed_institution_belongs_to_its_possessor(extract_text):
    # NER reads the capitalised noun as a name; the possessor says whose it is.
    ex = extract_text("Norway's Cabinet met on Sunday and approved the budget.")
    labels = _labels(ex)
    assert labels.get("Government of Norway") == "Government"
    assert "Cabinet" not in labels


def test_forces_owned_through_a_pronoun_are_that_actors_forces(extract_text):
    ex = extract_text(
        "The Northern Alliance said its forces had withdrawn from the town of Taloqan."
    )
    labels = _labels(ex)
    assert labels.get("forces of Northern Alliance") == "MilitaryForce"
    assert "forces" not in labels


def test_representatives_of_a_named_actor_are_no_group_of_their_own(extract_text):
    ex = extract_text(
        "Representatives of the Chadian army and envoys of the rebel alliance met in Doha."
    )
    labels = _labels(ex)
    assert not any("representatives" in label.lower() for label in labels)
    assert labels.get("Chadian armed forces") == "MilitaryForce"


def test_a_states_army_named_inside_a_longer_phrase_is_an_entity(extract_text):
    offensive = _labels(extract_text("Rebels were pushed back by Chadian army offensives."))
    assert offensive.get("Chadian armed forces") == "MilitaryForce"
    titled = _labels(extract_text("The attack failed, Malian army Colonel Ousmane Diarra said."))
    assert titled.get("Malian armed forces") == "MilitaryForce"
    troops = _labels(extract_text("Chadian government troops moved north on Monday."))
    assert "Government of Chad" not in troops  # 'government troops' are troops


def test_a_states_ministry_named_before_a_title_is_its_government(extract_text):
    labels = _labels(
        extract_text("The talks were useful, Kenyan foreign ministry spokesman Peter Otieno said.")
    )
    assert labels.get("Government of Kenya") == "Government"


def test_each_country_of_a_coordinated_description_has_its_force(extract_text):
    labels = _labels(extract_text("Kenyan and Ugandan troops said on Monday they held the road."))
    assert labels.get("Kenyan armed forces") == "MilitaryForce"
    assert labels.get("Ugandan armed forces") == "MilitaryForce"
