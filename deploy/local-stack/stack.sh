#!/usr/bin/env bash
# Hostwatch's local stack: exporter, Prometheus, Alertmanager, InfluxDB and the alert bridge on this
# machine, on 127.0.0.1, from Debian's packages and this checkout. Usage: stack.sh up | down [--purge] | status
# (stack.sh --help for the settings). Configuration, data, logs and pid files go to one folder,
# .hostwatch-stack/ in the repository unless HOSTWATCH_STACK_DIR says otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

if ! command -v node >/dev/null 2>&1; then
  echo "hostwatch-stack: needs Node.js 20 (node is not on PATH)" >&2
  exit 1
fi
tsx="$root/node_modules/.bin/tsx"
if [ ! -x "$tsx" ]; then
  echo "hostwatch-stack: run \`npm ci\` in $root first (no node_modules)" >&2
  exit 1
fi

if [ "${1:-}" = up ]; then
  # Prometheus, Alertmanager and InfluxDB from Debian; installs what is missing (needs root or sudo).
  bash "$root/scripts/install-test-deps.sh"
  for built in exporter/dist/main.js alert-bridge/dist/main.js deploy/dist/inventory/main.js; do
    if [ ! -f "$root/$built" ]; then
      echo "hostwatch-stack: building ($built is missing)"
      (cd "$root" && npm run build --silent)
      break
    fi
  done
fi

# How the summary tells people to run this again.
export HOSTWATCH_STACK_COMMAND="${HOSTWATCH_STACK_COMMAND:-$0}"
exec "$tsx" "$root/deploy/local-stack/main.ts" "$@"
