"""A very large article (over spaCy's 1,000,000-character limit) builds in bounded memory.

The size defaults to 1.5 MB, which already needs the pipeline's paragraph slicing; set
KGRAPH_LARGE_CHARS=5000000 for the 5 MB run (tens of minutes on a shared machine today).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

KGRAPH = str(Path(sys.executable).with_name("kgraph"))
TARGET_CHARS = int(os.environ.get("KGRAPH_LARGE_CHARS", "1500000"))
# Far above the measured time, so only a hang or a return to whole-text parsing trips it.
DEADLINE_S = float(os.environ.get("KGRAPH_LARGE_DEADLINE", "3600"))
# Generous: the model, the gazetteer and one paragraph batch, not the whole article at once.
MAX_RSS_BYTES = 3 * 1024**3

_ACTORS = ["Kenya", "Ethiopia", "Eritrea", "Egypt", "Sudan", "Qatar", "Norway", "Chile", "Peru"]
_CITIES = ["Nairobi", "Addis Ababa", "Cairo", "Doha", "Oslo", "Lima"]
_TEMPLATES = [
    "{a} hosted talks between {b} and {c} in {city} on Tuesday.",
    "Officials from {b} said the ceasefire with {c} would hold, according to a statement.",
    "{a} accused {b} of violating the agreement near {city}.",
    "The ministers of {b} and {c} signed an agreement on trade routes in {city}.",
    "Analysts in {city} said the situation remained calm for most of the week.",
]


def _article(chars: int, seed: int = 7) -> str:
    """Our own generated prose: varied sentences in paragraphs, as a long wire dump would be."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            a, b, c = rng.sample(_ACTORS, 3)
            sentences.append(rng.choice(_TEMPLATES).format(a=a, b=b, c=c, city=rng.choice(_CITIES)))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "---\ntitle: Long wire dump\npublished: 2024-03-06\n---\n" + "\n\n".join(paragraphs)


@pytest.mark.slow
def test_hardening_large_article_builds_in_bounded_memory(tmp_path):
    article = tmp_path / "huge.txt"
    article.write_text(_article(TARGET_CHARS), encoding="utf-8")
    assert article.stat().st_size >= max(TARGET_CHARS, 1_000_001)
    out = tmp_path / "out"
    with open(tmp_path / "stderr.txt", "wb") as stderr:
        proc = subprocess.Popen(
            [KGRAPH, "build", str(article), "--out", str(out), "--no-html"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        started = time.monotonic()
        while True:
            # wait4 gives this child's own peak RSS (kilobytes on Linux), not the test's.
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > DEADLINE_S:
                proc.kill()
                proc.wait()
                pytest.fail(f"building {TARGET_CHARS} characters took over {DEADLINE_S:.0f} s")
            time.sleep(1)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
    err = (tmp_path / "stderr.txt").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, err
    peak = usage.ru_maxrss * 1024
    size = article.stat().st_size / 1e6
    print(f"peak RSS {peak / 1024**2:.0f} MiB, {seconds:.0f} s for {size:.1f} MB of text")
    assert peak < MAX_RSS_BYTES
    graph = Graph().parse(out / "graph.ttl")
    assert len(graph) > 1000
