"""Relations and events from the dependency parse, driven by the trigger lexicon.

Each rule reads one construction (active or passive verb, nominal "talks between X and Y",
"X-brokered", control verbs such as "agreed to disband") and yields `Found` records; the
caller attaches attribution, time, place and evidence. Rules never look at particular names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from spacy.tokens import Span, Token

from kgraph.extract.lexicon import Lexicon
from kgraph.extract.mentions import ACTOR_CLASSES, tokens_of

_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "them"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_PLACE = frozenset({"City", "Region", "Country"})


@dataclass
class Found:
    subject: str
    predicate: str
    object: str | None  # entity key; None = an event node of `event_class`
    trigger: Token
    event_class: str | None = None
    event_parties: tuple[str, ...] = ()
    place: str | None = None
    polarity: str = "positive"
    confidence: float = 0.7
    extra_tokens: list[Token] = field(default_factory=list)


@dataclass
class ArticleMemory:
    """What earlier sentences established: the last pair of opposing or negotiating sides,
    so "the two sides" or "the talks" can be read later in the article."""

    last_pair: list[str] = field(default_factory=list)


def _lexicon() -> Lexicon:
    from kgraph.extract.lexicon import load_lexicon

    return load_lexicon()


def _side_nouns() -> frozenset[str]:
    return _lexicon()["sidesNoun"]


class SentenceContext:
    """Entity lookups for one sentence, with pronoun and relative-clause resolution."""

    def __init__(
        self,
        sent: Span,
        token_entity: dict[int, str],
        classes: dict[str, str],
        previous_subjects: list[str],
        memory: ArticleMemory | None = None,
    ):
        self.sent = sent
        self.token_entity = token_entity
        self.classes = classes
        self.previous_subjects = previous_subjects
        self.memory = memory or ArticleMemory()

    @cached_property
    def tokens(self) -> list[Token]:
        """The sentence's tokens from the doc's shared list (iterating a Span builds new ones)."""
        return tokens_of(self.sent.doc)[self.sent.start : self.sent.end]

    def cls(self, key: str) -> str:
        return self.classes.get(key, "")

    def entity(self, token: Token) -> str | None:
        return self.token_entity.get(token.i)

    def entities(self, token: Token | None, *, follow_of: bool = True) -> list[str]:
        """Entities named by the phrase headed by `token`, with its conjuncts."""
        if token is None:
            return []
        if token.tag_ == "NNS" and follow_of:
            # "the governments of Armenia and Azerbaijan": one per country named
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if pobj.conjuncts:
                        found = self.entities(pobj)
                        if len(found) > 1:
                            return found
        out: list[str] = []
        members = [token, *token.conjuncts]
        # "A, B and C" is often parsed as A with an apposition B that has conjunct C; an
        # apposition that is itself a name is another member of the list.
        for t in list(members):
            for child in t.children:
                if child.dep_ != "appos":
                    continue
                if self.entity(child) and self.entity(child) != self.entity(t):
                    members += [child, *child.conjuncts]
                else:
                    # "A, President of X, and B, head of Y": B hangs off the apposition
                    members += [c for c in child.conjuncts if self.entity(c)]
        for t in members:
            for key in self._entities_one(t, follow_of, depth=0):
                if key not in out:
                    out.append(key)
        return out

    def _entities_one(self, token: Token, follow_of: bool, depth: int) -> list[str]:
        key = self.entity(token)
        if key:
            return [key]
        lower = token.lower_
        if lower in _RELATIVE and token.head.dep_ in ("relcl", "acl"):
            return self._entities_one(token.head.head, follow_of, depth + 1) if depth < 3 else []
        if lower in _PRONOUNS:
            return self.resolve_pronoun(token)
        if (
            lower in _side_nouns()
            and token.tag_ == "NNS"
            and any(c.lower_ in ("two", "both", "warring", "the") for c in token.children)
        ):
            return list(self.memory.last_pair)  # "the parties resumed negotiations"
        if depth >= 3:
            return []
        if follow_of:
            # "the command of the Russian contingent", "delegations from Ukraine and Russia"
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found = self.entities(pobj, follow_of=True)
                            if found:
                                return found
            for child in token.children:
                if child.dep_ == "poss":
                    found = self._entities_one(child, follow_of, depth + 1)
                    if found:
                        return found
        # "the RSF paramilitary group": a name modifying a generic head.
        for child in token.children:
            if child.dep_ in ("compound", "nmod", "appos", "amod") and self.entity(child):
                return [self.entity(child)]  # "the RSF group", "Moroccan diplomats"
        return []

    def resolve_pronoun(self, token: Token) -> list[str]:
        # "X said it has ...": the pronoun is the speaker of the governing clause.
        verb = token.head
        while verb.dep_ in ("ccomp", "xcomp", "conj", "advcl") and verb.head != verb:
            verb = verb.head
            subjects = [c for c in verb.children if c.dep_ in _SUBJ and c.lower_ not in _PRONOUNS]
            if subjects:
                return self.subjects_of_token(subjects[0])
        return (
            list(self.previous_subjects[:1]) if token.lower_ in ("it", "they", "he", "she") else []
        )

    def subjects_of_token(self, subj: Token) -> list[str]:
        found = self.entities(subj)
        # "Separatists in Region and Country announced": a country coordinated inside the
        # place phrase of an actor subject is a co-subject.
        for child in subj.children:
            if child.dep_ == "prep" and child.lower_ == "in":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and self.cls(self.entity(pobj) or "") in (
                        "Region",
                        "City",
                    ):
                        for conj in pobj.conjuncts:
                            key = self.entity(conj)
                            if key and self.cls(key) == "Country" and key not in found:
                                found.append(key)
        return found

    def subjects(self, verb: Token, *, controlled: bool = False) -> list[str]:
        """Agents of a verb: its subject, or the agent of a passive, or the controller's subject."""
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return self.entities(pobj)
        for child in verb.children:
            if child.dep_ == "nsubj" or (controlled and child.dep_ == "nsubjpass"):
                # "X is expected to meet": a raising verb's passive subject is the actor.
                return self.subjects_of_token(child)
        if verb.dep_ == "xcomp" and verb.head != verb:
            # "invited A and B to participate": the object controls the complement.
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None and self.entities(obj):
                return self.entities(obj)
            return self.subjects(verb.head, controlled=True)
        if verb.dep_ in ("conj", "advcl") and verb.head != verb:
            return self.subjects(verb.head)
        if verb.dep_ in ("acl", "relcl") and verb.tag_ != "VBN":
            return self.entities(verb.head)
        return []

    def passive_subject(self, verb: Token) -> list[str]:
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return self.entities(child)
        if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
            return self.entities(verb.head)
        return []

    def prep_objects(self, token: Token, preps: tuple[str, ...]) -> list[str]:
        out: list[str] = []
        for child in token.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out.extend(k for k in self.entities(pobj) if k not in out)
        return out

    def objects(self, verb: Token) -> list[str]:
        out: list[str] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "attr", "oprd"):
                out.extend(self.entities(child))
                if not out:
                    out.extend(self.modifier_entities(child))
        return out

    def represented(self, key: str) -> str:
        """The organisation a person speaks for, when an apposition says so
        ('X, President of Colombia' -> Colombia; 'Y, head of the group Z' -> Z)."""
        if self.cls(key) != "Person":
            return key
        for token in self.sent:
            if self.entity(token) != key:
                continue
            for appos in (c for c in token.children if c.dep_ == "appos"):
                for prep in (c for c in appos.children if c.dep_ == "prep" and c.lower_ == "of"):
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        found = [
                            k
                            for k in self.entities(pobj)
                            if self.cls(k) in ACTOR_CLASSES and self.cls(k) != "Person"
                        ]
                        if found:
                            return found[0]
        return key

    def modifier_entities(self, token: Token) -> list[str]:
        """Entities among a noun's left modifiers ('a Russian helicopter' -> Russia)."""
        out: list[str] = []
        for child in token.lefts:
            if child.dep_ in ("amod", "compound", "nmod", "poss"):
                for t in child.subtree:
                    key = self.entity(t)
                    if key and key not in out:
                        out.append(key)
        return out

    def entities_within(self, token: Token) -> list[str]:
        """Entities mentioned anywhere inside a phrase ('a Russian helicopter' -> Russia)."""
        out: list[str] = []
        for t in token.subtree:
            key = self.entity(t)
            if key and key not in out:
                out.append(key)
        return out

    def places(self, token: Token, preps=("in", "at", "to", "into", "inside", "near")) -> list[str]:
        return [k for k in self.prep_objects(token, preps) if self.cls(k) in _PLACE]


