"""The package metadata as setuptools builds it: an SPDX licence, no deprecation warning."""

from __future__ import annotations

import shutil
import subprocess
import sys
from email.parser import Parser
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Runs the real build backend the way pip does before installing (metadata only, offline).
BUILD_METADATA = """
import sys, setuptools.build_meta as backend
print(backend.prepare_metadata_for_build_wheel(sys.argv[1]))
"""


def test_packaging_metadata_has_an_spdx_license_and_no_deprecation(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "src" / "kgraph").mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, project / name)
    shutil.copy(REPO / "src" / "kgraph" / "__init__.py", project / "src" / "kgraph")
    out = tmp_path / "metadata"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c", BUILD_METADATA, str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Deprecat" not in done.stderr, done.stderr
    dist_info = out / done.stdout.strip().splitlines()[-1]
    metadata = Parser().parsestr((dist_info / "METADATA").read_text(encoding="utf-8"))
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Name"] == "kgraph"
