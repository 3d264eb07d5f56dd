#!/usr/bin/env bash
# Finds a terraform >= 1.5 for make demo and make test, or says exactly how
# to get a pinned one. Prints the path of the terraform it found.
set -euo pipefail

want_major=1 want_minor=5
pinned=1.11.4
tf=${TERRAFORM:-$(command -v terraform || true)}

how() {
  cat >&2 <<MSG
$1
Olympus needs terraform >= ${want_major}.${want_minor}. To get the pinned version ${pinned}:
  go run github.com/hashicorp/hc-install/cmd/hc-install@v0.9.2 install -version ${pinned} -path "\$HOME/.local/bin" terraform
  export PATH="\$HOME/.local/bin:\$PATH"
or set TERRAFORM=/path/to/terraform. (hc-install needs access to releases.hashicorp.com.)
MSG
  exit 1
}

[ -n "$tf" ] && [ -x "$tf" ] || how "terraform was not found on PATH."
ver=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$tf" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9.]*\)".*/\1/p')
[ -n "$ver" ] || how "could not read the version of $tf."
IFS=. read -r major minor _ <<<"$ver"
if [ "$major" -lt "$want_major" ] || { [ "$major" -eq "$want_major" ] && [ "$minor" -lt "$want_minor" ]; }; then
  how "$tf is terraform $ver, which is too old."
fi
echo "$tf"
