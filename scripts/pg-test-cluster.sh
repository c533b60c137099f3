#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the tests: `start` makes a cluster in a temporary folder,
# starts it on 127.0.0.1 on a free port with trust auth, and prints the line to eval:
#
#   eval "$(bash scripts/pg-test-cluster.sh start)"   # exports COGNITO_IMPORT_TEST_DATABASE_URL
#   ...tests...
#   bash scripts/pg-test-cluster.sh stop               # stops it and removes the folder
#
# Only the export lines go to stdout; everything else goes to stderr. initdb refuses root, so run
# as root the cluster belongs to the `postgres` OS user (runuser); run as anyone else, to that
# user. PG_BIN overrides where the PostgreSQL programs are. Durability is off
# (fsync, synchronous_commit, full_page_writes): the data is thrown away anyway.
# `stop` finds the cluster through COGNITO_IMPORT_PG_TEST_DIR (exported by `start`), or the
# folder given as its second argument, or the last one `start` recorded in $STATE.
set -euo pipefail

BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
STATE="${TMPDIR:-/tmp}/cognito-import-pg-test-cluster.last"
OWNER=postgres

die() { echo "pg-test-cluster: $*" >&2; exit 1; }

# Runs a PostgreSQL program as the cluster's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  [ -x "$BIN/initdb" ] || die "no PostgreSQL at $BIN (apt-get install postgresql-15)"
  if [ "$(id -u)" = 0 ]; then id "$OWNER" >/dev/null 2>&1 || die "no '$OWNER' OS user to own the cluster"; fi
  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/cognito-import-pg.XXXXXX")"
  if [ "$(id -u)" = 0 ]; then chown "$OWNER:" "$dir"; fi
  chmod 700 "$dir"
  as_owner "$BIN/initdb" -D "$dir/data" -A trust -U ci -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }
  local port tries=0
  while :; do
    port="$(free_port)"
    if as_owner "$BIN/pg_ctl" -D "$dir/data" -w -t 30 -l "$dir/log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >&2; then
      break
    fi
    tries=$((tries + 1))
    if [ "$tries" -ge 5 ]; then
      cat "$dir/log" >&2 || true
      rm -rf "$dir"
      die "pg_ctl start failed"
    fi
  done
  echo "$dir" >"$STATE"
  echo "export COGNITO_IMPORT_PG_TEST_DIR=$dir"
  echo "export COGNITO_IMPORT_TEST_DATABASE_URL=postgres://ci@127.0.0.1:$port/postgres"
}

stop() {
  local dir="${1:-${COGNITO_IMPORT_PG_TEST_DIR:-}}"
  if [ -z "$dir" ] && [ -f "$STATE" ]; then dir="$(cat "$STATE")"; fi
  [ -n "$dir" ] || die "no cluster to stop (COGNITO_IMPORT_PG_TEST_DIR is unset and nothing was recorded)"
  case "$dir" in */cognito-import-pg.*) ;; *) die "refusing to remove $dir: not a folder this script made" ;; esac
  if [ -d "$dir/data" ]; then
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
  if [ -f "$STATE" ] && [ "$(cat "$STATE")" = "$dir" ]; then rm -f "$STATE"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) die "usage: $0 start|stop [DIR]" ;;
esac
