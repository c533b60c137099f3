#!/usr/bin/env bash
# The npm package as a user gets it: packed, installed into an empty folder with nothing of this
# repository's (no devDependencies, no compiler), and run with npx: `serve --port 0`, a user
# imported through the package's own CLI (`import-users`), read back, and the server stopped.
# .ci/run runs it after the test suites; it needs the npm registry (the package's dependencies).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "pack test: $*" >&2; [ -f "$work/serve.log" ] && sed 's/^/  serve: /' "$work/serve.log" >&2; exit 1; }

(cd "$repo" && npm pack --silent --pack-destination "$work" >/dev/null)
tgz="$(ls "$work"/cognito-import-*.tgz)"
tar -tzf "$tgz" >"$work/files.txt"
if grep -qE '^package/(test|bench|scripts|src|\.ci)/' "$work/files.txt"; then fail "the tarball ships test/, bench/, scripts/, src/ or .ci/"; fi
grep -qx 'package/dist/src/cli/main.js' "$work/files.txt" || fail "the tarball has no dist/src/cli/main.js"
grep -qx 'package/dist/console/index.html' "$work/files.txt" || fail "the tarball has no web console (dist/console/index.html)"
echo "packed: $(basename "$tgz"), $(du -k "$tgz" | cut -f1) kB, $(wc -l <"$work/files.txt") files"

cd "$work"
npm init -y >/dev/null
npm i --no-audit --no-fund --silent "$tgz"
[ ! -e node_modules/typescript ] || fail "typescript was installed with the package"
echo "installed: $(npm ls --all --parseable 2>/dev/null | tail -n +2 | wc -l) packages, $(du -sm node_modules | cut -f1) MB"
npx cognito-import --version
grep -qx 'package/dist/src/index.d.ts' "$work/files.txt" || fail "the tarball has no type declarations (dist/src/index.d.ts)"
# The library, by require and by import, and the README's embedding example as printed, run
# from this folder as a user's test would (its SDK client comes with the package).
node -e "require('cognito-import').startServer().then((s) => s.close())" || fail "require('cognito-import') failed"
node --input-type=module -e "import { startServer } from 'cognito-import'; const s = await startServer(); await s.close();" || fail "import from 'cognito-import' failed"
node "$repo/dist/scripts/readmeBlocks.js" 'In your own tests (embedding)' js >users.test.mjs || fail "no embedding example in the README"
env -u NODE_TEST_CONTEXT node --test users.test.mjs >embed.log 2>&1 || { cat embed.log >&2; fail "the README's embedding example failed"; }

npx cognito-import serve --port 0 --data-dir "$work/data" >serve.log 2>&1 &
server=$!
# Until it says where it listens (or exits): a condition, polled.
deadline=$((SECONDS + 60))
until grep -q 'listening on' serve.log; do
  kill -0 "$server" 2>/dev/null || fail "serve exited before listening"
  [ "$SECONDS" -lt "$deadline" ] || fail "serve did not listen within 60 s"
  sleep 0.1
done
url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' serve.log | head -1)"
eval "$(grep '^export AWS_' serve.log)"
export AWS_REGION=us-east-1
cli() { npx cognito-import --endpoint-url "$url" "$@"; }

pool="$(cli cognito-idp create-user-pool --pool-name pack --auto-verified-attributes email --query UserPool.Id --output text)"
cli cognito-idp get-csv-header --user-pool-id "$pool" --output json >header.json
# The header as the pool gives it, and one user: every cell empty but the required ones.
node -e '
  const h = require("./header.json").CSVHeader;
  const v = { "cognito:username": "ana", email: "ana@example.com", email_verified: "true", "cognito:mfa_enabled": "false", phone_number_verified: "false" };
  process.stdout.write(h.join(",") + "\n" + h.map((c) => v[c] ?? "").join(",") + "\n");
' >users.csv
cli import-users --user-pool-id "$pool" users.csv >job.json || fail "import-users failed: $(cat job.json)"
status="$(cli cognito-idp admin-get-user --user-pool-id "$pool" --username ana --query UserStatus --output text)"
[ "$status" = RESET_REQUIRED ] || fail "the imported user's status is '$status', not RESET_REQUIRED"
# The web console, from the installed package's dist/console/ (found from node_modules).
curl -sf "$url/console/" | grep -q '<script defer src="console-' || fail "GET /console/ did not serve the console's index.html"

# SIGTERM to the server itself, as a service manager sends it (npx runs it under a shell; a
# signal to npx ends npx with 143 whatever the server does), then npx ends with its status.
pid="$server"
while child="$(pgrep -P "$pid" | head -1)" && [ -n "$child" ]; do pid="$child"; done
kill "$pid"
wait "$server" || fail "serve exited with status $? on SIGTERM"
server=""
echo "pack test: installed package served, imported and stopped cleanly"
