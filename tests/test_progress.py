"""Progress reporting: a bar on a terminal, a few plain lines in a log file."""

from __future__ import annotations

import fcntl
import io
import os
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

from kgraph.progress import LogProgress, progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_log_progress_writes_a_line_per_five_percent_and_a_last_one() -> None:
    out = io.StringIO()
    bar = LogProgress(1000, what="extract", stream=out, clock=Clock())
    for _ in range(1000):
        bar.update(1)
    bar.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 20
    assert "\r" not in out.getvalue()
    assert lines[0].startswith("extract: 50/1000 articles (5%)")
    assert lines[-1].startswith("extract: 1000/1000 articles (100%)")


def test_log_progress_writes_a_line_a_minute_when_percent_moves_slowly() -> None:
    out, clock = io.StringIO(), Clock()
    bar = LogProgress(None, what="extract", stream=out, clock=clock)  # total unknown
    for _ in range(600):  # ten minutes at one article every second
        clock.now += 1.0
        bar.update(1)
    bar.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[0] == "extract: 60 articles, 1.0 articles/s, 1m00s elapsed"


def test_log_progress_says_time_left_and_stays_quiet_when_disabled() -> None:
    out, clock = io.StringIO(), Clock()
    bar = LogProgress(100, what="extract", stream=out, clock=clock)
    clock.now = 10.0
    bar.update(5)
    assert out.getvalue().strip().endswith("0.5 articles/s, 10s elapsed, about 3m10s left")
    quiet = io.StringIO()
    off = LogProgress(100, what="extract", stream=quiet, enabled=False)
    off.update(100)
    off.close()
    assert quiet.getvalue() == ""


def test_progress_on_a_terminal_is_a_live_bar() -> None:
    leader, follower = os.openpty()
    # A new pseudo-terminal is 0 columns wide; give it a real terminal's size.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with os.fdopen(follower, "w") as terminal:
        bar = progress(3, enabled=True, what="extract", stream=terminal)
        for _ in range(3):
            bar.update(1)
        bar.close()
    drawn = _read_all(leader).decode("utf-8", "replace")
    assert not isinstance(bar, LogProgress)
    assert "\r" in drawn and "3/3" in drawn


def _read_all(fd: int) -> bytes:
    """What the terminal received; reading past the closed other end raises EIO on Linux."""
    chunks = []
    try:
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    except OSError:
        pass
    finally:
        os.close(fd)
    return b"".join(chunks)


def test_build_with_jobs_into_a_log_writes_few_plain_lines(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(40):
        (folder / f"a{number:02d}.txt").write_text(
            f"Freedonia and Sylvania held round {number} of talks in the capital on Monday.\n"
        )
    exe = shutil.which("kgraph") or str(Path(sys.executable).with_name("kgraph"))
    log = tmp_path / "build.log"
    with log.open("w") as stderr:
        done = subprocess.run(
            [exe, "build", str(folder), "--jobs", "2", "--out", str(tmp_path / "out"), "--no-html"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            timeout=600,
        )
    text = log.read_text()
    assert done.returncode == 0, text
    assert "\r" not in text
    lines = [line for line in text.splitlines() if line.startswith("extract")]
    assert 1 <= len(lines) <= 21  # one per 5 % (a minute has not passed), and the last
    assert lines[-1].startswith("extract: 40/40 articles (100%)")
