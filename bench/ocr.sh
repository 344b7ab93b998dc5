#!/usr/bin/env bash
# OCR benchmark: one corpus of rendered text lines and A4 pages, read (a) by the Tesseract engine in
# process with W threads, (b) by the tesseract command line, one process per image, W at a time,
# (c) through POST /ocr on a real gateway, users node and ocr node with W workers. Then the ocr
# node's RSS before and after 1,000 more requests. Prints Markdown tables: throughput and latency, and
# the CPU each process spent per line image.
#   bench/ocr.sh            BENCH_WORKERS=4 BENCH_LINES=80 bench/ocr.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/bench.sh
source scripts/lib/bench.sh

bench_start postgresql rabbitmq-server tesseract-ocr tesseract-ocr-eng libtesseract5 imagemagick fonts-dejavu-core curl
pg_psql "$work/postgres" "$THROWAWAY_PG_PORT" "CREATE DATABASE bench_ocr"
bench_publish src/Gateway src/Nodes bench/OcrBench
bench_production_settings
export ConnectionStrings__Postgres="$pg;Database=bench_ocr"
workers=${BENCH_WORKERS:-$(nproc)}
seed_port=$(free_port) ocr_port=$(free_port) gateway_akka_port=$(free_port)
users_health=$(free_port) ocr_health=$(free_port) gateway_http=$(free_port)
seed="akka.tcp://akkaocr@127.0.0.1:$seed_port"

# The users node runs the mail outbox (OCR-finished mails queue in RabbitMQ); no notifier, so no SMTP work.
dotnet "$work/bin/Nodes/AkkaOcr.Nodes.dll" --urls "http://127.0.0.1:$users_health" --Akka:Port="$seed_port" \
  --Akka:SeedNodes:0="$seed" --Akka:Roles:0=users >"$work/users.log" 2>&1 &
users_pid=$!; pids+=("$users_pid")
Ocr__Workers="$workers" dotnet "$work/bin/Nodes/AkkaOcr.Nodes.dll" --urls "http://127.0.0.1:$ocr_health" --Akka:Port="$ocr_port" \
  --Akka:SeedNodes:0="$seed" --Akka:Roles:0=ocr >"$work/ocr.log" 2>&1 &
ocr_pid=$!; pids+=("$ocr_pid")
# One signed-in user keeps 2W uploads in flight: the per-user upload limit must allow them.
Uploads__MaxConcurrentPerUser=$((2 * workers)) \
dotnet "$work/bin/Gateway/AkkaOcr.Gateway.dll" --urls "http://127.0.0.1:$gateway_http" --Akka:Port="$gateway_akka_port" \
  --Akka:SeedNodes:0="$seed" >"$work/gateway.log" 2>&1 &
gateway_pid=$!; pids+=("$gateway_pid")

wait_for_ready 120 "http://127.0.0.1:$users_health" "http://127.0.0.1:$ocr_health" "http://127.0.0.1:$gateway_http"

BENCH_URL="http://127.0.0.1:$gateway_http" BENCH_DB="$ConnectionStrings__Postgres" BENCH_DATA_KEY="$Security__DataKey" \
BENCH_OCR_PID="$ocr_pid" BENCH_CLUSTER_PIDS="gateway=$gateway_pid,users=$users_pid,ocr=$ocr_pid" BENCH_WORKERS="$workers" \
  dotnet "$work/bin/OcrBench/AkkaOcr.Bench.OcrBench.dll"
