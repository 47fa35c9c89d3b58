#!/usr/bin/env bash
# Installs Hostwatch's exporter on this host as a hardened systemd service:
#   PREFIX/lib/hostwatch/hostwatch-exporter.mjs   the single-file bundle (with Node.js >= 20), or
#   PREFIX/lib/hostwatch/hostwatch-exporter       the packaged binary (no Node.js needed)
#   PREFIX/bin/hostwatch-exporter                 a wrapper that runs either with the V8 heap flags
#   /etc/systemd/system/hostwatch-exporter.service
#   /etc/hostwatch/exporter.env                   its flags (created once, never overwritten)
# then enables and (re)starts the service. Build the inputs first:
#   node deploy/bundle/build-exporter-bundle.mjs [--sea]
set -euo pipefail

PROGRAM=install-exporter
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=install-lib.sh
. "$HERE/install-lib.sh"

BUNDLE="$HERE/../bundle/dist/hostwatch-exporter.mjs"
BINARY="$HERE/../bundle/dist/hostwatch-exporter"
UNIT_SOURCE="$HERE/../systemd/hostwatch-exporter.service"
ENV_SOURCE="$HERE/../systemd/exporter.env"
UNIT=hostwatch-exporter.service
# The exporter's own shebang flags; used for the binary, which has no shebang, when no bundle is at hand.
DEFAULT_V8_FLAGS='--max-semi-space-size=1 --max-old-space-size=20 --no-opt'
FORM=auto

usage() {
  cat <<EOF
usage: install-exporter.sh [options]
  --bundle FILE      the bundle to install (default: deploy/bundle/dist/hostwatch-exporter.mjs)
  --binary FILE      the packaged binary, used without Node.js >= 20 (default: deploy/bundle/dist/hostwatch-exporter)
  --form FORM        bundle, binary or auto (default: the bundle when Node.js >= 20 is found)
  --node PATH        the Node.js to run the bundle with (default: node on PATH)
  --prefix DIR       where lib/hostwatch and bin go (default: /usr/local)
  --root DIR         install under DIR, as DESTDIR does; implies no systemctl
  --no-start         do not run systemctl
  --dry-run          show what would be done
  --uninstall        remove what was installed (keeps /etc/hostwatch/exporter.env)
EOF
}

handle_option() {
  case "$1" in
    --bundle) [ $# -ge 2 ] || die "--bundle needs a file"; BUNDLE="$2"; OPTION_ARGS_USED=2 ;;
    --binary) [ $# -ge 2 ] || die "--binary needs a file"; BINARY="$2"; OPTION_ARGS_USED=2 ;;
    --form) [ $# -ge 2 ] || die "--form needs bundle, binary or auto"; FORM="$2"; OPTION_ARGS_USED=2 ;;
  esac
}

# The V8 flags from a bundle's shebang "#!/usr/bin/env -S node FLAGS".
bundle_v8_flags() {
  local shebang
  shebang="$(head -n 1 "$1")"
  case "$shebang" in
    '#!/usr/bin/env -S node '*) printf '%s' "${shebang#'#!/usr/bin/env -S node '}" ;;
    '#!/usr/bin/env node' | '#!/usr/bin/env -S node') ;;
    *) die "$1 does not start with the exporter's shebang (#!/usr/bin/env -S node ...): is it the bundle?" ;;
  esac
}

