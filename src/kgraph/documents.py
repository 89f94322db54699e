"""Read articles from files, folders, JSON lines or stdin; strip markup and boilerplate.

Every input problem becomes an `InputError` with a one-line message; nothing here prints.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kgraph.boilerplate import strip_boilerplate
from kgraph.errors import InputError
from kgraph.model import Document

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.S)
# Magic numbers of formats people drop into article folders by mistake.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")


@dataclass
class ReadReport:
    """Documents read, plus one line per input that could not be used."""

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_inputs(inputs: Sequence[str | Path], *, strict: bool = True) -> list[Document]:
    """Read every article named by `inputs` (files, folders, "-" for stdin).

    With `strict`, the first unusable input raises; otherwise see `read_report`.
    """
    report = read_report(inputs, strict=strict)
    if not report.documents:
        if report.problems:
            raise InputError(report.problems[0])
        raise InputError("no articles found in " + ", ".join(map(str, inputs)))
    return report.documents


def read_report(inputs: Sequence[str | Path], *, strict: bool = False) -> ReadReport:
    report = ReadReport()
    if not inputs:
        raise InputError("no input given: pass files, folders or - for stdin")
    for item in inputs:
        for path in _expand(item):
            try:
                report.documents.extend(_read_one(path, report.problems))
            except InputError as err:
                if strict:
                    raise
                report.problems.append(str(err))
    return report


def _expand(item: str | Path) -> Iterator[Path | None]:
    if str(item) == "-":
        yield None
        return
    path = Path(item)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and _article_suffix(p) is not None)
        if not found:
            raise InputError(
                f"{path}: folder holds no articles ({', '.join(ARTICLE_SUFFIXES)}, or .gz of them)"
            )
        yield from found
    else:
        yield path


def _article_suffix(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in ARTICLE_SUFFIXES:
        return suffixes[-1]
    return None


def _read_one(path: Path | None, problems: list[str]) -> list[Document]:
    if path is None:
        raw = sys.stdin.buffer.read()
        name, kind = "<stdin>", ".txt"
    else:
        name = path.name
        kind = _article_suffix(path) or ".txt"
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror})") from err
        if path.suffix.lower() == ".gz":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError) as err:
                raise InputError(f"{path}: not a valid gzip file ({err})") from err
    text = decode_bytes(raw, name)
    if kind in (".jsonl", ".ndjson"):
        return list(_documents_from_jsonl(text, name, problems))
    return [document_from_text(text, origin=name, kind=kind)]


def decode_bytes(raw: bytes, name: str) -> str:
    """Decode article bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else a detected encoding."""
    if not raw.strip():
        raise InputError(f"{name}: file is empty")
    if raw.startswith(_BINARY_MAGIC):
        raise InputError(f"{name}: binary file (not a text article)")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise InputError(f"{name}: binary file (not a text article)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: not UTF-8 and no text encoding could be detected")
    if best.encoding.startswith(("cp125", "latin", "iso8859", "mac_")):
        # Single-byte Western text is told apart poorly by statistics; English news in
        # one of these is almost always Windows-1252 (a superset of Latin-1's letters).
        for encoding in ("cp1252", "latin-1"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return str(best)


def _documents_from_jsonl(text: str, name: str, problems: list[str]) -> Iterator[Document]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError('expected an object with a "text" string')
        except ValueError as err:
            problems.append(f"{name}:{number}: skipped a broken JSON line ({err})")
            continue
        yield document_from_text(
            str(record["text"]),
            origin=f"{name}:{number}",
            kind=".txt",
            meta={
                "id": record.get("id"),
                "title": record.get("title"),
                "published": record.get("published"),
                "url": record.get("url"),
                "source": record.get("source"),
            },
        )


def document_from_text(
    text: str, *, origin: str, kind: str = ".txt", meta: dict | None = None
) -> Document:
    """Build a Document from raw article text of the given kind (.txt, .md, .html)."""
    meta = {k: v for k, v in (meta or {}).items() if v not in (None, "")}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front = _FRONT_MATTER.match(text)
    if front:
        meta = {**_parse_front_matter(front.group(1)), **meta}
        text = text[front.end() :]
    if kind in (".html", ".htm"):
        from kgraph.markup import html_to_text

        text, html_meta = html_to_text(text)
        meta = {**html_meta, **meta}
    elif kind in (".md", ".markdown"):
        from kgraph.markup import markdown_to_text

        text = markdown_to_text(text)
    text = _clean(strip_boilerplate(text))
    if not text.strip():
        raise InputError(f"{origin}: no article text left after removing markup and boilerplate")
    identity = str(meta.get("url") or meta.get("id") or "") or origin
    if origin == "<stdin>":
        identity = text
    return Document(
        doc_id=hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16],
        text=text,
        title=_str(meta.get("title")) or _first_line_title(text),
        published=_parse_date(meta.get("published") or meta.get("date"), origin),
        source=_str(meta.get("source")),
        url=_str(meta.get("url")),
        origin=origin,
    )


def content_hash(document: Document) -> str:
    return hashlib.sha256(document.text.encode("utf-8")).hexdigest()


def _parse_front_matter(block: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta


def _parse_date(value: object, origin: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    if parsed is None:
        raise InputError(f"{origin}: cannot read publication date {text!r}; use YYYY-MM-DD")
    return parsed.date()


def _str(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    text = _CONTROL.sub(" ", text)
    # Collapse runs of blank lines but keep paragraph breaks, which segment sentences.
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _first_line_title(text: str) -> str | None:
    first = text.split("\n", 1)[0].strip()
    if 0 < len(first) <= 150 and not first.endswith((".", '"', "”")):
        return first
    return None


def iter_texts(documents: Iterable[Document]) -> Iterator[str]:
    for doc in documents:
        yield doc.text
