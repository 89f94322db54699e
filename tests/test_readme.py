"""The README is a front door: set-up, first build/query/view on the first screen, the rest
in docs/ pages it links, and every link in them leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
PAGES = sorted((REPO / "docs").glob("*.md"))
FIRST_SCREEN_LINES = 40
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {_slug(m.group(1)) for m in re.finditer(r"(?m)^#+ (.+)$", text)}


def _links() -> list[tuple[str, str]]:
    found = []
    for page in [README, *PAGES]:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        for target in _LINK.findall(text):
            if not re.match(r"^[a-z]+:", target):
                found.append((str(page.relative_to(REPO)), target))
    return found


def test_readme_first_screen_says_what_it_does_how_to_set_up_and_first_steps() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    first = "\n".join(lines[:FIRST_SCREEN_LINES])
    assert "news articles" in first and "knowledge graph" in first
    for command in ("make demo", "make test", "kgraph build", "kgraph query", "graph.html"):
        assert command in first, f"{command!r} is not on the README's first screen"


def test_readme_is_short_and_the_long_parts_are_docs_pages() -> None:
    assert README.stat().st_size < 8_000
    names = {page.name for page in PAGES}
    for page in ("rdf-contract.md", "extraction.md", "benchmarks.md", "hardening.md"):
        assert page in names
    linked = {target.split("#")[0] for source, target in _links() if source == "README.md"}
    for page in PAGES:
        assert f"docs/{page.name}" in linked, f"docs/{page.name} is not linked from the README"


def test_readme_test_command_is_the_one_ci_runs() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"(?m)^make test$", ci)
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S))
    assert re.search(r"(?m)^make test\b", blocks)


@pytest.mark.parametrize(("source", "target"), _links(), ids=lambda v: v)
def test_readme_and_docs_links_resolve(source: str, target: str) -> None:
    path_part, _, anchor = target.partition("#")
    base = (REPO / source).parent
    path = (base / path_part).resolve() if path_part else REPO / source
    relative = path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)
    assert path.exists(), f"{source}: link to {target} leads nowhere"
    if anchor and path.suffix == ".md":
        assert anchor in _anchors(path), f"{source}: no heading #{anchor} in {relative}"
