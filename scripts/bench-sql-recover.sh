#!/usr/bin/env bash
# Prints the wall time of whole `olympus sql-recover` processes against the
# SQL Admin emulator with no added latency: RUNS recoveries (default 15),
# each a real clone polled to DONE into a new instance, median and worst
# (target <= 50 ms). Usage: make bench.
set -euo pipefail
# The emulator answers at once: poll it every 5 ms, not as production does.
export OLYMPUS_TEST_TIMING=5ms
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
go build -o bin/olympus ./cmd/olympus
go build -o bin/sqlemu ./internal/testbed/cmd/sqlemu
work=$(mktemp -d)
bin/sqlemu -project olympus-prod-9c3f -instance olympus-db >"$work/url" &
emu=$!
trap 'kill $emu 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(cat "$work/url")
at=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
times=()
for i in $(seq "$runs"); do
  t0=$(date +%s%N)
  (cd "$work" && "$OLDPWD/bin/olympus" sql-recover --project olympus-prod-9c3f --instance olympus-db \
     --point-in-time "$at" --target-instance "olympus-db-bench-$i" --reason bench --sql-endpoint "$url" >/dev/null 2>&1)
  t1=$(date +%s%N)
  times+=($(( (t1 - t0) / 1000000 )))
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" '{a[NR]=$1} END {printf "sql-recover, %d recoveries against the emulator: median %d ms, worst %d ms (target <= 50 ms)\n", n, a[int((NR+1)/2)], a[NR]}'
