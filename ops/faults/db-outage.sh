#!/usr/bin/env bash
# PostgreSQL outage under load: clients write while the private cluster is stopped (pg_ctl stop -m fast) for
# OUTAGE seconds and started again. While it is down the API answers 503 database_unavailable problems (Chinese and
# English, Retry-After, no stack trace) and never 500, /health/ready is 503 and /health/live 200; afterwards the app
# recovers by itself, the async daemon and the durable scheduler carry on (dashboard probe, deadlines, projections at
# the last event), and the client log checks out against the store (nothing acknowledged lost, nothing twice).
#   ops/faults/db-outage.sh           4 clients, 40 s of writes, 10 s outage
#   ops/faults/db-outage.sh --quick   2 clients, 20 s of writes, 5 s outage
# Env: SUPERVISION_PG_PORT, FAULTS_PORT (5182), FAULTS_OUTAGE_SECONDS, FAULTS_NO_BUILD=1
FAULT=db-outage
source "$(dirname "$0")/lib.sh"
CLIENTS=4; SECONDS_LOAD=40; OUTAGE=10; OUTAGE_AT=8
[ "${1:-}" = "--quick" ] && { CLIENTS=2; SECONDS_LOAD=20; OUTAGE=5; OUTAGE_AT=5; }
OUTAGE="${FAULTS_OUTAGE_SECONDS:-$OUTAGE}"
PORT="${FAULTS_PORT:-5182}"; SCHEMA=faults_outage; URL="http://127.0.0.1:$PORT"
DATA="$(pg_data_dir)"
pg_stop() { runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; }
cleanup() { stop_all_apps; "$REPO_ROOT/ops/pg-up.sh" >/dev/null 2>&1 || true; }
trap cleanup EXIT
build_all
fresh_schema "$SCHEMA"
put command "ops/faults/db-outage.sh $*"
put outage_seconds "$OUTAGE"
start_app app "$PORT" "$SCHEMA"
put cold_start_ms "$(wait_ready app "$PORT")"
TOKEN=$(curl -fs "$URL/api/auth/token" -H 'Content-Type: application/json' -d '{"username":"urumqi.handler","password":"Demo!2026"}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || die "no token"

RUN="outage$(date +%s)"
say "load: $CLIENTS clients for $SECONDS_LOAD s; PostgreSQL down for $OUTAGE s after $OUTAGE_AT s"
faults load --url "$URL" --clients "$CLIENTS" --seconds "$SECONDS_LOAD" --log "$WORK/client.log" --run "$RUN" > "$WORK/load.out" 2>&1 &
LOAD_PID=$!
for _ in $(seq 1 600); do grep -q '"t":"ack"' "$WORK/client.log" 2>/dev/null && break; sleep 0.1; done
sleep "$OUTAGE_AT"
say "stopping PostgreSQL ($(grep -c '"t":"ack"' "$WORK/client.log") commands acknowledged so far)"
pg_stop; DOWN_MS=$(now_ms)

# While it is down: probe readiness, liveness, a read and a creating write; keep every answer.
probe() { # $1 name, rest: curl args; appends "name status" to probes.txt and keeps the body and headers
  local name="$1"; shift
  local i; i=$(wc -l < "$WORK/probes.txt" 2>/dev/null || echo 0)
  local st; st=$(curl -s --max-time 8 -o "$WORK/probe-$i.body" -D "$WORK/probe-$i.head" -w '%{http_code}' "$@" || true)
  echo "$name $st $i" >> "$WORK/probes.txt"
}
: > "$WORK/probes.txt"
while [ $(( $(now_ms) - DOWN_MS )) -lt $(( OUTAGE * 1000 )) ]; do
  probe ready "$URL/health/ready"
  probe live "$URL/health/live"
  probe read "$URL/api/complaints" -H "Authorization: Bearer $TOKEN"
  probe write "$URL/api/complaints" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: $RUN-probe-$RANDOM" \
    -d '{"channel":"phone","receivedAt":"'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'","anonymous":true,"unitName":"探针单位","jurisdictionId":"650103","allegation":"outage probe"}'
  probe login "$URL/api/auth/token" -H 'Content-Type: application/json' -d '{"username":"urumqi.leader","password":"Demo!2026"}'
  sleep 0.5
done
"$REPO_ROOT/ops/pg-up.sh" >/dev/null 2>&1 || die "PostgreSQL did not start again"
UP_MS=$(now_ms)
put outage_actual_ms $(( UP_MS - DOWN_MS ))
say "PostgreSQL is back; waiting for /health/ready"
put ready_again_after_db_up_ms "$(wait_ready app "$PORT" 60)"

# What was answered while it was down.
put probes_during_outage "$(awk '{print $1":"$2}' "$WORK/probes.txt" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
fail=0
grep -q '^ready 503 ' "$WORK/probes.txt" || { echo "  /health/ready was never 503 during the outage" >&2; fail=1; }
grep -Eq '^ready (200|000) ' "$WORK/probes.txt" && { echo "  /health/ready answered 200 or nothing during the outage" >&2; fail=1; }
grep -Eq '^live (200) ' "$WORK/probes.txt" || { echo "  /health/live was not 200 during the outage" >&2; fail=1; }
n503=0
while read -r name st i; do
  case "$name" in ready|live) continue ;; esac
  if [ "$st" = 503 ]; then
    n503=$((n503 + 1))
    grep -q '"code":"database_unavailable"' "$WORK/probe-$i.body" || { echo "  $name 503 without code database_unavailable: $(head -c 300 "$WORK/probe-$i.body")" >&2; fail=1; }
    grep -q '数据库暂不可用' "$WORK/probe-$i.body" && grep -q 'The database is unavailable' "$WORK/probe-$i.body" || { echo "  $name 503 body not bilingual" >&2; fail=1; }
    grep -qi '^Retry-After: ' "$WORK/probe-$i.head" || { echo "  $name 503 without Retry-After" >&2; fail=1; }
    grep -Eq '   at |Npgsql|Exception' "$WORK/probe-$i.body" && { echo "  $name 503 body has a stack trace or driver text" >&2; fail=1; }
  elif [ "$st" -ge 500 ] 2>/dev/null || [ "$st" = 000 ]; then
    echo "  $name answered $st during the outage: $(head -c 300 "$WORK/probe-$i.body")" >&2; fail=1
  fi
