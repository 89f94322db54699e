"""The walkthrough notebook runs top to bottom in a real kernel."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient
from tests_support import REPO


def test_notebook_walkthrough_executes():
    notebook = nbformat.read(REPO / "notebooks" / "walkthrough.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(str(o.get("text", "")) + str(o.get("data", {})) for o in outputs)
    assert "mediated" in text and "iframe" in text
