#!/bin/sh
# install-terraform.sh VERSION SHA256 DEST
# Downloads terraform VERSION for linux_amd64, refuses it unless its zip has
# the expected SHA256, and installs the binary as DEST/terraform. The
# Dockerfile runs it; a test runs it against a local server.
set -eu

version=${1:?usage: install-terraform.sh VERSION SHA256 DEST}
sum=${2:?usage: install-terraform.sh VERSION SHA256 DEST}
dest=${3:?usage: install-terraform.sh VERSION SHA256 DEST}
base=${TERRAFORM_RELEASES_URL:-https://releases.hashicorp.com/terraform}
platform=${TERRAFORM_PLATFORM:-linux_amd64}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
zip="terraform_${version}_${platform}.zip"
curl -fsSL --retry 3 -o "$tmp/$zip" "$base/$version/$zip"
echo "$sum  $tmp/$zip" | sha256sum -c - >/dev/null || {
  echo "install-terraform: checksum mismatch for $zip: want $sum" >&2
  exit 1
}
unzip -q -o "$tmp/$zip" terraform -d "$tmp/out"
mkdir -p "$dest"
install -m 0755 "$tmp/out/terraform" "$dest/terraform"
echo "installed terraform $version to $dest/terraform"
