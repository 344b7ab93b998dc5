#!/usr/bin/env bash
# OCR engines benchmark: one corpus of rendered English text lines and A4 pages, read by Tesseract and
# by PP-OCR (ONNX Runtime, CPU): each in process with W threads, then through POST /ocr?engine=… on a
# real gateway, users node and one ocr node per engine with W workers each. Prints a Markdown table:
# images/s, latency and character error rate, side by side. The CUDA row says "not measured" on a
# machine without a GPU.
#   bench/engines.sh            BENCH_WORKERS=2 BENCH_LINES=40 BENCH_PAGES=4 bench/engines.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/bench.sh
source scripts/lib/bench.sh

bench_start postgresql rabbitmq-server tesseract-ocr tesseract-ocr-eng libtesseract5 imagemagick fonts-dejavu-core curl
ppocr_models_install .local/tools
pg_psql "$work/postgres" "$THROWAWAY_PG_PORT" "CREATE DATABASE bench_engines"
bench_publish src/Gateway src/Nodes bench/EngineBench
bench_production_settings
export ConnectionStrings__Postgres="$pg;Database=bench_engines"
workers=${BENCH_WORKERS:-$(nproc)}
seed_port=$(free_port) gateway_akka_port=$(free_port)
users_health=$(free_port) tesseract_health=$(free_port) ppocr_health=$(free_port) gateway_http=$(free_port)
seed="akka.tcp://akkaocr@127.0.0.1:$seed_port"

dotnet "$work/bin/Nodes/AkkaOcr.Nodes.dll" --urls "http://127.0.0.1:$users_health" --Akka:Port="$seed_port" \
  --Akka:SeedNodes:0="$seed" --Akka:Roles:0=users >"$work/users.log" 2>&1 &
pids+=("$!")
Ocr__Workers="$workers" dotnet "$work/bin/Nodes/AkkaOcr.Nodes.dll" --urls "http://127.0.0.1:$tesseract_health" --Akka:Port="$(free_port)" \
  --Akka:SeedNodes:0="$seed" --Akka:Roles:0=ocr >"$work/ocr-tesseract.log" 2>&1 &
pids+=("$!")
Ocr__Workers="$workers" Ocr__Engine=ppocr Ocr__ModelsPath="$PPOCR_MODELS" dotnet "$work/bin/Nodes/AkkaOcr.Nodes.dll" \
  --urls "http://127.0.0.1:$ppocr_health" --Akka:Port="$(free_port)" --Akka:SeedNodes:0="$seed" --Akka:Roles:0=ocr >"$work/ocr-ppocr.log" 2>&1 &
pids+=("$!")
Uploads__MaxConcurrentPerUser=$((2 * workers)) \
dotnet "$work/bin/Gateway/AkkaOcr.Gateway.dll" --urls "http://127.0.0.1:$gateway_http" --Akka:Port="$gateway_akka_port" \
  --Akka:SeedNodes:0="$seed" >"$work/gateway.log" 2>&1 &
pids+=("$!")

wait_for_ready 120 "http://127.0.0.1:$users_health" "http://127.0.0.1:$tesseract_health" "http://127.0.0.1:$ppocr_health" "http://127.0.0.1:$gateway_http"

BENCH_URL="http://127.0.0.1:$gateway_http" BENCH_DB="$ConnectionStrings__Postgres" BENCH_DATA_KEY="$Security__DataKey" \
BENCH_MODELS="$PPOCR_MODELS" BENCH_WORKERS="$workers" \
  dotnet "$work/bin/EngineBench/AkkaOcr.Bench.EngineBench.dll"
