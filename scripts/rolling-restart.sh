#!/usr/bin/env bash
# Restarts every process of the local cluster that ./run.sh started (and nodes added with
# scripts/add-node.sh), one at a time, each with the same roles and ports:
#   scripts/rolling-restart.sh
# Each process gets SIGTERM (readiness turns 503, requests in flight finish, the node leaves the
# cluster and hands off its shards and singletons), is waited for until gone, started again, and
# waited for until it is an Up member (its /health/ready answers 200) before the next one.
# A node whose role no other running process holds (users-1 is the only users and notifier node of
# ./run.sh) is first covered by a temporary node with the same roles, stopped again afterwards, so
# back-end requests never find no node to answer them. The gateway goes last, covered the same way:
# a temporary gateway listens on the same HTTP port (SO_REUSEPORT) while the gateway restarts, so new
# connections always find a listener.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/services.sh
source scripts/lib/services.sh
# shellcheck source=lib/cluster.sh
source scripts/lib/cluster.sh

process_alive gateway || die "no local cluster is running; start it with ./run.sh"
[ -f "$RUN_DIR/gateway.node" ] || die "the running cluster was started by an older ./run.sh; restart it with ./run.sh first"

READY_TIMEOUT=120

# read_node NAME : sets AKKA_PORT, HTTP_PORT and ROLES (an array) from the process's record.
read_node() {
  local record
  record=$(cat "$RUN_DIR/$1.node")
  read -r AKKA_PORT HTTP_PORT _ <<<"$record"
  read -r -a ROLES <<<"${record#* * }"
}

# running_members EXCEPT : the Akka addresses of running processes other than EXCEPT.
running_members() {
  local file name port
  for file in "$RUN_DIR"/*.node; do
    name=$(basename "$file" .node)
    [ "$name" = "$1" ] && continue
    process_alive "$name" || continue
    read -r port _ <"$file"
    printf 'akka.tcp://akkaocr@127.0.0.1:%s ' "$port"
  done
}

# role_held_elsewhere EXCEPT ROLE : true when a running process other than EXCEPT has ROLE.
role_held_elsewhere() {
  local file name
  for file in "$RUN_DIR"/*.node; do
    name=$(basename "$file" .node)
    [ "$name" = "$1" ] && continue
    process_alive "$name" || continue
    grep -qw -- "$2" <(cut -d' ' -f3- "$file") && return 0
  done
  return 1
}

# with_environment ARRAY COMMAND... : runs COMMAND in a subshell with the variables in the array named
# ARRAY (NAME=VALUE entries, as /proc/PID/environ holds them) exported, so a restarted process gets the
# environment ./run.sh gave the original, whatever this script was given.
with_environment() {
  local -n saved_variables=$1
  shift
  (
    # A read-only shell variable (SHELLOPTS, say) cannot be exported again; the shell has it anyway.
    for variable in "${saved_variables[@]}"; do export "${variable?}" 2>/dev/null || true; done
    "$@"
  )
}

# with_environment_of PID COMMAND... : COMMAND with the environment of the running process PID.
with_environment_of() {
  local pid=$1 variables_of_pid=()
  shift
  mapfile -d '' variables_of_pid <"/proc/$pid/environ"
  with_environment variables_of_pid "$@"
}

# start_again NAME : starts NAME from its record, joining the members that run now.
start_again() {
  read_node "$1"
  if [ "${ROLES[0]}" = gateway ]; then
    # Its shared port may be answered by the covering gateway: readiness is asked on a port of its own.
    local own_port
    own_port=$(free_port)
    CLUSTER_SEEDS=$(running_members "$1") start_gateway_process "$1" "$AKKA_PORT" "$HTTP_PORT" "$own_port"
    wait_ready "http://127.0.0.1:$own_port/health/ready" "$READY_TIMEOUT" "$1"
  else
    CLUSTER_SEEDS=$(running_members "$1") start_nodes_process "$1" "$AKKA_PORT" "$HTTP_PORT" "${ROLES[@]}"
    wait_ready "http://127.0.0.1:$HTTP_PORT/health/ready" "$READY_TIMEOUT" "$1"
  fi
}

# free_ports : sets AKKA_PORT and HTTP_PORT to ports no process uses or has recorded.
free_ports() {
  AKKA_PORT=4055
  while port_in_use "$AKKA_PORT" || grep -qs "^$AKKA_PORT " "$RUN_DIR"/*.node; do AKKA_PORT=$((AKKA_PORT + 1)); done
  HTTP_PORT=5103
  while port_in_use "$HTTP_PORT" || grep -qs " $HTTP_PORT " "$RUN_DIR"/*.node; do HTTP_PORT=$((HTTP_PORT + 1)); done
}

restart() {
  local name=$1 role cover="" pid
  pid=$(cat "$RUN_DIR/$name.pid")
  read_node "$name"
  local -a roles=("${ROLES[@]}")
  if [ "${roles[0]}" = gateway ]; then
    local shared_port=$HTTP_PORT
    free_ports
    cover="cover-$name"
    log "starting $cover on the same HTTP port ($shared_port) to take connections while $name restarts"
    CLUSTER_SEEDS=$(running_members "$cover") with_environment_of "$pid" \
      start_gateway_process "$cover" "$AKKA_PORT" "$shared_port" "$HTTP_PORT" || exit 1
    wait_ready "http://127.0.0.1:$HTTP_PORT/health/ready" "$READY_TIMEOUT" "$cover"
  else
    for role in "${roles[@]}"; do
      role_held_elsewhere "$name" "$role" || cover=yes
    done
    if [ -n "$cover" ]; then
      free_ports
      cover="cover-$name"
      log "$name is the only node with some of its roles (${roles[*]}); starting $cover to stand in"
      CLUSTER_SEEDS=$(running_members "$cover") with_environment_of "$pid" start_nodes_process "$cover" "$AKKA_PORT" "$HTTP_PORT" "${roles[@]}" \
        || exit 1
      wait_ready "http://127.0.0.1:$HTTP_PORT/health/ready" "$READY_TIMEOUT" "$cover"
    fi
  fi

  log "stopping $name"
  local record old_environment=()
  record=$(cat "$RUN_DIR/$name.node")
  # The old process's environment (secrets included), kept in this shell's memory before the process
  # is gone: never in a file that could be left behind.
  mapfile -d '' old_environment <"/proc/$pid/environ"
  stop_process "$name"
  # stop_process forgets the record with the pid; the restart needs it.
  echo "$record" >"$RUN_DIR/$name.node"
  log "starting $name again (${roles[*]})"
  with_environment old_environment start_again "$name" || exit 1
  log "$name is back"

  if [ -n "$cover" ]; then
    log "stopping $cover"
    stop_process "$cover"
  fi
}

# Back-end nodes first, oldest first, then the gateway.
names=()
for file in $(ls -tr "$RUN_DIR"/*.node); do
  name=$(basename "$file" .node)
  [ "$name" = gateway ] || names+=("$name")
done
names+=(gateway)

for name in "${names[@]}"; do
  process_alive "$name" || { log "$name is not running; skipped"; continue; }
  restart "$name"
done
log "every process was restarted: ${names[*]}"
