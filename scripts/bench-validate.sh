#!/usr/bin/env bash
# Prints the wall time of `olympus validate` on examples/local and on a
# generated tree of 50 root modules, beside the tools it replaces run alone
# on the same trees: tflint (with the same config and plugin), tfsec, and
# terraform fmt/init/validate module by module. Every timing is taken after
# one warm-up run, so caches and .terraform directories are in place.
# Usage: make bench (builds bin/ first). MODULES=n changes the tree size.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=${MODULES:-50}
tflint=$(bash scripts/install-tool.sh tflint)
tfsec=$(bash scripts/install-tool.sh tfsec)
tfrc=$(go run ./internal/testbed/cmd/localcloud-install .cache/localcloud)
export TF_CLI_CONFIG_FILE=$tfrc TFLINT_PLUGIN_DIR=$PWD/bin CHECKPOINT_DISABLE=1
olympus=$PWD/bin/olympus

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy() { mkdir -p "$2" && tar -C "$1" --exclude=.terraform --exclude=state --exclude=.localcloud --exclude=.terraform.lock.hcl -cf - . | tar -C "$2" -xf -; }
copy examples/local "$work/local"
for i in $(seq -w 1 "$modules"); do copy examples/local "$work/tree/mod-$i"; done
cp examples/local/.tflint.hcl "$work/tree/.tflint.hcl"

TIMEFORMAT=%R
# seconds runs a command twice (warm-up, then measured) and prints the
# measured wall time in seconds.
seconds() {
  "$@" >/dev/null 2>&1 || true
  { time "$@" >/dev/null 2>&1 || true; } 2>&1 | tail -1
}
run_validate() { (cd "$1" && "$olympus" validate --working-directory . --tflint-path "$tflint" --sarif-file "$work/out.sarif" "${@:2}"); }
run_tflint() { (cd "$1" && "$tflint" --recursive --config="$PWD/.tflint.hcl" --format=json --force); }
run_tfsec() { "$tfsec" "$1" --no-color --soft-fail --format=json --no-module-downloads; }
run_terraform() {
  local d
  for d in $(find "$1" -name main.tf -not -path '*/.terraform/*' -exec dirname {} \; | sort); do
    (cd "$d" && terraform fmt -check >/dev/null && terraform init -backend=false -input=false >/dev/null && terraform validate -no-color >/dev/null)
  done
}

printf '%-16s %10s %16s %10s %10s %10s %8s %10s %8s\n' tree validate validate-lint+sec tflint tfsec terraform "sum" ratio ratio-l+s
for tree in local tree; do
  dir=$work/$tree
  v=$(seconds run_validate "$dir")
  vls=$(seconds run_validate "$dir" --checks tflint,security)
  l=$(seconds run_tflint "$dir")
  s=$(seconds run_tfsec "$dir")
  tf=$(seconds run_terraform "$dir")
  name=$tree; [ "$tree" = tree ] && name="$modules modules"
  awk -v n="$name" -v v="$v" -v vls="$vls" -v l="$l" -v s="$s" -v tf="$tf" 'BEGIN {
    sum = l + s + tf
    printf "%-16s %9.2fs %15.2fs %9.2fs %9.2fs %9.2fs %7.2fs %9.2fx %7.2fx\n", n, v, vls, l, s, tf, sum, v / sum, vls / (l + s)
  }'
done
echo "sum = tflint + tfsec + terraform; ratio = validate / sum; ratio-l+s = validate with checks tflint,security / (tflint + tfsec). Target: ratio <= 1.2."
