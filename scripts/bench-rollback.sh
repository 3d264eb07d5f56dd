#!/usr/bin/env bash
# Prints the wall time of whole `olympus traffic-rollback` processes against
# the Cloud Run emulator with no added latency: RUNS rollbacks (default 15),
# each a real traffic move, median and worst. Usage: make bench.
set -euo pipefail
# The emulator answers at once: poll it every 5 ms, not as production does.
export OLYMPUS_TEST_TIMING=5ms
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
go build -o bin/olympus ./cmd/olympus
go build -o bin/runemu ./internal/testbed/cmd/runemu
work=$(mktemp -d)
bin/runemu -root "$work/store" -seed 3 >"$work/addr" &
emu=$!
trap 'kill $emu 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/addr" ] && break; sleep 0.1; done
addr=$(cat "$work/addr")
revs=($(ls "$work/store/services" >/dev/null && python3 -c "import json,sys; print(' '.join(r['name'] for r in json.load(open('$work/store/services/olympus-api.json'))['revisions']))"))
times=()
for i in $(seq "$runs"); do
  target=${revs[$(( i % 2 ))]}
  t0=$(date +%s%N)
  (cd "$work" && "$OLDPWD/bin/olympus" traffic-rollback --project olympus-dev-7d1e --service olympus-api \
     --to-revision "$target" --reason bench --run-endpoint "$addr" >/dev/null 2>&1)
  t1=$(date +%s%N)
  times+=($(( (t1 - t0) / 1000000 )))
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" '{a[NR]=$1} END {printf "traffic-rollback, %d runs against the emulator: median %d ms, worst %d ms (target <= 50 ms)\n", n, a[int((NR+1)/2)], a[NR]}'
