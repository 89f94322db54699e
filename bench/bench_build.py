"""The whole `kgraph build`, as a user runs it, against bare spaCy on the same texts.

    python bench/bench_build.py --articles 400 --jobs 1 --repeat 1 [--keep DIR] [ARTICLES...]

Articles default to the bundled example plus ../shared/corpus/dev/*.txt, copied (cycled) into
--articles files of a temporary folder, so each copy is its own article. Each timing is a fresh
process from start to exit: `kgraph build FOLDER --out OUT --jobs N` with its default outputs
(graph.ttl and graph.html), against a Python process that loads the same spaCy model as
spaCy ships it (kgraph's two pipeline components left out: their cost counts against kgraph)
and runs `nlp.pipe` over the same files with the same number of processes. Peak memory is the
largest resident size of each process tree (workers included), sampled every 50 ms. Runs of
the two alternate, --repeat times, and medians are compared, so a burst of load on the machine
does not land on one side only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path
from statistics import median
from typing import NamedTuple

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"

BARE_SPACY = """
import sys
from pathlib import Path

import spacy

from kgraph.nlp import load_nlp

folder, processes = Path(sys.argv[1]), int(sys.argv[2])
nlp = spacy.load(load_nlp().path)  # the same model, as spaCy ships it
texts = (path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt")))
for _ in nlp.pipe(texts, n_process=processes, batch_size=16):
    pass
"""


def write_corpus(sources: list[Path], count: int, folder: Path) -> int:
    """`count` article files cycled from `sources`; returns the number of words."""
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for number, source in enumerate(islice(cycle(sources), count)):
        text = source.read_text(encoding="utf-8")
        (folder / f"{number:06d}_{source.name}").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


class Run(NamedTuple):
    seconds: float  # wall time from start to exit
    peak_mb: float  # largest resident size of one process (what `time -v` reports)
    tree_mb: float  # largest sum over the process tree (forked workers share pages: an upper bound)
    stdout: str


def timed(command: list[str]) -> Run:
    import psutil

    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    root = psutil.Process(child.pid)
    peak = tree_peak = 0
    while child.poll() is None:
        try:
            sizes = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
            peak, tree_peak = max(peak, *sizes), max(tree_peak, sum(sizes))
        except psutil.Error:
            pass  # a process exited between listing and reading
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    out = child.stdout.read() if child.stdout else ""
    if child.returncode != 0:
        raise SystemExit(f"{command[:3]} failed with exit code {child.returncode}")
    return Run(seconds, peak / 2**20, tree_peak / 2**20, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", help="article files (default: example + dev)")
    parser.add_argument("--articles", dest="count", type=int, default=200)
    parser.add_argument("--jobs", default="1", help="process counts to compare, e.g. 1,2")
    parser.add_argument("--repeat", type=int, default=1, help="alternating runs of each")
    parser.add_argument("--keep", type=Path, help="keep the last build's output folder here")
    args = parser.parse_args()
    from kgraph.resources import example_path

    sources = [Path(a) for a in args.articles] or [example_path(), *sorted(DEV.glob("*.txt"))]
    kgraph = shutil.which("kgraph") or str(Path(sys.executable).with_name("kgraph"))
    work = Path(tempfile.mkdtemp(prefix="kgraph-bench-build-"))
    rows = []
    try:
        corpus = work / "articles"
        words = write_corpus(sources, args.count, corpus)
        for processes in [int(j) for j in args.jobs.split(",")]:
            spacy_runs, kgraph_runs, triples = [], [], ""
            for run in range(args.repeat):
                print(f"{processes} process(es), run {run + 1} ...", file=sys.stderr, flush=True)
                bare = [sys.executable, "-c", BARE_SPACY, str(corpus), str(processes)]
                spacy_runs.append(timed(bare))
                out = work / f"out-{processes}-{run}"
                build = [kgraph, "build", str(corpus), "--out", str(out), "--jobs", str(processes)]
                kgraph_runs.append(timed(build))
                summary = kgraph_runs[-1].stdout.splitlines()
                triples = next((ln for ln in summary if ln.startswith("triples")), "")
                if args.keep:
                    shutil.rmtree(args.keep, ignore_errors=True)
                    shutil.move(out, args.keep)
                shutil.rmtree(out, ignore_errors=True)
                for name, done in (("spaCy", spacy_runs[-1]), ("kgraph", kgraph_runs[-1])):
                    print(f"  {name} {done.seconds:.1f} s, peak {done.peak_mb:.0f} MB "
                          f"(tree {done.tree_mb:.0f} MB)", file=sys.stderr, flush=True)  # fmt: skip
            rows.append((processes, spacy_runs, kgraph_runs, triples))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"### Whole `kgraph build` vs bare spaCy: {args.count} articles, {words:,} words, "
        f"median of {args.repeat} alternating run(s)\n"
    )
    print(
        "| processes | spaCy s | kgraph build s | kgraph / spaCy | spaCy peak MB "
        "| kgraph peak MB | kgraph tree MB | graph |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for processes, spacy_runs, kgraph_runs, triples in rows:
        spacy_s = median(r.seconds for r in spacy_runs)
        kgraph_s = median(r.seconds for r in kgraph_runs)
        print(
            f"| {processes} | {spacy_s:.1f} | {kgraph_s:.1f} | {kgraph_s / spacy_s:.2f}× | "
            f"{max(r.peak_mb for r in spacy_runs):.0f} | "
            f"{max(r.peak_mb for r in kgraph_runs):.0f} | "
            f"{max(r.tree_mb for r in kgraph_runs):.0f} | {triples} |"
        )


if __name__ == "__main__":
    main()
