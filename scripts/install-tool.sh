#!/usr/bin/env bash
# Usage: install-tool.sh tflint|tfsec|actionlint|act [os/arch]
# Builds a pinned Go tool once into a cache outside the checkout, so clean
# clones and test runs reuse it (tflint takes minutes on 2 cores), and prints
# its path. Builds are static (CGO_ENABLED=0), stripped and -trimpath: the
# same tflint the tests run is the one make dist puts in the image. With
# os/arch (say linux/arm64) it cross-compiles for that platform instead.
# OLYMPUS_TOOLS_DIR moves the cache; TFLINT=/path or TFSEC=/path uses one
# you have (ACTIONLINT and ACT too). tfsec serves the validate benchmark
# only; actionlint checks .github/workflows in the tests; act (nektos/act)
# runs them in internal/workflowtest.
set -euo pipefail

case "${1:-}" in
  tflint) version=v0.64.0 pkg=github.com/terraform-linters/tflint mine=${TFLINT:-} ;;
  tfsec) version=v1.28.14 pkg=github.com/aquasecurity/tfsec/cmd/tfsec mine=${TFSEC:-} ;;
  actionlint) version=v1.7.12 pkg=github.com/rhysd/actionlint/cmd/actionlint mine=${ACTIONLINT:-} ;;
  act) version=v0.2.89 pkg=github.com/nektos/act mine=${ACT:-} ;;
  *) echo "usage: $0 tflint|tfsec|actionlint|act [os/arch]" >&2; exit 2 ;;
esac
host="$(go env GOOS)/$(go env GOARCH)"
platform=${2:-$host}
tools=${OLYMPUS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/olympus-deploy-actions/tools}
# Stripped builds live apart from the unstripped ones earlier versions of
# this script made, which other checkouts may still use.
dir="$tools/$1-$version-stripped"
if [ "$platform" != "$host" ]; then
  dir="$dir/${platform/\//_}"
elif [ -n "$mine" ]; then
  echo "$mine"; exit 0
fi
bin="$dir/$1"
flags="-trimpath -ldflags=-s"
# A stamp records the version and flags built: go install leaves tfsec's
# own version string empty.
stamp="$version $flags"
if [ ! -x "$bin" ] || [ "$(cat "$dir/.version" 2>/dev/null)" != "$stamp" ]; then
  echo "building $1 $version for $platform into $dir (once; a few minutes)" >&2
  mkdir -p "$dir"
  if [ "$platform" = "$host" ]; then
    GOBIN="$dir" CGO_ENABLED=0 GOFLAGS="$flags" go install "$pkg@$version" >&2
  else
    # go install refuses GOBIN for another platform; it puts the binary in
    # GOPATH/bin/<os>_<arch> instead, so use a GOPATH of our own (and the
    # usual module cache).
    gopath=$(mktemp -d)
    trap 'chmod -R u+w "$gopath"; rm -rf "$gopath"' EXIT
    GOPATH="$gopath" GOMODCACHE="$(go env GOMODCACHE)" GOBIN= GOOS="${platform%/*}" GOARCH="${platform#*/}" \
      CGO_ENABLED=0 GOFLAGS="$flags" go install "$pkg@$version" >&2
    install -m 0755 "$gopath/bin/${platform/\//_}/$1" "$bin"
  fi
  echo "$stamp" >"$dir/.version"
fi
echo "$bin"
