"""spaCy's attribute ruler, run as table lookups instead of a token Matcher.

The English models' attribute ruler maps each fine-grained tag to its part of speech and
morphology, plus word exceptions ("whom", "'s" after a noun). Its rules are short fixed
sequences of attribute tests, yet spaCy runs them through its general token Matcher, which
costs about a sixth of the whole parse. Here the exact-value tests of a rule's first token
("TAG": "NN", "LOWER": {"IN": [...]}) become dictionary keys: each token's attributes are read
once as hashes (`Doc.to_array`) and looked up, the remaining tests (NOT_IN, REGEX, later tokens)
are checked on the few rules found, and the matched rules are applied in spaCy's order with
spaCy's own `set_token_attrs`, so the annotations are the same. A model whose rules use
anything else (quantifier operators, other attributes or predicates) keeps spaCy's ruler.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# the pattern keys a rule may test here, with the Doc.to_array attribute each reads
_READABLE = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "DEP": DEP,
             "POS": POS, "IS_SPACE": IS_SPACE}  # fmt: skip
_COLUMNS = tuple(dict.fromkeys(_READABLE.values()))
_POSITION = {column: i for i, column in enumerate(_COLUMNS)}


class _TokenTest(NamedTuple):
    """What one token of a pattern must be: a value among a set for each keyed column,
    then the predicates ("NOT_IN", "REGEX") that no key can express."""

    keys: tuple[tuple[int, frozenset[int]], ...]  # (row position, allowed values)
    checks: tuple[tuple[int, str, Any], ...]  # (row position, "not_in" | "regex", payload)

    def passes(self, row: list[int], strings: StringStore) -> bool:
        if not all(row[position] in allowed for position, allowed in self.keys):
            return False
        for position, kind, payload in self.checks:
            value = row[position]
            if kind == "not_in" and value in payload:
                return False
            if kind == "regex" and not payload.search(value, strings):
                return False
        return True


class _Regex:
    """A regular expression over an attribute's string, remembered per value: the rules with
    nothing to key on ("^n[ou]thin'$") are tried on every token."""

    def __init__(self, pattern: str) -> None:
        self._pattern = re.compile(pattern)
        self._seen: dict[int, bool] = {}

    def search(self, value: int, strings: StringStore) -> bool:
        found = self._seen.get(value)
        if found is None:
            text = strings[value] if value else ""
            found = self._seen[value] = self._pattern.search(text) is not None
        return found


class _Rule(NamedTuple):
    order: int  # the ruler entry's position: later entries override earlier ones
    tests: tuple[_TokenTest, ...]
    index: int  # the token of the match that gets the attributes (may be negative)
    attrs: dict


# the column a rule is filed under: the rarest values first, so few rules share a key
_KEY_PREFERENCE = tuple(_POSITION[c] for c in (ORTH, LOWER, NORM, DEP, TAG, POS, IS_SPACE))


class AttributeTable:
    """The compiled rules of one AttributeRuler, each filed under one keyed column of its
    first token, so a token costs one dictionary lookup per column in use."""

    def __init__(self, rules: Sequence[_Rule] = ()) -> None:
        self.set_rules(rules)

    def set_rules(self, rules: Sequence[_Rule]) -> None:
        tables: dict[int, dict[int, list[tuple[bool, _Rule]]]] = {}
        self._unkeyed: list[_Rule] = []  # nothing exact to file them under: tried everywhere
        for rule in rules:
            keys = dict(rule.tests[0].keys)
            column = next((c for c in _KEY_PREFERENCE if c in keys), None)
            if column is None:
                self._unkeyed.append(rule)
                continue
            # found under its only test: finding it is matching it
            decided = len(rule.tests) == 1 and len(keys) == 1 and not rule.tests[0].checks
            table = tables.setdefault(column, {})
            for value in keys[column]:
                table.setdefault(value, []).append((decided, rule))
        self._tables = list(tables.items())

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array(list(_COLUMNS)).tolist()
        strings = doc.vocab.strings
        matches: list[tuple[int, int, _Rule]] = []
        for start, row in enumerate(rows):
            for column, table in self._tables:
                for decided, rule in table.get(row[column], ()):
                    if decided or _matches(rule, rows, start, strings):
                        matches.append((rule.order, start, rule))
            for rule in self._unkeyed:
                if _matches(rule, rows, start, strings):
                    matches.append((rule.order, start, rule))
        # spaCy applies entries in the order they were added, each over the doc left to
        # right, so a later entry overrides an earlier one on the same token
        matches.sort(key=lambda match: (match[0], match[1]))
        for _, start, rule in matches:
            set_token_attrs(doc[start + rule.index % len(rule.tests)], rule.attrs)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _matches(rule: _Rule, rows: list[list[int]], start: int, strings: StringStore) -> bool:
    if start + len(rule.tests) > len(rows):
        return False
    return all(test.passes(rows[start + offset], strings) for offset, test in enumerate(rule.tests))


def compile_rules(ruler: AttributeRuler) -> list[_Rule] | None:
    """The ruler's rules in table form, or None where one uses what a table cannot test."""
    strings = ruler.vocab.strings
    rules: list[_Rule] = []
    for order, attrs in enumerate(ruler.attrs):
        index = ruler.indices[order]
        for pattern in ruler.matcher.get(str(order))[1]:
            tests = [_token_test(token, strings) for token in pattern]
            if not tests or None in tests or not -len(tests) <= index < len(tests):
                return None
            rules.append(_Rule(order, tuple(tests), index, attrs))  # type: ignore[arg-type]
    return rules


def _token_test(token: dict[str, Any], strings: StringStore) -> _TokenTest | None:
    keys: list[tuple[int, frozenset[int]]] = []
    checks: list[tuple[int, str, Any]] = []
    for name, value in token.items():
        column = _READABLE.get(name.upper())
        if column is None:
            return None  # a quantifier ("OP"), or an attribute the table does not read
        position = _POSITION[column]
        if column == IS_SPACE:
            if not isinstance(value, bool):
                return None
            keys.append((position, frozenset({int(value)})))
        elif isinstance(value, str):
            keys.append((position, frozenset({strings.add(value)})))
        elif isinstance(value, dict) and len(value) == 1:
            ((kind, payload),) = value.items()
            if kind == "IN" and isinstance(payload, list):
                keys.append((position, frozenset(strings.add(v) for v in payload)))
            elif kind == "NOT_IN" and isinstance(payload, list):
                checks.append((position, "not_in", frozenset(strings.add(v) for v in payload)))
            elif kind == "REGEX" and isinstance(payload, str):
                checks.append((position, "regex", _Regex(payload)))
            else:
                return None
        else:
            return None
    return _TokenTest(tuple(keys), tuple(checks))


@Language.factory("kg_attribute_table")
def _make_table(nlp: Language, name: str) -> AttributeTable:
    """Empty until `use_attribute_table` fills it from the ruler it replaces."""
    return AttributeTable()


def use_attribute_table(nlp: Language) -> bool:
    """Swap the pipeline's attribute ruler for its table form; False where it cannot."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    rules = compile_rules(nlp.get_pipe("attribute_ruler"))
    if rules is None:
        return False
    # the component keeps its name, so code that looks for "attribute_ruler" still finds it
    table = nlp.replace_pipe("attribute_ruler", "kg_attribute_table")
    table.set_rules(rules)
    return True
