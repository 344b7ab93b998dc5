# shellcheck shell=bash
# CPU-capped processes for benchmarks: cgroup v1's cpu controller (as root), one group per process under a
# parent group of this run's own. A process starts in its group with a whole core, so that the runtime sizes
# itself (Environment.ProcessorCount, thread pool, GC) for one core and starts quickly; the benchmark then
# writes the quota it is measured under to the group's cpu.cfs_quota_us. cpu_groups_remove removes them all; call it from the exit trap,
# after the processes are stopped.

CPU_CGROUP_ROOT=/sys/fs/cgroup/cpu
CPU_PERIOD_US=100000
cpu_groups_parent=""

# cpu_groups_create : the parent group, with a name no other run uses.
cpu_groups_create() {
  [ "$(id -u)" -eq 0 ] || die "CPU-capped nodes need root, to create CPU groups"
  [ -f "$CPU_CGROUP_ROOT/cpu.cfs_quota_us" ] || die "CPU-capped nodes need cgroup v1's cpu controller at $CPU_CGROUP_ROOT"
  cpu_groups_parent="$CPU_CGROUP_ROOT/akkaocr-bench-$$-$RANDOM"
  mkdir "$cpu_groups_parent"
}

# cpu_group_new NAME : prints the path of a new group for one process, allowed one core until capped further.
cpu_group_new() {
  local group="$cpu_groups_parent/$1"
  mkdir "$group"
  echo "$CPU_PERIOD_US" >"$group/cpu.cfs_period_us"
  echo "$CPU_PERIOD_US" >"$group/cpu.cfs_quota_us"
  echo "$group"
}

# cpu_groups_clear : removes the groups of processes that have stopped (anything still in one is moved out
# first), keeping the parent for the next processes; never fails.
cpu_groups_clear() {
  [ -n "$cpu_groups_parent" ] && [ -d "$cpu_groups_parent" ] || return 0
  local group
  for group in $(find "$cpu_groups_parent" -mindepth 1 -maxdepth 1 -type d); do cpu_group_remove "$group"; done
}

# cpu_groups_remove : removes every group and the parent; never fails.
cpu_groups_remove() {
  [ -n "$cpu_groups_parent" ] && [ -d "$cpu_groups_parent" ] || return 0
  cpu_groups_clear
  cpu_group_remove "$cpu_groups_parent"
  cpu_groups_parent=""
}

cpu_group_remove() {
  local pid
  while read -r pid; do echo "$pid" >"$CPU_CGROUP_ROOT/cgroup.procs" 2>/dev/null || true; done <"$1/cgroup.procs"
  rmdir "$1" 2>/dev/null || log "could not remove CPU group $1"
}
