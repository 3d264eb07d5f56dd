#!/bin/sh
# The local example's stand-in for terraform/checks/api-ready.sh, so that
# the pipeline's deploy-dev runs the same check on the test bed: the local
# cloud has no API to ask, so its store is read (the provider's root, as
# main.tf sets it): the API's newest revision is Ready and serves traffic.
# Only the shell's own commands: the action's image has no grep or sed.
# Usage: checks/api-ready.sh <environment>   (in the root module's directory)
set -eu
env=${1:?usage: checks/api-ready.sh <environment>}
root=
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
  *'root = "'*'/${var.environment}"'*)
    rest=${line#*'root = "'}
    root=${rest%%'/${var.environment}"'*}
    case $root in '${path.root}'*) root=.${root#'${path.root}'} ;; esac
    ;;
  esac
done <main.tf
[ -n "$root" ] || { echo "main.tf sets no provider root" >&2; exit 1; }
f="$root/$env/services/olympus-api-$env.json"
echo "reading $f"
ready= serving=
while IFS= read -r line || [ -n "$line" ]; do
  case $line in *'"ready": true'*) ready=1 ;; esac
  case $line in *'"percent": 100'*) serving=1 ;; esac
done <"$f"
[ -n "$ready" ] || { echo "the newest revision of olympus-api-$env is not ready" >&2; exit 1; }
[ -n "$serving" ] || { echo "no revision of olympus-api-$env serves all traffic" >&2; exit 1; }
