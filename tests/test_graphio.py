"""kgraph.graphio: safe reading of every RDF format, deterministic atomic writing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgraph.errors import InputError
from kgraph.graphio import FORMATS, load_dataset, load_graph, serialize_graph, write_graph

sys.path.insert(0, str(Path(__file__).parent))
from test_query_fixture import AZE, CONTRACT_TTL, contract_graph  # noqa: E402

RDF_FORMATS = [name for name in FORMATS if name != "graphml"]
OX_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
}


@pytest.fixture
def graph() -> Graph:
    return contract_graph()


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_graphio_round_trips_every_format(graph: Graph, tmp_path: Path, fmt: str) -> None:
    path = write_graph(graph, tmp_path / f"g{FORMATS[fmt][1]}", fmt)
    assert isomorphic(load_graph(path), graph)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_graphio_output_parses_in_pyoxigraph(graph: Graph, tmp_path: Path, fmt: str) -> None:
    path = write_graph(graph, tmp_path / f"g{FORMATS[fmt][1]}", fmt)
    quads = list(pyoxigraph.parse(path=str(path), format=OX_FORMATS[fmt]))
    assert len(quads) == len(graph)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_graphio_output_is_byte_identical_across_hash_seeds(tmp_path: Path, fmt: str) -> None:
    # rdflib iterates in hash order; Python randomises string hashes per process.
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from test_query_fixture import contract_graph\n"
        "from kgraph.graphio import serialize_graph\n"
        "sys.stdout.buffer.write(serialize_graph(contract_graph(), sys.argv[2]))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(Path(__file__).parent), fmt],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_graphio_turtle_uses_the_fixed_prefixes(graph: Graph) -> None:
    text = serialize_graph(graph, "ttl").decode()
    for line in (
        "@prefix kg: <https://w3id.org/kgraph/ontology#> .",
        "@prefix kgr: <https://w3id.org/kgraph/resource/> .",
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix geo: <http://www.opengis.net/ont/geosparql#> .",
    ):
        assert line in text
    # The fixture's own throw-away prefixes are not carried over.
    assert "@prefix ent:" not in text


def test_graphio_quad_formats_load_as_the_union(tmp_path: Path) -> None:
    path = tmp_path / "two.trig"
    path.write_text(
        "<https://w3id.org/kgraph/resource/graph/a> { <urn:x:a> <urn:x:p> <urn:x:b> . }\n"
        "<https://w3id.org/kgraph/resource/graph/b> { <urn:x:c> <urn:x:p> <urn:x:d> . }\n"
        "<urn:x:e> <urn:x:p> <urn:x:f> .\n",
        encoding="utf-8",
    )
    graph = load_graph(path)
    assert len(graph) == 3
    assert (URIRef("urn:x:c"), URIRef("urn:x:p"), URIRef("urn:x:d")) in graph


def test_graphio_nquads_keep_named_graphs_through_a_dataset(tmp_path: Path) -> None:
    source = tmp_path / "in.nq"
    source.write_text(
        "<urn:x:a> <urn:x:p> <urn:x:b> <https://w3id.org/kgraph/resource/graph/a> .\n"
        '<urn:x:c> <urn:x:p> "x" <https://w3id.org/kgraph/resource/graph/b> .\n',
        encoding="utf-8",
    )
    out = write_graph(load_dataset(source), tmp_path / "out.nq")
    graphs = {q.graph_name.value for q in pyoxigraph.parse(path=str(out))}
    assert graphs == {
        "https://w3id.org/kgraph/resource/graph/a",
        "https://w3id.org/kgraph/resource/graph/b",
    }


@pytest.mark.parametrize("suffix", [".json", ".owl", ".xml"])
def test_graphio_reads_alternative_suffixes(graph: Graph, tmp_path: Path, suffix: str) -> None:
    fmt = "jsonld" if suffix == ".json" else "xml"
    path = tmp_path / f"g{suffix}"
    path.write_bytes(serialize_graph(graph, fmt))
    assert isomorphic(load_graph(path), graph)


def test_graphio_missing_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_graph(tmp_path / "nope.ttl")


@pytest.mark.parametrize("content", ["", "   \n\t\n"])
def test_graphio_empty_file_is_input_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.ttl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        load_graph(path)


def test_graphio_file_without_triples_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "prefixes.ttl"
    path.write_text("@prefix kg: <https://w3id.org/kgraph/ontology#> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="no triples"):
        load_graph(path)


def test_graphio_bad_turtle_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(
        "<urn:x:a> <urn:x:p> <urn:x:b> .\n<urn:x:a> <urn:x:p> ; ; ] .\n<urn:x:c> <urn:x:p> 1 .\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"line 2") as info:
        load_graph(path)
    assert "\n" not in str(info.value)


def test_graphio_bad_ntriples_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.nt"
    path.write_text("this is not rdf\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid nt"):
        load_graph(path)


def test_graphio_binary_file_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "picture.ttl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(InputError):
        load_graph(path)


def test_graphio_bad_json_ld_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonld"
    path.write_text('{\n  "@id": "urn:x:a",\n  oops\n}', encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3, column 3"):
        load_graph(path)


def test_graphio_unknown_suffix_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "graph.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF file suffix"):
        load_graph(path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="urn:x:bomb"><rdfs:label>&lol9;</rdfs:label></rdf:Description>
</rdf:RDF>
"""


