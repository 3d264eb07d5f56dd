#!/usr/bin/env bash
# The break-glass story of `make demo`, after the deploy to dev: a change
# made by hand to the local cloud, drift-reconcile reporting it with the
# codify hint, the hint applied, and the same run finding no drift.
# It works on a copy of examples/local, so the repository stays clean.
# Usage: demo-break-glass.sh <olympus> <terraform CLI config> <work dir>
set -euo pipefail
olympus=$(realpath "$1") cfg=$2 work=$3
export TF_CLI_CONFIG_FILE=$cfg
rm -rf "$work" && mkdir -p "$work"
# The deployed example: its code, state and local cloud, not its .terraform.
tar -C examples/local --exclude=./.terraform -cf - . | tar -C "$work" -xf -
obj=.localcloud/dev/sql_instances/olympus-db-dev.json
cd "$work"

say() { printf '\n== %s\n' "$*" >&2; }
say "break glass: during an incident, someone scales the dev database up by hand, behind Terraform's back (edit of $obj)"
sed -i 's/"tier": "db-f1-micro"/"tier": "db-custom-2-7680"/' "$obj"
grep '"tier"' "$obj" >&2

say "olympus drift-reconcile --environments dev (with a token, this report is also the body of the environment's drift issue)"
"$olympus" drift-reconcile --environments dev | tee report.md

say "codify: apply the suggested change"
awk '/^```diff$/ {on=1; next} /^```$/ {on=0} on' report.md > hint.diff
cat hint.diff >&2
# Outside any repository (the work dir may be inside this one), git apply
# works as patch does.
GIT_CEILING_DIRECTORIES=$(dirname "$PWD") git apply -p1 hint.diff

say "olympus drift-reconcile --environments dev, again: code and reality agree"
"$olympus" drift-reconcile --environments dev | tee report-after.md
grep -q 'matches the code' report-after.md
say "the next deploy records the codified state; the break-glass change is now in the code ($work/environments/dev/terraform.tfvars)"
