"""Parallel extraction and store loading: serial, process pool, Dask LocalCluster."""

from __future__ import annotations

import os

import pytest
import rdflib
from rdflib.compare import isomorphic

from kgraph.documents import content_hash, document_from_text
from kgraph.model import Document, Entity, Extraction, Sentence
from kgraph.parallel import (
    LoadCounts,
    build_store,
    extract_many,
    extract_partition,
    load_extractions,
    pending_documents,
)
from kgraph.stores import graph_iri, open_store

TEXTS = {
    "alpha": "Freedonia and Sylvania held talks in the capital on Monday.",
    "beta": "Ruritania denied that its troops were present in the valley.",
    "gamma": "Observers from the regional organisation arrived on Tuesday.",
    "delta": "Grand Fenwick signed an agreement with its neighbours.",
    "epsilon": "The ministers met again to discuss the withdrawal.",
}


def make_docs(texts: dict[str, str] = TEXTS) -> list[Document]:
    return [
        document_from_text(f"---\ntitle: {name}\n---\n{text}\n", origin=f"{name}.txt")
        for name, text in texts.items()
    ]


def stand_in_extract(doc: Document) -> Extraction:
    """A cheap extractor with the real one's shape: one Country named by the first word."""
    first = doc.text.split()[0].strip(".,")
    return Extraction(
        document=doc,
        sentences=(Sentence(0, 0, len(doc.text), doc.text),),
        entities=(
            Entity(key=f"label:Country:{first.lower()}", label=first, entity_class="Country"),
        ),
    )


def worker_pid_extract(doc: Document) -> Extraction:
    """Records which process extracted the document, in the entity label."""
    return Extraction(
        document=doc,
        sentences=(),
        entities=(Entity(key=f"pid:{os.getpid()}", label=str(os.getpid()), entity_class="Person"),),
    )


def test_parallel_extract_many_serial_and_pool_agree_in_order():
    docs = make_docs()
    serial = list(extract_many(docs, jobs=1, progress=False, extract_fn=stand_in_extract))
    pooled = list(
        extract_many(docs, jobs=2, progress=False, extract_fn=stand_in_extract, chunk_size=1)
    )
    assert [x.document.doc_id for x in pooled] == [d.doc_id for d in docs]
    assert pooled == serial


@pytest.mark.parametrize("fork", [True, False])
def test_parallel_pool_runs_in_other_processes(monkeypatch, fork):
    import kgraph.parallel

    monkeypatch.setattr(kgraph.parallel, "_fork_is_safe", lambda: fork)
    docs = make_docs() * 4
    out = list(
        extract_many(docs, jobs=2, progress=False, extract_fn=worker_pid_extract, chunk_size=2)
    )
    assert [x.document.doc_id for x in out] == [d.doc_id for d in docs]
    pids = [x.entities[0].label for x in out]
    # with fork the first article warms the parent (model loaded once, shared by the workers)
    workers = set(pids[1:]) if fork else set(pids)
    assert str(os.getpid()) not in workers
    assert 1 <= len(workers) <= 2
    assert (pids[0] == str(os.getpid())) is fork


def test_parallel_progress_in_a_log_shows_rate_and_time_left(capsys):
    list(extract_many(make_docs(), jobs=1, progress=True, extract_fn=stand_in_extract))
    err = capsys.readouterr().err  # not a terminal: plain lines, no bar redrawn with \r
    assert "\r" not in err
    assert "1/5 articles (20%)" in err and "left" in err
    assert "5/5 articles (100%)" in err and "articles/s" in err


def test_parallel_build_store_skips_unchanged_and_replaces_changed(tmp_path):
    with open_store(tmp_path / "store") as store:
        docs = make_docs()
        seen = []
        first = build_store(
            store, docs, progress=False, extract_fn=stand_in_extract, on_extraction=seen.append
        )
        assert first == LoadCounts(built=5, skipped=0)
        assert [x.document.doc_id for x in seen] == [d.doc_id for d in docs]
        size = len(store)
        assert store.graph_hash(graph_iri(docs[0].doc_id)) == content_hash(docs[0])

        again = build_store(store, make_docs(), progress=False, extract_fn=stand_in_extract)
        assert again == LoadCounts(built=0, skipped=5)
        assert len(store) == size

        changed = dict(TEXTS, beta="Zembla denied everything in a short statement.")
        third = build_store(store, make_docs(changed), progress=False, extract_fn=stand_in_extract)
        assert third == LoadCounts(built=1, skipped=4)
        labels = {
            str(r[0])
            for r in store.query("SELECT ?l WHERE { ?e a kg:Country ; rdfs:label ?l }").rows()
        }
        assert "Zembla" in labels and "Ruritania" not in labels
        assert len(store.graphs()) == 5

        forced = build_store(
            store, make_docs(changed), progress=False, force=True, extract_fn=stand_in_extract
        )
        assert forced == LoadCounts(built=5, skipped=0)


