"""The type stubs match the compiled module and pass mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]


def test_stubs_match_the_bindings() -> None:
    import pybind11_stubgen  # noqa: F401  (the test extra: missing means failing)

    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_stubs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_example_script_passes_mypy_strict(tmp_path: Path) -> None:
    import mypy  # noqa: F401  (the test extra: missing means failing)

    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path),
         str(ROOT / "docs" / "examples" / "typed_example.py")],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_passes_mypy_strict(tmp_path: Path) -> None:
    """The public package type-checks against the committed stubs of the compiled core."""
    import mypy  # noqa: F401  (the test extra: missing means failing)

    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path), "-p", "furong"],
        capture_output=True, text=True, cwd=ROOT / "python",
    )
    assert result.returncode == 0, result.stdout + result.stderr
