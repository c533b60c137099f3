#!/usr/bin/env bash
# A throwaway S3-compatible server on loopback for the tests: `start` runs moto_server
# on a free port of 127.0.0.1, makes one bucket, and prints the lines to eval:
#
#   eval "$(bash scripts/s3-test-server.sh start)"   # exports the blob store, endpoint, dummy keys
#   npm test                                          # the whole suite against S3
#   bash scripts/s3-test-server.sh stop              # stops it and removes its folder
#
# Only the export lines go to stdout; everything else goes to stderr. Each start has a folder of
# its own (pid, port, log), so several can run at once. `stop` finds the server through
# COGNITO_IMPORT_S3_TEST_DIR (exported by `start`), or the folder given as its second argument,
# or the last one `start` recorded in $STATE. moto keeps everything in memory: nothing to clean.
set -euo pipefail

STATE="${TMPDIR:-/tmp}/cognito-import-s3-test-server.last"
BUCKET=cognito-import-test
PREFIX=suite

die() { echo "s3-test-server: $*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The pid recorded in a folder, if that process is still its moto server.
server_pid() {
  local dir="$1" pid
  [ -f "$dir/pid" ] || return 1
  pid="$(cat "$dir/pid")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'moto[_.]server' || return 1
  echo "$pid"
}

start() {
  local moto
  if command -v moto_server >/dev/null; then moto=(moto_server)
  elif python3 -c 'import moto.server' 2>/dev/null; then moto=(python3 -m moto.server)
  else die "no moto_server on the PATH (pip install 'moto[server]')"
  fi
  command -v curl >/dev/null || die "no curl on the PATH"
  local dir port url
  dir="$(mktemp -d "${TMPDIR:-/tmp}/cognito-import-s3.XXXXXX")"
  port="$(free_port)"
  url="http://127.0.0.1:$port"
  # setsid: a session of its own, so the caller's Ctrl-C or job control does not reach it.
  setsid "${moto[@]}" -H 127.0.0.1 -p "$port" >"$dir/log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  echo "$port" >"$dir/port"
  for i in $(seq 100); do
    curl -fsS -o /dev/null "$url/moto-api/" 2>/dev/null && break
    # Alive is enough here: just after the fork /proc/<pid>/cmdline may not show moto yet.
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then cat "$dir/log" >&2; rm -rf "$dir"; die "moto_server exited"; fi
    if [ "$i" = 100 ]; then cat "$dir/log" >&2; stop "$dir"; die "moto_server did not answer on $url within 20 s"; fi
    sleep 0.2
  done
  # moto does not check signatures, so a plain PUT makes the bucket (us-east-1: no location).
  curl -fsS -X PUT -o /dev/null "$url/$BUCKET" || { stop "$dir"; die "could not create bucket $BUCKET"; }
  echo "$dir" >"$STATE"
  echo "s3-test-server: moto_server on $url (pid $(cat "$dir/pid")), bucket $BUCKET, folder $dir" >&2
  echo "export COGNITO_IMPORT_S3_TEST_DIR=$dir"
  echo "export COGNITO_IMPORT_TEST_BLOB_STORE=s3://$BUCKET/$PREFIX"
  echo "export AWS_ENDPOINT_URL_S3=$url"
  echo "export AWS_ACCESS_KEY_ID=testing"
  echo "export AWS_SECRET_ACCESS_KEY=testing"
  echo "export AWS_REGION=us-east-1"
}

stop() {
  local dir="${1:-${COGNITO_IMPORT_S3_TEST_DIR:-}}" pid
  if [ -z "$dir" ] && [ -f "$STATE" ]; then dir="$(cat "$STATE")"; fi
  [ -n "$dir" ] || die "no server to stop (COGNITO_IMPORT_S3_TEST_DIR is unset and nothing was recorded)"
  case "$dir" in */cognito-import-s3.*) ;; *) die "refusing to remove $dir: not a folder this script made" ;; esac
  if pid="$(server_pid "$dir")"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "s3-test-server: stopped moto_server (pid $pid)" >&2
  fi
  rm -rf "$dir"
  if [ -f "$STATE" ] && [ "$(cat "$STATE")" = "$dir" ]; then rm -f "$STATE"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) die "usage: $0 start|stop [DIR]" ;;
esac
