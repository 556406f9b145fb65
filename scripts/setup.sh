#!/usr/bin/env bash
# Set up newsfuse: a virtual environment in .venv with the Python packages
# of the extras asked for (NEWSFUSE_EXTRAS, comma-separated; default: all
# of them), pinned by requirements/constraints.txt.
#   NEWSFUSE_EXTRAS=ml bash scripts/setup.sh     # what `newsfuse run` needs (the demo)
#   bash scripts/setup.sh                          # everything, for development and tests
# Safe to run again: it installs only when pyproject.toml, the constraints or
# the extras asked for changed. Any failed install stops it with the error.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
EXTRAS=${NEWSFUSE_EXTRAS:-ml,web,ray,fetch,dev}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PYTHON" -m venv .venv
fi

# The stamp records what was installed; a request for a subset of the
# installed extras needs no install.
stamp=.venv/.newsfuse-setup
digest="$(cat pyproject.toml requirements/constraints.txt | sha256sum | cut -c1-16)"
installed=""
if [ -f "$stamp" ] && [ "$(cut -d' ' -f1 "$stamp")" = "$digest" ]; then
  installed="$(cut -d' ' -f2 "$stamp")"
fi
missing=""
for extra in ${EXTRAS//,/ }; do
  [[ ",$installed," == *",$extra,"* ]] || missing="$missing $extra"
done

if [ -z "$missing" ]; then
  echo "setup: .venv is up to date (extras: ${installed:-none})" >&2
else
  wanted="$(echo "$installed,$EXTRAS" | tr ',' '\n' | sed '/^$/d' | sort -u | paste -sd, -)"
  echo "setup: installing Python packages (extras: $wanted)" >&2
  # pip's own "Location ... is ignored" warnings are noise; its errors are not:
  # with pipefail a failed install stops the script here, its message shown.
  if ! .venv/bin/python -m pip install --quiet -c requirements/constraints.txt -e ".[$wanted]" 2>&1 \
    | { grep -v "^WARNING: Location" || true; } >&2; then
    echo "setup: pip install failed (the error is above); fix it and run this script again" >&2
    exit 1
  fi
  if ! .venv/bin/python -c "import newsfuse" 2>/dev/null; then
    echo "setup: newsfuse does not import after the install; see the errors above" >&2
    exit 1
  fi
  echo "$digest $wanted" > "$stamp"
fi
