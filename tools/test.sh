#!/usr/bin/env bash
# Every test of furong: prepares the checkout's virtual environment .venv (tools/bootstrap.sh
# test: Debian's build and test packages when missing; the extras test and docs of
# pyproject.toml into the venv), then
#   0. starts a throw-away PostgreSQL server (tools/postgres.sh; stopped on exit, also when a
#      step fails) and exports its URL as FURONG_TEST_POSTGRESQL, so that the store's tests
#      run on PostgreSQL as well as on SQLite, in CTest and in pytest;
#   1. builds the C++ library, tests and benchmarks and runs CTest (Catch2 unit tests, the
#      C++ examples built against the installed package with find_package, an
#      add_subdirectory consumer with Boost from PyPI's boost-headers, benchmarks at a tiny
#      size);
#      then, built with clang in build/sanitizers, the Catch2 tests under ASan+UBSan, the thread
#      stress test under TSan and a libFuzzer run of each file reader (CTest label sanitizers);
#   2. builds the manylinux wheel (pip wheel + auditwheel repair), installs it into the venv
#      and runs pytest on two workers (unit and property tests, doctests of the package, notebooks, CLI, type
#      stubs, the wheel in a fresh venv without a compiler); prints the wall time of each step at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
# Each step's wall time, printed at the end (also when a step fails): where the time goes.
timings=() step_name="environment (tools/bootstrap.sh test)" step_start=$SECONDS
step() {
  timings+=("$(printf '%6d s  %s' $((SECONDS - step_start)) "$step_name")")
  step_name="$1" step_start=$SECONDS
  echo "== $1"
}
report_times() {
  timings+=("$(printf '%6d s  %s' $((SECONDS - step_start)) "$step_name")")
  echo "== wall time per step"
  printf '%s\n' "${timings[@]}"
  printf '%6d s  in all\n' "$SECONDS"
}
bash "$here/bootstrap.sh" test
export VIRTUAL_ENV="$root/.venv" PATH="$root/.venv/bin:$PATH"
jobs=${JOBS:-2}

step "PostgreSQL: a throw-away server for the store's tests"
trap 'bash "$here/postgres.sh" stop; report_times' EXIT
trap 'exit 130' INT TERM
FURONG_TEST_POSTGRESQL="$(bash "$here/postgres.sh" start)"
export FURONG_TEST_POSTGRESQL
echo "FURONG_TEST_POSTGRESQL=$FURONG_TEST_POSTGRESQL"

step "C++: build and CTest"
cmake -S . -B build/cpp -G Ninja -DCMAKE_BUILD_TYPE=Release -DFURONG_BUILD_BENCH=ON \
      -DPython_EXECUTABLE="$root/.venv/bin/python" >/dev/null
cmake --build build/cpp -j "$jobs"
(cd build/cpp && ctest --output-on-failure -j "$jobs")

step "C++ under sanitizers (clang): ASan+UBSan unit tests, TSan thread stress test, fuzzers"
# docs/reliability.md: what each job checks, how long it takes, how to fuzz for longer.
CXX=clang++ cmake -S . -B build/sanitizers -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFURONG_SANITIZERS=ON \
  -DFURONG_INSTALL=OFF -DFURONG_FUZZ_SECONDS="${FURONG_FUZZ_SECONDS:-20}" >/dev/null
cmake --build build/sanitizers -j "$jobs" --target furong_tests_asan furong_tests_tsan \
  fuzz_network fuzz_ledger fuzz_calendar fuzz_preferences
(cd build/sanitizers && ctest --output-on-failure -j "$jobs" -L sanitizers)

step "Python: the wheel (pip wheel + auditwheel repair), installed into the venv"
bash "$here/install.sh" --wheel
export FURONG_WHEEL
FURONG_WHEEL="$(ls "$root"/dist/furong-*.whl)"
step "Python: pytest"
# Two workers (pytest-xdist), one test file per worker at a time: a file's module fixtures (the
# Spark session, the store templates) are built once, and tests of one file never race.
python -m pytest -q -p no:cacheprovider -n "$jobs" --dist loadfile --doctest-modules tests/python --pyargs furong
