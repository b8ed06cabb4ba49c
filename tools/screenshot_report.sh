#!/usr/bin/env bash
# Screenshots of a furong report in headless Chromium (apt-get install chromium):
#   tools/screenshot_report.sh REPORT_DIR OUT.png [WIDTH HEIGHT]
# REPORT_DIR holds index.html (furong report LOCATION --out REPORT_DIR, or furong demo).
# The image is the top of the page at WIDTHxHEIGHT pixels (default 1280x2400).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT_DIR OUT.png [WIDTH HEIGHT]" >&2
  exit 2
fi
dir="$(cd "$1" && pwd)"
out="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
width="${3:-1280}"
height="${4:-2400}"
[ -f "$dir/index.html" ] || { echo "$0: no $dir/index.html" >&2; exit 1; }
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$browser" ] || { echo "$0: no Chromium found (apt-get install chromium)" >&2; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: containers often run as root, where Chromium's sandbox refuses to start.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="$width,$height" --screenshot="$out" "file://$dir/index.html" >/dev/null 2>&1
[ -s "$out" ] || { echo "$0: Chromium wrote no image" >&2; exit 1; }
echo "$out"
