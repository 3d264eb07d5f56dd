#!/usr/bin/env bash
# Builds the pinned tflint once into a cache outside the checkout, so clean
# clones and test runs reuse it (it takes minutes on 2 cores), and prints its
# path. OLYMPUS_TOOLS_DIR moves the cache; TFLINT uses a tflint you have.
set -euo pipefail

version=v0.64.0
if [ -n "${TFLINT:-}" ]; then echo "$TFLINT"; exit 0; fi
tools=${OLYMPUS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/olympus-deploy-actions/tools}
dir="$tools/tflint-$version"
bin="$dir/tflint"
have=$([ -x "$bin" ] && "$bin" --version 2>/dev/null || true)
if [[ "$have" != *"version ${version#v}"* ]]; then
  echo "building tflint $version into $dir (once; a few minutes)" >&2
  mkdir -p "$dir"
  GOBIN="$dir" CGO_ENABLED=0 GOFLAGS=-trimpath go install "github.com/terraform-linters/tflint@$version" >&2
fi
echo "$bin"
