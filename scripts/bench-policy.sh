#!/usr/bin/env bash
# Prints what the repository's Rego policies add to plan-comment: 200
# policies (five shapes: a type the plan does not hold, every service with
# an attribute read, a destroy of a type, an environment and a nested
# attribute, a count over the plan; deny and warn) over the real
# 10,000-resource plan (about 11 MB of `terraform show -json`, made once
# with terraform and the test bed's localcloud, kept in .cache/bench; see
# scripts/bench-plan-comment.sh).
#  - in process (go test -bench Policies200): compiling the 200 policies,
#    reading the plan into the redacted input, and the whole evaluation as
#    the step runs it, wall and CPU time;
#  - the whole `olympus plan-comment --plan-json` process, without
#    policies (--policy-path none), with 200 policies of the first shape
#    alone (each about a type the plan does not hold: most policies for
#    most plans) and with the mix of five: wall and CPU time (median of 3
#    runs after a warm-up) and what they add.
# Target: <= 1 s added. The machine's load average is printed with the
# figures: on a shared machine, CPU time says more than wall time.
# Usage: bash scripts/bench-policy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export OLYMPUS_BENCH_DIR=$PWD/.cache/bench
mkdir -p "$OLYMPUS_BENCH_DIR"
go test ./internal/steps/plancomment -run '^$' -bench 'Policies200' -benchtime 3x -benchmem | tee "$OLYMPUS_BENCH_DIR/bench-policy.txt"

go build -o bin/olympus ./cmd/olympus
# write DIR SHAPES: 200 policies of the first SHAPES shapes, in turn.
write() {
local policies=$1 shapes=$2
rm -rf "$policies" && mkdir -p "$policies"
for i in $(seq 0 199); do
  case $((i % shapes)) in
  0) body="deny contains msg if {
	some rc in input.resource_changes
	rc.type == \"google_storage_bucket_$i\"
	rc.change.after.uniform_bucket_level_access == false
	msg := sprintf(\"%s: uniform access off\", [rc.address])
}" ;;
  1) body="warn contains msg if {
	some rc in input.resource_changes
	rc.type == \"localcloud_service\"
	not startswith(rc.change.after.image, \"europe-docker.pkg.dev/olympus/\")
	msg := sprintf(\"%s: image outside the registry ($i)\", [rc.address])
}" ;;
  2) body="deny contains msg if {
	some rc in input.resource_changes
	\"delete\" in rc.change.actions
	rc.type == \"google_sql_database_instance_$i\"
	msg := sprintf(\"%s destroyed\", [rc.address])
}" ;;
  3) body="deny contains msg if {
	data.olympus.environment == \"prod\"
	some rc in input.resource_changes
	rc.type == \"localcloud_service\"
	rc.change.after.env.LOG_LEVEL == \"debug\"
	msg := sprintf(\"%s: debug logging in prod ($i)\", [rc.address])
}" ;;
  4) body="warn contains msg if {
	n := count([rc | some rc in input.resource_changes; \"create\" in rc.change.actions])
	n > $((20000 + i))
	msg := sprintf(\"%d resources created\", [n])
}" ;;
  esac
  printf 'package bench.p%d\n\n%s\n' "$i" "$body" >"$policies/p$(printf %03d "$i").rego"
done
}
write "$OLYMPUS_BENCH_DIR/policies-200" 5
write "$OLYMPUS_BENCH_DIR/policies-200-by-type" 1

# run LABEL POLICY-PATH: the whole step on the 10,000-resource plan; sets
# wall and cpu (medians).
run() {
  local times=$OLYMPUS_BENCH_DIR/time-policy.txt
  : >"$times"
  bin/olympus plan-comment --plan-json "$OLYMPUS_BENCH_DIR/plan.json" --environments dev --policy-path "$2" >/dev/null 2>&1 || true
  for _ in 1 2 3; do
    /usr/bin/time -a -o "$times" -f "%e %U %S %M" bin/olympus plan-comment --plan-json "$OLYMPUS_BENCH_DIR/plan.json" --environments dev --policy-path "$2" >/dev/null 2>&1 || true
  done
  wall=$(awk '{print $1}' "$times" | sort -n | sed -n 2p)
  cpu=$(awk '{print $2+$3}' "$times" | sort -n | sed -n 2p)
  rss=$(awk '{print $4}' "$times" | sort -n | sed -n 2p)
  printf 'olympus plan-comment --plan-json (10,000 resources, %s): %.2f s wall, %.2f s cpu, %.0f MB peak RSS\n' "$1" "$wall" "$cpu" "$(echo "$rss / 1000" | bc -l)"
}
run "no policies" none
w0=$wall c0=$cpu
for set in policies-200-by-type policies-200; do
  run "200 policies, $set" "$OLYMPUS_BENCH_DIR/$set"
  awk -v set="$set" -v w0="$w0" -v w1="$wall" -v c0="$c0" -v c1="$cpu" 'BEGIN {
    printf "%s add %.2f s wall and %.2f s cpu to plan-comment (target: <= 1 s added)\n", set, w1-w0, c1-c0 }'
done
echo "load average while measured: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
