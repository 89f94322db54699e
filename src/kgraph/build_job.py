"""`kgraph build` as a library call: read, extract, write every output, summarise."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kgraph.corpus import CorpusGraph
from kgraph.documents import read_report
from kgraph.errors import InputError
from kgraph.model import ENTITY_CLASSES, PREDICATES, Document, Extraction


@dataclass(frozen=True)
class BuildOptions:
    out: Path = Path("output")
    formats: tuple[str, ...] = ()
    model: str | None = None
    html: bool = True
    reason: bool = False
    validate: bool = False
    store: str | None = None
    jobs: int = 1
    dask: str | None = None
    keep_going: bool = False
    # Seconds to wait for another build holding `out`; 0 fails at once.
    wait: float = 0.0


@dataclass
class BuildSummary:
    documents: int = 0
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"documents: {self.documents}"]
        lines.append(
            "entities: "
            + (", ".join(f"{k} {v}" for k, v in sorted(self.entities.items())) or "none")
        )
        lines.append(
            "relations: "
            + (", ".join(f"{k} {v}" for k, v in sorted(self.relations.items())) or "none")
        )
        lines.append(f"triples: {self.triples}")
        lines.extend(self.notes)
        lines.append("wrote: " + ", ".join(str(p) for p in self.written))
        lines.append(f"seconds: {self.seconds:.1f}")
        return "\n".join(lines)


def run_build(inputs: Sequence[str | Path], options: BuildOptions) -> BuildSummary:
    """Build `inputs` into `options.out`; skipped inputs are listed in `summary.problems`.

    A bad file named directly stops the build (unless `keep_going`); bad files inside a
    folder and non-English articles are skipped and listed. Only one build writes an output
    folder at a time (see `kgraph.locking`).
    """
    from kgraph.atomic import remove_stale_temp_files
    from kgraph.locking import output_lock
    from kgraph.registry import identify

    started = time.perf_counter()
    report = read_report(inputs, strict=not options.keep_going)
    documents, skipped = _english_only(report.documents)
    problems = [*report.problems, *skipped]
    if not documents:
        raise InputError(
            "nothing to build: "
            + (problems[0] if problems else "no articles found")
            + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else "")
        )
    _check_formats(options.formats)
    with output_lock(options.out, timeout=options.wait), _unfrozen_after():
        remove_stale_temp_files(options.out)
        if options.store:
            summary = _build_into_store(documents, options, problems)
        else:
            named = any(fmt in ("nq", "trig") for fmt in options.formats)
            corpus = CorpusGraph(named_graphs=named)
            corpus.add_all(identify(_extract(documents, options))).finish()
            _release_extraction_memory()
            summary = BuildSummary(documents=corpus.documents, problems=problems)
            _count(corpus, summary)
            _write_outputs(corpus, options, summary)
    summary.seconds = time.perf_counter() - started
    return summary


# What extraction keeps loaded for the next article: the parse model, the gazetteer and the
# matchers built over it (a few hundred MB, more than the graph of thousands of articles).
_EXTRACTION_CACHES = (
    ("kgraph.nlp", "_load"),
    ("kgraph.extract.lexicon", "load_lexicon"),
    ("kgraph.extract.triggers", "load_trigger_index"),
    ("kgraph.extract.name_matcher", "_MATCHERS"),
    ("kgraph.gazetteer", "_CACHE"),
)


@contextmanager
def _unfrozen_after() -> Iterator[None]:
    """Whatever path the build takes, what `freeze_loaded_data` froze is collectable again
    after it (a process may build more than once: tests, notebooks)."""
    import gc

    try:
        yield
    finally:
        gc.unfreeze()


def _release_extraction_memory() -> None:
    """Every article is extracted: let the extraction caches go before the outputs (the HTML
    page above all) are built, so the two never add up at the build's peak. A later build in
    the same process loads them again."""
    import gc
    import sys

    gc.unfreeze()  # what freeze_loaded_data kept out of collections can go now
    for module, name in _EXTRACTION_CACHES:
        cache = getattr(sys.modules.get(module), name, None)
        clear = getattr(cache, "cache_clear", None) or getattr(cache, "clear", None)
        if clear is not None:
            clear()
    gc.collect()


def _check_formats(formats: Sequence[str]) -> None:
    from kgraph.graphio import FORMATS

    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def _build_into_store(
    documents: Sequence[Document], options: BuildOptions, problems: list[str]
) -> BuildSummary:
    """Extract only the articles the store does not hold yet (unchanged ones are skipped
    before any NLP runs), load them, and write the outputs from the whole store."""
    from kgraph.parallel import build_store
    from kgraph.stores import open_store
    from kgraph.stores.oxigraph import OxigraphStore

    with open_store(options.store) as store:
        counts = build_store(
            store, documents, jobs=options.jobs, dask_address=options.dask, progress=True
        )
        views_note = _refresh_views(store)
        summary = BuildSummary(documents=len(documents), problems=problems)
        summary.notes.append(
            f"store: {counts.built} articles extracted and loaded, "
            f"{counts.skipped} unchanged skipped; outputs show the whole store"
        )
        if views_note:
            summary.notes.append(views_note)
        if isinstance(store, OxigraphStore):
            # Its default graph is the union and its named graphs the articles: kgraph's layout.
            corpus = CorpusGraph(store.native(), named_graphs=True)
        else:
            corpus = CorpusGraph()
            corpus.store.bulk_load(
                store.union_graph().serialize(format="nt", encoding="utf-8"),
                format=ox.RdfFormat.N_TRIPLES,
                to_graph=ox.DefaultGraph(),
            )
        _count(corpus, summary)
        _write_outputs(corpus, options, summary, store=store)
    return summary


def _refresh_views(store) -> str | None:
    """Answer the bundled queries once now, so `kgraph query --store` pages them at once."""
    from kgraph.stores.oxigraph import OxigraphStore
    from kgraph.views import refresh_views

    if not isinstance(store, OxigraphStore):
        return None
    started = time.perf_counter()
    counts = refresh_views(store)
    seconds = time.perf_counter() - started
    return f"views: answers of {len(counts)} bundled queries kept ({seconds:.1f} s)"


def _dump_store(store, path: Path, fmt: str) -> Path:
    """Every article's named graph, from the store itself, renamed into place when complete."""
    import os
    import tempfile

    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        store.dump(temporary, fmt)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return path


