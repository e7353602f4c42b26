#!/usr/bin/env bash
# Starts (installing if needed) a PostgreSQL server for tests on 127.0.0.1 with its own data folder
# under build/, and prints its JDBC URL. Idempotent: a server already running there is reused.
#   eval "$(scripts/test-db.sh --env)"   # exports BACKTIDE_TEST_DB_URL
#   scripts/test-db.sh --stop
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PGDATA_DIR="${BACKTIDE_TEST_PG_DIR:-$ROOT/build/test-pg}"
PORT="${BACKTIDE_TEST_PG_PORT:-55432}"
DB="backtide_test"
log() { echo "test-db: $*" >&2; }

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

as_owner() { # run a command as the user that owns the data folder (postgres refuses root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! BIN="$(find_bin)"; then
  log "PostgreSQL server not found; installing Debian's postgresql package"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2
  BIN="$(find_bin)" || { log "install failed: no pg_ctl under /usr/lib/postgresql"; exit 1; }
fi

mkdir -p "$(dirname "$PGDATA_DIR")"
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$(dirname "$PGDATA_DIR")" 2>/dev/null; then
  # A checkout under a private folder (mktemp -d is 0700) is out of the postgres user's reach:
  # keep the server's files in a folder of its own, one per checkout.
  PGDATA_DIR="${TMPDIR:-/tmp}/backtide-test-pg-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
  log "$ROOT is not reachable by the postgres user; using $PGDATA_DIR"
fi

if [ "${1:-}" = "--stop" ]; then
  [ -f "$PGDATA_DIR/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >&2 || true
  exit 0
fi

mkdir -p "$(dirname "$PGDATA_DIR")"
if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
  mkdir -p "$PGDATA_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA_DIR"
  chmod 700 "$PGDATA_DIR"
  log "initialising $PGDATA_DIR"
  as_owner "$BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
  PORT="$(cat "$PGDATA_DIR/backtide.port" 2>/dev/null || echo "$PORT")"
else
  # Another server (another checkout's, say) may hold the port: take the next free one.
  # The probe can miss a port a client socket holds (55432+ lies in the ephemeral range), so a
  # start that fails to bind moves on to the next port too.
  for attempt in $(seq 1 10); do
    for _ in $(seq 1 20); do port_busy "$PORT" || break; PORT=$((PORT + 1)); done
    log "starting PostgreSQL on 127.0.0.1:$PORT"
    : > "$PGDATA_DIR/server.log"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA_DIR/server.log"
    if as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -w -t 60 -l "$PGDATA_DIR/server.log" start \
      -o "-p $PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" >&2; then
      break
    fi
    if [ "$attempt" -lt 10 ] && grep -q "Address already in use" "$PGDATA_DIR/server.log"; then
      log "port $PORT is taken after all; trying the next one"
      PORT=$((PORT + 1))
      continue
    fi
    log "start failed; server log:"; tail -20 "$PGDATA_DIR/server.log" >&2; exit 1
  done
  echo "$PORT" > "$PGDATA_DIR/backtide.port"
fi

if ! "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
  "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE $DB" >&2
fi

URL="jdbc:postgresql://127.0.0.1:$PORT/$DB?user=postgres"
if [ "${1:-}" = "--env" ]; then
  echo "export BACKTIDE_TEST_DB_URL='$URL'"
else
  echo "$URL"
fi
