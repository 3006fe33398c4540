#!/usr/bin/env bash
# Backs up the app database from the private cluster: pg_dump custom format (-Fc), plus the data-protection key
# directory (the complainants' identities in the events are encrypted with those keys: a dump without its keys
# restores every case but can never reveal a complainant again), plus SHA-256 checksums of both.
# Usage: ops/backup.sh [file] [--database db] [--schema schema] [--keys dir]
#   file       default .data/backups/<database>-<UTC time>.dump
#   --database default $SUPERVISION_DB or supervision (the database of ops/run.sh)
#   --schema   only this schema (default: the whole database)
#   --keys     default $Supervision__KeyDirectory or .data/keys (ops/run.sh's key directory)
# Writes <file>, <file>.keys.tar.gz (when the key directory exists) and <file>.sha256. The cluster must be running
# (ops/pg-up.sh). Restore with ops/restore.sh <file> <new-database>.
source "$(dirname "$0")/lib.sh"
FILE=""; DB="${SUPERVISION_DB:-supervision}"; SCHEMA=""; KEYS="${Supervision__KeyDirectory:-$REPO_ROOT/.data/keys}"
while [ $# -gt 0 ]; do
  case "$1" in
    --database) DB="$2"; shift 2 ;;
    --schema) SCHEMA="$2"; shift 2 ;;
    --keys) KEYS="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "[backup] unknown option $1" >&2; exit 2 ;;
    *) FILE="$1"; shift ;;
  esac
done
[ -n "$FILE" ] || FILE="$REPO_ROOT/.data/backups/$DB-$(date -u +%Y%m%dT%H%M%SZ).dump"
mkdir -p "$(dirname "$FILE")"
BIN="$(pg_bin_dir)"
export PGPASSWORD="$PG_APP_PASSWORD"
"$BIN/pg_isready" -h "$PGHOST_ADDR" -p "$PGPORT" -q || { echo "[backup] no PostgreSQL on $PGHOST_ADDR:$PGPORT (ops/pg-up.sh)" >&2; exit 1; }

args=(-h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d "$DB" -Fc --no-owner --no-privileges -f "$FILE")
[ -n "$SCHEMA" ] && args+=(-n "$SCHEMA")
"$BIN/pg_dump" "${args[@]}"

sums=("$(basename "$FILE")")
if [ -d "$KEYS" ]; then
  tar -czf "$FILE.keys.tar.gz" -C "$KEYS" .
  chmod 600 "$FILE.keys.tar.gz"
  sums+=("$(basename "$FILE").keys.tar.gz")
  keynote="keys: $FILE.keys.tar.gz (keep it apart from the dump, as secret as the keys themselves)"
else
  keynote="keys: none found at $KEYS — without the data-protection keys, complainants' identities in a restore stay unreadable"
fi
(cd "$(dirname "$FILE")" && sha256sum "${sums[@]}" > "$(basename "$FILE").sha256")
echo "[backup] $DB${SCHEMA:+ (schema $SCHEMA)} on $PGHOST_ADDR:$PGPORT -> $FILE ($(du -h "$FILE" | cut -f1))" >&2
echo "[backup] $keynote" >&2
echo "[backup] checksums: $FILE.sha256" >&2
echo "$FILE"
