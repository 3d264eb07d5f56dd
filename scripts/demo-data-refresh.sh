#!/usr/bin/env bash
# The demo's last scene: staging refreshed from production's backup,
# sanitized and proven sanitized, against the SQL Admin API emulator (no
# account) with each instance's data in a real PostgreSQL (Debian's
# postgresql: initdb and pg_ctl). Production's database holds fake people
# (examples/data-refresh/prod-seed.sql); the sanitization is
# examples/data-refresh/sanitize/. The summary shows the verification
# table; the record is written to the directory given (default .cache).
set -euo pipefail
# The emulator answers at once: poll it every 5 ms, not as production does.
export OLYMPUS_TEST_TIMING=5ms
cd "$(dirname "$0")/.."
out=${1:-.cache/data-refresh}
mkdir -p "$out" bin
go build -o bin/sqlemu ./internal/testbed/cmd/sqlemu
[ -x bin/olympus ] || go build -o bin/olympus ./cmd/olympus
url_file=$(mktemp)
bin/sqlemu -refresh -seed examples/data-refresh/prod-seed.sql -rows "${ROWS:-1000}" -slow 200ms >"$url_file" &
emu=$!
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null; rm -f "$url_file"' EXIT
for _ in $(seq 600); do [ -s "$url_file" ] && break; kill -0 $emu 2>/dev/null || exit 1; sleep 0.1; done
url=$(cat "$url_file")
olympus=$PWD/bin/olympus
sanitize=$PWD/examples/data-refresh/sanitize

echo "== olympus data-refresh (prod → staging)   (SQL Admin emulator at $url, PostgreSQL behind it)" >&2
(cd "$out" && "$olympus" data-refresh --source-project olympus-prod-9c3f --target-project olympus-staging-4b2a \
   --service-account data-refresh@olympus-staging-4b2a.iam.gserviceaccount.com --sanitize-path "$sanitize" \
   --reason "demo: weekly refresh" --sql-endpoint "$url")
echo "The data-refresh record is in $out/." >&2
