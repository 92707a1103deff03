#!/usr/bin/env bash
# Installs the C libraries sitegen builds against (cmark-gfm and its extensions) when they are missing.
# Debian and Ubuntu through apt-get; macOS through Homebrew.
set -euo pipefail

have_cmark() {
  pkg-config --exists libcmark-gfm 2>/dev/null && [ -f /usr/include/cmark-gfm-core-extensions.h ] ||
    { pkg-config --exists libcmark-gfm 2>/dev/null && [ "$(uname)" = Darwin ]; }
}

if have_cmark; then
  exit 0
fi

if [ "$(uname)" = Darwin ]; then
  brew install cmark-gfm pkg-config
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing libcmark-gfm-dev and libcmark-gfm-extensions-dev with apt-get…" >&2
$sudo apt-get update -qq
$sudo apt-get install -y -qq libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config >/dev/null
