#!/usr/bin/env bash
# Runs every fault script in sequence (builds once), then prints a summary table of their figures
# (also written to .data/faults/summary.md). Exits non-zero if any script failed.
#   ops/faults/all.sh           full runs (about 8-10 minutes on 2 cores)
#   ops/faults/all.sh --quick   short runs (about 4-5 minutes)
# Env: SUPERVISION_PG_PORT (private cluster port), as for every ops/ script.
source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
echo "[all] building the app and the fault client (Release)" >&2
dotnet build src/Supervision.Web -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null || exit 1
dotnet build ops/faults/Supervision.Faults -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null || exit 1
export FAULTS_NO_BUILD=1
declare -A status=() seconds=()
for s in contention crash db-outage two-nodes read-replica; do
  echo "[all] ===== ops/faults/$s.sh $* =====" >&2
  t0=$(date +%s)
  if "$REPO_ROOT/ops/faults/$s.sh" "$@"; then status[$s]=passed; else status[$s]=FAILED; fi
  seconds[$s]=$(( $(date +%s) - t0 ))
done
r() { grep -h "^$2=" "$REPO_ROOT/.data/faults/$1/results.env" 2>/dev/null | tail -1 | cut -d= -f2-; }
{
  echo "Fault scripts, $(date -u '+%Y-%m-%d %H:%M UTC'), \`ops/faults/all.sh $*\`, $(nproc) cores"
  echo
  echo "| script | result | time | figures |"
  echo "|---|---|---|---|"
  echo "| contention | ${status[contention]} | ${seconds[contention]} s | $(r contention contention_rounds) rounds × $(r contention contention_writers) writers: $(r contention contention_won) won, $(r contention contention_409) × 409 stale_version, snapshot = replay, app error lines $(r contention app_error_log_lines) |"
  echo "| crash | ${status[crash]} | ${seconds[crash]} s | $(r crash kills) × kill -9 under $(r crash load_clients) clients; $(r crash load_acked) commands acknowledged ($(r crash load_rate) /s), $(r crash load_acked_after_retry) after a retry; restart to ready $(r crash kill1_restart_to_ready_ms) ms, first ack $(r crash check_recovery_ms) ms after the first kill; $(r crash check_deadlines_due) deadlines fired once; projections caught up in $(r crash check_projection_catchup_ms) ms |"
  echo "| db-outage | ${status[db-outage]} | ${seconds[db-outage]} s | PostgreSQL down $(r db-outage outage_actual_ms) ms under $(r db-outage load_clients) clients; during it: $(r db-outage probes_during_outage); $(r db-outage load_acked) commands acknowledged, client answers $(r db-outage load_statuses); ready $(r db-outage ready_again_after_db_up_ms) ms and first ack $(r db-outage check_recovery_ms) ms after PostgreSQL was back; dashboard lag after $(r db-outage probe_dashboard_lag_ms) ms |"
  echo "| two-nodes | ${status[two-nodes]} | ${seconds[two-nodes]} s | writes via nginx: $(r two-nodes posts_per_node_before_kill); agent on two nodes: $(r two-nodes agent_on_two_nodes_in_a_sample) of $(r two-nodes assignment_samples) samples; killed $(r two-nodes victim); takeover $(r two-nodes takeover_ms) ms (stale-node timeout $(r two-nodes stale_node_seconds) s); $(r two-nodes load_acked) commands acknowledged; $(r two-nodes check_deadlines_due) deadlines fired once; dashboard $(r two-nodes check_dashboard_complaintsReceived) complaints counted/stored |"
  echo "| read-replica | ${status[read-replica]} | ${seconds[read-replica]} s | replication lag under $(r read-replica load_clients) writers $(r read-replica lag_bytes_min_median_max) bytes, $(r read-replica lag_seconds_min_median_max) s (min/median/max); replay paused: reads on the primary after $(r read-replica pause_to_primary_ms) ms (bound $(r read-replica max_lag_seconds) s), back $(r read-replica resume_to_replica_ms) ms after resume; replica stopped: pages $(r read-replica pages_while_replica_down), back $(r read-replica start_to_replica_ms) ms after it started |"
} | tee "$REPO_ROOT/.data/faults/summary.md"
failed=0; for s in "${!status[@]}"; do [ "${status[$s]}" = passed ] || failed=1; done
exit $failed
