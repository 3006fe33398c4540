#!/usr/bin/env bash
# Reads on a streaming replica (issue 18 §4). Initialises a standby of the private cluster with pg_basebackup -R (a
# physical slot keeps its WAL) in .data/pg-replica on port PG+1, starts the app with ConnectionStrings:MartenReads on it
# and, under a write load, measures the replication lag (bytes and seconds from pg_stat_replication on the primary, and
# as the app's probe sees it on /health/ready) while boards and lists are read from the replica. Then
#   (a) replay paused on the replica until the lag passes Reads:MaxLagSeconds: reads fall back to the primary, and a case
#       and a unit registered then are on their lists at once although the replica does not have them yet; replay
#       resumed: reads go back to the replica, which now shows them;
#   (b) the replica stopped: every page still answers 200, from the primary; started again: reads go back to it.
# Prints a result table (also in .data/faults/read-replica/summary.md); the replica and its slot are removed at the end.
#   ops/faults/read-replica.sh           4 writers, 30 s of load
#   ops/faults/read-replica.sh --quick   2 writers, 15 s
# Env: SUPERVISION_PG_PORT, FAULTS_REPLICA_PORT (the cluster's port + 1), FAULTS_PORT (5186),
#      FAULTS_MAX_LAG_SECONDS (5), FAULTS_NO_BUILD=1
FAULT=read-replica
source "$(dirname "$0")/lib.sh"
CLIENTS=4; SECONDS_LOAD=30
[ "${1:-}" = "--quick" ] && { CLIENTS=2; SECONDS_LOAD=15; }
PORT="${FAULTS_PORT:-5186}"; SCHEMA=faults_reads; URL="http://127.0.0.1:$PORT"
RPORT="${FAULTS_REPLICA_PORT:-$((PGPORT + 1))}"; MAX_LAG="${FAULTS_MAX_LAG_SECONDS:-5}"
RDATA="$(pg_replica_dir)"; SLOT=supervision_replica
RCS="$(connection_string "$DB" | sed "s/Port=$PGPORT;/Port=$RPORT;/")"
PAGES="/units /dashboard /deadlines /rectifications /map /statistics /public/statistics /api/complaints?jurisdiction=650100"

# As the superuser over the local socket (trust): pg_stat_replication's positions, replay pause/resume on the standby.
su_psql() { local port="$1"; shift; "$BIN/psql" -h /tmp -p "$port" -U postgres -d "$DB" -v ON_ERROR_STOP=1 -qtA "$@"; }
replica_ctl() { runuser -u postgres -- "$BIN/pg_ctl" -D "$RDATA" "$@"; }
replica_up() { replica_ctl -l "$RDATA/server.log" -o "-p $RPORT" -w -t 60 start >/dev/null; }
replica_down() { if [ -f "$RDATA/postmaster.pid" ]; then replica_ctl -m fast -w -t 60 stop >/dev/null 2>&1 || true; fi; }
drop_slot() { su_psql "$PGPORT" -c "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '$SLOT'" >/dev/null 2>&1 || true; }
WRITER_PID=""
stop_writer() { if [ -n "$WRITER_PID" ]; then kill "$WRITER_PID" 2>/dev/null || true; wait "$WRITER_PID" 2>/dev/null || true; WRITER_PID=""; fi; }
# A slot left behind would keep WAL on the primary for ever: the replica and its slot go at the end (the data stays).
cleanup() { stop_writer; stop_all_apps; replica_down; drop_slot; }
trap cleanup EXIT

health() { curl -s --max-time 3 "$URL/health/ready" || true; }
# hf FIELD: a field of the read side in /health/ready's JSON (stdin).
hf() { grep -o "\"$1\":[^,}]*" | head -1 | cut -d: -f2 | tr -d '"'; }
# wait_reads FIELD VALUE SECONDS: milliseconds until /health/ready shows reads.FIELD = VALUE.
wait_reads() {
  local t0; t0=$(now_ms)
  while [ $(( $(now_ms) - t0 )) -lt $(( $3 * 1000 )) ]; do
    [ "$(health | hf "$1")" = "$2" ] && { echo $(( $(now_ms) - t0 )); return 0; }
    sleep 0.05
  done
  echo "  reads.$1 never became $2: $(health)" >&2; return 1
}
token() { curl -fs "$URL/api/auth/token" -H 'Content-Type: application/json' -d '{"username":"'"$1"'","password":"Demo!2026"}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'; }
# get PATH: the status of a GET as the leader; the body in $WORK/last.body.
get() { curl -s -o "$WORK/last.body" -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $LEADER" "$URL$1" || true; }
# min / median / max of column $2 of file $1.
stats() { awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "- / - / -"; exit} printf "%s / %s / %s", v[1], v[int((NR+1)/2)], v[NR]}'; }
# GB 32100: the check character of a 17-character credit code prefix (weights 3^i mod 31).
credit_code() { awk -v s="$1" 'BEGIN {a="0123456789ABCDEFGHJKLMNPQRTUWXY"; w=1; for (i=1; i<=17; i++) {sum+=(index(a,substr(s,i,1))-1)*w; w=(w*3)%31}; print s substr(a,(31-sum%31)%31+1,1)}'; }
complaint_json() { echo '{"channel":"phone","receivedAt":"'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'","anonymous":true,"unitName":"'"$1"'","jurisdictionId":"'"$2"'","allegation":"read replica drill"}'; }

