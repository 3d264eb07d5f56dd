#!/usr/bin/env bash
# Makes sure a Docker engine answers, starting dockerd (as root, Debian's
# docker.io) when none runs. Exit 0 when the engine is up; 1, saying why,
# when it cannot be had. Its log is $OLYMPUS_DOCKERD_LOG (default
# /tmp/olympus-dockerd.log).
set -uo pipefail

command -v docker >/dev/null || { echo "docker-engine: no docker client; install Debian's docker.io (apt-get install -y docker.io)" >&2; exit 1; }
if docker info >/dev/null 2>&1; then
  exit 0
fi
if ! command -v dockerd >/dev/null; then
  echo "docker-engine: no Docker engine runs and dockerd is not installed (apt-get install -y docker.io)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "docker-engine: no Docker engine runs, and starting dockerd needs root" >&2
  exit 1
fi
log=${OLYMPUS_DOCKERD_LOG:-/tmp/olympus-dockerd.log}
echo "docker-engine: starting dockerd (log: $log)" >&2
# setsid: the engine outlives this script and the test that called it.
setsid dockerd >"$log" 2>&1 </dev/null &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 0.5
done
echo "docker-engine: dockerd did not answer within 30 s; last lines of $log:" >&2
tail -n 20 "$log" >&2
exit 1
