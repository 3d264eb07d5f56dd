#!/bin/sh
# The local example's stand-in for terraform/checks/api-ready.sh, so that
# the pipeline's deploy-dev runs the same check on the test bed: the local
# cloud has no API to ask, so its store is read (the provider's root, as
# main.tf sets it): the API's newest revision is Ready and serves traffic.
# Usage: checks/api-ready.sh <environment>   (in the root module's directory)
set -eu
env=${1:?usage: checks/api-ready.sh <environment>}
root=$(sed -n 's|^ *root *= *"\(.*\)/${var.environment}"|\1|p' main.tf | sed 's|${path.root}|.|')
f="$root/$env/services/olympus-api-$env.json"
echo "reading $f"
grep -q '"ready": true' "$f"
grep -q '"percent": 100' "$f"
