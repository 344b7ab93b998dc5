#!/usr/bin/env bash
# Creates a cluster's private CA and a node certificate for a deployment (docker-compose.yml):
#   scripts/cluster-certificates.sh DIR
# DIR gets ca.crt, ca.key, node.p12 and node.password (see scripts/lib/tls.sh); existing files valid
# for 30 more days are kept. Keep ca.key off the nodes: it only issues certificates. Then:
#   CLUSTER_TLS_DIR=DIR CLUSTER_TLS_PASSWORD="$(cat DIR/node.password)" docker compose up
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/services.sh
source scripts/lib/services.sh
# shellcheck source=lib/tls.sh
source scripts/lib/tls.sh

[ $# -eq 1 ] || die "usage: scripts/cluster-certificates.sh DIR"
cluster_tls_create "$1" "akkaocr"
log "certificates in $1: mount node.p12 and ca.crt into every node (readable by the node's user only)"
