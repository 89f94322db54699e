"""Event frames: one mechanism for relations between actors.

For each sentence: find triggers (the words of the lexicon's frame sets, by part of speech:
verbs, nouns, compounds such as "X-brokered"), fill the frame's roles from the parse
(agent, partner, the parties "between X and Y", the event noun it is about, the actors of
the clause it modifies), drop what is only claimed, proposed or refused (kgraph.extract.claims),
then let the predicate's conventions (kgraph.extract.conventions) turn the roles into edges.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

from spacy.tokens import Token

from kgraph.extract.lexicon import FrameSet, Lexicon
from kgraph.extract.roles import (
    Found,
    SentenceContext,
    actors,
    between,
    gathered_sides,
    lemma_of,
    moving_troops,
    phrasal,
    recipients,
    relative_antecedent,
)
from kgraph.extract.triggers import find_triggers as find_lexicon_triggers

# Prepositions through which a nominal frame modifies a clause ("with X's mediation, A and B
# met"; "signed under the auspices of X") and the clause's actors become the frame's parties.
_CLAUSE_PREPS = ("with", "through", "under", "via", "after", "following", "during", "thanks", "as")


_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})

# Predicates whose conventions (kgraph.extract.conventions) read a frame.
_FRAMED = frozenset(
    {
        "mediated",
        "holdsTalksWith",
        "signedAgreementWith",
        "attacked",
        "deployedIn",
        "controls",
        "supports",
        "agreedToWithdraw",
        "accused",
        "agreedToCeasefire",
    }
)


_NO_ATTRS = FrameSet("", "", "")
_NEEDS_PARTIES = FrameSet("", "", "", needs_parties=True)  # a lexicon entry's lex:needsParties


@dataclass
class Trigger:
    """A trigger word of the sentence; `attrs` are its word set's role and convention
    attributes (lexicon.FrameSet), empty for an entry of the broad lexicon."""

    head: Token
    predicate: str
    pos: str  # VERB, NOUN, ADJ or COMPOUND
    source: str = ""  # the word set's name, or "cameo" / "curated"
    attrs: FrameSet = _NO_ATTRS


@dataclass
class Frame:
    trigger: Trigger
    agents: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)  # what the act is about ("Y fell to X": Y)
    thing: Token | None = None  # the event noun the frame is about ("talks", "the deal")
    passive: bool = False

    @property
    def token(self) -> Token:
        return self.trigger.head


def find_triggers(ctx: SentenceContext, lex: Lexicon) -> list[Trigger]:
    """Trigger words of the sentence, one per (token, predicate)."""
    found: dict[tuple[int, str], Trigger] = {}
    index = lex.frame_index()
    phrasal_verbs = lex.phrasal_verbs()
    for token in ctx.tokens:
        lemma = lemma_of(token)
        words = {token.lower_, lemma}
        if lemma in phrasal_verbs and token.pos_ == "VERB":
            words.add(phrasal(token))
        candidates = {fs for word in words for fs in index.get(word, ())}
        if not candidates:
            continue
        for frame_set in sorted(candidates, key=lambda fs: fs.name):
            if not _matches(token, frame_set, lex[frame_set.name]):
                continue
            if frame_set.needs_object and object_word(token, lex[frame_set.needs_object]) is None:
                continue
            key = (token.i, frame_set.predicate)
            # a set that needs named parties must not shadow one that does not
            if key not in found or found[key].attrs.needs_parties:
                found[key] = Trigger(
                    token, frame_set.predicate, frame_set.pos, frame_set.name, frame_set
                )
    # The broad lexicon (CAMEO verbs and curated nominal forms) adds what the word sets lack;
    # the roles and conventions decide whether a candidate becomes an edge.
    doc = ctx.sent.doc
    for hit in find_lexicon_triggers(ctx.tokens):
        key = (hit.head, hit.predicate)
        if hit.reverse:
            continue  # "received arms from X": the roles run the other way; not read yet
        if hit.marks_only:
            continue  # lex:marksOnly: the entry only keeps shorter matches off its words
        if key not in found and hit.predicate in _FRAMED:
            attrs = _NEEDS_PARTIES if hit.needs_parties else _NO_ATTRS
            found[key] = Trigger(doc[hit.head], hit.predicate, hit.pos, hit.source, attrs)
    return list(found.values())


def object_word(verb: Token, words: frozenset[str]) -> Token | None:
    """The word of `words` the verb acts on: its object or a conjunct of it ("launched an air
    and ground offensive"), its passive subject ("no troops are deployed"), the noun a
    participle modifies ("an operation launched by X"), a prepositional object ("agreed to a
    truce", "abide by the ceasefire") or the object of its complement ("agreed to extend the
    truce")."""
    candidates: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            candidates += [child, *child.conjuncts]
        elif child.dep_ == "prep":
            candidates += [p for p in child.children if p.dep_ == "pobj"]
        elif child.dep_ == "xcomp":
            candidates += [g for g in child.children if g.dep_ == "dobj"]
    if verb.dep_ == "acl":
        candidates.append(verb.head)
    return next((c for c in candidates if c.lower_ in words or lemma_of(c) in words), None)


def _matches(token: Token, frame_set: FrameSet, words: frozenset[str]) -> bool:
    compound = compound_use(token)
    if frame_set.pos == "COMPOUND":
        return compound and token.lower_ in words
    if compound:
        return False
    if frame_set.pos == "VERB":
        return token.pos_ == "VERB" and (lemma_of(token) in words or phrasal(token) in words)
    if token.pos_ == "VERB" and not (token.tag_ == "VBG" and token.dep_ in _NOMINAL):
        return False  # a gerund used as a noun ("fighting broke out") is a noun trigger
    if token.pos_ not in ("NOUN", "PROPN", "VERB"):
        return False
    return token.lower_ in words or lemma_of(token) in words


def compound_use(token: Token) -> bool:
    """'Washington-mediated': the word follows a hyphen."""
    return token.i > 0 and token.doc[token.i - 1].text == "-"


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("auxpass", "agent") for c in verb.children):
        return True
    # "the talks held in X" (reduced relative), but not "X, which has coordinated talks"
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("acl", "relcl")
        and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)
    )


