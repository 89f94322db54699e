"""The gazetteer converter (scripts/build_gazetteer.py): its parsing rules and determinism."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "build_gazetteer.py"
PHOENIX = next(
    (p for p in (REPO.parent / "shared" / "lexicon" / "phoenix",) if p.is_dir()),
    None,
)


@pytest.fixture(scope="module")
def conv():
    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lexicon(conv):
    return conv.Lexicon.from_spacy()


@pytest.mark.parametrize(
    ("acronym", "name", "expected"),
    [
        ("UN", "UNITED NATIONS", True),
        ("IGAD", "INTERGOVERNMENTAL AUTHORITY ON DEVELOPMENT", True),
        ("RSF", "RAPID SUPPORT FORCES", True),
        ("OSCE", "ORGANIZATION FOR SECURITY AND COOPERATION IN EUROPE", True),
        ("ISIL", "ISLAMIC STATE OF IRAQ AND THE LEVANT", True),
        ("UN", "UN SECURITY COUNCIL", False),
        ("UNSC", "UN SECRETARIAT", False),
        ("AU", "ASIAN DEVELOPMENT BANK", False),
    ],
)
def test_gazetteer_build_acronym_rule(conv, acronym, name, expected):
    assert conv.acronym_of(acronym, name) is expected


def test_gazetteer_build_splits_parenthesised_acronyms(conv):
    assert conv.split_acronyms("RAPID SUPPORT FORCES (RSF)") == ("RAPID SUPPORT FORCES", ["RSF"])
    assert conv.split_acronyms("KONGRA-GEL (KGK)") == ("KONGRA-GEL", ["KGK"])
    assert conv.split_acronyms("SOME FRONT (formerly X)") == ("SOME FRONT", [])


def test_gazetteer_build_title_case_keeps_acronyms_and_small_words(conv):
    assert conv.title_case("UN SECURITY COUNCIL") == "UN Security Council"
    assert conv.title_case("ORGANIZATION OF THE ISLAMIC CONFERENCE") == (
        "Organization of the Islamic Conference"
    )
    assert conv.title_case("AL-SHABAAB") == "Al-Shabaab"
    assert conv.title_case("SUDAN PEOPLE'S LIBERATION MOVEMENT") == (
        "Sudan People's Liberation Movement"
    )


def test_gazetteer_build_parses_actor_blocks(conv, tmp_path):
    path = tmp_path / "test.actors.txt"
    path.write_text(
        "# comment line\n"
        "FREEDONIA_  [FRD]\n"
        "+FREEDONIAN_\n"
        "+FREEDONIA_CITY_ # capital\n"
        "\n"
        "UNITED_FRONT_ [IGOUFR]\n"
        "U.F._\n"
        "\n"
        "JOHN_SMITH_  # CountryInfo.txt\n"
        "+SMITH_\n"
        "\t[FRDGOV 990101-051231]\n"
        "ANOTHER_PERSON_\n"
        "\t[FRDGOV]\n",
        encoding="utf-8",
    )
    entries = conv.parse_actors(path)
    assert [e.name for e in entries] == [
        "FREEDONIA_",
        "UNITED_FRONT_",
        "JOHN_SMITH_",
        "ANOTHER_PERSON_",
    ]
    assert entries[0].aliases == ["FREEDONIAN_", "FREEDONIA_CITY_"]
    assert entries[1].aliases == ["U.F._"]  # a codeless line directly under an entry
    assert entries[2].codes == [("FRDGOV", "990101-051231")]
    assert conv._is_person_entry(entries[2]) and not conv._is_person_entry(entries[1])


def test_gazetteer_build_parses_agent_macros(conv, tmp_path):
    path = tmp_path / "agents.txt"
    path.write_text(
        "!PERSON! = MAN, WOMAN\nREBEL [~REB]\nSPOKES!PERSON! [~GOV]\nPOLICE {} [~COP]\n",
        encoding="utf-8",
    )
    pairs = conv.parse_agents(path)
    assert ("rebel", "REB") in pairs and ("spokesman", "GOV") in pairs
    assert ("spokeswoman", "GOV") in pairs and ("police", "COP") in pairs
    agents = {a.word: a for a in conv.build_agents(pairs)}
    assert agents["rebel"].cls == "ArmedGroup" and "rebels" in agents["rebel"].forms
    assert agents["spokesman"].cls == "Person" and "spokesmen" in agents["spokesman"].forms
    assert "police" not in agents  # COP maps to no contract class


def test_gazetteer_build_country_aliases_keep_names_and_demonyms_drop_places(conv, lexicon):
    result = conv.classify_country_aliases(
        "Armenia",
        ["ARMENIA_", "ARMENIAN_", "ARMANIA_", "YEREVAN_", "HAYASTAN_", "REPUBLIC_OF_ARMENIA"],
        lexicon,
        places={"yerevan"},
    )
    assert result.demonyms == {"Armenian"}
    assert "Armania" in result.names and "Republic of Armenia" in result.names
    assert "Yerevan" not in result.names and "Hayastan" not in result.names
    assert conv.plural_demonyms({"Armenian", "Sudanese"}, lexicon) == {"Armenians"}


@pytest.mark.parametrize(
    ("name", "population", "ambiguous"),
    [
        ("Nice", 340_000, True),  # an adjective
        ("Police", 20_000, True),  # a verb and an agent noun
        ("Goes", 38_000, True),  # an inflected verb
        ("Opportunity", 25_000, True),  # an ordinary derived noun
        ("March", 22_000, True),  # a month
        ("Armenia", 300_000, True),  # a country's name
        ("Shanghai", 22_000_000, False),  # a verb too, but a huge city
        ("Baku", 2_000_000, False),
        ("Jeddah", 4_000_000, False),
        ("Stepanakert", 55_000, False),
        ("New York", 8_000_000, False),
    ],
)
def test_gazetteer_build_ambiguous_place_rule(conv, lexicon, name, population, ambiguous):
    reserved = conv.Reserved(
        countries=frozenset({"armenia", "armenian"}),
        agent_nouns=frozenset({"police", "rebels"}),
        first_names=frozenset({"victoria"}),
    )
    assert conv.ambiguous_place_name(name, population, lexicon, reserved) is ambiguous


@pytest.mark.slow
@pytest.mark.skipif(PHOENIX is None, reason="needs ../shared/lexicon/phoenix")
def test_gazetteer_build_is_deterministic_and_parses(tmp_path):
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        done = subprocess.run(
            [
                sys.executable,
                str(SCRIPT),
                "--phoenix",
                str(PHOENIX),
                "--out",
                str(out),
                "--extra-cities",
                str(REPO / "ontology" / "gazetteer" / "cities_extra.txt"),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(out)
    names = sorted(p.name for p in outputs[0].iterdir())
    assert names == sorted(p.name for p in outputs[1].iterdir())
    assert {"countries.ttl", "cities.ttl", "organizations.ttl", "agents.ttl"} <= set(names)
    for name in names:
        first = (outputs[0] / name).read_bytes()
        assert first == (outputs[1] / name).read_bytes(), name
        assert list(pyoxigraph.parse(first, format=pyoxigraph.RdfFormat.TURTLE)), name
    # the listed extra places are in (Khankendi / Stepanakert, GeoNames population 2,100)
    assert b"gaz:gn-146970 a kg:City" in (outputs[0] / "cities.ttl").read_bytes()


def test_gazetteer_build_rejects_a_folder_without_phoenix_files(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--phoenix", str(tmp_path), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "Phoenix.Countries.actors.txt" in done.stderr
    assert not (tmp_path / "o").exists()
