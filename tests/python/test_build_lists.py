"""The build lists its sources explicitly; a source file the build does not name would silently
never compile or run, so every one of them must be listed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("cmake_file, pattern", [
    ("CMakeLists.txt", "src/*.cpp"),
    ("CMakeLists.txt", "bindings/*.cpp"),
    ("tests/CMakeLists.txt", "tests/cpp/test_*.cpp"),
    ("bench/CMakeLists.txt", "bench/bench_*.cpp"),
    ("tests/CMakeLists.txt", "tests/fuzz/fuzz_*.cpp"),  # named by target: fuzz_<reader>
])
def test_every_source_is_listed(cmake_file: str, pattern: str) -> None:
    words = set(re.findall(r"[\w./-]+", (ROOT / cmake_file).read_text(encoding="utf-8")))
    files = sorted(ROOT.glob(pattern))
    assert files, f"no {pattern} files: the check would prove nothing"
    base = (ROOT / cmake_file).parent
    for f in files:
        listed = f.relative_to(base).as_posix()
        name = listed if cmake_file != "bench/CMakeLists.txt" and "fuzz" not in pattern else f.stem
        assert name in words, f"{listed} is not listed in {cmake_file}"
