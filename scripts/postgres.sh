#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback, for the test suite (`make test` starts and stops it).
#
#   scripts/postgres.sh start    # prints DATABASE_URL=postgres://... (also written to .pg/url)
#   scripts/postgres.sh stop     # stops the server and deletes its data
#   scripts/postgres.sh status
#
# Debian's postgresql package is installed when missing and this shell may (root with apt-get).
# Each start makes a fresh cluster in .pg/data-$PG_PORT (port 55432 unless PG_PORT says otherwise):
# fsync off, loopback TCP only, no Unix socket, a random password. initdb and postgres refuse to
# run as root; as root they run in a user namespace where they are an ordinary user (as the
# Elasticsearch test node does: docs/decisions/0003), so the checkout needs no chown.
# Exit codes: 0 ok; 1 failed; 3 PostgreSQL is missing and cannot be installed here, or (status)
# not running.
set -euo pipefail
umask 077  # the data, the password and the URL (which holds it) are this user's alone

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_DIR="${PG_WORKDIR:-$ROOT/.pg}"
PORT="${PG_PORT:-55432}"
DATA="$PG_DIR/data-$PORT"
LOG="$PG_DIR/postgres-$PORT.log"
DB_NAME=evidence

say() { echo "postgres: $*" >&2; }

pg_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$dir" ] && command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir)"
    fi
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_postgresql() {
    pg_bindir >/dev/null && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing postgresql (Debian package) for the tests..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # The package's own cluster is not wanted (this script makes its own): don't create it.
        mkdir -p /etc/postgresql-common/createcluster.d
        echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/no-main.conf
        apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null
        pg_bindir >/dev/null && return 0
    fi
    say "PostgreSQL is not installed (apt-get install postgresql)"
    exit 3
}

# Runs a command as an ordinary user: directly, or as root inside a user namespace.
as_user() {
    if [ "$(id -u)" = 0 ]; then
        local uid="${PG_NAMESPACE_UID:-1000}"
        unshare --user --map-user="$uid" --map-group="$uid" -- "$@"
    else
        "$@"
    fi
}

url() { echo "postgres://postgres:$(cat "$PG_DIR/password-$PORT")@127.0.0.1:$PORT/$DB_NAME"; }

running() { [ -f "$DATA/postmaster.pid" ] && as_user "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

stop() {
    if running; then
        as_user "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null
        say "stopped the server on port $PORT"
    fi
    rm -rf "$DATA" "$PG_DIR/password-$PORT"
    if [ -f "$PG_DIR/url" ] && grep -q ":$PORT/" "$PG_DIR/url"; then rm -f "$PG_DIR/url"; fi
}

start() {
    local started=$SECONDS
    stop  # a server an earlier start left on this port
    mkdir -p "$PG_DIR"
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        say "port $PORT is taken by another program (PG_PORT=... picks another)"
        exit 1
    fi
    # The password lives in a file only this user can read; the server is loopback-only.
    head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$PG_DIR/password-$PORT"
    if ! as_user "$BIN/initdb" -D "$DATA" -U postgres --pwfile="$PG_DIR/password-$PORT" \
        --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$LOG" 2>&1; then
        tail -n 20 "$LOG" >&2
        say "initdb failed (log: $LOG)"
        exit 1
    fi
    # Speed over durability: the data is thrown away after the run.
    if ! as_user "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start -o "-c port=$PORT \
        -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=50 \
        -c shared_buffers=128MB" >/dev/null; then
        tail -n 20 "$LOG" >&2
        say "the server did not start (log: $LOG)"
        stop
        exit 1
    fi
    PGPASSWORD="$(cat "$PG_DIR/password-$PORT")" as_user "$BIN/psql" -q -h 127.0.0.1 -p "$PORT" \
        -U postgres -d postgres -c "CREATE DATABASE $DB_NAME" >/dev/null
    url >"$PG_DIR/url"
    say "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') up on 127.0.0.1:$PORT" \
        "in $((SECONDS - started)) s (log: $LOG)"
    echo "DATABASE_URL=$(url)"
}

status() {
    if running; then
        echo "DATABASE_URL=$(url)"
    else
        say "not running on port $PORT"
        exit 3
    fi
}

case "${1:-}" in
start) install_postgresql; BIN="$(pg_bindir)"; start ;;
stop) BIN="$(pg_bindir || echo /nonexistent)"; stop ;;
status) BIN="$(pg_bindir || echo /nonexistent)"; status ;;
*) echo "usage: $0 start|stop|status (PG_PORT=$PORT)" >&2; exit 2 ;;
esac
