#!/usr/bin/env bash
# Drives sign-up, sign-in and OCR upload flows at the local cluster of ./run.sh (gateway 127.0.0.1:5001, codes
# read from MailDev on 127.0.0.1:1080) for LOAD_SECONDS (60), LOAD_CONCURRENCY (4) flows in flight,
# prints every failed request and a summary, and exits 1 on any failure. The gateway limits requests
# per client (120 a minute by default), so start ./run.sh with a higher limit for this load:
#   RateLimits__PerClientPerMinute=100000 ./run.sh
#   bench/cluster-load.sh & scripts/rolling-restart.sh; wait
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet run --project bench/ClusterLoad -c Release --nologo -v quiet
