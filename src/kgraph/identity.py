"""Canonical names: one key, hence one IRI, per actor whatever the article or spelling.

An actor's merge key (and so its IRI, see `kgraph.rdf.entity_iri`) comes from its name, never
from the article. The name is first brought to a canonical form (`canonical_tokens`):

* accents folded, case folded, quotes dropped, a leading "the" dropped, "U.N." read as "UN";
* titles and ranks before a name dropped ("Gen.", "President", "Mr");
* Arabic article prefixes dropped ("al-Burhan" = "Burhan"), hyphens read as spaces;
* spelling variants of one given name read as one (ontology/gazetteer/name_variants.txt:
  Mohamed = Muhammad = Mohammed), doubled letters read as one, "y" read as "i"
  (Pashinyan = Pashinian).

People are keyed by given name and surname (`person_key`): "Mohamed Hamdan Dagalo" and
"Mohamed Dagalo" are one person, and middle initials are kept ("George W. Bush" is not
"George H. W. Bush"). Organisations and armed groups are keyed by the whole canonical name,
whatever class one article gives them (`actor_key`). Places keep their class in the key
("Sweida" the city is not "Sweida" the region); a region's generic noun is dropped
("Gedo region" = "Gedo").

The merges that a key alone cannot make (a spelling one letter apart, an acronym in one
article and its expansion in another) are made by `kgraph.registry.IdentityRegistry`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from kgraph.errors import InputError

# Word-level noise before a name: ranks and honorifics, with and without the dot.
_TITLES = frozenset(
    {
        "mr", "mrs", "ms", "dr", "sir", "dame", "prof", "gen", "general", "lt", "lieutenant",
        "col", "colonel", "maj", "major", "capt", "captain", "sgt", "sergeant", "adm", "admiral",
        "brig", "brigadier", "cmdr", "commander", "gov", "governor", "sen", "senator", "rep",
        "pres", "president", "premier", "minister", "prime", "foreign", "defence", "defense",
        "interior", "deputy", "vice", "secretary", "chancellor", "king", "queen", "prince",
        "princess", "sheikh", "sheik", "emir", "sultan", "ayatollah", "field", "marshal",
        "pope", "envoy", "ambassador", "spokesman", "spokeswoman", "mayor", "chief",
    }
)  # fmt: skip
# Arabic article written as a prefix: "al-Burhan", "el-Sisi", "ash-Shabaab".
_ARTICLES = frozenset({"al", "el", "ul", "as", "ash", "ad", "ad-", "an", "ar", "at", "az"})
# Given names written as two words, the first of which never stands alone.
_JOINED_PREFIXES = frozenset({"abdel", "abu", "ben", "bin", "ibn"})
_QUOTES = re.compile(r"[\u2018\u2019\u201c\u201d'\"`\u00b4]")
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")


@functools.lru_cache(maxsize=1)
def name_variants() -> dict[str, str]:
    """Spelling variant -> the group's first spelling (ontology/gazetteer/name_variants.txt)."""
    from kgraph.resources import ontology_path

    path = ontology_path("gazetteer") / "name_variants.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"cannot read {path}: {err}") from err
    variants: dict[str, str] = {}
    for line in lines:
        words = [_fold(w) for w in line.split("#", 1)[0].split()]
        for word in words:
            variants.setdefault(word, words[0])
    return variants


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _spelling(word: str) -> str:
    word = name_variants().get(word, word)
    word = re.sub(r"(.)\1+", r"\1", word)  # Mohammed = Mohamed, Hassan = Hasan
    return word.replace("y", "i") if len(word) > 3 else word


def canonical_tokens(name: str, *, person: bool = False) -> list[str]:
    """The words of a name in canonical form (see the module docstring)."""
    text = _QUOTES.sub("", _fold(name)).strip()
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)  # "u.n." -> "un"
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"^(the|a|an)\s+", "", text)
    words = [w for w in re.split(r"[^\w]+", text) if w]
    if person:
        while len(words) > 1 and words[0] in _TITLES:
            words = words[1:]
    words = [w for i, w in enumerate(words) if not (w in _ARTICLES and i + 1 < len(words))]
    return [_spelling(w) for w in words]


def canonical_name(name: str, *, person: bool = False) -> str:
    return " ".join(canonical_tokens(name, person=person))


def person_key(name: str) -> str:
    """'person:<given> [<initials>] <surname>' — middle names other than initials left out."""
    words = canonical_tokens(name, person=True)
    if len(words) > 2 and words[0] in _JOINED_PREFIXES:
        words = [words[0] + words[1], *words[2:]]  # "Abdel Fattah" is one given name
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w) == 1), words[-1]]
    return "person:" + " ".join(words)


def actor_key(name: str) -> str:
    """An organisation's or armed group's key, whatever class the article gave it."""
    return "actor:" + canonical_name(name)


def place_key(entity_class: str, name: str) -> str:
    """Places keep their class; a region's generic noun is no part of its name, so "Gedo
    region", "Gedo Region" and "Gedo" are one key (ontology/gazetteer/region_nouns.txt)."""
    words = canonical_tokens(name)
    if entity_class == "Region" and len(words) > 1 and words[-1] in region_nouns():
        words = words[:-1]
    return f"name:{entity_class}:{' '.join(words)}"


@functools.lru_cache(maxsize=1)
def region_nouns() -> frozenset[str]:
    """Generic nouns written after a region's name (ontology/gazetteer/region_nouns.txt)."""
    from kgraph.gazetteer import word_list

    return frozenset(_spelling(w) for w in word_list("region_nouns.txt"))


def initials(name: str) -> str:
    """'Rapid Support Forces' -> 'rsf' (words such as 'of', 'the', 'for' do not count)."""
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), _fold(name))
    words = [w for w in re.split(r"[^\w]+", text) if w]
    return "".join(w[0] for w in words if w not in ("of", "the", "for", "and", "in"))


def looks_like_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()
