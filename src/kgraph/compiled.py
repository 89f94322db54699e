"""Indexes compiled from the shipped data files, kept between runs in the cache folder.

Parsing the gazetteer's or the trigger lexicon's Turtle at every start costs more than
reading back the index built from it. An index is stored as a pickle named by a digest of
its source files' names and bytes, the module that defines it, the Python version and a
layout version: an edited file or changed code gives a new name, so a stale index is never
read. A missing,
unreadable or unwritable cache only costs time.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from kgraph.atomic import atomic_write_bytes

T = TypeVar("T")


def cache_dir() -> Path:
    """Where compiled indexes go: $KGRAPH_CACHE_DIR, else the user's cache folder."""
    explicit = os.environ.get("KGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kgraph"


def compiled(
    name: str, layout: bytes, files: Sequence[Path], build: Callable[[], T], kind: type[T]
) -> T:
    """The index `build()` makes from `files`, read from the cache when one matches them."""
    # the module defining the index's classes is part of its source: a changed class layout
    # must not read an index pickled by the old code
    code = getattr(sys.modules.get(kind.__module__), "__file__", None)
    path = index_path(name, layout, [*files, Path(code)] if code else files)
    try:
        with open(path, "rb") as handle:
            cached = _unpickle(handle.read())
        if isinstance(cached, kind):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    index = build()
    with contextlib.suppress(OSError):  # a read-only home: every process parses the RDF
        atomic_write_bytes(path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    return index


def _unpickle(data: bytes) -> object:
    # Hundreds of thousands of new objects would start the cyclic garbage collector over and
    # over, for nothing: an index holds no garbage. This halves the time to read one.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def index_path(name: str, layout: bytes, files: Sequence[Path]) -> Path:
    digest = hashlib.sha256(layout)
    digest.update(f"{sys.version_info[:2]}".encode())
    for path in files:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    return cache_dir() / f"{name}-{digest.hexdigest()[:40]}.pickle"
