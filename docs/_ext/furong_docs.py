"""Small Sphinx helpers of the furong site.

- ``csv`` code blocks (docs/data-format.md) are highlighted as plain text (Pygments has no
  CSV lexer).
- The notebooks page lists docs/notebooks/*.ipynb with a glob toctree; when there is no
  notebook yet, the toctree is replaced by a sentence (an empty glob is a warning, and the
  site builds with warnings as errors).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List

NOTEBOOKS_DOC = "notebooks"
EMPTY = "No notebooks yet: add ``.ipynb`` files under ``docs/notebooks``; they are executed when the site is built.\n"


def _source_read(app: Any, docname: str, source: List[str]) -> None:
    if docname != NOTEBOOKS_DOC:
        return
    if any((Path(app.srcdir) / "notebooks").glob("*.ipynb")):
        return
    text = source[0]
    start = text.find("```{toctree}")
    if start < 0:
        return
    end = text.find("```", start + 3)
    end = len(text) if end < 0 else end + 3
    source[0] = text[:start] + EMPTY + text[end:]


def setup(app: Any) -> dict:
    from pygments.lexers.special import TextLexer

    app.add_lexer("csv", TextLexer)
    app.connect("source-read", _source_read)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
