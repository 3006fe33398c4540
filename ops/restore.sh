#!/usr/bin/env bash
# Restores a backup made by ops/backup.sh into a NEW database of the private cluster (an existing database is
# never overwritten), after checking the SHA-256 checksums, and unpacks the data-protection keys next to it.
# Usage: ops/restore.sh <file> <new-database> [--keys-to dir]
#   --keys-to  where to unpack <file>.keys.tar.gz (default .data/keys-<new-database>)
# Then: ConnectionStrings__Marten="<printed connection string>" Supervision__KeyDirectory=<dir> \
#       dotnet run --project src/Supervision.Web -- verify          (the hash chains of the restored events)
# Async read models are rebuilt with `-- projections rebuild` (or by the daemon when the app starts).
source "$(dirname "$0")/lib.sh"
FILE="${1:-}"; DB="${2:-}"
[ -n "$FILE" ] && [ -n "$DB" ] || { sed -n '2,9p' "$0" >&2; exit 2; }
shift 2
KEYS_TO="$REPO_ROOT/.data/keys-$DB"
while [ $# -gt 0 ]; do
  case "$1" in
    --keys-to) KEYS_TO="$2"; shift 2 ;;
    *) echo "[restore] unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$DB" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "[restore] database name must be [a-z_][a-z0-9_]*: $DB" >&2; exit 2; }
[ -f "$FILE" ] || { echo "[restore] no such file: $FILE" >&2; exit 1; }
if [ -f "$FILE.sha256" ]; then
  (cd "$(dirname "$FILE")" && sha256sum --quiet -c "$(basename "$FILE").sha256") || { echo "[restore] checksum mismatch: refusing to restore" >&2; exit 1; }
else
  echo "[restore] warning: no $FILE.sha256, checksums not verified" >&2
fi
BIN="$(pg_bin_dir)"
export PGPASSWORD="$PG_APP_PASSWORD"
psql_app() { "$BIN/psql" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_app -c "select 1 from pg_database where datname = '$DB'")" = "1" ]; then
  echo "[restore] database $DB already exists: choose a new name (nothing was changed)" >&2; exit 1
fi
psql_app -c "create database $DB"
if ! "$BIN/pg_restore" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d "$DB" --no-owner --no-privileges --exit-on-error "$FILE"; then
  echo "[restore] pg_restore failed; dropping the half-restored database $DB" >&2
  psql_app -c "drop database if exists $DB" || true
  exit 1
fi
if [ -f "$FILE.keys.tar.gz" ]; then
  mkdir -p "$KEYS_TO"; chmod 700 "$KEYS_TO"
  tar -xzf "$FILE.keys.tar.gz" -C "$KEYS_TO"
  echo "[restore] data-protection keys -> $KEYS_TO (set Supervision__KeyDirectory to it)" >&2
else
  echo "[restore] no $FILE.keys.tar.gz: complainants' identities stay encrypted until the original keys are provided" >&2
fi
echo "[restore] restored $FILE into database $DB on $PGHOST_ADDR:$PGPORT" >&2
echo "[restore] connection string: $(connection_string "$DB")" >&2
