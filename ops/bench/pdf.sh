#!/usr/bin/env bash
# Speed of documents as PDF (issue 13 §4, §5), against the app in Production mode on loopback:
#   issuing a document with its PDF (POST …/order + the first GET …/{number}.pdf), a stored PDF, and a case file of 30 documents;
#   and (issue 13 §3) uploading 10 MiB files with the app's memory growth during them (UPLOAD_N=10).
#   ops/bench/pdf.sh            (PDF_N=40 issues, PDF_STORED_N=200 stored reads, PDF_FILE_N=5 case files)
# Uses database supervision_bench, schema pdf_bench (dropped first), app port 5097. Prints key=value lines
# (also in .data/bench/pdf.env). Build first: dotnet build -c Release, and the bench project (below).
source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
APP_DLL="src/Supervision.Web/bin/Release/net10.0/Supervision.Web.dll"
BENCH_DLL="ops/bench/Supervision.Bench/bin/Release/net10.0/Supervision.Bench.dll"
WORK="$REPO_ROOT/.data/bench"; mkdir -p "$WORK"
ensure_pdf_font
dotnet build ops/bench/Supervision.Bench -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
"$REPO_ROOT/ops/pg-up.sh" supervision_bench >/dev/null 2>&1
export PGPASSWORD="$PG_APP_PASSWORD"
"$(pg_bin_dir)/psql" -h "$PGHOST_ADDR" -p "$PGPORT" -U "$PG_APP_USER" -d supervision_bench -qAt -c "drop schema if exists pdf_bench cascade" 2>/dev/null
CS="$(connection_string supervision_bench)"
ConnectionStrings__Marten="$CS" Supervision__Schema=pdf_bench Supervision__SeedDemoData=true Supervision__AllowDemoUsersOutsideDevelopment=true ASPNETCORE_ENVIRONMENT=Production \
  Supervision__KeyDirectory="$WORK/keys" Jwt__SigningKey="bench-only-signing-key-0123456789abcdef0123456789" \
  dotnet "$APP_DLL" --urls http://127.0.0.1:5097 --contentRoot "$REPO_ROOT/src/Supervision.Web" > "$WORK/pdf-app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -fs -o /dev/null http://127.0.0.1:5097/health/ready && break; sleep 0.1; done
: > "$WORK/pdf.env"
dotnet "$BENCH_DLL" pdf --url http://127.0.0.1:5097 --cs "$CS" --schema pdf_bench --n "${PDF_N:-40}" --stored-n "${PDF_STORED_N:-200}" \
  --file-n "${PDF_FILE_N:-5}" --results "$WORK/pdf.env"
dotnet "$BENCH_DLL" upload --url http://127.0.0.1:5097 --app-pid "$APP" --upload-n "${UPLOAD_N:-10}" --photo-n "${PHOTO_N:-5}" --video-mib "${VIDEO_MIB:-500}" --work "$WORK" --results "$WORK/pdf.env"
