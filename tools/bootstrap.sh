#!/usr/bin/env bash
# Installs what furong needs to build and test on a fresh Debian 12 machine, and nothing
# that is already there: the C++ toolchain and libraries from Debian, the Python packages
# from PyPI. Safe to run again and again.
set -euo pipefail

apt_packages=(g++ make libboost-graph-dev libboost-date-time-dev catch2 libbenchmark-dev graphviz)
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
# module name -> pip requirement
py_packages=(
  "numpy:numpy" "pandas:pandas" "pytest:pytest" "hypothesis:hypothesis" "networkx:networkx"
  "scipy:scipy" "matplotlib:matplotlib" "scikit_build_core:scikit-build-core" "pybind11:pybind11"
  "cmake:cmake" "ninja:ninja" "nbclient:nbclient" "nbformat:nbformat" "ipykernel:ipykernel"
  "mypy:mypy" "matching:matching" "rustworkx:rustworkx" "sphinx:sphinx" "myst_parser:myst-parser"
  "nbsphinx:nbsphinx"
)
need=()
for entry in "${py_packages[@]}"; do
  mod=${entry%%:*}; req=${entry#*:}
  "$PYTHON" -c "import $mod" >/dev/null 2>&1 || need+=("$req")
done
if ((${#need[@]})); then
  echo "bootstrap: installing Python packages: ${need[*]}"
  "$PYTHON" -m pip install -q "${need[@]}"
fi
