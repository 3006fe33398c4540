#!/usr/bin/env bash
# Performance benchmark (issue 6): the system side by side with the machine's own limits, in one bounded run,
# loopback only. Prints a table and writes docs/benchmarks.md.
#   ops/bench.sh            full run (about 12-16 minutes on 2 quiet cores; 24 on a busy machine)
#   ops/bench.sh --quick    seconds per step and 20,000 seeded events: proves the benchmark still runs
#   ops/bench.sh --command-path  the command mix against its floor only (an A/B of the command path, about 4 minutes)
#   ops/bench.sh --curve10m the full run with the cost curve taken on to 10 million events (issue 18 §3; about an hour and
#                           ~20 GB of disk; not part of the full run's budget, not in CI)
# The store is seeded in stages (BENCH_CURVE_SIZES, events in total after each stage: full 100000 1000000, quick 5000 20000,
# --curve10m adds 10000000), the cases spread over BENCH_SEED_YEARS (3) years; after each stage the projections are rebuilt and
# the queries, drill-down, statistics export and page crawl measured again: the figures of each stage are the cost curve.
# Knobs (env): BENCH_PG_SECONDS (10), BENCH_RAW_SECONDS (10), BENCH_HTTP_SECONDS (15), BENCH_SEED_EVENTS (1000000),
#              BENCH_SEED_WRITERS (3), BENCH_QUERY_N (200), BENCH_PAGE_N (20), BENCH_WARMUP_SECONDS (30), BENCH_PORT (5099), BENCH_OUT (docs/benchmarks.md),
#              BENCH_IDLE_TRIM_SECONDS (70: the app's idle time before its memory trim; quick 2), BENCH_IDLE_CHECK_SECONDS (10),
#              BENCH_FLOOR_SECONDS (8: each floor run), BENCH_KIND_SECONDS (10: each single-command HTTP phase), BENCH_STATEMENTS_N (40),
#              for an A/B of the app: BENCH_APP_ENV ("NAME=value …" in the app's environment only, e.g. DOTNET_gcServer=0),
#              BENCH_APP_CS_EXTRA (appended to the app's connection string, e.g. "No Reset On Close=true"), BENCH_KINDS (--command-path)
# Uses its own database `supervision_bench` (schemas bench, bench_raw, floor and table pgbench_jsonb dropped and recreated each run).
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
COMMAND="ops/bench.sh $*"
MODE=full
if [ "${1:-}" = "--quick" ]; then
  MODE=quick
  : "${BENCH_PG_SECONDS:=2}" "${BENCH_RAW_SECONDS:=2}" "${BENCH_HTTP_SECONDS:=3}" "${BENCH_SEED_EVENTS:=20000}" "${BENCH_QUERY_N:=20}" "${BENCH_PAGE_N:=3}" "${BENCH_WARMUP_SECONDS:=2}"
  : "${BENCH_CURVE_SIZES:=5000 20000}"
  : "${BENCH_FLOOR_SECONDS:=1}" "${BENCH_KIND_SECONDS:=2}" "${BENCH_STATEMENTS_N:=16}"
  : "${BENCH_IDLE_TRIM_SECONDS:=2}" "${BENCH_IDLE_CHECK_SECONDS:=1}"
  : "${BENCH_OUT:=.data/bench/benchmarks-quick.md}"
fi
PG_SECONDS="${BENCH_PG_SECONDS:-10}"; RAW_SECONDS="${BENCH_RAW_SECONDS:-10}"; HTTP_SECONDS="${BENCH_HTTP_SECONDS:-15}"
# --command-path: only what closing the gap (issue 18 §2) needs for one A/B measurement, about 4 minutes: the app on a
# fresh schema with the demo data, the floor's mix at 4 and 8 clients before and after, the HTTP mix at 4 and 8
# connections and at 70 % of the best rate, each command alone when BENCH_KINDS is set (e.g. plan,complaint). Writes
# .data/bench/results-command-path.env and prints system ÷ floor; no report.
if [ "${1:-}" = "--command-path" ]; then
  MODE=command-path
  : "${BENCH_HTTP_SECONDS:=15}" "${BENCH_WARMUP_SECONDS:=60}" "${BENCH_FLOOR_SECONDS:=10}" "${BENCH_KIND_SECONDS:=8}"
