#!/usr/bin/env bash
# Builds the example site and photographs the journey features with headless Chromium (Debian's `chromium`)
# into docs/screenshots/, for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "needs chromium: apt-get install chromium" >&2; exit 1; }
swift build --product sitegen >/dev/null
site=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$site"' EXIT
"$(swift build --show-bin-path)/sitegen" build --output "$site" --quiet
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
sleep 1
shoot() { # name path height
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="1000,$3" \
    --screenshot="docs/screenshots/$1.png" "http://127.0.0.1:$port$2" >/dev/null 2>&1
  echo "docs/screenshots/$1.png"
}
shoot heatmap / 560
shoot timeline /projects/ 330
shoot series /series/100-days-of-go/ 560
shoot skills /skills/ 720
shoot post /posts/day-2-json-handlers/ 1250
