#!/usr/bin/env bash
# Two app nodes (Supervision:Nodes=Multi: Wolverine-managed projection distribution, DurabilityMode.Balanced) sharing
# the private PostgreSQL, behind a private nginx on 127.0.0.1:5188 (ops/deploy/nginx.local.conf). Proves:
#  - writes through nginx reach both nodes (nginx access log, by upstream);
#  - each async projection and the durable scheduled-work agent run on exactly one node (wolverine_node_assignments,
#    sampled every 0.5 s), and the dashboard counts every event once (no projection applied twice);
#  - every deadline that falls due (backdated complaints: both clocks due at once) fires exactly once;
#  - kill -9 of the node running the scheduled work: the other node takes over its agents (time measured), the
#    clients' retries go through, nothing acknowledged is lost, nothing twice, deadlines still fire once.
#   ops/faults/two-nodes.sh           4 clients, 45 s of writes, kill at 15 s
#   ops/faults/two-nodes.sh --quick   2 clients, 25 s, kill at 8 s
# Env: SUPERVISION_PG_PORT, FAULTS_NO_BUILD=1. Ports: nodes 5184 and 5185, nginx 5188 (fixed in nginx.local.conf).
FAULT=two-nodes
source "$(dirname "$0")/lib.sh"
CLIENTS=4; SECONDS_LOAD=45; KILL_AT=15
[ "${1:-}" = "--quick" ] && { CLIENTS=2; SECONDS_LOAD=25; KILL_AT=8; }
SCHEMA=faults_nodes; URL="http://127.0.0.1:5188"
declare -A PORT=([n1]=5184 [n2]=5185)
NGINX_PID=""; SAMPLER_PID=""
cleanup() {
  touch "$WORK/sampler.stop"
  [ -n "$NGINX_PID" ] && { kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null; }
  stop_all_apps
}
trap cleanup EXIT
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  say "installing nginx (apt-get)"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null \
    || { $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null; } || die "apt-get install nginx"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
build_all
fresh_schema "$SCHEMA"
put command "ops/faults/two-nodes.sh $*"
STALE="${FAULTS_STALE_NODE_SECONDS:-20}"
NODE_ENV=(Supervision__Nodes=Multi Supervision__ForwardedHeaders__Enabled=true Serilog__MinimumLevel__Override__Wolverine=Information
  Supervision__Durability__HealthCheckSeconds=5 Supervision__Durability__StaleNodeSeconds="$STALE")
put stale_node_seconds "$STALE"

# One node creates the schema and the demo data; the second starts against it.
start_app n1 5184 "$SCHEMA" "${NODE_ENV[@]}"
put n1_start_ms "$(wait_ready n1 5184)"
ID_N1=$(psql_f -c "select id from $SCHEMA.wolverine_nodes")
start_app n2 5185 "$SCHEMA" "${NODE_ENV[@]}"
put n2_start_ms "$(wait_ready n2 5185)"
ID_N2=$(psql_f -c "select id from $SCHEMA.wolverine_nodes where id <> '$ID_N1'")
[ -n "$ID_N1" ] && [ -n "$ID_N2" ] || die "the nodes did not register in wolverine_nodes"
node_name() { case "$1" in "$ID_N1") echo n1 ;; "$ID_N2") echo n2 ;; *) echo "?$1" ;; esac; }

mkdir -p "$WORK/nginx/tmp"; cp ops/deploy/nginx.local.conf "$WORK/nginx/nginx.conf"
[ "$(id -u)" -eq 0 ] && chown -R nobody "$WORK/nginx/tmp" 2>/dev/null || true
"$NGINX" -p "$WORK/nginx/" -c nginx.conf -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null "$URL/health/ready" && break; sleep 0.1; done
curl -fs -o /dev/null "$URL/health/ready" || die "nginx on 5188 does not reach the nodes ($WORK/nginx/error.log)"

AGENTS_SQL="select a.id, a.node_id from $SCHEMA.wolverine_node_assignments a order by a.id"
agents() { psql_f -F ' ' -c "$AGENTS_SQL" | grep -E '^(event-subscriptions|wolverinedb)://' ; }
say "waiting for the leader to assign the projections and the scheduled-work agent"
t0=$(now_ms)
while [ "$(agents | wc -l)" -lt 4 ]; do
  [ $(( $(now_ms) - t0 )) -gt 90000 ] && { psql_f -c "$AGENTS_SQL" >&2; die "agents not assigned after 90 s"; }
  sleep 0.5
done
put assignment_after_second_node_ms $(( $(now_ms) - t0 ))
echo "  assignments:" >&2; agents | while read -r agent node; do echo "    $(node_name "$node")  $agent" >&2; done

# Sample the assignments every 0.5 s for the whole run: each agent must be on one node at every sample.
( while [ ! -f "$WORK/sampler.stop" ]; do ts=$(now_ms); psql_f -F ' ' -c "$AGENTS_SQL" 2>/dev/null | sed "s/^/$ts /" >> "$WORK/assignments.txt"; sleep 0.5; done ) &
SAMPLER_PID=$!

