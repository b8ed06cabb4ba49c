#!/usr/bin/env bash
# The main job on the bundled Furong dataset: prepares the checkout's virtual environment .venv
# (a C++ compiler and Python's venv from Debian when missing; the runtime dependencies of
# pyproject.toml from PyPI, into the venv only), builds and installs furong into it, then runs
# `furong demo` (HTML report in ./furong-report unless given --out DIR).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/bootstrap.sh" runtime
bash "$here/install.sh"
echo "demo: .venv/bin/furong demo $*"
exec "$here/../.venv/bin/furong" demo "$@"
