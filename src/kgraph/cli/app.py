"""The typer app, the --debug switch and the mapping from our errors to exit codes."""

from __future__ import annotations

import traceback
import warnings
from typing import TextIO

import typer
from typer.core import TyperGroup

from kgraph.errors import InputWarning, KGraphError

_state = {"debug": False}


def _is_cli_control(err: BaseException) -> bool:
    """Exit, Abort and usage errors belong to typer (which may bundle its own click)."""
    module = type(err).__module__
    return module.startswith(("typer", "click"))


class _ErrorMappingGroup(TyperGroup):
    """Turn our errors into one red line and an exit code; tracebacks only with --debug."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", InputWarning)
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except KGraphError as err:
            _report(err, f"error: {err}")
            raise typer.Exit(err.exit_code) from err
        except KeyboardInterrupt as err:
            raise typer.Exit(130) from err
        except Exception as err:
            if _is_cli_control(err):
                raise
            _report(err, f"error: unexpected {type(err).__name__}: {err} (rerun with --debug)")
            raise typer.Exit(1) from err


_python_showwarning = warnings.showwarning


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Our input warnings as one yellow line on stderr; other libraries' warnings unchanged."""
    if issubclass(category, InputWarning):
        text = str(message).splitlines()[0] if str(message) else "warning"
        typer.secho(f"warning: {text}", fg=typer.colors.YELLOW, err=True)
        return
    _python_showwarning(message, category, filename, lineno, file, line)


def _report(err: BaseException, line: str) -> None:
    if _state["debug"]:
        traceback.print_exception(err)
    typer.secho(line.splitlines()[0] if line else "error", fg=typer.colors.RED, err=True)


app = typer.Typer(
    name="kgraph",
    cls=_ErrorMappingGroup,
    help="Turn news articles into an ontology-typed, provenance-tracked knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _options(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
) -> None:
    _state["debug"] = debug


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one red line on stderr and return the Exit to raise."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)
