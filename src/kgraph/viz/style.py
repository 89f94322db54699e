"""How each ontology class looks: colour, vis-network shape and the legend glyph.

Actors are circles, triangles and hexagons in cool colours, places squares in earth tones,
events gold diamonds and stars, so an agreement never looks like a party to it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Look:
    color: str
    shape: str
    glyph: str


_GLYPH = {
    "dot": "\u25cf",
    "square": "\u25a0",
    "diamond": "\u25c6",
    "triangle": "\u25b2",
    "triangleDown": "\u25bc",
    "star": "\u2605",
    "hexagon": "\u2b22",
}


def _look(color: str, shape: str) -> Look:
    return Look(color, shape, _GLYPH[shape])


LOOKS: dict[str, Look] = {
    "Country": _look("#2b6cb0", "dot"),
    "Government": _look("#6b46c1", "dot"),
    "ArmedGroup": _look("#c53030", "triangle"),
    "MilitaryForce": _look("#9c4221", "triangle"),
    "PeacekeepingForce": _look("#2c7a7b", "triangleDown"),
    "InternationalOrganization": _look("#2f855a", "hexagon"),
    "Organization": _look("#68a04a", "hexagon"),
    "Person": _look("#d53f8c", "dot"),
    "City": _look("#8a6d3b", "square"),
    "Region": _look("#b7791f", "square"),
    "Event": _look("#d69e2e", "diamond"),
    "Agreement": _look("#ecc94b", "diamond"),
    "CeasefireAgreement": _look("#f6ad55", "diamond"),
    "Talks": _look("#f6e05e", "star"),
    "MilitaryOperation": _look("#e53e3e", "star"),
    "Withdrawal": _look("#fbd38d", "diamond"),
    "Disbandment": _look("#f6ad55", "star"),
}
EVENT_BORDER = "#744210"
UNKNOWN = _look("#a0aec0", "dot")
NEGATIVE_EDGE = "#c53030"
PARTY_EDGE = "#a0aec0"  # every secondary link: party, place, belongsTo
RELATION_EDGE = "#4a5568"
# Secondary links are thin and grey; the dash pattern tells them apart (the legend shows it).
SECONDARY_DASHES: dict[str, list[int]] = {
    "party": [2, 4],
    "place": [8, 4],
    "belongsTo": [1, 3, 6, 3],
}
_SECONDARY_TITLES = {
    "party": "party to the event ({label})",
    "place": "where it took place",
    "belongsTo": "belongs to this country",
}


def look_for(cls: str) -> Look:
    return LOOKS.get(cls, UNKNOWN)


def dashes(kind: str) -> list[int]:
    return SECONDARY_DASHES.get(kind, SECONDARY_DASHES["party"])


def secondary_title(kind: str, label: str) -> str:
    """The hover text of a secondary link (party, place, belongsTo)."""
    return _SECONDARY_TITLES.get(kind, "{label}").format(label=label)
