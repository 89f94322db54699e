"""constraints.txt pins every declared dependency inside the range pyproject.toml allows."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"not an exact pin: {line!r}"
        assert _norm(name) not in pins, f"pinned twice: {name}"
        pins[_norm(name)] = Version(version)
    return pins


def test_hardening_deps_constraints_pin_every_declared_requirement_in_range():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared.extend(extra)
    pins = _pins()
    for text in declared:
        requirement = Requirement(text)
        name = _norm(requirement.name)
        assert name in pins, f"{requirement.name} is declared but not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pins[name]} outside {requirement}"
        )


def test_hardening_deps_constraints_leave_out_the_project_and_the_installer():
    pins = _pins()
    assert "kgraph" not in pins and "pip" not in pins
    lines = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = [line for line in lines if line.strip() and not line.startswith("#")]
    assert not any(line.startswith("-") or "file:" in line or " @ " in line for line in pinned)
    # Python 3.11's bundled setuptools has published advisories; never pin back to it.
    assert pins["setuptools"] >= Version("78.1.1")
