"""Crash safety and concurrency of `kgraph build`: SIGKILL at random moments, two builds at once."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kgraph.atomic import atomic_write_text, remove_stale_temp_files
from kgraph.build_job import BuildOptions, run_build
from kgraph.cli import app
from kgraph.errors import KGraphError
from kgraph.locking import LOCK_NAME, OutputBusy, output_lock

_TEMP = re.compile(r"\A\..+\.tmp\Z")
KGRAPH = str(Path(sys.executable).with_name("kgraph"))
OUTPUTS = {"graph.ttl", "graph.nt", "graph.jsonld"}
FORMATS = ["--format", "nt", "--format", "jsonld", "--no-html"]

_SENTENCES = [
    "Kenya hosted talks between Ethiopia and Eritrea in Nairobi on Tuesday.",
    "Qatar mediated a ceasefire agreement between Sudan and Chad in Doha.",
    "Officials from Egypt accused Libya of violating the truce near the border.",
    "Norway said the talks in Oslo would resume next week.",
]


def _article(path: Path, seed: int, paragraphs: int = 12) -> Path:
    rng = random.Random(seed)
    body = "\n\n".join(
        " ".join(rng.sample(_SENTENCES, 3)) + f" Round {seed}-{i} ended." for i in range(paragraphs)
    )
    path.write_text(f"---\nid: crash-{seed}\npublished: 2024-03-06\n---\n{body}\n")
    return path


def _visible(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def _fork_build(article: Path, out: Path) -> int:
    """Run the real CLI build in a forked child (model already loaded); return its pid."""
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        code = 1
        try:
            app(["build", str(article), "--out", str(out), *FORMATS], standalone_mode=False)
            code = 0
        finally:
            os._exit(code)
    return pid


def test_hardening_crash_sigkill_leaves_old_or_new_complete_output(tmp_path, nlp):
    articles = [_article(tmp_path / "a.txt", 1), _article(tmp_path / "b.txt", 2)]
    reference = {}
    for article in articles:  # complete builds give the two legitimate contents
        ref_out = tmp_path / f"ref-{article.stem}"
        run_build([article], BuildOptions(out=ref_out, formats=("nt", "jsonld"), html=False))
        reference[article.stem] = Graph().parse(ref_out / "graph.ttl")
    assert not isomorphic(reference["a"], reference["b"])

    out = tmp_path / "out"
    started = time.perf_counter()
    _, status = os.waitpid(_fork_build(articles[0], out), 0)
    full = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) == 0
    current = "a"

    rng = random.Random(20240306)
    outcomes = []
    for run in range(15):
        target = "b" if current == "a" else "a"
        pid = _fork_build(tmp_path / f"{target}.txt", out)
        # Spread over reading, extraction and every write; a loaded machine runs slower than
        # the timed build, so the range reaches well past it.
        time.sleep(rng.uniform(0.1, 1.8) * full)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert _visible(out) <= OUTPUTS, (run, _visible(out))
        found = Graph().parse(out / "graph.ttl")
        matches = [name for name in (current, target) if isomorphic(found, reference[name])]
        assert matches, f"run {run}: graph.ttl is neither the old nor the new complete graph"
        for name in ("graph.nt", "graph.jsonld"):
            if (out / name).exists():  # each file is whole, though files may be from two runs
                fmt = "json-ld" if name.endswith("jsonld") else "nt"
                other = Graph().parse(out / name, format=fmt)
                assert any(isomorphic(other, g) for g in reference.values()), (run, name)
        outcomes.append("new" if matches == [target] else "old")
        current = matches[0]
    print("outcomes:", outcomes, f"full build {full:.2f}s")
    assert "old" in outcomes  # some kills landed before the rename (else the test proved little)

    # The next build under the lock sweeps temp files the killed ones left behind.
    _, status = os.waitpid(_fork_build(articles[0], out), 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert isomorphic(Graph().parse(out / "graph.ttl"), reference["a"])


def test_hardening_crash_outputs_appear_only_by_rename(tmp_path, nlp):
    """Every writer opens a hidden temp file and renames it: watched with Python audit hooks.

    A SIGKILL test alone cannot tell a plain open-and-write from an atomic one, because
    writing a few hundred kilobytes takes well under a millisecond. The audit events show
    every open-for-writing and every rename the real build makes.
    """
    article = _article(tmp_path / "a.txt", 8, paragraphs=3)
    out, log = tmp_path / "out", tmp_path / "events.json"
    pid = os.fork()
    if pid == 0:  # child: audit hooks cannot be removed, so they must not reach pytest
        code = 1
        try:
            events: list[list[str]] = []
            writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

            def hook(event: str, args: tuple) -> None:
                if event == "open" and isinstance(args[0], (str, Path)):
                    mode, flags = args[1] or "", args[2] or 0
                    if any(c in mode for c in "wax+") or flags & writing:
                        events.append(["open", str(args[0])])
                elif event == "os.rename":
                    events.append(["rename", str(args[0]), str(args[1])])

            sys.addaudithook(hook)
            app(
                [
                    "build",
                    str(article),
                    "--out",
                    str(out),
                    "--format",
                    "nt",
                    "--format",
                    "jsonld",
                    "--format",
                    "nq",
                    "--format",
                    "graphml",
                ],
                standalone_mode=False,
            )
            log.write_text(json.dumps(events))
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    events = json.loads(log.read_text())
    inside = str(out) + os.sep
    opened = [Path(e[1]).name for e in events if e[0] == "open" and e[1].startswith(inside)]
    renamed = {Path(e[2]).name: Path(e[1]).name for e in events if e[0] == "rename"}
    outputs = _visible(out)
    assert {"graph.ttl", "graph.html", "graph.nt", "graph.jsonld", "graph.nq"} <= outputs
    for name in opened:
        assert name == LOCK_NAME or _TEMP.match(name), f"{name} was written in place"
    for name in outputs:
        assert name in renamed and _TEMP.match(renamed[name]), f"{name} not renamed into place"


@pytest.mark.slow
def test_hardening_crash_real_command_killed_late(tmp_path, nlp):
    """The installed command, killed late in its run (likely while writing): never torn."""
    old_article, new_article = _article(tmp_path / "a.txt", 3), _article(tmp_path / "b.txt", 4)
    reference = []
    for article in (old_article, new_article):
        ref_out = tmp_path / f"ref-{article.stem}"
        run_build([article], BuildOptions(out=ref_out, html=False))
        reference.append(Graph().parse(ref_out / "graph.ttl"))
    out = tmp_path / "out"
    started = time.perf_counter()
    first = subprocess.run(
        [KGRAPH, "build", str(old_article), "--out", str(out), *FORMATS],
        capture_output=True,
        timeout=300,
    )
    full = time.perf_counter() - started
    assert first.returncode == 0, first.stderr
    rng = random.Random(7)
    for _ in range(2):
        proc = subprocess.Popen(
            [KGRAPH, "build", str(new_article), "--out", str(out), *FORMATS],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.85, 1.05) * full)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        found = Graph().parse(out / "graph.ttl")
        assert any(isomorphic(found, ref) for ref in reference)
        assert _visible(out) <= OUTPUTS


def test_hardening_crash_atomic_write_failure_keeps_old_file(tmp_path):
    target = tmp_path / "graph.ttl"
    atomic_write_text(target, "old complete")
    with pytest.raises(RuntimeError):
        from kgraph.atomic import atomic_open

        with atomic_open(target) as handle:
            handle.write("new but torn")
            raise RuntimeError("disk full")
    assert target.read_text() == "old complete"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # not mkstemp's private mode


def test_hardening_crash_stale_temp_files_are_swept_but_nothing_else(tmp_path):
    stale = tmp_path / ".graph.ttl.ab12_z9x.tmp"
    stale.write_text("torn")
    keep = [tmp_path / "graph.ttl", tmp_path / ".hidden-notes", tmp_path / "x.tmp"]
    for path in keep:
        path.write_text("keep")
    assert remove_stale_temp_files(tmp_path) == [stale]
    assert all(path.exists() for path in keep)


def test_hardening_lock_same_folder_fails_fast_or_waits(tmp_path):
    article = _article(tmp_path / "a.txt", 5, paragraphs=2)
    out = tmp_path / "out"
    with output_lock(out):
        with pytest.raises(OutputBusy, match="another kgraph build") as caught:
            run_build([article], BuildOptions(out=out, html=False))
        assert isinstance(caught.value, KGraphError) and "\n" not in str(caught.value)
        assert not (out / "graph.ttl").exists()
        result = CliRunner().invoke(app, ["build", str(article), "--out", str(out)])
        assert result.exit_code == 1 and "another kgraph build" in result.stderr
        assert "Traceback" not in result.output
    # Released: the same build now runs.
    run_build([article], BuildOptions(out=out, html=False))
    assert (out / "graph.ttl").exists()


def test_hardening_lock_two_real_processes(tmp_path):
    article = _article(tmp_path / "a.txt", 6, paragraphs=2)
    out = tmp_path / "out"
    out.mkdir()
    hold = 20.0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from kgraph.locking import output_lock\n"
            "with output_lock(sys.argv[1]):\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(float(sys.argv[2]))\n",
            str(out),
            str(hold),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        locked_at = time.perf_counter()
        busy = subprocess.run(
            [KGRAPH, "build", str(article), "--out", str(out), "--no-html"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if time.perf_counter() - locked_at < hold:  # the holder still held it
            assert busy.returncode == 1, busy.stderr
            assert "another kgraph build is writing" in busy.stderr
            assert busy.stderr.strip().count("\n") == 0
            assert not (out / "graph.ttl").exists()
        waited = subprocess.run(
            [KGRAPH, "build", str(article), "--out", str(out), "--no-html", "--wait", "120"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert waited.returncode == 0, waited.stderr
        # It could only finish after the holder let go.
        assert time.perf_counter() - locked_at >= hold
        assert holder.wait(timeout=30) == 0
        assert (out / "graph.ttl").exists()
        assert LOCK_NAME not in _visible(out)
    finally:
        holder.kill()
        holder.wait()
