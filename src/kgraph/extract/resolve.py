"""Group mentions into entities: gazetteer ids, short names, acronyms, definite descriptions.

Deterministic and explainable: every merge follows one of the rules below, in order.
1. A gazetteer name is its gazetteer entry.
2. A person's short form ("Pashinyan") joins the longest person name that contains it.
3. An acronym joins the name it was introduced after ("Rapid Support Forces (RSF)").
4. A description with a country ("Russian forces") joins that country's entity of the same
   class, or of a subclass ("Russian peacekeepers"); else it is "<country> <class>".
5. A description without a country ("the rebels") joins the only entity of its class in the
   article, else the most recent one. "The government", "the army" with no such entity
   belong to the article's home country when one country clearly dominates it (see
   `home_country`): "Government of Sri Lanka". Otherwise a description naming something
   ("the Tamil rebels") is one article-scoped entity; a bare common noun ("the rebels") is
   one too, labelled with the home country ("separatists (Azerbaijan)"), and with no home
   country it mints no entity at all.
6. A place description ("the breakaway region") joins the most recent place of its class.
7. A graph never holds an entity whose label is a bare common noun (`is_generic_label`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kgraph.extract.mentions import Candidate, dateline_place, text_of
from kgraph.gazetteer import Gazetteer, is_common_word
from kgraph.identity import actor_key, canonical_tokens, person_key, place_key
from kgraph.model import Entity, Mention

# Subclass -> superclass among the contract's actor classes (for merging descriptions).
_SUPERCLASS = {"PeacekeepingForce": "MilitaryForce"}
_CLASS_PHRASE = {
    "MilitaryForce": "armed forces",
    "PeacekeepingForce": "peacekeeping force",
    "Government": "government",
    "ArmedGroup": "armed group",
    "Organization": "organization",
}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019\u201c\u201d'\"`]", "", text)
    text = re.sub(r"^(the|a|an)\s+", "", text.strip())
    text = re.sub(r"[^\w\s-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class _Group:
    key: str
    entity_class: str
    label: str
    names: list[str] = field(default_factory=list)
    country: str | None = None
    gaz_key: str | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Resolution:
    entities: dict[str, Entity]
    token_entity: dict[int, str]  # token index -> entity key
    candidate_entity: dict[int, str]  # candidate index -> entity key


def resolve(doc: Doc, candidates: list[Candidate], gazetteer: Gazetteer, doc_id: str) -> Resolution:
    groups: dict[str, _Group] = {}
    assigned: dict[int, str] = {}

    def add(index: int, key: str, cls: str, label: str, **extra) -> None:
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(key=key, entity_class=cls, label=label, **extra)
        cand = candidates[index]
        # a capital standing for its state where the article also names the city as a place
        # is a mention of the state, not one of its names (see mentions._capitals_as_actors)
        for name in [cand.text, *cand.names] if cand.typed_by != "capital" else ():
            if name not in group.names:
                group.names.append(name)
        sentence = _sentence_index(doc, cand.start)
        group.mentions.append(
            Mention(
                cand.text, cand.start_char, cand.end_char, sentence, group.entity_class, cand.kind
            )
        )
        assigned[index] = key

    persons = _person_keys(candidates, gazetteer)
    # Rules 1-3: names.
    for i, cand in enumerate(candidates):
        if cand.kind in ("name", "demonym", "modifier") and cand.gaz_key:
            entry = gazetteer.get(cand.gaz_key)
            if entry is not None and entry.entity_class == "Person":
                # people are keyed by name everywhere, so every mention form meets here
                add(i, person_key(entry.label), "Person", entry.label, country=entry.country)
            elif entry is not None:
                add(
                    i,
                    entry.key,
                    entry.entity_class,
                    entry.label,
                    country=entry.country,
                    gaz_key=entry.key,
                )
        elif cand.kind == "name" and i in persons:
            key, label = persons[i]
            add(i, key, "Person", label)
        elif cand.kind == "name":
            label = cand.text
            add(i, name_key(cand.entity_class, label), cand.entity_class, label)
    for i, cand in enumerate(candidates):
        if cand.kind == "acronym" and cand.antecedent is not None and cand.antecedent in assigned:
            key = assigned[cand.antecedent]
            add(i, key, groups[key].entity_class, groups[key].label)
    # Rule 4-5: descriptions.
    name_tokens = {
        t: k
        for j, k in assigned.items()
        for t in range(candidates[j].start, candidates[j].end)
        if candidates[j].kind in ("name", "demonym", "acronym")
    }
    home: list[str | None] = []  # computed on first need
    for i, cand in enumerate(candidates):
        if cand.kind != "description":
            continue

        def recent(before: int = i) -> Iterator[str]:
            """Keys of the entities mentioned before this one, nearest first."""
            return (assigned[j] for j in range(before - 1, -1, -1) if j in assigned)

        key = _description_key(cand, groups, gazetteer, doc_id, doc, recent, name_tokens)
        if (
            key.startswith("doc:")
            and cand.entity_class in _STATE_CLASSES
            and cand.country is None
            and _unowned(doc, cand)
        ):
            if not home:
                home.append(home_country(doc, groups, gazetteer))
            if home[0] is not None:
                cand.country = home[0]  # "the government" of a Sri Lanka story
                key = _description_key(cand, groups, gazetteer, doc_id, doc, recent, name_tokens)
        if key in groups:
            add(i, key, groups[key].entity_class, groups[key].label)
        else:
            add(
                i, key, cand.entity_class, _description_label(cand, gazetteer), country=cand.country
            )
    # Rule 6: place descriptions.
    for i, cand in enumerate(candidates):
        if cand.kind != "place_ref":
            continue
        target = _place_antecedent(doc, i, candidates, assigned, groups)
        if target is not None:
            add(i, target, groups[target].entity_class, groups[target].label)

    # Parts of places: "the country's north" -> "Northern Sri Lanka".
    place_tokens = {
        t: k for i, k in assigned.items() for t in range(candidates[i].start, candidates[i].end)
    }
    for i, cand in enumerate(candidates):
        if cand.kind != "part":
            continue
        owner_token = next((c for c in doc[cand.head].children if c.dep_ == "poss"), None)
        word = doc[cand.head].lower_
        if owner_token is None and cand.head < cand.end - 1:
            owner_token = doc[cand.end - 1]  # "northern Myanmar": the name follows
            word = "".join(t.lower_ for t in doc[cand.start : cand.head + 1])
        container = place_tokens.get(owner_token.i) if owner_token is not None else None
        if container is not None and groups[container].entity_class in ("Country", "Region"):
            owner_label = groups[container].label
        elif cand.head < cand.end - 1 and (
            owner := _named_place(doc[cand.head + 1 : cand.end].text, groups, gazetteer)
        ):
            container, owner_label = owner  # "Eastern Congo" read by the NER as one name
        else:
            continue
        direction = word.replace("-", "").removesuffix("ern")
        compass = direction.startswith(("north", "south", "east", "west"))
        adjective = direction + "ern" if compass else direction
        label = f"{adjective.capitalize()} {owner_label}"
        add(i, f"part:{container}:{direction}", "Region", label, country=container)

    entities = {}
    if not home:
        home.append(home_country(doc, groups, gazetteer))
    for key, group in groups.items():
        if all(m.source == "modifier" for m in group.mentions):
            continue  # only ever inside another name: not an entity of the article
        if group.gaz_key is None and is_generic_label(group.label, gazetteer):
            specific = [n for n in group.names if not is_generic_label(n, gazetteer)]
            heads = [candidates[i].head for i, k in assigned.items() if k == key]
            owner = _possessor_country(doc, heads, place_tokens, groups)
            if specific:
                group.label = _DETERMINER_RE.sub("", specific[0])  # "the Tamil rebels"
            elif owner is not None and (country := gazetteer.get(owner)) is not None:
                # "Israel's Cabinet": the possessor says whose institution it is.
                group.country = owner
                group.label = (
                    f"Government of {country.label}"
                    if group.entity_class == "Government"
                    else f"{group.label} ({country.label})"
                )
            elif ":of:" in key and (possessor := groups.get(key.split(":of:", 1)[1])):
                # "Bosnian Serbs said their forces ...": that actor's forces, not a bare noun.
                group.label = f"{_DETERMINER_RE.sub('', group.label)} of {possessor.label}"
            elif home[0] is not None and (country := gazetteer.get(home[0])) is not None:
                group.label = f"{group.label} ({country.label})"  # "separatists (Azerbaijan)"
            else:
                continue  # rule 7: "rebels", "the army" with no referent mint no node
        entities[key] = _entity(group, gazetteer)
    token_entity: dict[int, str] = {}
    # Names own their tokens; a description owns its head and any token no name took.
    order = {
        "name": 0,
        "demonym": 0,
        "acronym": 0,
        "modifier": 0,
        "description": 1,
        "place_ref": 2,
        "part": 1,
    }
    for i, key in sorted(assigned.items(), key=lambda ik: order[candidates[ik[0]].kind]):
        cand = candidates[i]
        if key not in entities:
            continue
        if cand.kind == "description":
            token_entity[cand.head] = key
        for t in range(cand.start, cand.end):
            token_entity.setdefault(t, key)
    return Resolution(entities, token_entity, assigned)


def _named_place(
    text: str, groups: dict[str, _Group], gazetteer: Gazetteer
) -> tuple[str, str] | None:
    """The country or region a name means here: one the article names so ('Congo' after
    'the Democratic Republic of Congo'), else the gazetteer's."""
    for key, group in groups.items():
        if group.entity_class in ("Country", "Region") and (
            text in group.names or group.label.endswith(" " + text)
        ):
            return key, group.label
    entry = gazetteer.lookup(text)
    if entry is not None and entry.entity_class in ("Country", "Region"):
        return entry.key, entry.label
    return None


