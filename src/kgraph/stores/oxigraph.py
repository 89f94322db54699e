"""The embedded store for corpora: pyoxigraph on disk, used natively for load, query and dump."""

from __future__ import annotations

import gzip
import re
import shutil
import tempfile
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import rdflib
from filelock import FileLock, Timeout
from rdflib.term import Node

from kgraph.atomic import atomic_open
from kgraph.errors import QueryError, StoreError
from kgraph.stores.base import KG, PREFIXES, Store, bind_terms, check_iri, query_form
from kgraph.stores.formats import RdfFormat, oxigraph_format, rdf_format, rdf_format_for_path
from kgraph.stores.result import OxigraphResult, QueryResult, to_oxigraph, to_rdflib

LOCK_NAME = "kgraph.lock"
# Answers of the bundled queries kept beside the store (written by kgraph.views).
VIEWS_FOLDER = "kgraph-views"
VIEWS_FRESH = "fresh.json"  # written last by refresh_views, deleted first by drop_views


def views_dir(store_path: str | Path) -> Path:
    return Path(store_path) / VIEWS_FOLDER


def drop_views(store_path: str | Path) -> None:
    """Forget every kept answer (called before each write to the store)."""
    folder = views_dir(store_path)
    # The marker goes first: a crash part-way leaves files no reader will trust.
    (folder / VIEWS_FRESH).unlink(missing_ok=True)
    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)


_IRI = rb"<[^<>\"{}|^`\\\s]*>"
_BNODE = rb"_:[A-Za-z0-9_][A-Za-z0-9_.\-]*"
_LITERAL = rb'"(?:[^"\\\n\r]|\\.)*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^' + _IRI + rb")?"
# subject predicate object graph . -- group 1 is the triple without its graph
_QUAD_LINE = re.compile(
    rb"^\s*((?:"
    + _IRI
    + rb"|"
    + _BNODE
    + rb")\s+"
    + _IRI
    + rb"\s+(?:"
    + _IRI
    + rb"|"
    + _BNODE
    + rb"|"
    + _LITERAL
    + rb"))\s+(?:"
    + _IRI
    + rb"|"
    + _BNODE
    + rb")\s*\.\s*$"
)


class PyoxigraphBacked:
    """What every store held in a pyoxigraph `Store` (`self._store`) answers the same way."""

    _store: ox.Store

    def dump(self, path: str | Path, fmt: str | None = None) -> None:
        dump_oxigraph(self._store, path, rdf_format(fmt) if fmt else rdf_format_for_path(str(path)))

    def union_graph(self) -> rdflib.Graph:
        return union_of(self._store)

    def native(self) -> ox.Store:
        """The pyoxigraph store itself, for writing outputs natively while this one is open."""
        return self._store


