#!/usr/bin/env bash
# Shared settings for the ops scripts: where the private PostgreSQL cluster lives and how to reach it.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGPORT="${SUPERVISION_PG_PORT:-54329}"
PGHOST_ADDR="127.0.0.1"
PG_APP_USER="supervision"
# Development-only password of the private loopback cluster (never used in production).
PG_APP_PASSWORD="${SUPERVISION_PG_PASSWORD:-supervision_dev}"
# The owner above creates and changes the schema (db-apply, these scripts); the app may run as this second role, which
# may append to and read the event and hash tables but never change or delete them (issue 15; `db-grant` grants it).
PG_APP_ROLE="supervision_app"
PG_APP_ROLE_PASSWORD="${SUPERVISION_PG_APP_ROLE_PASSWORD:-supervision_app_dev}"
# Streaming replicas of the cluster (issue 18 §4, ops/faults/read-replica.sh) connect as this role over 127.0.0.1.
PG_REPLICATION_USER="supervision_replication"
PG_REPLICATION_PASSWORD="${SUPERVISION_PG_REPLICATION_PASSWORD:-supervision_replication_dev}"

pg_bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  echo "$d"
}

# The server runs as the OS user `postgres`, which must traverse every folder above the data
# directory. CI may clone under /root (mode 700), so fall back to /var/tmp keyed by the repo path.
pg_data_dir() {
  if [ -n "${SUPERVISION_PG_DATA:-}" ]; then echo "$SUPERVISION_PG_DATA"; return; fi
  local in_repo="$REPO_ROOT/.data/pg"
  if id postgres >/dev/null 2>&1 && runuser -u postgres -- test -x "$REPO_ROOT" 2>/dev/null; then
    echo "$in_repo"
  else
    local h; h=$(echo -n "$REPO_ROOT" | sha256sum | cut -c1-12)
    echo "/var/tmp/supervision-pg-$h"
  fi
}

# A streaming replica's data directory: beside the primary's (.data/pg-replica, or the /var/tmp fallback + "-replica").
pg_replica_dir() { echo "$(pg_data_dir)-replica"; }

connection_string() {
  local db="$1"
  echo "Host=$PGHOST_ADDR;Port=$PGPORT;Database=$db;Username=$PG_APP_USER;Password=$PG_APP_PASSWORD;Maximum Pool Size=100"
}

# Documents as PDF (issue 13 §4) embed a TrueType Chinese font: AR PL UMing (a Ming/宋体 face) from fonts-arphic-uming.
# PDFsharp cannot subset the CFF-outline Noto CJK fonts. Install it when missing; refresh the package lists only if that
# fails. Supervision__PdfFontFile names another font file instead.
ensure_pdf_font() {
  [ -n "${Supervision__PdfFontFile:-}" ] && return 0
  [ -f /usr/share/fonts/truetype/arphic/uming.ttc ] && return 0
  echo "[ops] installing fonts-arphic-uming for the documents' PDFs" >&2
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq fonts-arphic-uming >/dev/null 2>&1 \
    || { $sudo apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq fonts-arphic-uming >/dev/null 2>&1; } \
    || echo "[ops] could not install fonts-arphic-uming: documents cannot be downloaded as PDF (503)" >&2
}

# The map's script libraries (issue 16 §3), vendored from the npm registry into wwwroot/lib at build (not in git):
# Leaflet and its marker clusters. Without them (no npm, no registry) the map page keeps its server-drawn SVG grid.
WEB_LIBS="leaflet@1.9.4 leaflet.markercluster@1.5.3"
ensure_web_libs() {
  local dest="$REPO_ROOT/src/Supervision.Web/wwwroot/lib" tools="$REPO_ROOT/.data/web-libs"
  [ -f "$dest/.versions" ] && [ "$(cat "$dest/.versions")" = "$WEB_LIBS" ] && return 0
  command -v npm >/dev/null || { echo "[ops] npm is not installed: the map stays a server-drawn grid (no Leaflet)" >&2; return 0; }
  mkdir -p "$tools"
  # shellcheck disable=SC2086
  npm install --prefix "$tools" --no-audit --no-fund --silent $WEB_LIBS >"$tools/npm.log" 2>&1 \
    || { echo "[ops] npm install of $WEB_LIBS failed: the map stays a server-drawn grid (see $tools/npm.log)" >&2; return 0; }
  local m="$tools/node_modules"
  rm -rf "$dest" && mkdir -p "$dest/leaflet" "$dest/leaflet.markercluster"
  cp "$m/leaflet/dist/leaflet.js" "$m/leaflet/dist/leaflet.css" "$m/leaflet/LICENSE" "$dest/leaflet/"
  cp "$m/leaflet.markercluster/dist/leaflet.markercluster.js" "$m/leaflet.markercluster/dist/MarkerCluster.css" \
     "$m/leaflet.markercluster/dist/MarkerCluster.Default.css" "$m/leaflet.markercluster/MIT-LICENCE.txt" "$dest/leaflet.markercluster/" 2>/dev/null \
    || cp "$m/leaflet.markercluster/dist/"{leaflet.markercluster.js,MarkerCluster.css,MarkerCluster.Default.css} "$dest/leaflet.markercluster/"
  echo "$WEB_LIBS" > "$dest/.versions"
}

# The same database as the app's role (append-only on events and hashes).
app_connection_string() {
  local db="$1"
  echo "Host=$PGHOST_ADDR;Port=$PGPORT;Database=$db;Username=$PG_APP_ROLE;Password=$PG_APP_ROLE_PASSWORD;Maximum Pool Size=100"
}
