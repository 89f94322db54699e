"""Query and view a graph file as a user does, against pyoxigraph alone on the same file.

    python bench/bench_read.py GRAPH.ttl [--repeat 3]

Each timing is a fresh process from start to exit, as a user waits for it:
- pyoxigraph alone: a Python process that bulk-loads the file and runs the bundled mediators
  query (the floor for any tool that reads the file);
- `kgraph query --name mediators --graph GRAPH`;
- `kgraph viz --graph GRAPH --out view.html` with its defaults.
The three alternate, --repeat times, so a burst of load lands on each; medians are reported,
with the peak resident memory of each process.
The targets of issue 13: query within 3x pyoxigraph alone + 1 s; viz at most 15 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

PYOXIGRAPH_ALONE = """
import sys

import pyoxigraph as ox

from kgraph.graphio import PREFIXES
from kgraph.query import bundled_query

store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
prefixes = "".join(f"PREFIX {prefix}: <{ns}> " for prefix, ns in PREFIXES)
rows = list(store.query(prefixes + bundled_query("mediators").text))
"""


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one child process run to its end."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}: {child.stderr.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    graph = str(args.graph.resolve())
    kgraph = str(Path(sys.executable).with_name("kgraph"))
    env_note = os.environ.get("KGRAPH_CACHE")
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "pyoxigraph alone: load, mediators query": [
                sys.executable,
                "-c",
                PYOXIGRAPH_ALONE,
                graph,
            ],
            "kgraph query --name mediators --graph": [
                kgraph,
                "query",
                "--name",
                "mediators",
                "--graph",
                graph,
            ],
            "kgraph viz --graph": [kgraph, "viz", "--graph", graph, "--out", f"{tmp}/view.html"],
        }
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                wall, peak = timed(command)
                seconds[name].append(wall)
                peaks[name].append(peak)
    size = args.graph.stat().st_size / 1e6
    print(f"graph: {args.graph} ({size:.1f} MB), {args.repeat} alternating runs, medians")
    if env_note:
        print(f"KGRAPH_CACHE={env_note}")
    print("| command | median s | runs (s) | peak MB |")
    print("|---|---:|---|---:|")
    for name, runs in seconds.items():
        each = ", ".join(f"{s:.1f}" for s in runs)
        print(f"| {name} | {median(runs):.1f} | {each} | {max(peaks[name]):.0f} |")
    floor = median(seconds["pyoxigraph alone: load, mediators query"])
    query = median(seconds["kgraph query --name mediators --graph"])
    viz = median(seconds["kgraph viz --graph"])
    limit = 3 * floor + 1
    print(f"query: {query:.1f} s, target <= 3 x {floor:.1f} + 1 = {limit:.1f} s:", end=" ")
    print("met" if query <= limit else "MISSED")
    print(f"viz: {viz:.1f} s, target <= 15 s:", "met" if viz <= 15 else "MISSED")


if __name__ == "__main__":
    main()
