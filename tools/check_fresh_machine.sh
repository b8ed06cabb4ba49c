#!/usr/bin/env bash
# The README's demo command on a fresh Debian 12 machine where only Debian's python3 exists:
# a minimal Debian chroot (debootstrap --variant=minbase bookworm) with python3 from Debian and
# nothing else, a copy of this checkout (its files git does not ignore) in /root/furong, then
# `bash tools/demo.sh --out /tmp/furong-report` inside, as root, in an empty environment (no
# pip configuration, no PATH of the host). Afterwards checks that the system interpreter
# gained no package (numpy, pandas, matplotlib, furong not importable by /usr/bin/python3; no
# pip module) and that the report was written. Slow (a Debian base system, a C++ build): not
# part of the test command; run by hand as root (docs/development.md has the last result).
#
#   sudo bash tools/check_fresh_machine.sh [DIR]    # DIR: the chroot, default /tmp/furong-fresh
# Set FURONG_DEBIAN_MIRROR to use another Debian mirror. Reuses DIR's base system when it
# already holds one (a fresh copy of the checkout each time); delete DIR to start over.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "check_fresh_machine: run as root (debootstrap, chroot)" >&2; exit 1; }
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
dir=${1:-/tmp/furong-fresh}
mirror=${FURONG_DEBIAN_MIRROR:-http://deb.debian.org/debian}
step() { echo "check_fresh_machine: $*"; }
start=$(date +%s)

if [ ! -x "$dir/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || { step "installing debootstrap"; apt-get install -y -q debootstrap; }
  step "debootstrap --variant=minbase bookworm $dir $mirror"
  debootstrap --variant=minbase bookworm "$dir" "$mirror"
fi
cp /etc/resolv.conf "$dir/etc/resolv.conf"

mounted=()
cleanup() { local m; for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
for m in proc sys dev/pts; do
  mountpoint -q "$dir/$m" || { mount --bind "/$m" "$dir/$m"; mounted+=("$dir/$m"); }
done

# PyPI through the host's network: when the host's pip trusts its own certificate bundle (a
# proxy's authority: PIP_CERT or `cert` in a pip.conf), the chroot's pip gets that bundle;
# PIP_INDEX_URL is passed on too. Nothing else of the host's configuration goes in.
pip_env=()
cert=${PIP_CERT:-$(sed -n 's/^ *cert *= *//p' /etc/pip.conf /etc/xdg/pip/pip.conf "$HOME/.config/pip/pip.conf" 2>/dev/null | head -n1)}
if [ -n "$cert" ] && [ -f "$cert" ]; then
  cp "$cert" "$dir/etc/host-pip-ca.crt"
  pip_env+=(PIP_CERT=/etc/host-pip-ca.crt)
fi
[ -n "${PIP_INDEX_URL:-}" ] && pip_env+=("PIP_INDEX_URL=$PIP_INDEX_URL")

in_chroot() {
  chroot "$dir" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb "${pip_env[@]}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin bash -c "$1"
}

step "the machine: Debian's python3 only"
in_chroot 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3'
in_chroot 'python3 --version; command -v g++ cc cmake || echo "no compiler, no cmake"'

step "copying the checkout (tracked and new, not ignored, files) to $dir/root/furong"
rm -rf "$dir/root/furong" && mkdir -p "$dir/root/furong"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$dir/root/furong"

step "bash tools/demo.sh --out /tmp/furong-report (inside the chroot)"
demo_start=$(date +%s)
in_chroot 'cd /root/furong && bash tools/demo.sh --out /tmp/furong-report'
demo_end=$(date +%s)

step "checking the report and the system interpreter"
in_chroot 'test -s /tmp/furong-report/index.html && ls /tmp/furong-report'
in_chroot 'for m in numpy pandas matplotlib furong pip; do
  if /usr/bin/python3 -c "import $m" 2>/dev/null; then echo "system python3 gained $m" >&2; exit 1; fi
done; echo "system python3: none of numpy pandas matplotlib furong pip importable"'
step "passed: demo $((demo_end - demo_start)) s, in all $(( $(date +%s) - start )) s"
