#!/usr/bin/env bash
# Document benchmark: one rendered scanned PDF (BENCH_PAGES A4 pages at 300 dpi of known text, 40), read
# (a) by ocrmypdf -j 2 --output-type pdf --optimize 0, (a') the same with --rotate-pages, (b) through the job API of a real cluster (gateway,
# users node, one ocr node with 2 workers), (b') the same with rotate=false (no orientation detection, as
# ocrmypdf's default), (c) as (b) after a second ocr node with 2 workers joins on the same machine. Prints a
# Markdown table (pages/s, time to the first page done, CER of the text and of the searchable PDF) and the
# CPU each process spent.
#   bench/documents.sh            BENCH_PAGES=10 bench/documents.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/bench.sh
source scripts/lib/bench.sh

bench_start postgresql rabbitmq-server tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract5 poppler-utils qpdf \
  img2pdf ghostscript imagemagick fonts-dejavu-core ocrmypdf curl
pg_psql "$work/postgres" "$THROWAWAY_PG_PORT" "CREATE DATABASE bench_documents"
bench_publish src/Gateway src/Nodes bench/DocumentBench
bench_production_settings
export ConnectionStrings__Postgres="$pg;Database=bench_documents"
bench() { dotnet "$work/bin/DocumentBench/AkkaOcr.Bench.DocumentBench.dll" "$@"; }
doc="$work/document"
mkdir -p "$doc"

log "rendering the document"
bench render "$doc"

log "(a) ocrmypdf"
bench ocrmypdf "$doc"
log "(a') ocrmypdf --rotate-pages"
bench ocrmypdf "$doc" rotate

seed_port=$(free_port) gateway_http=$(free_port)
seed="akka.tcp://akkaocr@127.0.0.1:$seed_port"
node_pids=""

# start_node NAME ROLE [AKKA_PORT] : a Nodes process joining $seed (ocr nodes with 2 workers); waits until it is ready.
start_node() {
  local name=$1 role=$2 akka_port=${3:-$(free_port)} health_port
  health_port=$(free_port)
  Ocr__Workers=2 dotnet "$work/bin/Nodes/AkkaOcr.Nodes.dll" --urls "http://127.0.0.1:$health_port" --Akka:Port="$akka_port" \
    --Akka:SeedNodes:0="$seed" --Akka:Roles:0="$role" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  node_pids+=" $name=$!"
  wait_for_ready 120 "http://127.0.0.1:$health_port"
}

# wait_for_workers COUNT : until the users node's OCR router has seen COUNT workers join.
wait_for_workers() {
  local deadline=$((SECONDS + 120))
  until [ "$(grep -c "OCR worker .* joined" "$work/users.log" || true)" -ge "$1" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "the users node did not see $1 OCR workers join"
    sleep 0.5
  done
}

postgres_pid=$(head -n 1 "$work/postgres/data/postmaster.pid")
start_node users users "$seed_port"
start_node ocr-1 ocr
dotnet "$work/bin/Gateway/AkkaOcr.Gateway.dll" --urls "http://127.0.0.1:$gateway_http" --Akka:Port="$(free_port)" \
  --Akka:SeedNodes:0="$seed" >"$work/gateway.log" 2>&1 &
pids+=("$!")
node_pids+=" gateway=$!"
wait_for_ready 120 "http://127.0.0.1:$gateway_http"
wait_for_workers 2

run_jobs() {
  BENCH_URL="http://127.0.0.1:$gateway_http" BENCH_DB="$ConnectionStrings__Postgres" BENCH_DATA_KEY="$Security__DataKey" \
  BENCH_PIDS="$node_pids PostgreSQL=$postgres_pid" bench job "$doc" "$@"
}
log "(b) job API, one ocr node"
run_jobs b "(b) job API, 1 ocr node × 2 workers"
# The job API turns pages upright by default (Tesseract OSD on every page); ocrmypdf does not unless asked.
log "(b') the same without orientation detection"
run_jobs b-upright "(b′) as (b), rotate=false" "rotate=false"

start_node ocr-2 ocr
wait_for_workers 4
log "(c) job API, two ocr nodes"
run_jobs c "(c) job API, 2 ocr nodes × 2 workers"

bench report "$doc"
