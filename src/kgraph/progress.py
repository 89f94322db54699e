"""Progress on stderr: a live bar on a terminal, a few plain lines in a log.

A bar redraws itself with carriage returns many times a second; written to a file
(`kgraph build ... 2> build.log`) that is thousands of lines of noise. Off a terminal we
write one line each time another few percent are done or a minute has passed, and one at
the end.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, Protocol, TextIO

# Off a terminal: a line per this share of the total, or per this many seconds.
LOG_STEP_SHARE = 0.05
LOG_INTERVAL_S = 60.0


class Progress(Protocol):
    def update(self, n: int = 1) -> Any: ...

    def close(self) -> Any: ...


def progress(
    total: int | None,
    *,
    enabled: bool,
    what: str,
    unit: str = "article",
    stream: TextIO | None = None,
) -> Progress:
    """A tqdm bar when `stream` (default stderr) is a terminal, else a `LogProgress`."""
    stream = stream or sys.stderr
    if enabled and _is_terminal(stream):
        from tqdm import tqdm

        return tqdm(
            total=total,
            desc=what,
            unit=unit,
            file=stream,
            dynamic_ncols=True,
            smoothing=0.1,
        )
    return LogProgress(total, what=what, unit=unit, stream=stream, enabled=enabled)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class LogProgress:
    """Plain progress lines for a log: rate-limited by share done and by time."""

    def __init__(
        self,
        total: int | None,
        *,
        what: str,
        unit: str = "article",
        stream: TextIO | None = None,
        enabled: bool = True,
        step_share: float = LOG_STEP_SHARE,
        interval_s: float = LOG_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.what = what
        self.unit = unit
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.step = max(1, round(total * step_share)) if total else None
        self.interval_s = interval_s
        self.clock = clock
        self.started = self.last_time = clock()
        self.done = self.reported = 0
        self.closed = False

    def update(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = self.clock()
        by_share = self.step is not None and self.done - self.reported >= self.step
        by_time = now - self.last_time >= self.interval_s
        if by_share or by_time:
            self._write(now)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.enabled and self.done != self.reported:
            self._write(self.clock())

    def _write(self, now: float) -> None:
        self.reported, self.last_time = self.done, now
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        parts = [f"{self.what}: {count} {self.unit}s"]
        if self.total:
            parts[0] += f" ({100 * self.done // self.total}%)"
        parts.append(f"{rate:.1f} {self.unit}s/s")
        parts.append(f"{_duration(elapsed)} elapsed")
        if self.total and rate > 0 and self.done < self.total:
            parts.append(f"about {_duration((self.total - self.done) / rate)} left")
        print(", ".join(parts), file=self.stream, flush=True)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
