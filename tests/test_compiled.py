"""Compiled indexes kept between runs: read back only while their sources are unchanged."""

from __future__ import annotations

import importlib
import pickle

from kgraph.compiled import compiled
from kgraph.extract.triggers import TriggerIndex, load_trigger_index


def test_an_index_is_rebuilt_when_a_source_changes_and_read_back_otherwise(tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "words.txt"
    source.write_text("truce\n", encoding="utf-8")
    builds: list[str] = []

    def build() -> dict:
        builds.append("built")
        return {"words": source.read_text(encoding="utf-8").split()}

    assert compiled("words", b"v1", [source], build, dict) == {"words": ["truce"]}
    assert compiled("words", b"v1", [source], build, dict) == {"words": ["truce"]}
    assert builds == ["built"]  # the second came from the cache
    source.write_text("truce\nceasefire\n", encoding="utf-8")
    assert compiled("words", b"v1", [source], build, dict) == {"words": ["truce", "ceasefire"]}
    assert compiled("words", b"v2", [source], build, dict)["words"][-1] == "ceasefire"
    assert builds == ["built"] * 3  # an edited source and a new layout each rebuild


def test_a_damaged_or_foreign_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "words.txt"
    source.write_text("truce\n", encoding="utf-8")
    compiled("words", b"v1", [source], lambda: {"n": 1}, dict)
    (cached,) = (tmp_path / "cache").glob("words-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert compiled("words", b"v1", [source], lambda: {"n": 2}, dict) == {"n": 2}
    cached.write_bytes(pickle.dumps(["a list, not the index"]))
    assert compiled("words", b"v1", [source], lambda: {"n": 3}, dict) == {"n": 3}


def test_the_trigger_index_comes_back_from_the_cache_unchanged(tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    load_trigger_index.cache_clear()
    try:
        first = load_trigger_index()
        assert list((tmp_path / "cache").glob("triggers-*.pickle"))
        load_trigger_index.cache_clear()
        second = load_trigger_index()
    finally:
        load_trigger_index.cache_clear()
    assert isinstance(second, TriggerIndex) and second is not first
    assert second.by_lemma == first.by_lemma and second.compounds == first.compounds
    assert len(second) > 1000


def test_changed_code_of_the_index_class_rebuilds(tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.syspath_prepend(str(tmp_path))
    code = tmp_path / "kg_test_index_module.py"
    code.write_text("class Index:\n    pass\n", encoding="utf-8")
    module = importlib.import_module("kg_test_index_module")
    source = tmp_path / "words.txt"
    source.write_text("truce\n", encoding="utf-8")
    builds: list[int] = []

    def build():
        builds.append(1)
        return module.Index()

    compiled("words", b"v1", [source], build, module.Index)
    compiled("words", b"v1", [source], build, module.Index)
    assert len(builds) == 1
    code.write_text("class Index:\n    size = 0\n", encoding="utf-8")  # a new layout
    compiled("words", b"v1", [source], build, module.Index)
    assert len(builds) == 2
