#!/usr/bin/env bash
# Builds tfsec v1.28.14 once into the tools cache, for the validate
# benchmark only (validate itself runs defsec in-process), and prints its
# path. TFSEC uses a tfsec you have.
set -euo pipefail

version=v1.28.14
if [ -n "${TFSEC:-}" ]; then echo "$TFSEC"; exit 0; fi
tools=${OLYMPUS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/olympus-deploy-actions/tools}
dir="$tools/tfsec-$version"
bin="$dir/tfsec"
# go install leaves tfsec's own version string empty, so a stamp file
# records which version was built.
if [ ! -x "$bin" ] || [ "$(cat "$dir/.version" 2>/dev/null)" != "$version" ]; then
  echo "building tfsec $version into $dir (once; a few minutes)" >&2
  mkdir -p "$dir"
  GOBIN="$dir" CGO_ENABLED=0 GOFLAGS=-trimpath go install "github.com/aquasecurity/tfsec/cmd/tfsec@$version" >&2
  echo "$version" >"$dir/.version"
fi
echo "$bin"
