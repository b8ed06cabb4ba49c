#!/usr/bin/env bash
# The main job on the bundled Furong dataset: installs what is missing, builds and installs
# furong, then runs `furong demo` (HTML report in ./furong-report unless given --out DIR).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/bootstrap.sh"
bash "$here/install.sh"
exec furong demo "$@"
