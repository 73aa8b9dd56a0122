#!/usr/bin/env bash
# System packages the browser tests need: Debian's Chromium, driven by Playwright for Python
# (Playwright's own browser download cannot reach its CDN here). Idempotent: when chromium
# is already installed this returns at once, without touching apt.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  # Not fatal: without chromium the browser tests skip locally (in CI, where this runs as
  # root, they fail instead of skipping).
  echo "system_deps.sh: chromium missing and not root; run: sudo apt-get install -y chromium" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
