"""Each predicate's conventions: how a filled frame becomes edges (corpus/GUIDELINES.md).

- mediated: one edge per named party (the parties of the talks or deal, or of the clause the
  mediation modifies); without named parties, one edge to the mediated event;
- holdsTalksWith: every pair of participants; mediators are not participants;
- signedAgreementWith: every pair of signers ("separate" agreements pair each signer only with
  its counterparts); a truce agreed or signed is also agreedToCeasefire;
- attacked: directed from the attacker to what was attacked;
- the acts of one side (kgraph.extract.acts): launched operations, control, denials and
  commitments to a ceasefire, withdrawal or disbandment.

A frame word set may name its convention (`lex:convention` in ontology/lexicon/triggers.ttl);
otherwise its predicate's convention reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from spacy.tokens import Token

from kgraph.extract.acts import (
    commitment,
    control_verb,
    denies,
    holdings,
    no_presence,
    operation,
)
from kgraph.extract.claims import commitment_status, only_claimed, polarity, reporters
from kgraph.extract.conflict import (
    accused_noun,
    accused_passive,
    accused_responsible,
    blamed_on,
    clause_attackers,
    demonym_sides,
    entered_places,
    judged_not_done,
    named_dative,
    noun_target_places,
    of_targets,
    responsibility_claimers,
    side_of_following_fight,
    sides_of_sparking_clause,
    split_between,
    taken_from,
    under_attack,
    verb_target_places,
)
from kgraph.extract.frames import Frame
from kgraph.extract.lexicon import Lexicon
from kgraph.extract.roles import (
    PLACE_CLASSES,
    Found,
    SentenceContext,
    actors,
    definite,
    first,
    lemma_of,
    phrasal,
)


def edges(ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]) -> Iterator[Found]:
    trigger = frame.trigger
    convention = trigger.attrs.convention or trigger.predicate
    # a denial is a negation by definition; a commitment reads its own modality (a vow to
    # withdraw commits, a call to withdraw does not)
    own_modality = trigger.attrs.needs_negation or convention in _OWN_MODALITY
    if not own_modality and only_claimed(lex, frame.token):
        return
    rule = _CONVENTIONS.get(convention)
    if rule is not None:
        yield from rule(ctx, lex, frame, mediators)


def event_class(lex: Lexicon, noun: Token | None) -> str | None:
    """What kind of event a noun names: a ceasefire, talks, an agreement."""
    if noun is None:
        return None
    words = {noun.lower_, lemma_of(noun)} | {
        c.lower_ for c in noun.children if c.dep_ in ("compound", "amod")
    }
    return lex.first_class("nounEvents", words)


def sentence_event_class(ctx: SentenceContext, lex: Lexicon) -> str | None:
    """What a mediation produced, from the sentence's own nouns."""
    words = {t.lower_ for t in ctx.tokens} | {lemma_of(t) for t in ctx.tokens}
    return lex.first_class("outcomeEvents", words)


def _remember(ctx: SentenceContext, parties: list[str]) -> None:
    if len(parties) >= 2:
        ctx.memory.last_pair = parties[:2]


# --- mediated ------------------------------------------------------------------------------


