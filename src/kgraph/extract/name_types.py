"""Check the class of each name against the words around it, so typing holds on new text.

A gazetteer or NER class is a guess. Many town names are also surnames ("Mao", "Bush"),
peoples ("Tamil", "Druze") or capitalised common words ("Kingdom"). The rules, in order:

1. A one-word name that is a capitalised common word (`not_names.txt`), or an unknown word
   capitalised only because it starts a sentence and parsed as a common word ("Fierce
   fighting ..."), is not a name.
2. The name of a people (`peoples.txt`) is neither a place nor a person, unless the context
   says place ("in X", "the town of X").
3. A one-word place name that is the first or last word of a person named in the article is
   that person, unless the context says place.
4. A place name written after a title ("President Bush"), the subject of "said" that the
   NER tags PERSON, or an unknown "place" joined by "and" to a person, is a person (the NER
   alone is not enough: it tags many towns PERSON).
5. "X's minister", "X's governor": a one-word "person" that owns an office is not a person;
   where the article names X as a place elsewhere, it takes that class.
6. The same unknown name keeps one class in an article: a class the context gave wins, else
   a place class wins over an organisation ("El Bur" tagged LOC once and ORG once).
7. An acronym the NER tags ORG is an organisation, even where a town has that name; so is
   any name the NER tags ORG that only a town of under 500,000 people bears, unless the
   context says place ("Xinhua" the agency, not the town).
   An unknown "city" whose name starts with a compass word is a region ("South Waziristan").
8. A one-word unknown name that ends a country's name in the same article ("Congo" after
   "the Democratic Republic of Congo") is that country; a one-word "person" that begins a
   place's name in the article ("the Litani" after "the Litani River") is a place.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from kgraph.extract.lexicon import Lexicon
from kgraph.gazetteer import Gazetteer, is_common_word, is_people_name, word_list

if TYPE_CHECKING:
    from kgraph.extract.mentions import Candidate

_PLACES = frozenset({"City", "Region"})
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame"})
# prepositions after which a name is a place ("fighting in Mao", "the road to Bush")
# "according to Reuters", "a call from the UN": an organisation, so the narrower set for them
_INSIDE = frozenset({"in", "near", "outside", "around", "into"})
_LOCATIVE = frozenset(
    {"in", "near", "outside", "around", "towards", "toward", "into", "at", "from", "to", "across"}
)


def retype_names(
    doc: Doc, found: list[Candidate], gazetteer: Gazetteer, lexicon: Lexicon
) -> list[Candidate]:
    """Retype name candidates in place; return those that are not names at all."""
    names = [c for c in found if c.kind == "name"]
    person_words = {
        word
        for c in names
        if c.entity_class == "Person" and c.end - c.start >= 2
        for word in (doc[c.start].text, doc[c.end - 1].text)
    }
    person_tokens = {i for c in names if c.entity_class == "Person" for i in range(c.start, c.end)}
    # "the Litani" after "the Litani River": the first word of a place named in the article
    place_words = {
        doc[c.start].text: c.entity_class
        for c in names
        if c.entity_class in _PLACES and c.end - c.start >= 2 and doc[c.start].text[:1].isupper()
    }
    drop: list[Candidate] = []
    for cand in names:
        span = doc[cand.start : cand.end]
        one_word = len(span) == 1
        known_state = cand.gaz_key is not None and cand.entity_class not in _PLACES | {"Person"}
        if one_word and is_common_word(cand.text) and not known_state:
            drop.append(cand)  # rule 1
            continue
        if (
            one_word
            and cand.gaz_key is None
            and span[0].is_sent_start
            and span[0].pos_ in ("ADJ", "NOUN", "VERB", "ADV")
            and not span[0].is_upper
        ):
            drop.append(cand)  # rule 1: "Fierce fighting ...", "Videos posted online ..."
            continue
        if cand.gaz_key is None and cand.entity_class == "Organization":
            if person_evidence(span, gazetteer, strict=True) or person_shape(span, gazetteer):
                _make_person(cand)  # rule 4: "President Gustavo Ramos" tagged ORG
            elif one_word and _short_country(cand, names, doc, gazetteer):
                pass  # rule 8: "Congo" after "Democratic Republic of Congo"
            elif is_people_name(cand.text):
                drop.append(cand)  # rule 2: "the Druze" is not an organisation either
            elif _compass_named_region(span, gazetteer):
                cand.entity_class, cand.typed_by = "Region", "context"  # "the Western Balkans"
            elif not _has_group_word(span, gazetteer) and (
                place := place_class(span, lexicon, _INSIDE)
            ):
                cand.entity_class, cand.typed_by = place, "context"  # rule 6: "in El-Fasher"
            continue
        if (
            cand.entity_class in _PLACES
            and one_word
            and cand.gaz_key is None
            and _short_country(cand, names, doc, gazetteer)
        ):
            continue  # rule 8
        if (
            cand.entity_class in _PLACES
            and cand.text.isupper()
            and len(cand.text) <= 6
            and _ner_label(span) == "ORG"
        ):
            cand.entity_class, cand.gaz_key = "Organization", None  # "IRNA" is not a town
            continue
        if cand.entity_class not in _PLACES | {"Person"}:
            continue
        if (
            cand.entity_class in _PLACES
            and cand.gaz_key is not None
            and _ner_label(span) == "ORG"
            and _small_town(cand, gazetteer)
            and not place_evidence(span, lexicon)
        ):
            cand.entity_class, cand.gaz_key = "Organization", None  # rule 7: "Xinhua"
            continue
        if (
            cand.entity_class == "City"
            and cand.gaz_key is None
            and not one_word
            and span[0].lower_ in lexicon["compassNoun"]
        ):
            cand.entity_class = "Region"  # "South Waziristan", "North Kivu"
        place_context = cand.typed_by == "context" or place_evidence(span, lexicon)
        if is_people_name(cand.text) and not (cand.entity_class in _PLACES and place_context):
            if _names_armed_group(span, gazetteer):
                cand.entity_class, cand.gaz_key, cand.typed_by = "ArmedGroup", None, "context"
                continue  # "Karen rebels", "a Karen guerrilla camp": the people's armed side
            drop.append(cand)  # rule 2
            continue
        if (
            cand.entity_class in _PLACES
            and not place_context
            and (
                (one_word and cand.text in person_words)
                or person_evidence(span, gazetteer)
                or (cand.gaz_key is None and _coordinated_with_person(span, person_tokens))
            )
        ):
            _make_person(cand)  # rules 3 and 4
            continue
        if cand.entity_class in _PLACES and _people_place(span, lexicon):
            drop.append(cand)  # "the Druze city" is a description of a city, not its name
            continue
        if (
            cand.entity_class == "Person"
            and one_word
            and cand.gaz_key is None
            and cand.text in place_words
            and cand.text not in person_words
            and not person_evidence(span, gazetteer, strict=True)
        ):
            cand.entity_class, cand.typed_by = place_words[cand.text], "context"
            continue
        if cand.entity_class == "Person" and one_word and _owns_office(span, gazetteer):
            drop.append(cand)  # rule 5
            continue
        if cand.entity_class == "Person" and _ends_with_place_noun(span, lexicon):
            cand.entity_class, cand.typed_by = "Region", "context"  # "Upper Nile State"
            continue
        if cand.entity_class == "Person" and cand.typed_by != "context":
            place = place_class(span, lexicon)
            if place and not person_evidence(span, gazetteer):
                cand.entity_class, cand.typed_by = place, "context"  # "the region Galmudug"
    _one_class_per_name(names, drop)
    return drop


def place_evidence(span: Span, lexicon: Lexicon) -> bool:
    """'in X', 'the town of X', 'X district', 'X, the capital': the words say place."""
    return place_class(span, lexicon) is not None


def place_class(
    span: Span, lexicon: Lexicon, prepositions: frozenset[str] = _LOCATIVE
) -> str | None:
    """City or Region when the words around a name say place ('in X' says City)."""
    doc = span.doc
    root = span.root
    head = root.head
    region_nouns = lexicon["regionNoun"] - lexicon["compassNoun"] - {"state", "area", "zone"}

    def kind(word: str) -> str | None:
        return "City" if word in lexicon["cityNoun"] else "Region" if word in region_nouns else None

    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if root.dep_ == "pobj" and head.lower_ == "of" and kind(head.head.lower_):
        return kind(head.head.lower_)  # "the town of X"
    if (
        root.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.tag_ == "NNS"
        and head.head.lemma_.lower() in lexicon["regionNoun"] - lexicon["compassNoun"]
    ):
        return "Region"  # "the states of X and Y"
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in place_of_nouns():
        return "City"  # "the siege of X", "the outskirts of X"
    if root.dep_ in ("appos", "compound") and kind(head.lower_):
        return kind(head.lower_)  # "the region X", "X district"
    for child in root.children:
        if child.dep_ == "appos" and kind(child.lower_):
            return kind(child.lower_)  # "X, a town in ..."
    if root.dep_ == "nsubj" and head.lemma_ == "be":
        for child in head.children:
            if child.dep_ == "attr" and kind(child.lower_):
                return kind(child.lower_)  # "X is a town in ..."
    if before is not None and kind(before.lower_):
        return kind(before.lower_)
    if after is not None and kind(after.lower_):
        return kind(after.lower_)
    if root.dep_ == "pobj" and head.lower_ in prepositions:
        return "City"
    return None


def _compass_named_region(span: Span, gazetteer: Gazetteer) -> bool:
    """'the Western Balkans', 'Central Asia': an unknown name led by a direction word and
    holding no body's word is a region."""
    from kgraph.extract.mentions import part_adjectives

    return (
        len(span) > 1
        and span[0].text[:1].isupper()
        and span[0].lower_ in part_adjectives()
        and not any(gazetteer.is_body_word(t.text) or is_common_word(t.text) for t in span[1:])
        and not any(gazetteer.agent_class(t.lower_) for t in span)
    )


