#!/usr/bin/env bash
# Prints the wall time of `olympus deploy` beside the same terraform init,
# plan and apply run by hand, on fresh copies of examples/local (dev,
# creating everything), alternating the two, RUNS times each (default 5),
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
now() { date +%s.%N; }
by_hand() {
  (cd "$1" && terraform init -input=false -no-color -reconfigure -backend-config=environments/dev/backend.tfbackend >/dev/null &&
    terraform plan -input=false -no-color -lock-timeout=5m -var-file=environments/dev/terraform.tfvars -out=dev.tfplan >/dev/null &&
    terraform show -json dev.tfplan >/dev/null &&
    terraform apply -input=false -no-color -lock-timeout=5m dev.tfplan >/dev/null)
}
# What deploy also runs: the outputs it reports.
by_hand_outputs() { by_hand "$1" && (cd "$1" && terraform output -json >/dev/null); }
with_olympus() { (cd "$1" && "$OLDPWD/bin/olympus" deploy --environment dev >/dev/null 2>&1); }
before=${BEFORE:+$(realpath "$BEFORE")}
with_before() { (cd "$1" && "$before" deploy --environment dev >/dev/null 2>&1); }
startup() { bin/olympus version >/dev/null; }
hand=() hando=() oly=() st=() bef=(0)
for i in $(seq "$runs"); do
  copy "$work/h$i"; copy "$work/g$i"; copy "$work/o$i"
  t0=$(now); by_hand "$work/h$i"; t1=$(now); with_olympus "$work/o$i"; t2=$(now); startup; t3=$(now)
  by_hand_outputs "$work/g$i"; t4=$(now)
  hand+=("$(echo "$t1 - $t0" | bc)"); oly+=("$(echo "$t2 - $t1" | bc)"); st+=("$(echo "$t3 - $t2" | bc)"); hando+=("$(echo "$t4 - $t3" | bc)")
  if [ -n "$before" ]; then
    [ "$i" = 1 ] && bef=()
    copy "$work/b$i"; t5=$(now); with_before "$work/b$i"; t6=$(now); bef+=("$(echo "$t6 - $t5" | bc)")
  fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
h=$(median "${hand[@]}") g=$(median "${hando[@]}") o=$(median "${oly[@]}") s=$(median "${st[@]}") b=$(median "${bef[@]}")
awk -v h="$h" -v g="$g" -v o="$o" -v s="$s" -v b="$b" -v n="$runs" 'BEGIN {
  printf "median of %d runs: olympus deploy %.2f s\n", n, o
  printf "  by hand, init + plan + show -json + apply:         %.2f s, overhead %+.1f%%\n", h, (o-h)/h*100
  printf "  by hand, the same plus terraform output -json:    %.2f s, overhead %+.1f%%\n", g, (o-g)/g*100
  printf "  olympus start-up alone (olympus version):        %.3f s\n", s
  if (b > 0) printf "  BEFORE deploy: %.2f s, overhead %+.1f%% and %+.1f%%\n", b, (b-h)/h*100, (b-g)/g*100
}'