build_all
fresh_schema "$SCHEMA"
put command "ops/faults/read-replica.sh $*"
put max_lag_seconds "$MAX_LAG"

# ---------------------------------------------------------------- the replica
say "initialising a streaming replica of the cluster on $PGPORT in $RDATA (port $RPORT)"
replica_down; drop_slot; rm -rf "$RDATA"
mkdir -p "$RDATA"; chown postgres:postgres "$RDATA"; chmod 700 "$RDATA"
t=$(now_ms)
runuser -u postgres -- env PGPASSWORD="$PG_REPLICATION_PASSWORD" "$BIN/pg_basebackup" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_REPLICATION_USER" \
  -D "$RDATA" -R -X stream -C -S "$SLOT" -c fast > "$WORK/basebackup.log" 2>&1 || { cat "$WORK/basebackup.log" >&2; die "pg_basebackup"; }
put basebackup_ms $(( $(now_ms) - t ))
put basebackup_mb "$(du -sm "$RDATA" | cut -f1)"
replica_up || { tail -20 "$RDATA/server.log" >&2; die "the replica did not start"; }
[ "$(su_psql "$RPORT" -c 'select pg_is_in_recovery()')" = t ] || die "the replica is not in recovery"
put replica_state "$(su_psql "$PGPORT" -c "select state || ' ' || sync_state from pg_stat_replication limit 1")"

# ---------------------------------------------------------------- the app reading from it, under a write load
start_app app "$PORT" "$SCHEMA" ConnectionStrings__MartenReads="$RCS" Reads__MaxLagSeconds="$MAX_LAG"
put cold_start_ms "$(wait_ready app "$PORT")"
v=$(wait_reads side replica 30) || die "reads never went to the replica"; put reads_on_replica_after_ready_ms "$v"
LEADER=$(token urumqi.leader); HANDLER=$(token urumqi.handler)
[ -n "$LEADER" ] && [ -n "$HANDLER" ] || die "no token"
for p in $PAGES; do st=$(get "$p"); [ "$st" = 200 ] || die "GET $p answered $st before any fault"; done
RUN="reads$(date +%s)"
say "load: $CLIENTS writers for $SECONDS_LOAD s; the lag sampled every 0.1 s, the dashboard read every 0.2 s"
R0=$(health | hf replicaReads)
faults load --url "$URL" --clients "$CLIENTS" --seconds "$SECONDS_LOAD" --log "$WORK/client.log" --run "$RUN" > "$WORK/load.out" 2>&1 &
LOAD_PID=$!
for _ in $(seq 1 600); do grep -q '"t":"ack"' "$WORK/client.log" 2>/dev/null && break; sleep 0.1; done
: > "$WORK/applag.txt"; : > "$WORK/reads.txt"
# On the primary, one psql every 0.1 s (\watch): WAL written but not yet replayed (bytes), and PostgreSQL's replay_lag
# (seconds; null once caught up and idle).
printf '%s \\watch 0.1\n' "select pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint, coalesce(extract(epoch from replay_lag), 0)::numeric(10,4) from pg_stat_replication" \
  | "$BIN/psql" -h /tmp -p "$PGPORT" -U postgres -d "$DB" -qtA -F ' ' > "$WORK/lag.raw" 2>/dev/null &
LAG_PID=$!
# The app's own probe, as /health/ready shows it, and the dashboard page as the leader reads it.
( while kill -0 "$LOAD_PID" 2>/dev/null; do
    h=$(health); echo "$(echo "$h" | hf lagBytes) $(echo "$h" | hf lagSeconds) $(echo "$h" | hf side)" >> "$WORK/applag.txt"; sleep 0.1
  done ) &
APPLAG_PID=$!
while kill -0 "$LOAD_PID" 2>/dev/null; do
  echo "$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $LEADER" "$URL/dashboard")" >> "$WORK/reads.txt"
  sleep 0.2
