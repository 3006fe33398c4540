#!/usr/bin/env bash
# Lints the OpenAPI document with @redocly/cli and @stoplight/spectral-cli (issue 14 §4): 0 errors each.
#   ops/openapi/lint.sh [openapi.json]   (default: the document the contract test wrote)
# The linters are installed from the npm registry into .data/lint (once; npm's cache makes later installs fast).
# Prints one line per linter: "[lint] redocly: passed (N warnings)" or FAILED with its report; exit 1 on any error.
source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
doc="${1:-tests/Supervision.IntegrationTests/bin/Release/net10.0/openapi.json}"
doc="$(realpath -m "$doc")"
[ -f "$doc" ] || { echo "[lint] no OpenAPI document at $doc (run the integration tests first)" >&2; exit 1; }
tools="$REPO_ROOT/.data/lint"
if [ ! -x "$tools/node_modules/.bin/redocly" ] || [ ! -x "$tools/node_modules/.bin/spectral" ]; then
  command -v npm >/dev/null || { echo "[lint] npm is not installed" >&2; exit 1; }
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent @redocly/cli@2.77.0 @stoplight/spectral-cli@6.16.3 >"$tools/npm.log" 2>&1 \
    || { echo "[lint] npm install failed:" >&2; tail -20 "$tools/npm.log" >&2; exit 1; }
fi
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
status=0
rc=0; out=$("$tools/node_modules/.bin/redocly" lint "$doc" --config ops/openapi/redocly.yaml --format=stylish 2>&1) || rc=$?
warnings=$(echo "$out" | grep -c ' warning ' || true)
if [ $rc -eq 0 ]; then echo "[lint] redocly: passed ($warnings warnings)"; else echo "[lint] redocly: FAILED"; echo "$out" | grep -vE '║|╔|╚' >&2; status=1; fi
rc=0; out=$(cd ops/openapi && "$tools/node_modules/.bin/spectral" lint "$doc" --ruleset .spectral.yaml --fail-severity error 2>&1) || rc=$?
warnings=$(echo "$out" | grep -c ' warning ' || true)
if [ $rc -eq 0 ]; then echo "[lint] spectral: passed ($warnings warnings)"; else echo "[lint] spectral: FAILED"; echo "$out" >&2; status=1; fi
exit $status
