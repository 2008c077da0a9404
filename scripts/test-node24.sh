#!/usr/bin/env bash
# Runs odin's build and test suite under Node.js 24, taken from the npm registry (the `node`
# package, whose install step fetches the platform package `node-<os>-<arch>` that ships the
# binary). The binary is cached per major version, so later runs start at once.
#
#   scripts/test-node24.sh                      build, then `vitest run`
#   scripts/test-node24.sh test/lib/ci          extra arguments go to `vitest run`
#
# Environment:
#   ODIN_NODE_MAJOR    major version to test on (default 24)
#   ODIN_NODE_CACHE    cache directory (default ${XDG_CACHE_HOME:-~/.cache}/odin/node-<major>)
#   ODIN_NODE_REFRESH  1 to reinstall (pick up the newest release of that major)
#   ODIN_SKIP_BUILD    1 to reuse dist/ as it is
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
major="${ODIN_NODE_MAJOR:-24}"
cache="${ODIN_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/odin/node-$major}"

node_works() {
  [ -x "$1" ] && "$1" --version 2>/dev/null | grep -q "^v$major\."
}

find_node() {
  # The `node` package links its binary here once its preinstall step has run.
  local candidate
  for candidate in "$cache/node_modules/node/bin/node" "$cache"/node_modules/node-*-*/bin/node; do
    if node_works "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install_node() {
  local started=$SECONDS
  rm -rf "$cache"
  mkdir -p "$cache"
  echo "Installing node@$major from the npm registry into $cache ..." >&2
  # --ignore-scripts=false: the `node` package needs its preinstall step, even where npm is set to skip scripts.
  npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts=false \
    --loglevel=error "node@$major" >&2
  if ! find_node >/dev/null; then
    # npm declined to run the preinstall step: install the platform package it would have fetched.
    local version platform
    version="$(node -p "require('$cache/node_modules/node/package.json').version")"
    platform="$(node -p "process.platform + '-' + process.arch")"
    npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node-$platform@$version" >&2
  fi
  echo "Installed in $((SECONDS - started))s." >&2
}

if [ "${ODIN_NODE_REFRESH:-0}" = 1 ] || ! find_node >/dev/null; then
  install_node
fi
node_bin="$(find_node)" || { echo "No working Node.js $major binary in $cache" >&2; exit 1; }

# Children spawned by the tests (`node bin/run.js ...`) find Node 24 first on PATH too.
export PATH="$(dirname "$node_bin"):$PATH"
cd "$root"
echo "Testing with Node.js $(node --version) ($node_bin)" >&2

if [ "${ODIN_SKIP_BUILD:-0}" != 1 ]; then
  npm run build
fi
exec node node_modules/vitest/vitest.mjs run "$@"
