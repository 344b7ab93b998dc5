#!/usr/bin/env bash
# Scale-out benchmark against a cluster of real processes, in one of two modes (SCALE_MODE):
#
# shared (the default): the same mix of sign-ups, sign-ins and OCR uploads against 1 users and 1 ocr node,
#   then 2 of each (one gateway both times; no notifier, so the CPU measured is the users' and OCR nodes'
#   work). Every process shares the machine's cores. Prints a Markdown table: requests/s, latency, CPU
#   time per request, and the work each users and ocr node did (from its /metrics).
#     bench/scale.sh          BENCH_SECONDS=120 BENCH_CONCURRENCY=16 bench/scale.sh
#
# capped: each scaled process runs in a CPU group of its own (cgroup v1, root), capped at a fraction of a
#   core, so that those processes, not the machine, are the limit. For each role in SCALE_ROLES
#   (`ocr users gateway`) it measures 1, 2 and 4 nodes (gateways: 1 and 2) and prints throughput and
#   scaling efficiency, throughput(n) / (n × throughput(1)), with the CPU each capped node used against
#   its quota, how often it was throttled, the CPU of everything uncapped, and which was the bottleneck:
#     ocr      OCR uploads of a text line, tokens taken before the window; 1 uncapped users node;
#              ocr nodes at SCALE_OCR_CPU (0.25) cores, 2 workers each; 4 flows in flight per node
#     users    profile reads and code requests (no password hash), tokens taken before the window;
#              users nodes at SCALE_USERS_CPU (0.1) cores; 8 flows in flight per node
#     gateway  sign-up 3 : sign-in 1 (PBKDF2 at the production cost); 1 uncapped users node; gateways
#              sharing one port (Gateway__ReusePort) at SCALE_GATEWAY_CPU (0.4) cores; 8 flows per gateway
#   The gateway, the load driver, PostgreSQL and RabbitMQ are not capped: n × quota leaves them the rest
#   of the machine. Capped processes start with a core each; the quota applies from the warm-up on, after
#   the accounts are signed up (the ocr and users runs hash at the lowest cost the gateway allows, as no
#   timed request hashes).
#     SCALE_MODE=capped bench/scale.sh          SCALE_MODE=capped SCALE_ROLES=users BENCH_SECONDS=30 bench/scale.sh
#
# Both modes: BENCH_SECONDS (60) measured after BENCH_WARMUP_SECONDS (15) unmeasured, a fresh database per run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/bench.sh
source scripts/lib/bench.sh
# shellcheck source=../scripts/lib/cpu-groups.sh
source scripts/lib/cpu-groups.sh

mode=${SCALE_MODE:-shared}
case "$mode" in
  shared | capped) ;;
  *) die "SCALE_MODE '$mode' is neither shared nor capped" ;;
esac

bench_start postgresql rabbitmq-server tesseract-ocr tesseract-ocr-eng libtesseract5 imagemagick fonts-dejavu-core curl
bench_publish src/Gateway src/Nodes bench/ScaleBench
bench_production_settings

# launch NAME CPU_GROUP COMMAND... : runs COMMAND in the background, logging to $work/NAME.log, inside
# CPU_GROUP unless that is empty (the group is entered before the command starts, so its runtime sees it).
launch() {
  local name=$1 group=$2; shift 2
  if [ -n "$group" ]; then
    # shellcheck disable=SC2016 # expanded by the inner shell, which then becomes the command
    bash -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' _ "$group" "$@" >"$work/$name.log" 2>&1 &
  else
    "$@" >"$work/$name.log" 2>&1 &
  fi
  pids+=("$!")
}

