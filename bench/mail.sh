#!/usr/bin/env bash
# Mail benchmark: outbox to SMTP throughput of a real Nodes process (roles users, notifier) for mail
# events seeded into the journal beforehand, against RabbitMQ's own confirmed publish rate on the same
# broker in the same run. Throwaway PostgreSQL (fsync on) and RabbitMQ; the SMTP sink is a counting
# SMTP server inside the benchmark program. Prints a Markdown table per journal size, then one that sets
# them side by side: the outbox's drain rate must not fall as the journal grows.
#   bench/mail.sh                 MAIL_BENCH_COUNTS="10000 200000" (the default)   MAIL_BENCH_COUNT=20000 (one size)
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
counts=${MAIL_BENCH_COUNTS:-${MAIL_BENCH_COUNT:-10000 200000}}
for count in $counts; do
  [[ $count =~ ^[1-9][0-9]{0,6}$ ]] || die "MAIL_BENCH_COUNTS holds '$count', not a count of mails from 1 to 9999999"
done

log "building (Release)"
for project in src/Nodes bench/MailBench; do
  dotnet publish "$project" -c Release -o "$work/bin/$(basename "$project")" --nologo -v quiet
done

# The node runs as Production, so it talks mutual TLS; it inherits these settings from the program.
cluster_tls_create "$work/tls" "benchmark"
cluster_tls_export "$work/tls"

summary="$work/summary.tsv"
for count in $counts; do
  log "measuring $count mails"
  # A database per size: each run starts from a journal of exactly that many mail events.
  pg_psql "$work/postgres" "$THROWAWAY_PG_PORT" "CREATE DATABASE bench_mail_$count"
  timeout_s=${MAIL_BENCH_TIMEOUT_S:-$((count / 100 > 180 ? count / 100 : 180))}
  # Every step inside has its own deadline (MAIL_BENCH_TIMEOUT_S); this one bounds the whole program.
  MAIL_BENCH_COUNT=$count MAIL_BENCH_TIMEOUT_S=$timeout_s BENCH_SUMMARY_FILE="$summary" \
  BENCH_POSTGRES="Host=127.0.0.1;Port=$THROWAWAY_PG_PORT;Username=postgres;Database=bench_mail_$count" \
  BENCH_RABBITMQ="amqp://guest:guest@127.0.0.1:$THROWAWAY_RABBIT_PORT/" \
  BENCH_NODES_DLL="$work/bin/Nodes/AkkaOcr.Nodes.dll" \
  BENCH_NODE_AKKA_PORT=$(free_port) BENCH_NODE_HEALTH_PORT=$(free_port) BENCH_SMTP_PORT=$(free_port) \
  BENCH_DATA_KEY="benchmark-data-key-0123456789abcdefghijklmnopq" \
  BENCH_WORK="$work" BENCH_RABBIT_PID_FILE="$work/rabbitmq/rabbitmq.pid" BENCH_PG_PID_FILE="$work/postgres/data/postmaster.pid" \
    timeout -k 10 $((4 * timeout_s)) dotnet "$work/bin/MailBench/AkkaOcr.Bench.MailBench.dll" \
    || { tail -n 30 "$work/node.log" >&2 2>/dev/null || true; die "mail benchmark failed at $count mails"; }
done

echo
echo "| mail events in the journal | seeding s | reference msgs/s | outbox read path alone events/s | outbox part mails/s | end to end mails/s | end to end / reference |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
awk -F '\t' '{ printf "| %d | %s | %d | %d | %d | %d | %.3f |\n", $1, $2, $3, $6, $4, $5, $5 / $3 }' "$summary"
awk -F '\t' 'NR == 1 { read = $6; drain = $4; size = $1 } { lastRead = $6; lastDrain = $4; lastSize = $1 }
  END { if (NR > 1) printf "\nat %d / at %d mail events: outbox drain %.2f, outbox read path alone %.2f (goal: at least 0.90)\n",
    lastSize, size, lastDrain / drain, lastRead / read }' "$summary"
