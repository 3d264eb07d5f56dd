#!/usr/bin/env bash
# The data-refresh step's own cost on a large database: a whole `olympus
# data-refresh` process against the SQL Admin emulator with production's
# database seeded to about 1 GB (ROWS customers, 2*ROWS orders; default
# 900000), beside the same PostgreSQL tools alone. Inside the refresh the
# emulator runs pg_restore into the scratch instance, pg_dump of it (the
# sanitized backup) and pg_restore onto the target; the tools alone are
# those three, by hand, with the same flags. What is left is the step's own
# work: the sanitization UPDATEs, the samples and the verification scans,
# and the polling around the emulator. Not part of make test or make bench
# (minutes). Usage: bash scripts/bench-data-refresh.sh
set -euo pipefail
# The emulator answers at once: poll it every 5 ms, not as production does.
export OLYMPUS_TEST_TIMING=5ms
cd "$(dirname "$0")/.."
rows=${ROWS:-900000}
go build -o bin/olympus ./cmd/olympus
go build -o bin/sqlemu ./internal/testbed/cmd/sqlemu
work=$(mktemp -d)
chmod 755 "$work"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
t0=$(ms)
bin/sqlemu -refresh -seed examples/data-refresh/prod-seed.sql -rows "$rows" -dsn-file "$work/pg.env" >"$work/url" &
emu=$!
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null; rm -rf "$work"' EXIT
until [ -s "$work/url" ]; do kill -0 $emu 2>/dev/null || exit 1; sleep 1; done
url=$(cat "$work/url")
# shellcheck disable=SC1091
set -a; . "$work/pg.env"; set +a
seeded=$(( $(ms) - t0 ))
size=$("$PG_BIN/psql" -d "$PROD_DB" -Atc "select pg_size_pretty(pg_database_size(current_database()))")

t0=$(ms)
(cd "$work" && "$OLDPWD/bin/olympus" data-refresh --source-project olympus-prod-9c3f --target-project olympus-staging-4b2a \
   --service-account data-refresh@olympus-staging-4b2a.iam.gserviceaccount.com --sanitize-path "$OLDPWD/examples/data-refresh/sanitize" \
   --reason bench --sql-endpoint "$url" >"$work/refresh.log" 2>&1) || { cat "$work/refresh.log"; exit 1; }
refresh=$(( $(ms) - t0 ))
grep -q '| Verification | passed |' "$work/refresh.log" || { cat "$work/refresh.log"; exit 1; }

# The same tools alone: restore the production dump, dump that copy,
# restore that dump, as the emulator does for the scratch and the target.
"$PG_BIN/pg_dump" -Fc -Z 1 -d "$PROD_DB" -f "$work/prod.dump"
t0=$(ms)
"$PG_BIN/psql" -q -d postgres -c "CREATE DATABASE bench_scratch" -c "CREATE DATABASE bench_target"
"$PG_BIN/pg_restore" --no-owner --no-acl --exit-on-error -j 2 -d bench_scratch "$work/prod.dump"
"$PG_BIN/pg_dump" -Fc -Z 1 -d bench_scratch -f "$work/scratch.dump"
"$PG_BIN/pg_restore" --no-owner --no-acl --exit-on-error -j 2 -d bench_target "$work/scratch.dump"
tools=$(( $(ms) - t0 ))

printf 'data-refresh on a %s production database (%d customers, %d orders; seeding took %d s):\n' "$size" "$rows" $((2 * rows)) $((seeded / 1000))
printf '  whole refresh (olympus data-refresh against the emulator): %6.1f s\n' "$(echo "$refresh / 1000" | bc -l)"
printf '  pg_restore + pg_dump + pg_restore alone:                   %6.1f s\n' "$(echo "$tools / 1000" | bc -l)"
printf '  the step'"'"'s own work and overhead (sanitize, sample, verify, polling): %6.1f s\n' "$(echo "($refresh - $tools) / 1000" | bc -l)"
