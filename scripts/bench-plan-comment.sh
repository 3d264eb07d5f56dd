#!/usr/bin/env bash
# Prints the time and memory of plan-comment on two plans:
#  - a real 10,000-resource plan (about 11 MB of `terraform show -json`),
#    made with terraform and the test bed's localcloud provider, beside
#    `terraform show` rendering the same saved plan as text;
#  - a synthetic 100,000-resource plan (about 250 MB): a real plan of 100
#    services (no-op, update, replace, delete, create, drift, sensitive
#    values, prior state, planned values, configuration, as terraform writes
#    them) with each resource's entries copied 1,000 times under new keys
#    (see internal/steps/plancomment/bench_synth_test.go). Terraform would take
#    hours to plan 100,000 resources with the local provider.
# Then the whole `olympus plan-comment --plan-json` process on each, without
# the repository's policies (scripts/bench-policy.sh measures those): wall
# time and peak RSS (median of 3 runs after a warm-up), the JSON's size and
# RSS/JSON. Targets for 100,000 resources: <= 3 s wall, RSS <= 2.5x the
# JSON. The plans are made once (about 3 minutes) and kept in .cache/bench.
# Usage: make bench.
set -euo pipefail
cd "$(dirname "$0")/.."
export OLYMPUS_BENCH_DIR=$PWD/.cache/bench
mkdir -p "$OLYMPUS_BENCH_DIR"
go test ./internal/steps/plancomment -run '^$' -bench 'PlanComment$' -benchtime 5x -benchmem | tee "$OLYMPUS_BENCH_DIR/bench.txt"
awk '/render-/ {r=$3} /terraform-show-text-/ {s=$3} END {
  printf "render %.3f s, terraform show (text) %.3f s: %.1fx faster\n", r/1e9, s/1e9, s/r }' "$OLYMPUS_BENCH_DIR/bench.txt"
go test ./internal/steps/plancomment -run '^$' -bench 'PlanComment100k$' -benchtime 3x -benchmem | tee "$OLYMPUS_BENCH_DIR/bench-100k.txt"

go build -o bin/olympus ./cmd/olympus
# process LABEL FILE: the whole step on one plan, from outside.
process() {
  local label=$1 file=$2 times=$OLYMPUS_BENCH_DIR/time.txt
  : >"$times"
  bin/olympus plan-comment --plan-json "$file" --environments dev --policy-path none >/dev/null 2>&1 || true # warm-up: the file in the page cache
  for _ in 1 2 3; do
    /usr/bin/time -a -o "$times" -f "%e %M %U %S" bin/olympus plan-comment --plan-json "$file" --environments dev --policy-path none >/dev/null 2>&1 || true
  done
  median() { awk -v col="$1" '{print $col}' "$times" | sort -n | sed -n 2p; }
  local wall rss cpu size
  wall=$(median 1) rss=$(median 2) cpu=$(awk '{print $3+$4}' "$times" | sort -n | sed -n 2p) size=$(stat -c %s "$file")
  awk -v label="$label" -v wall="$wall" -v rss="$rss" -v cpu="$cpu" -v size="$size" \
    -v lo="$(sort -n "$times" | head -1 | cut -d' ' -f1)" -v hi="$(sort -n "$times" | tail -1 | cut -d' ' -f1)" 'BEGIN {
    printf "olympus plan-comment --plan-json (%s): %.2f s wall (runs %.2f-%.2f s; %.2f s cpu), %.0f MB peak RSS, %.1f MB JSON, RSS/JSON %.2f\n",
      label, wall, lo, hi, cpu, rss*1024/1e6, size/1e6, rss*1024/size }'
}
process "10,000 resources, real" "$OLYMPUS_BENCH_DIR/plan.json"
process "100,000 resources, synthetic" "$OLYMPUS_BENCH_DIR/plan-100k.json"
echo "targets for 100,000 resources: <= 3 s wall, RSS/JSON <= 2.5; load average while measured: $(cut -d' ' -f1-3 /proc/loadavg)"
