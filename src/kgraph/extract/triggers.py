"""Find relation triggers in a sentence: the words that signal a contract predicate.

The triggers are data (`ontology/lexicon/*.ttl`, every `lex:Trigger`): entries converted from
the CAMEO verb dictionary (`cameo_triggers.ttl`, scripts/convert_cameo.py) and hand-written
nominal, adjectival and compound forms (`nominal_triggers.ttl`). A trigger is a lemma with a
part of speech, optionally a particle ("pull out") and a pattern of fixed words around it
("put * their names to"). Matching is a dictionary lookup per token followed by a check of the
few entries of that lemma, so it costs little next to the parse.

A word may signal several predicates ("agree" + "ceasefire" vs "agree" + "deal"); every
candidate is returned and the caller decides with the roles. Within one predicate the longest
match of a head wins; a multiword match beats a single word of another predicate on the same
head ("hammered out" is no attack), and a contiguous expression owns its other words
("cease-fire" is not the verb "fire"). See docs/relations-lexicon.md.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

import pyoxigraph as ox
from spacy.tokens import Token

from kgraph.compiled import compiled
from kgraph.resources import ontology_path

LEX = "https://w3id.org/kgraph/lexicon#"
KG = "https://w3id.org/kgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

POS_VERB, POS_NOUN, POS_ADJ, POS_COMPOUND = "VERB", "NOUN", "ADJ", "COMPOUND"
# The spaCy tags each kind of trigger accepts (a participle modifying a noun is an adjective).
_ACCEPTED_TAGS = {
    POS_VERB: frozenset({"VERB"}),
    POS_NOUN: frozenset({"NOUN", "PROPN"}),
    POS_ADJ: frozenset({"ADJ"}),
}
# A participle counts as an adjective where it modifies a noun ("the signed accord").
_ATTRIBUTIVE_DEPS = frozenset({"amod", "compound", "nmod"})
# In a Title Case headline ("Rebels Agree To Withdraw") the tagger calls most verbs names.
_HEADLINE_TAGS = frozenset({"VERB", "PROPN", "NOUN"})
_HEADLINE_TITLE_SHARE = 0.6
# Words a pattern may skip between two of its fixed words ("signed a comprehensive peace deal").
MAX_GAP = 4
FAR_GAP = 8
_HYPHEN = re.compile(r"(?<=\w)(-)(?=\w)")
_BARRIERS = frozenset({",", ";", ":", "(", ")", "\u2014", "\u2013"})

Alternative = tuple[str, ...]  # consecutive words


class Slot:
    """One fixed-word position of a pattern: any of its alternatives, indexed by their first
    and last word so a sentence position is checked with a dictionary lookup."""

    __slots__ = ("options", "by_first", "by_last", "firsts", "lasts")

    def __init__(self, options: Iterable[Alternative]):
        self.options: tuple[Alternative, ...] = tuple(options)
        by_first: dict[str, list[Alternative]] = defaultdict(list)
        by_last: dict[str, list[Alternative]] = defaultdict(list)
        for words in self.options:
            by_first[words[0]].append(words)
            by_last[words[-1]].append(words)
        self.by_first = {k: tuple(v) for k, v in by_first.items()}
        self.by_last = {k: tuple(v) for k, v in by_last.items()}
        self.firsts = frozenset(self.by_first)
        self.lasts = frozenset(self.by_last)

    def __repr__(self) -> str:
        return f"Slot({self.options!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Slot) and other.options == self.options

    def __hash__(self) -> int:
        return hash(self.options)


@dataclass(frozen=True)
class TriggerHit:
    """A word (with its particle and fixed words) of the sentence that signals `predicate`."""

    head: int  # doc index of the head token (the verb / noun / adjective)
    tokens: tuple[int, ...]  # doc indices of every token of the trigger (multiword, particle)
    predicate: str  # contract predicate local name, e.g. "mediated", "holdsTalksWith"
    pos: str  # "VERB" | "NOUN" | "ADJ" | "COMPOUND" ("X-brokered")
    target_preps: tuple[str, ...] = ()  # prepositions that introduce the other party
    cameo: str | None = None
    source: str = "cameo"  # "cameo" | "curated"
    actor: int | None = None  # COMPOUND only: doc index of X in "X-brokered"
    reverse: bool = False  # the other party does the act to the subject ("received arms from")
    marks_only: bool = False  # marks its words, makes no frame (lex:marksOnly)
    needs_parties: bool = False  # an edge only between sides the sentence names


@dataclass(frozen=True)
class TriggerEntry:
    """One lexicon entry: how a word signals a predicate."""

    lemma: str
    pos: str
    predicate: str
    particle: Alternative = ()
    before: tuple[Slot, ...] = ()  # fixed words before the trigger, nearest first
    after: tuple[Slot, ...] = ()  # fixed words after the trigger (and its particle), in order
    target_preps: tuple[str, ...] = ()
    cameo: str | None = None
    source: str = "cameo"
    reverse: bool = False
    marks_only: bool = False
    needs_parties: bool = False

    @cached_property
    def hyphenated(self) -> bool:
        """'cease' of 'cease-fire': the parser tags the first part of such a noun as anything."""
        return bool(self.after) and self.after[0].options == (("-",),)


class TriggerIndex:
    """Trigger entries by lemma (and, for compounds, by the participle after the hyphen)."""

    def __init__(self, entries: Iterable[TriggerEntry]):
        by_lemma: dict[str, list[TriggerEntry]] = defaultdict(list)
        compounds: dict[str, list[TriggerEntry]] = defaultdict(list)
        for entry in entries:
            (compounds if entry.pos == POS_COMPOUND else by_lemma)[entry.lemma].append(entry)
        # Longer patterns first, so ties in length keep the more specific entry.
        order = _entry_order
        self.by_lemma = {k: tuple(sorted(v, key=order)) for k, v in by_lemma.items()}
        self.compounds = {k: tuple(sorted(v, key=order)) for k, v in compounds.items()}

    def __len__(self) -> int:
        return sum(map(len, self.by_lemma.values())) + sum(map(len, self.compounds.values()))

    def entries(self) -> list[TriggerEntry]:
        return [e for group in (self.by_lemma, self.compounds) for v in group.values() for e in v]

    def predicates(self) -> frozenset[str]:
        return frozenset(e.predicate for e in self.entries())


def _entry_order(entry: TriggerEntry) -> tuple:
    size = len(entry.particle) + sum(len(s.options[0]) for s in (*entry.before, *entry.after))
    return (-size, entry.source != "cameo", entry.cameo or "", entry.predicate)


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def lexicon_files(folder: Path | None = None) -> list[Path]:
    folder = folder or ontology_path("lexicon")
    return sorted(folder.glob("*.ttl"))


@lru_cache(maxsize=1)
def load_trigger_index() -> TriggerIndex:
    """Every lex:Trigger of ontology/lexicon/*.ttl, indexed (loaded once per process, from the
    compiled cache when the files are unchanged)."""
    files = lexicon_files()
    return compiled(
        "triggers", _INDEX_LAYOUT, files, lambda: read_trigger_index(files), TriggerIndex
    )


# Bump when the pickled layout of TriggerIndex or TriggerEntry changes.
_INDEX_LAYOUT = b"kgraph-trigger-index-1"


def read_trigger_index(paths: Iterable[Path]) -> TriggerIndex:
    props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject = quad.subject.value
            predicate = quad.predicate.value
            if predicate == RDF_TYPE:
                props[subject]["type"].append(quad.object.value)
            elif predicate.startswith(LEX):
                props[subject][predicate[len(LEX) :]].append(quad.object.value)
    synsets = {
        subject[len(LEX) :]: tuple(sorted(fields.get("phrase", [])))
        for subject, fields in props.items()
        if LEX + "Synset" in fields.get("type", [])
    }
    entries: list[TriggerEntry] = []
    for subject in sorted(props):
        fields = props[subject]
        if LEX + "Trigger" not in fields.get("type", []):
            continue
        entries.extend(_entries_of(subject, fields, synsets))
    _SLOTS.clear()
    return TriggerIndex(entries)


def _entries_of(
    subject: str, fields: dict[str, list[str]], synsets: dict[str, tuple[str, ...]]
) -> list[TriggerEntry]:
    predicates = [p[len(KG) :] for p in fields.get("predicate", []) if p.startswith(KG)]
    lemmas = fields.get("lemma", [])
    if len(predicates) != 1 or not lemmas:
        raise ValueError(f"trigger {subject}: needs one lex:predicate and a lex:lemma")
    pos = (fields.get("pos") or [POS_VERB])[0]
    if pos not in (POS_VERB, POS_NOUN, POS_ADJ, POS_COMPOUND):
        raise ValueError(f"trigger {subject}: unknown lex:pos {pos!r}")
    before, after = _parse_pattern((fields.get("pattern") or [""])[0], synsets, subject)
    particle = tuple((fields.get("particle") or [""])[0].lower().split())
    cameo = (fields.get("cameoCode") or [None])[0]
    source = (fields.get("source") or ["curated"])[0]
    preps = tuple(sorted({p.lower() for p in fields.get("targetPrep", [])}))
    reverse = (fields.get("reverse") or ["false"])[0] in ("true", "1")
    marks_only = (fields.get("marksOnly") or ["false"])[0] in ("true", "1")
    needs_parties = (fields.get("needsParties") or ["false"])[0] in ("true", "1")
    entries = []
    for lemma in (lemma.lower() for lemma in lemmas):
        entry = TriggerEntry(
            lemma,
            pos,
            predicates[0],
            particle,
            before,
            after,
            preps,
            cameo,
            source,
            reverse,
            marks_only,
            needs_parties,
        )
        entries.append(entry)
        parts = [part for part in _HYPHEN.split(lemma) if part]
        if pos != POS_COMPOUND and len(parts) > 1:
            # The tokenizer splits "cease-fire" into cease, -, fire: match it as those words.
            words = tuple(Slot([(part,)]) for part in parts[1:])
            entries.append(replace(entry, lemma=parts[0], after=words + after))
    return entries


def _parse_pattern(
    pattern: str, synsets: dict[str, tuple[str, ...]], subject: str
) -> tuple[tuple[Slot, ...], tuple[Slot, ...]]:
    """'&military * from' -> (before slots nearest first, after slots in order)."""
    if not pattern.strip():
        return (), ()
    slots = pattern.lower().split()
    if slots.count("*") != 1:
        raise ValueError(f"trigger {subject}: pattern {pattern!r} needs exactly one '*'")
    star = slots.index("*")
    before = tuple(_slot(s, synsets, subject) for s in reversed(slots[:star]))
    after = tuple(_slot(s, synsets, subject) for s in slots[star + 1 :])
    return before, after


_SLOTS: dict[tuple[str, int], Slot] = {}


def _slot(text: str, synsets: dict[str, tuple[str, ...]], subject: str) -> Slot:
    # Thousands of CAMEO patterns name the same synsets: build each slot once.
    key = (text, id(synsets))
    cached = _SLOTS.get(key)
    if cached is not None:
        return cached
    if text.startswith("&"):
        options = synsets.get(f"synset-{text[1:]}")
        if options is None:
            raise ValueError(f"trigger {subject}: unknown synset {text!r}")
    else:
        options = tuple(text.split("|"))
    slot = Slot(tuple(w for w in o.split("_") if w) for o in options if o.strip("_"))
    _SLOTS[key] = slot
    return slot


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------


def find_triggers(tokens: Sequence[Token], index: TriggerIndex | None = None) -> list[TriggerHit]:
    """Every trigger hit in one sentence's tokens, ordered by head then predicate."""
    index = index or load_trigger_index()
    toks = list(tokens)
    if not toks:
        return []
    lowers = [t.lower_ for t in toks]
    lemmas = [t.lemma_.lower() for t in toks]
    keys = [
        (lo, le, le + "s") if lo != le else (lo, le + "s")
        for lo, le in zip(lowers, lemmas, strict=True)
    ]
    local = {t.i: j for j, t in enumerate(toks)}
    every = frozenset(key for token_keys in keys for key in token_keys)
    sentence = _Sentence(toks, lowers, lemmas, local, keys, _is_headline(toks), every)
    best: dict[tuple[int, str, bool], TriggerHit] = {}
    by_lemma = index.by_lemma
    for k, tok in enumerate(toks):
        candidates = by_lemma.get(lemmas[k], ())
        if lowers[k] != lemmas[k]:
            candidates = candidates + by_lemma.get(lowers[k], ())
        if candidates:
            pos = tok.pos_
            for entry in candidates:
                hit = _match(entry, k, tok, pos, sentence)
                if hit is not None:
                    _keep_longest(best, hit)
        if index.compounds and ("-" in lowers[k] or (k >= 2 and lowers[k - 1] == "-")):
            for hit in _compound_hits(index, k, sentence):
                _keep_longest(best, hit)
    return _longest_matches(list(best.values()))


def _longest_matches(hits: list[TriggerHit]) -> list[TriggerHit]:
    """A multiword hit beats a single word of another predicate on the same head ("hammered
    out" is not "hammered"), and a fixed expression owns its other words ("cease-fire" is not
    "fire"); a verb and its object do not ("ended the war": the war was fought)."""
    multiword_heads = {h.head for h in hits if len(h.tokens) > 1}
    covered: dict[int, int] = {}
    for hit in hits:
        if hit.tokens[-1] - hit.tokens[0] + 1 != len(hit.tokens):
            continue
        for i in hit.tokens:
            if i != hit.head:
                covered[i] = max(covered.get(i, 0), len(hit.tokens))
    kept = [
        h
        for h in hits
        if covered.get(h.head, 0) <= len(h.tokens)
        and not (len(h.tokens) == 1 and h.pos != POS_COMPOUND and h.head in multiword_heads)
    ]
    return sorted(kept, key=lambda h: (h.head, h.predicate, h.tokens))


def _is_headline(toks: list[Token]) -> bool:
    words = [t for t in toks if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title for t in words) >= _HEADLINE_TITLE_SHARE * len(words)


@dataclass(frozen=True)
class _Sentence:
    toks: list[Token]
    lowers: list[str]
    lemmas: list[str]
    local: dict[int, int]  # doc index -> position in toks
    keys: list[tuple[str, ...]]  # the pattern words a token stands for: text, lemma, plural
    headline: bool  # Title Case: part-of-speech tags of verbs are unreliable
    words: frozenset[str]  # every key of the sentence: a pattern needing another word fails

    def word_at(self, k: int, word: str) -> bool:
        return word in self.keys[k]

    def first_at(self, k: int, slot: Slot) -> Alternative | None:
        """The alternative of `slot` that starts at position k, if any."""
        for key in self.keys[k]:
            for words in slot.by_first.get(key, ()):
                if self.phrase_at(k, words):
                    return words
        return None

    def last_at(self, k: int, slot: Slot) -> Alternative | None:
        """The alternative of `slot` that ends at position k, if any."""
        for key in self.keys[k]:
            for words in slot.by_last.get(key, ()):
                if self.phrase_at(k - len(words) + 1, words):
                    return words
        return None

    def phrase_at(self, k: int, words: Alternative) -> bool:
        if k < 0 or k + len(words) > len(self.toks):
            return False
        return all(self.word_at(k + j, w) for j, w in enumerate(words))

    def barrier(self, k: int) -> bool:
        return self.lowers[k] in _BARRIERS


def _attributive(entry: TriggerEntry, tok: Token) -> bool:
    return entry.pos == POS_ADJ and _attributive_participle(tok)


def _attributive_participle(tok: Token) -> bool:
    return tok.tag_ == "VBN" and tok.dep_ in _ATTRIBUTIVE_DEPS


def _keep_longest(best: dict[tuple[int, str, bool], TriggerHit], hit: TriggerHit) -> None:
    """One hit per head and predicate: the longest, with the target prepositions of all."""
    key = (hit.head, hit.predicate, hit.reverse)
    old = best.get(key)
    if old is None:
        best[key] = hit
        return
    keep = hit if len(hit.tokens) > len(old.tokens) else old
    preps = tuple(sorted(set(old.target_preps) | set(hit.target_preps)))
    best[key] = replace(keep, target_preps=preps) if preps != keep.target_preps else keep


def _match(entry: TriggerEntry, k: int, tok: Token, pos: str, s: _Sentence) -> TriggerHit | None:
    tags = _HEADLINE_TAGS if s.headline and entry.pos == POS_VERB else _ACCEPTED_TAGS[entry.pos]
    if pos not in tags and not entry.hyphenated and not _attributive(entry, tok):
        return None
    if any(s.words.isdisjoint(slot.firsts) for slot in entry.after) or any(
        s.words.isdisjoint(slot.lasts) for slot in entry.before
    ):
        return None
    matched = [k]
    last = k
    if entry.particle:
        found = _particle(entry.particle, k, tok, s)
        if found is None:
            return None
        matched.extend(found)
        last = max(last, found[-1])
    for slot in entry.after:
        found = _slot_forward(slot, last, tok, s)
        if found is None:
            return None
        matched.extend(found)
        last = found[-1]
    first = k
    for slot in entry.before:
        found = _slot_backward(slot, first, s)
        if found is None:
            return None
        matched.extend(found)
        first = found[0]
    return TriggerHit(
        head=tok.i,
        tokens=tuple(sorted(s.toks[j].i for j in set(matched))),
        predicate=entry.predicate,
        # a verb used as a participle before a noun is reported as an adjective
        pos=POS_ADJ if entry.pos == POS_VERB and _attributive_participle(tok) else entry.pos,
        target_preps=entry.target_preps,
        cameo=entry.cameo,
        source=entry.source,
        reverse=entry.reverse,
        marks_only=entry.marks_only,
        needs_parties=entry.needs_parties,
    )


def _particle(words: Alternative, k: int, tok: Token, s: _Sentence) -> list[int] | None:
    """The particle's positions: a dependent of the verb ("pulled its troops out") or the
    words right after it ("pull out of")."""
    starts = [s.local[c.i] for c in tok.children if c.i > tok.i and c.i in s.local]
    starts.append(k + 1)
    for start in sorted(set(starts)):
        if s.phrase_at(start, words):
            return list(range(start, start + len(words)))
    return None


def _slot_forward(slot: Slot, last: int, head: Token, s: _Sentence) -> list[int] | None:
    """The next words of `slot` after position `last`: within MAX_GAP words, or further (up to
    FAR_GAP) when they depend on the trigger ("agreed upon a new free-trade pact")."""
    for start in range(last + 1, min(len(s.toks), last + 2 + FAR_GAP)):
        words = s.first_at(start, slot)
        if words is not None and (start <= last + 1 + MAX_GAP or head.is_ancestor(s.toks[start])):
            return list(range(start, start + len(words)))
        if s.barrier(start):
            return None
    return None


def _slot_backward(slot: Slot, first: int, s: _Sentence) -> list[int] | None:
    for end in range(first - 1, max(-1, first - 2 - MAX_GAP), -1):
        words = s.last_at(end, slot)
        if words is not None:
            return list(range(end - len(words) + 1, end + 1))
        if s.barrier(end):
            return None
    return None


def _compound_hits(index: TriggerIndex, k: int, s: _Sentence) -> list[TriggerHit]:
    """'Qatar-brokered' as three tokens (Qatar, -, brokered) or as one."""
    if not index.compounds:
        return []
    tok = s.toks[k]
    lower = s.lowers[k]
    if k >= 2 and s.lowers[k - 1] == "-" and _joined(s.toks[k - 2], s.toks[k - 1], tok):
        entries = index.compounds.get(lower, ())
        actor: int | None = s.toks[k - 2].i
        tokens = (s.toks[k - 1].i, tok.i)
    elif "-" in lower.strip("-"):
        entries = index.compounds.get(lower.rsplit("-", 1)[1], ())
        actor, tokens = None, (tok.i,)
    else:
        return []
    return [
        TriggerHit(
            tok.i, tokens, e.predicate, POS_COMPOUND, e.target_preps, e.cameo, e.source, actor
        )
        for e in entries
    ]


def _joined(first: Token, hyphen: Token, word: Token) -> bool:
    return not first.whitespace_ and not hyphen.whitespace_ and first.is_alpha