def _person_keys(candidates: list[Candidate], gazetteer: Gazetteer) -> dict[int, tuple[str, str]]:
    """Map each person-name candidate to its longest form's key and label.

    Names are compared in canonical form (kgraph.identity): "Burhan" joins "Abdel Fattah
    al-Burhan". A name the gazetteer knows as exactly one person takes that person's key,
    so its aliases ("Erdogan", "Recep Erdogan") are one person in every article.
    """
    people = [
        (i, c) for i, c in enumerate(candidates) if c.kind == "name" and c.entity_class == "Person"
    ]
    full = sorted(people, key=lambda ic: (-len(ic[1].text.split()), ic[0]))
    out: dict[int, tuple[str, str]] = {}
    longest: list[tuple[set[str], str]] = []
    for i, cand in full:
        words = set(canonical_tokens(cand.text, person=True))
        match = next((label for tokens, label in longest if words and words <= tokens), None)
        label = match or cand.text
        if match is None:
            longest.append((words, label))
        out[i] = (_person_key(label, gazetteer), label)
    # A one-word name tagged ORG/GPE that is a known person's surname is that person.
    for i, cand in enumerate(candidates):
        if cand.kind == "name" and cand.entity_class != "Person" and not cand.gaz_key:
            words = set(canonical_tokens(cand.text, person=True))
            if len(words) == 1:
                match = next(
                    (label for tokens, label in longest if words <= tokens and len(tokens) > 1),
                    None,
                )
                if match is not None:
                    cand.entity_class = "Person"
                    out[i] = (_person_key(match, gazetteer), match)
    return out


