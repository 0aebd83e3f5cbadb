#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 cluster on 127.0.0.1:5433 (trust auth, loopback only).
# Usage: .ci/pg.sh start DIR | .ci/pg.sh stop DIR
set -euo pipefail
cmd=${1:?start or stop}; dir=${2:?data directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8 --no-locale >/dev/null"
    as_pg "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -o \"-p 5433 -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on\" -w start >/dev/null"
    echo "PostgreSQL running on 127.0.0.1:5433 ($dir)"
    ;;
  stop)
    as_pg "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
    rm -rf "$dir"
    ;;
esac
