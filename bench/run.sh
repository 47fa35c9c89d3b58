#!/usr/bin/env bash
# `npm run bench [-- --write]`: every benchmark, one after the other, with the same options.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
node --import tsx bench/exporter.ts "$@"
node --import tsx bench/exporter-large-hosts.ts "$@"
node --import tsx bench/bridge.ts "$@"
node --import tsx bench/bridge-history.ts "$@"
node --import tsx bench/telegram.ts "$@"
node --import tsx bench/full-chain.ts "$@"