# start_node NAME ROLE CPU_GROUP [AKKA_PORT] [SETTING...] : a Nodes process joining $seed; appends
# "NAME=PID=URL[=GROUP]" to $nodes and its health url to $urls.
start_node() {
  local name=$1 role=$2 group=$3 akka_port health_port
  akka_port=${4:-$(free_port)} health_port=$(free_port)
  shift $(($# < 4 ? $# : 4))
  launch "$name" "$group" dotnet "$work/bin/Nodes/AkkaOcr.Nodes.dll" --urls "http://127.0.0.1:$health_port" --Akka:Port="$akka_port" \
    --Akka:SeedNodes:0="$seed" --Akka:Roles:0="$role" "$@"
  nodes+=" $name=${pids[-1]}=http://127.0.0.1:$health_port${group:+=$group}"
  urls+=("http://127.0.0.1:$health_port")
}

# start_gateway NAME CPU_GROUP URLS [SETTING...] : a gateway joining $seed, listening on URLS.
start_gateway() {
  local name=$1 group=$2 listen=$3; shift 3
  launch "$name" "$group" dotnet "$work/bin/Gateway/AkkaOcr.Gateway.dll" --urls "$listen" --Akka:Port="$(free_port)" \
    --Akka:SeedNodes:0="$seed" "$@"
  nodes+=" $name=${pids[-1]}=-${group:+=$group}"
}

# new_cluster LABEL : a fresh database and seed address for the next cluster.
new_cluster() {
  local database="bench_scale_$1"
  pg_psql "$work/postgres" "$THROWAWAY_PG_PORT" "CREATE DATABASE $database"
  export ConnectionStrings__Postgres="$pg;Database=$database"
  seed_port=$(free_port)
  seed="akka.tcp://akkaocr@127.0.0.1:$seed_port"
  nodes="" urls=()
}

run_shared() {
  local rows=() size gateway_http
  for size in 1 2; do
    new_cluster "$size"
    gateway_http=$(free_port)
    log "cluster with $size users and $size ocr node(s)"
    start_node users-1 users "" "$seed_port"
    start_node ocr-1 ocr ""
    if [ "$size" -eq 2 ]; then start_node users-2 users ""; start_node ocr-2 ocr ""; fi
    start_gateway gateway "" "http://127.0.0.1:$gateway_http"
    wait_for_ready 120 "${urls[@]}" "http://127.0.0.1:$gateway_http"

    rows+=("$(BENCH_MIX=mixed BENCH_LABEL="$size users + $size ocr" BENCH_URL="http://127.0.0.1:$gateway_http" BENCH_DB="$ConnectionStrings__Postgres" \
      BENCH_DATA_KEY="$Security__DataKey" BENCH_NODES="$nodes" dotnet "$work/bin/ScaleBench/AkkaOcr.Bench.ScaleBench.dll")")
    bench_stop_processes
  done

  echo
  echo "Mixed load: ${BENCH_CONCURRENCY:-8} flows in flight for ${BENCH_SECONDS:-60} s after a ${BENCH_WARMUP_SECONDS:-15} s warm-up; sign-up 3 : sign-in 1 : OCR upload ${BENCH_OCR_WEIGHT:-2}; $(nproc) cores."
  echo
  echo "| cluster | requests/s | p50 ms | p99 ms | failed | CPU ms per request (all nodes) | work per users node | work per ocr node | CPU s per node |"
  echo "|---|---:|---:|---:|---:|---:|---|---|---|"
  printf '%s\n' "${rows[@]}"
}

# capped_cluster ROLE N : starts the cluster for one capped run; each capped process gets a group of its
# own. Sets $gateway_url.
capped_cluster() {
  local role=$1 n=$2 i group shared_port own_port
  # The ocr and users runs sign their accounts up before the window at the lowest cost; no timed request hashes.
  local cheap_hashing=(--Passwords:Iterations=1000)
  # Bench settings, not production's: every upload in flight is taken in, and no hash is refused for a full queue.
  local room=(--Uploads:MaxConcurrent=1000 --Passwords:MaxQueuedHashes=1000)
  gateway_url="http://127.0.0.1:$(free_port)"
  case "$role" in
    ocr)
      start_node users-1 users "" "$seed_port"
      for i in $(seq 1 "$n"); do
        group=$(cpu_group_new "ocr-$i")
        start_node "ocr-$i" ocr "$group" "" --Ocr:Workers=2
      done
      start_gateway gateway "" "$gateway_url" "${cheap_hashing[@]}" "${room[@]}"
      wait_for_ready 180 "${urls[@]}" "$gateway_url" ;;
    users)
      for i in $(seq 1 "$n"); do
        group=$(cpu_group_new "users-$i")
        if [ "$i" -eq 1 ]; then start_node "users-$i" users "$group" "$seed_port"; else start_node "users-$i" users "$group"; fi
      done
      start_gateway gateway "" "$gateway_url" "${cheap_hashing[@]}" "${room[@]}"
      wait_for_ready 180 "${urls[@]}" "$gateway_url" ;;
    gateway)
      start_node users-1 users "" "$seed_port"
      shared_port=${gateway_url##*:}
      local own=()
      for i in $(seq 1 "$n"); do
        group=$(cpu_group_new "gateway-$i")
        own_port=$(free_port); own+=("http://127.0.0.1:$own_port")
        # Each also listens on a port of its own, so that its readiness can be asked of it alone.
        start_gateway "gateway-$i" "$group" "http://127.0.0.1:$shared_port;http://127.0.0.1:$own_port" --Gateway:ReusePort=true "${room[@]}"
      done
      wait_for_ready 180 "${urls[@]}" "${own[@]}" ;;
  esac
}