@lru_cache(maxsize=1)
def place_of_nouns() -> frozenset[str]:
    """Nouns whose 'of X' is a place: 'the siege of X' (ontology/gazetteer/place_of_nouns.txt)."""
    return word_list("place_of_nouns.txt")


def _people_place(span: Span, lexicon: Lexicon) -> bool:
    """'Druze city', 'Tamil areas': a people's name before a place noun."""
    place_nouns = lexicon["cityNoun"] | lexicon["regionNoun"]
    return len(span) > 1 and span[-1].lower_ in place_nouns and is_people_name(span[:-1].text)


def person_evidence(span: Span, gazetteer: Gazetteer, *, strict: bool = False) -> bool:
    """'President X', 'Mr X', 'X said' (not with `strict`: organisations say things too)."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if (
        before is not None
        and before.text[:1].isupper()
        and (gazetteer.is_title(before.text) or before.lower_ in _HONORIFICS)
    ):
        return True
    after = doc[span.end] if span.end < len(doc) else None
    return (
        not strict
        and after is not None
        and after.lemma_.lower() in ("say", "tell")
        and span.root.dep_ == "nsubj"
        and _ner_label(span) == "PERSON"
    )


def person_shape(span: Span, gazetteer: Gazetteer) -> bool:
    """'Gustavo Ramos', 'Therese Kabila Ngoy': two to four capitalised words, the first a
    given name of the people gazetteer, none a place, a people, a body's word or a title."""
    words = [t for t in span if t.text not in ("-", "'")]
    if not 2 <= len(words) <= 4 or not gazetteer.is_given_name(words[0].text):
        return False
    for token in words:
        text = token.text
        if not text[:1].isupper() or not text.replace("-", "").replace("'", "").isalpha():
            return False
        if (
            gazetteer.is_body_word(text)
            or gazetteer.agent_class(token.lower_) is not None
            or is_common_word(text)
            or is_people_name(text)
            or gazetteer.country_for_demonym(text) is not None
        ):
            return False
        entry = gazetteer.lookup(text)
        if (
            token is not words[0]
            and entry is not None
            and (entry.entity_class in ("Country", "Region") or entry.population)
        ):
            return False  # "Jose Lima", "Pedro Colombia": a place in the name
    return True