def actors(ctx: SentenceContext, keys: list[str]) -> list[str]:
    return [k for k in keys if ctx.cls(k) in ACTOR_CLASSES]


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _phrasal(token: Token) -> str:
    """'pull out', 'lay down': the verb with its particle."""
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    return f"{_lemma(token)} {particle}" if particle else _lemma(token)


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    return any(
        c.dep_ in ("dobj", "nsubj", "nsubjpass")
        and any(d.dep_ == "det" and d.lower_ in ("no",) for d in c.children)
        for c in token.children
    )


def _clause_verb(token: Token) -> Token:
    while token.pos_ not in ("VERB", "AUX") and token.head != token:
        token = token.head
    return token


def extract_sentence(ctx: SentenceContext, lex: Lexicon) -> Iterator[Found]:
    for token in ctx.tokens:
        lemma = _lemma(token)
        if token.pos_ in ("VERB", "AUX"):
            yield from _verb_rules(ctx, lex, token, lemma)
        if token.pos_ in ("NOUN", "PROPN", "VERB"):
            yield from _noun_rules(ctx, lex, token, lemma)
        if token.lower_ in lex["mediateCompound"] and _compound_use(token):
            yield from _mediated_compound(ctx, lex, token)  # "Washington-mediated talks"
    yield from _located_in(ctx, lex)


# --- verbs ---------------------------------------------------------------------------------


