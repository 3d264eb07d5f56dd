#!/usr/bin/env bash
# Prints the migration guard's throughput on 1,000 migration files: the Go
# benchmark (list, read, parse, judge, after the parser's one-time start),
# then a whole `olympus validate --checks migrations` process on the same
# number of files, start-up (compiling libpg_query's WebAssembly) included.
# Usage: make bench.
set -euo pipefail
cd "$(dirname "$0")/.."
go test ./internal/migrations -run '^$' -bench Guard1000Files -benchtime 3x | grep -E '^Benchmark'
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
t0=$(date +%s%N)
(cd "$work" && "$OLDPWD/bin/olympus" validate --checks migrations --sarif-file out.sarif >/dev/null 2>&1)
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
echo "olympus validate --checks migrations, 1,000 files, whole process: ${ms} ms ($(( 1000 * 1000 / (ms > 0 ? ms : 1) )) files/s)"
