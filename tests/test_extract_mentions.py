"""Mentions, typing and resolution on sentences written for these tests."""

from __future__ import annotations


def _by_label(ex):
    return {e.label: e for e in ex.entities}


def test_mentions_gazetteer_types_countries_and_cities(extract_text):
    ents = _by_label(extract_text("Armenia and Georgia sent envoys to Tbilisi."))
    assert ents["Armenia"].entity_class == "Country"
    assert ents["Tbilisi"].entity_class == "City"
    assert ents["Tbilisi"].geonames_id
    assert ents["Tbilisi"].wkt and ents["Tbilisi"].wkt.startswith("POINT(")


def test_mentions_demonym_plus_force_noun_is_that_countrys_force(extract_text):
    ex = extract_text("Turkish peacekeepers patrolled the border. Turkish forces stayed.")
    forces = [e for e in ex.entities if e.entity_class == "PeacekeepingForce"]
    assert len(forces) == 1
    assert "Turkish peacekeepers" in forces[0].alt_labels + (forces[0].label,)
    assert "Turkish forces" in forces[0].alt_labels  # the generic force joins the specific one
    assert not any(e.entity_class == "Country" for e in ex.entities)  # a demonym inside a name


def test_mentions_rebels_and_government_descriptions(extract_text):
    ex = extract_text(
        "Fighting flared in Moldova on Monday. The separatist rebels attacked the government "
        "in the capital. Moldova called for calm and Moldovan officials met."
    )
    classes = {e.entity_class for e in ex.entities}
    assert {"ArmedGroup", "Government"} <= classes


def test_mentions_person_short_form_joins_full_name(extract_text):
    ex = extract_text(
        "Prime Minister Kyriakos Mitsotakis arrived on Monday. Mitsotakis said talks went well."
    )
    people = [e for e in ex.entities if e.entity_class == "Person"]
    assert len(people) == 1
    assert people[0].label == "Kyriakos Mitsotakis"
    assert "Mitsotakis" in people[0].alt_labels


def test_mentions_acronym_in_parentheses_is_an_alias(extract_text):
    ex = extract_text(
        "The Allied Democratic Forces (ADF) attacked a village. Later the ADF withdrew."
    )
    groups = [e for e in ex.entities if "ADF" in e.alt_labels or e.label == "ADF"]
    assert len(groups) == 1


def test_mentions_place_description_resolves_to_named_region(extract_text):
    ex = extract_text(
        "Soldiers entered Transnistria on Monday. The breakaway region has its own police."
    )
    region = next(e for e in ex.entities if e.label == "Transnistria")
    assert any("breakaway region" in name for name in region.alt_labels)


def test_mentions_newsletter_block_yields_nothing(extract_text):
    text = (
        "Kenya mediated talks between Ethiopia and Eritrea.\n\n"
        "Sign up to our free newsletters\n\nGet the best updates straight to your inbox:\n\n"
        "You can unsubscribe at any time. We use Mailchimp as our marketing platform."
    )
    ex = extract_text(text)
    assert "Mailchimp" not in ex.document.text
    assert not any("Mailchimp" in e.label for e in ex.entities)
