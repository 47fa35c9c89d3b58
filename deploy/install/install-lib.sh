# shellcheck shell=bash
# What install-exporter.sh and install-alert-bridge.sh share: the common options, DESTDIR-style paths,
# dry runs, and systemctl. Sourced, not run.

ROOT=''          # --root: install under this directory, as DESTDIR does (no systemctl then)
PREFIX=/usr/local
DRY_RUN=false
NO_START=false
UNINSTALL=false
NODE=''          # --node: the Node.js to run with; default: the first on PATH

die() {
  printf '%s: %s\n' "$PROGRAM" "$*" >&2
  exit 1
}

note() {
  printf '%s: %s\n' "$PROGRAM" "$*"
}

# Parses the options both scripts take; unknown ones go to the script's own handle_option, which sets
# OPTION_ARGS_USED to how many arguments it used (0: not its option either).
parse_common_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --root) [ $# -ge 2 ] || die "--root needs a directory"; ROOT="${2%/}"; shift 2 ;;
      --root=*) ROOT="${1#--root=}"; ROOT="${ROOT%/}"; shift ;;
      --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; PREFIX="${2%/}"; shift 2 ;;
      --prefix=*) PREFIX="${1#--prefix=}"; PREFIX="${PREFIX%/}"; shift ;;
      --node) [ $# -ge 2 ] || die "--node needs a path"; NODE="$2"; shift 2 ;;
      --node=*) NODE="${1#--node=}"; shift ;;
      --dry-run) DRY_RUN=true; shift ;;
      --no-start) NO_START=true; shift ;;
      --uninstall) UNINSTALL=true; shift ;;
      -h | --help) usage; exit 0 ;;
      *)
        OPTION_ARGS_USED=0
        handle_option "$@"
        [ "$OPTION_ARGS_USED" -gt 0 ] || die "unknown option: $1 (see --help)"
        shift "$OPTION_ARGS_USED"
        ;;
    esac
  done
  case "$PREFIX" in /*) ;; *) die "--prefix must be an absolute path, not $PREFIX" ;; esac
  if [ -n "$ROOT" ]; then
    mkdir -p "$ROOT" 2>/dev/null || [ "$DRY_RUN" = true ] || die "cannot create --root $ROOT"
    ROOT="$(cd "$ROOT" 2>/dev/null && pwd || printf '%s' "$ROOT")"
  elif [ "$DRY_RUN" = false ] && [ "$(id -u)" -ne 0 ]; then
    die "installing into / needs root: run with sudo, or give --root DIR (or --dry-run to see what would happen)"
  fi
}

# Runs a command, or shows it under --dry-run.
run() {
  if [ "$DRY_RUN" = true ]; then
    printf '+ %s\n' "$*"
  else
    "$@"
  fi
}

# Writes stdin to a file with the given mode, creating its directory.
write_file() {
  local file="$1" mode="$2"
  if [ "$DRY_RUN" = true ]; then
    printf '+ write %s (mode %s)\n' "$file" "$mode"
    cat >/dev/null
    return
  fi
  mkdir -p "$(dirname "$file")"
  local temp
  temp="$(mktemp "$file.XXXXXX")"
  cat >"$temp"
  chmod "$mode" "$temp"
  mv -f "$temp" "$file"
}

# The Node.js to use, if it is version 20 or later; empty otherwise.
find_node() {
  local node="${NODE:-$(command -v node || true)}"
  [ -n "$node" ] && [ -x "$node" ] || return 0
  if "$node" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
    case "$node" in
      /home/* | /root/*) note "warning: $node is in a home directory, which the service's dynamic user cannot enter: install Node.js system-wide or give --node" >&2 ;;
    esac
    printf '%s' "$node"
  else
    note "ignoring $node: $("$node" --version 2>/dev/null || echo 'unknown version'), Hostwatch needs Node.js 20 or later" >&2
  fi
}

# Installs a unit file for PREFIX: its ExecStart names /usr/local/bin.
install_unit() {
  local source="$1" destination="$2"
  sed "s#/usr/local/bin/#$PREFIX/bin/#g" "$source" | write_file "$destination" 0644
}

# Why systemctl must not run for this install; empty when it should.
why_not_systemctl() {
  if [ -n "$ROOT" ]; then
    printf 'installing under --root %s' "$ROOT"
  elif [ "$NO_START" = true ]; then
    printf -- '--no-start'
  elif ! command -v systemctl >/dev/null 2>&1 || [ ! -d /run/systemd/system ]; then
    printf 'systemd is not running here'
  fi
}

# Loads the installed unit, enables it at boot and (re)starts it, so that an upgrade takes effect.
start_unit() {
  local unit="$1" reason
  reason="$(why_not_systemctl)"
  if [ -n "$reason" ]; then
    note "not starting $unit ($reason); later: systemctl daemon-reload && systemctl enable --now $unit"
    return
  fi
  run systemctl daemon-reload
  run systemctl enable "$unit"
  run systemctl restart "$unit"
}

# Before removing a unit's files.
stop_unit() {
  local unit="$1" reason
  reason="$(why_not_systemctl)"
  if [ -n "$reason" ]; then
    note "not stopping $unit ($reason)"
    return
  fi
  run systemctl disable --now "$unit" || true
}

# After removing a unit's files.
reload_units() {
  [ -n "$(why_not_systemctl)" ] || run systemctl daemon-reload
}
