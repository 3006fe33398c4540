#!/usr/bin/env bash
# Runs the whole test suite: private PostgreSQL up, its own test database (each run its own
# schema, dropped afterwards), build once, every test project. Ends with "N passed, N failed".
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

"$REPO_ROOT/ops/pg-up.sh" supervision_test
export SUPERVISION_TEST_CONNECTION="$(connection_string supervision_test)"

# The browser tests (tests/Supervision.BrowserTests) drive the system's Chromium (no browser download);
# the Chinese pages need CJK fonts. Install both when missing; refresh the package lists only if that fails.
if [ ! -x /usr/bin/chromium ] || [ -z "$(fc-list :lang=zh 2>/dev/null || true)" ]; then
  echo "[test] installing chromium and fonts-noto-cjk for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null \
    || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; } \
    || echo "[test] could not install chromium/fonts-noto-cjk: the browser tests will fail" >&2
fi

results="$REPO_ROOT/.data/test-results"
rm -rf "$results"; mkdir -p "$results"

dotnet build Supervision.sln -c Release -nologo -v:q -clp:ErrorsOnly
status=0
dotnet test Supervision.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# Totals across all projects, from the TRX files.
passed=0; failed=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); f_=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f_:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a crash or build error counts as a failure
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
