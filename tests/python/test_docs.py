"""The documentation site: it builds with warnings as errors, and the code examples of its
pages run.

- ``python`` blocks and matplotlib ``.. plot::`` directives of every page under docs/ run in order,
  one namespace per page (a page's later blocks may use its earlier names).
- In docs/getting-started.md, every line of a ``bash`` block that starts with ``furong ``
  runs through the installed command and must succeed (``furong-report`` is redirected to
  a temporary directory).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import pytest

import furong  # noqa: F401  (the package under test: missing means failing, never skipping)

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^(`{3,})\s*(\{eval-rst\}|python|bash|sh|console)\s*$")


def _plot_code(rst: List[str]) -> str:
    """The code of the ``.. plot::`` directives of an ``{eval-rst}`` block (options dropped)."""
    code: List[str] = []
    inside = False
    for line in rst:
        if line.startswith(".. plot::"):
            inside = True
            continue
        if inside and line.strip() and not line.startswith("   "):
            inside = False
        if inside and not line.strip().startswith(":"):
            code.append(line[3:])
    return "\n".join(code).strip("\n")


def blocks(page: Path) -> List[Tuple[str, str, int]]:
    """(language, code, line) of the fenced blocks we execute: ``python``, shell, and the
    ``.. plot::`` directives of ``{eval-rst}`` blocks (as python)."""
    out: List[Tuple[str, str, int]] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, start = m.group(1), m.group(2), i + 1
        body: List[str] = []
        i += 1
        while i < len(lines) and not lines[i].startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1
        if lang == "{eval-rst}":
            code = _plot_code(body)
            if code:
                out.append(("python", code + "\n", start))
        else:
            out.append(("python" if lang == "python" else "shell", "\n".join(body) + "\n", start))
    return out


PAGES = sorted(p for p in DOCS.glob("*.md") if any(lang == "python" for lang, _, _ in blocks(p)))


def test_getting_started_has_examples() -> None:
    kinds = {lang for lang, _, _ in blocks(DOCS / "getting-started.md")}
    assert kinds == {"python", "shell"}


RUNNER = """
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
namespace = {"__name__": "__docs__"}
for where, code in BLOCKS:
    try:
        exec(compile(code, where, "exec"), namespace)
    except BaseException:
        print("example failed: " + where + "\\n" + code, file=sys.stderr)
        raise
    finally:
        plt.close("all")
"""


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_python_examples_run(page: Path, tmp_path: Path) -> None:
    # One fresh interpreter per page: examples may edit the cached dataset (plan.apply...),
    # and anything they write lands in a temporary directory.
    import matplotlib  # noqa: F401  (the examples draw: a missing matplotlib fails the test)

    code = [(f"{page.name}:{line}", text) for lang, text, line in blocks(page) if lang == "python"]
    script = f"BLOCKS = {code!r}\n" + RUNNER
    r = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=1800,
                       env=dict(os.environ, MPLBACKEND="Agg"))
    assert r.returncode == 0, r.stderr[-4000:]


def test_getting_started_commands_run(tmp_path: Path) -> None:
    # The installed command, or the same entry point from this tree when furong is not installed.
    exe = shutil.which("furong")
    prefix = [exe] if exe is not None else [sys.executable, "-m", "furong.cli"]
    commands = [line.split("  #")[0].strip()
                for lang, code, _ in blocks(DOCS / "getting-started.md") if lang == "shell"
                for line in code.splitlines() if line.startswith("furong ")]
    assert any(c.startswith("furong demo") for c in commands)
    for command in commands:
        argv = [a.replace("furong-report", str(tmp_path / "furong-report")) for a in shlex.split(command)]
        r = subprocess.run(prefix + argv[1:], cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert r.returncode == 0, f"{command}\n{r.stdout}\n{r.stderr}"
        if argv[1] == "demo":
            page = tmp_path / "furong-report" / "index.html"
            assert page.is_file() and ("report: " in r.stdout or "报告：" in r.stdout)
            html = page.read_text(encoding="utf-8")
            assert "data:image/png;base64," in html and "<table" in html
            assert not re.search(r"""<img\b[^>]*\bsrc=["'](?!data:)""", html)  # self-contained


def test_site_builds_without_warnings(tmp_path: Path) -> None:
    # The docs extra of pyproject.toml (tools/bootstrap.sh installs it): missing means failing.
    import myst_parser  # noqa: F401
    import nbsphinx  # noqa: F401
    import sphinx  # noqa: F401

    if any(DOCS.glob("notebooks/*.ipynb")):
        assert shutil.which("pandoc"), "nbsphinx needs pandoc to convert notebooks (Debian package pandoc)"
    env = dict(os.environ, MPLBACKEND="Agg")
    r = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")],
        cwd=ROOT, capture_output=True, text=True, timeout=3600, env=env,
    )
    assert r.returncode == 0, r.stderr[-6000:]
    html = tmp_path / "html"
    for page in ("index", "getting-started", "domain", "data-format", "dataset", "python-api", "cpp-api",
                 "architecture", "performance", "notebooks"):
        assert (html / f"{page}.html").is_file(), page
    api = (html / "python-api.html").read_text(encoding="utf-8")
    assert "furong.plot.hierarchy" in api and "furong.Network.to_dot" in api
    start = (html / "getting-started.html").read_text(encoding="utf-8")
    assert start.count("<img") >= 5  # the figures, drawn from the code beside them
    # Every notebook shows its figures (inline backend, whatever MPLBACKEND says).
    for nb in sorted(DOCS.glob("notebooks/*.ipynb")):
        page = (html / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert "<img" in page, nb.name
    assert "images/report.png" in (html / "report.html").read_text(encoding="utf-8").replace("_images/", "images/")