def _verb_rules(ctx: SentenceContext, lex: Lexicon, verb: Token, lemma: str) -> Iterator[Found]:
    phrase = _phrasal(verb)
    if lemma in lex["mediateVerb"] and not _compound_use(verb):
        yield from _mediated_verb(ctx, lex, verb)
    if lemma in lex["talksVerb"]:
        yield from _talks_verb(ctx, verb)
    if lemma in lex["fightVerb"]:
        # "A and B clashed" or "A has been fighting B": mutual attacks
        sides = actors(ctx, ctx.subjects(verb))
        foes = actors(ctx, ctx.objects(verb) + ctx.prep_objects(verb, ("with", "against")))
        pairs = (
            [(a, b) for a in sides for b in foes if a != b]
            if foes
            else list(combinations(sides, 2))
        )
        for a, b in pairs:
            yield Found(a, "attacked", b, verb)
            yield Found(b, "attacked", a, verb)
    if lemma in lex["attackVerb"] and verb.dep_ != "amod":
        yield from _attack_verb(ctx, lex, verb)
    if lemma in lex["launchVerb"]:
        yield from _operation(ctx, lex, verb)
    if lemma in lex["signVerb"]:
        yield from _signed(ctx, lex, verb)
    if lemma in lex["deployVerb"]:
        yield from _deployed(ctx, verb)
    if lemma in lex["controlVerb"]:
        yield from _controls(ctx, lex, verb)
    if lemma in lex["accuseVerb"]:
        for s in actors(ctx, ctx.subjects(verb)):
            for o in actors(ctx, ctx.objects(verb)):
                if o != s:
                    yield Found(s, "accused", o, verb, polarity=_polarity(verb))
    if lemma in lex["supportVerb"]:
        yield from _supports(ctx, verb)
    if lemma in lex["denyVerb"]:
        yield from _denies(ctx, lex, verb)
    if lemma == "have" or lemma == "deploy" or lemma == "station":
        yield from _no_presence(ctx, lex, verb)
    # Commitments: ceasefire, disband, withdraw.
    if lemma in lex["ceasefireVerb"] and any(
        _lemma(c) in lex["fightNoun"] or c.lower_ in lex["fightNoun"]
        for c in verb.children
        if c.dep_ == "dobj"
    ):
        yield from _commitment(ctx, lex, verb, "agreedToCeasefire", "CeasefireAgreement")
    if phrase in lex["disbandVerb"] or (lemma == "lay" and "down" in phrase):
        yield from _commitment(ctx, lex, verb, "agreedToDisband", "Disbandment")
    withdraw = phrase in lex["withdrawVerb"] or lemma in lex["withdrawVerb"]
    if withdraw and not any(c.dep_ == "auxpass" for c in verb.children):
        yield from _commitment(ctx, lex, verb, "agreedToWithdraw", "Withdrawal")
    if lemma in lex["commitVerb"]:
        # "agreed to a truce", "abide by the ceasefire", "agreed to extend the truce"
        extended = [
            g for c in verb.children if c.dep_ == "xcomp" for g in c.children if g.dep_ == "dobj"
        ]
        for child in [*verb.children, *extended]:
            if child.dep_ in ("dobj", "pobj", "prep"):
                targets = (
                    [child]
                    if child.dep_ == "dobj"
                    else [p for p in child.children if p.dep_ == "pobj"]
                )
                for target in targets:
                    if (
                        _lemma(target) in lex["ceasefireNoun"]
                        or target.lower_ in lex["ceasefireNoun"]
                    ):
                        yield from _commitment(
                            ctx,
                            lex,
                            verb,
                            "agreedToCeasefire",
                            "CeasefireAgreement",
                            self_commit=True,
                            trigger=target,
                        )


def _compound_use(verb: Token) -> bool:
    return verb.i > 0 and verb.doc[verb.i - 1].text == "-"


def _polarity(verb: Token) -> str:
    """'negative' when negated, or when a denial governs it ("rejected claims that X attacked")."""
    if _negated(verb):
        return "negative"
    deny = _lexicon()["denyVerb"]
    node = verb
    for _ in range(4):
        if node.head == node or node.dep_ in ("conj", "parataxis"):
            break  # "denied X and accused Y": a coordinated clause is not under the denial
        node = node.head
        if node.pos_ == "VERB" and _lemma(node) in deny:
            return "negative"
    return "positive"


def _between(ctx: SentenceContext, token: Token) -> list[str]:
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and _refers_to_both_sides(pobj):
                    return list(ctx.memory.last_pair)
    parties = _between_named(ctx, token)
    if len(parties) >= 2:
        ctx.memory.last_pair = parties[:2]
    return parties


def _refers_to_both_sides(token: Token) -> bool:
    """'the two sides', 'both parties', 'the warring parties'."""
    if token.lower_ not in _side_nouns():
        return False
    return any(c.lower_ in ("two", "both", "warring", "the") for c in token.children)


def _between_named(ctx: SentenceContext, token: Token) -> list[str]:
    parties = actors(ctx, ctx.prep_objects(token, ("between",)))
    if len(parties) == 1:
        # "between representatives of A and B": 'between' needs two sides, so a conjunct
        # buried in the first side's of-phrase is the second side.
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "between":
                for t in prep.subtree:
                    if t.dep_ == "conj":
                        parties += [
                            k for k in actors(ctx, [ctx.entity(t) or ""]) if k not in parties
                        ]
    return parties


