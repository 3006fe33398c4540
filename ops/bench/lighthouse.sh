#!/usr/bin/env bash
# Lighthouse accessibility (issue 14 "Done when"): the inspector's inspection page on a phone (mobile emulation) and the
# leader's dashboard on a desktop, against the app with the demo data on loopback port 5096 (Development, its own schema
# lh_bench, dropped first). Logs in through the login form with curl and hands Lighthouse the session cookie.
#   ops/bench/lighthouse.sh     → prints "lighthouse_<page>_<category>=score" lines (0–100), also in .data/bench/lighthouse.env
# Needs the machine's Node.js/npm and Debian's chromium (ops/test.sh installs it); lighthouse@12.2.3 goes into .data/lighthouse.
source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
WORK="$REPO_ROOT/.data/bench"; mkdir -p "$WORK"
TOOLS="$REPO_ROOT/.data/lighthouse"
if [ ! -x "$TOOLS/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$TOOLS" && npm install --prefix "$TOOLS" --no-audit --no-fund --silent lighthouse@12.2.3 >"$TOOLS/npm.log" 2>&1 \
    || { echo "[lighthouse] npm install failed" >&2; tail -20 "$TOOLS/npm.log" >&2; exit 1; }
fi
dotnet build src/Supervision.Web -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
"$REPO_ROOT/ops/pg-up.sh" supervision_bench >/dev/null 2>&1
export PGPASSWORD="$PG_APP_PASSWORD"
"$(pg_bin_dir)/psql" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d supervision_bench -qAt -c "drop schema if exists lh_bench cascade" 2>/dev/null
URL=http://127.0.0.1:5096
ConnectionStrings__Marten="$(connection_string supervision_bench)" Supervision__Schema=lh_bench Supervision__SeedDemoData=true ASPNETCORE_ENVIRONMENT=Development \
  dotnet src/Supervision.Web/bin/Release/net10.0/Supervision.Web.dll --urls "$URL" --contentRoot "$REPO_ROOT/src/Supervision.Web" > "$WORK/lighthouse-app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -fs -o /dev/null "$URL/health/ready" && break; sleep 0.1; done

# The session cookie of a login through the form (antiforgery token and cookie first).
session_cookie() {
  local jar; jar=$(mktemp)
  local token; token=$(curl -fs -c "$jar" -b "$jar" "$URL/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "username=$1" \
    --data-urlencode "password=Demo!2026" "$URL/login"
  awk '!/^#/ || /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s=%s; ", $6, $7 }' "$jar"
  rm -f "$jar"
}

# An inspection on site with a hazard recorded, as an inspector has it open on the phone (the demo data has users and units only).
cat > "$WORK/lighthouse-setup.py" <<'PY'
import json, sys, urllib.request, datetime
url = sys.argv[1]
def call(method, path, body=None, token=None):
    req = urllib.request.Request(url + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(req) as r: return json.load(r)
token = call("POST", "/api/auth/token", {"username": "urumqi.inspector1", "password": "Demo!2026"})["access_token"]
unit = call("GET", "/api/units?jurisdiction=650100", token=token)["items"][0]["id"]
planned = call("POST", "/api/inspections", {"unitId": unit, "focusItems": ["Art37.1", "Art37.3"], "plannedOn": str(datetime.date.today()),
               "inspectorIds": ["urumqi.inspector1", "urumqi.inspector2"]}, token)
started = call("POST", f"/api/inspections/{planned['id']}/start", {"version": planned["version"]}, token)
call("POST", f"/api/inspections/{planned['id']}/hazards", {"version": started["version"], "item": "Art38.3",
     "description": "档案库房未配置温湿度监控设备", "evidence": ["现场照片"]}, token)
print(planned["id"])
PY
inspection=$(python3 "$WORK/lighthouse-setup.py" "$URL")
[ -n "$inspection" ] || { echo "[lighthouse] no inspection in the demo data" >&2; exit 1; }

: > "$WORK/lighthouse.env"
run() { # name, user, path, form factor (mobile|desktop)
  local cookie; cookie=$(session_cookie "$2")
  local preset=(); [ "$4" = desktop ] && preset=(--preset=desktop)
  "$TOOLS/node_modules/.bin/lighthouse" "$URL$3" "${preset[@]}" --only-categories=accessibility,best-practices --output=json \
    --output-path="$WORK/lighthouse-$1.json" --quiet --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync" \
    --extra-headers="{\"Cookie\": \"$cookie\"}" >/dev/null 2>&1 || { echo "[lighthouse] $1 failed" >&2; return 1; }
  python3 - "$WORK/lighthouse-$1.json" "$1" <<'PY' | tee -a "$WORK/lighthouse.env"
import json, sys
r = json.load(open(sys.argv[1]))
print(f"lighthouse_{sys.argv[2]}_final_url={r['finalDisplayedUrl']}")
for k, c in r['categories'].items():
    print(f"lighthouse_{sys.argv[2]}_{k.replace('-', '_')}={round(c['score'] * 100)}")
for a in r['audits'].values():
    if a.get('score') is not None and a['score'] < 1 and a.get('scoreDisplayMode') == 'binary':
        print(f"lighthouse_{sys.argv[2]}_failed_audit={a['id']}")
PY
}
run inspection_mobile urumqi.inspector1 "/inspections/$inspection" mobile
run dashboard_desktop urumqi.leader "/dashboard" desktop
