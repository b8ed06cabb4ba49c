#!/usr/bin/env bash
# Installs what furong needs to build and test on a fresh Debian 12 machine, and nothing
# that is already there: the C++ toolchain and libraries from Debian, the Python packages
# from PyPI as pyproject.toml lists them. Safe to run again and again.
set -euo pipefail

apt_packages=(g++ make libboost-graph-dev libboost-date-time-dev catch2 libbenchmark-dev graphviz pandoc fonts-wqy-microhei clang libclang-rt-14-dev)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
# Python packages: read from pyproject.toml, the one list (build requirements, the build
# tools group, runtime dependencies and the extras test, docs and plot), and installed into
# this same interpreter; whatever is already there at a fitting version is not fetched again.
need=$("$PYTHON" - "$(dirname "$0")/../pyproject.toml" <<'PY'
import importlib.metadata as md
import re
import sys

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

with open(sys.argv[1], "rb") as f:
    project = tomllib.load(f)
wanted = list(project["build-system"]["requires"])
wanted += project.get("dependency-groups", {}).get("build-tools", [])
wanted += project["project"]["dependencies"]
for extra in ("test", "docs", "plot"):
    wanted += project["project"]["optional-dependencies"][extra]


def version(text):
    return tuple(int(x) for x in re.findall(r"\d+", text)[:3])


missing = []
for req in dict.fromkeys(wanted):
    m = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(==|>=)?\s*([^;\s]*)", req)
    name, op, want = m.group(1), m.group(2), m.group(3)
    try:
        have = md.version(name)
    except md.PackageNotFoundError:
        missing.append(req)
        continue
    if (op == "==" and have != want) or (op == ">=" and version(have) < version(want)):
        missing.append(req)
print(" ".join(missing))
PY
)
if [ -n "$need" ]; then
  echo "bootstrap: installing Python packages: $need"
  "$PYTHON" -m pip install -q $need
fi