def _mediated(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    agents = actors(ctx, frame.agents)
    agents += _co_mediators(ctx, lex, frame.token)
    if not agents:
        return
    thing = frame.thing
    if (
        frame.trigger.pos == "COMPOUND"
        and thing is not None
        and event_class(lex, thing) is None
        and actors(ctx, ctx.entities(thing))
    ):
        return  # "Iran-sponsored militia": support, not mediation
    event = event_class(lex, thing) if thing is not frame.token else None
    event = event or sentence_event_class(ctx, lex)
    if (
        frame.trigger.pos == "VERB"
        and thing is not None
        and event_class(lex, thing) is None
        and actors(ctx, ctx.entities(thing))
    ):
        return  # "facilitated the Turkish presence": not an event that was mediated

    def others(keys: list[str]) -> list[str]:
        return [
            k for k in actors(ctx, keys) if k not in agents and ctx.represented(k) not in agents
        ]

    thing_is_event = (
        thing is not None
        and thing is not frame.token
        and (event_class(lex, thing) is not None or frame.trigger.pos == "COMPOUND")
    )
    candidates = [
        lambda: frame.parties,
        # "mediated the Armenia-Azerbaijan talks": the sides named inside the event noun
        lambda: ctx.entities_within(thing) if thing_is_event else [],
        lambda: frame.participants,
        # "mediated the talks": the article's two sides
        lambda: ctx.memory.last_pair if thing_is_event and definite(thing) else [],
        # "X, acting as intermediaries, ...": the others the sentence names
        lambda: _bystanders(ctx, frame.token, agents) if _acting_as(frame.token) else [],
    ]
    parties: list[str] = []
    for candidate in candidates:
        parties = others(list(candidate()))
        if parties:
            break
    if frame.trigger.attrs.needs_parties and len(parties) < 2:
        # hosts, and the broad lexicon's nouns ("envoys"), mediate only between named sides
        return
    if not parties and frame.trigger.pos == "VERB" and event_class(lex, thing) is None:
        return  # a mediation verb needs named parties or the talks, deal or truce it mediated
    _remember(ctx, parties)
    for m in dict.fromkeys(agents):
        if parties:
            for p in parties:
                yield Found(
                    m,
                    "mediated",
                    p,
                    frame.token,
                    event_class=event,
                    event_parties=tuple(parties),
                )
        else:
            yield Found(m, "mediated", None, frame.token, event_class=event or "Agreement")
    if event == "Talks" and frame.trigger.pos == "COMPOUND" and len(parties) >= 2:
        for a, b in combinations(parties, 2):  # "Qatar-mediated talks between A and B"
            yield Found(a, "holdsTalksWith", b, frame.token, event_class="Talks")


def _acting_as(noun: Token) -> bool:
    """'X, acting as intermediaries', 'X as guarantors': a role held between others."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "as"


def _bystanders(ctx: SentenceContext, noun: Token, mediators: list[str]) -> list[str]:
    """The sentence's other actors, when a mediator noun names no parties: those the
    intermediaries stood between (not the speaker, not a possessor inside another name)."""
    root = noun.sent.root
    speakers = set(ctx.subjects(root)) if root.pos_ in ("VERB", "AUX") else set()
    found = [
        ctx.token_entity[t.i]
        for t in ctx.tokens
        if t.i in ctx.token_entity and not _inside_other(ctx, t)
    ]
    return [
        k for k in dict.fromkeys(actors(ctx, found)) if k not in mediators and k not in speakers
    ]


def _inside_other(ctx: SentenceContext, token: Token) -> bool:
    """A possessor or modifier inside another entity's mention ('Sudan' in "Sudan's army")."""
    return token.dep_ in ("poss", "compound", "amod", "nmod") and ctx.entity(token.head) not in (
        None,
        ctx.entity(token),
    )


def _co_mediators(ctx: SentenceContext, lex: Lexicon, verb: Token) -> list[str]:
    """'mediated by X, with the participation of Y and Z': they share the mediator's role."""
    out: list[str] = []
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if lemma_of(pobj) in lex["participationNoun"]:
                out += actors(ctx, ctx.prep_objects(pobj, ("of", "from")))
    return out


# --- holdsTalksWith ------------------------------------------------------------------------

_MAX_LISTED = 3


def _talks(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    token = frame.token
    if frame.trigger.pos == "VERB" and lemma_of(token) in lex["mediateVerb"]:
        return
    named_partners = frame.partners
    if frame.trigger.pos == "VERB" and frame.thing is not None and frame.thing is not token:
        if event_class(lex, frame.thing) is not None:
            return  # "held talks": the talks noun's own frame reads the sides
        if _names_an_act(lex, frame.thing):
            # "X welcomed the withdrawal of troops from Y" is a reaction, not a meeting with
            # Y; "X discussed the withdrawal with Y" still meets Y
            named_partners = ctx.prep_objects(token, ("with",))
            named_partners += ctx.prep_objects(frame.thing, ("with",))
            if not actors(ctx, named_partners):
                return
        if (
            not actors(ctx, ctx.entities(frame.thing))
            and not frame.partners
            and not frame.trigger.attrs.objects_meet
        ):
            return  # "A and B attended the ceremony" is not talks between them
    under_mediation = frame.trigger.pos == "NOUN" and _under_mediation(lex, token)
    place = first(ctx.places(token) + ctx.places(_clause_head(token)))
    parties = [p for p in actors(ctx, frame.parties) if p not in mediators]
    if len(parties) >= 2:
        _remember(ctx, parties)
        yield from _pairs(parties, token, place, tuple(parties))
        return
    holders = frame.agents
    if not holders and frame.trigger.pos == "NOUN" and _clause_head(token) is not token:
        holders = ctx.subjects(_clause_head(token))  # "X sent a delegation for talks with Y"
    holders = [] if under_mediation else actors(ctx, holders)
    holders = [h for h in holders if h not in mediators or frame.trigger.pos == "VERB"]
    partners = [p for p in actors(ctx, named_partners) if p not in holders]
    if frame.trigger.attrs.objects_meet:
        partners += actors(ctx, ctx.prep_objects(token, ("from",)))  # "brought together X from"
        gathered = [p for p in partners if p not in mediators and p not in ctx.memory.mediators]
        if len(gathered) > _MAX_LISTED:
            return
        _remember(ctx, gathered)
        yield from _pairs(gathered, token, place, tuple(gathered))
        return
    if partners:
        for h in holders:
            for p in partners:
                if h != p:
                    yield Found(h, "holdsTalksWith", p, token, event_class="Talks", place=place)
        return
    if len(holders) > _MAX_LISTED:
        return  # a long list of attendees mixes mediators, hosts and sides: no pairs
    if len(holders) >= 2:
        _remember(ctx, holders)
        yield from _pairs(holders, token, place, ())
        return
    if frame.trigger.pos != "NOUN":
        return
    if not holders and definite(token) and len(ctx.memory.last_pair) == 2:
        a, b = ctx.memory.last_pair  # "the negotiations": the sides the article is about
        yield Found(a, "holdsTalksWith", b, token, event_class="Talks", place=place, confidence=0.5)
        return
    if len(holders) == 1 and token.dep_ == "pobj":
        # "X accepted a proposal from Y for talks": the talks' other party is Y.
        verb = _clause_head(token)
        others = actors(ctx, ctx.prep_objects(verb, ("from", "with")))
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            others += actors(ctx, ctx.prep_objects(obj, ("from",)))
        for o in dict.fromkeys(others):
            if o != holders[0]:
                yield Found(
                    holders[0], "holdsTalksWith", o, token, event_class="Talks", place=place
                )


def _names_an_act(lex: Lexicon, noun: Token) -> bool:
    """The noun is a frame's own trigger noun ('withdrawal', 'deployment', 'attack')."""
    index = lex.frame_index()
    sets = index.get(noun.lower_, ()) + index.get(lemma_of(noun), ())
    return any(frame_set.pos == "NOUN" for frame_set in sets)


def _pairs(parties: list[str], token: Token, place: str | None, event_parties: tuple[str, ...]):
    for a, b in combinations(dict.fromkeys(parties), 2):
        yield Found(
            a,
            "holdsTalksWith",
            b,
            token,
            event_class="Talks",
            place=place,
            event_parties=event_parties,
        )


def _clause_head(token: Token) -> Token:
    while token.pos_ not in ("VERB", "AUX") and token.head != token:
        token = token.head
    return token


def _under_mediation(lex: Lexicon, noun: Token) -> bool:
    """'X, acting as intermediaries during the talks': X is not a party to the talks."""
    node = noun
    verb = _clause_head(noun)
    for _ in range(6):
        if lemma_of(node) in lex["mediateNoun"] or (
            node.pos_ == "VERB" and lemma_of(node) in lex["mediateVerb"]
        ):
            return True
        if node == verb or node.head == node:
            break
        node = node.head
    return lemma_of(verb) in lex["mediateVerb"] or lemma_of(verb) in lex["hostVerb"]


# --- signedAgreementWith -------------------------------------------------------------------


def _signed(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    verb = frame.token
    doc_obj = frame.thing
    agreed = lemma_of(verb) in lex["agreeVerb"]
    if doc_obj is None or lemma_of(doc_obj) not in lex["agreementNoun"]:
        doc_obj = _of_object(lex, doc_obj, "agreementNoun")
    if doc_obj is None and (
        not agreed or not any(c.dep_ in ("xcomp", "ccomp") for c in verb.children)
    ):
        return  # without a document only "A and B agreed to restore ties" is an agreement
    signers = actors(ctx, frame.agents)
    partners = actors(ctx, frame.partners)
    if frame.passive and doc_obj is not None and doc_obj is frame.thing:
        signers = actors(ctx, frame.agents)  # "the pact was signed by A and B"
    parties = signers + [p for p in partners if p not in signers]
    parties += [p for p in frame.parties if p not in parties and p in actors(ctx, [p])]
    signatories = [p for p in dict.fromkeys(parties) if p not in mediators or p in signers]
    # "X, President of A, and Y, head of B, signed": A and B signed, and so did X and Y
    parties = list(dict.fromkeys(ctx.represented(p) for p in signatories))
    event = event_class(lex, doc_obj) or "Agreement"
    if agreed and event == "CeasefireAgreement":
        # agreeing to a truce is agreedToCeasefire, not a signing
        for a, b in combinations(parties, 2):
            yield Found(a, "agreedToCeasefire", b, verb, event_class=event)
        return
    if agreed and doc_obj is None and len(signers) < 2:
        return
    separate = doc_obj is not None and any(
        c.lower_ in lex["separateMarker"] for c in doc_obj.children if c.dep_ == "amod"
    )
    pairs = [
        (a, b)
        for a, b in combinations(parties, 2)
        if not (separate and a in signers and b in signers)
    ]
    if len(parties) >= 2 and not separate:
        _remember(ctx, parties)
    if parties != signatories:
        pairs += [
            (a, b)
            for a, b in combinations(signatories, 2)
            if not (separate and a in signers and b in signers) and (a, b) not in pairs
        ]
    sign_polarity = polarity(verb)
    for a, b in pairs:
        yield Found(a, "signedAgreementWith", b, verb, event_class=event, polarity=sign_polarity)
        if event == "CeasefireAgreement":
            yield Found(a, "agreedToCeasefire", b, verb, event_class=event)


def _of_object(lex: Lexicon, noun: Token | None, word_set: str) -> Token | None:
    """The noun of `word_set` inside the noun's of-phrase: the agreement of 'the first phase
    of a ceasefire deal', the troops of 'the withdrawal of some forces'."""
    if noun is None:
        return None
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if lemma_of(pobj) in lex[word_set]:
                return pobj
    return None


# --- attacked ------------------------------------------------------------------------------


def _attacked(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """Nominal attacks: 'X's strikes on Y', 'X launched an attack on Y', 'US strikes on Y'."""
    if frame.trigger.attrs.mutual:
        yield from _fought(ctx, frame)
        return
    token = frame.token
    if _figurative(lex, token):
        return  # "a verbal attack", "a diplomatic offensive"
    if frame.trigger.pos in ("VERB", "ADJ"):
        yield from _attacked_verb(ctx, lex, frame)
        return
    if judged_not_done(lex, token):
        return  # "X condemned the attack on Y"
    attackers = actors(ctx, frame.agents) or clause_attackers(ctx, token)
    attackers = attackers or responsibility_claimers(ctx, lex, token)
    hit_by, hit = under_attack(ctx, token)  # "Y came under attack from X"
    if hit_by and hit:
        for a in hit_by:
            for t in hit:
                yield Found(a, "attacked", t, token, polarity=polarity(_clause_head(token)))
        return
    aimed_at = of_targets(ctx, lex, token)  # "X's invasion of Y"
    attackers = [a for a in attackers if a not in aimed_at]
    anchor = token.head if token.dep_ == "conj" else token  # "an air and ground offensive on X"
    targets = ctx.prep_objects(token, ("on", "against", "at"))
    targets = targets or ctx.prep_objects(anchor, ("on", "against", "at"))
    if not targets:  # "an attack on a base of the X troops"
        for prep in (
            c for c in token.children if c.dep_ == "prep" and c.lower_ in ("on", "against")
        ):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                targets += actors(ctx, ctx.entities_within(pobj))
    # "the Damascus attack": a place among the modifiers is what was attacked
    targets += [k for k in frame.agents if ctx.cls(k) in PLACE_CLASSES and k not in attackers]
    targets += aimed_at
    if not targets:  # "an attack on a village in Y"
        targets = noun_target_places(ctx, token)
    targets = [t for t in dict.fromkeys(targets) if t not in attackers]
    if not attackers or not targets:
        return
    sign = polarity(_clause_head(token))
    for a in attackers:
        for t in targets:
            yield Found(a, "attacked", t, token, polarity=sign)


def _figurative(lex: Lexicon, noun: Token) -> bool:
    return any(c.lower_ in lex["figurativeMarker"] for c in noun.children if c.dep_ == "amod")


def _attacked_verb(ctx: SentenceContext, lex: Lexicon, frame: Frame) -> Iterator[Found]:
    """'X shelled Y', 'Y was attacked by X', 'Russian aircraft bombed Y' (the aircraft's state)."""
    token = frame.token
    if token.dep_ == "amod" and frame.trigger.pos == "VERB":
        return  # "the shelled town": a participle used as an adjective
    if any(_figurative(lex, c) for c in token.children if c.dep_ == "dobj"):
        return  # "launched a verbal attack at X"
    if frame.passive:
        attackers = actors(ctx, frame.agents)
        targets = ctx.entities(frame.thing) if frame.thing is not None else []
        if not targets and frame.thing is not None:
            targets = actors(ctx, ctx.entities_within(frame.thing))
    else:
        attackers = actors(ctx, frame.agents)
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if not attackers and subject is not None:
            attackers = actors(ctx, ctx.modifier_entities(subject))
        targets = ctx.objects(token) or ctx.prep_objects(token, ("on", "against", "at"))
        if not targets:  # "shelled a camp of the X militia": the actor inside the object
            for obj in (c for c in token.children if c.dep_ == "dobj"):
                targets += actors(ctx, ctx.entities_within(obj))
        if not targets:  # "fired shells at targets in Y": the place that was hit
            targets = verb_target_places(ctx, token)
    sign = polarity(token)
    for a in attackers:
        for t in dict.fromkeys(targets):
            if t != a:
                yield Found(a, "attacked", t, token, polarity=sign)


def _fought(ctx: SentenceContext, frame: Frame) -> Iterator[Found]:
    """Fighting is mutual: 'clashes between A and B', 'A and B clashed', 'A fought B',
    'X's war with Y', 'pitting A against B'."""
    token = frame.token
    parties = actors(ctx, frame.parties)
    if len(parties) == 1:  # "the war between X and Y has ..." misparsed
        parties += [k for k in split_between(ctx, token) if k not in parties]
    if len(parties) < 2:  # "fighting between Armenians and Azerbaijanis"
        parties += [k for k in demonym_sides(ctx, token) if k not in parties]
    pairs: list[tuple[str, str]] = []
    if len(parties) >= 2:
        pairs = list(combinations(parties, 2))
    else:
        sides = actors(ctx, frame.agents)
        foes = actors(ctx, frame.partners + ctx.prep_objects(token, ("with", "against")))
        if frame.trigger.pos == "VERB":
            objects = actors(ctx, ctx.objects(token))
            if objects and ctx.prep_objects(token, ("against",)):
                sides = objects  # "pitting A against B"
                foes = actors(ctx, ctx.prep_objects(token, ("against",)))
        elif not sides and foes:
            # "X retook the village after fierce fighting with guerrillas"
            sides = actors(ctx, ctx.subjects(_clause_head(token)))[:1]
            sides = sides or side_of_following_fight(ctx, token)
        foes = [f for f in dict.fromkeys(foes) if f not in sides]
        if sides and foes:
            pairs = [(a, b) for a in sides for b in foes[:1] if a != b]
        elif frame.trigger.pos == "VERB":
            pairs = list(combinations(sides, 2))
        else:  # "fighting broke out as X launched an offensive against Y"
            pairs = sides_of_sparking_clause(ctx, token)
    for a, b in dict.fromkeys(pairs):
        yield Found(a, "attacked", b, token)
        yield Found(b, "attacked", a, token)


# --- deployedIn and controls ----------------------------------------------------------------

_FORCES = frozenset({"MilitaryForce", "PeacekeepingForce", "ArmedGroup"})
_STATES = frozenset({"Country", "Government"})
# Who deploys named troops: states, and blocs that send forces ("SADC sent forces to Y").
_STATES_SENDING = _STATES | {"InternationalOrganization"}
_THERE = ("in", "to", "into", "inside", "at", "on")  # "a presence on Y soil"


def _deployed(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """'X deployed troops in Y', 'troops were sent to Y', 'the deployment of X to Y',
    'X had soldiers in Y'."""
    token = frame.token
    troops = frame.thing if frame.thing is not None and frame.thing is not token else None
    if troops is not None and lemma_of(troops) not in lex["troopNoun"]:
        troops = None
    if frame.trigger.pos == "NOUN":
        forces = frame.agents
    elif frame.passive:
        forces = ctx.entities(frame.thing) if frame.thing is not None else []
    else:
        forces = frame.agents
    places = ctx.places(token, _THERE) + (ctx.places(troops, _THERE) if troops is not None else [])
    if frame.trigger.pos == "VERB" and not frame.passive:
        places += entered_places(ctx, lex, token)  # "X troops entered Y"
    if frame.trigger.pos == "NOUN" and token.dep_ == "dobj":
        places += ctx.places(token.head, _THERE)  # "started the deployment of X to Y"
    if troops is not None:  # "sent a contingent of the X force to Y": that force deployed
        forces = forces + [k for k in ctx.entities(troops) if ctx.cls(k) in _FORCES]
    # "the deployment of X" implies troops; "X's forces in Y" names a state, not its force
    nominal_deployment = frame.trigger.pos == "NOUN" and lemma_of(token) not in lex["troopNoun"]
    for force in dict.fromkeys(forces):
        state = ctx.cls(force) in _STATES_SENDING
        if ctx.cls(force) not in _FORCES and not (
            state and (troops is not None or nominal_deployment)
        ):
            continue
        for place in dict.fromkeys(places):
            if place != force:
                yield Found(force, "deployedIn", place, token, polarity=polarity(token))


def _controls(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """'Y fell to X'; 'X seized Y'; 'X established control over Y'; 'X, in control of Y'."""
    token = frame.token
    if frame.trigger.pos == "VERB" and frame.trigger.attrs.agent_prep:
        holders = actors(ctx, frame.agents)  # "Y fell to X"
        territory = frame.themes
    elif frame.trigger.pos == "VERB":
        yield from control_verb(ctx, lex, frame)
        yield from taken_from(ctx, lex, frame)
        return
    elif frame.trigger.pos == "COMPOUND":
        holders = actors(ctx, frame.agents)  # "Houthi-held Hodeidah", "the M23-held town of Goma"
        territory = ctx.entities(token.head)
    else:
        holders = actors(ctx, frame.agents)
        if not holders and token.dep_ == "pobj" and token.head.lower_ == "in":
            governor = token.head.head  # "the RSF, already in control of the capital"
            holders = actors(
                ctx,
                ctx.subjects(governor)
                if governor.pos_ in ("VERB", "AUX")
                else ctx.entities(governor),
            )
        territory = ctx.prep_objects(token, ("of", "over"))
        if not territory and token.dep_ == "dobj":  # "established control" + "over Y" on the verb
            territory = ctx.prep_objects(token.head, ("over",))
    yield from holdings(ctx, holders, territory, token)


def _withdrew(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """'the withdrawal of X forces from Y': a force's withdrawal, the place it leaves."""
    token = frame.token
    if frame.trigger.pos != "NOUN":
        return  # verbs of withdrawal: the commitment rule (agreed, announced or narrated)
    forces = [k for k in frame.agents if ctx.cls(k) in _FORCES]
    troops = _of_object(lex, token, "troopNoun")
    if not forces and troops is not None:
        forces = _states_withdrawing(ctx, lex, frame, troops)
    place = first(
        ctx.places(token, ("from", "of", "out"))
        + (ctx.places(troops, ("from", "out")) if troops is not None else [])
    )
    for force in dict.fromkeys(forces):
        yield Found(
            force,
            "agreedToWithdraw",
            None,
            token,
            event_class="Withdrawal",
            event_parties=(force,),
            place=place,
        )


def _states_withdrawing(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, troops: Token
) -> list[str]:
    """'X began / sped up the withdrawal of troops from Y': a state that carries out the
    withdrawal of troops no one else is named for (not 'X welcomed the withdrawal', not
    'X began the withdrawal of Z's troops') withdraws them."""
    noun = frame.token
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB":
        return []
    if lemma_of(verb) not in lex["conductVerb"] and phrasal(verb) not in lex["conductVerb"]:
        return []
    states = [k for k in ctx.subjects(verb) if ctx.cls(k) in _STATES]
    places = ctx.places(troops, ("from", "out"))  # "troops from Y": where they leave
    owners = [k for k in actors(ctx, ctx.entities_within(troops)) if k not in places]
    return states if all(o in states for o in owners) else []


def _supported(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """'X backs Y', 'Y is backed by X', 'Backed by X, Y launched ...', 'X-backed Y'; a third
    party's report that X backs Y is that party's accusation of X."""
    token = frame.token
    backers = actors(ctx, frame.agents)
    if frame.trigger.pos == "COMPOUND":
        backed = actors(ctx, ctx.entities(token.head))
    elif frame.passive:
        backed = actors(ctx, ctx.entities(frame.thing)) if frame.thing is not None else []
        if not backed and token.dep_ == "advcl":
            backed = actors(ctx, ctx.subjects(token.head))  # "Backed by X, Y launched"
    else:
        objects = [c for c in token.children if c.dep_ == "dobj"]
        objects += [
            p
            for o in objects
            for prep in o.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for p in prep.children
        ]  # "sent hundreds of troops"
        if any(lemma_of(c) in lex["troopNoun"] for c in objects):
            return  # "sent troops": a deployment, not support for the troops
        backed = actors(ctx, frame.partners)
    accuser = next((k for k in reporters(ctx, token) if k not in backers + backed), None)
    sign = polarity(token)
    for b in backers:
        if accuser is not None:
            yield Found(accuser, "accused", b, token, polarity=sign)
            continue
        for o in backed:
            if b != o:
                yield Found(b, "supports", o, token, polarity=sign)


def _accused(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """'X accused / blamed Y': directed from the accuser to the accused; 'Y was accused by X',
    'X's accusation that Y ...', 'X blamed the attack on Y' (kgraph.extract.conflict)."""
    if frame.trigger.pos == "NOUN":
        yield from accused_noun(ctx, frame)
        return
    if frame.trigger.pos == "ADJ":
        yield from accused_responsible(ctx, lex, frame)
        return
    if frame.trigger.pos != "VERB":
        return
    if frame.passive:
        yield from accused_passive(ctx, frame)
        return
    accusers = actors(ctx, frame.agents)
    accused = actors(ctx, ctx.objects(frame.token)) or named_dative(ctx, frame.token)
    accused = accused or blamed_on(ctx, frame)
    accused = [k for k in accused if k not in accusers]
    for a in accusers:
        for o in accused:
            yield Found(a, "accused", o, frame.token, polarity=polarity(frame.token))


def _ceasefire(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """'a truce between A and B', 'the ceasefire agreement between A and B', 'X's ceasefire
    with Y': every pair of its sides agreed to it (a proposed or demanded truce is not)."""
    token = frame.token
    if frame.trigger.pos != "NOUN" or commitment_status(lex, token) == "blocked":
        return
    parties = actors(ctx, frame.parties)
    if len(parties) < 2:
        sides = actors(ctx, frame.agents)
        others = [p for p in actors(ctx, frame.partners) if p not in sides]
        parties = sides[:1] + others[:1] if sides and others else []
    if not parties and not frame.agents and token.dep_ in ("nsubj", "nsubjpass"):
        # "A UN-backed truce halted the fighting": the truce of the article's two sides
        parties = list(ctx.memory.last_pair)
    parties = [p for p in parties if p not in mediators]
    if len(parties) < 2:
        return
    _remember(ctx, parties)
    noun = token.head if token.dep_ == "compound" else token  # "the ceasefire agreement"
    event = event_class(lex, noun)
    for a, b in combinations(parties, 2):
        yield Found(
            a,
            "agreedToCeasefire",
            b,
            noun,
            event_class=event or "CeasefireAgreement",
            event_parties=tuple(parties),
        )


def _operation_noun(
    ctx: SentenceContext, lex: Lexicon, frame: Frame, mediators: set[str]
) -> Iterator[Found]:
    """'X's operation against Y', 'the army said its campaign against Y would go on': an
    operation named without a launch verb, with its owner and its target."""
    token = frame.token
    if frame.trigger.pos != "NOUN" or _figurative(lex, token):
        return
    owners = actors(ctx, frame.agents)
    targets = [t for t in ctx.prep_objects(token, ("against",)) if t not in owners]
    place = first(ctx.places(token))
    sign = polarity(_clause_head(token))
    for owner in owners:
        for target in dict.fromkeys(targets):
            yield Found(
                owner,
                "launchedOperationAgainst",
                target,
                token,
                place=place,
                event_class="MilitaryOperation",
                polarity=sign,
            )


_CONVENTIONS = {
    "operation": operation,
    "commitment": commitment,
    "denies": denies,
    "deniesPresence": no_presence,
    "agreedToCeasefire": _ceasefire,
    "accused": _accused,
    "supports": _supported,
    "agreedToWithdraw": _withdrew,
    "deployedIn": _deployed,
    "controls": _controls,
    "mediated": _mediated,
    "holdsTalksWith": _talks,
    "signedAgreementWith": _signed,
    "attacked": _attacked,
    "launchedOperationAgainst": _operation_noun,
}
_OWN_MODALITY = frozenset({"commitment"})
