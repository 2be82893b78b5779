#!/usr/bin/env bash
# Installs what the project needs, idempotently: a Python 3.10 virtual environment (.venv) with the
# pinned requirements, the eligibility package in editable mode, and the website widget's bundle.
#   scripts/setup.sh           for running the assistant
#   scripts/setup.sh --test    also the browser the widget tests drive (Debian's chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }

find_python310() {
  local candidate
  for candidate in "${PYTHON:-}" "$(command -v python3.10 || true)"; do
    if [ -n "$candidate" ] && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in $(ls -d "$(pyenv root)"/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V -r); do
      echo "$candidate"; return 0
    done
  fi
  return 1
}

if [ ! -x .venv/bin/python ]; then
  step "Creating .venv (Rasa 3.6 needs Python 3.8-3.10; this project pins 3.10)"
  if ! PY=$(find_python310); then
    cat >&2 <<'MSG'
error: Python 3.10 was not found.
  Install it, then run this command again. Any one of:
    pyenv install 3.10.13              (if you use pyenv)
    sudo apt-get install python3.10 python3.10-venv   (Debian/Ubuntu with 3.10 packages)
  or point PYTHON at a 3.10 interpreter:  PYTHON=/path/to/python3.10 make run
MSG
    exit 1
  fi
  "$PY" -m venv .venv
fi

stamp=.venv/.installed
want=$(cat requirements.txt pyproject.toml | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "Installing pinned Python packages (first time: a few minutes)"
  # One install at a time: two `make` commands started together must not both write the venv.
  exec 9>.venv/.install.lock
  flock 9
  .venv/bin/python -m pip install --quiet -r requirements.txt
  .venv/bin/python -m pip install --quiet --no-deps -e .
  echo "$want" > "$stamp"
  flock -u 9
fi

if [ -f widget/package.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: npm (Node.js 18 or later) is needed to build the website widget: sudo apt-get install nodejs npm" >&2
    exit 1
  fi
  if [ ! -d widget/node_modules ] || [ widget/package-lock.json -nt widget/node_modules/.package-lock.json ]; then
    step "Installing the widget's pinned npm packages"
    (cd widget && npm ci --no-audit --no-fund --loglevel=error)
  fi
  if [ ! -f widget/dist/hk-visa-widget.js ] || [ -n "$(find widget/src widget/build.mjs -newer widget/dist/hk-visa-widget.js -print -quit)" ]; then
    step "Building the widget"
    (cd widget && npm run --silent build)
  fi
fi

if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then
  step "Installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
      || echo "warning: could not install chromium; the browser tests will be skipped" >&2
  elif command -v sudo >/dev/null 2>&1; then
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
      || echo "warning: could not install chromium; the browser tests will be skipped" >&2
  else
    echo "warning: /usr/bin/chromium is missing and cannot be installed here; the browser tests will be skipped" >&2
  fi
fi

if [ "${1:-}" = "--test" ] && [ -z "$(fc-list :lang=zh family 2>/dev/null || true)" ]; then
  # Without a CJK font Chromium draws Chinese as empty boxes: the Chinese widget tests need one.
  step "Installing fonts-noto-cjk so Chromium renders Chinese in the widget tests"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null) \
      || echo "warning: could not install fonts-noto-cjk; the Chinese widget tests will be skipped" >&2
  elif command -v sudo >/dev/null 2>&1; then
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null) \
      || echo "warning: could not install fonts-noto-cjk; the Chinese widget tests will be skipped" >&2
  else
    echo "warning: no Chinese font and fonts-noto-cjk cannot be installed here; the Chinese widget tests will be skipped" >&2
  fi
fi

if [ "${1:-}" = "--test" ]; then
  # the multi-server tests (tests/cluster) run private PostgreSQL, Redis and HAProxy instances
  scripts/install_cluster_packages.sh \
    || echo "warning: could not install postgresql/redis-server/haproxy; the cluster tests will be skipped" >&2
fi
