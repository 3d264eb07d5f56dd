#!/usr/bin/env bash
# Usage: install-tool.sh tflint|tfsec|actionlint|act|tofu [os/arch]
# Builds a pinned Go tool once into a cache outside the checkout, so clean
# clones and test runs reuse it (tflint takes minutes on 2 cores), and prints
# its path. Builds are static (CGO_ENABLED=0), stripped and -trimpath: the
# same tflint the tests run is the one make dist puts in the image. With
# os/arch (say linux/arm64) it cross-compiles for that platform instead.
# OLYMPUS_TOOLS_DIR moves the cache; TFLINT=/path or TFSEC=/path uses one
# you have (ACTIONLINT and ACT too). tfsec serves the validate benchmark
# only; actionlint checks .github/workflows in the tests; act (nektos/act)
# runs them in internal/tests/workflowtest. tofu (OpenTofu) is the engine the
# OpenTofu end-to-end suites run (TOFU=/path uses one you have); its
# version is pinned here and nowhere else. OLYMPUS_TOOLS_NO_BUILD=1 prints
# the path of a tool already built and fails instead of building (tests use
# it to find tofu without spending minutes).
set -euo pipefail

case "${1:-}" in
  tflint) version=v0.64.0 pkg=github.com/terraform-linters/tflint mine=${TFLINT:-} ;;
  tfsec) version=v1.28.14 pkg=github.com/aquasecurity/tfsec/cmd/tfsec mine=${TFSEC:-} ;;
  actionlint) version=v1.7.12 pkg=github.com/rhysd/actionlint/cmd/actionlint mine=${ACTIONLINT:-} ;;
  act) version=v0.2.89 pkg=github.com/nektos/act mine=${ACT:-} ;;
  # OpenTofu's go.mod has a replace directive, so go install refuses it:
  # it is built inside its downloaded module instead (below).
  tofu) version=v1.12.6 pkg=github.com/opentofu/opentofu mine=${TOFU:-} ;;
  *) echo "usage: $0 tflint|tfsec|actionlint|act|tofu [os/arch]" >&2; exit 2 ;;
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
  if [ -n "${OLYMPUS_TOOLS_NO_BUILD:-}" ]; then
    echo "$1 $version is not built: run bash scripts/install-tool.sh $1 (once; a few minutes)" >&2
    exit 1
  fi
  echo "building $1 $version for $platform into $dir (once; a few minutes)" >&2
  mkdir -p "$dir"
  if [ "$1" = tofu ]; then
    # The module cache is read-only: build in a copy. -X version.dev=no
    # makes it report 1.x.y as OpenTofu's releases do, not 1.x.y-dev.
    modjson=$(go mod download -json "$pkg@$version")
    moddir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$modjson")
    [ -d "$moddir" ] || { echo "go mod download $pkg@$version gave no directory:" >&2; echo "$modjson" >&2; exit 1; }
    src=$(mktemp -d)
    trap 'chmod -R u+w "$src"; rm -rf "$src"' EXIT
    cp -R "$moddir/." "$src"
    chmod -R u+w "$src"
    (cd "$src" && GOOS="${platform%/*}" GOARCH="${platform#*/}" CGO_ENABLED=0 GOFLAGS=-mod=readonly \
      go build -trimpath -ldflags "-s -X github.com/opentofu/opentofu/version.dev=no" -o "$dir/tofu.new" ./cmd/tofu) >&2
    mv "$dir/tofu.new" "$bin"
  elif [ "$platform" = "$host" ]; then
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
