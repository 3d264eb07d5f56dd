#!/usr/bin/env bash
# Usage: bench-image.sh        (make bench-image builds the image first)
# Prints, for the image make image built (IMAGE, default
# olympus-deploy-actions:local):
#   - its size and what takes it, and the size with no default terraform and
#     with terraform stored as is instead of zstd-compressed;
#   - for each step, the time from `docker run` (as the runner runs it) to
#     the step's first output line on the warm image, min/median of RUNS;
#   - a deploy's whole run on the first step of a job (terraform unpacked
#     into /github/home) and on a later one (found in the cache);
#   - how long make image takes when nothing changed.
# BENCH_IMAGE_OLD=1 also builds (=only: only builds) the previous Dockerfile (before the image was
# made from make dist; OLD_COMMIT, default f38bff6) cold: its Go build stage
# verbatim, on a Go base made here (Debian from debootstrap plus this
# machine's Go) since none can be pulled, with empty module and build
# caches, modules from the Go proxy. That takes minutes; it is not in make
# test.
set -euo pipefail
cd "$(dirname "$0")/.."

image=${IMAGE:-olympus-deploy-actions:local}
runs=${RUNS:-5}
arch=$(go env GOARCH)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tf=$(bash scripts/check-terraform.sh)
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
ms() { awk -v n="$1" 'BEGIN { printf "%.2f s", n / 1000 }'; }
now() { date +%s%3N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

if [ "${BENCH_IMAGE_OLD:-}" != only ]; then
echo "== image $image"
size=$(docker image inspect -f '{{.Size}}' "$image")
echo "size: $(mb "$size") uncompressed ($size bytes); $(mb "$(docker save "$image" | gzip -6 | wc -c)") as gzip-compressed layers"
base=$(docker image inspect -f '{{ index .Config.Labels "olympus.base" }}' olympus-deploy-actions-base:local 2>/dev/null || true)
echo "what takes it:"
echo "  base image (made here: $base): $(mb "$(docker image inspect -f '{{.Size}}' olympus-deploy-actions-base:local)")"
for f in dist/linux_"$arch"/bin/* dist/linux_"$arch"/terraform/*; do
  [ -L "$f" ] && continue
  echo "  $(basename "$(dirname "$f")")/$(basename "$f"): $(mb "$(stat -c %s "$f")")"
done

echo "== size by default terraform"
ctx="$work/ctx"
mkdir -p "$ctx/dist/linux_$arch"
cp Dockerfile .dockerignore "$ctx/"
cp -a "dist/linux_$arch/bin" "dist/linux_$arch/tflint-plugins" "$ctx/dist/linux_$arch/"
tfv=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "dist/linux_$arch/terraform/terraform.json")
for variant in none raw; do
  rm -rf "$ctx/dist/linux_$arch/terraform" && mkdir -p "$ctx/dist/linux_$arch/terraform"
  if [ "$variant" = raw ]; then
    go run ./internal/adapters/tfinstall/cmd/terraform-bundle -version "$tfv" -from "$tf" -compress=false -out "$ctx/dist/linux_$arch/terraform" 2>/dev/null
  fi
  DOCKER_BUILDKIT=0 docker build -q --build-arg BASE_IMAGE=olympus-deploy-actions-base:local --build-arg TARGETARCH="$arch" \
    -t "olympus-deploy-actions:bench-$variant" "$ctx" >/dev/null 2>&1
  s=$(docker image inspect -f '{{.Size}}' "olympus-deploy-actions:bench-$variant")
  docker rmi -f "olympus-deploy-actions:bench-$variant" >/dev/null
  case $variant in
    none) echo "no default terraform (every job installs one): $(mb "$s")" ;;
    raw) echo "terraform stored as is: $(mb "$s")" ;;
  esac
done
echo "terraform zstd-compressed (shipped): $(mb "$size")"

# A job's directories, as the runner mounts them (see
# internal/testbed/dockerrun), with examples/local checked out.
job() {
  local j="$work/job-$1"
  rm -rf "$j" && mkdir -p "$j/ws" "$j/temp/_github_home" "$j/temp/_github_workflow" "$j/temp/_runner_file_commands"
  cp -r examples/local/. "$j/ws/"
  echo '{}' >"$j/temp/_github_workflow/event.json"
  : >"$j/temp/_runner_file_commands/out" && : >"$j/temp/_runner_file_commands/summary"
  echo "$j"
}
mirror="$work/localcloud"
cfg=$(go run ./internal/testbed/cmd/localcloud-install "$mirror")
chmod -R a+rX "$mirror"
run_step() { # dir step inputs... : docker run as the runner does, no network
  local j=$1 step=$2
  shift 2
  local args=(run --rm --workdir /github/workspace --network none
    -e HOME=/github/home -e GITHUB_ACTIONS=true -e CI=true -e GITHUB_WORKSPACE=/github/workspace
    -e GITHUB_EVENT_PATH=/github/workflow/event.json -e GITHUB_EVENT_NAME=workflow_dispatch
    -e GITHUB_OUTPUT=/github/file_commands/out -e GITHUB_STEP_SUMMARY=/github/file_commands/summary
    -e GITHUB_REPOSITORY=olympus-cloud/olympus -e GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 -e GITHUB_REF=refs/heads/main
    -e RUNNER_TEMP=/github/runner_temp -e TF_CLI_CONFIG_FILE="$cfg" -e TF_VAR_api_key=bench
    -v "$j/temp:/github/runner_temp" -v "$j/temp/_github_home:/github/home" -v "$j/temp/_github_workflow:/github/workflow"
    -v "$j/temp/_runner_file_commands:/github/file_commands" -v "$j/ws:/github/workspace" -v "$mirror:$mirror:ro")
  for kv in "$@"; do
    args+=(-e "INPUT_${kv%%=*}=${kv#*=}")
  done
  docker "${args[@]}" "$image" "$step"
}
first_line() { # ms from docker run to the first line it prints
  local t0
  t0=$(now)
  # The step's verdict does not matter here (traffic-rollback finds no
  # emulator and fails after its first line).
  { run_step "$@" 2>&1 || true; } | { IFS= read -r _; echo $(($(now) - t0)); cat >/dev/null; }
}

echo "== time from docker run to the step's first output line (warm image, no network; min / median of $runs)"
declare -A inputs=(
  [validate]="WORKING-DIRECTORY=."
  [plan-comment]="ENVIRONMENTS=dev COMMENT=off"
  [deploy]="ENVIRONMENT=dev BREAK-GLASS=true"
  [traffic-rollback]="PROJECT=olympus-dev-7d1e SERVICE=olympus-api RUN-ENDPOINT=127.0.0.1:9 TIMEOUT=5s DRY-RUN=true"
)
j=$(job first)
for step in validate plan-comment deploy traffic-rollback; do
  # shellcheck disable=SC2086
  times=$(for _ in $(seq "$runs"); do first_line "$j" "$step" ${inputs[$step]}; done)
  echo "$step: $(ms "$(echo "$times" | sort -n | head -1)") / $(ms "$(echo "$times" | median)")"
done

echo "== a whole deploy of examples/local (warm image)"
j=$(job deploy)
t0=$(now); run_step "$j" deploy ENVIRONMENT=dev BREAK-GLASS=true >"$work/deploy.log" 2>&1 || { cat "$work/deploy.log"; exit 1; }; t1=$(now)
echo "first step of a job (terraform unpacked into /github/home, provider cached): $(ms $((t1 - t0)))"
t0=$(now); run_step "$j" deploy ENVIRONMENT=dev BREAK-GLASS=true >"$work/deploy.log" 2>&1 || { cat "$work/deploy.log"; exit 1; }; t1=$(now)
echo "a later step (both in the cache; no changes to apply): $(ms $((t1 - t0)))"

echo "== make image when nothing changed"
t0=$(now); bash scripts/image.sh >/dev/null; t1=$(now)
echo "make image: $(ms $((t1 - t0)))"
fi

if [ "${BENCH_IMAGE_OLD:-}" = 1 ] || [ "${BENCH_IMAGE_OLD:-}" = only ]; then
  old=${OLD_COMMIT:-f38bff6}
  echo "== the previous Dockerfile ($old), cold"
  debian=$(OLYMPUS_BASE_IMAGE=olympus-bench-debian:local bash scripts/base-image.sh debootstrap)
  gctx="$work/go" && mkdir -p "$gctx" && cp -a "$(go env GOROOT)" "$gctx/go"
  # This machine's CA certificates: the way to the Go proxy may need them.
  cp "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$gctx/ca-certificates.crt"
  printf 'FROM %s\nCOPY go /usr/local/go\nCOPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\nENV PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n' "$debian" >"$gctx/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t olympus-bench-golang:local "$gctx" >/dev/null 2>&1
  octx="$work/old" && mkdir -p "$octx"
  git archive "$old" | tar -x -C "$octx"
  cp "$tf" "$octx/terraform"
  {
    git show "$old:Dockerfile" | awk '/^ARG /{print} /^FROM .* AS build$/{on=1; print "FROM olympus-bench-golang:local AS build"; next} on && /^FROM /{exit} on{print}'
    echo "FROM olympus-deploy-actions-base:local"
    echo "COPY --from=build /out/ /usr/local/bin/"
    echo "COPY terraform /usr/local/bin/terraform"
  } >"$octx/Dockerfile.bench"
  echo "(its terraform stage downloads from HashiCorp and its last stage runs apk: neither can run here, so this"
  echo " build copies this machine's terraform instead; the Go build stage, which takes nearly all the time, is verbatim)"
  t0=$(now)
  DOCKER_BUILDKIT=0 docker build --no-cache --network host -f "$octx/Dockerfile.bench" -t olympus-bench-old:local "$octx" >"$work/old.log" 2>&1 || { tail -30 "$work/old.log"; exit 1; }
  t1=$(now)
  echo "cold build of the previous Dockerfile: $(ms $((t1 - t0)))"
  docker rmi -f olympus-bench-old:local olympus-bench-golang:local >/dev/null
fi
