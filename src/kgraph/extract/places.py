"""Places in the text: containment ('the Turkish city of Istanbul', 'Geneva, Switzerland'),
the dateline, and where a relation happened.

`locatedIn` is drawn only where the text states containment or plainly presupposes it (see
docs/places.md): a place followed by its country ('Geneva, Switzerland', 'Hodeida (Yemen)'),
a place noun with a name ('the Kenyan town of X', 'X, a town in Y', 'X is the capital of Y'),
'X in Y' said of a place, a possessor ("Istanbul's Besiktas district") and 'Y, where X is
located'. 'X, near the border with Y' is not containment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc, Token

from kgraph.extract.lexicon import Lexicon, load_lexicon
from kgraph.extract.mentions import part_adjectives, text_of
from kgraph.extract.roles import PLACE_CLASSES, Found, SentenceContext
from kgraph.gazetteer import Gazetteer, word_list


def located_in(ctx: SentenceContext, lex: Lexicon) -> Iterator[Found]:
    """Containment the text states: 'the Turkish city of Istanbul', 'Geneva, Switzerland',
    "Istanbul's Besiktas district", 'the territory inside Azerbaijan'."""
    for token in ctx.tokens:
        key = ctx.entity(token)
        if key is None or ctx.cls(key) not in ("City", "Region"):
            continue
        if token.i + 1 < len(token.doc) and ctx.entity(token.doc[token.i + 1]) == key:
            continue  # only at the last token of the mention
        container = next(
            (found for rule in _CONTAINER_RULES if (found := rule(ctx, lex, token, key))), None
        )
        if container is not None and not key.startswith("part:"):
            yield Found(key, "locatedIn", container, token, confidence=0.8)
        # "Galmudug's Galgadud region, where El Bur is located": the place the clause locates
        inner = _located_where(ctx, token, key)
        if inner is not None and not inner.startswith("part:"):
            yield Found(inner, "locatedIn", key, token, confidence=0.8)


def _place_noun_modifier(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """'the Turkish city of Istanbul', 'the Turkish capital Ankara': a place among the
    modifiers of the place noun that names the place."""
    head = token.head
    if not (head.dep_ == "pobj" or token.dep_ in ("pobj", "appos", "compound")):
        return None
    noun = head.head if token.dep_ == "pobj" and head.lower_ == "of" else head
    if noun.lower_ in lex["cityNoun"] | lex["regionNoun"] and ctx.entity(noun) in (None, key):
        return _last_container(ctx, noun.children, key)
    return None


def _compound_place_noun(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """'the Sri Lankan capital Colombo': a place noun modifying the name."""
    container = None
    for child in token.children:
        if child.dep_ in ("compound", "amod") and child.lower_ in (
            lex["cityNoun"] | lex["regionNoun"]
        ):
            container = _last_container(ctx, child.subtree, key) or container
    return container


def _last_container(ctx: SentenceContext, tokens, key: str) -> str | None:
    """The last country or region other than `key` named among `tokens`."""
    container = None
    for t in tokens:
        k = ctx.entity(t)
        if k and k != key and ctx.cls(k) in ("Country", "Region"):
            container = k
    return container


def _said_to_be_in(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """'inside Azerbaijan'; 'El-Fasher in Sudan's Darfur region'."""
    for k in _place_objects(ctx, token, ("in", "inside", "within")):
        if k != key and _contains(ctx, k, key):
            return k
    return None


