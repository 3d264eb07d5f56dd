#!/usr/bin/env bash
# Usage: install-tool.sh tflint|tfsec|actionlint|act
# Builds a pinned Go tool once into a cache outside the checkout, so clean
# clones and test runs reuse it (tflint takes minutes on 2 cores), and prints
# its path. OLYMPUS_TOOLS_DIR moves the cache; TFLINT=/path or TFSEC=/path
# uses one you have (ACTIONLINT and ACT too). tfsec serves the validate
# benchmark only; actionlint checks .github/workflows in the tests; act
# (nektos/act) runs them in internal/workflowtest.
set -euo pipefail

case "${1:-}" in
  tflint) version=v0.64.0 pkg=github.com/terraform-linters/tflint mine=${TFLINT:-} ;;
  tfsec) version=v1.28.14 pkg=github.com/aquasecurity/tfsec/cmd/tfsec mine=${TFSEC:-} ;;
  actionlint) version=v1.7.12 pkg=github.com/rhysd/actionlint/cmd/actionlint mine=${ACTIONLINT:-} ;;
  act) version=v0.2.89 pkg=github.com/nektos/act mine=${ACT:-} ;;
  *) echo "usage: $0 tflint|tfsec|actionlint|act" >&2; exit 2 ;;
esac
if [ -n "$mine" ]; then echo "$mine"; exit 0; fi
tools=${OLYMPUS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/olympus-deploy-actions/tools}
dir="$tools/$1-$version"
bin="$dir/$1"
# A stamp records the version built: go install leaves tfsec's own version
# string empty.
if [ ! -x "$bin" ] || [ "$(cat "$dir/.version" 2>/dev/null)" != "$version" ]; then
  echo "building $1 $version into $dir (once; a few minutes)" >&2
  mkdir -p "$dir"
  GOBIN="$dir" CGO_ENABLED=0 GOFLAGS=-trimpath go install "$pkg@$version" >&2
  echo "$version" >"$dir/.version"
fi
echo "$bin"
