#!/usr/bin/env bash
# Runs the whole test suite (ops/test.sh) with the machine's clock faked to another date, to prove that no test
# depends on the real date (issue 19). Usage: ops/test-at-date.sh 2030-12-31 [HH:MM:SS]
# The clock is shifted by a fixed offset (libfaketime's "+Ns" mode), so every process started by the suite (dotnet, the
# benchmark's timers, PostgreSQL if it is not running yet) sees the same running clock, moved to that moment when the
# suite starts. ("@" mode would restart the clock at that moment in each new process, and durations measured across
# processes — a cold start timed by the shell — come out negative.) Installs Debian's faketime when missing.
source "$(dirname "$0")/lib.sh"
date_arg="${1:?usage: ops/test-at-date.sh YYYY-MM-DD [HH:MM:SS]}"
time_arg="${2:-10:00:00}"
if ! command -v faketime >/dev/null 2>&1; then
  echo "[test-at-date] installing faketime" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq faketime >/dev/null || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq faketime >/dev/null; }
fi
offset=$(( $(date -u -d "$date_arg $time_arg" +%s) - $(date -u +%s) ))
echo "[test-at-date] the machine's clock is shifted by ${offset}s: it starts at $date_arg $time_arg (UTC)" >&2
exec faketime -f "+${offset}s" "$REPO_ROOT/ops/test.sh"