class OxigraphStore(PyoxigraphBacked, Store):
    """A pyoxigraph Store in a folder, guarded by a lock file against a second writer.

    The lock is taken for read-only opens too: oxigraph documents a reader beside a writer in
    another process as undefined behaviour.

    Layout: each article in its named graph, and the default graph kept equal to the
    de-duplicated union of all named graphs. Queries run on that default graph. (oxigraph's own
    union-default-graph mode repeats a triple once per graph that holds it: an actor named in
    3,000 articles would match `rdfs:label` 3,000 times, and joins explode.) Writing an
    article removes the union triples no other graph still holds, in the same transaction.
    """

    name = "oxigraph"

    def __init__(self, path: str | Path, read_only: bool = False, lock_timeout: float = 10.0):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.is_dir():
            raise StoreError(f"no oxigraph store at {self.path}; build one first (--store PATH)")
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not an oxigraph store folder")
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(self.path / LOCK_NAME), timeout=lock_timeout)
        try:
            self._lock.acquire()
        except Timeout as err:
            raise StoreError(
                f"store {self.path} is in use by another kgraph process (waited {lock_timeout:g} s"
                f" for {self._lock.lock_file}); wait for it to finish or stop it"
            ) from err
        try:
            where = str(self.path)
            self._store = ox.Store.read_only(where) if read_only else ox.Store(where)
        except OSError as err:
            self._lock.release()
            raise StoreError(f"cannot open oxigraph store {self.path}: {err}") from err
        self._closed = False

    # --- writing -----------------------------------------------------------------------
    def _check_writable(self) -> None:
        super()._check_writable()
        # Every write passes here first: kept answers of the bundled queries no longer hold.
        drop_views(self.path)

    def replace_graph(self, graph_iri: str, data: bytes | str, fmt: str = "application/n-triples"):
        self._check_writable()
        iri = check_iri(graph_iri)
        fmt_ = rdf_format(fmt)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        try:
            triples = list(ox.parse(payload, format=oxigraph_format(fmt_)))
        except (SyntaxError, ValueError) as err:
            raise StoreError(f"cannot parse {fmt_.name} data for {iri}: {err}") from err
        body = b""
        if triples:
            if isinstance(triples[0], ox.Quad):
                triples = [q.triple for q in triples]
            # Re-serialised by oxigraph, so the text is canonical N-Triples: nothing in it can
            # close the INSERT DATA block early.
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        # One update is one transaction: readers see the old article or the new one, and the
        # union in the default graph always matches the named graphs.
        update = _drop_article(iri)
        if body:
            text = body.decode("utf-8")
            update += f" ; INSERT DATA {{ {text}\n GRAPH <{iri}> {{\n{text}\n}} }}"
        self._run_update(update)

    def remove_graph(self, graph_iri: str) -> None:
        self._check_writable()
        self._run_update(_drop_article(check_iri(graph_iri)))

    def bulk_load(self, source: str | Path | IO[bytes], fmt: str, graph_iri: str | None = None):
        self._check_writable()
        fmt_ = rdf_format(fmt)
        if not fmt_.quads and graph_iri is None:
            raise StoreError(f"{fmt_.name} holds triples only; pass graph_iri= to say where")
        to_graph = ox.NamedNode(check_iri(graph_iri)) if graph_iri else None
        oxfmt = oxigraph_format(fmt_)
        if not isinstance(source, str | Path):
            # Two passes below (articles, then the union): spool a one-shot stream to disk.
            with tempfile.NamedTemporaryFile(suffix=".rdf") as spool:
                shutil.copyfileobj(source, spool)
                spool.flush()
                self.bulk_load(spool.name, fmt, graph_iri)
            return
        try:
            if to_graph is not None:
                for target in (to_graph, ox.DefaultGraph()):
                    with _opened(source) as (stream, path):
                        self._store.bulk_load(stream, format=oxfmt, path=path, to_graph=target)
            else:
                with _opened(source) as (stream, path):
                    self._store.bulk_load(stream, format=oxfmt, path=path)
                self._load_union(source, fmt_)
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(f"cannot bulk-load {source} as {fmt_.name}: {err}") from err
        self._store.flush()

    def _load_union(self, source: str | Path, fmt: RdfFormat) -> None:
        """Add a quad file's triples to the default graph (the union)."""
        if fmt.name != "nq":
            with _opened(source) as (stream, path):
                parsed = ox.parse(stream, format=oxigraph_format(fmt), path=path)
                self._store.bulk_extend(
                    ox.Quad(q.subject, q.predicate, q.object)
                    for q in parsed
                    if not isinstance(q.graph_name, ox.DefaultGraph)
                )
            return
        # N-Quads: cut the graph term off each line and bulk-load the text as N-Triples, which
        # stays in Rust; building a Python object per quad is several times slower.
        opener = gzip.open if str(source).endswith(".gz") else open
        batch: list[bytes] = []
        odd: list[bytes] = []
        with opener(source, "rb") as lines:
            for line in lines:
                found = _QUAD_LINE.match(line)
                if found:
                    batch.append(found.group(1) + b" .\n")
                elif line.strip() and not line.lstrip().startswith(b"#"):
                    odd.append(line)  # unusual spelling: let the real parser decide
                if len(batch) >= 200_000:
                    self._add_default(b"".join(batch))
                    batch = []
        if batch:
            self._add_default(b"".join(batch))
        if odd:
            quads = ox.parse(b"".join(odd), format=ox.RdfFormat.N_QUADS)
            self._store.extend(
                ox.Quad(q.subject, q.predicate, q.object)
                for q in quads
                if not isinstance(q.graph_name, ox.DefaultGraph)
            )

    def _add_default(self, ntriples: bytes) -> None:
        self._store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())

    def _update(self, sparql: str) -> None:
        # A free-form update may touch any graph; rebuild the union so queries stay right.
        self._run_update(sparql + " ;\n" + _REBUILD_UNION)

    def _run_update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as err:
            raise QueryError(f"SPARQL update is malformed: {err}") from err
        except OSError as err:
            raise StoreError(f"cannot write to oxigraph store {self.path}: {err}") from err

    # --- reading -----------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Node | str] | None = None) -> QueryResult:
        try:
            return oxigraph_query(self._store, sparql, bindings)
        except OSError as err:
            raise StoreError(f"cannot read oxigraph store {self.path}: {err}") from err

    def has_graph(self, graph_iri: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(check_iri(graph_iri)))

    def graph_hash(self, graph_iri: str) -> str | None:
        graph = ox.NamedNode(check_iri(graph_iri))
        has_hash = ox.NamedNode(KG + "contentHash")
        for quad in self._store.quads_for_pattern(None, has_hash, None, graph):
            return quad.object.value
        return None

    def graphs(self) -> list[str]:
        from kgraph.stores.base import GRAPH_BASE

        names = (g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))
        return sorted(n for n in names if n.startswith(GRAPH_BASE))

    def __len__(self) -> int:
        """Quads in the article graphs (the derived union is not counted)."""
        return len(self._store) - _default_size(self._store)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self.read_only:
            self._store.flush()
        del self._store
        self._lock.release()


