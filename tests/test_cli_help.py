"""`kgraph --help` and each command's help: flags show no value placeholder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kgraph.cli import app

runner = CliRunner()
COMMANDS = ("build", "evaluate", "export", "query", "serve", "validate", "viz")


def test_cli_help_shows_debug_as_a_plain_flag() -> None:
    exe = shutil.which("kgraph") or str(Path(sys.executable).with_name("kgraph"))
    done = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    [debug] = [line for line in done.stdout.splitlines() if "--debug" in line]
    assert "<bool>" not in debug and "Show full tracebacks" in debug
    assert "<bool>" not in done.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_help_of_each_command_has_no_bool_placeholder(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "--help" in result.output
    assert "<bool>" not in result.output