def _coordinated_with_person(span: Span, person_tokens: set[int]) -> bool:
    """'ministers Anna Wagner and Olivier Mbeki': a name joined by 'and' to a person."""
    root = span.root
    if root.dep_ == "conj" and root.head.i in person_tokens:
        return True
    return any(c.dep_ == "conj" and c.i in person_tokens for c in root.children)


def _names_armed_group(span: Span, gazetteer: Gazetteer) -> bool:
    """A people's name before an armed-group noun that itself modifies another noun ('Karen
    rebel positions', 'a Karen guerrilla camp') names that people's armed movement, not a
    person. Where the armed-group noun heads the phrase ('Karen rebels') the phrase is a
    description of its own and the name is dropped as usual."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    noun = doc[span.end]
    if noun.dep_ not in ("compound", "amod") or noun.head.pos_ not in ("NOUN", "PROPN"):
        return False
    # "Karen rebel positions" may hang both words on the last noun
    if span.root.head.i not in (noun.i, noun.head.i) or noun.pos_ not in ("NOUN", "ADJ"):
        return False
    cls = gazetteer.agent_class(noun.lower_) or gazetteer.agent_class(noun.lemma_.lower())
    return cls == "ArmedGroup"


def _small_town(cand: Candidate, gazetteer: Gazetteer) -> bool:
    """A town too small for the news to name it without saying it is a place."""
    entry = gazetteer.get(cand.gaz_key) if cand.gaz_key else None
    return entry is not None and entry.entity_class == "City" and (entry.population or 0) < 500_000


def _has_group_word(span: Span, gazetteer: Gazetteer) -> bool:
    """'Sovereign Council', 'Border Guards': a word that names a body, not a place."""
    return any(is_common_word(t.text) or gazetteer.agent_class(t.lower_) is not None for t in span)


def _ends_with_place_noun(span: Span, lexicon: Lexicon) -> bool:
    last = span[-1]
    nouns = lexicon["regionNoun"] | lexicon["cityNoun"]
    return len(span) > 1 and last.text[:1].isupper() and last.lower_ in nouns


def _short_country(cand: Candidate, names: list[Candidate], doc: Doc, gazetteer: Gazetteer) -> bool:
    """'Congo' in an article that names the 'Democratic Republic of Congo' is that country."""
    for other in names:
        if other.entity_class != "Country" or other.gaz_key is None or other.end - other.start < 2:
            continue
        if doc[other.end - 1].text == cand.text:
            cand.entity_class, cand.gaz_key, cand.typed_by = "Country", other.gaz_key, "context"
            return True
    return False


def _owns_office(span: Span, gazetteer: Gazetteer) -> bool:
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text not in ("'s", "\u2019s"):
        return False
    office = doc[span.end + 1]
    return gazetteer.is_title(office.text) or gazetteer.agent_class(office.lower_) not in (
        None,
        "Person",
    )


def _ner_label(span: Span) -> str:
    return span.root.ent_type_


def _make_person(cand: Candidate) -> None:
    cand.entity_class, cand.gaz_key, cand.typed_by = "Person", None, "context"


def _one_class_per_name(names: list[Candidate], drop: list[Candidate]) -> None:
    by_text: dict[str, list[Candidate]] = {}
    dropped = {id(c) for c in drop}
    for cand in names:
        if cand.gaz_key is None and id(cand) not in dropped:
            by_text.setdefault(cand.text, []).append(cand)
    for group in by_text.values():
        typed = {c.entity_class for c in group if c.typed_by == "context"}
        if not typed and {c.entity_class for c in group} & _PLACES:
            # "El Bur" tagged a place once and an organisation once: a place
            typed = {next(c.entity_class for c in group if c.entity_class in _PLACES)}
        if len(typed) != 1:
            continue
        cls = typed.pop()
        for cand in group:
            cand.entity_class = cls
    # "X's minister" dropped as a person comes back when the article names X as a place
    for cand in list(drop):
        others = by_text.get(cand.text, [])
        if (
            cand.entity_class == "Person"
            and others
            and all(o.entity_class in _PLACES for o in others)
        ):
            cand.entity_class = others[0].entity_class
            drop[:] = [d for d in drop if d is not cand]
