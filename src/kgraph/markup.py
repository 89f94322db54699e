"""Turn HTML and Markdown into plain article text."""

from __future__ import annotations

import re

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "figure",
)
_BLOCK_TAGS = (
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "div",
    "section",
    "article",
    "td",
    "dd",
    "dt",
    "br",
    "tr",
)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Visible article text (blocks as paragraphs) and metadata from <title> and <meta>."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    meta: dict[str, str] = {}
    if soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or "").lower()
        value = (tag.get("content") or "").strip()
        if not value:
            continue
        if key in ("article:published_time", "datepublished", "date", "pubdate", "dc.date"):
            meta.setdefault("published", value[:10])
        elif key in ("og:title",):
            meta["title"] = value
        elif key in ("og:site_name",):
            meta.setdefault("source", value)
        elif key in ("og:url",):
            meta.setdefault("url", value)
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    root = soup.find("article") or soup.body or soup
    blocks: list[str] = []
    for tag in root.find_all(_BLOCK_TAGS):
        if tag.find(_BLOCK_TAGS):
            continue  # only leaf blocks, so text is not repeated
        text = " ".join(tag.get_text(" ", strip=True).split())
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [" ".join(root.get_text(" ", strip=True).split())]
    return "\n\n".join(blocks), meta


_MD_RULES = (
    (re.compile(r"^```.*?^```", re.S | re.M), ""),  # code blocks are not prose
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),  # heading marks
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # quotes
    (re.compile(r"^\s*[-*+]\s+", re.M), ""),  # bullets
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),  # italics
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"<[^>\n]+>"), ""),  # inline HTML tags
)


def markdown_to_text(markdown: str) -> str:
    text = markdown
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text
