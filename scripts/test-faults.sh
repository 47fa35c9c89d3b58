#!/usr/bin/env bash
# `npm run test:faults`: the fault and hostile-input suite (test/faults/), then RELIABILITY.md's
# results section rewritten from the figures this run recorded. Exits with the suite's status.
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp)
trap 'rm -f "$results"' EXIT
HOSTWATCH_RELIABILITY_RESULTS="$results" npx tap test/faults/*.test.ts "$@"
status=$?
node --import tsx scripts/reliability-report.ts "$results" RELIABILITY.md
exit $status