def _english_only(documents: Sequence[Document]) -> tuple[list[Document], list[str]]:
    """The extractor reads English only; other articles would yield garbage triples."""
    from kgraph.language import not_english

    kept, skipped = [], []
    for document in documents:
        guess = not_english(document.text)
        if guess is None:
            kept.append(document)
        else:
            skipped.append(
                f"{document.origin}: not English (detected {guess.language!r}, "
                f"p={guess.confidence:.2f}); kgraph reads English news only"
            )
    return kept, skipped


def _extract(documents, options: BuildOptions) -> Iterator[Extraction]:
    if options.jobs > 1 or options.dask:
        from kgraph.parallel import extract_many as extract_parallel

        return extract_parallel(documents, jobs=options.jobs, dask_address=options.dask)
    from kgraph.pipeline import extract_many, freeze_loaded_data, prepare_extraction

    prepare_extraction(options.model)
    freeze_loaded_data()
    return extract_many(documents, model=options.model)


def graph_of(extractions: Sequence[Extraction]) -> Graph:
    from kgraph.rdf import union_graph

    return union_graph(extractions)


def _count(corpus: CorpusGraph, summary: BuildSummary) -> None:
    summary.entities, summary.relations = corpus.counts(ENTITY_CLASSES, PREDICATES)
    summary.triples = len(corpus)


def _write_outputs(
    corpus: CorpusGraph, options: BuildOptions, summary: BuildSummary, store=None
) -> None:
    """graph.ttl and the other outputs, written from pyoxigraph. rdflib sees the corpus only
    through a view of the same store (the HTML) or, for the opt-in extras that walk it
    heavily (JSON-LD, RDF/XML, reasoning, SHACL), a copy made once."""
    from kgraph.graphio import FORMATS, write_store

    out = options.out
    summary.written.append(write_store(corpus.store, out / "graph.ttl", "ttl"))
    copy: Graph | None = None

    def rdflib_copy() -> Graph:
        nonlocal copy
        if copy is None:
            copy = corpus.rdflib_graph()
        return copy

    for fmt in options.formats:
        path = out / f"graph{FORMATS[fmt][1]}"
        if fmt in ("nq", "trig") and store is not None and not corpus.named_graphs:
            summary.written.append(_dump_store(store, path, fmt))
        elif fmt in ("nt", "nq", "trig"):
            summary.written.append(write_store(corpus.store, path, fmt))
        else:
            from kgraph.export import export_graph

            summary.written.append(export_graph(rdflib_copy(), path, fmt))
    if options.html:
        from kgraph.viz import write_html

        write_html(corpus.rdflib_view(), out / "graph.html")
        summary.written.append(out / "graph.html")
    if options.reason:
        from kgraph.reason import write_inferences

        path = out / "inferred.ttl"
        write_inferences(rdflib_copy(), path)
        summary.written.append(path)
    if options.validate:
        from kgraph.validate import validate_shacl

        report = validate_shacl(rdflib_copy())
        summary.notes.append(
            "shacl: " + ("conforms" if report.conforms else f"{len(report.results)} violations")
        )
