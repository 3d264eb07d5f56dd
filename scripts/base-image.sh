#!/usr/bin/env bash
# Usage: base-image.sh [files|debootstrap]
# Makes the base image the tests build the Dockerfile on, since no image
# can be pulled here, imports it as olympus-deploy-actions-base:local and
# prints that name. Like the shipped base (alpine/git) it holds git (for
# terraform module sources), CA certificates and /bin/sh, nothing more.
#   files (default)  FROM scratch plus this machine's git, sh and CA
#                    certificates with the shared libraries they load:
#                    about 25 MB, made in a few seconds, no network.
#   debootstrap      a Debian bookworm minbase root file system with git and
#                    ca-certificates from Debian's mirror: about 220 MB once
#                    pruned, about 2 minutes to make.
# The root file system is kept as a tarball in
# ~/.cache/olympus-deploy-actions/base (OLYMPUS_TOOLS_DIR's parent), keyed
# by what went in, so a fresh engine only imports it.
set -euo pipefail

mode=${1:-${OLYMPUS_BASE:-files}}
image=${OLYMPUS_BASE_IMAGE:-olympus-deploy-actions-base:local}
cache=${OLYMPUS_BASE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/olympus-deploy-actions/base}
self=$(sha256sum "$0" | cut -c1-12)

case "$mode" in
  files)
    pkgs=$(dpkg-query -W -f '${Package}=${Version} ' git ca-certificates dash libc6 2>/dev/null || true)
    ;;
  debootstrap)
    pkgs="bookworm minbase git ca-certificates"
    ;;
  *) echo "usage: $0 [files|debootstrap]" >&2; exit 2 ;;
esac
key="$mode-$(echo "$self $pkgs" | sha256sum | cut -c1-16)"
tarball="$cache/$key.tar"

if [ "$(docker image inspect -f '{{ index .Config.Labels "olympus.base" }}' "$image" 2>/dev/null)" = "$key" ]; then
  echo "$image"
  exit 0
fi

if [ ! -s "$tarball" ]; then
  mkdir -p "$cache"
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  echo "base-image: making the $mode root file system (once)" >&2
  case "$mode" in
    files)
      # git and the helpers it runs from its exec path: remote-http(s) for
      # https sources, upload-pack for local ones.
      mkdir -p "$root/usr/bin" "$root/usr/lib/git-core" "$root/bin" "$root/etc/ssl/certs" "$root/tmp" "$root/root" "$root/usr/share/git-core"
      cp -a /usr/bin/git "$root/usr/bin/git"
      for f in /usr/lib/git-core/*; do
        # every command that is git itself under another name, and the
        # https transport
        if [ -L "$f" ] || [ "$(basename "$f")" = git ] || [ "$(basename "$f")" = git-remote-http ]; then
          cp -a "$f" "$root/usr/lib/git-core/"
        fi
      done
      cp -a /usr/share/git-core/templates "$root/usr/share/git-core/" 2>/dev/null || true
      cp -L /bin/dash "$root/bin/sh"
      for bin in /usr/bin/git /usr/lib/git-core/git-remote-http /bin/dash; do
        ldd "$bin" | awk '/=>/ {print $3} /^\s*\/.*ld-linux/ {print $1}'
      done | sort -u | while read -r lib; do
        [ -n "$lib" ] || continue
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
      done
      # /lib64 and /lib are symlinks into /usr on Debian: keep the loader's
      # path as programs have it.
      if [ -e /lib64/ld-linux-x86-64.so.2 ] && [ ! -e "$root/lib64/ld-linux-x86-64.so.2" ]; then
        mkdir -p "$root/lib64" && cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
      fi
      cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
      printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
      printf 'root:x:0:\n' >"$root/etc/group"
      printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
      chmod 1777 "$root/tmp"
      chmod 0700 "$root/root"
      ;;
    debootstrap)
      command -v debootstrap >/dev/null || { echo "base-image: install debootstrap (apt-get install -y debootstrap)" >&2; exit 1; }
      mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
      debootstrap --variant=minbase --include=ca-certificates,git bookworm "$root" "$mirror" >&2
      rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
        "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/locale "$root"/usr/share/info
      ;;
  esac
  tar -C "$root" --numeric-owner -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
fi
docker import -c "LABEL olympus.base=$key" -c "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  "$tarball" "$image" >/dev/null
echo "$image"
