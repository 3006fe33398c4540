#!/usr/bin/env bash
# Stops the private PostgreSQL cluster (data is kept).
source "$(dirname "$0")/lib.sh"
BIN="$(pg_bin_dir)"; DATA="$(pg_data_dir)"
if [ -f "$DATA/postmaster.pid" ]; then
  runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m fast -w stop
fi
