#!/usr/bin/env bash
# Scale-out benchmark: the same mix of sign-ups, sign-ins and OCR uploads against a cluster of real
# processes with 1 users and 1 ocr node, then with 2 of each (one gateway both times; no notifier, so
# the CPU measured is the users' and OCR nodes' work). Prints a Markdown table: requests/s, latency,
# CPU time per request, and the work each users and ocr node did (from its /metrics).
#   bench/scale.sh          BENCH_SECONDS=120 BENCH_CONCURRENCY=16 bench/scale.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/bench.sh
source scripts/lib/bench.sh

bench_start postgresql rabbitmq-server tesseract-ocr tesseract-ocr-eng libtesseract5 imagemagick fonts-dejavu-core curl
bench_publish src/Gateway src/Nodes bench/ScaleBench
bench_production_settings

# start_node NAME ROLE : a Nodes process joining $seed; appends "NAME=PID=URL" to $nodes.
start_node() {
  local name=$1 role=$2 akka_port health_port
  akka_port=${3:-$(free_port)} health_port=$(free_port)
  dotnet "$work/bin/Nodes/AkkaOcr.Nodes.dll" --urls "http://127.0.0.1:$health_port" --Akka:Port="$akka_port" \
    --Akka:SeedNodes:0="$seed" --Akka:Roles:0="$role" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  nodes+=" $name=$!=http://127.0.0.1:$health_port"
  urls+=("http://127.0.0.1:$health_port")
}

rows=()
for size in 1 2; do
  database="bench_scale_$size"
  pg_psql "$work/postgres" "$THROWAWAY_PG_PORT" "CREATE DATABASE $database"
  export ConnectionStrings__Postgres="$pg;Database=$database"
  seed_port=$(free_port) gateway_http=$(free_port)
  seed="akka.tcp://akkaocr@127.0.0.1:$seed_port"
  nodes="" urls=()
  log "cluster with $size users and $size ocr node(s)"
  start_node users-1 users "$seed_port"
  start_node ocr-1 ocr
  if [ "$size" -eq 2 ]; then start_node users-2 users; start_node ocr-2 ocr; fi
  dotnet "$work/bin/Gateway/AkkaOcr.Gateway.dll" --urls "http://127.0.0.1:$gateway_http" --Akka:Port="$(free_port)" \
    --Akka:SeedNodes:0="$seed" >"$work/gateway.log" 2>&1 &
  pids+=("$!")
  nodes+=" gateway=$!=-"
  wait_for_ready 120 "${urls[@]}" "http://127.0.0.1:$gateway_http"

  rows+=("$(BENCH_LABEL="$size users + $size ocr" BENCH_URL="http://127.0.0.1:$gateway_http" BENCH_DB="$ConnectionStrings__Postgres" \
    BENCH_DATA_KEY="$Security__DataKey" BENCH_NODES="$nodes" dotnet "$work/bin/ScaleBench/AkkaOcr.Bench.ScaleBench.dll")")
  bench_stop_processes
done

echo
echo "Mixed load: ${BENCH_CONCURRENCY:-8} flows in flight for ${BENCH_SECONDS:-60} s after a ${BENCH_WARMUP_SECONDS:-15} s warm-up; sign-up 3 : sign-in 1 : OCR upload ${BENCH_OCR_WEIGHT:-2}; $(nproc) cores."
echo
echo "| cluster | requests/s | p50 ms | p99 ms | failed | CPU ms per request (all nodes) | work per users node | work per ocr node | CPU s per node |"
echo "|---|---:|---:|---:|---:|---:|---|---|---|"
printf '%s\n' "${rows[@]}"
