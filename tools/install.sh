#!/usr/bin/env bash
# Builds furong (the C++ extension and the Python package) from this tree and installs it,
# with the `furong` command, into the checkout's virtual environment .venv (made by
# tools/bootstrap.sh); never into another interpreter.
#
#   bash tools/install.sh           # pip install . (the demo)
#   bash tools/install.sh --wheel   # pip wheel . + auditwheel repair: a manylinux wheel in dist/,
#                                   # then installs that wheel (the test command); prints its path
# The build directory build/<wheel tag> is kept, so a second build recompiles only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
[ -x "$py" ] || { echo "install: no .venv yet: run tools/bootstrap.sh first" >&2; exit 1; }
export PATH="$PWD/.venv/bin:$PATH"   # CMake and Ninja of the venv
if [ "${1:-}" != --wheel ]; then
  echo "install: building and installing furong into .venv (pip install .; ninja prints [n/N] per file)"
  "$py" -m pip install -v --no-build-isolation .
  exit 0
fi
echo "install: building the wheel (pip wheel .; ninja prints [n/N] per file)"
rm -rf build/wheel && mkdir -p build/wheel dist
"$py" -m pip wheel -v --no-build-isolation --no-deps -w build/wheel .
wheel=$(ls build/wheel/furong-*.whl)
echo "install: auditwheel repair $wheel"
rm -f dist/furong-*.whl
.venv/bin/auditwheel repair -w dist "$wheel"
repaired=$(ls dist/furong-*.whl)
echo "install: $repaired ($(du -k "$repaired" | cut -f1) kB); installing it into .venv"
"$py" -m pip install --no-deps --force-reinstall "$repaired"
