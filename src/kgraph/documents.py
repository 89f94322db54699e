"""Read articles from files, folders, JSON lines or stdin; strip markup and boilerplate.

Every input problem becomes an `InputError` with a one-line message; input that can be used
with a part dropped (an unreadable publication date) raises an `InputWarning` through Python's
`warnings` instead. Nothing here prints.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kgraph.boilerplate import strip_boilerplate
from kgraph.errors import InputError, InputWarning
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

    With `strict`, the first unusable input raises, even inside a folder; otherwise
    see `read_report`.
    """
    report = read_report(inputs, strict=strict, strict_folders=strict)
    if not report.documents:
        if report.problems:
            raise InputError(report.problems[0])
        raise InputError("no articles found in " + ", ".join(map(str, inputs)))
    return report.documents


def read_report(
    inputs: Sequence[str | Path], *, strict: bool = False, strict_folders: bool = False
) -> ReadReport:
    """Read what can be read; one line in `problems` per input (or JSON line) skipped.

    `strict` makes an unusable input named on the command line raise; a bad file found
    inside a folder raises only with `strict_folders`, because one stray file among
    thousands should not stop the others from being built.
    """
    report = ReadReport()
    if not inputs:
        raise InputError("no input given: pass files, folders or - for stdin")
    for item in inputs:
        try:
            paths, in_folder = _expand(item)
        except InputError as err:
            if strict:
                raise
            report.problems.append(str(err))
            continue
        for path in paths:
            try:
                report.documents.extend(_read_one(path, report.problems))
            except InputError as err:
                if strict_folders or (strict and not in_folder):
                    raise
                report.problems.append(str(err))
    return report


def _expand(item: str | Path) -> tuple[list[Path | None], bool]:
    """The files `item` names, and whether they came from a folder walk."""
    if str(item) == "-":
        return [None], False
    path = Path(item)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if not path.is_dir():
        return [path], False
    found = sorted(p for p in path.rglob("*") if p.is_file() and _article_suffix(p) is not None)
    if not found:
        raise InputError(
            f"{path}: folder holds no articles ({', '.join(ARTICLE_SUFFIXES)}, or .gz of them)"
        )
    return list(found), True


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
    text = decode_bytes(raw, name if path is None else str(path))
    if kind == ".txt" and _looks_like_html(text):
        kind = ".html"  # a saved web page renamed .txt: its scripts must not become prose
    if kind in (".jsonl", ".ndjson"):
        label = name if path is None else str(path)
        return list(_documents_from_jsonl(text, name, problems, label))
    return [document_from_text(text, origin=name, kind=kind)]


def decode_bytes(raw: bytes, name: str) -> str:
    """Decode article bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else a detected encoding."""
    if not raw.strip():
        raise InputError(f"{name}: file is empty")
    if raw.startswith(_BINARY_MAGIC):
        raise InputError(f"{name}: binary file (not a text article)")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(_decode_utf16(raw, "utf-16", name), name)
    if b"\x00" in raw[:4096]:
        encoding = _utf16_without_bom(raw[:4096])
        if encoding is None:
            raise InputError(f"{name}: binary file (not a text article)")
        return _checked(_decode_utf16(raw, encoding, name), name)
    try:
        return _checked(raw.decode("utf-8-sig"), name)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise InputError(
            f"{name}: not UTF-8 and no text encoding could be detected; save it as UTF-8"
        )
    if best.encoding.startswith(("cp125", "latin", "iso8859", "mac_")):
        # Single-byte Western text is told apart poorly by statistics; English news in
        # one of these is almost always Windows-1252 (a superset of Latin-1's letters).
        for encoding in ("cp1252", "latin-1"):
            try:
                return _checked(raw.decode(encoding), name)
            except UnicodeDecodeError:
                continue
    return _checked(str(best), name)


def _decode_utf16(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: broken UTF-16 text ({err.reason} at byte {err.start})") from err


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a BOM shows as ASCII text with a NUL after (LE) or before (BE) each byte."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 8:
        return None
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.05


def _checked(text: str, name: str) -> str:
    sample = text[:8192]
    controls = len(_CONTROL.findall(sample))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise InputError(f"{name}: binary file (not a text article)")
    return text


_HTML_START = re.compile(
    r"\A(?:\ufeff)?\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I
)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:1024]))


def _documents_from_jsonl(
    text: str, name: str, problems: list[str], label: str
) -> Iterator[Document]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError('expected an object with a "text" string')
        except ValueError as err:
            problems.append(f"{label}:{number}: broken JSON line ({err})")
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
    meta = {
        k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v
        for k, v in (meta or {}).items()
        if v not in (None, "")
    }
    text = _SURROGATE.sub("\ufffd", text).replace("\r\n", "\n").replace("\r", "\n")
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
    if not any(ch.isalnum() for ch in text):
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


# Publication years outside this range are typos or placeholders ("0023"), not news dates.
_EARLIEST_YEAR = 1800
_YEARS_AHEAD = 1


def _parse_date(value: object, origin: str) -> date | None:
    """The publication date, or None with an `InputWarning` when it is unreadable or
    implausible: the article is still built, its relative dates stay unresolved."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return _plausible(value, str(value), origin)
    text = str(value).strip()
    try:
        return _plausible(datetime.fromisoformat(text.replace("Z", "+00:00")).date(), text, origin)
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    if parsed is None:
        _warn_no_date(origin, text, "unreadable")
        return None
    return _plausible(parsed.date(), text, origin)


def _plausible(day: date, text: str, origin: str) -> date | None:
    if _EARLIEST_YEAR <= day.year <= date.today().year + _YEARS_AHEAD:
        return day
    _warn_no_date(origin, text, f"implausible (year {day.year})")
    return None


def _warn_no_date(origin: str, text: str, why: str) -> None:
    warnings.warn(
        f"{origin}: publication date {text!r} is {why}; built without a date "
        "(write it as YYYY-MM-DD to resolve relative dates)",
        InputWarning,
        stacklevel=2,
    )


def _str(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


# JSON may escape half a surrogate pair; such a string cannot be encoded, hashed or parsed.
_SURROGATE = re.compile("[\ud800-\udfff]")
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
