"""Roles in a sentence: who is the subject, object, partner or party of a phrase.

`SentenceContext` maps tokens to the article's entities and follows the parse through
coordination, appositions, relative clauses, pronouns, control verbs and "the two sides";
the frame rules (kgraph.extract.frames, conventions, acts) ask it for roles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Span, Token

from kgraph.extract.lexicon import Lexicon
from kgraph.extract.mentions import ACTOR_CLASSES, tokens_of

_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "them"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})
_SUBJ = ("nsubj", "nsubjpass", "csubj")
PLACE_CLASSES = frozenset({"City", "Region", "Country"})
_STATES = frozenset({"Country", "Government"})
_MAX_GATHERED = 3


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
    """What earlier sentences established: the pairs of opposing or negotiating sides, so
    "the two sides" or "the talks" can be read later in the article, and the mediators."""

    pairs: list[list[str]] = field(default_factory=list)
    mediators: set[str] = field(default_factory=set)

    @property
    def last_pair(self) -> list[str]:
        return list(self.pairs[-1]) if self.pairs else []

    @last_pair.setter
    def last_pair(self, pair: list[str]) -> None:
        self.pairs.append(list(pair))

    def last_pair_of(self, classes: dict[str, str], kinds: frozenset[str]) -> list[str]:
        """The most recent pair whose sides are all of these classes ('the two countries')."""
        for pair in reversed(self.pairs):
            if pair and all(classes.get(k) in kinds for k in pair):
                return list(pair)
        return self.last_pair


def load_words() -> Lexicon:
    from kgraph.extract.lexicon import load_lexicon

    return load_lexicon()


def _side_nouns() -> frozenset[str]:
    return load_words()["sidesNoun"]


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
        named = {t.i for t in members if self.entity(t)}
        for t in members:
            if t.i not in named and any(c.dep_ == "appos" and c.i in named for c in t.children):
                continue  # "his Kosovo counterpart Hashim Thaci": the name, not the modifier
            for key in self._entities_one(t, follow_of, depth=0):
                if key not in out:
                    out.append(key)
        return out

    def _entities_one(self, token: Token, follow_of: bool, depth: int) -> list[str]:
        key = self.entity(token)
        if key:
            # "Chadian and Nigerian forces": the head is one country's force and a modifier
            # names the other's, an entity of the same class
            modifiers = [
                t
                for c in token.children
                if c.dep_ in ("amod", "compound", "nmod")
                for t in (c, *c.conjuncts)
            ]
            others = [
                k
                for t in modifiers
                if (k := self.entity(t)) and k != key and self.cls(k) == self.cls(key)
            ]
            return [key, *dict.fromkeys(others)]
        lower = token.lower_
        if lower in _RELATIVE and token.head.dep_ in ("relcl", "acl"):
            return self._entities_one(token.head.head, follow_of, depth + 1) if depth < 3 else []
        if lower in _PRONOUNS:
            return self.resolve_pronoun(token)
        if token.tag_ == "NNS" and refers_to_both_sides(token):
            return self.both_sides(token)  # "the parties resumed negotiations"
        if depth >= 3:
            return []
        if follow_of:
            # "the command of the Russian contingent", "delegations from Ukraine and Russia",
            # "negotiators for A and B"
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in principal_preps(token):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found = self.entities(pobj, follow_of=True)
                            if found:
                                return found
            named = self._named_group(token)
            if named:
                return named  # "Somalia's al-Shabaab group": the group, not its country
            for child in token.children:
                if child.dep_ == "poss":
                    # "Thailand and Cambodia's leaders": every coordinated possessor
                    found = self._entities_one(child, follow_of, depth + 1)
                    for conj in child.conjuncts:
                        found += [k for k in self._entities_one(conj, follow_of, depth + 1)]
                    if found:
                        return list(dict.fromkeys(found))
        # "the RSF paramilitary group": a name modifying a generic head.
        for child in token.children:
            if child.dep_ in ("compound", "nmod", "appos", "amod") and self.entity(child):
                # "the RSF group", "Moroccan diplomats", "Russian and Ukrainian delegations"
                named = [self.entity(t) for t in (child, *child.conjuncts) if self.entity(t)]
                return list(dict.fromkeys(k for k in named if k))
        return []

    def _named_group(self, token: Token) -> list[str]:
        """A non-place name compounded into a generic head that a place possesses ('Mali's
        JNIM group', 'Nigeria's Boko Haram fighters'): the name is the actor."""
        if not any(c.dep_ == "poss" for c in token.children):
            return []
        for child in token.children:
            key = self.entity(child) if child.dep_ in ("compound", "nmod") else None
            if key and self.cls(key) not in PLACE_CLASSES:
                return [key]
        return []

    def both_sides(self, noun: Token) -> list[str]:
        """'the two sides' is the article's last pair; 'both countries' its last pair of
        states (not the two leaders who signed for them)."""
        if lemma_of(noun) in load_words()["countryNoun"]:
            return self.memory.last_pair_of(self.classes, _STATES)
        return self.memory.last_pair

    def resolve_pronoun(self, token: Token) -> list[str]:
        if token.dep_ == "poss":
            found = self.possessor(token)
            if found:
                return found
        # "X said it has ...": the pronoun is the speaker of the governing clause.
        verb = token.head
        while verb.dep_ in ("ccomp", "xcomp", "conj", "advcl") and verb.head != verb:
            verb = verb.head
            subjects = [
                c
                for c in verb.children
                if c.dep_ in _SUBJ and c.lower_ not in _PRONOUNS and not bracketed(c)
            ]
            if subjects:
                return self.subjects_of_token(subjects[0])
        return (
            list(self.previous_subjects[:1]) if token.lower_ in ("it", "they", "he", "she") else []
        )

    def possessor(self, pronoun: Token) -> list[str]:
        """Who 'its' / 'their' is: the subject of its own clause when it owns an object or
        complement ("Israel violated its commitments"), else the subject of the clause that
        reports it ("The army said its operation would continue"). Never a phrase the pronoun
        sits in ("Russia and its allies")."""
        owner = pronoun.head
        clause = owner
        while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
            clause = clause.head
        if clause.pos_ not in ("VERB", "AUX"):
            return []
        candidates = [] if owner.dep_ in _SUBJ else [clause]
        verb = clause
        while verb.dep_ in ("ccomp", "xcomp", "conj", "advcl") and verb.head != verb:
            verb = verb.head
            candidates.append(verb)
        for verb in candidates:
            for subj in (c for c in verb.children if c.dep_ in _SUBJ):
                if (
                    subj.lower_ in _PRONOUNS
                    or subj.is_ancestor(pronoun)
                    or subj == owner
                    or bracketed(subj)
                ):
                    continue
                found = self.subjects_of_token(subj)
                if found:
                    return found
        return []

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
        governor = verb.head.head
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and governor.pos_ in ("VERB", "AUX"):
            # "thanked A and B for hosting the talks": the thanked control the gerund;
            # "X said after holding talks": the governing subject does.
            if verb.head.lower_ in ("for", "of", "into", "from"):
                # "accused X of backing", "pressured X into signing": the object controls
                obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
                if obj is not None and self.entities(obj):
                    return self.entities(obj)
            # "X was pressured into signing", "Y was accused by X of shelling Z": the passive
            # subject does the act, not the by-agent
            passive = next((c for c in governor.children if c.dep_ == "nsubjpass"), None)
            if passive is not None and verb.head.lower_ in ("for", "of", "into", "from"):
                return self.subjects_of_token(passive)
            return self.subjects(governor, controlled=True)
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
                for pobj in _objects_of(child):
                    if pobj.dep_ == "pobj":
                        out.extend(k for k in self.entities(pobj) if k not in out)
                    elif pobj.dep_ == "pcomp":
                        # "with Turkey and the UN clearing the way": the clause's subject
                        for subj in (c for c in pobj.children if c.dep_ == "nsubj"):
                            out.extend(k for k in self.entities(subj) if k not in out)
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
        return [k for k in self.prep_objects(token, preps) if self.cls(k) in PLACE_CLASSES]


def actors(ctx: SentenceContext, keys: list[str]) -> list[str]:
    return [k for k in keys if ctx.cls(k) in ACTOR_CLASSES]


def lemma_of(token: Token) -> str:
    return token.lemma_.lower()


def phrasal(token: Token) -> str:
    """'pull out', 'lay down': the verb with its particle."""
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    if particle is None:
        particle = _adjacent_particle(token)
    return f"{lemma_of(token)} {particle}" if particle else lemma_of(token)


def _adjacent_particle(verb: Token) -> str | None:
    """A particle right after the verb that the parser read as an adverb ("brought together")
    or as a preposition ("pull out of Goma")."""
    particles = load_words()["particleWord"]
    for child in verb.children:
        if child.i != verb.i + 1 or child.dep_ not in ("advmod", "prep"):
            continue
        if child.tag_ == "RP" or child.lower_ in particles:
            return child.lower_
    return None


def bracketed(token: Token) -> bool:
    """'(Reuters) - Rebels said they ...': a credit in brackets is not the speaker, even where
    the parser makes it a second subject."""
    return any(c.dep_ == "punct" and c.text == "(" for c in token.children)


def _objects_of(prep: Token) -> list[Token]:
    """The objects of a preposition; of a complex one through its last word ("out of Goma")."""
    children = list(prep.children)
    if any(c.dep_ in ("pobj", "pcomp") for c in children):
        return children
    return [g for c in children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]


def principal_preps(noun: Token) -> tuple[str, ...]:
    """Prepositions that lead from a phrase to whom it stands for: 'the envoy of X',
    'delegations from X', and for representatives also 'negotiators for X'."""
    if lemma_of(noun) in load_words()["representativeNoun"]:
        return ("of", "from", "for")
    return ("of", "from")


def relative_antecedent(verb: Token) -> Token | None:
    """'the truce that A and B agreed', 'the deal which A and B signed': the noun a relative
    clause modifies is the verb's object when the relative word is the object, or when the
    clause has a subject of its own and no object ('that' read as a marker)."""
    if verb.dep_ not in ("relcl", "acl") or verb.head == verb:
        return None  # an acl with a subject of its own: "the accord A and B signed"
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if any(o.lower_ in _RELATIVE for o in objects):
        return verb.head
    has_subject = any(c.dep_ == "nsubj" and c.lower_ not in _RELATIVE for c in verb.children)
    return verb.head if has_subject and not objects else None


def gathered_sides(ctx: SentenceContext, noun: Token) -> list[str]:
    """'The talks, hosted by X, brought together A and B': the sides an event noun gathered
    (the objects of the gathering verb it is the subject of)."""
    verb = noun.head
    if noun.dep_ != "nsubj" or phrasal(verb) not in load_words()["gatherVerb"]:
        return []
    found = list(dict.fromkeys(actors(ctx, ctx.objects(verb) + ctx.prep_objects(verb, ("from",)))))
    # a longer list mixes hosts and mediators with the sides (as for attendees of talks)
    return found if len(found) <= _MAX_GATHERED else []


def recipients(ctx: SentenceContext, verb: Token) -> list[str]:
    """'supplied weapons to X', 'sent aid to X': who receives what the verb hands over (a
    thing as object, an actor after 'to')."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects or any(actors(ctx, ctx.entities(o)) for o in objects):
        return []
    found: list[str] = []
    for to in (c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"):
        for pobj in (c for c in to.children if c.dep_ == "pobj"):
            found += ctx.entities(pobj)
    return actors(ctx, list(dict.fromkeys(found)))


def moving_troops(verb: Token) -> Token | None:
    """'Kenyan police officers arrived in Haiti': the troops that move are the subject of an
    intransitive deployment verb."""
    if any(c.dep_ == "dobj" for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and lemma_of(subject) in load_words()["troopNoun"]:
        return subject
    return None


def negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    return any(
        c.dep_ in ("dobj", "nsubj", "nsubjpass")
        and any(d.dep_ == "det" and d.lower_ in ("no",) for d in c.children)
        for c in token.children
    )


def between(ctx: SentenceContext, token: Token) -> list[str]:
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and refers_to_both_sides(pobj):
                    return ctx.both_sides(pobj)
    parties = between_named(ctx, token)
    if len(parties) >= 2:
        ctx.memory.last_pair = parties[:2]
    return parties


def refers_to_both_sides(token: Token) -> bool:
    """'the two sides', 'both parties', 'the warring parties'."""
    if token.lower_ not in _side_nouns():
        return False
    markers = load_words()["sidesMarker"]
    return any(c.lower_ in markers for c in token.children)


def between_named(ctx: SentenceContext, token: Token) -> list[str]:
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


def definite(noun: Token) -> bool:
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "their", "these") for c in noun.children
    )


def first(items: list[str]) -> str | None:
    return items[0] if items else None
