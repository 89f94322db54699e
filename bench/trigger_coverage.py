"""Trigger coverage: how often the sentence of a gold relation holds a trigger of its predicate.

For each gold relation (dev articles' `relations[].evidence`, PLOVER records mapped as in
bench/bench_plover.py) the evidence sentence is parsed alone and counted as covered when it holds
at least one trigger of the relation's predicate:
- before: the word sets of ontology/lexicon/triggers.ttl the current rules use (a token's lemma
  or text in the set; multiword entries as consecutive words);
- after:  kgraph.extract.triggers.find_triggers (the CAMEO-derived and curated lexicon).
A trigger is necessary, not sufficient: the roles still have to be found. So that broad
triggers do not pass for coverage, the share of ALL sentences of the same dev articles with a
trigger of each predicate is printed too (how often the frames step will have to say no), and
the time find_triggers takes next to spaCy's parse of those articles.
`locatedIn` is geography, not a trigger-signalled relation, and is left out.

usage: python bench/trigger_coverage.py [--dev-from 9] [--dev-to 32] [--plover FILE] [--misses]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from kgraph.extract.lexicon import load_lexicon
from kgraph.extract.triggers import find_triggers, load_trigger_index
from kgraph.nlp import load_nlp

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[0].parent / "shared"
DEV = SHARED / "corpus" / "dev"
PLOVER = SHARED / "corpus" / "plover" / "PLOVER_GSR_CAMEO.json"

# The word sets of triggers.ttl that the current relation rules read for each predicate.
OLD_SETS: dict[str, tuple[str, ...]] = {
    "mediated": ("mediateVerb", "mediateNoun", "mediateCompound"),
    "holdsTalksWith": ("talksVerb", "talksNoun"),
    "attacked": ("attackVerb", "fightVerb", "fightNoun"),
    "launchedOperationAgainst": ("operationNoun",),
    "signedAgreementWith": ("signVerb",),
    "agreedToCeasefire": ("ceasefireNoun", "ceasefireVerb"),
    "agreedToDisband": ("disbandVerb", "disbandNoun"),
    "agreedToWithdraw": ("withdrawVerb", "withdrawNoun"),
    "denies": ("denyVerb",),
    "deniesPresence": ("denyVerb",),
    "deployedIn": ("deployVerb",),
    "controls": ("controlVerb", "controlNoun"),
    "accused": ("accuseVerb",),
    "supports": ("supportVerb",),
}
# A gold deniesPresence is a denial: the lexicon's "denies" triggers cover it.
NEW_ALIASES = {"deniesPresence": "denies"}


def old_predicates(doc, lexicon) -> set[str]:
    lemmas = [t.lemma_.lower() for t in doc]
    texts = [t.lower_ for t in doc]
    found: set[str] = set()
    for predicate, names in OLD_SETS.items():
        words = set().union(*(lexicon[n] for n in names))
        singles = {w for w in words if " " not in w}
        if singles & (set(lemmas) | set(texts)):
            found.add(predicate)
            continue
        for phrase in (w.split() for w in words if " " in w):
            n = len(phrase)
            if any(
                all(phrase[j] in (lemmas[i + j], texts[i + j]) for j in range(n))
                for i in range(len(doc) - n + 1)
            ):
                found.add(predicate)
                break
    return found


def new_predicates(doc) -> set[str]:
    found = {h.predicate for h in find_triggers(list(doc))}
    return found | {alias for alias, p in NEW_ALIASES.items() if p in found}


def dev_relations(first: int, last: int) -> list[tuple[str, str, str]]:
    """(article, predicate, evidence) for the gold relations of dev articles first..last."""
    out = []
    for path in sorted(DEV.glob("*.gold.json")):
        number = int(path.name[:2])
        if not first <= number <= last:
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        for rel in gold["relations"]:
            if rel["predicate"] != "locatedIn" and rel.get("evidence"):
                out.append((path.name[:2], rel["predicate"], rel["evidence"]))
    return out


def plover_records(path: Path) -> list[tuple[str, frozenset[str], str]]:
    spec = importlib.util.spec_from_file_location("bench_plover", HERE / "bench_plover.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        rule = module.MAPPING.get(record.get("event"))
        if rule is None or not record.get("text"):
            continue
        sense, predicates = rule
        if sense is not None and not sense.search(
            f"{record.get('eventText', '')} {record['text']}"
        ):
            continue
        out.append((record["event"], predicates, record["text"]))
    return out


def table(rows: Iterable[tuple[str, int, int, int]], title: str) -> None:
    print(f"\n{title}\n")
    print("| predicate | gold | before | after |")
    print("|---|---:|---:|---:|")
    total = before = after = 0
    for name, n, b, a in rows:
        total, before, after = total + n, before + b, after + a
        print(f"| {name} | {n} | {b} ({b / n:.2f}) | {a} ({a / n:.2f}) |")
    print(
        f"| **all** | {total} | {before} ({before / total:.3f}) | {after} ({after / total:.3f}) |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-from", type=int, default=9)
    parser.add_argument("--dev-to", type=int, default=32)
    parser.add_argument("--plover", type=Path, default=PLOVER)
    parser.add_argument("--misses", action="store_true", help="list gold sentences not covered")
    args = parser.parse_args(argv)
    nlp = load_nlp()
    lexicon = load_lexicon()
    load_trigger_index()
    misses: list[str] = []

    rels = dev_relations(args.dev_from, args.dev_to)
    counts: dict[str, list[int]] = {}
    for (article, predicate, evidence), doc in zip(
        rels, nlp.pipe(e for _, _, e in rels), strict=True
    ):
        row = counts.setdefault(predicate, [0, 0, 0])
        old, new = predicate in old_predicates(doc, lexicon), predicate in new_predicates(doc)
        row[0] += 1
        row[1] += old
        row[2] += new
        if not new:
            misses.append(f"dev {article} {predicate:24} | {evidence[:120]}")
    title = f"Dev {args.dev_from:02d}-{args.dev_to:02d} gold relations (locatedIn left out)"
    table(((p, *counts[p]) for p in sorted(counts)), title)

    if args.plover.is_file():
        records = plover_records(args.plover)
        plover: dict[str, list[int]] = {}
        for (event, predicates, text), doc in zip(
            records, nlp.pipe(t for _, _, t in records), strict=True
        ):
            row = plover.setdefault(event, [0, 0, 0])
            row[0] += 1
            row[1] += bool(predicates & old_predicates(doc, lexicon))
            new = bool(predicates & new_predicates(doc))
            row[2] += new
            if not new:
                misses.append(f"plover {event:10} | {text[:120]}")
        table(((e, *plover[e]) for e in sorted(plover)), "PLOVER records mapped as in bench_plover")

    texts = []
    for path in sorted(DEV.glob("*.txt")):
        if args.dev_from <= int(path.name[:2]) <= args.dev_to:
            texts.append(path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse_s = time.perf_counter() - started
    sents = [sent for doc in docs for sent in doc.sents]
    started = time.perf_counter()
    found = [find_triggers(sent) for sent in sents]
    find_s = time.perf_counter() - started
    sentences = len(sents)
    fired_old: Counter = Counter()
    fired_new: Counter = Counter()
    for sent, hits in zip(sents, found, strict=True):
        fired_old.update(old_predicates(sent.as_doc(), lexicon))
        fired_new.update({h.predicate for h in hits})
    print(
        f"\nSpeed: parsing {len(texts)} articles {parse_s:.2f} s, finding triggers in their "
        f"{sentences} sentences {find_s:.3f} s ({find_s / parse_s:.3f} of the parse time)"
    )
    print(f"\nShare of all {sentences} sentences of those dev articles with a trigger\n")
    print("| predicate | before | after |")
    print("|---|---:|---:|")
    for predicate in sorted(set(fired_old) | set(fired_new)):
        b, a = fired_old[predicate] / sentences, fired_new[predicate] / sentences
        print(f"| {predicate} | {b:.2f} | {a:.2f} |")
    if args.misses:
        print("\n" + "\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