RUN="nodes$(date +%s)"
say "load through nginx: $CLIENTS clients for $SECONDS_LOAD s; kill -9 of the scheduled-work node at $KILL_AT s"
faults load --url "$URL" --clients "$CLIENTS" --seconds "$SECONDS_LOAD" --log "$WORK/client.log" --run "$RUN" > "$WORK/load.out" 2>&1 &
LOAD_PID=$!
for _ in $(seq 1 600); do grep -q '"t":"ack"' "$WORK/client.log" 2>/dev/null && break; sleep 0.1; done
sleep "$KILL_AT"
before_kill=$(wc -l < "$WORK/nginx/access.log")
VICTIM_ID=$(psql_f -c "select node_id from $SCHEMA.wolverine_node_assignments where id like 'wolverinedb://%'")
VICTIM=$(node_name "$VICTIM_ID"); SURVIVOR=n1; SURVIVOR_ID=$ID_N1; [ "$VICTIM" = n1 ] && { SURVIVOR=n2; SURVIVOR_ID=$ID_N2; }
put victim "$VICTIM (ran: $(agents | awk -v v="$VICTIM_ID" '$2 == v {a = $1; if (a ~ /^wolverinedb/) a = "scheduled-work"; else {sub(/\/all$/, "", a); sub(/.*\//, "", a)}; printf "%s ", a}'))"
kill9_app "$VICTIM"; KILL_MS=$(now_ms)
say "kill -9 $VICTIM; waiting for $SURVIVOR to run every agent"
while agents | awk -v s="$SURVIVOR_ID" '$2 != s {bad=1} END {exit bad ? 0 : 1}' || [ "$(agents | wc -l)" -lt 4 ]; do
  [ $(( $(now_ms) - KILL_MS )) -gt 180000 ] && { agents >&2; die "$SURVIVOR did not take over within 180 s"; }
  sleep 0.5
done
put takeover_ms $(( $(now_ms) - KILL_MS ))
echo "  after the kill:" >&2; agents | while read -r agent node; do echo "    $(node_name "$node")  $agent" >&2; done

wait "$LOAD_PID" || { cat "$WORK/load.out" >&2; die "load client"; }
cat "$WORK/load.out" >&2
touch "$WORK/sampler.stop"; wait "$SAMPLER_PID" 2>/dev/null; SAMPLER_PID=""

# Both nodes served writes before the kill (nginx's upstream column).
head -n "$before_kill" "$WORK/nginx/access.log" | grep '"POST /api/' | awk '{print $(NF-2)}' | sort | uniq -c > "$WORK/upstreams.txt"
put posts_per_node_before_kill "$(awk '{printf "%s×%s ", $2, $1}' "$WORK/upstreams.txt")"
[ "$(wc -l < "$WORK/upstreams.txt")" -ge 2 ] || die "writes did not reach both nodes"
# Every sample: each agent exactly once.
dups=$(awk '{print $1, $2}' "$WORK/assignments.txt" | sort | uniq -d | wc -l)
put assignment_samples "$(awk '{print $1}' "$WORK/assignments.txt" | sort -u | wc -l)"
put agent_on_two_nodes_in_a_sample "$dups"
[ "$dups" -eq 0 ] || die "an agent was assigned twice in one sample"
put agent_moves "$(awk '$2 ~ /^(event-subscriptions|wolverinedb)/ {print $2, $3}' "$WORK/assignments.txt" | sort -u | awk '{n[$1]++} END {for (a in n) if (n[a] > 1) c++; print c+0}') agents moved node"
# Each node's own log: when it took the lead and started agents (n1 runs everything alone until n2 joins and the
# leader hands n2 its share; after the kill n1 takes n2's share back). Only the lines a node logs about itself: the
# leader's "Successfully started agents [...] on node N" names the leader's number, not the node that started them.
for n in n1 n2; do
  grep -ho '"@t":"[^"]*","@m":"\(Successfully started agent [^"]* on Node [0-9]*\|Node [0-9]* ([^)]*) successfully assumed leadership\)' "$WORK/$n.log" \
    | sed -E "s/^\"@t\":\"[0-9-]+T([0-9:.]{12})[^\"]*\",\"@m\":\"/\1 $n /; s#event-subscriptions://marten/main/[^/]*/##g; s#wolverinedb://[^ ,]*#scheduled-work#g; s#/all##g"
done | sort > "$WORK/agents-timeline.txt"
echo "  agent timeline (node logs):" >&2; sed 's/^/    /' "$WORK/agents-timeline.txt" >&2
KILL_HMS=$(date -u -d "@$((KILL_MS / 1000)).$(printf %03d $((KILL_MS % 1000)))" +%H:%M:%S.%3N)
twice=$(awk -v k="$KILL_HMS" '$1 < k && $3 == "Successfully" {print $6, $2}' "$WORK/agents-timeline.txt" | sort -u | awk '{n[$1]++} END {for (a in n) if (n[a] > 1) c++; print c+0}')
put agents_started_on_two_nodes_before_kill "$twice"
[ "$twice" -eq 0 ] || die "an agent was started on both nodes while both were alive"

say "checking: client log against the store, deadlines once, projections caught up, dashboard counts each event once"
faults check --cs "$CS" --schema "$SCHEMA" --log "$WORK/client.log" --timeout 120 --fault-end-ms "$KILL_MS" || die "check (see above)"
faults probe --url "$URL" --timeout 30 || die "the dashboard does not reflect new writes after the takeover"
say "PROVED: 2 nodes behind nginx, each agent on one node, $VICTIM killed and $SURVIVOR took over in $(grep takeover_ms "$RESULTS" | cut -d= -f2) ms; $(grep -c '"t":"ack"' "$WORK/client.log") acknowledged (+$(grep -c '"t":"inferred"' "$WORK/client.log") inferred) commands checked (figures in $RESULTS)"