# run_capped ROLE QUOTA FLOWS_PER_NODE TITLE SIZES... : the capped table for one role.
run_capped() {
  local role=$1 quota=$2 per_node=$3 title=$4; shift 4
  local n baseline="" rows=() throughput_file="$work/throughput" largest=${*: -1} mix=$role
  [ "$role" != gateway ] || mix=auth
  awk -v q="$quota" -v n="$largest" -v cores="$(nproc)" 'BEGIN { exit !(q > 0 && q * n <= cores - 0.5) }' \
    || die "$largest × $quota cores leaves less than half a core of $(nproc) for the gateway, load driver and PostgreSQL"
  for n in "$@"; do
    new_cluster "${role}_$n"
    log "$role: $n node(s) capped at $quota cores each"
    capped_cluster "$role" "$n"
    rows+=("$(BENCH_MIX="$mix" BENCH_URL="$gateway_url" BENCH_DB="$ConnectionStrings__Postgres" \
      BENCH_DATA_KEY="$Security__DataKey" BENCH_NODES="$nodes" BENCH_CONCURRENCY=$((n * per_node)) BENCH_NODE_COUNT="$n" BENCH_CPU_QUOTA="$quota" \
      BENCH_BASELINE="$baseline" BENCH_THROUGHPUT_FILE="$throughput_file" dotnet "$work/bin/ScaleBench/AkkaOcr.Bench.ScaleBench.dll")")
    [ -n "$baseline" ] || baseline=$(cat "$throughput_file")
    bench_stop_processes
    cpu_groups_clear
  done
  # Printed as each role finishes, so that a later failure does not take the tables already measured with it.
  echo
  echo "#### $title: $quota cores per $role node, $per_node flows in flight per node"
  echo
  echo "| $role nodes | requests/s | scaling efficiency | p50 ms | p99 ms | failed | CPU s per capped node (share of its quota) | periods throttled | work per capped node | CPU s uncapped | machine busy (cores) | bottleneck |"
  echo "|---:|---:|---:|---:|---:|---:|---|---|---|---|---:|---|"
  printf '%s\n' "${rows[@]}"
}

run_capped_all() {
  cpu_groups_create
  trap 'bench_stop_processes; cpu_groups_remove; throwaway_services_stop "$work"' EXIT
  echo
  echo "Capped nodes: ${BENCH_SECONDS:-60} s measured after a ${BENCH_WARMUP_SECONDS:-15} s warm-up per run; $(nproc) cores; scaling efficiency = requests/s(n) / (n × requests/s(1)); a node is saturated at 90 % of its quota."
  local role
  for role in ${SCALE_ROLES:-ocr users gateway}; do
    case "$role" in
      ocr) run_capped ocr "${SCALE_OCR_CPU:-0.25}" 4 "OCR uploads of a text line" 1 2 4 ;;
      users) run_capped users "${SCALE_USERS_CPU:-0.1}" 8 "Profile reads and code requests, no password hash" 1 2 4 ;;
      gateway) run_capped gateway "${SCALE_GATEWAY_CPU:-0.4}" 8 "Sign-up 3 : sign-in 1, PBKDF2 at 210,000 iterations, gateways sharing the port" 1 2 ;;
      *) die "SCALE_ROLES: '$role' is not ocr, users or gateway" ;;
    esac
  done
}

if [ "$mode" = capped ]; then run_capped_all; else run_shared; fi
