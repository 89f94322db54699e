"""Extract many articles: in this process, in a process pool, or on a Dask cluster; then load
each article into its own named graph, skipping articles whose text has not changed.

    counts = build_store(store, documents, jobs=4)               # or dask_address="tcp://..."
    print(f"{counts.built} built, {counts.skipped} unchanged")

The per-article work is `kgraph.pipeline.extract(doc)` and `kgraph.rdf.extraction_graph(x)`;
both can be swapped (tests, benchmarks) by passing module-level functions, which must be
importable by name in worker processes.
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from kgraph.errors import KGraphError
from kgraph.model import Document, Extraction
from kgraph.stores import Store, graph_iri

ExtractFn = Callable[[Document], Extraction]
ToRdfFn = Callable[[Extraction], object]  # -> rdflib.Graph of one article

_worker_extract: ExtractFn | None = None


class LoadCounts(NamedTuple):
    """Articles written to the store, and articles skipped as unchanged: `built, skipped = c`."""

    built: int = 0
    skipped: int = 0

    def __add__(self, other: tuple) -> LoadCounts:  # type: ignore[override]
        return LoadCounts(self.built + other[0], self.skipped + other[1])


# --- the default per-article functions (imported late: they pull in spaCy) --------------
def default_extract(doc: Document) -> Extraction:
    from kgraph.pipeline import extract

    return extract(doc)


def _extract_all(fn: ExtractFn | None, docs: Iterable[Document]) -> Iterator[Extraction]:
    """Apply fn to each document; the default extractor parses them in `nlp.pipe` batches,
    which is measurably faster than one `nlp(text)` call per article."""
    if fn is None or fn is default_extract:
        from kgraph.pipeline import extract_many as extract_batched

        return extract_batched(docs)
    return (fn(doc) for doc in docs)


def content_hash(doc: Document) -> str:
    from kgraph.documents import content_hash as document_hash

    return document_hash(doc)


def article_ntriples(extraction: Extraction, to_rdf: ToRdfFn | None = None) -> bytes:
    """One article's triples as N-Triples bytes."""
    if to_rdf is None:
        # Written by pyoxigraph from the quads kgraph.rdf emits: no rdflib Graph per article.
        import pyoxigraph as ox

        from kgraph.rdf import extraction_quads

        triples = [quad.triple for quad in extraction_quads(extraction)]
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph = to_rdf(extraction)
    return graph.serialize(format="nt", encoding="utf-8")  # type: ignore[attr-defined]


# --- extraction -------------------------------------------------------------------------
def extract_many(
    docs: Iterable[Document],
    jobs: int = 1,
    dask_address: str | None = None,
    progress: bool = True,
    extract_fn: ExtractFn | None = None,
    total: int | None = None,
    chunk_size: int = 8,
) -> Iterator[Extraction]:
    """Extract every document, in input order.

    jobs == 1 runs here; jobs > 1 uses a pool of `jobs` spawned processes, each loading the
    spaCy model once; `dask_address` ("tcp://host:8786", or a dask Client) sends chunks to a
    Dask cluster instead. Progress on stderr (a bar on a terminal, a few lines in a log) shows
    articles/s and, when the number of documents is known, the time left.
    """
    if jobs < 1:
        raise KGraphError(f"--jobs must be 1 or more, not {jobs}")
    fn = extract_fn or default_extract
    if total is None and isinstance(docs, Sequence):
        total = len(docs)
    bar = _progress(total, progress, "extract")
    try:
        if dask_address is not None:
            results = _dask_extract(docs, dask_address, fn, chunk_size)
        elif jobs == 1:
            results = _extract_all(fn, docs)
        else:
            results = _pool_extract(docs, jobs, fn, chunk_size)
        for extraction in results:
            bar.update(1)
            yield extraction
    finally:
        bar.close()