def fill_roles(ctx: SentenceContext, lex: Lexicon, trigger: Trigger) -> Frame:
    token = trigger.head
    frame = Frame(trigger)
    if trigger.pos == "ADJ":
        # "the signed accord", "the occupied town": a participle before its noun
        frame.passive = True
        frame.thing = token.head
        frame.parties = between(ctx, token.head)
    elif trigger.pos == "VERB":
        frame.passive = is_passive(token)
        if trigger.attrs.agent_prep:  # "Y fell to X": X acts, Y is what the act is about
            frame.agents = ctx.prep_objects(token, (trigger.attrs.agent_prep,))
            frame.themes = ctx.subjects(token)
        elif frame.passive:
            frame.agents = ctx.prep_objects(token, ("by",))
            frame.thing = _passive_thing(ctx, lex, token)
        else:
            frame.agents = ctx.subjects(token)
            frame.thing = _object_noun(lex, token)
            frame.partners = [k for k in ctx.objects(token) if k not in frame.agents]
            if trigger.predicate == "supports":
                frame.partners += recipients(ctx, token)  # "supplied weapons to X"
            if trigger.predicate == "deployedIn" and frame.thing is None:
                frame.thing = moving_troops(token)  # "X troops arrived in Y"
        frame.partners += ctx.prep_objects(token, ("with",))
        if frame.thing is not None:  # "signed an agreement with X"
            frame.partners += ctx.prep_objects(frame.thing, ("with",))
        frame.parties = between(ctx, token)
        if not frame.parties and frame.thing is not None:
            frame.parties = (
                between(ctx, frame.thing)
                or _between_in_clauses(ctx, frame.thing)
                or gathered_sides(ctx, frame.thing)
            )
    elif trigger.pos == "COMPOUND":
        mediator = ctx.entity(token.doc[token.i - 2]) if token.i >= 2 else None
        frame.agents = [mediator] if mediator else []
        frame.thing = token.head
        frame.parties = between(ctx, token.head)
        frame.participants = clause_actors(ctx, token.head, taking_part=True)
    else:
        frame.thing = token
        frame.agents = noun_agents(ctx, token)
        partners = partners_with(ctx, token)
        for prep in (c for c in token.children if c.lower_ in trigger.attrs.target_preps):
            partners += [k for p in prep.children if p.dep_ == "pobj" for k in _named(ctx, p)]
        if token.dep_ == "dobj" and token.head.pos_ == "VERB":
            partners += _light_verb_partners(ctx, token, ("with", *trigger.attrs.target_preps))
        frame.partners = [k for k in partners if k not in frame.agents]
        anchor = token.head if token.dep_ == "compound" else token  # "mediation efforts"
        frame.parties = (
            between(ctx, token)
            or between(ctx, anchor)
            or _between_in_clauses(ctx, anchor)
            or gathered_sides(ctx, anchor)
        )
        if not frame.parties and token.dep_ == "pobj" and token.head.lower_ == "of":
            # "20 years of war between the two countries", "rounds of talks between A and B"
            frame.parties = between(ctx, token.head.head)
        if not frame.parties and token.dep_ == "nsubj":
            frame.parties = between(ctx, token.head)  # "clashes broke out between A and B"
        frame.participants = clause_actors(ctx, token)
    frame.agents = _unique(frame.agents)
    frame.partners = _unique(frame.partners)
    return frame


