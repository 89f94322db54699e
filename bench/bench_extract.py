"""Extraction speed: kgraph's extraction against spaCy's own `nlp.pipe`, in one run.

Three timings over the same texts, in one process, alternating, best of three each:
- spaCy: `nlp.pipe` with the model as spaCy ships it;
- kgraph's parse: `nlp.pipe` with kgraph's pipeline (the same model, its attribute ruler and
  lemmatizer run as tables, two sentence-boundary components added);
- kgraph's extraction after parsing: `extract_parsed` over the docs that parse gave
  (gazetteer matching, resolution, frames, time anchoring).
The gazetteer, trigger lexicon and name matcher are loaded before timing starts (a one-off
cost, reported separately). The issue's measure is the last against the first.

usage: python bench/bench_extract.py [ARTICLES...] [--repeat N]
       (default: the bundled example and ../shared/corpus/dev/*.txt, each --repeat times)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from kgraph.documents import read_inputs
from kgraph.nlp import load_nlp
from kgraph.pipeline import extract_parsed, prepare_extraction
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
    prepare_extraction()
    nlp = load_nlp()
    extract_parsed(documents[0], nlp(texts[0]))  # first use of the date parser and caches
    warm_up = time.perf_counter() - started

    bare = spacy.load(nlp.path)
    list(bare.pipe(texts[:1]))
    spacy_runs, parse_runs, extract_runs = [], [], []
    for _ in range(3):
        t0 = time.perf_counter()
        list(bare.pipe(texts, batch_size=16))
        t1 = time.perf_counter()
        parsed = list(nlp.pipe(texts, batch_size=16))
        t2 = time.perf_counter()
        for document, doc in zip(documents, parsed, strict=True):
            extract_parsed(document, doc)
        t3 = time.perf_counter()
        spacy_runs.append(t1 - t0)
        parse_runs.append(t2 - t1)
        extract_runs.append(t3 - t2)
        del parsed
    spacy_s, parse_s, extract_s = min(spacy_runs), min(parse_runs), min(extract_runs)
    print(
        f"{len(texts)} texts, {words} words; one-off load of model, gazetteer, lexicon and "
        f"name matcher: {warm_up:.1f} s"
    )
    print()
    print("| step | seconds | words/s | × spaCy's parse |")
    print("|---|---:|---:|---:|")
    rows = [
        (f"spaCy `nlp.pipe` ({nlp.meta['name']})", spacy_s),
        ("kgraph's parse (same model)", parse_s),
        ("kgraph's extraction after parsing", extract_s),
        ("kgraph's parse and extraction", parse_s + extract_s),
    ]
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {words / seconds:,.0f} | {seconds / spacy_s:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
