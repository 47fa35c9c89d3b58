#!/usr/bin/env bash
# Installs Hostwatch's alert bridge on this host as a hardened systemd service:
#   PREFIX/lib/hostwatch/alert-bridge/            dist/, package.json, production node_modules
#   PREFIX/bin/hostwatch-alert-bridge             a wrapper that runs it with the Node.js found now
#   /etc/systemd/system/hostwatch-alert-bridge.service (+ .d/telegram.conf with a Telegram bot token)
#   /etc/hostwatch/alert-bridge.env               its settings (created once, never overwritten)
#   /etc/hostwatch/credentials/alert-bridge-auth-token   generated when missing (mode 0600)
#   /etc/hostwatch/credentials/telegram-bot-token         from --telegram-bot-token-file
# then enables and (re)starts the service. It needs Node.js >= 20 (better-sqlite3 is a native module,
# so there is no single file or binary). Stage the bridge first, on a machine with the same Node major
# version and C library as this one (or on this one):
#   npm ci && npm run build && node deploy/bundle/stage-alert-bridge.mjs
set -euo pipefail

PROGRAM=install-alert-bridge
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=install-lib.sh
. "$HERE/install-lib.sh"

STAGE="$HERE/../bundle/dist/alert-bridge"
UNIT_SOURCE="$HERE/../systemd/hostwatch-alert-bridge.service"
DROP_IN_SOURCE="$HERE/../systemd/hostwatch-alert-bridge.service.d/telegram.conf"
ENV_SOURCE="$HERE/../systemd/alert-bridge.env"
UNIT=hostwatch-alert-bridge.service
TELEGRAM_TOKEN_SOURCE=''

usage() {
  cat <<EOF
usage: install-alert-bridge.sh [options]
  --stage DIR                    the staged bridge (default: deploy/bundle/dist/alert-bridge)
  --telegram-bot-token-file FILE install this bot token as the Telegram credential
  --node PATH                    the Node.js to run it with (default: node on PATH)
  --prefix DIR                   where lib/hostwatch and bin go (default: /usr/local)
  --root DIR                     install under DIR, as DESTDIR does; implies no systemctl
  --no-start                     do not run systemctl
  --dry-run                      show what would be done
  --uninstall                    remove what was installed (keeps /etc/hostwatch and the bridge's data)
EOF
}

handle_option() {
  case "$1" in
    --stage) [ $# -ge 2 ] || die "--stage needs a directory"; STAGE="$2"; OPTION_ARGS_USED=2 ;;
    --telegram-bot-token-file)
      [ $# -ge 2 ] || die "--telegram-bot-token-file needs a file"
      [ -s "$2" ] || die "--telegram-bot-token-file: $2 is missing or empty"
      TELEGRAM_TOKEN_SOURCE="$2"; OPTION_ARGS_USED=2 ;;
  esac
}

# A native module built for another Node.js fails only when the bridge first opens its database:
# find out now, while the old version still runs.
check_native_module() {
  local node="$1"
  "$node" -e 'const Database = require(process.argv[1]); new Database(":memory:").close();' \
    "$STAGE/node_modules/better-sqlite3" 2>/dev/null ||
    die "better-sqlite3 in $STAGE does not load with $node ($("$node" --version)): stage the bridge with the same Node.js major version and C library as this host"
}

install_credentials() {
  local dir="$ROOT/etc/hostwatch/credentials"
  run install -d -m 0700 "$dir"
  if [ -e "$dir/alert-bridge-auth-token" ]; then
    note "kept $dir/alert-bridge-auth-token"
  else
    # 32 random bytes as hex: no whitespace, so it survives every Authorization header.
    od -An -N32 -tx1 /dev/urandom | tr -d ' \n' | write_file "$dir/alert-bridge-auth-token" 0600
    note "generated $dir/alert-bridge-auth-token: give Alertmanager the same file (webhook http_config.authorization.credentials_file)"
  fi
  if [ -n "$TELEGRAM_TOKEN_SOURCE" ]; then
    write_file "$dir/telegram-bot-token" 0600 <"$TELEGRAM_TOKEN_SOURCE"
  fi
}

install_bridge() {
  local libdir="$PREFIX/lib/hostwatch" node drop_in_dir="$ROOT/etc/systemd/system/$UNIT.d"
  [ -f "$STAGE/dist/main.js" ] || die "no staged bridge at $STAGE: run npm run build && node deploy/bundle/stage-alert-bridge.mjs"
  node="$(find_node)"
  [ -n "$node" ] || die "the alert bridge needs Node.js 20 or later (none found; give --node PATH)"
  check_native_module "$node"

  # Replaced as a whole, so no file of an older version stays behind.
  run rm -rf "$ROOT$libdir/alert-bridge.new"
  run mkdir -p "$ROOT$libdir"
  run cp -R "$STAGE" "$ROOT$libdir/alert-bridge.new"
  run rm -rf "$ROOT$libdir/alert-bridge"
  run mv "$ROOT$libdir/alert-bridge.new" "$ROOT$libdir/alert-bridge"
  write_file "$ROOT$PREFIX/bin/hostwatch-alert-bridge" 0755 <<EOF
#!/bin/sh
# Installed by Hostwatch's install-alert-bridge.sh: the bridge, run by $("$node" --version).
exec "$node" "$libdir/alert-bridge/dist/main.js" "\$@"
EOF

  install_credentials
  install_unit "$UNIT_SOURCE" "$ROOT/etc/systemd/system/$UNIT"
  if [ -e "$ROOT/etc/hostwatch/credentials/telegram-bot-token" ]; then
    write_file "$drop_in_dir/telegram.conf" 0644 <"$DROP_IN_SOURCE"
  else
    run rm -f "$drop_in_dir/telegram.conf"
    note "no Telegram bot token (--telegram-bot-token-file): notifications will only be logged"
  fi
  if [ -e "$ROOT/etc/hostwatch/alert-bridge.env" ]; then
    note "kept $ROOT/etc/hostwatch/alert-bridge.env"
  else
    write_file "$ROOT/etc/hostwatch/alert-bridge.env" 0644 <"$ENV_SOURCE"
  fi
  note "installed the alert bridge, run by $node"
  start_unit "$UNIT"
}

uninstall_bridge() {
  local libdir="$ROOT$PREFIX/lib/hostwatch"
  stop_unit "$UNIT"
  run rm -rf "$libdir/alert-bridge" "$libdir/alert-bridge.new"
  run rm -f "$ROOT/etc/systemd/system/$UNIT" "$ROOT/etc/systemd/system/$UNIT.d/telegram.conf" "$ROOT$PREFIX/bin/hostwatch-alert-bridge"
  [ ! -d "$ROOT/etc/systemd/system/$UNIT.d" ] || run rmdir --ignore-fail-on-non-empty "$ROOT/etc/systemd/system/$UNIT.d"
  [ ! -d "$libdir" ] || run rmdir --ignore-fail-on-non-empty "$libdir"
  reload_units
  note "kept /etc/hostwatch (settings, credentials) and /var/lib/private/hostwatch-bridge (history, outbox)"
}

parse_common_options "$@"
if [ "$UNINSTALL" = true ]; then uninstall_bridge; else install_bridge; fi
