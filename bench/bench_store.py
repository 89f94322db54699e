"""Store benchmark: load, export and every bundled query on oxigraph vs memory (rdflib), and
bulk load / query latency on a local Virtuoso when `virtuoso-t` is installed.

    python bench/bench_store.py --triples 1000000            # all backends, markdown tables
    python bench/bench_store.py --triples 100000 --backends oxigraph,memory

Each backend runs in its own process so peak memory (ru_maxrss) is its own. A bundled query is
timed the way `kgraph query --name NAME --format json` answers it: the first page of
--page rows, serialised to SPARQL JSON — on oxigraph from the answers `kgraph build --store`
keeps (refreshing them after the load is timed as its own row), live where the query takes
parameters; on memory, live with LIMIT. The whole answer, computed live on oxigraph, is
timed too. A query still running after --query-timeout seconds is stopped and reported as
"> T" (counted as T: a lower bound).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # tests/virtuoso.py starts a throw-away server

import gen_graph  # noqa: E402


def bundled() -> list[dict[str, str]]:
    from kgraph.serve import bundled_queries

    return bundled_queries()


def entity_label(triples: int, seed: int, rank: int = 0) -> str:
    """The actor at `rank` (0: the most mentioned) of the generated graph, for queries that
    need ?entity."""
    rng = random.Random(seed)
    pool = gen_graph._Pool(rng, max(200, triples // 500))
    return pool.entities[rank][1]


class _Timeout(BaseException):  # BaseException: the stores wrap Exception in QueryError
    pass


def _alarm(_signum, _frame):
    raise _Timeout


def timed_query(store, sparql: str, bindings, timeout: float) -> tuple[float, bool]:
    """(seconds, finished) for one query, its whole answer serialised to SPARQL JSON."""

    def run() -> None:
        result = store.query(sparql, bindings)
        result.serialize("json" if result.kind != "graph" else "nt")

    return timed(run, timeout)


def worker(backend: str, data: Path, workdir: Path, label: str, timeout: float, size: int) -> dict:
    """Run inside a fresh process: load, export, query; print one JSON object."""
    from rdflib import Literal

    from kgraph.paging import Page, answer
    from kgraph.stores import open_store
    from kgraph.views import refresh_views

    spec = "memory" if backend == "memory" else f"oxigraph:{workdir / 'store'}"
    out: dict = {"backend": backend, "queries": {}, "whole": {}}
    store = open_store(spec)
    started = time.perf_counter()
    store.bulk_load(data, "nq")
    out["load_s"] = time.perf_counter() - started
    out["quads"] = len(store)
    started = time.perf_counter()
    store.dump(workdir / "export.ttl", "ttl")
    out["export_s"] = time.perf_counter() - started
    if backend == "oxigraph":
        started = time.perf_counter()
        out["view_rows"] = refresh_views(store)  # type: ignore[arg-type]
        out["views_s"] = time.perf_counter() - started
    page = Page(size, 0, explicit=True)
    for query in bundled():
        needs_entity = "requires: entity" in query["query"]
        bindings = {"entity": Literal(label)} if needs_entity else {}
        view = query["name"]
        out["queries"][query["name"]] = timed(
            lambda q=query, b=bindings, v=view: answer(
                store, q["query"], b, "json", page=page, view=v
            ),
            timeout,
        )
        if backend == "oxigraph":
            out["whole"][query["name"]] = timed_query(store, query["query"], bindings, timeout)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store.close()
    return out


def timed(work, timeout: float) -> tuple[float, bool]:
    """(seconds, finished) for one call, stopped after `timeout` seconds."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    started = time.perf_counter()
    try:
        work()
        return time.perf_counter() - started, True
    except _Timeout:
        return timeout, False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_backend(backend: str, data: Path, label: str, timeout: float, size: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"kgraph-bench-{backend}-") as tmp:
        command = [
            sys.executable,
            __file__,
            "--worker",
            backend,
            "--data",
            str(data),
            "--workdir",
            tmp,
            "--label",
            label,
            "--query-timeout",
            str(timeout),
            "--page",
            str(size),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{backend} worker failed:\n{done.stderr[-2000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def virtuoso_bench(
    data: Path, label: str, quads: int, timeout: float, repeats: int = 3
) -> dict | None:
    from virtuoso import VirtuosoServer, unavailable_reason

    reason = unavailable_reason()
    if reason:
        print(f"(Virtuoso skipped: {reason})", file=sys.stderr)
        return None
    from rdflib import Literal

    from kgraph.errors import StoreError
    from kgraph.stores.sparql_http import SparqlHttpStore

    out: dict = {"queries": {}}
    with VirtuosoServer() as server:
        store = SparqlHttpStore(server.store_spec, timeout=max(timeout, 600.0))
        started = time.perf_counter()
        store.bulk_load(data, "nq")
        out["load_s"] = time.perf_counter() - started
        out["triples_per_s"] = quads / out["load_s"]
        for query in bundled():
            bindings = {"entity": Literal(label)} if "requires: entity" in query["query"] else None
            store.timeout = timeout
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                try:
                    result = store.query(query["query"], bindings)
                    result.serialize("json" if result.kind != "graph" else "nt")
                except StoreError:
                    times = [float("inf")]
                    break
                times.append(time.perf_counter() - started)
            out["queries"][query["name"]] = statistics.median(times)
    return out


def _fmt(seconds: float, finished: bool = True) -> str:
    return f"{seconds:.3f}" if finished else f"> {seconds:.0f}"


def report(results: dict[str, dict], virtuoso: dict | None, args, quads: int) -> str:
    lines = [
        f"### Store benchmark: {quads:,} quads ({args.triples:,} requested), "
        f"{len(bundled())} bundled queries",
        "",
        f"relations-of is asked for the actor ranked {args.entity_rank} by mentions "
        f"({entity_label(args.triples, args.seed, args.entity_rank)!r}).",
        "",
    ]
    ox, mem = results.get("oxigraph"), results.get("memory")
    header = "| operation | oxigraph s | memory s | memory / oxigraph |"
    lines += [header, "|---|---:|---:|---:|"]
    ratios = []

    def row(name: str, a: float, b: float, b_done: bool = True) -> None:
        ratio = b / a if a > 0 else float("inf")
        ratios.append(ratio)
        mark = "" if b_done else "≥ "
        lines.append(f"| {name} | {a:.3f} | {_fmt(b, b_done)} | {mark}{ratio:.1f}× |")

    if ox and mem:
        row("load (N-Quads)", ox["load_s"], mem["load_s"])
        row("export (Turtle)", ox["export_s"], mem["export_s"])
        for name, (seconds, _done) in ox["queries"].items():
            mem_s, mem_done = mem["queries"][name]
            row(f"query `{name}`, first {args.page} rows", seconds, mem_s, mem_done)
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        lines.append(f"| **geometric mean** | | | **{geo:.1f}×** |")
        lines.append(f"| refresh kept answers (after load) | {ox['views_s']:.3f} | | |")
        # The engines alone: oxigraph computing the whole answer live against rdflib's page
        # (rdflib evaluates every row before LIMIT, so its page costs what its whole answer does).
        live = [ox["load_s"], ox["export_s"]]
        base = [mem["load_s"], mem["export_s"]]
        for name, (seconds, _done) in ox["whole"].items():
            live.append(seconds)
            base.append(mem["queries"][name][0])
        engines = math.exp(
            sum(math.log(b / a) for a, b in zip(live, base, strict=True)) / len(live)
        )
        lines.append(f"| engines alone (oxigraph live whole answers) | | | {engines:.1f}× |")
        lines += [
            "",
            "| | oxigraph | memory |",
            "|---|---:|---:|",
            f"| peak RSS (MB) | {ox['peak_rss_mb']:.0f} | {mem['peak_rss_mb']:.0f} |",
            f"| quads stored | {ox['quads']:,} | {mem['quads']:,} |",
        ]
    elif ox or mem:
        only = ox or mem
        lines.append(f"| load (N-Quads) | {only['load_s']:.3f} | | |")
        for name, (seconds, done) in only["queries"].items():
            lines.append(f"| query `{name}`, first {args.page} rows | {_fmt(seconds, done)} | | |")
    if ox:
        slow = [n for n, (s, _) in ox["queries"].items() if s > 0.2]
        lines += ["", f"oxigraph pages over 0.2 s: {', '.join(slow) if slow else 'none'}", ""]
        lines += ["| oxigraph, whole answer computed live | s | rows kept |", "|---|---:|---:|"]
        for name, (seconds, done) in ox["whole"].items():
            kept = ox.get("view_rows", {}).get(name)
            lines.append(f"| `{name}` | {_fmt(seconds, done)} | {'' if kept is None else kept} |")
    if virtuoso:
        lines += [
            "",
            "| Virtuoso (sparql+http, Graph Store Protocol) | value |",
            "|---|---:|",
            f"| bulk load s | {virtuoso['load_s']:.1f} |",
            f"| bulk load triples/s | {virtuoso['triples_per_s']:,.0f} |",
        ]
        for name, seconds in virtuoso["queries"].items():
            shown = f"> {args.query_timeout:.0f}" if math.isinf(seconds) else f"{seconds:.3f}"
            lines.append(f"| query `{name}` median of 3, s | {shown} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--backends", default="oxigraph,memory,virtuoso")
    parser.add_argument("--query-timeout", type=float, default=60.0)
    parser.add_argument("--data", type=Path, help="reuse this N-Quads file")
    parser.add_argument(
        "--entity-rank", type=int, default=0, help="relations-of asks for the actor at this rank"
    )
    parser.add_argument("--page", type=int, default=100, help="rows per bundled-query page")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        result = worker(
            args.worker, args.data, args.workdir, args.label, args.query_timeout, args.page
        )
        print(json.dumps(result))
        return
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    label = entity_label(args.triples, args.seed, args.entity_rank)
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-data-") as tmp:
        data = args.data or Path(tmp) / "graph.nq"
        quads = (
            gen_graph.write(data, args.triples, args.seed)
            if not args.data
            else sum(1 for _ in data.open("rb"))
        )
        results = {}
        for backend in ("oxigraph", "memory"):
            if backend in backends:
                print(f"running {backend} ...", file=sys.stderr, flush=True)
                results[backend] = run_backend(backend, data, label, args.query_timeout, args.page)
        virtuoso = None
        if "virtuoso" in backends:
            print("running virtuoso ...", file=sys.stderr, flush=True)
            virtuoso = virtuoso_bench(data, label, quads, args.query_timeout)
    print(report(results, virtuoso, args, quads))


if __name__ == "__main__":
    main()
