#!/usr/bin/env bash
# Profiling aid for the command path (issue 6): CPU milliseconds per stored event of the app, of PostgreSQL and of the
# load client, over a window of steady load. CPU per event barely depends on how busy the machine is, so A/B runs of a
# setting stay comparable when the throughput figures are noisy.
#   ops/bench/cpu-per-event.sh <label> [KEY=VALUE ...]      e.g. ops/bench/cpu-per-event.sh pgo-off DOTNET_TieredPGO=0
# Knobs (env): LOAD_SECONDS (40), WINDOW_START (25), WINDOW_SECONDS (12), CONNS (4), CS_EXTRA (appended to the
#              connection string, e.g. ";Max Auto Prepare=0"), CS_OVERRIDE (a whole connection string instead of the
#              loopback TCP one, e.g. Host=/tmp;… for the Unix socket), APP_DLL (default: the Release build).
# Uses database supervision_bench, schema cpu_probe (dropped first), app port 5098. Build first: dotnet build -c Release.
source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
label="${1:?label}"; shift || true
LOAD_SECONDS="${LOAD_SECONDS:-40}"; WINDOW_START="${WINDOW_START:-25}"; WINDOW_SECONDS="${WINDOW_SECONDS:-12}"; CONNS="${CONNS:-4}"
APP_DLL="${APP_DLL:-src/Supervision.Web/bin/Release/net10.0/Supervision.Web.dll}"
BENCH_DLL="ops/bench/Supervision.Bench/bin/Release/net10.0/Supervision.Bench.dll"
WORK="$REPO_ROOT/.data/bench"; mkdir -p "$WORK"
"$REPO_ROOT/ops/pg-up.sh" supervision_bench >/dev/null 2>&1
export PGPASSWORD="$PG_APP_PASSWORD"
psql_b() { "$(pg_bin_dir)/psql" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d supervision_bench -qAt "$@"; }
psql_b -c "drop schema if exists cpu_probe cascade" 2>/dev/null
env "$@" ConnectionStrings__Marten="${CS_OVERRIDE:-$(connection_string supervision_bench)}${CS_EXTRA:-}" Supervision__Schema=cpu_probe \
  Supervision__SeedDemoData=true Supervision__AllowDemoUsersOutsideDevelopment=true ASPNETCORE_ENVIRONMENT=Production Supervision__KeyDirectory="$WORK/keys" \
  Jwt__SigningKey="bench-only-signing-key-0123456789abcdef0123456789" \
  dotnet "$APP_DLL" --urls http://127.0.0.1:5098 --contentRoot "$REPO_ROOT/src/Supervision.Web" > "$WORK/cpu-$label-app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -fs -o /dev/null http://127.0.0.1:5098/health/ready && break; sleep 0.1; done
dotnet "$BENCH_DLL" load --url http://127.0.0.1:5098 --conns "$CONNS" --seconds "$LOAD_SECONDS" --warmup 1 \
  --results "$WORK/cpu-$label.env" > "$WORK/cpu-$label-load.log" 2>&1 & CLIENT=$!
sleep "$WINDOW_START"
ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }   # utime+stime, 100 per CPU-second
pg_ticks() { local t=0 p; for p in $(pgrep -u postgres); do t=$((t + $(ticks "$p"))); done; echo "$t"; }
events() { psql_b -c "select coalesce(max(seq_id), 0) from cpu_probe.mt_events"; }
e0=$(events); a0=$(ticks $APP); p0=$(pg_ticks); c0=$(ticks $CLIENT)
sleep "$WINDOW_SECONDS"
e1=$(events); a1=$(ticks $APP); p1=$(pg_ticks); c1=$(ticks $CLIENT)
wait $CLIENT
n=$((e1 - e0)); [ "$n" -gt 0 ] || { echo "no events in the window; see $WORK/cpu-$label-*.log" >&2; exit 1; }
per() { awk -v t="$1" -v n="$n" 'BEGIN {printf "%.2f", t * 10 / n}'; }
echo "$label: $((n / WINDOW_SECONDS)) events/s; CPU ms per event: app $(per $((a1 - a0))), postgres $(per $((p1 - p0))), client $(per $((c1 - c0))); $(grep -a "http_${CONNS}_rate" "$WORK/cpu-$label-load.log" | tr -d ' ')"