def _light_verb_partners(ctx: SentenceContext, noun: Token, preps: tuple[str, ...]) -> list[str]:
    """'X held a meeting with Y', 'X gave a warm welcome on Friday to Y', 'X gave Y a
    welcome': the parser often hangs the partner on the light verb. Only after the noun (or
    as its indirect object): "With Z's help, X held talks" names no partner."""
    found: list[str] = []
    for child in noun.head.children:
        if child.dep_ == "dative" and child.pos_ != "ADP":
            found += _named(ctx, child)  # "gave Y a welcome"
        elif child.dep_ in ("prep", "dative") and child.lower_ in preps and child.i > noun.i:
            # "with" reads the phrase as before; a frame's own prepositions want a name
            # ("gave a welcome to the decision of Y" is no meeting with Y)
            read = ctx.entities if child.lower_ == "with" else partial(_named, ctx)
            found += [k for p in child.children if p.dep_ == "pobj" for k in read(p)]
    return found


def _named(ctx: SentenceContext, token: Token) -> list[str]:
    """The actors a phrase's head (and its conjuncts) names itself."""
    return [k for t in (token, *token.conjuncts) if (k := ctx.entity(t))]


def _unique(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def _passive_thing(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Token | None:
    if verb.dep_ not in ("acl", "relcl"):
        return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    # "negotiations between A and B brokered by X": the participle often hangs off the last
    # party; what was brokered is the event noun above it.
    node = verb.head
    for _ in range(4):
        if _event_word(lex, node):
            return node
        if node.head == node or node.pos_ in ("VERB", "AUX"):
            break
        node = node.head
    return verb.head


def _event_word(lex: Lexicon, token: Token) -> bool:
    words = {token.lower_, lemma_of(token)}
    return bool(words & (lex["talksNoun"] | lex["agreementNoun"] | lex["ceasefireNoun"]))


def _object_noun(lex: Lexicon, verb: Token) -> Token | None:
    """The verb's object, or the event noun of 'agreed on/to/upon X', 'signed on to X', or
    the noun its relative clause modifies ('the truce that A and B agreed')."""
    antecedent = relative_antecedent(verb)
    if antecedent is not None:
        return antecedent
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None:
        # "hosted several rounds of talks", "brokered two years of talks": the event noun
        return obj if _event_word(lex, obj) else _event_of(lex, obj) or obj
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "upon", "to"):
            pobj = next((p for p in prep.children if p.dep_ == "pobj"), None)
            if pobj is not None and (_event_word(lex, pobj) or _of_event(lex, pobj)):
                return pobj
    return None


def _of_event(lex: Lexicon, noun: Token) -> bool:
    """'the first phase of a ceasefire deal'."""
    return _event_of(lex, noun) is not None


def _event_of(lex: Lexicon, noun: Token) -> Token | None:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and _event_word(lex, pobj):
                    return pobj
    return None


def _between_in_clauses(ctx: SentenceContext, noun: Token) -> list[str]:
    """'an agreement brokered between A and B', 'the talks held between the two sides'."""
    for clause in (c for c in noun.children if c.dep_ in ("acl", "relcl")):
        found = between(ctx, clause)
        if found:
            return found
    return []


def noun_agents(ctx: SentenceContext, noun: Token) -> list[str]:
    """Who does what a noun names: 'X's mediation', 'the mediation of X', 'Chinese mediation',
    'X held talks', 'X acted as mediator', 'X, the mediator', 'X was the guarantor'."""
    frame = noun.head if noun.dep_ == "compound" else noun  # "mediation efforts of X"
    for candidate in dict.fromkeys((noun, frame)):
        for child in candidate.children:
            if child.dep_ == "poss":
                found = ctx.entities(child)
                if found:
                    return found
        found = ctx.prep_objects(candidate, ("of", "by"))
        if actors(ctx, found):
            return found
        found = [
            ctx.entity(c)
            for c in candidate.children
            if c.dep_ in ("compound", "amod", "nmod") and ctx.entity(c) and not _hyphenated(c)
        ]
        for c in candidate.children:  # "US and British strikes"
            if c.dep_ in ("compound", "amod", "nmod") and ctx.entity(c):
                found += [ctx.entity(x) for x in c.conjuncts if ctx.entity(x)]
        if found:
            return _unique([k for k in found if k])
    while frame.dep_ == "conj" and frame.head != frame:
        frame = frame.head  # "launched an air and ground offensive"
    head = frame.head
    if frame.dep_ == "dobj" and head.pos_ in ("VERB", "AUX"):
        return ctx.subjects(head)  # "X held talks", "X launched an attack"
    if frame.dep_ == "attr" and head.pos_ in ("VERB", "AUX"):
        return ctx.subjects(head)  # "X was the main mediator"
    if frame.dep_ == "appos":
        return ctx.entities(head)  # "Norway, the facilitator, said"
    if frame.dep_ == "pobj" and head.lower_ == "as":
        acting = head.head  # "X acted as guarantor", "X, acting as intermediaries"
        if acting.pos_ in ("VERB", "AUX"):
            # "signed the accord with X as guarantor": the role is the with-object's
            objects = [c for c in acting.children if c.dep_ == "dobj"]
            found = ctx.prep_objects(acting, ("with",)) or [
                k for o in objects for k in ctx.prep_objects(o, ("with",))
            ]
            found = found or ctx.subjects(acting)
            if not found and acting.dep_ == "acl":
                found = ctx.entities(acting.head)
            return found
        found = ctx.entities(acting)  # "X as guarantor"
        if not found and acting.dep_ == "appos":
            found = ctx.entities(acting.head)  # "A, B and C act as guarantors" misparsed
        return found
    return []


def _hyphenated(token: Token) -> bool:
    """'UN' in "a UN-backed truce": the name belongs to the compound after the hyphen."""
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].text == "-"


