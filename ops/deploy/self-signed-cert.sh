#!/usr/bin/env bash
# Makes a self-signed TLS certificate for a local drill of ops/deploy (never for a real deployment: there the
# operator supplies a certificate from the department's CA or a public one).
#   ops/deploy/self-signed-cert.sh [dir] [host]     → dir/server.crt, dir/server.key (default ops/deploy/tls, localhost)
set -euo pipefail
DIR="${1:-$(dirname "$0")/tls}"
HOST="${2:-localhost}"
mkdir -p "$DIR"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$HOST" \
  -addext "subjectAltName=DNS:$HOST,IP:127.0.0.1" \
  -keyout "$DIR/server.key" -out "$DIR/server.crt" 2>/dev/null
chmod 600 "$DIR/server.key"
echo "[cert] self-signed certificate for $HOST in $DIR (30 days; curl --cacert $DIR/server.crt https://$HOST:8443/)"