def _person_key(label: str, gazetteer: Gazetteer) -> str:
    known = [e for e in gazetteer.lookup_all(label) if e.entity_class == "Person"]
    if len(label.split()) == 1:  # "Hemeti": only a hand-curated alias is safe for one word
        known = [e for e in known if e.key.startswith("cur:")]
    if len({person_key(e.label) for e in known}) == 1:
        return person_key(known[0].label)
    return person_key(label)


def _description_key(
    cand: Candidate,
    groups: dict[str, _Group],
    gazetteer: Gazetteer,
    doc_id: str,
    doc: Doc | None = None,
    recent: Callable[[], Iterator[str]] | None = None,
    names: dict[int, str] | None = None,
) -> str:
    cls = cand.entity_class
    same_class = [g for g in groups.values() if g.entity_class == cls]
    if doc is not None and doc[cand.start - 1 if cand.start else 0].lower_ in _POSSESSIVE_PRONOUNS:
        # "the TPLF said its fighters ...", "Egypt rejected claims that its warplanes ...":
        # the pronoun is the subject of a governing clause.
        owner = _governing_subject(doc, cand, names or {})
        if owner is not None:
            if groups[owner].entity_class == cls:
                return owner
            if groups[owner].entity_class == "Country":
                cand.country = owner
                return f"desc:{cls}:{owner}"
            return f"doc:{doc_id}:{cls}:of:{owner}"
    if cand.country:
        for group in groups.values():
            if (
                group.country == cand.country
                and (group.entity_class == cls or _SUPERCLASS.get(group.entity_class) == cls)
                and group.key != cand.country
            ):
                return group.key
        sub = next((c for c, sup in _SUPERCLASS.items() if sup == cls), None)
        key = f"desc:{cls}:{cand.country}"
        if sub and f"desc:{sub}:{cand.country}" in groups:
            return f"desc:{sub}:{cand.country}"
        return key
    if cls == "Organization":
        return f"doc:{doc_id}:Organization:{normalise(cand.text)}"
    named = [g for g in same_class if not g.key.startswith("doc:")]
    if len(named) == 1:
        return named[0].key
    for key in recent() if recent else ():  # "the rebels": the most recent named group
        group = groups.get(key)
        if group is not None and group.entity_class == cls and not key.startswith("doc:"):
            return key
    if cls == "ArmedGroup":
        return f"doc:{doc_id}:{cls}"  # "separatists", "the separatist forces": one group
    # "the regional government" and "the ministry" are different bodies
    return f"doc:{doc_id}:{cls}:{doc[cand.head].lemma_.lower() if doc is not None else ''}"


