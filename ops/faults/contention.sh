#!/usr/bin/env bash
# Contention on one case: W concurrent writers send a command with the same expected version, round after round, on a
# rectification (correction reports) and on an inspection (hazards, each with its own Idempotency-Key). Exactly one per
# round succeeds; every other one gets 409 stale_version with the winner's version and writes nothing (the rectification
# its hazard would have opened does not exist). Finally the inline snapshots (what the API reads) equal a replay of each
# stream with AggregateStreamAsync, and the API shows the stream's version.
#   ops/faults/contention.sh           20 writers, 5 rounds per case
#   ops/faults/contention.sh --quick   20 writers, 2 rounds per case
# Env: SUPERVISION_PG_PORT, FAULTS_PORT (5183), FAULTS_WRITERS (20), FAULTS_NO_BUILD=1
FAULT=contention
source "$(dirname "$0")/lib.sh"
ROUNDS=5; [ "${1:-}" = "--quick" ] && ROUNDS=2
WRITERS="${FAULTS_WRITERS:-20}"
PORT="${FAULTS_PORT:-5183}"; SCHEMA=faults_contention; URL="http://127.0.0.1:$PORT"
trap stop_all_apps EXIT
build_all
fresh_schema "$SCHEMA"
put command "ops/faults/contention.sh $*"
start_app app "$PORT" "$SCHEMA"
put cold_start_ms "$(wait_ready app "$PORT")"
say "$WRITERS writers × $ROUNDS rounds on a rectification and on an inspection"
faults contention --url "$URL" --cs "$CS" --schema "$SCHEMA" --writers "$WRITERS" --rounds "$ROUNDS" || die "contention (see above)"
errors=$(grep -c '"@l":"Error"' "$WORK/app.log" || true)
put app_error_log_lines "$errors"
[ "$errors" -eq 0 ] || { grep '"@l":"Error"' "$WORK/app.log" | head -5 >&2; die "the app logged errors (a conflict is a refusal, not a fault)"; }
say "PROVED: $((ROUNDS * 2)) rounds × $WRITERS writers on one version: one winner per round, the rest 409 stale_version, nothing written by losers, snapshots equal replays"