def partners_with(ctx: SentenceContext, noun: Token) -> list[str]:
    """'talks with X'; 'consultations with U.S. officials' (the officials' country)."""
    partners = ctx.prep_objects(noun, ("with",))
    if actors(ctx, partners):
        return partners
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "with"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            partners += ctx.modifier_entities(pobj)
    return partners


def clause_actors(ctx: SentenceContext, noun: Token, *, taking_part: bool = False) -> list[str]:
    """The actors of the clause a nominal frame modifies: 'With X's mediation, A and B held
    talks'; 'a declaration signed with the mediation of X' (the declaration's signers)."""
    node = noun
    while node.dep_ in ("compound", "conj", "appos", "amod") and node.head != node:
        node = node.head
    if node.dep_ != "pobj":
        return []
    verb = node.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    if node.head.lower_ not in _CLAUSE_PREPS:
        # "invited A and B to take part in X-mediated talks": those who take part
        return _unique(ctx.objects(verb) or ctx.subjects(verb)) if taking_part else []
    found = ctx.subjects(verb)
    if not found and verb.dep_ in ("acl", "relcl"):
        # "enshrining the decision in a declaration signed with X's mediation"
        holder = verb.head
        while holder.pos_ not in ("VERB", "AUX") and holder.head != holder:
            holder = holder.head
        found = ctx.subjects(holder)
    if not found:
        found = ctx.prep_objects(verb, ("between",))
    return _unique(found)


def extract_frames(ctx: SentenceContext, lex: Lexicon) -> Iterator[Found]:
    from kgraph.extract.conventions import edges

    frames = [fill_roles(ctx, lex, trigger) for trigger in find_triggers(ctx, lex)]
    # Mediators of this sentence are not parties to the talks they mediate.
    mediators = {k for f in frames if _mediating(lex, f) for k in actors(ctx, f.agents)}
    for frame in frames:
        yield from edges(ctx, lex, frame, mediators)
    ctx.memory.mediators |= mediators


def _mediating(lex: Lexicon, frame: Frame) -> bool:
    """Whether the frame's agents mediate, so are no side of the sentence's talks. A host
    mediates only between named sides or over an event it hosts: "X met Y at a dinner hosted
    by Z" has no mediator. (Envoys, a noun of the broad lexicon, stay mediators.)"""
    trigger = frame.trigger
    if trigger.predicate != "mediated":
        return False
    if not trigger.attrs.needs_parties or frame.parties or trigger.pos != "VERB":
        return True  # a noun that names the role ("X's envoys") makes X a mediator anyway
    return frame.thing is not None and _event_word(lex, frame.thing)
