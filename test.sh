#!/usr/bin/env bash
# Runs every test of AkkaOcr. Installs what is missing, starts throwaway PostgreSQL and RabbitMQ
# instances on free loopback ports with data in a temporary folder (fresh for each run, never
# shared with ./run.sh), runs `dotnet test AkkaOcr.sln`, stops everything it started (also when
# tests fail), and ends with the totals on one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh

ensure_apt_packages postgresql rabbitmq-server tesseract-ocr tesseract-ocr-eng libtesseract5 \
  imagemagick fonts-dejavu-core curl

work=$(mktemp -d "${TMPDIR:-/tmp}/akkaocr-test.XXXXXX")
chmod 755 "$work"
pg_port=$(free_port)
rabbit_port=$(free_port)
rabbit_dist_port=$(free_port)
rabbit_node="akkaocr-test-$$@localhost"

cleanup() {
  rabbit_stop "$work/rabbitmq" "$rabbit_node"
  pg_stop "$work/postgres"
  as_root rm -rf "$work"
}
trap cleanup EXIT

log "starting PostgreSQL on 127.0.0.1:$pg_port"
# Durability settings are off: this instance lives for one test run.
PG_HOST_AUTH=trust PG_EXTRA_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
  pg_start "$work/postgres" "$pg_port"
log "starting RabbitMQ on 127.0.0.1:$rabbit_port"
rabbit_start "$work/rabbitmq" "$rabbit_node" "$rabbit_port" "$rabbit_dist_port"

export AKKAOCR_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export AKKAOCR_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$rabbit_port/"
export AKKAOCR_TEST_RABBITMQ_NODE="$rabbit_node"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results="$work/results"
set +e
dotnet test AkkaOcr.sln --logger trx --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?
set -e

passed=0 failed=0 total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed))) failed=$((failed + $(get failed))) total=$((total + $(get total)))
done
skipped=$((total - passed - failed))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  log "dotnet test exited with $status (build error or crashed test host)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
