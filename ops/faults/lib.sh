#!/usr/bin/env bash
# Shared by the fault scripts: build once, start/stop the built app (Release, like ops/bench.sh) on a loopback
# port, psql into the private cluster, and record figures. Source it after setting FAULT (the script's name).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$REPO_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
DB="${FAULTS_DB:-supervision_faults}"
WORK="$REPO_ROOT/.data/faults/$FAULT"; rm -rf "$WORK"; mkdir -p "$WORK"
RESULTS="$WORK/results.env"; : > "$RESULTS"
APP_DLL="src/Supervision.Web/bin/Release/net10.0/Supervision.Web.dll"
FAULTS_DLL="ops/faults/Supervision.Faults/bin/Release/net10.0/Supervision.Faults.dll"
JWT_KEY="faults-only-signing-key-0123456789abcdef0123456789"
KEYS="$REPO_ROOT/.data/faults/keys"   # data protection keys shared by every node of a run (complainant data)
T0=$(date +%s)
say() { echo "[$FAULT $(( $(date +%s) - T0 ))s] $*" >&2; }
put() { echo "$1=$2" >> "$RESULTS"; echo "  $1 = $2" >&2; }
die() { echo "[$FAULT] FAILED: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
# A signal ends the script through its EXIT trap, which stops what it started (apps, nginx).
trap "exit 130" INT TERM

"$REPO_ROOT/ops/pg-up.sh" "$DB"
BIN="$(pg_bin_dir)"
CS="$(connection_string "$DB")"
export PGPASSWORD="$PG_APP_PASSWORD"
psql_f() { "$BIN/psql" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d "$DB" -v ON_ERROR_STOP=1 -qtA "$@"; }

build_all() {
  if [ -n "${FAULTS_NO_BUILD:-}" ]; then return; fi
  say "building the app and the fault client (Release)"
  dotnet build src/Supervision.Web -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null || die "app build"
  dotnet build ops/faults/Supervision.Faults -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null || die "fault client build"
}
faults() { dotnet "$FAULTS_DLL" "$@" --results "$RESULTS"; }

declare -A APP_PIDS=()
# start_app NAME PORT SCHEMA [VAR=value ...]: starts the built app in the background (its log in $WORK/NAME.log).
start_app() {
  local name="$1" port="$2" schema="$3"; shift 3
  env ConnectionStrings__Marten="$CS" Supervision__Schema="$schema" Supervision__SeedDemoData=true Supervision__AllowDemoUsersOutsideDevelopment=true ASPNETCORE_ENVIRONMENT=Production \
    Jwt__SigningKey="$JWT_KEY" Supervision__KeyDirectory="$KEYS" "$@" \
    dotnet "$APP_DLL" --urls "http://127.0.0.1:$port" --contentRoot "$REPO_ROOT/src/Supervision.Web" >> "$WORK/$name.log" 2>&1 &
  APP_PIDS[$name]=$!
}
# wait_ready NAME PORT [SECONDS]: polls /health/ready until 200; prints the milliseconds it took.
wait_ready() {
  local name="$1" port="$2" limit="${3:-90}" t0; t0=$(now_ms)
  while [ $(( $(now_ms) - t0 )) -lt $(( limit * 1000 )) ]; do
    if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/health/ready"; then echo $(( $(now_ms) - t0 )); return 0; fi
    kill -0 "${APP_PIDS[$name]}" 2>/dev/null || { tail -30 "$WORK/$name.log" >&2; die "$name exited (log $WORK/$name.log)"; }
    sleep 0.1
  done
  tail -30 "$WORK/$name.log" >&2; die "$name not ready after $limit s"
}
kill9_app() { local pid="${APP_PIDS[$1]:-}"; [ -n "$pid" ] && { kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; APP_PIDS[$1]=""; }
stop_app() { local pid="${APP_PIDS[$1]:-}"; [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; APP_PIDS[$1]=""; }
stop_all_apps() { local n; for n in "${!APP_PIDS[@]}"; do stop_app "$n"; done; }
fresh_schema() { psql_f -c "drop schema if exists $1 cascade" >/dev/null 2>&1 || true; }
# Lines of the app logs that are errors with stack traces are fine during a fault; a crash of the process is not.
count_log() { grep -c "$1" "$WORK/$2.log" 2>/dev/null || true; }
