#!/usr/bin/env bash
# Performance benchmark (issue 6): the system side by side with the machine's own limits, in one bounded run,
# loopback only. Prints a table and writes docs/benchmarks.md.
#   ops/bench.sh            full run (about 8-10 minutes on 2 cores)
#   ops/bench.sh --quick    seconds per step and 20,000 seeded events: proves the benchmark still runs
#   ops/bench.sh --curve10m the full run with the cost curve taken on to 10 million events (issue 18 §3; about an hour and
#                           ~20 GB of disk; not part of the full run's budget, not in CI)
# The store is seeded in stages (BENCH_CURVE_SIZES, events in total after each stage: full 100000 1000000, quick 5000 20000,
# --curve10m adds 10000000), the cases spread over BENCH_SEED_YEARS (3) years; after each stage the projections are rebuilt and
# the queries, drill-down, statistics export and page crawl measured again: the figures of each stage are the cost curve.
# Knobs (env): BENCH_PG_SECONDS (10), BENCH_RAW_SECONDS (10), BENCH_HTTP_SECONDS (15), BENCH_SEED_EVENTS (1000000),
#              BENCH_SEED_WRITERS (3), BENCH_QUERY_N (200), BENCH_PAGE_N (20), BENCH_WARMUP_SECONDS (30), BENCH_PORT (5099), BENCH_OUT (docs/benchmarks.md)
# Uses its own database `supervision_bench` (schemas bench, bench_raw and table pgbench_jsonb dropped and recreated each run).
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
COMMAND="ops/bench.sh $*"
MODE=full
if [ "${1:-}" = "--quick" ]; then
  MODE=quick
  : "${BENCH_PG_SECONDS:=2}" "${BENCH_RAW_SECONDS:=2}" "${BENCH_HTTP_SECONDS:=3}" "${BENCH_SEED_EVENTS:=20000}" "${BENCH_QUERY_N:=20}" "${BENCH_PAGE_N:=3}" "${BENCH_WARMUP_SECONDS:=2}"
  : "${BENCH_CURVE_SIZES:=5000 20000}"
  : "${BENCH_OUT:=.data/bench/benchmarks-quick.md}"
fi
PG_SECONDS="${BENCH_PG_SECONDS:-10}"; RAW_SECONDS="${BENCH_RAW_SECONDS:-10}"; HTTP_SECONDS="${BENCH_HTTP_SECONDS:-15}"
if [ "${1:-}" = "--curve10m" ]; then : "${BENCH_CURVE_SIZES:=100000 1000000 10000000}" "${BENCH_OUT:=docs/benchmarks-10m.md}"; fi
SEED_EVENTS="${BENCH_SEED_EVENTS:-1000000}"; SEED_WRITERS="${BENCH_SEED_WRITERS:-3}"; QUERY_N="${BENCH_QUERY_N:-200}"
CURVE_SIZES="${BENCH_CURVE_SIZES:-100000 $SEED_EVENTS}"; SEED_YEARS="${BENCH_SEED_YEARS:-3}"
PAGE_N="${BENCH_PAGE_N:-20}"; WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-30}"; PORT="${BENCH_PORT:-5099}"; OUT="${BENCH_OUT:-docs/benchmarks.md}"
DB=supervision_bench; SCHEMA=bench; RAW_SCHEMA=bench_raw
WORK="$REPO_ROOT/.data/bench"; mkdir -p "$WORK"
# The quick mode (run by ops/test.sh) keeps its own file, so it never overwrites the figures of a full run.
RESULTS="$WORK/results.env"; [ "$MODE" = quick ] && RESULTS="$WORK/results-quick.env"
: > "$RESULTS"
APP_DLL="src/Supervision.Web/bin/Release/net10.0/Supervision.Web.dll"
BENCH_DLL="ops/bench/Supervision.Bench/bin/Release/net10.0/Supervision.Bench.dll"
T0=$(date +%s)
say() { echo "[bench $(( $(date +%s) - T0 ))s] $*" >&2; }
put() { echo "$1=$2" >> "$RESULTS"; echo "  $1 = $2"; }

