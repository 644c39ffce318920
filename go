#!/usr/bin/env bash
# Sets up goudenregels in ./.venv (package, dependencies, a Chromium) and runs it.
#   ./go audit [URL] [options]   audit a site (the bundled demo site when no URL is given)
#   ./go test [pytest args]      run the test suite
#   ./go setup                   only set up (the test and dask extras included)
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
PY="${PYTHON:-python3}"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1; fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  say "installing Debian/Ubuntu packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_python() {
  command -v "$PY" >/dev/null 2>&1 || apt_install python3 python3-venv || die "python3 (3.11 or newer) is needed"
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die "python 3.11 or newer is needed (found $("$PY" --version 2>&1)); set PYTHON=/path/to/python3.11"
  "$PY" -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv ||
    die "the python venv module is missing (Debian/Ubuntu: apt-get install python3-venv)"
}

ensure_venv() {
  local extras="$1" stamp="$VENV/.installed-$1"
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    "$PY" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "installing goudenregels and its dependencies"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    "$VENV/bin/python" -m pip install -q -q -e ".$extras" >"$VENV/pip.log" 2>&1 ||
      { tail -20 "$VENV/pip.log" >&2; die "installing the package failed (log: $VENV/pip.log)"; }
    "$VENV/bin/python" -c 'import goudenregels.cli' || die "installing the package failed"
    touch "$stamp"
  fi
}

ensure_browser() {
  local gr="$VENV/bin/goudenregels"
  if "$gr" doctor --quiet 2>/dev/null; then return 0; fi
  say "getting Chromium: trying Playwright's own build"
  if timeout 600 "$VENV/bin/python" -m playwright install chromium >/dev/null 2>&1 &&
     "$gr" doctor --quiet 2>/dev/null; then
    return 0
  fi
  say "Playwright's download is not available here; using the operating system's Chromium"
  apt_install chromium || apt_install chromium-browser || true
  "$gr" doctor || die "no working Chromium: run 'python -m playwright install --with-deps chromium' or install your system's chromium package"
}

cmd="${1:-audit}"
[ $# -gt 0 ] && shift
case "$cmd" in
  audit)
    ensure_python; ensure_venv ""; ensure_browser
    exec "$VENV/bin/goudenregels" audit "$@" ;;
  test)
    ensure_python; ensure_venv "[test,dask]"; ensure_browser
    "$VENV/bin/ruff" check goudenregels tests bench scripts
    "$VENV/bin/ruff" format --check goudenregels tests bench scripts
    # Both cores: the suite takes about half the time (pass -n 0 to run it in one process).
    exec "$VENV/bin/python" -m pytest -n auto "$@" ;;
  setup)
    ensure_python; ensure_venv "[test,dask]"; ensure_browser ;;
  *)
    die "usage: ./go audit [URL] [options] | ./go test [pytest args] | ./go setup" ;;
esac
