"""Roles of conflict reporting the general frame roles miss (docs/relations.md, "Conflict
constructions"): the place inside an attack's target phrase, the 'of' target of an invasion or
shelling, the attacker of "X killed N in an attack", attacks that a subject only judges, and
accusations made with a noun, a passive or "blamed Z on Y".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kgraph.extract.claims import polarity, reporters
from kgraph.extract.frames import Frame, noun_agents
from kgraph.extract.lexicon import Lexicon
from kgraph.extract.roles import PLACE_CLASSES, Found, SentenceContext, actors, lemma_of
from kgraph.gazetteer import Gazetteer

# Prepositions that keep a place inside what was hit ("targets in Y", "a village near Y", "the
# outskirts of Y"); "to" and "from" lead elsewhere ("a convoy heading to Y").
_INSIDE = frozenset({"in", "near", "inside", "around", "of", "outside", "at", "on"})
_THROUGH = frozenset({"pobj", "compound", "poss", "appos", "nmod", "conj"})
_TARGET_PREPS = ("on", "against", "at")
_AIMED_PREPS = (*_TARGET_PREPS, "into", "toward", "towards")  # "fired missiles into Y"


def places_in_target(ctx: SentenceContext, phrase: Token) -> list[str]:
    """Places named inside a target phrase: 'fired shells at targets in Y', 'struck the
    entrance to the ministry in Y', 'an attack on a village near Y'."""
    if Gazetteer.load().agent_class(phrase.lower_) is not None:
        return []  # "fired on militants in Y": people were the target, not the place
    out: list[str] = []
    for token in phrase.subtree:
        key = ctx.entity(token)
        if not key or ctx.cls(key) not in PLACE_CLASSES or key in out:
            continue
        if _reached_through_places(token, phrase):
            out.append(key)
    return out


def _reached_through_places(token: Token, phrase: Token) -> bool:
    """The place's own preposition keeps it inside what was hit ("the entrance to the
    ministry in Y"); a clause on the way leads elsewhere ("a convoy heading to Y")."""
    node = token
    nearest = True
    while node.i != phrase.i:
        if node.dep_ == "prep":
            if nearest and node.lower_ not in _INSIDE:
                return False
            nearest = False
        elif node.dep_ not in _THROUGH:
            return False  # a clause or a complement ("a convoy heading to Y")
        if node.head.i == node.i:
            return False
        node = node.head
    return True


def verb_target_places(ctx: SentenceContext, verb: Token) -> list[str]:
    """'X shelled positions in Y', 'X fired rockets at targets in Y': the place inside the
    object or the aimed-at phrase, or on the verb itself when it has a non-actor object."""
    phrases = [c for c in verb.children if c.dep_ == "dobj"]
    phrases += [
        p
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ in _AIMED_PREPS
        for p in prep.children
        if p.dep_ == "pobj"
    ]
    out = [k for p in phrases for k in places_in_target(ctx, p)]
    if not out and any(c.dep_ == "dobj" for c in verb.children):
        out = ctx.places(verb, ("in", "inside"))  # "struck energy sites in Y"
    return list(dict.fromkeys(out))


def noun_target_places(ctx: SentenceContext, noun: Token) -> list[str]:
    """'an attack on a village in Y': the place inside the attack's on/against phrase."""
    out: list[str] = []
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            out += [k for k in places_in_target(ctx, pobj) if k not in out]
    return out


def of_targets(ctx: SentenceContext, lex: Lexicon, noun: Token) -> list[str]:
    """'X's invasion of Y', 'the shelling of Y by X': the of-phrase is what was attacked."""
    if lemma_of(noun) not in lex["ofTargetNoun"]:
        return []
    return ctx.prep_objects(noun, ("of",))


