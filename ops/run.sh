#!/usr/bin/env bash
# Runs the system: private PostgreSQL up, schema applied and demo data seeded at start-up,
# API + UI on http://127.0.0.1:5080 until Ctrl-C, in the Development environment (demo users, public demo key). Safe to re-run after Ctrl-C or a crash.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

"$REPO_ROOT/ops/pg-up.sh" supervision
ensure_pdf_font # documents as PDF (lib.sh)
ensure_web_libs # the map's Leaflet, vendored from npm (lib.sh)
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# Data-protection keys (personal data in events, cookies) are kept outside the database.
export Supervision__KeyDirectory="${Supervision__KeyDirectory:-$REPO_ROOT/.data/keys}"
URL="${SUPERVISION_URL:-http://127.0.0.1:5080}"

dotnet build src/Supervision.Web -c Release -nologo -v:q -clp:ErrorsOnly
APP_DLL="src/Supervision.Web/bin/Release/net10.0/Supervision.Web.dll"
# As deployed (issue 15): the owner applies the schema and grants the app's role its rights; the app itself runs as
# supervision_app, which may read and append events and hashes but never change or delete them.
ConnectionStrings__Marten="$(connection_string supervision)" dotnet "$APP_DLL" db-apply >/dev/null
ConnectionStrings__Marten="$(connection_string supervision)" dotnet "$APP_DLL" db-grant | tail -n 1
export ConnectionStrings__Marten="$(app_connection_string supervision)"
if [ "$ASPNETCORE_ENVIRONMENT" = "Development" ]; then
  echo "[run] DEVELOPMENT mode: public demo signing key and demo users (password Demo!2026) — never expose this to a network."
  echo "[run] A deployment runs in Production with its own secret key and no demo users (ops/deploy/README.md); the app refuses to start otherwise."
fi
echo "[run] 档案监督执法案件系统 ($ASPNETCORE_ENVIRONMENT) on $URL (API docs $URL/api-docs)"
exec dotnet "$APP_DLL" --urls "$URL" --contentRoot "$REPO_ROOT/src/Supervision.Web" "$@"
