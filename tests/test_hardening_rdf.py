"""Hostile article text and generated text: safe IRIs, round-tripping RDF, repeatable builds."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from kgraph.build_job import BuildOptions, graph_of, run_build
from kgraph.documents import document_from_text, read_report
from kgraph.errors import KGraphError
from kgraph.vocab import KG

# What an IRI we mint may contain: unreserved and delimiter ASCII, nothing from the text.
_SAFE_IRI = re.compile(r"\A[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+\Z")
_MINTED_PATH = re.compile(r"\A[a-z]+/[a-z0-9][a-z0-9-]*\Z")
KGR = "https://w3id.org/kgraph/resource/"

HOSTILE = (
    "---\ntitle: <script>alert('t')</script> \"Talks\" \u202eover\u202c > nothing\n"
    'source: Wire" ; <x> a <y> .\npublished: 2024-03-06\n---\n'
    # The markup sits where it cannot garble the parse of the relation: this file tests what
    # reaches the RDF, not extraction from broken sentences.
    "Kenya <script>alert(1)</script> hosted talks between Ethiopia and Eritrea in Nairobi.\n\n"
    'The <img src=x onerror=alert(2)> Front for Liberation said "Egypt > Sudan" on Tuesday.\n\n'
    "Commander Ahmed \u202eilA\u202c of the Army of } ; ?x <http://evil.invalid/> . DROP ALL "
    "met Sudan's envoy in Khartoum.\x07\x1b[31m\n\n"
    "Officials from Qatar @prefix ex: <http://evil.invalid/> . said SELECT * WHERE { ?s ?p ?o } "
    'was \u200fnot\u200e agreed, and Chad\'s "National\nFront" denied it.\n\n'
    "Norway's 'Ministry of \\u0022Quotes\\u0022' mediated talks between Mali and Niger.\n"
)


def _iris(graph: Graph) -> set[URIRef]:
    return {term for triple in graph for term in triple if isinstance(term, URIRef)}


def assert_round_trips(graph: Graph) -> None:
    """Turtle, N-Triples and JSON-LD each parse back to an isomorphic graph."""
    for fmt, parse_fmt in (("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")):
        data = graph.serialize(format=fmt)
        again = Graph().parse(data=data, format=parse_fmt)
        assert isomorphic(graph, again), f"{fmt} round trip changed the graph"


def assert_safe_iris(graph: Graph) -> None:
    for iri in _iris(graph):
        assert _SAFE_IRI.match(str(iri)), f"unsafe IRI {iri!r}"
        if str(iri).startswith(KGR):
            path = str(iri)[len(KGR) :]
            assert _MINTED_PATH.match(path), f"kgr: IRI not a slug plus hash: {iri!r}"


@pytest.fixture(scope="module")
def hostile_graph(nlp):
    from kgraph.pipeline import extract

    document = document_from_text(HOSTILE, origin="hostile.txt")
    return graph_of([extract(document)])


def test_hardening_rdf_hostile_text_gives_safe_iris(hostile_graph):
    assert len(set(hostile_graph.subjects(RDF.type, KG.Sentence))) >= 2
    # A name made of escapes and quotes is extracted, and its IRI is a plain slug.
    labels = {str(o) for o in hostile_graph.objects(None, RDFS.label)}
    assert any("Quotes" in label for label in labels)
    assert_safe_iris(hostile_graph)
    # The text survives as literals, so provenance is intact, but only there.
    texts = " ".join(str(o) for o in hostile_graph.objects(None, KG.text))
    assert "<script>alert(1)</script>" in texts
    titles = [str(o) for o in hostile_graph.objects(None, DCTERMS.title)]
    assert titles and "<script>alert('t')</script>" in titles[0]


def test_hardening_rdf_hostile_text_round_trips(hostile_graph):
    assert_round_trips(hostile_graph)
    turtle = hostile_graph.serialize(format="turtle")
    # Nothing from the text opens a new statement: the only prefixes are the ones we bound.
    assert "evil.invalid" not in "".join(line for line in turtle.splitlines() if "@prefix" in line)


def test_hardening_rdf_hostile_control_and_bidi_characters_stay_in_literals(hostile_graph):
    literals = [o for o in hostile_graph.objects() if isinstance(o, Literal)]
    assert not any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", str(lit)) for lit in literals)
    assert any("\u202e" in str(lit) for lit in literals)  # kept as text, never in an IRI


def test_hardening_rdf_jsonl_lone_surrogates_do_not_crash(tmp_path, nlp):
    from kgraph.pipeline import extract

    path = tmp_path / "s.jsonl"
    # JSON may escape half a surrogate pair; json.loads turns it into a lone surrogate.
    path.write_text(
        json.dumps({"id": "s", "title": "T\ud800", "text": "Kenya \udc00hosted talks."})
    )
    report = read_report([path])
    if report.documents:
        graph = graph_of([extract(report.documents[0])])
        assert_round_trips(graph)
        graph.serialize(format="turtle").encode("utf-8")
    else:
        assert report.problems


# --- idempotence -------------------------------------------------------------------------

ARTICLE_A = (
    "---\nid: idem-a\npublished: 2024-03-06\n---\n"
    "Kenya hosted talks between Ethiopia and Eritrea in Nairobi on Tuesday.\n\n"
    "Qatar mediated a ceasefire agreement between Sudan and Chad, officials said."
)
ARTICLE_B = (
    "---\nid: idem-b\npublished: 2024-03-07\n---\n"
    "Egypt accused Sudan of violating the ceasefire agreement near the border.\n\n"
    "Norway and Kenya held talks in Oslo on Wednesday, the ministry said."
)


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("idem")
    (root / "a.txt").write_text(ARTICLE_A)
    (root / "b.txt").write_text(ARTICLE_B)
    return root / "a.txt", root / "b.txt"


def _statement_keys(graph: Graph) -> list[tuple]:
    keys = []
    for node in graph.subjects(RDF.type, KG.Statement):
        keys.append(
            tuple(
                graph.value(node, p)
                for p in (RDF.subject, RDF.predicate, RDF.object, KG.evidenceStart, KG.evidenceEnd)
            )
        )
    return keys


def test_hardening_idempotent_same_article_twice(tmp_path, articles, nlp):
    a, _ = articles
    out = tmp_path / "out"
    run_build([a], BuildOptions(out=out, html=False))
    first = (out / "graph.ttl").read_bytes()
    run_build([a], BuildOptions(out=out, html=False))
    assert (out / "graph.ttl").read_bytes() == first  # same bytes, not just the same graph
    twice = tmp_path / "twice"
    summary = run_build([a, a], BuildOptions(out=twice, html=False))
    assert summary.documents == 2
    once, doubled = Graph().parse(out / "graph.ttl"), Graph().parse(twice / "graph.ttl")
    assert isomorphic(once, doubled)
    keys = _statement_keys(doubled)
    assert keys and len(keys) == len(set(keys)), "duplicate statements for one fact"


def test_hardening_idempotent_order_of_articles_does_not_matter(tmp_path, articles, nlp):
    a, b = articles
    run_build([a, b], BuildOptions(out=tmp_path / "ab", html=False, formats=("nq",)))
    run_build([b, a], BuildOptions(out=tmp_path / "ba", html=False, formats=("nq",)))
    ab, ba = (
        Graph().parse(tmp_path / "ab" / "graph.ttl"),
        Graph().parse(tmp_path / "ba" / "graph.ttl"),
    )
    assert isomorphic(ab, ba)
    assert (tmp_path / "ab" / "graph.ttl").read_bytes() == (
        tmp_path / "ba" / "graph.ttl"
    ).read_bytes()
    assert (tmp_path / "ab" / "graph.nq").read_bytes() == (
        tmp_path / "ba" / "graph.nq"
    ).read_bytes()
    # And the union of A and B equals A's graph merged with B's graph.
    run_build([a], BuildOptions(out=tmp_path / "a", html=False))
    run_build([b], BuildOptions(out=tmp_path / "b", html=False))
    merged = Graph().parse(tmp_path / "a" / "graph.ttl")
    merged.parse(tmp_path / "b" / "graph.ttl")
    _drop_labels_chosen_per_build(merged, ab)
    assert isomorphic(merged, ab)


def _drop_labels_chosen_per_build(merged: Graph, union: Graph) -> None:
    """An entity seen in both articles keeps one rdfs:label in the union; per-article builds
    may each choose theirs, so the merge can hold two. Only those labels are left out."""
    for node in set(merged.subjects(RDFS.label, None)):
        labels = set(merged.objects(node, RDFS.label))
        if len(labels) > 1:
            merged.remove((node, RDFS.label, None))
            for label in union.objects(node, RDFS.label):
                merged.add((node, RDFS.label, label))


# --- fuzzing -------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "Kenya",
        "hosted",
        "talks",
        "with",
        "Egypt",
        "the",
        "ceasefire",
        "Sudan",
        "denied",
        "in",
        "Nairobi",
        "agreed",
        "to",
        "withdraw",
        "from",
        "U.N.",
        "al-Shabaab",
        "O'Neil",
        "said",
    ]
)
_ODD = st.sampled_from(
    [
        "...",
        "?!",
        "—",
        "\u2026",
        ";;",
        "“",
        "”",
        "«",
        "»",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "<",
        ">",
        "&amp;",
        '"',
        "'",
        "\\",
        "@prefix",
        "<http://x.invalid/>",
        "^^",
        "_:b0",
        "\u202e",
        "\u200b",
        "\ufeff",
        "\x00",
        "\x1b",
        "\r",
        "\t",
        "\n",
        "\n\n",
        ". .",
        "",
        " ",
    ]
)
_LONG = st.builds(
    lambda ch, n: ch * n, st.sampled_from(["a", "x-", "ک", "7", "😀", "."]), st.integers(200, 1500)
)
_UNICODE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_TOKENS = st.lists(st.one_of(_WORDS, _WORDS, _WORDS, _ODD, _LONG, _UNICODE), max_size=60)


@given(tokens=_TOKENS, kind=st.sampled_from([".txt", ".md", ".html"]))
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_hardening_fuzz_text_never_raises_foreign_errors_and_round_trips(nlp, tokens, kind):
    from kgraph.pipeline import extract

    text = " ".join(tokens)
    try:
        document = document_from_text(text, origin=f"fuzz{kind}", kind=kind)
        extraction = extract(document)
    except KGraphError as err:
        event(f"refused: {type(err).__name__}")
        return
    event("extracted")
    graph = graph_of([extraction])
    assert_safe_iris(graph)
    assert_round_trips(graph)


@given(text=st.text(string.printable + "éü😀\u202e\u00a0", max_size=400))
@settings(max_examples=25, deadline=None, derandomize=True)
def test_hardening_fuzz_reader_only_raises_input_errors(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("fz")
    for name, data in (
        ("a.txt", text.encode("utf-8")),
        ("b.jsonl", text.encode("utf-8")),
        ("c.txt", text.encode("utf-16")),
        ("d.html", text.encode("utf-8")),
    ):
        (root / name).write_bytes(data)
    report = read_report([root])  # folder: problems are collected, never raised
    for document in report.documents:
        document.text.encode("utf-8")
    assert all("\n" not in line for line in report.problems)
