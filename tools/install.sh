#!/usr/bin/env bash
# Builds and installs the furong Python package (and the `furong` command) from this tree.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
"$PYTHON" -m pip install -q --no-build-isolation .
