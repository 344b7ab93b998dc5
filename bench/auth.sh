#!/usr/bin/env bash
# Auth benchmark: sign-up flows (register, generate_otp, verify_otp, login) through the real gateway
# and a users node, then the same flows against a plain ASP.NET Core + Npgsql baseline with the same
# rules and hashing, on one throwaway PostgreSQL, in one run. Prints a Markdown table.
#   bench/auth.sh                 BENCH_FLOWS=600 BENCH_CONCURRENCY=16 BENCH_PASSWORD_ITERATIONS=100000 bench/auth.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/bench.sh
source scripts/lib/bench.sh

# Durable like production: every write is fsynced, for both targets alike.
PG_DURABLE=1 bench_start postgresql rabbitmq-server curl
for db in bench_cluster bench_baseline; do
  pg_psql "$work/postgres" "$THROWAWAY_PG_PORT" "CREATE DATABASE $db"
done
bench_publish src/Gateway src/Nodes bench/AuthBaseline bench/AuthBench
bench_production_settings
# Both targets hash at the same cost: OWASP's PBKDF2-HMAC-SHA512 figure, the gateway's default, unless
# BENCH_PASSWORD_ITERATIONS says otherwise. The gateway may hash on every core and queue every flow in flight,
# as the baseline does: the table compares the actor layer, not the gateway's cap on concurrent hashing.
export Passwords__Iterations="${BENCH_PASSWORD_ITERATIONS:-210000}"
export Passwords__MaxConcurrentHashes="$(nproc)" Passwords__MaxQueuedHashes=10000
seed_port=$(free_port) gateway_akka_port=$(free_port)
users_health=$(free_port) gateway_http=$(free_port) baseline_http=$(free_port)

ConnectionStrings__Postgres="$pg;Database=bench_cluster" \
  dotnet "$work/bin/Nodes/AkkaOcr.Nodes.dll" --urls "http://127.0.0.1:$users_health" --Akka:Port="$seed_port" \
  --Akka:SeedNodes:0="akka.tcp://akkaocr@127.0.0.1:$seed_port" --Akka:Roles:0=users >"$work/users.log" 2>&1 &
users_pid=$!; pids+=("$users_pid")
# The gateway stores uploaded documents, so it needs the database too; the auth flows never write there.
ConnectionStrings__Postgres="$pg;Database=bench_cluster" \
  dotnet "$work/bin/Gateway/AkkaOcr.Gateway.dll" --urls "http://127.0.0.1:$gateway_http" --Akka:Port="$gateway_akka_port" \
  --Akka:SeedNodes:0="akka.tcp://akkaocr@127.0.0.1:$seed_port" >"$work/gateway.log" 2>&1 &
gateway_pid=$!; pids+=("$gateway_pid")
ConnectionStrings__Postgres="$pg;Database=bench_baseline" \
  dotnet "$work/bin/AuthBaseline/AkkaOcr.Bench.AuthBaseline.dll" --urls "http://127.0.0.1:$baseline_http" >"$work/baseline.log" 2>&1 &
baseline_pid=$!; pids+=("$baseline_pid")

wait_for_ready 120 "http://127.0.0.1:$users_health" "http://127.0.0.1:$gateway_http" "http://127.0.0.1:$baseline_http"

BENCH_CLUSTER_URL="http://127.0.0.1:$gateway_http" BENCH_CLUSTER_DB="$pg;Database=bench_cluster" \
BENCH_CLUSTER_PIDS="$gateway_pid,$users_pid" \
BENCH_BASELINE_URL="http://127.0.0.1:$baseline_http" BENCH_BASELINE_DB="$pg;Database=bench_baseline" \
BENCH_BASELINE_PIDS="$baseline_pid" BENCH_DATA_KEY="$Security__DataKey" \
  dotnet "$work/bin/AuthBench/AkkaOcr.Bench.AuthBench.dll"
