#!/usr/bin/env bash
# Prints the time and memory of plan-comment on a real 10,000-resource plan
# (about 10 MB of `terraform show -json`) beside `terraform show` rendering
# the same saved plan as text, in one run; then the peak RSS of the whole
# olympus process rendering it. The plan is made once (about 2 minutes) and
# kept in .cache/bench. Usage: make bench.
set -euo pipefail
cd "$(dirname "$0")/.."
export OLYMPUS_BENCH_DIR=$PWD/.cache/bench
mkdir -p "$OLYMPUS_BENCH_DIR"
go test ./internal/plancomment -run '^$' -bench PlanComment -benchtime 5x -benchmem | tee "$OLYMPUS_BENCH_DIR/bench.txt"
awk '/render-/ {r=$3} /terraform-show-text-/ {s=$3} END {
  printf "render %.3f s, terraform show (text) %.3f s: %.1fx faster\n", r/1e9, s/1e9, s/r }' "$OLYMPUS_BENCH_DIR/bench.txt"
go build -o bin/olympus ./cmd/olympus
/usr/bin/time -f "olympus plan-comment --plan-json (10,000 resources): %e s wall, %M KB peak RSS" \
  bin/olympus plan-comment --plan-json "$OLYMPUS_BENCH_DIR/plan.json" --environments dev >/dev/null 2>"$OLYMPUS_BENCH_DIR/rss.txt" || true
tail -1 "$OLYMPUS_BENCH_DIR/rss.txt"