def _progress(total: int | None, enabled: bool, what: str):
    from kgraph.progress import progress as progress_on_stderr

    # A bar on a terminal; in a log, a line per few percent or per minute.
    return progress_on_stderr(total, enabled=enabled, what=what, stream=sys.stderr)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _init_worker(fn: ExtractFn | None) -> None:
    global _worker_extract
    _worker_extract = fn or default_extract
    if fn is None:
        from kgraph.pipeline import freeze_loaded_data, prepare_extraction

        prepare_extraction()  # once per worker, before the first article arrives
        freeze_loaded_data()


def _extract_chunk(chunk: list[Document]) -> list[Extraction]:
    return list(_extract_all(_worker_extract, chunk))


def _fork_is_safe() -> bool:
    """fork shares the parent's loaded model with the workers (no per-worker load), but is only
    safe while this process runs no other threads (tqdm's idle monitor thread aside)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    others = [
        t
        for t in threading.enumerate()
        if t is not threading.main_thread() and type(t).__name__ != "TMonitor"
    ]
    return not others


def _pool_extract(
    docs: Iterable[Document], jobs: int, fn: ExtractFn, chunk_size: int
) -> Iterator[Extraction]:
    iterator = iter(docs)
    method = "fork" if _fork_is_safe() else "spawn"
    if method == "fork":
        # The first article runs here: it loads the model, gazetteer and matchers once, and
        # every forked worker starts with them in (copy-on-write) memory.
        first = next(iterator, None)
        if first is None:
            return
        yield fn(first)
    # spawn otherwise: each worker imports kgraph afresh and loads the model in its initializer.
    context = multiprocessing.get_context(method)
    initarg = None if fn is default_extract else fn
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_init_worker, initargs=(initarg,)
    ) as pool:
        pending: deque[Future] = deque()
        # A bounded window of chunks in flight keeps memory flat on huge inputs, and taking
        # results in submission order keeps the output order (and the store) deterministic.
        for chunk in _chunks(iterator, chunk_size):
            pending.append(pool.submit(_extract_chunk, chunk))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _dask_client(address):
    try:
        from dask.distributed import Client
    except ImportError as err:
        raise KGraphError("--dask needs dask.distributed: pip install 'kgraph[dask]'") from err
    if isinstance(address, Client):
        return address, False
    try:
        return Client(address, timeout="20s"), True
    except OSError as err:
        raise KGraphError(f"cannot reach the Dask scheduler at {address}: {err}") from err


def _run_chunk(fn: ExtractFn, chunk: list[Document]) -> list[Extraction]:
    return list(_extract_all(fn, chunk))


def _dask_extract(docs, address, fn: ExtractFn, chunk_size: int) -> Iterator[Extraction]:
    client, owned = _dask_client(address)
    try:
        futures = [
            client.submit(_run_chunk, fn, chunk, pure=False) for chunk in _chunks(docs, chunk_size)
        ]
        for future in futures:
            yield from future.result()
    finally:
        if owned:
            client.close()


# --- loading ----------------------------------------------------------------------------
def pending_documents(
    store: Store, docs: Iterable[Document], force: bool = False
) -> tuple[list[Document], int]:
    """Documents whose stored content hash differs from their text (all of them with force)."""
    todo: list[Document] = []
    skipped = 0
    for doc in docs:
        if not force and store.graph_hash(graph_iri(doc.doc_id)) == content_hash(doc):
            skipped += 1
        else:
            todo.append(doc)
    return todo, skipped


def load_extractions(
    store: Store,
    extractions: Iterable[Extraction],
    force: bool = False,
    to_rdf: ToRdfFn | None = None,
) -> LoadCounts:
    """Write each extraction to its article graph, replacing what was there; skip articles whose
    stored kg:contentHash equals the document's (unless force)."""
    built = skipped = 0
    for extraction in extractions:
        iri = graph_iri(extraction.document.doc_id)
        if not force and store.graph_hash(iri) == content_hash(extraction.document):
            skipped += 1
            continue
        store.replace_graph(iri, article_ntriples(extraction, to_rdf), "application/n-triples")
        built += 1
    return LoadCounts(built, skipped)


