"""Bad input: every unusable file gets one clear line; good files next to it are still built."""

from __future__ import annotations

import gzip
import io
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from rdflib import RDF, Graph
from typer.testing import CliRunner

from kgraph.cli import app
from kgraph.documents import decode_bytes, read_inputs, read_report
from kgraph.errors import InputError
from kgraph.language import MIN_CHARS, guess_language, not_english
from kgraph.vocab import KG

runner = CliRunner()
KGRAPH = str(Path(sys.executable).with_name("kgraph"))

ENGLISH = (
    "Kenya hosted talks between Ethiopia and Eritrea in Nairobi on Tuesday, officials said. "
    "The delegations agreed to meet again next month to discuss the border and the return of "
    "displaced families, according to a statement from the Kenyan foreign ministry."
)
GERMAN = (
    "Die Regierung hat am Dienstag in Berlin neue Gespräche mit den Vertretern der "
    "Nachbarländer angekündigt, um den Konflikt an der Grenze zu beenden. Die Gespräche sollen "
    "nächste Woche in Genf stattfinden, sagte ein Sprecher des Ministeriums am Abend."
)
FRENCH = (
    "Le gouvernement a annoncé mardi à Paris de nouvelles négociations avec les représentants "
    "des pays voisins pour mettre fin au conflit. Les pourparlers auront lieu la semaine "
    "prochaine à Genève, a déclaré un porte-parole du ministère des affaires étrangères."
)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", ENGLISH)
    return buffer.getvalue()


def _noise(seed: int, size: int) -> bytes:
    """High bytes without NULs: no encoding makes text of them."""
    rng = random.Random(seed)
    return bytes(rng.randrange(128, 256) for _ in range(size))


def _png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


BAD_FILES = {
    "whitespace.txt": (b" \n\t\n   \r\n", "empty"),
    "utf16-blank.txt": ("  \n\n ".encode("utf-16"), "no article text"),
    "invisible.txt": ("\ufeff\u200b\u200b\u2060\n".encode(), "no article text"),
    "report.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "binary"),
    "photo.txt": (_png_bytes(), "binary"),
    "bundle.txt": (_zip_bytes(), "binary"),
    "program.md": (b"\x7fELF\x02\x01\x01" + bytes(200), "binary"),
    "controls.txt": (bytes(range(1, 9)) * 200 + b"some words", "binary"),
    "gzipped-as-text.txt": (gzip.compress(ENGLISH.encode()), "binary"),
    "noise.txt": (_noise(3, 3000), "encoding"),
    "markup-only.html": (b"<html><body><script>alert(1)</script></body></html>", "no article"),
    "broken.txt.gz": (b"\x1f\x8b\x08\x00garbage", "gzip"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_hardening_input_bad_file_is_one_clear_input_error(tmp_path, name):
    data, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as caught:
        read_inputs([path])
    assert "\n" not in str(caught.value)
    assert name in str(caught.value)


@pytest.mark.parametrize(
    "encoding",
    ["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"],
)
def test_hardening_input_encodings_are_decoded(encoding):
    text = "Talks in Malmö and Genève resumed on Tuesday, the ministers said in Zürich."
    if encoding == "utf-32":
        # No one sends news in UTF-32; it must at least fail clearly, not as mojibake.
        with pytest.raises(InputError):
            decode_bytes(text.encode(encoding), "x.txt")
        return
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))  # really without a BOM
    assert decode_bytes(data, "x.txt") == text


def test_hardening_input_html_page_keeps_only_visible_prose(tmp_path):
    page = """<!DOCTYPE html><html><head><title>Talks</title>
    <style>body { background: url(x.png) } p::after { content: "STYLE-TEXT" }</style>
    <script>document.write("SCRIPT-TEXT")</script>
    <script type="application/ld+json">{"headline": "JSON-LD-TEXT"}</script></head>
    <body><nav>MENU-TEXT</nav><!-- COMMENT-TEXT -->
    <article><h1>Talks resume</h1><p onclick="alert('HANDLER-TEXT')">Kenya hosted talks.</p>
    <noscript>NOSCRIPT-TEXT</noscript><template><p>TEMPLATE-TEXT</p></template>
    <p>Egypt <img src=x onerror="alert('ONERROR-TEXT')"> sent envoys.</p></article>
    <iframe src="https://example.invalid/ad">IFRAME-TEXT</iframe></body></html>"""
    for name in ("page.html", "page-saved-as.txt"):
        path = tmp_path / name
        path.write_text(page, encoding="utf-8")
        text = read_inputs([path])[0].text
        assert "Kenya hosted talks." in text and "Egypt sent envoys." in text
        leaked = [
            w
            for w in (
                "STYLE",
                "SCRIPT",
                "JSON-LD",
                "MENU",
                "COMMENT",
                "HANDLER",
                "NOSCRIPT",
                "TEMPLATE",
                "ONERROR",
                "IFRAME",
                "<",
                "alert",
            )
            if w in text
        ]
        assert not leaked, (name, leaked, text)