def oxigraph_query(
    store: ox.Store, sparql: str, bindings: Mapping[str, Node | str] | None = None
) -> OxigraphResult:
    """Run one query on a pyoxigraph store's default graph; `bindings` go in as RDF terms."""
    subs = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
    if subs and query_form(sparql) == "select":
        # oxigraph substitutes only projected variables; bind the rest in the text.
        sparql, subs = bind_terms(sparql, bindings or {}), {}
    try:
        result = store.query(sparql, prefixes=PREFIXES, substitutions=subs or None)
    except SyntaxError as err:
        raise QueryError(f"SPARQL query is malformed: {err}") from err
    return OxigraphResult(result)


def dump_oxigraph(store: ox.Store, path: str | Path, fmt: RdfFormat) -> None:
    """Write a store laid out as above: quads from the named graphs, triples from the union."""
    oxfmt = oxigraph_format(fmt)
    try:
        with atomic_open(path, "wb", encoding=None) as out:
            if fmt.quads:
                named = (q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
                ox.serialize(named, out, format=oxfmt, prefixes=_prefixes(fmt.name))
            else:
                store.dump(
                    out, format=oxfmt, from_graph=ox.DefaultGraph(), prefixes=_prefixes(fmt.name)
                )
    except (OSError, ValueError) as err:
        raise StoreError(f"cannot export the store to {path}: {err}") from err


def union_of(store: ox.Store) -> rdflib.Graph:
    """The union (the default graph) as an rdflib Graph."""
    graph = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    # Term by term, each IRI converted once: about three times faster than rdflib's N-Triples
    # parser on the same triples.
    iris: dict[str, rdflib.URIRef] = {}

    def term(node):
        if isinstance(node, ox.NamedNode):
            found = iris.get(node.value)
            if found is None:
                found = iris[node.value] = rdflib.URIRef(node.value)
            return found
        return to_rdflib(node)

    add = graph.add
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


def _drop_article(iri: str) -> str:
    """Update text removing one article: its union triples no other graph holds, then it."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{iri}>) }} }} ; "
        f"DROP SILENT GRAPH <{iri}>"
    )


_REBUILD_UNION = "DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def _default_size(store: ox.Store) -> int:
    for row in store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
        return int(row[0].value)
    return 0


@contextmanager
def _opened(source: str | Path | IO[bytes]):
    """(stream, path) for pyoxigraph: a path for plain files, a stream for .gz or file objects."""
    if isinstance(source, str | Path) and str(source).endswith(".gz"):
        with gzip.open(source, "rb") as stream:
            yield stream, None
    elif isinstance(source, str | Path):
        yield None, str(source)
    else:
        yield source, None


def _prefixes(fmt_name: str) -> dict[str, str] | None:
    return PREFIXES if fmt_name in ("ttl", "trig") else None