done
wait "$LOAD_PID" || { cat "$WORK/load.out" >&2; die "load client"; }
kill "$LAG_PID" 2>/dev/null || true; wait "$LAG_PID" 2>/dev/null || true; wait "$APPLAG_PID" || true
awk 'NF == 2' "$WORK/lag.raw" > "$WORK/lag.txt"
cat "$WORK/load.out" >&2
put lag_samples "$(wc -l < "$WORK/lag.txt")"
put lag_bytes_min_median_max "$(stats "$WORK/lag.txt" 1)"
put lag_seconds_min_median_max "$(stats "$WORK/lag.txt" 2)"
put app_lag_bytes_min_median_max "$(stats "$WORK/applag.txt" 1)"
put app_lag_seconds_min_median_max "$(stats "$WORK/applag.txt" 2)"
put app_side_during_load "$(awk '{print $3}' "$WORK/applag.txt" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
put dashboard_during_load "$(awk '{print $1}' "$WORK/reads.txt" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
put dashboard_seconds_min_median_max "$(stats "$WORK/reads.txt" 2)"
put replica_reads_during_load $(( $(health | hf replicaReads) - R0 ))
grep -qv '^200 ' "$WORK/reads.txt" && die "a dashboard read under load was not 200"

# ---------------------------------------------------------------- (a) replay paused
say "(a) pausing replay on the replica; a writer goes on (a complaint every 0.2 s)"
( while :; do curl -s -o /dev/null -H "Authorization: Bearer $HANDLER" -H 'Content-Type: application/json' -d "$(complaint_json 写入负载 650103)" "$URL/api/complaints"; sleep 0.2; done ) &
WRITER_PID=$!
su_psql "$RPORT" -c "select pg_wal_replay_pause()" >/dev/null
v=$(wait_reads side primary $(( MAX_LAG + 30 ))) || die "reads stayed on a paused replica"; put pause_to_primary_ms "$v"
put state_when_paused "$(health | hf state), lag $(health | hf lagSeconds) s"
P0=$(health | hf primaryReads); R0=$(health | hf replicaReads)
# A case and a unit registered now: on their lists at once (from the primary), not yet on the replica.
CASE=$(curl -fs -H "Authorization: Bearer $HANDLER" -H 'Content-Type: application/json' -d "$(complaint_json "READS-$RUN" 650102)" "$URL/api/complaints" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
[ -n "$CASE" ] || die "no complaint created"
UNIT="READS-$RUN"
ust=$(curl -s -o "$WORK/unit.body" -w '%{http_code}' -H "Authorization: Bearer $LEADER" -H 'Content-Type: application/json' \
  -d '{"name":"'"$UNIT"'","kind":"organ","jurisdictionId":"650102","creditCode":"'"$(credit_code "91650102MA$(printf '%07d' $(( RANDOM * RANDOM % 10000000 )))")"'"}' "$URL/api/units")
[ "$ust" = 201 ] || [ "$ust" = 200 ] || die "unit registration answered $ust: $(head -c 300 "$WORK/unit.body")"
[ "$(get "/api/complaints?jurisdiction=650102")" = 200 ] && grep -q "$CASE" "$WORK/last.body" || die "the new case is not on the complaint list while replay is paused"
[ "$(get "/units?q=$UNIT")" = 200 ] && grep -q "$UNIT" "$WORK/last.body" || die "the new unit is not on the unit page while replay is paused"
put case_on_replica_while_paused "$(su_psql "$RPORT" -c "select count(*) from $SCHEMA.mt_doc_complaint where id = '$CASE'")"
put list_reads_while_paused "primary +$(( $(health | hf primaryReads) - P0 )), replica +$(( $(health | hf replicaReads) - R0 ))"
[ "$(( $(health | hf replicaReads) - R0 ))" = 0 ] || die "a read went to the paused replica beyond the bound"
su_psql "$RPORT" -c "select pg_wal_replay_resume()" >/dev/null
v=$(wait_reads side replica 30) || die "reads did not go back to the replica after resume"; put resume_to_replica_ms "$v"
stop_writer
R0=$(health | hf replicaReads)
[ "$(get "/units?q=$UNIT")" = 200 ] && grep -q "$UNIT" "$WORK/last.body" || die "the unit is not on the unit page from the replica"
[ "$(get "/api/complaints?jurisdiction=650102")" = 200 ] && grep -q "$CASE" "$WORK/last.body" || die "the case is not on the list from the replica"
put list_reads_after_resume "replica +$(( $(health | hf replicaReads) - R0 ))"
[ "$(( $(health | hf replicaReads) - R0 ))" -ge 2 ] || die "the lists were not read from the replica after resume"

# ---------------------------------------------------------------- (b) replica stopped
say "(b) stopping the replica; reading every page until the app has noticed, and a few rounds after"
replica_down; DOWN=$(now_ms)
: > "$WORK/down.txt"; noticed=""; rounds=0
while [ "$rounds" -lt 3 ] && [ $(( $(now_ms) - DOWN )) -lt 30000 ]; do
  for p in $PAGES; do echo "$p $(get "$p")" >> "$WORK/down.txt"; done
  if [ -z "$noticed" ] && [ "$(health | hf state)" = unreachable ]; then noticed=$(( $(now_ms) - DOWN )); fi
  [ -n "$noticed" ] && rounds=$((rounds + 1))
done
put stop_to_unreachable_ms "${noticed:-never}"
put pages_while_replica_down "$(awk '{print $2}' "$WORK/down.txt" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
awk '$2 != 200' "$WORK/down.txt" | head -5 >&2
awk '$2 != 200 {bad=1} END {exit bad}' "$WORK/down.txt" || die "a page did not answer 200 while the replica was down"
[ -n "$noticed" ] || die "the app never reported the replica unreachable"
replica_up || die "the replica did not start again"
UP=$(now_ms)
v=$(wait_reads side replica 60) || die "reads did not go back to the replica after it started"; put start_to_replica_ms "$v"
R0=$(health | hf replicaReads)
for p in $PAGES; do st=$(get "$p"); [ "$st" = 200 ] || die "GET $p answered $st after the replica was back"; done
put page_reads_after_restart "replica +$(( $(health | hf replicaReads) - R0 ))"
[ "$(( $(health | hf replicaReads) - R0 ))" -ge 1 ] || die "no page was read from the replica after it started again"
put app_log_fallback_lines "$(count_log 'Reads fall back to the primary' app)"
put app_log_replica_lines "$(count_log 'Reads are served from the replica' app)"
# Errors of requests (the load's backdated complaints make deadline checks race; Wolverine retries those: not counted).
put app_log_request_errors "$(grep '"@l":"Error"' "$WORK/app.log" | grep -vc 'Failed to process message' || true)"
put app_log_message_retry_errors "$(grep '"@l":"Error"' "$WORK/app.log" | grep -c 'Failed to process message' || true)"
kill -0 "${APP_PIDS[app]}" 2>/dev/null || die "the app died"

r() { grep -h "^$1=" "$RESULTS" | tail -1 | cut -d= -f2-; }
{
  echo "Read replica drill, $(date -u '+%Y-%m-%d %H:%M UTC'), \`ops/faults/read-replica.sh $*\`, $(nproc) cores, bound $MAX_LAG s"
  echo
  echo "| step | figure |"
  echo "|---|---|"
  echo "| pg_basebackup -R of the cluster ($(r basebackup_mb) MB) | $(r basebackup_ms) ms; replica $(r replica_state) |"
  echo "| reads on the replica after the app was ready | $(r reads_on_replica_after_ready_ms) ms |"
  echo "| write load | $(grep -h '^load_acked=' "$RESULTS" | cut -d= -f2) commands acknowledged by $CLIENTS writers in $SECONDS_LOAD s ($(grep -h '^load_rate=' "$RESULTS" | cut -d= -f2) /s) |"
  echo "| replication lag, bytes (min / median / max, $(r lag_samples) samples of pg_stat_replication) | $(r lag_bytes_min_median_max) |"
  echo "| replication lag, seconds (replay_lag) | $(r lag_seconds_min_median_max) |"
  echo "| lag as the app's probe saw it (/health/ready), bytes | $(r app_lag_bytes_min_median_max) |"
  echo "| lag as the app's probe saw it, seconds | $(r app_lag_seconds_min_median_max) |"
  echo "| read side during the load | $(r app_side_during_load); $(r replica_reads_during_load) reads on the replica |"
  echo "| /dashboard during the load | $(r dashboard_during_load); $(r dashboard_seconds_min_median_max) s |"
  echo "| (a) replay paused → reads on the primary | after $(r pause_to_primary_ms) ms ($(r state_when_paused)) |"
  echo "| (a) a case and a unit registered while paused | on their lists at once; on the replica: $(r case_on_replica_while_paused); reads $(r list_reads_while_paused) |"
  echo "| (a) replay resumed → reads on the replica | after $(r resume_to_replica_ms) ms; both on their lists from it ($(r list_reads_after_resume)) |"
  echo "| (b) replica stopped → noticed | after $(r stop_to_unreachable_ms) ms; pages meanwhile: $(r pages_while_replica_down) |"
  echo "| (b) replica started → reads on it | after $(r start_to_replica_ms) ms; pages $(r page_reads_after_restart) |"
  echo "| app log | $(r app_log_fallback_lines) × \"Reads fall back to the primary\", $(r app_log_replica_lines) × \"Reads are served from the replica\"; $(r app_log_request_errors) request errors |"
} | tee "$WORK/summary.md"
say "PROVED: reads served from a streaming replica within $MAX_LAG s of the primary; a paused replica was left within the bound, a stopped one at once, every page 200 from the primary meanwhile, and reads went back to the replica when it was current again (figures in $RESULTS)"
