"""Build throughput: kgraph extraction (kgraph.parallel.extract_many) against bare spaCy
`nlp.pipe` on the same texts with the same number of processes, for 1 and 2 processes.

    python bench/bench_build.py --articles 200 --jobs 1,2 --repeat 3 [ARTICLES...]

Articles default to the bundled example plus ../shared/corpus/dev/*.txt, cycled up to
--articles. The baseline is the model as spaCy ships it (`spacy.load`, without kgraph's two
pipeline components, whose cost counts against kgraph). Every timing includes starting the
worker processes and loading the model in them, because a real build pays that too. Runs of
the two alternate, `--repeat` times per process count, and the medians are compared, so a
burst of load on the machine does not land on one side only.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from functools import lru_cache
from itertools import cycle, islice
from pathlib import Path
from statistics import median

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def documents(sources: list[str], count: int):
    from kgraph.documents import read_inputs

    base = read_inputs(sources)
    # Distinct ids, same texts: the work per article is what a corpus of this size costs.
    return [
        replace(doc, doc_id=f"{doc.doc_id[:10]}{n:06d}")
        for n, doc in enumerate(islice(cycle(base), count))
    ]


def bare_spacy(texts: list[str], processes: int) -> float:
    nlp = bare_pipeline()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes, batch_size=16):
        pass
    return time.perf_counter() - started


@lru_cache(maxsize=1)
def bare_pipeline():
    """The same model kgraph loads, as spaCy ships it."""
    import spacy

    from kgraph.nlp import load_nlp

    return spacy.load(load_nlp().path)


def kgraph_extract(docs, processes: int) -> float:
    from kgraph.parallel import extract_many

    started = time.perf_counter()
    for _ in extract_many(docs, jobs=processes, progress=False, chunk_size=8):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", help="files or folders (default: example + dev)")
    parser.add_argument("--articles", dest="count", type=int, default=200)
    parser.add_argument("--jobs", default="1,2", help="process counts to compare")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each")
    args = parser.parse_args()
    from kgraph.resources import example_path

    sources = args.articles or [str(example_path()), *sorted(map(str, DEV.glob("*.txt")))]
    docs = documents(sources, args.count)
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    # Warm the parent: model, gazetteer and matcher are a one-off cost in both runs.
    from kgraph.pipeline import extract

    extract(docs[0])
    bare_pipeline()(texts[0])
    rows = []
    for processes in [int(j) for j in args.jobs.split(",")]:
        spacy_runs, kgraph_runs = [], []
        for run in range(args.repeat):
            print(f"{processes} process(es), run {run + 1} ...", file=sys.stderr, flush=True)
            spacy_runs.append(bare_spacy(texts, processes))
            kgraph_runs.append(kgraph_extract(docs, processes))
        rows.append((processes, median(spacy_runs), median(kgraph_runs)))
        print(
            f"  spaCy {', '.join(f'{t:.2f}' for t in spacy_runs)} s; "
            f"kgraph {', '.join(f'{t:.2f}' for t in kgraph_runs)} s",
            file=sys.stderr,
        )
    print(
        f"### Build throughput: {len(docs)} articles, {words:,} words, "
        f"median of {args.repeat} alternating runs\n"
    )
    print(
        "| processes | spaCy nlp.pipe articles/s | kgraph articles/s | kgraph words/s "
        "| kgraph / spaCy |"
    )
    print("|---:|---:|---:|---:|---:|")
    for processes, spacy_s, kgraph_s in rows:
        print(
            f"| {processes} | {len(docs) / spacy_s:.1f} | {len(docs) / kgraph_s:.1f} | "
            f"{words / kgraph_s:,.0f} | {spacy_s / kgraph_s:.2f}× |"
        )
    if len(rows) > 1:
        first = rows[0]
        for processes, _, kgraph_s in rows[1:]:
            print(
                f"\nkgraph scaling {first[0]} → {processes} processes: "
                f"{first[2] / kgraph_s:.2f}× faster"
            )


if __name__ == "__main__":
    main()