def test_graphio_refuses_billion_laughs(tmp_path: Path) -> None:
    path = tmp_path / "bomb.rdf"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises(InputError, match="DOCTYPE or ENTITY"):
        load_graph(path)


def test_graphio_refuses_external_entity_and_reads_no_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    path = tmp_path / "xxe.owl"
    path.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE r [ <!ENTITY leak SYSTEM "file://{secret}"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '  <rdf:Description rdf:about="urn:x:a"><rdfs:label>&leak;</rdfs:label>'
        "</rdf:Description>\n</rdf:RDF>\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_graph(path)
    assert "TOP-SECRET-VALUE" not in str(info.value)
    assert "refused" in str(info.value)


def test_graphio_refuses_a_dtd_hidden_by_utf16(tmp_path: Path) -> None:
    # The byte regex cannot see UTF-16; defusedxml still refuses the DTD.
    path = tmp_path / "bomb16.rdf"
    path.write_bytes(BILLION_LAUGHS.replace('encoding="utf-8"', "").encode("utf-16"))
    with pytest.raises(InputError, match="refused"):
        load_graph(path)


def test_graphio_plain_rdf_xml_still_loads(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "ok.rdf"
    path.write_bytes(serialize_graph(graph, "xml"))
    assert len(load_graph(path)) == len(graph)


@pytest.mark.parametrize(
    "context",
    [
        "https://example.org/context.jsonld",
        ["https://example.org/context.jsonld", {"kg": "https://w3id.org/kgraph/ontology#"}],
        {"@import": "https://example.org/context.jsonld"},
        "file:///etc/passwd",
    ],
)
def test_graphio_refuses_remote_jsonld_context(tmp_path: Path, context: object) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(
        json.dumps({"@context": context, "@id": "urn:x:a", "kg:p": "v"}), encoding="utf-8"
    )
    with pytest.raises(InputError, match="--allow-remote"):
        load_graph(path)


def test_graphio_inline_jsonld_context_loads(tmp_path: Path) -> None:
    path = tmp_path / "inline.jsonld"
    doc = {
        "@context": {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
        "@id": "urn:x:a",
        "rdfs:label": "Inline",
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    graph = load_graph(path)
    assert (URIRef("urn:x:a"), None, Literal("Inline")) in graph


def test_graphio_write_is_atomic_and_leaves_no_temp_files(graph: Graph, tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old complete content", encoding="utf-8")
    unserialisable = Graph()
    unserialisable.add((URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef("not an iri\n>")))
    with pytest.raises(Exception):  # noqa: B017 - whatever rdflib raises, nothing is replaced
        write_graph(unserialisable, target, "nt")
    assert target.read_text(encoding="utf-8") == "old complete content"
    write_graph(graph, target)
    assert isomorphic(load_graph(target), graph)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_graphio_write_refuses_unknown_format(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown RDF format"):
        write_graph(graph, tmp_path / "g.ttl", "yaml")
    with pytest.raises(InputError, match="cannot tell the format"):
        write_graph(graph, tmp_path / "g.yaml")


def test_graphio_dataset_to_triples_format_is_the_union(tmp_path: Path) -> None:
    ds = Dataset()
    ds.graph(URIRef("https://w3id.org/kgraph/resource/graph/a")).add(
        (URIRef(AZE), URIRef("urn:x:p"), Literal("x"))
    )
    ds.add((URIRef("urn:x:b"), URIRef("urn:x:p"), Literal("y")))
    path = write_graph(ds, tmp_path / "u.ttl")
    assert len(load_graph(path)) == 2


def test_graphio_fixture_is_contract_shaped() -> None:
    # Guards the shared fixture itself: it must parse and hold the contract's main parts.
    graph = Graph().parse(data=CONTRACT_TTL, format="turtle")
    kinds = {str(o).rsplit("#", 1)[-1] for o in graph.objects(None, RDF.type)}
    assert {"Document", "Sentence", "Statement", "Country", "CeasefireAgreement"} <= kinds


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_graphio_named_graphs_are_written_in_a_stable_order(fmt: str) -> None:
    script = (
        "import sys\n"
        "from rdflib import Dataset, Literal, URIRef\n"
        "from kgraph.graphio import serialize_graph\n"
        "ds = Dataset()\n"
        "for i in range(8):\n"
        "    g = ds.graph(URIRef(f'https://w3id.org/kgraph/resource/graph/d{i}'))\n"
        "    for j in range(4):\n"
        "        g.add((URIRef(f'urn:x:s{j}'), URIRef('urn:x:p'), Literal(f'v{i}{j}')))\n"
        "ds.add((URIRef('urn:x:d'), URIRef('urn:x:p'), Literal('default')))\n"
        "sys.stdout.buffer.write(serialize_graph(ds, sys.argv[1]))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONWARNINGS": "ignore"}
        done = subprocess.run(
            [sys.executable, "-c", script, fmt], capture_output=True, env=env, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    [data] = outputs
    graphs = [q.graph_name for q in pyoxigraph.parse(data, format=OX_FORMATS[fmt])]
    assert len(graphs) == 33
