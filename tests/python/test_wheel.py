"""The manylinux wheel, installed as a user would: a fresh virtual environment in a temporary
directory, a PATH without a compiler, only binary packages, then ``furong info`` and
``furong demo`` on the bundled dataset.

The test command (tools/test.sh) builds the wheel once (tools/install.sh --wheel: pip wheel +
auditwheel repair) and passes its path in ``FURONG_WHEEL``; without it this test builds one
(pip wheel --no-build-isolation + auditwheel repair into a temporary directory).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPILERS = ("gcc", "g++", "cc", "c++", "clang", "clang++")

pytestmark = pytest.mark.wheel


def _run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(cmd, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    assert r.returncode == 0, f"{cmd} failed ({r.returncode}):\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
    return r  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repaired wheel: ``FURONG_WHEEL`` or one built here."""
    given = os.environ.get("FURONG_WHEEL")
    if given:
        return Path(given).resolve()
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-w", str(out / "raw"),
          str(ROOT)], cwd=ROOT, timeout=3600)
    raw = next((out / "raw").glob("furong-*.whl"))
    _run([sys.executable, "-m", "auditwheel", "repair", "-w", str(out / "repaired"), str(raw)], timeout=600)
    return next((out / "repaired").glob("furong-*.whl"))


def test_wheel_installs_and_runs_without_a_compiler(wheel: Path, tmp_path: Path) -> None:
    assert wheel.is_file(), wheel
    assert "manylinux" in wheel.name, f"not a repaired (manylinux) wheel: {wheel.name}"

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / "bin"
    path = str(bin_dir)
    for tool in COMPILERS:
        assert shutil.which(tool, path=path) is None, f"{tool} on the stripped PATH"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PATH", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "CC", "CXX")}
    env.update(PATH=path, VIRTUAL_ENV=str(env_dir), MPLBACKEND="Agg")
    python = str(bin_dir / "python")

    start = time.monotonic()
    _run([python, "-m", "pip", "install", "--only-binary", ":all:", str(wheel)], env=env, cwd=tmp_path,
         timeout=1800)
    print(f"wheel {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB, installed in {time.monotonic() - start:.0f} s")

    where = _run([python, "-c", "import furong, pathlib; p = pathlib.Path(furong.__file__).parent; "
                  "print(p); print(p / 'datasets' / 'furong')"], env=env, cwd=tmp_path).stdout.split("\n")
    package, bundled = Path(where[0]), Path(where[1])
    assert env_dir in package.parents, f"furong imported from {package}, not from the fresh venv"

    furong_cmd = str(bin_dir / "furong")
    info = _run([furong_cmd, "info", str(bundled)], env=env, cwd=tmp_path, timeout=600).stdout
    assert "household" in info, info

    out = tmp_path / "report"
    demo = _run([furong_cmd, "demo", "--out", str(out)], env=env, cwd=tmp_path, timeout=1800)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page, "the report has no plots"
    assert "install matplotlib" not in page
    # The template and the tables: package data reached the wheel, the tables are complete files.
    assert (out / "tables" / "new_pairs.csv").is_file() and 'href="tables/new_pairs.csv"' in page
    assert "report:" in demo.stdout