def test_parallel_load_extractions_and_pending_documents():
    store = open_store("memory")
    docs = make_docs()
    counts = load_extractions(store, (stand_in_extract(d) for d in docs[:2]))
    assert counts == LoadCounts(2, 0)
    assert load_extractions(store, (stand_in_extract(d) for d in docs[:2])) == LoadCounts(0, 2)
    todo, skipped = pending_documents(store, docs)
    assert skipped == 2 and [d.doc_id for d in todo] == [d.doc_id for d in docs[2:]]


def test_parallel_extract_partition_writes_one_graph_per_article(tmp_path):
    docs = make_docs()[:3]
    path, ids = extract_partition(docs, str(tmp_path / "p.nq"), stand_in_extract)
    assert ids == [d.doc_id for d in docs]
    dataset = rdflib.Dataset().parse(path, format="nquads")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {graph_iri(d.doc_id) for d in docs}


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    )
    yield cluster
    cluster.close()


@pytest.mark.slow
def test_parallel_dask_local_cluster_builds_the_same_store(tmp_path, dask_cluster):
    docs = make_docs()
    with open_store(tmp_path / "serial") as serial:
        build_store(serial, docs, progress=False, extract_fn=stand_in_extract)
        expected = serial.union_graph()
        expected_graphs = serial.graphs()
    with open_store(tmp_path / "dask") as store:
        counts = build_store(
            store,
            docs,
            dask_address=dask_cluster.scheduler_address,
            progress=False,
            extract_fn=stand_in_extract,
            workdir=tmp_path / "parts",
            partition_size=2,
        )
        assert counts == LoadCounts(built=5, skipped=0)
        assert store.graphs() == expected_graphs
        assert isomorphic(store.union_graph(), expected)
        assert list((tmp_path / "parts").iterdir()) == []  # loaded partitions are removed
        again = build_store(
            store,
            docs,
            dask_address=dask_cluster.scheduler_address,
            progress=False,
            extract_fn=stand_in_extract,
        )
        assert again == LoadCounts(built=0, skipped=5)
    extracted = list(
        extract_many(
            docs,
            dask_address=dask_cluster.scheduler_address,
            progress=False,
            extract_fn=stand_in_extract,
            chunk_size=2,
        )
    )
    assert [x.document.doc_id for x in extracted] == [d.doc_id for d in docs]


def test_parallel_rejects_bad_jobs():
    from kgraph.errors import KGraphError

    with pytest.raises(KGraphError, match="--jobs"):
        list(extract_many(make_docs(), jobs=0, progress=False, extract_fn=stand_in_extract))


@pytest.mark.slow
def test_parallel_real_pipeline_pool_matches_serial(tmp_path):
    """The real extractor (spaCy) in two worker processes gives what one process gives, and
    parsing articles in batches gives what parsing each alone gives."""
    from kgraph.pipeline import extract

    texts = {
        "p1": "Freedonia and Sylvania held talks in Geneva on Monday, officials said.",
        "p2": "The United Nations mediated a ceasefire agreement between the two sides.",
        "p3": "Russian peacekeepers were deployed in the region after the agreement.",
    }
    docs = make_docs(texts)
    serial = list(extract_many(docs, jobs=1, progress=False))
    pooled = list(extract_many(docs, jobs=2, progress=False, chunk_size=1))
    batched = list(extract_many(docs, jobs=2, progress=False, chunk_size=2))
    assert pooled == serial
    assert batched == serial
    assert serial == [extract(doc) for doc in docs]
    assert any(x.entities for x in serial)
    with open_store(tmp_path / "real") as store:
        counts = build_store(store, docs, jobs=2, progress=False)
        assert counts == LoadCounts(3, 0)
        assert store.graph_hash(graph_iri(docs[1].doc_id)) == content_hash(docs[1])
        assert build_store(store, docs, jobs=2, progress=False) == LoadCounts(0, 3)
