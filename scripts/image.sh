#!/usr/bin/env bash
# Builds the action's image here, offline, from the same Dockerfile the
# release builds, and tags it olympus-deploy-actions:local (IMAGE moves the
# tag). The binaries come from make dist for this machine's platform; the
# base is made here (scripts/base-image.sh), since none can be pulled; the
# default terraform is the one on PATH (TERRAFORM_BUNDLE=local). A Docker
# engine is started when none runs (scripts/docker-engine.sh). Unchanged
# sources cost a few seconds: go build and Docker's layer cache do nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

image=${IMAGE:-olympus-deploy-actions:local}
# go test runs packages in parallel, and two of them build the image
# (internal/tests/imagetest, internal/tests/workflowtest): one build at a time, since
# they share dist/.
exec 9>"${TMPDIR:-/tmp}/olympus-deploy-actions-image.lock"
flock 9
bash scripts/docker-engine.sh
base=$(bash scripts/base-image.sh)
arch=$(go env GOARCH)
TERRAFORM_BUNDLE=${TERRAFORM_BUNDLE:-local} bash scripts/dist.sh "linux/$arch"
# The legacy builder: BuildKit needs the buildx plugin, and its default
# frontend would be pulled. It does not set TARGETARCH, so it is given.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! DOCKER_BUILDKIT=0 docker build -q --build-arg BASE_IMAGE="$base" --build-arg TARGETARCH="$arch" -t "$image" . >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
echo "$image"
