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


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds from start to exit, peak resident MB of the process tree, and stdout."""
    import psutil

    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    root = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass  # a worker exited between listing and reading
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    out = child.stdout.read() if child.stdout else ""
    if child.returncode != 0:
        raise SystemExit(f"{command[:3]} failed with exit code {child.returncode}")
    return seconds, peak / 2**20, out


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
                spacy_runs.append(timed(bare)[:2])
                out = work / f"out-{processes}-{run}"
                build = [kgraph, "build", str(corpus), "--out", str(out), "--jobs", str(processes)]
                seconds, peak, summary = timed(build)
                kgraph_runs.append((seconds, peak))
                triples = next((ln for ln in summary.splitlines() if ln.startswith("triples")), "")
                if args.keep:
                    shutil.rmtree(args.keep, ignore_errors=True)
                    shutil.move(out, args.keep)
                shutil.rmtree(out, ignore_errors=True)
                print(f"  spaCy {spacy_runs[-1][0]:.1f} s, {spacy_runs[-1][1]:.0f} MB; "
                      f"kgraph {seconds:.1f} s, {peak:.0f} MB; {triples}",
                      file=sys.stderr, flush=True)  # fmt: skip
            rows.append((processes, spacy_runs, kgraph_runs, triples))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"### Whole `kgraph build` vs bare spaCy: {args.count} articles, {words:,} words, "
        f"median of {args.repeat} alternating run(s)\n"
    )
    print(
        "| processes | spaCy s | kgraph build s | kgraph / spaCy time | spaCy peak MB "
        "| kgraph peak MB | graph |"
    )
    print("|---:|---:|---:|---:|---:|---:|---|")
    for processes, spacy_runs, kgraph_runs, triples in rows:
        spacy_s = median(t for t, _ in spacy_runs)
        kgraph_s = median(t for t, _ in kgraph_runs)
        print(
            f"| {processes} | {spacy_s:.1f} | {kgraph_s:.1f} | {kgraph_s / spacy_s:.2f}× | "
            f"{max(m for _, m in spacy_runs):.0f} | {max(m for _, m in kgraph_runs):.0f} | "
            f"{triples} |"
        )


if __name__ == "__main__":
    main()
