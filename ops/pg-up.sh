#!/usr/bin/env bash
# Starts (and on first use creates) the private PostgreSQL cluster on 127.0.0.1:$PGPORT.
# Idempotent: a running cluster is reused; a stale pid file after a crash is handled by pg_ctl.
# Usage: ops/pg-up.sh [database...]   (creates the databases if missing)
source "$(dirname "$0")/lib.sh"

if [ -z "$(pg_bin_dir)" ]; then
  echo "[pg-up] PostgreSQL binaries missing: installing with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null
  # Debian's package starts its own cluster on 5432; we do not need it.
  (command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | while read -r v n; do pg_ctlcluster "$v" "$n" stop || true; done) || true
fi
BIN="$(pg_bin_dir)"
DATA="$(pg_data_dir)"
psql_admin() { runuser -u postgres -- "$BIN/psql" -h /tmp -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

# pg_stat_statements (issue 18 §1: what the system sends per command, against the hand-written floor). It must be
# preloaded, which takes a restart: a new cluster gets it at init, an existing one when its configuration lacks it.
# track = all also counts the statements inside functions and triggers (the hash chain's select and insert).
ensure_stat_statements_conf() {
  local conf="$DATA/postgresql.conf"
  [ -f "$conf" ] || return 0
  grep -q "^shared_preload_libraries = 'pg_stat_statements'" "$conf" && return 0
  cat >> "$conf" <<CONF
# pg_stat_statements (ops/pg-up.sh, issue 18)
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
pg_stat_statements.max = 10000
CONF
  return 1
}

if "$BIN/pg_isready" -h "$PGHOST_ADDR" -p "$PGPORT" -q; then
  echo "[pg-up] PostgreSQL already listening on $PGHOST_ADDR:$PGPORT" >&2
  # This clone's cluster, started before pg_stat_statements was configured: configure it and restart once.
  if [ -f "$DATA/postmaster.pid" ] && [ "$(sed -n 4p "$DATA/postmaster.pid" 2>/dev/null)" = "$PGPORT" ]; then
    ensure_stat_statements_conf || true
    loaded=$(psql_admin -c "show shared_preload_libraries" 2>/dev/null) || loaded="unknown"
    if [ "$loaded" != "unknown" ] && [ "$loaded" != "pg_stat_statements" ]; then
      echo "[pg-up] restarting PostgreSQL to preload pg_stat_statements" >&2
      runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -o "-p $PGPORT" -m fast -w -t 60 restart >/dev/null
    fi
  fi
else
  if [ ! -f "$DATA/PG_VERSION" ]; then
    echo "[pg-up] initialising cluster in $DATA" >&2
    mkdir -p "$DATA"
    chown -R postgres:postgres "$DATA"
    chmod 700 "$DATA"
    pwfile=$(mktemp); echo "postgres_dev" > "$pwfile"; chown postgres "$pwfile"
    runuser -u postgres -- "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pwfile" >/dev/null
    rm -f "$pwfile"
    cat >> "$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '/tmp'
max_connections = 200
shared_buffers = 256MB
idle_in_transaction_session_timeout = '60s'
fsync = on
CONF
  fi
  ensure_stat_statements_conf || true
  chown -R postgres:postgres "$DATA"
  # The port is given at start, so SUPERVISION_PG_PORT also applies to an existing cluster.
  runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -o "-p $PGPORT" -w -t 60 start >/dev/null
  echo "[pg-up] started PostgreSQL on $PGHOST_ADDR:$PGPORT (data $DATA)" >&2
fi

if psql_admin -c "select 1" >/dev/null 2>&1; then
  if [ "$(psql_admin -c "select 1 from pg_roles where rolname='$PG_APP_USER'")" != "1" ]; then
    psql_admin -c "create role $PG_APP_USER login createdb password '$PG_APP_PASSWORD'"
  fi
  if [ "$(psql_admin -c "select 1 from pg_roles where rolname='$PG_APP_ROLE'")" != "1" ]; then
    psql_admin -c "create role $PG_APP_ROLE login password '$PG_APP_ROLE_PASSWORD'"
    echo "[pg-up] created role $PG_APP_ROLE (the app's append-only role)" >&2
  fi
  # The owner may see the app's sessions in pg_stat_activity (monitoring, the lock tests) and act for it; never the reverse.
  psql_admin -c "grant $PG_APP_ROLE to $PG_APP_USER" 2>/dev/null || true
  # Streaming replicas (issue 18 §4): WAL a standby can replay, senders for it, its role and a replication entry for
  # 127.0.0.1. PostgreSQL 15's defaults already allow it (replica, 10 senders, initdb's pg_hba); a cluster set up
  # otherwise is corrected here, once.
  if [ "$(psql_admin -c "select 1 from pg_roles where rolname='$PG_REPLICATION_USER'")" != "1" ]; then
    psql_admin -c "create role $PG_REPLICATION_USER login replication password '$PG_REPLICATION_PASSWORD'"
    echo "[pg-up] created role $PG_REPLICATION_USER (streaming replicas)" >&2
  fi
  restart=""
  [ "$(psql_admin -c "show wal_level")" = "minimal" ] && { psql_admin -c "alter system set wal_level = replica"; restart=1; }
  [ "$(psql_admin -c "show max_wal_senders")" = "0" ] && { psql_admin -c "alter system set max_wal_senders = 10"; restart=1; }
  hba="$(psql_admin -c "show hba_file")"
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|'"$PG_REPLICATION_USER"')[[:space:]]+127\.0\.0\.1/32' "$hba"; then
    echo "host    replication     $PG_REPLICATION_USER    127.0.0.1/32            scram-sha-256" >> "$hba"
    psql_admin -c "select pg_reload_conf()" >/dev/null
    echo "[pg-up] added a replication entry for 127.0.0.1 to $hba" >&2
  fi
  # The planner's cost of a random page read: 1.1 (SSD, data in memory) instead of 4 (spinning disks). With 4 it read a
  # figure's events along the whole sequence (128,000 rows for 1,000) rather than from the (type, seq_id) index: a
  # drill-down chunk 268 → 52 ms at 1.1 M events (ops/bench/notes.md). A reload applies it.
  if [ "$(psql_admin -c "show random_page_cost")" != "1.1" ]; then
    psql_admin -c "alter system set random_page_cost = 1.1" -c "select pg_reload_conf()" >/dev/null
  fi
  if [ -n "$restart" ]; then
    runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -o "-p $PGPORT" -m fast -w -t 60 restart >/dev/null
    echo "[pg-up] restarted PostgreSQL for wal_level/max_wal_senders (streaming replicas)" >&2
  fi
  for db in "$@"; do
    if [ "$(psql_admin -c "select 1 from pg_database where datname='$db'")" != "1" ]; then
      psql_admin -c "create database $db owner $PG_APP_USER"
      echo "[pg-up] created database $db" >&2
    fi
    # The statistics view in each database named here; the owner may read every role's statements and reset them.
    if [ "$(psql_admin -c "show shared_preload_libraries")" = "pg_stat_statements" ]; then
      psql_admin -d "$db" -c "create extension if not exists pg_stat_statements" \
        -c "grant execute on function pg_stat_statements_reset(oid, oid, bigint) to $PG_APP_USER" 2>/dev/null || true
    fi
  done
  psql_admin -c "grant pg_read_all_stats to $PG_APP_USER" 2>/dev/null || true
else
  # A cluster we do not own answers on this port (e.g. started from another clone): use it as is.
  echo "[pg-up] note: cluster on port $PGPORT is not this clone's; assuming role and databases exist" >&2
  for db in "$@"; do
    PGPASSWORD="$PG_APP_PASSWORD" "$BIN/psql" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d postgres -qtA \
      -c "select 1 from pg_database where datname='$db'" | grep -q 1 || \
    PGPASSWORD="$PG_APP_PASSWORD" "$BIN/psql" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d postgres -q -c "create database $db"
  done
fi
