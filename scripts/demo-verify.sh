#!/usr/bin/env bash
# The verified-delivery story of `make demo`, after the deploy to dev: the
# test bed serves the local cloud's services over HTTP (demoapp) and speaks
# the Cloud Run Admin API (runemu), so a deploy checks the service it just
# deployed. A healthy image passes its check; a broken one fails it, and
# deploy rolls the traffic back to the revision that passed, by itself.
# It works on a copy of examples/local, offline, so the repository stays
# clean.
# Usage: demo-verify.sh <olympus> <terraform CLI config> <work dir>
set -euo pipefail
olympus=$(realpath "$1") cfg=$2 work=$3
export TF_CLI_CONFIG_FILE=$cfg OLYMPUS_VERIFY_BACKOFF=200ms
rm -rf "$work" && mkdir -p "$work/bin"
go build -o "$work/bin/" ./internal/testbed/cmd/demoapp ./internal/testbed/cmd/runemu
mkdir -p "$work/module"
tar -C examples/local --exclude=./.terraform -cf - . | tar -C "$work/module" -xf -
cd "$work/module"
mkdir -p .localcloud/dev

"$work/bin/demoapp" -root .localcloud/dev >"$work/demoapp.url" 2>"$work/demoapp.log" &
app=$!
"$work/bin/runemu" -root .localcloud/dev >"$work/runemu.addr" 2>"$work/runemu.log" &
emu=$!
trap 'kill $app $emu 2>/dev/null || true' EXIT
for _ in $(seq 50); do [[ -s $work/demoapp.url && -s $work/runemu.addr ]] && break; sleep 0.1; done
url=$(cat "$work/demoapp.url") addr=$(cat "$work/runemu.addr")
export TF_VAR_service_base_url=$url

say() { printf '\n== %s\n' "$*" >&2; }
checks='- output: service_url
  contains: ok
  attempts: 2'
deploy() {
  "$olympus" deploy --environment dev --verify "$checks" --on-verify-failure rollback \
    --cloud-run-services olympus-dev-7d1e/us-central1/olympus-api-dev --run-endpoint "$addr"
}

say "olympus deploy --environment dev --verify (image api:v1): the check asks $url/olympus-api-dev/healthz"
TF_VAR_image=api:v1 deploy
good=$(curl -fsS "$url/olympus-api-dev/healthz")
echo "$good" >&2

say "olympus deploy --environment dev --verify (image api:v2-broken): the check fails, and the traffic goes back by itself"
if TF_VAR_image=api:v2-broken deploy; then
  echo "the broken deploy passed its check" >&2
  exit 1
fi
say "what answers now: the revision that passed its check (the broken one stays deployed, without traffic; the incident record is incident-dev-*.md)"
now=$(curl -fsS "$url/olympus-api-dev/healthz")
echo "$now" >&2
[[ $now == "$good" ]]
ls incident-dev-*.md >&2
