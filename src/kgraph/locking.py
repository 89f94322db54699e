"""One build per output folder at a time: a second one waits, then fails with a clear line.

The lock is an OS file lock (flock via `filelock`) on `.kgraph.lock` inside the folder, so a
build killed with SIGKILL releases it with its process; no stale-lock clean-up is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kgraph.errors import KGraphError

LOCK_NAME = ".kgraph.lock"


class OutputBusy(KGraphError):
    """Another kgraph process holds the output folder."""


@contextmanager
def output_lock(folder: str | Path, timeout: float = 0.0) -> Iterator[Path]:
    """Hold the folder's lock for the block; wait up to `timeout` seconds for it."""
    from filelock import FileLock, Timeout

    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path / LOCK_NAME), timeout=max(timeout, 0.0))
    try:
        lock.acquire()
    except Timeout as err:
        waited = f" after waiting {timeout:g} s" if timeout > 0 else ""
        raise OutputBusy(
            f"{path}: another kgraph build is writing this folder{waited}; "
            "wait for it, pass --wait SECONDS, or choose another --out"
        ) from err
    except OSError as err:
        raise KGraphError(f"{path}: cannot create lock file {LOCK_NAME} ({err.strerror})") from err
    try:
        yield path
    finally:
        lock.release()