def build_store(
    store: Store,
    docs: Iterable[Document],
    jobs: int = 1,
    dask_address=None,
    progress: bool = True,
    force: bool = False,
    extract_fn: ExtractFn | None = None,
    to_rdf: ToRdfFn | None = None,
    workdir: str | Path | None = None,
    partition_size: int = 64,
    on_extraction: Callable[[Extraction], None] | None = None,
) -> LoadCounts:
    """Extract the documents that changed and load them, one named graph per article.

    `on_extraction` sees each new extraction as it is loaded (e.g. to keep them for the HTML
    view); it is not called with Dask, whose extractions stay on the workers.

    Unchanged articles (same kg:contentHash in the store) are skipped before any NLP runs.
    With `dask_address`, workers write one N-Quads file per partition into `workdir` (a folder
    every worker and this process can see: a shared file system on a real cluster) and the
    store bulk-loads them.
    """
    todo, skipped = pending_documents(store, docs, force)
    if not todo:
        return LoadCounts(0, skipped)
    if dask_address is None:
        from kgraph.registry import IdentityRegistry, identify

        extractions = identify(
            extract_many(todo, jobs, None, progress, extract_fn), IdentityRegistry.from_store(store)
        )
        if on_extraction is not None:
            extractions = _tap(extractions, on_extraction)
        return load_extractions(store, extractions, force=True, to_rdf=to_rdf) + LoadCounts(
            0, skipped
        )
    return _dask_build(
        store, todo, dask_address, progress, extract_fn, to_rdf, workdir, partition_size
    ) + LoadCounts(0, skipped)


def _tap(items: Iterable[Extraction], callback: Callable[[Extraction], None]):
    for item in items:
        callback(item)
        yield item


def extract_partition(
    docs: list[Document],
    path: str,
    extract_fn: ExtractFn | None = None,
    to_rdf: ToRdfFn | None = None,
) -> tuple[str, list[str]]:
    """Dask task: extract a partition, write its articles as N-Quads (graph per article)."""
    import pyoxigraph as ox

    from kgraph.atomic import atomic_open

    fn = extract_fn or default_extract
    doc_ids = []
    with atomic_open(path, "wb", encoding=None) as out:
        for doc in docs:
            extraction = fn(doc)
            graph = ox.NamedNode(graph_iri(doc.doc_id))
            triples = ox.parse(article_ntriples(extraction, to_rdf), format=ox.RdfFormat.N_TRIPLES)
            quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
            ox.serialize(quads, out, format=ox.RdfFormat.N_QUADS)
            doc_ids.append(doc.doc_id)
    return path, doc_ids


def _dask_build(
    store: Store,
    docs: list[Document],
    address,
    progress: bool,
    extract_fn: ExtractFn | None,
    to_rdf: ToRdfFn | None,
    workdir: str | Path | None,
    partition_size: int,
) -> LoadCounts:
    from dask.distributed import as_completed

    client, owned = _dask_client(address)
    folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="kgraph-dask-"))
    folder.mkdir(parents=True, exist_ok=True)
    bar = _progress(len(docs), progress, "extract (dask)")
    built = 0
    try:
        futures = [
            client.submit(
                extract_partition,
                part,
                str(folder / f"part-{index:06d}.nq"),
                extract_fn,
                to_rdf,
                pure=False,
            )
            for index, part in enumerate(_chunks(docs, partition_size))
        ]
        for future in as_completed(futures):
            path, doc_ids = future.result()
            # Old versions of these articles go first; the partition file then brings the new.
            for doc_id in doc_ids:
                store.remove_graph(graph_iri(doc_id))
            store.bulk_load(path, "nq")
            Path(path).unlink(missing_ok=True)
            built += len(doc_ids)
            bar.update(len(doc_ids))
    finally:
        bar.close()
        if owned:
            client.close()
        if not workdir:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
    return LoadCounts(built, 0)
