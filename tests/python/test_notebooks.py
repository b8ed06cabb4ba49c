"""Every notebook under docs/notebooks executes without error on the bundled data, shows its
figures inline (image outputs, even where MPLBACKEND says Agg, as on the docs build) and
writes nothing to stderr (no warnings, such as a glyph missing from the font)."""

from __future__ import annotations

import os
from pathlib import Path

import nbclient
import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "docs" / "notebooks").glob("*.ipynb"))


def test_the_notebooks_are_there() -> None:
    assert NOTEBOOKS, "no notebook under docs/notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")  # what the docs build sets: the notebooks must override it
    nb = nbformat.read(path, as_version=4)
    assert "matplotlib.use(" not in "".join(c.source for c in nb.cells)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors
    stderr = [o.get("text", "") for o in outputs if o.output_type == "stream" and o.get("name") == "stderr"]
    assert not stderr, "".join(stderr)[:2000]
    # Every cell that draws (``ax = ...``) shows its figure.
    drawing = [c for c in nb.cells if c.cell_type == "code" and "ax = " in c.source]
    assert drawing or path.name != "01_tour.ipynb"
    for c in drawing:
        assert any(o.output_type == "display_data" and "image/png" in o.get("data", {}) for o in c.outputs), c.source
