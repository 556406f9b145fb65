#!/usr/bin/env bash
# Set up newsfuse on a fresh machine: a virtual environment in .venv with
# every Python package (pinned by requirements/constraints.txt) and, when the
# dev extra is asked for, Debian's Chromium for the browser tests.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
EXTRAS=${NEWSFUSE_EXTRAS:-ml,web,ray,fetch,dev}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.newsfuse-setup
want="$(cat pyproject.toml requirements/constraints.txt | sha256sum | cut -c1-16) $EXTRAS"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "setup: .venv is up to date" >&2
else
  echo "setup: installing Python packages (extras: $EXTRAS)" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | grep -v "^WARNING: Location" >&2 || true
  .venv/bin/python -m pip install --quiet -c requirements/constraints.txt -e ".[$EXTRAS]" 2>&1 \
    | grep -v "^WARNING: Location" >&2 || true
  .venv/bin/python -c "import newsfuse" || { echo "setup: install failed" >&2; exit 1; }
  echo "$want" > "$stamp"
fi

# The browser tests drive Debian's Chromium headless (Playwright's own
# browser download would need the internet).
if [[ ",$EXTRAS," == *",dev,"* ]] && ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser tests" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
  else
    echo "setup: chromium is missing and apt-get is not available; install Chromium for the browser tests" >&2
  fi
fi
