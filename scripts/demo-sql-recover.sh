#!/usr/bin/env bash
# The demo's last scene: a Cloud SQL point-in-time recovery, against the
# SQL Admin API emulator (no account). It shows the instance's recovery
# window (check mode), then recovers a time inside it into a new instance;
# the incident record is written to the directory given (default .cache).
# The instance is the one the demo's deploy just created, olympus-db-dev.
set -euo pipefail
# The emulator answers at once: poll it every 5 ms, not as production does.
export OLYMPUS_TEST_TIMING=5ms
cd "$(dirname "$0")/.."
out=${1:-.cache/sql-recover}
mkdir -p "$out" bin
go build -o bin/sqlemu ./internal/testbed/cmd/sqlemu
[ -x bin/olympus ] || go build -o bin/olympus ./cmd/olympus
url_file=$(mktemp)
bin/sqlemu -project olympus-dev-7d1e -instance olympus-db-dev -slow 300ms >"$url_file" &
emu=$!
trap 'kill $emu 2>/dev/null; rm -f "$url_file"' EXIT
for _ in $(seq 50); do [ -s "$url_file" ] && break; sleep 0.1; done
url=$(cat "$url_file")
olympus=$PWD/bin/olympus
at=$(date -u -d '-90 minutes' +%Y-%m-%dT%H:%M:00Z)

echo "== olympus sql-recover --mode check --instance olympus-db-dev   (SQL Admin emulator at $url)" >&2
(cd "$out" && "$olympus" sql-recover --mode check --project olympus-dev-7d1e --instance olympus-db-dev --sql-endpoint "$url")

echo "== olympus sql-recover --instance olympus-db-dev --point-in-time $at" >&2
(cd "$out" && "$olympus" sql-recover --project olympus-dev-7d1e --instance olympus-db-dev --point-in-time "$at" \
   --reason "demo: orders deleted by a bad job" --sql-endpoint "$url")
echo "The incident record is in $out/." >&2
