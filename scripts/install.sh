#!/usr/bin/env bash
# Builds sitegen in release mode and installs it:
#   scripts/install.sh [PREFIX]          (default /usr/local; PREFIX=~/.local needs no root)
# PREFIX/bin/sitegen                     the binary (the default theme is inside it)
# PREFIX/share/sitegen/action            OWNER/NAME@COMMIT of this checkout, for `sitegen init`'s workflow
# PREFIX/share/bash-completion/completions/sitegen, PREFIX/share/zsh/site-functions/_sitegen,
# PREFIX/share/fish/vendor_completions.d/sitegen.fish   shell completion
# The first build compiles sitegen and its packages: about 5 minutes on 2 cores; later ones take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-${PREFIX:-/usr/local}}
scripts/install-deps.sh
echo "Building sitegen in release mode (the first build takes about 5 minutes)…"
swift build -c release --product sitegen
built=$(swift build -c release --show-bin-path)/sitegen

sudo=""
if ! mkdir -p "$prefix/bin" 2>/dev/null || [ ! -w "$prefix/bin" ]; then sudo="sudo"; fi
$sudo mkdir -p "$prefix/bin" "$prefix/share/sitegen" "$prefix/share/bash-completion/completions" \
  "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
$sudo install -m 0755 "$built" "$prefix/bin/sitegen"
"$built" --generate-completion-script bash | $sudo tee "$prefix/share/bash-completion/completions/sitegen" >/dev/null
"$built" --generate-completion-script zsh | $sudo tee "$prefix/share/zsh/site-functions/_sitegen" >/dev/null
"$built" --generate-completion-script fish | $sudo tee "$prefix/share/fish/vendor_completions.d/sitegen.fish" >/dev/null

# The sitegen action that `sitegen init` puts in a new site's deploy workflow: this checkout's GitHub remote
# at its current commit, when it has one.
remote=$(git config --get remote.origin.url 2>/dev/null || true)  # as written, before any url.insteadOf
commit=$(git rev-parse HEAD 2>/dev/null || true)
repository=$(printf '%s' "$remote" | sed -E -n 's#^(https?://github\.com/|ssh://git@github\.com/|git@github\.com:)([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)$#\2#p' | sed 's/\.git$//')
if [ -n "$repository" ] && [ -n "$commit" ]; then
  echo "$repository@$commit" | $sudo tee "$prefix/share/sitegen/action" >/dev/null
else
  $sudo rm -f "$prefix/share/sitegen/action"
  echo "note: this checkout has no GitHub remote; \`sitegen init\` will ask for --action OWNER/NAME@COMMIT"
fi

echo "Installed $("$prefix/bin/sitegen" --version) at $prefix/bin/sitegen"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Add it to your PATH: echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.bashrc" ;;
esac
