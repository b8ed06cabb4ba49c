#!/usr/bin/env bash
# Installs what furong needs to build and test on a fresh Debian 12 machine, and nothing
# that is already there: the C++ toolchain and libraries from Debian, the Python packages
# from PyPI. Safe to run again and again.
set -euo pipefail

apt_packages=(g++ make libboost-graph-dev libboost-date-time-dev catch2 libbenchmark-dev graphviz pandoc fonts-wqy-microhei)
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
# Distributions from PyPI, checked by name so that nothing present is fetched again.
py_packages=(
  numpy pandas pytest hypothesis networkx scipy matplotlib scikit-build-core "pybind11>=3"
  cmake ninja nbclient nbformat ipykernel mypy pandas-stubs types-networkx "pybind11-stubgen==3.0.0"
  matching rustworkx sphinx myst-parser nbsphinx furo
)
need=$("$PYTHON" - "${py_packages[@]}" <<'PY'
import importlib.metadata as md, re, sys
missing = []
for req in sys.argv[1:]:
    name, _, pin = re.split(r"(==|>=)", req)[0], None, None
    m = re.match(r"([A-Za-z0-9_.-]+)(==|>=)?(.*)", req)
    name, op, want = m.group(1), m.group(2), m.group(3)
    try:
        have = md.version(name)
    except md.PackageNotFoundError:
        missing.append(req)
        continue
    if op == "==" and have != want:
        missing.append(req)
    elif op == ">=" and int(have.split(".")[0]) < int(want.split(".")[0]):
        missing.append(req)
print(" ".join(missing))
PY
)
if [ -n "$need" ]; then
  echo "bootstrap: installing Python packages: $need"
  "$PYTHON" -m pip install -q $need
fi