"$REPO_ROOT/ops/pg-up.sh" "$DB"
BIN="$(pg_bin_dir)"
CS="$(connection_string "$DB")"
export PGPASSWORD="$PG_APP_PASSWORD"
psql_b() { "$BIN/psql" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d "$DB" -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_b -c "drop schema if exists $SCHEMA cascade; drop schema if exists $RAW_SCHEMA cascade; drop table if exists pgbench_jsonb;" 2>/dev/null

# ---- machine ----
put date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put command "$COMMAND"
put mode "$MODE"
put nproc "$(nproc)"
put cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
put ram "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
put pg_version "$(psql_b -c 'select version()' | cut -d, -f1)"
put pg_port "$PGPORT"
put dotnet "$(dotnet --version)"
put seed_writers "$SEED_WRITERS"

say "building the app and the bench driver (Release)"
dotnet build src/Supervision.Web -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
dotnet build ops/bench/Supervision.Bench -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
bench() { dotnet "$BENCH_DLL" "$@" --results "$RESULTS"; }

# ---- 1. floor: pgbench, one ~600-byte jsonb row per transaction ----
say "1. pgbench single-row jsonb INSERT, ${PG_SECONDS}s per client count"
psql_b -c "create table pgbench_jsonb (id bigserial primary key, data jsonb not null)"
PAYLOAD=$(python3 -c 'import json; print(json.dumps({"rectificationId":"6f1c2b1e-0000-4000-8000-000000000001","description":"检查发现该单位档案库房温湿度记录不完整，部分档案存放于普通办公室，未配备防火、防潮、防虫设施，存在档案损毁风险。"*2,"evidence":["照片001.jpg","询问笔录-2026-001"],"recordedBy":"urumqi.inspector1","reportedAt":"2026-11-26T04:00:00+00:00"}, ensure_ascii=False))')
echo "insert into pgbench_jsonb (data) values ('$PAYLOAD'::jsonb);" > "$WORK/pgbench.sql"
put pg_row_bytes "$(echo -n "$PAYLOAD" | wc -c)"
put pg_seconds "$PG_SECONDS"
# CPU seconds (utime+stime) of every PostgreSQL process, and of this shell's finished children (pgbench): CPU per
# transaction is what the floor costs, to set beside the system's CPU per command (the bench client reports that).
# Fields 16+17 count children already reaped: pgbench's backends exit with it, and the postmaster collects their CPU.
pg_cpu() { local t=0 p; for p in $(pgrep -x postgres); do t=$((t + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
# `times` must run in this shell (not in $(…)), or it reports a fresh subshell's children.
children_cpu() { times > "$WORK/times"; tail -1 "$WORK/times" | awk '{ n = 0; for (i = 1; i <= 2; i++) { split($i, m, /[ms]/); n += m[1] * 60 + m[2] } printf "%.0f", n * 100 }'; }
for c in 1 4; do
  p0=$(pg_cpu); children_cpu > "$WORK/k0"; k0=$(cat "$WORK/k0")
  out=$("$BIN/pgbench" -n -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -c "$c" -j "$(( c < 2 ? 1 : 2 ))" -T "$PG_SECONDS" -f "$WORK/pgbench.sql" "$DB" 2>&1)
  p1=$(pg_cpu); children_cpu > "$WORK/k1"; k1=$(cat "$WORK/k1")
  tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
  put "pg_${c}_tps" "$tps"
  put "pg_${c}_lat" "$(echo "$out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')"
  tx=$(awk -v t="$tps" -v s="$PG_SECONDS" 'BEGIN {printf "%.0f", t * s}')
  put "pg_${c}_cpu_pg_ms" "$(awk -v d=$((p1 - p0)) -v n="$tx" 'BEGIN {if (n > 0) printf "%.3f", d * 10 / n; else print "n/a"}')"
  put "pg_${c}_cpu_client_ms" "$(awk -v d=$((k1 - k0)) -v n="$tx" 'BEGIN {if (n > 0) printf "%.3f", d * 10 / n; else print "n/a"}')"
done

# ---- 2. raw Marten: the system's events, the app's StoreOptions, no HTTP ----
say "2. raw Marten append (FetchForWriting + AppendOne + SaveChanges), 1 and 4 writers, ${RAW_SECONDS}s each"
for w in 1 4; do bench raw --cs "$CS" --schema "$RAW_SCHEMA" --writers "$w" --seconds "$RAW_SECONDS"; done

# ---- the app ----
APP_PID=""
start_app() { # $1 = label; records ${1}_ms (process start to /health/ready 200)
  local t0 t1
  t0=$(date +%s%N)
  ConnectionStrings__Marten="$CS" Supervision__Schema="$SCHEMA" Supervision__SeedDemoData=true Supervision__AllowDemoUsersOutsideDevelopment=true ASPNETCORE_ENVIRONMENT=Production \
  Jwt__SigningKey="bench-only-signing-key-0123456789abcdef0123456789" Supervision__KeyDirectory="$WORK/keys" \
    dotnet "$APP_DLL" --urls "http://127.0.0.1:$PORT" --contentRoot "$REPO_ROOT/src/Supervision.Web" > "$WORK/app-$1.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 1200); do
    if curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready"; then
      t1=$(date +%s%N); put "${1}_ms" $(( (t1 - t0) / 1000000 )); return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "app exited; see $WORK/app-$1.log" >&2; tail -20 "$WORK/app-$1.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "app not ready after 60 s; see $WORK/app-$1.log" >&2; exit 1
}
stop_app() { if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; fi; }
rss() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$APP_PID/status"; }
trap stop_app EXIT

# ---- 7a. cold start on a fresh schema (schema creation + demo data included), idle RSS ----
say "7. cold start (fresh schema)"
start_app start1
sleep 3; put rss_idle_mb "$(rss)"

# ---- 8a. page speed (issue 5) with the demo data: every page reachable by link, per route ----
say "8. UI pages (server-side render) with the demo data"
bench pages --url "http://127.0.0.1:$PORT" --n "$PAGE_N" --label demo

# ---- 3 + 4. command path over HTTP with real JWT auth, projection lag probe alongside ----
say "3. HTTP command mix at 1, 4, 8 connections (${HTTP_SECONDS}s each) + 4. projection lag probe"
bench load --url "http://127.0.0.1:$PORT" --conns 1,4,8 --seconds "$HTTP_SECONDS" --warmup "$WARMUP_SECONDS" --app-pid "$APP_PID"
put rss_after_load_mb "$(rss)"
stop_app

# ---- 5–8 at each size of the store: the cost curve (issue 18 §3) ----
# Each stage seeds up to its size (the app stopped), rebuilds the async projections, starts the app cold and measures the
# queries and the page crawl. The figures of a stage go to the results as curve_<size>_<key>; those of the last stage also
# under their plain keys (the figures table and the issue targets read those).
STAGE_RESULTS="$WORK/stage.env"
seeded=0
for size in $CURVE_SIZES; do
  : > "$STAGE_RESULTS"
  RESULTS_MAIN="$RESULTS"; RESULTS="$STAGE_RESULTS"
  say "5. seeding to $size events ($(( size - seeded )) more, $SEED_WRITERS parallel sessions, over $SEED_YEARS years)"
  bench seed --cs "$CS" --schema "$SCHEMA" --events "$(( size - seeded ))" --writers "$SEED_WRITERS" --years "$SEED_YEARS"
  seeded=$size

  say "6. rebuild of the async projections"
  EVENTS=$(psql_b -c "select count(*) from $SCHEMA.mt_events")
  put rebuild_events "$EVENTS"
  rc=0; timeout 3600 dotnet "$BENCH_DLL" rebuild --cs "$CS" --schema "$SCHEMA" --results "$RESULTS" > "$WORK/rebuild.log" 2>&1 || rc=$?
  cat "$WORK/rebuild.log"
  put rebuild_exit "$rc"
  secs=$(sed -n 's/^rebuild_async_seconds=//p' "$RESULTS" | tail -1)
  put rebuild_seconds "${secs:-n/a}"
  put rebuild_rate "$(awk -v s="${secs:-0}" -v n="$EVENTS" 'BEGIN {if (s > 0) printf "%.0f", n/s; else print "n/a"}')"
  put deadline_entries "$(psql_b -c "select count(*) from $SCHEMA.mt_doc_deadlineentry" 2>/dev/null || echo n/a)"
  put enforcement_months "$(psql_b -c "select count(*) from $SCHEMA.mt_doc_enforcementmonth" 2>/dev/null || echo n/a)"
  put store_mb "$(psql_b -c "select pg_database_size('$DB') / 1048576")"

  say "7. cold start (after the seed) and 5. dashboard / deadline-board / drill-down / statistics export latency"
  start_app start2
  QMAX=12; [ "$MODE" = quick ] && QMAX=3
  bench queries --url "http://127.0.0.1:$PORT" --n "$QUERY_N" --max-seconds "$QMAX"
  put rss_after_scale_mb "$(rss)"
  say "8. UI pages (server-side render) on the seeded store"
  bench pages --url "http://127.0.0.1:$PORT" --n "$PAGE_N" --label scale
  put rss_after_pages_mb "$(rss)"
  stop_app

  RESULTS="$RESULTS_MAIN"
  sed "s/^/curve_${size}_/" "$STAGE_RESULTS" >> "$RESULTS"
done
cat "$STAGE_RESULTS" >> "$RESULTS" # the last stage's figures under their plain keys
put curve_sizes "${CURVE_SIZES// /,}"

say "report"
mkdir -p "$(dirname "$OUT")"
dotnet "$BENCH_DLL" report --results "$RESULTS" --out "$OUT" --notes ops/bench/notes.md
say "done in $(( $(date +%s) - T0 ))s; wrote $OUT (raw figures in $RESULTS)"
