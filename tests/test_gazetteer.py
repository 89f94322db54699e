"""The gazetteer loader over the real generated RDF in ontology/gazetteer."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph
import pytest

from kgraph.errors import InputError
from kgraph.gazetteer import Gazetteer, GazetteerEntry, normalize
from kgraph.model import ENTITY_CLASSES
from kgraph.resources import ontology_path

FOLDER = ontology_path("gazetteer")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_gazetteer_load_is_cached_per_process(gaz):
    assert Gazetteer.load() is gaz
    assert Gazetteer.load(FOLDER) is gaz
    assert len(gaz) > 30_000


def test_gazetteer_country_has_geonames_id_iso_point_and_demonyms(gaz):
    az = gaz.lookup("Azerbaijan")
    assert az is not None
    assert (az.key, az.entity_class, az.geonames_id) == ("gn:587116", "Country", 587116)
    assert re.fullmatch(r"POINT\(49\.\d+ 40\.\d+\)", az.wkt)  # Baku, the capital
    assert "Azerbaijani" in az.demonyms
    assert gaz.get("gn:587116") is az


@pytest.mark.parametrize(
    ("surface", "label"),
    [
        ("U.S.", "United States"),
        ("US", "United States"),
        ("the United States", "United States"),
        ("USA", "United States"),
        ("Britain", "United Kingdom"),
        ("Russian Federation", "Russia"),
        ("DRC", "Democratic Republic of the Congo"),
        ("Armenia", "Armenia"),
    ],
)
def test_gazetteer_country_aliases(gaz, surface, label):
    entry = gaz.lookup(surface)
    assert entry is not None and entry.entity_class == "Country"
    assert entry.label == label


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Azerbaijani", "Azerbaijan"),
        ("Armenian", "Armenia"),
        ("Armenians", "Armenia"),
        ("Russian", "Russia"),
        ("Sudanese", "Sudan"),
        ("Colombian", "Colombia"),
        ("Norwegian", "Norway"),
        ("Sri Lankan", "Sri Lanka"),
        ("Turkish", "Turkey"),
        ("Ukrainian", "Ukraine"),
        ("Saudi", "Saudi Arabia"),
        ("U.S.", "United States"),
        ("American", "United States"),
        ("Dutch", "The Netherlands"),
        ("Swedish", "Sweden"),
        ("Nigerian", "Nigeria"),
        ("Nigerien", "Niger"),
    ],
)
def test_gazetteer_demonym_resolves_to_its_country(gaz, word, country):
    entry = gaz.country_for_demonym(word)
    assert entry is not None, word
    assert entry.label == country


@pytest.mark.parametrize("word", ["Azerbaijan", "rebels", "President", "Baku", "Green", "Liege"])
def test_gazetteer_non_demonyms_are_not_demonyms(gaz, word):
    assert gaz.country_for_demonym(word) is None


def test_gazetteer_igo_acronyms_and_dotted_forms_are_one_entry(gaz):
    un = gaz.lookup("United Nations")
    assert un is not None and un.entity_class == "InternationalOrganization"
    assert un.key == "phx:IGOUNO"
    assert gaz.lookup("UN") is un and gaz.lookup("U.N.") is un
    igad = gaz.lookup("IGAD")
    assert igad is not None and igad.label == "Intergovernmental Authority on Development"
    assert gaz.lookup("Intergovernmental Authority on Development") is igad
    au = gaz.lookup("AU")
    assert au is not None and au.label == "African Union"
    assert gaz.lookup("NATO").label == "North Atlantic Treaty Organization"
    assert gaz.lookup("OSCE").entity_class == "InternationalOrganization"
    assert gaz.lookup("UN Security Council") is not un


def test_gazetteer_armed_group_aliases_and_country(gaz):
    shabaab = gaz.lookup("al-Shabab")
    assert shabaab is not None and shabaab.entity_class == "ArmedGroup"
    assert gaz.lookup("Al-Shabaab") is shabaab
    assert shabaab.country == gaz.lookup("Somalia").key
    farc = gaz.lookup("FARC")
    assert farc is not None and farc.label == "Revolutionary Armed Forces of Colombia"
    for name in ("Hamas", "Hezbollah", "Taliban"):
        entry = gaz.lookup(name)
        assert entry is not None and entry.entity_class == "ArmedGroup", name


def test_gazetteer_people_link_to_their_country(gaz):
    putin = gaz.lookup("Vladimir Putin")
    assert putin is not None and putin.entity_class == "Person"
    assert putin.country == gaz.lookup("Russia").key
    assert gaz.lookup("Putin") is putin  # a surname alias only one person has
    assert gaz.lookup("Erdogan").country == gaz.lookup("Turkey").key
    # people are left to the NER in phrase matching; lookup() still links them
    assert all(gaz.get(key).entity_class != "Person" for _, key in gaz.phrase_patterns())


def test_gazetteer_city_has_geonames_id_wkt_population_and_country(gaz):
    baku = gaz.lookup("Baku")
    assert baku is not None
    assert (baku.key, baku.entity_class, baku.geonames_id) == ("gn:587084", "City", 587084)
    assert baku.wkt.startswith("POINT(49.") and baku.country == "gn:587116"
    assert baku.population > 1_000_000
    assert gaz.lookup("Jeddah").country == gaz.lookup("Saudi Arabia").key
    assert gaz.lookup("Kiev") is gaz.lookup("Kyiv")  # an alternate GeoNames name
    stepanakert = gaz.lookup("Stepanakert")  # listed in cities_extra.txt: GeoNames says 2,100
    assert stepanakert is not None and stepanakert.geonames_id == 146970
    assert stepanakert.country == "gn:587116"


@pytest.mark.parametrize("word", ["Nice", "Mobile", "Police", "Of", "Opportunity", "Bath", "March"])
def test_gazetteer_common_words_are_not_cities(gaz, word):
    entry = gaz.lookup(word)
    assert entry is None or entry.entity_class != "City", word
    assert all(surface != word for surface, _ in gaz.phrase_patterns() if surface == word)


def test_gazetteer_ambiguous_place_is_kept_for_places_ner_found(gaz):
    nice = gaz.lookup_place("Nice")
    assert nice is not None and nice.entity_class == "City"
    assert nice.country == gaz.lookup("France").key


def test_gazetteer_precedence_country_over_region_over_city(gaz):
    georgia = gaz.lookup_all("Georgia")
    assert georgia[0].entity_class == "Country"
    assert gaz.lookup("Kuwait").entity_class == "Country"
    # among cities of one name, the most populous comes first
    tripoli = [e for e in gaz.lookup_all("Tripoli") if e.entity_class == "City"]
    assert tripoli == sorted(tripoli, key=lambda e: -(e.population or 0))
    assert gaz.lookup("Washington").entity_class == "City"


def test_gazetteer_curated_regions_link_to_countries(gaz):
    karabakh = gaz.lookup("Nagorno-Karabakh")
    assert karabakh is not None and karabakh.entity_class == "Region"
    assert karabakh.country == "gn:587116"
    assert karabakh.geonames_id is None  # no id is known from the data here: none is invented
    assert gaz.lookup("Donbass") is gaz.lookup("Donbas")


@pytest.mark.parametrize(
    ("noun", "cls"),
    [
        ("peacekeepers", "PeacekeepingForce"),
        ("peacekeeping", "PeacekeepingForce"),
        ("rebels", "ArmedGroup"),
        ("rebel", "ArmedGroup"),
        ("separatists", "ArmedGroup"),
        ("militia", "ArmedGroup"),
        ("guerrillas", "ArmedGroup"),
        ("fighters", "ArmedGroup"),
        ("army", "MilitaryForce"),
        ("troops", "MilitaryForce"),
        ("forces", "MilitaryForce"),
        ("soldiers", "MilitaryForce"),
        ("government", "Government"),
        ("presidency", "Government"),
        ("ministry", "Government"),
        ("cabinet", "Government"),
        ("authorities", "Government"),
        ("President", "Person"),
        ("ministers", "Person"),
    ],
)
def test_gazetteer_agent_noun_implies_class(gaz, noun, cls):
    assert gaz.agent_class(noun) == cls


@pytest.mark.parametrize("word", ["President", "Minister", "envoy", "General", "spokesman"])
def test_gazetteer_titles(gaz, word):
    assert gaz.is_title(word)


@pytest.mark.parametrize("word", ["rebels", "Azerbaijan", "ceasefire", "peacekeepers"])
def test_gazetteer_non_titles(gaz, word):
    assert not gaz.is_title(word)


def test_gazetteer_phrase_patterns_give_each_surface_to_one_entry(gaz):
    owners: dict[str, str] = {}
    for surface, key in gaz.phrase_patterns():
        assert owners.setdefault(surface, key) == key, surface
        assert gaz.get(key) is not None
    assert owners["Azerbaijan"] == "gn:587116"
    assert "Nice" not in owners and "Police" not in owners


def test_gazetteer_entries_are_typed_with_contract_classes(gaz):
    classes = {e.entity_class for e in gaz.entries()}
    assert classes <= set(ENTITY_CLASSES)
    assert {"Country", "City", "Region", "InternationalOrganization", "ArmedGroup"} <= classes
    keys = [e.key for e in gaz.entries()]
    assert keys == sorted(keys)
    for entry in gaz.entries():
        assert entry.label in entry.aliases
        if entry.country is not None:
            assert gaz.get(entry.country).entity_class == "Country", entry.key


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("U.N.", "un"),
        ("U. N.", "un"),
        ("the United Nations", "united nations"),
        ("“Hamas”", "hamas"),
        ("Nagorno‑Karabakh", "nagorno-karabakh"),
        ("  AZERBAIJAN ", "azerbaijan"),
    ],
)
def test_gazetteer_normalize(surface, key):
    assert normalize(surface) == key


def test_gazetteer_files_parse_as_rdf_and_stay_small():
    total = 0
    for path in sorted(FOLDER.glob("*.ttl")):
        triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
        assert triples, path.name
        total += path.stat().st_size
    assert total < 15 * 1024 * 1024


def test_gazetteer_curated_statements_are_about_known_resources():
    typed: set[str] = set()
    subjects: dict[str, set[str]] = {}
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    for path in sorted(FOLDER.glob("*.ttl")):
        for t in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            if isinstance(t.subject, pyoxigraph.NamedNode):
                if t.predicate.value == rdf_type:
                    typed.add(t.subject.value)
                subjects.setdefault(path.name, set()).add(t.subject.value)
    for name, found in subjects.items():
        if "_curated" in name:
            assert found <= typed, (name, sorted(found - typed)[:5])


def test_gazetteer_index_cache_is_keyed_by_content(tmp_path, monkeypatch):
    from kgraph import gazetteer as module

    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "gaz"
    folder.mkdir()
    for name in ("regions_curated.ttl", "agents_curated.ttl"):
        shutil.copy(FOLDER / name, folder / name)
    (folder / "extra.ttl").write_text(
        "@prefix kg: <https://w3id.org/kgraph/ontology#> .\n"
        "@prefix gaz: <https://w3id.org/kgraph/resource/gaz/> .\n"
        "<https://w3id.org/kgraph/resource/gaz/test-x> a kg:City ; "
        '<http://www.w3.org/2000/01/rdf-schema#label> "Testville" .\n',
        encoding="utf-8",
    )
    first = module._read_folder(folder)
    assert list((tmp_path / "cache").glob("gazetteer-*.pickle"))
    second = module._read_folder(folder)
    assert (
        second.lookup("Testville")
        == first.lookup("Testville")
        == GazetteerEntry(
            key="test:x", label="Testville", entity_class="City", aliases=("Testville",)
        )
    )
    (folder / "extra.ttl").write_text(
        (folder / "extra.ttl").read_text().replace("Testville", "Otherville"), encoding="utf-8"
    )
    third = module._read_folder(folder)
    assert third.lookup("Testville") is None and third.lookup("Otherville") is not None
    assert len(list((tmp_path / "cache").glob("gazetteer-*.pickle"))) == 2


def test_gazetteer_missing_or_broken_folder_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(InputError, match="not found"):
        Gazetteer.load(tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no .ttl files"):
        Gazetteer.load(empty)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.ttl").write_text("this is not turtle .", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl"):
        Gazetteer.load(broken)


def test_gazetteer_default_folder_is_the_repository_ontology():
    repo = Path(__file__).resolve().parents[1]
    assert Path(FOLDER).resolve() == repo / "ontology" / "gazetteer"


def test_a_state_of_a_region_is_not_the_whole_region(gaz):
    darfur = gaz.lookup("Darfur")
    assert gaz.lookup("East Darfur State") is not None
    assert gaz.lookup("East Darfur State") == gaz.lookup("East Darfur") != darfur
    assert gaz.lookup("North Darfur") not in (darfur, gaz.lookup("East Darfur"))
