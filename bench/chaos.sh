#!/usr/bin/env bash
# Chaos soak: mixed sign-up and sign-in load on a cluster of real processes (three users nodes, two
# notifiers, a gateway) while every 20 to 40 s a random back-end node is killed or paused and then
# brought back; at the end the history checker compares every request with the journal and the
# SMTP server. Prints the faults and a Markdown table: operations, errors by status, lost,
# duplicated and ambiguous. Runs through ./test.sh, which starts PostgreSQL and RabbitMQ for it.
#   bench/chaos.sh          AKKAOCR_CHAOS_MINUTES=3 AKKAOCR_CHAOS_SEED=42 bench/chaos.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export AKKAOCR_CHAOS_MINUTES=${AKKAOCR_CHAOS_MINUTES:-10}
log=$(mktemp "${TMPDIR:-/tmp}/akkaocr-chaos.XXXXXX")
status=0
./test.sh --filter "Category=Soak" --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
totals=$(tail -n 1 "$log")
# The test's own output: the history summary, the faults and the table.
grep -E '^\s*(history|chaos soak:|  [0-9]{2}:[0-9]{2} |\|)' "$log" | sed 's/^ \{0,1\}//' || true
if [ "$status" -ne 0 ]; then
  # Why it failed, and the whole output kept for a closer look.
  grep -A 30 -E 'Error Message:' "$log" | head -n 60 || true
  echo "whole output: $log"
else
  rm -f "$log"
fi
echo "$totals"
exit "$status"