def clause_attackers(ctx: SentenceContext, noun: Token) -> list[str]:
    """'X killed N in an attack on Y': the subject of the (active) clause."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "in":
        return []
    verb = noun.head.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if verb.pos_ not in ("VERB", "AUX") or subject is None:
        return []  # "indicted by X for atrocities in the war": no agent of a passive
    return actors(ctx, ctx.subjects_of_token(subject))


def judged_not_done(lex: Lexicon, noun: Token) -> bool:
    """'X condemned the attack on Y', 'X blamed the attack on Y': the subject of a verb that
    judges or reports an attack is not its attacker."""
    anchor = noun
    while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
        anchor = anchor.head
    return anchor.dep_ == "dobj" and lemma_of(anchor.head) in lex["judgeVerb"]


# --- accused -------------------------------------------------------------------------------


def accused_passive(ctx: SentenceContext, frame: Frame) -> Iterator[Found]:
    """'Y was accused by X of ...', 'Y was blamed by X for ...'."""
    verb = frame.token
    accusers = actors(ctx, ctx.prep_objects(verb, ("by",)))
    accused = [k for k in actors(ctx, ctx.passive_subject(verb)) if k not in accusers]
    for a in accusers:
        for o in accused:
            yield Found(a, "accused", o, verb, polarity=polarity(verb))


def blamed_on(ctx: SentenceContext, frame: Frame) -> list[str]:
    """'X blamed the attack on Y': the object of 'on' is the accused, when the object of the
    verb names no actor."""
    verb = frame.token
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects or any(ctx.entities(o) for o in objects):
        return []
    found = ctx.prep_objects(verb, ("on",))
    for o in objects:
        found += ctx.prep_objects(o, ("on",))
    return actors(ctx, found)


def named_dative(ctx: SentenceContext, verb: Token) -> list[str]:
    """'X branded Y a terrorist group': the parser reads Y as a dative."""
    return actors(ctx, [k for c in verb.children if c.dep_ == "dative" for k in ctx.entities(c)])


def accused_noun(ctx: SentenceContext, frame: Frame) -> Iterator[Found]:
    """'X's accusation that Y shelled Z', 'accusations by X against Y', 'X made allegations
    against Y'."""
    noun = frame.token
    accusers = actors(ctx, noun_agents(ctx, noun))
    by = actors(ctx, ctx.prep_objects(noun, ("by",)))
    accusers = by or accusers
    accused = actors(ctx, ctx.prep_objects(noun, ("against",)))
    if not accused:
        for clause in (c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")):
            if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                accused = actors(ctx, ctx.subjects(clause))
    accused = [k for k in dict.fromkeys(accused) if k not in accusers]
    verb = noun.head if noun.head.pos_ in ("VERB", "AUX") else noun
    for a in dict.fromkeys(accusers):
        for o in accused:
            yield Found(a, "accused", o, noun, polarity=polarity(verb))


def accused_responsible(ctx: SentenceContext, lex: Lexicon, frame: Frame) -> Iterator[Found]:
    """'X said Y was responsible for the attack' (the speaker accuses the clause's subject);
    'X held Y responsible' (the holder accuses the object)."""
    adjective = frame.token
    clause = adjective.head
    if clause.pos_ not in ("VERB", "AUX"):
        return
    objects = [c for c in clause.children if c.dep_ == "dobj"]
    if lemma_of(clause) in lex["holdResponsibleVerb"] and objects:
        accusers = actors(ctx, ctx.subjects(clause))
        accused = actors(ctx, [k for o in objects for k in ctx.entities(o)])
    elif adjective.dep_ == "acomp":
        accusers = reporters(ctx, clause)
        accused = actors(ctx, ctx.subjects(clause))
    else:
        return
    for a in accusers:
        for o in accused:
            if o != a:
                yield Found(a, "accused", o, adjective, polarity=polarity(clause))


def side_of_following_fight(ctx: SentenceContext, noun: Token) -> list[str]:
    """'X launched an offensive, and fierce fighting with Y followed': fighting that is the
    subject of a clause coordinated with (or subordinate to) X's clause is X's fighting."""
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or noun.i not in {t.i for t in subject.subtree}:
        return []
    if verb.dep_ not in ("conj", "advcl") or verb.head.i == verb.i:
        return []
    return actors(ctx, ctx.subjects(verb.head))[:1]


def taken_from(ctx: SentenceContext, lex: Lexicon, frame: Frame) -> Iterator[Found]:
    """'X captured Y from Z', 'X retook the town from Z': taking a place from a side is
    fighting that side (the control edge is the control convention's)."""
    verb = frame.token
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return  # "Y was taken from Z": who took it is another clause's
    takers = actors(ctx, ctx.subjects(verb))
    losers = [k for k in actors(ctx, ctx.prep_objects(verb, ("from",))) if k not in takers]
    if not any(_territory(ctx, lex, c) for c in verb.children if c.dep_ == "dobj"):
        return  # "seized weapons from Z" is no fight over ground
    for a in takers:
        for o in losers:
            yield Found(a, "attacked", o, verb, polarity=polarity(verb))


def _territory(ctx: SentenceContext, lex: Lexicon, phrase: Token) -> bool:
    """A place, or a word for one ('the town', 'control of Y')."""
    word = lemma_of(phrase)
    if any(word in lex[name] for name in ("regionNoun", "cityNoun", "controlNoun")):
        return True
    return any(ctx.cls(k) in PLACE_CLASSES for k in ctx.entities(phrase))


# --- deployedIn ----------------------------------------------------------------------------


def entered_places(ctx: SentenceContext, lex: Lexicon, verb: Token) -> list[str]:
    """'X troops entered Y' (the object is the place); 'X sent troops to Y' where the parser
    reads 'to Y' as a dative, not a preposition (only for troops: 'sending villagers to Y')."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    # a named place only: "patrolled the town" leans on which town the resolver picked
    out = [
        k
        for o in objects
        if o.pos_ == "PROPN"
        for k in ctx.entities(o)
        if ctx.cls(k) in PLACE_CLASSES
    ]
    objects += [p for o in objects for c in o.children if c.dep_ == "prep" for p in c.children]
    if not any(lemma_of(o) in lex["troopNoun"] for o in objects):
        return out
    for dative in (c for c in verb.children if c.dep_ == "dative" and c.lower_ == "to"):
        for pobj in (c for c in dative.children if c.dep_ == "pobj"):
            out += [k for k in ctx.entities(pobj) if ctx.cls(k) in PLACE_CLASSES]
    return out


def split_between(ctx: SentenceContext, noun: Token) -> list[str]:
    """'The fighting between X and Y has killed ...' parsed with Y as a second subject of the
    verb: the subject after the noun's 'and' is the other side."""
    between = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    if between is None:
        return []
    cc = next((c for c in noun.children if c.dep_ == "cc" and c.i > between.i), None)
    if cc is None or cc.lower_ != "and" or noun.dep_ not in ("nsubj", "nsubjpass"):
        return []
    verb = noun.head
    for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subject.i > cc.i:
            return actors(ctx, ctx.entities(subject))
    return []


def demonym_sides(ctx: SentenceContext, noun: Token) -> list[str]:
    """'fighting between Armenians and Azerbaijanis': a plural demonym that the mention finder
    left as people stands for its country's side, when the article names that country."""
    gazetteer = Gazetteer.load()
    out: list[str] = []
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for token in (pobj, *pobj.conjuncts):
                if ctx.entity(token) or token.tag_ not in ("NNS", "NNPS"):
                    continue
                entry = gazetteer.country_for_demonym(token.text)
                if entry is not None and entry.key in ctx.classes and entry.key not in out:
                    out.append(entry.key)
    return out


def sides_of_sparking_clause(ctx: SentenceContext, noun: Token) -> list[tuple[str, str]]:
    """'Fighting broke out as X launched an offensive against Y' / '... when X attacked Y': the
    fighting is between the subordinate clause's subject and its target."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.pos_ not in ("VERB", "AUX"):
        return []
    pairs: list[tuple[str, str]] = []
    for clause in (c for c in verb.children if c.dep_ == "advcl"):
        markers = (c for c in clause.children if c.dep_ in ("mark", "advmod"))
        if not any(c.lower_ in ("as", "when", "after") for c in markers):
            continue
        sides = actors(ctx, ctx.subjects(clause))
        foes = actors(ctx, ctx.objects(clause) + ctx.prep_objects(clause, ("against", "on")))
        for obj in (c for c in clause.children if c.dep_ == "dobj"):
            foes += actors(ctx, ctx.prep_objects(obj, ("against", "on")))
        pairs += [(a, b) for a in sides for b in dict.fromkeys(foes) if a != b]
    return pairs


def under_attack(ctx: SentenceContext, noun: Token) -> tuple[list[str], list[str]]:
    """'Y came under attack from X', 'Y was under heavy shelling by X': (attackers, targets)."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "under":
        return [], []
    verb = noun.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return [], []
    attackers = actors(ctx, ctx.prep_objects(noun, ("from", "by")))
    targets = ctx.subjects(verb)
    if not targets:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        targets = ctx.entities_within(subject) if subject is not None else []
    return attackers, [t for t in targets if t not in attackers]


def responsibility_claimers(ctx: SentenceContext, lex: Lexicon, noun: Token) -> list[str]:
    """'X claimed responsibility for the attack on Y': the subject of the claim attacked."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "for":
        return []
    owner = noun.head.head
    if lemma_of(owner) not in lex["responsibilityNoun"] or owner.dep_ != "dobj":
        return []
    return actors(ctx, ctx.subjects(owner.head))
