"""Actor recall and event detection on the PLOVER gold standard (OEDA, CC BY-SA 4.0).

Each record's sentence is built as a one-sentence document. Reported:
- source-actor recall: a record's source actor counts as found when its `actorText`, normalised
  like the reference scorer does, equals an entity's label or altLabel, or when one contains
  the other as a whole-word phrase ("Palestinian leader Yasser Arafat" ~ "Yasser Arafat");
- event detection: for records whose PLOVER category maps to kgraph predicates (below), the
  share where kgraph extracted at least one relation with one of those predicates.

usage: python bench/bench_plover.py [PLOVER_GSR_CAMEO.json] [--limit N] [--misses]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from kgraph.documents import document_from_text
from kgraph.extract.resolve import normalise as norm
from kgraph.pipeline import extract_many

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/corpus/plover/PLOVER_GSR_CAMEO.json"

# PLOVER category -> (sense test on eventText + text, kgraph predicates that express it)
MAPPING: dict[str, tuple[re.Pattern[str] | None, frozenset[str]]] = {
    "ASSAULT": (None, frozenset({"attacked", "launchedOperationAgainst"})),
    "FIGHT": (None, frozenset({"attacked", "launchedOperationAgainst", "controls"})),
    "RETREAT": (
        re.compile(
            r"withdr|pull(ed)? (out|back)|cease-?fire|truce|demobili|disarm|retreat|disband", re.I
        ),
        frozenset({"agreedToWithdraw", "agreedToCeasefire", "agreedToDisband"}),
    ),
    "CONSULT": (None, frozenset({"holdsTalksWith", "mediated"})),
    "REJECT": (re.compile(r"\bden(y|ied|ies|ial)", re.I), frozenset({"denies", "deniesPresence"})),
    "AGREE": (
        re.compile(r"agreement|accord|pact|deal|treaty|cease-?fire|truce", re.I),
        frozenset(
            {"signedAgreementWith", "agreedToCeasefire", "agreedToWithdraw", "agreedToDisband"}
        ),
    ),
    "SUPPORT": (re.compile(r"\bback|support|endors", re.I), frozenset({"supports"})),
    "DISAPPROVE": (re.compile(r"accus|blam", re.I), frozenset({"accused"})),
}


def actor_found(actor: str, names: set[str]) -> bool:
    wanted = norm(actor)
    for name in names:
        if not name:
            continue
        if name == wanted:
            return True
        short, long = sorted((name, wanted), key=len)
        if len(short) >= 3 and re.search(rf"(^|\s){re.escape(short)}($|\s)", long):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--misses", action="store_true", help="list missed actors and events")
    args = parser.parse_args(argv)
    records = [r for r in json.loads(Path(args.gold).read_text(encoding="utf-8")) if r.get("text")]
    if args.limit:
        records = records[: args.limit]
    documents = [document_from_text(r["text"], origin=r["id"]) for r in records]
    started = time.perf_counter()
    extractions = list(extract_many(documents))
    seconds = time.perf_counter() - started

    actors_total = actors_hit = 0
    mapped: Counter = Counter()
    detected: Counter = Counter()
    misses: list[str] = []
    for record, extraction in zip(records, extractions, strict=True):
        names = {norm(n) for e in extraction.entities for n in (e.label, *e.alt_labels)}
        for actor in record.get("source", []):
            actors_total += 1
            if actor_found(actor["actorText"], names):
                actors_hit += 1
            else:
                misses.append(f"actor  {actor['actorText']!r:40} | {record['text'][:90]}")
        rule = MAPPING.get(record["event"])
        if rule is None:
            continue
        sense, predicates = rule
        described = f"{record.get('eventText', '')} {record['text']}"
        if sense is not None and not sense.search(described):
            continue
        mapped[record["event"]] += 1
        if {r.predicate for r in extraction.relations} & predicates:
            detected[record["event"]] += 1
        else:
            misses.append(f"event  {record['event']:10} | {record['text'][:110]}")

    print(f"records: {len(records)}; extraction {seconds:.1f} s")
    print()
    print("| measure | found | total | share |")
    print("|---|---:|---:|---:|")
    share = actors_hit / max(actors_total, 1)
    print(f"| source actors | {actors_hit} | {actors_total} | {share:.3f} |")
    for event in sorted(mapped):
        print(
            f"| event {event} | {detected[event]} | {mapped[event]} | "
            f"{detected[event] / mapped[event]:.3f} |"
        )
    total_mapped, total_detected = sum(mapped.values()), sum(detected.values())
    print(
        f"| events, all mapped | {total_detected} | {total_mapped} | "
        f"{total_detected / max(total_mapped, 1):.3f} |"
    )
    if args.misses:
        print()
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
