#!/usr/bin/env bash
# kill -9 under load: several clients write (complaints and hazards with Idempotency-Key, correction reports with
# versions) while the app is killed with SIGKILL and restarted; the clients retry what was not answered, with the
# same key or version. Then the client log is checked against the event store: nothing acknowledged is lost,
# nothing is created twice, every due deadline fired exactly once, the async projections catch up.
#   ops/faults/crash.sh           6 clients, 45 s of writes, 2 kills
#   ops/faults/crash.sh --quick   3 clients, 15 s, 1 kill
# Env: SUPERVISION_PG_PORT (private cluster), FAULTS_PORT (5181), FAULTS_NO_BUILD=1 (skip the build)
FAULT=crash
source "$(dirname "$0")/lib.sh"
CLIENTS=6; SECONDS_LOAD=45; KILLS="12 28"
[ "${1:-}" = "--quick" ] && { CLIENTS=3; SECONDS_LOAD=15; KILLS="6"; }
PORT="${FAULTS_PORT:-5181}"; SCHEMA=faults_crash; URL="http://127.0.0.1:$PORT"
trap stop_all_apps EXIT
build_all
fresh_schema "$SCHEMA"
put command "ops/faults/crash.sh $*"

start_app app "$PORT" "$SCHEMA"
put cold_start_ms "$(wait_ready app "$PORT")"
RUN="crash$(date +%s)"
say "load: $CLIENTS clients for $SECONDS_LOAD s; kill -9 at ${KILLS// /, } s"
faults load --url "$URL" --clients "$CLIENTS" --seconds "$SECONDS_LOAD" --log "$WORK/client.log" --run "$RUN" > "$WORK/load.out" 2>&1 &
LOAD_PID=$!
# The load starts once its clients are set up; count the kill times from the first acknowledged command.
for _ in $(seq 1 600); do grep -q '"t":"ack"' "$WORK/client.log" 2>/dev/null && break; sleep 0.1; done
START=$(date +%s)
n=0; FIRST_KILL_MS=0
for at in $KILLS; do
  while [ $(( $(date +%s) - START )) -lt "$at" ]; do sleep 0.2; done
  n=$((n + 1))
  before=$(grep -c '"t":"ack"' "$WORK/client.log")
  kill9_app app; k=$(now_ms); [ "$FIRST_KILL_MS" = 0 ] && FIRST_KILL_MS=$k
  say "kill -9 #$n ($before commands acknowledged so far); restarting in 2 s"
  sleep 2
  start_app app "$PORT" "$SCHEMA"
  ready=$(wait_ready app "$PORT")
  put "kill${n}_down_ms" $(( $(now_ms) - k ))
  put "kill${n}_restart_to_ready_ms" "$ready"
done
put kills "$n"
wait "$LOAD_PID" || { cat "$WORK/load.out" >&2; die "load client"; }
cat "$WORK/load.out" >&2
say "checking the client log against the event store"
faults check --cs "$CS" --schema "$SCHEMA" --log "$WORK/client.log" --timeout 90 --fault-end-ms "$FIRST_KILL_MS" || die "check (see above)"
curl -fs -o /dev/null "$URL/health/ready" || die "/health/ready not green after the run"
say "PROVED: $n× kill -9 under $CLIENTS writers: $(grep -c '"t":"ack"' "$WORK/client.log") acknowledged commands all in the store, none twice, deadlines once, projections caught up (figures in $RESULTS)"