def _mediated_verb(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
    passive = any(c.dep_ in ("auxpass", "agent") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )
    mediators = ctx.prep_objects(verb, ("by",)) if passive else ctx.subjects(verb)
    mediators = actors(ctx, mediators)
    if not mediators:
        return
    thing = None
    if passive:
        thing = (
            verb.head
            if verb.dep_ == "acl"
            else next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        )
    else:
        thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
    parties = _between(ctx, verb) or (_between(ctx, thing) if thing is not None else [])
    if not parties and thing is not None:
        parties = [k for k in actors(ctx, ctx.entities_within(thing)) if k not in mediators]
    if not parties and thing is not None and _definite(thing) and _event_class(lex, thing):
        parties = [k for k in ctx.memory.last_pair if k not in mediators]
    event = _event_class(lex, thing)
    for m in mediators:
        if parties:
            for p in parties:
                if p != m:
                    yield Found(
                        m, "mediated", p, verb, event_class=event, event_parties=tuple(parties)
                    )
        else:
            yield Found(m, "mediated", None, verb, event_class=event or "Agreement")


def _event_class(lex: Lexicon, noun: Token | None) -> str | None:
    if noun is None:
        return None
    words = {noun.lower_, _lemma(noun)} | {c.lower_ for c in noun.children if c.dep_ == "compound"}
    if words & lex["ceasefireNoun"]:
        return "CeasefireAgreement"
    if words & lex["talksNoun"]:
        return "Talks"
    if words & lex["agreementNoun"]:
        return "Agreement"
    return None


def _talks_verb(ctx: SentenceContext, verb: Token) -> Iterator[Found]:
    subjects = actors(ctx, ctx.subjects(verb))
    others = actors(ctx, ctx.objects(verb) + ctx.prep_objects(verb, ("with",)))
    if others:
        for s in subjects:
            for o in others:
                if s != o:
                    yield Found(
                        s,
                        "holdsTalksWith",
                        o,
                        verb,
                        event_class="Talks",
                        place=_first(ctx.places(verb)),
                    )
    else:
        for a, b in combinations(subjects, 2):
            yield Found(
                a, "holdsTalksWith", b, verb, event_class="Talks", place=_first(ctx.places(verb))
            )


def _attack_verb(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if passive:
        attackers = actors(ctx, ctx.prep_objects(verb, ("by",)))
        targets = ctx.passive_subject(verb)
    else:
        attackers = actors(ctx, ctx.subjects(verb))
        if not attackers:  # "Russian aircraft killed ...": the attackers' country
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            attackers = actors(ctx, ctx.modifier_entities(subject)) if subject is not None else []
        targets = ctx.objects(verb) or ctx.prep_objects(verb, ("on", "against", "at"))
    for a in attackers:
        for t in targets:
            if t != a:
                yield Found(a, "attacked", t, verb, polarity=_polarity(verb))


def _operation(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
    """'X launched an operation against Y', 'an operation launched by X', 'X pressed its
    offensive into Y'."""
    if verb.dep_ == "acl" and (_lemma(verb.head) in lex["operationNoun"]):
        op = verb.head
        agents = actors(ctx, ctx.prep_objects(verb, ("by",)))
    else:
        op = next(
            (c for c in verb.children if c.dep_ == "dobj" and (_lemma(c) in lex["operationNoun"])),
            None,
        )
        agents = actors(ctx, ctx.subjects(verb))
    if op is None or not agents:
        return
    targets = ctx.prep_objects(op, ("against", "on")) + ctx.prep_objects(verb, ("against", "on"))
    place = _first(ctx.places(verb) + ctx.places(op))
    if _lemma(verb) in ("launch", "begin", "start", "mount", "open", "conduct"):
        if not targets:
            targets = _opponents(ctx, agents)
        for a in agents:
            if targets:
                for t in targets:
                    yield Found(
                        a,
                        "launchedOperationAgainst",
                        t,
                        verb,
                        place=place,
                        event_class="MilitaryOperation",
                        extra_tokens=[op],
                    )
            else:
                yield Found(
                    a,
                    "launchedOperationAgainst",
                    None,
                    verb,
                    place=place,
                    event_class="MilitaryOperation",
                    extra_tokens=[op],
                )
    else:
        targets = targets or ctx.prep_objects(verb, ("into", "in"))
        for a in agents:
            for t in targets:
                if t != a:
                    yield Found(a, "attacked", t, verb, place=place, extra_tokens=[op])


def _opponents(ctx: SentenceContext, agents: list[str]) -> list[str]:
    """Without an explicit target, the sentence's only non-state armed actor opposing the agent."""
    sides = {a for a in agents} | {ctx.classes.get("country:" + a, "") for a in agents}
    candidates = []
    for key in dict.fromkeys(ctx.token_entity.get(t.i) for t in ctx.tokens):
        if key and key not in sides and ctx.cls(key) == "ArmedGroup":
            candidates.append(key)
    return candidates if len(candidates) == 1 else []


def _signed(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
    doc_obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if doc_obj is None:  # "agreed upon a pact", "signed on to the deal"
        doc_obj = next(
            (
                p
                for prep in verb.children
                if prep.dep_ == "prep" and prep.lower_ in ("on", "upon", "to")
                for p in prep.children
                if p.dep_ == "pobj"
            ),
            None,
        )
    if doc_obj is None or _lemma(doc_obj) not in lex["agreementNoun"]:
        return
    parties = actors(ctx, ctx.subjects(verb)) + actors(ctx, ctx.prep_objects(verb, ("with",)))
    parties += [p for p in _between(ctx, doc_obj) if p not in parties]
    # Leaders sign for what they lead: "Santos, President of Colombia, and ... signed".
    parties = list(dict.fromkeys(ctx.represented(p) for p in parties))
    if len(parties) >= 2:
        ctx.memory.last_pair = parties[:2]
    event = _event_class(lex, doc_obj) or "Agreement"
    if _lemma(verb) == "agree" and event == "CeasefireAgreement":
        return  # agreeing to a truce is agreedToCeasefire (the commitment rule), not a signing
    for a, b in combinations(parties, 2):
        yield Found(a, "signedAgreementWith", b, verb, event_class=event, polarity=_polarity(verb))
        if event == "CeasefireAgreement":
            yield Found(a, "agreedToCeasefire", b, verb, event_class=event)


def _deployed(ctx: SentenceContext, verb: Token) -> Iterator[Found]:
    if verb.dep_ == "acl":
        forces = ctx.entities(verb.head)
    else:
        forces = ctx.subjects(verb) or ctx.passive_subject(verb)
    troops = next(
        (
            c
            for c in verb.children
            if c.dep_ == "dobj" and c.lemma_.lower() in _lexicon()["troopNoun"]
        ),
        None,
    )
    places = ctx.places(verb) + (ctx.places(troops) if troops is not None else [])
    for f in forces:
        # "Rwanda has deployed troops in X": a state deploying its forces
        if ctx.cls(f) in ("MilitaryForce", "PeacekeepingForce", "ArmedGroup") or (
            troops is not None and ctx.cls(f) in ("Country", "Government")
        ):
            for p in places:
                if p != f:
                    yield Found(f, "deployedIn", p, verb, polarity=_polarity(verb))


def _controls(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
    passive = (
        any(c.dep_ in ("auxpass", "agent") for c in verb.children)
        or verb.tag_ == "VBN"
        and verb.dep_ in ("acl", "relcl", "conj")
    )
    if passive:
        holders = actors(ctx, ctx.prep_objects(verb, ("by",)))
        territory = ctx.passive_subject(verb)
        if not territory and verb.dep_ == "conj":
            territory = ctx.passive_subject(verb.head)
        if not any(ctx.cls(t) in _PLACE for t in territory):
            # "a dispute over the territory that is policed by X": the nearest place
            anchor = verb.head if verb.dep_ == "conj" else verb
            if anchor.dep_ in ("relcl", "acl"):
                territory = [k for k in ctx.entities_within(anchor.head) if ctx.cls(k) in _PLACE][
                    :1
                ]
    else:
        holders = actors(ctx, ctx.subjects(verb))
        territory = ctx.objects(verb)
        # "took control of X"
        for child in verb.children:
            if child.dep_ == "dobj" and child.lower_ in lex["controlNoun"]:
                territory = ctx.prep_objects(child, ("of", "over"))
    for h in holders:
        for t in territory:
            if ctx.cls(t) in _PLACE and t != h:
                yield Found(h, "controls", t, verb, polarity=_polarity(verb))


def _supports(ctx: SentenceContext, verb: Token) -> Iterator[Found]:
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if passive:
        backers = actors(ctx, ctx.prep_objects(verb, ("by",)))
        backed = actors(ctx, ctx.passive_subject(verb))
    else:
        backers = actors(ctx, ctx.subjects(verb))
        backed = actors(ctx, ctx.objects(verb))
    # "Experts say the rebels are backed by X": a third party's allegation is an accusation.
    accuser = next((k for k in _reporters(ctx, verb) if k not in backers and k not in backed), None)
    for b in backers:
        if accuser is not None:
            yield Found(accuser, "accused", b, verb, polarity=_polarity(verb))
            continue
        for o in backed:
            if b != o:
                yield Found(b, "supports", o, verb, polarity=_polarity(verb))


def _reporters(ctx: SentenceContext, verb: Token) -> list[str]:
    """Subjects of the speech verb a clause is reported under."""
    node = verb
    for _ in range(4):
        if node.head == node:
            return []
        node = node.head
        if node.pos_ == "VERB" and _lemma(node) in _lexicon()["allegationVerb"]:
            subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
            return actors(ctx, ctx.entities(subject)) if subject is not None else []
    return []


def _denies(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
    speakers = actors(ctx, ctx.subjects(verb))
    if not speakers:
        return
    presence = [t for t in verb.subtree if t.lower_ in lex["presenceNoun"]]
    if presence:
        places = []
        for t in presence:
            places += [p for p in ctx.places(t) if p not in places]
            places += [p for p in ctx.places(t.head) if p not in places]
        for s in speakers:
            for p in places:
                yield Found(s, "deniesPresence", p, verb, polarity="negative")
        if places:
            return
    objects = [k for k in ctx.objects(verb) if k not in speakers]
    for s in speakers:
        if objects:
            for o in objects:
                yield Found(s, "denies", o, verb, polarity="negative")


def _no_presence(ctx: SentenceContext, lex: Lexicon, verb: Token) -> Iterator[Found]:
    """'X has said it has no troops deployed in Y': a denial of presence by X."""
    dobj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if dobj is None or dobj.lower_ not in lex["presenceNoun"]:
        return
    if not (_negated(verb) or any(d.lower_ == "no" for d in dobj.children if d.dep_ == "det")):
        return
    speaker_verb = verb.head if verb.dep_ == "ccomp" else None
    if speaker_verb is None or _lemma(speaker_verb) not in lex["speechVerb"]:
        return
    subjects = actors(ctx, ctx.subjects(verb)) or actors(ctx, ctx.subjects(speaker_verb))
    places = []
    for t in dobj.subtree:
        places += [p for p in ctx.places(t) if p not in places]
    for s in subjects:
        for p in places:
            yield Found(
                s, "deniesPresence", p, speaker_verb, polarity="negative", extra_tokens=[dobj]
            )


def _commitment(
    ctx: SentenceContext,
    lex: Lexicon,
    act: Token,
    predicate: str,
    event_class: str,
    *,
    self_commit: bool = False,
    trigger: Token | None = None,
) -> Iterator[Found]:
    """An act (cease hostilities, disband, withdraw) the subject committed to."""
    status = _commitment_status(lex, act)
    if status == "blocked" or (status == "none" and not self_commit):
        return
    if _negated(act):
        return
    subjects = actors(ctx, ctx.subjects(act))
    if not subjects and act.dep_ in ("acl", "relcl", "xcomp"):
        holder = act.head
        while holder.pos_ not in ("VERB", "AUX") and holder.head != holder:
            holder = holder.head
        subjects = actors(ctx, ctx.subjects(holder))
    if not subjects:
        return
    if len(subjects) > 1:  # leaders agreeing together agree for their sides
        subjects = list(dict.fromkeys(ctx.represented(k) for k in subjects))
    place = _first(ctx.places(act, ("from", "out", "of", "in")) + _out_of(ctx, act))
    if predicate == "agreedToCeasefire" and len(subjects) > 1:
        for a, b in combinations(subjects, 2):
            yield Found(
                a,
                predicate,
                b,
                trigger or act,
                event_class=event_class,
                event_parties=tuple(subjects),
            )
        return
    for s in subjects:
        yield Found(
            s,
            predicate,
            None,
            trigger or act,
            event_class=event_class,
            event_parties=(s,),
            place=place,
        )


def _out_of(ctx: SentenceContext, act: Token) -> list[str]:
    out = []
    for child in act.children:
        if child.dep_ == "prt" and child.lower_ == "out":
            for prep in child.children:
                out += [k for k in ctx.prep_objects(prep.head, ("of",)) if ctx.cls(k) in _PLACE]
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            out += [k for k in ctx.prep_objects(act, (child.lower_,)) if ctx.cls(k) in _PLACE]
    return out


def _commitment_status(lex: Lexicon, act: Token) -> str:
    """'commit' when the act is agreed or announced as what will happen; 'blocked' if refused
    or only proposed; 'none' if it is merely narrated."""
    node = act
    for _ in range(5):
        if node.head == node:
            break
        parent = node.head
        lemma = _lemma(parent)
        if parent.pos_ in ("VERB", "AUX"):
            if (lemma in lex["blockVerb"] or lemma in lex["denyVerb"]) and not _agreement_subject(
                lex, parent
            ):
                return "blocked"
            if lemma in lex["commitVerb"] or _agreement_subject(lex, parent):
                return "blocked" if _negated(parent) else "commit"
        elif lemma in lex["blockNoun"]:
            return "blocked"  # "guarantees that X would respect", "calls for X to leave"
        node = parent
    if any(c.lower_ in ("will", "would", "shall") for c in act.children if c.dep_ == "aux"):
        return "commit"  # "X said they would pull out"
    return "none"


def _agreement_subject(lex: Lexicon, verb: Token) -> bool:
    """'The agreement calls for X to withdraw': terms of an agreement commit its parties."""
    return any(c.dep_ == "nsubj" and _lemma(c) in lex["agreementNoun"] for c in verb.children)


# --- nouns ---------------------------------------------------------------------------------


def _noun_rules(ctx: SentenceContext, lex: Lexicon, noun: Token, lemma: str) -> Iterator[Found]:
    word = noun.lower_
    if noun.pos_ == "VERB" and word not in lex["fightNoun"]:
        return
    if word in lex["talksNoun"] or lemma in lex["talksNoun"]:
        yield from _talks_noun(ctx, lex, noun)
    if (
        (word in lex["fightNoun"] or lemma in lex["fightNoun"])
        and noun.pos_ != "VERB"
        or word == "fighting"
    ):
        parties = _between(ctx, noun)
        if not parties and noun.dep_ == "nsubj":
            parties = _between(ctx, noun.head)  # "clashes broke out between A and B"
        if not parties:
            # "X retook the village after fierce fighting with guerrillas"
            foes = actors(ctx, ctx.prep_objects(noun, ("with", "against")))
            holders = actors(ctx, ctx.subjects(_clause_verb(noun))) if foes else []
            parties = [h for h in holders if h not in foes][:1] + foes[:1] if holders else []
        for a, b in combinations(parties, 2):
            yield Found(a, "attacked", b, noun)
            yield Found(b, "attacked", a, noun)
    if word in lex["mediateNoun"] or lemma in lex["mediateNoun"]:
        yield from _mediation_noun(ctx, lex, noun)
    if lemma in lex["agreementNoun"] or word in lex["agreementNoun"]:
        event = _event_class(lex, noun)
        parties = _between(ctx, noun)
        for clause in (c for c in noun.children if c.dep_ in ("acl", "relcl")):
            parties = parties or _between(ctx, clause)  # "an agreement brokered between A and B"
        if (
            event == "CeasefireAgreement"
            and len(parties) >= 2
            and _commitment_status(lex, noun) != "blocked"  # "France proposed a ceasefire"
        ):
            for a, b in combinations(parties, 2):
                yield Found(
                    a, "agreedToCeasefire", b, noun, event_class=event, event_parties=tuple(parties)
                )


def _talks_noun(ctx: SentenceContext, lex: Lexicon, noun: Token) -> Iterator[Found]:
    place = _first(ctx.places(noun) + ctx.places(_clause_verb(noun)))
    parties = _between(ctx, noun)
    if len(parties) >= 2:
        for a, b in combinations(parties, 2):
            yield Found(
                a,
                "holdsTalksWith",
                b,
                noun,
                event_class="Talks",
                place=place,
                event_parties=tuple(parties),
            )
        return
    partners = actors(ctx, ctx.prep_objects(noun, ("with",)))
    if not partners:
        # "consultations with U.S. officials": the officials' country is the partner
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "with"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                partners = actors(ctx, ctx.modifier_entities(pobj))
    verb = _clause_verb(noun)
    holders = actors(ctx, ctx.subjects(verb)) if verb is not noun else []
    if _under_mediation(lex, noun, verb):
        holders = []  # "X, acting as intermediaries during the talks": X is not a party
    if partners:
        for h in holders:
            for p in partners:
                if h != p:
                    yield Found(h, "holdsTalksWith", p, noun, event_class="Talks", place=place)
        return
    if len(holders) >= 2:
        ctx.memory.last_pair = holders[:2]
        for a, b in combinations(holders, 2):
            yield Found(a, "holdsTalksWith", b, noun, event_class="Talks", place=place)
        return
    if not holders and _definite(noun) and len(ctx.memory.last_pair) == 2:
        # "the negotiations", "the peace talks": the sides the article is about
        a, b = ctx.memory.last_pair
        yield Found(a, "holdsTalksWith", b, noun, event_class="Talks", place=place, confidence=0.5)
        return
    # "X accepted a proposal from Y for talks": the talks' other party is the verb's other actor.
    if len(holders) == 1 and noun.dep_ == "pobj":
        others = [
            k
            for k in actors(ctx, ctx.prep_objects(verb, ("from", "with")))
            + actors(
                ctx,
                [
                    e
                    for c in verb.children
                    if c.dep_ == "dobj"
                    for e in ctx.prep_objects(c, ("from",))
                ],
            )
            if k != holders[0]
        ]
        for o in dict.fromkeys(others):
            yield Found(holders[0], "holdsTalksWith", o, noun, event_class="Talks", place=place)


def _definite(noun: Token) -> bool:
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "their", "these") for c in noun.children
    )


def _under_mediation(lex: Lexicon, noun: Token, verb: Token) -> bool:
    node = noun
    for _ in range(6):
        if _lemma(node) in lex["mediateNoun"] or (
            node.pos_ == "VERB" and _lemma(node) in lex["mediateVerb"]
        ):
            return True
        if node == verb or node.head == node:
            break
        node = node.head
    return _lemma(verb) in lex["mediateVerb"]


def _mediation_noun(ctx: SentenceContext, lex: Lexicon, noun: Token) -> Iterator[Found]:
    """'through the mediation of X'; 'X, acting as intermediaries'; 'mediator X'."""
    mediators = actors(ctx, ctx.prep_objects(noun, ("of", "by")))
    frame = noun.head if noun.dep_ == "compound" else noun  # "a mediation mission between"
    if not mediators and frame.dep_ in ("dobj", "nsubj") and frame.head.pos_ == "VERB":
        # "X launched a mediation effort", "X's mediation"
        mediators = actors(ctx, ctx.subjects(frame.head)) if frame.dep_ == "dobj" else []
    if not mediators:
        poss = next((c for c in frame.children if c.dep_ == "poss"), None)
        mediators = actors(ctx, ctx.entities(poss)) if poss is not None else []
    if not mediators and noun.dep_ == "pobj" and noun.head.lower_ == "as":
        acting = noun.head.head
        mediators = actors(ctx, ctx.subjects(acting))
        if not mediators and acting.dep_ in ("advcl", "acl"):
            mediators = actors(ctx, ctx.entities(acting.head) if acting.dep_ == "acl" else [])
    if not mediators:
        return
    parties = _between(ctx, noun) or (_between(ctx, frame) if frame is not noun else [])
    if not parties:
        speakers = set(_speakers_of(ctx, noun))
        parties = [
            k
            for k in actors(
                ctx,
                [
                    ctx.token_entity[t.i]
                    for t in ctx.tokens
                    if t.i in ctx.token_entity and not _inside_other(ctx, t)
                ],
            )
            if k not in mediators and k not in speakers
        ]
        parties = list(dict.fromkeys(parties))
    event = _sentence_event_class(ctx, lex)
    for m in mediators:
        if parties:
            for p in parties:
                yield Found(m, "mediated", p, noun, event_class=event, event_parties=tuple(parties))
        else:
            yield Found(m, "mediated", None, noun, event_class=event)


def _inside_other(ctx: SentenceContext, token: Token) -> bool:
    """A possessor or modifier inside another entity's mention ('Sudan' in "Sudan's army")."""
    return token.dep_ in ("poss", "compound", "amod", "nmod") and ctx.entity(token.head) not in (
        None,
        ctx.entity(token),
    )


def _sentence_event_class(ctx: SentenceContext, lex: Lexicon) -> str:
    """What a mediation produced, from the sentence's own nouns: a ceasefire, talks, a deal."""
    words = {t.lower_ for t in ctx.tokens} | {_lemma(t) for t in ctx.tokens}
    if words & lex["ceasefireNoun"]:
        return "CeasefireAgreement"
    if words & lex["agreementNoun"]:
        return "Agreement"
    if words & lex["talksNoun"]:
        return "Talks"
    return "Agreement"


def _mediated_compound(ctx: SentenceContext, lex: Lexicon, token: Token) -> Iterator[Found]:
    """'Washington-mediated negotiations', 'Qatar-brokered deal'."""
    mediator = ctx.entity(token.doc[token.i - 2]) if token.i >= 2 else None
    if mediator is None:
        return
    thing = token.head
    parties = _between(ctx, thing)
    if not parties:
        # "invited A and B to take part in X-mediated talks": the talks' participants
        verb = _clause_verb(thing)
        parties = [
            k
            for k in actors(ctx, ctx.objects(verb) or ctx.subjects(verb))
            if k != mediator and ctx.represented(k) != mediator
        ]
    event = _event_class(lex, thing) or "Agreement"
    for p in parties:
        yield Found(mediator, "mediated", p, token, event_class=event, event_parties=tuple(parties))
    if not parties:
        yield Found(mediator, "mediated", None, token, event_class=event)
    if event == "Talks" and len(parties) >= 2:
        for a, b in combinations(parties, 2):
            yield Found(a, "holdsTalksWith", b, token, event_class="Talks")


def _speakers_of(ctx: SentenceContext, token: Token) -> list[str]:
    root = token.sent.root
    return ctx.subjects(root) if root.pos_ in ("VERB", "AUX") else []


# --- places --------------------------------------------------------------------------------


def _located_in(ctx: SentenceContext, lex: Lexicon) -> Iterator[Found]:
    """Containment the text states: 'the Turkish city of Istanbul', 'Geneva, Switzerland',
    "Istanbul's Besiktas district", 'the territory inside Azerbaijan'."""
    sent = ctx.sent
    for token in ctx.tokens:
        key = ctx.entity(token)
        if key is None or ctx.cls(key) not in ("City", "Region"):
            continue
        if token.i + 1 < len(token.doc) and ctx.entity(token.doc[token.i + 1]) == key:
            continue  # only at the last token of the mention
        # "the <demonym> city of X" / "the <demonym> capital X"
        head = token.head
        container = None
        if head.dep_ == "pobj" or token.dep_ in ("pobj", "appos", "compound"):
            noun = head.head if token.dep_ == "pobj" and head.lower_ == "of" else head
            if noun.lower_ in lex["cityNoun"] | lex["regionNoun"] and ctx.entity(noun) in (
                None,
                key,
            ):
                for mod in noun.children:
                    k = ctx.entity(mod)
                    if k and k != key and ctx.cls(k) in ("Country", "Region"):
                        container = k
        # "Geneva, Switzerland": a place directly followed by ", Country".
        nxt = token.i + 1
        if container is None and nxt + 1 < sent.end and token.doc[nxt].text == ",":
            k = ctx.entity(token.doc[nxt + 1])
            after = token.doc[nxt + 1]
            end = after.i
            while end + 1 < sent.end and ctx.entity(token.doc[end + 1]) == k:
                end += 1
            follow = token.doc[end + 1].lower_ if end + 1 < sent.end else "."
            if (
                k
                and k != key
                and ctx.cls(k) in ("Country", "Region")
                and follow not in ("and", ",", "'s", "’s", "'")  # not "X, Ukraine's army said"
            ):
                container = k
        # "the Sri Lankan capital Colombo": a place noun modifying the name
        if container is None:
            for child in token.children:
                if child.dep_ in ("compound", "amod") and child.lower_ in (
                    lex["cityNoun"] | lex["regionNoun"]
                ):
                    for t in child.subtree:
                        k = ctx.entity(t)
                        if k and k != key and ctx.cls(k) in ("Country", "Region"):
                            container = k
        # "inside Azerbaijan"
        if container is None:
            for k in ctx.prep_objects(token, ("inside", "within")):
                if ctx.cls(k) in ("Country", "Region") and k != key:
                    container = k
        # "Istanbul's Besiktas district"
        if container is None:
            for child in token.children:
                k = ctx.entity(child)
                if child.dep_ == "poss" and k and k != key and ctx.cls(k) in _PLACE:
                    container = k
        if container is not None and not key.startswith("part:"):
            yield Found(key, "locatedIn", container, token, confidence=0.8)


def _first(items: list[str]) -> str | None:
    return items[0] if items else None