def _possessor_country(
    doc: Doc, heads: list[int], owners: dict[int, str], groups: dict[str, _Group]
) -> str | None:
    """The country named as possessor of one of the group's mentions ("Israel's Cabinet")."""
    for head in heads:
        for child in doc[head].children:
            owner = owners.get(child.i) if child.dep_ == "poss" else None
            if owner is not None and groups[owner].entity_class == "Country":
                return owner
    return None


def _description_label(cand: Candidate, gazetteer: Gazetteer) -> str:
    if cand.country:
        country = gazetteer.get(cand.country)
        if country is not None:
            stem = country.demonyms[0] if country.demonyms else country.label
            if cand.entity_class == "Government":
                return f"Government of {country.label}"
            return f"{stem} {_CLASS_PHRASE.get(cand.entity_class, cand.entity_class)}"
    return re.sub(r"^(the|The|its|Its|their|Their|his|His|her|Her)\s+", "", cand.text)


_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})
# Descriptions that stand for a state's institutions: with no country named, the article's
# home country is theirs.
_STATE_CLASSES = frozenset({"Government", "MilitaryForce"})
_DETERMINER_RE = re.compile(r"^(the|The|its|Its|their|Their|his|His|her|Her)\s+")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that"})


def name_key(entity_class: str, label: str) -> str:
    """The merge key of a name the gazetteer does not know (see kgraph.identity)."""
    if entity_class == "Person":
        return person_key(label)
    if entity_class in ("City", "Region", "Country"):
        return place_key(entity_class, label)
    return actor_key(label)


def _unowned(doc: Doc, cand: Candidate) -> bool:
    """'the government', 'government forces'; not "the province's cabinet", 'X of Y'."""
    span = doc[cand.start : cand.end]
    return not any(t.dep_ == "poss" or t.lower_ == "of" for t in span) and not (
        cand.start > 0 and doc[cand.start - 1].dep_ == "poss"
    )


