#!/usr/bin/env bash
# Prints the wall time of `olympus deploy` beside the same terraform init,
# plan and apply run by hand, on fresh copies of examples/local (dev,
# creating everything), alternating which runs first, RUNS times each
# (default 5),
# and the overhead of the median. Usage: make bench. BEFORE=<an olympus
# binary> (say, built from an earlier commit) is timed alongside, for a
# figure before and after a change on the same machine at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
export TF_CLI_CONFIG_FILE=$(go run ./internal/testbed/cmd/localcloud-install .cache/localcloud) CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export TF_VAR_api_key=bench-not-a-secret
go build -o bin/olympus ./cmd/olympus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy() { mkdir -p "$1" && tar -C examples/local --exclude=.terraform --exclude=state --exclude=.localcloud --exclude=.terraform.lock.hcl -cf - . | tar -C "$1" -xf -; }
now() { echo "$EPOCHREALTIME"; }
# By hand: init, plan, show -json, apply (t1), then output -json (t2),
# which deploy also runs for the outputs it reports: both baselines come
# from one run.
by_hand() {
  (cd "$1" && terraform init -input=false -no-color -reconfigure -backend-config=environments/dev/backend.tfbackend >/dev/null &&
    terraform plan -input=false -no-color -lock-timeout=5m -var-file=environments/dev/terraform.tfvars -out=dev.tfplan >/dev/null &&
    terraform show -json dev.tfplan >/dev/null &&
    terraform apply -input=false -no-color -lock-timeout=5m dev.tfplan >/dev/null && now > "$1.applied" &&
    terraform output -json >/dev/null)
}
with_olympus() { (cd "$1" && "$2" deploy --environment dev >/dev/null 2>&1); }
before=${BEFORE:+$(realpath "$BEFORE")}
olympus=$PWD/bin/olympus
startup() { bin/olympus version >/dev/null; }
hand=() hando=() oly=() st=() bef=() paired=() pairedb=()
for i in $(seq "$runs"); do
  copy "$work/h$i"; copy "$work/o$i"; copy "$work/b$i"
  # The order alternates, so that what runs first (a colder cache) is
  # neither side's every time.
  if [ $((i % 2)) = 1 ]; then
    t0=$(now); by_hand "$work/h$i"; t2=$(now); with_olympus "$work/o$i" "$olympus"; t3=$(now); o=$(echo "$t3 - $t2" | bc)
  else
    t2=$(now); with_olympus "$work/o$i" "$olympus"; t3=$(now); o=$(echo "$t3 - $t2" | bc); t0=$(now); by_hand "$work/h$i"; t2=$(now)
  fi
  t1=$(cat "$work/h$i.applied")
  hand+=("$(echo "$t1 - $t0" | bc)"); g=$(echo "$t2 - $t0" | bc); hando+=("$g"); oly+=("$o")
  paired+=("$(echo "($o - $g) / $g * 100" | bc -l)")
  t4=$(now); startup; t5=$(now); st+=("$(echo "$t5 - $t4" | bc)")
  if [ -n "$before" ]; then
    t6=$(now); with_olympus "$work/b$i" "$before"; t7=$(now); b=$(echo "$t7 - $t6" | bc); bef+=("$b")
    pairedb+=("$(echo "($b - $g) / $g * 100" | bc -l)")
  fi
done
median() { [ $# -gt 0 ] || { echo 0; return; }; printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
h=$(median "${hand[@]}") g=$(median "${hando[@]}") o=$(median "${oly[@]}") s=$(median "${st[@]}") b=$(median "${bef[@]}")
p=$(median "${paired[@]}") pb=$(median "${pairedb[@]}")
awk -v h="$h" -v g="$g" -v o="$o" -v s="$s" -v b="$b" -v p="$p" -v pb="$pb" -v n="$runs" 'BEGIN {
  printf "median of %d runs: olympus deploy %.2f s\n", n, o
  printf "  by hand, init + plan + show -json + apply:         %.2f s, overhead %+.1f%%\n", h, (o-h)/h*100
  printf "  by hand, the same plus terraform output -json:    %.2f s, overhead %+.1f%%\n", g, (o-g)/g*100
  printf "  overhead over the latter, paired run by run (median): %+.1f%% (target: within 5%%)\n", p
  printf "  olympus start-up alone (olympus version):        %.3f s\n", s
  if (b > 0) printf "  BEFORE deploy: %.2f s, overhead %+.1f%% and %+.1f%%; paired %+.1f%%\n", b, (b-h)/h*100, (b-g)/g*100, pb
}'