fi
if [ "${1:-}" = "--curve10m" ]; then : "${BENCH_CURVE_SIZES:=100000 1000000 10000000}" "${BENCH_OUT:=docs/benchmarks-10m.md}"; fi
SEED_EVENTS="${BENCH_SEED_EVENTS:-1000000}"; SEED_WRITERS="${BENCH_SEED_WRITERS:-3}"; QUERY_N="${BENCH_QUERY_N:-200}"
CURVE_SIZES="${BENCH_CURVE_SIZES:-100000 $SEED_EVENTS}"; SEED_YEARS="${BENCH_SEED_YEARS:-3}"
FLOOR_SECONDS="${BENCH_FLOOR_SECONDS:-8}"; KIND_SECONDS="${BENCH_KIND_SECONDS:-10}"; STATEMENTS_N="${BENCH_STATEMENTS_N:-40}"
IDLE_TRIM_SECONDS="${BENCH_IDLE_TRIM_SECONDS:-70}"; IDLE_CHECK_SECONDS="${BENCH_IDLE_CHECK_SECONDS:-10}" # the app's idle memory trim
PAGE_N="${BENCH_PAGE_N:-20}"; WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-30}"; PORT="${BENCH_PORT:-5099}"; OUT="${BENCH_OUT:-docs/benchmarks.md}"
DB=supervision_bench; SCHEMA=bench; RAW_SCHEMA=bench_raw
WORK="$REPO_ROOT/.data/bench"; mkdir -p "$WORK"
# The quick mode (run by ops/test.sh) keeps its own file, so it never overwrites the figures of a full run.
RESULTS="$WORK/results.env"; [ "$MODE" = quick ] && RESULTS="$WORK/results-quick.env"
[ "$MODE" = command-path ] && RESULTS="$WORK/results-command-path.env"
: > "$RESULTS"
APP_DLL="src/Supervision.Web/bin/Release/net10.0/Supervision.Web.dll"
BENCH_DLL="ops/bench/Supervision.Bench/bin/Release/net10.0/Supervision.Bench.dll"
T0=$(date +%s)
say() { echo "[bench $(( $(date +%s) - T0 ))s] $*" >&2; }
put() { echo "$1=$2" >> "$RESULTS"; echo "  $1 = $2"; }