def is_generic_label(label: str, gazetteer: Gazetteer) -> bool:
    """True for a bare common noun phrase: 'rebels', 'the army', 'Troops', 'regular military'.

    A label is specific when one of its words is a name: capitalised and not a common word,
    an agent noun ('Forces') or a title. 'Tamil rebels', 'Government of Sudan' are specific.
    """
    words = [w for w in re.split(r"[\s/]+", label.strip()) if w]
    for word in words:
        bare = word.strip("().,;:'\"’")
        if not bare or bare.lower() in _DETERMINERS:
            continue
        if not any(c.isupper() or c.isdigit() for c in bare):
            continue  # "al-Shabaab", "M23" and "McCain" are names too
        if is_common_word(bare) or gazetteer.agent_class(bare.lower()) is not None:
            continue
        return False
    return True


def home_country(doc: Doc, groups: dict[str, _Group], gazetteer: Gazetteer) -> str | None:
    """The country an article is about, when one clearly dominates it.

    Each mention of a country, or of a place, force or government belonging to it, counts
    one; the dateline's country counts two more. The top country must have at least three
    and twice the count of the next one; otherwise no country is the home country.
    """
    counts: dict[str, int] = {}
    for group in groups.values():
        owner = group.key if group.entity_class == "Country" else group.country
        if owner is None or (owner == group.key and group.entity_class != "Country"):
            continue
        counts[owner] = counts.get(owner, 0) + len(group.mentions)
    place = dateline_place(text_of(doc))
    entry = gazetteer.lookup(place.title()) or gazetteer.lookup(place) if place else None
    if entry is not None:
        owner = entry.key if entry.entity_class == "Country" else entry.country
        if owner is not None:
            counts[owner] = counts.get(owner, 0) + 2
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 3:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


def _governing_subject(doc: Doc, cand: Candidate, names: dict[int, str]) -> str | None:
    """The named subject of the nearest clause above a description, skipping the clause it
    is itself the subject of."""
    node = doc[cand.head]
    for _ in range(8):
        if node.head == node:
            return None
        node = node.head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        for child in node.children:
            if child.dep_ == "nsubj" and child.i != cand.head and child.i in names:
                return names[child.i]
    return None


def _place_antecedent(
    doc: Doc,
    index: int,
    candidates: list[Candidate],
    assigned: dict[int, str],
    groups: dict[str, _Group],
) -> str | None:
    cand = candidates[index]
    head = doc[cand.head]
    # "the city of Mosul": the description names the place that follows.
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for j, other in enumerate(candidates):
                if j in assigned and other.start == child.i + 1 and other.kind == "name":
                    key = assigned[j]
                    if groups[key].entity_class in ("City", "Region", "Country"):
                        return key
    for j in range(index - 1, -1, -1):
        if j not in assigned:
            continue
        key = assigned[j]
        if groups[key].entity_class == cand.entity_class:
            return key
    return None


def _sentence_index(doc: Doc, token_index: int) -> int:
    starts = doc.user_data.get("kg_sentence_starts")
    if starts is None:  # computed once per doc: mentions ask for it many times
        starts = doc.user_data["kg_sentence_starts"] = [s.start for s in doc.sents]
    return bisect_right(starts, token_index) - 1


def _entity(group: _Group, gazetteer: Gazetteer) -> Entity:
    entry = gazetteer.get(group.gaz_key) if group.gaz_key else None
    names = tuple(dict.fromkeys(n.strip() for n in group.names if n.strip()))
    return Entity(
        key=group.key,
        label=group.label,
        entity_class=group.entity_class,
        alt_labels=tuple(n for n in names if n != group.label),
        geonames_id=entry.geonames_id if entry else None,
        wkt=entry.wkt if entry else None,
        country=group.country,
        mentions=tuple(group.mentions),
    )