done < "$WORK/probes.txt"
put api_503_problems_during_outage "$n503"
[ "$n503" -gt 0 ] || { echo "  no API request was answered 503 during the outage" >&2; fail=1; }
[ "$fail" = 0 ] || die "answers during the outage broke the contract (above)"

wait "$LOAD_PID" || { cat "$WORK/load.out" >&2; die "load client (a 500 or a broken 503 counts as a failure)"; }
cat "$WORK/load.out" >&2
kill -0 "${APP_PIDS[app]}" 2>/dev/null || die "the app died during the outage"
say "checking: client log against the store, deadlines, projections, dashboard"
faults check --cs "$CS" --schema "$SCHEMA" --log "$WORK/client.log" --timeout 90 --fault-end-ms "$UP_MS" || die "check (see above)"
faults probe --url "$URL" --timeout 30 || die "the dashboard (async daemon) does not reflect new writes after the outage"
put app_log_errors "$(grep -c '"@l":"Error"' "$WORK/app.log" || true)"
put app_log_warnings "$(grep -c '"@l":"Warning"' "$WORK/app.log" || true)"
put app_log_503_warnings "$(grep -c 'Database unavailable on' "$WORK/app.log" || true)"
say "PROVED: PostgreSQL down $OUTAGE s under $CLIENTS writers: API 503 database_unavailable (never 500), ready red, recovered by itself; $(grep -c '"t":"ack"' "$WORK/client.log") acknowledged commands all in the store, none twice; daemon and scheduler not stalled (figures in $RESULTS)"
