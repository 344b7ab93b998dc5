#!/usr/bin/env bash
# Mail benchmark: outbox to SMTP throughput of a real Nodes process (roles users, notifier) for mail
# events seeded into the journal beforehand, against RabbitMQ's own confirmed publish rate on the same
# broker in the same run. Throwaway PostgreSQL (fsync on) and RabbitMQ; the SMTP sink is a counting
# SMTP server inside the benchmark program. Prints a Markdown table.
#   bench/mail.sh                 MAIL_BENCH_COUNT=20000 bench/mail.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/services.sh
source scripts/lib/services.sh
# shellcheck source=../scripts/lib/tls.sh
source scripts/lib/tls.sh

ensure_apt_packages postgresql rabbitmq-server
work=$(mktemp -d "${TMPDIR:-/tmp}/akkaocr-mail-bench.XXXXXX")
chmod 755 "$work"
cleanup() {
  # The benchmark program stops the node itself; this covers an interrupted run.
  if [ -f "$work/node.pid" ]; then kill -KILL "$(cat "$work/node.pid")" 2>/dev/null || true; fi
  throwaway_services_stop "$work"
}
trap cleanup EXIT

# Durable like production: journal writes, sent-mail records and persistent messages reach the disk.
PG_DURABLE=1 throwaway_services_start "$work"
pg_psql "$work/postgres" "$THROWAWAY_PG_PORT" "CREATE DATABASE bench_mail"

log "building (Release)"
for project in src/Nodes bench/MailBench; do
  dotnet publish "$project" -c Release -o "$work/bin/$(basename "$project")" --nologo -v quiet
done

# The node runs as Production, so it talks mutual TLS; it inherits these settings from the program.
cluster_tls_create "$work/tls" "benchmark"
cluster_tls_export "$work/tls"

log "measuring ${MAIL_BENCH_COUNT:-10000} mails"
# Every step inside has its own deadline (MAIL_BENCH_TIMEOUT_S); this one bounds the whole program.
BENCH_POSTGRES="Host=127.0.0.1;Port=$THROWAWAY_PG_PORT;Username=postgres;Database=bench_mail" \
BENCH_RABBITMQ="amqp://guest:guest@127.0.0.1:$THROWAWAY_RABBIT_PORT/" \
BENCH_NODES_DLL="$work/bin/Nodes/AkkaOcr.Nodes.dll" \
BENCH_NODE_AKKA_PORT=$(free_port) BENCH_NODE_HEALTH_PORT=$(free_port) BENCH_SMTP_PORT=$(free_port) \
BENCH_DATA_KEY="benchmark-data-key-0123456789abcdefghijklmnopq" \
BENCH_WORK="$work" BENCH_RABBIT_PID_FILE="$work/rabbitmq/rabbitmq.pid" BENCH_PG_PID_FILE="$work/postgres/data/postmaster.pid" \
  timeout -k 10 $((4 * ${MAIL_BENCH_TIMEOUT_S:-180})) dotnet "$work/bin/MailBench/AkkaOcr.Bench.MailBench.dll" \
  || { tail -n 30 "$work/node.log" >&2 2>/dev/null || true; die "mail benchmark failed"; }
