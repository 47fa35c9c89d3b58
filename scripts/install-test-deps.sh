#!/usr/bin/env bash
# Installs the Debian packages the test suite runs for real: Prometheus, Alertmanager, InfluxDB 1.x,
# node_exporter (the side-by-side reference), dbus (a private bus for the systemd collector test),
# openssl (test certificates), tzdata (zone files), bindfs with fuse3 (a FUSE mount the fault suite
# hangs on purpose), docker-compose (`docker-compose config` of the compose file; no engine) and systemd
# (`systemd-analyze verify` of the units). Does nothing when they are all present.
set -euo pipefail

declare -A package_of=(
  [prometheus]=prometheus
  [promtool]=prometheus
  [prometheus-alertmanager]=prometheus-alertmanager
  [amtool]=prometheus-alertmanager
  [prometheus-node-exporter]=prometheus-node-exporter
  [influxd]=influxdb
  [dbus-daemon]=dbus
  [openssl]=openssl
  [bindfs]=bindfs
  [fusermount3]=fuse3
  [docker-compose]=docker-compose
  [systemd-analyze]=systemd
)

missing=()
for binary in "${!package_of[@]}"; do
  command -v "$binary" >/dev/null 2>&1 || missing+=("${package_of[$binary]}")
done
# The time collector's tests read real zone files.
[ -f /usr/share/zoneinfo/Europe/Berlin ] || missing+=(tzdata)
[ ${#missing[@]} -eq 0 ] && exit 0

packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
echo "install-test-deps: installing Debian packages: $packages"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-test-deps: need root (or sudo) to install: $packages" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
# shellcheck disable=SC2086
"${as_root[@]}" apt-get install -y -qq --no-install-recommends $packages
