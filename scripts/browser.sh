#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests (Playwright's own
# browser download would need the internet). Installs it with apt only when
# it is missing, and never upgrades a package already installed: when
# installing it would, this stops and says what to do instead. Chromium's
# recommended packages are left out (udev, upower, printing, notifications:
# headless tests use none of them), because they pull in point releases of
# systemd and perl once the mirror has newer ones than the machine; only the
# fonts the pages are drawn with are added.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "browser: chromium is missing and apt-get is not available; install Chromium for the browser tests" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "browser: installing Debian's chromium for the browser tests" >&2
$SUDO apt-get update -qq >&2
# A simulated install lists what would change: "Inst NAME [OLD] (NEW ...)" is
# an upgrade of an installed package.
PACKAGES=(chromium fonts-liberation)
upgrades="$($SUDO apt-get install -s --no-install-recommends "${PACKAGES[@]}" | awk '$1 == "Inst" && $3 ~ /^\[/ {print $2}' | paste -sd' ' -)"
if [ -n "$upgrades" ]; then
  echo "browser: installing chromium would upgrade installed packages ($upgrades); not done." >&2
  echo "browser: install chromium yourself (apt-get install --no-install-recommends chromium), then run the tests again" >&2
  exit 1
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-upgrade --no-install-recommends "${PACKAGES[@]}" >&2
