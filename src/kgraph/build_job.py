"""`kgraph build` as a library call: read, extract, write every output, summarise."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Dataset, Graph

from kgraph.documents import read_report
from kgraph.errors import InputError
from kgraph.model import ENTITY_CLASSES, PREDICATES, Extraction
from kgraph.vocab import KG


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
    started = time.perf_counter()
    report = read_report(inputs, strict=not options.keep_going)
    if not report.documents:
        raise InputError(report.problems[0] if report.problems else "no articles found")
    extractions = _extract(report.documents, options)
    summary = BuildSummary(documents=len(extractions), problems=list(report.problems))
    graph = graph_of(extractions)
    _count(graph, summary)
    options.out.mkdir(parents=True, exist_ok=True)
    _write_outputs(graph, extractions, options, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _extract(documents, options: BuildOptions) -> list[Extraction]:
    if options.jobs > 1 or options.dask:
        from kgraph.parallel import extract_many as extract_parallel

        return list(extract_parallel(documents, jobs=options.jobs, dask_address=options.dask))
    from kgraph.pipeline import extract_many

    return list(extract_many(documents, model=options.model))


def graph_of(extractions: Sequence[Extraction]) -> Graph:
    from kgraph.rdf import union_graph

    return union_graph(extractions)


def dataset_of(extractions: Sequence[Extraction]) -> Dataset:
    """One named graph per article, for quad formats and stores."""
    from kgraph.rdf import PREFIXES, add_extraction, graph_iri

    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    for extraction in extractions:
        add_extraction(dataset.graph(graph_iri(extraction.document.doc_id)), extraction)
    return dataset


def _count(graph: Graph, summary: BuildSummary) -> None:
    for cls in ENTITY_CLASSES:
        n = len(set(graph.subjects(RDF.type, KG[cls])))
        if n:
            summary.entities[cls] = n
    for predicate in PREDICATES:
        n = len(list(graph.triples((None, KG[predicate], None))))
        if n:
            summary.relations[predicate] = n
    summary.triples = len(graph)


def _write_outputs(
    graph: Graph, extractions: Sequence[Extraction], options: BuildOptions, summary: BuildSummary
) -> None:
    from kgraph.graphio import write_graph

    out = options.out
    summary.written.append(write_graph(graph, out / "graph.ttl", "ttl"))
    for fmt in options.formats:
        from kgraph.graphio import FORMATS

        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        suffix = FORMATS[fmt][1]
        source = dataset_of(extractions) if fmt in ("nq", "trig") else graph
        summary.written.append(write_graph(source, out / f"graph{suffix}", fmt))
    if options.html:
        from kgraph.viz import write_html

        write_html(graph, out / "graph.html")
        summary.written.append(out / "graph.html")
    if options.reason:
        from kgraph.reason import write_inferences

        path = out / "inferred.ttl"
        write_inferences(graph, path)
        summary.written.append(path)
    if options.validate:
        from kgraph.validate import validate_shacl

        report = validate_shacl(graph)
        summary.notes.append(
            "shacl: " + ("conforms" if report.conforms else f"{len(report.results)} violations")
        )
    if options.store:
        from kgraph.parallel import load_extractions
        from kgraph.stores import open_store

        with open_store(options.store) as store:
            built, skipped = load_extractions(store, extractions)
        summary.notes.append(f"store: {built} articles loaded, {skipped} unchanged skipped")
