#!/usr/bin/env bash
# Usage: dist.sh [os/arch ...]        (default: linux/amd64 linux/arm64)
# Cross-compiles everything the image holds, once, outside Docker, into
# dist/<os>_<arch>/:
#   bin/            olympus, olympus-validate and the pinned tflint: static
#                   (CGO_ENABLED=0), stripped, -trimpath; olympus prints the
#                   version and commit given below
#   tflint-plugins/ tflint-ruleset-olympus: a link to /usr/local/bin/olympus,
#                   which is the plugin when run under that name
#   terraform/      the image's default terraform (tfinstall.Bundle)
# The Dockerfile only copies these in. Environment:
#   VERSION, COMMIT       what `olympus version` prints (default: git describe
#                         and the commit checked out)
#   TERRAFORM_VERSION     the default terraform (default 1.11.4)
#   TERRAFORM_BUNDLE      release: download it with hc-install, checksum and
#                         signature verified (the release build); local: pack
#                         the terraform on PATH, which must be that version
#                         (tests, offline); none: no default terraform
#   TERRAFORM_COMPRESS    true (default): stored zstd-compressed; false: as is
set -euo pipefail
cd "$(dirname "$0")/.."

platforms=${*:-linux/amd64 linux/arm64}
version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
commit=${COMMIT:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}
terraform_version=${TERRAFORM_VERSION:-1.11.4}
bundle=${TERRAFORM_BUNDLE:-release}
compress=${TERRAFORM_COMPRESS:-true}
pkg=github.com/olympus-cloud/deploy-actions
ldflags="-s -w -X $pkg/internal/cli.Version=$version -X $pkg/internal/cli.Commit=$commit"
host="$(go env GOOS)/$(go env GOARCH)"

export CGO_ENABLED=0
for platform in $platforms; do
  os=${platform%/*} arch=${platform#*/}
  out="dist/${os}_${arch}"
  echo "dist: $platform -> $out" >&2
  mkdir -p "$out/bin" "$out/tflint-plugins"
  GOOS=$os GOARCH=$arch go build -trimpath -ldflags "$ldflags" -o "$out/bin/" ./cmd/olympus ./cmd/olympus-validate
  ln -sfn /usr/local/bin/olympus "$out/tflint-plugins/tflint-ruleset-olympus"
  tflint=$(bash scripts/install-tool.sh tflint "$platform")
  install -m 0755 "$tflint" "$out/bin/tflint"
  case "$bundle" in
    release)
      go run ./internal/adapters/tfinstall/cmd/terraform-bundle -version "$terraform_version" -platform "$platform" \
        -compress="$compress" -out "$out/terraform" ;;
    local)
      if [ "$platform" != "$host" ]; then
        echo "dist: TERRAFORM_BUNDLE=local packs this machine's terraform; it cannot stand for $platform" >&2
        exit 2
      fi
      go run ./internal/adapters/tfinstall/cmd/terraform-bundle -version "$terraform_version" -platform "$platform" \
        -compress="$compress" -from "$(bash scripts/check-terraform.sh)" -out "$out/terraform" ;;
    none)
      rm -rf "$out/terraform" && mkdir -p "$out/terraform" ;;
    *) echo "dist: TERRAFORM_BUNDLE=$bundle: release, local or none" >&2; exit 2 ;;
  esac
done
