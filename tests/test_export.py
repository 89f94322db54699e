"""kgraph.export and `kgraph export`: every format parses back in rdflib and pyoxigraph;
GraphML carries entities, events and labelled relation edges for Gephi."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

import kgraph.cli  # noqa: F401 - registers every command on the app
from kgraph.cli.app import app
from kgraph.errors import InputError
from kgraph.export import export_graph, graphml_bytes, to_networkx
from kgraph.graphio import FORMATS, load_graph

sys.path.insert(0, str(Path(__file__).parent))
from test_query_fixture import (  # noqa: E402
    ARM,
    AZE,
    KARABAKH,
    PEACEKEEPERS,
    REBELS,
    TRUCE,
    contract_graph,
    write_contract,
)

runner = CliRunner()
KG = "https://w3id.org/kgraph/ontology#"
RDF_EXPORTS = ["ttl", "nt", "nq", "jsonld", "xml", "trig"]
OX = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
}


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    return write_contract(tmp_path)


@pytest.mark.parametrize("fmt", RDF_EXPORTS)
def test_export_cli_writes_a_file_rdflib_and_pyoxigraph_read(
    graph_file: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "exports" / f"graph{FORMATS[fmt][1]}"
    result = runner.invoke(
        app, ["export", "--graph", str(graph_file), "--format", fmt, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert isomorphic(load_graph(out), contract_graph())
    store = pyoxigraph.Store()
    store.load(path=str(out), format=OX[fmt])
    assert len(store) == len(contract_graph())


def test_export_graphml_has_entities_events_and_labelled_edges(tmp_path: Path) -> None:
    path = export_graph(contract_graph(), tmp_path / "g.graphml", "graphml")
    net = nx.read_graphml(path)
    assert net.nodes[AZE]["label"] == "Azerbaijan"
    assert net.nodes[AZE]["class"] == "Country"
    assert net.nodes[TRUCE]["class"] == "CeasefireAgreement"
    assert net.nodes[TRUCE]["kind"] == "event"
    edges = {(s, t, d["predicate"]): d["label"] for s, t, d in net.edges(data=True)}
    assert edges[(PEACEKEEPERS, TRUCE, KG + "mediated")] == "mediated"
    assert edges[(ARM, KARABAKH, KG + "deniesPresence")].startswith("denies presence")
    assert edges[(TRUCE, REBELS, KG + "party")]
    assert edges[(TRUCE, AZE, KG + "party")]
    # Statements, sentences and documents are provenance, not network nodes.
    assert not any("/statement/" in n or "/sentence/" in n for n in net.nodes)


def test_export_graphml_counts_match_the_graph() -> None:
    net = to_networkx(contract_graph())
    relation_edges = [d for _, _, d in net.edges(data=True) if d["predicate"] != KG + "party"]
    relation_edges = [d for d in relation_edges if d["predicate"] != KG + "place"]
    assert len(relation_edges) == 11  # the fixture's direct contract edges
    assert net.number_of_nodes() == 11  # 8 entities and 3 events


def test_export_graphml_is_deterministic() -> None:
    assert graphml_bytes(contract_graph()) == graphml_bytes(contract_graph())


def test_export_graphml_cli_opens_in_networkx(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    result = runner.invoke(
        app, ["export", "--graph", str(graph_file), "--format", "graphml", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(out).number_of_nodes() == 11


def test_export_unknown_format_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format"):
        export_graph(contract_graph(), tmp_path / "g.csv", "csv")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--format", "csv"], "unknown --format"),
        (["--format", "ttl", "--graph", "missing.ttl"], "no such file"),
    ],
)
def test_export_cli_bad_input_exits_2_and_writes_nothing(
    graph_file: Path, tmp_path: Path, args: list, fragment: str
) -> None:
    out = tmp_path / "out.file"
    base = ["export", "--out", str(out)]
    if "--graph" not in args:
        base += ["--graph", str(graph_file)]
    result = runner.invoke(app, [*base, *args])
    assert result.exit_code == 2, result.output
    assert fragment in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_export_keeps_the_old_file_when_input_is_bad(tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    out.write_text("old", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:x:a> <urn:x:p> .", encoding="utf-8")
    result = runner.invoke(
        app, ["export", "--graph", str(bad), "--format", "ttl", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "out.ttl"]


def test_export_nquads_from_trig_keeps_graph_names(tmp_path: Path) -> None:
    source = tmp_path / "in.trig"
    source.write_text(
        "<https://w3id.org/kgraph/resource/graph/d1> { <urn:x:a> <urn:x:p> <urn:x:b> . }\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.nq"
    result = runner.invoke(
        app, ["export", "--graph", str(source), "--format", "nq", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    [quad] = list(pyoxigraph.parse(path=str(out)))
    assert quad.graph_name.value == "https://w3id.org/kgraph/resource/graph/d1"


def test_export_real_subprocess(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.jsonld"
    kgraph = Path(sys.executable).with_name("kgraph")
    done = subprocess.run(
        [str(kgraph), "export", "-g", str(graph_file), "-f", "jsonld", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert isomorphic(Graph().parse(out, format="json-ld"), contract_graph())
