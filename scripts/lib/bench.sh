# shellcheck shell=bash
# What the benchmarks under bench/ share: a work folder with throwaway PostgreSQL and RabbitMQ, the
# background processes they start (stopped on exit, also on failure), Release builds, and the settings
# of a production-like cluster.

# shellcheck source=services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
# shellcheck source=tls.sh
source "$(dirname "${BASH_SOURCE[0]}")/tls.sh"

# bench_start PACKAGE... : installs what is missing, creates $work, starts the throwaway services
# (PG_DURABLE=1 for fsync) and sets $pg, the PostgreSQL connection string without a database. On exit,
# every pid in $pids gets SIGTERM and is waited for, then the services stop.
bench_start() {
  ensure_apt_packages "$@"
  work=$(mktemp -d "${TMPDIR:-/tmp}/akkaocr-bench.XXXXXX")
  chmod 755 "$work"
  pids=()
  trap 'bench_stop_processes; throwaway_services_stop "$work"' EXIT
  throwaway_services_start "$work"
  pg="Host=127.0.0.1;Port=$THROWAWAY_PG_PORT;Username=postgres"
}

# bench_stop_processes : SIGTERM to every pid in $pids, waits for them, and empties the list.
bench_stop_processes() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}

# bench_publish PROJECT... : Release builds, each under $work/bin/<its folder name>.
bench_publish() {
  local project
  log "building (Release)"
  for project in "$@"; do
    dotnet publish "$project" -c Release -o "$work/bin/$(basename "$project")" --nologo -v quiet
  done
}

# bench_production_settings : what the nodes need to run as Production, with keys made for benchmarks,
# a CA of the benchmark's own for mutual TLS between the nodes, and a rate limit that the load never reaches.
bench_production_settings() {
  export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
  cluster_tls_create "$work/tls" "benchmark"
  cluster_tls_export "$work/tls"
  export Jwt__SigningKey="benchmark-signing-key-0123456789abcdefghijklmnop"
  export Security__DataKey="benchmark-data-key-0123456789abcdefghijklmnopq"
  export RateLimits__PerClientPerMinute=100000000
  export ConnectionStrings__RabbitMq="amqp://guest:guest@127.0.0.1:$THROWAWAY_RABBIT_PORT/"
}
