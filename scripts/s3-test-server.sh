#!/usr/bin/env bash
# A throwaway S3-compatible server on loopback for the test suite: moto_server on a free port,
# one bucket, dummy credentials.
#
#   eval "$(bash scripts/s3-test-server.sh start)"   # starts it, prints the env lines to export
#   npm test                                          # the whole suite against S3
#   bash scripts/s3-test-server.sh stop
#
# start prints only `export NAME=value` lines on stdout (progress goes to stderr). State (pid,
# port, log) lives in $COGNITO_IMPORT_S3_TEST_DIR, default ${TMPDIR:-/tmp}/cognito-import-s3-test.
set -euo pipefail

STATE="${COGNITO_IMPORT_S3_TEST_DIR:-${TMPDIR:-/tmp}/cognito-import-s3-test}"
BUCKET="${COGNITO_IMPORT_S3_TEST_BUCKET:-cognito-import-test}"
PREFIX="suite"
KEY_ID=testing
SECRET=testing
REGION=us-east-1

say() { echo "s3-test-server: $*" >&2; }

# The pid in the state dir, if that process is still our moto_server.
running_pid() {
  [ -f "$STATE/pid" ] || return 1
  local pid
  pid="$(cat "$STATE/pid")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'moto[_.]server' || return 1
  echo "$pid"
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    say "stopped moto_server (pid $pid)"
  fi
  rm -rf "$STATE"
}

start() {
  local moto
  if command -v moto_server >/dev/null; then moto=(moto_server)
  elif python3 -c 'import moto.server' 2>/dev/null; then moto=(python3 -m moto.server)
  else say "moto_server is not on the PATH (pip install 'moto[server]')"; exit 1
  fi
  command -v curl >/dev/null || { say "curl is not on the PATH"; exit 1; }
  if running_pid >/dev/null; then say "one is already running; stopping it first"; fi
  stop
  mkdir -p "$STATE"
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  # setsid: its own session, so the caller's Ctrl-C or job control does not reach it.
  setsid "${moto[@]}" -H 127.0.0.1 -p "$port" >"$STATE/log" 2>&1 </dev/null &
  echo $! >"$STATE/pid"
  echo "$port" >"$STATE/port"
  local url="http://127.0.0.1:$port"
  for i in $(seq 100); do
    if curl -fsS -o /dev/null "$url/moto-api/" 2>/dev/null; then break; fi
    if ! running_pid >/dev/null; then say "moto_server exited:"; cat "$STATE/log" >&2; exit 1; fi
    [ "$i" = 100 ] && { say "moto_server did not answer on $url within 20 s"; cat "$STATE/log" >&2; stop; exit 1; }
    sleep 0.2
  done
  # moto does not check signatures, so a plain PUT makes the bucket (us-east-1 needs no location).
  curl -fsS -X PUT -o /dev/null "$url/$BUCKET" || { say "could not create bucket $BUCKET"; stop; exit 1; }
  say "moto_server on $url (pid $(cat "$STATE/pid")), bucket $BUCKET"
  cat <<EOF
export COGNITO_IMPORT_TEST_BLOB_STORE=s3://$BUCKET/$PREFIX
export AWS_ENDPOINT_URL_S3=$url
export AWS_ACCESS_KEY_ID=$KEY_ID
export AWS_SECRET_ACCESS_KEY=$SECRET
export AWS_REGION=$REGION
EOF
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
