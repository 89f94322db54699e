"""Extraction speed: kgraph's whole extraction against spaCy's own `nlp.pipe`, in one run.

Both sides parse the same texts with the same model, in one process; kgraph's side adds
gazetteer matching, resolution, relation rules and time anchoring. The gazetteer and the
trigger lexicon are loaded before timing starts (a one-off cost, reported separately).

usage: python bench/bench_extract.py [ARTICLES...] [--repeat N]
       (default: the bundled example and ../shared/corpus/dev/*.txt, each --repeat times)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from kgraph.documents import read_inputs
from kgraph.extract.lexicon import load_lexicon
from kgraph.gazetteer import Gazetteer
from kgraph.nlp import load_nlp
from kgraph.pipeline import extract_many
from kgraph.resources import example_path

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    sources = args.articles or [str(example_path()), *sorted(map(str, DEV.glob("*.txt")))]
    documents = read_inputs(sources) * args.repeat
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    Gazetteer.load()
    load_lexicon()
    nlp = load_nlp()
    list(extract_many(documents[:1]))  # builds the phrase matcher once
    warm_up = time.perf_counter() - started

    bare = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    list(bare.pipe(texts[:1]))
    rows = []
    for _ in range(3):  # alternate, keep the best of three for each side
        t0 = time.perf_counter()
        list(bare.pipe(texts))
        t1 = time.perf_counter()
        list(extract_many(documents))
        t2 = time.perf_counter()
        rows.append((t1 - t0, t2 - t1))
    spacy_s = min(r[0] for r in rows)
    kgraph_s = min(r[1] for r in rows)
    print(
        f"{len(texts)} texts, {words} words; one-off load of gazetteer, lexicon, model and "
        f"matcher: {warm_up:.1f} s"
    )
    print()
    print("| pipeline | seconds | words/s | ratio to spaCy |")
    print("|---|---:|---:|---:|")
    name = nlp.meta["name"]
    print(f"| spaCy nlp.pipe ({name}) | {spacy_s:.2f} | {words / spacy_s:,.0f} | 1.00 |")
    print(
        f"| kgraph extraction | {kgraph_s:.2f} | {words / kgraph_s:,.0f} | "
        f"{kgraph_s / spacy_s:.2f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