"$REPO_ROOT/ops/pg-up.sh" "$DB"
BIN="$(pg_bin_dir)"
CS="$(connection_string "$DB")"
APP_CS="$CS${BENCH_APP_CS_EXTRA:+;$BENCH_APP_CS_EXTRA}" # the app's connection string (+ BENCH_APP_CS_EXTRA for an A/B)
export PGPASSWORD="$PG_APP_PASSWORD"
psql_b() { "$BIN/psql" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d "$DB" -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_b -c "drop schema if exists floor cascade; drop schema if exists $SCHEMA cascade; drop schema if exists $RAW_SCHEMA cascade; drop table if exists pgbench_jsonb;" 2>/dev/null

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

# CPU seconds (utime+stime) of every PostgreSQL process, and of this shell's finished children (pgbench): CPU per
# transaction is what the floor costs, to set beside the system's CPU per command (the bench client reports that).
# Fields 16+17 count children already reaped: pgbench's backends exit with it, and the postmaster collects their CPU.
pg_cpu() { local t=0 p; for p in $(pgrep -x postgres); do t=$((t + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
# `times` must run in this shell (not in $(…)), or it reports a fresh subshell's children.
children_cpu() { times > "$WORK/times"; tail -1 "$WORK/times" | awk '{ n = 0; for (i = 1; i <= 2; i++) { split($i, m, /[ms]/); n += m[1] * 60 + m[2] } printf "%.0f", n * 100 }'; }

# ---- 1. floor: pgbench, one ~600-byte jsonb row per transaction ----
if [ "$MODE" != command-path ]; then
say "1. pgbench single-row jsonb INSERT, ${PG_SECONDS}s per client count"
psql_b -c "create table pgbench_jsonb (id bigserial primary key, data jsonb not null)"
PAYLOAD=$(python3 -c 'import json; print(json.dumps({"rectificationId":"6f1c2b1e-0000-4000-8000-000000000001","description":"检查发现该单位档案库房温湿度记录不完整，部分档案存放于普通办公室，未配备防火、防潮、防虫设施，存在档案损毁风险。"*2,"evidence":["照片001.jpg","询问笔录-2026-001"],"recordedBy":"urumqi.inspector1","reportedAt":"2026-11-26T04:00:00+00:00"}, ensure_ascii=False))')
echo "insert into pgbench_jsonb (data) values ('$PAYLOAD'::jsonb);" > "$WORK/pgbench.sql"
put pg_row_bytes "$(echo -n "$PAYLOAD" | wc -c)"
put pg_seconds "$PG_SECONDS"
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
fi # not in --command-path

# ---- the app ----
APP_PID=""
start_app() { # $1 = label; records ${1}_ms (process start to /health/ready 200)
  local t0 t1
  t0=$(date +%s%N)
  ConnectionStrings__Marten="$APP_CS" Supervision__Schema="$SCHEMA" Supervision__SeedDemoData=true Supervision__AllowDemoUsersOutsideDevelopment=true ASPNETCORE_ENVIRONMENT=Production \
  Jwt__SigningKey="bench-only-signing-key-0123456789abcdef0123456789" Supervision__KeyDirectory="$WORK/keys" \
  Supervision__IdleTrim__IdleSeconds="$IDLE_TRIM_SECONDS" Supervision__IdleTrim__CheckSeconds="$IDLE_CHECK_SECONDS" \
    env ${BENCH_APP_ENV:-} dotnet "$APP_DLL" --urls "http://127.0.0.1:$PORT" --contentRoot "$REPO_ROOT/src/Supervision.Web" > "$WORK/app-$1.log" 2>&1 &
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
# RSS once the app has been idle: waits for the app's idle memory trim (IdleMemoryTrim.cs) to log a trim after the given
# line of its log, at most its idle time + two checks + 30 s; records the seconds waited and the RSS then.
rss_when_idle() { # $1 = key prefix, $2 = the app's log, $3 = its line count before the work
  local t0 waited limit=$(( IDLE_TRIM_SECONDS + 2 * IDLE_CHECK_SECONDS + 30 ))
  trimmed() { awk -v n="$3" 'NR > n && /Idle memory trim/ { found = 1 } END { exit !found }' "$2"; }
  t0=$(date +%s)
  until trimmed "$@" || [ $(( $(date +%s) - t0 )) -ge "$limit" ]; do sleep 1; done
  waited=$(( $(date +%s) - t0 )); trimmed "$@" || waited=n/a
  put "${1}_idle_wait_s" "$waited"
  put "${1}_idle_mb" "$(rss)"
}
trap stop_app EXIT

# ---- 7a. cold start on a fresh schema (schema creation + demo data included), idle RSS ----
say "7. cold start (fresh schema)"
start_app start1
sleep 3; put rss_idle_mb "$(rss)"

# ---- 8a. page speed (issue 5) with the demo data: every page reachable by link, per route ----
[ "$MODE" = command-path ] || { say "8. UI pages (server-side render) with the demo data"; bench pages --url "http://127.0.0.1:$PORT" --n "$PAGE_N" --label demo; }

# ---- 9. the floor (issue 18 §1): what each command sends to PostgreSQL, and the same work by hand in SQL ----
# The floor's scripts run with pgbench on tables shaped like the app's (schema floor, ops/bench/floor/setup.sql), per
# command at 4 and 8 clients and as the mix, before (a) and after (b) the HTTP load, so a drifting machine shows.
STATS="$WORK/floor-stats"; [ "$MODE" = quick ] && STATS="$WORK/floor-stats-quick"
rm -rf "$STATS"; mkdir -p "$STATS"
FLOOR_KINDS=(plan:plan_inspection:1 start:start_inspection:1 hazard:record_hazard:8 correction:correction_report:20 complaint:register_complaint:10)
HAS_PGSS=$(psql_b -c "select count(*) from pg_extension where extname = 'pg_stat_statements'")
[ "$MODE" = command-path ] && STATEMENTS_N=2 # only to have the samples the floor's setup takes from the app's tables
if [ "$HAS_PGSS" = 1 ]; then
  say "9. what each command of the mix sends to PostgreSQL (pg_stat_statements, $STATEMENTS_N of each)"
  bench statements --url "http://127.0.0.1:$PORT" --cs "$CS" --out "$STATS" --n "$STATEMENTS_N" --stats-sql ops/bench/floor/stats.sql
elif [ "$MODE" != command-path ]; then
  echo "[bench] pg_stat_statements is not installed in $DB (run ops/pg-up.sh on this clone's cluster): no statement lists" >&2
fi
psql_b -v src="$SCHEMA" -f ops/bench/floor/setup.sql >/dev/null
# Step 4 of the issue: the plans of the floor's statements against the system's (ops/bench/floor/explain.sql), compared by
# their scan and write nodes (type, table, index).
PLANS="$STATS/plans"; mkdir -p "$PLANS"
psql_b -v src="$SCHEMA" -v dir="$PLANS" -f ops/bench/floor/explain.sql >/dev/null
plan_nodes() {
  grep -oE '(Seq Scan|Index Only Scan|Index Scan( Backward)?|Bitmap Heap Scan|Bitmap Index Scan)( using [a-z0-9_]+)? on [a-z0-9_]+|(Insert|Update) on [a-z0-9_]+|Conflict Arbiter Indexes: [a-z0-9_, ]+' "$1" | tr '\n' ';' || true
}
plans_same=0; plans_total=0; plans_differ=""
for f in "$PLANS"/system-*.plan; do
  n=$(basename "$f" .plan); n=${n#system-}; plans_total=$((plans_total + 1))
  if [ "$(plan_nodes "$f")" = "$(plan_nodes "$PLANS/floor-$n.plan")" ]; then plans_same=$((plans_same + 1)); else plans_differ="$plans_differ $n"; fi
done
put floor_plans_same "$plans_same of $plans_total"
put floor_plans_differ "${plans_differ# }"
# The samples (real payloads) as pgbench variables. A new number per pgbench run makes the new streams' ids unique
# (counted here, not in floor_pgbench: that runs in a subshell).
FLOOR_D=(); while IFS=$'\t' read -r k v; do FLOOR_D+=(-D "$k=$v"); done < <(psql_b -F $'\t' -c "select name, value from floor.samples")
FLOOR_RUN=0
floor_pgbench() { "$BIN/pgbench" -n -M prepared -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" "${FLOOR_D[@]}" -D run="$FLOOR_RUN" -D n=0 "$@" "$DB" 2>&1 || true; }
# The -f arguments of one command's script, or of all five weighted like the HTTP mix (per 40 commands: 1 plan, 1 start,
# 8 hazards, 20 correction reports, 10 complaints).
floor_files() {
  local k name script weight
  for k in "${FLOOR_KINDS[@]}"; do
    IFS=: read -r name script weight <<< "$k"
    if [ "$1" = mix ]; then echo "-f ops/bench/floor/$script.sql@$weight"; elif [ "$1" = "$name" ]; then echo "-f ops/bench/floor/$script.sql"; fi
  done
}
# The floor's statements, as the system's above: each script alone, 1 client, n transactions. pgbench opens a new
# connection, whose first transactions also compile the trigger function and plan the statements; so the script is
# wrapped to reset the statistics at the start of its 9th transaction, on the same (by then warm) connection.
floor_stats() { # $1 = kind
  local t0 secs script
  script="$STATS/stats-$1.sql"
  { printf '\\set warm :warm + 1\n\\if :warm = 9\nselect pg_stat_statements_reset();\n\\endif\n'; cat $(floor_files "$1" | sed 's/^-f //'); } > "$script"
  t0=$(date +%s%N); FLOOR_RUN=$((FLOOR_RUN + 1))
  floor_pgbench -c 1 -t $((8 + STATEMENTS_N)) -D warm=0 -f "$script" > "$STATS/pgbench-$1.log"
  secs=$(awk -v d=$(( $(date +%s%N) - t0 )) -v n="$STATEMENTS_N" 'BEGIN {printf "%.3f", d / 1e9 * n / (n + 8)}')
  { printf '#\t%s\t%s\n' "$secs" "$STATEMENTS_N"; psql_b -F $'\t' -f ops/bench/floor/stats.sql; } > "$STATS/floor-$1.tsv"
}
if [ "$HAS_PGSS" = 1 ]; then
  [ "$MODE" = command-path ] || for k in "${FLOOR_KINDS[@]}"; do IFS=: read -r name _ _ <<< "$k"; floor_stats "$name"; done
fi
FLOOR_LABELS="plan start hazard correction complaint mix"
[ "$MODE" = command-path ] && FLOOR_LABELS="${BENCH_KINDS:-} mix"; FLOOR_LABELS="${FLOOR_LABELS//,/ }"
floor_runs() { # $1 = a (before the HTTP load) or b (after)
  put "floor_loadavg_$1" "$(cut -d' ' -f1 /proc/loadavg)"
  local c label out tps tx p0 p1 k0 k1
  for c in 4 8; do
    for label in $FLOOR_LABELS; do
      p0=$(pg_cpu); children_cpu > "$WORK/k0"; k0=$(cat "$WORK/k0")
      FLOOR_RUN=$((FLOOR_RUN + 1))
      # shellcheck disable=SC2046
      out=$(floor_pgbench -c "$c" -j 2 -T "$FLOOR_SECONDS" $(floor_files "$label"))
      p1=$(pg_cpu); children_cpu > "$WORK/k1"; k1=$(cat "$WORK/k1")
      tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
      [ -n "$tps" ] || { echo "$out" | grep -iE "error|abort" | head -3 >&2; tps=n/a; }
      put "floor_${label}_${c}_$1_tps" "$tps"
      put "floor_${label}_${c}_$1_lat" "$(echo "$out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')"
      put "floor_${label}_${c}_$1_failed" "$(echo "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')"
      tx=$(awk -v t="$tps" -v s="$FLOOR_SECONDS" 'BEGIN {printf "%.0f", t * s}')
      put "floor_${label}_${c}_$1_cpu_pg_ms" "$(awk -v d=$((p1 - p0)) -v n="$tx" 'BEGIN {if (n > 0) printf "%.3f", d * 10 / n; else print "n/a"}')"
      put "floor_${label}_${c}_$1_cpu_client_ms" "$(awk -v d=$((k1 - k0)) -v n="$tx" 'BEGIN {if (n > 0) printf "%.3f", d * 10 / n; else print "n/a"}')"
    done
  done
}
say "9. floor (a): each command's SQL by hand with pgbench, 4 and 8 clients and the mix, ${FLOOR_SECONDS}s each"
floor_runs a

# ---- 3 + 4. command path over HTTP with real JWT auth, projection lag probe alongside; then each command alone ----
say "3. HTTP command mix at 1, 4, 8 connections (${HTTP_SECONDS}s each) + 4. projection lag probe; each command alone at 4, 8 (${KIND_SECONDS}s)"
LOAD_CONNS=1,4,8; LOAD_KINDS=plan,start,hazard,correction,complaint
[ "$MODE" = command-path ] && { LOAD_CONNS=4,8; LOAD_KINDS="${BENCH_KINDS:-}"; }
bench load --url "http://127.0.0.1:$PORT" --conns "$LOAD_CONNS" --seconds "$HTTP_SECONDS" --warmup "$WARMUP_SECONDS" --app-pid "$APP_PID" \
  --kinds "$LOAD_KINDS" --kind-conns 4,8 --kind-seconds "$KIND_SECONDS"
put rss_after_load_mb "$(rss)"
say "9. floor (b): the same runs after the HTTP load"
floor_runs b
stop_app
if [ "$MODE" = command-path ]; then
  # system ÷ floor (mean of the floor's runs before and after), per connection count and label
  get() { sed -n "s/^$1=//p" "$RESULTS" | tail -1; }
  for c in 4 8; do
    for label in $FLOOR_LABELS; do
      sys=$(get "http_${c}_rate"); [ "$label" = mix ] || sys=$(get "httpk_${label}_${c}_rate")
      a=$(get "floor_${label}_${c}_a_tps"); b=$(get "floor_${label}_${c}_b_tps")
      put "ratio_${label}_${c}" "$(awk -v s="$sys" -v a="$a" -v b="$b" 'BEGIN {f = (a + b) / 2; if (f > 0) printf "%.2f", s / f; else print "n/a"}')"
      echo "  $label at $c: system $sys/s, floor $a / $b tx/s, app CPU $(get "http_${c}_cpu_app_ms")$( [ "$label" = mix ] || echo " ($(get "httpk_${label}_${c}_cpu_app_ms"))") ms/cmd"
    done
  done
  echo "  70 %: $(get http70_rate)/s of $(get http70_target), p50 $(get http70_p50) / p99 $(get http70_p99) ms"
  say "done in $(( $(date +%s) - T0 ))s (figures in $RESULTS)"
  exit 0
fi

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
  log_lines=$(wc -l < "$WORK/app-start2.log")
  bench pages --url "http://127.0.0.1:$PORT" --n "$PAGE_N" --label scale
  put rss_after_pages_mb "$(rss)"
  say "8b. RSS once the app is idle after the crawl (its idle memory trim, after ${IDLE_TRIM_SECONDS} s without requests)"
  rss_when_idle rss_after_pages "$WORK/app-start2.log" "$log_lines"
  stop_app

  RESULTS="$RESULTS_MAIN"
  sed "s/^/curve_${size}_/" "$STAGE_RESULTS" >> "$RESULTS"
done
cat "$STAGE_RESULTS" >> "$RESULTS" # the last stage's figures under their plain keys
put curve_sizes "${CURVE_SIZES// /,}"

say "report"
mkdir -p "$(dirname "$OUT")"
dotnet "$BENCH_DLL" report --results "$RESULTS" --out "$OUT" --notes ops/bench/notes.md --stats-dir "$STATS"
say "done in $(( $(date +%s) - T0 ))s; wrote $OUT (raw figures in $RESULTS)"
