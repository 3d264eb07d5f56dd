#!/usr/bin/env bash
# Prints the migration guard's throughput on 1,000 migration files: the Go
# benchmark (list, read, parse, judge, after the parser's one-time start),
# then a whole `olympus validate --checks migrations` process on the same
# number of files and on one file, start-up included: with an empty tools
# cache (libpg_query's WebAssembly compiled, about 2 s of CPU) and with the
# compiled module kept in it from the run before.
# Usage: make bench.
set -euo pipefail
cd "$(dirname "$0")/.."
go test ./internal/domain/migrations -run '^$' -bench Guard1000Files -benchtime 3x | grep -E '^Benchmark'
go build -o bin/ ./cmd/olympus ./cmd/olympus-validate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/migrations"
for i in $(seq -w 1 1000); do
  cat >"$work/migrations/${i}_orders.sql" <<SQL
-- Migration $i: orders and their totals.
CREATE TABLE IF NOT EXISTS orders_$i (id bigserial PRIMARY KEY, user_id bigint NOT NULL, total numeric(12,2) NOT NULL DEFAULT 0);
ALTER TABLE users ADD COLUMN IF NOT EXISTS pref_$i text;
UPDATE users SET pref_$i = 'none' WHERE pref_$i IS NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_${i}_user ON orders_$i (user_id);
SQL
done
mkdir -p "$work/one/migrations"
printf "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;\n" >"$work/one/migrations/0001_nickname.sql"
olympus=$PWD/bin/olympus
# whole DIR CACHE prints the wall time in ms of one validate run.
whole() {
  local t0 t1
  t0=$(date +%s%N)
  (cd "$1" && OLYMPUS_CACHE_DIR=$2 "$olympus" validate --checks migrations --sarif-file out.sarif >/dev/null 2>&1) || true
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
cold=$(whole "$work/one" "$work/cache-one")
warm=$(whole "$work/one" "$work/cache-one")
echo "olympus validate --checks migrations, 1 file, whole process: ${cold} ms with an empty tools cache, ${warm} ms with the parser compiled in it"
whole "$work" "$work/cache" >/dev/null
ms=$(whole "$work" "$work/cache")
echo "olympus validate --checks migrations, 1,000 files, whole process: ${ms} ms ($(( 1000 * 1000 / (ms > 0 ? ms : 1) )) files/s)"
