"""Sides of a conflict that news names by a demonym, a leader or a people, not by the state's or
the group's own name.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from kgraph.gazetteer import Gazetteer


def _by_label(extraction) -> dict[str, object]:
    return {e.label: e for e in extraction.entities}


def _edges(extraction, predicate: str) -> set[tuple[str, str]]:
    labels = {e.key: e.label for e in extraction.entities}
    return {
        (labels.get(r.subject, r.subject), labels.get(r.object, r.object))
        for r in extraction.relations
        if r.predicate == predicate
    }


def _country_key(name: str) -> str:
    entry = Gazetteer.load().lookup(name)
    assert entry is not None, name
    return entry.key


def test_plural_demonyms_between_are_the_two_states(extract_text):
    ex = extract_text(
        "Chile shut a border crossing on Friday because of fighting between Bolivians and "
        "Peruvians in the highlands."
    )
    assert {"Bolivia", "Peru"} <= set(_by_label(ex))
    assert ("Bolivia", "Peru") in _edges(ex, "attacked")
    assert ("Peru", "Bolivia") in _edges(ex, "attacked")


def test_plural_demonyms_that_are_people_stay_people(extract_text):
    ex = extract_text(
        "Clashes between Bolivians and ethnic Peruvians were reported. Aid reached Peruvians "
        "living in camps near Oruro."
    )
    assert "Peru" not in _by_label(ex)


def test_a_force_a_state_leads_is_that_states_force(extract_text):
    ex = extract_text("Ecuadorian-led forces shelled rebel positions near Zarumilla on Tuesday.")
    forces = [e for e in ex.entities if e.entity_class == "MilitaryForce"]
    assert [e.country for e in forces] == [_country_key("Ecuador")]
    assert any("Ecuadorian-led forces" in e.alt_labels for e in forces)


def test_a_named_country_leading_a_force(extract_text):
    ex = extract_text("Peru-led troops retook the village of Sullana after a week of shelling.")
    forces = [e for e in ex.entities if e.entity_class == "MilitaryForce"]
    assert [e.country for e in forces] == [_country_key("Peru")]


def test_a_force_a_state_backs_is_not_its_own(extract_text):
    ex = extract_text("Chilean-backed forces shelled the town of Zarumilla on Tuesday.")
    assert all(
        e.country != _country_key("Chile") for e in ex.entities if e.entity_class != "Country"
    )


def test_a_capitalised_abbreviation_before_a_weapon_name_is_the_state(extract_text):
    ex = extract_text("Recent US Reaper strikes have killed four Shining Path commanders.")
    assert "United States" in _by_label(ex)
    assert ("United States", "Shining Path") in _edges(ex, "attacked")


def test_a_peoples_name_before_an_armed_group_noun_is_an_armed_group(extract_text):
    ex = extract_text("Peruvian troops attacked Karen rebel positions near the river on Monday.")
    labels = _by_label(ex)
    assert labels["Karen"].entity_class == "ArmedGroup"
    assert ("Peruvian armed forces", "Karen") in _edges(ex, "attacked")


def test_a_peoples_name_heading_no_armed_noun_is_no_person(extract_text):
    ex = extract_text("Peruvian troops fought Karen rebels near the river on Monday.")
    assert all(e.entity_class != "Person" for e in ex.entities)
    assert any(e.entity_class == "ArmedGroup" for e in ex.entities)


def test_a_persons_first_name_that_is_also_a_peoples_stays_a_person(extract_text):
    ex = extract_text("Karen Okafor, the mayor of Oruro, said the talks would resume.")
    assert _by_label(ex)["Karen Okafor"].entity_class == "Person"


def test_a_former_name_of_a_state_as_demonym(extract_text):
    ex = extract_text("Thai forces fired rockets at Kampuchean rebel camps on Sunday.")
    assert "Cambodia" in _by_label(ex)
