#!/usr/bin/env bash
# Every test of furong: installs what is missing, then
#   1. builds the C++ library, tests, consumers and benchmarks and runs CTest
#      (Catch2 unit tests, find_package and add_subdirectory consumers, benchmarks at a tiny size);
#   2. builds and installs the Python package and runs pytest (unit and property tests,
#      doctests of the package, notebooks, CLI, type stubs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
bash "$here/bootstrap.sh"
jobs=${JOBS:-2}

echo "== C++: build and CTest"
cmake -S . -B build/cpp -G Ninja -DCMAKE_BUILD_TYPE=Release -DFURONG_BUILD_BENCH=ON >/dev/null
cmake --build build/cpp -j "$jobs"
(cd build/cpp && ctest --output-on-failure -j "$jobs")

echo "== Python: install and pytest"
bash "$here/install.sh"
python3 -m pytest -q -p no:cacheprovider --doctest-modules tests/python --pyargs furong
