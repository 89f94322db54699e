"""Convert the PETRARCH2 CAMEO verb dictionary into kgraph's trigger lexicon.

Reads `CAMEO.2.0.txt` from the Phoenix folder (Open Event Data Alliance, MIT licence) and
writes `ontology/lexicon/cameo_triggers.ttl`: one `lex:Trigger` per verb (or verb pattern)
whose CAMEO code maps to a kgraph contract predicate, plus the nouns of a few CAMEO synsets.

    python scripts/convert_cameo.py ../shared/lexicon/phoenix [--out FILE] [--skip FILE]

Dictionary format (PETRARCH2 docs, `read_verb_dictionary`): `&NAME` starts a synset whose
`+WORD` lines are words or phrases; `--- NAME [CODE] ---` starts a verb block whose lines are
verbs (`WORD {IRREGULAR FORMS} [CODE]`, `+WORD_PARTICLE` for multiword verbs) and patterns
(`- words * words [CODE] # VERB`): `*` is the verb, `$` the source actor, `+` the target actor,
`(PREP ...)` a prepositional phrase, `{...}` a noun phrase, `&NAME` any member of a synset.
A pattern applies to every verb of its block. Codes are `[A]`, `[A:B]` or `[:B]`.

Output pattern syntax (read by kgraph.extract.triggers): slots separated by spaces, `*` the
trigger word, alternatives of one slot separated by `|`, words of a multiword alternative
joined by `_`, `&name` any phrase of the `lex:Synset` `lex:synset-name`. The output is
sorted, so running the converter twice gives identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from kgraph.atomic import atomic_write_text

LEXICON = Path(__file__).resolve().parents[1] / "ontology" / "lexicon"
DEFAULT_OUT = LEXICON / "cameo_triggers.ttl"
DEFAULT_SKIP = LEXICON / "cameo_skip.txt"
SOURCE_NAME = "CAMEO.2.0.txt"

# CAMEO event code prefix -> kgraph contract predicate; the longest matching prefix wins and
# codes matching none are skipped. 04x consult (045 mediate apart), 057 sign a formal
# agreement, 0871/0873/0874 ceasefire/demobilise/retreat, 016 deny responsibility,
# 112x accuse, 18x/19x/20x violence (abduction, human shields and blockades are not attacks),
# 154 mobilise/deploy forces, 192 occupy territory, 072 give military aid (the only support
# code kept: CAMEO's praise/endorse code 051 also covers thanking and prizes).
CODE_PREDICATES: dict[str, str] = {
    "040": "holdsTalksWith",
    "041": "holdsTalksWith",
    "042": "holdsTalksWith",
    "043": "holdsTalksWith",
    "044": "holdsTalksWith",
    "046": "holdsTalksWith",
    "045": "mediated",
    "057": "signedAgreementWith",
    "0871": "agreedToCeasefire",
    "0873": "agreedToDisband",
    "0874": "agreedToWithdraw",
    "016": "denies",
    "112": "accused",
    "180": "attacked",
    "182": "attacked",
    "183": "attacked",
    "185": "attacked",
    "186": "attacked",
    "190": "attacked",
    "193": "attacked",
    "194": "attacked",
    "195": "attacked",
    "196": "attacked",
    "20": "attacked",
    "154": "deployedIn",
    "192": "controls",
    "072": "supports",
}

# CAMEO codes whose verbs only mark their words and make no frame (written `lex:marksOnly`):
# 192 "occupy territory" also holds arrests and movements ("arrest", "enter", "move"); its
# longer patterns still win over another predicate's single word on the same verb, and the
# curated controlVerb set and nominal_triggers.ttl read the taking of territory.
MARKS_ONLY_CODES: frozenset[str] = frozenset({"192"})

# Predicates whose nouns make an edge only between sides the sentence names (written
# `lex:needsParties`): a CAMEO "negotiator" or "mediation" noun without named sides is no
# mediation of anything the graph can hold.
NEEDS_PARTIES_NOUNS: frozenset[str] = frozenset({"mediated"})

# CAMEO codes 03x are intentions ("agree to a ceasefire" is 0356). They are not mapped: applied
# to whole verb blocks they give "fight * &treaty"; agreeing to a ceasefire or deal is in
# nominal_triggers.ttl instead.

# CAMEO noun synsets whose members are themselves triggers (nominal forms of a predicate).
NOUN_SYNSETS: dict[str, str] = {
    "MEDIATION": "mediated",
    "NEGOTIATOR": "mediated",
    "NEGOTIATION": "holdsTalksWith",
    "CEASEFIRE": "agreedToCeasefire",
    "FIGHT": "attacked",
}

_BLOCK = re.compile(r"^---\s+(?P<name>.*?)\s+\[(?P<code>[^\]]*)\]")
_CODE = re.compile(r"\[(?P<code>[^\]]*)\]")
_FORMS = re.compile(r"\{[^}]*\}")
_MARKERS = {"*", "$", "+", "%", "^", "**"}


class ConvertError(Exception):
    """The input is missing or not a PETRARCH verb dictionary."""


@dataclass(frozen=True)
class Entry:
    """One trigger: a word (with particle and pattern) that signals a predicate."""

    lemma: str
    pos: str
    predicate: str
    particle: str = ""
    pattern: str = ""
    target_preps: tuple[str, ...] = ()
    cameo: str = ""
    synset: str = ""
    reverse: bool = False  # the other party acts on the subject ("received arms from Y")


@dataclass
class Block:
    name: str
    code: str
    verbs: list[tuple[str, str, str]] = field(default_factory=list)  # lemma, particle, own code
    # pattern text, code, the verbs its comment says it was written for
    patterns: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)


def primary_code(raw: str) -> str:
    """'042:043' -> '042'; ':072' -> ':072' (only the target acts); '---' or '' -> ''."""
    for position, part in enumerate(raw.replace("!", "").split(":")):
        part = part.strip()
        if part and part != "---" and part.isdigit():
            return part if position == 0 else ":" + part
    return ""


def _entry(lemma: str, predicate: str, particle: str, pattern: str, preps, code: str) -> Entry:
    cameo = code.lstrip(":")
    reverse = code.startswith(":")
    return Entry(lemma, "VERB", predicate, particle, pattern, preps, cameo, reverse=reverse)


def predicate_for(code: str) -> str:
    code = code.lstrip(":")
    for length in range(len(code), 0, -1):
        predicate = CODE_PREDICATES.get(code[:length])
        if predicate:
            return predicate
    return ""


def _strip_comment(line: str) -> tuple[str, str]:
    body, _, comment = line.partition("#")
    body = re.sub(r"<!--.*?-->", "", body)
    return body.rstrip(), comment.strip()


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in text.strip("_").split("_") if w)


def parse(text: str) -> tuple[dict[str, list[tuple[str, ...]]], list[Block]]:
    """Synsets (name -> phrases) and verb blocks of a PETRARCH verb dictionary."""
    synsets: dict[str, list[tuple[str, ...]]] = {}
    blocks: list[Block] = []
    current_synset: str | None = None
    block: Block | None = None
    for raw in text.splitlines():
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        line, comment = _strip_comment(raw)
        stripped = line.strip()
        if not stripped:
            current_synset = None
            continue
        if stripped.startswith("&") and " " not in stripped:
            current_synset = stripped[1:].rstrip("_")
            synsets[current_synset] = []
            continue
        if current_synset is not None and stripped.startswith("+"):
            synsets[current_synset].append(_phrase(stripped[1:]))
            continue
        match = _BLOCK.match(stripped)
        if match:
            block = Block(match["name"], primary_code(match["code"]))
            blocks.append(block)
            continue
        if block is None:
            continue
        if stripped.startswith("-"):
            code_match = _CODE.search(stripped)
            if code_match is None:
                continue
            body = stripped[1 : code_match.start()].strip()
            block.patterns.append((body, primary_code(code_match["code"]), _comment_verbs(comment)))
            continue
        _add_verb(block, stripped)
    return synsets, blocks


def _add_verb(block: Block, line: str) -> None:
    code_match = _CODE.search(line)
    own_code = primary_code(code_match["code"]) if code_match else ""
    body = _FORMS.sub(" ", line[: code_match.start()] if code_match else line).split()
    if not body:
        return
    words = _phrase(body[0].lstrip("+"))
    # 'ATTACKED_AND_STABBED', 'KILLED_OR': coordination workarounds, not verbs; 'RE_': prefixes.
    if not words or words[0] == "re" or {"and", "or"} & set(words[1:]):
        return
    if not re.fullmatch(r"[a-z][a-z'-]*", words[0]):
        return
    particle = " ".join(words[1:])
    block.verbs.append((words[0], particle, own_code))


def _comment_verbs(comment: str) -> tuple[str, ...]:
    """'WITHDRAW , PULL_OUT <ab 02 Dec 2005>' -> ('withdraw', 'pull out')."""
    names = (part.strip() for part in comment.partition("<")[0].split(","))
    return tuple(n.lower().replace("_", " ") for n in names if re.fullmatch(r"[A-Z][A-Z_]*", n))


def _pattern_slots(
    body: str, synsets: dict[str, list[tuple[str, ...]]], particles: frozenset[str] = frozenset()
) -> tuple[list[str], tuple[str, ...], list[str], bool] | None:
    """(slots in output syntax with '*' for the verb, target prepositions, synsets named,
    whether any fixed word is more than a preposition or particle)."""
    tokens = body.replace("(", " ( ").replace(")", " ) ").replace("{", " ").replace("}", " ")
    slots: list[str] = []
    preps: list[str] = []
    named: list[str] = []
    group_prep: str | None = None
    group_words = 0
    expect_prep = False
    previous_word: str | None = None
    function_words = set(particles)
    for token in tokens.split():
        if token == "(":
            expect_prep, group_prep, group_words = True, None, 0
            continue
        if token == ")":
            if group_prep is not None and group_words == 0:
                preps.append(group_prep)  # '(BETWEEN)': the other party follows the preposition
            group_prep = None
            continue
        if token in _MARKERS:
            if token in ("*", "**"):
                slots.append("*")
            elif token == "+" and previous_word is not None:
                preps.append(previous_word)
                function_words.add(previous_word)
            if group_prep is not None:
                group_words += 1  # '(IN ^)': the phrase is some place, not the other party
            previous_word = None
            continue
        if token.startswith("&"):
            name = token[1:].rstrip("_")
            if name not in synsets:
                return None  # PETRARCH also skips a pattern naming an undefined synset
            named.append(name)
            slots.append("&" + name.lower())
            previous_word = None
        else:
            word = "_".join(_phrase(token))
            if not word or not re.fullmatch(r"[a-z0-9'_./-]+", word):
                return None
            slots.append(word)
            previous_word = word if expect_prep or "_" not in word else None
        if expect_prep:
            group_prep, expect_prep = slots[-1], False
            function_words.add(group_prep)
        elif group_prep is not None:
            group_words += 1
    if "*" not in slots:
        slots.insert(0, "*")
    if slots.count("*") != 1:
        return None
    content = bool(named) or any(w != "*" and w not in function_words for w in slots)
    return slots, tuple(sorted(set(preps))), named, content


@dataclass(frozen=True)
class Skips:
    """Bare verbs and nouns left out (cameo_skip.txt): too broad to name a relation alone."""

    blocks: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    every: frozenset[str] = frozenset()  # verbs left out with their patterns
    patterns: frozenset[str] = frozenset()  # "predicate pattern": a pattern left out

    @classmethod
    def read(cls, path: Path | None) -> Skips:
        if path is None:
            return cls()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise ConvertError(f"{path}: cannot read ({err.strerror})") from err
        kinds = ("block", "verb", "noun", "all", "pattern")
        found: dict[str, set[str]] = {kind: set() for kind in kinds}
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.partition("#")[0].split()
            if not line:
                continue
            if line[0] not in found or len(line) < 2:
                raise ConvertError(f"{path}:{number}: expected '{'|'.join(kinds)} WORDS'")
            if line[0] == "block":
                found["block"].add(line[1])
            elif line[0] == "pattern":
                found["pattern"].add(" ".join([line[1], *(w.lower() for w in line[2:])]))
            else:
                found[line[0]].add(" ".join(line[1:]).lower())
        return cls(*(frozenset(found[kind]) for kind in kinds))


def entries_from(text: str, skips: Skips | None = None) -> tuple[list[Entry], dict[str, list[str]]]:
    """The trigger entries and the synsets their patterns name (name -> sorted phrases)."""
    skips = skips or Skips()
    synsets, blocks = parse(text)
    if not blocks:
        raise ConvertError("no verb blocks found: is this a PETRARCH CAMEO verb dictionary?")
    entries: set[Entry] = set()
    particles = frozenset(
        word for block in blocks for _, particle, _ in block.verbs for word in particle.split()
    )
    for block in blocks:
        for lemma, particle, own_code in block.verbs:
            if not own_code and block.name in skips.blocks:
                continue
            if f"{lemma} {particle}".strip() in skips.verbs | skips.every:
                continue
            code = own_code or block.code
            predicate = predicate_for(code)
            if predicate:
                entries.add(_entry(lemma, predicate, particle, "", (), code))
        for body, code, written_for in block.patterns:
            predicate = predicate_for(code)
            parsed = _pattern_slots(body, synsets, particles) if predicate else None
            if parsed is None:
                continue
            slots, preps, _, content = parsed
            pattern = " ".join(slots) if slots != ["*"] else ""
            if f"{predicate} {pattern}" in skips.patterns:
                continue
            for lemma, particle, _ in block.verbs:
                verb = f"{lemma} {particle}".strip()
                # An object ("* &treaty") is shared by the synonyms of a block; a preposition
                # alone ("* between", "* off") belongs to the verb it was written for.
                if verb in skips.every or (not content and verb not in written_for):
                    continue
                entries.add(_entry(lemma, predicate, particle, pattern, preps, code))
    entries = _without_redundant(entries)
    for name, predicate in NOUN_SYNSETS.items():
        for phrase in synsets.get(name, []):
            if not phrase or " ".join(phrase) in skips.nouns:
                continue
            rest = " ".join(phrase[1:])
            pattern = f"* {rest}" if rest else ""
            entries.add(Entry(phrase[0], "NOUN", predicate, "", pattern, (), "", name))
    entries |= _british_spellings(entries)
    used = {slot[1:] for entry in entries for slot in entry.pattern.split() if slot.startswith("&")}
    named = {
        name.lower(): sorted({"_".join(p) for p in synsets[name] if p})
        for name in synsets
        if name.lower() in used
    }
    return sorted(entries, key=_sort_key), named


def _without_redundant(entries: set[Entry]) -> set[Entry]:
    """Drop patterns that add nothing: the bare verb already signals the same predicate and
    the pattern names no preposition for the other party ('attack * &weapon')."""
    bare = {(e.lemma, e.particle, e.predicate) for e in entries if not e.pattern}
    return {
        e
        for e in entries
        if not e.pattern
        or e.target_preps
        or e.reverse
        or (e.lemma, e.particle, e.predicate) not in bare
    }


def _british_spellings(entries: set[Entry]) -> set[Entry]:
    """CAMEO spells verbs the American way; spaCy lemmatises "terrorising" to "terrorise"."""
    out = set()
    for entry in entries:
        for american, british in (("ize", "ise"), ("yze", "yse")):
            if entry.pos == "VERB" and entry.lemma.endswith(american):
                out.add(replace(entry, lemma=entry.lemma[: -len(american)] + british))
    return out


def _sort_key(entry: Entry) -> tuple:
    return (
        entry.predicate,
        entry.lemma,
        entry.pos,
        entry.particle,
        entry.pattern,
        entry.cameo,
        entry.target_preps,
        entry.synset,
        entry.reverse,
    )


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _local_name(entry: Entry) -> str:
    digest = hashlib.sha1(repr(_sort_key(entry)).encode("utf-8")).hexdigest()[:10]
    lemma = re.sub(r"[^a-z0-9]+", "-", entry.lemma).strip("-") or "x"
    return f"cameo-{entry.predicate}-{lemma}-{digest}"


HEADER = """# kgraph trigger lexicon derived from the CAMEO verb dictionary of PETRARCH2.
# GENERATED by scripts/convert_cameo.py from {source}; do not edit by hand: change the
# converter's code mapping or add words to nominal_triggers.ttl instead.
#
# Source: CAMEO.2.0.txt, PETRARCH2 verb dictionary, Copyright (c) 2015 Open Event Data Alliance,
# MIT licence (see NOTICE.md in this folder). Derived from the TABARI CAMEO dictionaries.
#
# Each lex:Trigger: lex:lemma (lower-case lemma of the trigger word), lex:pos, lex:particle
# (phrasal verbs), lex:pattern (fixed words around the trigger, '*' = the trigger; '|'
# separates alternatives, '_' joins a multiword alternative), lex:targetPrep (preposition
# before the other party), lex:cameoCode, lex:cameoSynset, lex:reverse (the other party does
# the act to the subject: "X received arms from Y" is Y supports X), lex:marksOnly (the entry
# marks its words but makes no frame), lex:needsParties (an edge only between named sides) and
# lex:predicate.
# A pattern slot '&name' stands for any lex:phrase of lex:synset-name (the CAMEO synset).
@prefix lex: <https://w3id.org/kgraph/lexicon#> .
@prefix kg:  <https://w3id.org/kgraph/ontology#> .
"""


def to_turtle(entries: list[Entry], synsets: dict[str, list[str]]) -> str:
    out = [HEADER.format(source=SOURCE_NAME)]
    for name in sorted(synsets):
        phrases = ",\n        ".join(_literal(p) for p in synsets[name])
        out.append(f"lex:synset-{name} a lex:Synset ;\n    lex:phrase {phrases} .\n")
    seen: set[str] = set()
    for entry in entries:
        name = _local_name(entry)
        if name in seen:  # a digest collision would silently merge two entries
            raise ConvertError(f"duplicate trigger name {name}")
        seen.add(name)
        lines = [f"lex:{name} a lex:Trigger", f"lex:lemma {_literal(entry.lemma)}"]
        lines.append(f"lex:pos {_literal(entry.pos)}")
        if entry.particle:
            lines.append(f"lex:particle {_literal(entry.particle)}")
        if entry.pattern:
            lines.append(f"lex:pattern {_literal(entry.pattern)}")
        if entry.target_preps:
            lines.append("lex:targetPrep " + ", ".join(_literal(p) for p in entry.target_preps))
        if entry.cameo:
            lines.append(f"lex:cameoCode {_literal(entry.cameo)}")
        if entry.synset:
            lines.append(f"lex:cameoSynset {_literal(entry.synset)}")
        if entry.reverse:
            lines.append("lex:reverse true")
        if any(entry.cameo.startswith(code) for code in MARKS_ONLY_CODES):
            lines.append("lex:marksOnly true")
        if entry.pos == "NOUN" and entry.predicate in NEEDS_PARTIES_NOUNS:
            lines.append("lex:needsParties true")
        lines.append('lex:source "cameo"')
        lines.append(f"lex:predicate kg:{entry.predicate}")
        out.append(" ;\n    ".join(lines) + " .\n")
    return "\n".join(out)


def convert(phoenix_dir: Path, out: Path, skip: Path | None = DEFAULT_SKIP) -> int:
    source = phoenix_dir / SOURCE_NAME
    if not source.is_file():
        raise ConvertError(f"{source}: not found (expected the Phoenix folder with {SOURCE_NAME})")
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise ConvertError(f"{source}: cannot read ({err.strerror})") from err
    entries, synsets = entries_from(text, Skips.read(skip))
    atomic_write_text(out, to_turtle(entries, synsets))
    return len(entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("phoenix_dir", type=Path, help="folder holding CAMEO.2.0.txt")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--skip", type=Path, default=DEFAULT_SKIP, help="verbs left out")
    args = parser.parse_args(argv)
    try:
        count = convert(args.phoenix_dir, args.out, args.skip)
    except ConvertError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {count} triggers to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
