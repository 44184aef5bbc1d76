#!/usr/bin/env bash
# System packages the browser tests need: Debian's Chromium (Playwright's own browser
# download does not work offline). Installs only what is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing; install it with: sudo apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
echo "installing Debian's chromium for the browser tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