def test_hardening_input_language_guess():
    assert not_english(ENGLISH * 2) is None
    assert not_english(GERMAN).language == "de"
    assert not_english(FRENCH).language == "fr"
    # Too short to judge: passes rather than being thrown away on a guess.
    short = "Gespräche in Genf."
    assert len(short) < MIN_CHARS and guess_language(short) is None and not_english(short) is None
    # English quoting a foreign sentence is still English.
    quoted = ENGLISH + ' The minister said: "Die Gespräche sollen nächste Woche stattfinden."'
    assert not_english(quoted) is None
    # A huge article is judged on samples, so it costs no more than a short one.
    assert not_english(GERMAN * 20_000).language == "de"


def _folder_with_some_bad(root: Path, good: int) -> tuple[list[str], list[str]]:
    """`good` small English articles in nested folders plus a few bad files; names of both."""
    good_names, bad_names = [], []
    for i in range(good):
        sub = root / f"batch{i % 3}"
        sub.mkdir(exist_ok=True)
        path = sub / f"article{i:03d}.txt"
        path.write_text(f"---\nid: a{i}\n---\nKenya hosted talks with Egypt, round {i}.\n")
        good_names.append(path.name)
    bad = {
        "empty.txt": b"",
        "scan.txt": b"%PDF-1.4\n" + bytes(100),
        "noise.md": _noise(5, 2000),
        "german.txt": GERMAN.encode(),
    }
    for name, data in bad.items():
        (root / "batch1" / name).write_bytes(data)
        bad_names.append(name)
    (root / "batch2" / "lines.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Qatar mediated talks."}) + "\n{not json\n"
    )
    bad_names.append("lines.jsonl:2")
    good_names.append("lines.jsonl:1")
    (root / "batch0" / "notes.csv").write_text("a,b\n")  # not an article suffix: ignored
    return good_names, bad_names


def test_hardening_input_folder_builds_good_files_and_lists_bad_ones(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    good, bad = _folder_with_some_bad(src, good=30)
    report = read_report([src])
    # german.txt reads fine; the build, not the reader, skips it for its language.
    assert len(report.documents) == len(good) + 1
    assert len(report.problems) == len(bad) - 1
    result = runner.invoke(app, ["build", str(src), "--out", str(out), "--no-html"])
    assert result.exit_code == 1, result.output
    assert f"documents: {len(good)}" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(bad), lines
    for name in bad:
        assert sum(name in line for line in lines) == 1, (name, lines)
    assert "Traceback" not in result.output
    graph = Graph().parse(out / "graph.ttl")
    assert len(set(graph.subjects(RDF.type, KG.Document))) == len(good)


def test_hardening_input_folder_real_command(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    good, bad = _folder_with_some_bad(src, good=5)
    done = subprocess.run(
        [KGRAPH, "build", str(src), "--out", str(out), "--no-html"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.strip().splitlines()) == len(bad)
    assert "Traceback" not in done.stderr
    assert f"documents: {len(good)}" in done.stdout
    assert (out / "graph.ttl").exists()


def test_hardening_input_named_bad_file_stops_unless_keep_going(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH)
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    stopped = runner.invoke(app, ["build", str(good), str(missing), "--out", str(out)])
    assert stopped.exit_code == 2 and "missing.txt: no such file" in stopped.stderr
    assert not (out / "graph.ttl").exists()
    kept = runner.invoke(
        app, ["build", str(good), str(missing), "--out", str(out), "--no-html", "--keep-going"]
    )
    assert kept.exit_code == 1, kept.output
    assert kept.stderr.strip().count("\n") == 0 and "missing.txt" in kept.stderr
    assert (out / "graph.ttl").exists()


def test_hardening_input_non_english_only_is_exit_2_without_output(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert "not English" in result.stderr and "'de'" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert not out.exists()


def test_hardening_input_non_english_is_skipped_not_mined(tmp_path):
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    out = tmp_path / "out"
    from kgraph.build_job import BuildOptions, run_build

    summary = run_build(
        [tmp_path / "en.txt", tmp_path / "fr.txt"], BuildOptions(out=out, html=False)
    )
    assert summary.documents == 1
    assert len(summary.problems) == 1 and summary.problems[0].startswith("fr.txt: not English")
    graph = Graph().parse(out / "graph.ttl")
    assert "Genève" not in graph.serialize(format="nt")