def _district_of(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """'the Al-Luhaya district of Hodeida governorate': a named district of a larger place."""
    if token.lower_ not in lex["regionNoun"] | lex["cityNoun"]:
        return None
    for k in ctx.prep_objects(token, ("of",)):
        if k != key and _contains(ctx, k, key):
            return k
    return None


def _possessor(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """ "Istanbul's Besiktas district"."""
    container = None
    for child in token.children:
        k = ctx.entity(child)
        if child.dep_ == "poss" and k and k != key and ctx.cls(k) in PLACE_CLASSES:
            container = k
    return container


# What follows a dateline's place: its country, the day, the agency, then a dash or colon
# ('KATHMANDU, Nov 21 (Reuters)', 'NIAMEY, Dec. 22 (Xinhua) --', 'HODEIDA (Yemen):').
_COUNTRY = r"(?:\s*,\s*[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,3})?"
_DAY = r"\s*,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}"
_AGENCY = r"\s*\([^()\n]{1,30}\)"
_DASH = r"\s*(?:--|[-\u2013\u2014:|])(?=\s)"
_DATELINE_TAIL = re.compile(
    rf"{_COUNTRY}(?:{_DAY}(?:{_AGENCY})?(?:{_DASH})?|{_AGENCY}(?:{_DASH})?|{_DASH})"
)


def dateline_entity(
    doc: Doc, token_entity: dict[int, str], classes: dict[str, str]
) -> tuple[str, int] | None:
    """The City or Region an article is datelined from, with the character offset where its
    paragraph starts: a paragraph among the first four that opens with the place and goes on
    with a day, an agency or a dash."""
    text = text_of(doc)
    offset = 0
    for number, paragraph in enumerate(text.split("\n\n")):
        start = offset + len(paragraph) - len(paragraph.lstrip())
        offset += len(paragraph) + 2
        if number >= 4:
            break
        span = doc.char_span(start, start + 1, alignment_mode="expand") if paragraph else None
        if not span:
            continue
        key = token_entity.get(span[0].i)
        if key is None or classes.get(key) not in ("City", "Region"):
            continue
        last = span[0].i
        while last + 1 < len(doc) and token_entity.get(last + 1) == key:
            last += 1
        tail = _DATELINE_TAIL.match(text, doc[last].idx + len(doc[last].text))
        if tail:
            return key, start
    return None


def _place_objects(ctx: SentenceContext, token: Token, preps: tuple[str, ...]) -> list[str]:
    """Places governed by `token` through `preps`, less those only a part of which is meant."""
    out: list[str] = []
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in preps):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if not _part_named(ctx, pobj):
                out += [k for k in ctx.entities(pobj) if k not in out]
    return out


def _part_named(ctx: SentenceContext, pobj: Token) -> bool:
    """'in northern Uganda', 'in central Iraq': the text places the name in a part of the
    country, a region of its own, not in the country as the name of that part."""
    return any(
        c.dep_ in ("amod", "compound", "advmod")
        and c.lower_ in part_adjectives()
        # not the "South" of "South Sudan"; but the part read as a region ("Northern Uganda")
        and (ctx.entity(c) is None or (ctx.entity(c) or "").startswith("part:"))
        and ctx.cls(ctx.entity(pobj) or "") in ("Country", "Region")
        for c in pobj.children
    )


@cache
def _location_verbs() -> frozenset[str]:
    """Verbs that state where a place is ('located', 'situated', 'lies'): gazetteer data."""
    return word_list("location_verbs.txt")


def _comma_container(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """'Geneva, Switzerland' or 'Kunming, southwest China's Yunnan Province': the comma phrase
    holds only modifiers and names and ends with a place that may contain the first one."""
    doc, end = token.doc, ctx.sent.end
    comma = token.i + 1
    if comma + 1 >= end or doc[comma].text != ",":
        return None
    if _place_at(ctx, token.i - 2, end) and doc[token.i - 1].text == ",":
        return None  # "A, B, C": a list of places
    last = None
    i = comma + 1
    while i < end:
        t = doc[i]
        k = ctx.entity(t)
        if k is not None:
            last = k
        elif t.lower_ in ("'s", "’s", "'") and last is not None:
            last = None  # "China's ...": the possessor is not the end of the phrase
        elif t.pos_ in ("DET", "ADJ", "ADV") or (t.pos_ == "PROPN" and t.is_lower):
            if last is not None:
                break
        else:
            break
        i += 1
    follow = doc[i].lower_ if i < end else "."
    if i < end and doc[i].pos_ in ("NOUN", "PROPN", "PART"):
        return None  # "X, the Iraqi army said": the name only modifies a noun
    if last is None or last == key or ctx.cls(last) not in ("Country", "Region"):
        return None
    if follow in ("and", "or") or ctx.entity(doc[i - 1]) != last:
        return None  # "X, Ukraine and Y": a list; "X, Ukraine's army said": no place ends it
    if follow == "," and _listed_place(ctx, i + 1, end):
        return None  # "A, B, C"
    if _part_named(ctx, doc[i - 1]):
        return None  # "Goma, eastern Congo": in a part of the country
    return last


def _adjacent_in(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """'reached Kitgum in northern Uganda's Acholi region', 'the village of Kitchanga, in
    North Kivu': the parser often hangs 'in Y' on the verb; right after the name (or its
    comma), and naming a larger place, it still places the name."""
    doc = token.doc
    after = (
        token.i + 2 if token.i + 1 < ctx.sent.end and doc[token.i + 1].text == "," else token.i + 1
    )
    prep = doc[after] if after < ctx.sent.end else None
    if prep is None or prep.lower_ not in ("in", "inside", "within") or prep.head == token:
        return None
    for pobj in (c for c in prep.children if c.dep_ == "pobj" and not _part_named(ctx, c)):
        k = ctx.entity(pobj)
        if k is None:  # "in the north of Y" is no statement about the name
            continue
        if k != key and _contains(ctx, k, key):
            return k
    return None


def _bracket_container(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """'HODEIDA (Yemen): ...': a place with its country in brackets (the parser often ends a
    sentence between a dateline's place and its bracket, so the bracket may open the next)."""
    doc = token.doc
    end = len(doc)
    i = token.i + 1
    if i + 2 >= end or doc[i].text != "(":
        return None
    k = ctx.entity(doc[i + 1])
    j = i + 1
    while j + 1 < end and ctx.entity(doc[j + 1]) == k:
        j += 1
    if k is None or k == key or j + 1 >= end or not doc[j + 1].text.startswith(")"):
        return None
    return k if ctx.cls(k) == "Country" and _contains(ctx, k, key) else None


def _demonym_container(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """'the South Sudanese capital Juba', 'the central Sudanese city of X': a country's
    demonym on the place noun that names the place presupposes the country."""
    place_nouns = lex["cityNoun"] | lex["regionNoun"]
    nouns = [c for c in token.children if c.dep_ == "compound" and c.lower_ in place_nouns]
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in place_nouns:
        nouns.append(token.head.head)  # "the Sudanese city of X"
    nouns += [
        c
        for c in token.children
        if c.dep_ == "appos" and c.lower_ in place_nouns and ctx.entity(c) in (None, key)
    ]  # "X, the northern Cameroonian city"
    if token.dep_ == "appos" and token.head.lower_ in place_nouns:
        nouns.append(token.head)  # "the Ugandan capital, Kampala"
    if not nouns:
        return None
    gazetteer = Gazetteer.load()
    for holder in (token, *nouns):
        for mod in holder.children:
            if mod.dep_ not in ("amod", "compound") or mod in nouns:
                continue
            words = [t for t in mod.subtree if t.i < holder.i]
            text = " ".join(t.text for t in words)
            entry = gazetteer.country_for_demonym(text) or gazetteer.country_for_demonym(mod.text)
            if entry is not None and entry.key != key and ctx.cls(entry.key) == "Country":
                return entry.key
    return None


def _pronoun_owner(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """'Russia and its exclave of Kaliningrad': 'its' is the place the noun is joined to."""
    noun = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
    if noun is None or noun.lower_ not in lex["cityNoun"] | lex["regionNoun"]:
        return None
    if noun.dep_ != "conj" or not any(
        c.dep_ == "poss" and c.lower_ in ("its", "their") for c in noun.children
    ):
        return None
    owner = ctx.entity(noun.head)
    return owner if owner and owner != key and _contains(ctx, owner, key, equal=True) else None


def _predicated_container(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    """'X is the capital of Y', 'X is a town in Y', 'X is located in Y', 'X lies in Y'."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = token.head
    if verb.lemma_.lower() == "be":
        place_nouns = lex["cityNoun"] | lex["regionNoun"]
        for attr in (c for c in verb.children if c.dep_ == "attr"):
            if attr.lemma_.lower() not in place_nouns:
                continue
            for k in _place_objects(ctx, attr, ("in", "of", "inside", "within")):
                if k != key and _contains(ctx, k, key, equal=True):
                    return k
        return None
    if verb.lemma_.lower() in _location_verbs():
        for k in _place_objects(ctx, verb, ("in", "inside", "within")):
            if k != key and _contains(ctx, k, key, equal=True):
                return k
    return None


def _located_where(ctx: SentenceContext, token: Token, key: str) -> str | None:
    """'the Galgadud region, where El Bur is located': the place named in the clause."""
    for clause in (c for c in token.children if c.dep_ == "relcl"):
        if clause.lemma_.lower() not in _location_verbs():
            continue
        if not any(c.lower_ == "where" for c in clause.children):
            continue
        for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            inner = ctx.entity(subject)
            if inner and inner != key and _contains(ctx, key, inner, equal=True):
                return inner
    return None


def _listed_place(ctx: SentenceContext, index: int, end: int) -> bool:
    """A place at `index` that is another member of a list, not a modifier of a noun
    ('Addis Ababa, Ethiopia, Sudan President X ...' is no list of places)."""
    if not _place_at(ctx, index, end):
        return False
    key = ctx.token_entity[index]
    last = index
    doc = ctx.sent.doc
    while last + 1 < end and ctx.token_entity.get(last + 1) == key:
        last += 1
    head = doc[last]
    return not (head.dep_ in ("compound", "amod", "nmod", "poss") and ctx.entity(head.head) != key)


def _place_at(ctx: SentenceContext, index: int, end: int) -> bool:
    if index < 0 or index >= end:
        return False
    key = ctx.token_entity.get(index)
    return key is not None and ctx.cls(key) in PLACE_CLASSES


def _appositive_container(ctx: SentenceContext, lex: Lexicon, token: Token, key: str) -> str | None:
    place_nouns = lex["cityNoun"] | lex["regionNoun"]
    for appos in (c for c in token.children if c.dep_ == "appos"):
        k = ctx.entity(appos)
        if k and k != key and _contains(ctx, k, key):
            return k  # "Kunming, Yunnan Province"
        if k is None and appos.lemma_.lower() in place_nouns:
            for prep in (
                c for c in appos.children if c.dep_ == "prep" and c.lower_ in ("in", "of")
            ):
                for pobj in prep.children:
                    if pobj.dep_ != "pobj" or _part_named(ctx, pobj):
                        continue
                    found = ctx.entity(pobj) or next(
                        (
                            ctx.entity(c)
                            for c in pobj.children
                            if c.dep_ in ("compound", "poss") and ctx.entity(c)
                        ),
                        None,
                    )
                    if found and found != key and _contains(ctx, found, key, equal=True):
                        return found
    return None


# Tried in this order; the first that finds a container wins.
_CONTAINER_RULES = (
    _place_noun_modifier,  # "the Turkish city of Istanbul"
    _comma_container,  # "Geneva, Switzerland"; "Kunming, southwest China's Yunnan Province"
    _bracket_container,  # "HODEIDA (Yemen):"
    _appositive_container,  # "El Bur, a town in Galmudug"; "X, the capital of Y"
    _compound_place_noun,  # "the Sri Lankan capital Colombo"
    _demonym_container,  # "the South Sudanese capital Juba"
    _pronoun_owner,  # "Russia and its exclave of Kaliningrad"
    _said_to_be_in,  # "El-Fasher in Sudan's Darfur region"
    _adjacent_in,  # "reached Kitgum in Uganda's Acholi region" with "in" hung on the verb
    _district_of,  # "the Al-Luhaya district of Hodeida governorate"
    _predicated_container,  # "X is the capital of Y", "X lies in Y"
    _possessor,  # "Istanbul's Besiktas district"
)


def _contains(ctx: SentenceContext, outer: str, inner: str, *, equal: bool = False) -> bool:
    """A Country holds Regions and Cities; a Region holds Cities and Regions. With `equal`,
    where the text says so in words ('a town in Y'), a place may hold one of its own class
    (the class of a small region is often only a guess)."""
    rank = {"City": 0, "Region": 1, "Country": 2}
    a, b = ctx.cls(outer), ctx.cls(inner)
    if a not in rank or b not in rank:
        return False
    return rank[a] > rank[b] or (a == b and (equal or a == "Region"))


# --- Where a relation happened ------------------------------------------------------------

_LOCATIVE = ("in", "at", "inside")
_AT_TARGET = ("attacked", "launchedOperationAgainst")  # where the target was is where it struck
_AGAINST = ("against", "with")  # "an offensive against X", "clashed with X"


def place_near(ctx: SentenceContext, found: Found) -> str | None:
    """Where a relation happened, when its sentence says so (the order is in docs/places.md):
    'in X' on the trigger or its clause, the venue, the event noun's verb, the target's
    place, a 'where' clause, or the talks the clause mentions."""
    if found.predicate in ("locatedIn", "controls", "deployedIn", "deniesPresence"):
        return None  # the place is already the object
    parties = {found.subject, found.object}
    seen = clause_chain(found.trigger)
    verb = seen[-1]
    # "signed in Juba"; "signed at a ceremony in Juba", "met at a hotel in Juba"
    candidates = [ctx.places(token, _LOCATIVE) for token in seen]
    if found.predicate == "agreedToWithdraw":  # where it withdraws from
        candidates.insert(0, _withdrawn_from(ctx, found.trigger))
    # "signed a peace agreement in Juba": the parser hangs the place on the object noun
    candidates += [ctx.places(noun, _LOCATIVE) for noun in _event_objects(ctx, found.trigger)]
    candidates += [_venue_places(ctx, token) for token in seen]
    # "negotiations, set to begin on 14 August in Geneva": a clause on the trigger noun
    candidates += [_clause_places(ctx, clause) for clause in _noun_clauses(found.trigger)]
    # "talks between X and Y, mediated by Z, were held in Doha"
    candidates += [ctx.places(t, _LOCATIVE) for t in event_noun_verbs(verb)]
    # "Gaza, where X has been fighting Y"
    if found.predicate in _AT_TARGET:
        candidates.append(_target_places(ctx, found.trigger))
    candidates.append(_where_place(ctx, verb))
    for keys in candidates:
        for key in keys:
            if key not in parties:
                return key
    for token in verb.subtree:  # "acting as intermediaries during the talks in Jeddah"
        if is_talks_noun(token):
            for key in ctx.places(token, _LOCATIVE):
                if key not in parties:
                    return key
    return None


def clause_chain(trigger: Token) -> list[Token]:
    """The trigger and its heads up to the verb of its clause (four steps at most)."""
    node = trigger
    seen = []
    for _ in range(4):
        seen.append(node)
        if node.pos_ in ("VERB", "AUX") or node.head == node:
            break
        node = node.head
    return seen


def _withdrawn_from(ctx: SentenceContext, trigger: Token) -> list[str]:
    """'troops left the town', 'withdraw its troops deployed in Niger': the place left."""
    out: list[str] = []
    for thing in (c for c in trigger.children if c.dep_ == "dobj"):
        key = ctx.entity(thing)
        if key and ctx.cls(key) in PLACE_CLASSES:
            out.append(key)
            continue
        out += ctx.places(thing, ("in", "inside"))
        for clause in (c for c in thing.children if c.dep_ in ("acl", "relcl")):
            out += ctx.places(clause, ("in", "inside"))
    return out


def _event_objects(ctx: SentenceContext, trigger: Token) -> list[Token]:
    """The trigger verb's object when it names no actor or place: 'signed an agreement'."""
    if trigger.pos_ not in ("VERB", "AUX"):
        return []
    return [c for c in trigger.children if c.dep_ == "dobj" and ctx.entity(c) is None]


def _venue_places(ctx: SentenceContext, token: Token) -> list[str]:
    """'at a ceremony in Juba', 'at the Peace Hall in Juba': the place of the venue."""
    out: list[str] = []
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("at", "in")):
        for venue in (c for c in prep.children if c.dep_ == "pobj"):
            if any(ctx.cls(k) in PLACE_CLASSES for k in ctx.entities(venue)):
                continue  # already a place: the plain rule took it
            out += ctx.places(venue, _LOCATIVE)
    return out


def _noun_clauses(trigger: Token) -> list[Token]:
    """Clauses that modify the trigger noun, or the event noun a trigger verb takes
    ('negotiations, set to begin ...'; 'hold talks, scheduled for ...')."""
    nouns = [trigger] if trigger.pos_ in ("NOUN", "PROPN") else []
    nouns += [c for c in trigger.children if c.dep_ == "dobj" and is_talks_noun(c)]
    return [c for noun in nouns for c in noun.children if c.dep_ in ("acl", "relcl")]


def _clause_places(ctx: SentenceContext, clause: Token) -> list[str]:
    out = ctx.places(clause, _LOCATIVE)
    for inner in (c for c in clause.children if c.dep_ in ("xcomp", "ccomp")):
        out += ctx.places(inner, _LOCATIVE)  # "set to begin in Geneva"
    return out


def event_noun_verbs(verb: Token) -> list[Token]:
    """'talks between X and Y, mediated by Z, were held in Doha': a trigger clause that
    modifies an event noun shares that noun's verb (and its place and date)."""
    if verb.dep_ not in ("acl", "relcl") or not _is_event_noun(verb.head):
        return []
    noun = verb.head
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and noun.head.pos_ in ("VERB", "AUX"):
        return [noun.head]
    return []


def _is_event_noun(noun: Token) -> bool:
    """'talks', or 'the third round of negotiations'."""
    if is_talks_noun(noun):
        return True
    return any(
        is_talks_noun(pobj)
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    )


def is_talks_noun(token: Token) -> bool:
    """'talks', 'negotiations', 'meeting' (the lexicon's talksNoun set)."""
    words = load_lexicon()["talksNoun"]
    return token.pos_ in ("NOUN", "PROPN") and (
        token.lemma_.lower() in words or token.lower_ in words
    )


def _where_place(ctx: SentenceContext, verb: Token) -> list[str]:
    """'Gaza, where militants have been battling the army': the clause's place."""
    node = verb
    for _ in range(3):  # "where X said Y attacked Z": up through the clause's verbs
        if node.dep_ == "relcl" and any(c.lower_ == "where" for c in node.children):
            key = ctx.entity(node.head)
            return [key] if key and ctx.cls(key) in PLACE_CLASSES else []
        if node.dep_ not in ("conj", "xcomp", "ccomp") or node.head == node:
            return []
        node = node.head
    return []


def _target_places(ctx: SentenceContext, trigger: Token) -> list[str]:
    """'an offensive against militants in the Swat valley': the target's place."""
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    targets = list(objects)
    for holder in (trigger, *objects):  # "launched an offensive against rebels in X"
        for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ in _AGAINST):
            targets += [c for c in prep.children if c.dep_ == "pobj"]
    out: list[str] = []
    for target in targets:
        if ctx.cls(ctx.entity(target) or "") in PLACE_CLASSES:
            continue  # the target is the place itself: not also where it happened
        out += ctx.places(target, ("in", "inside"))
        for clause in (c for c in target.children if c.dep_ in ("acl", "relcl")):
            out += ctx.places(clause, ("in", "inside", "over"))  # "a drone flying over X"
    return out


def places_of_talks(ctx: SentenceContext) -> list[str]:
    """'negotiations in Doha', 'the discussions, held in Doha': where the talks were."""
    out: list[str] = []
    for token in ctx.tokens:
        if is_talks_noun(token):
            out += ctx.places(token, _LOCATIVE)
            for clause in (c for c in token.children if c.dep_ in ("acl", "relcl")):
                out += ctx.places(clause, _LOCATIVE)
    return out


def about_the_talks(trigger: Token) -> bool:
    """'The talks were mediated by X', 'X mediated the negotiations': a bare definite mention
    of talks told of elsewhere in the article ('the talks held in 2021' are other talks)."""
    nouns = [trigger, *(c for c in trigger.children if c.dep_ in _ARGUMENT_DEPS)]
    return any(
        is_talks_noun(noun)
        and any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in noun.children)
        and not any(c.dep_ in ("acl", "relcl", "prep", "amod", "compound") for c in noun.children)
        for noun in nouns
    )


_ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj")
