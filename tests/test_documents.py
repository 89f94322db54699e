"""Reading inputs: formats, front matter, boilerplate, encodings and bad input."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from kgraph.documents import document_from_text, read_inputs, read_report
from kgraph.errors import InputError, InputWarning

ARTICLE = (
    "---\ntitle: Talks resume\npublished: 2024-03-06\nsource: Test Wire\n---\nKenya hosted talks.\n"
)


def test_documents_front_matter_sets_metadata(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = read_inputs([path])[0]
    assert doc.title == "Talks resume"
    assert doc.published == date(2024, 3, 6)
    assert doc.source == "Test Wire"
    assert doc.text == "Kenya hosted talks."


def test_documents_same_input_same_id(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert read_inputs([path])[0].doc_id == read_inputs([path])[0].doc_id


def test_documents_html_strips_scripts_and_chrome(tmp_path):
    html = (
        "<html><head><title>T</title><meta property='article:published_time' "
        "content='2024-03-06T10:00:00Z'><script>alert(1)</script></head><body><nav>Home</nav>"
        "<article><h1>Headline</h1><p>Kenya hosted <b>talks</b>.</p></article>"
        "<footer>Copyright</footer></body></html>"
    )
    path = tmp_path / "a.html"
    path.write_text(html, encoding="utf-8")
    doc = read_inputs([path])[0]
    assert "alert" not in doc.text and "Home" not in doc.text and "Copyright" not in doc.text
    assert "Kenya hosted talks ." in doc.text or "Kenya hosted talks." in doc.text
    assert doc.published == date(2024, 3, 6)


def test_documents_markdown_keeps_link_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Title\n\nKenya [hosted](http://example.org) **talks**.\n", encoding="utf-8")
    assert "Kenya hosted talks." in read_inputs([path])[0].text


def test_documents_jsonl_reports_broken_line_and_keeps_the_rest(tmp_path):
    lines = [
        json.dumps(
            {"id": "1", "title": "A", "published": "2024-03-06", "text": "Kenya hosted talks."}
        ),
        "{broken",
        json.dumps({"id": "2", "text": "Egypt hosted talks."}),
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = read_report([path])
    assert [d.text for d in report.documents] == ["Kenya hosted talks.", "Egypt hosted talks."]
    assert report.problems and "a.jsonl:2" in report.problems[0]


def test_documents_gzip_and_folder_recursion(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt.gz").write_bytes(gzip.compress(b"Egypt hosted talks."))
    (tmp_path / "a.txt").write_text("Kenya hosted talks.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    docs = read_inputs([tmp_path])
    assert sorted(d.text for d in docs) == ["Egypt hosted talks.", "Kenya hosted talks."]


def test_documents_latin1_and_utf16_are_decoded(tmp_path):
    latin = "Kenya hosted talks in Malmö with officials from Zürich and Genève on Tuesday."
    (tmp_path / "l.txt").write_bytes(latin.encode("latin-1"))
    (tmp_path / "u.txt").write_bytes("Talks in Malmö.".encode("utf-16"))
    texts = sorted(d.text for d in read_inputs([tmp_path]))
    assert latin in texts
    assert "Talks in Malmö." in texts


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("doc.txt", b"%PDF-1.4 binary", "binary"),
        ("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ],
)
def test_documents_bad_files_give_one_clear_error(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_inputs([path])


def test_documents_missing_file_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_inputs([tmp_path / "nope.txt"])
    with pytest.raises(InputError, match="no articles"):
        read_inputs([tmp_path])


def test_documents_boilerplate_paragraphs_removed():
    text = "Kenya hosted talks.\n\nSign up to our free newsletters\n\nRead also: other news"
    doc = document_from_text(text, origin="x.txt")
    assert doc.text == "Kenya hosted talks."


@pytest.mark.parametrize(
    "value, why",
    [
        ("someday soon", "unreadable"),
        ("null", "unreadable"),
        ("unknown", "unreadable"),
        ("0023-03-06", "implausible (year 23)"),
        ("March 6, 0023", "implausible (year 23)"),
    ],
)
def test_documents_unreadable_publication_date_builds_without_a_date(value, why):
    with pytest.warns(InputWarning) as caught:
        doc = document_from_text(
            f"---\npublished: {value}\n---\nKenya hosted talks.", origin="x.txt"
        )
    assert doc.published is None
    assert doc.text == "Kenya hosted talks."
    [warning] = caught
    message = str(warning.message)
    assert message.startswith("x.txt: ") and repr(value) in message and why in message
    assert "\n" not in message


def test_documents_unreadable_date_in_json_lines_keeps_the_record(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "Kenya hosted talks.", "published": "unknown"}) + "\n")
    with pytest.warns(InputWarning, match="a.jsonl:1: publication date 'unknown'"):
        [doc] = read_inputs([path])
    assert doc.published is None
