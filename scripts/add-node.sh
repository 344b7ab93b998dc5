#!/usr/bin/env bash
# Adds a Nodes process with the given roles to the cluster that ./run.sh started:
#   scripts/add-node.sh ocr            scripts/add-node.sh users notifier
# It takes the next free ports, joins through the same seed node, waits until the node is an Up
# member (its /health/ready answers 200), prints its pid on the last line and keeps running in the
# background; ./run.sh's Ctrl-C stops it too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/services.sh
source scripts/lib/services.sh
# shellcheck source=lib/cluster.sh
source scripts/lib/cluster.sh

[ $# -gt 0 ] || die "usage: scripts/add-node.sh ROLE... (roles: users, ocr, notifier)"
for role in "$@"; do
  case "$role" in users|ocr|notifier) ;; *) die "unknown role '$role' (roles: users, ocr, notifier)" ;; esac
done
process_alive gateway || die "no local cluster is running; start it with ./run.sh"
[ -f "$BUILD_DIR/nodes/AkkaOcr.Nodes.dll" ] || die "no build found; ./run.sh builds it"

akka_port=4055
while port_in_use "$akka_port" || grep -qs "^$akka_port " "$RUN_DIR"/*.node; do akka_port=$((akka_port + 1)); done
health_port=5103
while port_in_use "$health_port" || grep -qs " $health_port " "$RUN_DIR"/*.node; do health_port=$((health_port + 1)); done
name="$(IFS=-; echo "$*")-$akka_port"

start_nodes_process "$name" "$akka_port" "$health_port" "$@"
log "starting $name (Akka port $akka_port, health http://127.0.0.1:$health_port/health/ready, log .local/logs/$name.log)"
wait_ready "http://127.0.0.1:$health_port/health/ready" 120 "$name"
log "$name is an Up member of the cluster"
cat "$RUN_DIR/$name.pid"