# bundle or binary, from --form and what this host has.
choose_form() {
  local node="$1"
  case "$FORM" in
    bundle)
      [ -f "$BUNDLE" ] || die "no bundle at $BUNDLE: build it with node deploy/bundle/build-exporter-bundle.mjs"
      [ -n "$node" ] || die "--form bundle needs Node.js 20 or later (none found; give --node PATH)"
      echo bundle ;;
    binary)
      [ -f "$BINARY" ] || die "no packaged binary at $BINARY: build it with node deploy/bundle/build-exporter-bundle.mjs --sea"
      echo binary ;;
    auto)
      if [ -n "$node" ] && [ -f "$BUNDLE" ]; then echo bundle
      elif [ -f "$BINARY" ]; then echo binary
      elif [ -n "$node" ]; then die "no bundle at $BUNDLE: build it with node deploy/bundle/build-exporter-bundle.mjs"
      else die "no Node.js 20 or later here and no packaged binary at $BINARY: install Node.js 20, or build the binary with node deploy/bundle/build-exporter-bundle.mjs --sea"
      fi ;;
    *) die "--form must be bundle, binary or auto, not $FORM" ;;
  esac
}

install_exporter() {
  local libdir="$PREFIX/lib/hostwatch" node form flags
  node="$(find_node)"
  form="$(choose_form "$node")"
  if [ "$form" = bundle ]; then
    flags="$(bundle_v8_flags "$BUNDLE")"
    run install -D -m 0755 "$BUNDLE" "$ROOT$libdir/hostwatch-exporter.mjs"
    [ ! -f "${BUNDLE%.mjs}.LICENSES.txt" ] || run install -D -m 0644 "${BUNDLE%.mjs}.LICENSES.txt" "$ROOT$libdir/hostwatch-exporter.LICENSES.txt"
    run rm -f "$ROOT$libdir/hostwatch-exporter" # a binary from an earlier install
    # The Node.js found now, not whichever is on PATH when systemd starts the service.
    write_file "$ROOT$PREFIX/bin/hostwatch-exporter" 0755 <<EOF
#!/bin/sh
# Installed by Hostwatch's install-exporter.sh: the bundle, run by $("$node" --version) with its shebang's V8 flags.
exec "$node" $flags "$libdir/hostwatch-exporter.mjs" "\$@"
EOF
    note "installed the bundle, run by $node"
  else
    flags="$DEFAULT_V8_FLAGS"
    [ ! -f "$BUNDLE" ] || flags="$(bundle_v8_flags "$BUNDLE")"
    run install -D -m 0755 "$BINARY" "$ROOT$libdir/hostwatch-exporter"
    run rm -f "$ROOT$libdir/hostwatch-exporter.mjs"
    # A single executable takes V8 flags from NODE_OPTIONS only.
    write_file "$ROOT$PREFIX/bin/hostwatch-exporter" 0755 <<EOF
#!/bin/sh
# Installed by Hostwatch's install-exporter.sh: the packaged binary, with the exporter's V8 flags.
NODE_OPTIONS="$flags \${NODE_OPTIONS:-}" exec "$libdir/hostwatch-exporter" "\$@"
EOF
    note "installed the packaged binary"
  fi

  install_unit "$UNIT_SOURCE" "$ROOT/etc/systemd/system/$UNIT"
  if [ -e "$ROOT/etc/hostwatch/exporter.env" ]; then
    note "kept $ROOT/etc/hostwatch/exporter.env"
  else
    write_file "$ROOT/etc/hostwatch/exporter.env" 0644 <"$ENV_SOURCE"
  fi
  start_unit "$UNIT"
}

uninstall_exporter() {
  local libdir="$ROOT$PREFIX/lib/hostwatch"
  stop_unit "$UNIT"
  run rm -f "$ROOT/etc/systemd/system/$UNIT" "$ROOT$PREFIX/bin/hostwatch-exporter" \
    "$libdir/hostwatch-exporter.mjs" "$libdir/hostwatch-exporter" "$libdir/hostwatch-exporter.LICENSES.txt"
  [ ! -d "$libdir" ] || run rmdir --ignore-fail-on-non-empty "$libdir"
  reload_units
  note "kept $ROOT/etc/hostwatch/exporter.env; remove it by hand if it is no longer wanted"
}

parse_common_options "$@"
if [ "$UNINSTALL" = true ]; then uninstall_exporter; else install_exporter; fi
