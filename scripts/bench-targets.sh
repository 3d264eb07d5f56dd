#!/usr/bin/env bash
# Prints the wall time of whole `olympus targets` processes on a generated
# repository of ROOTS root modules (default 500, each with dev, staging and
# prod) and SHARED shared modules (default 100, called three levels deep,
# every root reading one state through terraform_remote_state), after a
# commit that changes 3 files: a shared module two levels down, one
# environment's tfvars and one root file. RUNS runs (default 7), median and
# worst (target <= 1 s). Usage: make bench, or bash scripts/bench-targets.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
roots=${ROOTS:-500}
shared=${SHARED:-100}
runs=${RUNS:-7}
go build -o bin/olympus ./cmd/olympus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
mkdir -p "$repo"
cd "$repo"
git init -q -b main
# Shared modules: the first tenth call nothing, each other calls one of a
# lower number, so chains run three or more deep.
for ((m = 0; m < shared; m++)); do
  d=modules/m$m
  mkdir -p "$d"
  printf 'variable "name" {}\n\nresource "google_storage_bucket" "b" {\n  name     = "${var.name}-m%d"\n  location = "EU"\n}\n' "$m" >"$d/main.tf"
  if ((m >= shared / 10)); then
    printf 'module "inner" {\n  source = "../m%d"\n  name   = var.name\n}\n' $((m / 3)) >"$d/calls.tf"
  fi
  printf 'output "id" {\n  value = google_storage_bucket.b.id\n}\n' >"$d/outputs.tf"
done
for ((r = 0; r < roots; r++)); do
  d=live/r$r
  mkdir -p "$d"
  {
    printf 'terraform {\n  required_version = ">= 1.5"\n  backend "gcs" {}\n}\n\n'
    printf 'module "a" {\n  source = "../../modules/m%d"\n  name   = "r%d-a"\n}\n\n' $((r % shared)) "$r"
    printf 'module "b" {\n  source = "../../modules/m%d"\n  name   = "r%d-b"\n}\n\n' $(((r * 7) % shared)) "$r"
    printf 'module "registry" {\n  source  = "terraform-google-modules/network/google"\n  version = "9.0.0"\n}\n\n'
    printf 'data "terraform_remote_state" "up" {\n  backend = "gcs"\n  config = {\n    bucket = "tfstate-${var.environment}"\n    prefix = "r%d"\n  }\n}\n' $(((r + 1) % roots))
  } >"$d/main.tf"
  printf 'variable "environment" {}\n' >"$d/variables.tf"
  printf '# lock\n' >"$d/.terraform.lock.hcl"
  for env in dev staging prod; do
    mkdir -p "$d/environments/$env"
    printf 'bucket = "tfstate-%s"\nprefix = "r%d"\n' "$env" "$r" >"$d/environments/$env/backend.tfbackend"
    printf 'environment = "%s"\n' "$env" >"$d/environments/$env/terraform.tfvars"
  done
done
echo "# infra" >README.md
git add -A
git -c user.name=bench -c user.email=bench@example.com commit -qm base
# The 3-file change.
echo '# changed' >>modules/m95/main.tf
echo 'replicas = 2' >>live/r17/environments/staging/terraform.tfvars
echo '# changed' >>live/r400/main.tf
git add -A
git -c user.name=bench -c user.email=bench@example.com commit -qm change
# A clone's objects are packed, as actions/checkout leaves them; loose
# objects would measure the file system instead.
git repack -adq
files=$(git ls-files | wc -l)
# Wall time, and CPU time (user + sys, git's included), which a machine
# shared with other work does not inflate.
TIMEFORMAT='%R %U %S'
: >"$work/times"
for ((i = 0; i < runs; i++)); do
  { time "$OLDPWD/bin/olympus" targets --base HEAD~1 >"$work/summary.md" 2>"$work/stderr"; } 2>>"$work/times"
done
count=$(sed -n 's/^output count=//p' "$work/stderr")
awk -v n="$runs" -v roots="$roots" -v shared="$shared" -v files="$files" -v count="$count" '
  { wall[NR] = $1 * 1000; cpu[NR] = ($2 + $3) * 1000 }
  function median(a, k, i, j, t) {
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return a[int((k + 1) / 2)]
  }
  END {
    worst = 0; for (i = 1; i <= NR; i++) if (wall[i] > worst) worst = wall[i]
    printf "targets, %d root modules and %d shared modules (%d files), a 3-file change -> %d targets, %d runs: wall median %d ms, worst %d ms; CPU (user+sys, git included) median %d ms (target <= 1000 ms)\n",
      roots, shared, files, count, n, median(wall, NR), worst, median(cpu, NR)
  }' "$work/times"
